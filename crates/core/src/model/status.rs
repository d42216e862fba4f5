//! The entry status machine: draft → keyed → checked → submitted → accepted | returned → exported.
//!
//! After the export, what the Ministry's system says is recorded per exported file row
//! (`upload_export_entry.ministry_state`: uploaded → approved | rejected, crate::upload::result);
//! the entry itself stays `exported` unless the Ministry rejects it: then it goes
//! `exported → returned` ([`Actor::Ministry`]) with the Ministry's reason, is corrected and
//! resubmitted like a supervisor's return, and a later export sends it as a new version of its file.
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryStatus {
    Draft,
    Keyed,
    Checked,
    Submitted,
    Accepted,
    Returned,
    Exported,
}

/// The wire type of a count per status with every status present ([`crate::model::book::BookSummary`]
/// sends a map from each [`EntryStatus`] code, zero included): for the generated UI contract.
#[cfg(feature = "specta")]
#[derive(specta::Type)]
#[allow(dead_code)]
pub struct StatusCounts {
    draft: u32,
    keyed: u32,
    checked: u32,
    submitted: u32,
    accepted: u32,
    returned: u32,
    exported: u32,
}

/// How far an entry has gone, for counting progress ("reached at least this stage": an accepted
/// entry is also keyed, checked and submitted). A returned entry counts as keyed: it was keyed and
/// is being corrected. Progress figures, the home screen's counts and the reports all use this
/// one rule ([`EntryStatus::stage`]).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Draft,
    Keyed,
    Checked,
    Submitted,
    Accepted,
    Exported,
}

impl Stage {
    /// Every stage, from the start: `Stage::ALL[s.rank()] == s`.
    pub const ALL: [Stage; 6] = [Stage::Draft, Stage::Keyed, Stage::Checked, Stage::Submitted, Stage::Accepted, Stage::Exported];

    /// 0 (draft) to 5 (exported).
    pub fn rank(self) -> usize {
        self as usize
    }
}

/// Who may make a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A clerk keying and checking in the commune.
    Clerk,
    /// The batch machinery (export to / import from the supervisor).
    Batch,
    /// A supervisor's verdict.
    Supervisor,
    /// The central upload export.
    Upload,
    /// The Ministry's result list (read by the supervisor): a rejected row returns its entry.
    Ministry,
}

impl EntryStatus {
    pub const ALL: [EntryStatus; 7] = [
        EntryStatus::Draft,
        EntryStatus::Keyed,
        EntryStatus::Checked,
        EntryStatus::Submitted,
        EntryStatus::Accepted,
        EntryStatus::Returned,
        EntryStatus::Exported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Draft => "draft",
            EntryStatus::Keyed => "keyed",
            EntryStatus::Checked => "checked",
            EntryStatus::Submitted => "submitted",
            EntryStatus::Accepted => "accepted",
            EntryStatus::Returned => "returned",
            EntryStatus::Exported => "exported",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            EntryStatus::Draft => "Nháp",
            EntryStatus::Keyed => "Đã nhập",
            EntryStatus::Checked => "Đã kiểm tra",
            EntryStatus::Submitted => "Đã gửi",
            EntryStatus::Accepted => "Đã chấp nhận",
            EntryStatus::Returned => "Bị trả lại",
            EntryStatus::Exported => "Đã xuất",
        }
    }

    /// The progress stage this status has reached (see [`Stage`]).
    pub fn stage(self) -> Stage {
        match self {
            EntryStatus::Draft => Stage::Draft,
            EntryStatus::Keyed | EntryStatus::Returned => Stage::Keyed,
            EntryStatus::Checked => Stage::Checked,
            EntryStatus::Submitted => Stage::Submitted,
            EntryStatus::Accepted => Stage::Accepted,
            EntryStatus::Exported => Stage::Exported,
        }
    }

    /// Whether the entry counts as keyed (keyed or any stage after it, returned included).
    pub fn counts_as_keyed(self) -> bool {
        self.stage() >= Stage::Keyed
    }

    /// Whether the entry's fields may still be edited by a clerk.
    pub fn is_editable(self) -> bool {
        matches!(self, EntryStatus::Draft | EntryStatus::Keyed | EntryStatus::Checked | EntryStatus::Returned)
    }

    /// The allowed transitions, and who may make them.
    pub fn can_move_to(self, to: EntryStatus, actor: Actor) -> bool {
        use Actor::*;
        use EntryStatus::*;
        matches!(
            (self, to, actor),
            (Draft, Keyed, Clerk)
                | (Keyed, Draft, Clerk)
                | (Keyed, Checked, Clerk)
                | (Checked, Keyed, Clerk)
                | (Returned, Keyed, Clerk)
                | (Returned, Checked, Clerk)
                | (Checked, Submitted, Batch)
                | (Submitted, Checked, Batch) // a batch cancelled before it left
                | (Submitted, Accepted, Supervisor)
                | (Submitted, Returned, Supervisor)
                | (Accepted, Exported, Upload)
                | (Exported, Returned, Ministry)
                // in a commune's own workspace the entry stays accepted (the supervisor exported
                // it): the Ministry's rejection, received in a verdict package, returns it
                | (Accepted, Returned, Ministry)
        )
    }
}

