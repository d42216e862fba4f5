// Wire types of duplicate flagging (issue 5). The types of the typed commands are generated from
// crates/core/src/dedupe (generated/bindings.ts, issue 14 §2), with those of the hand-written
// commands (raw file bodies, progress channels) that contract.rs adds to the bindings.
import type * as G from './generated/bindings';

/** Canonical columns of the population extract (formats.md §1). */
export type ExtractColumn = G.ExtractColumn;

export type ExtractPreviewColumn = G.PreviewColumn;

export type ExtractColumnChoice = G.ColumnChoice;

export type LineError = G.LineError;

export type ExtractInfo = G.ExtractInfo;

export type ExtractPreview = G.ExtractPreview;

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

export type DedupeRunReport = G.DedupeRunReport;

/** A keyed entry with the person it identifies, as `dedupe_entry` returns it. */
export type DedupeEntry = G.EntryWithPerson;
