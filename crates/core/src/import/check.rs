//! A dry run of an import: what [`crate::import::import`] / [`crate::import::import_into_new_book`] would do
//! with a mapping, without writing anything — for the preview the clerk fixes the mapping in.
use super::{check_mapping, prepare, split_by_quyen, ImportMapping, ParsedFile, RejectedRow, RowNote};
use crate::error::Result;
use crate::import;
use crate::model;
use crate::model::book_type::BookType;
use crate::session::Session;
use serde::Serialize;
use std::collections::HashMap;

/// What an import with a given mapping would load and reject (nothing is written).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportCheck {
    /// Data rows in the file.
    pub rows_read: usize,
    /// Rows that would load.
    pub valid: usize,
    /// Rows that would be rejected, with line, field and reason (same rules as the import).
    pub rejected: Vec<RejectedRow>,
    /// Loaded rows to look at (required fields marked unreadable).
    pub notes: Vec<RowNote>,
    /// Books an import without a book would create, with their row counts (`quyenSo`, rows).
    pub new_books: Vec<super::QuyenCount>,
}

/// [`crate::import::import_check`] of a file already read (see [`super::TableCache`]): only the
/// mapping and the row checks run. The file was read with its own encoding
/// ([`ParsedFile::encoding`]); `mapping.encoding` is not looked at.
pub fn import_check_parsed(
    s: &Session,
    book_id: Option<i64>,
    book_type: BookType,
    file: &ParsedFile,
    mapping: &ImportMapping,
) -> Result<ImportCheck> {
    let t = file.table();
    match book_id {
        Some(id) => {
            let book_type = model::book::book_type_of(s.conn(), id)?;
            let quyen = import::book_quyen_so(s.conn(), id)?;
            let cols = check_mapping(book_type, t, mapping)?;
            let existing = import::imported_refs(s.conn(), id)?;
            let p = prepare(book_type, t, &cols, &existing, Some(&quyen));
            Ok(ImportCheck { rows_read: p.rows_read, valid: p.entries.len(), rejected: p.rejected, notes: p.notes, new_books: vec![] })
        }
        None => {
            let cols = check_mapping(book_type, t, mapping)?;
            let mut p = prepare(book_type, t, &cols, &HashMap::new(), None);
            let file_name = mapping.file_name.clone().unwrap_or_else(|| "tệp nhập".into());
            let groups = split_by_quyen(s.workspace(), book_type, &file_name, &mut p, &cols, t);
            let new_books: Vec<super::QuyenCount> = groups
                .iter()
                .filter(|g| !g.ready.is_empty())
                .map(|g| super::QuyenCount {
                    quyen_so: match &g.target {
                        super::Target::New(nb) => nb.quyen_so.clone(),
                        super::Target::Existing(_) => String::new(),
                    },
                    rows: g.ready.len(),
                })
                .collect();
            let valid = new_books.iter().map(|b| b.rows).sum();
            Ok(ImportCheck { rows_read: p.rows_read, valid, rejected: p.rejected, notes: p.notes, new_books })
        }
    }
}

/// Checks every row of a file against a mapping, exactly as the import would, into `book_id`
/// or (`None`) into new books of type `book_type`. Errors like the import when the file
/// cannot be read or a required field has no column.
pub fn import_check(s: &Session, book_id: Option<i64>, book_type: BookType, bytes: &[u8], mapping: &ImportMapping) -> Result<ImportCheck> {
    import_check_parsed(s, book_id, book_type, &ParsedFile::parse(bytes, mapping.encoding)?, mapping)
}
