//! `sohoa import --workspace DIR --book-type KS --file F [--book ID]`: imports a previously keyed
//! spreadsheet (formats.md §2, or the Ministry template's camelCase columns) as keyed entries.
//! Prints the encoding detected, the column mapping, every rejected row (line, field, reason) and
//! ends with `rows read: N, loaded: N, rejected: N` (then `, books created: K (quyển: rows, …)` when
//! the import created books: one per `quyenSo` of the file).
use crate::WorkspaceArgs;
use sohoa_core::import::{self, Encoding, ImportMapping, ImportPreview, ImportReport};
use sohoa_core::model;
use sohoa_core::CoreError;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ImportArgs {
    #[command(flatten)]
    ws: WorkspaceArgs,
    /// Book type: KS, KT, KH, HN, CMC, GH, TDCC, LH, NCN
    #[arg(long)]
    book_type: sohoa_core::BookType,
    /// The spreadsheet: CSV (comma, semicolon, tab), XLSX, XLS or ODS
    #[arg(long)]
    file: PathBuf,
    /// Import into this book (id from `sohoa books`); without it a new book is created from the rows
    #[arg(long)]
    book: Option<i64>,
    /// Map a column by hand, header=field (repeatable): --map "Tên=nksHoTen" --map "STT=maBanGhi"; field "-" ignores the column
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    maps: Vec<String>,
    /// Force the encoding instead of detecting it: utf8, tcvn3, vni, windows1258
    #[arg(long)]
    encoding: Option<String>,
    /// Only show what would be imported (encoding, mapping, sample rows)
    #[arg(long)]
    dry_run: bool,
    /// Print the preview and the report as JSON
    #[arg(long)]
    json: bool,
}

fn parse_encoding(s: &str) -> Result<Encoding, CoreError> {
    match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
        "utf8" | "unicode" => Ok(Encoding::Utf8),
        "tcvn3" | "abc" | "tcvn" => Ok(Encoding::Tcvn3),
        "vni" | "vniwindows" => Ok(Encoding::VniWindows),
        "windows1258" | "cp1258" => Ok(Encoding::Windows1258),
        _ => Err(CoreError::invalid("--encoding", format!("bảng mã không hỗ trợ: {s} (utf8, tcvn3, vni, windows1258)"))),
    }
}

fn apply_maps(p: &ImportPreview, maps: &[String]) -> Result<ImportMapping, CoreError> {
    let mut m = ImportMapping::from_preview(p);
    for spec in maps {
        let (header, field) =
            spec.rsplit_once('=').ok_or_else(|| CoreError::invalid("--map", format!("cần dạng “tiêu đề=trường”: {spec}")))?;
        let key = import::header_key(header);
        let col = p
            .headers
            .iter()
            .position(|h| import::header_key(h) == key)
            .ok_or_else(|| CoreError::invalid("--map", format!("tệp không có cột “{header}”")))?;
        let field = field.trim();
        m.columns[col] = if field == "-" || field.is_empty() { None } else { Some(field.to_string()) };
    }
    Ok(m)
}

fn print_preview(p: &ImportPreview) {
    let sep = p.delimiter.as_deref().map(|d| format!(", dấu phân cách “{d}”")).unwrap_or_default();
    let sheet = p.sheet_name.as_deref().map(|s| format!(", trang tính “{s}”")).unwrap_or_default();
    println!("Tệp: {} ({}{sep}{sheet}; {} dòng dữ liệu)", p.file_name, p.format.label(), p.row_count);
    println!(
        "Bảng mã: {} — {} [encoding: {}, confidence {:.2}]",
        p.encoding_label,
        p.encoding_note_vi,
        serde_json::to_value(p.encoding).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
        p.encoding_confidence
    );
    println!("Cột:");
    for m in &p.mapping {
        match (&m.field, &m.label) {
            (Some(f), Some(l)) => println!("  {:<28} → {f} ({l})", m.header),
            _ => println!("  {:<28} → (giữ riêng, không nhập)", m.header),
        }
    }
    for w in &p.warnings {
        println!("Lưu ý: {w}");
    }
}

fn print_report(r: &ImportReport) {
    if r.illegible_cells > 0 {
        println!("Ô “không đọc được”: {} (nhập trống, đánh dấu không đọc được)", r.illegible_cells);
    }
    if !r.notes.is_empty() {
        println!("Cần xem lại (đã nhập):");
        for n in &r.notes {
            let col = n.column.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
            println!("  dòng {}: {}{col} — {}", n.line, n.field, n.reason_vi);
        }
    }
    if !r.rejected.is_empty() {
        println!("Dòng bị loại:");
        for row in &r.rejected {
            let col = row.column.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
            let more = if row.other_problems.is_empty() { String::new() } else { format!(" [+{} lỗi khác]", row.other_problems.len()) };
            println!("  dòng {}: {}{col} — {}{more}", row.line, row.field, row.reason_vi);
        }
    }
    println!("{}", r.summary_line());
}

pub fn run(a: ImportArgs) -> Result<ExitCode, CoreError> {
    let bytes =
        std::fs::read(&a.file).map_err(|e| CoreError::invalid("--file", format!("không đọc được tệp {}: {e}", a.file.display())))?;
    let file_name = a.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let encoding = a.encoding.as_deref().map(parse_encoding).transpose()?;
    let book_type = a.book_type;
    let early = match a.book {
        None => Some(import::preview_with(&bytes, &file_name, book_type, encoding)?),
        Some(_) => None,
    };
    let mut s = crate::auth::open(&a.ws)?;
    let preview = match a.book {
        _ if early.is_some() => early.expect("checked"),
        Some(book) => {
            let t = model::book::book_type_of(s.conn(), book)?;
            if t != book_type {
                return Err(CoreError::invalid("--book-type", format!("sổ {book} là sổ {t}, không phải {book_type}")));
            }
            import::import_preview(s.conn(), book, &bytes, &file_name, encoding)?
        }
        None => import::preview_with(&bytes, &file_name, book_type, encoding)?,
    };
    let mut mapping = apply_maps(&preview, &a.maps)?;
    mapping.encoding = encoding;
    if !a.json {
        print_preview(&preview);
    }
    if a.dry_run {
        if a.json {
            println!("{}", serde_json::to_string_pretty(&preview).unwrap_or_default());
        } else {
            println!("(chạy thử: chưa nhập gì)");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = match a.book {
        Some(book) => import::import(&mut s, book, &bytes, &mapping)?,
        None => import::import_into_new_book(&mut s, book_type, &bytes, &mapping)?,
    };
    if a.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"preview": preview, "report": report})).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    match (a.book, report.book_id) {
        (None, Some(_)) => {
            let listed = model::book::list(s.conn())?;
            for nb in report.books.iter().filter(|b| b.created) {
                let years = nb.year_to.map(|t| format!("{}–{t}", nb.year_from)).unwrap_or_else(|| nb.year_from.to_string());
                let registry = listed.iter().find(|b| b.id == nb.book_id).map(|b| format!(", {}", b.registry_name)).unwrap_or_default();
                println!(
                    "Sổ mới: #{} {book_type} quyển {} ({years}, {} trang){registry}: {} dòng",
                    nb.book_id, nb.quyen_so, nb.page_count, nb.loaded
                );
            }
        }
        (None, None) => println!("Không có dòng hợp lệ nào: chưa tạo sổ."),
        (Some(id), _) => println!("Sổ: #{id}"),
    }
    println!("Thời gian: {:.1} s", report.elapsed_ms / 1000.0);
    print_report(&report);
    Ok(ExitCode::SUCCESS)
}
