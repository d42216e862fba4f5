//! The central upload export, read back by independent tools: the .xlsx by calamine (column for
//! column against the Ministry template), the PDFs by poppler (pdfinfo, pdfimages, pdftoppm).
mod batch_common;
use batch_common::*;
use calamine::{open_workbook_auto, Data, Reader};
use sohoa_core::batch::no_progress;
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::model::column_map::column_map;
use sohoa_core::model::entry::LoadEntry;
use sohoa_core::model::page::NewPage;
use sohoa_core::upload;
use sohoa_core::upload::{xlsx::row_values, xlsx::template_value, UploadOptions};
use sohoa_core::BookType;
use sohoa_core::{EntryStatus, FieldValue, Session};
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => panic!("every cell is text, found {other:?}"),
                })
                .collect()
        })
        .collect()
}

fn book(s: &mut Session, t: &str, quyen: &str, year: i32) -> i64 {
    s.write(|w| {
        model::book::create(
            w,
            &NewBook {
                book_type: t.parse().unwrap(),
                registry: RegistryRef { scheme: "gso_pre2025".into(), code: Some("05986".into()), name: "UBND xã Yên Lạc".into() },
                quyen_so: quyen.into(),
                year_from: year,
                year_to: None,
                page_count: 50,
                expected_entries: None,
                note: None,
            },
        )
    })
    .unwrap()
}

