// Wire types of duplicate flagging (issue 5), version 1. Mirrors docs/ipc.md "Trùng lặp" and
// crates/core/src/dedupe (serde, camelCase fields, snake_case enum values).

/** Canonical columns of the population extract (formats.md §1). */
export type ExtractColumn =
  | 'so_dinh_danh'
  | 'ho_ten'
  | 'ngay_sinh'
  | 'gioi_tinh'
  | 'dan_toc'
  | 'quoc_tich'
  | 'que_quan'
  | 'noi_dang_ky_khai_sinh'
  | 'noi_thuong_tru'
  | 'ho_ten_cha'
  | 'ho_ten_me'
  | 'ho_ten_vo_chong'
  | 'so_cmnd';

export interface ExtractPreviewColumn {
  index: number;
  /** The header as written in the file. */
  header: string;
  column: ExtractColumn | null;
}

export interface ExtractColumnChoice {
  column: ExtractColumn;
  label: string;
  required: boolean;
  /** False for recognised columns that are never stored (ethnicity, nationality). */
  stored: boolean;
}

export interface LineError {
  line: number;
  code: string;
  reason: string;
  /** Loaded all the same: only its birth date is odd, kept as written and flagged (issue 10). */
  kept?: boolean;
}

export interface ExtractInfo {
  id: number;
  source: string;
  extractDate: string;
  fileName: string;
  format: string;
  rowsLoaded: number;
  rowsRejected: number;
  importedAt: string;
  importedBy: string;
  active: boolean;
}

export interface ExtractPreview {
  fileName: string;
  format: 'csv' | 'xlsx';
  separator: string | null;
  columns: ExtractPreviewColumn[];
  choices: ExtractColumnChoice[];
  missingRequired: ExtractColumn[];
  rowsRead: number;
  rowsOk: number;
  rowsRejected: number;
  lineErrors: LineError[];
  replaces: ExtractInfo | null;
}

export interface ExtractImportReport {
  extract: ExtractInfo;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  lineErrors: LineError[];
  replaced: ExtractInfo | null;
  ms: number;
}

export type CandidateKind = 'person' | 'record';
export type Band = 'match' | 'possible';
export type DecisionKind =
  | 'same_person'
  | 'not_same'
  | 'unsure'
  | 'duplicate_entry'
  | 're_registration'
  | 'not_duplicate'
  | 'withdrawn';

export interface ExplanationLine {
  field: string;
  fieldLabel: string;
  levelCode: string;
  levelLabel: string;
  /** levelLabel plus rarity ("… (hiếm gặp)"). */
  label: string;
  /** Evidence in bits, positive for "same person". */
  weight: number;
  tfAdjustment: number;
  rarity: 'rare' | 'common' | null;
}

export interface PersonFields {
  idNumber: string;
  idMasked: boolean;
  fullName: string;
  birthDate: string;
  sex: string;
  fatherName: string | null;
  motherName: string | null;
  birthRegistrationPlace: string | null;
  homeTown: string | null;
  residence: string | null;
  inExtract: boolean;
}

export interface RecordFields {
  entryId: number;
  bookId: number;
  bookType: string;
  quyenSo: string;
  seq: number;
  so: string | null;
  pageId: number | null;
  status: string;
  fullName: string | null;
  birthDate: string | null;
  sex: string | null;
  fatherName: string | null;
  motherName: string | null;
  registrationDate: string | null;
  registrationPlace: string | null;
  birthPlace: string | null;
}

export interface DecisionView {
  id: number;
  decision: DecisionKind;
  label: string;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
}

export interface CandidateView {
  kind: CandidateKind;
  /** Person: the ID number (masked outside adjudication). Record: the other entry's id. */
  candidateId: string;
  rank: number;
  score: number;
  probability: number;
  share: number;
  band: Band;
  explanation: ExplanationLine[];
  person: PersonFields | null;
  record: RecordFields | null;
  decision: DecisionView | null;
  /** False: from the last batch run, no longer proposed by the engine. */
  live: boolean;
}

export interface EntryCandidates {
  entryId: number;
  checked: boolean;
  hasExtract: boolean;
  persons: CandidateView[];
  records: CandidateView[];
  ms: number;
}

export type QueueFilter = 'pending' | 'unsure' | 'done' | 'all';
export type QueueState = 'pending' | 'unsure' | 'done';

export interface QueueItem {
  entryId: number;
  bookId: number;
  bookType: string;
  quyenSo: string;
  seq: number;
  so: string | null;
  fullName: string | null;
  birthDate: string | null;
  bestScore: number;
  bestBand: Band;
  persons: number;
  records: number;
  undecided: number;
  state: QueueState;
  /** Masked ID number linked by a "same person" decision. */
  linkedId: string | null;
}

export interface QueueCounts {
  entries: number;
  pending: number;
  unsure: number;
  done: number;
  undecidedCandidates: number;
  linked: number;
}

export interface DedupeRunInfo {
  id: number;
  entries: number;
  personPairs: number;
  recordPairs: number;
  candidates: number;
  ms: number;
  ranAt: string;
  ranBy: string;
  extractImportId: number | null;
}

export interface QueuePage {
  items: QueueItem[];
  counts: QueueCounts;
  total: number;
  lastRun: DedupeRunInfo | null;
  extract: ExtractInfo | null;
}

export interface DedupeRunReport {
  runId: number;
  extractRows: number;
  entries: number;
  personPairs: number;
  recordPairs: number;
  candidates: number;
  personCandidates: number;
  recordCandidates: number;
  personMatches: number;
  recordMatches: number;
  msLoad: number;
  msLink: number;
  msStore: number;
  ms: number;
}

/** A keyed entry as `dedupe_entry` returns it (sohoa-core `Entry`). */
export interface DedupeEntry {
  id: number;
  bookId: number;
  bookType: string;
  seq: number;
  pageId: number | null;
  status: string;
  version: number;
  fields: { field: string; value: string; illegible: boolean }[];
  updatedAt: string;
  updatedBy: string;
}
