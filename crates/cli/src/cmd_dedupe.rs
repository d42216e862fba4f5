//! `sohoa dedupe --extract E --records R --out M` (formats.md §3): reads both files with the
//! app's own rules (the population extract importer of issue 5; the keyed records as the
//! spreadsheet import of issue 4 would keep or refuse them) and runs the matching engine on them
//! in memory (`sohoa_core::dedupe::files`), then writes MATCHES.csv. An empty throwaway
//! workspace (a temporary folder with a random password, deleted afterwards) only lends the
//! import's dry run its commune. `--via-workspace` (hidden) does it the earlier way — both files
//! imported into the throwaway workspace, the app's batch run, MATCHES.csv from the stored
//! candidates — which writes the same file, slower (for comparisons).
//!
//! `--generate` first writes a labelled synthetic data set (the linkage crate's generator) to
//! the `--extract` and `--records` paths, for benchmarks: `sohoa dedupe --generate
//! --extract-rows 150000 --records-count 20000 --extract E.csv --records R.csv --out M.csv`.
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sohoa_core::dedupe;
use sohoa_core::dedupe::{CandidateKind, LineError, Progress, Stage};
use sohoa_core::fsx::AtomicFile;
use sohoa_core::import;
use sohoa_core::session::accounts::{NewAccount, Role};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace::{self, CreateWorkspace};
use sohoa_core::CoreError;
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct DedupeArgs {
    /// Population extract (formats.md §1): CSV (comma or semicolon) or XLSX
    #[arg(long)]
    extract: PathBuf,
    /// Previously keyed birth records (formats.md §2): CSV or XLSX
    #[arg(long)]
    records: PathBuf,
    /// Where to write MATCHES.csv (formats.md §3)
    #[arg(long)]
    out: PathBuf,
    /// First write a synthetic, labelled data set to --extract and --records (benchmarks)
    #[arg(long)]
    generate: bool,
    /// With --generate: rows of the extract
    #[arg(long, default_value_t = 150_000)]
    extract_rows: usize,
    /// With --generate: keyed records
    #[arg(long, default_value_t = 20_000)]
    records_count: usize,
    /// With --generate: spread the records over this many books (`quyen_so` values, as a
    /// commune's decades of keyed births are); by default ~9 books per birth year
    #[arg(long)]
    books: Option<usize>,
    /// With --generate: random seed
    #[arg(long, default_value_t = 2024)]
    seed: u64,
    /// With --generate: share of birth dates written in a historic form (lunar, impossible,
    /// approximate, in words, two-digit year; issue 10), as the registers wrote them
    #[arg(long, default_value_t = 0.0)]
    historic_dates: f64,
    /// With --generate: share of records whose name was illegible (written empty; matched on
    /// the birth date and parents, never automatically)
    #[arg(long, default_value_t = 0.0)]
    nameless: f64,
    /// With --generate: also write the true person of each record (ma_ban_ghi, so_dinh_danh) here
    #[arg(long)]
    truth: Option<PathBuf>,
    /// Load both files into a throwaway workspace and run the app's batch check on it (the way
    /// before matching in memory; same MATCHES.csv, slower: for comparisons)
    #[arg(long, hide = true)]
    via_workspace: bool,
    /// With --via-workspace: keep the throwaway workspace in this folder (debugging)
    #[arg(long, hide = true)]
    keep_workspace: Option<PathBuf>,
}

fn io_err(p: &Path, e: impl std::fmt::Display) -> CoreError {
    CoreError::invalid(p.display().to_string(), format!("không đọc/ghi được tệp: {e}"))
}

fn bar(len: u64, msg: &str) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    }
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg:<28} [{bar:30}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(msg.to_string());
    pb
}

/// Groups line errors by reason: "reason: N (lines a, b, c…)".
fn reasons(errors: impl Iterator<Item = (u64, String)>) -> Vec<String> {
    let mut by: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (line, reason) in errors {
        by.entry(reason).or_default().push(line);
    }
    let mut v: Vec<(String, Vec<u64>)> = by.into_iter().collect();
    v.sort_by_key(|(_, lines)| std::cmp::Reverse(lines.len()));
    v.into_iter()
        .map(|(r, lines)| {
            let shown: Vec<String> = lines.iter().take(5).map(|l| l.to_string()).collect();
            let more = if lines.len() > 5 { ", …" } else { "" };
            format!("{r}: {} (dòng {}{more})", lines.len(), shown.join(", "))
        })
        .collect()
}

