//! What the importers make of a table: the population extract (header aliases → columns, rows →
//! records with their line errors), the records file of `sohoa dedupe`, the spreadsheet import's
//! header mapping, and the inventory / targets reader.
//! Input: byte 0 chooses the reader; the rest is the file.
use sohoa_core::dedupe::extract_file::{read_rows, read_table};
use sohoa_core::dedupe::records_csv::read_records_csv;
use sohoa_core::dedupe::ColumnMapping;

const BOOK_TYPES: [&str; 9] = ["KS", "KT", "KH", "HN", "CMC", "GH", "TDCC", "LH", "NCN"];

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&k, bytes)) = data.split_first() else { return };
        match k % 4 {
            0 => {
                if let Ok(t) = read_table(bytes, "trich-xuat.csv") {
                    let mapping = ColumnMapping::propose(&t.headers);
                    if mapping.validate(&t.headers).is_ok() {
                        let _ = read_rows(&t, &mapping);
                    }
                }
            }
            1 => {
                let _ = read_records_csv(bytes);
            }
            2 => {
                let _ = sohoa_core::fuzzing::spreadsheet_import(bytes, None, BOOK_TYPES[usize::from(k / 4) % BOOK_TYPES.len()]);
            }
            _ => {
                let _ = sohoa_core::fuzzing::progress_table("targets.csv", bytes);
            }
        }
    });
}
