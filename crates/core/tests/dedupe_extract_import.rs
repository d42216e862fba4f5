//! Importing the population extract (formats.md §1): whatever the file looks like, the clerk
//! gets a proposed column mapping, line-level reasons for unreadable rows, clear messages for
//! unreadable files, and never a half-imported extract.
mod dedupe_support;
use dedupe_support::*;
use sohoa_core::dedupe;
use sohoa_core::dedupe::{ColumnMapping, ExtractColumn, ExtractMeta, FileFormat};
use sohoa_core::CoreError;

fn meta() -> ExtractMeta {
    ExtractMeta { source: "Công an xã Phú Lương".into(), extract_date: "2025-06-30".into() }
}

fn person_rows(s: &sohoa_core::Session) -> i64 {
    s.conn().query_row("SELECT count(*) FROM extract_person", [], |r| r.get(0)).unwrap()
}

fn invalid_message(e: CoreError) -> String {
    match e {
        CoreError::Invalid { .. } => e.message_vi(),
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

#[test]
fn the_preview_proposes_a_mapping_from_vietnamese_headers_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let s = create(&tmp.path().join("ws"));
    let p = dedupe::preview_extract(s.conn(), &extract_csv(20, &[]), "trich-xuat.csv", None).unwrap();
    assert_eq!(p.format, FileFormat::Csv);
    assert_eq!(p.separator.as_deref(), Some(","));
    let mapped: Vec<Option<ExtractColumn>> = p.columns.iter().map(|c| c.column).collect();
    assert_eq!(
        mapped,
        vec![
            None,
            Some(ExtractColumn::SoDinhDanh),
            Some(ExtractColumn::HoTen),
            Some(ExtractColumn::NgaySinh),
            Some(ExtractColumn::GioiTinh),
            Some(ExtractColumn::DanToc),
            Some(ExtractColumn::NoiDangKyKhaiSinh),
            Some(ExtractColumn::HoTenCha),
            Some(ExtractColumn::HoTenMe),
        ]
    );
    assert!(p.missing_required.is_empty());
    assert_eq!((p.rows_read, p.rows_ok, p.rows_rejected), (23, 23, 0));
    assert_eq!(person_rows(&s), 0, "a preview writes nothing");
    assert!(dedupe::extract_info(s.conn()).unwrap().is_none());
}

#[test]
fn broken_rows_are_reported_with_their_line_and_reason_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let bad = [
        "901,01918500123,Thiếu Một Số,01/01/1990,Nam,Kinh,,,",       // 11 digits
        "902,0191850012AB,Có Chữ Cái,01/01/1990,Nam,Kinh,,,",        // letters in the ID
        "903,019185009999,,01/01/1990,Nữ,Kinh,,,",                   // no name
        "904,019185008888,Ngày Không Có,31/02/1990,Nữ,Kinh,,,",      // impossible date
        "905,019185006666,Tháng Mười Ba,12/13/1990,Nữ,Kinh,,,",      // impossible date
        "906,019185005555,Không Giới Tính,01/01/1990,,Kinh,,,",      // no sex
        "907,019185001234,Trùng Số Định Danh,01/01/1990,Nữ,Kinh,,,", // ID of line 2
    ];
    let bytes = extract_csv(30, &bad);
    let r = dedupe::import_extract_csv(&mut s, &bytes, "Công an xã Phú Lương", "2025-06-30").unwrap();
    assert_eq!(r.rows_read, 3 + 30 + 7);
    // Issue 10, rule 1 (replaces the refusal of impossible dates, then of a missing sex and of a
    // missing name beside a valid ID number): the four rows whose only fault is their name,
    // birth date or sex are loaded as written and flagged; the other three are refused.
    assert_eq!(r.rows_loaded, 37);
    assert_eq!(r.rows_rejected, 3);
    let first_bad_line = 1 + 3 + 30 + 1; // header + known + filler, then the bad lines
    let got: Vec<(u64, &str, bool)> = r.line_errors.iter().map(|e| (e.line, e.code.as_str(), e.kept)).collect();
    assert_eq!(
        got,
        vec![
            (first_bad_line, "id_number.invalid", false),
            (first_bad_line + 1, "id_number.invalid", false),
            (first_bad_line + 2, "name.missing", true),
            (first_bad_line + 3, "birth_date.impossible", true),
            (first_bad_line + 4, "birth_date.impossible", true),
            (first_bad_line + 5, "sex.missing", true),
            (first_bad_line + 6, "id_number.duplicate", false),
        ]
    );
    assert_eq!(r.line_errors[6].reason, "số định danh trùng với dòng 2; chỉ giữ dòng 2");
    let (sex, warn): (String, String) = s
        .conn()
        .query_row("SELECT sex, warn FROM extract_person WHERE full_name = 'Không Giới Tính'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((sex.as_str(), warn.as_str()), ("unknown", "sex.missing"), "kept, flagged with its warning code");
    let nameless: (String, String) = s
        .conn()
        .query_row("SELECT full_name, warn FROM extract_person WHERE id_number = '019185009999'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(nameless, (String::new(), "name.missing".to_string()), "its ID number identifies the person");
    let kept: String =
        s.conn().query_row("SELECT birth_date FROM extract_person WHERE full_name = 'Ngày Không Có'", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, "31/02/1990", "kept as written");
    for e in &r.line_errors {
        assert!(!e.reason.contains("0191850"), "reasons never repeat the ID number: {}", e.reason);
    }
    assert_eq!(person_rows(&s), 37);
    let info = dedupe::extract_info(s.conn()).unwrap().unwrap();
    assert_eq!(
        (info.rows_loaded, info.rows_rejected, info.source.as_str(), info.extract_date.as_str()),
        (37, 3, "Công an xã Phú Lương", "2025-06-30")
    );
}

#[test]
fn a_csv_line_with_fewer_or_more_fields_than_the_header_is_reported_and_not_loaded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let bad = [
        "908,019185004444,Dòng Bị Cắt,01/01/1990",               // cut short: 4 fields of 9
        "909,019185003333,Thừa Ô,01/01/1990,Nam,Kinh,,,,Hà Nội", // a tenth, non-empty field
    ];
    let bytes = extract_csv(30, &bad);
    let r = dedupe::import_extract_csv(&mut s, &bytes, "Công an xã Phú Lương", "2025-06-30").unwrap();
    // Issue 10, rule 1: a field count different from the header's is reported with its line,
    // never padded or cut silently (a padded line could put a value under the wrong column).
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_rejected), (3 + 30 + 2, 33, 2));
    let first_bad_line = 1 + 3 + 30 + 1;
    let got: Vec<(u64, &str, bool)> = r.line_errors.iter().map(|e| (e.line, e.code.as_str(), e.kept)).collect();
    assert_eq!(got, vec![(first_bad_line, "row.too_few_cells", false), (first_bad_line + 1, "row.too_many_cells", false)]);
    let loaded: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM extract_person WHERE id_number IN ('019185004444', '019185003333')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(loaded, 0);
}

