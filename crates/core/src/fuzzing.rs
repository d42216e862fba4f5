//! Entry points for the fuzz targets (`fuzz/`, docs/fuzzing.md): the parsers of outside input
//! that are not public on their own, reached without a workspace or a database. Not an API:
//! hidden from the documentation and used by nothing else.
use crate::batch::format::{BookRecord, EntryRecord, VerdictRecord, BOOKS_FILE, DECISIONS_FILE, ENTRIES_FILE, VERDICTS_FILE};
use crate::batch::{PackageLimits, VerifyReport};
use crate::dedupe::DecisionRecord;
use crate::error::Result;
use std::io::Read;

/// A package's layer after decryption, as an import reads it: the tar stream checked by
/// [`crate::batch::read_bag`] under `limits`, and every JSON line of the payload parsed into its
/// record (each book also through the rules a new book must meet), as pass 2 of an import does
/// before it writes.
pub fn package_stream(tar: &[u8], limits: &PackageLimits) -> Result<VerifyReport> {
    let line = limits.line_bytes;
    let mut visit = |rel: &str, r: &mut dyn Read| -> Result<()> {
        use crate::batch::limits::for_each_json_line as each;
        match rel {
            BOOKS_FILE => each(r, rel, line, |b: BookRecord| {
                let _ = crate::model::book::validate_new_book(&crate::model::book::NewBook {
                    book_type: b.book_type,
                    registry: b.registry,
                    quyen_so: b.quyen_so,
                    year_from: b.year_from,
                    year_to: b.year_to,
                    page_count: b.page_count,
                    expected_entries: b.expected_entries,
                    note: b.note,
                });
                Ok(())
            }),
            ENTRIES_FILE => each(r, rel, line, |_: EntryRecord| Ok(())),
            DECISIONS_FILE => each(r, rel, line, |_: DecisionRecord| Ok(())),
            VERDICTS_FILE => each(r, rel, line, |_: VerdictRecord| Ok(())),
            _ => Ok(()),
        }
    };
    crate::batch::read_bag(tar, limits, &mut visit, &mut || {})
}

/// The inventory / targets reader (the tabular reader under their limits, header and cells
/// trimmed, lower-cased and NFC): the number of data rows read.
pub fn progress_table(file_name: &str, bytes: &[u8]) -> Result<usize> {
    let t = crate::progress::tabular::read_table(file_name, bytes)?;
    Ok(t.rows.len())
}

/// The spreadsheet import's reading and header mapping: the file read as the import reads it,
/// each header matched to a column of `book_type`; returns the data rows read.
pub fn spreadsheet_import(bytes: &[u8], encoding: Option<crate::import::Encoding>, book_type: &str) -> Result<usize> {
    let file = crate::import::ParsedFile::parse(bytes, encoding)?;
    let book_type: crate::BookType = book_type.parse()?;
    for h in &file.table().headers {
        let _ = crate::import::match_header(book_type, h);
    }
    Ok(file.row_count())
}
