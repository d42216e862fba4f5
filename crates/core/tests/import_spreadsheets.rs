//! Bulk import of previously keyed spreadsheets (issue 4 §6, formats.md §2): preview, mapping,
//! legacy encodings, bad rows reported by line, one transaction.
mod common;
#[path = "fixtures/keying_support.rs"]
mod support;

use common::*;
use sohoa_core::import::{self, Encoding, FileFormat, ImportMapping, WarningCode, SOURCE_REF};
use sohoa_core::keying;
use sohoa_core::model;
use sohoa_core::BookType;
use sohoa_core::EntryStatus;
use sohoa_vietnamese::legacy;
use support::*;

fn count(s: &sohoa_core::Session, sql: &str, book: i64) -> i64 {
    s.conn().query_row(sql, [book], |r| r.get(0)).unwrap()
}

fn entries_in(s: &sohoa_core::Session, book: i64) -> i64 {
    count(s, "SELECT count(*) FROM entry WHERE book_id = ?1", book)
}

fn import_all(s: &mut sohoa_core::Session, book: i64, bytes: &[u8], name: &str) -> import::ImportReport {
    let p = import::preview(bytes, name, BookType::Ks).unwrap();
    import::import(s, book, bytes, &ImportMapping::from_preview(&p)).unwrap()
}

// Issue 10 changed the specification: a value keying would save with a warning (an impossible
// or lunar date, an odd or missing gender, a missing name) is no longer a reason to refuse a row.
// Only what makes a row unusable as a row is refused; the former test of 50 rows refused for
// their values is replaced by these.
#[test]
fn ten_thousand_rows_with_historic_values_and_fifty_broken_rows_load_every_usable_row() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let (csv, broken) = sohoa_sample::historic::birth_csv(10_000, 50);
    let p = import::preview(csv.as_bytes(), "so-khai-sinh-1985.csv", BookType::Ks).unwrap();
    let report = import::import_into_new_book(&mut s, BookType::Ks, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!(report.summary_line(), "rows read: 10050, loaded: 10000, rejected: 50, books created: 1 (01/1985: 10000)");
    let got: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(got, broken.iter().map(|b| b.line).collect::<Vec<_>>());
    let reason_of = |kind: sohoa_sample::historic::Broken| {
        let line = broken.iter().find(|b| b.kind == kind).unwrap().line;
        report.rejected.iter().find(|r| r.line == line).unwrap().clone()
    };
    use sohoa_sample::historic::Broken;
    assert!(reason_of(Broken::NoReference).reason_vi.contains("thiếu mã bản ghi"));
    assert!(reason_of(Broken::RepeatedReference).reason_vi.contains("trùng với dòng 2"));
    let more = reason_of(Broken::MoreFields);
    assert_eq!(more.field, import::ROW_FIELD);
    assert!(more.reason_vi.contains("dòng có 18 trường nhưng dòng tiêu đề có 16"), "{}", more.reason_vi);
    assert!(reason_of(Broken::FewerFields).reason_vi.contains("dòng có 13 trường"));
    assert!(reason_of(Broken::NothingIdentifying).reason_vi.contains("không có gì để nhận ra"));
    let book = report.book_id.unwrap();
    assert_eq!(entries_in(&s, book), 10_000);
    // Every historic value is stored as written and noted with its warning code.
    for written in sohoa_sample::historic::HISTORIC_DATES {
        let n: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM entry_field WHERE field = 'nksNgaySinh' AND value = ?1", [written], |r| r.get(0))
            .unwrap();
        assert!(n > 0, "“{written}” is stored as written");
    }
    let codes: std::collections::BTreeSet<&str> = report.notes.iter().map(|n| n.code.as_str()).collect();
    for code in [
        "date.lunar",
        "date.approximate",
        "date.two_digit_year_ambiguous",
        "date.impossible",
        "required.missing",
        "enum.invalid",
        "field.illegible",
    ] {
        assert!(codes.contains(code), "{code} in {codes:?}");
    }
    let lunar = report.notes.iter().find(|n| n.code == "date.lunar").unwrap();
    assert_eq!(lunar.column.as_deref(), Some("ngay_sinh"));
    let odd_gender: i64 =
        s.conn().query_row("SELECT count(*) FROM entry_field WHERE field = 'nksGioiTinh' AND value = 'Trai'", [], |r| r.get(0)).unwrap();
    assert!(odd_gender > 0, "a gender that is not Nam / Nữ is kept as written");
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none());
}

#[test]
fn the_forms_old_registers_write_dates_in_are_all_imported_with_their_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let forms = [
        ("1960 (âm lịch)", "date.lunar"),
        ("15/8/1960 âm lịch", "date.lunar"),
        ("ngày mười lăm tháng tám năm một nghìn chín trăm sáu mươi", ""),
        ("khoảng 1945", "date.approximate"),
        ("12/3/85", "date.two_digit_year_ambiguous"),
        ("1985 (âm lịch)", "date.lunar"),
        ("30/02/1960", "date.impossible"),
        ("07/16/1977", "date.impossible"),
    ];
    let mut csv = format!("{HEADER}\n");
    for (i, (form, _)) in forms.iter().enumerate() {
        let mut row = birth_row(i);
        row[6] = form.to_string();
        csv.push_str(&csv_line(&row, ','));
        csv.push('\n');
    }
    let report = import_all(&mut s, book, csv.as_bytes(), "ngay-cu.csv");
    assert_eq!((report.loaded, report.rejected.len()), (forms.len(), 0), "{:?}", report.rejected);
    let ids = model::entry::ids(s.conn(), book).unwrap();
    for (i, (form, code)) in forms.iter().enumerate() {
        assert_eq!(model::entry::get(s.conn(), ids[i]).unwrap().get("nksNgaySinh"), Some(*form));
        let line = i as u64 + 2;
        let note = report.notes.iter().find(|n| n.line == line && n.field == "nksNgaySinh");
        match (*code, note) {
            ("", n) => assert!(n.is_none(), "a date in words is a plain date: {n:?}"),
            (c, Some(n)) => assert_eq!(n.code, c, "{form}: {}", n.reason_vi),
            (c, None) => panic!("{form}: no note, expected {c}"),
        }
    }
    let impossible = report.notes.iter().find(|n| n.line == 8).unwrap();
    assert!(impossible.reason_vi.contains("Có thể là"), "{}", impossible.reason_vi);
}

