// The fake backend's duplicate flagging (issue 5): a small queue with a true match, a near miss
// and a record keyed twice, decisions, and an extract import that reads CSV headers. Nothing
// here is real data.
import { ApiError } from './backend';
import { foldVietnamese } from '../text';
import type {
  CandidateKind,
  CandidateView,
  DecisionKind,
  DecisionView,
  DedupeEntry,
  DedupeRunReport,
  EntryCandidates,
  ExplanationLine,
  ExtractColumn,
  ExtractColumnChoice,
  ExtractImportReport,
  ExtractInfo,
  ExtractPreview,
  LineError,
  QueueFilter,
  QueueItem,
  QueuePage,
  QueueState,
} from './types-dedupe';

const CHOICES: ExtractColumnChoice[] = [
  { column: 'so_dinh_danh', label: 'Số định danh cá nhân', required: true, stored: true },
  { column: 'ho_ten', label: 'Họ, chữ đệm và tên', required: true, stored: true },
  { column: 'ngay_sinh', label: 'Ngày sinh', required: true, stored: true },
  { column: 'gioi_tinh', label: 'Giới tính', required: true, stored: true },
  { column: 'dan_toc', label: 'Dân tộc', required: false, stored: false },
  { column: 'quoc_tich', label: 'Quốc tịch', required: false, stored: false },
  { column: 'que_quan', label: 'Quê quán', required: false, stored: true },
  { column: 'noi_dang_ky_khai_sinh', label: 'Nơi đăng ký khai sinh', required: false, stored: true },
  { column: 'noi_thuong_tru', label: 'Nơi thường trú', required: false, stored: true },
  { column: 'ho_ten_cha', label: 'Họ tên cha', required: false, stored: true },
  { column: 'ho_ten_me', label: 'Họ tên mẹ', required: false, stored: true },
  { column: 'ho_ten_vo_chong', label: 'Họ tên vợ/chồng', required: false, stored: true },
  { column: 'so_cmnd', label: 'Số CMND', required: false, stored: true },
];

const ALIASES: Record<string, ExtractColumn> = {
  sodinhdanh: 'so_dinh_danh',
  sodinhdanhcanhan: 'so_dinh_danh',
  soddcn: 'so_dinh_danh',
  socccd: 'so_dinh_danh',
  hoten: 'ho_ten',
  hovaten: 'ho_ten',
  hochudemvaten: 'ho_ten',
  ngaysinh: 'ngay_sinh',
  ngaythangnamsinh: 'ngay_sinh',
  gioitinh: 'gioi_tinh',
  dantoc: 'dan_toc',
  quoctich: 'quoc_tich',
  quequan: 'que_quan',
  noidangkykhaisinh: 'noi_dang_ky_khai_sinh',
  noithuongtru: 'noi_thuong_tru',
  hotencha: 'ho_ten_cha',
  hotenme: 'ho_ten_me',
  hotenvochong: 'ho_ten_vo_chong',
  socmnd: 'so_cmnd',
};

const headerKey = (h: string) => foldVietnamese(h).replace(/[^a-z0-9]/g, '');
const mask = (id: string) => (id.length >= 9 ? id.slice(0, 3) + '*'.repeat(id.length - 5) + id.slice(-2) : id);

function line(field: string, fieldLabel: string, levelCode: string, levelLabel: string, weight: number, tf = 0): ExplanationLine {
  const rarity = tf >= 1 ? 'rare' : tf <= -1 ? 'common' : null;
  const label = rarity === 'rare' ? `${levelLabel} (hiếm gặp)` : rarity === 'common' ? `${levelLabel} (rất phổ biến)` : levelLabel;
  return { field, fieldLabel, levelCode, levelLabel, label, weight, tfAdjustment: tf, rarity };
}

interface FakeCandidate extends Omit<CandidateView, 'decision'> {
  fullId: string;
}

interface FakeEntry {
  entry: DedupeEntry;
  persons: FakeCandidate[];
  records: FakeCandidate[];
}

