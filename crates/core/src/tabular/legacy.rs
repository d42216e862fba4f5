//! Legacy Vietnamese text carried inside a Unicode file or workbook: text typed with the old
//! TCVN3 / VNI fonts is stored as Windows-1252 characters. It is detected on a sample of the
//! non-ASCII cells and converted column by column; a column holding letters only Unicode has
//! (ễ, ơ, đ…) is already proper Unicode and left alone.
use super::Table;
use sohoa_vietnamese::legacy::{self, Detection, Encoding};

const SAMPLE: usize = 64 * 1024;

/// A column holding letters only Unicode has (ễ, ơ, đ…) is already proper Unicode.
fn is_real_unicode(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0x0102..=0x01B0 | 0x1EA0..=0x1EF9 | 0x0300..=0x0323))
}

/// Detects legacy text in the cells (or uses `forced`) and converts the columns that hold it;
/// records the detection in the table's source.
pub fn convert_carried(table: &mut Table, forced: Option<Encoding>) {
    let detection = match forced {
        Some(e) => Detection { encoding: e, confidence: 1.0 },
        None => {
            let mut sample = String::new();
            'rows: for r in table.header.iter().chain(table.rows.iter()) {
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
    table.source.detection = detection;
    table.source.legacy_in_cells = detection.encoding.is_legacy();
    if !detection.encoding.is_legacy() {
        return;
    }
    convert_columns(table, detection.encoding, true);
}

/// Converts legacy text cell by cell, column by column (`legacy::convert_column`): a cell whose
/// letters do not show their case (TCVN3 has capital codes only for Ă Â Ê Ô Ơ Ư Đ, so `Ý`, `ÚT`,
/// `MỸ` read as lower case) takes the case of its column. Header cells are converted one by one.
/// With `skip_unicode`, a column holding letters only Unicode has is left alone (text carried in
/// a Unicode file where some columns are proper Unicode).
pub fn convert_columns(table: &mut Table, encoding: Encoding, skip_unicode: bool) {
    if !encoding.is_legacy() {
        return;
    }
    let width = table.header.iter().chain(table.rows.iter()).map(|r| r.cells.len()).max().unwrap_or(0);
    for r in table.header.iter_mut() {
        for c in r.cells.iter_mut() {
            if !(c.is_ascii() || skip_unicode && is_real_unicode(c)) {
                *c = legacy::convert_field(c, encoding);
            }
        }
    }
    for col in 0..width {
        let cells: Vec<&str> = table.rows.iter().filter_map(|r| r.cells.get(col).map(String::as_str)).collect();
        if cells.iter().all(|c| c.is_ascii()) || (skip_unicode && cells.iter().any(|c| is_real_unicode(c))) {
            continue;
        }
        let converted = legacy::convert_column(&cells, encoding);
        let mut it = converted.into_iter();
        for c in table.rows.iter_mut().filter_map(|r| r.cells.get_mut(col)) {
            if let Some(new) = it.next() {
                *c = new;
            }
        }
    }
}