#[test]
fn imported_rows_become_keyed_entries_with_codes_and_their_reference_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let report = import_all(&mut s, book, birth_csv(20, ',').as_bytes(), "ks.csv");
    assert_eq!(report.loaded, 20);
    let ids = model::entry::ids(s.conn(), book).unwrap();
    let e = model::entry::get(s.conn(), ids[0]).unwrap();
    assert_eq!(e.status, EntryStatus::Keyed);
    assert_eq!(e.get("nksHoTen"), Some("Nguyễn Văn Hùng"));
    assert_eq!(e.get("nksGioiTinh"), Some("1"), "Nam is stored as the template code");
    assert_eq!(e.get("nksNgaySinh"), Some("01/01/1985"));
    assert_eq!(e.get("chaHoTen"), Some("Nguyễn Văn Minh"));
    assert_eq!(e.get("noiDangKy"), Some("UBND xã Yên Lạc"));
    assert_eq!(import::entry_source_ref(s.conn(), ids[0]).unwrap().as_deref(), Some("KS-000001"));
    assert_eq!(model::entry::get(s.conn(), ids[1]).unwrap().get("nksGioiTinh"), Some("2"));
}

#[test]
fn importing_the_same_file_twice_loads_nothing_the_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let csv = birth_csv(30, ',');
    assert_eq!(import_all(&mut s, book, csv.as_bytes(), "ks.csv").loaded, 30);
    let p = import::import_preview(s.conn(), book, csv.as_bytes(), "ks.csv", None).unwrap();
    assert_eq!(p.already_in_book, 30);
    let again = import::import(&mut s, book, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!((again.loaded, again.rejected.len()), (0, 30));
    assert!(again.rejected[0].reason_vi.contains("đã được nhập vào sổ này"));
    assert_eq!(entries_in(&s, book), 30);
}

#[test]
fn a_tcvn3_encoded_csv_imports_with_correct_vietnamese_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let text = birth_csv(40, ',');
    let bytes = legacy::encode(&text, Encoding::Tcvn3);
    assert!(std::str::from_utf8(&bytes).is_err(), "really 8-bit bytes");
    let p = import::preview(&bytes, "cu.csv", BookType::Ks).unwrap();
    assert_eq!(p.encoding, Encoding::Tcvn3);
    assert!(p.encoding_note_vi.contains("TCVN3"), "{}", p.encoding_note_vi);
    assert_eq!(p.sample_rows[0][5], "Nguyễn Văn Hùng");
    let report = import::import(&mut s, book, &bytes, &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!((report.loaded, report.encoding), (40, Encoding::Tcvn3));
    let e = model::entry::get(s.conn(), model::entry::ids(s.conn(), book).unwrap()[3]).unwrap();
    assert_eq!(e.get("nksHoTen"), Some("Phạm Thị Hằng"));
    assert_eq!(e.get("nksNoiSinh"), Some("Bệnh viện huyện Định Hóa"));
    assert_eq!(e.get("nksGioiTinh"), Some("2"), "Nữ read from TCVN3 is still a woman");
}

#[test]
fn a_vni_encoded_csv_imports_with_correct_vietnamese() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let bytes = legacy::encode(&birth_csv(40, ';'), Encoding::VniWindows);
    let p = import::preview(&bytes, "cu-vni.csv", BookType::Ks).unwrap();
    assert_eq!((p.encoding, p.delimiter.as_deref()), (Encoding::VniWindows, Some(";")));
    let report = import::import(&mut s, book, &bytes, &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!(report.loaded, 40);
    let e = model::entry::get(s.conn(), model::entry::ids(s.conn(), book).unwrap()[5]).unwrap();
    assert_eq!(e.get("nksHoTen"), Some("Đặng Thị Loan"));
    assert_eq!(e.get("nksQueQuan"), Some("Yên Lạc, Phú Lương, Thái Nguyên"));
}

#[test]
fn a_semicolon_csv_with_a_bom_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(birth_csv(12, ';').as_bytes());
    let p = import::preview(&bytes, "excel-utf8.csv", BookType::Ks).unwrap();
    assert!(p.bom);
    assert_eq!(p.delimiter.as_deref(), Some(";"));
    assert_eq!(p.headers[0], "ma_ban_ghi", "the BOM is not part of the first header");
    assert_eq!(p.encoding, Encoding::Utf8);
    assert!(p.missing_required.is_empty());
    assert_eq!(import::import(&mut s, book, &bytes, &ImportMapping::from_preview(&p)).unwrap().loaded, 12);
}