interface FakeDecision {
  id: number;
  entryId: number;
  kind: CandidateKind;
  candidateId: string;
  decision: DecisionKind;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
}

const LABELS: Record<DecisionKind, string> = {
  same_person: 'Cùng một người',
  not_same: 'Không phải cùng người',
  unsure: 'Chưa chắc — chuyển giám sát',
  duplicate_entry: 'Bản ghi trùng (nhập hai lần)',
  re_registration: 'Đăng ký lại hợp lệ',
  not_duplicate: 'Không trùng',
  withdrawn: 'Đã hủy quyết định',
};

function ksEntry(id: number, seq: number, name: string, dob: string, sex: string, father: string, mother: string): DedupeEntry {
  return {
    id,
    bookId: 1,
    bookType: 'KS',
    seq,
    pageId: 1,
    status: 'keyed',
    version: 1,
    fields: [
      { field: 'so', value: String(seq), illegible: false },
      { field: 'quyenSo', value: '01/1999', illegible: false },
      { field: 'ngayDangKy', value: '12/04/1999', illegible: false },
      { field: 'nksHoTen', value: name, illegible: false },
      { field: 'nksGioiTinh', value: sex, illegible: false },
      { field: 'nksNgaySinh', value: dob, illegible: false },
      { field: 'chaHoTen', value: father, illegible: false },
      { field: 'meHoTen', value: mother, illegible: false },
      { field: 'noiDangKy', value: 'UBND xã Tân Phong', illegible: false },
    ],
    updatedAt: '2025-06-01T08:00:00Z',
    updatedBy: 'canbo',
    title: name,
    editable: true,
    person: { name, birthDate: dob, sex: sex === '1' ? 'Nam' : sex === '2' ? 'Nữ' : sex, father, mother, place: 'UBND xã Tân Phong' },
  };
}

function person(id: string, fullName: string, birthDate: string, sex: string, father: string | null, mother: string | null, score: number, band: 'match' | 'possible', explanation: ExplanationLine[]): FakeCandidate {
  return {
    kind: 'person',
    candidateId: id,
    fullId: id,
    rank: 1,
    score,
    probability: 1 / (1 + 2 ** -score),
    share: band === 'match' ? 0.99 : 0.4,
    band,
    explanation,
    person: {
      idNumber: id,
      idMasked: false,
      fullName,
      birthDate,
      sex,
      fatherName: father,
      motherName: mother,
      birthRegistrationPlace: 'UBND xã Tân Phong, huyện Định Hóa',
      homeTown: null,
      residence: 'Thôn Bản Lác, xã Tân Phong',
      inExtract: true,
    },
    record: null,
    live: true,
  };
}

/** Name and birth-date fields of the person of each checked book type (crates/core/src/dedupe/entries.rs). */
const SUBJECT: Record<string, { name: string; dob: string; sex: string | null }> = {
  KS: { name: 'nksHoTen', dob: 'nksNgaySinh', sex: 'nksGioiTinh' },
  KT: { name: 'nktHoTen', dob: 'nktNgaySinh', sex: 'nktGioiTinh' },
  HN: { name: 'nxnHoTen', dob: 'nxnNgaySinh', sex: 'nxnGioiTinh' },
  CMC: { name: 'ncHoTen', dob: 'ncNgaySinh', sex: null },
  KH: { name: 'chongHoTen', dob: 'chongNgaySinh', sex: null },
};

/** The fake extract rows an entry keyed on the keying screen is checked against. */
const EXTRACT: [id: string, name: string, dob: string, sex: string, father: string | null, mother: string | null][] = [
  ['019199012345', 'Hoàng Thị Thủy', '03/09/1999', 'Nữ', 'Hoàng Văn Lộc', 'Ma Thị Xuân'],
  ['019099054321', 'Nông Văn Hải', '11/07/1999', 'Nam', 'Nông Văn Thanh', null],
  ['019216000777', 'Đinh Thị Lan', '05/01/2016', 'Nữ', 'Đinh Văn Tạo', 'Ma Thị Lụa'],
  ['019216000778', 'Đinh Thị Lan', '05/01/2015', 'Nữ', 'Đinh Văn Sơn', 'Hà Thị Én'],
];

