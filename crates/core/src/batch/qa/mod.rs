//! The supervisor's review that can vouch for quality (issue 12), on top of `sohoa-qa`:
//!
//! 1. [`open_review`]: when a supervisor opens an imported book, the plan is looked up (lot = the
//!    book's entries, general inspection level II, the province's AQL and counting from
//!    [`settings`], the severity from the commune's switching state) and the sample is drawn
//!    stratified over the book's pages from a fresh random seed; plan, seed, algorithm and sample
//!    are stored with the review (`qa_review`), so the same sample is drawn again from them.
//! 2. [`rekey`]: the supervisor keys a sampled entry blind (an empty form); the core compares it
//!    field by field with the clerk's values ([`same_value`]: NFC + trim, dates through the date
//!    reader so `5/1/1990` = `05/01/1990`) and stores the comparison (`qa_field_check`).
//! 3. [`arbitrate`]: each disagreement is settled (clerk right / supervisor right / both wrong with
//!    the correct value). A field is an error of the clerk when the supervisor is right or both
//!    are wrong; an entry with at least one such field is nonconforming.
//! 4. [`proposal`]: once every sampled entry is re-keyed and arbitrated, the plan proposes accept
//!    (count ≤ Ac) or return (count ≥ Re); [`decide`] records the supervisor's verdict with reasons
//!    (a return carries every wrong field as a per-field reason, through the existing verdict
//!    flow) and advances the commune's switching state (first inspections only).
//!
//! Entry points for the certificate: [`cert`]; for the clerks' check passes: [`passes`]; for the
//! dashboard: [`error_rates`].
pub mod cert;
pub mod reduced;
pub use super::passes;
/// The statistics' types the shell and the CLI pass through (AQL column, inspection severity).
pub use sohoa_qa::{Aql, Severity};

use crate::batch::verdict::{record_verdict, ReturnReason, VerdictDecision};
use crate::error::{CoreError, Result};
use crate::model;
use crate::model::column_map::{column_map, FieldKind};
use crate::session::accounts::Role;
use crate::session::Session;
use crate::{BookType, FieldValue};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sohoa_qa::{CountingMode, Findings, PageEntries, Plan, Proposal, Risk, Sample, SwitchingState};
use std::collections::BTreeMap;

pub(crate) fn qa_err(e: sohoa_qa::QaError) -> CoreError {
    match e {
        sohoa_qa::QaError::Discontinued | sohoa_qa::QaError::SampleIncomplete { .. } => CoreError::Conflict(e.message_vi()),
        _ => CoreError::invalid("qa", e.message_vi()),
    }
}

fn json_err(e: serde_json::Error) -> CoreError {
    CoreError::Internal(format!("qa json: {e}"))
}

/// The province's review settings.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QaSettings {
    pub aql: Aql,
    pub counting: CountingMode,
}

impl Default for QaSettings {
    fn default() -> Self {
        QaSettings { aql: Aql::DEFAULT, counting: CountingMode::Entries }
    }
}

/// The province's AQL and counting (default AQL 1.0, counted on entries).
pub fn settings(conn: &Connection) -> Result<QaSettings> {
    let row: Option<(String, String)> =
        conn.query_row("SELECT aql, counting FROM qa_setting WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let Some((aql, counting)) = row else { return Ok(QaSettings::default()) };
    Ok(QaSettings { aql: aql.parse().map_err(qa_err)?, counting: counting.parse().map_err(|e: String| CoreError::WorkspaceCorrupt(e))? })
}

/// Sets the province's AQL and counting (supervisor).
pub fn set_settings(s: &mut Session, v: QaSettings) -> Result<()> {
    s.require_role(Role::Supervisor)?;
    if v.counting == CountingMode::Entries && !v.aql.allows_percent_nonconforming() {
        return Err(qa_err(sohoa_qa::QaError::AqlNeedsFieldCounting(v.aql.label().to_string())));
    }
    s.write(|w| {
        w.tx.execute(
            "INSERT INTO qa_setting(id, aql, counting, updated_at, updated_by) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET aql = excluded.aql, counting = excluded.counting, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![v.aql.label(), v.counting.as_str(), crate::clock::now(), w.user.username],
        )?;
        w.audit("qa.settings", "qa_setting", Some("1"), serde_json::json!({"aql": v.aql.label(), "counting": v.counting.as_str()}))?;
        Ok(())
    })
}

/// The plan a setting yields for a lot, in words (the province settings screen).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanPreview {
    pub plan: Plan,
    /// `code=H n=50 Ac=1 Re=2`.
    pub summary: String,
    pub explain_vi: String,
    pub explain_en: String,
    pub risk: Risk,
}

