//! The one tabular reader on workbooks: ZIP checks (declared sizes, decompressed limit), the XML
//! event guard, the streamed cell-by-cell XLSX reader, the XLS cell-record walk, ODS — with small
//! limits so that the limit paths are reached. The seeds are real workbooks (fuzz/seeds/tabular_xlsx).
//! Input: byte 0 chooses the limits; the rest is the file.
use sohoa_core::tabular::{read_table, Limits, ReadOptions};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&k, bytes)) = data.split_first() else { return };
        let limits = if k & 1 == 0 {
            Limits { decompressed_bytes: 64 << 20, ..Limits::default() }
        } else {
            Limits { rows: 50, columns: 16, cells: 300, field_bytes: 64, decompressed_bytes: 1 << 20, ..Limits::default() }
        };
        let opts = ReadOptions { limits, file_name: Some("bang.xlsx".into()), sheet: (k & 2 != 0).then(|| "Sheet1".into()), ..Default::default() };
        let _ = read_table(bytes, &opts);
    });
}
