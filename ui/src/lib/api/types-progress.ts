// Types of the progress commands (issue 7), generated from crates/core/src/progress
// (generated/bindings.ts; field names camelCase on the wire).
import type * as G from './generated/bindings';

export type ProgressFlag = G.Flag;

/** Flags from the most urgent to the least (the order of the legend and of sorting). */
export const PROGRESS_FLAGS: ProgressFlag[] = ['late', 'at_risk', 'finishing', 'no_target', 'on_track', 'done', 'no_data'];

/** "Reached at least this stage"; `inventoried` = books inventoried / entries expected.
 * `accepted` = the supervisor's acceptance; `uploaded` / `approved` = the Ministry's system
 * holds / approved ("phê duyệt") the exported entry. */
export type StageCounts = G.StageCounts;

export type ProgressCounts = G.Counts;

/** What the percentages are taken against: the unit's target when set, else its inventory. */
export type ProgressBasis = G.Basis;

export type ProgressOutlook = G.Outlook;

export type ProgressSource = G.SourceKind;

export type UnitProgress = G.UnitProgress;

export type LateChildren = G.LateChildren;

export type ProgressCell = G.CellRow;

export type FlagCounts = Partial<Record<ProgressFlag, number>>;

export type ProgressDashboard = G.Dashboard;

export type SeriesScope = G.SeriesScope;

export type ProgressSeries = G.Series;

export type BookProgress = G.BookProgress;

export type InventoryRow = G.InventoryRow;

export type InventoryInput = G.InventoryInput;

export type LineError = G.ProgressLineError;

/** When `errors` is not empty nothing was written. */
export type ImportOutcome = G.ProgressImportOutcome;

export type TargetRow = G.TargetRow;

export type ProgressOverview = G.Overview;

export type SavedFile = G.SavedFile;

export type SnapshotImported = G.SnapshotImport;

export type SnapshotImports = G.SnapshotImports;

export type ReportFormat = 'pdf' | 'xlsx';

export const PERIOD_GROUPS = ['2016-2019', '2006-2015', '1999-2005', '1976-1998', '<=1975'] as const;
export const PROGRESS_BOOK_TYPES = ['KS', 'KT', 'KH', 'HN', 'CMC', 'GH', 'TDCC', 'LH', 'NCN'] as const;
