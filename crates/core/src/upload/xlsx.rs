//! The Ministry Excel file of one book (rust_xlsxwriter): one sheet named after the book type,
//! header row = the template's camelCase columns in order, then one row per entry. Every cell is
//! a text cell (numbers such as `so` or `quyenSo` keep their exact form, `01/1985` stays text).
use crate::error::{CoreError, Result};
use crate::model::column_map::{BookTypeSpec, FieldKind, FieldSpec};
use crate::model::entry::Entry;
use rust_xlsxwriter::{Format, Workbook};
use sohoa_vietnamese::PartialDate;
use std::path::Path;

/// The value of one field as the template expects it: dates `dd/mm/yyyy` (`mm/yyyy`, `yyyy` when
/// only that much was written), enumeration labels turned into their codes; anything that cannot
/// be read is written as keyed (the Ministry's importer reports it rather than us guessing).
pub fn template_value(spec: &FieldSpec, book_type: &str, raw: &str) -> String {
    let raw = raw.trim();
    if raw.is_empty() {
        return String::new();
    }
    match spec.kind {
        FieldKind::Date => PartialDate::parse(raw).map(|d| d.to_template()).unwrap_or_else(|_| raw.to_string()),
        FieldKind::Enum => {
            let e = spec
                .enum_name
                .as_deref()
                .and_then(|n| sohoa_refdata::enumeration(n, Some(book_type)))
                .or_else(|| sohoa_refdata::enumeration_for_field(&spec.name, book_type));
            e.and_then(|e| e.code_of(raw)).map(str::to_string).unwrap_or_else(|| raw.to_string())
        }
        _ => raw.to_string(),
    }
}

fn xe(e: rust_xlsxwriter::XlsxError) -> CoreError {
    CoreError::Internal(format!("xlsx: {e}"))
}

pub fn write_book(path: &Path, spec: &BookTypeSpec, book_type: &str, entries: &[Entry]) -> Result<()> {
    let mut wb = Workbook::new();
    let text = Format::new().set_num_format("@");
    let ws = wb.add_worksheet();
    ws.set_name(book_type).map_err(xe)?;
    for (c, f) in spec.fields.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, &f.name, &text).map_err(xe)?;
    }
    for (r, e) in entries.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, f) in spec.fields.iter().enumerate() {
            let v = template_value(f, book_type, e.get(&f.name).unwrap_or_default());
            if !v.is_empty() {
                ws.write_string_with_format(row, c as u16, &v, &text).map_err(xe)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(xe)?;
    wb.save(path).map_err(xe)?;
    Ok(())
}
