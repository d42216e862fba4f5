// In-memory keying backend for FakeBackend (component tests, plain browser): books' pages,
// the entry form, entries with autosave, warnings, suggestions. Behaviour follows docs/ipc.md;
// the form is a representative subset of the column map (the real one comes from the core).
import { ApiError } from './backend';
import { foldVietnamese } from '../text';
import type {
  AttachOutcome,
  BookCoverage,
  BookType,
  BookWarning,
  BookWarnings,
  DateParse,
  Entry,
  EntryDefaults,
  EntryStatus,
  EntrySummary,
  EntryWithWarnings,
  FieldChange,
  FieldKind,
  FieldValue,
  FolderScan,
  FormField,
  FormGroup,
  KeyingForm,
  PageImage,
  PageInfo,
  Rotation,
  SaveOutcome,
  StatusOutcome,
  Suggestion,
  UndoOutcome,
  ViewRequest,
  Warning,
  BookTypeCode,
} from './types';

export const BOOK_TYPES: BookType[] = [
  { code: 'KS', name: 'Sổ đăng ký khai sinh', ministryTemplate: true },
  { code: 'KT', name: 'Sổ đăng ký khai tử', ministryTemplate: true },
  { code: 'KH', name: 'Sổ đăng ký kết hôn', ministryTemplate: true },
  { code: 'HN', name: 'Sổ cấp Giấy xác nhận tình trạng hôn nhân', ministryTemplate: true },
  { code: 'CMC', name: 'Sổ đăng ký nhận cha, mẹ, con', ministryTemplate: true },
  { code: 'GH', name: 'Sổ đăng ký giám hộ', ministryTemplate: false },
  { code: 'TDCC', name: 'Sổ đăng ký thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc', ministryTemplate: false },
  { code: 'LH', name: 'Sổ ghi chú ly hôn', ministryTemplate: false },
  { code: 'NCN', name: 'Sổ đăng ký nuôi con nuôi', ministryTemplate: false },
];

const GENDER = [
  { code: '1', label: 'Nam' },
  { code: '2', label: 'Nữ' },
  { code: '3', label: 'Chưa xác định được giới tính' },
];
const RESIDENCE = [
  { code: '0', label: 'Không có thông tin' },
  { code: '1', label: 'Thường trú' },
  { code: '2', label: 'Tạm trú' },
];
const ID_DOC = [
  { code: '0', label: 'Để trống' },
  { code: '1', label: 'CMND' },
  { code: '2', label: 'Hộ chiếu' },
  { code: '4', label: 'Thẻ căn cước công dân' },
];
const REG_TYPE = [
  { code: '0', label: 'Không có thông tin' },
  { code: '1', label: 'Đăng ký đúng hạn' },
  { code: '2', label: 'Đăng ký lại' },
  { code: '4', label: 'Đăng ký quá hạn' },
];

type Seed = [name: string, kind: FieldKind, label: string, extra?: Partial<FormField>];

function f([name, kind, label, extra]: Seed): FormField {
  const suggest =
    kind === 'place' ? 'place' : kind === 'ethnicity' ? 'ethnicity' : kind === 'nationality' ? 'nationality' : name === 'nguoiKy' ? 'signer' : null;
  return { name, kind, label, required: false, options: null, suggest, rare: false, subject: null, ...extra };
}

const COMMON: Seed[] = [
  ['so', 'text', 'Số', { required: true }],
  ['quyenSo', 'text', 'Quyển số'],
  ['trangSo', 'number', 'Trang số'],
  ['ngayDangKy', 'date', 'Ngày đăng ký', { required: true }],
  ['loaiDangKy', 'enum', 'Loại đăng ký', { options: REG_TYPE }],
  ['noiDangKy', 'place', 'Nơi đăng ký'],
  ['nguoiKy', 'name', 'Người ký'],
  ['chucVuNguoiKy', 'text', 'Chức vụ người ký', { suggest: 'chucVuNguoiKy' }],
  ['ghiChu', 'text', 'Ghi chú'],
];

