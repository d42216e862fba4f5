import { ApiError, type Backend, type FileDropEvent } from './backend';
import type { BackupInfo, Restored, Verified } from './generated/bindings';
import type { PathPurpose, ProvinceKey, TrustImport, TrustView } from './types-trust';
import { foldVietnamese } from '../text';
import { BOOK_TYPES, FakeKeyingStore, fakeParseDate } from './fake-keying';
import {
  COMMUNE_SCHEME_2025,
  type AppInfo,
  type AttachOutcome,
  type BookCoverage,
  type BookCreateArgs,
  type BookType,
  type BookWarnings,
  type DateParse,
  type Entry,
  type EntryDefaults,
  type EntrySummary,
  type EntryPage,
  type EntryWithWarnings,
  type FieldChange,
  type FieldValue,
  type FolderScan,
  type KeyingForm,
  type PageImage,
  type PageInfo,
  type Rotation,
  type SaveOutcome,
  type StatusOutcome,
  type Suggestion,
  type UndoOutcome,
  type ViewRequest,
  type BookSummary,
  type Commune,
  type CommunesSearchArgs,
  type EntryStatus,
  type Locale,
  type LoginArgs,
  type Role,
  type Session,
  type WorkspaceCreateArgs,
  type WorkspaceProbe,
  type WorkspaceProbeArgs,
  type BookTypeCode,
} from './types';
import type {
  CandidateKind,
  DecisionKind,
  DecisionView,
  DedupeEntry,
  DedupeRunReport,
  EntryCandidates,
  ExtractColumn,
  ExtractImportReport,
  ExtractInfo,
  ExtractPreview,
  QueueFilter,
  QueuePage,
} from './types-dedupe';
import { FakeDedupeStore } from './fake-dedupe';
import { FakeImportStore } from './fake-import';
import type { ImportPreview, ImportReport, ImportRequest } from './types-import';
import type {
  ImportOutcome,
  InventoryInput,
  InventoryRow,
  ProgressCell,
  ProgressDashboard,
  ProgressOverview,
  ProgressSeries,
  SavedFile,
  SeriesScope,
  SnapshotImports,
  TargetRow,
} from './types-progress';
import { FakeProgressStore, fakeCells, fakeSeriesFor } from './fake-progress';
import { FakeBatchStore } from './fake-batch';
import type { JobKind, JobState, JobView } from './types-jobs';
import { FakeQaStore } from './fake-qa';
import type {
  Arbitration,
  QaAlsoChecked,
  QaBlindEntry,
  QaCertificateFiles,
  QaCheckPass,
  QaComparison,
  QaDecisionOutcome,
  QaErrorRateRow,
  QaPassChange,
  QaPlanPreview,
  QaReducedConditions,
  QaReview,
  QaSettings,
  QaSettingsView,
  QaSwitchingView,
} from './types-qa';
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

/**
 * In-memory backend with the behaviour of docs/ipc.md: for component tests and for running the UI
 * in a plain browser (`npm run dev`, then open `/?fake=1`). Nothing here is real data.
 */

export const DEMO_WORKSPACE_PATH = 'C:\\SoHoa\\xa-tan-phong';
export const DEMO_PASSWORD = 'sohoa-demo';
/** A folder that exists but is not a workspace. */
export const DEMO_PLAIN_FOLDER = 'C:\\Users\\canbo\\Documents';

interface FakeAccount {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

interface FakeWorkspace {
  path: string;
  communeScheme: string;
  communeCode: string;
  communeName: string;
  accounts: FakeAccount[];
  books: BookSummary[];
}

export interface FakeOptions {
  /** What `app_info().workspacePath` returns; `null` = first run. Default: the demo workspace. */
  workspacePath?: string | null;
  locale?: Locale;
  /** Delay of every call, in ms (0 in tests). */
  latencyMs?: number;
  /** Extra delay of `login`/`workspace_create`, like Argon2 in the real core. */
  passwordLatencyMs?: number;
  /** Books of the demo workspace (default: a handful of sample books). */
  books?: BookSummary[];
  /** Start already signed in to the demo workspace as this account (`canbo` or `giamsat`). */
  signedInAs?: string | null;
}

const statuses = (c: Partial<Record<EntryStatus, number>>): Record<EntryStatus, number> => ({
  draft: 0,
  keyed: 0,
  checked: 0,
  submitted: 0,
  accepted: 0,
  returned: 0,
  exported: 0,
  ...c,
});

type BookSeed = Omit<BookSummary, 'total' | 'counts' | 'keyed' | 'pagesAttached' | 'finished'> & {
  counts: Partial<Record<EntryStatus, number>>;
  pagesAttached?: number;
  finished?: boolean;
};

/** Builds a BookSummary, computing `total` and `keyed` from the counts. */
export function makeBook(seed: BookSeed): BookSummary {
  const counts = statuses(seed.counts);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { ...seed, pagesAttached: seed.pagesAttached ?? 0, finished: seed.finished ?? false, counts, total, keyed: keyedOf(counts) };
}

/** The fake's stand-in for the core's count of keyed entries: every entry but drafts. */
function keyedOf(counts: Partial<Record<EntryStatus, number>>): number {
  return Object.entries(counts).reduce((n, [s, c]) => n + (s === 'draft' ? 0 : (c ?? 0)), 0);
}

export function demoBooks(): BookSummary[] {
  return [
    makeBook({
      id: 1, bookType: 'KS', bookTypeName: 'Khai sinh', quyenSo: '01/2016',
      registryName: 'UBND xã Tân Phong', registryCode: null, yearFrom: 2016, yearTo: null,
      periodGroup: '2016–2019', pageCount: 100, expectedEntries: 196,
      counts: { draft: 4, keyed: 20, checked: 31, submitted: 40, accepted: 70, returned: 3 },
    }),
    makeBook({
      id: 2, bookType: 'KS', bookTypeName: 'Khai sinh', quyenSo: '01/2010',
      registryName: 'UBND xã Tân Phong', registryCode: null, yearFrom: 2010, yearTo: null,
      periodGroup: '2006–2015', pageCount: 120, expectedEntries: 238,
      counts: { draft: 12, keyed: 57, checked: 9 },
    }),
    makeBook({
      id: 3, bookType: 'KT', bookTypeName: 'Khai tử', quyenSo: '01/2012',
      registryName: 'UBND xã Tân Phong', registryCode: null, yearFrom: 2012, yearTo: 2014,
      periodGroup: '2006–2015', pageCount: 60, expectedEntries: 112,
      counts: { keyed: 2, checked: 5, submitted: 10, accepted: 60, exported: 35 },
    }),
    makeBook({
      id: 4, bookType: 'KH', bookTypeName: 'Kết hôn', quyenSo: '01/2008',
      registryName: 'UBND xã Tân Phong', registryCode: null, yearFrom: 2008, yearTo: 2009,
      periodGroup: '2006–2015', pageCount: 50, expectedEntries: 90,
      counts: { draft: 1, keyed: 14 },
    }),
    makeBook({
      id: 5, bookType: 'KS', bookTypeName: 'Khai sinh', quyenSo: '01/1997',
      registryName: 'UBND xã Tân Lập (cũ)', registryCode: '04321', yearFrom: 1996, yearTo: 1998,
      periodGroup: '1976–1998', pageCount: 96, expectedEntries: 180,
      counts: {},
    }),
    makeBook({
      id: 6, bookType: 'HN', bookTypeName: 'Xác nhận tình trạng hôn nhân', quyenSo: '01/2018',
      registryName: 'UBND xã Tân Phong', registryCode: null, yearFrom: 2018, yearTo: null,
      periodGroup: '2016–2019', pageCount: 40, expectedEntries: null,
      counts: { keyed: 8, checked: 2 },
    }),
  ];
}

const COMMUNES: Commune[] = [
  ['00004', 'Phường Ba Đình', 'Thành phố Hà Nội'],
  ['00008', 'Phường Ngọc Hà', 'Thành phố Hà Nội'],
  ['00070', 'Phường Hoàn Kiếm', 'Thành phố Hà Nội'],
  ['00082', 'Phường Văn Miếu - Quốc Tử Giám', 'Thành phố Hà Nội'],
  ['00235', 'Phường Ô Chợ Dừa', 'Thành phố Hà Nội'],
  ['04120', 'Xã Tân Phong', 'Tỉnh Lai Châu'],
  ['07255', 'Xã Tân Phong', 'Tỉnh Phú Thọ'],
  ['09874', 'Xã Tân Lập', 'Tỉnh Phú Thọ'],
  ['16690', 'Xã Đông Thành', 'Tỉnh Nghệ An'],
  ['19870', 'Xã Hải Lăng', 'Tỉnh Quảng Trị'],
  ['20305', 'Phường Hải Châu', 'Thành phố Đà Nẵng'],
  ['22015', 'Xã Hòa Vang', 'Thành phố Đà Nẵng'],
  ['26734', 'Phường Sài Gòn', 'Thành phố Hồ Chí Minh'],
  ['27004', 'Phường Bến Thành', 'Thành phố Hồ Chí Minh'],
  ['31117', 'Xã Phong Điền', 'Thành phố Cần Thơ'],
].map(([code, name, provinceName]) => ({
  scheme: COMMUNE_SCHEME_2025,
  code: code as string,
  name: name as string,
  provinceName: provinceName as string,
}));

const clone = <T>(v: T): T => structuredClone(v);

/** Found in a bundle only if the fake was built into it; CI checks the shipped bundle lacks it. */
export const FAKE_BACKEND_MARKER = 'sohoa:fake-backend';

export class FakeBackend implements Backend {
  /** Which backend this is (the marker above, kept by the bundler because it is used). */
  readonly kind = FAKE_BACKEND_MARKER;
  private readonly workspaces = new Map<string, FakeWorkspace>();
  private readonly folders = new Set<string>([DEMO_PLAIN_FOLDER, 'C:\\SoHoa']);
  private readonly info: AppInfo;
  private readonly latencyMs: number;
  private readonly passwordLatencyMs: number;
  private session: Session | null = null;
  /** Every call made, newest last (for assertions in tests). */
  readonly calls: { command: string; args?: unknown }[] = [];
  /** Pages, forms and entries of the keying screens (fake-keying.ts). */
  readonly keying: FakeKeyingStore = new FakeKeyingStore(
    (bookId) => this.book(bookId).bookType,
    () => this.session?.user.username ?? 'canbo',
  );

