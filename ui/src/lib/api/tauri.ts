import { Channel, invoke } from '@tauri-apps/api/core';
import { ApiError, type Backend, type Commands, type FileDropEvent, type GeneratedMethods } from './backend';
import { commands } from './generated/bindings';
import type { PathPurpose, ProvinceKey, TrustImport, TrustView } from './types-trust';
import type { JobView } from './types-jobs';
import type {
  AppInfo,
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
  RenderedMeta,
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
  BatchProgress,
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

/** Calls a Tauri command (snake_case name, camelCase args) and types its rejection as ApiError. */
async function call<T>(command: string, args?: object): Promise<T> {
  try {
    return await invoke<T>(command, args as Record<string, unknown> | undefined);
  } catch (err) {
    throw ApiError.from(err);
  }
}

/** Every generated command with its rejection mapped to an {@link ApiError}. */
function guarded(c: Commands): Commands {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(c) as [string, (...a: unknown[]) => Promise<unknown>][]) {
    out[name] = async (...a: unknown[]) => {
      try {
        return await f(...a);
      } catch (err) {
        throw ApiError.from(err);
      }
    };
  }
  return out as Commands;
}

/** The generated client (src-tauri/src/contract.rs → generated/bindings.ts). */
const api = guarded(commands);

/** The real backend: Tauri commands of docs/ipc.md. */
// The generated commands are its methods as generated (set in the constructor); the class body
// holds the hand-written ones.
export interface TauriBackend extends GeneratedMethods {}
export class TauriBackend implements Backend {
  constructor() {
    for (const [name, f] of Object.entries(api)) {
      if (!(name in TauriBackend.prototype)) Object.defineProperty(this, name, { value: f });
    }
  }

  workspaceProbe(args: WorkspaceProbeArgs): Promise<WorkspaceProbe> {
    return api.workspaceProbe(args.path);
  }
  workspaceCreate(args: WorkspaceCreateArgs): Promise<Session> {
    return api.workspaceCreate(args.path, args.communeScheme, args.communeCode, args.communeName, args.username, args.displayName, args.password);
  }
  login(args: LoginArgs): Promise<Session> {
    return api.login(args.path, args.username, args.password);
  }
  communesSearch(args: CommunesSearchArgs): Promise<Commune[]> {
    return api.communesSearch(args.scheme, args.query, args.limit);
  }

  // ---- keying ----
  bookCreate(args: BookCreateArgs): Promise<BookSummary> {
    return api.bookCreate(args);
  }
  pagesList(bookId: number): Promise<PageInfo[]> {
    return call('pages_list', { bookId });
  }
  async pagesAttach(bookId: number, fileName: string, bytes: Uint8Array): Promise<AttachOutcome> {
    // Raw body: the file's bytes travel as they are (no JSON/base64), metadata in headers.
    try {
      return await invoke<AttachOutcome>('pages_attach', bytes, {
        headers: { 'x-book-id': String(bookId), 'x-file-name': encodeURIComponent(fileName) },
      });
    } catch (err) {
      throw ApiError.from(err);
    }
  }
  pagesFolderScan(path: string): Promise<FolderScan> {
    return call('pages_folder_scan', { path });
  }
  pagesAttachPath(bookId: number, path: string): Promise<AttachOutcome> {
    return call('pages_attach_path', { bookId, path });
  }
  pageRotate(pageId: number, rotation: Rotation): Promise<PageInfo> {
    return call('page_rotate', { pageId, rotation });
  }
  pageMove(pageId: number, toSeq: number): Promise<PageInfo[]> {
    return call('page_move', { pageId, toSeq });
  }
  pageRemove(pageId: number): Promise<PageInfo[]> {
    return call('page_remove', { pageId });
  }
  async pageThumbnail(pageId: number): Promise<Uint8Array> {
    return new Uint8Array(await call<ArrayBuffer>('page_thumbnail', { pageId }));
  }
  async pageImage(pageId: number, view: ViewRequest): Promise<PageImage> {
    return decodePageImage(await call<ArrayBuffer>('page_image', { pageId, view }));
  }
  async onFileDrop(handler: (e: FileDropEvent) => void): Promise<() => void> {
    const { getCurrentWebview } = await import('@tauri-apps/api/webview');
    return getCurrentWebview().onDragDropEvent((ev) => {
      const p = ev.payload;
      if (p.type === 'drop') handler({ type: 'drop', paths: p.paths });
      else if (p.type === 'leave') handler({ type: 'leave' });
      else handler({ type: 'over' });
    });
  }

