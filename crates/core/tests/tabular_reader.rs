//! The one tabular reader (issue 14 §3, issue 13 §3): whatever a table is written as — CSV in any
//! separator, line end and encoding, or XLSX — it reads back cell for cell with the line numbers
//! the clerk sees; hostile files are refused with the limit named, before memory is taken.
use proptest::prelude::*;
use sohoa_core::tabular::{read_table, Format, Limits, ReadOptions, Table};
use sohoa_core::{CoreError, Limit};
use sohoa_vietnamese::legacy::{self, Encoding};
use std::io::Write;

fn read(bytes: &[u8]) -> Table {
    read_table(bytes, &ReadOptions::default()).unwrap()
}

fn cells(t: &Table) -> Vec<Vec<String>> {
    t.header.iter().chain(t.rows.iter()).map(|r| r.cells.clone()).collect()
}

fn lines(t: &Table) -> Vec<u64> {
    t.header.iter().chain(t.rows.iter()).map(|r| r.line).collect()
}

fn refused(bytes: &[u8], limits: Limits) -> sohoa_core::LimitExceeded {
    match read_table(bytes, &ReadOptions::with_limits(limits)) {
        Err(CoreError::TooLarge(l)) => l,
        Err(other) => panic!("expected a limit, got {other:?}"),
        Ok(t) => panic!("expected a limit, read {} rows", t.rows.len()),
    }
}

/// A CSV of `rows` with `sep` and line end `term`, and the line each record starts on.
fn write_csv(rows: &[Vec<String>], sep: u8, term: csv::Terminator, quote: csv::QuoteStyle) -> (Vec<u8>, Vec<u64>) {
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let mut line = 1u64;
    for r in rows {
        let mut w = csv::WriterBuilder::new().delimiter(sep).terminator(term).quote_style(quote).from_writer(Vec::new());
        w.write_record(r).unwrap();
        let rec = w.into_inner().unwrap();
        starts.push(line);
        // line breaks: LF, CRLF, or a lone CR
        line += rec.iter().enumerate().filter(|&(i, &b)| b == b'\n' || (b == b'\r' && rec.get(i + 1) != Some(&b'\n'))).count() as u64;
        out.extend_from_slice(&rec);
    }
    (out, starts)
}

/// Cell text: letters (Vietnamese ones only Unicode has, so no legacy detection kicks in),
/// digits, spaces, quotes, separators, formula signs and line breaks.
fn any_cell() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9đơưạễếộ ,;\t|\"'=+\\-@\n\r]{0,12}"
}

