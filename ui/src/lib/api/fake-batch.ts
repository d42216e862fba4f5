// The fake backend's batches (issue 6): device keys, books ready or not, batches sent, a returned
// verdict with reasons, and on the supervisor's side an imported batch to review, accept or
// return, and the central upload export. Nothing here is real data.
import { ApiError } from './backend';
import type { BookSummary, BookTypeCode, EntryStatus, Role } from './types';
import type {
  BatchInfo,
  BatchPaths,
  BatchSummary,
  BookReadiness,
  DeviceFile,
  ImportedBookView,
  ImportedPackage,
  PackageImportOutcome,
  ProgressFn,
  ReturnedEntryView,
  ReturnReason,
  ReviewEntry,
  ReviewEntrySummary,
  TrustedDevice,
  UploadReport,
  UploadCandidate,
  UploadResultReport,
  ExportFile,
  VerdictSummary,
  VerifyReport,
} from './types-batch';

export const FAKE_FINGERPRINT = 'K7QF-2MXA-9CDE-PLUS';
export const FAKE_SUPERVISOR_FINGERPRINT = '2QN7-RWBT-S6X3-PQQC';
const NOW = '2025-02-03T09:15:00+07:00';

const counts = (c: Partial<Record<EntryStatus, number>>): Record<EntryStatus, number> => ({
  draft: 0,
  keyed: 0,
  checked: 0,
  submitted: 0,
  accepted: 0,
  returned: 0,
  exported: 0,
  ...c,
});

function supervisorBook(id: number, bookType: BookTypeCode, bookTypeName: string, quyenSo: string, entries: number): BookSummary {
  return {
    id, bookType, bookTypeName, quyenSo, registryName: 'UBND xã Tân Phong', registryCode: '04120',
    yearFrom: Number(quyenSo.slice(-4)), yearTo: null, periodGroup: '1999–2005', pageCount: 50,
    expectedEntries: entries, counts: counts({ submitted: entries }), total: entries, keyed: entries, finished: true, pagesAttached: 50,
  };
}

const NAMES = ['Lò Văn Páo', 'Hoàng Thị Thuỷ', 'Vàng A Sử', 'Lý Thị Mai', 'Nông Văn Hải', 'Đèo Thị Hoa', 'Tòng Văn Khải', 'Quàng Thị Xuân'];