#[test]
fn a_semicolon_file_without_bom_and_with_commas_in_its_headers_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let csv = "Số ĐDCN;Họ, chữ đệm và tên;Ngày, tháng, năm sinh;GIOI TINH;Nghề nghiệp\n\
               019185001234;Lã Thị Mơ;02/03/1985;2;Nông dân\n\
               019085004321;\"Đinh Văn Quý\";1985;1;\n";
    let p = dedupe::preview_extract(s.conn(), csv.as_bytes(), "x.csv", None).unwrap();
    assert_eq!(p.separator.as_deref(), Some(";"));
    assert_eq!(p.columns[4].column, None, "unknown columns are not imported");
    let r = dedupe::import_extract_csv(&mut s, csv.as_bytes(), "Công an xã", "2025-01-15").unwrap();
    assert_eq!((r.rows_loaded, r.rows_rejected), (2, 0));
}

#[test]
fn a_tab_separated_extract_is_read_like_a_comma_one() {
    // The one tabular reader (issue 14 §3) sniffs comma, semicolon, tab and bar alike; tab files
    // were refused before.
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let tsv = "Số định danh cá nhân\tHọ và tên\tNgày sinh\tGiới tính\n019185001234\tLã Thị Mơ\t02/03/1985\tNữ\n";
    let p = dedupe::preview_extract(s.conn(), tsv.as_bytes(), "x.csv", None).unwrap();
    assert_eq!(p.separator.as_deref(), Some("\t"));
    let r = dedupe::import_extract_csv(&mut s, tsv.as_bytes(), "Công an xã", "2025-01-15").unwrap();
    assert_eq!((r.rows_loaded, r.rows_rejected), (1, 0));
}