/// The plan (general inspection level II) that `settings` yields for a lot of `lot` entries on
/// `severity` inspection; refuses a setting [`set_settings`] would refuse. Pure.
pub fn plan_preview(lot: u64, severity: sohoa_qa::Severity, v: QaSettings) -> Result<PlanPreview> {
    if v.counting == CountingMode::Entries && !v.aql.allows_percent_nonconforming() {
        return Err(qa_err(sohoa_qa::QaError::AqlNeedsFieldCounting(v.aql.label().to_string())));
    }
    let plan = Plan::level_ii(lot, severity, v.aql).map_err(qa_err)?;
    v.counting.check(&plan).map_err(qa_err)?;
    Ok(PlanPreview {
        summary: plan.summary_line(),
        explain_vi: plan.explain_vi_for(v.counting),
        explain_en: plan.explain_en_for(v.counting),
        risk: plan.risk(v.counting),
        plan,
    })
}

/// The commune's switching state (normal inspection with score 0 when none is stored).
pub fn switching_state(conn: &Connection, scheme: &str, code: &str) -> Result<SwitchingState> {
    let json: Option<String> = conn
        .query_row("SELECT state_json FROM qa_switching WHERE commune_scheme = ?1 AND commune_code = ?2", params![scheme, code], |r| {
            r.get(0)
        })
        .optional()?;
    match json {
        Some(j) => serde_json::from_str(&j).map_err(json_err),
        None => Ok(SwitchingState::new()),
    }
}

/// One sampled entry in the review.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampledEntry {
    pub entry_id: i64,
    pub seq: i64,
    pub page_id: Option<i64>,
    pub page_seq: Option<i64>,
    pub rekeyed: bool,
    /// Disagreements not yet arbitrated.
    pub open: u32,
    /// Fields the clerk got wrong (arbitrated).
    pub wrong_fields: u32,
}

/// A review as the supervisor's screen shows it: the plan in words and figures, the sample, the
/// findings so far and (when complete) the plan's proposal.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewView {
    pub id: i64,
    pub book_id: i64,
    pub import_id: i64,
    pub book_type: BookType,
    pub quyen_so: String,
    pub commune_code: String,
    pub plan: Plan,
    pub counting: CountingMode,
    /// `code=H n=50 Ac=1 Re=2`.
    pub summary: String,
    /// The plan in words (Vietnamese), with the risk from the OC curve.
    pub explain_vi: String,
    pub explain_en: String,
    pub risk: Risk,
    /// First inspection of this book (counts for switching) or a resubmission.
    pub original: bool,
    pub algorithm: String,
    /// The seed, as a decimal string (a u64 does not fit a JavaScript number).
    pub seed: String,
    pub sample: Vec<SampledEntry>,
    pub findings: Findings,
    /// The plan's proposal once every sampled entry is re-keyed and arbitrated.
    pub proposal: Option<Proposal>,
    pub decision: Option<String>,
    pub decision_reason: Option<String>,
    pub transition: Option<String>,
    /// The commune's inspection state now (normal, tightened, reduced, discontinued).
    pub inspection_state: String,
    /// The check passes the book went through in the commune (received with the package).
    pub passes: Vec<passes::CheckPass>,
}

