import type { commands } from './generated/bindings';
import type { PathPurpose, ProvinceKey, TrustImport, TrustView } from './types-trust';
import type {
  AttachOutcome,
  BookCoverage,
  BookCreateArgs,
  BookType,
  BookWarnings,
  DateParse,
  EntryDefaults,
  EntrySummary,
  EntryPage,
  EntryWithWarnings,
  FieldChange,
  FieldValue,
  FolderScan,
  KeyingForm,
  PageImage,
  PageInfo,
  Rotation,
  SaveOutcome,
  StatusOutcome,
  Suggestion,
  UndoOutcome,
  ViewRequest,
  BookSummary,
  Commune,
  CommunesSearchArgs,
  LoginArgs,
  Session,
  WorkspaceCreateArgs,
  WorkspaceProbe,
  WorkspaceProbeArgs,
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
import type { ImportPreview, ImportReport, ImportRequest } from './types-import';
import type { JobView } from './types-jobs';
import type {
  Arbitration, QaAlsoChecked, QaCertificateFiles, QaCheckPass, QaComparison, QaDecisionOutcome, QaErrorRateRow, QaPassChange, QaPlanPreview, QaReducedConditions, QaReview,
  QaSettings, QaSettingsView, QaSwitchingView,
} from './types-qa';

import type {
  ImportOutcome,
  InventoryInput,
  InventoryRow,
  ProgressDashboard,
  ProgressCell,
  ProgressOverview,
  ProgressSeries,
  ReportFormat,
  SavedFile,
  SeriesScope,
  SnapshotImports,
  TargetRow,
} from './types-progress';
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

/** The generated command client (one function per typed command of src-tauri/src/contract.rs). */
export type Commands = typeof commands;

/** A drag of files from the desktop over the window: `over` while hovering, `drop` with the paths, `leave`. */
export type FileDropEvent = { type: 'over' } | { type: 'drop'; paths: string[] } | { type: 'leave' };

/**
 * The generated commands whose UI method takes one argument object instead of the generated
 * positional arguments; tauri.ts has a one-line wrapper for each. Every other generated command is
 * a {@link Backend} method exactly as generated/bindings.ts declares it, with no line here.
 */
type Wrapped = 'workspaceProbe' | 'workspaceCreate' | 'login' | 'communesSearch' | 'bookCreate';

/** The Backend methods that are the generated commands as they are (docs/adding-a-command.md). */
export type GeneratedMethods = Omit<Commands, Wrapped>;

/**
 * Everything the UI may ask of the Rust core: one method per command of docs/ipc.md.
 * Every method rejects with an {@link ApiError} only.
 *
 * Implementations: `TauriBackend` (the real app) and `FakeBackend` (tests, plain browser).
 */
export interface Backend extends GeneratedMethods {
  /** `workspace_probe` */
  workspaceProbe(args: WorkspaceProbeArgs): Promise<WorkspaceProbe>;
  /** `workspace_create` — the new account is a clerk and is signed in. */
  workspaceCreate(args: WorkspaceCreateArgs): Promise<Session>;
  /** `login` */
  login(args: LoginArgs): Promise<Session>;
  /** `communes_search` */
  communesSearch(args: CommunesSearchArgs): Promise<Commune[]>;

  // ---- keying (issue 4): books, pages, entries ----
  /** `book_create` */
  bookCreate(args: BookCreateArgs): Promise<BookSummary>;
  /** `pages_list` */
  pagesList(bookId: number): Promise<PageInfo[]>;
  /** `pages_attach` — one file's bytes (JPEG/PNG/TIFF/PDF), split into pages by the core. */
  pagesAttach(bookId: number, fileName: string, bytes: Uint8Array): Promise<AttachOutcome>;
  /** `pages_folder_scan` — the image and PDF files of a folder, by name. */
  pagesFolderScan(path: string): Promise<FolderScan>;
  /** `pages_attach_path` — attach one file of the clerk's computer by its path. */
  pagesAttachPath(bookId: number, path: string): Promise<AttachOutcome>;
  /** `page_rotate` — absolute clockwise rotation. */
  pageRotate(pageId: number, rotation: Rotation): Promise<PageInfo>;
  /** `page_move` — to position `toSeq` (1-based); returns the book's pages. */
  pageMove(pageId: number, toSeq: number): Promise<PageInfo[]>;
  /** `page_remove` — returns the book's remaining pages. */
  pageRemove(pageId: number): Promise<PageInfo[]>;
  /** `page_thumbnail` — a small upright JPEG (made and stored on first request). */
  pageThumbnail(pageId: number): Promise<Uint8Array>;
  /** `page_image` — the page for the viewer, at the size asked, processed in Rust. */
  pageImage(pageId: number, view: ViewRequest): Promise<PageImage>;
  /** Files dragged from the desktop onto the window (Tauri's webview drag-drop event, with paths). Returns the unsubscribe. */
  onFileDrop(handler: (e: FileDropEvent) => void): Promise<() => void>;

  // ---- duplicate flagging (issue 5) ----
  /** `dedupe_extract_preview` — reads the file, proposes (or checks) the column mapping; writes nothing. */
  dedupeExtractPreview(fileName: string, bytes: Uint8Array, mapping: (ExtractColumn | null)[] | null): Promise<ExtractPreview>;
  /** `dedupe_extract_import` — imports with the confirmed mapping (one transaction). */
  dedupeExtractImport(
    fileName: string,
    bytes: Uint8Array,
    mapping: (ExtractColumn | null)[],
    source: string,
    extractDate: string,
  ): Promise<ExtractImportReport>;
  /** `dedupe_run` — the batch run that fills the queue (a job: cancellable, progress on `onProgress`). */
  dedupeRun(onProgress?: ProgressFn): Promise<DedupeRunReport>;
  /** `dedupe_page_image` — the scanned page, as stored (JPEG/PNG/TIFF bytes). */
  dedupePageImage(pageId: number): Promise<Uint8Array>;

  // ---- spreadsheet import (issue 4 §6): types-import.ts, fake-import.ts ----
  /** `import_preview` — reads the file (raw body), proposes the mapping and dry-runs `columns` (or the proposal); writes nothing. */
  importPreview(req: ImportRequest): Promise<ImportPreview>;
  /** `import_run` — imports with the confirmed `columns` into the book, or into new books (one per quyển số); a job
   * committed in chunks under one import record (all or nothing), progress `rows` on `onProgress`; cancelled: `job.cancelled`. */
  importRun(req: ImportRequest, onProgress?: ProgressFn): Promise<ImportReport>;

  // ---- progress against targets (issue 7) ----
  /** `progress_overview` — the own commune: figures, books, burn-up series, inventory. */
  progressOverview(): Promise<ProgressOverview>;
  /** `progress_dashboard` — every commune, province (34 and 63) and the country. */
  progressDashboard(asOf?: string | null): Promise<ProgressDashboard>;
  /** `progress_series` — burn-up series of a scope. */
  progressSeries(scope: SeriesScope): Promise<ProgressSeries>;
  /** `progress_breakdown` — book type × period group of a scope. */
  progressBreakdown(scope: SeriesScope): Promise<ProgressCell[]>;
  /** `progress_inventory_list` */
  progressInventoryList(): Promise<InventoryRow[]>;
  /** `progress_inventory_set` — all rows or none. */
  progressInventorySet(rows: InventoryInput[]): Promise<ImportOutcome>;
  /** `progress_inventory_import` — CSV or XLSX; all lines or none. */
  progressInventoryImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome>;
  /** `progress_targets_list` */
  progressTargetsList(): Promise<TargetRow[]>;
  /** `progress_targets_import` — targets.csv (formats.md §4) or XLSX; all lines or none. */
  progressTargetsImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome>;
  /** `progress_snapshot_export` — writes the signed snapshot into `dir` (default: beside the workspace). */
  progressSnapshotExport(dir?: string | null): Promise<SavedFile>;
  /** `progress_snapshot_import` — a file or a folder of snapshots (supervisors). */
  progressSnapshotImport(path: string): Promise<SnapshotImports>;
  /** `progress_report` — writes a PDF or XLSX report for a period. */
  progressReport(format: ReportFormat, period?: string | null, dir?: string | null): Promise<SavedFile>;

  // ---- batches (issue 6): types-batch.ts, fake-batch.ts ----
  /** `batch_export` — sends books as one package (passphrase, else the registered supervisors' keys). */
  batchExport(books: number[], path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<BatchSummary>;
  /** `batch_verify` — checks a package completely; writes nothing. */
  batchVerify(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<VerifyReport>;
  /** `batch_import` — a batch (supervisor) or a verdict package (clerk). */
  batchImport(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<PackageImportOutcome>;
  /** `upload_export` — Ministry .xlsx + .zip of PDFs per book into `dir`. */
  uploadExport(books: number[], dir: string, onProgress?: ProgressFn): Promise<UploadReport>;
  /** `qa_open_review` — the ISO 2859-1 plan and sample of an imported book (opened once, seed stored). */
  qaOpenReview(bookId: number): Promise<QaReview>;
  /** `qa_rekey` — the supervisor's blind re-key of a sampled entry → field-by-field comparison. */
  qaRekey(reviewId: number, entryId: number, values: FieldValue[]): Promise<QaComparison>;
  /** `qa_comparison` — the stored comparison of a re-keyed entry. */
  qaComparison(reviewId: number, entryId: number): Promise<QaComparison>;
  /** `qa_arbitrate` — settles one disagreement. */
  qaArbitrate(reviewId: number, entryId: number, field: string, arbitration: Arbitration, correctValue: string | null): Promise<QaComparison>;
  /** `qa_decide` — the verdict on a reviewed book (a return carries the wrong fields). */
  qaDecide(reviewId: number, accept: boolean, reason: string): Promise<QaDecisionOutcome>;
  /** `qa_certificate` — the signed QA certificate of an accepted batch (reports folder). */
  qaCertificate(importId: number): Promise<QaCertificateFiles>;
  /** `qa_error_rates` — field error rates per month, commune, clerk and field. */
  qaErrorRates(): Promise<QaErrorRateRow[]>;
  /** `qa_also_checked` — open warnings, sequence findings, pages without entries, a sample of duplicate decisions. */
  qaAlsoChecked(bookId: number): Promise<QaAlsoChecked>;
  /** `qa_settings` — the province's AQL and counting, with the AQLs of the table. */
  qaSettings(): Promise<QaSettingsView>;
  /** `qa_set_settings` — sets the province's AQL and counting (supervisor). */
  qaSetSettings(settings: QaSettings): Promise<QaSettings>;
  /** `qa_plan_preview` — the plan a setting yields for a lot of `lot` entries. */
  qaPlanPreview(lot: number, severity: 'normal' | 'tightened' | 'reduced', settings: QaSettings): Promise<QaPlanPreview>;
  /** `qa_switching` — every commune's inspection state and the conditions of reduced inspection. */
  qaSwitching(): Promise<QaSwitchingView[]>;
  /** `qa_record_reduced_conditions` — the authority's approval of reduced inspection, production steady. */
  qaRecordReducedConditions(communeScheme: string, communeCode: string, conditions: QaReducedConditions): Promise<QaSwitchingView>;
  /** `pass_start` — starts a check pass over a book (`self` or `second`). */
  passStart(bookId: number, kind: 'self' | 'second'): Promise<QaCheckPass>;
  /** `pass_finish` — finishes a check pass (counts the fields changed). */
  passFinish(passId: number): Promise<QaCheckPass>;
  /** `pass_list` — the check passes of a book. */
  passList(bookId: number): Promise<QaCheckPass[]>;
  /** `pass_changes` — the field-level diff of a check pass. */
  passChanges(passId: number): Promise<QaPassChange[]>;
  /** `entry_page_add` — adds the next page (or `pageId`) to an entry; the pages it spans. */
  entryPageAdd(entryId: number, pageId: number | null): Promise<EntryPage[]>;
  /** `entry_page_remove` — removes a page added to an entry; the pages it spans. */
  entryPageRemove(entryId: number, pageId: number): Promise<EntryPage[]>;

  // ---- native dialogs and trust (issue 13 §5): types-trust.ts ----
  /** `path_choose` — opens the native dialog for `purpose`; the chosen path, or null if cancelled. Only paths chosen here (or the app's own folders) are accepted by the other commands. */
  pathChoose(purpose: PathPurpose, suggested?: string | null): Promise<string | null>;
  /** `trust_status` — pinned province key, this device's enrolment, revocation list. */
  trustStatus(): Promise<TrustView>;
  /** `trust_key_preview` — reads a chosen province key file (pins nothing). */
  trustKeyPreview(path: string): Promise<ProvinceKey>;
  /** `trust_pin` — pins the chosen province key once the fingerprint read back over the phone matches. */
  trustPin(path: string, fingerprint: string): Promise<ProvinceKey>;
  /** `trust_import` — an enrolment certificate or revocation list from the province. */
  trustImport(path: string): Promise<TrustImport>;

  // ---- jobs (issue 14 §5): types-jobs.ts ----
  /** `jobs_list` — the jobs running and the last few finished (the header's tray). */
  jobsList(): Promise<JobView[]>;
  /** `job_cancel` — asks a running job to stop; it undoes what it started and its command answers `job.cancelled`. */
  jobCancel(jobId: number): Promise<JobView>;
  /** The event `jobs-changed`: a job started, progressed or ended. Returns the unsubscribe. */
  onJobsChanged(handler: (job: JobView) => void): Promise<() => void>;
}

/** The error object of the boundary: `{ code, message }`, `message` is Vietnamese text from the core. */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  /** Turns anything a command may reject with into an ApiError. */
  static from(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    if (isErrorShape(err)) return new ApiError(err.code, err.message);
    if (typeof err === 'string') return new ApiError('internal', err);
    if (err instanceof Error) return new ApiError('internal', err.message);
    return new ApiError('internal', String(err));
  }
}

function isErrorShape(v: unknown): v is { code: string; message: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { code?: unknown }).code === 'string' &&
    typeof (v as { message?: unknown }).message === 'string'
  );
}