#[test]
fn a_file_with_an_unknown_separator_gets_a_clear_message_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let hashed = "Số định danh cá nhân#Họ và tên#Ngày sinh#Giới tính\n019185001234#Lã Thị Mơ#02/03/1985#Nữ\n";
    let msg = invalid_message(dedupe::preview_extract(s.conn(), hashed.as_bytes(), "x.csv", None).unwrap_err());
    assert!(msg.contains("dấu tab") && msg.contains("dấu phẩy") && msg.contains("không nhận ra dòng tiêu đề"), "{msg}");
    let msg = invalid_message(dedupe::import_extract_csv(&mut s, hashed.as_bytes(), "Công an xã", "2025-01-15").unwrap_err());
    assert!(msg.contains("dấu chấm phẩy"), "{msg}");
    assert_eq!(person_rows(&s), 0);
    assert!(dedupe::extract_info(s.conn()).unwrap().is_none());
    assert!(audit_rows(&s, "extract.import").is_empty());
}

#[test]
fn an_empty_file_gets_a_clear_message_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"  \n\n"] {
        let msg = invalid_message(dedupe::import_extract_csv(&mut s, bytes, "Công an xã", "2025-01-15").unwrap_err());
        assert!(msg.contains("tệp trống"), "{msg}");
    }
    // a header without rows
    let msg = invalid_message(dedupe::import_extract_csv(&mut s, HEADER.as_bytes(), "Công an xã", "2025-01-15").unwrap_err());
    assert!(msg.contains("không có dòng nào"), "{msg}");
    assert_eq!(person_rows(&s), 0);
}

#[test]
fn an_xlsx_that_is_not_one_gets_a_clear_message_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    // a CSV renamed to .xlsx, and a ZIP that is not a workbook
    let renamed = extract_csv(5, &[]);
    let msg = invalid_message(dedupe::import_extract_file(&mut s, &renamed, "trich-xuat.xlsx", "Công an xã", "2025-01-15").unwrap_err());
    assert!(msg.contains("không phải là bảng tính Excel"), "{msg}");
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0u8; 200]);
    let msg = invalid_message(dedupe::import_extract_file(&mut s, &zip, "trich-xuat.xlsx", "Công an xã", "2025-01-15").unwrap_err());
    assert!(msg.contains("không phải là bảng tính Excel .xlsx hợp lệ"), "{msg}");
    assert_eq!(person_rows(&s), 0);
    assert!(dedupe::extract_info(s.conn()).unwrap().is_none());
}

