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
    CellRule::new(book_type, field, *kind).value(raw, was_number)
}

/// [`cell_value`] for one column, its enumeration looked up once rather than for every cell.
#[derive(Clone, Copy)]
pub(crate) struct CellRule {
    kind: FieldKind,
    /// `Some(None)`: a coded field whose enumeration is not known (kept as written).
    enumeration: Option<Option<&'static sohoa_refdata::Enumeration>>,
}

impl CellRule {
    pub(crate) fn new(book_type: BookType, field: &str, kind: FieldKind) -> CellRule {
        let enumeration = (kind == FieldKind::Enum).then(|| sohoa_refdata::enumeration_for_field(field, book_type.as_str()));
        CellRule { kind, enumeration }
    }

    pub(crate) fn value(&self, raw: &str, was_number: bool) -> CellValue {
        if illegible::is_illegible_marker(raw) {
            return CellValue::Illegible;
        }
        match (self.kind, self.enumeration) {
            (FieldKind::Enum, Some(Some(e))) => match e.code_of(raw) {
                Some(code) => CellValue::Value(code.to_string()),
                None => CellValue::NotInList(raw.to_string()),
            },
            // A number cell lost the leading zeros of the province code.
            (FieldKind::Idnumber, _) if was_number && raw.chars().all(|c| c.is_ascii_digit()) => CellValue::Value(match raw.len() {
                10 | 11 => format!("{raw:0>12}"),
                8 => format!("{raw:0>9}"),
                _ => raw.to_string(),
            }),
            _ => CellValue::Value(raw.to_string()),
        }
    }
}

/// Rows checked on one thread each below this many (threads cost more than they save).
const ROWS_PER_THREAD: usize = 4_096;

/// Turns rows into entries; rows with problems are set aside with every problem found.
/// `book_quyen`: the `quyenSo` of the book imported into (rows of another book are rejected).
///
/// Each row is checked on its own ([`RowChecker::check`]) on every core, the rows of a large file
/// split in runs of consecutive lines; then, in file order, each row's reference is compared with
/// those of the rows before it and the row is loaded or refused. The result does not depend on the
/// number of threads.
pub(super) fn prepare(
    book_type: BookType,
    t: &Table,
    cols: &[Option<String>],
    existing: &HashMap<String, i64>,
    book_quyen: Option<&str>,
) -> Prepared {
    let checker = RowChecker::new(book_type, t, cols, book_quyen);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8).min(t.rows.len() / ROWS_PER_THREAD).max(1);
    let checked: Vec<RowCheck> = if threads == 1 {
        checker.check_all(&t.rows)
    } else {
        let per = t.rows.len().div_ceil(threads);
        std::thread::scope(|sc| {
            let runs: Vec<_> = t.rows.chunks(per).map(|rows| sc.spawn(|| checker.check_all(rows))).collect();
            runs.into_iter().flat_map(|run| run.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        })
    };
    let mut seen_refs: HashMap<String, u64> = HashMap::new();
    let mut ready = Vec::with_capacity(t.rows.len());
    let mut entries = Vec::with_capacity(t.rows.len());
    let mut rejected = Vec::new();
    let mut notes = Vec::new();
    let mut illegible_cells = 0usize;
    for c in checked {
        let mut row = match c {
            RowCheck::Refused(r) => {
                rejected.push(r);
                continue;
            }
            RowCheck::Checked(row) => row,
        };
        let problem =
            |field: &str, reason: String| RowProblem { field: field.to_string(), column: checker.col_header(field), reason_vi: reason };
        match &row.source_ref {
            None => row.problems.push(problem(SOURCE_REF, "thiếu mã bản ghi (ma_ban_ghi)".into())),
            Some(r) => {
                if let Some(first) = seen_refs.get(r) {
                    row.problems.push(problem(SOURCE_REF, format!("mã bản ghi “{r}” trùng với dòng {first}")));
                } else if let Some(seq) = existing.get(r) {
                    row.problems.push(problem(SOURCE_REF, format!("mã bản ghi “{r}” đã được nhập vào sổ này (bản ghi thứ {seq})")));
                }
            }
        }
        if !row.identifying {
            row.problems.push(RowProblem {
                field: ROW_FIELD.into(),
                column: None,
                reason_vi: "dòng không có họ tên, ngày tháng hay số giấy tờ nào: không có gì để nhận ra bản ghi".into(),
            });
        }
        if let Some(r) = &row.source_ref {
            if !seen_refs.contains_key(r) {
                seen_refs.insert(r.clone(), row.line);
            }
        }
        if row.problems.is_empty() {
            illegible_cells += row.fields.iter().filter(|f| f.illegible).count();
            notes.append(&mut row.notes);
            entries.push(LoadEntry { fields: row.fields, status: EntryStatus::Keyed });
            ready.push(Ready {
                line: row.line,
                source_ref: row.source_ref.unwrap_or_default(),
                extra: (!row.extra.is_empty()).then(|| serde_json::to_string(&row.extra).unwrap_or_default()),
            });
        } else {
            let first = row.problems.remove(0);
            rejected.push(RejectedRow {
                line: row.line,
                ma_ban_ghi: row.source_ref,
                field: first.field,
                column: first.column,
                reason_vi: first.reason_vi,
                other_problems: row.problems,
            });
        }
    }
    Prepared { entries, ready, rejected, rows_read: t.rows.len(), unknown_columns: checker.unknown_columns(), illegible_cells, notes }
}

