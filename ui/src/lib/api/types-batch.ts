// Wire types of the batch commands (issue 6): src-tauri/src/commands/batch.rs over
// sohoa_core::batch / sohoa_core::upload (docs/batch-format.md). camelCase on the wire.
// The types of the typed commands are generated (generated/bindings.ts, issue 14 §2); the
// interfaces below still travel through hand-written commands (progress channels) and mirror the
// core by hand.
import type * as G from './generated/bindings';

export type BatchPaths = G.BatchPaths;

export type DeviceFile = G.DeviceFile;

export type TrustedDevice = G.TrustedDevice;

export type BookReadiness = G.BookReadiness;

export type BookRef = G.BookRef;

export type BatchSummary = G.BatchSummary;

export type BatchState = 'packing' | 'sent' | 'answered' | 'cancelled';

export type BatchInfo = G.BatchInfo;

export interface PackageHeader {
  kind: 'batch' | 'verdict';
  createdAt: string;
  software: string;
  sender: { role: string; commune: { scheme: string; code: string; name: string }; user: string; fingerprint: string };
  batchNumber: number;
  books: BookRef[];
  entries: number;
  pages: number;
}

/** What reading a package found; `problems` are Vietnamese reasons (sound only when empty). */
export interface VerifyReport {
  ok: boolean;
  problems: string[];
  header: PackageHeader | null;
  packageId: string | null;
  signerFingerprint: string | null;
  signatureValid: boolean;
  payloadFiles: number;
  payloadBytes: number;
}

export interface PackageImportOutcome {
  kind: 'batch' | 'verdict';
  alreadyImported: boolean;
  packageId: string;
  batchNumber: number;
  communeCode: string;
  communeName: string;
  books: number;
  entries: number;
  pages: number;
  supersededBooks: number;
  changedEntries: number;
  acceptedBooks: number;
  returnedBooks: number;
  returnedEntries: number;
}

export type ImportedPackage = G.ImportedPackage;

export type VerdictReasonView = G.VerdictReasonView;

export type VerdictView = G.VerdictView;

export type ImportedBookView = G.ImportedBookView;

export type ReviewEntrySummary = G.ReviewEntrySummary;

export type ReviewField = G.ReviewField;

export type ReviewEntry = G.ReviewEntry;

export type ReviewDecision = G.ReviewDecision;

export type ReturnReason = G.ReturnReason;

export type ReturnedReason = G.ReturnedReason;

export type ReturnedEntryView = G.ReturnedEntryView;

export type VerdictSummary = G.VerdictSummary;

export interface UploadBookResult {
  bookId: number;
  bookType: string;
  quyenSo: string;
  exportId: number;
  part: number;
  /** 1 for a part's first file; 2, 3, … for a corrected re-export. */
  version: number;
  xlsx: string;
  zip: string;
  entries: number;
  pdfs: number;
  pdfBytes: number;
  pages: number;
  withoutImage: string[];
  notAccepted: number;
  /** Entries spanning several pages: `[so, pages]`. */
  spans: [string, number][];
  /** No published Ministry template: provisional columns. */
  provisional: boolean;
}

export interface WithoutScanBook {
  bookId: number;
  bookType: string;
  quyenSo: string;
  so: string[];
}

export type UploadCandidate = G.UploadCandidate;

/** `upload_result` — what reading the Ministry's result list did. */
export type UploadResultReport = G.ResultReport;

export type ExportFile = G.ExportFile;

export interface UploadReport {
  books: UploadBookResult[];
  /** `[bookId, why]` */
  skipped: [number, string][];
  withoutScanBooks: WithoutScanBook[];
  /** Accepted entries left out for want of a page image. */
  withoutScan: number;
}

/** Progress of a long operation: `done` of `total` in `stage` (`entries`, `pages`, `verify`, `pdf`…). */
export interface BatchProgress {
  /** The job doing the work (src-tauri/src/jobs.rs): sent first, with `stage: 'start'`, for its cancel button. */
  jobId?: number;
  stage: string;
  done: number;
  total: number;
}
export type ProgressFn = (p: BatchProgress) => void;
