//! The in-memory matching indexes of a session: built lazily on the first lookup, rebuilt when
//! the extract (or, for record candidates, another keyed entry) changes, and freed with the
//! session.
//!
//! The indexes hold personal data, so they must not outlive the signed-in session. `Session`
//! has no slot for them, so they hang off its SQLite connection instead: a private SQL function
//! registered on the connection owns them (SQLite drops it, and with it the indexes, when the
//! connection closes at sign-out), and a process-wide table keeps only a weak pointer to find
//! them again from the connection.
use super::entries::load_subject_records;
use crate::error::Result;
use crate::session::Session;
use rusqlite::functions::FunctionFlags;
use rusqlite::params;
use sohoa_linkage::{ExtractIndex, KeyedRecord, Model, PersonRecord, RecordIndex};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

pub(crate) struct ExtractCache {
    pub import_id: i64,
    /// The dedupe run whose learnt model the index uses (None: the default model).
    pub model_run: Option<i64>,
    pub index: ExtractIndex,
    /// `extract_person.id` of each indexed row, by position.
    pub row_ids: Vec<i64>,
}

pub(crate) struct RecordCache {
    pub model_run: Option<i64>,
    pub index: RecordIndex,
    /// entry id → position in the index (named entries only)
    pub pos: HashMap<i64, usize>,
    /// entry ids by position
    pub ids: Vec<i64>,
    /// version of every entry of the type when the index was built
    pub versions: HashMap<i64, i64>,
    pub count: i64,
    pub version_sum: i64,
}

#[derive(Default)]
pub(crate) struct Slot {
    pub extract: Mutex<Option<Arc<ExtractCache>>>,
    pub records: Mutex<HashMap<crate::BookType, Arc<RecordCache>>>,
}

type Registry = Mutex<Vec<(usize, Weak<Slot>)>>;

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| Mutex::new(Vec::new()))
}

/// The cache slot of this session's connection (created and tied to the connection on first use).
pub(crate) fn slot(s: &Session) -> Result<Arc<Slot>> {
    // SAFETY: the handle is only used as an identity (never dereferenced).
    let key = unsafe { s.conn().handle() } as usize;
    let mut reg = registry().lock().unwrap_or_else(|e| e.into_inner());
    reg.retain(|(_, w)| w.strong_count() > 0);
    if let Some(slot) = reg.iter().find(|(k, _)| *k == key).and_then(|(_, w)| w.upgrade()) {
        return Ok(slot);
    }
    let slot = Arc::new(Slot::default());
    let owned = slot.clone();
    // The closure owns the slot; SQLite drops the closure when the connection closes.
    s.conn().create_scalar_function("sohoa_dedupe_cache", 0, FunctionFlags::SQLITE_UTF8, move |_| {
        Ok(owned.extract.lock().map(|g| g.is_some()).unwrap_or(false))
    })?;
    reg.push((key, Arc::downgrade(&slot)));
    Ok(slot)
}

/// The active extract import, if any.
pub(crate) fn active_import(s: &Session) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(s.conn().query_row("SELECT id FROM extract_import WHERE active = 1", [], |r| r.get(0)).optional()?)
}

/// A run's id, the extract import it ran against, and its learnt person and record models.
pub(crate) type RunModels = (i64, Option<i64>, Option<Model>, Option<Model>);

/// The latest run's learnt models, if that run was made against `import_id`.
pub(crate) fn latest_models(s: &Session) -> Result<Option<RunModels>> {
    use rusqlite::OptionalExtension;
    #[allow(clippy::type_complexity)] // the row as read, before the models are parsed
    let row: Option<(i64, Option<i64>, Option<String>, Option<String>)> = s
        .conn()
        .query_row("SELECT id, extract_import_id, person_model_json, record_model_json FROM dedupe_run ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    Ok(row
        .map(|(id, imp, pm, rm)| (id, imp, pm.and_then(|j| serde_json::from_str(&j).ok()), rm.and_then(|j| serde_json::from_str(&j).ok()))))
}

/// Reads the rows of an import for the engine (the one bulk read of the extract; it never
/// leaves the process).
pub(crate) fn load_persons(s: &Session, import_id: i64) -> Result<(Vec<PersonRecord>, Vec<i64>)> {
    let mut st = s.conn().prepare(
        "SELECT id, id_number, full_name, birth_date, sex, father_name, mother_name, spouse_name,
                birth_registration_place, home_town, residence, cmnd
         FROM extract_person WHERE import_id = ?1 ORDER BY id",
    )?;
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    let mut q = st.query(params![import_id])?;
    let dates = sohoa_linkage::BirthDate::context(crate::clock::today_year());
    while let Some(r) = q.next()? {
        ids.push(r.get::<_, i64>(0)?);
        let date: String = r.get(3)?;
        let sex: String = r.get(4)?;
        rows.push(PersonRecord {
            id_number: r.get(1)?,
            full_name: r.get(2)?,
            name_parts: None,
            birth_date: sohoa_linkage::BirthDate::read(&date, &dates).0,
            sex: match sex.as_str() {
                "male" => sohoa_linkage::Sex::Male,
                "female" => sohoa_linkage::Sex::Female,
                _ => sohoa_linkage::Sex::Unknown,
            },
            father_name: r.get(5)?,
            mother_name: r.get(6)?,
            spouse_name: r.get(7)?,
            birth_registration_place: r.get(8)?,
            home_town: r.get(9)?,
            residence: r.get(10)?,
            cmnd: r.get(11)?,
        });
    }
    Ok((rows, ids))
}