/** An entry of the keying screen, as the dedupe store needs it. */
export type KeyedEntryLookup = (entryId: number) => { id: number; bookId: number; bookType: string; seq: number; pageId: number | null; fields: { field: string; value: string; illegible?: boolean }[] } | null;

export class FakeDedupeStore {
  private entries: FakeEntry[] = [];
  private decisions: FakeDecision[] = [];
  private nextDecision = 1;
  private extract: ExtractInfo | null = {
    id: 1,
    source: 'Công an xã Tân Phong',
    extractDate: '2025-06-30',
    fileName: 'trich-xuat-dan-cu.csv',
    format: 'csv',
    rowsLoaded: 20000,
    rowsRejected: 12,
    importedAt: '2025-07-01T02:00:00Z',
    importedBy: 'canbo',
    active: true,
  };

  constructor(
    private readonly user: () => string,
    /** Entries keyed on the keying screen (the fake backend's keying store). */
    private readonly keyedEntry: KeyedEntryLookup | null = null,
  ) {
    const prior = line('prior', 'Xác suất ban đầu', 'prior', 'Khả năng một dòng bất kỳ là người này, trước khi so sánh', -13.2);
    // a true match
    this.entries.push({
      entry: ksEntry(101, 17, 'Hoàng Thị Thuỷ', '03/09/1999', '2', 'Hoàng Văn Lộc', 'Ma Thị Xuân'),
      persons: [
        person('019199012345', 'Hoàng Thị Thủy', '03/09/1999', 'Nữ', 'Hoàng Văn Lộc', 'Ma Thị Xuân', 31.4, 'match', [
          prior,
          line('name', 'Họ tên', 'tone_placement', 'Trùng khi chuẩn hoá vị trí dấu thanh (hoà/hòa)', 11.8, 1.6),
          line('birth_date', 'Ngày sinh', 'exact', 'Ngày sinh trùng khớp', 14.1),
          line('sex', 'Giới tính', 'same', 'Cùng giới tính', 1.0),
          line('father', 'Họ tên cha', 'exact', 'Họ tên cha trùng khớp', 8.9, 1.2),
          line('mother', 'Họ tên mẹ', 'exact', 'Họ tên mẹ trùng khớp', 9.3, 2.1),
          line('place', 'Nơi sinh / đăng ký', 'strong', 'Địa danh trùng phần lớn', 1.1),
          line('id_number', 'Số định danh', 'missing', 'Không có số định danh để so', 0),
        ]),
      ],
      records: [],
    });
    // a near miss
    this.entries.push({
      entry: ksEntry(102, 18, 'Nông Văn Hải', '07/11/1999', '1', 'Nông Văn Thành', 'Lục Thị Hoa'),
      persons: [
        person('019099054321', 'Nông Văn Hải', '11/07/1999', 'Nam', 'Nông Văn Thanh', null, 9.2, 'possible', [
          prior,
          line('name', 'Họ tên', 'exact', 'Họ tên trùng khớp chính xác', 9.5, -1.4),
          line('birth_date', 'Ngày sinh', 'day_month_swapped', 'Đảo ngày và tháng', 7.2),
          line('sex', 'Giới tính', 'same', 'Cùng giới tính', 1.0),
          line('father', 'Họ tên cha', 'fuzzy', 'Họ tên cha gần giống', 3.6),
          line('mother', 'Họ tên mẹ', 'missing', 'Thiếu họ tên mẹ', 0),
          line('place', 'Nơi sinh / đăng ký', 'some', 'Có địa danh chung', 0.3),
          line('id_number', 'Số định danh', 'missing', 'Không có số định danh để so', 0),
        ]),
      ],
      records: [],
    });
    // a birth keyed twice
    const twin = ksEntry(104, 41, 'Lý Thị Mai', '21/02/1999', '2', 'Lý Văn Sinh', 'Hà Thị Én');
    this.entries.push({
      entry: ksEntry(103, 19, 'Lý Thị Mai', '21/02/1999', '2', 'Lý Văn Sinh', 'Hà Thị Én'),
      persons: [],
      records: [
        {
          kind: 'record',
          candidateId: '104',
          fullId: '104',
          rank: 1,
          score: 27.5,
          probability: 1,
          share: 0.98,
          band: 'match',
          explanation: [
            line('prior', 'Xác suất ban đầu', 'prior', 'Khả năng một dòng bất kỳ là người này, trước khi so sánh', -9.8),
            line('name', 'Họ tên', 'exact', 'Họ tên trùng khớp chính xác', 12.2, 1.1),
            line('birth_date', 'Ngày sinh', 'exact', 'Ngày sinh trùng khớp', 13.0),
            line('sex', 'Giới tính', 'same', 'Cùng giới tính', 1.0),
            line('father', 'Họ tên cha', 'exact', 'Họ tên cha trùng khớp', 5.1),
            line('mother', 'Họ tên mẹ', 'exact', 'Họ tên mẹ trùng khớp', 5.6),
            line('place', 'Nơi sinh / đăng ký', 'strong', 'Địa danh trùng phần lớn', 0.4),
            line('id_number', 'Số định danh', 'missing', 'Không có số định danh để so', 0),
          ],
          person: null,
          record: {
            entryId: 104,
            bookId: 1,
            bookType: 'KS',
            quyenSo: '01/1999',
            seq: 41,
            so: '41',
            pageId: 1,
            status: 'keyed',
            fullName: 'Lý Thị Mai',
            birthDate: '21/02/1999',
            sex: 'Nữ',
            fatherName: 'Lý Văn Sinh',
            motherName: 'Hà Thị Én',
            registrationDate: '02/03/1999',
            registrationPlace: 'UBND xã Tân Phong',
            birthPlace: null,
          },
          live: true,
        },
      ],
    });
    this.entries.push({ entry: twin, persons: [], records: [] });
  }