function person(prefix: string, withGender: boolean): Seed[] {
  return [
    [`${prefix}HoTen`, 'name', 'Họ, chữ đệm và tên'],
    ...(withGender ? ([[`${prefix}GioiTinh`, 'enum', 'Giới tính', { options: GENDER }]] as Seed[]) : []),
    [`${prefix}NgaySinh`, 'date', 'Ngày, tháng, năm sinh'],
    [`${prefix}DanToc`, 'ethnicity', 'Dân tộc'],
    [`${prefix}QuocTich`, 'nationality', 'Quốc tịch'],
    [`${prefix}QuocTichKhac`, 'text', 'Quốc tịch khác', { rare: true }],
    [`${prefix}LoaiCuTru`, 'enum', 'Loại cư trú', { options: RESIDENCE }],
    [`${prefix}NoiCuTru`, 'place', 'Nơi cư trú'],
    [`${prefix}LoaiGiayToTuyThan`, 'enum', 'Loại giấy tờ tùy thân', { options: ID_DOC }],
    [`${prefix}SoGiayToTuyThan`, 'idnumber', 'Số giấy tờ tùy thân'],
  ];
}

const GROUP_LABELS: Record<string, string> = {
  dangKy: 'Thông tin đăng ký',
  nks: 'Người được khai sinh',
  nkt: 'Người chết',
  me: 'Mẹ',
  cha: 'Cha',
  nyc: 'Người yêu cầu',
  chong: 'Chồng',
  vo: 'Vợ',
};

function fakeForm(bookType: string): KeyingForm {
  const groups: [string, Seed[]][] = [['dangKy', COMMON]];
  if (bookType === 'KS') {
    groups.push(
      [
        'nks',
        [
          ['nksHoTen', 'name', 'Họ, chữ đệm và tên', { required: true }],
          ['nksGioiTinh', 'enum', 'Giới tính', { required: true, options: GENDER }],
          ['nksNgaySinh', 'date', 'Ngày, tháng, năm sinh', { required: true }],
          ['nksNoiSinh', 'place', 'Nơi sinh'],
          ['nksQueQuan', 'place', 'Quê quán'],
          ['nksDanToc', 'ethnicity', 'Dân tộc'],
          ['nksQuocTich', 'nationality', 'Quốc tịch'],
          ['nksMatTich', 'text', 'Tình trạng mất tích', { rare: true }],
        ],
      ],
      ['me', person('me', false)],
      ['cha', person('cha', false)],
      ['nyc', [['nycHoTen', 'name', 'Họ, chữ đệm và tên'], ['nycQuanHe', 'text', 'Quan hệ với người được đăng ký']]],
    );
  } else if (bookType === 'KT') {
    groups.push(
      [
        'nkt',
        [
          ...person('nkt', true).map((s): Seed => (s[0] === 'nktHoTen' ? [s[0], s[1], s[2], { required: true }] : s)),
          ['nktNgayChet', 'date', 'Ngày, tháng, năm chết', { required: true }],
          ['nktGioPhutChet', 'time', 'Giờ, phút chết'],
          ['nktNoiChet', 'place', 'Nơi chết'],
          ['nktNguyenNhanChet', 'text', 'Nguyên nhân chết'],
        ],
      ],
      ['nyc', [['nycHoTen', 'name', 'Họ, chữ đệm và tên'], ['nycQuanHe', 'text', 'Quan hệ với người được đăng ký']]],
    );
  } else if (bookType === 'KH') {
    groups.push(['chong', person('chong', false)], ['vo', person('vo', false)]);
  }
  const out: FormGroup[] = groups.map(([id, seeds]) => ({ id, label: GROUP_LABELS[id] ?? id, fields: seeds.map(f) }));
  const name = BOOK_TYPES.find((b) => b.code === bookType)?.name ?? bookType;
  return { bookType: bookType as BookTypeCode, bookTypeName: name, templateVersion: 'moj-2019.1', groups: out };
}

/** The fields of a book type's form, flat, in order. */
export function formFields(form: KeyingForm): FormField[] {
  return form.groups.flatMap((g) => g.fields);
}

