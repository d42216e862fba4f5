// Wire types of the UI ↔ core boundary, version 1. Mirrors docs/ipc.md exactly:
// change both together (field names are camelCase on the wire).

// The types below that come from Rust are generated (generated/bindings.ts, issue 14 §2):
// the fake and every screen are checked against the Rust types by svelte-check.
import type * as G from './generated/bindings';

export type Locale = G.Locale;
export type AppInfo = G.AppInfo;
export type WorkspaceProbe = G.Probe;
export type Role = G.Role;
export type SessionUser = G.User;
export type SessionWorkspace = G.WorkspaceInfo;
export type Session = G.Session;
/** A book type code (`KS`, `KT`, …). */
export type BookTypeCode = G.BookType;

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

export type BookSummary = G.BookSummary;

export type Commune = G.CommuneHit;

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

/** A register type for the pickers (`book_types`). */
export type BookType = G.BookTypeDto;

export type BookCreateArgs = G.BookForm;

export type Rotation = 0 | 90 | 180 | 270;

/** A page as the page list shows it; `rotation` is 0, 90, 180 or 270 (a {@link Rotation}). */
export type PageInfo = G.PageInfo;

export type AttachOutcome = G.AttachOutcome;

/** A file of a folder of scans (`pages_folder_scan`). */
export type FolderFile = G.ScanFile;

export type FolderScan = G.FolderScan;

/**
 * Viewer adjustments, processed in Rust (crates/core/src/imaging/adjust.rs). Rust reads a missing
 * field as "no change"; the viewer always sends every one.
 */
export type ImageAdjust = Required<G.Adjust>;

/** What `page_image` is asked for: the box the page must fit in (device pixels) and the adjustments. */
export type ViewRequest = G.ViewRequest;

/** What `page_image` says about the image it answers (the JSON before the bytes). */
export type RenderedMeta = G.Rendered;

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

export type EnumOption = G.EnumOption;

export type FormField = G.FormField;

export type FormGroup = G.FormGroup;

export type KeyingForm = G.KeyingForm;

export type FieldValue = G.FieldValue;

export type Severity = G.Severity;

export type Warning = G.Warning;

export type Entry = G.Entry;

export type EntryWithWarnings = G.EntryView;

/** A page an entry spans: the page's id and its number in the book (issue 11 §3). */
export type EntryPage = G.EntryPage;

export type EntrySummary = G.EntrySummary;

export type SaveOutcome = G.SaveOutcome;

export type StatusOutcome = G.StatusOutcome;

export type UndoOutcome = G.UndoOutcome;

export type FieldChange = G.FieldChange;

export type EntryDefaults = G.EntryDefaults;

export type Suggestion = G.Suggestion;

export type DateParse = G.DateParse;

/** A reading the clerk can pick for a date that cannot be taken as written (issue 10). */
export type DateSuggestion = G.DateSuggestion;

export type BookWarning = G.BookWarning;

export type BookWarnings = G.BookWarnings;

export type BookCoverage = G.BookCoverage;

// ---- duplicate flagging (issue 5) ----
export * from './types-dedupe';
