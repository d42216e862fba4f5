// Wire types of duplicate flagging (issue 5). The types of the typed commands are generated from
// crates/core/src/dedupe (generated/bindings.ts, issue 14 §2); the ones below them still travel
// through hand-written commands (raw file bodies, progress channels) and mirror the core by hand.
import type * as G from './generated/bindings';

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

export type ExtractInfo = G.ExtractInfo;

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

export type CandidateKind = G.CandidateKind;
export type Band = G.Decision;
export type DecisionKind = G.DecisionKind;

export type ExplanationLine = G.ExplanationLine;

export type PersonFields = G.PersonFields;

export type RecordFields = G.RecordFields;

export type DecisionView = G.DecisionView;

export type CandidateView = G.CandidateView;

export type EntryCandidates = G.EntryCandidates;

export type QueueFilter = G.QueueFilter;
export type QueueState = G.QueueState;

export type QueueItem = G.QueueItem;

export type QueueCounts = G.QueueCounts;

export type DedupeRunInfo = G.RunInfo;

export type QueuePage = G.QueuePage;

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

/** A keyed entry with the person it identifies, as `dedupe_entry` returns it. */
export type DedupeEntry = G.EntryWithPerson;
