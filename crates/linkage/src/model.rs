//! Fellegi–Sunter model: m and u probabilities per comparison level, estimated from the data
//! (u by random sampling of pairs, m and the match rate by EM on the blocked pairs, no labels),
//! term-frequency adjustments, and per-field explanations of every score.
use crate::compare::{level_of, name, Field, Vector, FIELDS};
use crate::lexicon::Lex;
use crate::prepare::{folded_hash, sg_hash, Freq, View};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

const FLOOR: f64 = 1e-6;
/// Term-frequency adjustments are capped to ±this many bits.
const TF_CAP: f64 = 8.0;

/// m and u probabilities of one field, indexed by level (level 0 "missing" is unused).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldParams {
    pub field: Field,
    pub m: Vec<f64>,
    pub u: Vec<f64>,
}

/// What the EM run did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EmReport {
    /// Which training session (blocking rule) this was.
    pub session: String,
    pub iterations: usize,
    pub converged: bool,
    pub pairs: u64,
    pub distinct_patterns: usize,
    /// Share of the session's pairs that EM takes to be matches.
    pub lambda_blocked: f64,
    pub expected_matches: f64,
}

/// A trained (or default) Fellegi–Sunter model. Serialisable so the app can keep it between
/// sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub fields: Vec<FieldParams>,
    /// Probability that a queried entry has its person among the indexed rows at all.
    pub p_present: f64,
    /// Apply term-frequency adjustments to names.
    pub term_frequency: bool,
    /// The EM training sessions that produced m.
    pub em: Vec<EmReport>,
    pub u_sample_pairs: u64,
    /// Iterations of the presence-rate estimate (see `index::estimate_presence`).
    pub presence_iterations: usize,
}

fn norm(v: &mut [f64]) {
    let s: f64 = v[1..].iter().sum();
    if s > 0.0 {
        for x in v[1..].iter_mut() {
            *x = (*x / s).max(FLOOR);
        }
    }
    v[0] = 1.0;
}

impl Default for Model {
    fn default() -> Self {
        Model::priors()
    }
}

impl Model {
    /// Hand-set starting values (documented guesses in the spirit of Splink's defaults). Used
    /// until the model has been trained on data, and as EM's starting point.
    pub fn priors() -> Model {
        let mk = |field: Field, m: &[f64], u: &[f64]| {
            let mut fp = FieldParams { field, m: m.to_vec(), u: u.to_vec() };
            norm(&mut fp.m);
            norm(&mut fp.u);
            fp
        };
        Model {
            fields: vec![
                mk(
                    Field::Name,
                    &[0.0, 0.70, 0.05, 0.02, 0.06, 0.01, 0.005, 0.03, 0.02, 0.01, 0.04, 0.02, 0.02, 0.02],
                    &[0.0, 0.0005, 1e-5, 1e-5, 0.0002, 0.0001, 1e-5, 0.0001, 0.001, 0.001, 0.0005, 0.002, 0.02, 0.975],
                ),
                mk(
                    Field::BirthDate,
                    &[0.0, 0.85, 0.02, 0.04, 0.02, 0.02, 0.015, 0.015, 0.02],
                    &[0.0, 4e-5, 0.0005, 0.01, 4e-5, 0.0005, 0.0005, 0.012, 0.976],
                ),
                mk(Field::Sex, &[0.0, 0.99, 0.01], &[0.0, 0.5, 0.5]),
                mk(Field::Father, &[0.0, 0.85, 0.06, 0.05, 0.04], &[0.0, 0.0005, 0.0002, 0.005, 0.994]),
                mk(Field::Mother, &[0.0, 0.85, 0.06, 0.05, 0.04], &[0.0, 0.0005, 0.0002, 0.005, 0.994]),
                mk(Field::Place, &[0.0, 0.7, 0.2, 0.1], &[0.0, 0.3, 0.4, 0.3]),
                mk(Field::IdNumber, &[0.0, 0.98, 0.02], &[0.0, 1e-6, 1.0]),
            ],
            p_present: 0.85,
            term_frequency: true,
            em: Vec::new(),
            u_sample_pairs: 0,
            presence_iterations: 0,
        }
    }

    pub fn field(&self, f: Field) -> &FieldParams {
        &self.fields[f.index()]
    }

    /// log2(m/u) per field and level.
    pub(crate) fn weight_table(&self) -> [[f64; 16]; 7] {
        let mut w = [[0.0; 16]; 7];
        for (i, fp) in self.fields.iter().enumerate() {
            for l in 1..fp.m.len() {
                w[i][l] = (fp.m[l].max(FLOOR) / fp.u[l].max(FLOOR)).log2();
            }
        }
        w
    }

