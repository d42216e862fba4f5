//! Reading a spreadsheet into a table of text cells: CSV (comma, semicolon, tab or bar; UTF-8
//! with or without BOM, UTF-16 with BOM, or a legacy 8-bit Vietnamese encoding) or a workbook
//! (XLSX, XLS, ODS: the first sheet that has data). Legacy TCVN3 / VNI text is converted to
//! Unicode here, whether it arrives as bytes (old CSV exports) or inside workbook cells typed
//! with the old fonts.
use super::warning::{ImportWarning, WarningCode};
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use sohoa_vietnamese::legacy::{self, Detection, Encoding};

/// The kind of file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

impl FileFormat {
    pub fn label(self) -> &'static str {
        match self {
            FileFormat::Csv => "CSV",
            FileFormat::Xlsx => "Excel (.xlsx)",
            FileFormat::Xls => "Excel 97–2003 (.xls)",
            FileFormat::Ods => "OpenDocument (.ods)",
        }
    }
}

/// One data row: its line (CSV) or row number (workbook) as the clerk sees it, and its cells.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: u64,
    pub cells: Vec<String>,
    /// Bit i: cell i was a number in the workbook (leading zeros of ID numbers were lost).
    pub numeric: u64,
}

impl Row {
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map(|s| s.trim()).unwrap_or("")
    }
    pub fn was_number(&self, i: usize) -> bool {
        i < 64 && self.numeric & (1 << i) != 0
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub format: FileFormat,
    pub detection: Detection,
    pub bom: bool,
    pub delimiter: Option<char>,
    pub sheet_name: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// The legacy text was inside cells of a Unicode file or workbook (typed with old fonts).
    pub legacy_in_cells: bool,
    /// Things the clerk should know about how the file was read.
    pub notes: Vec<ImportWarning>,
}

fn not_a_spreadsheet(what: &str) -> CoreError {
    CoreError::invalid("tệp", format!("{what}. Hãy chọn tệp bảng tính CSV hoặc Excel (.xlsx, .xls)."))
}

/// Reads `bytes`; `encoding` overrides detection (the clerk corrected it in the preview).
pub(crate) fn read_table(bytes: &[u8], encoding: Option<Encoding>) -> Result<Table> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(CoreError::invalid("tệp", "tệp rỗng, không có dòng nào"));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return read_workbook(bytes, encoding);
    }
    for (magic, what) in [
        (&b"%PDF"[..], "Tệp là PDF, không phải bảng tính"),
        (&b"\x89PNG"[..], "Tệp là ảnh PNG, không phải bảng tính"),
        (&b"\xFF\xD8\xFF"[..], "Tệp là ảnh JPEG, không phải bảng tính"),
        (&b"GIF8"[..], "Tệp là ảnh GIF, không phải bảng tính"),
        (&b"II*\x00"[..], "Tệp là ảnh TIFF, không phải bảng tính"),
        (&b"MM\x00*"[..], "Tệp là ảnh TIFF, không phải bảng tính"),
        (&b"\x1F\x8B"[..], "Tệp là tệp nén, không phải bảng tính"),
        (&b"Rar!"[..], "Tệp là tệp nén RAR, không phải bảng tính"),
        (&b"7z\xBC\xAF"[..], "Tệp là tệp nén 7z, không phải bảng tính"),
        (&b"{\\rtf"[..], "Tệp là văn bản RTF/Word, không phải bảng tính"),
    ] {
        if bytes.starts_with(magic) {
            return Err(not_a_spreadsheet(what));
        }
    }
    read_csv(bytes, encoding)
}

/// Lines holding non-ASCII bytes, up to `max` bytes: enough for detection, cheap on big files.
fn non_ascii_sample(bytes: &[u8], max: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for line in bytes.split(|&b| b == b'\n') {
        if line.iter().any(|&b| b >= 0x80) {
            out.extend_from_slice(line);
            out.push(b'\n');
            if out.len() >= max {
                break;
            }
        }
    }
    out
}

const SAMPLE: usize = 64 * 1024;