#[test]
fn a_real_xlsx_is_read_from_its_first_sheet_with_numeric_ids_and_date_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sh = wb.add_worksheet();
    for (c, h) in ["Số CCCD", "Họ và tên", "Ngày sinh", "Giới tính", "Họ tên mẹ"].iter().enumerate() {
        sh.write_string(0, c as u16, *h).unwrap();
    }
    // an ID typed as a number loses its leading zero
    sh.write_number(1, 0, 19185001234.0).unwrap();
    sh.write_string(1, 1, "Lã Thị Mơ").unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(1985, 3, 2).unwrap();
    sh.write_datetime_with_format(1, 2, &d, &fmt).unwrap();
    sh.write_string(1, 3, "Nữ").unwrap();
    sh.write_string(1, 4, "Khúc Thị Nguyệt").unwrap();
    sh.write_string(2, 0, "019085004321").unwrap();
    sh.write_string(2, 1, "Đinh Văn Quý").unwrap();
    sh.write_string(2, 2, "07/1985").unwrap();
    sh.write_string(2, 3, "Nam").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let p = dedupe::preview_extract(s.conn(), &bytes, "trich-xuat.xlsx", None).unwrap();
    assert_eq!(p.format, FileFormat::Xlsx);
    assert_eq!((p.rows_read, p.rows_ok), (2, 2));
    dedupe::import_extract_file(&mut s, &bytes, "trich-xuat.xlsx", "Công an xã", "2025-01-15").unwrap();
    let (id, date): (String, String) = s
        .conn()
        .query_row("SELECT id_number, birth_date FROM extract_person ORDER BY line LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((id.as_str(), date.as_str()), ("019185001234", "02/03/1985"));
}

#[test]
fn a_mapping_missing_a_required_column_or_using_one_twice_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let bytes = extract_csv(5, &[]);
    let p = dedupe::preview_extract(s.conn(), &bytes, "x.csv", None).unwrap();
    let mut m = ColumnMapping { columns: p.columns.iter().map(|c| c.column).collect() };
    m.columns[3] = None; // Ngày sinh
    let preview = dedupe::preview_extract(s.conn(), &bytes, "x.csv", Some(&m)).unwrap();
    assert_eq!(preview.missing_required, vec![ExtractColumn::NgaySinh]);
    let msg = invalid_message(dedupe::import_extract(&mut s, &bytes, "x.csv", &m, &meta()).unwrap_err());
    assert!(msg.contains("thiếu cột bắt buộc: Ngày sinh"), "{msg}");
    m.columns[3] = Some(ExtractColumn::NgaySinh);
    m.columns[0] = Some(ExtractColumn::HoTen);
    let msg = invalid_message(dedupe::import_extract(&mut s, &bytes, "x.csv", &m, &meta()).unwrap_err());
    assert!(msg.contains("được ghép với hai cột"), "{msg}");
    assert_eq!(person_rows(&s), 0);
}

#[test]
fn ethnicity_and_nationality_are_recognised_but_never_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let cols: Vec<String> = s
        .conn()
        .prepare("SELECT name FROM pragma_table_info('extract_person')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!cols.iter().any(|c| c.contains("ethnic") || c.contains("dan_toc") || c.contains("nationality")), "{cols:?}");
    let found: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM extract_person WHERE full_name LIKE '%Tày%' OR residence LIKE '%Tày%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(found, 0);
}

#[test]
fn the_import_is_audited_without_personal_data() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    import_standard(&mut s);
    let rows = audit_rows(&s, "extract.import");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("\"rowsLoaded\":303"), "{}", rows[0]);
    assert!(!rows[0].contains("019185001234") && !rows[0].contains("Lã Thị Mơ"));
}

#[test]
fn a_file_saved_with_windows_line_ends_reports_the_same_line_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let bad = ["901,01918500123,Thiếu Một Số,01/01/1990,Nam,Kinh,,,", "904,019185008888,Ngày Không Có,31/02/1990,Nữ,Kinh,,,"];
    let lf = extract_csv(10, &bad);
    let crlf = String::from_utf8(lf.clone()).unwrap().replace('\n', "\r\n").into_bytes();
    let lines = |bytes: &[u8], s: &mut sohoa_core::Session| -> Vec<u64> {
        dedupe::import_extract_csv(s, bytes, "Công an xã Phú Lương", "2025-06-30").unwrap().line_errors.iter().map(|e| e.line).collect()
    };
    let want = vec![1 + 3 + 10 + 1, 1 + 3 + 10 + 2];
    assert_eq!(lines(&lf, &mut s), want);
    assert_eq!(lines(&crlf, &mut s), want, "a CRLF file names the same lines as the LF one");
}

