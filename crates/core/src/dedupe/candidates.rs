//! Candidates of one entry: rows of the extract that may be its person, and other keyed entries
//! that may be the same event. This is the only way extract rows are ever shown, one entry at a
//! time, and every lookup is written to the audit log (with masked ID numbers).
use super::cache;
use super::decisions::{current_decisions_for_entry, DecisionView};
use super::entries::subject_record;
pub use super::stored::RecordFields;
use super::stored::{record_fields, stored_candidates};
use crate::error::Result;
use crate::session::Session;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sohoa_linkage::{Candidate, CandidateKind, Decision, FieldExplanation};
use sohoa_vietnamese::idnum::mask_id;
use std::collections::HashSet;

/// At most this many person candidates are shown for an entry.
pub const MAX_PERSONS: usize = 5;
/// At most this many record candidates are shown for an entry.
pub const MAX_RECORDS: usize = 5;

/// One line of a score's explanation, ready for the clerk.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExplanationLine {
    /// `prior`, `name`, `birth_date`, `sex`, `father`, `mother`, `place`, `id_number`
    pub field: String,
    pub field_label: String,
    /// Stable level code, e.g. `exact`, `day_month_swapped`.
    pub level_code: String,
    /// What the engine saw, in Vietnamese ("Đảo ngày và tháng").
    pub level_label: String,
    /// `level_label` plus how rare the agreeing value is ("… (tên hiếm)").
    pub label: String,
    /// Evidence in bits (positive: for the same person).
    pub weight: f64,
    pub tf_adjustment: f64,
    /// `rare` / `common` when the value's frequency moved the weight by at least one bit.
    pub rarity: Option<String>,
}

impl From<&FieldExplanation> for ExplanationLine {
    fn from(f: &FieldExplanation) -> Self {
        let rarity = if f.tf_adjustment >= 1.0 {
            Some("rare")
        } else if f.tf_adjustment <= -1.0 {
            Some("common")
        } else {
            None
        };
        let label = match rarity {
            Some("rare") => format!("{} (hiếm gặp)", f.level_label),
            Some(_) => format!("{} (rất phổ biến)", f.level_label),
            None => f.level_label.to_string(),
        };
        ExplanationLine {
            field: f.field.to_string(),
            field_label: f.field_label.to_string(),
            level_code: f.level_code.to_string(),
            level_label: f.level_label.to_string(),
            label,
            weight: f.weight,
            tf_adjustment: f.tf_adjustment,
            rarity: rarity.map(str::to_string),
        }
    }
}

/// The identifying fields of an extract row (only the matched row, never a list).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PersonFields {
    /// Masked (`001*******45`) except in the adjudication view.
    pub id_number: String,
    pub id_masked: bool,
    pub full_name: String,
    pub birth_date: String,
    /// `Nam` / `Nữ`
    pub sex: String,
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
    pub birth_registration_place: Option<String>,
    pub home_town: Option<String>,
    pub residence: Option<String>,
    /// False when the row is no longer in the active extract (a decision made against an
    /// older extract).
    pub in_extract: bool,
}

/// One candidate as the UI shows it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateView {
    pub kind: CandidateKind,
    /// Person: the ID number (masked outside adjudication). Record: the other entry's id.
    pub candidate_id: String,
    pub rank: u32,
    /// Match weight in bits.
    pub score: f64,
    pub probability: f64,
    /// Probability that this candidate rather than another (or nobody) is the person.
    pub share: f64,
    /// `match` / `possible`
    pub band: Decision,
    pub explanation: Vec<ExplanationLine>,
    pub person: Option<PersonFields>,
    pub record: Option<RecordFields>,
    /// The current adjudication of this pair, if any.
    pub decision: Option<DecisionView>,
    /// False when the candidate comes from the last batch run but the engine no longer proposes
    /// it (the entry or the extract changed since).
    pub live: bool,
}

/// Why an entry has no candidates, or what was checked.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryCandidates {
    pub entry_id: i64,
    /// False when the entry's type is not checked, or it has no name yet (the check while
    /// keying), or neither a name nor a readable birth date (the adjudication screen).
    pub checked: bool,
    pub has_extract: bool,
    pub persons: Vec<CandidateView>,
    pub records: Vec<CandidateView>,
    pub ms: u64,
}

/// `Nam` / `Nữ`, or the sex as the extract wrote it when it is neither (issue 10: kept verbatim).
fn sex_label(s: &str) -> String {
    match s {
        "male" => "Nam".into(),
        "female" => "Nữ".into(),
        "unknown" => String::new(),
        written => written.into(),
    }
}

