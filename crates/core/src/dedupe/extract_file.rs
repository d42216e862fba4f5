//! Reading an extract file (formats.md §1) into a table, and reading each row of that table
//! into an extract person or a line-level error.
//!
//! Whole-file problems (empty file, unsupported separator, not UTF-8, an `.xlsx` that is not a
//! workbook, required columns missing) are [`CoreError::Invalid`] with a Vietnamese message;
//! nothing is written. Row problems become [`LineError`]s and the rest of the file still loads.
use super::headers::{self, ExtractColumn, EXTRACT_COLUMNS};
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use sohoa_linkage::Sex;
use sohoa_vietnamese::PartialDate;
use std::collections::HashMap;

/// What kind of file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }
}

/// A file read into cells: the header row and the data rows with their line numbers.
#[derive(Debug, Clone)]
pub struct Table {
    pub format: FileFormat,
    /// `,` or `;` for CSV.
    pub separator: Option<char>,
    pub headers: Vec<String>,
    /// (line in the file, 1-based; cells)
    pub rows: Vec<(u64, Vec<String>)>,
    /// Lines whose number of cells exceeds the header's (a separator inside an unquoted value).
    pub ragged: Vec<u64>,
}

fn invalid(reason: impl Into<String>) -> CoreError {
    CoreError::invalid("tệp trích xuất", reason)
}

/// True when the bytes are a ZIP container (an `.xlsx` is one).
fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn looks_xlsx_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".xlsx") || n.ends_with(".xlsm") || n.ends_with(".xls")
}

/// Reads a CSV or XLSX file. The format is decided by the content; a file named `.xlsx` that is
/// not a workbook is refused with a clear message.
pub fn read_table(bytes: &[u8], file_name: &str) -> Result<Table> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) || bytes == b"\xEF\xBB\xBF" {
        return Err(invalid("tệp trống, không có dòng nào"));
    }
    if is_zip(bytes) {
        return read_xlsx(bytes);
    }
    if looks_xlsx_name(file_name) {
        return Err(invalid(
            "tệp có đuôi .xlsx nhưng không phải là bảng tính Excel hợp lệ (có thể tệp bị hỏng hoặc bị đổi đuôi). Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV",
        ));
    }
    read_csv(bytes)
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

fn parse_csv(text: &[u8], sep: u8, limit: Option<usize>) -> Result<Vec<(u64, Vec<String>)>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(text);
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map(|p| p.line()).unwrap_or(0);
                if rec.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                out.push((line, rec.iter().map(|c| c.to_string()).collect()));
                if limit.is_some_and(|l| out.len() >= l) {
                    break;
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        invalid(format!("dòng {line} không phải văn bản UTF-8. Hãy lưu tệp dưới dạng “CSV UTF-8” rồi nhập lại"))
                    }
                    _ => invalid(format!("không đọc được tệp CSV ở dòng {line}")),
                });
            }
        }
    }
    Ok(out)
}

fn recognised(headers: &[String]) -> usize {
    headers::propose(headers).iter().filter(|c| c.is_some()).count()
}

fn read_csv(bytes: &[u8]) -> Result<Table> {
    let text = crate::text::lf_line_ends(strip_bom(bytes));
    let text: &[u8] = &text;
    if text.contains(&0u8) {
        return Err(invalid("tệp không phải là tệp văn bản CSV (có ký tự nhị phân). Hãy chọn tệp .csv hoặc .xlsx"));
    }
    if std::str::from_utf8(text).is_err() {
        return Err(invalid(
            "tệp không phải văn bản UTF-8 (có thể là bảng mã TCVN3/VNI hoặc Windows-1258). Hãy lưu tệp dưới dạng “CSV UTF-8” rồi nhập lại",
        ));
    }
    // The separator is the one under which the header row names the most known columns (a
    // header like "Họ, chữ đệm và tên" holds commas even in a semicolon file).
    let mut best: Option<(usize, usize, u8)> = None;
    for sep in [b',', b';'] {
        let head = parse_csv(text, sep, Some(1))?;
        let Some((_, h)) = head.first() else {
            return Err(invalid("tệp trống, không có dòng nào"));
        };
        let score = (recognised(h), h.len());
        if best.is_none_or(|(r, n, _)| score > (r, n)) {
            best = Some((score.0, score.1, sep));
        }
    }
    let (known, ncols, sep) = best.expect("two separators tried");
    if ncols <= 1 || known == 0 {
        let first_line = String::from_utf8_lossy(text.split(|&b| b == b'\n').next().unwrap_or_default()).to_string();
        let other = if first_line.contains('\t') {
            Some("dấu tab")
        } else if first_line.contains('|') {
            Some("dấu gạch đứng “|”")
        } else {
            None
        };
        return Err(invalid(match other {
            Some(o) => format!(
                "tệp được phân cách bằng {o}. Chỉ nhận tệp CSV phân cách bằng dấu phẩy (,) hoặc dấu chấm phẩy (;), hoặc tệp Excel .xlsx"
            ),
            None => "không nhận ra dòng tiêu đề: tệp phải là CSV phân cách bằng dấu phẩy (,) hoặc dấu chấm phẩy (;) với dòng đầu là tên cột (Số định danh cá nhân, Họ và tên, Ngày sinh, Giới tính…)".to_string(),
        }));
    }
    let mut rows = parse_csv(text, sep, None)?;
    let (_, headers) = rows.remove(0);
    let n = headers.len();
    let mut ragged = Vec::new();
    let rows = rows
        .into_iter()
        .filter_map(|(line, mut cells)| {
            if cells.len() > n && cells[n..].iter().any(|c| !c.trim().is_empty()) {
                ragged.push(line);
                return None;
            }
            cells.resize(n, String::new());
            Some((line, cells))
        })
        .collect();
    Ok(Table {
        format: FileFormat::Csv,
        separator: Some(sep as char),
        headers: headers.iter().map(|h| h.trim().to_string()).collect(),
        rows,
        ragged,
    })
}

