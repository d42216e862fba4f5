//! Turning the rows of a file into entries: which rows are refused and why, which values are
//! kept with a note (historic values are kept, never refused).
use super::*;

/// Where a valid row came from (kept in `entry_source`).
pub(super) struct Ready {
    pub(super) line: u64,
    pub(super) source_ref: String,
    pub(super) extra: Option<String>,
}

pub(super) struct Prepared {
    /// The valid rows as entries, and beside them (same order) where each came from.
    pub(super) entries: Vec<LoadEntry>,
    pub(super) ready: Vec<Ready>,
    pub(super) rejected: Vec<RejectedRow>,
    pub(super) rows_read: usize,
    pub(super) unknown_columns: Vec<String>,
    pub(super) illegible_cells: usize,
    pub(super) notes: Vec<RowNote>,
}

/// Checks the confirmed mapping against the file and the book type.
pub(super) fn check_mapping(book_type: BookType, t: &Table, m: &ImportMapping) -> Result<Vec<Option<String>>> {
    let spec = book_type.spec();
    let mut cols: Vec<Option<String>> = m.columns.clone();
    cols.resize(t.headers.len().max(cols.len()), None);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, c) in cols.iter().enumerate() {
        let Some(f) = c.as_deref() else { continue };
        if f != SOURCE_REF && spec.field(f).is_none() {
            return Err(CoreError::invalid("mapping", format!("trường “{f}” không có trong mẫu sổ {book_type}")));
        }
        if let Some(&j) = seen.get(f) {
            let h = |k: usize| t.headers.get(k).cloned().unwrap_or_else(|| format!("cột {}", k + 1));
            return Err(CoreError::invalid(
                "mapping",
                format!("hai cột “{}” và “{}” cùng gán cho “{}”", h(j), h(i), target_label(book_type, f)),
            ));
        }
        seen.insert(f, i);
    }
    let missing: Vec<String> =
        required_targets(book_type).iter().filter(|r| !seen.contains_key(r.as_str())).map(|r| target_label(book_type, r)).collect();
    if !missing.is_empty() {
        return Err(CoreError::invalid("mapping", format!("chưa chọn cột cho trường bắt buộc: {}", missing.join(", "))));
    }
    Ok(cols)
}

/// The pseudo-field of a problem of the whole row (its field count, nothing identifying it).
pub const ROW_FIELD: &str = "dong";

/// The note for a date the strict reader does not take: what the historic-date reader makes of
/// it (lunar, approximate, in words, two-digit year, impossible with its plausible readings).
/// The value is imported as written; the note carries the reading's first warning code.
pub(super) fn date_note(raw: &str) -> Option<(String, String)> {
    let r = sohoa_vietnamese::read_date(raw, &sohoa_vietnamese::DateContext::none());
    if r.is_plain() {
        return None;
    }
    let first = r.warnings.iter().find(|w| !matches!(w, sohoa_vietnamese::date::DateWarning::Words)).or(r.warnings.first())?;
    let mut reason = format!("ngày “{raw}”: {}", first.message_vi());
    if let Some(note) = r.note_vi() {
        reason.push_str(&format!(" ({note})"));
    }
    let suggestions: Vec<String> = r.suggestions.iter().take(3).map(|s| s.date.to_template()).collect();
    if !suggestions.is_empty() {
        reason.push_str(&format!(" Có thể là: {}.", suggestions.join(", ")));
    }
    reason.push_str(" Đã nhập nguyên như ghi.");
    Some((first.code().to_string(), reason))
}

/// What the import makes of one non-empty cell of a mapped field (before the store's own
/// normalisation, [`crate::text::stored`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    /// An illegible marker (`[không đọc được]`, `???`…): stored empty and flagged illegible.
    Illegible,
    /// The value stored: a coded value as its code, an ID number that a spreadsheet turned into
    /// a number with its leading zeros back, anything else as written.
    Value(String),
    /// A coded field's value that is neither a label nor a code: kept as written, with a note.
    NotInList(String),
}