/// The summary of a run, whichever way it was made: `$ext` and `$rec` are the two files'
/// reports (the in-memory readers' or the importers', which name their figures alike), `$run`
/// the engine's counts (a [`dedupe::DedupeRunReport`]: the batch run's, or one made of the
/// in-memory report).
macro_rules! summary {
    ($ext:expr, $rec:expr, $nameless:expr, $run:expr, $rows:expr, $timings:expr) => {{
        let (ext, rec, run) = ($ext, $rec, $run);
        Summary {
            rec_nameless: $nameless,
            ext_read: ext.rows_read,
            ext_loaded: ext.rows_loaded,
            ext_rejected: ext.rows_rejected,
            ext_errors: ext.line_errors,
            rec_read: rec.rows_read,
            rec_loaded: rec.loaded,
            rec_rejected: rec.rejected.iter().map(|r| (r.line, r.reason_vi.clone())).collect(),
            rec_unknown: rec.unknown_columns,
            person_pairs: run.person_pairs,
            record_pairs: run.record_pairs,
            candidates: run.candidates,
            person_candidates: run.person_candidates,
            record_candidates: run.record_candidates,
            person_matches: run.person_matches,
            record_matches: run.record_matches,
            rows: $rows,
            timings: $timings,
        }
    }};
}

/// What the summary says of the two files and of the run, whichever way it was made.
struct Summary {
    ext_read: usize,
    ext_loaded: usize,
    ext_rejected: usize,
    ext_errors: Vec<LineError>,
    rec_read: usize,
    rec_loaded: usize,
    rec_rejected: Vec<(u64, String)>,
    rec_unknown: Vec<String>,
    /// Loaded records without a name (blank or illegible): matched on the birth date and the
    /// parents, never automatically.
    rec_nameless: usize,
    person_pairs: u64,
    record_pairs: u64,
    candidates: usize,
    person_candidates: usize,
    record_candidates: usize,
    person_matches: usize,
    record_matches: usize,
    rows: usize,
    /// "Thời gian: …" line, stage by stage.
    timings: String,
}

pub fn run(a: DedupeArgs) -> Result<ExitCode, CoreError> {
    let t_all = Instant::now();
    if a.generate {
        let t = Instant::now();
        generate(&a)?;
        eprintln!(
            "Đã tạo dữ liệu giả lập: {} dòng trích xuất, {} bản ghi ({:.1} s)",
            a.extract_rows,
            a.records_count,
            t.elapsed().as_secs_f64()
        );
    }
    let t_start = Instant::now();
    let extract_bytes = sohoa_core::fsx::read_limited(&a.extract, sohoa_core::tabular::Limits::extract().file_bytes, "tệp trích xuất")?;
    let records_bytes = sohoa_core::fsx::read_limited(&a.records, sohoa_core::tabular::Limits::default().file_bytes, "tệp bản ghi")?;
    let ms_read = t_start.elapsed().as_millis();
    let sum = if a.via_workspace {
        via_workspace(&a, extract_bytes, records_bytes, t_start)?
    } else {
        in_memory(&a, extract_bytes, records_bytes, t_start, ms_read)?
    };
    print_summary(&a, &sum);
    if a.generate {
        println!("  (kể cả tạo dữ liệu giả lập: {:.2} s)", t_all.elapsed().as_secs_f64());
    }
    Ok(ExitCode::SUCCESS)
}

/// The throwaway workspace: a temporary folder, a random password used once, no durability.
fn throwaway_workspace() -> Result<(tempfile::TempDir, PathBuf, sohoa_core::Session), CoreError> {
    let tmp = tempfile::Builder::new().prefix("sohoa-dedupe-").tempdir()?;
    let ws_dir = tmp.path().join("ws");
    let password = {
        use rand::RngCore;
        let mut b = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut b);
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    };
    // The password is 256 random bits used once: key stretching adds nothing, so the cheap KDF.
    let s = workspace::create(
        &ws_dir,
        CreateWorkspace {
            commune_scheme: "qd19_2025".into(),
            commune_code: "00000".into(),
            commune_name: "Đối chiếu tạm".into(),
            first_account: NewAccount {
                username: "dedupe".into(),
                display_name: "sohoa dedupe".into(),
                role: Role::Clerk,
                password,
                scope: vec![],
            },
            kdf: KdfParams::insecure_for_tests(),
        },
    )?;
    // A throwaway database: no durability needed (it is deleted at the end), a large page cache.
    s.conn().execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -131072;")?;
    Ok((tmp, ws_dir, s))
}