/// A big, scan-like colour JPEG (A4 at 300 dpi, quality 95), far above 100 kB.
fn big_scan() -> Vec<u8> {
    let (w, h) = (2480u32, 3508u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let grain = ((x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)) >> 13) % 9;
        let ink = (y / 24) % 5 == 0 && (x / 9 + y / 5) % 13 < 8 && x > 200 && x < w - 200;
        if ink {
            image::Rgb([30, 30, 90])
        } else {
            image::Rgb([236 - grain as u8, 226 - grain as u8, 200 - grain as u8])
        }
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95).encode_image(&image::DynamicImage::ImageRgb8(img)).unwrap();
    out
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|_| panic!("{name} (poppler-utils) must be installed: tools/setup.sh"));
    assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn each_accepted_book_becomes_a_ministry_excel_file_and_a_zip_of_one_pdf_per_entry() {
    let (_t, dir) = tmp();
    let mut s = enrolled(supervisor(&dir.join("giamsat")));
    // KS: 5 accepted entries, one big scan shared by the first three, small pages for the rest.
    let ks = book(&mut s, "KS", "01/1985", 1985);
    s.write(|w| model::page::add(w, ks, NewPage { bytes: &big_scan(), mime: "image/jpeg", width: Some(2480), height: Some(3508) }))
        .unwrap();
    s.write(|w| model::page::add(w, ks, NewPage { bytes: &page_jpeg(2), mime: "image/jpeg", width: Some(310), height: Some(438) }))
        .unwrap();
    let mut load: Vec<LoadEntry> =
        (0..5).map(|i| LoadEntry { fields: ks_fields(i, "01/1985", i / 3 + 1), status: EntryStatus::Accepted }).collect();
    load[4].fields.push(fv("ghiChu", "Cải chính họ ngày 3/4/1990; QĐ số 12/QĐ-UBND"));
    load.push(LoadEntry { fields: ks_fields(5, "01/1985", 2), status: EntryStatus::Submitted });
    s.write(|w| model::entry::load(w, ks, &load, "test")).unwrap();
    // KT: two accepted entries with death dates, one with only a year, and a death-proof code.
    let kt = book(&mut s, "KT", "01/1990", 1990);
    s.write(|w| model::page::add(w, kt, NewPage { bytes: &page_jpeg(9), mime: "image/jpeg", width: Some(310), height: Some(438) }))
        .unwrap();
    let kt_entries = vec![
        LoadEntry {
            fields: vec![
                fv("so", "1/1990"),
                fv("quyenSo", "01/1990"),
                fv("trangSo", "1"),
                fv("ngayDangKy", "05/1/1990"),
                fv("nktHoTen", "Đỗ Văn Lợi"),
                fv("nktGioiTinh", "Nam"),
                fv("nktNgaySinh", "1921"),
                fv("nktNgayChet", "3/1/1990"),
                fv("gbtLoai", "1"),
            ],
            status: EntryStatus::Accepted,
        },
        LoadEntry {
            fields: vec![
                fv("so", "2/1990"),
                fv("quyenSo", "01/1990"),
                fv("trangSo", "1"),
                fv("ngayDangKy", "7/2/1990"),
                fv("nktHoTen", "Hà Thị Mơ"),
                fv("nktGioiTinh", "2"),
                fv("nktNgaySinh", "6/1930"),
                fv("nktNgayChet", "ngày 1 tháng 2 năm 1990"),
            ],
            status: EntryStatus::Accepted,
        },
    ];
    s.write(|w| model::entry::load(w, kt, &kt_entries, "test")).unwrap();

    let out = dir.join("upload");
    let report = upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut no_progress).unwrap();
    assert_eq!(report.books.len(), 2);
    let ks_r = report.books.iter().find(|b| b.book_id == ks).unwrap();
    assert_eq!((ks_r.entries, ks_r.pdfs, ks_r.not_accepted), (5, 5, 1));

    // Excel, read back by calamine, column for column.
    for (book_id, t, file) in [(ks, "KS", "KS.05986.1985.01-1985.xlsx"), (kt, "KT", "KT.05986.1990.01-1990.xlsx")] {
        let spec = column_map().book_type(t.parse().unwrap());
        let rows = sheet(&out.join(file), t);
        let header: Vec<&str> = spec.column_names().collect();
        assert_eq!(rows[0], header, "{t}: header row is exactly the Ministry column list");
        assert_eq!(rows[0].len(), if t == "KS" { 60 } else { 48 });
        let accepted: Vec<i64> = model::entry::ids(s.conn(), book_id)
            .unwrap()
            .into_iter()
            .filter(|id| model::entry::get(s.conn(), *id).unwrap().status == EntryStatus::Exported)
            .collect();
        assert_eq!(rows.len() - 1, accepted.len(), "{t}: one row per exported entry");
        for (row, id) in rows[1..].iter().zip(&accepted) {
            let e = model::entry::get(s.conn(), *id).unwrap();
            let mut row = row.clone();
            row.resize(header.len(), String::new());
            let want = row_values(spec, t, &e);
            for (c, f) in spec.fields.iter().enumerate() {
                assert_eq!(row[c], want[c], "{t} entry {id} column {}", f.name);
                if !matches!(f.name.as_str(), "ghiChu") && !f.name.contains("BangChu") {
                    assert_eq!(row[c], template_value(f, t, e.get(&f.name).unwrap_or_default()), "{t} entry {id} column {}", f.name);
                }
            }
        }
    }
    let ks_rows = sheet(&out.join("KS.05986.1985.01-1985.xlsx"), "KS");
    let col = |name: &str| column_map().book_type(BookType::Ks).fields.iter().position(|f| f.name == name).unwrap();
    assert_eq!(ks_rows[1][col("nksNgaySinh")], "02/1985", "month-year dates as mm/yyyy");
    assert_eq!(ks_rows[2][col("nksNgaySinh")], "12/02/1985", "full dates as dd/mm/yyyy");
    assert_eq!(ks_rows[1][col("meNgaySinh")], "1960", "year-only dates as yyyy");
    assert_eq!(ks_rows[1][col("ngayDangKy")], "01/03/1985");
    assert_eq!(ks_rows[1][col("nksGioiTinh")], "2", "the label “Nữ” is written as its code");
    assert_eq!(ks_rows[2][col("nksGioiTinh")], "1");
    assert_eq!(ks_rows[1][col("quyenSo")], "01/1985", "text stays text");
    assert_eq!(ks_rows[1].get(col("nksMatTich")).map(String::as_str).unwrap_or(""), "", "missing values are empty cells");
    let kt_rows = sheet(&out.join("KT.05986.1990.01-1990.xlsx"), "KT");
    let kcol = |name: &str| column_map().book_type(BookType::Kt).fields.iter().position(|f| f.name == name).unwrap();
    assert_eq!(kt_rows[1][kcol("nktGioiTinh")], "1");
    assert_eq!(kt_rows[2][kcol("nktNgayChet")], "01/02/1990", "dates written in words become dd/mm/yyyy");
    assert_eq!(kt_rows[2][kcol("nktNgaySinh")], "06/1930");

    // The zip: one PDF per entry, named after the book and the entry number.
    let zf = std::fs::File::open(out.join("KS.05986.1985.01-1985.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(zf).unwrap();
    let mut names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names, (1..=5).map(|i| format!("KS.05986.1985.01-1985.{i}.pdf")).collect::<Vec<_>>());
    let mut kt_zip = zip::ZipArchive::new(std::fs::File::open(out.join("KT.05986.1990.01-1990.zip")).unwrap()).unwrap();
    assert!(kt_zip.by_name("KT.05986.1990.01-1990.1-1990.pdf").is_ok(), "“/” in so becomes “-”");
    for name in ["KS.05986.1985.01-1985.1.pdf", "KS.05986.1985.01-1985.5.pdf"] {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, &bytes).unwrap();
        let info = tool("pdfinfo", &[p.to_str().unwrap()]);
        assert!(info.contains("Pages:           1"), "{info}");
        assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
        let images = tool("pdfimages", &["-list", p.to_str().unwrap()]);
        assert!(images.contains("jpeg"), "the page is a JPEG inside the PDF:\n{images}");
        if name.ends_with(".1.pdf") {
            assert!(bytes.len() < 130 * 1024, "the 300-dpi scan is brought near 100 kB ({} bytes)", bytes.len());
            assert!(bytes.len() > 30 * 1024, "but stays a readable colour image ({} bytes)", bytes.len());
        }
        let png = dir.join(name.replace(".pdf", ""));
        tool("pdftoppm", &["-r", "30", "-png", "-singlefile", p.to_str().unwrap(), png.to_str().unwrap()]);
        let rendered = image::open(format!("{}.png", png.display())).unwrap();
        assert!(rendered.width() > 200 && rendered.height() > 300, "poppler renders the page");
    }

    // Entries are marked exported; nothing is exported twice; the submitted entry stays.
    let st = statuses(&s, ks);
    assert_eq!(st.iter().filter(|x| **x == EntryStatus::Exported).count(), 5);
    assert_eq!(st[5], EntryStatus::Submitted);
    assert!(upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut no_progress).unwrap().books.is_empty());
    let exports = upload::upload_exports(s.conn(), ks).unwrap();
    assert_eq!(exports.len(), 1);
    assert!(sohoa_core::session::audit::verify(s.conn()).unwrap().problem.is_none());
    let _ = FieldValue { field: String::new(), value: String::new(), illegible: false };
}

