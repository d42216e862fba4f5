//! `sohoa upload-export`: the central upload files (Ministry Excel + zip of PDFs) for accepted books.
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
    if report.books.is_empty() {
        println!("Không có sổ nào có bản ghi đã được duyệt mà chưa xuất.");
        return Ok(ExitCode::SUCCESS);
    }
    let mut entries = 0;
    for b in &report.books {
        entries += b.entries;
        println!(
            "Sổ {:>4} {:<4} {:<10}: {} bản ghi → {} + {} ({} PDF, trung bình {:.0} kB/trang)",
            b.book_id,
            b.book_type,
            b.quyen_so,
            b.entries,
            b.xlsx.file_name().unwrap_or_default().to_string_lossy(),
            b.zip.file_name().unwrap_or_default().to_string_lossy(),
            b.pdfs,
            if b.pages > 0 { b.pdf_bytes as f64 / b.pages as f64 / 1024.0 } else { 0.0 }
        );
        if b.not_accepted > 0 {
            println!("      lưu ý: {} bản ghi khác của sổ chưa được duyệt, không có trong tệp này", b.not_accepted);
        }
        if !b.without_image.is_empty() {
            let shown: Vec<&str> = b.without_image.iter().take(12).map(String::as_str).collect();
            let more = if b.without_image.len() > shown.len() { ", …" } else { "" };
            println!("      lưu ý: {} bản ghi không có ảnh trang, không có PDF (số: {}{more})", b.without_image.len(), shown.join(", "));
        }
    }
    println!(
        "Đã xuất {} sổ, {} bản ghi vào {} trong {:.1} s; các bản ghi chuyển sang “Đã xuất”.",
        report.books.len(),
        entries,
        a.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
