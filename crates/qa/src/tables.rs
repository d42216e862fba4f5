//! ISO 2859-1:1999 tables as data: Table 1 (sample size code letters) and the single sampling
//! master tables 2-A (normal), 2-B (tightened) and 2-C (reduced).
//!
//! The same tables are printed in ANSI/ASQ Z1.4-2003 and MIL-STD-105E (Tables I, II-A, II-B),
//! except the reduced table: MIL-STD-105E / ISO 2859-1:1989 / Z1.4 reduced plans have a gap
//! between Ac and Re (e.g. 0/2, 1/3, 1/4); **ISO 2859-1:1999 removed the gap** and that is the
//! edition implemented here (Re = Ac + 1 in every cell of every table).
//!
//! Sources checked (see crates/qa/README.md §Sources for what each confirmed):
//! - Table 1: the "AQL sampling chart" reproduction (ANSI/ASQC Z1.4 / MIL-STD-105E / BS 6001 /
//!   ISO 2859) on pdfcoffee.com, the Table 1 of wisetool.com/sampling.htm, and the lot ranges of
//!   the PLOS figure "OC curves from ISO 2859-1:1999" (Jenkins, Peck, Fernando 2023).
//! - Table 2-A: the MIL-STD-105E Table II-A text of scribd "Tablas" (Ac/Re pairs per row: A up to
//!   30/31, B–E up to 44/45, F–Q 0/1…21/22, R 1/2…21/22), the NIBS "AC-TABLE" reproduction of
//!   Table II-A (AQL 0.65–15 with every arrow), and the PLOS figure's plans (J@0.65 → 80 1/2,
//!   G@0.65 → ↑ 20 0/1, J@0.40 → ↓ 125 1/2, J@0.25 → ↑ 50 0/1, G@0.40 → 32 0/1).
//! - Table 2-B: the NIBS reproduction of Table II-B (AQL 0.65–15, arrows included) and the AQL
//!   Inspector's Rule note that code letter A at AQL 10 points to D under tightened inspection
//!   and to C under normal inspection.
//! - Table 2-C (1999): the AQL Inspector's Rule "Example 3" (ISO version: reduced, level III,
//!   lot 125, AQL 1.0 → arrows from G through H to J, n = 32, Ac 1, Re 2, where the ANSI version
//!   gives H, n = 20, Ac 0, Re 2) and ISO 28590:2017 (n = 8, Ac 0 is the reduced plan at AQL
//!   0.65, Table 2-C). The other cells of 2-C follow the 1999 layout these confirm (0/1 on the
//!   same diagonal as Table 2-A, three arrows ↑ ↓ ↓ before 1/2, then 2/3, 3/4, 5/6, 7/8, 10/11,
//!   14/15, 21/22, 30/31); they were **not** read from a printed 1999 Table 2-C.
//!
//! Corner cells that cannot follow the diagonal because the arrow would leave the table are
//! fixed as in the printed tables where known (A @ AQL 10: ↓ in all three), and otherwise chosen
//! so that every arrow ends on a plan: R @ 0.015 is ↑ in all three tables, the tightened S row
//! (n = 3150) holds only 1/2 @ 0.025, and reduced R @ 0.025 is 1/2. They only concern lots of more
//! than 500,000 entries at AQL 0.025 or below.
//!
//! Encoding: each cell is the acceptance number Ac (Re = Ac + 1), or `D` (↓ use the first plan
//! below the arrow) or `U` (↑ use the first plan above). Rows are code letters A…R (S only in
//! 2-B), columns the 26 AQLs of [`AQLS`].
use serde::{Deserialize, Serialize};

pub(crate) const D: i8 = -1;
pub(crate) const U: i8 = -2;

/// The AQL columns of Tables 2-A/2-B/2-C: percent nonconforming items (≤ 10) or nonconformities
/// per 100 items (all).
pub const AQLS: [f64; 26] = [
    0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10.0, 15.0, 25.0, 40.0, 65.0, 100.0, 150.0,
    250.0, 400.0, 650.0, 1000.0,
];

/// How the standard prints each AQL.
pub(crate) const AQL_LABELS: [&str; 26] = [
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15",
    "25", "40", "65", "100", "150", "250", "400", "650", "1000",
];

/// Sample size code letters. `S` exists only in the tightened table (reached by an arrow).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CodeLetter {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
    J,
    K,
    L,
    M,
    N,
    P,
    Q,
    R,
    S,
}

impl CodeLetter {
    pub const ALL: [CodeLetter; 17] = [
        CodeLetter::A,
        CodeLetter::B,
        CodeLetter::C,
        CodeLetter::D,
        CodeLetter::E,
        CodeLetter::F,
        CodeLetter::G,
        CodeLetter::H,
        CodeLetter::J,
        CodeLetter::K,
        CodeLetter::L,
        CodeLetter::M,
        CodeLetter::N,
        CodeLetter::P,
        CodeLetter::Q,
        CodeLetter::R,
        CodeLetter::S,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<CodeLetter> {
        CodeLetter::ALL.get(i).copied()
    }

    pub fn as_str(self) -> &'static str {
        ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S"][self.index()]
    }
}

impl std::fmt::Display for CodeLetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Inspection levels of Table 1: special S-1…S-4 and general I, II (the default), III.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
// Named apart from the admin and linkage levels in the UI contract.
#[cfg_attr(feature = "specta", serde(rename = "InspectionLevel"))]
pub enum Level {
    #[serde(rename = "S-1")]
    S1,
    #[serde(rename = "S-2")]
    S2,
    #[serde(rename = "S-3")]
    S3,
    #[serde(rename = "S-4")]
    S4,
    I,
    #[default]
    II,
    III,
}

