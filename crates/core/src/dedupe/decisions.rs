//! Adjudication: the clerk's (or supervisor's) decisions on candidates, the queue of entries
//! still to decide, and the decisions that travel with a batch.
//!
//! Decisions are append-only rows (`dedupe_decision`): a later row for the same pair supersedes
//! the earlier one, `withdrawn` undoes it, so every change is kept. Each is attributed and
//! audited (ID numbers masked in the audit detail). A person decision names the candidate's ID
//! number, never an extract row, so it survives the extract being replaced. A "same person"
//! decision links the ID number to the entry in `entry_person_link`; the register entry itself
//! keeps what was written.
use super::stored::stored_candidates;
use crate::error::{CoreError, Result};
use crate::model;
use crate::session::Session;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sohoa_linkage::CandidateKind;
use sohoa_vietnamese::idnum::mask_id;
use std::collections::HashMap;

/// What a clerk decided about one candidate.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// Person: this extract row is the entry's person (links the ID number to the entry).
    SamePerson,
    /// Person: not the entry's person.
    NotSame,
    /// Either kind: cannot tell; a supervisor decides.
    Unsure,
    /// Record: the same event keyed twice (one entry must go).
    DuplicateEntry,
    /// Record: the same person registered again, legitimately (re-registration).
    ReRegistration,
    /// Record: different people.
    NotDuplicate,
    /// Undoes the previous decision on the pair.
    Withdrawn,
}

impl DecisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::SamePerson => "same_person",
            DecisionKind::NotSame => "not_same",
            DecisionKind::Unsure => "unsure",
            DecisionKind::DuplicateEntry => "duplicate_entry",
            DecisionKind::ReRegistration => "re_registration",
            DecisionKind::NotDuplicate => "not_duplicate",
            DecisionKind::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<DecisionKind> {
        [
            DecisionKind::SamePerson,
            DecisionKind::NotSame,
            DecisionKind::Unsure,
            DecisionKind::DuplicateEntry,
            DecisionKind::ReRegistration,
            DecisionKind::NotDuplicate,
            DecisionKind::Withdrawn,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            DecisionKind::SamePerson => "Cùng một người",
            DecisionKind::NotSame => "Không phải cùng người",
            DecisionKind::Unsure => "Chưa chắc — chuyển giám sát",
            DecisionKind::DuplicateEntry => "Bản ghi trùng (nhập hai lần)",
            DecisionKind::ReRegistration => "Đăng ký lại hợp lệ",
            DecisionKind::NotDuplicate => "Không trùng",
            DecisionKind::Withdrawn => "Đã hủy quyết định",
        }
    }
    fn allowed_for(self, kind: CandidateKind) -> bool {
        match self {
            DecisionKind::SamePerson | DecisionKind::NotSame => kind == CandidateKind::Person,
            DecisionKind::DuplicateEntry | DecisionKind::ReRegistration | DecisionKind::NotDuplicate => kind == CandidateKind::Record,
            DecisionKind::Unsure | DecisionKind::Withdrawn => true,
        }
    }
    /// Settles the pair (nothing left for anyone to do).
    fn settles(self) -> bool {
        !matches!(self, DecisionKind::Unsure | DecisionKind::Withdrawn)
    }
}

/// A current decision as shown beside a candidate.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DecisionView {
    pub id: i64,
    pub decision: DecisionKind,
    pub label: String,
    pub note: Option<String>,
    pub decided_by: String,
    pub decided_at: String,
}

#[derive(Debug, Clone)]
pub(crate) struct CurrentDecision {
    pub entry_id: i64,
    pub kind: CandidateKind,
    pub candidate_id: String,
    pub view: DecisionView,
}

fn kind_str(k: CandidateKind) -> &'static str {
    k.code()
}
fn parse_kind(s: &str) -> CandidateKind {
    if s == "person" {
        CandidateKind::Person
    } else {
        CandidateKind::Record
    }
}

const CURRENT_SQL: &str = "SELECT d.id, d.entry_id, d.kind, d.candidate_id, d.decision, d.note, d.decided_by, d.decided_at
    FROM dedupe_decision d
    WHERE d.id IN (SELECT max(id) FROM dedupe_decision GROUP BY entry_id, kind, candidate_id)";