  private current(entryId: number, kind: CandidateKind, candidateId: string): FakeDecision | null {
    const hits = this.decisions.filter(
      (d) =>
        d.kind === kind &&
        ((d.entryId === entryId && d.candidateId === candidateId) ||
          (kind === 'record' && d.entryId === Number(candidateId) && d.candidateId === String(entryId))),
    );
    const last = hits[hits.length - 1];
    return last && last.decision !== 'withdrawn' ? last : null;
  }

  private view(d: FakeDecision | null): DecisionView | null {
    return d ? { id: d.id, decision: d.decision, label: LABELS[d.decision], note: d.note, decidedBy: d.decidedBy, decidedAt: d.decidedAt } : null;
  }

  private item(e: FakeEntry): QueueItem {
    let undecided = 0;
    let unsure = 0;
    const linked = e.persons.some((p) => this.current(e.entry.id, 'person', p.fullId)?.decision === 'same_person');
    for (const c of [...e.persons, ...e.records]) {
      const d = this.current(e.entry.id, c.kind, c.fullId);
      if (d?.decision === 'unsure') unsure++;
      else if (!d && !(c.kind === 'person' && linked)) undecided++;
    }
    const state: QueueState = undecided > 0 ? 'pending' : unsure > 0 ? 'unsure' : 'done';
    const all = [...e.persons, ...e.records];
    const linkedTo = e.persons.find((p) => this.current(e.entry.id, 'person', p.fullId)?.decision === 'same_person');
    const get = (f: string) => e.entry.fields.find((x) => x.field === f)?.value ?? null;
    return {
      entryId: e.entry.id,
      bookId: e.entry.bookId,
      bookType: e.entry.bookType,
      quyenSo: get('quyenSo') ?? '',
      seq: e.entry.seq,
      so: get('so'),
      fullName: get('nksHoTen'),
      birthDate: get('nksNgaySinh'),
      bestScore: Math.max(...all.map((c) => c.score ?? -Infinity)),
      bestBand: all.some((c) => c.band === 'match') ? 'match' : 'possible',
      persons: e.persons.length,
      records: e.records.length,
      undecided,
      state,
      linkedId: linkedTo ? mask(linkedTo.fullId) : null,
    };
  }

