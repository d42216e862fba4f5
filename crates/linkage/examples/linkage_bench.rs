//! Accuracy + speed benchmark of the linkage engine on labelled synthetic data (issue 5).
//!
//!     cargo run --release -p sohoa-linkage --example linkage_bench [-- OPTIONS]
//!
//! Options: `--extract N` (150000) `--records N` (20000) `--seed N` `--query-rows N` (1000000,
//! 0 to skip the query benchmark) `--queries N` (2000) `--dump DIR` (write extract.csv,
//! records.csv, truth.csv and MATCHES.csv there, for tools/linkage/splink_compare.py)
//! `--json FILE` (figures as JSON) `--historic-dates P` (share of keyed birth dates written in a
//! historic form: lunar, impossible, approximate, words, two-digit year; issue 10)
//! `--strict-dates` (read those dates as before issue 10 part 3: the strict reader only, so a
//! historic form gives no date). `--nameless P` (share of keyed entries whose name was left
//! illegible: matched on date, parents, place and ID; never an automatic match).
#[path = "common/csvio.rs"]
mod csvio;

use sohoa_linkage::synth::{generate, SynthConfig};
use sohoa_linkage::{link_report, CandidateKind, Decision, ExtractIndex, LinkOptions};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

fn vm_hwm_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for l in s.lines() {
        if let Some(v) = l.strip_prefix("VmHWM:") {
            let kb: f64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0.0);
            return kb / 1024.0;
        }
    }
    0.0
}

