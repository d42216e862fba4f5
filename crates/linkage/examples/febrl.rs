//! Runs the engine on CSV files in the formats of formats.md §1/§2 and writes MATCHES.csv
//! (§3) — the outside check on the FEBRL data sets (tools/linkage/febrl_eval.py writes the CSVs).
//!
//!     cargo run --release -p sohoa-linkage --example febrl -- \
//!         [--extract EXTRACT.csv] --records RECORDS.csv --out MATCHES.csv [--no-dedupe]
//!
//! Without `--extract` the records are deduplicated among themselves (`record` candidates).
#[path = "common/csvio.rs"]
mod csvio;

use sohoa_linkage::{link_report, LinkOptions};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let records_path = get("--records").expect("--records RECORDS.csv is required");
    let out = get("--out").expect("--out MATCHES.csv is required");
    let t = Instant::now();
    let extract = match get("--extract") {
        Some(p) => csvio::read_extract(&p).expect("extract"),
        None => Vec::new(),
    };
    let records = csvio::read_records(&records_path).expect("records");
    let read_s = t.elapsed().as_secs_f64();
    let opts = LinkOptions { records_vs_records: !args.iter().any(|a| a == "--no-dedupe"), ..LinkOptions::default() };
    let t = Instant::now();
    let rep = link_report(&extract, &records, &opts);
    let link_s = t.elapsed().as_secs_f64();
    csvio::write_matches(&out, &rep.candidates).expect("write");
    let matches = rep.candidates.iter().filter(|c| c.decision == sohoa_linkage::Decision::Match).count();
    println!(
        "rows read: {} extract, {} records ({read_s:.2} s); pairs compared: {} person + {} record; candidates: {} ({} match); link time {link_s:.2} s",
        extract.len(),
        records.len(),
        rep.stats.person_pairs_compared,
        rep.stats.record_pairs_compared,
        rep.candidates.len(),
        matches
    );
    let model = rep.record_model.as_ref().filter(|_| extract.is_empty()).unwrap_or(&rep.person_model);
    for s in &model.em {
        println!("EM session {}: {} iterations, converged {}, {} pairs", s.session, s.iterations, s.converged, s.pairs);
    }
    println!("p_present {:.3}", model.p_present);
    for fp in &model.fields {
        let levels = fp.field.levels();
        let ws: Vec<String> = (1..fp.m.len()).map(|l| format!("{}={:+.1}", levels[l].code, (fp.m[l] / fp.u[l]).log2())).collect();
        println!("  {:<11} {}", fp.field.code(), ws.join(" "));
    }
}
