//! The batch run: every keyed entry of the checked book types against the extract and against
//! each other; the candidates are stored for the adjudication queue.
use super::cache;
use super::entries::{checked_book_types, load_subject_records};
use crate::error::{CoreError, Result};
use crate::session::Session;
use rusqlite::params;
use serde::Serialize;
use sohoa_linkage::{link_report, CandidateKind, Decision, KeyedRecord, LinkOptions, Progress};
use std::sync::atomic::{AtomicBool, Ordering};

/// What a batch run did.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DedupeRunReport {
    pub run_id: i64,
    pub extract_rows: usize,
    pub entries: usize,
    pub person_pairs: u64,
    pub record_pairs: u64,
    pub candidates: usize,
    pub person_candidates: usize,
    pub record_candidates: usize,
    /// Entries whose best person candidate is in the `match` band.
    pub person_matches: usize,
    pub record_matches: usize,
    pub ms_load: u64,
    /// Part of `ms_load` spent reading the extract.
    pub ms_load_extract: u64,
    pub ms_link: u64,
    pub ms_store: u64,
    pub ms: u64,
}

/// Runs the engine on every keyed entry of the checked book types against the active extract and
/// against the other entries, and stores the candidates for the queue (replacing the previous
/// run's; decisions are kept). The learnt model is stored and reused by the interactive check.
pub fn run_dedupe(s: &mut Session) -> Result<DedupeRunReport> {
    run_dedupe_with_progress(s, None)
}

/// [`crate::dedupe::batch::run_dedupe`] with a progress callback (called from worker threads).
pub fn run_dedupe_with_progress(s: &mut Session, progress: Option<&(dyn Fn(Progress) + Sync)>) -> Result<DedupeRunReport> {
    run_dedupe_with(s, progress, &AtomicBool::new(false))
}

/// [`run_dedupe_with_progress`] that stops when `cancel` is set (checked after loading, between
/// book types and before anything is stored): a cancelled run writes nothing — the previous
/// run's candidates stay — and answers [`CoreError::Cancelled`].
pub fn run_dedupe_with(s: &mut Session, progress: Option<&(dyn Fn(Progress) + Sync)>, cancel: &AtomicBool) -> Result<DedupeRunReport> {
    let stop = || if cancel.load(Ordering::Relaxed) { Err(CoreError::Cancelled) } else { Ok(()) };
    let t0 = std::time::Instant::now();
    let import_id = cache::active_import(s)?;
    // Free the session's indexes first: the batch builds its own (peak memory).
    cache::invalidate(s)?;
    let old_cache = super::cache_up(s);
    let loaded = load_for_run(s, import_id);
    super::cache_down(s, old_cache);
    let (extract, groups, ms_extract) = loaded?;
    stop()?;
    let ms_load = t0.elapsed().as_millis() as u64;
    let t1 = std::time::Instant::now();
    // Each book type is linked on its own: entries of different types are different events
    // (a birth and the death of the same person are not duplicates). The type with the most
    // entries comes first and learns the model; the others reuse it.
    let extract_rows = extract.len();
    let mut runs: Vec<(Vec<i64>, sohoa_linkage::LinkReport)> = Vec::new();
    let mut person_model = None;
    let mut record_model = None;
    for (entry_ids, records) in groups {
        stop()?;
        let opts = LinkOptions { progress, model: person_model.as_ref(), ..Default::default() };
        let report = link_report(&extract, &records, &opts);
        if person_model.is_none() {
            person_model = Some(report.person_model.clone());
            record_model = report.record_model.clone();
        }
        runs.push((entry_ids, report));
    }
    drop(extract);
    let ms_link = t1.elapsed().as_millis() as u64;
    let t2 = std::time::Instant::now();
    let mut out = DedupeRunReport {
        extract_rows,
        entries: runs.iter().map(|r| r.0.len()).sum(),
        person_pairs: runs.iter().map(|r| r.1.stats.person_pairs_compared).sum(),
        record_pairs: runs.iter().map(|r| r.1.stats.record_pairs_compared).sum(),
        ms_load,
        ms_load_extract: ms_extract,
        ms_link,
        ..Default::default()
    };
    for c in runs.iter().flat_map(|r| &r.1.candidates) {
        match c.kind {
            CandidateKind::Person => {
                out.person_candidates += 1;
                out.person_matches += usize::from(c.decision == Decision::Match);
            }
            CandidateKind::Record => {
                out.record_candidates += 1;
                out.record_matches += usize::from(c.decision == Decision::Match);
            }
        }
    }
    out.candidates = runs.iter().map(|r| r.1.candidates.len()).sum();
    let pm = person_model.as_ref().and_then(|m| serde_json::to_string(m).ok());
    let rm = record_model.as_ref().and_then(|m| serde_json::to_string(m).ok());
    stop()?;
    let old_cache = super::cache_up(s);
    let run_id = s.write(|w| {
        w.tx.execute(
            "INSERT INTO dedupe_run(extract_import_id, entries, person_pairs, record_pairs, candidates, ms, person_model_json, record_model_json, ran_at, ran_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?10, ?6, ?7, ?8, ?9)",
            params![
                import_id,
                out.entries as i64,
                out.person_pairs as i64,
                out.record_pairs as i64,
                out.candidates as i64,
                pm,
                rm,
                crate::clock::now(),
                w.user.username,
                (ms_load + ms_link) as i64
            ],
        )?;
        let run_id = w.tx.last_insert_rowid();
        w.tx.execute("DELETE FROM dedupe_candidate", [])?;
        let mut st = w.tx.prepare(
            "INSERT INTO dedupe_candidate(entry_id, kind, candidate_id, rank, score, probability, share, band, explanation_json, run_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (entry_ids, report) in &runs {
        for c in &report.candidates {
            let entry = entry_ids[c.record_index as usize];
            let cid = match c.kind {
                CandidateKind::Person => c.candidate_id.clone(),
                CandidateKind::Record => entry_ids[c.candidate_index as usize].to_string(),
            };
            st.execute(params![
                entry,
                c.kind.code(),
                cid,
                c.rank,
                c.score,
                c.probability,
                if c.share.is_finite() { c.share } else { 0.0 },
                c.decision.code(),
                super::stored::encode_explanation(&c.explanation),
                run_id
            ])?;
        }
        }
        w.audit(
            "dedupe.run",
            "dedupe_run",
            Some(&run_id.to_string()),
            serde_json::json!({
                "extractImport": import_id, "entries": out.entries, "personPairs": out.person_pairs,
                "recordPairs": out.record_pairs, "candidates": out.candidates,
                "personMatches": out.person_matches, "recordMatches": out.record_matches,
            }),
        )?;
        Ok(run_id)
    });
    super::cache_down(s, old_cache);
    out.run_id = run_id?;
    out.ms_store = t2.elapsed().as_millis() as u64;
    out.ms = t0.elapsed().as_millis() as u64;
    Ok(out)
}