#[test]
fn the_five_ministry_book_types_have_their_exact_column_counts_in_the_excel_header() {
    let (_t, dir) = tmp();
    let mut s = enrolled_supervisor_on(commune(&dir.join("xa")));
    for (t, n) in [("KS", 60), ("KT", 48), ("KH", 44), ("HN", 35), ("CMC", 50)] {
        let b = book(&mut s, t, "01/2010", 2010);
        s.write(|w| {
            model::entry::load(
                w,
                b,
                &[LoadEntry {
                    fields: vec![fv("so", "1"), fv("quyenSo", "01/2010"), fv("trangSo", "1"), fv("ngayDangKy", "1/1/2010")],
                    status: EntryStatus::Accepted,
                }],
                "test",
            )
        })
        .unwrap();
        s.write(|w| model::page::add(w, b, NewPage { bytes: &page_jpeg(3), mime: "image/jpeg", width: Some(310), height: Some(438) }))
            .unwrap();
        let out = dir.join(format!("up-{t}"));
        let r = upload::upload_export(&mut s, &out, &UploadOptions { books: vec![b] }, &mut no_progress).unwrap();
        assert_eq!((r.books[0].entries, r.books[0].pdfs, r.without_scan), (1, 1, 0));
        let rows = sheet(&out.join(format!("{t}.05986.2010.01-2010.xlsx")), t);
        assert_eq!(rows[0].len(), n, "{t}");
        assert_eq!(rows[0], column_map().book_type(t.parse().unwrap()).column_names().collect::<Vec<_>>());
    }
}

