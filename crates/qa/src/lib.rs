//! `sohoa-qa`: the statistics behind the supervisor's review (issue 12), pure functions with no
//! database and no UI.
//!
//! The review workflow (blind re-keying, check passes, verdicts, the QA certificate) is built on
//! top of this crate; see `crates/qa/README.md` for the API it is meant to use:
//!
//! 1. [`SwitchingState`] (stored per commune) says which severity applies: `state.severity()`.
//! 2. [`Plan::lookup`]`(book entries, Level::II, severity, province AQL)` gives code letter, n,
//!    Ac, Re (ISO 2859-1:1999 Tables 1, 2-A, 2-B, 2-C, arrows followed); `plan.explain_vi()` and
//!    [`Plan::risk`] put the risk in words and figures.
//! 3. [`draw_stratified`]`(pages, plan.inspected(), seed)` picks the entries to re-key; record the
//!    seed and [`sample::ALGORITHM`].
//! 4. After arbitration, [`Findings::from_field_errors`] (wrong fields per sampled entry) and
//!    [`propose`]`(plan, findings, province CountingMode)` give accept/return with the reason.
//! 5. The supervisor decides; `state.record(plan, findings.count(mode), conditions)` moves the
//!    commune between normal, tightened and reduced inspection.
//! 6. The certificate states [`ErrorRateBound`] (Clopper–Pearson 95 % upper bound; with the book
//!    size, the hypergeometric bound on the number of erroneous entries).
pub mod bound;
pub mod counting;
mod error;
mod explain;
pub mod oc;
pub mod plan;
pub mod sample;
pub mod switching;
pub mod tables;

pub use bound::{clopper_pearson_upper, hypergeometric_upper, ErrorRateBound};
pub use counting::{propose, CountingMode, Decision, Findings, Proposal};
pub use error::QaError;
pub use oc::Risk;
pub use plan::{code_letter, Aql, Plan, Severity};
pub use sample::{draw_stratified, PageEntries, Sample};
pub use switching::{Conditions, InspectionState, SwitchingState, Transition};
pub use tables::{CodeLetter, Level};
