//! CSV in the formats of shared/design/formats.md §1 (extract), §2 (keyed records) and §3
//! (MATCHES.csv), for the example binaries. The app's real importers live in sohoa-core; this
//! is a minimal reader/writer for benchmarks and outside checks.
#![allow(dead_code)]
use sohoa_linkage::{BirthDate, Candidate, KeyedRecord, PartialDate, PersonRecord, Sex};
use std::collections::HashMap;
use std::error::Error;
use std::path::Path;

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn date(d: &Option<PartialDate>) -> String {
    d.as_ref().map(|d| d.to_template()).unwrap_or_default()
}

pub const EXTRACT_HEADER: [&str; 11] = [
    "so_dinh_danh",
    "ho_ten",
    "ngay_sinh",
    "gioi_tinh",
    "que_quan",
    "noi_dang_ky_khai_sinh",
    "noi_thuong_tru",
    "ho_ten_cha",
    "ho_ten_me",
    "ho_ten_vo_chong",
    "so_cmnd",
];
pub fn write_extract(path: &Path, rows: &[PersonRecord]) -> Result<(), Box<dyn Error>> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(EXTRACT_HEADER)?;
    for p in rows {
        w.write_record([
            p.id_number.as_str(),
            &p.full_name,
            &date(&p.birth_date),
            p.sex.written(),
            opt(&p.home_town),
            opt(&p.birth_registration_place),
            opt(&p.residence),
            opt(&p.father_name),
            opt(&p.mother_name),
            opt(&p.spouse_name),
            opt(&p.cmnd),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Keyed records in formats.md §2 columns (the app's generator's cells), plus `so_dinh_danh`.
pub fn write_records(path: &Path, rows: &[KeyedRecord]) -> Result<(), Box<dyn Error>> {
    use sohoa_linkage::synth::{record_cells, RecordPlace, RECORD_COLUMNS};
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(RECORD_COLUMNS.iter().chain(&["so_dinh_danh"]))?;
    for r in rows {
        let at = RecordPlace { so: String::new(), quyen_so: String::new(), trang_so: String::new(), written_date: None };
        let cells = record_cells(r, at);
        w.write_record(cells.iter().map(String::as_str).chain([opt(&r.id_number)]))?;
    }
    w.flush()?;
    Ok(())
}

fn header_map(h: &csv::StringRecord) -> HashMap<String, usize> {
    h.iter().enumerate().map(|(i, s)| (s.trim_start_matches('\u{feff}').trim().to_string(), i)).collect()
}

fn get<'a>(rec: &'a csv::StringRecord, map: &HashMap<String, usize>, col: &str) -> Option<&'a str> {
    map.get(col).and_then(|&i| rec.get(i)).map(str::trim).filter(|s| !s.is_empty())
}

/// Reads an extract CSV (comma or semicolon). Rows with an unreadable date keep no date.
pub fn read_extract(path: &Path) -> Result<Vec<PersonRecord>, Box<dyn Error>> {
    let sep = sniff(path)?;
    let mut rdr = csv::ReaderBuilder::new().delimiter(sep).flexible(true).from_path(path)?;
    let map = header_map(rdr.headers()?);
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let g = |c: &str| get(&rec, &map, c).map(str::to_string);
        out.push(PersonRecord {
            id_number: g("so_dinh_danh").unwrap_or_default(),
            full_name: g("ho_ten").unwrap_or_default(),
            name_parts: None,
            birth_date: get(&rec, &map, "ngay_sinh").and_then(|d| PartialDate::parse(d).ok()),
            sex: get(&rec, &map, "gioi_tinh").map(Sex::parse).unwrap_or_default(),
            father_name: g("ho_ten_cha"),
            mother_name: g("ho_ten_me"),
            spouse_name: g("ho_ten_vo_chong"),
            birth_registration_place: g("noi_dang_ky_khai_sinh"),
            home_town: g("que_quan"),
            residence: g("noi_thuong_tru"),
            cmnd: g("so_cmnd"),
        });
    }
    Ok(out)
}

pub fn read_records(path: &Path) -> Result<Vec<KeyedRecord>, Box<dyn Error>> {
    let sep = sniff(path)?;
    let mut rdr = csv::ReaderBuilder::new().delimiter(sep).flexible(true).from_path(path)?;
    let map = header_map(rdr.headers()?);
    let mut out = Vec::new();
    // the year the synthetic data is read in (a fixed year: no reading depends on the day)
    let dates = BirthDate::context(sohoa_linkage::synth::SynthConfig::default().this_year);
    for rec in rdr.records() {
        let rec = rec?;
        let g = |c: &str| get(&rec, &map, c).map(str::to_string);
        let (birth_date, birth_date_alt) = get(&rec, &map, "ngay_sinh").map_or((None, None), |d| BirthDate::read(d, &dates));
        out.push(KeyedRecord {
            record_ref: g("ma_ban_ghi").unwrap_or_default(),
            full_name: g("ho_ten").unwrap_or_default(),
            birth_date,
            birth_date_alt,
            sex: get(&rec, &map, "gioi_tinh").map(Sex::parse).unwrap_or_default(),
            father_name: g("ho_ten_cha"),
            mother_name: g("ho_ten_me"),
            registration_place: g("noi_dang_ky"),
            birth_place: g("noi_sinh"),
            home_town: g("que_quan"),
            id_number: g("so_dinh_danh"),
        });
    }
    Ok(out)
}

fn sniff(path: &Path) -> Result<u8, Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    let first = text.lines().next().unwrap_or("");
    Ok(if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' })
}

/// MATCHES.csv (formats.md §3).
pub fn write_matches(path: &Path, cands: &[Candidate]) -> Result<(), Box<dyn Error>> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(["record_ref", "candidate_kind", "candidate_id", "rank", "score", "decision"])?;
    for c in cands {
        w.write_record([
            c.record_ref.as_str(),
            c.kind.code(),
            &c.candidate_id,
            &c.rank.to_string(),
            &format!("{:.3}", c.score),
            c.decision.code(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
