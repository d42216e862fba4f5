//! The Ministry Excel file of one book (rust_xlsxwriter): one sheet named after the book type,
//! header row = the template's camelCase columns in order, then one row per entry. Every cell is
//! a text cell (numbers such as `so` or `quyenSo` keep their exact form, `01/1985` stays text).
use crate::error::{CoreError, Result};
use crate::model::column_map::{BookTypeSpec, FieldKind, FieldSpec};
use crate::model::entry::Entry;
use rust_xlsxwriter::{Format, Workbook};
use sohoa_vietnamese::{read_date, DateContext, PartialDate};
use std::path::Path;

/// The value of one field as the template expects it: dates in the best standard form the
/// template accepts (`dd/mm/yyyy`, `mm/yyyy`, `yyyy`; the solar equivalent of a lunar date; the
/// certain parts of an impossible one; empty when nothing is certain — the written form and the
/// `ghiChu` note carry it, see [`row_values`]), enumeration labels turned into their codes;
/// anything else as keyed.
pub fn template_value(spec: &FieldSpec, book_type: &str, raw: &str) -> String {
    template_value_in(spec, book_type, raw, &DateContext::none())
}

fn template_value_in(spec: &FieldSpec, book_type: &str, raw: &str, ctx: &DateContext) -> String {
    let raw = raw.trim();
    if raw.is_empty() {
        return String::new();
    }
    match spec.kind {
        FieldKind::Date => match PartialDate::parse(raw) {
            Ok(d) => d.to_template(),
            Err(_) => read_date(raw, ctx).template_form().unwrap_or_default(),
        },
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

/// The template's "written form" column of a date field, when it has one
/// (`nksNgaySinh` → `nksNgaySinhBangChu`, `nktNgayChet` → `nktNgayChetGhiBangChu`).
fn bang_chu_column<'a>(spec: &'a BookTypeSpec, date_field: &str) -> Option<&'a FieldSpec> {
    spec.fields.iter().find(|f| f.name == format!("{date_field}BangChu") || f.name == format!("{date_field}GhiBangChu"))
}

/// How the standard note names a field: its label, and its person's group (`Ngày, tháng, năm
/// sinh (Mẹ)`).
fn field_name_vi(spec: &FieldSpec) -> String {
    match crate::model::column_map::column_map().groups.get(&spec.group) {
        Some(g) if spec.group != "dangKy" => format!("{} ({g})", spec.label),
        _ => spec.label.clone(),
    }
}

/// Where the standard note starts in `ghiChu` (after what the clerk keyed there, if anything).
pub const NOTE_PREFIX: &str = "Nhập liệu: ";

/// One entry's row, column for column (issue 10 part 4): each field's [`template_value`]; a
/// `…BangChu` column left empty is filled with its date's written form
/// (`DateReading::bang_chu`: the text as written when it says more than the date column, the
/// date in words otherwise); `ghiChu` gets, after what was keyed in it, the standard note
/// `Nhập liệu: không đọc được: …; <field> ghi “…”: …; <field> chưa chắc chắn: “…”` listing the
/// illegible fields and the uncertain values, so that nothing uncertain is an empty or
/// exact-looking cell without a trace.
pub fn row_values(spec: &BookTypeSpec, book_type: &str, entry: &Entry) -> Vec<String> {
    let ctx = DateContext { book_years: None, not_after: entry.get("ngayDangKy").and_then(|d| PartialDate::parse(d).ok()).map(|d| d.year) };
    let mut row: Vec<String> =
        spec.fields.iter().map(|f| template_value_in(f, book_type, entry.get(&f.name).unwrap_or_default(), &ctx)).collect();
    let mut illegible = Vec::new();
    let mut uncertain = Vec::new();
    for f in &spec.fields {
        let Some(fv) = entry.fields.iter().find(|x| x.field == f.name) else { continue };
        if fv.illegible {
            illegible.push(field_name_vi(f));
        }
        let value = fv.value.trim();
        if value.is_empty() {
            continue;
        }
        match f.kind {
            FieldKind::Date => {
                let r = read_date(value, &ctx);
                if let Some(note) = r.note_vi() {
                    uncertain.push(format!("{} {note}", field_name_vi(f)));
                }
                if let Some(bc) = bang_chu_column(spec, &f.name) {
                    let c = spec.fields.iter().position(|x| x.name == bc.name).unwrap_or(0);
                    if row[c].is_empty() {
                        row[c] = r.bang_chu();
                    }
                }
            }
            _ if value.contains('?') && f.name != "ghiChu" => uncertain.push(format!("{} chưa chắc chắn: “{value}”", field_name_vi(f))),
            _ => {}
        }
    }
    if !illegible.is_empty() || !uncertain.is_empty() {
        let mut parts = Vec::new();
        if !illegible.is_empty() {
            parts.push(format!("không đọc được: {}", illegible.join(", ")));
        }
        parts.extend(uncertain);
        let note = format!("{NOTE_PREFIX}{}", parts.join("; "));
        if let Some(c) = spec.fields.iter().position(|f| f.name == "ghiChu") {
            row[c] = if row[c].is_empty() { note } else { format!("{}. {note}", row[c].trim_end_matches('.')) };
        }
    }
    row
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
        for (c, v) in row_values(spec, book_type, e).iter().enumerate() {
            if !v.is_empty() {
                ws.write_string_with_format(row, c as u16, v, &text).map_err(xe)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(xe)?;
    wb.save(path).map_err(xe)?;
    Ok(())
}