// ---- dates ----------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A small reading of typed dates, like the core's PartialDate::parse (the core is the reference). */
export function fakeParseDate(text: string): DateParse {
  const t = text.trim();
  const rest = { lunar: null, solar: null, approximate: false, standard: null, suggestions: [] };
  const good = (template: string, precision: 'day' | 'month' | 'year'): DateParse => ({ ok: true, template, precision, error: null, ...rest });
  if (!t) return { ok: false, template: null, precision: null, error: 'date.empty', ...rest };
  const bad = (error: string): DateParse => ({ ok: false, template: null, precision: null, error, ...rest });
  // A lunar date: the fake knows the solar day of Trung thu 1960 only (the core computes them all).
  const lunar = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(âm lịch|AL)$/i.exec(t);
  if (lunar) {
    const written = `${pad(Number(lunar[1]))}/${pad(Number(lunar[2]))}/${lunar[3]}`;
    return { ...bad('date.unreadable'), lunar: written, solar: written === '15/08/1960' ? '05/10/1960' : null, suggestions: [] };
  }
  let m = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) {
      // Plausible readings, as the core offers them: day and month swapped, the last day of the month.
      const values: string[] = [];
      if (d >= 1 && d <= 12 && mo >= 1 && mo <= 31 && mo <= daysIn(y, d)) values.push(`${pad(mo)}/${pad(d)}/${y}`);
      if (mo >= 1 && mo <= 12 && d > daysIn(y, mo)) values.push(`${pad(daysIn(y, mo))}/${pad(mo)}/${y}`);
      const suggestions = values.map((value) => ({ value, label: value, reason: 'day_month_swapped' as const }));
      return { ...bad('date.impossible'), suggestions };
    }
    return good(`${pad(d)}/${pad(mo)}/${y}`, 'day');
  }
  m = /^(\d{1,2})[/.\- ](\d{4})$/.exec(t);
  if (m) {
    const [mo, y] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return bad('date.impossible');
    return good(`${pad(mo)}/${y}`, 'month');
  }
  m = /^(\d{4})$/.exec(t);
  if (m) return good(m[1] as string, 'year');
  return bad('date.unreadable');
}

// ---- page images ------------------------------------------------------------------------------