  queue(filter: QueueFilter, offset: number, limit: number): QueuePage {
    const withCands = this.entries.filter((e) => e.persons.length + e.records.length > 0);
    const items = withCands.map((e) => this.item(e)).sort((a, b) => (b.bestScore ?? -Infinity) - (a.bestScore ?? -Infinity));
    const counts = {
      entries: items.length,
      pending: items.filter((i) => i.state === 'pending').length,
      unsure: items.filter((i) => i.state === 'unsure').length,
      done: items.filter((i) => i.state === 'done').length,
      undecidedCandidates: items.reduce((a, i) => a + i.undecided, 0),
      linked: items.filter((i) => i.linkedId).length,
    };
    const shown = items.filter((i) => filter === 'all' || i.state === filter);
    return {
      items: shown.slice(offset, offset + limit),
      counts,
      total: shown.length,
      lastRun: {
        id: 1,
        entries: 2987,
        personPairs: 412_330,
        recordPairs: 18_220,
        candidates: 3120,
        ms: 1840,
        ranAt: '2025-07-01T02:05:00Z',
        ranBy: 'canbo',
        extractImportId: this.extract?.id ?? null,
      },
      extract: this.extract,
    };
  }

  /** Forgets the extract (tests of "no extract yet"). */
  dropExtract(): void {
    this.extract = null;
  }

