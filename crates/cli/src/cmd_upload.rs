//! `sohoa upload-export`: the central upload files (Ministry Excel + zip of PDFs) for accepted books;
//! `sohoa upload-result`: the Ministry's result list; `sohoa upload-mark`: a file uploaded by hand.
use crate::WorkspaceArgs;
use sohoa_core::upload;
use sohoa_core::upload::UploadOptions;
use sohoa_core::CoreError;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct UploadExportArgs {
    #[command(flatten)]
    ws: WorkspaceArgs,
    /// Folder to write the .xlsx and .zip files into (created if missing)
    #[arg(long)]
    out: PathBuf,
    /// Books to export (default: every book with accepted entries not yet exported)
    #[arg(long = "book")]
    books: Vec<i64>,
}

pub fn run(a: UploadExportArgs) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(&a.ws)?;
    let started = Instant::now();
    let report = upload::upload_export(&mut s, &a.out, &UploadOptions { books: a.books }, &mut crate::cmd_batch::progress_bar())?;
    for (b, why) in &report.skipped {
        println!("Bỏ qua sổ {b}: {why}");
    }
    let without: u64 = report.without_scan;
    if report.books.is_empty() {
        println!("Không có sổ nào có bản ghi đã được chấp nhận, có ảnh trang mà chưa xuất.");
        if without > 0 {
            println!("không có ảnh trang: {without} bản ghi (vẫn ở trạng thái “Đã chấp nhận”, chưa xuất)");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut entries = 0;
    for b in &report.books {
        entries += b.entries;
        println!(
            "Sổ {:>4} {:<4} {:<10} phần {} bản {}: {} bản ghi → {} + {} ({} PDF, {} trang, trung bình {:.0} kB/trang)",
            b.book_id,
            b.book_type,
            b.quyen_so,
            b.part,
            b.version,
            b.entries,
            b.xlsx.file_name().unwrap_or_default().to_string_lossy(),
            b.zip.file_name().unwrap_or_default().to_string_lossy(),
            b.pdfs,
            b.pages,
            if b.pages > 0 { b.pdf_bytes as f64 / b.pages as f64 / 1024.0 } else { 0.0 }
        );
        if b.provisional {
            println!("      cột tạm, chưa có mẫu của Bộ (sổ {}: danh sách cột tạm thời, xem docs/upload-format.md)", b.book_type);
        }
        if !b.spans.is_empty() {
            let shown: Vec<String> = b.spans.iter().take(8).map(|(so, n)| format!("{so} ({n} trang)")).collect();
            println!("      {} bản ghi trải trên nhiều trang; trangSo ghi trang đầu: {}", b.spans.len(), shown.join(", "));
        }
        if b.not_accepted > 0 {
            println!("      lưu ý: {} bản ghi khác của sổ chưa được chấp nhận, không có trong tệp này", b.not_accepted);
        }
        if !b.without_image.is_empty() {
            let shown: Vec<&str> = b.without_image.iter().take(12).map(String::as_str).collect();
            let more = if b.without_image.len() > shown.len() { ", …" } else { "" };
            println!("      không có ảnh trang: {} bản ghi, chưa xuất (số: {}{more})", b.without_image.len(), shown.join(", "));
        }
    }
    for b in &report.without_scan_books {
        println!(
            "Sổ {:>4} {:<4} {:<10}: không có ảnh trang: {} bản ghi, không xuất tệp nào",
            b.book_id,
            b.book_type,
            b.quyen_so,
            b.so.len()
        );
    }
    if without > 0 {
        println!("không có ảnh trang: {without} bản ghi (vẫn ở trạng thái “Đã chấp nhận”)");
    }
    println!(
        "Đã xuất {} tệp, {} bản ghi vào {} trong {:.1} s; các bản ghi chuyển sang “Đã xuất”.",
        report.books.len(),
        entries,
        a.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct UploadResultArgs {
    #[command(flatten)]
    ws: WorkspaceArgs,
    /// The result list downloaded from the national system (CSV or XLSX)
    #[arg(long)]
    file: PathBuf,
}

pub fn run_result(a: UploadResultArgs) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(&a.ws)?;
    let r = upload::result::import_result(&mut s, &a.file)?;
    for u in &r.unmatched_rows {
        println!("dòng {}: không khớp — {}", u.line, u.reason);
    }
    if !r.returned_entries.is_empty() {
        println!("{} bản ghi bị từ chối đã trả lại cho cán bộ để sửa", r.returned_entries.len());
    }
    println!("{}", r.summary_line());
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct UploadMarkArgs {
    #[command(flatten)]
    ws: WorkspaceArgs,
    /// The exported file's name (its .xlsx or .zip)
    #[arg(long)]
    file: String,
}

pub fn run_mark(a: UploadMarkArgs) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(&a.ws)?;
    let n = upload::result::mark_uploaded(&mut s, &a.file)?;
    println!("Đã ghi nhận tệp “{}” đã tải lên: {n} dòng chuyển sang “Đã tải lên”.", a.file);
    Ok(ExitCode::SUCCESS)
}
