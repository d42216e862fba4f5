//! ISO 2859-1:1999 §9 switching rules, kept per commune (one state per commune and AQL/counting
//! setting), as a small serialisable state machine.
//!
//! - §9.3.1 normal → tightened: 2 lots not accepted among 5 or fewer consecutive lots;
//! - §9.3.2 tightened → normal: 5 consecutive lots accepted;
//! - §9.3.3 normal → reduced: switching score ≥ 30 **and** production at a steady rate **and**
//!   the responsible authority (the province) approves;
//! - §9.3.3.2 switching score (single sampling), set to 0 at the start of normal inspection and
//!   updated after each lot on original normal inspection:
//!   Ac ≥ 2: +3 if the lot would have been accepted at the AQL one step tighter (same sample,
//!   acceptance number of the next smaller AQL), otherwise reset to 0;
//!   Ac 0 or 1: +2 if the lot is accepted, otherwise reset to 0;
//! - §9.3.4 reduced → normal: a lot not accepted, or production irregular or delayed, or other
//!   conditions (the authority) warrant it;
//! - §9.4 discontinuation: the cumulative number of lots not accepted in a sequence of
//!   consecutive lots on tightened inspection reaches 5. Inspection resumes (on tightened) only
//!   when the authority accepts the corrective action.
//!
//! Only lots on *original* inspection count: a returned book that comes back is a resubmission
//! and is not recorded here.
use crate::plan::{Plan, Severity};
use crate::QaError;
use serde::{Deserialize, Serialize};

/// Where the commune stands.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InspectionState {
    #[default]
    Normal,
    Tightened,
    Reduced,
    /// §9.4: acceptance sampling stopped until corrective action is accepted.
    Discontinued,
}

impl InspectionState {
    pub fn severity(self) -> Option<Severity> {
        match self {
            InspectionState::Normal => Some(Severity::Normal),
            InspectionState::Tightened => Some(Severity::Tightened),
            InspectionState::Reduced => Some(Severity::Reduced),
            InspectionState::Discontinued => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InspectionState::Normal => "normal",
            InspectionState::Tightened => "tightened",
            InspectionState::Reduced => "reduced",
            InspectionState::Discontinued => "discontinued",
        }
    }
}

/// Facts about the commune's production that the standard's rules need and the lot cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    /// Books arrive at a steady rate (§9.3.3 b, §9.3.4 b).
    pub production_steady: bool,
    /// The responsible authority (province) considers reduced inspection desirable (§9.3.3 c).
    pub authority_approves_reduced: bool,
}

impl Default for Conditions {
    fn default() -> Self {
        Conditions { production_steady: true, authority_approves_reduced: false }
    }
}

/// Why the state changed (or not), for the audit trail and the supervisor's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Transition {
    Stay,
    /// §9.3.1.
    NormalToTightened,
    /// §9.3.2.
    TightenedToNormal,
    /// §9.3.3 (score ≥ 30, steady production, authority approves).
    NormalToReduced,
    /// §9.3.4 a: a lot on reduced inspection was not accepted.
    ReducedToNormalLotNotAccepted,
    /// §9.3.4 b: production irregular or delayed.
    ReducedToNormalIrregularProduction,
    /// §9.3.4 c: other conditions warrant normal inspection.
    ReducedToNormalOtherConditions,
    /// §9.4.
    Discontinue,
    /// §9.4: corrective action accepted, inspection resumes on tightened.
    ResumeTightened,
}

impl Transition {
    pub fn explain_vi(self) -> &'static str {
        match self {
            Transition::Stay => "Giữ nguyên chế độ kiểm tra.",
            Transition::NormalToTightened => {
                "Chuyển sang kiểm tra ngặt: có 2 sổ không được chấp nhận trong không quá 5 sổ liên tiếp (ISO 2859-1 §9.3.1)."
            }
            Transition::TightenedToNormal => "Trở lại kiểm tra thường: 5 sổ liên tiếp được chấp nhận (§9.3.2).",
            Transition::NormalToReduced => "Chuyển sang kiểm tra giảm: điểm chuyển đạt 30, tiến độ đều và cấp tỉnh đồng ý (§9.3.3).",
            Transition::ReducedToNormalLotNotAccepted => "Trở lại kiểm tra thường: một sổ không được chấp nhận (§9.3.4 a).",
            Transition::ReducedToNormalIrregularProduction => {
                "Trở lại kiểm tra thường: tiến độ nhập liệu không đều hoặc bị chậm (§9.3.4 b)."
            }
            Transition::ReducedToNormalOtherConditions => "Trở lại kiểm tra thường theo quyết định của cấp có thẩm quyền (§9.3.4 c).",
            Transition::Discontinue => {
                "Tạm dừng kiểm tra theo mẫu: đã có 5 sổ không được chấp nhận khi đang kiểm tra ngặt (§9.4). \
                 Xã cần khắc phục và được cấp tỉnh chấp thuận mới tiếp tục."
            }
            Transition::ResumeTightened => "Tiếp tục kiểm tra, bắt đầu bằng kiểm tra ngặt (§9.4).",
        }
    }
}