fn decode_utf16(bytes: &[u8], little_endian: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| if little_endian { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
        .collect();
    String::from_utf16_lossy(&units)
}

fn read_csv(bytes: &[u8], forced: Option<Encoding>) -> Result<Table> {
    let mut notes = Vec::new();
    let bom;
    // Text, and whether legacy text may be carried inside it (to be detected per column).
    let utf8 = Detection { encoding: Encoding::Utf8, confidence: 1.0 };
    let (text, detection, carried): (String, Detection, bool) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        bom = true;
        (decode_utf16(rest, true), utf8, forced != Some(Encoding::Utf8))
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        bom = true;
        (decode_utf16(rest, false), utf8, forced != Some(Encoding::Utf8))
    } else {
        bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if body.contains(&0) {
            return Err(not_a_spreadsheet("Tệp chứa dữ liệu nhị phân"));
        }
        match (std::str::from_utf8(body).ok(), forced) {
            // Proper UTF-8, possibly carrying legacy text typed with old fonts.
            (Some(s), None) => (s.to_string(), utf8, true),
            (Some(s), Some(Encoding::Utf8)) => (s.to_string(), utf8, false),
            (Some(s), Some(_)) => (s.to_string(), utf8, true),
            (None, Some(Encoding::Utf8)) => {
                notes.push(ImportWarning::new(
                    WarningCode::InvalidUtf8,
                    "Tệp có ký tự không hợp lệ trong UTF-8; các ký tự đó được thay bằng “�”.",
                ));
                (String::from_utf8_lossy(body).into_owned(), utf8, false)
            }
            (None, Some(enc)) => (legacy::decode(body, enc), Detection { encoding: enc, confidence: 1.0 }, false),
            (None, None) => {
                let d = legacy::detect(&non_ascii_sample(body, SAMPLE));
                if d.encoding == Encoding::Unknown {
                    notes.push(ImportWarning::new(
                        WarningCode::UnknownEncoding,
                        "Không nhận ra bảng mã của tệp; đã đọc theo Windows-1252. Hãy kiểm tra chữ tiếng Việt trong phần xem trước.",
                    ));
                }
                (legacy::decode(body, d.encoding), d, false)
            }
        }
    };
    let control = text.chars().take(SAMPLE).filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    if control * 20 > text.chars().take(SAMPLE).count() {
        return Err(not_a_spreadsheet("Tệp không phải văn bản"));
    }
    // Line ends as LF: the csv reader numbers CRLF lines one short, and old Mac exports end
    // lines with a lone CR.
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    let delimiter = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter as u8).from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(CoreError::invalid("tệp", format!("không đọc được tệp CSV ở dòng {line}")));
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let cells: Vec<String> = record.iter().map(|c| c.to_string()).collect();
        if headers.is_none() {
            headers = Some(cells.iter().map(|c| c.trim().to_string()).collect());
        } else {
            rows.push(Row { line, cells, numeric: 0 });
        }
    }
    let Some(headers) = headers else {
        return Err(CoreError::invalid("tệp", "tệp rỗng, không có dòng nào"));
    };
    let mut table = Table {
        format: FileFormat::Csv,
        detection,
        bom,
        delimiter: Some(delimiter),
        sheet_name: None,
        headers,
        rows,
        legacy_in_cells: false,
        notes,
    };
    if carried {
        table.detection = convert_carried(&mut table, forced);
        table.legacy_in_cells = table.detection.encoding.is_legacy();
    }
    Ok(table)
}

/// The separator of the first line: the most frequent of `,` `;` tab `|` outside quotes.
fn sniff_delimiter(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0), ('|', 0)];
    let mut quoted = false;
    for c in first.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    counts.iter().max_by_key(|(d, n)| (*n, *d == ',')).filter(|(_, n)| *n > 0).map(|(d, _)| *d).unwrap_or(',')
}

/// A column holding letters only Unicode has (ễ, ơ, đ…) is already proper Unicode.
fn is_real_unicode(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0x0102..=0x01B0 | 0x1EA0..=0x1EF9 | 0x0300..=0x0323))
}

/// Detects legacy text carried in the cells (read as Windows-1252 characters) and converts the
/// columns that hold it. Returns the detection to report.
fn convert_carried(table: &mut Table, forced: Option<Encoding>) -> Detection {
    let detection = match forced {
        Some(e) => Detection { encoding: e, confidence: 1.0 },
        None => {
            let mut sample = String::new();
            for h in &table.headers {
                if !h.is_ascii() {
                    sample.push_str(h);
                    sample.push('\n');
                }
            }
            'rows: for r in &table.rows {
                for c in &r.cells {
                    if !c.is_ascii() {
                        sample.push_str(c);
                        sample.push('\n');
                        if sample.len() > SAMPLE {
                            break 'rows;
                        }
                    }
                }
            }
            let d = legacy::detect_str(&sample);
            if d.encoding.is_legacy() && d.confidence >= 0.5 {
                d
            } else {
                Detection { encoding: Encoding::Utf8, confidence: if d.encoding.is_legacy() { 1.0 - d.confidence } else { d.confidence } }
            }
        }
    };
    if !detection.encoding.is_legacy() {
        return detection;
    }
    let width = table.headers.len().max(table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    for col in 0..width {
        let unicode = table.headers.get(col).is_some_and(|h| is_real_unicode(h))
            || table.rows.iter().any(|r| r.cells.get(col).is_some_and(|c| is_real_unicode(c)));
        if unicode {
            continue;
        }
        if let Some(h) = table.headers.get_mut(col) {
            if !h.is_ascii() {
                *h = legacy::convert_str(h, detection.encoding);
            }
        }
        for r in table.rows.iter_mut() {
            if let Some(c) = r.cells.get_mut(col) {
                if !c.is_ascii() {
                    *c = legacy::convert_str(c, detection.encoding);
                }
            }
        }
    }
    detection
}

