//! `sohoa review` (issue 12): the statistics of the supervisor's review, from `sohoa-qa`.
//!
//! ```text
//! sohoa review plan --lot N --aql A [--severity normal|tightened|reduced] [--level II] [--format line|json]
//! sohoa review cert -w WS -u USER --import ID --out DIR      (supervisor: QA certificate of an accepted batch)
//! sohoa review verify-cert -w WS -u USER FILE.pdf            (signature, PDF hash, enrolled supervisor key)
//! sohoa review settings -w WS -u USER [--aql A] [--counting entries|fields]   (province: AQL and counting; prints them)
//! sohoa review pass -w WS -u USER --book N (--start self|second | --finish | --list)   (clerks' check passes)
//! sohoa review reduced -w WS -u USER [--commune SCHEME:CODE (--approve AUTHORITY [--reference R] [--date D] | --withdraw) [--irregular]]
//!                                                            (reduced inspection: the authority's approval, steady production; lists every commune)
//! ```
//!
//! `verify-cert` prints what it checked and exits 0 when the certificate holds, 1 when it does
//! not (PDF changed, signature wrong, or a key that is not an enrolled supervisor's).
//!
//! Prints one line for the plan actually used (ISO 2859-1:1999, arrows followed):
//! - `code=H n=50 Ac=1 Re=2`
//! - `code=E (lot letter F) n=13 Ac=0 Re=1` when the table's arrows moved the plan off the lot's
//!   own code letter;
//! - `code=E (lot letter B) n=10 Ac=0 Re=1 100%` when the table's sample size is not below the
//!   lot: every entry is inspected, `n` is the lot size (the table's n is in the JSON).
//!
//! `--format json` prints the full plan, the risk (p95/p10) for both counting views and the
//! explanation in Vietnamese and English. An AQL that is not a column of the table, an unknown
//! level or severity, or an empty lot: a message on stderr and exit status 2.
use clap::Subcommand;
use sohoa_core::CoreError;
use sohoa_qa::{Aql, CountingMode, Level, Plan, QaError, Severity};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum ReviewCommand {
    /// ISO 2859-1 single sampling plan for a book (lot) of N entries: code letter, n, Ac, Re
    Plan(PlanArgs),
    /// QA certificate of an accepted batch (supervisor): signed PDF, .sig.json and summary XLSX
    Cert {
        #[command(flatten)]
        ws: crate::WorkspaceArgs,
        /// Imported batch package id (see `sohoa batch list`)
        #[arg(long = "import")]
        import_id: i64,
        /// Folder to write the certificate into
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// The province's review settings (supervisor): AQL and counting; prints the settings in force
    Settings {
        #[command(flatten)]
        ws: crate::WorkspaceArgs,
        /// AQL, a column of ISO 2859-1 Table 2-A (default 1.0)
        #[arg(long)]
        aql: Option<String>,
        /// `entries` (an entry with a wrong field is nonconforming) or `fields` (wrong fields per 100 entries)
        #[arg(long)]
        counting: Option<String>,
    },
    /// The clerks' check passes of a book: start one (self check, or a second check by another account), finish it, list them
    Pass {
        #[command(flatten)]
        ws: crate::WorkspaceArgs,
        #[arg(long)]
        book: i64,
        /// Start a pass: `self` or `second`
        #[arg(long, conflicts_with_all = ["finish", "list"])]
        start: Option<String>,
        /// Finish the open pass of this account on the book
        #[arg(long, conflicts_with = "list")]
        finish: bool,
        /// List the book's passes with the fields changed in each
        #[arg(long)]
        list: bool,
    },
    /// Reduced inspection (ISO 2859-1 §9.3.3): record the authority's approval (or its withdrawal)
    /// and steady production for a commune; prints every commune's state and conditions
    Reduced {
        #[command(flatten)]
        ws: crate::WorkspaceArgs,
        /// The commune, `scheme:code` (as in `--scope`)
        #[arg(long)]
        commune: Option<String>,
        /// Who approved reduced inspection (e.g. "Sở Tư pháp tỉnh Thái Nguyên")
        #[arg(long, requires = "commune", conflicts_with = "withdraw")]
        approve: Option<String>,
        /// The approval's reference (decision number, letter)
        #[arg(long, requires = "approve")]
        reference: Option<String>,
        /// The approval's date, as written
        #[arg(long, requires = "approve")]
        date: Option<String>,
        /// The authority withdraws its approval
        #[arg(long, requires = "commune")]
        withdraw: bool,
        /// The commune's production is irregular or delayed
        #[arg(long, requires = "commune")]
        irregular: bool,
    },
    /// Check a QA certificate: the PDF's hash, the signature and that the key is an enrolled supervisor's
    VerifyCert {
        #[command(flatten)]
        ws: crate::WorkspaceArgs,
        /// The certificate PDF (its `.sig.json` beside it)
        file: std::path::PathBuf,
    },
}

#[derive(clap::Args)]
pub struct PlanArgs {
    /// Entries in the book (the lot)
    #[arg(long)]
    lot: u64,
    /// Acceptance quality limit, one of the table's columns (0.010 … 1000; the province default is 1.0)
    #[arg(long)]
    aql: String,
    /// Inspection severity: normal, tightened or reduced
    #[arg(long, default_value = "normal")]
    severity: String,
    /// Inspection level: S-1, S-2, S-3, S-4, I, II or III
    #[arg(long, default_value = "II")]
    level: String,
    /// `line` (one line) or `json` (full plan, risk, explanation)
    #[arg(long, value_enum, default_value = "line")]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Line,
    Json,
}

pub fn run(cmd: ReviewCommand) -> Result<ExitCode, CoreError> {
    let a = match cmd {
        ReviewCommand::Plan(a) => a,
        ReviewCommand::Cert { ws, import_id, out } => {
            let mut s = crate::auth::open(&ws)?;
            let f = sohoa_core::batch::qa::cert::write_certificate(&mut s, import_id, &out)?;
            let c = &f.certificate;
            println!("Giấy chứng nhận: {}", f.pdf.display());
            println!("Chữ ký:          {}", f.signature.display());
            println!("Bảng tổng hợp:   {}", f.xlsx.display());
            println!("SHA-256 của PDF: {}", f.pdf_sha256);
            println!(
                "{} sổ, {} bản ghi đối chiếu, {} bản ghi sai ({:.2} %), cận trên 95 %: {:.2} %",
                c.books.len(),
                c.sampled,
                c.nonconforming_entries,
                c.entry_error_percent,
                c.entry_error_upper_95_percent
            );
            return Ok(ExitCode::SUCCESS);
        }
        ReviewCommand::Settings { ws, aql, counting } => {
            use sohoa_core::batch::qa;
            let mut s = crate::auth::open(&ws)?;
            let mut v = qa::settings(s.conn())?;
            if aql.is_some() || counting.is_some() {
                if let Some(a) = aql {
                    v.aql = a.parse().map_err(|e: QaError| CoreError::invalid("aql", e.message_vi()))?;
                }
                if let Some(c) = counting {
                    v.counting = c.parse().map_err(|e: String| CoreError::invalid("counting", e))?;
                }
                qa::set_settings(&mut s, v)?;
            }
            println!(
                "AQL {} — đếm theo {}",
                v.aql.label_vi(),
                if v.counting == CountingMode::Entries { "bản ghi có sai sót" } else { "trường sai trên 100 bản ghi" }
            );
            return Ok(ExitCode::SUCCESS);
        }
        ReviewCommand::Pass { ws, book, start, finish, list } => {
            use sohoa_core::batch::qa::passes;
            let mut s = crate::auth::open(&ws)?;
            if let Some(kind) = start {
                let p = passes::start_pass(&mut s, book, passes::PassKind::parse(&kind)?)?;
                println!("Bắt đầu lượt kiểm tra {} ({}) số {} trên sổ {book}", p.kind, p.by_user, p.id);
            } else if finish {
                let me = s.user().username.clone();
                let open = passes::passes(s.conn(), book)?.into_iter().find(|p| p.finished_at.is_none() && p.by_user == me);
                let Some(open) = open else {
                    return Err(CoreError::NotFound(format!("lượt kiểm tra đang mở của {me} trên sổ {book}")));
                };
                let p = passes::finish_pass(&mut s, open.id)?;
                println!("Kết thúc lượt kiểm tra {} số {}: {} trường đã sửa", p.kind, p.id, p.fields_changed.unwrap_or(0));
            } else {
                for p in passes::passes(s.conn(), book)? {
                    println!(
                        "{}\t{}\t{}\t{} → {}\t{} trường",
                        p.id,
                        p.kind,
                        p.by_user,
                        p.started_at,
                        p.finished_at.as_deref().unwrap_or("(đang mở)"),
                        p.fields_changed.unwrap_or(0)
                    );
                    if list {
                        for c in passes::pass_changes(s.conn(), p.id)? {
                            println!(
                                "    bản ghi {} {}: {:?} → {:?}",
                                c.seq,
                                c.field,
                                c.old_value.unwrap_or_default(),
                                c.new_value.unwrap_or_default()
                            );
                        }
                    }
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        ReviewCommand::Reduced { ws, commune, approve, reference, date, withdraw, irregular } => {
            use sohoa_core::batch::qa::reduced::{self, ConditionsInput};
            let mut s = crate::auth::open(&ws)?;
            if let Some(c) = commune {
                let (scheme, code) =
                    c.split_once(':').ok_or_else(|| CoreError::invalid("commune", "dạng scheme:mã, ví dụ qd19_2025:05602"))?;
                let before = reduced::conditions_record(s.conn(), scheme, code)?;
                let approves = match (&approve, withdraw) {
                    (Some(_), _) => true,
                    (None, true) => false,
                    (None, false) => before.as_ref().is_some_and(|r| r.input.authority_approves),
                };
                let keep = |f: fn(&ConditionsInput) -> &String| before.as_ref().map(|r| f(&r.input).clone()).unwrap_or_default();
                let input = ConditionsInput {
                    authority_approves: approves,
                    production_steady: !irregular,
                    authority: approve.clone().unwrap_or_else(|| keep(|i| &i.authority)),
                    reference: reference.unwrap_or_else(|| if approve.is_some() { String::new() } else { keep(|i| &i.reference) }),
                    approved_on: date.unwrap_or_else(|| if approve.is_some() { String::new() } else { keep(|i| &i.approved_on) }),
                };
                let v = reduced::record_conditions(&mut s, scheme, code, &input)?;
                if let Some(t) = v.transition_vi {
                    println!("{t}");
                }
            }
            for v in reduced::switching_views(s.conn())? {
                let yes = |b: bool| if b { "có" } else { "không" };
                println!(
                    "{}:{}\t{}\tđiểm {}/{}\ttiến độ đều: {}\tcấp thẩm quyền đồng ý: {}{}\tđủ điều kiện kiểm tra giảm: {}",
                    v.commune_scheme,
                    v.commune_code,
                    v.state,
                    v.score,
                    v.score_needed,
                    yes(v.production_steady),
                    yes(v.authority_approves),
                    v.conditions
                        .as_ref()
                        .filter(|c| c.input.authority_approves)
                        .map(|c| format!(" ({})", c.input.authority))
                        .unwrap_or_default(),
                    yes(v.reduced_allowed)
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        ReviewCommand::VerifyCert { ws, file } => {
            let s = crate::auth::open(&ws)?;
            let check = sohoa_core::batch::qa::cert::verify_certificate(s.conn(), &file)?;
            let yes = |b: bool| if b { "đúng" } else { "SAI" };
            println!("PDF không bị sửa:           {}", yes(check.pdf_unchanged));
            println!("Chữ ký hợp lệ:              {}", yes(check.signature_valid));
            println!("Khóa của giám sát viên đã đăng ký ({}): {}", check.fingerprint, yes(check.enrolled));
            for p in &check.problems {
                println!("  - {p}");
            }
            if check.ok {
                println!("Giấy chứng nhận hợp lệ.");
                return Ok(ExitCode::SUCCESS);
            }
            println!("Giấy chứng nhận KHÔNG hợp lệ.");
            return Ok(ExitCode::from(1));
        }
    };
    match plan(&a) {
        Ok(p) => {
            match a.format {
                Format::Line => println!("{}", p.summary_line()),
                Format::Json => println!("{}", serde_json::to_string_pretty(&plan_json(&p)).expect("plain data")),
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("Lỗi: {} [{}]", e.message_vi(), e.code());
            eprintln!("  ({e})");
            Ok(ExitCode::from(2))
        }
    }
}

fn plan(a: &PlanArgs) -> Result<Plan, QaError> {
    let aql: Aql = a.aql.parse()?;
    let severity: Severity = a.severity.parse()?;
    let level: Level = a.level.parse()?;
    Plan::lookup(a.lot, level, severity, aql)
}

fn plan_json(p: &Plan) -> serde_json::Value {
    let risk = |mode: CountingMode| {
        let r = p.risk(mode);
        serde_json::json!({ "p95_percent": r.p95, "p10_percent": r.p10 })
    };
    let mode = p.default_mode();
    let main = p.risk(mode);
    serde_json::json!({
        "summary": p.summary_line(),
        "plan": p,
        "inspected": p.inspected(),
        "counting": mode,
        "p95_percent": main.p95,
        "p10_percent": main.p10,
        // percent nonconforming entries (binomial); AQLs above 10 exist only per 100 entries
        "risk_entries": if p.aql.allows_percent_nonconforming() { risk(CountingMode::Entries) } else { serde_json::Value::Null },
        // nonconformities (wrong fields) per 100 entries (Poisson)
        "risk_fields": risk(CountingMode::Fields),
        "explain_vi": p.explain_vi(),
        "explain_en": p.explain_en(),
    })
}