/// Rows of one width (at least two columns), each holding a letter in its first cell so no row
/// is blank.
fn any_table() -> impl Strategy<Value = Vec<Vec<String>>> {
    (2usize..6, 1usize..8).prop_flat_map(|(w, h)| {
        prop::collection::vec(
            (("[a-zđơư][a-z0-9 đơư]{0,6}"), prop::collection::vec(any_cell(), w - 1))
                .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect::<Vec<String>>()),
            h,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_table_written_as_csv_reads_back_cell_for_cell_with_its_line_numbers(
        rows in any_table(),
        sep in prop::sample::select(vec![b',', b';', b'\t', b'|']),
        crlf in any::<bool>(),
    ) {
        let term = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
        let (bytes, starts) = write_csv(&rows, sep, term, csv::QuoteStyle::Always);
        let t = read(&bytes);
        prop_assert_eq!(t.source.format, Format::Csv);
        prop_assert_eq!(t.source.separator, Some(sep as char));
        prop_assert_eq!(cells(&t), rows);
        prop_assert_eq!(lines(&t), starts);
    }

    #[test]
    fn any_table_reads_the_same_in_utf8_with_or_without_bom_and_in_utf16(rows in any_table()) {
        let (bytes, _) = write_csv(&rows, b';', csv::Terminator::CRLF, csv::QuoteStyle::Always);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let plain = cells(&read(&bytes));
        let bom = [&b"\xEF\xBB\xBF"[..], &bytes].concat();
        let le: Vec<u8> = b"\xFF\xFE".iter().copied().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        let be: Vec<u8> = b"\xFE\xFF".iter().copied().chain(text.encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        prop_assert_eq!(&plain, &rows);
        prop_assert_eq!(cells(&read(&bom)), rows.clone());
        prop_assert_eq!(cells(&read(&le)), rows.clone());
        prop_assert_eq!(cells(&read(&be)), rows);
    }

    #[test]
    fn any_table_written_as_xlsx_reads_back_cell_for_cell(
        rows in prop::collection::vec(prop::collection::vec(prop_oneof![
            "[a-zA-Z0-9đơưạễếộ ,;\"'=+\\-@]{1,12}".prop_map(Cell::Text),
            (-1_000_000i64..1_000_000).prop_map(Cell::Int),
            Just(Cell::Empty),
        ], 1..6), 1..8),
    ) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sh = wb.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(s) => { sh.write_string(r as u32, c as u16, s).unwrap(); }
                    Cell::Int(i) => { sh.write_number(r as u32, c as u16, *i as f64).unwrap(); }
                    Cell::Empty => {}
                }
            }
        }
        let read = read_table(&wb.save_to_buffer().unwrap(), &ReadOptions::default());
        // what a clerk sees: blank rows skipped, trailing empty cells not stored, the rest as text
        let want: Vec<(u64, Vec<String>)> = rows.iter().enumerate().filter_map(|(i, row)| {
            let mut v: Vec<String> = row.iter().map(|c| match c { Cell::Text(s) => s.clone(), Cell::Int(i) => i.to_string(), Cell::Empty => String::new() }).collect();
            while v.last().is_some_and(|c| c.is_empty()) { v.pop(); }
            (!v.iter().all(|c| c.trim().is_empty())).then_some((i as u64 + 1, v))
        }).collect();
        if want.is_empty() {
            prop_assert!(read.is_err(), "a workbook without data is refused");
        } else {
            let t = read.unwrap();
            prop_assert_eq!(t.source.format, Format::Xlsx);
            let got: Vec<(u64, Vec<String>)> = t.header.iter().chain(t.rows.iter()).map(|r| (r.line, r.cells.clone())).collect();
            prop_assert_eq!(got, want);
        }
    }
}

#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Int(i64),
    Empty,
}

#[test]
fn a_quoted_line_break_keeps_the_next_record_on_its_own_line_in_crlf_files() {
    let t = read(b"ma,ghi_chu\r\nA1,\"hai\r\ndong\"\r\nA2,mot\r\n\r\nA3,x\r\n");
    assert_eq!(lines(&t), [1, 2, 4, 6]);
    assert_eq!(t.rows[0].cells[1], "hai\r\ndong", "a cell is kept exactly as written");
    let old_mac = read(b"ma,x\rA1,1\rA2,2\r");
    assert_eq!(lines(&old_mac), [1, 2, 3]);
}

#[test]
fn a_row_keeps_its_own_field_count_for_the_caller_to_report() {
    let t = read(b"a,b,c\n1,2\n1,2,3,4\n1,2,3,\n");
    let widths: Vec<usize> = t.rows.iter().map(|r| r.cells.len()).collect();
    assert_eq!(widths, [2, 4, 4], "never padded nor cut");
}

#[test]
fn legacy_tcvn3_vni_and_windows_1258_csv_files_read_as_unicode() {
    let text = "Họ và tên;Nơi sinh\nNguyễn Thị Hằng;Xã Yên Lạc\nĐặng Văn Lực;Thị trấn Đồng Đăng\n";
    for enc in [Encoding::Tcvn3, Encoding::VniWindows, Encoding::Windows1258] {
        let t = read(&legacy::encode(text, enc));
        assert_eq!(t.source.detection.encoding, enc);
        assert_eq!(t.rows[1].cells, ["Đặng Văn Lực", "Thị trấn Đồng Đăng"]);
    }
}

