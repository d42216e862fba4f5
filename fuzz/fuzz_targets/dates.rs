//! Historic date readings: the strict `PartialDate` parser and `read_date` (lunar, approximate,
//! words, two-digit years, impossible dates) on any text, with and without a book's years.
//! Input: byte 0 chooses the context, bytes 1–2 the book's first year offset; the rest is the text.
use sohoa_vietnamese::{read_date, DateContext, PartialDate};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if data.len() < 3 {
            return;
        }
        let Ok(text) = std::str::from_utf8(&data[3..]) else { return };
        let first = 1800 + i32::from(u16::from_le_bytes([data[1], data[2]]) % 300);
        let ctx = match data[0] % 3 {
            0 => DateContext::none(),
            1 => DateContext::book(first, first + i32::from(data[0] / 3)),
            _ => DateContext { book_years: None, not_after: Some(first) },
        };
        let _ = PartialDate::parse(text);
        let reading = read_date(text, &ctx);
        let _ = format!("{reading:?}");
    });
}