export class FakeBatchStore {
  trusted: TrustedDevice[] = [];
  batches: BatchInfo[] = [
    { number: 1, state: 'answered', entries: 210, pages: 70, books: [9], packageName: 'dot-gui-04120-so-1.sohoa', createdAt: '2025-01-10T08:00:00+07:00', sentAt: '2025-01-10T08:01:00+07:00', answeredAt: '2025-01-20T14:00:00+07:00' },
  ];
  candidates: BookReadiness[] = [
    { bookId: 7, bookType: 'KS', quyenSo: '01/2005', registryName: 'UBND xã Tân Phong', finished: true, entries: 120, ready: true, reason: null },
    { bookId: 8, bookType: 'KT', quyenSo: '01/2006', registryName: 'UBND xã Tân Phong', finished: true, entries: 45, ready: true, reason: null },
    { bookId: 1, bookType: 'KS', quyenSo: '01/2016', registryName: 'UBND xã Tân Phong', finished: false, entries: 168, ready: false, reason: 'sổ chưa được đánh dấu đã nhập xong' },
    { bookId: 2, bookType: 'KS', quyenSo: '01/2010', registryName: 'UBND xã Tân Phong', finished: true, entries: 78, ready: false, reason: 'còn 69 bản ghi chưa kiểm tra (12 nháp, 57 đã nhập)' },
  ];
  returned: ReturnedEntryView[] = [
    {
      entryId: 901, bookId: 9, bookType: 'KS', quyenSo: '01/2003', seq: 14, so: '14', title: 'Lò Thị Mai', status: 'returned',
      reasons: [
        { field: 'nksNgaySinh', fieldLabel: 'Ngày, tháng, năm sinh', reason: 'Ngày sinh không khớp với ảnh (ảnh ghi 12/03/2003)', decidedBy: 'giamsat', decidedAt: '2025-01-20T13:40:00+07:00', batchNumber: 1, source: 'supervisor', file: null },
      ],
    },
    {
      entryId: 905, bookId: 9, bookType: 'KS', quyenSo: '01/2003', seq: 22, so: '22', title: 'Vàng A Dính', status: 'returned',
      reasons: [{ field: null, fieldLabel: null, reason: 'Bản ghi trùng với số 21', decidedBy: 'giamsat', decidedAt: '2025-01-20T13:42:00+07:00', batchNumber: 1, source: 'supervisor', file: null }],
    },
  ];
  imported: ImportedPackage[] = [
    { id: 1, kind: 'batch', packageId: 'a1b2c3', senderFingerprint: FAKE_FINGERPRINT, communeCode: '04120', communeName: 'Xã Tân Phong', batchNumber: 1, books: 2, entries: 24, pages: 8, createdAt: '2025-01-10T08:01:00+07:00', importedAt: '2025-01-12T09:00:00+07:00', importedBy: 'giamsat', supersededBy: null, verdictsSentAt: null },
  ];
  importedBooks = new Map<number, ImportedBookView[]>([
    [1, [
      { book: supervisorBook(101, 'KS', 'Khai sinh', '01/2003', 16), batchNumber: 1, current: true, verdict: null },
      { book: supervisorBook(102, 'KT', 'Khai tử', '01/2004', 8), batchNumber: 1, current: true, verdict: null },
    ]],
  ]);
  uploaded = new Set<number>();

  constructor(private readonly who: () => { username: string; role: Role; communeCode: string; communeName: string; path: string }) {}

  paths(): BatchPaths {
    const w = this.who();
    const folder = `${w.path}-chuyen-giao`;
    const next = Math.max(0, ...this.batches.map((b) => b.number)) + 1;
    return {
      folder, separator: '\\', nextBatchNumber: next,
      packagePath: `${folder}\\dot-gui-${w.communeCode}-so-${next}.sohoa`,
      deviceFilePath: `${folder}\\khoa-thiet-bi-${w.communeCode}.sohoa-device.json`,
      uploadDir: `${folder}\\tai-len-trung-uong`,
      verdictPaths: Object.fromEntries(
        this.imported.filter((p) => p.kind === 'batch').map((p) => [p.id, `${folder}\\ket-qua-${p.communeCode}-lo-${p.batchNumber}.sohoa`]),
      ),
    };
  }

  identity(): DeviceFile {
    const w = this.who();
    const supervisor = w.role === 'supervisor';
    return {
      format: 'sohoa-device', formatVersion: 1, role: supervisor ? 'supervisor' : 'commune', workspaceId: 'ws-fake',
      commune: { scheme: 'qd19_2025', code: w.communeCode, name: w.communeName },
      ed25519PublicKey: '4f'.repeat(32), fingerprint: supervisor ? FAKE_SUPERVISOR_FINGERPRINT : FAKE_FINGERPRINT,
      ageRecipient: 'age1fakefakefakefakefakefakefakefakefakefakefakefakefakeq0', createdAt: NOW,
    };
  }

  trustFile(path: string): TrustedDevice {
    if (!path.trim().endsWith('.json')) throw new ApiError('not_found', `Không tìm thấy tệp “${path}”.`);
    const supervisor = this.who().role === 'supervisor';
    const d: TrustedDevice = {
      id: this.trusted.length + 1, role: supervisor ? 'commune' : 'supervisor',
      fingerprint: supervisor ? FAKE_FINGERPRINT : FAKE_SUPERVISOR_FINGERPRINT,
      ed25519PublicKey: '7a'.repeat(32), ageRecipient: 'age1supervisorfake', workspaceId: 'ws-sup',
      communeScheme: 'qd19_2025', communeCode: supervisor ? '04120' : '12',
      communeName: supervisor ? 'Xã Tân Phong' : 'Sở Tư pháp tỉnh Lai Châu', registeredAt: NOW, registeredBy: this.who().username,
    };
    this.trusted = [...this.trusted.filter((t) => t.fingerprint !== d.fingerprint), d];
    return d;
  }