/// The import's rule from a cell to the value it stores, in one place: [`prepare`] applies it
/// to every cell, and `sohoa dedupe` reads a records file through it
/// (`crate::dedupe::files`). `was_number`: the cell was a number in a workbook.
pub fn cell_value(book_type: BookType, field: &str, kind: &FieldKind, raw: &str, was_number: bool) -> CellValue {
    if illegible::is_illegible_marker(raw) {
        return CellValue::Illegible;
    }
    match kind {
        FieldKind::Enum => match sohoa_refdata::enumeration_for_field(field, book_type.as_str()).map(|e| e.code_of(raw)) {
            Some(Some(code)) => CellValue::Value(code.to_string()),
            Some(None) => CellValue::NotInList(raw.to_string()),
            None => CellValue::Value(raw.to_string()),
        },
        // A number cell lost the leading zeros of the province code.
        FieldKind::Idnumber if was_number && raw.chars().all(|c| c.is_ascii_digit()) => CellValue::Value(match raw.len() {
            10 | 11 => format!("{raw:0>12}"),
            8 => format!("{raw:0>9}"),
            _ => raw.to_string(),
        }),
        _ => CellValue::Value(raw.to_string()),
    }
}

/// Turns rows into entries; rows with problems are set aside with every problem found.
/// `book_quyen`: the `quyenSo` of the book imported into (rows of another book are rejected).
pub(super) fn prepare(
    book_type: BookType,
    t: &Table,
    cols: &[Option<String>],
    existing: &HashMap<String, i64>,
    book_quyen: Option<&str>,
) -> Prepared {
    let spec = book_type.spec();
    let required = required_targets(book_type);
    let header = |i: usize| t.headers.get(i).cloned().filter(|h| !h.is_empty()).unwrap_or_else(|| format!("cột {}", i + 1));
    let column_of: HashMap<&str, usize> = cols.iter().enumerate().filter_map(|(i, c)| c.as_deref().map(|f| (f, i))).collect();
    let col_header = |f: &str| column_of.get(f).map(|&i| header(i));
    let mut seen_refs: HashMap<String, u64> = HashMap::new();
    let mut ready = Vec::with_capacity(t.rows.len());
    let mut entries = Vec::with_capacity(t.rows.len());
    let mut rejected = Vec::new();
    let mut notes = Vec::new();
    let mut illegible_cells = 0usize;
    let book_key = book_quyen.map(quyen_key);
    let mut keys = QuyenKeys::default();
    let unknown_columns: Vec<String> =
        (0..t.headers.len()).filter(|&i| cols.get(i).is_none_or(|c| c.is_none()) && !t.headers[i].is_empty()).map(header).collect();
    let strict_width = t.format == FileFormat::Csv;
    for row in &t.rows {
        if strict_width && row.cells.len() != t.headers.len() {
            // Which value belongs to which column cannot be known: refused whole, never cut.
            rejected.push(RejectedRow {
                line: row.line,
                ma_ban_ghi: cols
                    .iter()
                    .position(|c| c.as_deref() == Some(SOURCE_REF))
                    .map(|i| crate::text::stored(row.cell(i)))
                    .filter(|r| !r.is_empty()),
                field: ROW_FIELD.into(),
                column: None,
                reason_vi: format!(
                    "dòng có {} trường nhưng dòng tiêu đề có {}: không biết giá trị nào thuộc cột nào; hãy sửa dòng này trong tệp rồi nhập lại",
                    row.cells.len(),
                    t.headers.len()
                ),
                other_problems: vec![],
            });
            continue;
        }
        let mut problems: Vec<RowProblem> = Vec::new();
        let mut problem = |field: &str, reason: String| {
            problems.push(RowProblem { field: field.to_string(), column: col_header(field), reason_vi: reason })
        };
        let mut fields: Vec<FieldValue> = Vec::new();
        let mut source_ref: Option<String> = None;
        let mut extra: BTreeMap<String, String> = BTreeMap::new();
        let mut row_notes: Vec<RowNote> = Vec::new();
        let mut note = |field: &str, code: &str, reason: String| {
            row_notes.push(RowNote {
                line: row.line,
                field: field.to_string(),
                column: col_header(field),
                code: code.into(),
                reason_vi: reason,
            })
        };
        let mut identifying = false;
        let width = row.cells.len().max(cols.len());
        for i in 0..width {
            let raw = row.cell(i);
            if raw.is_empty() {
                continue;
            }
            let Some(f) = cols.get(i).and_then(|c| c.as_deref()) else {
                extra.insert(header(i), raw.to_string());
                continue;
            };
            if f == SOURCE_REF {
                source_ref = Some(crate::text::stored(raw));
                continue;
            }
            let fs = spec.field(f).expect("checked by check_mapping");
            let is_required = required.iter().any(|r| r == f);
            if matches!(fs.kind, FieldKind::Name | FieldKind::Idnumber | FieldKind::Date) {
                identifying = true;
            }
            let cell = cell_value(book_type, f, &fs.kind, raw, row.was_number(i));
            if f == "quyenSo" && cell != CellValue::Illegible {
                if let (Some(bq), Some(bk)) = (book_quyen, &book_key) {
                    if keys.key(raw) != bk {
                        problem(f, format!("dòng thuộc quyển “{raw}”, không phải quyển “{bq}” của sổ đang nhập; hãy nhập dòng này vào sổ quyển “{raw}”"));
                        continue;
                    }
                }
            }
            let value = match cell {
                CellValue::Illegible => {
                    // Unreadable on the paper: empty and flagged, never "missing".
                    if is_required {
                        note(
                            f,
                            "field.illegible",
                            format!(
                                "“{}” ghi “{raw}” (không đọc được): đã nhập trống, đánh dấu không đọc được; cần xem lại trên sổ giấy",
                                target_label(book_type, f)
                            ),
                        );
                    }
                    fields.push(FieldValue { field: f.to_string(), value: String::new(), illegible: true });
                    continue;
                }
                CellValue::Value(v) => v,
                CellValue::NotInList(v) => {
                    // Kept as written (a historic value is never a reason to refuse a row).
                    let allowed: Vec<String> = sohoa_refdata::enumeration_for_field(f, book_type.as_str())
                        .map(|e| e.values.iter().map(|v| v.label.clone()).collect())
                        .unwrap_or_default();
                    let reason = format!(
                        "“{}” ghi “{raw}”, không phải {} hay mã số: đã nhập nguyên như ghi, cần xem lại trên sổ giấy",
                        target_label(book_type, f),
                        allowed.join(" / ")
                    );
                    note(f, "enum.invalid", reason);
                    v
                }
            };
            if fs.kind == FieldKind::Date && crate::validation::parse_date(raw).is_err() {
                if let Some((code, reason)) = date_note(raw) {
                    note(f, &code, format!("“{}”: {reason}", target_label(book_type, f)));
                }
            }
            fields.push(FieldValue { field: f.to_string(), value, illegible: false });
        }
        match &source_ref {
            None => problem(SOURCE_REF, "thiếu mã bản ghi (ma_ban_ghi)".into()),
            Some(r) => {
                if let Some(first) = seen_refs.get(r) {
                    problem(SOURCE_REF, format!("mã bản ghi “{r}” trùng với dòng {first}"));
                } else if let Some(seq) = existing.get(r) {
                    problem(SOURCE_REF, format!("mã bản ghi “{r}” đã được nhập vào sổ này (bản ghi thứ {seq})"));
                }
            }
        }
        if !identifying {
            problems.push(RowProblem {
                field: ROW_FIELD.into(),
                column: None,
                reason_vi: "dòng không có họ tên, ngày tháng hay số giấy tờ nào: không có gì để nhận ra bản ghi".into(),
            });
        }
        for req in required.iter().filter(|r| r.as_str() != SOURCE_REF) {
            let present = fields.iter().any(|f| &f.field == req);
            let already_reported = problems.iter().any(|p| &p.field == req);
            if !present && !already_reported {
                // A missing value is kept missing and flagged (validation's `field.required`).
                note(req, "required.missing", format!("thiếu “{}”: đã nhập, cần xem lại trên sổ giấy", target_label(book_type, req)));
            }
        }
        if let Some(r) = &source_ref {
            seen_refs.entry(r.clone()).or_insert(row.line);
        }
        if problems.is_empty() {
            illegible_cells += fields.iter().filter(|f| f.illegible).count();
            notes.append(&mut row_notes);
            entries.push(LoadEntry { fields, status: EntryStatus::Keyed });
            ready.push(Ready {
                line: row.line,
                source_ref: source_ref.unwrap_or_default(),
                extra: (!extra.is_empty()).then(|| serde_json::to_string(&extra).unwrap_or_default()),
            });
        } else {
            let first = problems.remove(0);
            rejected.push(RejectedRow {
                line: row.line,
                ma_ban_ghi: source_ref,
                field: first.field,
                column: first.column,
                reason_vi: first.reason_vi,
                other_problems: problems,
            });
        }
    }
    Prepared { entries, ready, rejected, rows_read: t.rows.len(), unknown_columns, illegible_cells, notes }
}
