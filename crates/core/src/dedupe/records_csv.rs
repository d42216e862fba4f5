//! A minimal reader of previously keyed birth records (formats.md §2) for `sohoa dedupe`: the
//! §2 columns (or the Ministry camelCase headers) of a CSV, into KS field values. The keying
//! module's full importer (issue 4) supersedes it for the app.
use super::extract_file::LineError;
use crate::error::{CoreError, Result};
use crate::tabular::ReadOptions;
use crate::FieldValue;
use sohoa_vietnamese::PartialDate;
use std::collections::HashMap;

/// formats.md §2 column → KS field of the Ministry template.
const COLUMNS: &[(&str, &str)] = &[
    ("so", "so"),
    ("quyen_so", "quyenSo"),
    ("trang_so", "trangSo"),
    ("ngay_dang_ky", "ngayDangKy"),
    ("ho_ten", "nksHoTen"),
    ("ngay_sinh", "nksNgaySinh"),
    ("gioi_tinh", "nksGioiTinh"),
    ("dan_toc", "nksDanToc"),
    ("quoc_tich", "nksQuocTich"),
    ("noi_sinh", "nksNoiSinh"),
    ("que_quan", "nksQueQuan"),
    ("ho_ten_cha", "chaHoTen"),
    ("ho_ten_me", "meHoTen"),
    ("noi_dang_ky", "noiDangKy"),
    ("ghi_chu", "ghiChu"),
];

/// One readable record: its `ma_ban_ghi` and its KS fields.
#[derive(Debug, Clone)]
pub struct KeyedRow {
    pub line: u64,
    pub ma_ban_ghi: String,
    pub fields: Vec<FieldValue>,
}

/// What the file held.
#[derive(Debug, Clone)]
pub struct RecordsFile {
    pub rows: Vec<KeyedRow>,
    pub errors: Vec<LineError>,
    /// Headers that are not §2 columns (kept aside, reported as a warning).
    pub unknown_columns: Vec<String>,
    pub rows_read: usize,
    /// Rows kept with a remark: a missing or historic birth date, a gender that is not Nam/Nữ
    /// (issue 10: never a reason to drop a record from matching).
    pub flagged: Vec<LineError>,
}

