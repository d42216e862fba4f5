//! Synthetic commune for demos, tests and benchmarks (being written).
pub mod names;
pub mod people;
pub mod places;
pub mod util;