#[test]
fn vietnamese_headers_in_any_order_with_an_unknown_column_kept_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let csv = "Giới tính\tHọ và tên\tMã bản ghi\tNgày sinh\tSố điện thoại\tHọ tên mẹ\n\
               Nữ\tVi Thị Mến\tA-1\t3/1985\t0912 000 111\tLò Thị Ỏn\n\
               1\tVi Văn Pẳng\tA-2\t1985\t\t\n";
    let p = import::preview(csv.as_bytes(), "tab.txt", BookType::Ks).unwrap();
    assert_eq!(p.delimiter.as_deref(), Some("tab"));
    let fields: Vec<Option<&str>> = p.mapping.iter().map(|m| m.field.as_deref()).collect();
    assert_eq!(fields, [Some("nksGioiTinh"), Some("nksHoTen"), Some(SOURCE_REF), Some("nksNgaySinh"), None, Some("meHoTen")]);
    assert_eq!(p.unknown_columns, ["Số điện thoại"]);
    let unknown = p.warnings.iter().find(|w| w.code == WarningCode::UnknownHeader).expect("the unknown header is said");
    assert_eq!((unknown.columns.as_slice(), unknown.count), (&["Số điện thoại".to_string()][..], Some(1)));
    assert!(unknown.message.contains("Số điện thoại"), "{unknown}");
    assert_eq!(p.row_count, 2);
    let report = import::import(&mut s, book, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!(report.loaded, 2);
    let first = model::entry::ids(s.conn(), book).unwrap()[0];
    let extra: String = s.conn().query_row("SELECT extra_json FROM entry_source WHERE entry_id = ?1", [first], |r| r.get(0)).unwrap();
    assert_eq!(extra, r#"{"Số điện thoại":"0912 000 111"}"#);
}

#[test]
fn the_ministry_template_headers_import_back() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let csv = "maBanGhi,so,quyenSo,trangSo,ngayDangKy,nksHoTen,nksGioiTinh,nksNgaySinh,nksDanToc,meHoTen,meNgaySinh,chaHoTen\n\
               X1,1,01/1985,1,05/01/1985,Hà Thị Én,2,01/01/1985,Tày,Hà Thị Mai,1962,Hà Văn Sinh\n";
    let p = import::preview(csv.as_bytes(), "xuat.csv", BookType::Ks).unwrap();
    assert!(p.mapping.iter().all(|m| m.field.is_some()), "{:?}", p.mapping);
    import::import(&mut s, book, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    let e = model::entry::get(s.conn(), model::entry::ids(s.conn(), book).unwrap()[0]).unwrap();
    assert_eq!((e.get("nksDanToc"), e.get("meNgaySinh")), (Some("Tày"), Some("1962")));
}

fn xlsx(rows: &[Vec<XCell>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                XCell::S(s) => {
                    ws.write_string(r, c, s.as_str()).unwrap();
                }
                XCell::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                XCell::D(y, m, d) => {
                    let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date_fmt).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

enum XCell {
    S(String),
    N(f64),
    D(u16, u8, u8),
}

fn s(v: &str) -> XCell {
    XCell::S(v.to_string())
}

#[test]
fn an_xlsx_with_numbers_and_real_dates_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ses = create(&tmp.path().join("ws"));
    let book = ks_book(&mut ses);
    let bytes = xlsx(&[
        vec![s("Mã bản ghi"), s("Số"), s("Họ và tên"), s("Ngày sinh"), s("Giới tính"), s("Số CCCD"), s("Ngày đăng ký")],
        vec![
            XCell::N(101.0),
            XCell::N(7.0),
            s("Ma Thị Dung"),
            XCell::D(1985, 3, 2),
            s("Nữ"),
            XCell::N(26185012345.0),
            XCell::D(1985, 3, 9),
        ],
        vec![XCell::N(102.0), XCell::N(8.0), s("Ma Văn Sự"), XCell::N(1985.0), s("Nam"), s(""), XCell::D(1985, 3, 9)],
    ]);
    let p = import::preview(&bytes, "so.xlsx", BookType::Ks).unwrap();
    assert_eq!(p.format, FileFormat::Xlsx);
    assert_eq!(p.sample_rows[0][3], "02/03/1985");
    assert_eq!(p.sample_rows[0][1], "7", "numbers without a trailing .0");
    let report = import::import(&mut ses, book, &bytes, &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!((report.loaded, report.rejected.len()), (2, 0));
    let e = model::entry::get(ses.conn(), model::entry::ids(ses.conn(), book).unwrap()[0]).unwrap();
    assert_eq!(e.get("nksNgaySinh"), Some("02/03/1985"));
    assert_eq!(e.get("ngayDangKy"), Some("09/03/1985"));
    assert_eq!(e.get("nksSoGiayToTuyThan"), None, "KS has no ID field for the child");
    assert_eq!(import::entry_source_ref(ses.conn(), e.id).unwrap().as_deref(), Some("101"));
    assert_eq!(model::entry::get(ses.conn(), model::entry::ids(ses.conn(), book).unwrap()[1]).unwrap().get("nksNgaySinh"), Some("1985"));
}

#[test]
fn tcvn3_text_typed_inside_xlsx_cells_is_detected_and_converted() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ses = create(&tmp.path().join("ws"));
    let book = ks_book(&mut ses);
    // What Excel stores for text typed with the .VnTime font: TCVN3 bytes read as Windows-1252.
    let as_cells = |t: &str| -> String { legacy::encode(t, Encoding::Tcvn3).iter().map(|&b| char::from(b)).collect() };
    let mut rows = vec![vec![s("ma_ban_ghi"), s("ho_ten"), s("ngay_sinh"), s("gioi_tinh"), s("noi_sinh")]];
    for (i, name) in ["Nguyễn Thị Hằng", "Đặng Văn Lực", "Bùi Thị Thủy", "Hoàng Văn Đức"].iter().enumerate() {
        rows.push(vec![
            s(&format!("T{i}")),
            XCell::S(as_cells(name)),
            s("1985"),
            XCell::S(as_cells(if i % 2 == 0 { "Nữ" } else { "Nam" })),
            XCell::S(as_cells("Xã Yên Lạc")),
        ]);
    }
    let bytes = xlsx(&rows);
    let p = import::preview(&bytes, "cu.xlsx", BookType::Ks).unwrap();
    assert_eq!(p.encoding, Encoding::Tcvn3);
    assert!(p.legacy_in_cells);
    assert_eq!(p.sample_rows[0][1], "Nguyễn Thị Hằng");
    import::import(&mut ses, book, &bytes, &ImportMapping::from_preview(&p)).unwrap();
    let e = model::entry::get(ses.conn(), model::entry::ids(ses.conn(), book).unwrap()[1]).unwrap();
    assert_eq!((e.get("nksHoTen"), e.get("nksGioiTinh"), e.get("nksNoiSinh")), (Some("Đặng Văn Lực"), Some("1"), Some("Xã Yên Lạc")));
}

#[test]
fn files_that_cannot_be_imported_give_a_clear_error_and_import_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let fake_xlsx = b"PK\x03\x04 this is not really a workbook, just bytes named .xlsx";
    // one reader, one wording for an empty file ("tệp trống", as the extract import said)
    let cases: [(&[u8], &str); 4] = [(b"", "tệp trống"), (b"  \n\r\n ", "tệp trống"), (png, "PNG"), (fake_xlsx, "Excel")];
    for (bytes, says) in cases {
        let err = import::preview(bytes, "f", BookType::Ks).unwrap_err();
        assert_eq!(err.code(), "input.invalid");
        assert!(err.message_vi().contains(says), "{}", err.message_vi());
        let err = import::import(&mut s, book, bytes, &ImportMapping::default()).unwrap_err();
        assert!(err.message_vi().contains(says), "{}", err.message_vi());
    }
    assert_eq!(entries_in(&s, book), 0);
}

#[test]
fn a_mapping_without_the_required_columns_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let csv = "ho_ten,ngay_sinh\nLê Văn A,1985\n";
    let p = import::preview(csv.as_bytes(), "f.csv", BookType::Ks).unwrap();
    let missing: Vec<&str> = p.missing_required.iter().map(|m| m.field.as_str()).collect();
    assert_eq!(missing, [SOURCE_REF, "nksGioiTinh"]);
    let err = import::import(&mut s, book, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap_err();
    assert!(err.message_vi().contains("Mã bản ghi"), "{}", err.message_vi());
    assert_eq!(entries_in(&s, book), 0);
}

#[test]
fn an_import_that_fails_midway_leaves_no_row_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let mut csv = birth_csv(3_000, ',');
    // Row 2,000 carries a value the database refuses (a row-level DB error in the middle).
    csv = csv.replacen("KS-002000", "KS-002000-BOOM", 1);
    s.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON entry_source WHEN NEW.source_ref = 'KS-002000-BOOM'
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
        )
        .unwrap();
    let p = import::preview(csv.as_bytes(), "f.csv", BookType::Ks).unwrap();
    assert!(import::import(&mut s, book, csv.as_bytes(), &ImportMapping::from_preview(&p)).is_err());
    assert_eq!(entries_in(&s, book), 0, "all valid rows or nothing");
    assert_eq!(count(&s, "SELECT count(*) FROM entry_source WHERE book_id = ?1", book), 0);
    assert_eq!(count(&s, "SELECT count(*) FROM entry_field f JOIN entry e ON e.id = f.entry_id WHERE e.book_id = ?1", book), 0);
    // The same file loads once the cause is gone.
    s.conn().execute_batch("DROP TRIGGER boom").unwrap();
    assert_eq!(import::import(&mut s, book, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap().loaded, 3_000);
}