  trustFingerprint(fingerprint: string, communeCode: string): TrustedDevice {
    if (this.who().role !== 'supervisor') throw new ApiError('auth.forbidden', 'Tài khoản của bạn không được phép thực hiện thao tác này.');
    const fp = fingerprint.toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (fp.length !== 16) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “dấu vân tay”: cần 16 ký tự, dạng XXXX-XXXX-XXXX-XXXX');
    const d: TrustedDevice = {
      id: this.trusted.length + 1, role: 'commune', fingerprint: fp.match(/.{4}/g)!.join('-'), ed25519PublicKey: null, ageRecipient: null,
      workspaceId: null, communeScheme: 'qd19_2025', communeCode, communeName: null, registeredAt: NOW, registeredBy: this.who().username,
    };
    this.trusted.push(d);
    return d;
  }

  async export(books: number[], path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<BatchSummary> {
    if (!path.trim()) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “đường dẫn”: hãy nhập đường dẫn tệp');
    if (books.length === 0) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “sổ”: chưa chọn sổ nào');
    if (passphrase !== null && passphrase.length < 8) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “mật khẩu gói”: cần ít nhất 8 ký tự');
    if (passphrase === null && !this.trusted.some((t) => t.role === 'supervisor')) {
      throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “người nhận”: chưa có người nhận: đăng ký khóa của giám sát viên, hoặc dùng mật khẩu gói');
    }
    const picked = this.candidates.filter((c) => books.includes(c.bookId));
    const notReady = picked.find((c) => !c.ready);
    if (notReady) throw new ApiError('conflict', `Sổ ${notReady.quyenSo} chưa gửi được: ${notReady.reason}`);
    const entries = picked.reduce((a, c) => a + c.entries, 0);
    for (let i = 1; i <= 4; i++) onProgress?.({ stage: 'entries', done: (entries * i) / 4, total: entries });
    const number = this.paths().nextBatchNumber;
    this.batches.push({ number, state: 'sent', entries, pages: Math.ceil(entries / 3), books, packageName: path.split(/[\\/]/).pop() ?? path, createdAt: NOW, sentAt: NOW, answeredAt: null });
    for (const c of picked) {
      c.ready = false;
      c.reason = `đang ở đợt gửi số ${number}, chờ kết quả kiểm tra`;
    }
    return {
      batchNumber: number, package: path, packageId: 'f00d'.repeat(16), packageBytes: 1_840_000,
      books: picked.map((c) => ({ bookId: c.bookId, bookType: c.bookType, quyenSo: c.quyenSo, entries: c.entries })),
      entries, pages: Math.ceil(entries / 3), signerFingerprint: FAKE_FINGERPRINT,
    };
  }

  cancel(number: number): void {
    const b = this.batches.find((x) => x.number === number);
    if (!b) throw new ApiError('not_found', `Không tìm thấy đợt gửi số ${number}.`);
    if (b.state !== 'sent' && b.state !== 'packing') throw new ApiError('conflict', `Đợt gửi số ${number} đã có kết quả; không hủy được.`);
    b.state = 'cancelled';
    for (const c of this.candidates.filter((x) => b.books.includes(x.bookId))) {
      c.ready = true;
      c.reason = null;
    }
  }

  verify(path: string, onProgress?: ProgressFn): VerifyReport {
    onProgress?.({ stage: 'verify', done: 1, total: 1 });
    const broken = /hong|sua|tampered/i.test(path);
    const verdict = /ket-qua|verdict/i.test(path);
    return {
      ok: !broken,
      problems: broken ? ['tệp data/entries.jsonl bị sửa (mã kiểm tra SHA-512 không khớp)', 'chữ ký số của gói không hợp lệ'] : [],
      header: {
        kind: verdict ? 'verdict' : 'batch', createdAt: NOW, software: 'sohoa 0.1.0',
        sender: { role: verdict ? 'supervisor' : 'commune', commune: { scheme: 'qd19_2025', code: '04120', name: 'Xã Tân Phong' }, user: verdict ? 'giamsat' : 'canbo', fingerprint: verdict ? FAKE_SUPERVISOR_FINGERPRINT : FAKE_FINGERPRINT },
        batchNumber: 2, books: [{ bookId: 7, bookType: 'KS', quyenSo: '01/2005', entries: 120 }], entries: 120, pages: 40,
      },
      packageId: broken ? null : 'beef'.repeat(16), signerFingerprint: broken ? null : FAKE_FINGERPRINT, signatureValid: !broken,
      payloadFiles: 44, payloadBytes: 4_200_000,
    };
  }

  import(path: string, onProgress?: ProgressFn): PackageImportOutcome {
    const r = this.verify(path, onProgress);
    if (!r.ok) throw new ApiError('input.invalid', `Dữ liệu không hợp lệ ở “gói”: ${r.problems.join('; ')}`);
    const base = { packageId: r.packageId!, batchNumber: 2, communeCode: '04120', communeName: 'Xã Tân Phong', supersededBooks: 0, changedEntries: 0 };
    if (this.who().role === 'clerk') {
      if (r.header?.kind !== 'verdict') throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “gói”: đây là gói đợt gửi của xã/phường; chỉ giám sát viên nhập được');
      return { ...base, kind: 'verdict', alreadyImported: false, books: 1, entries: 0, pages: 0, acceptedBooks: 1, returnedBooks: 0, returnedEntries: 0 };
    }
    const id = this.imported.length + 1;
    this.imported.unshift({ ...this.imported[0]!, id, packageId: r.packageId!, batchNumber: 2, books: 1, entries: 120, pages: 40, importedAt: NOW, verdictsSentAt: null });
    this.importedBooks.set(id, [{ book: supervisorBook(110 + id, 'KS', 'Khai sinh', '01/2005', 12), batchNumber: 2, current: true, verdict: null }]);
    return { ...base, kind: 'batch', alreadyImported: false, books: 1, entries: 120, pages: 40, acceptedBooks: 0, returnedBooks: 0, returnedEntries: 0 };
  }

  books(importId: number): ImportedBookView[] {
    const b = this.importedBooks.get(importId);
    if (!b) throw new ApiError('not_found', `Không tìm thấy gói đã nhập số ${importId}.`);
    return b;
  }

  private findBook(bookId: number): { importId: number; view: ImportedBookView } {
    for (const [importId, list] of this.importedBooks) {
      const view = list.find((v) => v.book.id === bookId);
      if (view) return { importId, view };
    }
    throw new ApiError('not_found', `Không tìm thấy sổ số ${bookId} nhận từ xã/phường.`);
  }

  entries(bookId: number, sample: number): ReviewEntrySummary[] {
    const { view } = this.findBook(bookId);
    const n = view.book.total;
    const step = n / Math.min(sample, n);
    const picked = new Set(Array.from({ length: Math.min(sample, n) }, (_, i) => Math.floor(i * step + step / 2)));
    return Array.from({ length: n }, (_, i) => ({
      id: bookId * 100 + i + 1, seq: i + 1, status: 'submitted' as EntryStatus, so: String(i + 1), trangSo: String(Math.floor(i / 3) + 1),
      title: NAMES[i % NAMES.length]!, sampled: picked.has(i),
    }));
  }

  entry(entryId: number): ReviewEntry {
    const bookId = Math.floor(entryId / 100);
    const { view } = this.findBook(bookId);
    const seq = entryId % 100;
    const name = NAMES[(seq - 1) % NAMES.length]!;
    const ks = view.book.bookType === 'KS';
    return {
      id: entryId, bookId, bookType: view.book.bookType, seq, status: 'submitted', pageId: null,
      fields: [
        { field: 'so', label: 'Số', group: 'Thông tin đăng ký', value: String(seq), shown: String(seq), illegible: false },
        { field: 'ngayDangKy', label: 'Ngày đăng ký', group: 'Thông tin đăng ký', value: '12/03/2003', shown: '12/03/2003', illegible: false },
        { field: ks ? 'nksHoTen' : 'nktHoTen', label: ks ? 'Họ, chữ đệm, tên người được khai sinh' : 'Họ, chữ đệm, tên người chết', group: ks ? 'Người được khai sinh' : 'Người chết', value: name, shown: name, illegible: false },
        { field: ks ? 'nksGioiTinh' : 'nktGioiTinh', label: 'Giới tính', group: ks ? 'Người được khai sinh' : 'Người chết', value: '2', shown: '2 — Nữ', illegible: false },
        { field: ks ? 'nksNgaySinh' : 'nktNgayChet', label: ks ? 'Ngày, tháng, năm sinh' : 'Ngày, tháng, năm chết', group: ks ? 'Người được khai sinh' : 'Người chết', value: '02/03/2003', shown: '02/03/2003', illegible: false },
        { field: ks ? 'meHoTen' : 'nycHoTen', label: ks ? 'Họ, chữ đệm, tên mẹ' : 'Họ, chữ đệm, tên người đi khai tử', group: ks ? 'Mẹ' : 'Người yêu cầu', value: '', shown: '', illegible: true },
      ],
      decisions:
        seq === 1
          ? [{ kind: 'person', candidate: 'số định danh 019*******34', decision: 'same_person', label: 'Cùng một người', note: 'đối chiếu sổ hộ khẩu', band: 'match', decidedBy: 'canbo', decidedAt: '2025-06-30T09:12:00+07:00' }]
          : [],
    };
  }

  verdict(bookId: number, decision: 'accept' | 'return', reasons: ReturnReason[]): void {
    const { importId, view } = this.findBook(bookId);
    const pkg = this.imported.find((p) => p.id === importId);
    if (pkg?.verdictsSentAt) throw new ApiError('conflict', 'Kết quả kiểm tra của sổ này đã được gửi về xã.');
    if (decision === 'return' && reasons.length === 0) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “lý do”: trả lại sổ cần ít nhất một lý do cho một bản ghi');
    if (reasons.some((r) => !r.reason.trim())) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “lý do”: cần ghi lý do trả lại');
    view.verdict = {
      decision, decidedAt: NOW, decidedBy: this.who().username, sentAt: null,
      reasons: reasons.map((r) => ({ entryId: r.entryId, entrySeq: r.entryId % 100, so: String(r.entryId % 100), field: r.field, fieldLabel: r.field ? (this.entry(r.entryId).fields.find((f) => f.field === r.field)?.label ?? r.field) : null, reason: r.reason })),
    };
    const n = view.book.total;
    view.book.counts = counts(decision === 'accept' ? { accepted: n } : { returned: reasons.length, submitted: n - new Set(reasons.map((r) => r.entryId)).size });
  }

  exportVerdicts(importId: number, path: string): VerdictSummary {
    if (!path.trim()) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “đường dẫn”: hãy nhập đường dẫn tệp');
    const list = this.books(importId);
    const open = list.filter((b) => !b.verdict);
    if (open.length) throw new ApiError('conflict', `Còn ${open.length} sổ chưa có kết quả kiểm tra (${open.map((b) => b.book.quyenSo).join(', ')}).`);
    const pkg = this.imported.find((p) => p.id === importId)!;
    pkg.verdictsSentAt = NOW;
    for (const b of list) b.verdict!.sentAt = NOW;
    const returned = list.filter((b) => b.verdict!.decision === 'return');
    return {
      package: path, packageId: 'cafe'.repeat(16), communeCode: pkg.communeCode, batchNumber: pkg.batchNumber,
      acceptedBooks: list.length - returned.length, returnedBooks: returned.length,
      returnedEntries: returned.reduce((a, b) => a + new Set(b.verdict!.reasons.map((r) => r.entryId)).size, 0),
    };
  }

  uploadCandidates(): [number, number][] {
    const out: [number, number][] = [];
    for (const list of this.importedBooks.values()) {
      for (const b of list) if (b.book.counts.accepted > 0 && !this.uploaded.has(b.book.id)) out.push([b.book.id, b.book.counts.accepted]);
    }
    return out;
  }

  uploadExport(books: number[], dir: string, onProgress?: ProgressFn): UploadReport {
    if (!dir.trim()) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “đường dẫn”: hãy nhập đường dẫn tệp');
    const ids = books.length ? books : this.uploadCandidates().map(([id]) => id);
    const report: UploadReport = { books: [], skipped: [], withoutScanBooks: [], withoutScan: 0 };
    for (const id of ids) {
      const { view } = this.findBook(id);
      const b = view.book;
      const base = `${b.bookType}.${b.registryCode}.${b.yearFrom}.${b.quyenSo.replace('/', '-')}`;
      onProgress?.({ stage: 'pdf', done: b.counts.accepted, total: b.counts.accepted });
      report.books.push({
        bookId: id, bookType: b.bookType, quyenSo: b.quyenSo, exportId: this.files.length + 1, part: 1, version: 1, xlsx: `${dir}\\${base}.xlsx`, zip: `${dir}\\${base}.zip`,
        entries: b.counts.accepted, pdfs: b.counts.accepted, pdfBytes: b.counts.accepted * 98_000, pages: b.counts.accepted, withoutImage: [], notAccepted: 0, spans: [], provisional: false,
      });
      this.files.unshift({
        exportId: this.files.length + 1, bookId: id, part: 1, version: 1, xlsxName: `${base}.xlsx`, zipName: `${base}.zip`, entries: b.counts.accepted,
        exportedAt: NOW, exportedBy: 'giamsat', uploadedAt: null, uploaded: 0, approved: 0, rejected: 0,
      });
      this.uploaded.add(id);
      b.counts = counts({ exported: b.counts.accepted });
    }
    return report;
  }

  files: ExportFile[] = [];

  uploadCandidatesDetail(): UploadCandidate[] {
    return this.uploadCandidates().map(([bookId, accepted]) => {
      const { view } = this.findBook(bookId);
      return { bookId, bookType: view.book.bookType, quyenSo: view.book.quyenSo, accepted, withScan: accepted, withoutScan: 0, resend: 0, provisional: false };
    });
  }

  uploadResult(path: string): UploadResultReport {
    if (!path.trim()) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “đường dẫn”: hãy nhập đường dẫn tệp');
    const f = this.files[0];
    if (!f) return { rowsRead: 0, approved: 0, rejected: 0, pending: 0, unmatched: 0, changed: 0, unmatchedRows: [], returnedEntries: [] };
    const changed = f.approved === 0 ? f.entries : 0;
    f.approved = f.entries;
    f.uploadedAt ??= NOW;
    return { rowsRead: f.entries, approved: f.entries, rejected: 0, pending: 0, unmatched: 0, changed, unmatchedRows: [], returnedEntries: [] };
  }

  uploadMark(file: string): number {
    const f = this.files.find((x) => x.xlsxName === file || x.zipName === file);
    if (!f) throw new ApiError('not_found', `Không tìm thấy: tệp đã xuất “${file}”`);
    if (f.uploadedAt) return 0;
    f.uploadedAt = NOW;
    f.uploaded = f.entries;
    return f.entries;
  }

  uploadFiles(): ExportFile[] {
    return this.files;
  }
}
