//! Learning the model from the data itself, without labels (Splink's recipe):
//!
//! 1. **u** from random pairs (queries × indexed rows): how often each level occurs by chance.
//! 2. **m** by EM in two sessions with their own blocking rules, u fixed, each session leaving
//!    its blocking fields out of the likelihood:
//!    * session `name`: pairs that share the folded full name → m of birth date, sex, parents,
//!      place, ID;
//!    * session `surname_dob`: pairs that share surname and full birth date → m of the name.
//!
//!    Siblings share parents and surname but rarely a birth date, namesakes share a name but not
//!    parents or a date, so neither session lets "same family" or "same name" pose as "same
//!    person" (a single EM over all blocked pairs does: it learns that names need not agree).
//! 3. **p_present**, the share of queried entries that have their person among the rows, by a
//!    one-to-one EM: each entry's candidates compete, a fixed point of
//!    `p = mean(Σ share)` over a sample of entries.
use crate::blocking::Blocks;
use crate::compare::{compare, Field, Vector};
use crate::lexicon::Lex;
use crate::model::{EmReport, Model, Scorer};
use crate::prepare::{finish, folded_hash, mix, Store, View};
use crate::side::{sample_u, Side};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Rows taken from one training block at most (spread evenly over the block).
const TRAIN_BLOCK_CAP: usize = 64;

fn name_key(lex: &Lex, v: &View, out: &mut Vec<u64>) {
    if !v.name.is_empty() {
        out.push(folded_hash(lex, v.name));
    }
}

fn surname_dob_key(lex: &Lex, v: &View, out: &mut Vec<u64>) {
    if v.date.full() && !v.name.is_empty() {
        let s = v.surname().first().map_or(0, |&t| lex.tok(t).folded as u64 + 1);
        let h = mix(mix(mix(s, v.date.y as u64), v.date.m as u64), v.date.d as u64);
        out.push(finish(h ^ 0x5eed));
    }
}

fn session_patterns<F>(lex: &Lex, qs: &Store, side: &Side, same: bool, key_fn: F) -> FxHashMap<Vector, u64>
where
    F: Fn(&View, &mut Vec<u64>) + Sync,
{
    let blocks = Blocks::build_with(&side.store, &key_fn);
    (0..qs.len())
        .into_par_iter()
        .fold(
            || (FxHashMap::default(), Vec::new()),
            |(mut map, mut kbuf): (FxHashMap<Vector, u64>, Vec<u64>), i| {
                let q = qs.view(i);
                kbuf.clear();
                key_fn(&q, &mut kbuf);
                for &k in kbuf.iter() {
                    let rows = blocks.get_all(k);
                    let step = rows.len().div_ceil(TRAIN_BLOCK_CAP).max(1);
                    // start the stride at a query-dependent offset so that every row gets used
                    let start = i % step;
                    for &c in rows.iter().skip(start).step_by(step) {
                        if same && c as usize <= i {
                            continue;
                        }
                        let v = compare(lex, &q, &side.store.view(c as usize));
                        *map.entry(v).or_insert(0) += 1;
                    }
                }
                (map, kbuf)
            },
        )
        .map(|(m, _)| m)
        .reduce(FxHashMap::default, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_insert(0) += v;
            }
            a
        })
}

fn mask(fields: &[Field]) -> [bool; 7] {
    let mut m = [false; 7];
    for f in fields {
        m[f.index()] = true;
    }
    m
}

/// Estimates u (random pairs) and m (two EM sessions). `same` = the queries are the side's own
/// rows (deduplication).
pub(crate) fn train_m_u(
    lex: &Lex,
    qs: &Store,
    side: &Side,
    same: bool,
    model: &mut Model,
    u_pairs: usize,
    seed: u64,
    max_iter: usize,
) -> Vec<EmReport> {
    estimate_u(lex, qs, side, same, model, u_pairs, seed);
    model.em.clear();
    let all = [Field::Name, Field::BirthDate, Field::Sex, Field::Father, Field::Mother, Field::Place, Field::IdNumber];
    let not_name = mask(&all[1..]);
    let p1 = session_patterns(lex, qs, side, same, |v, o| name_key(lex, v, o));
    let r1 = model.em_session("name", &p1, not_name, not_name, max_iter);
    let not_date = mask(&[Field::Name, Field::Sex, Field::Father, Field::Mother, Field::Place, Field::IdNumber]);
    let p2 = session_patterns(lex, qs, side, same, |v, o| surname_dob_key(lex, v, o));
    let r2 = model.em_session("surname_dob", &p2, not_date, mask(&[Field::Name]), max_iter);
    vec![r1, r2]
}

pub(crate) fn estimate_u(lex: &Lex, qs: &Store, side: &Side, same: bool, model: &mut Model, u_pairs: usize, seed: u64) {
    let counts = sample_u(lex, qs, &side.store, u_pairs, seed, same);
    model.set_u_from_counts(&counts, u_pairs as u64);
}

/// One-to-one EM for the presence rate: with the candidates' Bayes factors fixed, iterate
/// `p ← mean over entries of P(one of my candidates is me)`.
pub(crate) fn estimate_presence(lex: &Lex, qs: &Store, side: &Side, same: bool, model: &mut Model, sample: usize) {
    if qs.len() == 0 || side.store.len() == 0 {
        return;
    }
    let step = qs.len().div_ceil(sample).max(1);
    let idx: Vec<usize> = (0..qs.len()).step_by(step).collect();
    let n_rows = if same { side.store.len().saturating_sub(1).max(1) } else { side.store.len() };
    let scorer = Scorer::new(model, &side.freq, n_rows);
    let prior0 = scorer.prior;
    // log2 Bayes factors (without the prior) of every candidate of every sampled entry
    let bfs: Vec<Vec<f64>> = idx
        .par_iter()
        .map_init(
            || (Vec::new(), Vec::new()),
            |(cands, kbuf), &i| {
                let q = qs.view(i);
                side.blocks.candidates(lex, &side.store, &q, cands, kbuf);
                cands
                    .iter()
                    .filter(|&&c| !(same && c as usize == i))
                    .map(|&c| {
                        let cv = side.store.view(c as usize);
                        scorer.score(lex, compare(lex, &q, &cv), &cv) - prior0
                    })
                    .collect()
            },
        )
        .collect();
    let mut p = model.p_present.clamp(0.01, 0.99);
    let mut it = 0;
    while it < 200 {
        it += 1;
        let pw = (p / ((1.0 - p) * n_rows as f64)).log2();
        let mean: f64 = bfs
            .iter()
            .map(|bf| {
                let top = bf.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b + pw)).max(0.0);
                let s: f64 = bf.iter().map(|&b| (b + pw - top).exp2()).sum();
                s / ((-top).exp2() + s)
            })
            .sum::<f64>()
            / bfs.len() as f64;
        let np = mean.clamp(0.001, 0.999);
        let done = (np - p).abs() < 1e-6;
        p = np;
        if done {
            break;
        }
    }
    model.p_present = p;
    model.presence_iterations = it;
}