#[test]
fn the_clerk_can_correct_the_mapping_and_the_encoding() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let csv = "STT,Tên,Sinh,Phái\n1,Lê Văn Tám,1985,Nam\n2,Lê Thị Chín,1986,Nữ\n";
    let p = import::preview(csv.as_bytes(), "f.csv", BookType::Ks).unwrap();
    assert_eq!(p.mapping[0].field, None, "STT is not taken for the reference on its own");
    let mut m = ImportMapping::from_preview(&p);
    m.columns = vec![Some(SOURCE_REF.into()), Some("nksHoTen".into()), Some("nksNgaySinh".into()), Some("nksGioiTinh".into())];
    assert_eq!(import::import(&mut s, book, csv.as_bytes(), &m).unwrap().loaded, 2);
    m.columns[2] = Some("nksHoTen".into());
    let err = import::import(&mut s, book, csv.as_bytes(), &m).unwrap_err();
    assert!(err.message_vi().contains("cùng gán"), "{}", err.message_vi());
    // Too little text to be sure of the encoding: the clerk says it is TCVN3.
    let bytes = legacy::encode("ma_ban_ghi,ho_ten,ngay_sinh,gioi_tinh\nB-1,Lê Thị Ơn,1985,Nữ\n", Encoding::Tcvn3);
    let p = import::preview_with(&bytes, "f.csv", BookType::Ks, Some(Encoding::Tcvn3)).unwrap();
    assert_eq!(p.sample_rows[0][1], "Lê Thị Ơn");
    let mut m = ImportMapping::from_preview(&p);
    m.encoding = Some(Encoding::Tcvn3);
    import::import(&mut s, book, &bytes, &m).unwrap();
    let last = *model::entry::ids(s.conn(), book).unwrap().last().unwrap();
    assert_eq!(model::entry::get(s.conn(), last).unwrap().get("nksHoTen"), Some("Lê Thị Ơn"));
}

#[test]
fn importing_without_a_book_creates_one_from_the_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let csv = birth_csv(700, ',');
    let p = import::preview(csv.as_bytes(), "so-ks-1985.csv", BookType::Ks).unwrap();
    let report = import::import_into_new_book(&mut s, BookType::Ks, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    let book = report.book_id.unwrap();
    let b = model::book::list(s.conn()).unwrap().into_iter().find(|b| b.id == book).unwrap();
    assert_eq!((b.quyen_so.as_str(), b.year_from, b.year_to), ("01/1985", 1985, Some(1986)));
    assert_eq!(b.page_count, 234);
    assert_eq!(b.registry_name, "Xã Phú Lương", "the workspace's commune");
    assert_eq!(b.total, 700);
}

#[test]
fn the_preview_report_serialises_for_the_ui() {
    let (csv, _) = birth_csv_with_bad_rows(100, 5);
    let p = import::preview(csv.as_bytes(), "f.csv", BookType::Ks).unwrap();
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["encoding"], "utf8");
    assert_eq!(json["delimiter"], ",");
    assert_eq!(json["rowCount"], 100);
    assert_eq!(json["mapping"][5]["field"], "nksHoTen");
    assert_eq!(json["mapping"][5]["matchedBy"], "alias");
    assert_eq!(json["sampleRows"].as_array().unwrap().len(), import::SAMPLE_ROWS);
    assert_eq!(json["targets"][0]["field"], SOURCE_REF);
}

