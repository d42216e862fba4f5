//! Indexes over prepared records, the candidate type and the decision rule.
use crate::compare::{compare, Field, Vector};
use crate::lexicon::{Lex, Lexicon, OverlaySink, Sink};
use crate::model::{probability, EmReport, FieldExplanation, Model, Scorer};
use crate::prepare::{Fields, Store, View};
use crate::record::{KeyedRecord, PersonRecord};
use crate::side::{sample_u, Side};
use serde::{Deserialize, Serialize};

/// What a candidate is.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateKind {
    /// A row of the population extract.
    Person,
    /// Another keyed entry (the same birth registered twice, or a re-registration).
    Record,
}

impl CandidateKind {
    pub fn code(self) -> &'static str {
        match self {
            CandidateKind::Person => "person",
            CandidateKind::Record => "record",
        }
    }
}

/// The engine's band for a shown candidate. Below `Possible` a candidate is not shown.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The engine would link it (subject to the clerk's confirmation). At most one per record and kind.
    Match,
    /// Shown for review.
    Possible,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Match => "match",
            Decision::Possible => "possible",
        }
    }
}

/// One candidate shown for a keyed entry (a row of MATCHES.csv plus its explanation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// `ma_ban_ghi` of the keyed entry.
    pub record_ref: String,
    /// Position of the keyed entry in the input slice.
    pub record_index: u32,
    pub kind: CandidateKind,
    /// `so_dinh_danh` of a person, `ma_ban_ghi` of a record.
    pub candidate_id: String,
    /// Position of the candidate in the extract (person) or in the keyed records (record).
    pub candidate_index: u32,
    /// 1 = best, per record and kind.
    pub rank: u32,
    /// Match weight in bits (log2 odds that this pair is the same person); the explanation's
    /// weights add up to it.
    pub score: f64,
    /// Fellegi–Sunter probability of the pair taken alone.
    pub probability: f64,
    /// Probability that this candidate, rather than any other candidate or nobody, is the person
    /// (the candidates of one entry compete: a person has one row in the extract).
    pub share: f64,
    pub decision: Decision,
    pub explanation: Vec<FieldExplanation>,
}

impl Candidate {
    /// True when the pair was compared without a name on one side (the keyed record's name was
    /// illegible or not keyed): its explanation's name line reads `missing` ("Thiếu họ tên",
    /// weight 0 — unknown, not a disagreement), and it is never a `match`.
    pub fn name_missing(&self) -> bool {
        self.explanation.iter().any(|e| e.field == Field::Name.code() && e.level_code == Field::Name.levels()[0].code)
    }
}

/// Decision bands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// `match` when the best candidate's `share` reaches this.
    pub match_share: f64,
    /// shown (`possible`) when `share` reaches this ...
    pub possible_share: f64,
    /// ... or when the pair's own probability reaches this.
    pub possible_probability: f64,
    /// At most this many candidates per record and kind.
    pub max_candidates: usize,
    /// Candidates compete for one true counterpart (a person has one row in the extract): the
    /// `match` test uses `share`. Off for entries among themselves, where a birth may have been
    /// keyed three times: the test then uses the pair's own probability.
    pub exclusive: bool,
}

impl Thresholds {
    /// The bands for entries compared among themselves.
    pub fn records() -> Thresholds {
        Thresholds { exclusive: false, ..Thresholds::default() }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { match_share: 0.9, possible_share: 0.001, possible_probability: 0.01, max_candidates: 5, exclusive: true }
    }
}

/// A scored pair before ranking.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub idx: u32,
    pub vector: Vector,
    pub weight: f64,
}

/// A pair whose given names differ (beyond typos that make no known name) is never an automatic `match`,
/// however well the rest agrees, unless the ID numbers agree: twins share parents and birth
/// date, and conditional independence cannot see that. The clerk still sees it as `possible`.
/// A pair where one side has no name (illegible on the paper, issue 10) is never an automatic
/// `match` either, whatever agrees: it always goes to the clerk.
fn may_match(v: Vector) -> bool {
    let name = crate::compare::level_of(v, 0);
    let id = crate::compare::level_of(v, Field::IdNumber.index());
    use crate::compare::name::{DIFF, GIVEN, MISSING};
    name != MISSING && (id == 1 || !matches!(name, GIVEN | DIFF))
}

