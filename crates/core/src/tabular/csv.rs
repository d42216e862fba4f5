//! CSV: encoding, separator, and a field-at-a-time parser (csv-core) that checks the column and
//! cell-length limits before keeping a field, so a 25-million-field row or a 1 GB cell is refused
//! after reading at most one limit's worth of it.
use super::{legacy, Collector, Format, Note, ReadOptions, Row, Source, Table};
use crate::error::{CoreError, Limit, Result};
use sohoa_vietnamese::legacy::{self as vn, Detection, Encoding};
use std::borrow::Cow;

/// Bytes sampled for encoding detection and the separator.
const SAMPLE: usize = 64 * 1024;
/// Records looked at to choose the separator.
const SNIFF_RECORDS: usize = 50;

/// Separators tried, in order of preference on a tie.
const SEPARATORS: [u8; 4] = [b',', b';', b'\t', b'|'];

fn utf8() -> Detection {
    Detection { encoding: Encoding::Utf8, confidence: 1.0 }
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

fn decode_utf16(bytes: &[u8], little_endian: bool) -> String {
    let units =
        bytes.chunks_exact(2).map(|c| if little_endian { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

/// The text of the file as UTF-8, how it was decoded, whether legacy text may still be carried
/// inside it (to detect per column), and notes.
struct Decoded<'a> {
    text: Cow<'a, [u8]>,
    detection: Detection,
    bom: bool,
    carried: bool,
    /// The text is the file's legacy bytes carried as Windows-1252 characters, to be decoded per
    /// cell once the file is split.
    per_cell: bool,
    notes: Vec<Note>,
}

/// A legacy file's bytes as Windows-1252 characters (every byte kept, delimiters and quotes are
/// ASCII in TCVN3, VNI and Windows-1258), for [`legacy::convert_columns`] after parsing.
fn carry<'a>(body: &[u8]) -> Cow<'a, [u8]> {
    Cow::Owned(vn::decode(body, Encoding::Unknown).into_bytes())
}

fn decode<'a>(bytes: &'a [u8], forced: Option<Encoding>, opts: &ReadOptions) -> Result<Decoded<'a>> {
    let mut notes = Vec::new();
    let utf16 = match bytes.get(..2) {
        Some(b"\xFF\xFE") => Some(true),
        Some(b"\xFE\xFF") => Some(false),
        _ => None,
    };
    if let Some(little_endian) = utf16 {
        let s = decode_utf16(&bytes[2..], little_endian);
        return Ok(Decoded {
            text: Cow::Owned(s.into_bytes()),
            detection: utf8(),
            bom: true,
            carried: forced != Some(Encoding::Utf8),
            per_cell: false,
            notes,
        });
    }
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.contains(&0) {
        return Err(super::not_a_table(opts, "Tệp chứa dữ liệu nhị phân"));
    }
    let valid = std::str::from_utf8(body).is_ok();
    let (text, detection, carried) = match (valid, forced) {
        // Proper UTF-8, possibly carrying legacy text typed with old fonts.
        (true, None) => (Cow::Borrowed(body), utf8(), true),
        (true, Some(Encoding::Utf8)) => (Cow::Borrowed(body), utf8(), false),
        (true, Some(_)) => (Cow::Borrowed(body), utf8(), true),
        (false, Some(Encoding::Utf8)) => {
            notes.push(Note::InvalidUtf8);
            (Cow::Owned(String::from_utf8_lossy(body).into_owned().into_bytes()), utf8(), false)
        }
        (false, Some(enc)) if enc.is_legacy() => (carry(body), Detection { encoding: enc, confidence: 1.0 }, false),
        (false, Some(enc)) => (Cow::Owned(vn::decode(body, enc).into_bytes()), Detection { encoding: enc, confidence: 1.0 }, false),
        (false, None) => {
            let d = vn::detect(&non_ascii_sample(body, SAMPLE));
            if d.encoding == Encoding::Unknown {
                notes.push(Note::UnknownEncoding);
            }
            if d.encoding.is_legacy() {
                (carry(body), d, false)
            } else {
                (Cow::Owned(vn::decode(body, d.encoding).into_bytes()), d, false)
            }
        }
    };
    // A legacy file is split into cells first and decoded cell by cell, column by column
    // (`legacy::convert_columns`): TCVN3 capitals are inferred from their column (issue 10 §5).
    let per_cell = detection.encoding.is_legacy() && !carried && !valid;
    Ok(Decoded { text, detection, bom, carried, per_cell, notes })
}

/// Counts line breaks (LF, CRLF, or a lone CR as old Mac files have) up to a byte offset, moving
/// forward only: line numbers are right whatever the line ends.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_at(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.text.len());
        while self.pos < end {
            match self.text[self.pos] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(self.pos + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.pos += 1;
        }
        self.line
    }
}

