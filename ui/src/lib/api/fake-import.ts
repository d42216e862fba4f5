// The fake backend's spreadsheet import (issue 4 §6): reads small CSV files (UTF-8 or TCVN3),
// proposes the header mapping from the formats.md §2 names, checks rows like the core does
// (reference, required fields, sex, dates, quyển số) and loads them into fake books. Nothing here
// is real data; the real rules live in crates/core/src/import.
import { ApiError } from './backend';
import { foldVietnamese } from '../text';
import type { BookSummary, KeyingForm } from './types';
import {
  SOURCE_REF,
  type ColumnMapping,
  type Encoding,
  type ImportCheck,
  type ImportPreview,
  type ImportReport,
  type ImportRequest,
  type ImportWarning,
  type ImportWarningCode,
  type QuyenCount,
  type RejectedRow,
  type RowNote,
  type RowProblem,
  type TargetField,
} from './types-import';

/** TCVN3 (ABC) bytes 0x80–0xFF (crates/vietnamese/src/legacy/tables.rs). */
const TCVN3_80 =
  'ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ' + 'ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ' + '\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ' + '\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ' +
  'ẮẦẨẪẤỀặầẩẫấậèỂẻẽ' + 'éẹềểễếệìỉỄẾỒĩíịò' + 'Ổỏõóọồổỗốộờởỡớợù' + 'Ỗủũúụừửữứựỳỷỹýỵố';

/** Encodes text as TCVN3 (for tests: a file from an old spreadsheet). */
export function encodeTcvn3(s: string): Uint8Array {
  const chars = [...TCVN3_80];
  return Uint8Array.from([...s.normalize('NFC')].map((c) => {
    if (c.charCodeAt(0) < 0x80) return c.charCodeAt(0);
    const i = chars.indexOf(c);
    const j = i >= 0 ? i : chars.indexOf(c.toLowerCase());
    return j >= 0 ? 0x80 + j : 0x3f;
  }));
}

const LABELS: Record<Encoding, string> = {
  utf8: 'UTF-8',
  tcvn3: 'TCVN3 (ABC)',
  vni_windows: 'VNI-Windows',
  windows1258: 'Windows-1258',
  unknown: 'unknown',
};

function decode(bytes: Uint8Array, forced: Encoding | null): { text: string; encoding: Encoding; bom: boolean } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  let encoding: Encoding = forced ?? 'utf8';
  if (!forced) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      encoding = 'tcvn3';
    }
  }
  if (encoding === 'utf8') return { text: new TextDecoder('utf-8').decode(body), encoding, bom };
  const chars = [...TCVN3_80];
  const text = [...body].map((b) => (b < 0x80 ? String.fromCharCode(b) : encoding === 'tcvn3' ? chars[b - 0x80] : String.fromCharCode(b))).join('');
  return { text: text.normalize('NFC'), encoding, bom };
}

const key = (s: string) => foldVietnamese(s).replace(/[^a-z0-9]/g, '');

/** formats.md §2 header keys → field (`{S}`: the subject of the book type). */
const ALIASES: [string, string[]][] = [
  [SOURCE_REF, ['mabanghi', 'mabg', 'ma', 'id']],
  ['so', ['so', 'sodangky']],
  ['quyenSo', ['quyenso', 'quyen']],
  ['trangSo', ['trangso', 'trang']],
  ['ngayDangKy', ['ngaydangky', 'ngaydk']],
  ['noiDangKy', ['noidangky']],
  ['ghiChu', ['ghichu']],
  ['{S}HoTen', ['hoten', 'hovaten']],
  ['{S}NgaySinh', ['ngaysinh', 'namsinh']],
  ['{S}GioiTinh', ['gioitinh', 'gt']],
  ['{S}DanToc', ['dantoc']],
  ['{S}QuocTich', ['quoctich']],
  ['{S}NoiSinh', ['noisinh']],
  ['{S}QueQuan', ['quequan']],
  ['chaHoTen', ['hotencha']],
  ['meHoTen', ['hotenme']],
];