/// Issue 10 part 4: what is uncertain stays visible in the Ministry Excel (read back by
/// calamine): the date column gets the best standard form, the `…BangChu` column the written
/// form, and `ghiChu` a standard note listing the illegible fields and the uncertain values.
#[test]
fn historic_dates_and_illegible_fields_reach_the_ministry_excel_with_their_written_form_and_a_note() {
    let (_t, dir) = tmp();
    let mut s = enrolled(supervisor(&dir.join("giamsat")));
    let ks = book(&mut s, "KS", "01/1985", 1985);
    s.write(|w| model::page::add(w, ks, NewPage { bytes: &page_jpeg(2), mime: "image/jpeg", width: Some(310), height: Some(438) }))
        .unwrap();
    let with = |i: usize, changes: &[(&str, &str)], illegible: &[&str]| {
        let mut fields = ks_fields(i, "01/1985", 1);
        for (name, value) in changes {
            fields.retain(|f| f.field != *name);
            fields.push(fv(name, value));
        }
        for name in illegible {
            fields.retain(|f| f.field != *name);
            fields.push(FieldValue { field: name.to_string(), value: String::new(), illegible: true });
        }
        LoadEntry { fields, status: EntryStatus::Accepted }
    };
    let load = vec![
        with(0, &[("nksNgaySinh", "15/8/1960 âm lịch")], &[]),
        with(1, &[("nksNgaySinh", "30/02/1960"), ("ghiChu", "Khai sinh muộn")], &[]),
        with(2, &[("meNgaySinh", "khoảng 1945")], &["chaHoTen"]),
        with(3, &[("nksNgaySinh", "12/02/1985"), ("nksNoiSinh", "Thôn Đ?ng")], &[]),
        with(4, &[("nksNgaySinh", "trước năm 1950")], &[]),
    ];
    s.write(|w| model::entry::load(w, ks, &load, "test")).unwrap();
    let out = dir.join("upload");
    upload::upload_export(&mut s, &out, &UploadOptions::default(), &mut no_progress).unwrap();
    let rows = sheet(&out.join("KS.05986.1985.01-1985.xlsx"), "KS");
    let col = |name: &str| column_map().book_type(BookType::Ks).fields.iter().position(|f| f.name == name).unwrap();
    let cell = |r: usize, name: &str| rows[r].get(col(name)).cloned().unwrap_or_default();

    // A lunar date: its solar equivalent in the date column, as written in the words column, and a note.
    assert_eq!(cell(1, "nksNgaySinh"), "05/10/1960");
    assert_eq!(cell(1, "nksNgaySinhBangChu"), "15/8/1960 âm lịch");
    assert_eq!(
        cell(1, "ghiChu"),
        "Nhập liệu: Ngày, tháng, năm sinh (Người được khai sinh) ghi “15/8/1960 âm lịch”: âm lịch 15/08/1960 = 05/10/1960 dương lịch"
    );
    // An impossible date: its certain parts; the note after what the clerk keyed in ghiChu.
    assert_eq!(cell(2, "nksNgaySinh"), "02/1960");
    assert_eq!(cell(2, "nksNgaySinhBangChu"), "30/02/1960");
    assert!(cell(2, "ghiChu").starts_with("Khai sinh muộn. Nhập liệu: Ngày, tháng, năm sinh (Người được khai sinh) ghi “30/02/1960”: ngày không có thật, có thể là 20/02/1960"), "{}", cell(2, "ghiChu"));
    // An approximate year and an illegible name.
    assert_eq!(cell(3, "meNgaySinh"), "1945");
    assert_eq!(cell(3, "chaHoTen"), "", "an illegible field stays empty in its column…");
    assert_eq!(
        cell(3, "ghiChu"),
        "Nhập liệu: không đọc được: Họ, chữ đệm và tên (Cha); Ngày, tháng, năm sinh (Mẹ) ghi “khoảng 1945”: ước chừng",
        "…and is named in the note"
    );
    // A plain date: the date in words; an uncertain place.
    assert_eq!(cell(4, "nksNgaySinh"), "12/02/1985");
    assert_eq!(cell(4, "nksNgaySinhBangChu"), "ngày mười hai tháng hai năm một nghìn chín trăm tám mươi lăm");
    assert_eq!(cell(4, "ghiChu"), "Nhập liệu: Nơi sinh (Người được khai sinh) chưa chắc chắn: “Thôn Đ?ng”");
    // Before a year: nothing certain for the date column, the written form and the note carry it.
    assert_eq!(cell(5, "nksNgaySinh"), "");
    assert_eq!(cell(5, "nksNgaySinhBangChu"), "trước năm 1950");
    assert!(cell(5, "ghiChu").contains("ghi “trước năm 1950”: trước thời điểm ghi"), "{}", cell(5, "ghiChu"));
}