/// Without a name on one side, the birth date, sex and place say only that the two were born
/// the same day in the same area, which several people of a commune are: such a pair is shown
/// only when a parent's name (at least fuzzily) or the ID number agrees as well.
fn shown_without_name(v: Vector) -> bool {
    use crate::compare::name::MISSING;
    let level = |f: Field| crate::compare::level_of(v, f.index());
    level(Field::Name) != MISSING
        || matches!(level(Field::Father), 1..=3)
        || matches!(level(Field::Mother), 1..=3)
        || level(Field::IdNumber) == 1
}

/// Ranks one entry's candidates and applies the bands. Returns (scored, share, decision).
pub(crate) fn rank(mut scored: Vec<Scored>, th: &Thresholds) -> Vec<(Scored, f64, Decision)> {
    scored.retain(|s| shown_without_name(s.vector));
    if scored.is_empty() {
        return Vec::new();
    }
    scored.sort_unstable_by(|a, b| b.weight.total_cmp(&a.weight).then(a.idx.cmp(&b.idx)));
    // share_i = 2^w_i / (1 + Σ 2^w_j), computed in a numerically safe way
    let top = scored[0].weight.max(0.0);
    let denom: f64 = (-top).exp2() + scored.iter().map(|s| (s.weight - top).exp2()).sum::<f64>();
    let mut out = Vec::new();
    for (i, s) in scored.into_iter().enumerate() {
        if out.len() >= th.max_candidates {
            break;
        }
        let share = (s.weight - top).exp2() / denom;
        let p = probability(s.weight);
        if share < th.possible_share && p < th.possible_probability {
            // sorted by weight: nothing after this one is shown either
            break;
        }
        let sure = if th.exclusive { share } else { p };
        let decision = if i == 0 && sure >= th.match_share && may_match(s.vector) { Decision::Match } else { Decision::Possible };
        out.push((s, share, decision));
    }
    out
}

fn make_candidate(
    lex: &Lex,
    scorer: &Scorer,
    kind: CandidateKind,
    record_ref: &str,
    record_index: u32,
    side: &Store,
    rank: usize,
    s: Scored,
    share: f64,
    decision: Decision,
) -> Candidate {
    let cv = side.view(s.idx as usize);
    Candidate {
        record_ref: record_ref.to_string(),
        record_index,
        kind,
        candidate_id: side.id_str(s.idx as usize).to_string(),
        candidate_index: s.idx,
        rank: rank as u32 + 1,
        score: s.weight,
        probability: probability(s.weight),
        share,
        decision,
        explanation: scorer.explain(lex, s.vector, &cv),
    }
}

/// Scores one query against its blocked candidates and returns the shown candidates.
#[allow(clippy::too_many_arguments)]
pub(crate) fn query_side(
    lex: &Lex,
    side: &Side,
    scorer: &Scorer,
    q: &View,
    exclude: Option<u32>,
    th: &Thresholds,
    kind: CandidateKind,
    record_ref: &str,
    record_index: u32,
    cands: &mut Vec<u32>,
    kbuf: &mut Vec<u64>,
) -> (Vec<Candidate>, usize) {
    side.blocks.candidates(lex, &side.store, q, cands, kbuf);
    let mut scored = Vec::with_capacity(cands.len());
    for &c in cands.iter() {
        if Some(c) == exclude {
            continue;
        }
        let cv = side.store.view(c as usize);
        let v = compare(lex, q, &cv);
        scored.push(Scored { idx: c, vector: v, weight: scorer.score(lex, v, &cv) });
    }
    let n = scored.len();
    let ranked = rank(scored, th);
    let out = ranked
        .into_iter()
        .enumerate()
        .map(|(r, (s, share, d))| make_candidate(lex, scorer, kind, record_ref, record_index, &side.store, r, s, share, d))
        .collect();
    (out, n)
}