/// The entries of a book under review ([`super::received::UNDER_REVIEW`]) per page (stratum):
/// page seq, or 0 for entries without a page.
fn strata(conn: &Connection, book_id: i64) -> Result<Vec<PageEntries>> {
    let mut st = conn.prepare(&format!(
        "SELECT coalesce(p.seq, 0), e.id FROM entry e LEFT JOIN page p ON p.id = e.page_id
         WHERE e.book_id = ?1 AND e.{} ORDER BY 1, e.id",
        super::received::UNDER_REVIEW
    ))?;
    let rows = st.query_map([book_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    let mut by_page: BTreeMap<u32, Vec<i64>> = BTreeMap::new();
    for row in rows {
        let (page, id) = row?;
        by_page.entry(u32::try_from(page).unwrap_or(0)).or_default().push(id);
    }
    Ok(by_page.into_iter().map(|(page, entries)| PageEntries { page, entries }).collect())
}

/// Draws the sample of a stored review again from its seed (for checks and the certificate).
pub fn redraw_sample(conn: &Connection, review_id: i64) -> Result<Sample> {
    let (book_id, seed, plan_json): (i64, i64, String) = conn
        .query_row("SELECT book_id, seed, plan_json FROM qa_review WHERE id = ?1", [review_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("lượt kiểm tra {review_id}")))?;
    let plan: Plan = serde_json::from_str(&plan_json).map_err(json_err)?;
    sohoa_qa::draw_stratified(&strata(conn, book_id)?, plan.inspected(), seed as u64).map_err(qa_err)
}

/// Opens the review of an imported book (its current version): the stored one, or a new one
/// with the plan and a freshly drawn sample.
pub fn open_review(s: &mut Session, book_id: i64) -> Result<ReviewView> {
    open_review_with_seed(s, book_id, None)
}

/// [`open_review`] with a chosen seed for a new review (tests, reproductions); `None` = random.
pub fn open_review_with_seed(s: &mut Session, book_id: i64, seed: Option<u64>) -> Result<ReviewView> {
    s.require_role(Role::Supervisor)?;
    let (import_id, scheme, code): (i64, String, String) = s
        .conn()
        .query_row("SELECT import_id, commune_scheme, commune_code FROM imported_book WHERE book_id = ?1", [book_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("sổ số {book_id} nhận từ xã/phường")))?;
    let existing: Option<i64> = s
        .conn()
        .query_row("SELECT id FROM qa_review WHERE book_id = ?1 AND import_id = ?2", params![book_id, import_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return review_view(s.conn(), id);
    }
    let conf = settings(s.conn())?;
    let switching = switching_state(s.conn(), &scheme, &code)?;
    let severity = switching.severity().map_err(qa_err)?;
    let pages = strata(s.conn(), book_id)?;
    let lot: u64 = pages.iter().map(|p| p.entries.len() as u64).sum();
    let plan = Plan::level_ii(lot, severity, conf.aql).map_err(qa_err)?;
    conf.counting.check(&plan).map_err(qa_err)?;
    let seed = seed.unwrap_or_else(rand::random::<u64>);
    let sample = sohoa_qa::draw_stratified(&pages, plan.inspected(), seed).map_err(qa_err)?;
    let original: bool =
        !s.conn().query_row("SELECT count(*) > 0 FROM qa_review WHERE book_id = ?1 AND decision = 'return'", [book_id], |r| {
            r.get::<_, bool>(0)
        })?;
    let id = s.write(|w| {
        w.tx.execute(
            "INSERT INTO qa_review(book_id, import_id, commune_scheme, commune_code, plan_json, counting, original, algorithm, seed,
                                   sample_json, started_at, started_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                book_id,
                import_id,
                scheme,
                code,
                serde_json::to_string(&plan).map_err(json_err)?,
                conf.counting.as_str(),
                original,
                sample.algorithm,
                seed as i64,
                serde_json::to_string(&sample).map_err(json_err)?,
                crate::clock::now(),
                w.user.username
            ],
        )?;
        let id = w.tx.last_insert_rowid();
        for e in &sample.entries {
            w.tx.execute("INSERT INTO qa_sample_entry(review_id, entry_id) VALUES (?1, ?2)", params![id, e])?;
        }
        w.audit(
            "qa.review.open",
            "qa_review",
            Some(&id.to_string()),
            serde_json::json!({"bookId": book_id, "importId": import_id, "plan": plan.summary_line(), "seed": seed.to_string(),
                               "algorithm": sample.algorithm, "sampled": sample.entries.len()}),
        )?;
        Ok(id)
    })?;
    review_view(s.conn(), id)
}

struct ReviewRow {
    book_id: i64,
    import_id: i64,
    scheme: String,
    code: String,
    plan: Plan,
    counting: CountingMode,
    original: bool,
    algorithm: String,
    seed: i64,
    decision: Option<String>,
    decision_reason: Option<String>,
    transition: Option<String>,
}

fn review_row(conn: &Connection, id: i64) -> Result<ReviewRow> {
    let row = conn
        .query_row(
            "SELECT book_id, import_id, commune_scheme, commune_code, plan_json, counting, original, algorithm, seed, decision,
                    decision_reason, transition FROM qa_review WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, Option<String>>(11)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("lượt kiểm tra {id}")))?;
    let (book_id, import_id, scheme, code, plan, counting, original, algorithm, seed, decision, decision_reason, transition) = row;
    Ok(ReviewRow {
        book_id,
        import_id,
        scheme,
        code,
        plan: serde_json::from_str(&plan).map_err(json_err)?,
        counting: counting.parse().map_err(|e: String| CoreError::WorkspaceCorrupt(e))?,
        original,
        algorithm,
        seed,
        decision,
        decision_reason,
        transition,
    })
}

/// The stored review of a book (`None` before it was opened).
pub fn review_for_book(conn: &Connection, book_id: i64) -> Result<Option<ReviewView>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT r.id FROM qa_review r JOIN imported_book ib ON ib.book_id = r.book_id AND ib.import_id = r.import_id WHERE r.book_id = ?1",
            [book_id],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| review_view(conn, id)).transpose()
}