fn current_row(r: &rusqlite::Row) -> rusqlite::Result<CurrentDecision> {
    let kind: String = r.get(2)?;
    let d: String = r.get(4)?;
    let dk = DecisionKind::parse(&d).unwrap_or(DecisionKind::Withdrawn);
    Ok(CurrentDecision {
        entry_id: r.get(1)?,
        kind: parse_kind(&kind),
        candidate_id: r.get(3)?,
        view: DecisionView {
            id: r.get(0)?,
            decision: dk,
            label: dk.label_vi().into(),
            note: r.get(5)?,
            decided_by: r.get(6)?,
            decided_at: r.get(7)?,
        },
    })
}

/// Current (not withdrawn) decisions about the pairs of one entry; a record pair decided from
/// the other side counts too.
pub(crate) fn current_decisions_for_entry(s: &Session, entry_id: i64) -> Result<Vec<CurrentDecision>> {
    let sql = format!("{CURRENT_SQL} AND ((d.entry_id = ?1) OR (d.kind = 'record' AND d.candidate_id = ?2)) ORDER BY d.id");
    let mut st = s.conn().prepare_cached(&sql)?;
    let rows: Vec<CurrentDecision> =
        st.query_map(params![entry_id, entry_id.to_string()], current_row)?.collect::<rusqlite::Result<_>>()?;
    // normalise the other side's record decisions to this entry's view; the latest wins
    let mut by_pair: HashMap<(CandidateKind, String), CurrentDecision> = HashMap::new();
    for mut d in rows {
        if d.entry_id != entry_id {
            d.candidate_id = d.entry_id.to_string();
            d.entry_id = entry_id;
        }
        let key = (d.kind, d.candidate_id.clone());
        match by_pair.get(&key) {
            Some(prev) if prev.view.id > d.view.id => {}
            _ => {
                by_pair.insert(key, d);
            }
        }
    }
    let mut v: Vec<CurrentDecision> = by_pair.into_values().filter(|d| d.view.decision != DecisionKind::Withdrawn).collect();
    v.sort_by_key(|d| d.view.id);
    Ok(v)
}

/// One row of the decision history of a pair.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DecisionHistoryRow {
    pub id: i64,
    pub decision: DecisionKind,
    pub label: String,
    pub note: Option<String>,
    pub decided_by: String,
    pub decided_at: String,
}

/// A decision as it travels with a batch (`data/decisions.jsonl`, one JSON object per line).
/// Version 1. Person decisions carry the full ID number: the batch is encrypted and signed, and
/// the link is the point of the decision.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DecisionRecord {
    pub format_version: u32,
    pub decision_id: i64,
    pub entry_id: i64,
    pub book_id: i64,
    pub entry_seq: i64,
    /// The entry's "Số" as keyed.
    pub entry_so: Option<String>,
    /// `person` / `record`
    pub kind: CandidateKind,
    /// The ID number (person) or the other entry's id (record).
    pub candidate_id: String,
    /// For record pairs: the other entry's book and position.
    pub candidate_book_id: Option<i64>,
    pub candidate_entry_seq: Option<i64>,
    pub decision: DecisionKind,
    pub note: Option<String>,
    /// The engine's score and band when the decision was made.
    pub score: Option<f64>,
    pub band: Option<String>,
    /// The extract shown when deciding (source and date), for person decisions.
    pub extract_source: Option<String>,
    pub extract_date: Option<String>,
    pub decided_by: String,
    pub decided_at: String,
    /// False when a later decision on the same pair superseded this one (history).
    pub current: bool,
}

impl DecisionRecord {
    /// The same record-pair decision written from the other entry's side (`candidate_so` is the
    /// other entry's `so`).
    fn seen_from_candidate(self, candidate_so: Option<String>) -> DecisionRecord {
        let (Some(book_id), Some(entry_seq), Ok(entry_id)) =
            (self.candidate_book_id, self.candidate_entry_seq, self.candidate_id.parse::<i64>())
        else {
            return self;
        };
        DecisionRecord {
            entry_id,
            book_id,
            entry_seq,
            entry_so: candidate_so,
            candidate_id: self.entry_id.to_string(),
            candidate_book_id: Some(self.book_id),
            candidate_entry_seq: Some(self.entry_seq),
            ..self
        }
    }
}