  constructor(opts: FakeOptions = {}) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.passwordLatencyMs = opts.passwordLatencyMs ?? 0;
    this.info = {
      version: '0.1.0-fake',
      workspacePath: opts.workspacePath === undefined ? DEMO_WORKSPACE_PATH : opts.workspacePath,
      locale: opts.locale ?? 'vi',
    };
    this.workspaces.set(DEMO_WORKSPACE_PATH, {
      path: DEMO_WORKSPACE_PATH,
      communeScheme: COMMUNE_SCHEME_2025,
      communeCode: '04120',
      communeName: 'Xã Tân Phong',
      accounts: [
        { username: 'canbo', displayName: 'Nguyễn Thị Lan', role: 'clerk', password: DEMO_PASSWORD },
        { username: 'giamsat', displayName: 'Trần Văn Minh', role: 'supervisor', password: DEMO_PASSWORD },
      ],
      books: opts.books ?? demoBooks(),
    });
    // Scans for two demo books, so the keying screen has pages in fake mode.
    for (const b of this.workspaces.get(DEMO_WORKSPACE_PATH)?.books ?? []) {
      if (opts.books === undefined && (b.id === 1 || b.id === 3)) {
        this.keying.seedPages(b.id, 6);
        b.pagesAttached = 6;
      }
    }
    if (opts.signedInAs) {
      const ws = this.open(DEMO_WORKSPACE_PATH);
      const account = ws.accounts.find((a) => a.username === opts.signedInAs);
      if (account) this.session = this.sessionFor(ws, account);
    }
  }

  private async wait(extra = 0): Promise<void> {
    const ms = this.latencyMs + extra;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  }

  private record(command: string, args?: unknown): void {
    this.calls.push(args === undefined ? { command } : { command, args: clone(args) });
  }

  private open(path: string): FakeWorkspace {
    const ws = this.workspaces.get(path.trim());
    if (ws) return ws;
    if (this.folders.has(path.trim())) {
      throw new ApiError('workspace.not_a_workspace', `“${path}” không phải là sổ làm việc của sohoa.`);
    }
    throw new ApiError('workspace.not_found', `Không tìm thấy sổ làm việc tại “${path}”.`);
  }

  private sessionFor(ws: FakeWorkspace, a: FakeAccount): Session {
    return {
      user: { username: a.username, displayName: a.displayName, role: a.role },
      workspace: {
        path: ws.path,
        communeCode: ws.communeCode,
        communeName: ws.communeName,
        communeScheme: ws.communeScheme,
        schemaVersion: 1,
      },
    };
  }

  async appInfo(): Promise<AppInfo> {
    this.record('app_info');
    await this.wait();
    return clone(this.info);
  }

  async workspaceProbe({ path }: WorkspaceProbeArgs): Promise<WorkspaceProbe> {
    this.record('workspace_probe', { path });
    await this.wait();
    const p = path.trim();
    const ws = this.workspaces.get(p);
    if (ws) {
      return {
        path: p,
        exists: true,
        isWorkspace: true,
        communeName: ws.communeName,
        accounts: ws.accounts.map((a) => a.username),
      };
    }
    return { path: p, exists: this.folders.has(p), isWorkspace: false, communeName: null, accounts: [] };
  }

  async workspaceCreate(args: WorkspaceCreateArgs): Promise<Session> {
    this.record('workspace_create', { ...args, password: '***' });
    await this.wait(this.passwordLatencyMs);
    const path = args.path.trim();
    if (!path) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “path”: không được để trống');
    if (this.workspaces.has(path)) {
      throw new ApiError('workspace.exists', `Đã có sổ làm việc tại “${path}”. Hãy chọn thư mục khác.`);
    }
    if (!args.username.trim()) {
      throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “username”: không được để trống');
    }
    if (args.password.length < 10 && args.password.trim().split(/\s+/).length < 3) {
      throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “password”: mật khẩu cần ít nhất 10 ký tự, hoặc là một câu ít nhất 3 từ');
    }
    const account: FakeAccount = {
      username: args.username.trim(),
      displayName: args.displayName.trim(),
      role: 'clerk',
      password: args.password,
    };
    const ws: FakeWorkspace = {
      path,
      communeScheme: args.communeScheme,
      communeCode: args.communeCode,
      communeName: args.communeName,
      accounts: [account],
      books: [],
    };
    this.workspaces.set(path, ws);
    this.info.workspacePath = path;
    this.session = this.sessionFor(ws, account);
    return clone(this.session);
  }

