//! Vietnamese civil-status text primitives shared by keying, import and matching
//! (domain.md §5.3): normalisation, partial dates, personal ID numbers, legacy 8-bit encodings.
//! Pure functions, no I/O.

pub mod date;
pub mod idnum;
pub mod normalize;

pub use date::{DateError, PartialDate};