/// Where an entry stands in the queue.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueState {
    /// At least one candidate is undecided.
    Pending,
    /// Nothing undecided, but some pair waits for a supervisor.
    Unsure,
    /// Every candidate is settled.
    Done,
}

/// Which entries to list.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum QueueFilter {
    #[default]
    Pending,
    Unsure,
    Done,
    All,
}

/// One entry of the adjudication queue (the workspace's own entry; no extract data).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueItem {
    pub entry_id: i64,
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub seq: i64,
    pub so: Option<String>,
    pub full_name: Option<String>,
    pub birth_date: Option<String>,
    pub best_score: f64,
    /// `match` if any candidate is in the match band.
    pub best_band: String,
    pub persons: usize,
    pub records: usize,
    /// Candidates not yet decided.
    pub undecided: usize,
    pub state: QueueState,
    /// The ID number linked by a "same person" decision, masked.
    pub linked_id: Option<String>,
}

/// Counts of what is left.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QueueCounts {
    /// Entries with at least one candidate.
    pub entries: usize,
    pub pending: usize,
    pub unsure: usize,
    pub done: usize,
    /// Candidates not yet decided (over all entries).
    pub undecided_candidates: usize,
    /// Entries linked to an ID number.
    pub linked: usize,
}

/// Information about the last batch run.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunInfo {
    pub id: i64,
    pub entries: i64,
    pub person_pairs: i64,
    pub record_pairs: i64,
    pub candidates: i64,
    pub ms: i64,
    pub ran_at: String,
    pub ran_by: String,
    pub extract_import_id: Option<i64>,
}

/// The queue screen's data.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    pub counts: QueueCounts,
    pub total: usize,
    pub last_run: Option<RunInfo>,
    pub extract: Option<super::extract::ExtractInfo>,
}

struct EntryCands {
    persons: Vec<(String, f64, String)>,
    records: Vec<(String, f64, String)>,
}