  async login({ path, username, password }: LoginArgs): Promise<Session> {
    this.record('login', { path, username, password: '***' });
    await this.wait(this.passwordLatencyMs);
    const ws = this.open(path);
    const account = ws.accounts.find((a) => a.username === username.trim());
    if (!account) {
      throw new ApiError('auth.unknown_user', `Không có tài khoản “${username}” trong sổ làm việc này.`);
    }
    if (account.password !== password) {
      throw new ApiError('auth.wrong_password', 'Sai mật khẩu. Vui lòng thử lại.');
    }
    this.info.workspacePath = ws.path;
    this.session = this.sessionFor(ws, account);
    return clone(this.session);
  }

  async logout(): Promise<null> {
    this.record('logout');
    await this.wait();
    this.session = null;
    return null;
  }

  async sessionCurrent(): Promise<Session | null> {
    this.record('session_current');
    await this.wait();
    return this.session ? clone(this.session) : null;
  }

  async booksList(): Promise<BookSummary[]> {
    this.record('books_list');
    await this.wait();
    if (!this.session) throw new ApiError('auth.not_signed_in', 'Bạn chưa đăng nhập.');
    return clone(this.open(this.session.workspace.path).books).map((b) => ({ ...b, keyed: keyedOf(b.counts) }));
  }

  async communesSearch({ scheme, query, limit }: CommunesSearchArgs): Promise<Commune[]> {
    this.record('communes_search', { scheme, query, limit });
    await this.wait();
    const q = foldVietnamese(query);
    if (!q) return [];
    return COMMUNES.filter(
      (c) => c.scheme === scheme && (foldVietnamese(c.name).includes(q) || c.code.startsWith(q)),
    )
      .slice(0, limit)
      .map(clone);
  }

  // ---- keying (fake-keying.ts) ----

  /** A book of the signed-in workspace. */
  private book(bookId: number): BookSummary {
    if (!this.session) throw new ApiError('auth.not_signed_in', 'Bạn chưa đăng nhập.');
    const b = this.open(this.session.workspace.path).books.find((x) => x.id === bookId);
    if (!b) throw new ApiError('not_found', `Không tìm thấy sổ số ${bookId}.`);
    return b;
  }

  private async keyed<T>(command: string, args: unknown, f: () => T): Promise<T> {
    this.record(command, args);
    await this.wait();
    if (!this.session) throw new ApiError('auth.not_signed_in', 'Bạn chưa đăng nhập.');
    return f();
  }

  bookTypes(): Promise<BookType[]> {
    return this.keyed('book_types', undefined, () => this.keying.bookTypes());
  }

  bookCreate(args: BookCreateArgs): Promise<BookSummary> {
    return this.keyed('book_create', args, () => {
      const type = BOOK_TYPES.find((b) => b.code === args.bookType);
      if (!type) throw new ApiError('input.invalid', `Dữ liệu không hợp lệ ở “bookType”: loại sổ không hợp lệ: ${args.bookType}`);
      if (!args.quyenSo.trim()) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “quyenSo”: cần nhập quyển số');
      if (!args.registryName.trim()) {
        throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “registry”: cần nhập nơi đăng ký (UBND xã/phường giữ sổ)');
      }
      const ws = this.open(this.session!.workspace.path);
      const book = makeBook({
        id: Math.max(0, ...ws.books.map((b) => b.id)) + 1, bookType: type.code, bookTypeName: type.name,
        quyenSo: args.quyenSo.trim(), registryName: args.registryName.trim(), registryCode: args.registryCode,
        yearFrom: args.yearFrom, yearTo: args.yearTo, periodGroup: args.yearFrom < 2016 ? '2006–2015' : '2016–2019',
        pageCount: args.pageCount, expectedEntries: args.expectedEntries, counts: {}, pagesAttached: 0, finished: false,
      });
      ws.books.push(book);
      return clone(book);
    });
  }

  pagesList(bookId: number): Promise<PageInfo[]> {
    return this.keyed('pages_list', { bookId }, () => this.keying.pagesList(bookId));
  }

  pagesAttach(bookId: number, fileName: string, bytes: Uint8Array): Promise<AttachOutcome> {
    return this.keyed('pages_attach', { bookId, fileName, size: bytes.length }, () => {
      const out = this.keying.pagesAttach(bookId, fileName, bytes);
      this.book(bookId).pagesAttached = this.keying.pagesCount(bookId);
      return out;
    });
  }

  pagesFolderScan(path: string): Promise<FolderScan> {
    return this.keyed('pages_folder_scan', { path }, () => this.keying.pagesFolderScan(path));
  }

  pagesAttachPath(bookId: number, path: string): Promise<AttachOutcome> {
    return this.keyed('pages_attach_path', { bookId, path }, () => {
      const out = this.keying.pagesAttachPath(bookId, path);
      this.book(bookId).pagesAttached = this.keying.pagesCount(bookId);
      return out;
    });
  }

  pageRotate(pageId: number, rotation: number): Promise<PageInfo> {
    return this.keyed('page_rotate', { pageId, rotation }, () => this.keying.pageRotate(pageId, rotation as Rotation));
  }

  pageMove(pageId: number, toSeq: number): Promise<PageInfo[]> {
    return this.keyed('page_move', { pageId, toSeq }, () => this.keying.pageMove(pageId, toSeq));
  }

  pageRemove(pageId: number): Promise<PageInfo[]> {
    return this.keyed('page_remove', { pageId }, () => this.keying.pageRemove(pageId));
  }

  pageThumbnail(pageId: number): Promise<Uint8Array> {
    return this.keyed('page_thumbnail', { pageId }, () => this.keying.pageThumbnail(pageId));
  }

  pageImage(pageId: number, view: ViewRequest): Promise<PageImage> {
    return this.keyed('page_image', { pageId, view }, () => this.keying.pageImage(pageId, view));
  }

  keyingForm(bookType: string): Promise<KeyingForm> {
    return this.keyed('keying_form', { bookType }, () => this.keying.keyingForm(bookType));
  }

  keyingEntries(bookId: number): Promise<EntrySummary[]> {
    return this.keyed('keying_entries', { bookId }, () => this.keying.keyingEntries(bookId));
  }

  entryGet(entryId: number): Promise<EntryWithWarnings> {
    return this.keyed('entry_get', { entryId }, () => {
      const got = this.keying.entryGet(entryId);
      return { ...got, pages: this.pagesOf(got.entry) };
    });
  }

  entryCreate(bookId: number, fields: FieldValue[], pageId: number | null): Promise<EntryWithWarnings> {
    return this.keyed('entry_create', { bookId, fields, pageId }, () => {
      const out = this.keying.entryCreate(bookId, fields, pageId);
      const b = this.book(bookId);
      b.counts.draft += 1;
      b.total += 1;
      return out;
    });
  }

  entrySaveField(entryId: number, field: FieldValue): Promise<SaveOutcome> {
    return this.keyed('entry_save_field', { entryId, field }, () => this.savingInPass(entryId, [field]));
  }

  entrySaveFields(entryId: number, fields: FieldValue[]): Promise<SaveOutcome> {
    return this.keyed('entry_save_fields', { entryId, fields }, () => this.savingInPass(entryId, fields));
  }

  entryUndo(entryId: number): Promise<UndoOutcome | null> {
    return this.keyed('entry_undo', { entryId }, () => this.keying.entryUndo(entryId));
  }

  entryHistory(entryId: number, field: string | null): Promise<FieldChange[]> {
    return this.keyed('entry_history', { entryId, field }, () => this.keying.entryHistory(entryId, field));
  }

  entryMark(entryId: number, status: EntryStatus): Promise<StatusOutcome> {
    return this.keyed('entry_mark', { entryId, status }, () => this.keying.entryMark(entryId, status));
  }