/** An SVG “register page” standing in for a scan (fake mode only). */
function pageSvg(seq: number, w: number, h: number): Uint8Array {
  const lines = Array.from({ length: 12 }, (_, i) => {
    const y = 120 + i * ((h - 180) / 12);
    return `<line x1="40" y1="${y}" x2="${w - 40}" y2="${y}" stroke="#8a7a5a" stroke-width="2"/>` +
      `<text x="60" y="${y - 12}" font-size="22" fill="#3b3326" font-family="serif">${seq * 2 - 1 + (i % 2)}. Nguyễn Văn ${String.fromCharCode(65 + i)}</text>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<rect width="100%" height="100%" fill="#efe6cf"/>` +
    `<text x="${w / 2}" y="70" font-size="30" text-anchor="middle" fill="#3b3326" font-family="serif">SỔ ĐĂNG KÝ — Trang ${seq}</text>` +
    `${lines}</svg>`;
  return new TextEncoder().encode(svg);
}

// ---- the store ------------------------------------------------------------------------------

interface StoredEntry extends Omit<Entry, 'title' | 'editable'> {
  history: FieldChange[];
}

export class FakeKeyingStore {
  private pages = new Map<number, PageInfo[]>();
  private entries = new Map<number, StoredEntry>();
  private nextPageId = 1000;
  private nextEntryId = 5000;
  private nextChangeId = 1;
  /** Files of fake folders (`pagesFolderScan`). */
  readonly folders = new Map<string, string[]>([
    ['C:\\Anh\\so-khai-sinh-2016', ['IMG_0001.jpg', 'IMG_0002.jpg', 'IMG_0003.jpg', 'ghi-chu.txt']],
  ]);

  constructor(private readonly bookTypeOf: (bookId: number) => string, private readonly user: () => string) {}

  seedPages(bookId: number, count: number): void {
    const list = this.pagesOf(bookId);
    for (let i = 0; i < count; i++) {
      list.push({
        id: this.nextPageId++, bookId, seq: list.length + 1, mime: 'image/jpeg', width: 2480, height: 3508,
        rotation: 0, hasPreview: false, sizeBytes: 850_000, entries: 0,
      });
    }
  }

  private pagesOf(bookId: number): PageInfo[] {
    let p = this.pages.get(bookId);
    if (!p) {
      p = [];
      this.pages.set(bookId, p);
    }
    return p;
  }

  private page(pageId: number): PageInfo {
    for (const list of this.pages.values()) {
      const p = list.find((x) => x.id === pageId);
      if (p) return p;
    }
    throw new ApiError('not_found', `Không tìm thấy trang ảnh ${pageId}.`);
  }

  private renumber(bookId: number): PageInfo[] {
    const list = this.pagesOf(bookId);
    list.forEach((p, i) => (p.seq = i + 1));
    return structuredClone(list);
  }

  bookTypes(): BookType[] {
    return structuredClone(BOOK_TYPES);
  }

  pagesList(bookId: number): PageInfo[] {
    this.bookTypeOf(bookId);
    return structuredClone(this.pagesOf(bookId));
  }

  pagesCount(bookId: number): number {
    return this.pagesOf(bookId).length;
  }

  pagesAttach(bookId: number, fileName: string, bytes: Uint8Array): AttachOutcome {
    this.bookTypeOf(bookId);
    const isPdf = bytes[0] === 0x25 && bytes[1] === 0x50;
    const isImage = (bytes[0] === 0xff && bytes[1] === 0xd8) || bytes[0] === 0x89 || bytes[0] === 0x49 || bytes[0] === 0x4d;
    if (!isPdf && !isImage) {
      throw new ApiError('input.invalid', `Dữ liệu không hợp lệ ở “file”: “${fileName}” không phải ảnh JPEG, PNG, TIFF hay tệp PDF`);
    }
    const list = this.pagesOf(bookId);
    const n = isPdf ? 2 : 1;
    const added: PageInfo[] = [];
    for (let i = 0; i < n; i++) {
      const p: PageInfo = {
        id: this.nextPageId++, bookId, seq: list.length + 1, mime: 'image/jpeg', width: 3000, height: 4000,
        rotation: 0, hasPreview: false, sizeBytes: bytes.length, entries: 0,
      };
      list.push(p);
      added.push(structuredClone(p));
    }
    return { pages: added, duplicates: 0 };
  }

  pagesFolderScan(path: string): FolderScan {
    const files = this.folders.get(path.trim());
    if (!files) throw new ApiError('not_found', `Không tìm thấy thư mục “${path}”.`);
    const images = files.filter((n) => /\.(jpe?g|png|tiff?|pdf)$/i.test(n)).sort();
    return { path, files: images.map((name) => ({ path: `${path}\\${name}`, name, sizeBytes: 4_200_000 })) };
  }

  pagesAttachPath(bookId: number, path: string): AttachOutcome {
    const name = path.split(/[\\/]/).pop() ?? path;
    return this.pagesAttach(bookId, name, new Uint8Array([0xff, 0xd8, 0xff]));
  }

  pageRotate(pageId: number, rotation: Rotation): PageInfo {
    if (![0, 90, 180, 270].includes(rotation)) throw new ApiError('input.invalid', 'chỉ xoay được 0, 90, 180 hoặc 270 độ');
    const p = this.page(pageId);
    p.rotation = rotation;
    return structuredClone(p);
  }

  pageMove(pageId: number, toSeq: number): PageInfo[] {
    const p = this.page(pageId);
    const list = this.pagesOf(p.bookId);
    list.splice(list.indexOf(p), 1);
    list.splice(Math.min(Math.max(toSeq, 1) - 1, list.length), 0, p);
    return this.renumber(p.bookId);
  }

  pageRemove(pageId: number): PageInfo[] {
    const p = this.page(pageId);
    const list = this.pagesOf(p.bookId);
    list.splice(list.indexOf(p), 1);
    for (const e of this.entries.values()) if (e.pageId === pageId) e.pageId = null;
    return this.renumber(p.bookId);
  }

  pageThumbnail(pageId: number): Uint8Array {
    const p = this.page(pageId);
    p.hasPreview = true;
    return pageSvg(p.seq, 160, 226);
  }

  pageImage(pageId: number, view: ViewRequest): PageImage {
    const p = this.page(pageId);
    const turned = p.rotation % 180 === 90;
    const [sw, sh] = [p.width ?? 2480, p.height ?? 3508];
    const [dw, dh] = turned ? [sh, sw] : [sw, sh];
    const s = Math.min(view.maxWidth / dw, view.maxHeight / dh, 1);
    const [w, h] = [Math.max(1, Math.round(dw * s)), Math.max(1, Math.round(dh * s))];
    return {
      meta: {
        mime: 'image/svg+xml', width: w, height: h, sourceWidth: sw, sourceHeight: sh, rotation: p.rotation,
        skewDeg: view.adjust?.deskew ? 1.2 : 0, cached: false, fromPreview: true, millis: 4,
      },
      bytes: pageSvg(p.seq, w, h),
    };
  }

  keyingForm(bookType: string): KeyingForm {
    if (!BOOK_TYPES.some((b) => b.code === bookType)) throw new ApiError('input.invalid', `loại sổ không hợp lệ: ${bookType}`);
    return fakeForm(bookType);
  }

  private entry(entryId: number): StoredEntry {
    const e = this.entries.get(entryId);
    if (!e) throw new ApiError('not_found', `Không tìm thấy bản ghi ${entryId}.`);
    return e;
  }

  private view(e: StoredEntry): Entry {
    const { history: _history, ...entry } = structuredClone(e);
    return { ...entry, ...this.naming(e) };
  }

  /**
   * The fake's stand-in for what the core says of an entry: its title (the first main person's
   * name it has: any `…HoTen` field, in the order keyed) and whether it may still be edited.
   */
  private naming(e: StoredEntry): { title: string | null; editable: boolean } {
    const name = e.fields.find((x) => x.field.endsWith('HoTen') && !x.illegible && x.value.trim() !== '');
    return { title: name?.value ?? null, editable: ['draft', 'keyed', 'checked', 'returned'].includes(e.status) };
  }

  private warnings(e: StoredEntry): Warning[] {
    const form = fakeForm(e.bookType);
    const out: Warning[] = [];
    for (const field of formFields(form)) {
      const v = e.fields.find((x) => x.field === field.name);
      if (field.required && !v?.value && !v?.illegible) {
        out.push({ field: field.name, code: 'required.missing', severity: 'warning', messageVi: `Chưa nhập “${field.label}”.` });
      }
      if (v && field.kind === 'date' && v.value && !fakeParseDate(v.value).ok) {
        out.push({ field: field.name, code: 'date.unreadable', severity: 'error', messageVi: `Không đọc được ngày “${v.value}”.` });
      }
      if (v && field.kind === 'idnumber' && v.value && !/^(\d{9}|\d{12})$/.test(v.value.replace(/\s/g, ''))) {
        out.push({ field: field.name, code: 'id.format', severity: 'warning', messageVi: 'Số giấy tờ không có 9 hoặc 12 chữ số.' });
      }
      if (v?.illegible) {
        out.push({ field: field.name, code: 'field.illegible', severity: 'info', messageVi: `“${field.label}” được đánh dấu không đọc được.` });
      }
    }
    return out;
  }

  private ofBook(bookId: number): StoredEntry[] {
    return [...this.entries.values()].filter((e) => e.bookId === bookId).sort((a, b) => a.seq - b.seq);
  }

  keyingEntries(bookId: number): EntrySummary[] {
    this.bookTypeOf(bookId);
    const get = (e: StoredEntry, f: string) => e.fields.find((x) => x.field === f)?.value ?? null;
    return this.ofBook(bookId).map((e) => ({
      id: e.id, seq: e.seq, status: e.status, pageId: e.pageId, so: get(e, 'so'), trangSo: get(e, 'trangSo'), ...this.naming(e),
    }));
  }

  entryGet(entryId: number): EntryWithWarnings {
    const e = this.entry(entryId);
    return { entry: this.view(e), warnings: this.warnings(e), pages: [] };
  }

  /** The entry as the UI sees it, without its warnings (for the fake's own bookkeeping). */
  entryView(entryId: number): Entry {
    return this.view(this.entry(entryId));
  }

  entryCreate(bookId: number, fields: FieldValue[], pageId: number | null): EntryWithWarnings {
    const bookType = this.bookTypeOf(bookId);
    const names = new Set(formFields(fakeForm(bookType)).map((x) => x.name));
    for (const fv of fields) {
      if (!names.has(fv.field)) throw new ApiError('input.invalid', `Dữ liệu không hợp lệ ở “${fv.field}”: trường không có trong mẫu sổ ${bookType}`);
    }
    const seq = Math.max(0, ...this.ofBook(bookId).map((e) => e.seq)) + 1;
    const e: StoredEntry = {
      id: this.nextEntryId++, bookId, bookType: bookType as BookTypeCode, seq, pageId, status: 'draft', version: 1,
      fields: structuredClone(fields.filter((x) => x.value !== '' || x.illegible)),
      updatedAt: new Date().toISOString(), updatedBy: this.user(), history: [],
    };
    this.entries.set(e.id, e);
    if (pageId !== null) {
      const p = this.page(pageId);
      p.entries += 1;
    }
    return { entry: this.view(e), warnings: this.warnings(e), pages: [] };
  }

  private put(e: StoredEntry, fv: FieldValue): boolean {
    if (!['draft', 'keyed', 'checked', 'returned'].includes(e.status)) {
      throw new ApiError('conflict', 'Không thể thực hiện: bản ghi đã gửi, không sửa được');
    }
    const i = e.fields.findIndex((x) => x.field === fv.field);
    const old = i >= 0 ? e.fields[i] : undefined;
    if ((old?.value ?? '') === fv.value && (old?.illegible ?? false) === fv.illegible) return false;
    if (fv.value === '' && !fv.illegible) {
      if (i >= 0) e.fields.splice(i, 1);
    } else if (i >= 0) {
      e.fields[i] = { ...fv };
    } else {
      e.fields.push({ ...fv });
    }
    e.history.unshift({
      id: this.nextChangeId++, field: fv.field, label: fv.field, oldValue: old?.value ?? null, newValue: fv.value,
      oldIllegible: old?.illegible ?? false, newIllegible: fv.illegible ?? false, at: new Date().toISOString(), byUser: this.user(),
      byDisplayName: null, undoes: null, undone: false,
    });
    e.version += 1;
    return true;
  }

  entrySaveFields(entryId: number, fields: FieldValue[]): SaveOutcome {
    const e = this.entry(entryId);
    let changed = false;
    for (const fv of fields) changed = this.put(e, fv) || changed;
    return { changed, version: e.version, status: e.status, warnings: this.warnings(e), ...this.naming(e) };
  }

  entryUndo(entryId: number): UndoOutcome | null {
    const e = this.entry(entryId);
    const last = e.history.find((h) => !h.undone && h.undoes === null);
    if (!last) return null;
    last.undone = true;
    const restored = { field: last.field, value: last.oldValue ?? '', illegible: last.oldIllegible };
    this.put(e, restored);
    const change = e.history[0];
    if (change) change.undoes = last.id;
    return {
      ...restored, undidChangeId: last.id, changeId: change?.id ?? 0, version: e.version, warnings: this.warnings(e), ...this.naming(e),
    };
  }

  entryHistory(entryId: number, field: string | null): FieldChange[] {
    return structuredClone(this.entry(entryId).history.filter((h) => field === null || h.field === field));
  }

  entryMark(entryId: number, status: EntryStatus): StatusOutcome {
    const e = this.entry(entryId);
    const allowed: Record<string, EntryStatus[]> = {
      draft: ['keyed'],
      keyed: ['draft', 'checked', 'returned'],
      checked: ['draft', 'keyed', 'returned'],
    };
    if (e.status !== status && !(allowed[status] ?? []).includes(e.status)) {
      throw new ApiError('conflict', `Không thể thực hiện: không thể chuyển sang “${status}”`);
    }
    e.status = status;
    e.version += 1;
    return { status, version: e.version, warnings: this.warnings(e), ...this.naming(e) };
  }

  entryDefaults(bookId: number, quyenSo: string, registry: string): EntryDefaults {
    const list = this.ofBook(bookId);
    const prev = list[list.length - 1];
    const get = (f: string) => prev?.fields.find((x) => x.field === f && !x.illegible)?.value;
    const fields: FieldValue[] = [];
    const push = (field: string, value: string | undefined) => {
      if (value) fields.push({ field, value, illegible: false });
    };
    const prevSo = get('so');
    push('so', prev ? (prevSo && /^\d+$/.test(prevSo) ? String(Number(prevSo) + 1).padStart(prevSo.length, '0') : undefined) : '1');
    push('quyenSo', get('quyenSo') ?? quyenSo);
    push('trangSo', get('trangSo') ?? (prev ? undefined : '1'));
    push('ngayDangKy', get('ngayDangKy'));
    push('noiDangKy', get('noiDangKy') ?? registry);
    push('nguoiKy', get('nguoiKy'));
    push('chucVuNguoiKy', get('chucVuNguoiKy'));
    return { bookId, previousEntryId: prev?.id ?? null, fields };
  }

  entryPreviousValue(bookId: number, entrySeq: number | null, field: string): FieldValue | null {
    const before = this.ofBook(bookId).filter((e) => entrySeq === null || e.seq < entrySeq);
    const prev = before[before.length - 1];
    const v = prev?.fields.find((x) => x.field === field);
    return v ? { ...v } : null;
  }

  keyingSuggest(target: string, prefix: string, limit: number | null): Suggestion[] {
    const key = foldVietnamese(prefix);
    const kinds: Record<string, FieldKind> = { place: 'place', ethnicity: 'ethnicity', nationality: 'nationality' };
    const counts = new Map<string, number>();
    for (const e of this.entries.values()) {
      const fields = formFields(fakeForm(e.bookType));
      for (const fv of e.fields) {
        const spec = fields.find((x) => x.name === fv.field);
        const match = target === 'signer' ? fv.field === 'nguoiKy' : kinds[target] ? spec?.kind === kinds[target] : fv.field === target;
        if (match && foldVietnamese(fv.value).startsWith(key)) counts.set(fv.value, (counts.get(fv.value) ?? 0) + 1);
      }
    }
    const out: Suggestion[] = [...counts].sort((a, b) => b[1] - a[1]).map(([value, count]) => ({ value, count, source: 'workspace' }));
    const reference =
      target === 'ethnicity' ? ['Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', "H'Mông", 'Dao']
        : target === 'nationality' ? ['Việt Nam', 'Lào', 'Campuchia', 'Trung Quốc', 'Hàn Quốc', 'Nhật Bản']
          : [];
    for (const r of reference) {
      if (foldVietnamese(r).startsWith(key) && !out.some((s) => s.value === r)) out.push({ value: r, count: 0, source: 'reference' });
    }
    return out.slice(0, limit ?? 8);
  }

  bookWarnings(bookId: number): BookWarnings {
    const warnings: BookWarning[] = [];
    for (const e of this.ofBook(bookId)) {
      const get = (f: string) => e.fields.find((x) => x.field === f)?.value ?? null;
      for (const w of this.warnings(e)) {
        warnings.push({ ...w, entryId: e.id, entrySeq: e.seq, so: get('so'), trangSo: get('trangSo'), relatedEntryIds: [] });
      }
    }
    const counts = { info: 0, warning: 0, error: 0 };
    for (const w of warnings) counts[w.severity] += 1;
    return { bookId, entriesChecked: this.ofBook(bookId).length, counts, warnings, elapsedMs: 1 };
  }

  private readonly blank = new Map<number, Set<number>>();
  setPageBlank(bookId: number, pageNo: number, blank: boolean): void {
    if (!Number.isInteger(pageNo) || pageNo < 1) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ: số trang bắt đầu từ 1');
    const set = this.blank.get(bookId) ?? new Set<number>();
    if (blank) set.add(pageNo);
    else set.delete(pageNo);
    this.blank.set(bookId, set);
  }

  bookCoverage(bookId: number, pageCount: number): BookCoverage {
    const list = this.ofBook(bookId);
    const covered = new Set(list.map((e) => Number(e.fields.find((x) => x.field === 'trangSo')?.value)).filter((n) => n > 0));
    const total = pageCount || this.pagesOf(bookId).length;
    const blank = [...(this.blank.get(bookId) ?? [])].sort((a, b) => a - b);
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((p) => !covered.has(p) && !blank.includes(p));
    return {
      bookId, pageCount, pagesAttached: this.pagesOf(bookId).length, pagesTotal: total,
      pagesCovered: Array.from({ length: total }, (_, i) => i + 1).filter((p) => covered.has(p)).length, blankPages: blank, missingPages: missing, entries: list.length,
      draftEntries: list.filter((e) => e.status === 'draft').length, entriesWithoutPage: 0,
      complete: total > 0 && missing.length === 0, finished: false,
    };
  }
}