fn engine_progress(pb: &ProgressBar) -> impl Fn(Progress) + Sync {
    let pb2 = pb.clone();
    move |p: Progress| {
        let msg = match p.stage {
            Stage::Preparing => "Chuẩn bị chỉ mục",
            Stage::Training => "Ước lượng trọng số (EM)",
            Stage::ScoringPersons => "So với trích xuất dân cư",
            Stage::ScoringRecords => "So các bản ghi với nhau",
            Stage::Done => "Xong",
        };
        pb2.set_message(msg);
        pb2.set_length(p.total.max(1) as u64);
        pb2.set_position(p.done as u64);
    }
}

fn secs(ms: u128) -> f64 {
    ms as f64 / 1000.0
}

/// Both files read with the app's rules and matched in memory (`dedupe::files`): nothing is
/// written but MATCHES.csv. The throwaway workspace only lends the spreadsheet import's dry run
/// its commune (it stays empty).
fn in_memory(
    a: &DedupeArgs,
    extract_bytes: Vec<u8>,
    records_bytes: Vec<u8>,
    t_start: Instant,
    ms_read: u128,
) -> Result<Summary, CoreError> {
    use sohoa_core::dedupe::files;
    let t = Instant::now();
    let (tmp, _ws_dir, s) = throwaway_workspace()?;
    let ms_ws = t.elapsed().as_millis();

    let pb = bar(2, "Đọc trích xuất dân cư");
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    let t = Instant::now();
    let file_name = a.extract.file_name().and_then(|n| n.to_str()).unwrap_or("extract.csv");
    let ext = files::read_extract_for_matching(&extract_bytes, file_name)?;
    drop(extract_bytes);
    let ms_extract = t.elapsed().as_millis();
    pb.set_position(1);

    pb.set_message("Đọc bản ghi đã nhập liệu");
    let t = Instant::now();
    let rec_name = a.records.file_name().and_then(|n| n.to_str()).unwrap_or("records.csv");
    let rec = files::read_records_for_matching(&s, &records_bytes, rec_name)?;
    drop(records_bytes);
    drop(s);
    drop(tmp);
    let ms_records = t.elapsed().as_millis();
    pb.finish_and_clear();

    let t = Instant::now();
    let pb = bar(rec.records.len() as u64, "Đối chiếu");
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    let progress = engine_progress(&pb);
    let report = files::match_for_files(&ext.persons, &rec.records, Some(&progress));
    pb.finish_and_clear();
    let ms_link = t.elapsed().as_millis();

    let t = Instant::now();
    let mut file = AtomicFile::create(&a.out)?;
    let rows = files::write_matches_for_files(&mut file, &rec.records, &report)?;
    file.commit()?;
    let ms_write = t.elapsed().as_millis();

    let st = &report.stats;
    let count =
        |k: CandidateKind, m: bool| report.candidates.iter().filter(|c| c.kind == k && (!m || c.decision == dedupe::Band::Match)).count();
    let timings = format!(
        "Thời gian: {:.2} s (đọc tệp {:.2} s, sổ tạm {:.2} s, đọc trích xuất {:.2} s, đọc bản ghi {:.2} s, đối chiếu {:.2} s [chuẩn bị {:.2}, ước lượng {:.2}, so với trích xuất {:.2}, so bản ghi {:.2}], ghi kết quả {:.2} s)",
        t_start.elapsed().as_secs_f64(),
        secs(ms_read),
        secs(ms_ws),
        secs(ms_extract),
        secs(ms_records),
        secs(ms_link),
        secs(st.ms_prepare.into()),
        secs(st.ms_train.into()),
        secs(st.ms_score_persons.into()),
        secs(st.ms_records.into()),
        secs(ms_write),
    );
    let counts = dedupe::DedupeRunReport {
        person_pairs: st.person_pairs_compared,
        record_pairs: st.record_pairs_compared,
        candidates: report.candidates.len(),
        person_candidates: count(CandidateKind::Person, false),
        record_candidates: count(CandidateKind::Record, false),
        person_matches: count(CandidateKind::Person, true),
        record_matches: count(CandidateKind::Record, true),
        ..Default::default()
    };
    let nameless = rec.records.iter().filter(|r| r.full_name.trim().is_empty()).count();
    Ok(summary!(ext, rec, nameless, counts, rows, timings))
}

