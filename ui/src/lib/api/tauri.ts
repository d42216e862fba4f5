import { Channel, invoke } from '@tauri-apps/api/core';
import { ApiError, type Backend, type Commands, type FileDropEvent, type GeneratedMethods } from './backend';
import { commands } from './generated/bindings';
import type { JobView } from './types-jobs';
import type {
  AttachOutcome,
  BookCreateArgs,
  PageImage,
  RenderedMeta,
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

import type { ImportOutcome } from './types-progress';
import type {
  BatchProgress,
  BatchSummary,
  PackageImportOutcome,
  ProgressFn,
  UploadReport,
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
  progressInventoryImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome> {
    return api.progressInventoryImport(fileName, Array.from(bytes));
  }
  progressTargetsImport(fileName: string, bytes: Uint8Array): Promise<ImportOutcome> {
    return api.progressTargetsImport(fileName, Array.from(bytes));
  }
  // ---- batches (issue 6) ----
  batchExport(books: number[], path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<BatchSummary> {
    return call('batch_export', { books, path, passphrase, onProgress: progressChannel(onProgress) });
  }
  batchVerify(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<VerifyReport> {
    return api.batchVerify(path, passphrase, progressChannel(onProgress));
  }
  batchImport(path: string, passphrase: string | null, onProgress?: ProgressFn): Promise<PackageImportOutcome> {
    return api.batchImport(path, passphrase, progressChannel(onProgress));
  }
  uploadExport(books: number[], dir: string, onProgress?: ProgressFn): Promise<UploadReport> {
    return api.uploadExport(books, dir, progressChannel(onProgress));
  }
  // ---- jobs (issue 14 §5) ----
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
