// Wire types of the UI ↔ core boundary, version 1. Mirrors docs/ipc.md exactly:
// change both together (field names are camelCase on the wire).

export type Locale = 'vi' | 'en';

export interface AppInfo {
  version: string;
  /** Workspace the app was started on (env SOHOA_WORKSPACE / first CLI arg), else the last one used. */
  workspacePath: string | null;
  locale: Locale;
}

export interface WorkspaceProbe {
  path: string;
  exists: boolean;
  isWorkspace: boolean;
  communeName: string | null;
  accounts: string[];
}

export type Role = 'clerk' | 'supervisor';

export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
}

export interface SessionWorkspace {
  path: string;
  communeCode: string;
  communeName: string;
  communeScheme: string;
  schemaVersion: number;
}

export interface Session {
  user: SessionUser;
  workspace: SessionWorkspace;
}

export const ENTRY_STATUSES = [
  'draft',
  'keyed',
  'checked',
  'submitted',
  'accepted',
  'returned',
  'exported',
] as const;

export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export interface BookSummary {
  id: number;
  bookType: string;
  bookTypeName: string;
  quyenSo: string;
  registryName: string;
  registryCode: string | null;
  yearFrom: number;
  yearTo: number | null;
  periodGroup: string;
  pageCount: number;
  expectedEntries: number | null;
  counts: Record<EntryStatus, number>;
  total: number;
  /** Entries keyed or further along, returned ones included: the core's rule (`EntryStatus::counts_as_keyed`), the one the progress figures use. */
  keyed: number;
  /** Scans attached (sent by the core; absent in older fakes). */
  pagesAttached?: number;
  finished?: boolean;
}

export interface Commune {
  scheme: string;
  code: string;
  name: string;
  provinceName: string;
}

// ---- arguments -------------------------------------------------------------

export interface WorkspaceProbeArgs {
  path: string;
}

export interface WorkspaceCreateArgs {
  path: string;
  communeScheme: string;
  communeCode: string;
  communeName: string;
  username: string;
  displayName: string;
  password: string;
}

export interface LoginArgs {
  path: string;
  username: string;
  password: string;
}

export interface CommunesSearchArgs {
  scheme: string;
  query: string;
  limit: number;
}

/** Commune scheme of the 2025 reform (Quyết định 19/2025/QĐ-TTg). */
export const COMMUNE_SCHEME_2025 = 'qd19_2025';

/** Error codes the core uses (docs/ipc.md, plus `not_found`/`conflict` from sohoa-core). */
export type KnownErrorCode =
  | 'auth.wrong_password'
  | 'auth.unknown_user'
  | 'auth.not_signed_in'
  | 'auth.forbidden'
  | 'workspace.not_found'
  | 'workspace.not_a_workspace'
  | 'workspace.corrupt'
  | 'workspace.too_new'
  | 'workspace.exists'
  | 'input.invalid'
  | 'not_found'
  | 'conflict'
  | 'internal';

// ---- keying: books, pages, the entry form (issue 4; docs/ipc.md "Keying") ----------------------

export interface BookType {
  code: string;
  name: string;
  /** KS, KT, KH, HN, CMC have the Ministry's digitisation template. */
  ministryTemplate: boolean;
}

export interface BookCreateArgs {
  bookType: string;
  /** The register's registry as written on the book (“UBND xã …”). */
  registryName: string;
  /** The workspace commune's code when the book is the commune's own; null for old units. */
  registryCode: string | null;
  registryScheme: string;
  quyenSo: string;
  yearFrom: number;
  yearTo: number | null;
  pageCount: number;
  expectedEntries: number | null;
  note: string | null;
}

export type Rotation = 0 | 90 | 180 | 270;

export interface PageInfo {
  id: number;
  bookId: number;
  /** Position in the book, 1-based and contiguous. */
  seq: number;
  mime: string;
  width: number | null;
  height: number | null;
  rotation: Rotation;
  /** The screen-size preview is made (the page opens fast; thumbnails come from it). */
  hasPreview: boolean;
  sizeBytes: number;
  /** Entries keyed from this page. */
  entries: number;
}

export interface AttachOutcome {
  pages: PageInfo[];
  /** Images already in the book (same bytes), not added again. */
  duplicates: number;
}

export interface FolderFile {
  path: string;
  name: string;
  sizeBytes: number;
}

export interface FolderScan {
  path: string;
  files: FolderFile[];
}

/** Viewer adjustments, processed in Rust (crates/core/src/imaging/adjust.rs). */
export interface ImageAdjust {
  brightness: number;
  contrast: number;
  /** null off, 0 automatic, 1–254 fixed level. */
  threshold: number | null;
  enhance: boolean;
  deskew: boolean;
}

export interface ViewRequest {
  maxWidth: number;
  maxHeight: number;
  adjust: ImageAdjust;
}