/// The extract rows and the keyed entries of the checked types (entry ids and records per
/// book type, most entries first), for a batch run.
#[allow(clippy::type_complexity)]
fn load_for_run(s: &Session, import_id: Option<i64>) -> Result<(Vec<sohoa_linkage::PersonRecord>, Vec<(Vec<i64>, Vec<KeyedRecord>)>, u64)> {
    let t = std::time::Instant::now();
    let (extract, _) = match import_id {
        Some(id) => cache::load_persons(s, id)?,
        None => (vec![], vec![]),
    };
    let ms_extract = t.elapsed().as_millis() as u64;
    let mut groups: Vec<(Vec<i64>, Vec<KeyedRecord>)> = Vec::new();
    for bt in checked_book_types() {
        let (ids, recs): (Vec<i64>, Vec<KeyedRecord>) = load_subject_records(s, bt)?.into_iter().map(|r| (r.entry_id, r.record)).unzip();
        if !recs.is_empty() {
            groups.push((ids, recs));
        }
    }
    // stable: equal counts keep the order of SUBJECTS (KS first)
    groups.sort_by_key(|g| std::cmp::Reverse(g.0.len()));
    Ok((extract, groups, ms_extract))
}

/// Writes the stored candidates as MATCHES.csv (formats.md §3): one row per candidate, grouped
/// by entry in entry order, persons then records, best first. `ref_of` names an entry
/// (`ma_ban_ghi`); entries it does not name are skipped. Only for `sohoa dedupe`, which runs on
/// a throwaway workspace made from the caller's own files; audited like every read of
/// candidates.
pub fn write_matches_csv<W: std::io::Write>(s: &mut Session, out: W, ref_of: &dyn Fn(i64) -> Option<String>) -> Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| crate::error::CoreError::Internal(format!("MATCHES.csv: {e}"));
    w.write_record(["record_ref", "candidate_kind", "candidate_id", "rank", "score", "decision"]).map_err(io)?;
    let mut n = 0usize;
    {
        let mut st = s.conn().prepare(
            "SELECT entry_id, kind, candidate_id, rank, score, band FROM dedupe_candidate
             ORDER BY entry_id, CASE kind WHEN 'person' THEN 0 ELSE 1 END, rank",
        )?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let entry: i64 = r.get(0)?;
            let Some(rr) = ref_of(entry) else { continue };
            let kind: String = r.get(1)?;
            let cid: String = r.get(2)?;
            let cid = if kind == "record" {
                match cid.parse::<i64>().ok().and_then(ref_of) {
                    Some(x) => x,
                    None => continue,
                }
            } else {
                cid
            };
            let rank: i64 = r.get(3)?;
            let score: f64 = r.get(4)?;
            let band: String = r.get(5)?;
            let cells = [rr.as_str(), kind.as_str(), cid.as_str(), &rank.to_string(), &format!("{score:.3}"), band.as_str()];
            w.write_record(cells.iter().map(|c| crate::text::csv_safe(c).into_owned())).map_err(io)?;
            n += 1;
        }
    }
    w.flush()?;
    s.write(|w| w.audit("dedupe.matches_export", "dedupe_run", None, serde_json::json!({"rows": n})))?;
    Ok(n)
}