impl fmt::Display for EntryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntryStatus {
    type Err = crate::error::CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntryStatus::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| crate::error::CoreError::invalid("status", format!("trạng thái không hợp lệ: {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_goes_from_draft_to_exported() {
        use EntryStatus::*;
        let path = [
            (Draft, Keyed, Actor::Clerk),
            (Keyed, Checked, Actor::Clerk),
            (Checked, Submitted, Actor::Batch),
            (Submitted, Accepted, Actor::Supervisor),
            (Accepted, Exported, Actor::Upload),
        ];
        for (a, b, who) in path {
            assert!(a.can_move_to(b, who), "{a} → {b}");
        }
    }

    #[test]
    fn a_clerk_cannot_accept_or_skip_checking() {
        use EntryStatus::*;
        assert!(!Submitted.can_move_to(Accepted, Actor::Clerk));
        assert!(!Draft.can_move_to(Submitted, Actor::Batch));
        assert!(!Keyed.can_move_to(Submitted, Actor::Batch));
        assert!(!Exported.can_move_to(Keyed, Actor::Clerk));
    }

    #[test]
    fn only_the_ministry_result_sends_an_exported_entry_back_and_only_as_returned() {
        use EntryStatus::*;
        assert!(Exported.can_move_to(Returned, Actor::Ministry));
        for who in [Actor::Clerk, Actor::Batch, Actor::Supervisor, Actor::Upload] {
            assert!(!Exported.can_move_to(Returned, who));
        }
        for to in EntryStatus::ALL.into_iter().filter(|t| *t != Returned) {
            assert!(!Exported.can_move_to(to, Actor::Ministry), "{to}");
        }
    }

    #[test]
    fn in_a_commune_workspace_only_the_ministry_returns_an_accepted_entry() {
        use EntryStatus::*;
        assert!(Accepted.can_move_to(Returned, Actor::Ministry));
        for who in [Actor::Clerk, Actor::Batch, Actor::Supervisor, Actor::Upload] {
            assert!(!Accepted.can_move_to(Returned, who));
        }
        for to in EntryStatus::ALL.into_iter().filter(|t| *t != Returned) {
            assert!(!Accepted.can_move_to(to, Actor::Ministry), "{to}");
        }
    }

    #[test]
    fn a_returned_entry_counts_as_keyed_and_only_drafts_do_not() {
        for s in EntryStatus::ALL {
            assert_eq!(s.counts_as_keyed(), s != EntryStatus::Draft, "{s}");
        }
        assert_eq!(EntryStatus::Returned.stage(), Stage::Keyed);
        assert!(EntryStatus::Accepted.stage() > EntryStatus::Submitted.stage());
        for (i, s) in Stage::ALL.into_iter().enumerate() {
            assert_eq!(s.rank(), i);
        }
    }

    #[test]
    fn returned_entries_are_editable_again_submitted_ones_are_frozen() {
        assert!(EntryStatus::Returned.is_editable());
        assert!(!EntryStatus::Submitted.is_editable());
        assert!(!EntryStatus::Accepted.is_editable());
    }
}
