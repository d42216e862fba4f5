import type { commands } from './generated/bindings';
import type {
  AttachOutcome,
  BookCreateArgs,
  PageImage,
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
  DedupeRunReport,
  ExtractColumn,
  ExtractImportReport,
  ExtractPreview,
} from './types-dedupe';
import type { ImportPreview, ImportReport, ImportRequest } from './types-import';
import type { JobView } from './types-jobs';

import type { ImportOutcome } from './types-progress';
import type {
  BatchSummary,
  PackageImportOutcome,
  ProgressFn,
  UploadReport,
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
type Wrapped = 'workspaceProbe' | 'workspaceCreate' | 'login' | 'communesSearch' | 'bookCreate' | 'batchVerify' | 'batchImport' | 'uploadExport' | 'progressInventoryImport' | 'progressTargetsImport';

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
  /** `pages_attach` — one file's bytes (JPEG/PNG/TIFF/PDF), split into pages by the core. */
  pagesAttach(bookId: number, fileName: string, bytes: Uint8Array): Promise<AttachOutcome>;
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
  /** `progress_inventory_import` — CSV or XLSX; all lines or none. */
  progressInventoryImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome>;
  /** `progress_targets_import` — targets.csv (formats.md §4) or XLSX; all lines or none. */
  progressTargetsImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome>;

  // ---- batches (issue 6): types-batch.ts, fake-batch.ts ----
  /** `batch_export` — sends books as one package (passphrase, else the registered supervisors' keys). */
  batchExport(books: number[], path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<BatchSummary>;
  /** `batch_verify` — checks a package completely; writes nothing. */
  batchVerify(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<VerifyReport>;
  /** `batch_import` — a batch (supervisor) or a verdict package (clerk). */
  batchImport(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<PackageImportOutcome>;
  /** `upload_export` — Ministry .xlsx + .zip of PDFs per book into `dir`. */
  uploadExport(books: number[], dir: string, onProgress?: ProgressFn): Promise<UploadReport>;

  // ---- jobs (issue 14 §5): types-jobs.ts ----
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
