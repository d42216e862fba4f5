//! Workbooks. XLSX is read cell by cell (calamine's streaming cell reader), never as a whole
//! range, so a sheet declaring `A1:XFD1048576` costs nothing; before calamine opens the file,
//! [`check_zip`] refuses a container whose parts declare more than the decompressed limit (the
//! zip reader enforces the declared sizes while inflating) and streams every XML part through
//! [`XmlGuard`], which bounds the longest run of bytes a single XML event can span, so no part
//! can make the XML parser buffer a giant event, and counts the shared strings calamine will hold.
//!
//! XLS (BIFF) and ODS are read through calamine's whole-sheet ranges. For XLS the BIFF records are
//! walked first ([`check_xls`]) and a workbook whose sheets' rectangles exceed
//! [`XLS_RANGE_CELLS`] is refused; ODS is bounded by the ZIP checks and calamine's own
//! 100-million-cell cap — see docs/tabular.md for what that leaves.
use super::{cell, legacy, Collector, Format, Note, ReadOptions, Row, Source, Table};
use crate::error::{CoreError, Limit, Result};
use calamine::{Data, Range, Reader};
use sohoa_vietnamese::legacy::{Detection, Encoding};
use std::io::{Cursor, Read};

fn not_xlsx(opts: &ReadOptions) -> CoreError {
    opts.invalid(
        "tệp không phải là bảng tính Excel .xlsx hợp lệ (có thể bị hỏng, được bảo vệ bằng mật khẩu, hoặc là tệp nén khác). Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8",
    )
}

fn source(format: Format, sheet: Option<String>, notes: Vec<Note>) -> Source {
    Source {
        format,
        detection: Detection { encoding: Encoding::Utf8, confidence: 1.0 },
        bom: false,
        separator: None,
        sheet,
        legacy_in_cells: false,
        notes,
    }
}

/// The longest run of bytes one XML event may span: a cell's text at the cell limit, escaped
/// (`&amp;` is 5 bytes for 1), plus its markup.
fn max_event(opts: &ReadOptions) -> u64 {
    opts.limits.field_bytes as u64 * 6 + 64 * 1024
}

/// Streams XML and refuses it when an event (the bytes from one markup `<` to the next) would
/// be longer than `max`; comments, CDATA and processing instructions count whole; a DOCTYPE is
/// refused (no workbook part has one). Counts `<si>` elements (shared strings).
struct XmlGuard {
    max: u64,
    run: u64,
    state: State,
    tail: [u8; 2],
    shared_strings: u64,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Normal,
    Lt,
    LtS,
    LtSi,
    Bang,
    Comment,
    Cdata,
    Pi,
}

enum GuardError {
    EventTooLong,
    Doctype,
}

impl XmlGuard {
    fn new(max: u64) -> Self {
        XmlGuard { max, run: 0, state: State::Normal, tail: [0; 2], shared_strings: 0 }
    }

    fn feed(&mut self, mut chunk: &[u8]) -> std::result::Result<(), GuardError> {
        while !chunk.is_empty() {
            if self.state == State::Normal {
                match memchr::memchr(b'<', chunk) {
                    None => {
                        self.run += chunk.len() as u64;
                        if self.run > self.max {
                            return Err(GuardError::EventTooLong);
                        }
                        return Ok(());
                    }
                    Some(i) => {
                        self.run += i as u64;
                        if self.run > self.max {
                            return Err(GuardError::EventTooLong);
                        }
                        self.run = 1;
                        self.state = State::Lt;
                        chunk = &chunk[i + 1..];
                        continue;
                    }
                }
            }
            let b = chunk[0];
            chunk = &chunk[1..];
            self.run += 1;
            if self.run > self.max {
                return Err(GuardError::EventTooLong);
            }
            self.state = match (self.state, b) {
                (State::Lt, b'!') => State::Bang,
                (State::Lt, b'?') => State::Pi,
                (State::Lt, b's') => State::LtS,
                (State::LtS, b'i') => State::LtSi,
                (State::LtSi, b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/') => {
                    self.shared_strings += 1;
                    State::Normal
                }
                (State::Bang, b'-') => State::Comment,
                (State::Bang, b'[') => State::Cdata,
                (State::Bang, _) => return Err(GuardError::Doctype),
                (State::Comment, b'>') if self.tail == *b"--" => State::Normal,
                (State::Cdata, b'>') if self.tail == *b"]]" => State::Normal,
                (State::Pi, b'>') if self.tail[1] == b'?' => State::Normal,
                (s @ (State::Comment | State::Cdata | State::Pi), _) => s,
                _ => State::Normal,
            };
            self.tail = [self.tail[1], b];
            if self.state == State::Normal && matches!(b, b'<') {
                // "<<": the second '<' starts the next event
                self.run = 1;
                self.state = State::Lt;
            }
        }
        Ok(())
    }
}