fn key(h: &str) -> String {
    sohoa_vietnamese::normalize::ascii_fold(h).chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

fn err(line: u64, code: &str, reason: &str) -> LineError {
    LineError { line, code: code.into(), reason: reason.into(), kept: false }
}

/// Reads a §2 file (CSV in any separator and encoding, or a workbook) with the one tabular reader.
/// A CSV row whose field count differs from the header's is refused with its line (formats.md
/// §2), never truncated or padded; a workbook row with values beyond the header likewise.
pub fn read_records_csv(bytes: &[u8]) -> Result<RecordsFile> {
    let opts = ReadOptions { what: Some("tệp bản ghi".into()), ..Default::default() };
    let t = crate::tabular::read_table(bytes, &opts)?;
    let Some(header) = t.header else {
        return Err(CoreError::invalid("tệp bản ghi", "không đọc được dòng tiêu đề"));
    };
    let headers: Vec<String> = header.cells.iter().map(|s| s.trim().to_string()).collect();
    let csv = t.source.format == crate::tabular::Format::Csv;
    // header → KS field (or "ma_ban_ghi")
    let ks = crate::model::column_map::column_map().book_type(crate::BookType::Ks);
    let mut map: Vec<Option<&str>> = Vec::new();
    let mut unknown = Vec::new();
    for h in &headers {
        let k = key(h);
        let f = if k == "mabanghi" {
            Some("ma_ban_ghi")
        } else if let Some((_, f)) = COLUMNS.iter().find(|(c, _)| key(c) == k) {
            Some(*f)
        } else {
            ks.fields.iter().find(|f| f.name == h.as_str()).map(|f| f.name.as_str())
        };
        if f.is_none() {
            unknown.push(h.clone());
        }
        map.push(f);
    }
    let col = |f: &str| map.iter().position(|m| *m == Some(f));
    let missing: Vec<&str> =
        [("ma_ban_ghi", "ma_ban_ghi"), ("nksHoTen", "ho_ten"), ("nksNgaySinh", "ngay_sinh"), ("nksGioiTinh", "gioi_tinh")]
            .iter()
            .filter(|(f, _)| col(f).is_none())
            .map(|(_, c)| *c)
            .collect();
    if !missing.is_empty() {
        return Err(CoreError::invalid(
            "tệp bản ghi",
            format!("thiếu cột bắt buộc: {} (tệp phải phân cách bằng dấu phẩy, chấm phẩy hoặc tab)", missing.join(", ")),
        ));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut flagged = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut read = 0;
    for rec in &t.rows {
        let line = rec.line;
        read += 1;
        let n = headers.len();
        let wider = rec.cells.len() > n && rec.cells[n..].iter().any(|c| !c.trim().is_empty());
        if wider || (csv && rec.cells.len() != n) {
            let reason = format!("dòng có {} ô nhưng dòng tiêu đề có {n} cột; dòng không được nhập", rec.cells.len());
            errors.push(err(line, "row.field_count", &reason));
            continue;
        }
        let cell = |f: &str| col(f).and_then(|i| rec.cells.get(i)).map(|c| crate::text::stored(c)).filter(|v| !v.is_empty());
        let Some(mbg) = cell("ma_ban_ghi") else {
            errors.push(err(line, "ref.missing", "thiếu mã bản ghi (ma_ban_ghi)"));
            continue;
        };
        if let Some(first) = seen.get(&mbg) {
            errors.push(err(line, "ref.duplicate", &format!("mã bản ghi trùng với dòng {first}")));
            continue;
        }
        // Issue 10, rule 1: refused only when nothing identifies the person; a record with a
        // birth date but no name is read and flagged, and matched on its birth date and parents
        // (`SubjectFields::finished_record`; never an automatic match).
        if cell("nksHoTen").is_none() {
            if cell("nksNgaySinh").is_none() {
                errors.push(err(line, "name.missing", "không có họ tên hay ngày sinh: không có gì để nhận ra bản ghi"));
                continue;
            }
            flagged.push(err(
                line,
                "name.missing",
                "thiếu họ và tên: vẫn nhập bản ghi, đối chiếu theo ngày sinh và cha mẹ; ứng viên luôn để cán bộ xét",
            ));
        }
        // Issue 10: a missing, historic or impossible birth date and a missing or odd gender
        // keep the record (it is still matched on what is certain); only the remark is noted.
        match cell("nksNgaySinh").map(|d| (PartialDate::parse(&d), d)) {
            None => flagged.push(err(line, "birth_date.missing", "thiếu ngày sinh (vẫn đối chiếu theo họ tên)")),
            Some((Err(_), d)) => {
                let r = sohoa_vietnamese::read_date(&d, &sohoa_vietnamese::DateContext::none());
                let code = r.warnings.first().map(|w| w.code()).unwrap_or("date.unreadable");
                flagged.push(err(line, code, &format!("ngày sinh “{d}” giữ nguyên như ghi (vẫn đối chiếu theo phần chắc chắn)")));
            }
            Some((Ok(_), _)) => {}
        }
        let sex = match cell("nksGioiTinh").map(|s| sohoa_linkage::Sex::parse(&s)) {
            Some(sohoa_linkage::Sex::Male) => "1",
            Some(sohoa_linkage::Sex::Female) => "2",
            _ => {
                flagged.push(err(line, "sex.invalid", "giới tính không phải Nam/Nữ (hoặc 1/2): bỏ qua khi đối chiếu"));
                ""
            }
        };
        seen.insert(mbg.clone(), line);
        let mut fields = Vec::new();
        for (i, m) in map.iter().enumerate() {
            let Some(f) = m else { continue };
            if *f == "ma_ban_ghi" {
                continue;
            }
            let v =
                if *f == "nksGioiTinh" { sex.to_string() } else { rec.cells.get(i).map(|c| crate::text::stored(c)).unwrap_or_default() };
            if !v.is_empty() {
                fields.push(FieldValue { field: f.to_string(), value: v, illegible: false });
            }
        }
        rows.push(KeyedRow { line, ma_ban_ghi: mbg, fields });
    }
    Ok(RecordsFile { rows, errors, unknown_columns: unknown, rows_read: read, flagged })
}