#[test]
fn a_tcvn3_encoded_extract_is_read_as_the_spreadsheet_import_reads_it() {
    // The extract reader used to refuse legacy encodings the spreadsheet import converted; both
    // now read through the one tabular reader.
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let text = "Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính\n019185001234,Đặng Thị Hằng,02/03/1985,Nữ\n";
    let bytes = sohoa_vietnamese::legacy::encode(text, sohoa_vietnamese::legacy::Encoding::Tcvn3);
    let r = dedupe::import_extract_csv(&mut s, &bytes, "Công an xã", "2025-01-15").unwrap();
    assert_eq!((r.rows_loaded, r.rows_rejected), (1, 0));
    let name: String = s.conn().query_row("SELECT full_name FROM extract_person", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Đặng Thị Hằng");
}

/// The extract rows as the tests compare them: id, ID number, name, sex, mother.
fn person_table(s: &sohoa_core::Session) -> Vec<(i64, String, String, String, Option<String>)> {
    let mut st = s.conn().prepare("SELECT id, id_number, full_name, sex, mother_name FROM extract_person ORDER BY id").unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_workspace_made_before_migration_18_keeps_its_extract_rows_and_then_keeps_rows_without_a_sex() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let mut s = create(&dir);
    import_standard(&mut s);
    let before = person_table(&s);
    assert_eq!(before.len(), 3 + 300);
    // Turn the workspace back into what version 17 left: the 0005 table, the same rows and ids.
    rewind_schema(&s, 17);
    let refused = s.conn().execute(
        "INSERT INTO extract_person(import_id, line, id_number, full_name, birth_date, sex) VALUES (1, 9, '019185000000', 'X', '', 'unknown')",
        [],
    );
    assert!(refused.is_err(), "the version 17 table refuses a row without a sex");
    drop(s);

    let mut s = open(&dir, "canbo");
    assert_eq!(s.workspace().schema_version, sohoa_core::store::migrate::latest_version());
    assert_eq!(person_table(&s), before, "every row, id and value intact after the rebuild");
    let unique: i64 =
        s.conn().query_row("SELECT count(*) FROM pragma_index_list('extract_person') WHERE \"unique\" = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(unique, 1, "the (import, ID number) uniqueness is kept");
    assert_eq!(s.conn().query_row("PRAGMA foreign_key_check", [], |_| Ok(())).ok(), None, "no dangling reference");
    assert_eq!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem, None);

    // and from now on a row without a sex, or with an odd one, is kept as written and flagged
    let extra = ["906,019185005555,Không Giới Tính,01/01/1990,,Kinh,,,", "907,019185005556,Giới Tính Lạ,01/01/1990,K,Kinh,,,"];
    let r = dedupe::import_extract_csv(&mut s, &extract_csv(30, &extra), "Công an xã Phú Lương", "2025-07-31").unwrap();
    assert_eq!((r.rows_loaded, r.rows_rejected), (3 + 30 + 2, 0));
    let kept: Vec<(&str, bool)> = r.line_errors.iter().map(|e| (e.code.as_str(), e.kept)).collect();
    assert_eq!(kept, [("sex.missing", true), ("sex.invalid", true)]);
    let mut st =
        s.conn().prepare("SELECT full_name, sex, sex_written, warn FROM extract_person WHERE sex = 'unknown' ORDER BY line").unwrap();
    let rows: Vec<(String, String, Option<String>, Option<String>)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(
        rows,
        [
            ("Không Giới Tính".into(), "unknown".into(), None, Some("sex.missing".into())),
            ("Giới Tính Lạ".into(), "unknown".into(), Some("K".into()), Some("sex.invalid".into())),
        ]
    );
}