/// Checks a ZIP container before any workbook reader opens it: declared sizes, actual sizes, and
/// every XML part through [`XmlGuard`]. Returns whether it is an ODS spreadsheet.
fn check_zip(bytes: &[u8], opts: &ReadOptions) -> Result<bool> {
    let limits = &opts.limits;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx(opts))?;
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| not_xlsx(opts))?;
        declared = declared.saturating_add(f.size());
    }
    if declared > limits.decompressed_bytes {
        return Err(CoreError::TooLarge(opts.too_large(Limit::Decompressed, declared, limits.decompressed_bytes)));
    }
    let ods = match zip.by_name("mimetype") {
        Ok(mut f) => {
            let mut m = String::new();
            let _ = f.by_ref().take(100).read_to_string(&mut m);
            m.trim() == "application/vnd.oasis.opendocument.spreadsheet"
        }
        Err(_) => false,
    };
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|_| not_xlsx(opts))?;
        let part = f.name().map(|n| n.to_string()).unwrap_or_default();
        let name = part.to_ascii_lowercase();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut guard = XmlGuard::new(max_event(opts));
        loop {
            let n = match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                // inflating past the declared size, a bad CRC, a broken stream
                Err(_) => return Err(not_xlsx(opts)),
            };
            guard.feed(&buf[..n]).map_err(|e| match e {
                GuardError::EventTooLong => CoreError::TooLarge(
                    opts.too_large(Limit::FieldBytes, guard.run, limits.field_bytes as u64).detail(format!("phần “{part}” của tệp")),
                ),
                GuardError::Doctype => not_xlsx(opts),
            })?;
        }
        if guard.shared_strings > limits.cells {
            return Err(CoreError::TooLarge(
                opts.too_large(Limit::Cells, guard.shared_strings, limits.cells).detail("bảng chuỗi dùng chung"),
            ));
        }
    }
    Ok(ods)
}

/// Spreadsheet column letters of a 0-based column: 0 → A, 16383 → XFD.
fn column_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

pub(super) fn read_zip(bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
    if check_zip(bytes, opts)? {
        let wb = calamine::Ods::new(Cursor::new(bytes)).map_err(|_| opts.invalid("tệp OpenDocument (.ods) bị hỏng hoặc không đọc được"))?;
        return read_ranges(wb, Format::Ods, opts);
    }
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| not_xlsx(opts))?;
    let names = wb.sheet_names();
    let candidates: Vec<String> = match &opts.sheet {
        Some(s) => {
            if !names.contains(s) {
                return Err(opts.invalid(format!("bảng tính không có trang “{s}”")));
            }
            vec![s.clone()]
        }
        None => names.clone(),
    };
    if candidates.is_empty() {
        return Err(opts.invalid("bảng tính không có trang (sheet) nào"));
    }
    for name in &candidates {
        let mut collector = Collector::new(opts);
        stream_sheet(&mut wb, name, opts, &mut collector)?;
        if collector.header.is_some() {
            return Ok(finish(Format::Xlsx, name, names.len(), collector, opts));
        }
    }
    Err(opts.invalid("bảng tính không có dữ liệu (các trang đều trống)"))
}