/// What a row is on its own, before its reference is compared with the other rows'.
enum RowCheck {
    /// Refused whole (its field count is not the header's).
    Refused(RejectedRow),
    Checked(CheckedRow),
}

struct CheckedRow {
    line: u64,
    source_ref: Option<String>,
    fields: Vec<FieldValue>,
    /// Cells of columns kept aside, by header.
    extra: BTreeMap<String, String>,
    notes: Vec<RowNote>,
    /// The problems of its cells (another book's `quyenSo`).
    problems: Vec<RowProblem>,
    /// It has a name, a date or an ID number.
    identifying: bool,
}

/// A mapped column, looked up once for the whole file.
struct Column<'a> {
    field: &'a str,
    spec: &'static crate::model::column_map::FieldSpec,
    required: bool,
    rule: CellRule,
}

/// Checks rows one by one (shared by the threads of [`prepare`]: it only reads).
struct RowChecker<'a> {
    book_type: BookType,
    t: &'a Table,
    cols: &'a [Option<String>],
    /// `None` for a column kept aside or the reference column.
    columns: Vec<Option<Column<'a>>>,
    required: Vec<String>,
    column_of: HashMap<&'a str, usize>,
    book_quyen: Option<&'a str>,
    book_key: Option<String>,
    source_col: Option<usize>,
}

