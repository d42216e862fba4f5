//! Looking a plan up: lot size + level → code letter (Table 1) → the master table of the severity
//! at the AQL's column → follow the arrows to the first plan (the code letter and the sample size
//! change with it) → `Plan`.
use crate::tables::{self, CodeLetter, Level, AQLS, AQL_LABELS, D, U};
use crate::QaError;
use serde::{Deserialize, Serialize};

/// Inspection severity (ISO 2859-1 §9): which master table is used.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
// `Severity` is the warnings' severity in the UI contract; this one is the inspection's.
#[cfg_attr(feature = "specta", serde(rename = "InspectionSeverity"))]
pub enum Severity {
    #[default]
    Normal,
    Tightened,
    Reduced,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Normal => "normal",
            Severity::Tightened => "tightened",
            Severity::Reduced => "reduced",
        }
    }

    /// Vietnamese name shown to supervisors.
    pub fn name_vi(self) -> &'static str {
        match self {
            Severity::Normal => "kiểm tra thường",
            Severity::Tightened => "kiểm tra ngặt",
            Severity::Reduced => "kiểm tra giảm",
        }
    }

    fn table(self) -> &'static [[i8; 26]] {
        match self {
            Severity::Normal => &tables::NORMAL,
            Severity::Tightened => &tables::TIGHTENED,
            Severity::Reduced => &tables::REDUCED,
        }
    }

    fn sample_size(self, code: CodeLetter) -> u32 {
        match self {
            Severity::Reduced => tables::SAMPLE_SIZE_REDUCED[code.index()],
            _ => tables::SAMPLE_SIZE[code.index()],
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = QaError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "normal" => Ok(Severity::Normal),
            "tightened" => Ok(Severity::Tightened),
            "reduced" => Ok(Severity::Reduced),
            _ => Err(QaError::UnknownSeverity(s.to_string())),
        }
    }
}

/// One of the 26 AQL columns. Serialised as its number (`1.0`, `0.65`); parsed from "1", "1.0",
/// "1,0" (decimal comma) or "0.65"; anything not in the table is refused.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
#[cfg_attr(feature = "specta", specta(type = f64))]
pub struct Aql(u8);

impl Aql {
    /// The province default (issue 12).
    pub const DEFAULT: Aql = Aql(10);

    pub fn all() -> impl Iterator<Item = Aql> {
        (0..AQLS.len() as u8).map(Aql)
    }

    /// Column index in the master tables (0 = 0.010 … 25 = 1000).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn from_index(i: usize) -> Option<Aql> {
        (i < AQLS.len()).then_some(Aql(i as u8))
    }

    pub fn value(self) -> f64 {
        AQLS[self.index()]
    }

    /// As printed in the standard ("1.0", "0.65", "10").
    pub fn label(self) -> &'static str {
        AQL_LABELS[self.index()]
    }

    /// The same figure with a decimal comma, as Vietnamese text writes it ("1,0", "0,65").
    pub fn label_vi(self) -> String {
        self.label().replace('.', ",")
    }

    /// One column to the left (ISO 2859-1 §9.3.3.2: "one step tighter"), `None` at 0.010.
    pub fn tighter(self) -> Option<Aql> {
        self.0.checked_sub(1).map(Aql)
    }

    /// AQLs above 10 are expressed in nonconformities per 100 items only (§5.1).
    pub fn allows_percent_nonconforming(self) -> bool {
        self.value() <= 10.0
    }

    fn from_value(v: f64) -> Option<Aql> {
        if !v.is_finite() || v <= 0.0 {
            return None;
        }
        AQLS.iter().position(|a| ((a - v) / a).abs() < 1e-9).map(|i| Aql(i as u8))
    }
}

impl std::str::FromStr for Aql {
    type Err = QaError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().replace(',', ".");
        let t = t.strip_suffix('%').unwrap_or(&t).trim();
        let ok = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        t.parse::<f64>().ok().filter(|_| ok).and_then(Aql::from_value).ok_or_else(|| QaError::UnknownAql(s.trim().to_string()))
    }
}

impl TryFrom<f64> for Aql {
    type Error = QaError;
    fn try_from(v: f64) -> Result<Self, Self::Error> {
        Aql::from_value(v).ok_or_else(|| QaError::UnknownAql(v.to_string()))
    }
}

impl From<Aql> for f64 {
    fn from(a: Aql) -> f64 {
        a.value()
    }
}

