//! Reading an extract file (formats.md §1) into a table, and reading each row of that table
//! into an extract person or a line-level error.
//!
//! Whole-file problems (empty file, no recognisable header, an `.xlsx` that is not a workbook,
//! a limit passed, required columns missing) are [`CoreError::Invalid`] with a Vietnamese message;
//! nothing is written. Row problems become [`LineError`]s and the rest of the file still loads.
use super::headers::{self, ExtractColumn, EXTRACT_COLUMNS};
use crate::error::{CoreError, Result};
use crate::tabular::{self, Limits, ReadOptions};
use serde::{Deserialize, Serialize};
use sohoa_linkage::Sex;
use sohoa_vietnamese::PartialDate;
use std::collections::HashMap;

/// What kind of file was read (`csv`, `xlsx`, `xls`, `ods`).
pub use crate::tabular::Format as FileFormat;

/// A file read into cells: the header row and the data rows with their line numbers.
#[derive(Debug, Clone)]
pub struct Table {
    pub format: FileFormat,
    /// `,` `;` tab or `|` for CSV.
    pub separator: Option<char>,
    pub headers: Vec<String>,
    /// (line in the file, 1-based; cells, as many as the header: a shorter row's missing cells
    /// are empty — a workbook does not store trailing empty cells)
    pub rows: Vec<(u64, Vec<String>)>,
    /// Lines whose field count differs from the header's: reported, never loaded.
    pub ragged: Vec<Ragged>,
}

/// A line whose field count differs from the header's (issue 10: reported, never padded or cut
/// silently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ragged {
    /// Non-empty cells beyond the header's last column (a separator inside an unquoted value).
    Wider(u64),
    /// A CSV line with fewer fields than the header (a workbook does not store trailing empty
    /// cells, so only CSV says so).
    Narrower(u64),
}

fn invalid(reason: impl Into<String>) -> CoreError {
    CoreError::invalid("tệp trích xuất", reason)
}

/// Reads a CSV or workbook file with the one tabular reader (`crate::tabular`) under the
/// extract's limits (a province: up to 10 million rows). The format is decided by the content;
/// a file named `.xlsx` that is not a workbook is refused with a clear message.
pub fn read_table(bytes: &[u8], file_name: &str) -> Result<Table> {
    let opts = ReadOptions {
        limits: Limits::extract(),
        file_name: Some(file_name.to_string()),
        what: Some("tệp trích xuất".into()),
        ..Default::default()
    };
    let t = tabular::read_table(bytes, &opts)?;
    let Some(header) = t.header else {
        return Err(invalid("tệp trống, không có dòng nào"));
    };
    let mut headers: Vec<String> = header.cells.iter().map(|h| h.trim().to_string()).collect();
    while headers.last().is_some_and(|h| h.is_empty()) {
        headers.pop();
    }
    if headers.len() <= 1 || recognised(&headers) == 0 {
        return Err(invalid(match t.source.format {
            FileFormat::Csv => "không nhận ra dòng tiêu đề: tệp phải là CSV phân cách bằng dấu phẩy (,), dấu chấm phẩy (;) hoặc dấu tab với dòng đầu là tên cột (Số định danh cá nhân, Họ và tên, Ngày sinh, Giới tính…), hoặc tệp Excel .xlsx",
            _ => "không nhận ra dòng tiêu đề ở trang đầu tiên có dữ liệu của bảng tính: dòng đầu phải là tên cột (Số định danh cá nhân, Họ và tên, Ngày sinh, Giới tính…)",
        }));
    }
    let n = headers.len();
    let csv_width = (t.source.format == FileFormat::Csv).then_some(header.cells.len());
    let mut ragged = Vec::new();
    let mut rows = Vec::with_capacity(t.rows.len());
    for row in t.rows {
        if row.cells.len() > n && row.cells[n..].iter().any(|c| !c.trim().is_empty()) {
            ragged.push(Ragged::Wider(row.line));
            continue;
        }
        if csv_width.is_some_and(|w| row.cells.len() < w) {
            ragged.push(Ragged::Narrower(row.line));
            continue;
        }
        let mut cells = row.cells;
        for (i, c) in cells.iter_mut().enumerate() {
            if row.numeric.get(i).copied().unwrap_or(false) {
                *c = pad_lost_zeros(std::mem::take(c));
            }
        }
        cells.resize(n, String::new());
        rows.push((row.line, cells));
    }
    Ok(Table { format: t.source.format, separator: t.source.separator, headers, rows, ragged })
}

fn recognised(headers: &[String]) -> usize {
    headers::propose(headers).iter().filter(|c| c.is_some()).count()
}

