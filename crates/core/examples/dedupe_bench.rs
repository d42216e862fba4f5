//! Benchmarks of duplicate flagging inside a real (SQLCipher) workspace, printed, never asserted:
//!
//! * extract import of N rows (formats.md §1 CSV → preview-free import, one transaction);
//! * the first lookup (loads the extract and builds the session's index);
//! * the interactive check `dedupe::candidates_for_entry` on K keyed births (p50 / p95 / max),
//!   audit row included.
//!
//! `cargo run --release -p sohoa-core --example dedupe_bench -- [extract_rows=1000000] [entries=500]`
use sohoa_core::dedupe;
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::model::entry::LoadEntry;
use sohoa_core::session::accounts::{NewAccount, Role};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace::{self, CreateWorkspace};
use sohoa_core::BookType;
use sohoa_core::{EntryStatus, FieldValue};
use sohoa_linkage::synth::{extract_cells, generate, SynthConfig, EXTRACT_COLUMNS};
use sohoa_linkage::Sex;
use std::time::Instant;

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0))
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let entries: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(500);
    let t = Instant::now();
    let data = generate(&SynthConfig { extract_rows: rows, keyed_entries: entries.max(10), seed: 99, ..Default::default() });
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows * 200));
    w.write_record(EXTRACT_COLUMNS).unwrap();
    for p in &data.extract {
        w.write_record(extract_cells(p)).unwrap();
    }
    let csv = w.into_inner().unwrap();
    println!(
        "synthetic data: {rows} extract rows ({:.0} MB CSV), {entries} entries — {:.1} s",
        csv.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let tmp = tempfile::tempdir().unwrap();
    let mut s = workspace::create(
        &tmp.path().join("ws"),
        CreateWorkspace {
            commune_scheme: "qd19_2025".into(),
            commune_code: "05971".into(),
            commune_name: "Xã thử".into(),
            first_account: NewAccount {
                username: "canbo".into(),
                display_name: "Cán bộ".into(),
                role: Role::Clerk,
                password: "mat-khau-thu-nghiem".into(),
                scope: vec![],
            },
            kdf: KdfParams::insecure_for_tests(),
        },
    )
    .unwrap();
    let t = Instant::now();
    let r = dedupe::import_extract_csv(&mut s, &csv, "Công an xã", "2025-06-30").unwrap();
    println!(
        "extract import: {} rows loaded, {} rejected — {:.2} s (peak RSS so far {:.0} MB)",
        r.rows_loaded,
        r.rows_rejected,
        t.elapsed().as_secs_f64(),
        rss_mb()
    );
    drop(csv);

    let book = s
        .write(|w| {
            model::book::create(
                w,
                &NewBook {
                    book_type: BookType::Ks,
                    registry: RegistryRef { scheme: "gso_pre2025".into(), code: Some("05986".into()), name: "UBND xã thử".into() },
                    quyen_so: "01/2000".into(),
                    year_from: 2000,
                    year_to: None,
                    page_count: 0,
                    expected_entries: None,
                    note: None,
                },
            )
        })
        .unwrap();
    let fv = |f: &str, v: String| FieldValue { field: f.into(), value: v, illegible: false };
    let load: Vec<LoadEntry> = data
        .records
        .iter()
        .take(entries)
        .enumerate()
        .map(|(i, k)| {
            let mut fields = vec![fv("so", (i + 1).to_string()), fv("nksHoTen", k.full_name.clone())];
            if let Some(d) = &k.birth_date {
                fields.push(fv("nksNgaySinh", d.to_template()));
            }
            fields.push(fv(
                "nksGioiTinh",
                match k.sex {
                    Sex::Male => "1",
                    Sex::Female => "2",
                    Sex::Unknown => "",
                }
                .into(),
            ));
            for (f, v) in [
                ("chaHoTen", &k.father_name),
                ("meHoTen", &k.mother_name),
                ("noiDangKy", &k.registration_place),
                ("nksNoiSinh", &k.birth_place),
            ] {
                if let Some(v) = v {
                    fields.push(fv(f, v.clone()));
                }
            }
            LoadEntry { fields, status: EntryStatus::Keyed }
        })
        .collect();
    let ids = s.write(|w| model::entry::load(w, book, &load, "bench")).unwrap();

    let t = Instant::now();
    dedupe::candidates_for_entry(&mut s, ids[0]).unwrap();
    println!("first lookup (reads the extract, builds the index): {:.2} s (peak RSS {:.0} MB)", t.elapsed().as_secs_f64(), rss_mb());
    let mut times = Vec::with_capacity(ids.len());
    let mut found = 0usize;
    for &id in &ids {
        let t = Instant::now();
        let c = dedupe::candidates_for_entry(&mut s, id).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        found += usize::from(!c.persons.is_empty());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "interactive check (candidates_for_entry, audited) on {} entries: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; {} with a person candidate",
        times.len(),
        q(0.5),
        q(0.95),
        times.last().copied().unwrap_or(0.0),
        found
    );
    println!("peak RSS {:.0} MB", rss_mb());
}