fn reader(sep: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new().delimiter(sep).build()
}

/// Field counts of the first records under `sep` (quotes respected), blank lines skipped.
fn field_counts(text: &[u8], sep: u8) -> Vec<usize> {
    let text = &text[..text.len().min(SAMPLE)];
    let mut rdr = reader(sep);
    let mut out = [0u8; 1024];
    let (mut pos, mut fields, mut empty_record) = (0usize, 0usize, true);
    let mut counts = Vec::new();
    while counts.len() < SNIFF_RECORDS {
        let (res, nin, nout) = rdr.read_field(&text[pos..], &mut out);
        pos += nin;
        empty_record &= nout == 0;
        match res {
            // more input (or an empty slice, which makes the reader close the last field)
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
            csv_core::ReadFieldResult::Field { record_end } => {
                fields += 1;
                if record_end {
                    if !(fields == 1 && empty_record) {
                        counts.push(fields);
                    }
                    fields = 0;
                    empty_record = true;
                }
            }
            csv_core::ReadFieldResult::End => break,
        }
    }
    counts
}

/// Closing quotes in the sample not followed by `sep`, a quote or a line end: a field quoted
/// under another separator.
fn misquoted(text: &[u8], sep: u8) -> usize {
    let text = &text[..text.len().min(SAMPLE)];
    let (mut quoted, mut bad, mut i) = (false, 0usize, 0usize);
    while i < text.len() {
        if text[i] == b'"' {
            if quoted && text.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            if quoted && !matches!(text.get(i + 1), None | Some(b'\r' | b'\n')) && text.get(i + 1) != Some(&sep) {
                bad += 1;
            }
            quoted = !quoted;
        }
        i += 1;
    }
    bad
}

/// The separator (`,` `;` tab `|`) that splits the header into more than one field and leaves the
/// fewest quoted fields misplaced, then under which the first records agree best on their number
/// of fields, then the one giving the header more fields, then the order above.
/// A header like "Họ, chữ đệm và tên" in a semicolon file does not fool it: its data rows do not
/// split on commas the same way.
pub fn sniff_separator(text: &[u8]) -> u8 {
    // (fewest misquoted, most agreeing records, most header fields), separator
    type Score = (std::cmp::Reverse<usize>, usize, usize);
    let mut best: Option<(Score, u8)> = None;
    for sep in SEPARATORS {
        let counts = field_counts(text, sep);
        let Some(&head) = counts.first() else { continue };
        if head <= 1 {
            continue;
        }
        let agree = counts.iter().filter(|&&c| c == head).count();
        let score = (std::cmp::Reverse(misquoted(text, sep)), agree, head);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, sep));
        }
    }
    best.map(|(_, s)| s).unwrap_or(b',')
}