/// The way before matching in memory: both files imported into the throwaway workspace with the
/// app's importers, the app's batch check, MATCHES.csv from the stored candidates.
fn via_workspace(a: &DedupeArgs, extract_bytes: Vec<u8>, records_bytes: Vec<u8>, t_start: Instant) -> Result<Summary, CoreError> {
    let (tmp, ws_dir, mut s) = throwaway_workspace()?;
    let ms_ws = t_start.elapsed().as_millis();

    // ---- extract
    let pb = bar(2, "Nhập trích xuất dân cư");
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    let t = Instant::now();
    let file_name = a.extract.file_name().and_then(|n| n.to_str()).unwrap_or("extract.csv");
    let today = time_today();
    let ext = dedupe::import_extract_file(&mut s, &extract_bytes, file_name, &format!("tệp {file_name}"), &today)?;
    drop(extract_bytes);
    let ms_extract = t.elapsed().as_millis();
    pb.set_position(1);

    // ---- records (the keyed-records importer of the app)
    pb.set_message("Nhập bản ghi đã nhập liệu");
    let t = Instant::now();
    let rec_name = a.records.file_name().and_then(|n| n.to_str()).unwrap_or("records.csv").to_string();
    let preview = sohoa_core::import::preview(&records_bytes, &rec_name, sohoa_core::BookType::Ks)?;
    let mapping = sohoa_core::import::ImportMapping::from_preview(&preview);
    let rec = import::import_into_new_book(&mut s, sohoa_core::BookType::Ks, &records_bytes, &mapping)?;
    drop(records_bytes);
    let ms_records = t.elapsed().as_millis();
    let nameless: i64 = s.conn().query_row(
        "SELECT count(*) FROM entry e WHERE NOT EXISTS
             (SELECT 1 FROM entry_field f WHERE f.entry_id = e.id AND f.field = 'nksHoTen' AND trim(f.value) <> '')",
        [],
        |r| r.get(0),
    )?;
    pb.set_position(2);
    pb.finish_and_clear();

    // ---- engine
    let t = Instant::now();
    let pb = bar(rec.loaded as u64, "Đối chiếu");
    let progress = engine_progress(&pb);
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    let run = dedupe::run_dedupe_with_progress(&mut s, Some(&progress))?;
    pb.finish_and_clear();
    let ms_link = t.elapsed().as_millis();

    // ---- MATCHES.csv
    let t = Instant::now();
    let refs: HashMap<i64, String> = {
        // a records file holding several books (`quyen_so`) is loaded into one book each
        let mut m = HashMap::new();
        for book in &rec.books {
            m.extend(import::entry_source_refs(s.conn(), book.book_id)?);
        }
        m
    };
    let mut file = AtomicFile::create(&a.out)?;
    let rows = dedupe::write_matches_csv(&mut s, &mut file, &|id| refs.get(&id).cloned())?;
    file.commit()?;
    let ms_write = t.elapsed().as_millis();
    drop(s);
    match &a.keep_workspace {
        Some(keep) => {
            let _ = std::fs::remove_dir_all(keep);
            std::fs::rename(&ws_dir, keep)?;
        }
        None => drop(tmp),
    }
    let timings = format!(
        "Thời gian: {:.2} s (sổ tạm {:.2} s, nhập trích xuất {:.2} s, nhập bản ghi {:.2} s, đối chiếu {:.2} s [nạp {:.2} (trích xuất {:.2}), máy so khớp {:.2}, lưu {:.2}], ghi kết quả {:.2} s)",
        t_start.elapsed().as_secs_f64(),
        secs(ms_ws),
        secs(ms_extract),
        secs(ms_records),
        secs(ms_link),
        secs(run.ms_load.into()),
        secs(run.ms_load_extract.into()),
        secs(run.ms_link.into()),
        secs(run.ms_store.into()),
        secs(ms_write),
    );
    Ok(summary!(ext, rec, nameless as usize, run, rows, timings))
}