/// Records a decision on one candidate of an entry (attributed, audited, reversible).
/// `candidate_id` is the full ID number for a person, the other entry's id for a record.
pub fn decide_candidate(
    s: &mut Session,
    entry_id: i64,
    kind: CandidateKind,
    candidate_id: &str,
    decision: DecisionKind,
    note: Option<&str>,
) -> Result<DecisionView> {
    if !decision.allowed_for(kind) {
        return Err(CoreError::invalid("decision", format!("“{}” không áp dụng cho loại ứng viên này", decision.label_vi())));
    }
    let candidate_id = candidate_id.trim().to_string();
    model::entry::get(s.conn(), entry_id)?;
    let stored = stored_candidates(s, entry_id)?;
    let stored_c = stored.iter().find(|c| c.kind == kind && c.candidate_id == candidate_id);
    let import_id = super::cache::active_import(s)?;
    match kind {
        CandidateKind::Person => {
            let in_extract: bool = match import_id {
                Some(imp) => s
                    .conn()
                    .query_row("SELECT 1 FROM extract_person WHERE import_id = ?1 AND id_number = ?2", params![imp, candidate_id], |_| {
                        Ok(())
                    })
                    .optional()?
                    .is_some(),
                None => false,
            };
            let decided_before = s
                .conn()
                .query_row(
                    "SELECT 1 FROM dedupe_decision WHERE entry_id = ?1 AND kind = 'person' AND candidate_id = ?2",
                    params![entry_id, candidate_id],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !in_extract && stored_c.is_none() && !decided_before {
                return Err(CoreError::NotFound("người này trong dữ liệu dân cư đã nhập".into()));
            }
            if decision == DecisionKind::SamePerson {
                let linked: Option<String> = s
                    .conn()
                    .query_row("SELECT id_number FROM entry_person_link WHERE entry_id = ?1", [entry_id], |r| r.get(0))
                    .optional()?;
                if let Some(l) = linked.filter(|l| *l != candidate_id) {
                    return Err(CoreError::Conflict(format!(
                        "bản ghi này đã được xác định là cùng người với số định danh {}; hãy hủy quyết định đó trước",
                        mask_id(&l)
                    )));
                }
            }
        }
        CandidateKind::Record => {
            let other: i64 = candidate_id.parse().map_err(|_| CoreError::invalid("candidateId", "mã bản ghi không hợp lệ"))?;
            if other == entry_id {
                return Err(CoreError::invalid("candidateId", "không thể so một bản ghi với chính nó"));
            }
            model::entry::get(s.conn(), other)?;
        }
    }
    let previous = current_decisions_for_entry(s, entry_id)?.into_iter().find(|d| d.kind == kind && d.candidate_id == candidate_id);
    if decision == DecisionKind::Withdrawn && previous.is_none() {
        return Err(CoreError::NotFound("quyết định để hủy".into()));
    }
    let note = note.map(crate::text::stored).filter(|n| !n.is_empty());
    let (score, band) = stored_c.map(|c| (Some(c.score), Some(c.band.code().to_string()))).unwrap_or((None, None));
    let shown_id = if kind == CandidateKind::Person { mask_id(&candidate_id) } else { candidate_id.clone() };
    let id = s.write(|w| {
        let now = crate::clock::now();
        w.tx.execute(
            "INSERT INTO dedupe_decision(entry_id, kind, candidate_id, decision, note, score, band, extract_import_id, decided_at, decided_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![entry_id, kind_str(kind), candidate_id, decision.as_str(), note, score, band, if kind == CandidateKind::Person { import_id } else { None }, now, w.user.username],
        )?;
        let id = w.tx.last_insert_rowid();
        // a record pair decided from the other side: this row supersedes it
        if kind == CandidateKind::Person {
            if decision == DecisionKind::SamePerson {
                w.tx.execute(
                    "INSERT INTO entry_person_link(entry_id, id_number, decision_id, linked_at, linked_by) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(entry_id) DO UPDATE SET id_number = excluded.id_number, decision_id = excluded.decision_id,
                       linked_at = excluded.linked_at, linked_by = excluded.linked_by",
                    params![entry_id, candidate_id, id, now, w.user.username],
                )?;
            } else {
                w.tx.execute("DELETE FROM entry_person_link WHERE entry_id = ?1 AND id_number = ?2", params![entry_id, candidate_id])?;
            }
        }
        w.audit(
            if decision == DecisionKind::Withdrawn { "dedupe.withdraw" } else { "dedupe.decide" },
            "entry",
            Some(&entry_id.to_string()),
            serde_json::json!({
                "kind": kind_str(kind),
                "candidate": shown_id,
                "decision": decision.as_str(),
                "previous": previous.as_ref().map(|p| p.view.decision.as_str()),
                "note": note.is_some(),
            }),
        )?;
        Ok(id)
    })?;
    let now_view = s.conn().query_row(&format!("{CURRENT_SQL} AND d.id = ?1"), [id], current_row)?;
    Ok(now_view.view)
}

/// Undoes the current decision on a pair (kept in the history as `withdrawn`).
pub fn withdraw_decision(s: &mut Session, entry_id: i64, kind: CandidateKind, candidate_id: &str) -> Result<()> {
    decide_candidate(s, entry_id, kind, candidate_id, DecisionKind::Withdrawn, None).map(|_| ())
}

/// Every decision ever made on one pair, oldest first.
pub fn decision_history(conn: &Connection, entry_id: i64, kind: CandidateKind, candidate_id: &str) -> Result<Vec<DecisionHistoryRow>> {
    let mut st = conn.prepare(
        "SELECT id, decision, note, decided_by, decided_at FROM dedupe_decision
         WHERE kind = ?1 AND ((entry_id = ?2 AND candidate_id = ?3) OR (kind = 'record' AND entry_id = ?4 AND candidate_id = ?5))
         ORDER BY id",
    )?;
    let other: i64 = candidate_id.parse().unwrap_or(-1);
    let rows = st.query_map(params![kind_str(kind), entry_id, candidate_id, other, entry_id.to_string()], |r| {
        let d: String = r.get(1)?;
        let dk = DecisionKind::parse(&d).unwrap_or(DecisionKind::Withdrawn);
        Ok(DecisionHistoryRow {
            id: r.get(0)?,
            decision: dk,
            label: dk.label_vi().into(),
            note: r.get(2)?,
            decided_by: r.get(3)?,
            decided_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ID number linked to an entry by a "same person" decision.
pub fn linked_id_number(conn: &Connection, entry_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT id_number FROM entry_person_link WHERE entry_id = ?1", [entry_id], |r| r.get(0)).optional()?)
}

/// The adjudication queue: entries with candidates from the last batch run, best first, with
/// the counts of what is left.
pub fn dedupe_queue(s: &Session, filter: QueueFilter, offset: usize, limit: usize) -> Result<QueuePage> {
    // candidates by entry
    let mut cands: HashMap<i64, EntryCands> = HashMap::new();
    {
        let mut st = s.conn().prepare("SELECT entry_id, kind, candidate_id, score, band FROM dedupe_candidate")?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let e: i64 = r.get(0)?;
            let kind: String = r.get(1)?;
            let c = cands.entry(e).or_insert_with(|| EntryCands { persons: vec![], records: vec![] });
            let item = (r.get::<_, String>(2)?, r.get::<_, f64>(3)?, r.get::<_, String>(4)?);
            if kind == "person" {
                c.persons.push(item);
            } else {
                c.records.push(item);
            }
        }
    }
    // current decisions, record pairs in both directions
    let mut dec: HashMap<(i64, CandidateKind, String), (i64, DecisionKind)> = HashMap::new();
    {
        let mut st = s.conn().prepare(CURRENT_SQL)?;
        for d in st.query_map([], current_row)? {
            let d = d?;
            let mut put = |k: (i64, CandidateKind, String)| {
                if dec.get(&k).is_none_or(|p| p.0 < d.view.id) {
                    dec.insert(k, (d.view.id, d.view.decision));
                }
            };
            put((d.entry_id, d.kind, d.candidate_id.clone()));
            if d.kind == CandidateKind::Record {
                if let Ok(o) = d.candidate_id.parse::<i64>() {
                    put((o, CandidateKind::Record, d.entry_id.to_string()));
                }
            }
        }
    }
    let links: HashMap<i64, String> = {
        let mut st = s.conn().prepare("SELECT entry_id, id_number FROM entry_person_link")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut counts = QueueCounts { linked: links.len(), ..Default::default() };
    let mut rows: Vec<(i64, f64, String, usize, usize, usize, QueueState)> = Vec::new();
    for (&entry, c) in &cands {
        let linked = links.contains_key(&entry);
        let mut undecided = 0;
        let mut unsure = 0;
        let mut best_pending: f64 = f64::NEG_INFINITY;
        let mut best: f64 = f64::NEG_INFINITY;
        let mut band = "possible".to_string();
        for (kind, list) in [(CandidateKind::Person, &c.persons), (CandidateKind::Record, &c.records)] {
            for (cid, score, b) in list {
                best = best.max(*score);
                if b == "match" {
                    band = "match".into();
                }
                match dec.get(&(entry, kind, cid.clone())).map(|d| d.1) {
                    Some(d) if d.settles() => {}
                    Some(DecisionKind::Unsure) => unsure += 1,
                    _ if kind == CandidateKind::Person && linked => {}
                    _ => {
                        undecided += 1;
                        best_pending = best_pending.max(*score);
                    }
                }
            }
        }
        let state = if undecided > 0 {
            QueueState::Pending
        } else if unsure > 0 {
            QueueState::Unsure
        } else {
            QueueState::Done
        };
        counts.entries += 1;
        counts.undecided_candidates += undecided;
        match state {
            QueueState::Pending => counts.pending += 1,
            QueueState::Unsure => counts.unsure += 1,
            QueueState::Done => counts.done += 1,
        }
        let keep = match filter {
            QueueFilter::All => true,
            QueueFilter::Pending => state == QueueState::Pending,
            QueueFilter::Unsure => state == QueueState::Unsure,
            QueueFilter::Done => state == QueueState::Done,
        };
        if keep {
            let order = if state == QueueState::Pending { best_pending } else { best };
            rows.push((entry, order, band, c.persons.len(), c.records.len(), undecided, state));
        }
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let total = rows.len();
    let mut items = Vec::new();
    for (entry, score, band, persons, records, undecided, state) in rows.into_iter().skip(offset).take(limit) {
        let Some(fields) = super::stored::record_fields(s, entry)? else { continue };
        items.push(QueueItem {
            entry_id: entry,
            book_id: fields.book_id,
            book_type: fields.book_type,
            quyen_so: fields.quyen_so,
            seq: fields.seq,
            so: fields.so,
            full_name: fields.full_name,
            birth_date: fields.birth_date,
            best_score: score,
            best_band: band,
            persons,
            records,
            undecided,
            state,
            linked_id: links.get(&entry).map(|l| mask_id(l)),
        });
    }
    Ok(QueuePage { items, counts, total, last_run: last_dedupe_run(s.conn())?, extract: super::extract::extract_info(s.conn())? })
}

/// The last batch run, if any.
pub fn last_dedupe_run(conn: &Connection) -> Result<Option<RunInfo>> {
    Ok(conn
        .query_row(
            "SELECT id, entries, person_pairs, record_pairs, candidates, ms, ran_at, ran_by, extract_import_id FROM dedupe_run ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(RunInfo {
                    id: r.get(0)?,
                    entries: r.get(1)?,
                    person_pairs: r.get(2)?,
                    record_pairs: r.get(3)?,
                    candidates: r.get(4)?,
                    ms: r.get(5)?,
                    ran_at: r.get(6)?,
                    ran_by: r.get(7)?,
                    extract_import_id: r.get(8)?,
                })
            },
        )
        .optional()?)
}

/// Every decision (with its history) about entries of these books, for the batch's
/// `data/decisions.jsonl`. A record pair decided from an entry outside these books is
/// included when the other entry is inside, written from the inside entry's side (the three
/// record decisions are about the pair, not a direction): a package's decisions are always
/// about entries it holds.
pub fn decisions_for_books(conn: &Connection, book_ids: &[i64]) -> Result<Vec<DecisionRecord>> {
    if book_ids.is_empty() {
        return Ok(vec![]);
    }
    let list = book_ids.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT d.id, d.entry_id, e.book_id, e.seq, (SELECT value FROM entry_field WHERE entry_id = d.entry_id AND field = 'so'),
                d.kind, d.candidate_id, ce.book_id, ce.seq, d.decision, d.note, d.score, d.band, x.source, x.extract_date,
                d.decided_by, d.decided_at,
                d.id = (SELECT max(id) FROM dedupe_decision d2 WHERE d2.entry_id = d.entry_id AND d2.kind = d.kind AND d2.candidate_id = d.candidate_id),
                e.book_id IN ({list}), (SELECT value FROM entry_field WHERE entry_id = ce.id AND field = 'so')
         FROM dedupe_decision d
         JOIN entry e ON e.id = d.entry_id
         LEFT JOIN entry ce ON d.kind = 'record' AND ce.id = CAST(d.candidate_id AS INTEGER)
         LEFT JOIN extract_import x ON x.id = d.extract_import_id
         WHERE e.book_id IN ({list}) OR (d.kind = 'record' AND ce.book_id IN ({list}))
         ORDER BY d.id"
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map([], |r| {
        let kind: String = r.get(5)?;
        let d: String = r.get(9)?;
        let (entry_inside, candidate_so): (bool, Option<String>) = (r.get(18)?, r.get(19)?);
        let record = DecisionRecord {
            format_version: 1,
            decision_id: r.get(0)?,
            entry_id: r.get(1)?,
            book_id: r.get(2)?,
            entry_seq: r.get(3)?,
            entry_so: r.get(4)?,
            kind: parse_kind(&kind),
            candidate_id: r.get(6)?,
            candidate_book_id: r.get(7)?,
            candidate_entry_seq: r.get(8)?,
            decision: DecisionKind::parse(&d).unwrap_or(DecisionKind::Withdrawn),
            note: r.get(10)?,
            score: r.get(11)?,
            band: r.get(12)?,
            extract_source: r.get(13)?,
            extract_date: r.get(14)?,
            decided_by: r.get(15)?,
            decided_at: r.get(16)?,
            current: r.get(17)?,
        };
        Ok(if entry_inside { record } else { record.seen_from_candidate(candidate_so) })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