/// Copies a closed workspace's files (the database checkpointed into one file by its close).
fn copy_workspace(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn an_export_killed_between_showing_its_files_and_recording_them_leaves_no_file_the_workspace_does_not_know() {
    let (_t, dir) = tmp();
    let ws = dir.join("giamsat");
    let mut s = enrolled(supervisor(&ws));
    let ks = book(&mut s, "KS", "01/1985", 1985);
    s.write(|w| model::page::add(w, ks, NewPage { bytes: &page_jpeg(2), mime: "image/jpeg", width: Some(310), height: Some(438) }))
        .unwrap();
    let load: Vec<LoadEntry> = (0..3).map(|i| LoadEntry { fields: ks_fields(i, "01/1985", 1), status: EntryStatus::Accepted }).collect();
    s.write(|w| model::entry::load(w, ks, &load, "test")).unwrap();
    let workspace_id = s.workspace().workspace_id.clone();
    drop(s);

    // What a kill between the renames and the commit leaves in the workspace's own upload folder:
    // the files under their final names and the publish journal, while the workspace recorded
    // nothing. (Made by exporting from a copy of the workspace, which records them in the copy only.)
    let upload_dir = sohoa_core::naming::upload_dir(&ws);
    let twin = dir.join("ban-sao");
    copy_workspace(&ws, &twin);
    let mut copy = open(&twin, "giamsat");
    let shown = upload::upload_export(&mut copy, &upload_dir, &UploadOptions::default(), &mut no_progress).unwrap();
    drop(copy);
    let files: Vec<String> =
        shown.books.iter().flat_map(|b| [&b.xlsx, &b.zip]).map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(files.len(), 2);
    let journal = |id: &str, files: &[String]| serde_json::to_vec(&serde_json::json!({"workspaceId": id, "files": files})).unwrap();
    std::fs::write(upload_dir.join(".sohoa-cong-bo-999999-00000000000000aa.json"), journal(&workspace_id, &files)).unwrap();
    // Another workspace's journal, naming a file of its own, in the same folder: not ours to touch.
    std::fs::write(upload_dir.join("KS.khac.xlsx"), b"other").unwrap();
    std::fs::write(upload_dir.join(".sohoa-cong-bo-999999-00000000000000bb.json"), journal("khac", &["KS.khac.xlsx".into()])).unwrap();

    // The next sign-in removes the files it never recorded, and their journal.
    let mut s = open(&ws, "giamsat");
    let mut left: Vec<String> =
        std::fs::read_dir(&upload_dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, vec![".sohoa-cong-bo-999999-00000000000000bb.json".to_string(), "KS.khac.xlsx".into()]);
    assert!(statuses(&s, ks).iter().all(|st| *st == EntryStatus::Accepted), "nothing was exported");

    // The export runs again under the same names; a journal left after its commit (a kill just
    // after it) removes nothing it recorded at the next export into the folder.
    let again = upload::upload_export(&mut s, &upload_dir, &UploadOptions::default(), &mut no_progress).unwrap();
    assert_eq!(again.books.len(), 1);
    std::fs::write(upload_dir.join(".sohoa-cong-bo-999999-00000000000000cc.json"), journal(&workspace_id, &files)).unwrap();
    assert_eq!(upload::recover_publish(s.conn(), &workspace_id, &upload_dir).unwrap(), 0);
    for f in &files {
        assert!(upload_dir.join(f).exists(), "{f} is recorded and stays");
    }
    assert!(!upload_dir.join(".sohoa-cong-bo-999999-00000000000000cc.json").exists());
    assert!(statuses(&s, ks).iter().all(|st| *st == EntryStatus::Exported));
}
