// Wire types of the progress commands (issue 7). Mirrors docs/ipc.md § Progress and
// crates/core/src/progress (field names camelCase on the wire).

export type ProgressFlag = 'done' | 'on_track' | 'at_risk' | 'finishing' | 'late' | 'no_target' | 'no_data';

/** Flags from the most urgent to the least (the order of the legend and of sorting). */
export const PROGRESS_FLAGS: ProgressFlag[] = ['late', 'at_risk', 'finishing', 'no_target', 'on_track', 'done', 'no_data'];

/** "Reached at least this stage"; `inventoried` = books inventoried / entries expected.
 * `accepted` = the supervisor's acceptance; `uploaded` / `approved` = the Ministry's system
 * holds / approved ("phê duyệt") the exported entry. */
export interface StageCounts {
  inventoried: number;
  keyed: number;
  checked: number;
  submitted: number;
  accepted: number;
  exported: number;
  uploaded: number;
  approved: number;
}

export interface ProgressCounts {
  books: StageCounts;
  booksOpened: number;
  entries: StageCounts;
  draft: number;
  returned: number;
  /** Rejected by the Ministry, not yet sent again. */
  rejected: number;
}

/** What the percentages are taken against: the unit's target when set, else its inventory. */
export type ProgressBasis = 'target' | 'inventory' | 'none';

export interface ProgressOutlook {
  /** The denominator used: the target's records when set, else the inventory's expected entries. */
  expected: number;
  basis: ProgressBasis;
  pctKeyed: number;
  pctAccepted: number;
  pctExported: number;
  pctApproved: number;
  /** The inventory's expected entries and keyed ÷ inventory (the second, labelled figure). */
  inventory: number;
  pctKeyedInventory: number;
  /** Not finished by its deadline, or projected past it. */
  late: boolean;
  /** Entries per day over the last 4 weeks. */
  rateKeyed: number;
  rateAccepted: number;
  forecast: string | null;
  forecastAccepted: string | null;
  deadline: string | null;
  asOf: string;
  flag: ProgressFlag;
}

export type ProgressSource = 'own' | 'snapshot' | 'demo' | 'inventory';

export interface UnitProgress {
  scheme: string;
  level: 'commune' | 'province' | 'country';
  code: string;
  name: string;
  provinceCode: string | null;
  provinceName: string | null;
  counts: ProgressCounts;
  targetBooks: number | null;
  targetRecords: number | null;
  outlook: ProgressOutlook;
  source: ProgressSource | null;
  stale: boolean;
  units: number;
  /** Parent units: how many children are late, per child level and scheme. */
  lateChildren: LateChildren[];
}

export interface LateChildren {
  scheme: string;
  level: 'commune' | 'province';
  late: number;
  of: number;
}

export interface ProgressCell {
  bookType: string;
  bookTypeName: string;
  periodGroup: string;
  counts: ProgressCounts;
}

export type FlagCounts = Partial<Record<ProgressFlag, number>>;

export interface ProgressDashboard {
  generatedAt: string;
  asOf: string;
  national: UnitProgress;
  communes: UnitProgress[];
  provinces2025: UnitProgress[];
  provincesPre2025: UnitProgress[];
  cells: ProgressCell[];
  flags: { communes: FlagCounts; provinces2025: FlagCounts; provincesPre2025: FlagCounts };
  snapshots: number;
  demoSnapshots: number;
  hasOwnData: boolean;
}

export type SeriesScope =
  | { level: 'country' }
  | { level: 'province'; scheme: 'qd19_2025' | 'gso_pre2025'; code: string }
  | { level: 'commune'; code: string }
  | { level: 'own' };

export interface ProgressSeries {
  name: string;
  days: string[];
  keyed: number[];
  checked: number[];
  submitted: number[];
  accepted: number[];
  exported: number[];
  expected: number;
  targetRecords: number | null;
  deadline: string | null;
}

export interface BookProgress {
  id: number;
  bookType: string;
  quyenSo: string;
  registryName: string;
  periodGroup: string;
  yearFrom: number;
  yearTo: number | null;
  finished: boolean;
  expected: number | null;
  entries: StageCounts;
  draft: number;
  returned: number;
  rejected: number;
}

export interface InventoryRow {
  unitScheme: string;
  unitCode: string;
  unitName: string;
  bookType: string;
  periodGroup: string;
  books: number;
  expectedEntries: number;
  source: string;
  updatedAt: string;
  updatedBy: string;
}

export interface InventoryInput {
  unitScheme?: string | null;
  unitCode?: string | null;
  bookType: string;
  periodGroup: string;
  books: number;
  expectedEntries: number;
}

export interface LineError {
  line: number;
  column: string | null;
  message: string;
}

/** When `errors` is not empty nothing was written. */
export interface ImportOutcome {
  fileName: string;
  rows: number;
  imported: number;
  errors: LineError[];
}

export interface TargetRow {
  unitScheme: string;
  unitCode: string;
  unitName: string;
  bookType: string;
  periodGroup: string;
  targetBooks: number | null;
  targetRecords: number | null;
  deadline: string;
  source: string;
  importedAt: string;
}

export interface ProgressOverview {
  commune: UnitProgress | null;
  cells: ProgressCell[];
  books: BookProgress[];
  series: ProgressSeries;
  inventory: InventoryRow[];
  otherCommunes: number;
  keyFingerprint: string | null;
}

export interface SavedFile {
  path: string;
  fileName: string;
  bytes: number;
  fingerprint: string | null;
}

export interface SnapshotImported {
  fileName: string;
  status: 'imported' | 'already_imported' | 'older';
  communeCode: string;
  communeName: string;
  asOf: string;
  fingerprint: string;
}

export interface SnapshotImports {
  imported: SnapshotImported[];
  failed: { fileName: string; code: string; message: string }[];
}

export type ReportFormat = 'pdf' | 'xlsx';

export const PERIOD_GROUPS = ['2016-2019', '2006-2015', '1999-2005', '1976-1998', '<=1975'] as const;
export const PROGRESS_BOOK_TYPES = ['KS', 'KT', 'KH', 'HN', 'CMC', 'GH', 'TDCC', 'LH', 'NCN'] as const;