  // ---- duplicate flagging (issue 5) ----
  private async dedupeUpload<T>(command: string, fileName: string, bytes: Uint8Array, headers: Record<string, string>): Promise<T> {
    // Raw body: the file's bytes travel as they are, metadata in URI-encoded headers.
    const h: Record<string, string> = { 'x-file-name': encodeURIComponent(fileName) };
    for (const [k, v] of Object.entries(headers)) h[k] = encodeURIComponent(v);
    try {
      return await invoke<T>(command, bytes, { headers: h });
    } catch (err) {
      throw ApiError.from(err);
    }
  }
  dedupeExtractPreview(fileName: string, bytes: Uint8Array, mapping: (ExtractColumn | null)[] | null): Promise<ExtractPreview> {
    return this.dedupeUpload('dedupe_extract_preview', fileName, bytes, mapping ? { 'x-mapping': JSON.stringify(mapping) } : {});
  }
  dedupeExtractImport(
    fileName: string,
    bytes: Uint8Array,
    mapping: (ExtractColumn | null)[],
    source: string,
    extractDate: string,
  ): Promise<ExtractImportReport> {
    return this.dedupeUpload('dedupe_extract_import', fileName, bytes, {
      'x-mapping': JSON.stringify(mapping),
      'x-source': source,
      'x-extract-date': extractDate,
    });
  }
  // ---- spreadsheet import (issue 4 §6) ----
  /** SHA-256 (hex) of the files the shell has parsed for a preview, by the bytes the dialog holds. */
  /** The SHA-256 of each file previewed, computed while its first preview crosses (null: no WebCrypto). */
  private previewed = new WeakMap<Uint8Array, Promise<string | null>>();