pub(crate) fn build_candidates(
    lex: &Lex,
    scorer: &Scorer,
    kind: CandidateKind,
    record_ref: &str,
    record_index: u32,
    side: &Store,
    ranked: Vec<(Scored, f64, Decision)>,
) -> Vec<Candidate> {
    ranked
        .into_iter()
        .enumerate()
        .map(|(r, (s, share, d))| make_candidate(lex, scorer, kind, record_ref, record_index, side, r, s, share, d))
        .collect()
}

/// An index over the population extract for instant per-entry checks while keying.
///
/// Built once per extract (a few seconds for 1,000,000 rows on two cores); each query prepares
/// the entry against the frozen lexicon, looks up its blocking keys, and scores the few hundred
/// rows it finds.
pub struct ExtractIndex {
    lex: Lexicon,
    side: Side,
    model: Model,
    /// Decision bands used by [`ExtractIndex::query`].
    pub thresholds: Thresholds,
}

impl ExtractIndex {
    /// Builds the index, consuming the rows (only the prepared, interned form is kept).
    pub fn build(rows: Vec<PersonRecord>) -> ExtractIndex {
        Self::from_slice(&rows)
    }

    /// Builds the index from borrowed rows. The model starts from [`Model::priors`] with u
    /// estimated from random pairs of extract rows; call [`ExtractIndex::train`] or
    /// [`ExtractIndex::set_model`] to use weights learnt from keyed entries.
    pub fn from_slice(rows: &[PersonRecord]) -> ExtractIndex {
        let mut lex = Lexicon::default();
        let store = prepare_persons(&mut lex, rows);
        let side = Side::build(&Lex::new(&lex), store);
        lex.mark_common_given(&side.freq.given);
        let mut model = Model::priors();
        let pairs = 200_000.min(rows.len().saturating_mul(4));
        let counts = sample_u(&Lex::new(&lex), &side.store, &side.store, pairs, 0x5eed, true);
        model.set_u_from_counts(&counts, pairs as u64);
        ExtractIndex { lex, side, model, thresholds: Thresholds::default() }
    }

    pub fn len(&self) -> usize {
        self.side.store.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn model(&self) -> &Model {
        &self.model
    }
    pub fn set_model(&mut self, model: Model) {
        self.model = model;
    }

    /// Learns the model from keyed entries (no labels): u from random entry × row pairs, m by
    /// EM in two sessions, then the presence rate (see the `train` module).
    pub fn train(&mut self, records: &[KeyedRecord], u_pairs: usize, max_iter: usize, seed: u64) -> Vec<EmReport> {
        let mut qs = Store::default();
        for r in records {
            qs.push(&mut self.lex, &Fields::keyed(r));
        }
        let lex = Lex::new(&self.lex);
        let mut model = Model::priors();
        let rep = crate::train::train_m_u(&lex, &qs, &self.side, false, &mut model, u_pairs, seed, max_iter);
        crate::train::estimate_presence(&lex, &qs, &self.side, false, &mut model, 4000);
        self.model = model;
        rep
    }

    fn prepare_query<'a>(&'a self, rec: &KeyedRecord) -> (Store, OverlaySink<'a>) {
        let mut sink = OverlaySink { base: &self.lex, over: Default::default() };
        let mut qs = Store::default();
        qs.push(&mut sink, &Fields::keyed(rec));
        (qs, sink)
    }

    /// The best candidates (at most `k`, and only those above the `possible` band) for one entry.
    pub fn query(&self, rec: &KeyedRecord, k: usize) -> Vec<Candidate> {
        let (qs, sink) = self.prepare_query(rec);
        let lex = Lex { base: &self.lex, over: Some(&sink.over) };
        let scorer = Scorer::new(&self.model, &self.side.freq, self.side.store.len());
        let th = Thresholds { max_candidates: k, ..self.thresholds };
        let mut cands = Vec::new();
        let mut kbuf = Vec::new();
        query_side(&lex, &self.side, &scorer, &qs.view(0), None, &th, CandidateKind::Person, &rec.record_ref, 0, &mut cands, &mut kbuf).0
    }