impl std::fmt::Display for Aql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Table 1: the lot's own code letter.
pub fn code_letter(lot_size: u64, level: Level) -> Result<CodeLetter, QaError> {
    if lot_size == 0 {
        return Err(QaError::EmptyLot);
    }
    let row = tables::LOT_UPPER.iter().position(|&u| lot_size <= u).expect("last row is unbounded");
    let col = Level::ALL.iter().position(|&l| l == level).expect("all levels listed");
    Ok(tables::TABLE_1[row][col])
}

/// A single sampling plan for one lot (a register book).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Entries in the lot.
    pub lot_size: u64,
    pub level: Level,
    /// The lot's own code letter (Table 1).
    pub lot_code: CodeLetter,
    /// The code letter of the plan actually used, after following the arrows.
    pub code: CodeLetter,
    /// Sample size of that code letter in the table of `severity`.
    pub n: u32,
    /// Acceptance number: the lot is accepted when at most `ac` nonconforming entries (or
    /// nonconformities) are found.
    pub ac: u32,
    /// Rejection number (always `ac + 1` in ISO 2859-1:1999 single sampling).
    pub re: u32,
    pub severity: Severity,
    pub aql: Aql,
    /// `n ≥ lot_size`: every entry is inspected (the standard's "carry out 100 % inspection");
    /// Ac/Re still decide.
    pub full_inspection: bool,
}

impl Plan {
    /// Looks the plan up (Table 1, then Table 2-A/2-B/2-C following arrows).
    pub fn lookup(lot_size: u64, level: Level, severity: Severity, aql: Aql) -> Result<Plan, QaError> {
        let lot_code = code_letter(lot_size, level)?;
        let (code, ac) = follow_arrows(severity, lot_code, aql);
        let n = severity.sample_size(code);
        Ok(Plan { lot_size, level, lot_code, code, n, ac, re: ac + 1, severity, aql, full_inspection: u64::from(n) >= lot_size })
    }

    /// General inspection level II (the default).
    pub fn level_ii(lot_size: u64, severity: Severity, aql: Aql) -> Result<Plan, QaError> {
        Plan::lookup(lot_size, Level::II, severity, aql)
    }

    /// Entries actually inspected: `n`, or the whole lot under 100 % inspection.
    pub fn inspected(&self) -> u64 {
        u64::from(self.n).min(self.lot_size)
    }

    /// Did the arrows move the plan off the lot's own code letter?
    pub fn arrow_followed(&self) -> bool {
        self.code != self.lot_code
    }

    /// The acceptance number of the same sample size one AQL step tighter (the cell to the left in
    /// the row of `code`), used by the switching score (§9.3.3.2 a) 1)). `None` when that cell is
    /// an arrow or there is no tighter AQL.
    pub fn tighter_acceptance(&self) -> Option<u32> {
        let t = self.aql.tighter()?;
        let cell = self.severity.table()[self.code.index()][t.index()];
        (cell >= 0).then_some(cell as u32)
    }

    /// The one-line form printed by `sohoa review plan` (documented in crates/qa/README.md):
    /// `code=H n=50 Ac=1 Re=2`; when the arrows moved the plan, `code=E (lot letter F) n=13 Ac=0
    /// Re=1`; under 100 % inspection `n` is the lot size and `100%` follows:
    /// `code=E (lot letter B) n=10 Ac=0 Re=1 100%`.
    pub fn summary_line(&self) -> String {
        let mut s = format!("code={}", self.code);
        if self.arrow_followed() {
            s.push_str(&format!(" (lot letter {})", self.lot_code));
        }
        s.push_str(&format!(" n={} Ac={} Re={}", self.inspected(), self.ac, self.re));
        if self.full_inspection {
            s.push_str(" 100%");
        }
        s
    }
}

/// Follows ↓/↑ from (code, aql) to the first plan; returns its row and Ac.
pub(crate) fn follow_arrows(severity: Severity, start: CodeLetter, aql: Aql) -> (CodeLetter, u32) {
    let table = severity.table();
    let mut row = start.index();
    // Every chain ends on a plan within the table's height (tests walk every cell).
    for _ in 0..=table.len() {
        match table[row][aql.index()] {
            D => row += 1,
            U => row -= 1,
            ac => return (CodeLetter::from_index(row).expect("row in table"), ac as u32),
        }
    }
    unreachable!("arrow cycle in {severity} table at {start} / {aql}")
}
