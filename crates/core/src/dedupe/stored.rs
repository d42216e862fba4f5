//! What the last duplicate run stored for an entry (its candidates, with their explanations
//! encoded as codes) and the identifying fields of a keyed entry shown beside them. Below both
//! the candidates view and the decisions, which read them.
use crate::error::Result;
use crate::model;
use crate::session::Session;
use serde::Serialize;
use sohoa_linkage::{CandidateKind, Decision, FieldExplanation};

/// The identifying fields of another keyed entry.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RecordFields {
    pub entry_id: i64,
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub seq: i64,
    pub so: Option<String>,
    pub page_id: Option<i64>,
    pub status: String,
    pub full_name: Option<String>,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
    pub registration_date: Option<String>,
    pub registration_place: Option<String>,
    pub birth_place: Option<String>,
}

pub(crate) fn record_fields(s: &Session, entry_id: i64) -> Result<Option<RecordFields>> {
    let e = match model::entry::get(s.conn(), entry_id) {
        Ok(e) => e,
        Err(crate::CoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let quyen_so: String = s.conn().query_row("SELECT quyen_so FROM register_book WHERE id = ?1", [e.book_id], |r| r.get(0))?;
    let sf = super::entries::subject_fields(e.book_type);
    let get = |f: Option<&str>| f.and_then(|f| e.get(f)).map(str::to_string);
    Ok(Some(RecordFields {
        entry_id,
        book_id: e.book_id,
        book_type: e.book_type,
        quyen_so,
        seq: e.seq,
        so: e.get("so").map(str::to_string),
        page_id: e.page_id,
        status: e.status.as_str().to_string(),
        full_name: get(sf.map(|x| x.name)),
        birth_date: get(sf.map(|x| x.birth_date)),
        sex: get(sf.and_then(|x| x.sex)).map(|v| match sohoa_linkage::Sex::parse(&v) {
            sohoa_linkage::Sex::Male => "Nam".to_string(),
            sohoa_linkage::Sex::Female => "Nữ".to_string(),
            _ => v,
        }),
        father_name: get(sf.and_then(|x| x.father)),
        mother_name: get(sf.and_then(|x| x.mother)),
        registration_date: e.get("ngayDangKy").map(str::to_string),
        registration_place: get(sf.and_then(|x| x.registration_place)),
        birth_place: get(sf.and_then(|x| x.birth_place)),
    }))
}

/// The explanation as stored with a batch candidate: `[[field, level, weight, tf], …]` by codes
/// (labels are rebuilt from the engine's tables when read).
pub(crate) fn encode_explanation(ex: &[FieldExplanation]) -> String {
    let v: Vec<serde_json::Value> = ex
        .iter()
        .map(|f| {
            serde_json::json!([f.field, f.level_code, (f.weight * 1000.0).round() / 1000.0, (f.tf_adjustment * 1000.0).round() / 1000.0])
        })
        .collect();
    serde_json::Value::Array(v).to_string()
}

pub(crate) fn decode_explanation(s: &str) -> Vec<FieldExplanation> {
    use std::borrow::Cow;
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(s) else { return vec![] };
    items
        .iter()
        .filter_map(|it| {
            let field = it.get(0)?.as_str()?;
            let code = it.get(1)?.as_str()?;
            let weight = it.get(2)?.as_f64()?;
            let tf = it.get(3)?.as_f64()?;
            if field == "prior" {
                return Some(FieldExplanation {
                    field: Cow::Borrowed("prior"),
                    field_label: Cow::Borrowed("Xác suất ban đầu"),
                    level_code: Cow::Borrowed("prior"),
                    level_label: Cow::Borrowed("Khả năng một dòng bất kỳ là người này, trước khi so sánh"),
                    weight,
                    tf_adjustment: tf,
                });
            }
            let f = sohoa_linkage::FIELDS.iter().find(|f| f.code() == field)?;
            let lvl = f.levels().iter().find(|l| l.code == code)?;
            Some(FieldExplanation {
                field: Cow::Borrowed(f.code()),
                field_label: Cow::Borrowed(f.label()),
                level_code: Cow::Borrowed(lvl.code),
                level_label: Cow::Borrowed(lvl.label),
                weight,
                tf_adjustment: tf,
            })
        })
        .collect()
}

/// A stored candidate of the last batch run.
pub(crate) struct StoredCandidate {
    pub kind: CandidateKind,
    pub candidate_id: String,
    pub rank: u32,
    pub score: f64,
    pub probability: f64,
    pub share: f64,
    pub band: Decision,
    pub explanation: Vec<FieldExplanation>,
}

pub(crate) fn stored_candidates(s: &Session, entry_id: i64) -> Result<Vec<StoredCandidate>> {
    let mut st = s.conn().prepare_cached(
        "SELECT kind, candidate_id, rank, score, probability, share, band, explanation_json
         FROM dedupe_candidate WHERE entry_id = ?1 ORDER BY kind, rank",
    )?;
    let rows = st.query_map([entry_id], |r| {
        let kind: String = r.get(0)?;
        let band: String = r.get(6)?;
        let ex: String = r.get(7)?;
        Ok(StoredCandidate {
            kind: if kind == "person" { CandidateKind::Person } else { CandidateKind::Record },
            candidate_id: r.get(1)?,
            rank: r.get(2)?,
            score: r.get(3)?,
            probability: r.get(4)?,
            share: r.get(5)?,
            band: if band == "match" { Decision::Match } else { Decision::Possible },
            explanation: decode_explanation(&ex),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