pub(crate) fn person_fields(
    s: &Session,
    import_id: Option<i64>,
    row_id: Option<i64>,
    id_number: &str,
    unmask: bool,
) -> Result<PersonFields> {
    let row = match (row_id, import_id) {
        (Some(rid), _) => s
            .conn()
            .query_row(
                "SELECT full_name, birth_date, COALESCE(sex_written, sex), father_name, mother_name, birth_registration_place, home_town, residence
                 FROM extract_person WHERE id = ?1",
                [rid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .optional()?,
        (None, Some(imp)) => s
            .conn()
            .query_row(
                "SELECT full_name, birth_date, COALESCE(sex_written, sex), father_name, mother_name, birth_registration_place, home_town, residence
                 FROM extract_person WHERE import_id = ?1 AND id_number = ?2",
                params![imp, id_number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .optional()?,
        _ => None,
    };
    let id = if unmask { id_number.to_string() } else { mask_id(id_number) };
    Ok(match row {
        Some((full_name, birth_date, sex, father_name, mother_name, brp, home_town, residence)) => {
            let sex: String = sex;
            PersonFields {
                id_number: id,
                id_masked: !unmask,
                full_name,
                birth_date,
                sex: sex_label(&sex),
                father_name,
                mother_name,
                birth_registration_place: brp,
                home_town,
                residence,
                in_extract: true,
            }
        }
        None => PersonFields {
            id_number: id,
            id_masked: !unmask,
            full_name: String::new(),
            birth_date: String::new(),
            sex: String::new(),
            father_name: None,
            mother_name: None,
            birth_registration_place: None,
            home_town: None,
            residence: None,
            in_extract: false,
        },
    })
}

/// How a lookup is used (recorded in the audit log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupPurpose {
    /// The interactive check while keying: ID numbers masked.
    Check,
    /// The adjudication screen: full ID numbers, to link the right one.
    Adjudication,
}

/// The candidates of one entry, computed now (instant: the indexes are built once per session
/// and reused): at most 5 rows of the extract that may be its person and at most 5 other
/// keyed entries that may be the same birth, best first, each with its score, band and
/// field-by-field explanation. ID numbers are masked. The lookup is audited.
pub fn candidates_for_entry(s: &mut Session, entry_id: i64) -> Result<EntryCandidates> {
    entry_candidates(s, entry_id, LookupPurpose::Check)
}

/// The adjudication view of one entry: the live candidates, plus those of the last batch run
/// that the engine no longer proposes, with full ID numbers and the current decisions.
/// The lookup is audited.
pub fn adjudication_candidates(s: &mut Session, entry_id: i64) -> Result<EntryCandidates> {
    entry_candidates(s, entry_id, LookupPurpose::Adjudication)
}

fn entry_candidates(s: &mut Session, entry_id: i64, purpose: LookupPurpose) -> Result<EntryCandidates> {
    let started = std::time::Instant::now();
    let unmask = purpose == LookupPurpose::Adjudication;
    // the check as you type skips an entry with no name yet; the adjudication screen shows the
    // candidates of a finished entry whose name was illegible (found by date and parents)
    let (entry, rec) = subject_record(s, entry_id, unmask)?;
    let import_id = cache::active_import(s)?;
    let has_extract = import_id.is_some();
    // the index is only built (and the lookup only logged) when there is something to look up
    let ext = if rec.is_some() && has_extract { cache::extract_index(s)? } else { None };
    let mut out = EntryCandidates { entry_id, checked: rec.is_some(), has_extract, persons: vec![], records: vec![], ms: 0 };
    let decisions = current_decisions_for_entry(s, entry_id)?;
    let find_decision =
        |kind: CandidateKind, cid: &str| decisions.iter().find(|d| d.kind == kind && d.candidate_id == cid).map(|d| d.view.clone());
    if let Some(rec) = &rec {
        if let Some(ext) = &ext {
            let cands: Vec<Candidate> = ext.index.query(rec, MAX_PERSONS);
            for c in cands {
                let row_id = ext.row_ids.get(c.candidate_index as usize).copied();
                let person = person_fields(s, Some(ext.import_id), row_id, &c.candidate_id, unmask)?;
                out.persons.push(view(&c, Some(person), None, find_decision(CandidateKind::Person, &c.candidate_id), unmask));
            }
        }
        let ri = cache::record_index(s, entry.book_type, Some(entry_id))?;
        let self_pos = ri.pos.get(&entry_id).copied();
        for c in ri.index.query(rec, self_pos, MAX_RECORDS + 1) {
            let Some(&other) = ri.ids.get(c.candidate_index as usize) else { continue };
            if other == entry_id || out.records.len() >= MAX_RECORDS {
                continue;
            }
            let Some(fields) = record_fields(s, other)? else { continue };
            let cid = other.to_string();
            let mut c = c;
            c.candidate_id = cid.clone();
            out.records.push(view(&c, None, Some(fields), find_decision(CandidateKind::Record, &cid), true));
        }
    }
    if purpose == LookupPurpose::Adjudication {
        // candidates of the last run that are not proposed now, and decided pairs
        let live: HashSet<(CandidateKind, String)> = out
            .persons
            .iter()
            .map(|c| (c.kind, c.candidate_id.clone()))
            .chain(out.records.iter().map(|c| (c.kind, c.candidate_id.clone())))
            .collect();
        for sc in stored_candidates(s, entry_id)? {
            if live.contains(&(sc.kind, sc.candidate_id.clone())) {
                continue;
            }
            let c = Candidate {
                record_ref: entry_id.to_string(),
                record_index: 0,
                kind: sc.kind,
                candidate_id: sc.candidate_id.clone(),
                candidate_index: 0,
                rank: sc.rank,
                score: sc.score,
                probability: sc.probability,
                share: sc.share,
                decision: sc.band,
                explanation: sc.explanation,
            };
            let d = find_decision(sc.kind, &sc.candidate_id);
            let mut v = match sc.kind {
                CandidateKind::Person => {
                    let p = person_fields(s, import_id, None, &sc.candidate_id, true)?;
                    view(&c, Some(p), None, d, true)
                }
                CandidateKind::Record => {
                    let Some(fields) = sc.candidate_id.parse().ok().map(|id| record_fields(s, id)).transpose()?.flatten() else {
                        continue;
                    };
                    view(&c, None, Some(fields), d, true)
                }
            };
            v.live = false;
            match sc.kind {
                CandidateKind::Person => out.persons.push(v),
                CandidateKind::Record => out.records.push(v),
            }
        }
        // Decided pairs nobody proposes any more (e.g. the person is not in a newer extract):
        // the decision stands and stays in view, with the score it was made at.
        let shown: HashSet<(CandidateKind, String)> = out
            .persons
            .iter()
            .map(|c| (c.kind, c.candidate_id.clone()))
            .chain(out.records.iter().map(|c| (c.kind, c.candidate_id.clone())))
            .collect();
        for d in decisions.iter().filter(|d| !shown.contains(&(d.kind, d.candidate_id.clone()))) {
            let (score, band): (Option<f64>, Option<String>) =
                s.conn().query_row("SELECT score, band FROM dedupe_decision WHERE id = ?1", [d.view.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let c = Candidate {
                record_ref: entry_id.to_string(),
                record_index: 0,
                kind: d.kind,
                candidate_id: d.candidate_id.clone(),
                candidate_index: 0,
                rank: 0,
                score: score.unwrap_or(0.0),
                probability: 0.0,
                share: 0.0,
                decision: if band.as_deref() == Some("match") { Decision::Match } else { Decision::Possible },
                explanation: vec![],
            };
            let mut v = match d.kind {
                CandidateKind::Person => {
                    let p = person_fields(s, import_id, None, &d.candidate_id, true)?;
                    view(&c, Some(p), None, Some(d.view.clone()), true)
                }
                CandidateKind::Record => {
                    let Some(fields) = d.candidate_id.parse().ok().map(|id| record_fields(s, id)).transpose()?.flatten() else {
                        continue;
                    };
                    view(&c, None, Some(fields), Some(d.view.clone()), true)
                }
            };
            v.live = false;
            match d.kind {
                CandidateKind::Person => out.persons.push(v),
                CandidateKind::Record => out.records.push(v),
            }
        }
    }
    out.ms = started.elapsed().as_millis() as u64;
    if rec.is_some() && (ext.is_some() || !out.records.is_empty()) {
        let masked: Vec<String> =
            out.persons.iter().map(|c| if unmask { mask_id(&c.candidate_id) } else { c.candidate_id.clone() }).collect();
        let purpose_code = if unmask { "adjudication" } else { "check" };
        let n_records = out.records.len();
        s.write(|w| {
            w.audit(
                "extract.lookup",
                "entry",
                Some(&entry_id.to_string()),
                serde_json::json!({"purpose": purpose_code, "persons": masked, "records": n_records}),
            )
        })?;
    }
    Ok(out)
}

fn view(
    c: &Candidate,
    person: Option<PersonFields>,
    record: Option<RecordFields>,
    decision: Option<DecisionView>,
    unmask: bool,
) -> CandidateView {
    CandidateView {
        kind: c.kind,
        candidate_id: if c.kind == CandidateKind::Person && !unmask { mask_id(&c.candidate_id) } else { c.candidate_id.clone() },
        rank: c.rank,
        score: c.score,
        probability: c.probability,
        share: c.share,
        band: c.decision,
        explanation: c.explanation.iter().map(ExplanationLine::from).collect(),
        person,
        record,
        decision,
        live: true,
    }
}
