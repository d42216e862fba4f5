// Wire types of the batch commands (issue 6): src-tauri/src/commands/batch.rs over
// sohoa_core::batch / sohoa_core::upload (docs/batch-format.md). camelCase on the wire.
import type { BookSummary, EntryStatus } from './types';

/** Suggested paths for the path fields (a folder `<workspace>-chuyen-giao` beside the workspace). */
export interface BatchPaths {
  folder: string;
  separator: string;
  nextBatchNumber: number;
  packagePath: string;
  deviceFilePath: string;
  uploadDir: string;
  /** Supervisor: the verdict package path of each imported batch, by import id (names decided by the core). */
  verdictPaths: Record<number, string>;
}

/** The public device file (`sohoa-device.json`): no secrets. */
export interface DeviceFile {
  format: string;
  formatVersion: number;
  role: 'commune' | 'supervisor';
  workspaceId: string;
  commune: { scheme: string; code: string; name: string };
  ed25519PublicKey: string;
  fingerprint: string;
  ageRecipient: string;
  createdAt: string;
}

export interface TrustedDevice {
  id: number;
  role: 'commune' | 'supervisor';
  fingerprint: string;
  ed25519PublicKey: string | null;
  ageRecipient: string | null;
  workspaceId: string | null;
  communeScheme: string | null;
  communeCode: string | null;
  communeName: string | null;
  registeredAt: string;
  registeredBy: string;
}

/** A book and whether it can go in a batch (`reason`: why not, in Vietnamese). */
export interface BookReadiness {
  bookId: number;
  bookType: string;
  quyenSo: string;
  registryName: string;
  finished: boolean;
  entries: number;
  ready: boolean;
  reason: string | null;
}

export interface BookRef {
  bookId: number;
  bookType: string;
  quyenSo: string;
  entries: number;
  /** Verdict packages: `accept` or `return`. */
  decision?: string | null;
}

export interface BatchSummary {
  batchNumber: number;
  package: string;
  packageId: string;
  packageBytes: number;
  books: BookRef[];
  entries: number;
  pages: number;
  signerFingerprint: string;
}

export type BatchState = 'packing' | 'sent' | 'answered' | 'cancelled';

export interface BatchInfo {
  number: number;
  state: BatchState;
  entries: number;
  pages: number;
  books: number[];
  packageName: string | null;
  createdAt: string;
  sentAt: string | null;
  answeredAt: string | null;
}

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

export interface ImportedPackage {
  id: number;
  kind: 'batch' | 'verdict';
  packageId: string;
  senderFingerprint: string;
  communeCode: string;
  communeName: string;
  batchNumber: number;
  books: number;
  entries: number;
  pages: number;
  createdAt: string;
  importedAt: string;
  importedBy: string;
  supersededBy: number | null;
  verdictsSentAt: string | null;
}

export interface VerdictReasonView {
  entryId: number;
  entrySeq: number;
  so: string | null;
  field: string | null;
  fieldLabel: string | null;
  reason: string;
}

export interface VerdictView {
  decision: 'accept' | 'return';
  decidedAt: string;
  decidedBy: string;
  sentAt: string | null;
  reasons: VerdictReasonView[];
}

export interface ImportedBookView {
  book: BookSummary;
  batchNumber: number;
  current: boolean;
  verdict: VerdictView | null;
}

export interface ReviewEntrySummary {
  id: number;
  seq: number;
  status: EntryStatus;
  so: string | null;
  trangSo: string | null;
  title: string | null;
  sampled: boolean;
}

export interface ReviewField {
  field: string;
  label: string;
  group: string;
  value: string;
  /** The value as a reader says it: an enumeration code with its label (`1 — Nam`). */
  shown: string;
  illegible: boolean;
}

export interface ReviewEntry {
  id: number;
  bookId: number;
  bookType: string;
  seq: number;
  status: EntryStatus;
  pageId: number | null;
  fields: ReviewField[];
  /** The commune's current duplicate decisions about this entry (they travel with the batch). */
  decisions: ReviewDecision[];
}

/** A duplicate decision the commune made, as the reviewer sees it (ID numbers masked). */
export interface ReviewDecision {
  kind: 'person' | 'record';
  candidate: string;
  decision: string;
  label: string;
  note: string | null;
  band: string | null;
  decidedBy: string;
  decidedAt: string;
}

/** A reason for returning an entry (field `null`: the entry as a whole). */
export interface ReturnReason {
  entryId: number;
  field: string | null;
  reason: string;
}

export interface ReturnedReason {
  field: string | null;
  fieldLabel: string | null;
  reason: string;
  decidedBy: string;
  decidedAt: string;
  /** 0 for a reason from the Ministry. */
  batchNumber: number;
  /** Who returned the entry: the supervisor's verdict or the Ministry's result list. */
  source: 'supervisor' | 'ministry';
  /** For a Ministry reason: the Excel file the row was in. */
  file: string | null;
}

export interface ReturnedEntryView {
  entryId: number;
  bookId: number;
  bookType: string;
  quyenSo: string;
  seq: number;
  so: string | null;
  title: string | null;
  status: EntryStatus;
  reasons: ReturnedReason[];
}

export interface VerdictSummary {
  package: string;
  packageId: string;
  communeCode: string;
  batchNumber: number;
  acceptedBooks: number;
  returnedBooks: number;
  returnedEntries: number;
}

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

/** `upload_candidates_detail` — a book with accepted entries not yet exported. */
export interface UploadCandidate {
  bookId: number;
  bookType: string;
  quyenSo: string;
  accepted: number;
  withScan: number;
  withoutScan: number;
  resend: number;
  provisional: boolean;
}

/** `upload_result` — what reading the Ministry's result list did. */
export interface UploadResultReport {
  rowsRead: number;
  approved: number;
  rejected: number;
  pending: number;
  unmatched: number;
  changed: number;
  unmatchedRows: { line: number; reason: string }[];
  returnedEntries: number[];
}

/** `upload_files` — one exported file pair and how far its rows went at the Ministry. */
export interface ExportFile {
  exportId: number;
  bookId: number;
  part: number;
  version: number;
  xlsxName: string;
  zipName: string;
  entries: number;
  exportedAt: string;
  exportedBy: string;
  uploadedAt: string | null;
  uploaded: number;
  approved: number;
  rejected: number;
}

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
