//! What an error is, and the verdict the plan proposes.
//!
//! The supervisor's arbitration yields, for every sampled entry, the number of its fields that
//! were wrong. From that one list both views are computed and reported side by side:
//! - **entries** (default): an entry with at least one wrong field is one nonconforming entry;
//!   the rate is percent nonconforming entries (ISO 2859-1 "percent nonconforming items");
//! - **fields**: every wrong field is one nonconformity; the rate is nonconformities per 100
//!   entries (ISO 2859-1 "nonconformities per 100 items").
//!
//! Which count the decision uses is a province setting ([`CountingMode`]).
use crate::bound::clopper_pearson_upper;
use crate::plan::Plan;
use crate::QaError;
use serde::{Deserialize, Serialize};

/// The province setting: which count is compared with Ac/Re.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CountingMode {
    /// Nonconforming entries (an entry with ≥ 1 wrong field).
    #[default]
    Entries,
    /// Nonconformities (wrong fields), per 100 entries.
    Fields,
}

impl CountingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            CountingMode::Entries => "entries",
            CountingMode::Fields => "fields",
        }
    }

    /// Checks the pairing of mode and AQL: above 10 only nonconformities per 100 items make sense.
    pub fn check(self, plan: &Plan) -> Result<(), QaError> {
        if self == CountingMode::Entries && !plan.aql.allows_percent_nonconforming() {
            return Err(QaError::AqlNeedsFieldCounting(plan.aql.label().to_string()));
        }
        Ok(())
    }
}

impl std::str::FromStr for CountingMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "entries" => Ok(CountingMode::Entries),
            "fields" => Ok(CountingMode::Fields),
            _ => Err(format!("unknown counting mode {s} (entries, fields)")),
        }
    }
}

/// What a review found in its sample.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Findings {
    /// Entries inspected (re-keyed and compared).
    pub entries: u64,
    /// Entries with at least one wrong field.
    pub nonconforming_entries: u64,
    /// Wrong fields in all inspected entries.
    pub nonconformities: u64,
}

impl Findings {
    /// From the number of wrong fields of each inspected entry (0 for a correct entry).
    pub fn from_field_errors(per_entry: &[u32]) -> Findings {
        Findings {
            entries: per_entry.len() as u64,
            nonconforming_entries: per_entry.iter().filter(|&&e| e > 0).count() as u64,
            nonconformities: per_entry.iter().map(|&e| u64::from(e)).sum(),
        }
    }

    /// The count the decision compares with Ac/Re.
    pub fn count(&self, mode: CountingMode) -> u64 {
        match mode {
            CountingMode::Entries => self.nonconforming_entries,
            CountingMode::Fields => self.nonconformities,
        }
    }

    /// Percent of inspected entries with at least one wrong field.
    pub fn entry_error_percent(&self) -> f64 {
        if self.entries == 0 {
            0.0
        } else {
            100.0 * self.nonconforming_entries as f64 / self.entries as f64
        }
    }

    /// Wrong fields per 100 inspected entries.
    pub fn nonconformities_per_100(&self) -> f64 {
        if self.entries == 0 {
            0.0
        } else {
            100.0 * self.nonconformities as f64 / self.entries as f64
        }
    }

    fn validate(&self) -> Result<(), QaError> {
        if self.nonconforming_entries > self.entries || self.nonconforming_entries > self.nonconformities {
            return Err(QaError::CountsInconsistent {
                entries: self.entries,
                nonconforming: self.nonconforming_entries,
                fields: self.nonconformities,
            });
        }
        Ok(())
    }
}

/// The plan's proposal; the supervisor decides.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
// Named apart from the other decisions (duplicates, linkage) in the UI contract.
#[cfg_attr(feature = "specta", serde(rename = "QaDecision"))]
pub enum Decision {
    Accept,
    Return,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub decision: Decision,
    pub mode: CountingMode,
    /// The count compared with Ac/Re (entries or fields per `mode`).
    pub counted: u64,
    pub ac: u32,
    pub re: u32,
    pub findings: Findings,
    /// Percent nonconforming entries in the sample (reported whatever the mode).
    pub entry_error_percent: f64,
    /// Nonconformities per 100 entries in the sample (reported whatever the mode).
    pub nonconformities_per_100: f64,
    /// One-sided 95 % Clopper–Pearson upper bound on the entry error rate, percent.
    pub entry_error_upper_95: f64,
    pub reason_vi: String,
    pub reason_en: String,
}

/// d ≤ Ac → accept, d ≥ Re → return, with the reason in words. The sample must be complete
/// (`findings.entries == plan.inspected()`).
pub fn propose(plan: &Plan, findings: &Findings, mode: CountingMode) -> Result<Proposal, QaError> {
    mode.check(plan)?;
    findings.validate()?;
    if findings.entries != plan.inspected() {
        return Err(QaError::SampleIncomplete { inspected: findings.entries, required: plan.inspected() });
    }
    let d = findings.count(mode);
    let accept = d <= u64::from(plan.ac);
    let decision = if accept { Decision::Accept } else { Decision::Return };
    let (what_vi, what_en) = match mode {
        CountingMode::Entries => ("mục có sai sót", "nonconforming entries"),
        CountingMode::Fields => ("trường sai", "wrong fields"),
    };
    let n = plan.inspected();
    let reason_vi = if accept {
        format!(
            "Đề xuất CHẤP NHẬN: kiểm tra {n} mục, thấy {d} {what_vi}, không vượt quá số chấp nhận Ac = {} \
             (trả lại khi có từ {} trở lên).",
            plan.ac, plan.re
        )
    } else {
        format!(
            "Đề xuất TRẢ LẠI: kiểm tra {n} mục, thấy {d} {what_vi}, bằng hoặc vượt số bác bỏ Re = {} \
             (chỉ chấp nhận khi có không quá {}).",
            plan.re, plan.ac
        )
    };
    let reason_en = if accept {
        format!("Proposed ACCEPT: {n} entries inspected, {d} {what_en}, not more than the acceptance number Ac = {}.", plan.ac)
    } else {
        format!("Proposed RETURN: {n} entries inspected, {d} {what_en}, at or above the rejection number Re = {}.", plan.re)
    };
    Ok(Proposal {
        decision,
        mode,
        counted: d,
        ac: plan.ac,
        re: plan.re,
        findings: *findings,
        entry_error_percent: findings.entry_error_percent(),
        nonconformities_per_100: findings.nonconformities_per_100(),
        entry_error_upper_95: 100.0 * clopper_pearson_upper(findings.nonconforming_entries, findings.entries, 0.95),
        reason_vi,
        reason_en,
    })
}