fn excel_date(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    format!("{day:02}/{m:02}/{y:04}")
}

fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => pad_lost_zeros(i.to_string()),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                pad_lost_zeros(format!("{}", *f as i64))
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => excel_date(d),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) => {
            // yyyy-mm-dd[Thh:mm:ss]
            let date = s.split('T').next().unwrap_or(s);
            let p: Vec<&str> = date.split('-').collect();
            if p.len() == 3 {
                format!("{}/{}/{}", p[2], p[1], p[0])
            } else {
                s.clone()
            }
        }
        Data::DurationIso(s) => s.clone(),
    }
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

fn read_xlsx(bytes: &[u8]) -> Result<Table> {
    use calamine::{Reader, Xlsx};
    let not_xlsx = || {
        invalid("tệp không phải là bảng tính Excel .xlsx hợp lệ (có thể bị hỏng, được bảo vệ bằng mật khẩu, hoặc là tệp nén khác). Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8")
    };
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    let range = match wb.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(_)) => return Err(not_xlsx()),
        None => return Err(invalid("bảng tính không có trang (sheet) nào")),
    };
    let (row0, _) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let cells: Vec<String> = r.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((row0 as u64 + i as u64 + 1, cells));
    }
    if rows.is_empty() {
        return Err(invalid("trang đầu tiên của bảng tính trống, không có dòng nào"));
    }
    let (_, mut headers) = rows.remove(0);
    while headers.last().is_some_and(|h| h.trim().is_empty()) {
        headers.pop();
    }
    if recognised(&headers) == 0 {
        return Err(invalid(
            "không nhận ra dòng tiêu đề ở trang đầu tiên của bảng tính: dòng đầu phải là tên cột (Số định danh cá nhân, Họ và tên, Ngày sinh, Giới tính…)",
        ));
    }
    let n = headers.len();
    let rows = rows
        .into_iter()
        .map(|(l, mut c)| {
            c.resize(n.max(c.len()), String::new());
            c.truncate(n);
            (l, c)
        })
        .collect();
    Ok(Table {
        format: FileFormat::Xlsx,
        separator: None,
        headers: headers.iter().map(|h| h.trim().to_string()).collect(),
        rows,
        ragged: vec![],
    })
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineError {
    /// Line (CSV) or row (XLSX) number in the file, 1-based, the header being line 1.
    pub line: u64,
    /// Stable code: `id_number.invalid`, `name.missing`, `birth_date.missing`,
    /// `birth_date.impossible`, `birth_date.unreadable`, `sex.invalid`, `id_number.duplicate`,
    /// `row.too_many_cells`.
    pub code: String,
    /// Vietnamese reason (never the ID number or the name itself).
    pub reason: String,
}

/// One readable row of the extract, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractRow {
    pub line: u64,
    pub id_number: String,
    pub full_name: String,
    pub birth_date: String,
    pub sex: Sex,
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
        .map(|&line| {
            err(
                line,
                "row.too_many_cells",
                "dòng có nhiều ô hơn dòng tiêu đề (có thể thiếu dấu ngoặc kép quanh một giá trị có dấu phân cách)",
            )
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
        let Some(full_name) = get(cells, ExtractColumn::HoTen) else {
            errors.push(err(line, "name.missing", "thiếu họ và tên"));
            continue;
        };
        if !full_name.chars().any(|c| c.is_alphabetic()) {
            errors.push(err(line, "name.missing", "họ và tên không có chữ cái nào"));
            continue;
        }
        let birth_date = match get(cells, ExtractColumn::NgaySinh) {
            None => {
                errors.push(err(line, "birth_date.missing", "thiếu ngày sinh"));
                continue;
            }
            Some(d) => match PartialDate::parse(&d) {
                Ok(_) => d,
                Err(sohoa_vietnamese::date::DateError::Impossible(_)) => {
                    errors.push(err(line, "birth_date.impossible", "ngày sinh không có thật (ví dụ 31/02 hoặc tháng 13)"));
                    continue;
                }
                Err(_) => {
                    errors.push(err(line, "birth_date.unreadable", "không đọc được ngày sinh (cần dd/mm/yyyy, mm/yyyy hoặc yyyy)"));
                    continue;
                }
            },
        };
        let sex = match get(cells, ExtractColumn::GioiTinh).map(|s| Sex::parse(&s)) {
            Some(s @ (Sex::Male | Sex::Female)) => s,
            _ => {
                errors.push(err(line, "sex.invalid", "giới tính phải là Nam/Nữ (hoặc 1/2)"));
                continue;
            }
        };
        if let Some(&first) = first_line.get(&id) {
            errors.push(err(line, "id_number.duplicate", &format!("số định danh trùng với dòng {first}; chỉ giữ dòng {first}")));
            continue;
        }
        first_line.insert(id.clone(), line);
        rows.push(ExtractRow {
            line,
            id_number: id,
            full_name,
            birth_date,
            sex,
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
    LineError { line, code: code.into(), reason: reason.into() }
}