const SUBJECT: Record<string, string> = { KS: 'nks', KT: 'nkt', HN: 'nyc', CMC: 'con' };

type Parsed = { headers: string[]; rows: { line: number; cells: string[] }[]; delimiter: string; encoding: Encoding; bom: boolean };

function parse(bytes: Uint8Array, forced: Encoding | null): Parsed {
  if (bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “file”: bản giả lập chỉ đọc tệp CSV');
  }
  const { text, encoding, bom } = decode(bytes, forced);
  const lines = text.split(/\r?\n/);
  const first = lines[0] ?? '';
  const delimiter = [';', '\t', ','].reduce((best, d) => (first.split(d).length > first.split(best).length ? d : best), ',');
  const headers = first.split(delimiter).map((h) => h.trim());
  if (!headers.some((h) => h)) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “file”: tệp trống');
  const rows = lines
    .slice(1)
    .map((l, i) => ({ line: i + 2, cells: l.split(delimiter).map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c));
  return { headers, rows, delimiter, encoding, bom };
}

/** Why a date is not a plain solar date, as the core's historic-date reader says (a few forms). */
function dateNote(v: string): { code: string; reason: string } | null {
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(v);
  if (m) {
    if (m[3]!.length !== 4) return { code: 'date.two_digit_year_ambiguous', reason: `ngày “${v}”: Năm ghi hai chữ số; không biết thế kỷ. Đã nhập nguyên như ghi.` };
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const last = new Date(y, mo, 0).getDate();
    return mo >= 1 && mo <= 12 && d >= 1 && d <= last ? null : { code: 'date.impossible', reason: `ngày “${v}”: Ngày không có thật; giữ nguyên như đã ghi. Đã nhập nguyên như ghi.` };
  }
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(v);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 12 ? null : { code: 'date.impossible', reason: `ngày “${v}”: Ngày không có thật. Đã nhập nguyên như ghi.` };
  if (/^\d{4}$/.test(v)) return null;
  if (/âm lịch|\bAL\b/i.test(v)) return { code: 'date.lunar', reason: `ngày “${v}”: Ngày ghi theo âm lịch. Đã nhập nguyên như ghi.` };
  if (/khoảng|~|\?/.test(v)) return { code: 'date.approximate', reason: `ngày “${v}”: Ngày tháng ghi ước chừng. Đã nhập nguyên như ghi.` };
  return { code: 'date.unreadable', reason: `ngày “${v}”: Không đọc được ngày tháng; giữ nguyên như đã ghi. Đã nhập nguyên như ghi.` };
}

const quyenKey = (q: string) => key(q).replace(/(^|[^0-9])0+(\d)/g, '$1$2');

/** A preview warning as the core makes it (crates/core/src/import/warning.rs). */
function warning(code: ImportWarningCode, message: string, about: Partial<Omit<ImportWarning, 'code' | 'message'>> = {}): ImportWarning {
  return { code, message, columns: [], fields: [], quyenSo: [], count: null, ...about };
}

export class FakeImportStore {
  constructor(
    private readonly form: (bookType: string) => KeyingForm,
    private readonly book: (bookId: number) => BookSummary,
    /** Creates a book for rows imported without one. */
    private readonly createBook: (bookType: string, quyenSo: string, yearFrom: number, yearTo: number | null, fileName: string) => BookSummary,
    private readonly sourceRefs: Map<number, Set<string>> = new Map(),
  ) {}

  private targets(bookType: string): TargetField[] {
    const ref = 'Mã bản ghi (ma_ban_ghi)';
    const out: TargetField[] = [{ field: SOURCE_REF, label: ref, group: null, shortLabel: ref, required: true }];
    // Labels as the core's `field_label`: "Cha — Họ, chữ đệm và tên"; required: the people's required fields only.
    for (const g of this.form(bookType).groups) {
      for (const f of g.fields) {
        const reg = g.id === 'dangKy';
        out.push({ field: f.name, label: reg ? f.label : `${g.label} — ${f.label}`, group: g.label, shortLabel: f.label, required: f.required && !reg });
      }
    }
    return out;
  }

  private match(bookType: string, header: string, targets: TargetField[]): { field: string | null; by: ColumnMapping['matchedBy'] } {
    const k = key(header);
    if (!k) return { field: null, by: 'none' };
    const s = SUBJECT[bookType] ?? 'nks';
    for (const [f, keys] of ALIASES) {
      const field = f.replace('{S}', s);
      if (keys.includes(k) && targets.some((t) => t.field === field)) return { field, by: field === SOURCE_REF ? 'reference' : 'alias' };
    }
    const byName = targets.find((t) => key(t.field) === k);
    if (byName) return { field: byName.field, by: 'template' };
    const byLabel = targets.find((t) => key(t.label) === k);
    if (byLabel) return { field: byLabel.field, by: 'label' };
    return { field: null, by: 'none' };
  }

  preview(req: ImportRequest): ImportPreview {
    const bookType = req.target.bookId !== null ? this.book(req.target.bookId).bookType : req.target.bookType;
    const p = parse(req.bytes, req.encoding);
    const targets = this.targets(bookType);
    const used = new Map<string, number>();
    const warnings: ImportWarning[] = [];
    const mapping: ColumnMapping[] = p.headers.map((header, column) => {
      let { field, by } = this.match(bookType, header, targets);
      if (field && used.has(field)) {
        field = null;
        by = 'none';
      } else if (field) used.set(field, column);
      return { column, header, field, label: targets.find((t) => t.field === field)?.label ?? null, matchedBy: by };
    });
    const unknownColumns = mapping.filter((m) => !m.field && m.header).map((m) => m.header);
    if (unknownColumns.length > 0) {
      const message = `Không nhận ra ${unknownColumns.length} cột: ${unknownColumns.join(', ')}. Giá trị các cột này được giữ riêng kèm bản ghi, không nhập vào trường nào.`;
      warnings.push(warning('unknown_header', message, { columns: unknownColumns, count: unknownColumns.length }));
    }
    const missingRequired = targets.filter((t) => t.required && !used.has(t.field));
    if (missingRequired.length > 0) {
      const message = `Chưa có cột cho trường bắt buộc: ${missingRequired.map((m) => m.label).join(', ')}. Hãy chọn cột tương ứng.`;
      warnings.push(warning('missing_required_column', message, { fields: missingRequired.map((m) => m.field), count: missingRequired.length }));
    }
    const qCol = used.get('quyenSo');
    const booksInFile: QuyenCount[] = [];
    if (qCol !== undefined) {
      for (const r of p.rows) {
        const q = r.cells[qCol] ?? '';
        if (!q) continue;
        const b = booksInFile.find((x) => quyenKey(x.quyenSo) === quyenKey(q));
        if (b) b.rows++;
        else booksInFile.push({ quyenSo: q, rows: 1 });
      }
    }
    if (booksInFile.length > 1) {
      const list = booksInFile.map((q) => `${q.quyenSo} (${q.rows} dòng)`).join(', ');
      const message = `Tệp có ${booksInFile.length} quyển sổ: ${list}. Nếu không chọn sổ, mỗi quyển được tạo thành một sổ riêng; nếu nhập vào một sổ, chỉ các dòng cùng quyển số với sổ được nhập.`;
      warnings.push(warning('several_books', message, { quyenSo: booksInFile.map((q) => q.quyenSo), count: booksInFile.length }));
    }
    let otherBookRows = 0;
    let alreadyInBook = 0;
    if (req.target.bookId !== null) {
      const quyen = this.book(req.target.bookId).quyenSo;
      const others = booksInFile.filter((q) => quyenKey(q.quyenSo) !== quyenKey(quyen));
      otherBookRows = others.reduce((a, q) => a + q.rows, 0);
      if (otherBookRows > 0) {
        const list = others.map((q) => q.quyenSo);
        const message = `${otherBookRows} dòng thuộc quyển khác (${list.join(', ')}), không phải quyển “${quyen}” của sổ này: các dòng đó sẽ bị loại. Muốn nhập hết, hãy nhập tệp mà không chọn sổ (mỗi quyển thành một sổ).`;
        warnings.push(warning('other_book_rows', message, { quyenSo: list, count: otherBookRows }));
      }
      const refs = this.sourceRefs.get(req.target.bookId);
      const refCol = used.get(SOURCE_REF);
      if (refs && refCol !== undefined) alreadyInBook = p.rows.filter((r) => refs.has(r.cells[refCol] ?? '')).length;
      if (alreadyInBook > 0) {
        const message = `${alreadyInBook} dòng có mã bản ghi đã được nhập vào sổ này; các dòng đó sẽ không được nhập lại.`;
        warnings.push(warning('already_in_book', message, { count: alreadyInBook }));
      }
    }
    const columns = req.columns ?? mapping.map((m) => m.field);
    let check: ImportCheck | null = null;
    let checkProblem: string | null = null;
    try {
      const { loaded: _loaded, ...c } = this.check(bookType, req, p, columns);
      check = c;
    } catch (err) {
      checkProblem = ApiError.from(err).message;
    }
    const encoding = p.encoding;
    return {
      fileName: req.fileName, bookType, format: 'csv', sheetName: null, encoding, encodingLabel: LABELS[encoding],
      encodingConfidence: encoding === 'utf8' ? 1 : 0.9, legacyInCells: false,
      encodingNoteVi: encoding === 'utf8' ? `Bảng mã Unicode (UTF-8${p.bom ? ', có BOM' : ''}).` : `Tệp dùng bảng mã cũ ${LABELS[encoding]}; đã chuyển sang Unicode.`,
      bom: p.bom, delimiter: p.delimiter === '\t' ? 'tab' : p.delimiter, headers: p.headers, mapping, unknownColumns, missingRequired,
      sampleRows: p.rows.slice(0, 10).map((r) => p.headers.map((_, i) => r.cells[i] ?? '')), rowCount: p.rows.length, alreadyInBook,
      warnings, targets, booksInFile, illegibleCells: 0, otherBookRows, check, checkProblem, mappingChecked: columns,
    };
  }

  /** Like `Session::import_check`: throws `input.invalid` when the mapping cannot be imported. */
  private check(bookType: string, req: ImportRequest, p: Parsed, columns: (string | null)[]): ImportCheck & { loaded: { line: number; fields: Record<string, string> }[] } {
    const targets = this.targets(bookType);
    const label = (f: string) => targets.find((t) => t.field === f)?.label ?? f;
    const colOf = new Map<string, number>();
    columns.forEach((f, i) => {
      if (!f) return;
      if (colOf.has(f)) throw new ApiError('input.invalid', `hai cột “${p.headers[colOf.get(f)!]}” và “${p.headers[i]}” cùng gán cho “${label(f)}”`);
      colOf.set(f, i);
    });
    const missing = targets.filter((t) => t.required && !colOf.has(t.field));
    if (missing.length > 0) throw new ApiError('input.invalid', `chưa chọn cột cho trường bắt buộc: ${missing.map((m) => m.label).join(', ')}`);
    const header = (f: string) => (colOf.has(f) ? (p.headers[colOf.get(f)!] ?? null) : null);
    const bookQuyen = req.target.bookId !== null ? this.book(req.target.bookId).quyenSo : null;
    const existing = req.target.bookId !== null ? (this.sourceRefs.get(req.target.bookId) ?? new Set<string>()) : new Set<string>();
    const seen = new Map<string, number>();
    const rejected: RejectedRow[] = [];
    const notes: RowNote[] = [];
    const loaded: { line: number; fields: Record<string, string> }[] = [];
    for (const r of p.rows) {
      if (r.cells.length !== p.headers.length) {
        // Issue 10: a row whose field count differs from the header's is refused whole.
        rejected.push({ line: r.line, maBanGhi: null, field: 'dong', column: null,
          reasonVi: `dòng có ${r.cells.length} trường nhưng dòng tiêu đề có ${p.headers.length}: không biết giá trị nào thuộc cột nào; hãy sửa dòng này trong tệp rồi nhập lại` });
        continue;
      }
      const problems: RowProblem[] = [];
      const rowNotes: RowNote[] = [];
      const note = (field: string, code: string, reasonVi: string) => rowNotes.push({ line: r.line, field, column: header(field), code, reasonVi });
      const problem = (field: string, reasonVi: string) => problems.push({ field, column: header(field), reasonVi });
      const fields: Record<string, string> = {};
      columns.forEach((f, i) => {
        const v = r.cells[i] ?? '';
        if (f && v) fields[f] = v;
      });
      const ref = fields[SOURCE_REF];
      if (!ref) problem(SOURCE_REF, 'thiếu mã bản ghi (ma_ban_ghi)');
      else if (seen.has(ref)) problem(SOURCE_REF, `mã bản ghi “${ref}” trùng với dòng ${seen.get(ref)}`);
      else if (existing.has(ref)) problem(SOURCE_REF, `mã bản ghi “${ref}” đã được nhập vào sổ này`);
      if (ref && !seen.has(ref)) seen.set(ref, r.line);
      if (bookQuyen && fields.quyenSo && quyenKey(fields.quyenSo) !== quyenKey(bookQuyen)) {
        problem('quyenSo', `dòng thuộc quyển “${fields.quyenSo}”, không phải quyển “${bookQuyen}” của sổ đang nhập; hãy nhập dòng này vào sổ quyển “${fields.quyenSo}”`);
      }
      // Historic values are kept and noted, never a reason to refuse the row (issue 10).
      if (!Object.keys(fields).some((f) => /HoTen|NgaySinh|NgayDangKy|ngayDangKy|SoGiayTo/.test(f))) {
        problem('dong', 'dòng không có họ tên, ngày tháng hay số giấy tờ nào: không có gì để nhận ra bản ghi');
      }
      for (const t of targets.filter((x) => x.required && x.field !== SOURCE_REF)) {
        const v = fields[t.field];
        if (!v) note(t.field, 'required.missing', `thiếu “${t.label}”: đã nhập, cần xem lại trên sổ giấy`);
        else if (t.field.endsWith('GioiTinh') && !['nam', 'nu', '1', '2'].includes(key(v))) {
          note(t.field, 'enum.invalid', `“${t.label}” ghi “${v}”, không phải Nam / Nữ hay mã số: đã nhập nguyên như ghi, cần xem lại trên sổ giấy`);
        } else if (t.field.endsWith('NgaySinh')) {
          const n = dateNote(v);
          if (n) note(t.field, n.code, `“${t.label}”: ${n.reason}`);
        }
      }
      if (problems.length > 0) {
        const [first, ...others] = problems;
        rejected.push({ line: r.line, maBanGhi: ref ?? null, ...first!, ...(others.length ? { otherProblems: others } : {}) });
      } else {
        loaded.push({ line: r.line, fields });
        notes.push(...rowNotes);
      }
    }
    const newBooks: QuyenCount[] = [];
    if (req.target.bookId === null) {
      for (const l of loaded) {
        const q = l.fields.quyenSo ?? '';
        const b = newBooks.find((x) => quyenKey(x.quyenSo) === quyenKey(q));
        if (b) b.rows++;
        else newBooks.push({ quyenSo: q, rows: 1 });
      }
      const named = newBooks.filter((b) => b.quyenSo);
      const unnamed = newBooks.find((b) => !b.quyenSo);
      if (unnamed && named.length > 1) {
        for (const l of loaded.filter((x) => !x.fields.quyenSo)) {
          rejected.push({ line: l.line, maBanGhi: l.fields[SOURCE_REF] ?? null, field: 'quyenSo', column: header('quyenSo'),
            reasonVi: `thiếu quyển số: tệp có ${named.length} quyển (${named.map((b) => b.quyenSo).join(', ')}) nên không biết dòng này thuộc quyển nào` });
        }
        rejected.sort((a, b) => a.line - b.line);
        newBooks.splice(newBooks.indexOf(unnamed), 1);
      } else if (unnamed && named.length === 1) {
        named[0]!.rows += unnamed.rows;
        newBooks.splice(newBooks.indexOf(unnamed), 1);
      } else if (unnamed) unnamed.quyenSo = req.fileName.replace(/\.[^.]+$/, '');
    }
    const valid = req.target.bookId === null ? newBooks.reduce((a, b) => a + b.rows, 0) : loaded.length;
    return { rowsRead: p.rows.length, valid, rejected, notes, newBooks, loaded };
  }

  run(req: ImportRequest): ImportReport {
    if (!req.columns) throw new ApiError('input.invalid', 'Chưa xác nhận cách ghép cột.');
    const bookType = req.target.bookId !== null ? this.book(req.target.bookId).bookType : req.target.bookType;
    const p = parse(req.bytes, req.encoding);
    const c = this.check(bookType, req, p, req.columns);
    const rejectedLines = new Set(c.rejected.map((r) => r.line));
    const rows = c.loaded.filter((l) => !rejectedLines.has(l.line));
    const books: ImportReport['books'] = [];
    const load = (b: BookSummary, these: typeof rows, created: boolean) => {
      b.counts.keyed += these.length;
      b.total += these.length;
      const refs = this.sourceRefs.get(b.id) ?? new Set<string>();
      for (const r of these) refs.add(r.fields[SOURCE_REF]!);
      this.sourceRefs.set(b.id, refs);
      books.push({ bookId: b.id, quyenSo: b.quyenSo, yearFrom: b.yearFrom, yearTo: b.yearTo, pageCount: b.pageCount, created, loaded: these.length });
    };
    if (req.target.bookId !== null) {
      if (rows.length > 0) load(this.book(req.target.bookId), rows, false);
    } else {
      for (const nb of c.newBooks) {
        const these = rows.filter((r) => c.newBooks.length === 1 || quyenKey(r.fields.quyenSo ?? '') === quyenKey(nb.quyenSo));
        const years = these.map((r) => Number((r.fields.ngayDangKy ?? r.fields.quyenSo ?? '').slice(-4))).filter((y) => y > 1900);
        const from = years.length ? Math.min(...years) : new Date().getFullYear();
        const to = years.length ? Math.max(...years) : from;
        load(this.createBook(bookType, nb.quyenSo, from, to > from ? to : null, req.fileName), these, true);
      }
    }
    const encoding = p.encoding;
    return {
      bookId: books[0]?.bookId ?? null, books, fileName: req.fileName, format: 'csv', encoding, encodingLabel: LABELS[encoding],
      encodingNoteVi: encoding === 'utf8' ? 'Bảng mã Unicode (UTF-8).' : `Tệp dùng bảng mã cũ ${LABELS[encoding]}; đã chuyển sang Unicode.`,
      rowsRead: c.rowsRead, loaded: rows.length, rejected: c.rejected, unknownColumns: p.headers.filter((h, i) => h && !req.columns![i]),
      illegibleCells: 0, notes: c.notes.filter((n) => !rejectedLines.has(n.line)), elapsedMs: 3, runId: 1, cancelled: false,
    };
  }
}