fn print_summary(a: &DedupeArgs, m: &Summary) {
    let ext_rejected = reasons(m.ext_errors.iter().filter(|e| !e.kept).map(|e: &LineError| (e.line, e.reason.clone())));
    let ext_kept = reasons(m.ext_errors.iter().filter(|e| e.kept).map(|e: &LineError| (e.line, e.reason.clone())));
    let rec_rejected = reasons(m.rec_rejected.iter().cloned());
    println!("Đối chiếu trùng lặp — tóm tắt");
    println!("  Trích xuất dân cư ({}): đọc {} dòng, nhập {}, loại {}", a.extract.display(), m.ext_read, m.ext_loaded, m.ext_rejected);
    for r in &ext_rejected {
        println!("    - {r}");
    }
    let listed = m.ext_errors.iter().filter(|e| !e.kept).count();
    if m.ext_rejected > listed {
        println!("    (chỉ liệt kê {listed} lỗi đầu tiên)");
    }
    if !ext_kept.is_empty() {
        println!("    nhập nhưng cần xem lại (giữ nguyên như ghi):");
        for r in &ext_kept {
            println!("    - {r}");
        }
    }
    println!(
        "  Bản ghi đã nhập liệu ({}): đọc {} dòng, nhập {}, loại {}",
        a.records.display(),
        m.rec_read,
        m.rec_loaded,
        m.rec_rejected.len()
    );
    for r in &rec_rejected {
        println!("    - {r}");
    }
    if m.rec_nameless > 0 {
        println!(
            "    {} bản ghi không có họ tên (bỏ trống hoặc không đọc được): đối chiếu theo ngày sinh và cha mẹ, không bao giờ tự động khớp",
            m.rec_nameless
        );
    }
    if !m.rec_unknown.is_empty() {
        println!("    cột không dùng (để riêng): {}", m.rec_unknown.join(", "));
    }
    println!("  Cặp đã so sánh: {} với trích xuất, {} giữa các bản ghi", m.person_pairs, m.record_pairs);
    println!(
        "  Ứng viên: {} (người: {}, bản ghi: {}); khớp (match): {} với trích xuất, {} bản ghi trùng",
        m.candidates, m.person_candidates, m.record_candidates, m.person_matches, m.record_matches
    );
    println!("  Đã ghi {} dòng vào {}", m.rows, a.out.display());
    println!("  {}", m.timings);
}

fn time_today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) as i64;
    // civil-from-days (Howard Hinnant), UTC
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

// ---- synthetic data (formats.md §1 and §2) ----------------------------------------------------

fn generate(a: &DedupeArgs) -> Result<(), CoreError> {
    use sohoa_linkage::synth::{extract_cells, generate, record_cells, RecordPlace, SynthConfig, EXTRACT_COLUMNS, RECORD_COLUMNS};
    let cfg = SynthConfig {
        seed: a.seed,
        extract_rows: a.extract_rows,
        keyed_entries: a.records_count,
        historic_dates: a.historic_dates,
        nameless: a.nameless,
        ..Default::default()
    };
    let data = generate(&cfg);
    fn err(p: &Path) -> impl Fn(csv::Error) -> CoreError + '_ {
        move |e| io_err(p, e)
    }
    // extract: Vietnamese headers as the police deliver them, UTF-8 with BOM
    {
        let mut f = AtomicFile::create(&a.extract)?;
        std::io::Write::write_all(&mut f, b"\xEF\xBB\xBF").map_err(|e| io_err(&a.extract, e))?;
        let mut w = csv::Writer::from_writer(f);
        w.write_record(EXTRACT_COLUMNS).map_err(err(&a.extract))?;
        for p in &data.extract {
            w.write_record(extract_cells(p)).map_err(err(&a.extract))?;
        }
        w.into_inner().map_err(|e| CoreError::Internal(e.to_string()))?.commit()?;
    }
    // records: formats.md §2 columns
    {
        let mut w = csv::Writer::from_writer(AtomicFile::create(&a.records)?);
        w.write_record(RECORD_COLUMNS).map_err(err(&a.records))?;
        for (i, r) in data.records.iter().enumerate() {
            let year = r.birth_date.as_ref().map(|d| d.year).unwrap_or(2000);
            let quyen_so = match a.books {
                // Book b of N: number 1 + b / 60 of year 1956 + b % 60 (N distinct values).
                Some(n) => {
                    let b = i % n.max(1);
                    format!("{:02}/{}", 1 + b / 60, 1956 + b % 60)
                }
                None => format!("{:02}/{year}", 1 + (i / 400) % 9),
            };
            let at = RecordPlace {
                so: ((i % 400) + 1).to_string(),
                quyen_so,
                trang_so: ((i % 400) / 4 + 1).to_string(),
                written_date: data.date_text[i].as_deref(),
            };
            w.write_record(record_cells(r, at)).map_err(err(&a.records))?;
        }
        w.into_inner().map_err(|e| CoreError::Internal(e.to_string()))?.commit()?;
    }
    if let Some(t) = &a.truth {
        let mut w = csv::Writer::from_writer(AtomicFile::create(t)?);
        w.write_record(["ma_ban_ghi", "so_dinh_danh", "person", "twin"]).map_err(err(t))?;
        for (i, r) in data.records.iter().enumerate() {
            let id = data.truth[i].map(|x| data.extract[x as usize].id_number.clone()).unwrap_or_default();
            w.write_record([r.record_ref.clone(), id, data.person_of_record[i].to_string(), (data.is_twin[i] as u8).to_string()])
                .map_err(err(t))?;
        }
        w.into_inner().map_err(|e| CoreError::Internal(e.to_string()))?.commit()?;
    }
    Ok(())
}