  /** An entry of the keying screen checked now: its name and birth date against EXTRACT. */
  private fromKeying(entryId: number): FakeEntry | null {
    const k = this.keyedEntry?.(entryId);
    const sub = k ? SUBJECT[k.bookType] : undefined;
    if (!k || !sub) return null;
    const get = (f: string) => k.fields.find((x) => x.field === f && !x.illegible)?.value.trim() ?? '';
    const name = foldVietnamese(get(sub.name));
    const dob = get(sub.dob).replace(/\b(\d)\//g, '0$1/');
    const subjectPerson = { name: get(sub.name) || null, birthDate: get(sub.dob) || null, sex: sub.sex ? get(sub.sex) || null : null, father: k.bookType === 'KS' ? get('chaHoTen') || null : null, mother: k.bookType === 'KS' ? get('meHoTen') || null : null, place: null };
    const entry: DedupeEntry = {
      ...k,
      bookType: k.bookType as DedupeEntry['bookType'],
      fields: k.fields.map((f) => ({ ...f, illegible: f.illegible ?? false })),
      status: 'draft',
      version: 1,
      updatedAt: '2025-07-01T08:00:00Z',
      updatedBy: this.user(),
      title: subjectPerson.name,
      editable: true,
      person: subjectPerson,
    };
    const persons: FakeCandidate[] = [];
    if (name && this.extract) {
      for (const [id, n, d, sex, father, mother] of EXTRACT) {
        if (foldVietnamese(n) !== name) continue;
        const same = d === dob;
        const fatherSame = k.bookType === 'KS' && father !== null && foldVietnamese(father) === foldVietnamese(get('chaHoTen'));
        const score = (same ? 24.5 : 6.1) + (fatherSame ? 6 : 0);
        persons.push(
          person(id, n, d, sex, father, mother, score, same ? 'match' : 'possible', [
            line('prior', 'Xác suất ban đầu', 'prior', 'Khả năng một dòng bất kỳ là người này, trước khi so sánh', -13.2),
            line('name', 'Họ tên', 'exact', 'Họ tên trùng khớp chính xác', 11.8, 1.4),
            same ? line('birth_date', 'Ngày sinh', 'exact', 'Ngày sinh trùng khớp', 14.1) : line('birth_date', 'Ngày sinh', 'year_only', 'Khác ngày sinh', -3.6),
            line('sex', 'Giới tính', 'same', 'Cùng giới tính', 1.0),
            fatherSame ? line('father', 'Họ tên cha', 'exact', 'Họ tên cha trùng khớp', 6) : line('father', 'Họ tên cha', 'missing', 'Thiếu họ tên cha', 0),
            line('mother', 'Họ tên mẹ', 'missing', 'Thiếu họ tên mẹ', 0),
            line('place', 'Nơi sinh / đăng ký', 'missing', 'Thiếu địa danh', 0),
            line('id_number', 'Số định danh', 'missing', 'Không có số định danh để so', 0),
          ]),
        );
      }
      persons.sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity));
      persons.forEach((p, i) => (p.rank = i + 1));
    }
    return { entry, persons, records: [] };
  }

  /**
   * Tests: the keyed entry `entryId` loses its field `field`, as when it was left blank or could
   * not be read on the paper (a nameless entry is still matched, on its birth date and parents).
   */
  dropField(entryId: number, field: string): void {
    const e = this.find(entryId);
    e.entry.fields = e.entry.fields.filter((f) => f.field !== field);
  }

  private find(entryId: number): FakeEntry {
    const e = this.entries.find((x) => x.entry.id === entryId) ?? this.fromKeying(entryId);
    if (!e) throw new ApiError('not_found', `Không tìm thấy bản ghi ${entryId}.`);
    return e;
  }

  entry(entryId: number): DedupeEntry {
    return structuredClone(this.find(entryId).entry);
  }

  candidates(entryId: number, unmask: boolean): EntryCandidates {
    const e = this.find(entryId);
    const out = (c: FakeCandidate): CandidateView => {
      const { fullId, ...rest } = structuredClone(c);
      const v: CandidateView = { ...rest, decision: this.view(this.current(entryId, c.kind, fullId)) };
      if (c.kind === 'person' && !unmask) {
        v.candidateId = mask(fullId);
        if (v.person) v.person = { ...v.person, idNumber: mask(fullId), idMasked: true };
      }
      return v;
    };
    // the other side of a record pair
    const reverse = this.entries
      .filter((x) => x.records.some((r) => r.fullId === String(entryId)))
      .map((x): CandidateView => {
        const r = x.records.find((rr) => rr.fullId === String(entryId)) as FakeCandidate;
        const get = (f: string) => x.entry.fields.find((y) => y.field === f)?.value ?? null;
        return {
          ...structuredClone({ ...r, fullId: undefined }),
          candidateId: String(x.entry.id),
          record: { ...(r.record as NonNullable<CandidateView['record']>), entryId: x.entry.id, seq: x.entry.seq, so: get('so') },
          decision: this.view(this.current(entryId, 'record', String(x.entry.id))),
        };
      });
    return { entryId, checked: true, hasExtract: this.extract !== null, persons: e.persons.map(out), records: [...e.records.map(out), ...reverse], ms: 3 };
  }

  decide(entryId: number, kind: CandidateKind, candidateId: string, decision: DecisionKind, note: string | null): DecisionView {
    const e = this.find(entryId);
    if (kind === 'person' && ['duplicate_entry', 're_registration', 'not_duplicate'].includes(decision)) {
      throw new ApiError('input.invalid', 'Quyết định này không áp dụng cho loại ứng viên này.');
    }
    if (kind === 'record' && ['same_person', 'not_same'].includes(decision)) {
      throw new ApiError('input.invalid', 'Quyết định này không áp dụng cho loại ứng viên này.');
    }
    if (decision === 'same_person') {
      const other = e.persons.find((p) => p.fullId !== candidateId && this.current(entryId, 'person', p.fullId)?.decision === 'same_person');
      if (other) {
        throw new ApiError('conflict', `Không thể thực hiện: bản ghi này đã được xác định là cùng người với số định danh ${mask(other.fullId)}; hãy hủy quyết định đó trước`);
      }
    }
    if (decision === 'withdrawn' && !this.current(entryId, kind, candidateId)) {
      throw new ApiError('not_found', 'Không tìm thấy quyết định để hủy.');
    }
    const d: FakeDecision = {
      id: this.nextDecision++,
      entryId,
      kind,
      candidateId,
      decision,
      note,
      decidedBy: this.user(),
      decidedAt: new Date().toISOString(),
    };
    this.decisions.push(d);
    return this.view(d) as DecisionView;
  }

  info(): ExtractInfo | null {
    return this.extract ? { ...this.extract } : null;
  }

  preview(fileName: string, bytes: Uint8Array, mapping: (ExtractColumn | null)[] | null): ExtractPreview {
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const head = lines[0];
    if (head === undefined) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “tệp trích xuất”: tệp trống, không có dòng nào');
    const sep = (head.match(/;/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? ';' : ',';
    if (head.includes('\t')) {
      throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “tệp trích xuất”: tệp được phân cách bằng dấu tab. Chỉ nhận tệp CSV phân cách bằng dấu phẩy (,) hoặc dấu chấm phẩy (;), hoặc tệp Excel .xlsx');
    }
    const headers = head.split(sep).map((h) => h.replace(/^"|"$/g, '').trim());
    const proposed = headers.map((h) => ALIASES[headerKey(h)] ?? null);
    const cols = mapping ?? proposed;
    const missing = CHOICES.filter((c) => c.required && !cols.includes(c.column)).map((c) => c.column);
    const errors: LineError[] = [];
    const idCol = cols.indexOf('so_dinh_danh');
    lines.slice(1).forEach((l, i) => {
      const cells = l.split(sep);
      if (idCol >= 0 && !/^\d{12}$/.test((cells[idCol] ?? '').trim())) {
        errors.push({ line: i + 2, code: 'id_number.invalid', reason: 'số định danh cá nhân không phải 12 chữ số' });
      }
    });
    const rows = lines.length - 1;
    return {
      fileName,
      format: fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv',
      separator: sep,
      columns: headers.map((header, index) => ({ index, header, column: cols[index] ?? null })),
      choices: CHOICES,
      missingRequired: missing,
      rowsRead: rows,
      rowsOk: missing.length ? 0 : rows - errors.length,
      rowsRejected: missing.length ? 0 : errors.length,
      lineErrors: missing.length ? [] : errors,
      replaces: this.info(),
    };
  }

  import(fileName: string, bytes: Uint8Array, mapping: (ExtractColumn | null)[], source: string, extractDate: string): ExtractImportReport {
    if (!source.trim()) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “source”: cần ghi nơi cung cấp dữ liệu (ví dụ: Công an xã)');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(extractDate)) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “extractDate”: ngày trích xuất phải có dạng yyyy-mm-dd');
    const p = this.preview(fileName, bytes, mapping);
    if (p.missingRequired.length) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “mapping”: thiếu cột bắt buộc');
    const replaced = this.info();
    this.extract = {
      id: (replaced?.id ?? 0) + 1,
      source,
      extractDate,
      fileName,
      format: p.format,
      rowsLoaded: p.rowsOk,
      rowsRejected: p.rowsRejected,
      importedAt: new Date().toISOString(),
      importedBy: this.user(),
      active: true,
    };
    return { extract: { ...this.extract }, rowsRead: p.rowsRead, rowsLoaded: p.rowsOk, rowsRejected: p.rowsRejected, lineErrors: p.lineErrors, replaced, ms: 40 };
  }

  run(): DedupeRunReport {
    return {
      runId: 2,
      extractRows: this.extract?.rowsLoaded ?? 0,
      entries: 2987,
      personPairs: 412_330,
      recordPairs: 18_220,
      candidates: 3120,
      personCandidates: 2900,
      recordCandidates: 220,
      personMatches: 2410,
      recordMatches: 31,
      msLoad: 300,
      msLoadExtract: 120,
      msLink: 1400,
      msStore: 140,
      ms: 1840,
    };
  }
}