/// A 12-digit ID number typed into Excel as a number loses its leading zeros (every province
/// code starts with 0): 10 or 11 digits from a numeric cell are padded back to 12.
fn pad_lost_zeros(s: String) -> String {
    if (10..=11).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        format!("{s:0>12}")
    } else {
        s
    }
}

/// Which file column carries which canonical column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ColumnMapping {
    /// Per file column (index = position in the header row): the canonical column, or `None`
    /// when the column is not imported.
    pub columns: Vec<Option<ExtractColumn>>,
}

impl ColumnMapping {
    pub fn propose(headers: &[String]) -> ColumnMapping {
        ColumnMapping { columns: headers::propose(headers) }
    }

    pub fn index_of(&self, c: ExtractColumn) -> Option<usize> {
        self.columns.iter().position(|x| *x == Some(c))
    }

    pub fn missing_required(&self) -> Vec<ExtractColumn> {
        EXTRACT_COLUMNS.iter().copied().filter(|c| c.required() && self.index_of(*c).is_none()).collect()
    }

    /// Checks the mapping against the file's header row: same width, no column mapped twice,
    /// every required column present.
    pub fn validate(&self, headers: &[String]) -> Result<()> {
        if self.columns.len() != headers.len() {
            return Err(CoreError::invalid(
                "mapping",
                format!("tệp có {} cột nhưng cách ghép cột có {}", headers.len(), self.columns.len()),
            ));
        }
        let mut seen = HashMap::new();
        for (i, c) in self.columns.iter().enumerate() {
            if let Some(c) = c {
                if let Some(j) = seen.insert(*c, i) {
                    return Err(CoreError::invalid(
                        "mapping",
                        format!("cột “{}” được ghép với hai cột của tệp (“{}” và “{}”)", c.label(), headers[j], headers[i]),
                    ));
                }
            }
        }
        let missing = self.missing_required();
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|c| c.label()).collect();
            return Err(CoreError::invalid("mapping", format!("thiếu cột bắt buộc: {}", names.join(", "))));
        }
        Ok(())
    }
}

/// Why one line of the file was not loaded.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineError {
    /// Line (CSV) or row (XLSX) number in the file, 1-based, the header being line 1.
    pub line: u64,
    /// Stable code: `id_number.invalid`, `name.missing`, `birth_date.missing`,
    /// `birth_date.impossible`, `birth_date.unreadable`, `sex.missing`, `sex.invalid`, `id_number.duplicate`,
    /// `row.too_many_cells`.
    pub code: String,
    /// Vietnamese reason (never the ID number or the name itself).
    pub reason: String,
    /// The line was loaded all the same: its only fault is a value that is kept as written and
    /// flagged (a missing, historic or impossible birth date, a missing or odd sex — issue 10,
    /// rule 1).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kept: bool,
}

/// One readable row of the extract, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractRow {
    pub line: u64,
    pub id_number: String,
    pub full_name: String,
    pub birth_date: String,
    /// `Unknown` when the file gives no sex or one other than Nam/Nữ (1/2).
    pub sex: Sex,
    /// The sex as written when it is not Nam/Nữ (1/2) (issue 10: kept verbatim).
    pub sex_written: Option<String>,
    /// The codes of the line's kept remarks (`sex.missing`, `sex.invalid`, `birth_date.*`),
    /// stored with the row.
    pub warn: Vec<String>,
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
    pub spouse_name: Option<String>,
    pub birth_registration_place: Option<String>,
    pub home_town: Option<String>,
    pub residence: Option<String>,
    pub cmnd: Option<String>,
}

