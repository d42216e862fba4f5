//! `sohoa progress`: progress against targets (issue 7).
//!
//! ```text
//! sohoa progress -w DIR -u USER [--format table|csv|json] [--by commune|province|country] [--scheme qd19_2025|gso_pre2025] [--as-of DATE]
//! sohoa progress -w DIR -u USER inventory import FILE | inventory list
//! sohoa progress -w DIR -u USER targets import FILE | targets list
//! sohoa progress -w DIR -u USER snapshot export --out FILE|DIR
//! sohoa progress -w DIR -u USER snapshot import PATH...       (supervisor)
//! sohoa progress -w DIR -u USER report --format pdf|xlsx --out FILE|DIR [--period 2025-01]
//! sohoa progress -w DIR -u USER demo-load                     (supervisor: every commune of the country)
//! sohoa progress bench [--runs N]                             (throwaway workspace, prints timings)
//! ```
use crate::WorkspaceArgs;
use sohoa_core::progress;
use sohoa_core::progress::{DashboardQuery, SeriesScope, UnitProgress};
use sohoa_core::CoreError;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct ProgressArgs {
    /// Workspace folder
    #[arg(long, short = 'w', env = "SOHOA_WORKSPACE", global = true)]
    workspace: Option<PathBuf>,
    /// Account name (or SOHOA_USER); the password comes from SOHOA_PASSWORD or a prompt
    #[arg(long, short = 'u', env = "SOHOA_USER", global = true)]
    user: Option<String>,
    /// Output format of the progress table
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Rows: communes (2025), provinces, or the country
    #[arg(long, value_enum, default_value = "province")]
    by: By,
    /// Unit scheme of the province rows: 34 provinces (qd19_2025) or 63 (gso_pre2025)
    #[arg(long, default_value = "qd19_2025")]
    scheme: String,
    /// Figures as of this day (yyyy-mm-dd) instead of the latest
    #[arg(long)]
    as_of: Option<String>,
    #[command(subcommand)]
    command: Option<ProgressCommand>,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Csv,
    Json,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum By {
    Commune,
    Province,
    Country,
}

#[derive(clap::Subcommand)]
enum ProgressCommand {
    /// Inventory of books (the denominator)
    Inventory {
        #[command(subcommand)]
        command: TableCommand,
    },
    /// Targets (targets.csv, formats.md §4)
    Targets {
        #[command(subcommand)]
        command: TableCommand,
    },
    /// Signed progress snapshots (counts only)
    Snapshot {
        #[command(subcommand)]
        command: SnapshotCommand,
    },
    /// A printable report (PDF) or a workbook (XLSX) for a period
    Report {
        #[arg(long, value_enum, default_value = "pdf")]
        format: ReportFormat,
        /// Output file, or a folder (the file is named after the period)
        #[arg(long)]
        out: PathBuf,
        /// 2025-01 (month), 2025-Q1, 2025, or 2025-01-01..2025-01-31; default: the month of the latest data
        #[arg(long)]
        period: Option<String>,
    },
    /// Load synthetic snapshots of every commune of the country (supervisor; demo workspaces only)
    DemoLoad,
    /// Benchmark the supervisor dashboard on the national demo (throwaway workspace)
    Bench {
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// Also write the dashboard JSON here (for the UI benchmark)
        #[arg(long)]
        json_out: Option<PathBuf>,
    },
}

#[derive(clap::Subcommand)]
enum TableCommand {
    /// Import a CSV or XLSX file (all lines or none)
    Import { file: PathBuf },
    /// Print the current rows as CSV
    List,
}

#[derive(clap::Subcommand)]
enum SnapshotCommand {
    /// Write this workspace's signed snapshot
    Export {
        /// Output file or folder
        #[arg(long)]
        out: PathBuf,
    },
    /// Import snapshot files or folders (supervisor)
    Import { paths: Vec<PathBuf> },
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum ReportFormat {
    Pdf,
    Xlsx,
}

fn open(a: &ProgressArgs) -> Result<sohoa_core::Session, CoreError> {
    let workspace = a
        .workspace
        .clone()
        .ok_or_else(|| CoreError::invalid("--workspace", "cần chỉ ra sổ làm việc (--workspace hoặc SOHOA_WORKSPACE)"))?;
    let user = a.user.clone().ok_or_else(|| CoreError::invalid("--user", "cần tên đăng nhập (--user hoặc SOHOA_USER)"))?;
    crate::auth::open(&WorkspaceArgs { workspace, user })
}

fn out_path(out: &Path, file_name: &str) -> PathBuf {
    if out.is_dir() {
        out.join(file_name)
    } else {
        out.to_path_buf()
    }
}

/// CSV on stdout whose text cells cannot run as formulas in a spreadsheet (`text::csv_safe`).
struct SafeCsv(csv::Writer<std::io::Stdout>);

impl SafeCsv {
    fn stdout() -> SafeCsv {
        SafeCsv(csv::Writer::from_writer(std::io::stdout()))
    }
    fn write_record<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, record: I) -> csv::Result<()> {
        self.0.write_record(record.into_iter().map(|c| sohoa_core::text::csv_safe(c.as_ref()).into_owned()))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    sohoa_core::fsx::write_atomic_in_new_dir(path, bytes).map(|_| ())
}

pub fn run(a: ProgressArgs) -> Result<ExitCode, CoreError> {
    match &a.command {
        None => table(&a),
        Some(ProgressCommand::Bench { runs, json_out }) => bench(*runs, json_out.as_deref()),
        Some(ProgressCommand::DemoLoad) => {
            let mut s = open(&a)?;
            let r = progress::demo::load_national_demo_snapshots(&mut s)?;
            println!(
                "Đã nạp số liệu tiến độ mẫu của {} xã, phường ({} mới, {} đã có) — {:.1} s",
                r.communes, r.imported, r.already, r.seconds
            );
            println!(
                "  {} sổ đã số hóa / {} sổ kiểm kê; {} bản ghi đã số hóa / {} dự kiến; {} đã chấp nhận (giám sát); {} được Bộ Tư pháp phê duyệt",
                num(r.books_digitised),
                num(r.books_inventoried),
                num(r.entries_digitised),
                num(r.entries_expected),
                num(r.entries_accepted),
                num(r.entries_approved)
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(ProgressCommand::Inventory { command }) => {
            let mut s = open(&a)?;
            match command {
                TableCommand::Import { file } => report_import(progress::inventory::import_progress_inventory(
                    &mut s,
                    &file.display().to_string(),
                    &sohoa_core::fsx::read_limited(file, 20 << 20, "tệp")?,
                )?),
                TableCommand::List => {
                    let mut w = SafeCsv::stdout();
                    let _ = w.write_record([
                        "unit_scheme",
                        "unit_code",
                        "unit_name",
                        "book_type",
                        "period_group",
                        "books",
                        "expected_entries",
                        "source",
                    ]);
                    for r in progress::inventory::progress_inventory(s.conn())? {
                        let _ = w.write_record([
                            r.unit_scheme,
                            r.unit_code,
                            r.unit_name,
                            r.book_type.to_string(),
                            r.period_group,
                            r.books.to_string(),
                            r.expected_entries.to_string(),
                            r.source,
                        ]);
                    }
                    let _ = w.flush();
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        Some(ProgressCommand::Targets { command }) => {
            let mut s = open(&a)?;
            match command {
                TableCommand::Import { file } => report_import(progress::targets::import_progress_targets(
                    &mut s,
                    &file.display().to_string(),
                    &sohoa_core::fsx::read_limited(file, 20 << 20, "tệp")?,
                )?),
                TableCommand::List => {
                    let mut w = SafeCsv::stdout();
                    let _ = w.write_record(sohoa_core::progress::targets::COLUMNS);
                    for r in progress::targets::progress_targets(s.conn())? {
                        let o = |x: Option<u64>| x.map(|v| v.to_string()).unwrap_or_default();
                        let _ = w.write_record([
                            r.unit_scheme,
                            r.unit_code,
                            r.unit_name,
                            r.book_type,
                            r.period_group,
                            o(r.target_books),
                            o(r.target_records),
                            r.deadline,
                        ]);
                    }
                    let _ = w.flush();
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        Some(ProgressCommand::Snapshot { command }) => {
            let mut s = open(&a)?;
            match command {
                SnapshotCommand::Export { out } => {
                    let e = progress::live::export_progress_snapshot(&mut s)?;
                    let path = out_path(out, &e.file_name);
                    write_file(&path, e.content.as_bytes())?;
                    println!(
                        "Đã ghi tệp tiến độ {} (số liệu ngày {}, {} bản ghi đã số hóa)",
                        path.display(),
                        e.as_of,
                        num(e.entries_keyed)
                    );
                    println!("  Vân tay khóa ký: {}", e.fingerprint);
                    Ok(ExitCode::SUCCESS)
                }
                SnapshotCommand::Import { paths } => {
                    let mut failed = 0;
                    for p in paths {
                        for r in progress::snapshot::import_progress_snapshots_from(&mut s, p)? {
                            match r {
                                Ok(i) => println!(
                                    "{}: {} — {} ({}), số liệu ngày {}, khóa {}",
                                    i.file_name,
                                    status_vi(&i.status),
                                    i.commune_name,
                                    i.commune_code,
                                    i.as_of,
                                    i.fingerprint
                                ),
                                Err((name, e)) => {
                                    failed += 1;
                                    eprintln!("{name}: KHÔNG NHẬP — {} [{}]", e.message, e.code);
                                }
                            }
                        }
                    }
                    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
                }
            }
        }
        Some(ProgressCommand::Report { format, out, period }) => {
            let s = open(&a)?;
            let (name, bytes) = match format {
                ReportFormat::Pdf => progress::report::progress_report_pdf(&s, period.as_deref())?,
                ReportFormat::Xlsx => progress::report::progress_report_xlsx(&s, period.as_deref())?,
            };
            let path = out_path(out, &name);
            write_file(&path, &bytes)?;
            println!("Đã ghi báo cáo {} ({} KB)", path.display(), bytes.len() / 1024);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn status_vi(s: &str) -> &'static str {
    match s {
        "imported" => "đã nhập",
        "already_imported" => "đã có, bỏ qua",
        "older" => "cũ hơn tệp đã có (lưu, không thay thế)",
        _ => "?",
    }
}

fn report_import(o: sohoa_core::progress::tabular::ImportOutcome) -> Result<ExitCode, CoreError> {
    if o.errors.is_empty() {
        println!("Đã nhập {} dòng từ {}", o.imported, o.file_name);
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("Không nhập dòng nào từ {}: {} lỗi", o.file_name, o.errors.len());
    for e in &o.errors {
        eprintln!("  dòng {}{}: {}", e.line, e.column.as_deref().map(|c| format!(" (cột {c})")).unwrap_or_default(), e.message);
    }
    Ok(ExitCode::from(1))
}

fn num(n: u64) -> String {
    sohoa_core::progress::report::num(n)
}

fn rows<'a>(d: &'a sohoa_core::progress::Dashboard, by: By, scheme: &str) -> Result<Vec<&'a UnitProgress>, CoreError> {
    Ok(match (by, scheme) {
        (By::Country, _) => vec![&d.national],
        (By::Province, "qd19_2025") => d.provinces_2025.iter().collect(),
        (By::Province, "gso_pre2025") => d.provinces_pre2025.iter().collect(),
        (By::Commune, "qd19_2025") => d.communes.iter().collect(),
        (By::Commune, _) => return Err(CoreError::invalid("--scheme", "số liệu theo xã chỉ có theo danh mục 2025 (qd19_2025)")),
        (_, other) => return Err(CoreError::invalid("--scheme", format!("hệ mã “{other}” không hợp lệ (qd19_2025 hoặc gso_pre2025)"))),
    })
}

fn table(a: &ProgressArgs) -> Result<ExitCode, CoreError> {
    let s = open(a)?;
    let d = progress::aggregate::progress_dashboard(&s, &DashboardQuery { as_of: a.as_of.clone() })?;
    let rows = rows(&d, a.by, &a.scheme)?;
    match a.format {
        Format::Json => {
            println!("{}", serde_json::to_string_pretty(&rows).unwrap_or_default());
        }
        Format::Csv => {
            let mut w = SafeCsv::stdout();
            let _ = w.write_record([
                "scheme",
                "level",
                "code",
                "name",
                "province_code",
                "province_name",
                "books_inventoried",
                "books_keyed",
                "books_accepted",
                "entries_expected",
                "entries_keyed",
                "entries_checked",
                "entries_submitted",
                "entries_accepted",
                "entries_exported",
                "pct_keyed",
                "pct_accepted",
                "rate_keyed_per_day",
                "rate_accepted_per_day",
                "forecast",
                "deadline",
                "target_records",
                "flag",
                "as_of",
                "stale",
                "entries_uploaded",
                "entries_approved",
                "entries_rejected",
                "basis",
                "pct_exported",
                "pct_approved",
                "inventory_entries",
                "pct_keyed_inventory",
                "late",
                "late_children",
                "children",
            ]);
            for r in rows {
                let c = &r.counts;
                let o = &r.outlook;
                let _ = w.write_record([
                    r.scheme.clone(),
                    r.level.clone(),
                    r.code.clone(),
                    r.name.clone(),
                    r.province_code.clone().unwrap_or_default(),
                    r.province_name.clone().unwrap_or_default(),
                    c.books.inventoried.to_string(),
                    c.books.keyed.to_string(),
                    c.books.accepted.to_string(),
                    o.expected.to_string(),
                    c.entries.keyed.to_string(),
                    c.entries.checked.to_string(),
                    c.entries.submitted.to_string(),
                    c.entries.accepted.to_string(),
                    c.entries.exported.to_string(),
                    o.pct_keyed.to_string(),
                    o.pct_accepted.to_string(),
                    o.rate_keyed.to_string(),
                    o.rate_accepted.to_string(),
                    o.forecast.clone().unwrap_or_default(),
                    o.deadline.clone().unwrap_or_default(),
                    r.target_records.map(|x| x.to_string()).unwrap_or_default(),
                    o.flag.as_str().to_string(),
                    o.as_of.clone(),
                    r.stale.to_string(),
                    c.entries.uploaded.to_string(),
                    c.entries.approved.to_string(),
                    c.rejected.to_string(),
                    serde_json::to_value(o.basis).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                    o.pct_exported.to_string(),
                    o.pct_approved.to_string(),
                    o.inventory.to_string(),
                    o.pct_keyed_inventory.to_string(),
                    o.late.to_string(),
                    r.late_children_in(&a.scheme).map(|l| l.late.to_string()).unwrap_or_default(),
                    r.late_children_in(&a.scheme).map(|l| l.of.to_string()).unwrap_or_default(),
                ]);
            }
            let _ = w.flush();
        }
        Format::Table => {
            println!("Tiến độ số hóa — số liệu đến ngày {} ({} xã, phường có số liệu)", d.as_of, d.national.units);
            println!(
                "{:<6} {:<26} {:>11} {:>6} {:>6} {:>11} {:>11} {:>11} {:>11} {:>8} {:>11} tình trạng",
                "mã", "đơn vị", "đã số hóa", "%CT", "%KK", "chấp nhận", "đã xuất", "đã tải lên", "phê duyệt", "bị từ chối", "dự kiến"
            );
            println!("  (%CT: so với chỉ tiêu khi có, * = so với kiểm kê vì chưa có chỉ tiêu; %KK: so với kiểm kê sổ; chấp nhận = giám sát; phê duyệt = Bộ Tư pháp)");
            let mut all: Vec<&UnitProgress> = rows;
            if a.by != By::Country {
                all.push(&d.national);
            }
            for r in all {
                let name: String = r.name.chars().take(26).collect();
                let o = &r.outlook;
                let pct_basis = match o.basis {
                    progress::forecast::Basis::Target => format!("{:.1}", o.pct_keyed),
                    progress::forecast::Basis::Inventory => format!("{:.1}*", o.pct_keyed),
                    progress::forecast::Basis::None => "—".into(),
                };
                let e = &r.counts.entries;
                println!(
                    "{:<6} {:<26} {:>11} {:>6} {:>6.1} {:>11} {:>11} {:>11} {:>11} {:>8} {:>11} {}",
                    r.code,
                    name,
                    num(e.keyed),
                    pct_basis,
                    o.pct_keyed_inventory,
                    num(e.accepted),
                    num(e.exported),
                    num(e.uploaded),
                    num(e.approved),
                    num(r.counts.rejected),
                    o.forecast.clone().unwrap_or_else(|| "—".into()),
                    r.status_vi(&a.scheme)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn bench(runs: usize, json_out: Option<&Path>) -> Result<ExitCode, CoreError> {
    use sohoa_core::session::accounts::{NewAccount, Role};
    use sohoa_core::store::keys::KdfParams;
    let tmp = tempfile::tempdir()?;
    let mut s = sohoa_core::workspace::create(
        &tmp.path().join("ws"),
        sohoa_core::workspace::CreateWorkspace {
            commune_scheme: "qd19_2025".into(),
            commune_code: "00004".into(),
            commune_name: "Phường Ba Đình".into(),
            first_account: NewAccount {
                username: "giamsat".into(),
                display_name: "Giám sát".into(),
                role: Role::Supervisor,
                password: "bench-password".into(),
                scope: vec![],
            },
            kdf: KdfParams::insecure_for_tests(),
        },
    )?;
    let t = Instant::now();
    let load = progress::demo::load_national_demo_snapshots(&mut s)?;
    println!("demo load: {} communes × 9 types × 5 period groups in {:.2} s", load.communes, t.elapsed().as_secs_f64());
    for (step, ms) in sohoa_core::progress::aggregate::bench_steps(&s)? {
        println!("  {step}: {ms:.1} ms");
    }
    let mut times = Vec::new();
    let mut d = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        d = Some(progress::aggregate::progress_dashboard_uncached(&s, &DashboardQuery::default())?);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // What the supervisor's screen asks for, as the app does: the clerk's overview, then the
    // dashboard and the national series (computed once, then from the cache).
    for round in ["first open", "second open (cached)"] {
        let t = Instant::now();
        std::hint::black_box(progress::overview::progress_overview(&s)?);
        let t_over = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        std::hint::black_box(progress::aggregate::progress_dashboard(&s, &DashboardQuery::default())?);
        let t_dash = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        std::hint::black_box(progress::series::progress_series(&s, &SeriesScope::Country)?);
        let t_series = t.elapsed().as_secs_f64() * 1000.0;
        println!("progress screen, {round}: overview {t_over:.1} ms, dashboard {t_dash:.1} ms, national series {t_series:.1} ms");
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let d = d.expect("a run");
    println!(
        "dashboard computed afresh (communes {}, provinces 34 + 63, 45 cells): min {:.1} ms, median {:.1} ms, max {:.1} ms over {} runs",
        d.communes.len(),
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );
    let t = Instant::now();
    let json = serde_json::to_string(&d).unwrap_or_default();
    println!("dashboard JSON: {:.1} ms, {} KB", t.elapsed().as_secs_f64() * 1000.0, json.len() / 1024);
    if let Some(p) = json_out {
        write_file(p, json.as_bytes())?;
    }
    let t = Instant::now();
    let series = progress::series::progress_series_uncached(&s, &SeriesScope::Country)?;
    println!("national burn-up series: {} days in {:.1} ms", series.days.len(), t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let series =
        progress::series::progress_series_uncached(&s, &SeriesScope::Province { scheme: "gso_pre2025".into(), code: "49".into() })?;
    println!("province (63) series: {} days in {:.1} ms", series.days.len(), t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let (_, pdf) = progress::report::progress_report_pdf(&s, None)?;
    println!("PDF report: {} KB in {:.0} ms", pdf.len() / 1024, t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let (_, xlsx) = progress::report::progress_report_xlsx(&s, None)?;
    println!("XLSX report: {} KB in {:.0} ms", xlsx.len() / 1024, t.elapsed().as_secs_f64() * 1000.0);
    Ok(ExitCode::SUCCESS)
}