/// Issue 10 §5: TCVN3 has capital codes only for Ă Â Ê Ô Ơ Ư Đ, so a toned capital (`Ý`, `Ú`,
/// `Ỹ`) is written with its lower-case code; the reader decodes cell by cell and gives each such
/// letter the case of its word and column. VNI keeps case in its bytes.
#[test]
fn legacy_capitals_come_back_as_written_in_files_that_mix_cases() {
    let text = "Họ và tên;Tên gọi;Nơi sinh\n\
                HÀ THỊ Ý;Ý;Xã Yên Lạc\n\
                NGUYỄN THỊ ÚT;ÚT;Thị trấn Đồng Đăng\n\
                LƯƠNG THỊ MỸ HÒA;MỸ;Xã Đồng Tâm\n\
                ĐẶNG VĂN LỰC;LỰC;Xã Yên Lạc\n";
    for enc in [Encoding::Tcvn3, Encoding::VniWindows] {
        let t = read(&legacy::encode(text, enc));
        assert_eq!(t.source.detection.encoding, enc);
        let got: Vec<Vec<String>> = t.rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(
            got,
            [
                ["HÀ THỊ Ý", "Ý", "Xã Yên Lạc"],
                ["NGUYỄN THỊ ÚT", "ÚT", "Thị trấn Đồng Đăng"],
                ["LƯƠNG THỊ MỸ HÒA", "MỸ", "Xã Đồng Tâm"],
                ["ĐẶNG VĂN LỰC", "LỰC", "Xã Yên Lạc"],
            ],
            "{enc:?}"
        );
        assert_eq!(t.header.as_ref().unwrap().cells, ["Họ và tên", "Tên gọi", "Nơi sinh"]);
    }
}

#[test]
fn legacy_capitals_in_text_carried_by_a_unicode_file_come_back_by_column_too() {
    let text = "Họ và tên;Nơi sinh\nHÀ THỊ Ý;Xã Yên Lạc\nNGUYỄN THỊ ÚT;Xã Đồng Tâm\nLƯƠNG THỊ MỸ HÒA;Xã Yên Lạc\n";
    // TCVN3 bytes read as Windows-1252 and saved as UTF-8 (an old spreadsheet's CSV export).
    let carried = legacy::decode(&legacy::encode(text, Encoding::Tcvn3), Encoding::Unknown);
    let t = read(carried.as_bytes());
    assert_eq!(t.source.detection.encoding, Encoding::Tcvn3);
    let names: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(names, ["HÀ THỊ Ý", "NGUYỄN THỊ ÚT", "LƯƠNG THỊ MỸ HÒA"]);
}

#[test]
fn workbook_cells_follow_the_one_text_rule() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sh = wb.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let stamp = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy hh:mm");
    sh.write_string(0, 0, "h").unwrap();
    sh.write_boolean(1, 0, true).unwrap();
    sh.write_number(1, 1, 7.0).unwrap();
    sh.write_number(1, 2, 0.25).unwrap();
    sh.write_datetime_with_format(1, 3, rust_xlsxwriter::ExcelDateTime::from_ymd(1985, 3, 2).unwrap(), &date).unwrap();
    let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(1985, 3, 2).unwrap().and_hms(8, 30, 0).unwrap();
    sh.write_datetime_with_format(1, 4, &dt, &stamp).unwrap();
    let t = read(&wb.save_to_buffer().unwrap());
    assert_eq!(t.rows[0].cells[..5], ["TRUE", "7", "0.25", "02/03/1985", "02/03/1985 08:30"]);
    assert_eq!(t.rows[0].numeric[..5], [false, true, true, false, false]);
}

// ---- hostile files ------------------------------------------------------------------------

/// A minimal XLSX around a sheet's XML, so a test can say what a hostile tool would write.
fn raw_xlsx(sheet: &[u8]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    for (name, body) in parts {
        z.start_file(name, o).unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn sheet_xml(dimension: &str, cells: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
    )
    .into_bytes()
}

#[test]
fn a_small_xlsx_with_one_cell_at_xfd1048576_is_refused_by_its_declared_range_without_allocating_it() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sh = wb.add_worksheet();
    sh.write_string(0, 0, "a").unwrap();
    sh.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(bytes.len() < 8 * 1024, "{} bytes", bytes.len());
    let l = refused(&bytes, Limits::default());
    assert_eq!(l.limit, Limit::Columns);
    let msg = CoreError::TooLarge(l).message_vi();
    assert!(msg.contains("giới hạn số cột") && msg.contains("XFD1048576"), "{msg}");
}