fn vm_rss_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n_extract: usize = arg(&args, "--extract", 150_000);
    let n_records: usize = arg(&args, "--records", 20_000);
    let seed: u64 = arg(&args, "--seed", 2024);
    let query_rows: usize = arg(&args, "--query-rows", 1_000_000);
    let n_queries: usize = arg(&args, "--queries", 2000);
    let dump: Option<PathBuf> = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let json: Option<PathBuf> = args.iter().position(|a| a == "--json").and_then(|i| args.get(i + 1)).map(PathBuf::from);

    println!("sohoa-linkage benchmark — {} threads", rayon::current_num_threads());
    let t = Instant::now();
    let historic: f64 = arg(&args, "--historic-dates", 0.0);
    let strict = args.iter().any(|a| a == "--strict-dates");
    let nameless: f64 = arg(&args, "--nameless", 0.0);
    let cfg =
        SynthConfig { seed, extract_rows: n_extract, keyed_entries: n_records, historic_dates: historic, nameless, ..Default::default() };
    let mut data = generate(&cfg);
    let n_historic = data.date_text.iter().flatten().count();
    if strict {
        for (r, t) in data.records.iter_mut().zip(&data.date_text) {
            if let Some(t) = t {
                r.birth_date = sohoa_linkage::PartialDate::parse(t).ok();
                r.birth_date_alt = None;
            }
        }
    }
    println!(
        "historic birth dates: {n_historic} of {} keyed entries ({})",
        data.records.len(),
        if strict { "strict reader: no date" } else { "read_date: every certain part" }
    );
    println!(
        "synthetic data: {} extract rows × {} keyed entries (seed {seed}), generated in {:.2} s",
        data.extract.len(),
        data.records.len(),
        t.elapsed().as_secs_f64()
    );
    let rss_before = vm_hwm_mb();
    // reset the high-water mark so that the figure below is the run's own peak
    // (resident input data included, the generator's transient peak excluded)
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_data = vm_rss_mb();

    // ---------------------------------------------------------------- the run
    let t = Instant::now();
    let rep = link_report(&data.extract, &data.records, &LinkOptions::default());
    let wall = t.elapsed().as_secs_f64();
    let rss = vm_hwm_mb();

    // ---------------------------------------------------------------- person accuracy
    let mut matched: HashMap<u32, u32> = HashMap::new();
    let mut shown: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut rec_match: HashSet<(u32, u32)> = HashSet::new();
    let mut rec_shown: HashSet<(u32, u32)> = HashSet::new();
    let mut n_person_cands = 0usize;
    for c in &rep.candidates {
        match c.kind {
            CandidateKind::Person => {
                n_person_cands += 1;
                shown.entry(c.record_index).or_default().push(c.candidate_index);
                if c.decision == Decision::Match {
                    assert!(matched.insert(c.record_index, c.candidate_index).is_none(), "two matches for one record");
                }
            }
            CandidateKind::Record => {
                rec_shown.insert((c.record_index, c.candidate_index));
                if c.decision == Decision::Match {
                    rec_match.insert((c.record_index, c.candidate_index));
                }
            }
        }
    }
    let (mut tp, mut fp, mut fn_, mut present, mut at5, mut absent, mut absent_fm) = (0, 0, 0, 0, 0, 0, 0);
    let (mut twin_present, mut twin_wrong) = (0, 0);
    let mut misses: Vec<usize> = Vec::new();
    let mut wrongs: Vec<usize> = Vec::new();
    for (i, truth) in data.truth.iter().enumerate() {
        let m = matched.get(&(i as u32)).copied();
        match truth {
            Some(t) => {
                present += 1;
                if shown.get(&(i as u32)).is_some_and(|v| v.contains(t)) {
                    at5 += 1;
                } else {
                    misses.push(i);
                }
                match m {
                    Some(x) if x == *t => tp += 1,
                    Some(_) => {
                        fp += 1;
                        fn_ += 1;
                        wrongs.push(i);
                    }
                    None => fn_ += 1,
                }
                if data.is_twin[i] {
                    twin_present += 1;
                    if m.is_some_and(|x| x != *t) {
                        twin_wrong += 1;
                    }
                }
            }
            None => {
                absent += 1;
                if m.is_some() {
                    absent_fm += 1;
                    fp += 1;
                    wrongs.push(i);
                }
            }
        }
    }
    // records whose name was left illegible (`--nameless P`): never a match, the person shown?
    let blank: Vec<usize> = (0..data.records.len()).filter(|&i| data.records[i].full_name.is_empty()).collect();
    let blank_present: Vec<usize> = blank.iter().copied().filter(|&i| data.truth[i].is_some()).collect();
    let blank_at5 =
        blank_present.iter().filter(|&&i| shown.get(&(i as u32)).is_some_and(|v| data.truth[i].is_some_and(|t| v.contains(&t)))).count();
    let blank_matched = blank.iter().filter(|&&i| matched.contains_key(&(i as u32))).count();
    let blank_shown = blank.iter().filter(|&&i| shown.contains_key(&(i as u32))).count();
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(1e-12);
    let recall5 = at5 as f64 / present.max(1) as f64;
    let absent_rate = absent_fm as f64 / absent.max(1) as f64;

    // ---------------------------------------------------------------- record accuracy (re-registrations)
    let mut by_person: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, &p) in data.person_of_record.iter().enumerate() {
        by_person.entry(p).or_default().push(i as u32);
    }
    let mut true_pairs: HashSet<(u32, u32)> = HashSet::new();
    for v in by_person.values() {
        for &a in v {
            for &b in v {
                if a != b {
                    true_pairs.insert((a, b));
                }
            }
        }
    }
    let rtp = rec_match.iter().filter(|p| true_pairs.contains(p)).count();
    let rfp = rec_match.len() - rtp;
    let rfn = true_pairs.len() - rtp;
    let rprec = rtp as f64 / (rtp + rfp).max(1) as f64;
    let rrec = rtp as f64 / (rtp + rfn).max(1) as f64;
    let rf1 = 2.0 * rprec * rrec / (rprec + rrec).max(1e-12);
    let r_at5 = true_pairs.iter().filter(|p| rec_shown.contains(p)).count() as f64 / true_pairs.len().max(1) as f64;

    let s = &rep.stats;
    println!();
    println!("== accuracy: person candidates (keyed entry → extract row)");
    println!("F1 of match            {f1:.4}   (target ≥ 0.99)");
    println!("precision              {precision:.4}   ({tp} right, {fp} wrong matches)");
    println!("recall                 {recall:.4}   ({present} entries whose person is in the extract)");
    println!("recall@5               {recall5:.4}   (target ≥ 0.998; true person among shown candidates)");
    println!(
        "false match, absent    {absent_rate:.4}   ({absent_fm} of {absent} entries whose person is not in the extract; target ≤ 0.01)"
    );
    println!("twins wrongly matched  {twin_wrong} of {twin_present} twin entries");
    println!("candidates shown       {:.2} per entry", n_person_cands as f64 / data.records.len() as f64);
    if !blank.is_empty() {
        println!(
            "without a name         {} entries: person shown (recall@5) {:.4} ({blank_at5} of {}), {blank_shown} with candidates, {blank_matched} matched (must be 0)",
            blank.len(),
            blank_at5 as f64 / blank_present.len().max(1) as f64,
            blank_present.len()
        );
    }
    println!("== accuracy: record candidates (same birth keyed twice)");
    println!("F1 {rf1:.4}  precision {rprec:.4}  recall {rrec:.4}  shown@5 {r_at5:.4}  ({} true ordered pairs)", true_pairs.len());
    println!("== model (learnt without labels)");
    for em in &rep.person_model.em {
        println!(
            "EM session {:<12} {} iterations, converged {}, {} pairs in {} patterns, λ {:.3}",
            em.session, em.iterations, em.converged, em.pairs, em.distinct_patterns, em.lambda_blocked
        );
    }
    println!(
        "p_present {:.3} (truth {:.3}, {} iterations); record model p_dup {:.4}",
        rep.person_model.p_present,
        present as f64 / data.records.len() as f64,
        rep.person_model.presence_iterations,
        rep.record_model.as_ref().map_or(0.0, |m| m.p_present)
    );
    for fp in &rep.person_model.fields {
        let levels = fp.field.levels();
        let ws: Vec<String> = (1..fp.m.len()).map(|l| format!("{}={:+.1}", levels[l].code, (fp.m[l] / fp.u[l]).log2())).collect();
        println!("  {:<11} {}", fp.field.code(), ws.join(" "));
    }
    println!("== speed and memory (150k × 20k target ≤ 9 s, ≤ 500 MB)");
    println!(
        "wall time              {wall:.2} s  (prepare+index {} ms, train {} ms, persons {} ms, records {} ms)",
        s.ms_prepare, s.ms_train, s.ms_score_persons, s.ms_records
    );
    println!(
        "pairs compared         {} person + {} record pairs (+ {} random pairs for u)",
        s.person_pairs_compared, s.record_pairs_compared, s.u_pairs_sampled
    );
    println!("peak RSS (VmHWM)       {rss:.0} MB during the run (input records resident before it: {rss_data:.0} MB; generator peak {rss_before:.0} MB)");

    let show_n: usize = arg(&args, "--show", 8);
    let show = |label: &str, idx: &[usize]| {
        println!("-- {label} (first {show_n} of {})", idx.len());
        for &i in idx.iter().take(show_n) {
            let r = &data.records[i];
            let truth = data.truth[i].map(|t| {
                let p = &data.extract[t as usize];
                format!(
                    "{} | {} | cha {} | mẹ {}",
                    p.full_name,
                    p.birth_date.as_ref().map(|d| d.to_template()).unwrap_or_default(),
                    p.father_name.as_deref().unwrap_or("-"),
                    p.mother_name.as_deref().unwrap_or("-")
                )
            });
            println!(
                "   {} | {}{} | cha {} | mẹ {}  →  truth: {}",
                r.full_name,
                r.birth_date.as_ref().map(|d| d.to_template()).unwrap_or_default(),
                data.date_text[i].as_ref().map(|t| format!(" (written “{t}”)")).unwrap_or_default(),
                r.father_name.as_deref().unwrap_or("-"),
                r.mother_name.as_deref().unwrap_or("-"),
                truth.unwrap_or_else(|| "absent".into())
            );
            for c in rep.candidates.iter().filter(|c| c.record_index == i as u32 && c.kind == CandidateKind::Person).take(2) {
                let p = &data.extract[c.candidate_index as usize];
                println!(
                    "      cand #{} {:.1} share {:.3} {:?}: {} | {}",
                    c.rank,
                    c.score,
                    c.share,
                    c.decision,
                    p.full_name,
                    p.birth_date.as_ref().map(|d| d.to_template()).unwrap_or_default()
                );
                let ex: Vec<String> = c.explanation.iter().map(|e| format!("{}:{}={:+.1}", e.field, e.level_code, e.weight)).collect();
                println!("         {}", ex.join(" "));
            }
        }
    };
    if args.iter().any(|a| a == "--verbose") {
        show("not among shown candidates", &misses);
        show("wrong matches", &wrongs);
    }

    if let Some(dir) = &dump {
        std::fs::create_dir_all(dir).unwrap();
        csvio::write_extract(&dir.join("extract.csv"), &data.extract).unwrap();
        csvio::write_records(&dir.join("records.csv"), &data.records).unwrap();
        let mut w = csv::Writer::from_path(dir.join("truth.csv")).unwrap();
        w.write_record(["ma_ban_ghi", "so_dinh_danh", "person"]).unwrap();
        for (i, r) in data.records.iter().enumerate() {
            let id = data.truth[i].map(|t| data.extract[t as usize].id_number.clone()).unwrap_or_default();
            w.write_record([r.record_ref.as_str(), &id, &data.person_of_record[i].to_string()]).unwrap();
        }
        w.flush().unwrap();
        csvio::write_matches(&dir.join("MATCHES.csv"), &rep.candidates).unwrap();
        println!("wrote {}/{{extract,records,truth,MATCHES}}.csv", dir.display());
    }

    // ---------------------------------------------------------------- interactive query latency
    let mut q = serde_json::Map::new();
    if query_rows > 0 {
        drop(rep.candidates);
        let model = rep.person_model.clone();
        drop(data);
        let t = Instant::now();
        let big = generate(&SynthConfig { seed: seed + 1, extract_rows: query_rows, keyed_entries: n_queries, ..Default::default() });
        let gen_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut index = ExtractIndex::build(big.extract);
        let build_s = t.elapsed().as_secs_f64();
        index.set_model(model);
        let mut lat = Vec::with_capacity(big.records.len());
        let mut hits = 0;
        let mut present = 0;
        for (r, truth) in big.records.iter().zip(&big.truth) {
            let t = Instant::now();
            let c = index.query(r, 5);
            lat.push(t.elapsed().as_secs_f64() * 1000.0);
            if let Some(t) = truth {
                present += 1;
                if c.iter().any(|c| c.candidate_index == *t) {
                    hits += 1;
                }
            }
        }
        lat.sort_by(f64::total_cmp);
        let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
        println!("== interactive check against a {query_rows}-row extract (target p95 < 50 ms)");
        println!(
            "index build            {build_s:.2} s  (data generated in {gen_s:.1} s), index ≈ {} MB, {} block entries",
            index.memory_bytes() / 1_000_000,
            index.block_entries()
        );
        println!(
            "query latency          p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} queries)",
            pct(0.5),
            pct(0.95),
            pct(0.99),
            lat[lat.len() - 1],
            lat.len()
        );
        println!("recall@5 of queries    {:.4}", hits as f64 / present.max(1) as f64);
        println!("peak RSS after 1M      {:.0} MB", vm_hwm_mb());
        q.insert("query_rows".into(), query_rows.into());
        q.insert("index_build_s".into(), build_s.into());
        q.insert("query_p50_ms".into(), pct(0.5).into());
        q.insert("query_p95_ms".into(), pct(0.95).into());
    }
    if let Some(path) = json {
        let v = serde_json::json!({
            "f1": f1, "precision": precision, "recall": recall, "recall_at_5": recall5,
            "false_match_absent": absent_rate, "record_f1": rf1, "wall_s": wall, "peak_rss_mb": rss,
            "person_pairs": s.person_pairs_compared, "record_pairs": s.record_pairs_compared, "query": q,
        });
        std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }
}