fn read_workbook(bytes: &[u8], forced: Option<Encoding>) -> Result<Table> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| not_a_spreadsheet("Tệp Excel bị hỏng hoặc không phải tệp Excel"))?;
    let format = match &wb {
        calamine::Sheets::Xls(_) => FileFormat::Xls,
        calamine::Sheets::Xlsx(_) | calamine::Sheets::Xlsb(_) => FileFormat::Xlsx,
        calamine::Sheets::Ods(_) => FileFormat::Ods,
    };
    let names = wb.sheet_names();
    let mut chosen = None;
    for name in &names {
        let range = wb.worksheet_range(name).map_err(|_| not_a_spreadsheet("Không đọc được trang tính trong tệp Excel"))?;
        if range.rows().any(|r| r.iter().any(|c| !matches!(c, Data::Empty))) {
            chosen = Some((name.clone(), range));
            break;
        }
    }
    let Some((sheet, range)) = chosen else {
        return Err(CoreError::invalid("tệp", "tệp Excel không có dữ liệu"));
    };
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let line = first_row + i as u64 + 1;
        let mut cells = vec![String::new(); first_col];
        let mut numeric = 0u64;
        for (j, c) in r.iter().enumerate() {
            let col = first_col + j;
            let (text, is_num) = cell_text(c);
            if is_num && col < 64 {
                numeric |= 1 << col;
            }
            cells.push(text);
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            headers = Some(cells.iter().map(|c| c.trim().to_string()).collect());
        } else {
            rows.push(Row { line, cells, numeric });
        }
    }
    let headers = headers.unwrap_or_default();
    let mut table = Table {
        format,
        detection: Detection { encoding: Encoding::Utf8, confidence: 1.0 },
        bom: false,
        delimiter: None,
        sheet_name: Some(sheet),
        headers,
        rows,
        legacy_in_cells: false,
        notes: vec![],
    };
    if names.len() > 1 {
        let message = format!("Tệp có {} trang tính; chỉ đọc trang “{}”.", names.len(), table.sheet_name.as_deref().unwrap_or(""));
        table.notes.push(ImportWarning::new(WarningCode::SeveralSheets, message).count(names.len()));
    }
    table.detection = convert_carried(&mut table, forced);
    table.legacy_in_cells = table.detection.encoding.is_legacy();
    Ok(table)
}

/// A workbook cell as text: numbers without a spurious `.0`, dates as `dd/mm/yyyy`.
fn cell_text(c: &calamine::Data) -> (String, bool) {
    use calamine::Data;
    match c {
        Data::Empty | Data::Error(_) => (String::new(), false),
        Data::String(s) => (s.clone(), false),
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                ((*f as i64).to_string(), true)
            } else {
                (f.to_string(), true)
            }
        }
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_string(), false),
        Data::DateTime(dt) => {
            let (y, m, d, hh, mm, _, _) = dt.to_ymd_hms_milli();
            if dt.is_duration() || dt.as_f64() < 1.0 {
                (format!("{hh:02}:{mm:02}"), false)
            } else {
                (format!("{d:02}/{m:02}/{y:04}"), false)
            }
        }
        Data::DateTimeIso(s) => {
            let date = s.split('T').next().unwrap_or(s);
            let parts: Vec<&str> = date.split('-').collect();
            match parts.as_slice() {
                [y, m, d] => (format!("{d}/{m}/{y}"), false),
                _ => (s.clone(), false),
            }
        }
        Data::DurationIso(s) => (s.clone(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_most_frequent_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), ';');
        assert_eq!(sniff_delimiter("a,b,c"), ',');
        assert_eq!(sniff_delimiter("\"x;y\",b,c"), ',');
        assert_eq!(sniff_delimiter("a\tb\tc"), '\t');
        assert_eq!(sniff_delimiter("abc"), ',');
    }
}
