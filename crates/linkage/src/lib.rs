//! Record linkage for Vietnamese civil-status records (issue 5; domain.md §5.4).
//!
//! Pure: no database, no I/O. The engine answers "which rows of the population extract, and which
//! other keyed entries, may be this keyed entry's person?" with Fellegi–Sunter scores that carry a
//! per-field explanation a clerk can read.
//!
//! * [`record`] — input types ([`PersonRecord`], [`KeyedRecord`]).
//! * [`text`] — token normalisation levels (exact, tone placement, toneless, folded, phonetic) and
//!   Jaro–Winkler.
//! * `prepare` / `lexicon` — the prepared, interned form computed once per record.
//! * `blocking` — six blocking passes so a single error never hides a true match.
//! * [`compare`] — comparison levels per field.
//! * [`model`] — m/u probabilities, EM, term-frequency adjustments, explanations.
//! * [`index`] — [`ExtractIndex`] (interactive check while keying), [`RecordIndex`], candidates
//!   and decision bands.
//! * [`link`] — the batch API.
//! * [`synth`] — a labelled synthetic data generator with realistic Vietnamese noise.

#![allow(clippy::needless_range_loop, clippy::too_many_arguments, clippy::manual_is_multiple_of)]

pub mod blocking;
pub mod compare;
pub mod index;
mod lexicon;
pub mod link;
pub mod model;
mod prepare;
pub mod record;
pub mod rng;
mod side;
pub mod synth;
pub mod text;
mod train;

pub use compare::{Field, Level, FIELDS};
pub use index::{Candidate, CandidateKind, Decision, ExtractIndex, RecordIndex, Thresholds};
pub use link::{link, link_report, LinkOptions, LinkReport, LinkStats, Progress, Stage};
pub use model::{probability, EmReport, FieldExplanation, FieldParams, Model};
pub use record::{BirthDate, DateAlternative, KeyedRecord, NameParts, PartialDate, PersonRecord, Sex};

use lexicon::{Lex, Lexicon};
use prepare::{PDate, Store};

fn name_store(a: &str, b: &str) -> (Lexicon, Store) {
    let mut lex = Lexicon::default();
    let mut s = Store::default();
    for (i, n) in [a, b].into_iter().enumerate() {
        let r = KeyedRecord { record_ref: i.to_string(), full_name: n.to_string(), ..Default::default() };
        s.push(&mut lex, &prepare::Fields::keyed(&r));
    }
    (lex, s)
}

/// The comparison level two full names reach (for tests, docs and the UI's "why").
pub fn compare_names(a: &str, b: &str) -> Level {
    let (lex, s) = name_store(a, b);
    let l = compare::compare_name(&Lex::new(&lex), &s.view(0), &s.view(1));
    Field::Name.levels()[l as usize]
}

/// The comparison level two parents' names reach.
pub fn compare_parent_names(a: &str, b: &str) -> Level {
    let (lex, s) = name_store(a, b);
    let l = compare::compare_parent(&Lex::new(&lex), s.view(0).name, s.view(1).name);
    Field::Father.levels()[l as usize]
}

/// The comparison level two (partial) birth dates reach.
pub fn compare_dates(a: Option<&PartialDate>, b: Option<&PartialDate>) -> Level {
    let l = compare::compare_date(PDate::from(a), PDate::from(b));
    Field::BirthDate.levels()[l as usize]
}