#[test]
fn a_tcvn3_fixture_with_known_bytes_imports_with_correct_vietnamese_and_reports_its_bad_rows() {
    // Bytes written from the TCVN 5712:1993 VN3 table independently of the app's encoder
    // ("NguyÔn ThÞ H»ng" = Nguyễn Thị Hằng), semicolon separated, CRLF line ends.
    let bytes = include_bytes!("fixtures/ks_tcvn3_semicolon.csv");
    assert!(bytes.windows(15).any(|w| w == b"Nguy\xd4n Th\xde H\xbbng"));
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book_quyen(&mut s, "01/1992", 1992);
    let p = import::preview(bytes, "ks_tcvn3_semicolon.csv", BookType::Ks).unwrap();
    assert_eq!((p.encoding, p.legacy_in_cells, p.delimiter.as_deref()), (Encoding::Tcvn3, false, Some(";")));
    let report = import::import(&mut s, book, bytes, &ImportMapping::from_preview(&p)).unwrap();
    // Issue 10: the impossible date (line 5) and the missing name (line 6) are kept and noted.
    assert_eq!(report.summary_line(), "rows read: 5, loaded: 5, rejected: 0");
    let notes: Vec<(u64, &str, &str)> = report.notes.iter().map(|n| (n.line, n.field.as_str(), n.code.as_str())).collect();
    assert_eq!(notes, [(5, "nksNgaySinh", "date.impossible"), (6, "nksHoTen", "required.missing")]);
    let ids = model::entry::ids(s.conn(), book).unwrap();
    let e = model::entry::get(s.conn(), ids[0]).unwrap();
    assert_eq!(e.get("nksHoTen"), Some("Nguyễn Thị Hằng"));
    assert_eq!(e.get("nksNoiSinh"), Some("Trạm y tế xã Yên Lạc"));
    assert_eq!(e.get("chaHoTen"), Some("Nguyễn Văn Đức"));
    assert_eq!(e.get("meHoTen"), Some("Đặng Thị Thủy"));
    let e = model::entry::get(s.conn(), ids[1]).unwrap();
    assert_eq!((e.get("nksHoTen"), e.get("nksDanToc"), e.get("ghiChu")), (Some("Hoàng Văn Lực"), Some("Tày"), Some("đăng ký quá hạn")));
    assert_eq!(e.get("meHoTen"), Some("Lường Thị Ơn"));
    assert_eq!(model::entry::get(s.conn(), ids[2]).unwrap().get("nksNoiSinh"), Some("Bệnh viện huyện Định Hóa"));
}

