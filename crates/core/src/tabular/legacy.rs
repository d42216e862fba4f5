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
    let all = || table.header.iter().chain(table.rows.iter());
    let width = all().map(|r| r.cells.len()).max().unwrap_or(0);
    let unicode: Vec<bool> = (0..width).map(|col| all().any(|r| r.cells.get(col).is_some_and(|c| is_real_unicode(c)))).collect();
    for r in table.header.iter_mut().chain(table.rows.iter_mut()) {
        for (col, c) in r.cells.iter_mut().enumerate() {
            if !unicode[col] && !c.is_ascii() {
                *c = legacy::convert_str(c, detection.encoding);
            }
        }
    }
}