  entryDefaults(bookId: number): Promise<EntryDefaults> {
    return this.keyed('entry_defaults', { bookId }, () => {
      const b = this.book(bookId);
      return this.keying.entryDefaults(bookId, b.quyenSo, b.registryName);
    });
  }

  entryPreviousValue(bookId: number, entrySeq: number | null, field: string): Promise<FieldValue | null> {
    return this.keyed('entry_previous_value', { bookId, entrySeq, field }, () =>
      this.keying.entryPreviousValue(bookId, entrySeq, field),
    );
  }

  keyingSuggest(target: string, prefix: string, limit: number | null): Promise<Suggestion[]> {
    return this.keyed('keying_suggest', { target, prefix, limit }, () => this.keying.keyingSuggest(target, prefix, limit));
  }

  keyingParseDate(text: string): Promise<DateParse> {
    return this.keyed('keying_parse_date', { text }, () => fakeParseDate(text));
  }

  bookWarnings(bookId: number): Promise<BookWarnings> {
    return this.keyed('book_warnings', { bookId }, () => this.keying.bookWarnings(bookId));
  }

  bookCoverage(bookId: number): Promise<BookCoverage> {
    return this.keyed('book_coverage', { bookId }, () => this.keying.bookCoverage(bookId, this.book(bookId).pageCount));
  }

  bookFinish(bookId: number): Promise<BookCoverage> {
    return this.keyed('book_finish', { bookId }, () => {
      const cov = this.keying.bookCoverage(bookId, this.book(bookId).pageCount);
      if (!cov.complete) {
        throw new ApiError('conflict', `Không thể thực hiện: còn ${cov.missingPages.length} trang chưa có bản ghi nào`);
      }
      this.book(bookId).finished = true;
      return { ...cov, finished: true };
    });
  }

  bookPageBlank(bookId: number, pageNo: number, blank: boolean): Promise<BookCoverage> {
    return this.keyed('book_page_blank', { bookId, pageNo, blank }, () => {
      this.keying.setPageBlank(bookId, pageNo, blank);
      return this.keying.bookCoverage(bookId, this.book(bookId).pageCount);
    });
  }

  private readonly dropHandlers = new Set<(e: FileDropEvent) => void>();
  onFileDrop(handler: (e: FileDropEvent) => void): Promise<() => void> {
    this.dropHandlers.add(handler);
    return Promise.resolve(() => this.dropHandlers.delete(handler));
  }
  /** Tests: files dragged from the desktop and dropped on the window. */
  dropFiles(paths: string[]): void {
    for (const h of [...this.dropHandlers]) h({ type: 'over' });
    for (const h of [...this.dropHandlers]) h({ type: 'drop', paths });
  }

  // ---- duplicate flagging (issue 5): fake-dedupe.ts ----
  /** The queue, decisions and extract of the duplicate screens. */
  readonly dedupe: FakeDedupeStore = new FakeDedupeStore(
    () => this.session?.user.username ?? 'canbo',
    (id) => {
      try {
        return this.keying.entryGet(id).entry;
      } catch {
        return null;
      }
    },
  );

  private signedIn(): void {
    if (!this.session) throw new ApiError('auth.not_signed_in', 'Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.');
  }
  async dedupeExtractInfo(): Promise<ExtractInfo | null> {
    this.record('dedupe_extract_info');
    await this.wait();
    this.signedIn();
    return this.dedupe.info();
  }
  async dedupeExtractPreview(fileName: string, bytes: Uint8Array, mapping: (ExtractColumn | null)[] | null): Promise<ExtractPreview> {
    this.record('dedupe_extract_preview', { fileName, bytes: bytes.length, mapping });
    await this.wait();
    this.signedIn();
    return this.dedupe.preview(fileName, bytes, mapping);
  }
  async dedupeExtractImport(
    fileName: string,
    bytes: Uint8Array,
    mapping: (ExtractColumn | null)[],
    source: string,
    extractDate: string,
  ): Promise<ExtractImportReport> {
    this.record('dedupe_extract_import', { fileName, bytes: bytes.length, mapping, source, extractDate });
    return this.asJob('extractImport', fileName, undefined, async () => {
      await this.wait();
      this.signedIn();
      return this.dedupe.import(fileName, bytes, mapping, source, extractDate);
    });
  }
  async dedupeRun(onProgress?: ProgressFn): Promise<DedupeRunReport> {
    this.record('dedupe_run');
    return this.asJob('dedupeRun', '', onProgress, async () => {
      await this.wait();
      this.signedIn();
      return this.dedupe.run();
    });
  }
  async dedupeQueue(filter: QueueFilter, offset: number, limit: number): Promise<QueuePage> {
    this.record('dedupe_queue', { filter, offset, limit });
    await this.wait();
    this.signedIn();
    return this.dedupe.queue(filter, offset, limit);
  }
  async dedupeCandidates(entryId: number): Promise<EntryCandidates> {
    this.record('dedupe_candidates', { entryId });
    await this.wait();
    this.signedIn();
    return this.dedupe.candidates(entryId, false);
  }
  async dedupeAdjudication(entryId: number): Promise<EntryCandidates> {
    this.record('dedupe_adjudication', { entryId });
    await this.wait();
    this.signedIn();
    return this.dedupe.candidates(entryId, true);
  }
  async dedupeDecide(entryId: number, kind: CandidateKind, candidateId: string, decision: DecisionKind, note: string | null): Promise<DecisionView> {
    this.record('dedupe_decide', { entryId, kind, candidateId, decision, note });
    await this.wait();
    this.signedIn();
    return this.dedupe.decide(entryId, kind, candidateId, decision, note);
  }
  async dedupeWithdraw(entryId: number, kind: CandidateKind, candidateId: string): Promise<null> {
    this.record('dedupe_withdraw', { entryId, kind, candidateId });
    await this.wait();
    this.signedIn();
    this.dedupe.decide(entryId, kind, candidateId, 'withdrawn', null);
    return null;
  }
  async dedupeEntry(entryId: number): Promise<DedupeEntry> {
    this.record('dedupe_entry', { entryId });
    await this.wait();
    this.signedIn();
    return this.dedupe.entry(entryId);
  }
  async dedupePageImage(pageId: number): Promise<Uint8Array> {
    this.record('dedupe_page_image', { pageId });
    await this.wait();
    this.signedIn();
    // a 1×1 grey PNG
    return Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4BwAA3QDcBZ9ShQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
  }
  // ---- spreadsheet import (issue 4 §6): fake-import.ts ----
  readonly imports: FakeImportStore = new FakeImportStore(
    (bookType) => this.keying.keyingForm(bookType),
    (bookId) => this.book(bookId),
    (bookType, quyenSo, yearFrom, yearTo, fileName) => {
      const ws = this.open(this.session!.workspace.path);
      const type = BOOK_TYPES.find((b) => b.code === bookType);
      const book = makeBook({
        id: Math.max(0, ...ws.books.map((b) => b.id)) + 1, bookType: bookType as BookTypeCode, bookTypeName: type?.name ?? bookType, quyenSo,
        registryName: `UBND ${ws.communeName}`, registryCode: ws.communeCode, yearFrom, yearTo,
        periodGroup: yearFrom < 2016 ? '2006–2015' : '2016–2019', pageCount: 0, expectedEntries: null, counts: {},
        pagesAttached: 0, finished: false,
      });
      void fileName;
      ws.books.push(book);
      return book;
    },
  );
  async importPreview(req: ImportRequest): Promise<ImportPreview> {
    this.record('import_preview', { ...req, bytes: req.bytes.length });
    await this.wait();
    this.signedIn();
    return this.imports.preview(req);
  }
  async importRun(req: ImportRequest, onProgress?: ProgressFn): Promise<ImportReport> {
    this.record('import_run', { ...req, bytes: req.bytes.length });
    return this.asJob('import', req.fileName, onProgress, async () => {
      await this.wait();
      this.signedIn();
      return this.imports.run(req);
    });
  }