/// The extract index of this session, built if needed. `None` when no extract is imported.
pub(crate) fn extract_index(s: &Session) -> Result<Option<Arc<ExtractCache>>> {
    let Some(import_id) = active_import(s)? else {
        return Ok(None);
    };
    let models = latest_models(s)?;
    let (model_run, model) = match models {
        Some((run, Some(imp), Some(pm), _)) if imp == import_id => (Some(run), Some(pm)),
        _ => (None, None),
    };
    let slot = slot(s)?;
    let mut g = slot.extract.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = g.as_ref() {
        if c.import_id == import_id && c.model_run == model_run {
            return Ok(Some(c.clone()));
        }
    }
    // Free the old index before building the new one (peak memory).
    let previous = g.take();
    let (rows, row_ids) = load_persons(s, import_id)?;
    let mut index = match previous {
        Some(p) if p.import_id == import_id => match Arc::try_unwrap(p) {
            Ok(c) => c.index,
            Err(_) => ExtractIndex::build(rows),
        },
        _ => ExtractIndex::build(rows),
    };
    if let Some(m) = model {
        index.set_model(m);
    }
    let cache = Arc::new(ExtractCache { import_id, model_run, index, row_ids });
    *g = Some(cache.clone());
    Ok(Some(cache))
}

/// Count and version sum of the entries of a book type (to see whether any changed).
fn generation(s: &Session, book_type: crate::BookType) -> Result<(i64, i64)> {
    Ok(s.conn().query_row(
        "SELECT count(*), coalesce(sum(e.version), 0) FROM entry e JOIN register_book b ON b.id = e.book_id WHERE b.book_type = ?1",
        [book_type],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

fn entry_version(s: &Session, entry_id: i64) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(s.conn().query_row("SELECT version FROM entry WHERE id = ?1", [entry_id], |r| r.get(0)).optional()?)
}

/// The record index over the entries of `book_type`, valid for querying `entry_id`: rebuilt
/// only when an entry other than `entry_id` changed since it was built (while a clerk keys one
/// entry, its own edits do not force rebuilds: the entry is excluded from its own candidates).
pub(crate) fn record_index(s: &Session, book_type: crate::BookType, entry_id: Option<i64>) -> Result<Arc<RecordCache>> {
    let (count, vsum) = generation(s, book_type)?;
    let model_run = latest_models(s)?.map(|m| m.0);
    let slot = slot(s)?;
    let mut g = slot.records.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = g.get(&book_type) {
        let now_v = match entry_id {
            Some(id) => entry_version(s, id)?,
            None => None,
        };
        let snap_v = entry_id.and_then(|id| c.versions.get(&id).copied());
        let others_now = (count - i64::from(now_v.is_some()), vsum - now_v.unwrap_or(0));
        let others_snap = (c.count - i64::from(snap_v.is_some()), c.version_sum - snap_v.unwrap_or(0));
        if others_now == others_snap && c.model_run == model_run {
            return Ok(c.clone());
        }
    }
    g.remove(&book_type);
    let recs = load_subject_records(s, book_type)?;
    let versions: HashMap<i64, i64> = {
        let mut st = s
            .conn()
            .prepare_cached("SELECT e.id, e.version FROM entry e JOIN register_book b ON b.id = e.book_id WHERE b.book_type = ?1")?;
        let rows = st.query_map([book_type], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let count = versions.len() as i64;
    let vsum = versions.values().sum();
    let model = match latest_models(s)? {
        Some((_, _, _, Some(rm))) => rm,
        Some((_, _, Some(pm), None)) => pm,
        _ => Model::priors(),
    };
    let ids: Vec<i64> = recs.iter().map(|r| r.entry_id).collect();
    let pos = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let keyed: Vec<KeyedRecord> = recs.into_iter().map(|r| r.record).collect();
    let index = RecordIndex::build(&keyed, model);
    let cache = Arc::new(RecordCache { model_run, index, pos, ids, versions, count, version_sum: vsum });
    g.insert(book_type, cache.clone());
    Ok(cache)
}

/// Forgets every index of this session (after an import or a run, or to free memory).
pub(crate) fn invalidate(s: &Session) -> Result<()> {
    let slot = slot(s)?;
    *slot.extract.lock().unwrap_or_else(|e| e.into_inner()) = None;
    slot.records.lock().unwrap_or_else(|e| e.into_inner()).clear();
    Ok(())
}

/// Drops only the record indexes (after a run: new model).
#[allow(dead_code)]
pub(crate) fn invalidate_records(s: &Session) -> Result<()> {
    let slot = slot(s)?;
    slot.records.lock().unwrap_or_else(|e| e.into_inner()).clear();
    Ok(())
}