    /// Prior log-odds that a given indexed row is the queried person, with `n` indexed rows.
    pub fn prior_weight(&self, n: usize) -> f64 {
        let p = self.p_present.clamp(1e-4, 0.9999);
        (p / ((1.0 - p) * n.max(1) as f64)).log2()
    }

    /// Sets u from counts of levels among random pairs (add-half smoothing).
    pub(crate) fn set_u_from_counts(&mut self, counts: &[[u64; 16]; 7], pairs: u64) {
        for (i, fp) in self.fields.iter_mut().enumerate() {
            let total: u64 = counts[i][1..fp.u.len()].iter().sum();
            if total == 0 {
                continue;
            }
            for l in 1..fp.u.len() {
                fp.u[l] = (counts[i][l] as f64 + 0.5) / (total as f64 + 0.5 * (fp.u.len() - 1) as f64);
            }
            norm(&mut fp.u);
        }
        // an ID number agreeing by chance is essentially impossible; sampling cannot see it
        let id = Field::IdNumber.index();
        self.fields[id].u[1] = self.fields[id].u[1].min(1e-6);
        self.u_sample_pairs = pairs;
    }

    /// Expectation–maximisation over the comparison patterns of one training session's pairs,
    /// with u fixed at the random-sample values (as Splink does). Fields not in `include` are
    /// left out of the likelihood (they are part of the session's blocking rule, so they agree
    /// by construction); m is re-estimated only for fields in `train`.
    pub(crate) fn em_session(
        &mut self,
        session: &str,
        patterns: &FxHashMap<Vector, u64>,
        include: [bool; 7],
        train: [bool; 7],
        max_iter: usize,
    ) -> EmReport {
        let pats: Vec<(Vector, f64)> = patterns.iter().map(|(&v, &c)| (v, c as f64)).collect();
        let total: f64 = pats.iter().map(|p| p.1).sum();
        let mut report =
            EmReport { session: session.to_string(), pairs: total as u64, distinct_patterns: pats.len(), ..Default::default() };
        if total == 0.0 {
            self.em.push(report.clone());
            return report;
        }
        let mut m: Vec<Vec<f64>> = self.fields.iter().map(|f| f.m.clone()).collect();
        let lu: Vec<Vec<f64>> = self.fields.iter().map(|f| f.u.iter().map(|x| x.max(FLOOR).ln()).collect()).collect();
        let mut lambda: f64 = 0.3;
        let mut post = vec![0.0; pats.len()];
        for it in 0..max_iter {
            let lm_: Vec<Vec<f64>> = m.iter().map(|f| f.iter().map(|x| x.max(FLOOR).ln()).collect()).collect();
            let (la, lb) = (lambda.ln(), (1.0 - lambda).ln());
            for (k, &(v, _)) in pats.iter().enumerate() {
                let (mut a, mut b) = (la, lb);
                for f in 0..FIELDS.len() {
                    let l = level_of(v, f) as usize;
                    if l == 0 || !include[f] {
                        continue;
                    }
                    a += lm_[f][l];
                    b += lu[f][l];
                }
                post[k] = 1.0 / (1.0 + (b - a).exp());
            }
            let mut mc: Vec<Vec<f64>> = m.iter().map(|x| vec![0.0; x.len()]).collect();
            let mut sum_p = 0.0;
            for (k, &(v, c)) in pats.iter().enumerate() {
                let p = post[k] * c;
                sum_p += p;
                for f in 0..FIELDS.len() {
                    mc[f][level_of(v, f) as usize] += p;
                }
            }
            let new_lambda = (sum_p / total).clamp(1e-6, 0.999);
            let mut delta = (new_lambda - lambda).abs();
            for f in 0..FIELDS.len() {
                if !train[f] {
                    continue;
                }
                let s: f64 = mc[f][1..].iter().sum();
                if s > 0.0 {
                    let n = (mc[f].len() - 1) as f64;
                    for l in 1..mc[f].len() {
                        let nv = ((mc[f][l] + 0.01) / (s + 0.01 * n)).max(FLOOR);
                        delta = delta.max((nv - m[f][l]).abs());
                        m[f][l] = nv;
                    }
                }
            }
            lambda = new_lambda;
            report.iterations = it + 1;
            if delta < 1e-7 {
                report.converged = true;
                break;
            }
        }
        for (f, fp) in self.fields.iter_mut().enumerate() {
            if train[f] {
                fp.m = m[f].clone();
                norm(&mut fp.m);
            }
        }
        report.lambda_blocked = lambda;
        report.expected_matches = lambda * total;
        self.em.push(report.clone());
        report
    }
}