#[test]
fn a_cell_far_beyond_a_modest_declared_range_is_refused_when_it_is_met() {
    let bytes = raw_xlsx(&sheet_xml(
        "A1:B2",
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
    ));
    let l = refused(&bytes, Limits::default());
    assert_eq!((l.limit, l.line), (Limit::Columns, Some(1_048_576)));
}

#[test]
fn a_zip_bomb_is_refused_by_its_declared_size_before_anything_is_inflated() {
    // 20 MB of blank rows compress to a few kilobytes; the limit here is 8 MB.
    let mut cells = String::from(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>"#);
    cells.push_str(&" ".repeat(20 << 20));
    let bytes = raw_xlsx(&sheet_xml("A1", &cells));
    assert!(bytes.len() < 100 * 1024, "{} bytes", bytes.len());
    let l = refused(&bytes, Limits { decompressed_bytes: 8 << 20, ..Limits::default() });
    assert_eq!(l.limit, Limit::Decompressed);
    assert!(CoreError::TooLarge(l).message_vi().contains("giải nén"));
}

#[test]
fn a_zip_that_lies_about_its_sizes_is_refused_as_not_a_workbook() {
    let mut cells = String::from(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>"#);
    cells.push_str(&" ".repeat(1 << 20));
    let mut bytes = raw_xlsx(&sheet_xml("A1", &cells));
    // Declare the sheet 1,000 bytes long in its local and central headers.
    let name = b"xl/worksheets/sheet1.xml";
    let mut patched = 0;
    for (sig, size_at) in [(&b"PK\x03\x04"[..], 22usize), (&b"PK\x01\x02"[..], 24)] {
        let name_at = if sig[2] == 3 { 30 } else { 46 };
        let mut i = 0;
        while let Some(p) = bytes[i..].windows(4).position(|w| w == sig).map(|p| p + i) {
            if bytes.get(p + name_at..p + name_at + name.len()) == Some(&name[..]) {
                bytes[p + size_at..p + size_at + 4].copy_from_slice(&1000u32.to_le_bytes());
                patched += 1;
            }
            i = p + 4;
        }
    }
    assert_eq!(patched, 2);
    let e = read_table(&bytes, &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code(), "input.invalid", "{e:?}");
    assert!(e.message_vi().contains("Excel"));
}

#[test]
fn one_giant_cell_inside_a_workbook_is_refused_before_the_xml_parser_buffers_it() {
    let cells = format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row>"#, "a".repeat(4 << 20));
    let l = refused(&raw_xlsx(&sheet_xml("A1", &cells)), Limits { field_bytes: 64 * 1024, ..Limits::default() });
    assert_eq!(l.limit, Limit::FieldBytes);
}

#[test]
fn a_csv_row_of_25_million_cells_is_refused_at_the_column_limit() {
    let mut bytes = b"ho_ten,ngay_sinh\n".to_vec();
    bytes.extend(std::iter::repeat_n(b',', 25_000_000));
    let l = refused(&bytes, Limits::default());
    assert_eq!((l.limit, l.line, l.found), (Limit::Columns, Some(2), 1_025));
}

#[test]
fn a_csv_header_of_200_000_columns_is_refused_at_the_column_limit() {
    let header: Vec<String> = (0..200_000).map(|i| format!("c{i}")).collect();
    let bytes = format!("{}\n1,2\n", header.join(",")).into_bytes();
    let l = refused(&bytes, Limits::default());
    assert_eq!((l.limit, l.line), (Limit::Columns, Some(1)));
    assert!(CoreError::TooLarge(l).message_vi().contains("1.024 cột"));
}

#[test]
fn rows_cells_cell_length_and_file_size_each_have_their_limit() {
    let csv: String = std::iter::once("a,b\n".to_string()).chain((0..11).map(|i| format!("{i},x\n"))).collect();
    let l = refused(csv.as_bytes(), Limits { rows: 10, ..Limits::default() });
    assert_eq!((l.limit, l.line), (Limit::Rows, Some(12)));
    let l = refused(csv.as_bytes(), Limits { cells: 9, ..Limits::default() });
    assert_eq!(l.limit, Limit::Cells);
    let long = format!("a,b\n1,{}\n", "x".repeat(200_000));
    let l = refused(long.as_bytes(), Limits::default());
    assert_eq!((l.limit, l.line), (Limit::FieldBytes, Some(2)));
    let l = refused(csv.as_bytes(), Limits { file_bytes: 10, ..Limits::default() });
    assert_eq!(l.limit, Limit::FileBytes);
    let e = CoreError::TooLarge(l);
    assert_eq!(e.code(), "input.too_large");
    assert!(e.message_vi().contains("giới hạn kích thước tệp"), "{}", e.message_vi());
}

#[test]
fn a_records_csv_row_whose_field_count_differs_from_the_header_is_refused_with_its_line() {
    // formats.md §2: never truncated, never padded.
    let csv = "ma_ban_ghi,ho_ten,ngay_sinh,gioi_tinh\r\nA1,Lò Văn Sáng,2016,Nam\r\nA2,Lò Thị Ơn,2017\r\nA3,Lò Văn Tư,2018,Nam,thừa\r\nA4,Lò Thị Năm,2019,Nữ\r\n";
    let f = sohoa_core::dedupe::records_csv::read_records_csv(csv.as_bytes()).unwrap();
    let refs: Vec<&str> = f.rows.iter().map(|r| r.ma_ban_ghi.as_str()).collect();
    assert_eq!(refs, ["A1", "A4"]);
    let errors: Vec<(u64, &str)> = f.errors.iter().map(|e| (e.line, e.code.as_str())).collect();
    assert_eq!(errors, [(3, "row.field_count"), (4, "row.field_count")]);
}

/// An XLS compound file whose Workbook stream holds these BIFF records.
fn raw_xls(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    {
        let mut st = cf.create_stream("/Workbook").unwrap();
        for (typ, data) in records {
            st.write_all(&typ.to_le_bytes()).unwrap();
            st.write_all(&(data.len() as u16).to_le_bytes()).unwrap();
            st.write_all(data).unwrap();
        }
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// A BIFF8 workbook (what Excel 97–2003 writes) with these numbers (row, column, value) per sheet.
fn xls_workbook(sheets: &[Vec<(u16, u16, f64)>]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend_from_slice(&dt.to_le_bytes());
        d.extend_from_slice(&[0; 12]);
        (0x0809u16, d)
    };
    let eof = (0x000Au16, vec![]);
    let size = |r: &[(u16, Vec<u8>)]| r.iter().map(|(_, d)| 4 + d.len()).sum::<usize>();
    let bound = |pos: u32, name: &str| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        d.extend_from_slice(name.as_bytes());
        (0x0085u16, d)
    };
    let names: Vec<String> = (0..sheets.len()).map(|i| format!("Sheet{}", i + 1)).collect();
    let globals_len = size(&[bof(5), eof.clone()]) + names.iter().map(|n| size(&[bound(0, n)])).sum::<usize>();
    let mut bodies = Vec::new();
    for cells in sheets {
        let mut r = vec![bof(0x10)];
        for &(row, col, v) in cells {
            let mut d = row.to_le_bytes().to_vec();
            d.extend_from_slice(&col.to_le_bytes());
            d.extend_from_slice(&[0; 2]);
            d.extend_from_slice(&v.to_le_bytes());
            r.push((0x0203u16, d));
        }
        r.push(eof.clone());
        bodies.push(r);
    }
    let mut records = vec![bof(5)];
    let mut pos = globals_len;
    for (n, b) in names.iter().zip(&bodies) {
        records.push(bound(pos as u32, n));
        pos += size(b);
    }
    records.push(eof);
    records.extend(bodies.into_iter().flatten());
    raw_xls(&records)
}

#[test]
fn an_xls_workbook_reads_through_the_same_rule() {
    let t = read(&xls_workbook(&[vec![(0, 0, 1.0), (0, 1, 2.5), (2, 0, 19185001234.0)]]));
    assert_eq!(t.source.format, Format::Xls);
    assert_eq!(cells(&t), [vec!["1", "2.5"], vec!["19185001234"]]);
    assert_eq!(lines(&t), [1, 3]);
}

#[test]
fn a_small_xls_whose_sheets_span_their_whole_grid_is_refused_before_calamine_allocates_them() {
    // Twenty sheets with a number at A1 and at IV65536: calamine would fill 20 × 16.7 million
    // cells of 32 bytes (about 10 GB) when it opens the workbook.
    let bytes = xls_workbook(&vec![vec![(0, 0, 1.0), (65_535, 255, 1.0)]; 20]);
    if let Ok(p) = std::env::var("SOHOA_WRITE_HOSTILE_XLS") {
        std::fs::write(p, &bytes).unwrap(); // tools/hostile-tables.sh measures it through the CLI
    }
    assert!(bytes.len() <= 20 * 1024, "{} bytes", bytes.len());
    let l = refused(&bytes, Limits::default());
    assert_eq!(l.limit, Limit::Cells);
    assert!(CoreError::TooLarge(l).message_vi().contains(".xls"));
}

// Issue 10: a doubtful or missing birth date and an odd gender keep the record for matching.
#[test]
fn a_records_csv_row_whose_only_fault_is_a_doubtful_date_or_gender_is_read() {
    let csv = "ma_ban_ghi,ho_ten,ngay_sinh,gioi_tinh\r\nA1,Lò Văn Sáng,15/8/1960 âm lịch,Nam\r\nA2,Lò Thị Ơn,30/02/1960,Nữ\r\nA3,Lò Văn Tư,,Nam\r\nA4,Lò Thị Năm,khoảng 1945,X\r\n";
    let f = sohoa_core::dedupe::records_csv::read_records_csv(csv.as_bytes()).unwrap();
    let refs: Vec<&str> = f.rows.iter().map(|r| r.ma_ban_ghi.as_str()).collect();
    assert_eq!(refs, ["A1", "A2", "A3", "A4"]);
    assert!(f.errors.is_empty());
    let flagged: Vec<(u64, &str)> = f.flagged.iter().map(|e| (e.line, e.code.as_str())).collect();
    assert_eq!(
        flagged,
        [(2, "date.lunar"), (3, "date.impossible"), (4, "birth_date.missing"), (5, "date.approximate"), (5, "sex.invalid")]
    );
    let a1 = &f.rows[0];
    assert!(a1.fields.iter().any(|v| v.field == "nksNgaySinh" && v.value == "15/8/1960 âm lịch"), "kept as written");
}

// Issue 10, rule 1: a record is refused only when nothing identifies it.
#[test]
fn a_records_csv_row_without_a_name_is_read_when_it_has_a_birth_date_and_refused_when_nothing_identifies_it() {
    let csv = "ma_ban_ghi,ho_ten,ngay_sinh,gioi_tinh\r\nA1,,15/8/1960,Nam\r\nA2,,,Nữ\r\nA3,Lò Văn Tư,1/1/1961,Nam\r\n";
    let f = sohoa_core::dedupe::records_csv::read_records_csv(csv.as_bytes()).unwrap();
    let refs: Vec<&str> = f.rows.iter().map(|r| r.ma_ban_ghi.as_str()).collect();
    assert_eq!(refs, ["A1", "A3"]);
    let flagged: Vec<(u64, &str, bool)> = f.flagged.iter().map(|e| (e.line, e.code.as_str(), e.kept)).collect();
    assert_eq!(flagged, [(2, "name.missing", false)]);
    let refused: Vec<(u64, &str)> = f.errors.iter().map(|e| (e.line, e.code.as_str())).collect();
    assert_eq!(refused, [(3, "name.missing")]);
    assert!(f.errors[0].reason.contains("không có gì để nhận ra"), "{}", f.errors[0].reason);
}