export interface RenderedMeta {
  mime: string;
  width: number;
  height: number;
  sourceWidth: number;
  sourceHeight: number;
  rotation: Rotation;
  skewDeg: number;
  cached: boolean;
  /** Drawn from the stored screen-size preview (else from the photo itself). */
  fromPreview: boolean;
  millis: number;
}

export interface PageImage {
  meta: RenderedMeta;
  bytes: Uint8Array;
}

export type FieldKind =
  | 'text'
  | 'name'
  | 'place'
  | 'date'
  | 'enum'
  | 'ethnicity'
  | 'nationality'
  | 'idnumber'
  | 'number'
  | 'time';

export interface EnumOption {
  code: string;
  label: string;
}

export interface FormField {
  name: string;
  kind: FieldKind;
  label: string;
  required: boolean;
  /** Template codes for enum fields. */
  options: EnumOption[] | null;
  /** Autocomplete target (`place`, `ethnicity`, `nationality`, `signer`, or the field) or null. */
  suggest: string | null;
  /** Rarely filled on paper (shown on request, or when it has a value). */
  rare: boolean;
}

export interface FormGroup {
  id: string;
  label: string;
  fields: FormField[];
}

export interface KeyingForm {
  bookType: string;
  bookTypeName: string;
  templateVersion: string;
  groups: FormGroup[];
}

export interface FieldValue {
  field: string;
  value: string;
  illegible: boolean;
}

export type Severity = 'info' | 'warning' | 'error';

export interface Warning {
  field: string;
  code: string;
  messageVi: string;
  severity: Severity;
  relatedFields?: string[];
}

export interface Entry {
  id: number;
  bookId: number;
  bookType: string;
  seq: number;
  pageId: number | null;
  status: EntryStatus;
  version: number;
  fields: FieldValue[];
  updatedAt: string;
  updatedBy: string;
  /** The name of the entry's main person, as the core names it. */
  title: string | null;
  /** Whether a clerk may still change its fields (the core's rule). */
  editable: boolean;
}

export interface EntryWithWarnings {
  entry: Entry;
  warnings: Warning[];
}

export interface EntrySummary {
  id: number;
  seq: number;
  status: EntryStatus;
  pageId: number | null;
  so: string | null;
  trangSo: string | null;
  /** The main person's name, as the core names an entry of its book type (never re-derived here). */
  title: string | null;
  /** Whether a clerk may still change its fields (the core's rule). */
  editable: boolean;
}

export interface SaveOutcome {
  changed: boolean;
  version: number;
  status: EntryStatus;
  warnings: Warning[];
  /** The entry's title after the save (a saved name may change it). */
  title: string | null;
  editable: boolean;
}

export interface StatusOutcome {
  status: EntryStatus;
  version: number;
  warnings: Warning[];
  title: string | null;
  editable: boolean;
}

export interface UndoOutcome {
  field: string;
  value: string;
  illegible: boolean;
  undidChangeId: number;
  changeId: number;
  version: number;
  warnings: Warning[];
  title: string | null;
  editable: boolean;
}

export interface FieldChange {
  id: number;
  field: string;
  label: string;
  oldValue: string | null;
  newValue: string | null;
  oldIllegible: boolean;
  newIllegible: boolean;
  at: string;
  byUser: string;
  byDisplayName: string | null;
  undoes: number | null;
  undone: boolean;
}

export interface EntryDefaults {
  bookId: number;
  previousEntryId: number | null;
  fields: FieldValue[];
}

export interface Suggestion {
  value: string;
  count: number;
  source: 'workspace' | 'reference';
}

export interface DateParse {
  ok: boolean;
  /** dd/mm/yyyy, mm/yyyy or yyyy. */
  template: string | null;
  precision: 'year' | 'month' | 'day' | null;
  /** `date.empty`, `date.unreadable`, `date.impossible`. */
  error: string | null;
  /** A lunar date as written (`15/08/1960`) and its solar equivalent or range (issue 10). */
  lunar?: string | null;
  solar?: string | null;
  approximate?: boolean;
  /** The best standard form of a date the strict reader does not take. */
  standard?: string | null;
  /** Plausible readings of an impossible date: `value` replaces the field when picked. */
  suggestions?: DateSuggestion[];
}

export interface DateSuggestion {
  value: string;
  label: string;
  reason: string;
}

export interface BookWarning extends Warning {
  entryId: number;
  entrySeq: number;
  so: string | null;
  trangSo: string | null;
  relatedEntryIds: number[];
}

export interface BookWarnings {
  bookId: number;
  entriesChecked: number;
  counts: Record<Severity, number>;
  warnings: BookWarning[];
  elapsedMs: number;
}

export interface BookCoverage {
  bookId: number;
  pageCount: number;
  pagesAttached: number;
  pagesTotal: number;
  pagesCovered: number;
  blankPages: number[];
  missingPages: number[];
  entries: number;
  draftEntries: number;
  entriesWithoutPage: number;
  complete: boolean;
  finished: boolean;
}

// ---- duplicate flagging (issue 5) ----
export * from './types-dedupe';