/// A review with its sample, findings and proposal.
pub fn review_view(conn: &Connection, id: i64) -> Result<ReviewView> {
    let r = review_row(conn, id)?;
    let (book_type, quyen_so): (BookType, String) =
        conn.query_row("SELECT book_type, quyen_so FROM register_book WHERE id = ?1", [r.book_id], |x| Ok((x.get(0)?, x.get(1)?)))?;
    let mut st = conn.prepare(
        "SELECT se.entry_id, e.seq, e.page_id, p.seq, se.rekeyed_at IS NOT NULL,
                (SELECT count(*) FROM qa_field_check c WHERE c.review_id = se.review_id AND c.entry_id = se.entry_id AND c.agree = 0 AND c.arbitration IS NULL),
                (SELECT count(*) FROM qa_field_check c WHERE c.review_id = se.review_id AND c.entry_id = se.entry_id AND c.arbitration IN ('supervisor', 'both_wrong'))
         FROM qa_sample_entry se JOIN entry e ON e.id = se.entry_id LEFT JOIN page p ON p.id = e.page_id
         WHERE se.review_id = ?1 ORDER BY coalesce(p.seq, 0), e.id",
    )?;
    let sample: Vec<SampledEntry> = st
        .query_map([id], |x| {
            Ok(SampledEntry {
                entry_id: x.get(0)?,
                seq: x.get(1)?,
                page_id: x.get(2)?,
                page_seq: x.get(3)?,
                rekeyed: x.get(4)?,
                open: x.get(5)?,
                wrong_fields: x.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let done: Vec<u32> = sample.iter().filter(|e| e.rekeyed && e.open == 0).map(|e| e.wrong_fields).collect();
    let findings = Findings::from_field_errors(&done);
    let proposal = if done.len() == sample.len() { Some(sohoa_qa::propose(&r.plan, &findings, r.counting).map_err(qa_err)?) } else { None };
    let state = switching_state(conn, &r.scheme, &r.code)?;
    Ok(ReviewView {
        id,
        book_id: r.book_id,
        import_id: r.import_id,
        book_type,
        quyen_so,
        commune_code: r.code,
        summary: r.plan.summary_line(),
        explain_vi: r.plan.explain_vi_for(r.counting),
        explain_en: r.plan.explain_en_for(r.counting),
        risk: r.plan.risk(r.counting),
        plan: r.plan,
        counting: r.counting,
        original: r.original,
        algorithm: r.algorithm,
        seed: (r.seed as u64).to_string(),
        sample,
        findings,
        proposal,
        decision: r.decision,
        decision_reason: r.decision_reason,
        transition: r.transition,
        inspection_state: state.state.as_str().to_string(),
        passes: passes::passes(conn, r.book_id)?,
    })
}

/// Do two values of a field say the same thing? NFC + trim (inner runs of spaces count as one);
/// dates through the date reader (`5/1/1990` = `05/01/1990`); an illegible marker equals only
/// another illegible marker.
pub fn same_value(kind: FieldKind, a: &FieldValue, b: &FieldValue) -> bool {
    if a.illegible || b.illegible {
        return a.illegible == b.illegible;
    }
    let (x, y) = (squash(&a.value), squash(&b.value));
    if x == y {
        return true;
    }
    if kind == FieldKind::Date {
        if let (Ok(p), Ok(q)) = (sohoa_vietnamese::PartialDate::parse(&x), sohoa_vietnamese::PartialDate::parse(&y)) {
            return (p.year, p.month, p.day) == (q.year, q.month, q.day);
        }
    }
    false
}

fn squash(s: &str) -> String {
    crate::text::stored(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shown(v: &FieldValue) -> String {
    if v.illegible {
        "[không đọc được]".to_string()
    } else {
        v.value.trim().to_string()
    }
}

/// How a disagreement was settled.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arbitration {
    /// The clerk's value is right (the supervisor mis-keyed): not an error.
    Clerk,
    /// The supervisor's value is right: an error of the clerk.
    Supervisor,
    /// Both are wrong; the correct value is given: an error of the clerk.
    BothWrong,
}

impl Arbitration {
    pub fn as_str(self) -> &'static str {
        match self {
            Arbitration::Clerk => "clerk",
            Arbitration::Supervisor => "supervisor",
            Arbitration::BothWrong => "both_wrong",
        }
    }
    fn parse(s: &str) -> Option<Arbitration> {
        match s {
            "clerk" => Some(Arbitration::Clerk),
            "supervisor" => Some(Arbitration::Supervisor),
            "both_wrong" => Some(Arbitration::BothWrong),
            _ => None,
        }
    }
}

/// One field of the comparison.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldCheck {
    pub field: String,
    pub label: String,
    pub group: String,
    pub clerk_value: String,
    pub supervisor_value: String,
    pub agree: bool,
    pub arbitration: Option<Arbitration>,
    pub correct_value: Option<String>,
    /// The clerk got this field wrong (arbitrated).
    pub wrong: bool,
}

/// The field-by-field comparison of a re-keyed entry.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub review_id: i64,
    pub entry_id: i64,
    pub seq: i64,
    pub clerk: String,
    pub fields: Vec<FieldCheck>,
    /// Disagreements not yet arbitrated.
    pub open: u32,
    pub wrong_fields: u32,
}

/// The empty form a supervisor keys blind: the entry's book type, page and position, never its values.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlindEntry {
    pub review_id: i64,
    pub entry_id: i64,
    pub book_id: i64,
    pub book_type: BookType,
    pub seq: i64,
    pub page_id: Option<i64>,
    pub rekeyed: bool,
}

fn sampled(conn: &Connection, review_id: i64, entry_id: i64) -> Result<bool> {
    let r: Option<bool> = conn
        .query_row(
            "SELECT rekeyed_at IS NOT NULL FROM qa_sample_entry WHERE review_id = ?1 AND entry_id = ?2",
            params![review_id, entry_id],
            |r| r.get(0),
        )
        .optional()?;
    r.ok_or_else(|| CoreError::invalid("bản ghi", format!("bản ghi {entry_id} không thuộc mẫu kiểm tra này")))
}

/// What the blind form needs about a sampled entry (no values).
pub fn blind_entry(conn: &Connection, review_id: i64, entry_id: i64) -> Result<BlindEntry> {
    let rekeyed = sampled(conn, review_id, entry_id)?;
    let e = model::entry::get(conn, entry_id)?;
    Ok(BlindEntry { review_id, entry_id, book_id: e.book_id, book_type: e.book_type, seq: e.seq, page_id: e.page_id, rekeyed })
}

fn clerk_of(conn: &Connection, entry_id: i64) -> Result<String> {
    Ok(conn.query_row(
        "SELECT coalesce(ie.source_updated_by, ie.source_created_by, e.updated_by) FROM entry e
         LEFT JOIN imported_entry ie ON ie.entry_id = e.id WHERE e.id = ?1",
        [entry_id],
        |r| r.get(0),
    )?)
}

/// Records the supervisor's blind re-key of a sampled entry and compares it with the clerk's
/// values field by field. A re-key can be done once; the comparison is then arbitrated.
pub fn rekey(s: &mut Session, review_id: i64, entry_id: i64, values: &[FieldValue]) -> Result<Comparison> {
    s.require_role(Role::Supervisor)?;
    let r = review_row(s.conn(), review_id)?;
    if r.decision.is_some() {
        return Err(CoreError::Conflict("sổ này đã có kết quả kiểm tra".into()));
    }
    if sampled(s.conn(), review_id, entry_id)? {
        return Err(CoreError::Conflict("bản ghi này đã được nhập lại; hãy phân xử các trường khác nhau".into()));
    }
    let e = model::entry::get(s.conn(), entry_id)?;
    let spec = e.book_type.spec();
    for v in values {
        if spec.field(&v.field).is_none() {
            return Err(CoreError::invalid(&v.field, format!("trường không có trong mẫu sổ {}", e.book_type)));
        }
    }
    let clerk = clerk_of(s.conn(), entry_id)?;
    let empty = FieldValue { field: String::new(), value: String::new(), illegible: false };
    s.write(|w| {
        let now = crate::clock::now();
        let (mut checked, mut disagree) = (0u32, 0u32);
        for f in &spec.fields {
            let mine = values.iter().find(|v| v.field == f.name).unwrap_or(&empty);
            let theirs = e.fields.iter().find(|v| v.field == f.name).unwrap_or(&empty);
            if shown(mine).is_empty() && shown(theirs).is_empty() {
                continue;
            }
            let agree = same_value(f.kind, mine, theirs);
            checked += 1;
            disagree += u32::from(!agree);
            w.tx.execute(
                "INSERT INTO qa_field_check(review_id, entry_id, field, clerk_value, supervisor_value, agree, clerk, book_type, commune_code, checked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![review_id, entry_id, f.name, shown(theirs), shown(mine), agree, clerk, e.book_type, r.code, now],
            )?;
        }
        w.tx.execute(
            "UPDATE qa_sample_entry SET rekeyed_at = ?3, rekeyed_by = ?4 WHERE review_id = ?1 AND entry_id = ?2",
            params![review_id, entry_id, now, w.user.username],
        )?;
        w.audit(
            "qa.rekey",
            "entry",
            Some(&entry_id.to_string()),
            serde_json::json!({"reviewId": review_id, "fieldsCompared": checked, "disagreements": disagree}),
        )?;
        Ok(())
    })?;
    comparison(s.conn(), review_id, entry_id)
}

/// The stored comparison of a re-keyed entry.
pub fn comparison(conn: &Connection, review_id: i64, entry_id: i64) -> Result<Comparison> {
    if !sampled(conn, review_id, entry_id)? {
        return Err(CoreError::Conflict("bản ghi này chưa được nhập lại".into()));
    }
    let e = model::entry::get(conn, entry_id)?;
    let spec = e.book_type.spec();
    let mut st = conn.prepare(
        "SELECT field, clerk_value, supervisor_value, agree, arbitration, correct_value, clerk FROM qa_field_check
         WHERE review_id = ?1 AND entry_id = ?2",
    )?;
    let mut rows: Vec<(FieldCheck, String)> = st
        .query_map(params![review_id, entry_id], |r| {
            let field: String = r.get(0)?;
            let arbitration = r.get::<_, Option<String>>(4)?.as_deref().and_then(Arbitration::parse);
            let f = spec.field(&field);
            Ok((
                FieldCheck {
                    label: f.map(|f| f.label.clone()).unwrap_or_else(|| field.clone()),
                    group: f.and_then(|f| column_map().groups.get(&f.group).cloned()).unwrap_or_default(),
                    field,
                    clerk_value: r.get(1)?,
                    supervisor_value: r.get(2)?,
                    agree: r.get(3)?,
                    wrong: matches!(arbitration, Some(Arbitration::Supervisor | Arbitration::BothWrong)),
                    arbitration,
                    correct_value: r.get(5)?,
                },
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let order = |name: &str| spec.fields.iter().position(|f| f.name == name).unwrap_or(usize::MAX);
    rows.sort_by_key(|(f, _)| order(&f.field));
    let clerk = rows.first().map(|r| r.1.clone()).unwrap_or_else(|| e.updated_by.clone());
    let fields: Vec<FieldCheck> = rows.into_iter().map(|r| r.0).collect();
    Ok(Comparison {
        review_id,
        entry_id,
        seq: e.seq,
        clerk,
        open: fields.iter().filter(|f| !f.agree && f.arbitration.is_none()).count() as u32,
        wrong_fields: fields.iter().filter(|f| f.wrong).count() as u32,
        fields,
    })
}

/// Settles one disagreement. `BothWrong` needs the correct value.
pub fn arbitrate(
    s: &mut Session,
    review_id: i64,
    entry_id: i64,
    field: &str,
    arbitration: Arbitration,
    correct_value: Option<&str>,
) -> Result<Comparison> {
    s.require_role(Role::Supervisor)?;
    if review_row(s.conn(), review_id)?.decision.is_some() {
        return Err(CoreError::Conflict("sổ này đã có kết quả kiểm tra".into()));
    }
    let agree: Option<bool> = s
        .conn()
        .query_row(
            "SELECT agree FROM qa_field_check WHERE review_id = ?1 AND entry_id = ?2 AND field = ?3",
            params![review_id, entry_id, field],
            |r| r.get(0),
        )
        .optional()?;
    match agree {
        None => return Err(CoreError::NotFound(format!("trường “{field}” trong bản đối chiếu"))),
        Some(true) => return Err(CoreError::invalid(field, "hai bên nhập giống nhau, không cần phân xử")),
        Some(false) => {}
    }
    let correct = match arbitration {
        Arbitration::BothWrong => {
            let v = correct_value.map(crate::text::stored).unwrap_or_default();
            if v.trim().is_empty() {
                return Err(CoreError::invalid(field, "cả hai đều sai: cần ghi giá trị đúng"));
            }
            Some(v.trim().to_string())
        }
        _ => None,
    };
    s.write(|w| {
        w.tx.execute(
            "UPDATE qa_field_check SET arbitration = ?4, correct_value = ?5, arbitrated_at = ?6, arbitrated_by = ?7
             WHERE review_id = ?1 AND entry_id = ?2 AND field = ?3",
            params![review_id, entry_id, field, arbitration.as_str(), correct, crate::clock::now(), w.user.username],
        )?;
        w.audit(
            "qa.arbitrate",
            "entry",
            Some(&entry_id.to_string()),
            serde_json::json!({"reviewId": review_id, "field": field, "arbitration": arbitration.as_str()}),
        )?;
        Ok(())
    })?;
    comparison(s.conn(), review_id, entry_id)
}

/// The verdict the supervisor decides on, with the reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub accept: bool,
    /// The supervisor's reason (needed when going against the plan's proposal).
    #[serde(default)]
    pub reason: String,
}

/// What deciding changed.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionOutcome {
    pub review: ReviewView,
    /// The switching transition taken (`stay`, `normal_to_tightened`, …); `None` for a resubmission.
    pub transition: Option<String>,
    pub transition_vi: Option<String>,
}

/// The per-field reasons a return carries: every field the clerk got wrong in the sample.
pub fn return_reasons(conn: &Connection, review_id: i64) -> Result<Vec<ReturnReason>> {
    let mut st = conn.prepare(
        "SELECT entry_id, field, clerk_value, supervisor_value, arbitration, correct_value FROM qa_field_check
         WHERE review_id = ?1 AND arbitration IN ('supervisor', 'both_wrong') ORDER BY entry_id, rowid",
    )?;
    let rows = st.query_map([review_id], |r| {
        let (entry_id, field, clerk, sup, arb, correct): (i64, String, String, String, String, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let right = if arb == "both_wrong" { correct.unwrap_or_default() } else { sup };
        let clerk = if clerk.is_empty() { "(để trống)".to_string() } else { format!("“{clerk}”") };
        let right = if right.is_empty() { "(để trống)".to_string() } else { format!("“{right}”") };
        Ok(ReturnReason {
            entry_id, field: Some(field), reason: format!("Đối chiếu với sổ: đã nhập {clerk}, đúng là {right}")
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records the supervisor's verdict on a reviewed book: the plan proposes, the supervisor decides
/// (a decision against the proposal needs a reason). A return carries every wrong field as a
/// per-field reason (the clerk sees the field marked); the commune's switching state moves.
pub fn decide(s: &mut Session, review_id: i64, d: &Decision) -> Result<DecisionOutcome> {
    s.require_role(Role::Supervisor)?;
    let view = review_view(s.conn(), review_id)?;
    if view.decision.is_some() {
        return Err(CoreError::Conflict("sổ này đã có kết quả kiểm tra".into()));
    }
    let proposal = view.proposal.clone().ok_or_else(|| {
        CoreError::Conflict("chưa nhập lại và phân xử hết các bản ghi trong mẫu; kế hoạch chưa đề xuất được kết quả".into())
    })?;
    let proposed_accept = proposal.decision == sohoa_qa::Decision::Accept;
    let reason = crate::text::stored(d.reason.trim());
    if d.accept != proposed_accept && reason.is_empty() {
        return Err(CoreError::invalid("lý do", "quyết định khác với đề xuất của kế hoạch lấy mẫu: cần ghi lý do"));
    }
    let verdict = if d.accept {
        VerdictDecision::Accept
    } else {
        let mut reasons = return_reasons(s.conn(), review_id)?;
        if !reason.is_empty() {
            // the supervisor's own reason, on the first sampled entry (the entry as a whole)
            if let Some(first) = view.sample.first() {
                reasons.push(ReturnReason { entry_id: first.entry_id, field: None, reason: reason.clone() });
            }
        }
        if reasons.is_empty() {
            return Err(CoreError::invalid("lý do", "trả lại sổ cần ít nhất một trường sai hoặc một lý do"));
        }
        VerdictDecision::Return(reasons)
    };
    record_verdict(s, view.book_id, &verdict)?;
    let r = review_row(s.conn(), review_id)?;
    let mut state = switching_state(s.conn(), &r.scheme, &r.code)?;
    let transition = if r.original {
        // The switching rules judge the lot by the plan (accepted ⇔ count ≤ Ac), whatever the
        // supervisor decided for the book.
        Some(state.record(&r.plan, proposal.counted, reduced::conditions(s.conn(), &r.scheme, &r.code)?).map_err(qa_err)?)
    } else {
        None
    };
    let t_name = transition.map(|t| serde_json::to_value(t).ok().and_then(|v| v["kind"].as_str().map(str::to_string)).unwrap_or_default());
    s.write(|w| {
        let now = crate::clock::now();
        w.tx.execute(
            "UPDATE qa_review SET decision = ?2, decision_reason = ?3, proposed = ?4, transition = ?5, decided_at = ?6, decided_by = ?7 WHERE id = ?1",
            params![
                review_id,
                if d.accept { "accept" } else { "return" },
                (!reason.is_empty()).then_some(reason.clone()),
                if proposed_accept { "accept" } else { "return" },
                t_name,
                now,
                w.user.username
            ],
        )?;
        if transition.is_some() {
            w.tx.execute(
                "INSERT INTO qa_switching(commune_scheme, commune_code, state_json, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(commune_scheme, commune_code) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at",
                params![r.scheme, r.code, serde_json::to_string(&state).map_err(json_err)?, now],
            )?;
        }
        w.audit(
            "qa.decide",
            "qa_review",
            Some(&review_id.to_string()),
            serde_json::json!({"bookId": r.book_id, "decision": if d.accept { "accept" } else { "return" },
                               "proposed": if proposed_accept { "accept" } else { "return" }, "counted": proposal.counted,
                               "transition": t_name, "state": state.state.as_str()}),
        )?;
        Ok(())
    })?;
    Ok(DecisionOutcome {
        review: review_view(s.conn(), review_id)?,
        transition: t_name,
        transition_vi: transition.map(|t| t.explain_vi().to_string()),
    })
}

/// Field error rates for the supervisor's dashboard: one row per (month, commune, clerk, book
/// type, field) with the fields compared and the fields the clerk got wrong.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorRateRow {
    /// `YYYY-MM` of the comparison.
    pub month: String,
    pub commune_code: String,
    pub clerk: String,
    pub book_type: String,
    pub field: String,
    pub field_label: String,
    pub compared: i64,
    pub wrong: i64,
}

/// Error rates per month, commune, clerk, book type and field (fields with at least one error first).
pub fn error_rates(conn: &Connection) -> Result<Vec<ErrorRateRow>> {
    let mut st = conn.prepare(
        "SELECT substr(checked_at, 1, 7), commune_code, clerk, book_type, field, count(*),
                sum(arbitration IN ('supervisor', 'both_wrong'))
         FROM qa_field_check GROUP BY 1, 2, 3, 4, 5 ORDER BY 7 DESC, 1, 2, 3, 4, 5",
    )?;
    let rows = st.query_map([], |r| {
        let book_type: String = r.get(3)?;
        let field: String = r.get(4)?;
        let label = book_type
            .parse::<BookType>()
            .ok()
            .and_then(|t| t.spec().field(&field).map(|f| f.label.clone()))
            .unwrap_or_else(|| field.clone());
        Ok(ErrorRateRow {
            month: r.get(0)?,
            commune_code: r.get(1)?,
            clerk: r.get(2)?,
            book_type,
            field,
            field_label: label,
            compared: r.get(5)?,
            wrong: r.get::<_, Option<i64>>(6)?.unwrap_or(0),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What else the review checks beside the sample (issue 12 §4), shown beside the plan.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlsoChecked {
    /// Warnings left open in the book (the clerk's sweep), by severity.
    pub warnings: crate::validation::book::WarningCounts,
    /// Of them, register-sequence findings (`so.*`: gaps, repeats, order).
    pub sequence_findings: u32,
    /// The first sequence findings, for the supervisor to look at.
    pub sequence_examples: Vec<String>,
    /// Pages of the book without any entry (neither keyed nor marked blank).
    pub pages_without_entries: Vec<u32>,
    pub entries_without_page: u32,
    /// The commune's duplicate decisions on the book's entries, and an evenly spread sample of them.
    pub decisions_total: u32,
    pub decisions_sample: Vec<(i64, crate::batch::review::ReviewDecision)>,
}

/// Warnings left open, sequence findings, pages without entries and a sample of the duplicate
/// decisions of a book (read-only).
pub fn also_checked(conn: &Connection, book_id: i64) -> Result<AlsoChecked> {
    let w = crate::validation::book::book_warnings(conn, book_id)?;
    let seq: Vec<&crate::validation::book::BookWarning> = w.warnings.iter().filter(|x| x.warning.code.starts_with("so.")).collect();
    let cov = crate::keying::book_coverage(conn, book_id)?;
    let ids: Vec<i64> = {
        let mut st = conn.prepare(
            "SELECT DISTINCT d.entry_id FROM imported_decision d JOIN entry e ON e.id = d.entry_id WHERE e.book_id = ?1 AND d.current = 1 ORDER BY d.entry_id",
        )?;
        let rows = st.query_map([book_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut decisions_sample = Vec::new();
    for i in crate::batch::review::sample_positions(ids.len(), 5) {
        for d in crate::batch::review::imported_decisions(conn, ids[i])? {
            decisions_sample.push((ids[i], d));
        }
    }
    Ok(AlsoChecked {
        warnings: w.counts,
        sequence_findings: seq.len() as u32,
        sequence_examples: seq
            .iter()
            .take(5)
            .map(|x| {
                format!(
                    "{} {}: {}",
                    x.so.as_deref().unwrap_or("—"),
                    x.trang_so.as_deref().map(|t| format!("(tr. {t})")).unwrap_or_default(),
                    x.warning.message_vi
                )
            })
            .collect(),
        pages_without_entries: cov.missing_pages,
        entries_without_page: cov.entries_without_page,
        decisions_total: ids.len() as u32,
        decisions_sample,
    })
}