fn finish(format: Format, sheet: &str, sheets: usize, collector: Collector, opts: &ReadOptions) -> Table {
    let notes = if sheets > 1 { vec![Note::SeveralSheets { count: sheets, read: sheet.to_string() }] } else { vec![] };
    let mut table = Table { source: source(format, Some(sheet.to_string()), notes), header: collector.header, rows: collector.rows };
    legacy::convert_carried(&mut table, opts.encoding);
    table
}

fn stream_sheet(wb: &mut calamine::Xlsx<Cursor<&[u8]>>, name: &str, opts: &ReadOptions, out: &mut Collector) -> Result<()> {
    let limits = &opts.limits;
    let mut cells = match wb.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()), // a chart sheet
        Err(_) => return Err(not_xlsx(opts)),
    };
    let dim = cells.dimensions();
    let declared = || format!("vùng dữ liệu khai báo của trang “{name}” là A1:{}{}", column_name(dim.end.1), dim.end.0 as u64 + 1);
    if dim.end.1 >= limits.columns {
        return Err(CoreError::TooLarge(opts.too_large(Limit::Columns, dim.end.1 as u64 + 1, limits.columns as u64).detail(declared())));
    }
    if (dim.end.0.saturating_sub(dim.start.0) as u64) > limits.rows {
        return Err(CoreError::TooLarge(opts.too_large(Limit::Rows, dim.end.0 as u64, limits.rows).detail(declared())));
    }
    let mut row = Row::default();
    let mut current: Option<u32> = None;
    loop {
        let c = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(_) => return Err(not_xlsx(opts)),
        };
        let (r, col) = c.get_position();
        let (text, numeric) = cell::text(c.get_value());
        if text.is_empty() {
            continue;
        }
        let line = r as u64 + 1;
        if col >= limits.columns {
            return Err(CoreError::TooLarge(
                opts.too_large(Limit::Columns, col as u64 + 1, limits.columns as u64)
                    .at(line)
                    .detail(format!("ô {}{line}", column_name(col))),
            ));
        }
        if text.len() > limits.field_bytes {
            return Err(CoreError::TooLarge(opts.too_large(Limit::FieldBytes, text.len() as u64, limits.field_bytes as u64).at(line)));
        }
        match current {
            Some(cur) if r < cur => {
                return Err(opts.invalid("các ô của trang tính không theo thứ tự dòng; hãy mở tệp bằng Excel và lưu lại"))
            }
            Some(cur) if r == cur => {}
            _ => {
                if current.is_some() {
                    out.push(std::mem::take(&mut row))?;
                }
                current = Some(r);
                row.line = line;
            }
        }
        let col = col as usize;
        if row.cells.len() <= col {
            row.cells.resize(col + 1, String::new());
            row.numeric.resize(col + 1, false);
        }
        row.cells[col] = text;
        row.numeric[col] = numeric;
    }
    if current.is_some() {
        out.push(row)?;
    }
    Ok(())
}

/// XLS and ODS: calamine's whole-sheet ranges.
fn read_ranges<'a, R: Reader<Cursor<&'a [u8]>>>(mut wb: R, format: Format, opts: &ReadOptions) -> Result<Table> {
    let names = wb.sheet_names();
    let candidates: Vec<String> = match &opts.sheet {
        Some(s) if !names.contains(s) => return Err(opts.invalid(format!("bảng tính không có trang “{s}”"))),
        Some(s) => vec![s.clone()],
        None => names.clone(),
    };
    for name in &candidates {
        let range = wb.worksheet_range(name).map_err(|_| opts.invalid("không đọc được trang tính trong tệp"))?;
        let mut collector = Collector::new(opts);
        range_rows(&range, opts, &mut collector)?;
        if collector.header.is_some() {
            return Ok(finish(format, name, names.len(), collector, opts));
        }
    }
    Err(opts.invalid("bảng tính không có dữ liệu (các trang đều trống)"))
}

