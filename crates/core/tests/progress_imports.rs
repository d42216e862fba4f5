//! Inventory and targets: imported from CSV or XLSX, all lines or none, refined by opened books.
mod progress_support;
use progress_support::*;
use sohoa_core::progress;
use sohoa_core::progress::inventory::InventoryInput;
use sohoa_core::progress::DashboardQuery;
use sohoa_core::session::accounts::Role;
use sohoa_core::BookType;
use sohoa_core::EntryStatus::Keyed;

#[test]
fn an_inventory_csv_with_bad_lines_imports_nothing_and_names_every_bad_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    let csv = "unit_scheme,unit_code,book_type,period_group,books,expected_entries\n\
               ,,KS,2006-2015,12,3600\n\
               ,,KX,2006-2015,1,10\n\
               ,,KT,1976–1998,4,\n\
               qd19_2025,00004,KH,<=1975,2,50\n\
               ,,KS,2006-2015,3,90\n";
    let out = progress::inventory::import_progress_inventory(&mut s, "kiem-ke.csv", csv.as_bytes()).unwrap();
    let lines: Vec<(usize, Option<String>)> = out.errors.iter().map(|e| (e.line, e.column.clone())).collect();
    assert_eq!(
        lines,
        vec![(3, Some("book_type".into())), (4, Some("expected_entries".into())), (5, Some("unit_code".into())), (6, None)],
        "{:?}",
        out.errors
    );
    assert!(out.errors[2].message.contains("xã của mình"), "a clerk only declares their own commune");
    assert!(out.errors[3].message.contains("trùng"));
    assert_eq!(out.imported, 0);
    assert!(progress::inventory::progress_inventory(s.conn()).unwrap().is_empty(), "nothing written");
    // Fixed, it imports whole; the en dash of "1976–1998" is accepted.
    let csv = "unit_scheme,unit_code,book_type,period_group,books,expected_entries\n,,KS,2006-2015,12,3600\n,,KT,1976–1998,4,1.200\n";
    let out = progress::inventory::import_progress_inventory(&mut s, "kiem-ke.csv", csv.as_bytes()).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.imported, 2);
    let rows = progress::inventory::progress_inventory(s.conn()).unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.book_type.as_str(), r.period_group.as_str(), r.books, r.expected_entries)).collect::<Vec<_>>(),
        vec![("KS", "2006-2015", 12, 3600), ("KT", "1976-1998", 4, 1200)]
    );
    assert_eq!(rows[0].unit_code, "00070");
}

#[test]
fn an_inventory_xlsx_imports_like_the_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (j, h) in ["unit_scheme", "unit_code", "book_type", "period_group", "books", "expected_entries"].iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    let rows = [("qd19_2025", "00070", "KS", "2016-2019", 5.0, 900.0), ("gso_pre2025", "00037", "KH", "1999-2005", 2.0, 120.0)];
    for (i, r) in rows.iter().enumerate() {
        let i = i as u32 + 1;
        ws.write_string(i, 0, r.0).unwrap();
        ws.write_string(i, 1, r.1).unwrap();
        ws.write_string(i, 2, r.2).unwrap();
        ws.write_string(i, 3, r.3).unwrap();
        ws.write_number(i, 4, r.4).unwrap();
        ws.write_number(i, 5, r.5).unwrap();
    }
    ws.write_string(3, 1, "99999").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let out = progress::inventory::import_progress_inventory(&mut s, "kiem-ke.xlsx", &bytes).unwrap();
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].line, 4, "row 4 of the sheet");
    assert!(progress::inventory::progress_inventory(s.conn()).unwrap().is_empty());
    // Without the bad row.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (j, h) in ["unit_scheme", "unit_code", "book_type", "period_group", "books", "expected_entries"].iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        let i = i as u32 + 1;
        for (j, v) in [r.0, r.1, r.2, r.3].iter().enumerate() {
            ws.write_string(i, j as u16, *v).unwrap();
        }
        ws.write_number(i, 4, r.4).unwrap();
        ws.write_number(i, 5, r.5).unwrap();
    }
    let out = progress::inventory::import_progress_inventory(&mut s, "kiem-ke.xlsx", &wb.save_to_buffer().unwrap()).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    // A supervisor's inventory of communes that sent nothing yet shows in the dashboard.
    let d = progress::aggregate::progress_dashboard(&s, &DashboardQuery::default()).unwrap();
    let c = d.communes.iter().find(|c| c.code == "00070").unwrap();
    assert_eq!((c.counts.books.inventoried, c.counts.entries.inventoried), (5, 900));
    assert_eq!(c.outlook.flag, sohoa_core::progress::Flag::NoTarget);
    assert_eq!(d.national.counts.entries.inventoried, 1020);
}

