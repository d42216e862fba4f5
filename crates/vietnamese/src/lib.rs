//! Vietnamese civil-status text primitives shared by keying, import and matching
//! (design: `shared/design/domain.md` §3 and §5). Pure functions, no I/O, no panics on any input.
//!
//! Modules:
//! * [`normalize`]: the stored form ([`normalize::nfc`], [`normalize::clean`]) and the three
//!   comparison keys of §5.3 ([`normalize::exact_key`] with canonical old-style tone placement,
//!   [`normalize::toneless_key`], [`normalize::ascii_fold`]); tone placement
//!   ([`normalize::place_tones`]); punctuation ([`normalize::strip_abbreviation_dots`],
//!   [`normalize::normalize_hyphens`]); the i/y spelling variants ([`normalize::fold_variants`]);
//!   name splitting ([`normalize::split_name`] → [`normalize::NameParts`]).
//! * [`date`]: [`PartialDate`] (year, optional month and day, text as written) with a strict
//!   parser for what clerks type, precision, ordering and day/month-swap checks; [`read_date`]
//!   for everything old registers hold (lunar, approximate, in words, two-digit years, impossible
//!   dates), which never refuses and returns a [`DateReading`]; the Vietnamese lunar calendar
//!   ([`date::lunar`]).
//! * [`idnum`]: the 12-digit personal ID (`PPP G YY NNNNNN`) and the 9-digit CMND: structural
//!   checks and cross-checks with the record as *findings* (warnings, never rejections),
//!   decoding, province tables, and masking for display and logs.
//! * [`legacy`]: detection and conversion of TCVN3 (ABC), VNI-Windows and Windows-1258 text, in
//!   raw file bytes or in strings that were read as Windows-1252/Latin-1 (old XLSX cells).
//!
//! Conventions: every string returned is NFC; every normaliser is idempotent and gives the same
//! result for NFD and NFC input; nothing here ever "corrects" stored text, it only derives keys.

pub mod date;
pub mod idnum;
pub mod legacy;
pub mod normalize;

pub use date::{read_date, DateContext, DateError, DateReading, PartialDate};