  // ---- jobs (issue 14 §5): the shell's registry, in memory ----
  private jobs: JobView[] = [];
  private jobSeq = 0;
  private jobHandlers = new Set<(j: JobView) => void>();
  private jobChanged(j: JobView): void {
    for (const h of [...this.jobHandlers]) h({ ...j });
  }
  /** Runs `work` as the shell runs a job: id first on the progress, tray events, cancel between steps. */
  private async asJob<T>(kind: JobKind, label: string, onProgress: ProgressFn | undefined, work: () => Promise<T>): Promise<T> {
    const job: JobView = { id: ++this.jobSeq, kind, label, stage: 'start', done: 0, total: 0, state: 'running', cancellable: true, error: null };
    this.jobs.push(job);
    onProgress?.({ jobId: job.id, stage: 'start', done: 0, total: 0 });
    this.jobChanged(job);
    try {
      // The job runs a while; a cancel meanwhile undoes it whole (nothing of `work` happens).
      await this.wait();
      if ((job.state as JobState) === 'cancelling') throw new ApiError('job.cancelled', 'Đã hủy theo yêu cầu; không có gì được ghi lại.');
      const out = await work();
      job.state = 'done';
      return out;
    } catch (err) {
      job.state = err instanceof ApiError && err.code === 'job.cancelled' ? 'cancelled' : 'failed';
      if (job.state === 'failed') job.error = err instanceof ApiError ? err.code : 'internal';
      throw err;
    } finally {
      this.jobChanged(job);
    }
  }
  async jobsList(): Promise<JobView[]> {
    this.record('jobs_list');
    const running = this.jobs.filter((j) => j.state === 'running' || j.state === 'cancelling');
    const ended = this.jobs.filter((j) => !running.includes(j)).reverse().slice(0, 5);
    return [...running, ...ended].map((j) => ({ ...j }));
  }
  async jobCancel(jobId: number): Promise<JobView> {
    this.record('job_cancel', { jobId });
    const j = this.jobs.find((x) => x.id === jobId && x.state === 'running' && x.cancellable);
    if (!j) throw new ApiError('not_found', `Không tìm thấy công việc số ${jobId} đang chạy.`);
    j.state = 'cancelling';
    this.jobChanged(j);
    return { ...j };
  }
  onJobsChanged(handler: (j: JobView) => void): Promise<() => void> {
    this.jobHandlers.add(handler);
    return Promise.resolve(() => this.jobHandlers.delete(handler));
  }
  async importSaveRejected(fileName: string, csv: string): Promise<{ path: string }> {
    this.record('import_save_rejected', { fileName, csv });
    await this.wait();
    this.signedIn();
    return { path: `${this.session!.workspace.path}-bao-cao\\${fileName.replace(/\.[^.]+$/, '')}.csv` };
  }

  // ---- progress (fake-progress.ts) ----
  readonly progress = new FakeProgressStore();

  /** A supervisor sees the national demo; a clerk only the own commune. */
  private progressDash(): ProgressDashboard {
    this.signedIn();
    if (this.session!.user.role === 'supervisor') return this.progress.nationalDashboard();
    const o = this.progress.overview(this.session!.workspace.communeName, this.session!.workspace.communeCode, 0);
    const c = o.commune!;
    return {
      generatedAt: new Date().toISOString(), asOf: c.outlook.asOf, national: { ...c, level: 'country', code: 'VN', name: 'Toàn quốc' },
      communes: [c], provinces2025: [], provincesPre2025: [], cells: o.cells,
      flags: { communes: { [c.outlook.flag]: 1 }, provinces2025: {}, provincesPre2025: {} }, snapshots: 0, demoSnapshots: 0, hasOwnData: true,
    };
  }
  async progressOverview(): Promise<ProgressOverview> {
    this.record('progress_overview');
    await this.wait();
    this.signedIn();
    const ws = this.session!.workspace;
    const others = this.session!.user.role === 'supervisor' ? this.progress.nationalDashboard().communes.length : 0;
    return structuredClone(this.progress.overview(ws.communeName, ws.communeCode, others));
  }
  async progressDashboard(asOf?: string | null): Promise<ProgressDashboard> {
    this.record('progress_dashboard', { asOf: asOf ?? null });
    await this.wait();
    return structuredClone(this.progressDash());
  }
  async progressSeries(scope: SeriesScope): Promise<ProgressSeries> {
    this.record('progress_series', { scope });
    await this.wait();
    if (scope.level === 'own') {
      this.signedIn();
      const ws = this.session!.workspace;
      return this.progress.overview(ws.communeName, ws.communeCode, 0).series;
    }
    return fakeSeriesFor(this.progressDash(), scope);
  }
  async progressBreakdown(scope: SeriesScope): Promise<ProgressCell[]> {
    this.record('progress_breakdown', { scope });
    await this.wait();
    const d = this.progressDash();
    const u =
      scope.level === 'province'
        ? (scope.scheme === 'gso_pre2025' ? d.provincesPre2025 : d.provinces2025).find((p) => p.code === scope.code)
        : scope.level === 'commune'
          ? d.communes.find((c) => c.code === scope.code)
          : d.national;
    return u ? fakeCells(u.counts.entries, u.counts.books) : [];
  }
  async progressInventoryList(): Promise<InventoryRow[]> {
    this.record('progress_inventory_list');
    await this.wait();
    this.signedIn();
    return this.progress.inventoryList();
  }
  async progressInventorySet(rows: InventoryInput[]): Promise<ImportOutcome> {
    this.record('progress_inventory_set', { rows });
    await this.wait();
    this.signedIn();
    const ws = this.session!.workspace;
    return this.progress.inventorySet(rows, this.session!.user.username, ws.communeCode, ws.communeName);
  }
  async progressInventoryImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome> {
    this.record('progress_inventory_import', { fileName, size: bytes.length });
    await this.wait();
    this.signedIn();
    const text = new TextDecoder().decode(bytes);
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    if (!lines[0]?.includes('book_type')) {
      return { fileName, rows: 0, imported: 0, errors: [{ line: 1, column: null, message: 'thiếu cột: book_type, period_group, books, expected_entries' }] };
    }
    const head = lines[0].split(',').map((h) => h.trim());
    const rows: InventoryInput[] = lines.slice(1).map((l) => {
      const c = l.split(',');
      const get = (n: string) => (c[head.indexOf(n)] ?? '').trim();
      return { bookType: get('book_type') as BookTypeCode, periodGroup: get('period_group'), books: Number(get('books')), expectedEntries: Number(get('expected_entries')) };
    });
    return { ...this.progress.inventorySet(rows, this.session!.user.username, this.session!.workspace.communeCode, this.session!.workspace.communeName), fileName };
  }
  async progressTargetsList(): Promise<TargetRow[]> {
    this.record('progress_targets_list');
    await this.wait();
    this.signedIn();
    return structuredClone(this.progress.targets);
  }
  async progressTargetsImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome> {
    this.record('progress_targets_import', { fileName, size: bytes.length });
    await this.wait();
    this.signedIn();
    const lines = new TextDecoder().decode(bytes).split(/\r?\n/).filter((l) => l.trim());
    if (!lines[0]?.includes('deadline')) {
      return { fileName, rows: 0, imported: 0, errors: [{ line: 1, column: null, message: 'thiếu cột: unit_scheme, unit_code, book_type, period_group, target_books, target_records, deadline' }] };
    }
    return { fileName, rows: lines.length - 1, imported: lines.length - 1, errors: [] };
  }
  async progressSnapshotExport(dir?: string | null): Promise<SavedFile> {
    this.record('progress_snapshot_export', { dir: dir ?? null });
    await this.wait();
    this.signedIn();
    this.progress.fingerprint ??= '3F2A-91C0-7D44-0B1E-A5C9';
    const ws = this.session!.workspace;
    const fileName = `tien-do-${ws.communeCode}-20250131.sohoa-progress.json`;
    return { path: `${dir || `${ws.path}-bao-cao`}\\${fileName}`, fileName, bytes: 6200, fingerprint: this.progress.fingerprint };
  }
  async progressSnapshotImport(path: string): Promise<SnapshotImports> {
    this.record('progress_snapshot_import', { path });
    await this.wait();
    this.signedIn();
    if (this.session!.user.role !== 'supervisor') {
      throw new ApiError('auth.forbidden', 'Tài khoản của bạn không được phép thực hiện thao tác này (cần vai trò supervisor).');
    }
    if (!path.trim()) throw new ApiError('not_found', 'Không tìm thấy tệp hoặc thư mục “”.');
    return {
      imported: [{ fileName: 'tien-do-04120-20250131.sohoa-progress.json', status: 'imported', communeCode: '04120', communeName: 'Xã Tân Phong', asOf: '2025-01-31', fingerprint: '3F2A-91C0-7D44-0B1E-A5C9' }],
      failed: [{ fileName: 'tien-do-sua.json', code: 'input.invalid', message: 'Dữ liệu không hợp lệ ở “chữ ký”: chữ ký không khớp nội dung: tệp đã bị sửa hoặc không do xã này ký' }],
    };
  }
  async progressReport(format: string, period: string | null, dir: string | null): Promise<SavedFile> {
    this.record('progress_report', { format, period: period ?? null, dir: dir ?? null });
    await this.wait();
    this.signedIn();
    if (format !== 'pdf' && format !== 'xlsx') throw new ApiError('input.invalid', `Dữ liệu không hợp lệ ở “format”: định dạng “${format}” không hỗ trợ (pdf, xlsx)`);
    const fileName = `bao-cao-tien-do-${period || '2025-01'}.${format}`;
    return { path: `${dir || `${this.session!.workspace.path}-bao-cao`}\\${fileName}`, fileName, bytes: format === 'pdf' ? 58_000 : 350_000, fingerprint: null };
  }
  // ---- batches (issue 6): fake-batch.ts ----
  readonly batch = new FakeBatchStore(() => {
    const ws = this.session!.workspace;
    return { username: this.session!.user.username, role: this.session!.user.role, communeCode: ws.communeCode, communeName: ws.communeName, path: ws.path };
  });