#[test]
fn opening_books_refines_the_declared_inventory() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = workspace(&tmp.path().join("xa"), "qd19_2025", "00070", Role::Clerk);
    // Declared: 10 KS books of 2006–2015 with 3,000 entries (300 a book).
    progress::inventory::set_progress_inventory(
        &mut s,
        &[InventoryInput {
            unit_scheme: None,
            unit_code: None,
            book_type: BookType::Ks,
            period_group: "2006-2015".into(),
            books: 10,
            expected_entries: 3000,
        }],
    )
    .unwrap();
    let d = progress::aggregate::progress_dashboard(&s, &DashboardQuery::default()).unwrap();
    assert_eq!((d.national.counts.books.inventoried, d.national.counts.entries.inventoried), (10, 3000));
    // Two books opened: one counted at 250 entries, one without a count (takes the average).
    book_with(&mut s, "KS", 2008, ("qd19_2025", "00070"), Some(250), &[(Keyed, 40)], false);
    book_with(&mut s, "KS", 2009, ("qd19_2025", "00070"), None, &[(Keyed, 10)], false);
    let d = progress::aggregate::progress_dashboard(&s, &DashboardQuery::default()).unwrap();
    assert_eq!(d.national.counts.books.inventoried, 10);
    assert_eq!(d.national.counts.books_opened, 2);
    assert_eq!(d.national.counts.entries.inventoried, 250 + 300 + 8 * 300);
    assert_eq!(d.national.counts.entries.keyed, 50);
    // More books opened than declared: the opened books count.
    for y in 2006..2016 {
        book_with(&mut s, "KS", y, ("qd19_2025", "00070"), Some(100), &[], false);
    }
    let d = progress::aggregate::progress_dashboard(&s, &DashboardQuery::default()).unwrap();
    assert_eq!(d.national.counts.books.inventoried, 12);
    assert_eq!(d.national.counts.entries.inventoried, 250 + 300 + 10 * 100);
}

#[test]
fn a_targets_file_with_a_bad_line_imports_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = workspace(&tmp.path().join("tinh"), "qd19_2025", "00004", Role::Supervisor);
    let csv = "unit_scheme,unit_code,unit_name,book_type,period_group,target_books,target_records,deadline\n\
               qd19_2025,01,Thành phố Hà Nội,*,*,,9000000,2025-01-01\n\
               gso_pre2025,001,Quận Ba Đình,*,*,,100,2025-01-01\n\
               qd19_2025,01,,KS,2006-2015,,abc,2025-01-01\n\
               qd19_2025,01,,KT,*,,100,01/01/2025\n\
               qd19_2025,01,,KH,*,,,2025-01-01\n";
    let out = progress::targets::import_progress_targets(&mut s, "targets.csv", csv.as_bytes()).unwrap();
    let cols: Vec<(usize, Option<String>)> = out.errors.iter().map(|e| (e.line, e.column.clone())).collect();
    assert_eq!(
        cols,
        vec![
            (3, Some("unit_code".into())),
            (4, Some("target_records".into())),
            (5, Some("deadline".into())),
            (6, Some("target_records".into()))
        ]
    );
    assert!(progress::targets::progress_targets(s.conn()).unwrap().is_empty());
    let ok = "unit_scheme;unit_code;unit_name;book_type;period_group;target_books;target_records;deadline\nqd19_2025;01;;*;*;;9000000;2025-01-01\n";
    let out = progress::targets::import_progress_targets(&mut s, "targets.csv", ok.as_bytes()).unwrap();
    assert!(out.errors.is_empty(), "semicolons as in Excel's Vietnamese CSV: {:?}", out.errors);
    assert_eq!(
        progress::targets::progress_targets(s.conn()).unwrap()[0].unit_name,
        "Thành phố Hà Nội",
        "the name comes from the unit list when empty"
    );
}