/// One line of a score's explanation: a field (or the prior), the level reached, and the weight
/// it contributes (log2 Bayes factor, including any term-frequency adjustment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldExplanation {
    /// `prior`, or a field code: `name`, `birth_date`, `sex`, `father`, `mother`, `place`, `id_number`.
    pub field: Cow<'static, str>,
    /// Vietnamese name of the field.
    pub field_label: Cow<'static, str>,
    /// Stable level code, e.g. `exact`, `day_month_swapped`.
    pub level_code: Cow<'static, str>,
    /// Vietnamese description of the level for the clerk.
    pub level_label: Cow<'static, str>,
    /// Contribution to the match weight, in bits (positive = evidence for the same person).
    pub weight: f64,
    /// The part of `weight` that comes from how common the value is (0 when not applicable).
    pub tf_adjustment: f64,
}

/// Scores pairs with a model, a term-frequency table of the candidate side and a prior.
pub(crate) struct Scorer<'a> {
    pub w: [[f64; 16]; 7],
    pub prior: f64,
    pub freq: &'a Freq,
    pub tf: bool,
}

fn tf_adj(u_ref: f64, count: Option<&u32>, n: f64) -> f64 {
    match count {
        Some(&c) if c > 0 && u_ref > 0.0 => (u_ref / (c as f64 / n)).log2().clamp(-TF_CAP, TF_CAP),
        _ => 0.0,
    }
}

impl<'a> Scorer<'a> {
    pub fn new(model: &Model, freq: &'a Freq, n: usize) -> Self {
        Scorer { w: model.weight_table(), prior: model.prior_weight(n), freq, tf: model.term_frequency }
    }

    /// Term-frequency adjustment per field for this pair (`c` is the candidate side).
    fn tf(&self, lex: &Lex, v: Vector, c: &View) -> [f64; 7] {
        let mut t = [0.0; 7];
        if !self.tf {
            return t;
        }
        let f = self.freq;
        let nl = level_of(v, 0);
        t[0] = match nl {
            name::EXACT..=name::REORDERED => tf_adj(f.u_full, f.full.get(&folded_hash(lex, c.name)), f.n),
            name::THI_VAN..=name::MIDDLE_DIFF => tf_adj(f.u_sg, f.sg.get(&sg_hash(lex, c)), f.n),
            name::GIVEN => tf_adj(f.u_given, c.given().and_then(|g| f.given.get(&lex.tok(g).folded)), f.n),
            _ => 0.0,
        };
        for (fi, toks) in [(3usize, c.father), (4usize, c.mother)] {
            let l = level_of(v, fi);
            if l == 1 || l == 2 {
                t[fi] = tf_adj(f.u_parent, f.parent.get(&folded_hash(lex, toks)), f.n_parent);
            }
        }
        t
    }

    #[inline]
    pub fn score(&self, lex: &Lex, v: Vector, c: &View) -> f64 {
        let mut s = self.prior;
        for f in 0..7 {
            s += self.w[f][level_of(v, f) as usize];
        }
        if self.tf {
            s += self.tf(lex, v, c).iter().sum::<f64>();
        }
        s
    }

    pub fn explain(&self, lex: &Lex, v: Vector, c: &View) -> Vec<FieldExplanation> {
        let tf = self.tf(lex, v, c);
        let mut out = Vec::with_capacity(8);
        out.push(FieldExplanation {
            field: Cow::Borrowed("prior"),
            field_label: Cow::Borrowed("Xác suất ban đầu"),
            level_code: Cow::Borrowed("prior"),
            level_label: Cow::Borrowed("Khả năng một dòng bất kỳ là người này, trước khi so sánh"),
            weight: self.prior,
            tf_adjustment: 0.0,
        });
        for (i, f) in FIELDS.iter().enumerate() {
            let l = level_of(v, i) as usize;
            let lvl = f.levels()[l];
            out.push(FieldExplanation {
                field: Cow::Borrowed(f.code()),
                field_label: Cow::Borrowed(f.label()),
                level_code: Cow::Borrowed(lvl.code),
                level_label: Cow::Borrowed(lvl.label),
                weight: self.w[i][l] + tf[i],
                tf_adjustment: tf[i],
            });
        }
        out
    }
}

/// Probability from a match weight (log2 odds).
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}