fn id_digits(raw: &str) -> Option<String> {
    let t: String = raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}')).collect();
    let t = t.trim_start_matches('\'').to_string();
    (t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

/// Reads the rows of a table under a mapping. Returns the readable rows (first occurrence of an
/// ID number wins) and the line errors.
pub fn read_rows(table: &Table, mapping: &ColumnMapping) -> (Vec<ExtractRow>, Vec<LineError>) {
    let col = |c: ExtractColumn| mapping.index_of(c);
    let get = |cells: &[String], c: ExtractColumn| -> Option<String> {
        col(c).and_then(|i| cells.get(i)).map(|s| crate::text::stored(s)).filter(|s| !s.is_empty())
    };
    let mut errors: Vec<LineError> = table
        .ragged
        .iter()
        .map(|r| match *r {
            Ragged::Wider(line) => err(
                line,
                "row.too_many_cells",
                "dòng có nhiều ô hơn dòng tiêu đề (có thể thiếu dấu ngoặc kép quanh một giá trị có dấu phân cách)",
            ),
            Ragged::Narrower(line) => err(
                line,
                "row.too_few_cells",
                "dòng có ít ô hơn dòng tiêu đề (thiếu dấu phân cách, hoặc dòng bị cắt): không nạp, để không ghép nhầm cột",
            ),
        })
        .collect();
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut first_line: HashMap<String, u64> = HashMap::with_capacity(table.rows.len());
    for (line, cells) in &table.rows {
        let line = *line;
        let id = match get(cells, ExtractColumn::SoDinhDanh) {
            None => {
                errors.push(err(line, "id_number.invalid", "thiếu số định danh cá nhân"));
                continue;
            }
            Some(raw) => match id_digits(&raw) {
                Some(d) => d,
                None => {
                    errors.push(err(line, "id_number.invalid", "số định danh cá nhân không phải 12 chữ số"));
                    continue;
                }
            },
        };
        if let Some(&first) = first_line.get(&id) {
            errors.push(err(line, "id_number.duplicate", &format!("số định danh trùng với dòng {first}; chỉ giữ dòng {first}")));
            continue;
        }
        let first_remark = errors.len();
        // Issue 10, rule 1: the ID number identifies the person, so a row without a readable name
        // is kept (as written, matched on its ID, date and parents) and flagged.
        let full_name = get(cells, ExtractColumn::HoTen).unwrap_or_default();
        if full_name.is_empty() {
            errors.push(kept(line, "name.missing", "thiếu họ và tên (vẫn nhập, đối chiếu theo số định danh và ngày sinh)"));
        } else if !full_name.chars().any(|c| c.is_alphabetic()) {
            errors.push(kept(
                line,
                "name.missing",
                "họ và tên không có chữ cái nào, giữ nguyên như ghi (đối chiếu theo số định danh và ngày sinh)",
            ));
        }
        // Issue 10, rule 1: a date is never a reason to refuse a row. A missing, historic or
        // impossible birth date is kept as written (matched on what is certain in it) and flagged.
        let birth_date = match get(cells, ExtractColumn::NgaySinh) {
            None => {
                errors.push(kept(line, "birth_date.missing", "thiếu ngày sinh (vẫn nhập, đối chiếu theo họ tên)"));
                String::new()
            }
            Some(d) => match PartialDate::parse(&d) {
                Ok(_) => d,
                Err(sohoa_vietnamese::date::DateError::Impossible(_)) => {
                    errors.push(kept(
                        line,
                        "birth_date.impossible",
                        "ngày sinh không có thật, giữ nguyên như ghi (vẫn đối chiếu theo phần chắc chắn)",
                    ));
                    d
                }
                Err(_) => {
                    errors.push(kept(
                        line,
                        "birth_date.unreadable",
                        "ngày sinh không theo dạng dd/mm/yyyy, giữ nguyên như ghi (vẫn đối chiếu theo phần chắc chắn)",
                    ));
                    d
                }
            },
        };
        // Issue 10, rule 1: a missing or odd sex is kept too (as written), flagged, and not
        // compared by the engine.
        let written_sex = get(cells, ExtractColumn::GioiTinh);
        let (sex, sex_written) = match written_sex.as_deref().map(Sex::parse) {
            Some(s @ (Sex::Male | Sex::Female)) => (s, None),
            Some(_) => {
                errors.push(kept(
                    line,
                    "sex.invalid",
                    "giới tính không phải Nam/Nữ (hoặc 1/2), giữ nguyên như ghi (không dùng khi đối chiếu)",
                ));
                (Sex::Unknown, written_sex)
            }
            None => {
                errors.push(kept(line, "sex.missing", "thiếu giới tính (vẫn nhập, không dùng khi đối chiếu)"));
                (Sex::Unknown, None)
            }
        };
        first_line.insert(id.clone(), line);
        rows.push(ExtractRow {
            line,
            id_number: id,
            full_name,
            birth_date,
            sex,
            sex_written,
            warn: errors[first_remark..].iter().map(|e| e.code.clone()).collect(),
            father_name: get(cells, ExtractColumn::HoTenCha),
            mother_name: get(cells, ExtractColumn::HoTenMe),
            spouse_name: get(cells, ExtractColumn::HoTenVoChong),
            birth_registration_place: get(cells, ExtractColumn::NoiDangKyKhaiSinh),
            home_town: get(cells, ExtractColumn::QueQuan),
            residence: get(cells, ExtractColumn::NoiThuongTru),
            cmnd: get(cells, ExtractColumn::SoCmnd),
        });
    }
    errors.sort_by_key(|e| e.line);
    (rows, errors)
}

fn err(line: u64, code: &str, reason: &str) -> LineError {
    LineError { line, code: code.into(), reason: reason.into(), kept: false }
}

fn kept(line: u64, code: &str, reason: &str) -> LineError {
    LineError { line, code: code.into(), reason: reason.into(), kept: true }
}

/// Lines refused (not loaded) among the line remarks.
pub(crate) fn refused(errors: &[LineError]) -> usize {
    errors.iter().filter(|e| !e.kept).count()
}