  private importUpload<T>(command: string, req: ImportRequest, held?: string, extra: Record<string, string> = {}): Promise<T> {
    const h: Record<string, string> = { 'x-book-type': req.target.bookType, ...extra };
    if (req.target.bookId !== null) h['x-book-id'] = String(req.target.bookId);
    if (req.encoding) h['x-encoding'] = req.encoding;
    if (req.columns) h['x-mapping'] = JSON.stringify(req.columns);
    if (held === undefined) return this.dedupeUpload(command, req.fileName, req.bytes, h);
    h['x-file-sha256'] = held;
    h['x-file-size'] = String(req.bytes.length);
    return this.dedupeUpload(command, req.fileName, new Uint8Array(0), h);
  }
  /**
   * The dialog previews again on every change of the mapping. The bytes cross once: later
   * previews of the same file name it by its SHA-256, and send it again only when the shell
   * answers `import.file_needed` (the file left its cache).
   */
  async importPreview(req: ImportRequest): Promise<ImportPreview> {
    const digest = await this.previewed.get(req.bytes);
    if (digest !== undefined && digest !== null) {
      try {
        return await this.importUpload<ImportPreview>('import_preview', req, digest);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'import.file_needed')) throw err;
      }
    }
    const hashing = sha256Hex(req.bytes); // hashed while the bytes cross, awaited by the next preview
    const preview = await this.importUpload<ImportPreview>('import_preview', req);
    this.previewed.set(req.bytes, hashing);
    return preview;
  }
  importRun(req: ImportRequest, onProgress?: ProgressFn): Promise<ImportReport> {
    // A raw-body call has no JSON arguments: the progress channel goes as a header.
    return this.importUpload('import_run', req, undefined, onProgress ? { 'x-progress-channel': progressChannel(onProgress).toJSON() } : {});
  }
  dedupeRun(onProgress?: ProgressFn): Promise<DedupeRunReport> {
    return call('dedupe_run', { onProgress: progressChannel(onProgress) });
  }
  async dedupePageImage(pageId: number): Promise<Uint8Array> {
    return new Uint8Array(await call<ArrayBuffer>('dedupe_page_image', { pageId }));
  }
  // ---- progress (issue 7) ----
  progressOverview(): Promise<ProgressOverview> {
    return call('progress_overview');
  }
  progressDashboard(asOf?: string | null): Promise<ProgressDashboard> {
    return call('progress_dashboard', { asOf: asOf ?? null });
  }
  progressSeries(scope: SeriesScope): Promise<ProgressSeries> {
    return call('progress_series', { scope });
  }
  progressBreakdown(scope: SeriesScope): Promise<ProgressCell[]> {
    return call('progress_breakdown', { scope });
  }
  progressInventoryList(): Promise<InventoryRow[]> {
    return call('progress_inventory_list');
  }
  progressInventorySet(rows: InventoryInput[]): Promise<ImportOutcome> {
    return call('progress_inventory_set', { rows });
  }
  progressInventoryImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome> {
    return call('progress_inventory_import', { fileName, bytes: Array.from(bytes) });
  }
  progressTargetsList(): Promise<TargetRow[]> {
    return call('progress_targets_list');
  }
  progressTargetsImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome> {
    return call('progress_targets_import', { fileName, bytes: Array.from(bytes) });
  }
  progressSnapshotExport(dir?: string | null): Promise<SavedFile> {
    return call('progress_snapshot_export', { dir: dir ?? null });
  }
  progressSnapshotImport(path: string): Promise<SnapshotImports> {
    return call('progress_snapshot_import', { path });
  }
  progressReport(format: ReportFormat, period?: string | null, dir?: string | null): Promise<SavedFile> {
    return call('progress_report', { format, period: period ?? null, dir: dir ?? null });
  }
  // ---- batches (issue 6) ----
  batchExport(books: number[], path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<BatchSummary> {
    return call('batch_export', { books, path, passphrase, onProgress: progressChannel(onProgress) });
  }
  batchVerify(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<VerifyReport> {
    return call('batch_verify', { path, passphrase, onProgress: progressChannel(onProgress) });
  }
  batchImport(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<PackageImportOutcome> {
    return call('batch_import', { path, passphrase, onProgress: progressChannel(onProgress) });
  }
  uploadExport(books: number[], dir: string, onProgress?: ProgressFn): Promise<UploadReport> {
    return call('upload_export', { books, dir, onProgress: progressChannel(onProgress) });
  }
  qaOpenReview(bookId: number): Promise<QaReview> {
    return call('qa_open_review', { bookId });
  }
  qaRekey(reviewId: number, entryId: number, values: FieldValue[]): Promise<QaComparison> {
    return call('qa_rekey', { reviewId, entryId, values });
  }
  qaComparison(reviewId: number, entryId: number): Promise<QaComparison> {
    return call('qa_comparison', { reviewId, entryId });
  }
  qaArbitrate(reviewId: number, entryId: number, field: string, arbitration: Arbitration, correctValue: string | null): Promise<QaComparison> {
    return call('qa_arbitrate', { reviewId, entryId, field, arbitration, correctValue });
  }
  qaDecide(reviewId: number, accept: boolean, reason: string): Promise<QaDecisionOutcome> {
    return call('qa_decide', { reviewId, accept, reason });
  }
  qaCertificate(importId: number): Promise<QaCertificateFiles> {
    return call('qa_certificate', { importId });
  }
  qaAlsoChecked(bookId: number): Promise<QaAlsoChecked> {
    return call('qa_also_checked', { bookId });
  }
  qaErrorRates(): Promise<QaErrorRateRow[]> {
    return call('qa_error_rates');
  }
  qaSettings(): Promise<QaSettingsView> {
    return call('qa_settings');
  }
  qaSetSettings(settings: QaSettings): Promise<QaSettings> {
    return call('qa_set_settings', { settings });
  }
  qaPlanPreview(lot: number, severity: 'normal' | 'tightened' | 'reduced', settings: QaSettings): Promise<QaPlanPreview> {
    return call('qa_plan_preview', { lot, severity, settings });
  }
  qaSwitching(): Promise<QaSwitchingView[]> {
    return call('qa_switching');
  }
  qaRecordReducedConditions(communeScheme: string, communeCode: string, conditions: QaReducedConditions): Promise<QaSwitchingView> {
    return call('qa_record_reduced_conditions', { communeScheme, communeCode, conditions });
  }
  passStart(bookId: number, kind: 'self' | 'second'): Promise<QaCheckPass> {
    return call('pass_start', { bookId, kind });
  }
  passFinish(passId: number): Promise<QaCheckPass> {
    return call('pass_finish', { passId });
  }
  passList(bookId: number): Promise<QaCheckPass[]> {
    return call('pass_list', { bookId });
  }
  passChanges(passId: number): Promise<QaPassChange[]> {
    return call('pass_changes', { passId });
  }
  entryPageAdd(entryId: number, pageId: number | null): Promise<EntryPage[]> {
    return call('entry_page_add', { entryId, pageId });
  }
  entryPageRemove(entryId: number, pageId: number): Promise<EntryPage[]> {
    return call('entry_page_remove', { entryId, pageId });
  }
  // ---- native dialogs and trust (issue 13 §5) ----
  pathChoose(purpose: PathPurpose, suggested?: string | null): Promise<string | null> {
    return call('path_choose', { purpose, suggested: suggested ?? null });
  }
  trustStatus(): Promise<TrustView> {
    return call('trust_status');
  }
  trustKeyPreview(path: string): Promise<ProvinceKey> {
    return call('trust_key_preview', { path });
  }
  trustPin(path: string, fingerprint: string): Promise<ProvinceKey> {
    return call('trust_pin', { path, fingerprint });
  }
  trustImport(path: string): Promise<TrustImport> {
    return call('trust_import', { path });
  }

  // ---- jobs (issue 14 §5) ----
  jobsList(): Promise<JobView[]> {
    return call('jobs_list');
  }
  jobCancel(jobId: number): Promise<JobView> {
    return call('job_cancel', { jobId });
  }
  async onJobsChanged(handler: (job: JobView) => void): Promise<() => void> {
    const { listen } = await import('@tauri-apps/api/event');
    return listen<JobView>('jobs-changed', (e) => handler(e.payload));
  }
}

/** A Tauri channel delivering a long command's progress (the command always takes one). */
function progressChannel(onProgress?: ProgressFn): Channel<BatchProgress> {
  const ch = new Channel<BatchProgress>();
  ch.onmessage = onProgress ?? (() => {});
  return ch;
}

/**
 * `page_image` answers with one binary body: a little-endian u32 length, that many bytes of
 * JSON ({@link RenderedMeta}), then the encoded image.
 */
export function decodePageImage(buf: ArrayBuffer): PageImage {
  const view = new DataView(buf);
  const len = view.getUint32(0, true);
  const meta = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, len))) as RenderedMeta;
  return { meta, bytes: new Uint8Array(buf, 4 + len) };
}

/** SHA-256 of `bytes` in hex, or null where Web Crypto is not available (the bytes are then always sent). */
async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  try {
    const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}
