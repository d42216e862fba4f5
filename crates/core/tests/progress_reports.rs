//! Reports: the PDF opens in an independent renderer (poppler), the XLSX reads back (calamine).
mod progress_support;
use calamine::{Data, Reader, Xlsx};
use progress_support::*;
use sohoa_core::progress;
use sohoa_core::progress::report::Period;
use sohoa_core::session::accounts::Role;
use sohoa_core::EntryStatus::{Accepted, Checked, Keyed};
use std::process::Command;

fn commune_with_books(dir: &std::path::Path) -> sohoa_core::Session {
    let mut s = workspace(dir, "qd19_2025", "00070", Role::Clerk);
    book_with(&mut s, "KS", 1999, ("gso_pre2025", "00037"), Some(60), &[(Keyed, 20), (Checked, 10), (Accepted, 5)], true);
    book_with(&mut s, "KT", 2012, ("qd19_2025", "00070"), Some(40), &[(Keyed, 8)], false);
    s
}

#[test]
fn periods_are_months_quarters_years_or_ranges() {
    let p = Period::parse("2025-01").unwrap();
    assert_eq!((p.from.as_str(), p.to.as_str(), p.label.as_str()), ("2025-01-01", "2025-01-31", "Tháng 01/2025"));
    assert_eq!(Period::parse("2024-02").unwrap().to, "2024-02-29");
    let q = Period::parse("2024-Q4").unwrap();
    assert_eq!((q.from.as_str(), q.to.as_str(), q.label.as_str()), ("2024-10-01", "2024-12-31", "Quý IV/2024"));
    assert_eq!(Period::parse("2025").unwrap().to, "2025-12-31");
    assert_eq!(Period::parse("2025-01-06..2025-01-12").unwrap().label, "Từ 06/01/2025 đến 12/01/2025");
    assert!(Period::parse("2025-13").is_err());
    assert!(Period::parse("tháng 1").is_err());
}

#[test]
fn the_pdf_report_renders_with_poppler_and_its_text_is_vietnamese() {
    let tmp = tempfile::tempdir().unwrap();
    let s = commune_with_books(&tmp.path().join("xa"));
    let (name, pdf) = progress::report::progress_report_pdf(&s, None).unwrap();
    assert!(name.starts_with("bao-cao-tien-do-") && name.ends_with(".pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    let path = tmp.path().join(&name);
    std::fs::write(&path, &pdf).unwrap();
    let png = tmp.path().join("page");
    let st = Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1"])
        .arg(&path)
        .arg(&png)
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(st.success());
    let page = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("page"))
        .expect("a PNG page");
    assert!(std::fs::metadata(page.path()).unwrap().len() > 1000);
    let text = Command::new("pdftotext").args(["-layout"]).arg(&path).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for needle in ["BÁO CÁO TIẾN ĐỘ SỐ HÓA SỔ HỘ TỊCH", "Phường Hoàn Kiếm", "Theo loại sổ và giai đoạn", "Khai sinh", "Giám sát", "Bộ phê"]
    {
        assert!(text.contains(needle), "the PDF says “{needle}”:\n{text}");
    }
    let fonts = Command::new("pdffonts").arg(&path).output().unwrap();
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    assert!(fonts.contains("NotoSans") && fonts.contains("yes"), "Noto Sans is embedded:\n{fonts}");
}

#[test]
fn the_xlsx_report_reads_back_with_the_dashboard_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let s = commune_with_books(&tmp.path().join("xa"));
    let year = sohoa_core::progress::day::today().year().to_string();
    let (_, bytes) = progress::report::progress_report_xlsx(&s, Some(&year)).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Tổng hợp", "Xã, phường", "Loại sổ", "Quyển sổ"]);
    let sum = wb.worksheet_range("Tổng hợp").unwrap();
    let value = |label: &str| -> Data {
        let row = sum.rows().find(|r| r.first().map(|c| c.to_string()) == Some(label.to_string())).unwrap_or_else(|| panic!("row {label}"));
        row[1].clone()
    };
    assert_eq!(value("Kỳ báo cáo"), Data::String(format!("Năm {year}")));
    assert_eq!(value("Bản ghi đã số hóa"), Data::Float(43.0));
    assert_eq!(value("Bản ghi đã chấp nhận"), Data::Float(5.0));
    assert_eq!(value("Bản ghi dự kiến"), Data::Float(100.0));
    // The Ministry's stages are their own rows, and the basis of the percentages is said.
    assert_eq!(value("Bản ghi Bộ Tư pháp phê duyệt"), Data::Float(0.0));
    assert_eq!(value("Tỷ lệ tính trên"), Data::String("kiểm kê sổ (chưa có chỉ tiêu)".into()));
    let communes = wb.worksheet_range("Xã, phường").unwrap();
    let header: Vec<String> = communes.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[..4], ["Mã", "Đơn vị", "Tỉnh", "Sổ kiểm kê"]);
    let row: Vec<Data> = communes.rows().nth(1).unwrap().to_vec();
    assert_eq!(row[0], Data::String("00070".into()));
    assert_eq!(row[6], Data::Float(43.0), "keyed entries");
    let books = wb.worksheet_range("Quyển sổ").unwrap();
    assert_eq!(books.rows().count(), 3, "header + two books");
    let types = wb.worksheet_range("Loại sổ").unwrap();
    assert_eq!(types.rows().count(), 1 + 45);
}
