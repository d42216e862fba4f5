//! `sohoa batch …`: device keys, batch export, verify, unpack, import, verdicts, benchmark.
//! Package passphrases come from `SOHOA_BATCH_PASSPHRASE` (or a prompt for `export --passphrase`),
//! never from the command line. See docs/batch-format.md.
use crate::WorkspaceArgs;
use sohoa_core::batch::{self, DeviceFile, Encryption, ExportOptions, Keys, Progress, ReturnReason, Stage, VerdictDecision, VerifyReport};
use sohoa_core::model;
use sohoa_core::session::accounts::ScopeUnit;
use sohoa_core::{CoreError, Session};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

pub const PASSPHRASE_ENV: &str = "SOHOA_BATCH_PASSPHRASE";

#[derive(clap::Subcommand)]
pub enum BatchCommand {
    /// Show this workspace's device key (fingerprint, age recipient); --out writes the device file to hand over
    Identity {
        #[command(flatten)]
        ws: WorkspaceArgs,
        /// Write the public device file (sohoa-device.json) here
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Register another device: a commune's (supervisor) or the supervisor's (clerk)
    Trust {
        #[command(flatten)]
        ws: WorkspaceArgs,
        /// A device file (sohoa-device.json) received from the other side
        #[arg(long, conflicts_with = "fingerprint")]
        file: Option<PathBuf>,
        /// Or (supervisor) the fingerprint read out by the commune, e.g. K7QF-2MXA-9CDE-PLUS
        #[arg(long, requires = "commune")]
        fingerprint: Option<String>,
        /// The commune code that fingerprint belongs to
        #[arg(long)]
        commune: Option<String>,
        #[arg(long, default_value = "qd19_2025")]
        scheme: String,
    },
    /// Books ready for a batch (and why the others are not), batches sent, packages imported
    Status {
        #[command(flatten)]
        ws: WorkspaceArgs,
    },
    /// Send finished, checked books as one signed, encrypted package (all ready books when no --book)
    Export {
        #[command(flatten)]
        ws: WorkspaceArgs,
        /// Package file to write (a folder: `dot-gui-<commune>-so-<n>.sohoa` inside it)
        #[arg(long)]
        out: PathBuf,
        #[arg(long = "book")]
        books: Vec<i64>,
        /// age recipient (age1…) in addition to the registered supervisors
        #[arg(long = "recipient")]
        recipients: Vec<String>,
        /// Lock with a passphrase instead (SOHOA_BATCH_PASSPHRASE or a prompt)
        #[arg(long, conflicts_with = "recipients")]
        passphrase: bool,
    },
    /// Check a package: decryption, signature and every checksum; exit 0 only when all hold
    Verify {
        package: PathBuf,
        #[command(flatten)]
        open: OpenArgs,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write the plain BagIt bag of a package (only when it verifies)
    Unpack {
        package: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        open: OpenArgs,
    },
    /// Import a package: a commune's batch (supervisor) or the supervisor's verdicts (clerk)
    Import {
        #[command(flatten)]
        ws: WorkspaceArgs,
        package: PathBuf,
    },
    /// Record the verdict on an imported book (supervisor): --accept, or --return ENTRY:FIELD:REASON…
    Verdict {
        #[command(flatten)]
        ws: WorkspaceArgs,
        #[arg(long)]
        book: i64,
        #[arg(long, conflicts_with = "reasons")]
        accept: bool,
        /// Only list the book's entries (id, số, trang, trạng thái) to pick the ones to return
        #[arg(long, conflicts_with_all = ["accept", "reasons"])]
        list: bool,
        /// `ENTRY_ID:FIELD:reason` (FIELD may be empty for the whole entry); repeat per reason
        #[arg(long = "return")]
        reasons: Vec<String>,
    },
    /// Write the verdict package of an imported batch for the commune (supervisor)
    SendVerdicts {
        #[command(flatten)]
        ws: WorkspaceArgs,
        /// Imported package id (`batch status`); default: the latest with every book decided
        #[arg(long)]
        import: Option<i64>,
        #[arg(long)]
        out: PathBuf,
        /// Lock with a passphrase (SOHOA_BATCH_PASSPHRASE) instead of the commune's device key
        #[arg(long)]
        passphrase: bool,
    },
    /// Cancel a batch whose package never reached the supervisor (entries back to checked)
    Cancel {
        #[command(flatten)]
        ws: WorkspaceArgs,
        number: i64,
    },
    /// Benchmark: build a throwaway workspace, export and verify a large batch (run in release)
    Bench {
        #[arg(long, default_value_t = 10_000)]
        entries: usize,
        #[arg(long, default_value_t = 2_000)]
        pages: usize,
        /// Size of each page image in kB
        #[arg(long, default_value_t = 100)]
        page_kb: usize,
        /// Folder for the throwaway workspaces (default: a temporary folder, removed afterwards)
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

/// How `verify` / `unpack` open a package: a workspace (its device key; also checks the signer is
/// registered), age identity files, and/or SOHOA_BATCH_PASSPHRASE.
#[derive(clap::Args)]
pub struct OpenArgs {
    /// age identity file (AGE-SECRET-KEY-1…)
    #[arg(long = "identity")]
    identities: Vec<PathBuf>,
    /// Open with this workspace's device key (password from SOHOA_PASSWORD or a prompt)
    #[arg(long, short = 'w')]
    workspace: Option<PathBuf>,
    #[arg(long, short = 'u', env = "SOHOA_USER")]
    user: Option<String>,
}

pub fn run(cmd: BatchCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        BatchCommand::Identity { ws, out } => identity(&ws, out),
        BatchCommand::Trust { ws, file, fingerprint, commune, scheme } => trust(&ws, file, fingerprint, commune, scheme),
        BatchCommand::Status { ws } => status(&ws),
        BatchCommand::Export { ws, out, books, recipients, passphrase } => export(&ws, &out, books, recipients, passphrase),
        BatchCommand::Verify { package, open, json } => verify(&package, &open, json),
        BatchCommand::Unpack { package, out, open } => unpack(&package, &out, &open),
        BatchCommand::Import { ws, package } => import(&ws, &package),
        BatchCommand::Verdict { ws, book, accept, list, reasons } => {
            if list {
                let s = crate::auth::open(&ws)?;
                println!("{:>7} {:>8} {:>6}  trạng thái", "mã", "số", "trang");
                for id in model::entry::ids(s.conn(), book)? {
                    let e = model::entry::get(s.conn(), id)?;
                    println!("{:>7} {:>8} {:>6}  {}", e.id, e.get("so").unwrap_or(""), e.get("trangSo").unwrap_or(""), e.status.label_vi());
                }
                return Ok(ExitCode::SUCCESS);
            }
            verdict(&ws, book, accept, &reasons)
        }
        BatchCommand::SendVerdicts { ws, import, out, passphrase } => send_verdicts(&ws, import, &out, passphrase),
        BatchCommand::Cancel { ws, number } => {
            let mut s = crate::auth::open(&ws)?;
            batch::export::cancel_batch(&mut s, number)?;
            println!("Đã hủy đợt gửi số {number}; các bản ghi trở lại trạng thái “Đã kiểm tra”.");
            Ok(ExitCode::SUCCESS)
        }
        BatchCommand::Bench { entries, pages, page_kb, dir } => bench(entries, pages, page_kb, dir),
    }
}

/// A progress bar on stderr (only on a terminal).
pub fn progress_bar() -> impl FnMut(Progress) {
    let tty = std::io::stderr().is_terminal();
    let mut last = (None, u64::MAX);
    move |p: Progress| {
        if !tty || p.total == 0 {
            return;
        }
        let pct = p.done * 100 / p.total;
        if last.0 == Some(p.stage) && last.1 == pct {
            return;
        }
        last = (Some(p.stage), pct);
        let filled = (pct / 4) as usize;
        let label = match p.stage {
            Stage::Entries => "bản ghi",
            Stage::Pages => "trang ảnh",
            Stage::Verify => "kiểm tra",
            Stage::Pdf => "PDF",
        };
        eprint!("\r  [{}{}] {pct:>3}% {label} {}/{}   ", "#".repeat(filled), " ".repeat(25 - filled), p.done, p.total);
        if p.done >= p.total {
            eprintln!();
        }
    }
}

fn passphrase_from_env() -> Option<String> {
    std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.is_empty())
}

fn passphrase_or_prompt() -> Result<String, CoreError> {
    if let Some(p) = passphrase_from_env() {
        return Ok(p);
    }
    rpassword::prompt_password("Mật khẩu của gói: ")
        .map_err(|_| CoreError::invalid("mật khẩu gói", format!("không đọc được mật khẩu gói (đặt {PASSPHRASE_ENV})")))
}

fn identity(ws: &WorkspaceArgs, out: Option<PathBuf>) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(ws)?;
    let file = batch::identity::device_file(&mut s)?;
    println!("Khóa thiết bị của sổ làm việc {} ({})", s.workspace().commune_name, file.role);
    println!("  Dấu vân tay:        {}", file.fingerprint);
    println!("  Khóa nhận (age):    {}", file.age_recipient);
    println!("  Khóa ký (Ed25519):  {}", file.ed25519_public_key);
    if let Some(out) = out {
        let out = file.write(&out)?;
        println!("Đã ghi tệp khóa công khai: {} (không chứa bí mật; trao cho bên kia để đăng ký)", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn trust(
    ws: &WorkspaceArgs,
    file: Option<PathBuf>,
    fingerprint: Option<String>,
    commune: Option<String>,
    scheme: String,
) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(ws)?;
    let t = match (file, fingerprint) {
        (Some(f), _) => batch::identity::trust_device_file(&mut s, &DeviceFile::read(&f)?)?,
        (None, Some(fp)) => batch::identity::trust_fingerprint(&mut s, &fp, &ScopeUnit { scheme, code: commune.unwrap_or_default() })?,
        (None, None) => return Err(CoreError::invalid("trust", "cần --file hoặc --fingerprint")),
    };
    println!(
        "Đã đăng ký thiết bị {} ({})",
        t.fingerprint,
        if t.role == "commune" {
            format!("xã/phường {}", t.commune_code.as_deref().unwrap_or(""))
        } else {
            "giám sát viên".to_string()
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn status(ws: &WorkspaceArgs) -> Result<ExitCode, CoreError> {
    let s = crate::auth::open(ws)?;
    let devices = batch::identity::trusted_devices(s.conn())?;
    println!("Thiết bị đã đăng ký: {}", devices.len());
    for d in &devices {
        println!("  {} {} {}", d.fingerprint, d.role, d.commune_name.clone().or(d.commune_code.clone()).unwrap_or_default());
    }
    if s.user().role == sohoa_core::session::accounts::Role::Clerk {
        println!("Sổ và khả năng gửi:");
        for b in batch::export::batch_candidates(s.conn())? {
            let state = match &b.reason {
                None => "sẵn sàng gửi".to_string(),
                Some(r) => r.clone(),
            };
            println!("  {:>4} {:<4} {:<10} {:>5} bản ghi — {state}", b.book_id, b.book_type, b.quyen_so, b.entries);
        }
        println!("Các đợt đã gửi:");
        for b in batch::export::batches(s.conn())? {
            println!(
                "  đợt {:>3}: {:<9} {:>6} bản ghi {:>5} trang, sổ {:?} {}",
                b.number,
                b.state,
                b.entries,
                b.pages,
                b.books,
                b.package_name.unwrap_or_default()
            );
        }
    }
    let imported = batch::import::imported_packages(s.conn())?;
    if !imported.is_empty() {
        println!("Các gói đã nhập:");
        for p in imported {
            println!(
                "  #{:<3} {:<7} {} ({}) đợt {:>3}: {} sổ, {} bản ghi{}{}",
                p.id,
                p.kind,
                p.commune_name,
                p.commune_code,
                p.batch_number,
                p.books,
                p.entries,
                if p.superseded_by.is_some() { " — đã được thay thế" } else { "" },
                if p.verdicts_sent_at.is_some() { " — đã trả kết quả" } else { "" }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export(ws: &WorkspaceArgs, out: &Path, books: Vec<i64>, recipients: Vec<String>, passphrase: bool) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(ws)?;
    let encryption = if passphrase {
        Encryption::Passphrase { passphrase: passphrase_or_prompt()?, work_factor: None }
    } else {
        let mut r = batch::export::supervisor_recipients(s.conn())?;
        r.extend(recipients);
        if r.is_empty() {
            if let Some(p) = passphrase_from_env() {
                Encryption::Passphrase { passphrase: p, work_factor: None }
            } else {
                Encryption::Recipients(r)
            }
        } else {
            Encryption::Recipients(r)
        }
    };
    let started = Instant::now();
    // A folder: the package gets its usual name (naming.rs) inside it.
    let out = if out.is_dir() {
        let next = batch::export::batches(s.conn())?.iter().map(|b| b.number).max().unwrap_or(0) + 1;
        out.join(sohoa_core::naming::batch_package_name(&s.workspace().commune_code, next))
    } else {
        out.to_path_buf()
    };
    let sum = batch::export::export_batch(&mut s, &out, &ExportOptions { books }, &encryption, &mut progress_bar())?;
    println!("Đã gửi đợt số {} → {}", sum.batch_number, sum.package.display());
    println!(
        "  {} sổ, {} bản ghi, {} trang ảnh; gói {:.1} MB; {:.1} s",
        sum.books.len(),
        sum.entries,
        sum.pages,
        sum.package_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    for b in &sum.books {
        println!("  sổ {:>4} {:<4} {:<10} {:>5} bản ghi", b.book_id, b.book_type, b.quyen_so, b.entries);
    }
    println!("  Mã gói: {}", sum.package_id);
    println!("  Ký bởi thiết bị: {}", sum.signer_fingerprint);
    match &encryption {
        Encryption::Passphrase { .. } => println!("  Mã hóa bằng mật khẩu gói."),
        Encryption::Recipients(r) => println!("  Mã hóa cho {} người nhận.", r.len()),
    }
    Ok(ExitCode::SUCCESS)
}

fn open_keys(open: &OpenArgs) -> Result<(Keys, Option<Session>), CoreError> {
    let mut keys = Keys::default();
    for f in &open.identities {
        keys = keys.with_identity_file(f)?;
    }
    if let Some(p) = passphrase_from_env() {
        keys = keys.with_passphrase(p);
    }
    let session = match &open.workspace {
        Some(w) => {
            let user = open.user.clone().ok_or_else(|| CoreError::invalid("user", "cần --user (hoặc SOHOA_USER) khi dùng --workspace"))?;
            Some(crate::auth::open(&WorkspaceArgs { workspace: w.clone(), user })?)
        }
        None => None,
    };
    Ok((keys, session))
}

fn print_report(r: &VerifyReport, trusted_checked: bool) {
    if let Some(h) = &r.header {
        println!(
            "Gói {} đợt số {} của {} ({}), người gửi {}: {} sổ, {} bản ghi, {} trang ảnh",
            h.kind.as_str(),
            h.batch_number,
            h.sender.commune.name,
            h.sender.commune.code,
            h.sender.user,
            h.books.len(),
            h.entries,
            h.pages
        );
        println!("  Tạo lúc {} bởi {}", h.created_at, h.software);
    }
    println!("  {} tệp dữ liệu, {} byte", r.payload_files, r.payload_bytes);
    if let Some(fp) = &r.signer_fingerprint {
        println!("  Chữ ký Ed25519 hợp lệ; dấu vân tay người ký: {fp}");
        if !trusted_checked {
            println!("  (Chưa đối chiếu với khóa đã đăng ký: dùng --workspace, hoặc so dấu vân tay này với dấu vân tay đã biết.)");
        }
    }
    if let Some(id) = &r.package_id {
        println!("  Mã gói: {id}");
    }
    if r.ok {
        println!("KẾT QUẢ: HỢP LỆ — chữ ký và mọi mã kiểm tra đều khớp.");
    } else {
        println!("KẾT QUẢ: KHÔNG HỢP LỆ");
        for p in &r.problems {
            println!("  ✗ {p}");
        }
    }
}

fn verify(package: &Path, open: &OpenArgs, json: bool) -> Result<ExitCode, CoreError> {
    let (keys, session) = open_keys(open)?;
    let mut bar = progress_bar();
    let report = match session {
        Some(mut s) => batch::import::verify_package(&mut s, package, &keys, &mut bar)?,
        None => batch::verify_package(package, &keys, &mut bar)?,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        print_report(&report, open.workspace.is_some());
    }
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn unpack(package: &Path, out: &Path, open: &OpenArgs) -> Result<ExitCode, CoreError> {
    let (mut keys, session) = open_keys(open)?;
    if let Some(mut s) = session {
        keys = batch::import::package_keys(&mut s, &keys)?;
    }
    let report = batch::unpack_package(package, &keys, out, &mut progress_bar())?;
    print_report(&report, false);
    if report.ok {
        println!("Đã ghi túi BagIt tại {}", out.display());
        println!("  Lưu ý: thư mục này chứa dữ liệu cá nhân KHÔNG mã hóa; xóa ngay sau khi xem.");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("Không ghi gì vì gói không hợp lệ.");
        Ok(ExitCode::from(1))
    }
}

fn import(ws: &WorkspaceArgs, package: &Path) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(ws)?;
    let mut keys = Keys::default();
    if let Some(p) = passphrase_from_env() {
        keys = keys.with_passphrase(p);
    }
    let o = batch::import::import_package(&mut s, package, &keys, &mut progress_bar())?;
    if o.already_imported {
        println!("Gói này đã được nhập trước đó; không có gì thay đổi.");
        return Ok(ExitCode::SUCCESS);
    }
    match o.kind.as_str() {
        "batch" => {
            println!(
                "Đã nhập đợt gửi số {} của {} ({}): {} sổ, {} bản ghi, {} trang ảnh.",
                o.batch_number, o.commune_name, o.commune_code, o.books, o.entries, o.pages
            );
            if o.superseded_books > 0 {
                println!(
                    "  {} sổ gửi lại thay thế bản trước ({} bản ghi có thay đổi; lịch sử được giữ).",
                    o.superseded_books, o.changed_entries
                );
            }
        }
        _ => {
            println!(
                "Đã nhận kết quả đợt gửi số {}: {} sổ đã chấp nhận, {} sổ bị trả lại ({} bản ghi cần sửa).",
                o.batch_number, o.accepted_books, o.returned_books, o.returned_entries
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn verdict(ws: &WorkspaceArgs, book: i64, accept: bool, reasons: &[String]) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(ws)?;
    let decision = if accept {
        VerdictDecision::Accept
    } else {
        let mut v = Vec::new();
        for r in reasons {
            let mut parts = r.splitn(3, ':');
            let entry = parts.next().and_then(|x| x.trim().parse::<i64>().ok());
            let field = parts.next().map(str::trim).filter(|f| !f.is_empty()).map(str::to_string);
            let reason = parts.next().unwrap_or_default().trim().to_string();
            let Some(entry_id) = entry else {
                return Err(CoreError::invalid("--return", format!("“{r}”: cần dạng MÃ_BẢN_GHI:TRƯỜNG:lý do")));
            };
            v.push(ReturnReason { entry_id, field, reason });
        }
        if v.is_empty() {
            return Err(CoreError::invalid("verdict", "cần --accept hoặc ít nhất một --return"));
        }
        VerdictDecision::Return(v)
    };
    batch::verdict::record_verdict(&mut s, book, &decision)?;
    println!("Đã ghi kết quả cho sổ số {book}: {}", if accept { "duyệt" } else { "trả lại" });
    Ok(ExitCode::SUCCESS)
}

fn send_verdicts(ws: &WorkspaceArgs, import: Option<i64>, out: &Path, passphrase: bool) -> Result<ExitCode, CoreError> {
    let mut s = crate::auth::open(ws)?;
    let id = match import {
        Some(i) => i,
        None => batch::import::imported_packages(s.conn())?
            .into_iter()
            .find(|p| p.kind == "batch" && p.superseded_by.is_none() && p.verdicts_sent_at.is_none())
            .map(|p| p.id)
            .ok_or_else(|| CoreError::NotFound("gói đợt gửi nào chờ trả kết quả".into()))?,
    };
    let enc = if passphrase { Some(Encryption::Passphrase { passphrase: passphrase_or_prompt()?, work_factor: None }) } else { None };
    // A folder: the package gets its usual name (naming.rs) inside it.
    let out = if out.is_dir() {
        let p = batch::import::imported_packages(s.conn())?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| CoreError::NotFound(format!("gói đã nhập số {id}")))?;
        out.join(sohoa_core::naming::verdict_package_name(&p.commune_code, p.batch_number))
    } else {
        out.to_path_buf()
    };
    let v = batch::verdict::export_verdicts(&mut s, id, &out, enc.as_ref())?;
    println!(
        "Đã ghi gói kết quả đợt số {} cho xã/phường {} → {}: {} sổ duyệt, {} sổ trả lại ({} bản ghi).",
        v.batch_number,
        v.commune_code,
        v.package.display(),
        v.accepted_books,
        v.returned_books,
        v.returned_entries
    );
    Ok(ExitCode::SUCCESS)
}

// --- Benchmark -------------------------------------------------------------------------------

fn vm(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// CPU seconds (user + system) used by this process so far.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Resets the peak-RSS mark so each phase's peak can be read (Linux: clear_refs 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn bench(entries: usize, pages: usize, page_kb: usize, dir: Option<PathBuf>) -> Result<ExitCode, CoreError> {
    use sohoa_core::model::book::{NewBook, RegistryRef};
    use sohoa_core::model::entry::LoadEntry;
    use sohoa_core::model::page::NewPage;
    use sohoa_core::session::accounts::{NewAccount, Role};
    use sohoa_core::store::keys::KdfParams;
    use sohoa_core::workspace::{self, CreateWorkspace};
    use sohoa_core::{EntryStatus, FieldValue};

    let throwaway = dir.is_none();
    let root = dir.unwrap_or_else(|| std::env::temp_dir().join(format!("sohoa-bench-batch-{}", std::process::id())));
    std::fs::create_dir_all(&root)?;
    let pw = "bench-password";
    let kdf = KdfParams::insecure_for_tests();
    let acct = |u: &str, role: Role, scope: Vec<ScopeUnit>| NewAccount {
        username: u.into(),
        display_name: u.into(),
        role,
        password: pw.into(),
        scope,
    };
    let make = |dir: &Path, code: &str, a: NewAccount| {
        workspace::create(
            dir,
            CreateWorkspace {
                commune_scheme: "qd19_2025".into(),
                commune_code: code.into(),
                commune_name: format!("Đơn vị {code}"),
                first_account: a,
                kdf,
            },
        )
    };
    let t0 = Instant::now();
    let mut c = make(&root.join("commune"), "05971", acct("canbo", Role::Clerk, vec![]))?;
    let mut sup = make(
        &root.join("supervisor"),
        "19",
        acct("giamsat", Role::Supervisor, vec![ScopeUnit { scheme: "qd19_2025".into(), code: "05971".into() }]),
    )?;
    let cf = batch::identity::device_file(&mut c)?;
    let sf = batch::identity::device_file(&mut sup)?;
    batch::identity::trust_device_file(&mut sup, &cf)?;
    batch::identity::trust_device_file(&mut c, &sf)?;
    let books = 5usize.min(entries.max(1));
    let mut rng: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for b in 0..books {
        let quyen = format!("{:02}/{}", b + 1, 1990 + b);
        let id = c.write(|w| {
            model::book::create(
                w,
                &NewBook {
                    book_type: sohoa_core::BookType::Ks,
                    registry: RegistryRef { scheme: "gso_pre2025".into(), code: Some("05986".into()), name: "UBND xã Yên Lạc".into() },
                    quyen_so: quyen.clone(),
                    year_from: 1990 + b as i32,
                    year_to: None,
                    page_count: 500,
                    expected_entries: None,
                    note: None,
                },
            )
        })?;
        let n_pages = pages / books + usize::from(b < pages % books);
        for p in 0..n_pages {
            // Incompressible bytes like a JPEG's entropy-coded data, behind a JPEG start marker.
            let mut img = vec![0xFF, 0xD8, 0xFF, 0xE0];
            while img.len() < page_kb * 1024 {
                img.extend_from_slice(&next().to_le_bytes());
            }
            c.write(|w| model::page::add(w, id, NewPage { bytes: &img, mime: "image/jpeg", width: Some(1240), height: Some(1754) }))?;
            let _ = p;
        }
        let n_entries = entries / books + usize::from(b < entries % books);
        let load: Vec<LoadEntry> = (0..n_entries)
            .map(|i| {
                let f = |k: &str, v: String| FieldValue { field: k.into(), value: v, illegible: false };
                LoadEntry {
                    fields: vec![
                        f("so", (i + 1).to_string()),
                        f("quyenSo", quyen.clone()),
                        f("trangSo", (i * n_pages.max(1) / n_entries.max(1) + 1).to_string()),
                        f("ngayDangKy", format!("{}/{}/{}", 1 + i % 28, 1 + i % 12, 1990 + b)),
                        f("loaiDangKy", "1".into()),
                        f("nksHoTen", format!("Nguyễn Văn Thử {i}")),
                        f("nksGioiTinh", "1".into()),
                        f("nksNgaySinh", format!("{}/{}/{}", 1 + (i * 7) % 28, 1 + i % 12, 1990 + b)),
                        f("nksNoiSinh", "Trạm y tế xã Yên Lạc".into()),
                        f("nksDanToc", "Kinh".into()),
                        f("nksQuocTich", "Việt Nam".into()),
                        f("meHoTen", "Trần Thị Mẫu".into()),
                        f("meNgaySinh", "1965".into()),
                        f("chaHoTen", "Nguyễn Văn Cha".into()),
                        f("chaNgaySinh", "1963".into()),
                        f("nycHoTen", "Nguyễn Văn Cha".into()),
                    ],
                    status: EntryStatus::Checked,
                }
            })
            .collect();
        c.write(|w| model::entry::load(w, id, &load, "bench"))?;
        c.write(|w| model::book::set_finished(w, id, true))?;
    }
    println!("Chuẩn bị: {entries} bản ghi, {pages} trang ảnh × {page_kb} kB trong {books} sổ — {:.1} s", t0.elapsed().as_secs_f64());
    let baseline = vm("VmRSS:");

    let package = root.join("bench.sohoa");
    let _ = std::fs::remove_file(&package);
    reset_peak();
    let (t, cpu) = (Instant::now(), cpu_s());
    let recipients = batch::export::supervisor_recipients(c.conn())?;
    let sum =
        batch::export::export_batch(&mut c, &package, &ExportOptions::default(), &Encryption::Recipients(recipients), &mut progress_bar())?;
    let (export_s, export_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - cpu);
    let export_peak = vm("VmHWM:");

    reset_peak();
    let (t, cpu) = (Instant::now(), cpu_s());
    let report = batch::import::verify_package(&mut sup, &package, &Keys::default(), &mut progress_bar())?;
    let (verify_s, verify_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - cpu);
    let verify_peak = vm("VmHWM:");
    if !report.ok {
        println!("Gói không hợp lệ: {}", report.reasons());
        return Ok(ExitCode::from(1));
    }

    reset_peak();
    let (t, cpu) = (Instant::now(), cpu_s());
    let imported = batch::import::import_package(&mut sup, &package, &Keys::default(), &mut progress_bar())?;
    let (import_s, import_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - cpu);
    let import_peak = vm("VmHWM:");

    println!("Gói: {:.1} MB ({} bản ghi, {} trang ảnh)", sum.package_bytes as f64 / 1e6, sum.entries, sum.pages);
    println!("RSS trước khi đo: {:.0} MB", baseline as f64 / 1024.0);
    println!("export : {export_s:>6.2} s (CPU {export_cpu:>5.2} s)   đỉnh RSS {:>6.0} MB", export_peak as f64 / 1024.0);
    println!("verify : {verify_s:>6.2} s (CPU {verify_cpu:>5.2} s)   đỉnh RSS {:>6.0} MB", verify_peak as f64 / 1024.0);
    println!(
        "import : {import_s:>6.2} s (CPU {import_cpu:>5.2} s)   đỉnh RSS {:>6.0} MB  ({} bản ghi vào sổ làm việc giám sát)",
        import_peak as f64 / 1024.0,
        imported.entries
    );
    drop(c);
    drop(sup);
    if throwaway {
        let _ = std::fs::remove_dir_all(&root);
    }
    Ok(ExitCode::SUCCESS)
}