impl<'a> RowChecker<'a> {
    fn new(book_type: BookType, t: &'a Table, cols: &'a [Option<String>], book_quyen: Option<&'a str>) -> RowChecker<'a> {
        let spec = book_type.spec();
        let required = required_targets(book_type);
        let columns = cols
            .iter()
            .map(|c| {
                let f = c.as_deref().filter(|f| *f != SOURCE_REF)?;
                let spec = spec.field(f).expect("checked by check_mapping");
                Some(Column { field: f, spec, required: required.iter().any(|r| r == f), rule: CellRule::new(book_type, f, spec.kind) })
            })
            .collect();
        RowChecker {
            book_type,
            t,
            cols,
            columns,
            required,
            column_of: cols.iter().enumerate().filter_map(|(i, c)| c.as_deref().map(|f| (f, i))).collect(),
            book_quyen,
            book_key: book_quyen.map(quyen_key),
            source_col: cols.iter().position(|c| c.as_deref() == Some(SOURCE_REF)),
        }
    }

    fn header(&self, i: usize) -> String {
        self.t.headers.get(i).cloned().filter(|h| !h.is_empty()).unwrap_or_else(|| format!("cột {}", i + 1))
    }

    fn col_header(&self, field: &str) -> Option<String> {
        self.column_of.get(field).map(|&i| self.header(i))
    }

    fn unknown_columns(&self) -> Vec<String> {
        (0..self.t.headers.len())
            .filter(|&i| self.cols.get(i).is_none_or(|c| c.is_none()) && !self.t.headers[i].is_empty())
            .map(|i| self.header(i))
            .collect()
    }

    fn check_all(&self, rows: &[super::read::Row]) -> Vec<RowCheck> {
        let mut keys = QuyenKeys::default();
        rows.iter().map(|row| self.check(row, &mut keys)).collect()
    }

    fn check(&self, row: &super::read::Row, keys: &mut QuyenKeys) -> RowCheck {
        let (book_type, t) = (self.book_type, self.t);
        if t.format == FileFormat::Csv && row.cells.len() != t.headers.len() {
            // Which value belongs to which column cannot be known: refused whole, never cut.
            return RowCheck::Refused(RejectedRow {
                line: row.line,
                ma_ban_ghi: self.source_col.map(|i| crate::text::stored(row.cell(i))).filter(|r| !r.is_empty()),
                field: ROW_FIELD.into(),
                column: None,
                reason_vi: format!(
                    "dòng có {} trường nhưng dòng tiêu đề có {}: không biết giá trị nào thuộc cột nào; hãy sửa dòng này trong tệp rồi nhập lại",
                    row.cells.len(),
                    t.headers.len()
                ),
                other_problems: vec![],
            });
        }
        let mut problems: Vec<RowProblem> = Vec::new();
        let mut fields: Vec<FieldValue> = Vec::with_capacity(self.columns.len());
        let mut source_ref: Option<String> = None;
        let mut extra: BTreeMap<String, String> = BTreeMap::new();
        let mut notes: Vec<RowNote> = Vec::new();
        let mut note = |field: &str, code: &str, reason: String| {
            notes.push(RowNote {
                line: row.line,
                field: field.to_string(),
                column: self.col_header(field),
                code: code.into(),
                reason_vi: reason,
            })
        };
        let mut identifying = false;
        let width = row.cells.len().max(self.cols.len());
        for i in 0..width {
            let raw = row.cell(i);
            if raw.is_empty() {
                continue;
            }
            let Some(col) = self.columns.get(i).and_then(Option::as_ref) else {
                if Some(i) == self.source_col {
                    source_ref = Some(crate::text::stored(raw));
                } else {
                    extra.insert(self.header(i), raw.to_string());
                }
                continue;
            };
            let f = col.field;
            if matches!(col.spec.kind, FieldKind::Name | FieldKind::Idnumber | FieldKind::Date) {
                identifying = true;
            }
            let cell = col.rule.value(raw, row.was_number(i));
            if f == "quyenSo" && cell != CellValue::Illegible {
                if let (Some(bq), Some(bk)) = (self.book_quyen, &self.book_key) {
                    if keys.key(raw) != bk {
                        problems.push(RowProblem {
                            field: f.to_string(),
                            column: self.col_header(f),
                            reason_vi: format!(
                                "dòng thuộc quyển “{raw}”, không phải quyển “{bq}” của sổ đang nhập; hãy nhập dòng này vào sổ quyển “{raw}”"
                            ),
                        });
                        continue;
                    }
                }
            }
            let value = match cell {
                CellValue::Illegible => {
                    // Unreadable on the paper: empty and flagged, never "missing".
                    if col.required {
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
            if col.spec.kind == FieldKind::Date && crate::validation::parse_date(raw).is_err() {
                if let Some((code, reason)) = date_note(raw) {
                    note(f, &code, format!("“{}”: {reason}", target_label(book_type, f)));
                }
            }
            fields.push(FieldValue { field: f.to_string(), value, illegible: false });
        }
        for req in self.required.iter().filter(|r| r.as_str() != SOURCE_REF) {
            let present = fields.iter().any(|f| &f.field == req);
            let already_reported = problems.iter().any(|p| &p.field == req);
            if !present && !already_reported {
                // A missing value is kept missing and flagged (validation's `field.required`).
                note(req, "required.missing", format!("thiếu “{}”: đã nhập, cần xem lại trên sổ giấy", target_label(book_type, req)));
            }
        }
        RowCheck::Checked(CheckedRow { line: row.line, source_ref, fields, extra, notes, problems, identifying })
    }
}