/// XLS: calamine allocates, for every sheet, the rectangle from its first to its last cell (up
/// to 65,536 × 256 cells of 32 bytes: 0.5 GB a sheet) when it opens the workbook. The BIFF
/// records are walked first (the same cell records calamine reads) and a workbook whose
/// rectangles add up to more than this is refused.
pub const XLS_RANGE_CELLS: u64 = 8_000_000;

fn check_xls(bytes: &[u8], opts: &ReadOptions) -> Result<()> {
    use std::io::BufReader;
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| not_xlsx(opts))?;
    let stream = cf.open_stream("/Workbook").or_else(|_| cf.open_stream("/Book")).map_err(|_| not_xlsx(opts))?;
    let mut r = BufReader::new(stream);
    let (mut total, mut bbox) = (0u64, None::<(u16, u16, u16, u16)>);
    let area = |b: Option<(u16, u16, u16, u16)>| b.map(|(r0, r1, c0, c1)| (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)).unwrap_or(0);
    let mut head = [0u8; 4];
    let mut data = vec![0u8; u16::MAX as usize];
    loop {
        match r.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(_) => return Err(not_xlsx(opts)),
        }
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        if r.read_exact(&mut data[..len]).is_err() {
            break; // a truncated stream: calamine says what is wrong
        }
        let d = &data[..len];
        let u = |i: usize| u16::from_le_bytes([d[i], d[i + 1]]);
        let cell = match typ {
            // BOF, EOF: a sheet's cells end
            0x0809 | 0x000A => {
                total += area(bbox.take());
                None
            }
            // Number, Label, LabelSst, RK, BoolErr, Formula, RString
            0x0203 | 0x0204 | 0x00FD | 0x027E | 0x0205 | 0x0006 | 0x00D6 if len >= 4 => Some((u(0), u(2), u(2))),
            // MulRk: row, first column, …, last column
            0x00BD if len >= 6 => Some((u(0), u(2), u(len - 2).max(u(2)))),
            _ => None,
        };
        if let Some((row, c0, c1)) = cell {
            bbox = Some(match bbox {
                None => (row, row, c0, c1),
                Some((r0, r1, a, b)) => (r0.min(row), r1.max(row), a.min(c0), b.max(c1)),
            });
        }
        let found = total + area(bbox);
        if found > XLS_RANGE_CELLS {
            return Err(CoreError::TooLarge(
                opts.too_large(Limit::Cells, found, XLS_RANGE_CELLS).detail("vùng ô của các trang tính Excel 97–2003 (.xls) cần cấp phát"),
            ));
        }
    }
    Ok(())
}

pub(super) fn read_xls(bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
    check_xls(bytes, opts)?;
    let wb = calamine::Xls::new(Cursor::new(bytes)).map_err(|_| not_xlsx(opts))?;
    read_ranges(wb, Format::Xls, opts)
}

fn range_rows(range: &Range<Data>, opts: &ReadOptions, out: &mut Collector) -> Result<()> {
    let limits = &opts.limits;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    if let Some((_, last)) = range.end() {
        if last >= limits.columns {
            return Err(CoreError::TooLarge(opts.too_large(Limit::Columns, last as u64 + 1, limits.columns as u64)));
        }
    }
    for (i, r) in range.rows().enumerate() {
        let line = row0 as u64 + i as u64 + 1;
        let mut row = Row { line, cells: vec![String::new(); col0 as usize], numeric: vec![false; col0 as usize] };
        for c in r {
            let (text, numeric) = cell::data_text(c);
            if text.len() > limits.field_bytes {
                return Err(CoreError::TooLarge(opts.too_large(Limit::FieldBytes, text.len() as u64, limits.field_bytes as u64).at(line)));
            }
            row.cells.push(text);
            row.numeric.push(numeric);
        }
        while row.cells.last().is_some_and(|c| c.is_empty()) {
            row.cells.pop();
            row.numeric.pop();
        }
        out.push(row)?;
    }
    Ok(())
}
