//! `sohoa crash-probe …` (hidden): the operations the crash harness (tools/crash/) kills with
//! SIGKILL at random points, and the check it runs afterwards. Each operation prints `ack …`
//! only after its transaction committed, so every acknowledged line must survive a kill.
use crate::WorkspaceArgs;
use clap::Subcommand;
use sohoa_core::{dedupe, keying, model, CoreError, FieldValue};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum CrashCommand {
    /// Save the notes field of editable entries in a loop, printing `ack <entry> <value>` after each commit
    Keying {
        #[command(flatten)]
        ws: WorkspaceArgs,
        #[arg(long, default_value_t = 1_000_000)]
        count: usize,
        /// Marks the values of this run
        #[arg(long, default_value = "k")]
        tag: String,
    },
    /// Import a population extract CSV (one transaction), then print `ack extract <rows>`
    Extract {
        #[command(flatten)]
        ws: WorkspaceArgs,
        #[arg(long)]
        csv: PathBuf,
    },
    /// Write the demo's extract CSV of a small sample to a file (the harness's fixture)
    ExtractFixture {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 300)]
        rows: usize,
    },
    /// After a kill: sign in (quick_check, stale temporary files cleaned), integrity_check, every
    /// acknowledged save present, no dangling reference, the day-by-day progress adding up to the
    /// entries; prints one JSON line of counts
    Check {
        #[command(flatten)]
        ws: WorkspaceArgs,
        /// The stdout of a killed `crash-probe keying` run
        #[arg(long)]
        acks: Option<PathBuf>,
    },
}

const FIELD: &str = "ghiChu";

pub fn run(cmd: CrashCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        CrashCommand::Keying { ws, count, tag } => {
            let mut s = crate::auth::open(&ws)?;
            let mut ids = Vec::new();
            for b in model::book::list(s.conn())? {
                ids.extend(model::entry::ids(s.conn(), b.id)?);
            }
            let mut out = std::io::stdout().lock();
            let mut acked = 0;
            for k in 0..count {
                let id = ids[k % ids.len().max(1)];
                let value = format!("{tag}-{k}");
                match keying::save_field(&mut s, id, FieldValue { field: FIELD.into(), value: value.clone(), illegible: false }) {
                    Ok(_) => {
                        writeln!(out, "ack {id} {value}")?;
                        out.flush()?;
                        acked += 1;
                    }
                    Err(CoreError::Conflict(_)) => continue, // a frozen entry
                    Err(e) => return Err(e),
                }
            }
            eprintln!("{acked} lần lưu");
        }
        CrashCommand::Extract { ws, csv } => {
            let mut s = crate::auth::open(&ws)?;
            let bytes = std::fs::read(&csv)?;
            let r = dedupe::import_extract_csv(&mut s, &bytes, "Công an xã (thử)", "2025-06-30")?;
            println!("ack extract {}", r.rows_loaded);
        }
        CrashCommand::ExtractFixture { out, rows } => {
            let cfg = sohoa_sample::SampleConfig { entries: 50, extract_rows: rows, render_pages: false, ..Default::default() };
            sohoa_core::fsx::write_atomic(&out, sohoa_sample::generate(&cfg).extract_csv.as_bytes())?;
        }
        CrashCommand::Check { ws, acks } => {
            let s = crate::auth::open(&ws)?;
            let c = s.conn();
            let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            let mut missing = 0usize;
            let mut checked = 0usize;
            if let Some(path) = acks {
                let text = std::fs::read_to_string(path)?;
                for line in text.lines() {
                    let mut parts = line.split(' ');
                    let (Some("ack"), Some(id), Some(value)) = (parts.next(), parts.next(), parts.next()) else { continue };
                    let Ok(id) = id.parse::<i64>() else { continue };
                    checked += 1;
                    let history = keying::field_history(c, id, Some(FIELD))?;
                    if !history.iter().any(|h| h.new_value.as_deref() == Some(value)) {
                        missing += 1;
                        eprintln!("missing acknowledged save: entry {id} = {value}");
                    }
                }
            }
            let count = |sql: &str| -> Result<i64, CoreError> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
            let temp_files: usize = std::iter::once(ws.workspace.clone())
                .chain(sohoa_core::naming::export_dirs(&ws.workspace))
                .filter_map(|d| std::fs::read_dir(d).ok())
                .flat_map(|rd| rd.flatten())
                .filter(|e| e.file_name().to_string_lossy().starts_with(sohoa_core::fsx::TEMP_PREFIX))
                .count();
            let audit_ok = sohoa_core::session::audit::verify(c)?.problem.is_none();
            // Every reference whole (the import writes its chunks without row-by-row checks), and
            // the day-by-day progress adding up to the entries there are, per book and status
            // (new entries are counted by their writer, status changes by triggers).
            let dangling = count("SELECT count(*) FROM pragma_foreign_key_check")?;
            let mut st = c.prepare(
                "SELECT book_id, status, sum(n) FROM (
                     SELECT book_id, status, delta AS n FROM progress_day
                     UNION ALL SELECT book_id, status, -count(*) FROM entry GROUP BY book_id, status)
                 GROUP BY book_id, status HAVING sum(n) <> 0",
            )?;
            let progress_off: Vec<String> = st
                .query_map([], |r| {
                    Ok(format!("book {:?} {}: {:+}", r.get::<_, Option<i64>>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
                })?
                .collect::<Result<_, _>>()?;
            // What the upload export and the package import record (all or nothing): the file
            // names the workspace records as exported, to compare with what is in the folder.
            let mut st = c.prepare("SELECT xlsx_name, zip_name FROM upload_export ORDER BY id")?;
            let upload_names: Vec<String> =
                st.query_map([], |r| Ok([r.get::<_, String>(0)?, r.get::<_, String>(1)?]))?.collect::<Result<Vec<_>, _>>()?.concat();
            println!(
                "{}",
                serde_json::json!({
                    "integrity": integrity,
                    "acksChecked": checked,
                    "acksMissing": missing,
                    "books": count("SELECT count(*) FROM register_book")?,
                    "entries": count("SELECT count(*) FROM entry")?,
                    "extractImports": count("SELECT count(*) FROM extract_import")?,
                    "extractPersons": count("SELECT count(*) FROM extract_person")?,
                    "tempFiles": temp_files,
                    "auditRows": count("SELECT count(*) FROM audit_log")?,
                    "uploadExports": count("SELECT count(*) FROM upload_export")?,
                    "uploadFiles": upload_names,
                    "exportedEntries": count("SELECT count(*) FROM entry WHERE status = 'exported'")?,
                    "packageImports": count("SELECT count(*) FROM package_import")?,
                    "importedEntries": count("SELECT count(*) FROM imported_entry")?,
                    "auditOk": audit_ok,
                    "danglingReferences": dangling,
                    "progressMismatches": progress_off,
                })
            );
            if integrity != "ok" || missing > 0 || temp_files > 0 || !audit_ok || dangling > 0 || !progress_off.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