impl Level {
    pub const ALL: [Level; 7] = [Level::S1, Level::S2, Level::S3, Level::S4, Level::I, Level::II, Level::III];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::S1 => "S-1",
            Level::S2 => "S-2",
            Level::S3 => "S-3",
            Level::S4 => "S-4",
            Level::I => "I",
            Level::II => "II",
            Level::III => "III",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = crate::QaError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_uppercase().replace(['_', ' '], "-");
        let t = if t.len() == 2 && t.starts_with('S') { format!("S-{}", &t[1..]) } else { t };
        Level::ALL.into_iter().find(|l| l.as_str() == t).ok_or_else(|| crate::QaError::UnknownLevel(s.to_string()))
    }
}

/// Upper bound (inclusive) of each lot-size row of Table 1.
pub(crate) const LOT_UPPER: [u64; 15] = [8, 15, 25, 50, 90, 150, 280, 500, 1200, 3200, 10000, 35000, 150000, 500000, u64::MAX];

use CodeLetter as L;
/// ISO 2859-1 Table 1: code letter per lot-size row (rows of [`LOT_UPPER`]) and level
/// (columns S-1, S-2, S-3, S-4, I, II, III).
#[rustfmt::skip]
pub(crate) const TABLE_1: [[CodeLetter; 7]; 15] = [
    [L::A, L::A, L::A, L::A, L::A, L::A, L::B], // 2–8
    [L::A, L::A, L::A, L::A, L::A, L::B, L::C], // 9–15
    [L::A, L::A, L::B, L::B, L::B, L::C, L::D], // 16–25
    [L::A, L::B, L::B, L::C, L::C, L::D, L::E], // 26–50
    [L::B, L::B, L::C, L::C, L::C, L::E, L::F], // 51–90
    [L::B, L::B, L::C, L::D, L::D, L::F, L::G], // 91–150
    [L::B, L::C, L::D, L::E, L::E, L::G, L::H], // 151–280
    [L::B, L::C, L::D, L::E, L::F, L::H, L::J], // 281–500
    [L::C, L::C, L::E, L::F, L::G, L::J, L::K], // 501–1 200
    [L::C, L::D, L::E, L::G, L::H, L::K, L::L], // 1 201–3 200
    [L::C, L::D, L::F, L::G, L::J, L::L, L::M], // 3 201–10 000
    [L::C, L::D, L::F, L::H, L::K, L::M, L::N], // 10 001–35 000
    [L::D, L::E, L::G, L::J, L::L, L::N, L::P], // 35 001–150 000
    [L::D, L::E, L::G, L::J, L::M, L::P, L::Q], // 150 001–500 000
    [L::D, L::E, L::H, L::K, L::N, L::Q, L::R], // 500 001 and over
];

/// Sample sizes of Tables 2-A and 2-B (A … R, then S of 2-B).
pub(crate) const SAMPLE_SIZE: [u32; 17] = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000, 3150];
/// Sample sizes of Table 2-C (reduced), A … R.
pub(crate) const SAMPLE_SIZE_REDUCED: [u32; 16] = [2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800];

/// ISO 2859-1:1999 Table 2-A — single sampling plans for normal inspection.
#[rustfmt::skip]
pub(crate) const NORMAL: [[i8; 26]; 16] = [
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30], // A
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30, 44], // B
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30, 44,  U], // C
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30, 44,  U,  U], // D
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30, 44,  U,  U,  U], // E
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U], // F
    [ D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U], // G
    [ D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U], // H
    [ D,  D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U,  U], // J
    [ D,  D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // K
    [ D,  D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // L
    [ D,  D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // M
    [ D,  D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // N
    [ D,  0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // P
    [ 0,  U,  D,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // Q
    [ U,  U,  1,  2,  3,  5,  7, 10, 14, 21,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // R
];
/// ISO 2859-1:1999 Table 2-B — single sampling plans for tightened inspection (row S: n = 3150).
#[rustfmt::skip]
pub(crate) const TIGHTENED: [[i8; 26]; 17] = [
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  1,  2,  3,  5,  8, 12, 18, 27], // A
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18, 27, 41], // B
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18, 27, 41,  U], // C
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18, 27, 41,  U,  U], // D
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18, 27, 41,  U,  U,  U], // E
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U], // F
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U], // G
    [ D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U], // H
    [ D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U,  U], // J
    [ D,  D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // K
    [ D,  D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // L
    [ D,  D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // M
    [ D,  D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // N
    [ D,  D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // P
    [ D,  0,  D,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // Q
    [ 0,  U,  D,  1,  2,  3,  5,  8, 12, 18,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // R
    [ U,  U,  1,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // S
];
/// ISO 2859-1:1999 Table 2-C — single sampling plans for reduced inspection (no Ac/Re gap).
#[rustfmt::skip]
pub(crate) const REDUCED: [[i8; 26]; 16] = [
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  D,  D,  D,  1,  2,  3,  5,  7, 10, 14, 21], // A
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30], // B
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30,  U], // C
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30,  U,  U], // D
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14, 21, 30,  U,  U,  U], // E
    [ D,  D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U], // F
    [ D,  D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U], // G
    [ D,  D,  D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U], // H
    [ D,  D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U,  U], // J
    [ D,  D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // K
    [ D,  D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // L
    [ D,  D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // M
    [ D,  D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // N
    [ D,  0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // P
    [ 0,  U,  D,  D,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // Q
    [ U,  U,  1,  1,  2,  3,  5,  7, 10, 14,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U,  U], // R
];