#[test]
fn a_tcvn3_file_with_names_in_capitals_imports_them_in_capitals_short_syllables_included() {
    // TCVN3 has no code for a toned capital (Ý, Ú, Ỹ): ABC files hold the lower-case code and the
    // capitals font showed it. The name column is in capitals, the place column is not.
    let text = "ma_ban_ghi;so;quyen_so;ngay_dang_ky;ho_ten;ngay_sinh;gioi_tinh;noi_sinh\r\n\
                YL-0001;1;01/1992;06/01/1992;HÀ THỊ Ý;02/01/1992;Nữ;Xã Yên Lạc\r\n\
                YL-0002;2;01/1992;08/01/1992;NGUYỄN THỊ ÚT;1992;Nữ;Thôn Đồng Tâm\r\n\
                YL-0003;3;01/1992;09/01/1992;LƯƠNG THỊ MỸ HÒA;3/1992;Nữ;Xã Yên Lạc\r\n";
    let bytes = legacy::encode(text, Encoding::Tcvn3);
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book_quyen(&mut s, "01/1992", 1992);
    let p = import::preview(&bytes, "ks_tcvn3_capitals.csv", BookType::Ks).unwrap();
    assert_eq!(p.encoding, Encoding::Tcvn3);
    let report = import::import(&mut s, book, &bytes, &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!(report.summary_line(), "rows read: 3, loaded: 3, rejected: 0");
    let names: Vec<(String, String)> = model::entry::ids(s.conn(), book)
        .unwrap()
        .into_iter()
        .map(|id| model::entry::get(s.conn(), id).unwrap())
        .map(|e| (e.get("nksHoTen").unwrap().to_string(), e.get("nksNoiSinh").unwrap().to_string()))
        .collect();
    let want = [("HÀ THỊ Ý", "Xã Yên Lạc"), ("NGUYỄN THỊ ÚT", "Thôn Đồng Tâm"), ("LƯƠNG THỊ MỸ HÒA", "Xã Yên Lạc")];
    assert_eq!(names, want.map(|(a, b)| (a.to_string(), b.to_string())));
}

// ---- files holding several books, rows of another book, unreadable cells

fn ks_book_quyen(s: &mut sohoa_core::Session, quyen: &str, year: i32) -> i64 {
    s.write(|w| {
        model::book::create(
            w,
            &sohoa_core::model::book::NewBook {
                book_type: BookType::Ks,
                registry: sohoa_core::model::book::RegistryRef {
                    scheme: "gso_pre2025".into(),
                    code: Some("05986".into()),
                    name: "UBND xã Yên Lạc".into(),
                },
                quyen_so: quyen.into(),
                year_from: year,
                year_to: None,
                page_count: 100,
                expected_entries: None,
                note: None,
            },
        )
    })
    .unwrap()
}

/// `n` valid birth rows per (quyenSo, year) given, references unique across the file.
fn birth_csv_of_books(books: &[(&str, i32, usize)]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    let mut k = 0;
    for &(quyen, year, n) in books {
        for i in 0..n {
            let mut row = birth_row(k);
            row[0] = format!("R-{:05}", k + 1);
            row[2] = quyen.to_string();
            row[3] = format!("{}", 1 + i / 3);
            row[4] = format!("05/03/{year}");
            row[6] = format!("01/03/{year}");
            out.push_str(&csv_line(&row, ','));
            out.push('\n');
            k += 1;
        }
    }
    out
}

fn new_books_import(s: &mut sohoa_core::Session, csv: &str) -> import::ImportReport {
    let p = import::preview(csv.as_bytes(), "nhieu-quyen.csv", BookType::Ks).unwrap();
    import::import_into_new_book(s, BookType::Ks, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap()
}

#[test]
fn a_file_holding_several_books_imported_without_a_book_creates_one_book_per_quyen_so() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let csv = birth_csv_of_books(&[("01/1990", 1990, 30), ("02/1991", 1991, 12), ("1/1990", 1990, 3)]);
    let p = import::preview(csv.as_bytes(), "nhieu-quyen.csv", BookType::Ks).unwrap();
    let seen: Vec<(&str, usize)> = p.books_in_file.iter().map(|q| (q.quyen_so.as_str(), q.rows)).collect();
    assert_eq!(seen, [("01/1990", 33), ("02/1991", 12)], "1/1990 is the same book as 01/1990");
    let several = p.warnings.iter().find(|w| w.code == WarningCode::SeveralBooks).expect("the books of the file are said");
    assert!(several.message.contains("2 quyển sổ"), "{several}");
    assert_eq!((several.quyen_so.as_slice(), several.count), (&["01/1990".to_string(), "02/1991".to_string()][..], Some(2)));

    let report = import::import_into_new_book(&mut s, BookType::Ks, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!((report.rows_read, report.loaded, report.rejected.len()), (45, 45, 0));
    #[allow(clippy::type_complexity)] // one tuple per book made, to compare at a glance
    let made: Vec<(&str, i32, Option<i32>, u32, bool, usize)> =
        report.books.iter().map(|b| (b.quyen_so.as_str(), b.year_from, b.year_to, b.page_count, b.created, b.loaded)).collect();
    assert_eq!(made, [("01/1990", 1990, None, 10, true, 33), ("02/1991", 1991, None, 4, true, 12)]);
    assert_eq!(report.book_id, Some(report.books[0].book_id));
    assert_eq!(report.summary_line(), "rows read: 45, loaded: 45, rejected: 0, books created: 2 (01/1990: 33, 02/1991: 12)");
    for b in &report.books {
        assert_eq!(entries_in(&s, b.book_id), b.loaded as i64);
    }
    let listed: Vec<(String, u32)> = model::book::list(s.conn()).unwrap().into_iter().map(|b| (b.quyen_so, b.total)).collect();
    assert_eq!(listed, [("01/1990".to_string(), 33), ("02/1991".to_string(), 12)]);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["books"][1]["quyenSo"], "02/1991");
    assert_eq!(json["books"][1]["loaded"], 12);
}

#[test]
fn in_a_file_of_several_books_a_row_without_quyen_so_is_rejected_because_it_cannot_be_placed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let csv = birth_csv_of_books(&[("01/1990", 1990, 4), ("", 1990, 1), ("02/1991", 1991, 2)]);
    let report = new_books_import(&mut s, &csv);
    assert_eq!((report.loaded, report.books.len()), (6, 2));
    assert_eq!(report.rejected.len(), 1);
    let r = &report.rejected[0];
    assert_eq!((r.line, r.field.as_str(), r.column.as_deref()), (6, "quyenSo", Some("quyen_so")));
    assert!(r.reason_vi.contains("không biết dòng này thuộc quyển nào"), "{}", r.reason_vi);
    assert!(r.reason_vi.contains("01/1990, 02/1991"), "{}", r.reason_vi);
}

#[test]
fn a_file_of_one_book_still_makes_one_book_and_rows_without_quyen_so_join_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let csv = birth_csv_of_books(&[("03/1995", 1995, 5), ("", 1995, 2)]);
    let report = new_books_import(&mut s, &csv);
    assert_eq!((report.loaded, report.rejected.len(), report.books.len()), (7, 0, 1));
    assert_eq!((report.books[0].quyen_so.as_str(), report.books[0].loaded), ("03/1995", 7));
}

#[test]
fn a_several_book_import_that_fails_midway_creates_no_book_and_no_row() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let csv = birth_csv_of_books(&[("01/1990", 1990, 20), ("02/1991", 1991, 20)]);
    // The second book's 10th row fails in the database, after the first book was loaded.
    s.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON entry_source WHEN NEW.source_ref = 'R-00030'
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
        )
        .unwrap();
    let p = import::preview(csv.as_bytes(), "f.csv", BookType::Ks).unwrap();
    assert!(import::import_into_new_book(&mut s, BookType::Ks, csv.as_bytes(), &ImportMapping::from_preview(&p)).is_err());
    assert!(model::book::list(s.conn()).unwrap().is_empty(), "all books or none");
    let entries: i64 = s.conn().query_row("SELECT count(*) FROM entry", [], |r| r.get(0)).unwrap();
    assert_eq!(entries, 0);
    s.conn().execute_batch("DROP TRIGGER boom").unwrap();
    assert_eq!(
        import::import_into_new_book(&mut s, BookType::Ks, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap().books.len(),
        2
    );
}

