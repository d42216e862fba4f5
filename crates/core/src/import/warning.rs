//! What the preview tells the clerk about a file before importing it (never blocking): a stable
//! machine code the UI can act on (it hides the warnings its mapping table already shows), the
//! Vietnamese sentence to show, and what the warning is about (columns, fields, counts).
use serde::Serialize;

/// The kinds of warning the preview (and the reading of the file behind it) emits.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A file read as UTF-8 (the clerk's choice) holds bytes that are not UTF-8: replaced by “�”.
    InvalidUtf8,
    /// The file's encoding was not recognised; it was read as Windows-1252.
    UnknownEncoding,
    /// A workbook with several sheets: only the first sheet holding data is read (`count`: sheets).
    SeveralSheets,
    /// Two columns match the same field: only the first is used (`columns`: the one set aside,
    /// then the one used; `fields`: the field).
    DuplicateColumn,
    /// Headers matching no field: their values are kept aside with each entry (`columns`).
    UnknownHeader,
    /// Required fields no column maps to: the import cannot start (`fields`).
    MissingRequiredColumn,
    /// The file has a header line and no data rows.
    NoDataRows,
    /// The rows carry several quyển số (`quyenSo`, `count`: how many books).
    SeveralBooks,
    /// Cells marked unreadable, imported empty and flagged (`columns`, `count`: cells).
    IllegibleCells,
    /// Unreadable cells in required fields: imported, to be checked on paper (`columns`, `fields`).
    IllegibleRequired,
    /// Rows of another quyển số than the book imported into: they will be rejected (`quyenSo`, `count`: rows).
    OtherBookRows,
    /// Rows whose `ma_ban_ghi` is already in the book: not imported again (`count`: rows).
    AlreadyInBook,
}

/// One warning of the preview.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportWarning {
    pub code: WarningCode,
    /// The sentence to show the clerk (Vietnamese).
    pub message: String,
    /// Headers of the file the warning is about.
    pub columns: Vec<String>,
    /// Target fields (template names or `maBanGhi`) the warning is about.
    pub fields: Vec<String>,
    /// `quyenSo` values the warning is about, as first written in the file.
    pub quyen_so: Vec<String>,
    /// Rows, cells or sheets counted, when the warning counts something.
    pub count: Option<usize>,
}

impl ImportWarning {
    pub fn new(code: WarningCode, message: impl Into<String>) -> Self {
        ImportWarning { code, message: message.into(), columns: vec![], fields: vec![], quyen_so: vec![], count: None }
    }

    pub(crate) fn columns(mut self, columns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.columns = columns.into_iter().map(Into::into).collect();
        self
    }

    pub(crate) fn fields(mut self, fields: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.fields = fields.into_iter().map(Into::into).collect();
        self
    }

    pub(crate) fn quyen_so(mut self, quyen_so: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.quyen_so = quyen_so.into_iter().map(Into::into).collect();
        self
    }

    pub(crate) fn count(mut self, n: usize) -> Self {
        self.count = Some(n);
        self
    }
}

/// The message, as the CLI prints it.
impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
