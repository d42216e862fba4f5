//! Batch linkage: every keyed entry against the extract (`person` candidates) and against the
//! other keyed entries (`record` candidates), using both cores.
use crate::blocking::Blocks;
use crate::compare::{compare, Vector};
use crate::index::{build_candidates, prepare_keyed, prepare_persons, rank, Candidate, CandidateKind, Scored, Thresholds};
use crate::lexicon::{Lex, Lexicon};
use crate::model::{Model, Scorer};
use crate::prepare::{Freq, Store};
use crate::record::{KeyedRecord, PersonRecord};
use crate::side::Side;
use crate::train;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const PRESENCE_SAMPLE: usize = 4000;

/// Stages reported to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Preparing,
    Training,
    ScoringPersons,
    ScoringRecords,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// Options of [`link`].
#[derive(Clone, Copy)]
pub struct LinkOptions<'a> {
    pub person_thresholds: Thresholds,
    pub record_thresholds: Thresholds,
    /// Also compare keyed entries among themselves (`record` candidates).
    pub records_vs_records: bool,
    /// Random pairs sampled to estimate u (half as many again for entry × entry).
    pub u_sample_pairs: usize,
    pub em_max_iterations: usize,
    /// Use this model instead of learning one (u and m are then taken as given).
    pub model: Option<&'a Model>,
    pub seed: u64,
    /// Called from worker threads; must be cheap.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
}

impl Default for LinkOptions<'_> {
    fn default() -> Self {
        LinkOptions {
            person_thresholds: Thresholds::default(),
            record_thresholds: Thresholds::records(),
            records_vs_records: true,
            u_sample_pairs: 400_000,
            em_max_iterations: 200,
            model: None,
            seed: 42,
            progress: None,
        }
    }
}

/// Figures of one batch run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LinkStats {
    pub extract_rows: usize,
    pub records: usize,
    pub person_pairs_compared: u64,
    pub record_pairs_compared: u64,
    pub u_pairs_sampled: u64,
    pub block_entries: usize,
    pub ms_prepare: u64,
    pub ms_train: u64,
    pub ms_score_persons: u64,
    pub ms_records: u64,
}

/// Everything a batch run produces.
#[derive(Debug, Clone)]
pub struct LinkReport {
    pub candidates: Vec<Candidate>,
    pub stats: LinkStats,
    pub person_model: Model,
    pub record_model: Option<Model>,
}

/// Links keyed entries to the extract and to each other. Candidates come grouped by record, in
/// input order, persons before records, best first.
pub fn link(extract: &[PersonRecord], records: &[KeyedRecord], opts: &LinkOptions) -> Vec<Candidate> {
    link_report(extract, records, opts).candidates
}

struct Ticker<'a> {
    cb: Option<&'a (dyn Fn(Progress) + Sync)>,
    stage: Stage,
    total: usize,
    done: AtomicUsize,
}

impl Ticker<'_> {
    fn tick(&self) {
        if let Some(cb) = self.cb {
            let d = self.done.fetch_add(1, Ordering::Relaxed) + 1;
            if d % 512 == 0 || d == self.total {
                cb(Progress { stage: self.stage, done: d, total: self.total });
            }
        }
    }
}

fn report(cb: Option<&(dyn Fn(Progress) + Sync)>, stage: Stage, done: usize, total: usize) {
    if let Some(cb) = cb {
        cb(Progress { stage, done, total });
    }
}

