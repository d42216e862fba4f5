//! The one tabular reader on CSV: format by content, encoding (UTF-8±BOM, UTF-16, TCVN3, VNI,
//! 1258), separator sniffing, csv-core a field at a time, line numbers, legacy text per column,
//! and the limits — here small ones, so that the limit paths are reached by small inputs.
//! Input: byte 0 chooses the limits and a forced encoding; the rest is the file.
use sohoa_core::tabular::{read_table, Limits, ReadOptions};
use sohoa_vietnamese::legacy::Encoding;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&k, bytes)) = data.split_first() else { return };
        let limits = if k & 1 == 0 {
            Limits::default()
        } else {
            Limits { rows: 50, columns: 16, cells: 300, field_bytes: 64, ..Limits::default() }
        };
        let encoding = match (k >> 1) % 6 {
            1 => Some(Encoding::Utf8),
            2 => Some(Encoding::Tcvn3),
            3 => Some(Encoding::VniWindows),
            4 => Some(Encoding::Windows1258),
            _ => None,
        };
        let name = if k & 0x80 != 0 { "bang.xlsx" } else { "bang.csv" };
        let opts = ReadOptions { limits, encoding, file_name: Some(name.into()), ..Default::default() };
        if let Ok(t) = read_table(bytes, &opts) {
            for r in &t.rows {
                let _ = (r.cell(0), r.was_number(0));
            }
        }
    });
}