    /// Scores one entry against one extract row, whether or not blocking would pair them, with
    /// the full explanation (for the adjudication screen and for tests).
    pub fn score_against(&self, rec: &KeyedRecord, row: usize) -> Candidate {
        let (qs, sink) = self.prepare_query(rec);
        let lex = Lex { base: &self.lex, over: Some(&sink.over) };
        let scorer = Scorer::new(&self.model, &self.side.freq, self.side.store.len());
        let cv = self.side.store.view(row);
        let v = compare(&lex, &qs.view(0), &cv);
        let s = Scored { idx: row as u32, vector: v, weight: scorer.score(&lex, v, &cv) };
        make_candidate(&lex, &scorer, CandidateKind::Person, &rec.record_ref, 0, &self.side.store, 0, s, f64::NAN, Decision::Possible)
    }

    /// Approximate heap size of the index in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.side.heap_bytes() + self.lex.heap_estimate()
    }

    /// Number of (key, row) entries in the blocking index.
    pub fn block_entries(&self) -> usize {
        self.side.blocks.entries()
    }
}

pub(crate) fn prepare_persons(lex: &mut Lexicon, rows: &[PersonRecord]) -> Store {
    let mut store = Store::default();
    store.rows.reserve(rows.len());
    store.toks.reserve(rows.len() * 10);
    for p in rows {
        store.push(lex, &Fields::person(p));
    }
    store
}

pub(crate) fn prepare_keyed<S: Sink>(sink: &mut S, rows: &[KeyedRecord]) -> Store {
    let mut store = Store::default();
    for r in rows {
        store.push(sink, &Fields::keyed(r));
    }
    store
}

/// An index over keyed entries, to find the same birth registered twice.
pub struct RecordIndex {
    lex: Lexicon,
    side: Side,
    model: Model,
    pub thresholds: Thresholds,
}

impl RecordIndex {
    /// Builds the index with a model: typically the trained person model (its m carries over);
    /// u is re-estimated from random pairs of entries.
    pub fn build(records: &[KeyedRecord], mut model: Model) -> RecordIndex {
        let mut lex = Lexicon::default();
        let store = prepare_keyed(&mut lex, records);
        let side = Side::build(&Lex::new(&lex), store);
        lex.mark_common_given(&side.freq.given);
        let pairs = 200_000.min(records.len().saturating_mul(8));
        let counts = sample_u(&Lex::new(&lex), &side.store, &side.store, pairs, 0xdead, true);
        model.set_u_from_counts(&counts, pairs as u64);
        model.p_present = 0.05;
        RecordIndex { lex, side, model, thresholds: Thresholds::records() }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Other entries that may be the same birth as `rec`; `self_index` excludes the entry itself
    /// when it is in the index.
    pub fn query(&self, rec: &KeyedRecord, self_index: Option<usize>, k: usize) -> Vec<Candidate> {
        let mut sink = OverlaySink { base: &self.lex, over: Default::default() };
        let mut qs = Store::default();
        qs.push(&mut sink, &Fields::keyed(rec));
        let lex = Lex { base: &self.lex, over: Some(&sink.over) };
        let scorer = Scorer::new(&self.model, &self.side.freq, self.side.store.len());
        let th = Thresholds { max_candidates: k, ..self.thresholds };
        let mut cands = Vec::new();
        let mut kbuf = Vec::new();
        query_side(
            &lex,
            &self.side,
            &scorer,
            &qs.view(0),
            self_index.map(|i| i as u32),
            &th,
            CandidateKind::Record,
            &rec.record_ref,
            self_index.unwrap_or(0) as u32,
            &mut cands,
            &mut kbuf,
        )
        .0
    }
}
