// Wire types of the spreadsheet import (issue 4 §6), version 1. Mirrors docs/ipc.md "Keying
// backend" (ImportPreview, ImportMapping, ImportReport) and crates/core/src/import (serde,
// camelCase fields, snake_case enum values), plus the dry run `check` of `import_preview`.

export type Encoding = 'utf8' | 'tcvn3' | 'vni_windows' | 'windows1258' | 'unknown';
export type MatchedBy = 'reference' | 'template' | 'alias' | 'label' | 'user' | 'none';

/** The reference column of the file (`ma_ban_ghi`) as a mapping target. */
export const SOURCE_REF = 'maBanGhi';

export interface ColumnMapping {
  /** 0-based position in the file. */
  column: number;
  header: string;
  /** A template field, `maBanGhi`, or null (kept aside). */
  field: string | null;
  label: string | null;
  matchedBy: MatchedBy;
}

export interface TargetField {
  field: string;
  /** The full label (`Cha — Họ, chữ đệm và tên`), as messages name the field. */
  label: string;
  /** The part of the form the field belongs to (`Cha`); null for the record's reference. */
  group: string | null;
  /** The label within its group. */
  shortLabel: string;
  required: boolean;
}

export interface QuyenCount {
  quyenSo: string;
  rows: number;
}

export interface RowProblem {
  field: string;
  column: string | null;
  reasonVi: string;
}

export interface RejectedRow {
  line: number;
  maBanGhi: string | null;
  field: string;
  column: string | null;
  reasonVi: string;
  otherProblems?: RowProblem[];
}

export interface RowNote {
  line: number;
  field: string;
  column: string | null;
  /** The warning code the value is flagged with (`date.lunar`, `required.missing`, `enum.invalid`…). */
  code: string;
  reasonVi: string;
}

/** The kinds of warning of a preview (crates/core/src/import/warning.rs), stable. */
export type ImportWarningCode =
  | 'invalid_utf8'
  | 'unknown_encoding'
  | 'several_sheets'
  | 'duplicate_column'
  | 'unknown_header'
  | 'missing_required_column'
  | 'no_data_rows'
  | 'several_books'
  | 'illegible_cells'
  | 'illegible_required'
  | 'other_book_rows'
  | 'already_in_book';

/** Something the clerk should read before importing (never blocking). */
export interface ImportWarning {
  code: ImportWarningCode;
  /** The sentence to show (Vietnamese). */
  message: string;
  /** Headers of the file it is about. */
  columns: string[];
  /** Target fields it is about. */
  fields: string[];
  /** Quyển số it is about, as written in the file. */
  quyenSo: string[];
  /** Rows, cells or sheets counted. */
  count: number | null;
}

/** What the import would do with the mapping checked (nothing written). */
export interface ImportCheck {
  rowsRead: number;
  valid: number;
  rejected: RejectedRow[];
  notes: RowNote[];
  /** Imported without a book: the books that will be created, one per quyển số. */
  newBooks: QuyenCount[];
}

export interface ImportPreview {
  fileName: string;
  bookType: string;
  format: 'csv' | 'xlsx' | 'xls' | 'ods';
  sheetName: string | null;
  encoding: Encoding;
  encodingLabel: string;
  encodingConfidence: number;
  legacyInCells: boolean;
  /** One sentence for the clerk: "Tệp dùng bảng mã cũ TCVN3 (ABC); đã chuyển sang Unicode." */
  encodingNoteVi: string;
  bom: boolean;
  delimiter: string | null;
  headers: string[];
  /** The proposed mapping, one per column. */
  mapping: ColumnMapping[];
  unknownColumns: string[];
  missingRequired: TargetField[];
  sampleRows: string[][];
  rowCount: number;
  alreadyInBook: number;
  warnings: ImportWarning[];
  targets: TargetField[];
  booksInFile: QuyenCount[];
  illegibleCells: number;
  otherBookRows: number;
  /** The dry run with `mappingChecked`; null when the import cannot start yet (see `checkProblem`). */
  check: ImportCheck | null;
  checkProblem: string | null;
  mappingChecked: (string | null)[];
}

export interface ImportedBook {
  bookId: number;
  quyenSo: string;
  yearFrom: number;
  yearTo: number | null;
  pageCount: number;
  created: boolean;
  loaded: number;
}

export interface ImportReport {
  bookId: number | null;
  books: ImportedBook[];
  fileName: string;
  format: string;
  encoding: Encoding;
  encodingLabel: string;
  encodingNoteVi: string;
  rowsRead: number;
  loaded: number;
  rejected: RejectedRow[];
  unknownColumns: string[];
  illegibleCells: number;
  notes: RowNote[];
  elapsedMs: number;
}

/** Where the rows go: an existing book, or new books of a type (one per quyển số). */
export type ImportTarget = { bookId: number; bookType: string } | { bookId: null; bookType: string };

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  target: ImportTarget;
  /** null: detected. */
  encoding: Encoding | null;
  /** One field (or null) per file column; null in a preview: the proposed mapping. */
  columns: (string | null)[] | null;
}