#[test]
fn importing_into_a_named_book_rejects_the_rows_of_another_quyen_so_with_line_field_and_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book_quyen(&mut s, "01/1990", 1990);
    let csv = birth_csv_of_books(&[("01/1990", 1990, 3), ("02/1991", 1991, 2), ("1/1990", 1990, 1)]);
    let p = import::import_preview(s.conn(), book, csv.as_bytes(), "f.csv", None).unwrap();
    assert_eq!(p.other_book_rows, 2);
    let other = p.warnings.iter().find(|w| w.code == WarningCode::OtherBookRows).expect("the rows of another book are said");
    assert!(other.message.contains("2 dòng thuộc quyển khác (02/1991)"), "{other}");
    assert_eq!((other.quyen_so.as_slice(), other.count), (&["02/1991".to_string()][..], Some(2)));
    let report = import::import(&mut s, book, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!(report.summary_line(), "rows read: 6, loaded: 4, rejected: 2", "no book is created for a named book");
    let got: Vec<(u64, &str, Option<&str>)> = report.rejected.iter().map(|r| (r.line, r.field.as_str(), r.column.as_deref())).collect();
    assert_eq!(got, [(5, "quyenSo", Some("quyen_so")), (6, "quyenSo", Some("quyen_so"))]);
    assert!(report.rejected[0].reason_vi.contains("quyển “02/1991”, không phải quyển “01/1990”"), "{}", report.rejected[0].reason_vi);
    assert_eq!(report.books.len(), 1);
    assert!(!report.books[0].created);
    assert_eq!(entries_in(&s, book), 4);
}

#[test]
fn quyen_so_values_are_the_same_book_whatever_the_leading_zeros_case_and_spaces() {
    use sohoa_core::import::quyen_key;
    assert_eq!(quyen_key("01/2010"), quyen_key("1/2010"));
    assert_eq!(quyen_key("Q. 01 / 2010"), quyen_key("q.1/2010"));
    assert_eq!(quyen_key("Quyển 2"), quyen_key("quyen 02"));
    assert_ne!(quyen_key("01/2010"), quyen_key("01/2011"));
    assert_ne!(quyen_key("10/2010"), quyen_key("1/2010"));
    assert_eq!(quyen_key("0/2010"), quyen_key("00/2010"));
}

#[test]
fn unreadable_cells_import_empty_and_flagged_and_a_required_one_is_accepted_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let csv = "ma_ban_ghi,quyen_so,ho_ten,ngay_sinh,gioi_tinh,ho_ten_cha,noi_sinh,ghi_chu\n\
               A1,01/1985,Lò Văn Mơ,1985,Nam,???,[Mờ],(không rõ)\n\
               A2,01/1985,Lò Thị Én,(Không đọc được),Nữ,Lò Văn Chăn,Xã Yên Lạc,\n\
               A3,01/1985,[khong doc duoc],1986,??,không rõ,Xã Yên Lạc,\n";
    let p = import::preview(csv.as_bytes(), "mo.csv", BookType::Ks).unwrap();
    assert_eq!(p.illegible_cells, 6);
    let note = p.warnings.iter().find(|w| w.code == WarningCode::IllegibleCells).expect("a note about unreadable cells");
    assert!(note.message.contains("6 ô") && note.message.contains("???"), "{note}");
    assert_eq!(note.count, Some(6));
    let required = p.warnings.iter().find(|w| w.code == WarningCode::IllegibleRequired).expect("unreadable required fields are said");
    assert!(required.message.contains("trường bắt buộc") && required.message.contains("ngay_sinh: 1"), "{required}");
    let mut fields = required.fields.clone();
    fields.sort();
    assert_eq!(fields, ["nksGioiTinh", "nksHoTen", "nksNgaySinh"]);

    let report = import::import(&mut s, book, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    assert_eq!((report.loaded, report.rejected.len(), report.illegible_cells), (3, 0, 6), "{:?}", report.rejected);
    let ids = model::entry::ids(s.conn(), book).unwrap();
    let field = |id: i64, f: &str| model::entry::get(s.conn(), id).unwrap().fields.into_iter().find(|x| x.field == f);
    let cha = field(ids[0], "chaHoTen").expect("stored although empty");
    assert_eq!((cha.value.as_str(), cha.illegible), ("", true));
    assert!(field(ids[0], "nksNoiSinh").unwrap().illegible);
    assert!(field(ids[0], "ghiChu").unwrap().illegible);
    assert_eq!(model::entry::get(s.conn(), ids[0]).unwrap().get("nksHoTen"), Some("Lò Văn Mơ"), "a name is not a marker");
    assert_eq!(
        model::entry::get(s.conn(), ids[2]).unwrap().get("chaHoTen"),
        Some("không rõ"),
        "an unknown father is information, kept as written"
    );
    // Required fields marked unreadable: loaded, flagged, and listed for the clerk to look at.
    assert!(field(ids[1], "nksNgaySinh").unwrap().illegible);
    assert!(field(ids[2], "nksHoTen").unwrap().illegible);
    assert!(field(ids[2], "nksGioiTinh").unwrap().illegible);
    let notes: Vec<(u64, &str)> = report.notes.iter().map(|n| (n.line, n.field.as_str())).collect();
    assert_eq!(notes, [(3, "nksNgaySinh"), (4, "nksHoTen"), (4, "nksGioiTinh")]);
    assert!(report.notes[0].reason_vi.contains("không đọc được"), "{}", report.notes[0].reason_vi);
    // The keying screen shows them as illegible, never as "missing".
    let w = keying::entry_warnings(s.conn(), ids[1]).unwrap();
    assert!(!w.iter().any(|w| w.code == "required.missing" && w.field == "nksNgaySinh"), "{w:?}");
    assert!(w.iter().any(|w| w.code == "field.illegible" && w.field == "nksNgaySinh"), "{w:?}");
}