pub(super) fn read_csv(bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
    let d = decode(bytes, opts.encoding, opts)?;
    let text: &[u8] = &d.text;
    // Mostly control characters: not a text file.
    let head = String::from_utf8_lossy(&text[..text.len().min(SAMPLE)]);
    let (control, all) =
        head.chars().fold((0usize, 0usize), |(c, a), ch| (c + usize::from(ch.is_control() && !matches!(ch, '\n' | '\r' | '\t')), a + 1));
    if control * 20 > all {
        return Err(super::not_a_table(opts, "Tệp không phải văn bản"));
    }
    let sep = sniff_separator(text);
    let mut collector = Collector::new(opts);
    parse(text, sep, opts, &mut collector)?;
    let mut table = Table {
        source: Source {
            format: Format::Csv,
            detection: d.detection,
            bom: d.bom,
            separator: Some(sep as char),
            sheet: None,
            legacy_in_cells: false,
            notes: d.notes,
        },
        header: collector.header,
        rows: collector.rows,
    };
    if d.per_cell {
        legacy::convert_columns(&mut table, d.detection.encoding, false);
    } else if d.carried {
        legacy::convert_carried(&mut table, opts.encoding);
    }
    Ok(table)
}

/// Parses every record, handing non-blank rows to the collector; checks columns and cell length
/// as each field is read.
fn parse(text: &[u8], sep: u8, opts: &ReadOptions, out: &mut Collector) -> Result<()> {
    let limits = &opts.limits;
    let mut rdr = reader(sep);
    let mut buf = vec![0u8; limits.field_bytes + 1];
    let mut lines = LineCounter { text, pos: 0, line: 1 };
    let mut pos = 0usize;
    let mut cells: Vec<String> = Vec::new();
    let mut field: Vec<u8> = Vec::new();
    let mut record_line: Option<u64> = None;
    loop {
        if record_line.is_none() {
            // The record starts at its first byte that is not a line end.
            let start = pos + text[pos..].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
            record_line = Some(lines.line_at(start));
        }
        let line = record_line.unwrap_or(1);
        let (res, nin, nout) = rdr.read_field(&text[pos..], &mut buf[..limits.field_bytes + 1 - field.len().min(limits.field_bytes)]);
        pos += nin;
        field.extend_from_slice(&buf[..nout]);
        if field.len() > limits.field_bytes {
            return Err(CoreError::TooLarge(opts.too_large(Limit::FieldBytes, field.len() as u64, limits.field_bytes as u64).at(line)));
        }
        match res {
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
            csv_core::ReadFieldResult::Field { record_end } => {
                if cells.len() as u64 >= limits.columns as u64 {
                    return Err(CoreError::TooLarge(
                        opts.too_large(Limit::Columns, cells.len() as u64 + 1, limits.columns as u64).at(line),
                    ));
                }
                cells.push(take_text(&mut field));
                if record_end {
                    out.push(Row { line, cells: std::mem::take(&mut cells), numeric: vec![] })?;
                    record_line = None;
                }
            }
            csv_core::ReadFieldResult::End => return Ok(()),
        }
    }
}

fn take_text(field: &mut Vec<u8>) -> String {
    let bytes = std::mem::take(field);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_one_the_first_lines_agree_on() {
        assert_eq!(sniff_separator(b"a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_separator(b"a,b,c"), b',');
        assert_eq!(sniff_separator(b"\"x;y\",b,c"), b',');
        assert_eq!(sniff_separator(b"a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_separator(b"a|b|c\n1|2|3\n"), b'|');
        assert_eq!(sniff_separator(b"abc"), b',');
        // commas inside a semicolon file's headers and data
        let t = "Số ĐDCN;Họ, chữ đệm và tên;Ngày, tháng, năm sinh;Giới tính\n1;Lã Thị Mơ;02/03/1985;2\n2;Đinh, Văn;1985;1\n";
        assert_eq!(sniff_separator(t.as_bytes()), b';');
    }

    #[test]
    fn line_numbers_count_lf_crlf_and_lone_cr_alike() {
        let text = b"a\r\nb\nc\rd";
        let mut c = LineCounter { text, pos: 0, line: 1 };
        assert_eq!([c.line_at(0), c.line_at(3), c.line_at(5), c.line_at(7)], [1, 2, 3, 4]);
    }
}