/// Like [`link`], with the learnt models and run figures.
pub fn link_report(extract: &[PersonRecord], records: &[KeyedRecord], opts: &LinkOptions) -> LinkReport {
    let mut stats = LinkStats { extract_rows: extract.len(), records: records.len(), ..Default::default() };
    let t0 = Instant::now();
    report(opts.progress, Stage::Preparing, 0, 2);
    let mut lex = Lexicon::default();
    let ext_store = prepare_persons(&mut lex, extract);
    let rec_store = prepare_keyed(&mut lex, records);
    let lexv = Lex::new(&lex);
    let (ext, rec_side) = rayon::join(
        || Side::build(&lexv, ext_store),
        || {
            if opts.records_vs_records {
                Some(Side::build(&lexv, rec_store))
            } else {
                let freq = Freq::default();
                Some(Side { store: rec_store, blocks: Blocks::default(), freq })
            }
        },
    );
    let rec_side = rec_side.unwrap();
    lex.mark_common_given(if extract.is_empty() { &rec_side.freq.given } else { &ext.freq.given });
    let lexv = Lex::new(&lex);
    stats.block_entries = ext.blocks.entries();
    stats.ms_prepare = t0.elapsed().as_millis() as u64;
    report(opts.progress, Stage::Preparing, 2, 2);

    // ---- person model
    let t1 = Instant::now();
    report(opts.progress, Stage::Training, 0, 1);
    let person_model = match opts.model {
        Some(m) => m.clone(),
        None => {
            let mut m = Model::priors();
            if !extract.is_empty() && !records.is_empty() {
                train::train_m_u(&lexv, &rec_side.store, &ext, false, &mut m, opts.u_sample_pairs, opts.seed, opts.em_max_iterations);
                stats.u_pairs_sampled += opts.u_sample_pairs as u64;
                train::estimate_presence(&lexv, &rec_side.store, &ext, false, &mut m, PRESENCE_SAMPLE);
            }
            m
        }
    };
    stats.ms_train = t1.elapsed().as_millis() as u64;
    report(opts.progress, Stage::Training, 1, 1);

    // ---- persons
    let t2 = Instant::now();
    let scorer = Scorer::new(&person_model, &ext.freq, ext.store.len());
    let ticker = Ticker { cb: opts.progress, stage: Stage::ScoringPersons, total: records.len(), done: AtomicUsize::new(0) };
    let person: Vec<(Vec<Candidate>, u64)> = if extract.is_empty() {
        vec![(Vec::new(), 0); records.len()]
    } else {
        (0..records.len())
            .into_par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(cands, kbuf), i| {
                    let q = rec_side.store.view(i);
                    ext.blocks.candidates(&lexv, &ext.store, &q, cands, kbuf);
                    let scored: Vec<Scored> = cands
                        .iter()
                        .map(|&c| {
                            let cv = ext.store.view(c as usize);
                            let v = compare(&lexv, &q, &cv);
                            Scored { idx: c, vector: v, weight: scorer.score(&lexv, v, &cv) }
                        })
                        .collect();
                    let n = scored.len() as u64;
                    let ranked = rank(scored, &opts.person_thresholds);
                    let out = build_candidates(&lexv, &scorer, CandidateKind::Person, &records[i].record_ref, i as u32, &ext.store, ranked);
                    ticker.tick();
                    (out, n)
                },
            )
            .collect()
    };
    stats.person_pairs_compared = person.iter().map(|p| p.1).sum();
    stats.ms_score_persons = t2.elapsed().as_millis() as u64;

    // ---- records among themselves
    let t3 = Instant::now();
    let mut record_model = None;
    let mut recs: Vec<Vec<Candidate>> = vec![Vec::new(); records.len()];
    if opts.records_vs_records && records.len() > 1 {
        let mut m = person_model.clone();
        let pairs = opts.u_sample_pairs / 2;
        stats.u_pairs_sampled += pairs as u64;
        m.p_present = 0.05;
        if opts.model.is_none() && (extract.is_empty() || person_model.em.is_empty()) {
            // nothing learnt from an extract: learn m from the entries themselves
            train::train_m_u(&lexv, &rec_side.store, &rec_side, true, &mut m, pairs, opts.seed ^ 0xabcd, opts.em_max_iterations);
        } else {
            // m carries over (the same clerks' errors); chance agreement among entries differs
            train::estimate_u(&lexv, &rec_side.store, &rec_side, true, &mut m, pairs, opts.seed ^ 0xabcd);
        }
        train::estimate_presence(&lexv, &rec_side.store, &rec_side, true, &mut m, PRESENCE_SAMPLE);
        let scorer = Scorer::new(&m, &rec_side.freq, rec_side.store.len());
        let ticker = Ticker { cb: opts.progress, stage: Stage::ScoringRecords, total: records.len(), done: AtomicUsize::new(0) };
        let res: Vec<(Vec<Candidate>, u64)> = (0..records.len())
            .into_par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(cands, kbuf), i| {
                    let q = rec_side.store.view(i);
                    rec_side.blocks.candidates(&lexv, &rec_side.store, &q, cands, kbuf);
                    let scored: Vec<Scored> = cands
                        .iter()
                        .filter(|&&c| c as usize != i)
                        .map(|&c| {
                            let cv = rec_side.store.view(c as usize);
                            let v: Vector = compare(&lexv, &q, &cv);
                            Scored { idx: c, vector: v, weight: scorer.score(&lexv, v, &cv) }
                        })
                        .collect();
                    let n = scored.len() as u64;
                    let ranked = rank(scored, &opts.record_thresholds);
                    let out =
                        build_candidates(&lexv, &scorer, CandidateKind::Record, &records[i].record_ref, i as u32, &rec_side.store, ranked);
                    ticker.tick();
                    (out, n)
                },
            )
            .collect();
        stats.record_pairs_compared = res.iter().map(|r| r.1).sum::<u64>() / 2;
        recs = res.into_iter().map(|r| r.0).collect();
        record_model = Some(m);
    }
    stats.ms_records = t3.elapsed().as_millis() as u64;

    let mut candidates = Vec::new();
    for (p, r) in person.into_iter().zip(recs) {
        candidates.extend(p.0);
        candidates.extend(r);
    }
    report(opts.progress, Stage::Done, 1, 1);
    LinkReport { candidates, stats, person_model, record_model }
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn ss<T: Send + Sync>() {}
    ss::<Store>();
    ss::<Side>();
}