#[test]
fn the_dry_run_counts_what_the_import_will_load_and_reject_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let (csv, bad) = birth_csv_with_bad_rows(200, 5);
    let p = import::import_preview(s.conn(), book, csv.as_bytes(), "ks.csv", None).unwrap();
    let m = ImportMapping::from_preview(&p);
    let check = import::import_check(&s, Some(book), BookType::Ks, csv.as_bytes(), &m).unwrap();
    assert_eq!((check.rows_read, check.valid, check.rejected.len()), (200, 195, 5));
    assert_eq!(check.rejected.iter().map(|r| r.line).collect::<Vec<_>>(), bad.iter().map(|b| b.line).collect::<Vec<_>>());
    assert_eq!(entries_in(&s, book), 0, "a dry run writes nothing");
    let report = import::import(&mut s, book, csv.as_bytes(), &m).unwrap();
    assert_eq!((report.loaded, report.rejected), (check.valid, check.rejected));

    // Without a book: the books that would be created, one per quyển số.
    let several = birth_csv_of_books(&[("01/1990", 1990, 4), ("", 1990, 1), ("02/1991", 1991, 2)]);
    let p = import::preview(several.as_bytes(), "nhieu-quyen.csv", BookType::Ks).unwrap();
    let check = import::import_check(&s, None, BookType::Ks, several.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    let books: Vec<(&str, usize)> = check.new_books.iter().map(|b| (b.quyen_so.as_str(), b.rows)).collect();
    assert_eq!(books, [("01/1990", 4), ("02/1991", 2)]);
    assert_eq!((check.valid, check.rejected.len(), check.rejected[0].line), (6, 1, 6));
    assert_eq!(model::book::list(s.conn()).unwrap().len(), 1, "no book was created");

    // A mapping without a required column is refused, as by the import.
    let mut m = ImportMapping::from_preview(&p);
    for c in m.columns.iter_mut() {
        if c.as_deref() == Some("nksHoTen") {
            *c = None;
        }
    }
    assert!(import::import_check(&s, None, BookType::Ks, several.as_bytes(), &m).is_err());
}

#[test]
fn preview_warnings_carry_a_stable_code_the_vietnamese_message_and_what_they_are_about() {
    let csv = "ma_ban_ghi,ho_ten,Họ và tên,ngay_sinh,quyen_so,Cột lạ\n\
               A1,Lò Văn Mơ,,1985,01/1985,x\n\
               A2,Lò Thị Én,,1986,02/1986,y\n";
    let p = import::preview(csv.as_bytes(), "f.csv", BookType::Ks).unwrap();
    let codes: Vec<WarningCode> = p.warnings.iter().map(|w| w.code).collect();
    use WarningCode::*;
    assert_eq!(codes, [DuplicateColumn, UnknownHeader, MissingRequiredColumn, SeveralBooks]);
    let json = serde_json::to_value(&p).unwrap();
    let w = &json["warnings"];
    assert_eq!(w[0]["code"], "duplicate_column");
    assert_eq!(w[0]["columns"], serde_json::json!(["Họ và tên", "ho_ten"]), "the column set aside, then the one used");
    assert_eq!(w[0]["fields"], serde_json::json!(["nksHoTen"]));
    assert_eq!(w[1]["code"], "unknown_header");
    assert_eq!(w[1]["columns"], serde_json::json!(["Họ và tên", "Cột lạ"]));
    assert_eq!(w[1]["count"], 2);
    assert_eq!(w[2]["code"], "missing_required_column");
    assert_eq!(w[2]["fields"], serde_json::json!(["nksGioiTinh"]));
    assert!(w[2]["message"].as_str().unwrap().starts_with("Chưa có cột cho trường bắt buộc: Người được khai sinh — Giới tính"), "{}", w[2]);
    assert_eq!(w[3]["code"], "several_books");
    assert_eq!(w[3]["quyenSo"], serde_json::json!(["01/1985", "02/1986"]));
    assert_eq!(w[3]["count"], 2);
    assert_eq!(w[0]["quyenSo"], serde_json::json!([]));
    assert_eq!(w[0]["count"], serde_json::Value::Null);
    // The CLI prints the message as it is.
    assert_eq!(p.warnings[2].to_string(), p.warnings[2].message);

    let empty = import::preview(b"ma_ban_ghi,ho_ten\n", "f.csv", BookType::Ks).unwrap();
    assert!(empty.warnings.iter().any(|w| w.code == NoDataRows), "{:?}", empty.warnings);
}

#[test]
fn the_fields_offered_for_a_column_carry_the_part_of_the_form_they_belong_to() {
    let (csv, _) = birth_csv_with_bad_rows(3, 0);
    let p = import::preview(csv.as_bytes(), "so.csv", BookType::Ks).unwrap();
    let target = |f: &str| p.targets.iter().find(|t| t.field == f).unwrap();
    assert_eq!((target("maBanGhi").group.as_deref(), target("maBanGhi").short_label.as_str()), (None, "Mã bản ghi (ma_ban_ghi)"));
    let name = target("nksHoTen");
    assert_eq!(name.group.as_deref(), Some("Người được khai sinh"));
    assert_eq!(name.label, format!("Người được khai sinh — {}", name.short_label));
    assert!(p.targets.iter().skip(1).all(|t| t.group.is_some()), "every template field is in a group");
}

#[test]
fn a_large_file_checked_on_every_core_reports_each_bad_row_once_in_file_order_and_repeats_across_the_whole_file() {
    // 12,000 rows are checked in runs of consecutive lines on several threads; a reference
    // repeated 12,000 lines later is still found (the check of repeats runs in file order).
    let (mut csv, bads) = birth_csv_with_bad_rows(12_000, 10);
    let first_ref = birth_row(0)[0].clone();
    let mut repeat = birth_row(5);
    repeat[0] = first_ref.clone();
    csv.push_str(&csv_line(&repeat, ','));
    csv.push('\n');
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let p = import::preview(csv.as_bytes(), "lon.csv", BookType::Ks).unwrap();
    let report = import::import_into_new_book(&mut s, BookType::Ks, csv.as_bytes(), &ImportMapping::from_preview(&p)).unwrap();
    let mut expected: Vec<(u64, &str)> = bads.iter().map(|b| (b.line, b.field)).collect();
    expected.push((12_002, SOURCE_REF));
    let got: Vec<(u64, &str)> = report.rejected.iter().map(|r| (r.line, r.field.as_str())).collect();
    assert_eq!(got, expected);
    assert_eq!(report.summary_line().split(", books").next().unwrap(), "rows read: 12001, loaded: 11990, rejected: 11");
    let last = report.rejected.last().unwrap();
    assert_eq!(last.reason_vi, format!("mã bản ghi “{first_ref}” trùng với dòng 2"));
}