  private async batchCall<T>(command: string, args: unknown, f: () => T | Promise<T>): Promise<T> {
    this.record(command, args);
    await this.wait();
    this.signedIn();
    return structuredClone(await f());
  }
  private requireRole(role: 'clerk' | 'supervisor'): void {
    if (this.session!.user.role !== role) {
      throw new ApiError('auth.forbidden', `Tài khoản của bạn không được phép thực hiện thao tác này (cần vai trò ${role}).`);
    }
  }
  batchPaths(): Promise<BatchPaths> {
    return this.batchCall('batch_paths', undefined, () => this.batch.paths());
  }
  batchIdentity(): Promise<DeviceFile> {
    return this.batchCall('batch_identity', undefined, () => this.batch.identity());
  }
  batchDeviceFileSave(path: string): Promise<string> {
    return this.batchCall('batch_device_file_save', { path }, () => {
      if (!path.trim()) throw new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “đường dẫn”: hãy nhập đường dẫn tệp');
      return path.trim();
    });
  }
  batchTrustedDevices(): Promise<TrustedDevice[]> {
    return this.batchCall('batch_trusted_devices', undefined, () => this.batch.trusted);
  }
  batchTrustFile(path: string): Promise<TrustedDevice> {
    return this.batchCall('batch_trust_file', { path }, () => this.batch.trustFile(path));
  }
  batchTrustFingerprint(fingerprint: string, communeCode: string, scheme: string | null): Promise<TrustedDevice> {
    return this.batchCall('batch_trust_fingerprint', { fingerprint, communeCode, scheme }, () => this.batch.trustFingerprint(fingerprint, communeCode));
  }
  batchCandidates(): Promise<BookReadiness[]> {
    return this.batchCall('batch_candidates', undefined, () => {
      this.requireRole('clerk');
      return this.batch.candidates;
    });
  }
  batchList(): Promise<BatchInfo[]> {
    return this.batchCall('batch_list', undefined, () => [...this.batch.batches].reverse());
  }
  batchExport(books: number[], path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<BatchSummary> {
    return this.asJob('batchExport', fileLabel(path), onProgress, () =>
      this.batchCall('batch_export', { books, path, passphrase: passphrase === null ? null : '***' }, () => {
        this.requireRole('clerk');
        return this.batch.export(books, path, passphrase, onProgress);
      }),
    );
  }
  batchCancel(number: number): Promise<null> {
    return this.batchCall('batch_cancel', { number }, () => {
      this.batch.cancel(number);
      return null;
    });
  }
  batchReturned(): Promise<ReturnedEntryView[]> {
    return this.batchCall('batch_returned', undefined, () => this.batch.returned);
  }
  batchVerify(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<VerifyReport> {
    return this.asJob('batchVerify', fileLabel(path), onProgress, () =>
      this.batchCall('batch_verify', { path, passphrase: passphrase === null ? null : '***' }, () => this.batch.verify(path, onProgress)),
    );
  }
  batchImport(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<PackageImportOutcome> {
    return this.asJob('batchImport', fileLabel(path), onProgress, () =>
      this.batchCall('batch_import', { path, passphrase: passphrase === null ? null : '***' }, () => this.batch.import(path, onProgress)),
    );
  }
  batchImported(): Promise<ImportedPackage[]> {
    return this.batchCall('batch_imported', undefined, () => (this.session!.user.role === 'supervisor' ? this.batch.imported : []));
  }
  batchImportedBooks(importId: number): Promise<ImportedBookView[]> {
    return this.batchCall('batch_imported_books', { importId }, () => this.batch.books(importId));
  }
  batchReviewEntries(bookId: number, sample: number): Promise<ReviewEntrySummary[]> {
    return this.batchCall('batch_review_entries', { bookId, sample }, () => this.batch.entries(bookId, sample));
  }
  batchReviewEntry(entryId: number): Promise<ReviewEntry> {
    return this.batchCall('batch_review_entry', { entryId }, () => this.batch.entry(entryId));
  }
  batchVerdict(bookId: number, decision: 'accept' | 'return', reasons: ReturnReason[]): Promise<null> {
    return this.batchCall('batch_verdict', { bookId, decision, reasons }, () => {
      this.requireRole('supervisor');
      this.batch.verdict(bookId, decision, reasons);
      return null;
    });
  }
  batchVerdictsExport(importId: number, path: string, passphrase: string | null): Promise<VerdictSummary> {
    return this.batchCall('batch_verdicts_export', { importId, path, passphrase: passphrase === null ? null : '***' }, () => this.batch.exportVerdicts(importId, path));
  }
  uploadCandidates(): Promise<[number, number][]> {
    return this.batchCall('upload_candidates', undefined, () => this.batch.uploadCandidates());
  }
  uploadExport(books: number[], dir: string, onProgress?: ProgressFn): Promise<UploadReport> {
    return this.asJob('uploadExport', fileLabel(dir), onProgress, () =>
      this.batchCall('upload_export', { books, dir }, () => this.batch.uploadExport(books, dir, onProgress)),
    );
  }  private qaStore: FakeQaStore | null = null;
  private get qa(): FakeQaStore {
    this.qaStore ??= new FakeQaStore(this.batch);
    return this.qaStore;
  }
  qaOpenReview(bookId: number): Promise<QaReview> {
    return this.batchCall('qa_open_review', { bookId }, () => {
      this.requireRole('supervisor');
      return this.qa.open(bookId);
    });
  }
  qaRekey(reviewId: number, entryId: number, values: FieldValue[]): Promise<QaComparison> {
    return this.batchCall('qa_rekey', { reviewId, entryId, values }, () => this.qa.rekey(reviewId, entryId, values));
  }
  qaBlindEntry(reviewId: number, entryId: number): Promise<QaBlindEntry> {
    return this.batchCall('qa_blind_entry', { reviewId, entryId }, () => this.qa.blindEntry(reviewId, entryId));
  }
  qaComparison(reviewId: number, entryId: number): Promise<QaComparison> {
    return this.batchCall('qa_comparison', { reviewId, entryId }, () => this.qa.comparison(reviewId, entryId));
  }
  qaArbitrate(reviewId: number, entryId: number, field: string, arbitration: Arbitration, correctValue: string | null): Promise<QaComparison> {
    return this.batchCall('qa_arbitrate', { reviewId, entryId, field, arbitration, correctValue }, () => this.qa.arbitrate(reviewId, entryId, field, arbitration, correctValue));
  }
  qaDecide(reviewId: number, accept: boolean, reason: string): Promise<QaDecisionOutcome> {
    return this.batchCall('qa_decide', { reviewId, accept, reason }, () => this.qa.decide(reviewId, accept, reason));
  }
  qaCertificate(importId: number): Promise<QaCertificateFiles> {
    return this.batchCall('qa_certificate', { importId }, () => ({
      pdf: `/tmp/chung-nhan-chat-luong-04120-lo-${importId}.pdf`, signature: `/tmp/chung-nhan-chat-luong-04120-lo-${importId}.pdf.sig.json`,
      xlsx: `/tmp/chung-nhan-chat-luong-04120-lo-${importId}.xlsx`, pdfSha256: 'ab'.repeat(32),
      certificate: {
        communeScheme: 'qd19_2025', communeCode: '04120', communeName: 'Xã Tân Phong', batchNumber: importId, packageHash: 'cd'.repeat(32),
        books: [], sampled: 13, nonconformingEntries: 0, wrongFields: 0, entryErrorPercent: 0, entryErrorUpper95Percent: 20.6,
        wrongFieldsPer100: 0, supervisor: 'Giám sát', supervisorAccount: 'giamsat', issuedAt: '2026-12-07T08:00:00+07:00',
      },
    }));
  }
  qaAlsoChecked(bookId: number): Promise<QaAlsoChecked> {
    return this.batchCall('qa_also_checked', { bookId }, () => ({
      warnings: { info: 2, warning: 1, error: 0 }, sequenceFindings: 1, sequenceExamples: ['12 (tr. 4): Số 11 bị bỏ qua'],
      pagesWithoutEntries: [], entriesWithoutPage: 0, decisionsTotal: 1, decisionsSample: [[bookId * 100 + 1, this.batch.entry(bookId * 100 + 1).decisions[0]!]],
    }));
  }
  qaErrorRates(): Promise<QaErrorRateRow[]> {
    return this.batchCall('qa_error_rates', undefined, () => this.qa.errorRates());
  }
  qaSettings(): Promise<QaSettingsView> {
    return this.batchCall('qa_settings', undefined, () => this.qa.settings());
  }
  qaSetSettings(settings: QaSettings): Promise<QaSettings> {
    return this.batchCall('qa_set_settings', { settings }, () => {
      this.requireRole('supervisor');
      return this.qa.setSettings(settings);
    });
  }
  qaPlanPreview(lot: number, severity: 'normal' | 'tightened' | 'reduced', settings: QaSettings): Promise<QaPlanPreview> {
    return this.batchCall('qa_plan_preview', { lot, severity, settings }, () => this.qa.planPreview(lot, severity, settings));
  }
  qaSwitching(): Promise<QaSwitchingView[]> {
    return this.batchCall('qa_switching', undefined, () => this.qa.switchingViews());
  }
  qaRecordReducedConditions(communeScheme: string, communeCode: string, conditions: QaReducedConditions): Promise<QaSwitchingView> {
    return this.batchCall('qa_record_reduced_conditions', { communeScheme, communeCode, conditions }, () => {
      this.requireRole('supervisor');
      return this.qa.recordConditions(communeScheme, communeCode, conditions, this.session!.user.username);
    });
  }
  passStart(bookId: number, kind: string): Promise<QaCheckPass> {
    // the fake's books are keyed by `canbo`
    return this.keyed('pass_start', { bookId, kind }, () => {
      if (kind !== 'self' && kind !== 'second') throw new ApiError('input.invalid', `Dữ liệu không hợp lệ ở “loại lượt kiểm tra”: “${kind}” (self hoặc second).`);
      return this.qa.passStart(bookId, kind, this.session!.user.username, ['canbo']);
    });
  }
  passFinish(passId: number): Promise<QaCheckPass> {
    return this.keyed('pass_finish', { passId }, () => this.qa.passFinish(passId, this.session!.user.username));
  }
  passList(bookId: number): Promise<QaCheckPass[]> {
    return this.keyed('pass_list', { bookId }, () => this.qa.passList(bookId));
  }
  passChanges(passId: number): Promise<QaPassChange[]> {
    return this.keyed('pass_changes', { passId }, () => this.qa.passChanges(passId));
  }
  private extraPages = new Map<number, number[]>();
  /** The pages an entry spans in the fake: its own page, then those added. */
  private spanned(entryId: number): EntryPage[] {
    return this.pagesOf(this.keying.entryView(entryId));
  }
  private pagesOf(e: Entry): EntryPage[] {
    const pages = this.keying.pagesList(e.bookId);
    const ids = [...(e.pageId === null ? [] : [e.pageId]), ...(this.extraPages.get(e.id) ?? [])];
    return ids.map((id) => ({ id, seq: pages.find((p) => p.id === id)?.seq ?? 0 }));
  }
  entryPageAdd(entryId: number, pageId: number | null): Promise<EntryPage[]> {
    return this.keyed('entry_page_add', { entryId, pageId }, () => {
      const e = this.keying.entryGet(entryId).entry;
      const pages = this.keying.pagesList(e.bookId);
      const last = Math.max(0, ...this.spanned(entryId).map((p) => p.seq));
      const next = pageId ?? pages.filter((p) => p.seq > last).sort((a, b) => a.seq - b.seq)[0]?.id;
      if (next === undefined) throw new ApiError('conflict', 'Sổ không còn trang ảnh nào sau trang cuối của bản ghi này.');
      if (!this.spanned(entryId).some((p) => p.id === next)) this.extraPages.set(entryId, [...(this.extraPages.get(entryId) ?? []), next]);
      return this.spanned(entryId);
    });
  }
  entryPageRemove(entryId: number, pageId: number): Promise<EntryPage[]> {
    return this.keyed('entry_page_remove', { entryId, pageId }, () => {
      this.extraPages.set(entryId, (this.extraPages.get(entryId) ?? []).filter((p) => p !== pageId));
      return this.spanned(entryId);
    });
  }
  /** Saves fields, noting each change in the book's open check pass (the fake's field history). */
  private savingInPass(entryId: number, fields: FieldValue[]): SaveOutcome {
    const before = this.keying.entryGet(entryId).entry;
    const out = this.keying.entrySaveFields(entryId, fields);
    for (const f of fields) {
      const old = before.fields.find((x) => x.field === f.field)?.value ?? null;
      if (old !== f.value) this.qa.noteChange(before.bookId, entryId, before.seq, f.field, old, f.value);
    }
    return out;
  }

  uploadCandidatesDetail(): Promise<UploadCandidate[]> {
    return this.batchCall('upload_candidates_detail', undefined, () => this.batch.uploadCandidatesDetail());
  }
  uploadResult(path: string): Promise<UploadResultReport> {
    return this.batchCall('upload_result', { path }, () => this.batch.uploadResult(path));
  }
  uploadMark(file: string): Promise<number> {
    return this.batchCall('upload_mark', { file }, () => this.batch.uploadMark(file));
  }
  uploadFiles(): Promise<ExportFile[]> {
    return this.batchCall('upload_files', undefined, () => this.batch.uploadFiles());
  }

  // ---- backups (issue 13 §6) ----
  readonly backups: BackupInfo[] = [
    fakeBackup('D:\\sohoa\\xa-phu-dinh-sao-luu\\sohoa-sao-luu-05602-20261206-170512', '2026-12-06T10:05:12Z', 'canbo', 61_200_000),
    fakeBackup('D:\\sohoa\\xa-phu-dinh-sao-luu\\sohoa-sao-luu-05602-20261205-164801', '2026-12-05T09:48:01Z', 'giamsat', 60_900_000),
  ];
  private backupPassword(password: string): void {
    const account = this.workspaces.get(this.session!.workspace.path)?.accounts.find((a) => a.username === this.session!.user.username);
    if (account && account.password !== password) throw new ApiError('auth.wrong_password', 'Sai mật khẩu. Vui lòng thử lại.');
  }
  private backupAt(path: string): BackupInfo {
    if (!path.trim()) throw new ApiError('path.empty', 'Chưa chọn tệp hoặc thư mục. Hãy bấm “Chọn…”.');
    return this.backups.find((b) => b.path === path) ?? fakeBackup(path, '2026-12-01T08:00:00Z', 'canbo', 58_000_000);
  }
  backupList(): Promise<BackupInfo[]> {
    return this.batchCall('backup_list', undefined, () => this.backups);
  }
  backupCreate(dir: string): Promise<BackupInfo> {
    return this.batchCall('backup_create', { dir }, () => {
      if (!dir.trim()) throw new ApiError('path.empty', 'Chưa chọn tệp hoặc thư mục. Hãy bấm “Chọn…”.');
      return fakeBackup(`${dir}\\sohoa-sao-luu-05602-20261207-090000`, '2026-12-07T02:00:00Z', this.session!.user.username, 61_300_000);
    });
  }
  backupVerify(path: string, password: string): Promise<Verified> {
    return this.batchCall('backup_verify', { path, password: '***' }, () => {
      const b = this.backupAt(path);
      this.backupPassword(password);
      return { manifest: b.manifest, schemaVersion: b.manifest.schemaVersion, integrityMs: 840, quickCheckMs: 95 };
    });
  }
  backupRestore(path: string, target: string, password: string): Promise<Restored> {
    return this.batchCall('backup_restore', { path, target, password: '***' }, () => {
      const b = this.backupAt(path);
      this.backupPassword(password);
      if (!target.trim()) throw new ApiError('path.empty', 'Chưa chọn tệp hoặc thư mục. Hãy bấm “Chọn…”.');
      if (this.workspaces.has(target.trim())) throw new ApiError('workspace.exists', `Đã có sổ làm việc tại “${target}”. Hãy chọn thư mục khác.`);
      return { verified: { manifest: b.manifest, schemaVersion: b.manifest.schemaVersion, integrityMs: 840, quickCheckMs: 95 }, previous: null };
    });
  }

  // ---- native dialogs and trust (issue 13 §5) ----
  /** What the next dialogs answer, in order (null: Cancel); when empty, the suggested path (or a made-up one). */
  readonly dialogAnswers: (string | null)[] = [];
  private fakeProvince: ProvinceKey | null = null;
  async pathChoose(purpose: PathPurpose, suggested?: string | null): Promise<string | null> {
    this.record('path_choose', { purpose, suggested: suggested ?? null });
    await this.wait();
    if (this.dialogAnswers.length) return this.dialogAnswers.shift() ?? null;
    return suggested?.trim() || `D:\\USB\\${purpose}`;
  }
  trustStatus(): Promise<TrustView> {
    return this.batchCall('trust_status', undefined, () => ({
      province: this.fakeProvince,
      ownEnrolment: null,
      supervisorRefusal: this.fakeProvince ? 'máy này chưa có chứng nhận của tỉnh' : 'máy này chưa ghim khóa của tỉnh',
      revocationSeq: null,
      deviceFingerprint: 'K7QF-2MXA-3CDE-PLUS',
      revocation: null,
      canPin: this.fakeProvince === null && this.session?.user.role === 'supervisor',
    }));
  }
  private fakeKey(path: string): ProvinceKey {
    if (!path.trim()) throw new ApiError('path.empty', 'Chưa chọn tệp hoặc thư mục. Hãy bấm “Chọn…”.');
    return {
      format: 'sohoa-province-key', formatVersion: 1, name: 'Sở Tư pháp tỉnh Mẫu', ed25519PublicKey: '00'.repeat(32),
      fingerprint: 'ABCD-EFGH-IJKL-MNOP', createdAt: '2026-01-01T00:00:00Z', demo: true,
    };
  }
  trustKeyPreview(path: string): Promise<ProvinceKey> {
    return this.batchCall('trust_key_preview', { path }, () => this.fakeKey(path));
  }
  trustPin(path: string, fingerprint: string): Promise<ProvinceKey> {
    return this.batchCall('trust_pin', { path, fingerprint }, () => {
      const k = this.fakeKey(path);
      if (fingerprint.replace(/[\s-]/g, '').toUpperCase() !== k.fingerprint.replace(/-/g, '')) {
        throw new ApiError('input.invalid', `Dữ liệu không hợp lệ ở “dấu vân tay khóa tỉnh”: khác với dấu vân tay của tệp khóa (${k.fingerprint}); không ghim`);
      }
      this.fakeProvince = k;
      return k;
    });
  }
  trustImport(path: string): Promise<TrustImport> {
    return this.batchCall('trust_import', { path }, () => ({ revocation: { seq: 1, newer: true } }));
  }
}

/** The file (or folder) name a job works on, for the tray (as the shell's `file_label`). */
function fileLabel(path: string): string {
  return path.split(/[\\/]/).pop() ?? '';
}

function fakeBackup(path: string, createdAt: string, createdBy: string, dbBytes: number): BackupInfo {
  return {
    path,
    manifest: {
      format: 'sohoa-backup',
      formatVersion: 1,
      workspaceId: 'fake-workspace',
      communeCode: '05602',
      communeName: 'Xã Phú Đình',
      createdAt,
      createdBy,
      schemaVersion: 19,
      dbBytes,
    },
  };
}