/// The switching state of one commune. Serialise it (JSON) beside the commune's review settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SwitchingState {
    pub state: InspectionState,
    /// §9.3.3.2 switching score (meaningful on normal inspection).
    pub score: u32,
    /// Accepted? for the last lots on normal inspection, oldest first, at most 5.
    pub recent_normal: Vec<bool>,
    /// Consecutive lots accepted on tightened inspection.
    pub tightened_accepted_run: u32,
    /// Lots not accepted since tightened inspection began (§9.4 counts to 5).
    pub tightened_not_accepted: u32,
    /// Lots recorded since the state was created.
    pub lots_recorded: u64,
}

impl SwitchingState {
    /// Inspection starts on normal with score 0 (§9.2, §9.3.3.2).
    pub fn new() -> SwitchingState {
        SwitchingState::default()
    }

    /// The severity of the next plan, or `Discontinued`.
    pub fn severity(&self) -> Result<Severity, QaError> {
        self.state.severity().ok_or(QaError::Discontinued)
    }

    /// Records the outcome of one lot on original inspection: the plan it was inspected with and
    /// the count compared with Ac/Re. Returns the transition taken.
    pub fn record(&mut self, plan: &Plan, counted: u64, conditions: Conditions) -> Result<Transition, QaError> {
        let severity = self.severity()?;
        if plan.severity != severity {
            return Err(QaError::SeverityMismatch { plan: plan.severity.to_string(), state: self.state.as_str().to_string() });
        }
        self.lots_recorded += 1;
        let accepted = counted <= u64::from(plan.ac);
        let t = match severity {
            Severity::Normal => self.after_normal(plan, counted, accepted, conditions),
            Severity::Tightened => self.after_tightened(accepted),
            Severity::Reduced => {
                if !accepted {
                    self.enter_normal();
                    Transition::ReducedToNormalLotNotAccepted
                } else if !conditions.production_steady {
                    self.enter_normal();
                    Transition::ReducedToNormalIrregularProduction
                } else {
                    Transition::Stay
                }
            }
        };
        Ok(t)
    }

    fn after_normal(&mut self, plan: &Plan, counted: u64, accepted: bool, conditions: Conditions) -> Transition {
        // §9.3.3.2 a) single sampling
        let earns = if plan.ac >= 2 {
            // Re of the tighter plan is Ac+1, so "accepted one step tighter" ⇔ count ≤ tighter Ac.
            plan.tighter_acceptance().is_some_and(|t| counted <= u64::from(t))
        } else {
            accepted
        };
        if earns {
            self.score += if plan.ac >= 2 { 3 } else { 2 };
        } else {
            self.score = 0;
        }
        // §9.3.1: 2 not accepted among 5 or fewer consecutive lots
        self.recent_normal.push(accepted);
        if self.recent_normal.len() > 5 {
            self.recent_normal.remove(0);
        }
        if self.recent_normal.iter().filter(|&&a| !a).count() >= 2 {
            self.state = InspectionState::Tightened;
            self.tightened_accepted_run = 0;
            self.tightened_not_accepted = 0;
            self.recent_normal.clear();
            self.score = 0;
            return Transition::NormalToTightened;
        }
        // §9.3.3
        if self.score >= 30 && conditions.production_steady && conditions.authority_approves_reduced {
            self.state = InspectionState::Reduced;
            self.recent_normal.clear();
            return Transition::NormalToReduced;
        }
        Transition::Stay
    }

    fn after_tightened(&mut self, accepted: bool) -> Transition {
        if accepted {
            self.tightened_accepted_run += 1;
        } else {
            self.tightened_accepted_run = 0;
            self.tightened_not_accepted += 1;
        }
        if self.tightened_not_accepted >= 5 {
            self.state = InspectionState::Discontinued;
            return Transition::Discontinue;
        }
        if self.tightened_accepted_run >= 5 {
            self.enter_normal();
            return Transition::TightenedToNormal;
        }
        Transition::Stay
    }

    /// Normal inspection (re)starts: score 0, fresh history.
    fn enter_normal(&mut self) {
        self.state = InspectionState::Normal;
        self.score = 0;
        self.recent_normal.clear();
        self.tightened_accepted_run = 0;
        self.tightened_not_accepted = 0;
    }

    /// §9.3.4 b: production became irregular or delayed. Only changes reduced inspection.
    pub fn production_irregular(&mut self) -> Transition {
        if self.state == InspectionState::Reduced {
            self.enter_normal();
            return Transition::ReducedToNormalIrregularProduction;
        }
        Transition::Stay
    }

    /// §9.3.4 c: the authority decides that other conditions warrant normal inspection.
    pub fn other_conditions_warrant_normal(&mut self) -> Transition {
        if self.state == InspectionState::Reduced {
            self.enter_normal();
            return Transition::ReducedToNormalOtherConditions;
        }
        Transition::Stay
    }

    /// §9.4: the authority accepts the commune's corrective action; inspection resumes on
    /// tightened ("as if 9.3.1 had been invoked").
    pub fn resume_after_corrective_action(&mut self) -> Transition {
        if self.state != InspectionState::Discontinued {
            return Transition::Stay;
        }
        self.state = InspectionState::Tightened;
        self.tightened_accepted_run = 0;
        self.tightened_not_accepted = 0;
        Transition::ResumeTightened
    }
}
