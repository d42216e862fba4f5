// Wire types of the spreadsheet import (issue 4 §6). import_preview and import_run stay
// hand-written (raw file body, progress channel), but what they answer is generated from
// crates/core/src/import and src-tauri/src/commands/import.rs (generated/bindings.ts, issue 14 §2).
import type * as G from './generated/bindings';

export type Encoding = G.Encoding;
export type MatchedBy = G.MatchedBy;

/** The reference column of the file (`ma_ban_ghi`) as a mapping target. */
export const SOURCE_REF = 'maBanGhi';

export type ColumnMapping = G.ColumnMapping;

export type TargetField = G.TargetField;

export type QuyenCount = G.QuyenCount;

export type RowProblem = G.RowProblem;

export type RejectedRow = G.RejectedRow;

export type RowNote = G.RowNote;

/** The kinds of warning of a preview (crates/core/src/import/warning.rs), stable. */
export type ImportWarningCode = G.WarningCode;

/** Something the clerk should read before importing (never blocking). */
export type ImportWarning = G.ImportWarning;

/** What the import would do with the mapping checked (nothing written). */
export type ImportCheck = G.ImportCheck;

/** The preview with, beside it, the dry run of the mapping (`check`, or why not: `checkProblem`). */
export type ImportPreview = G.ImportPreviewView;

export type ImportedBook = G.ImportedBook;

export type ImportReport = G.ImportReport;

/** Where the rows go: an existing book, or new books of a type (one per quyển số). */
export type ImportTarget = { bookId: number; bookType: G.BookType } | { bookId: null; bookType: G.BookType };

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  target: ImportTarget;
  /** null: detected. */
  encoding: Encoding | null;
  /** One field (or null) per file column; null in a preview: the proposed mapping. */
  columns: (string | null)[] | null;
}
