//! Which fields of a keyed entry identify its person, per book type, and reading entries into the
//! engine's `KeyedRecord`.
//!
//! Only birth registers (KS) are checked for now: their person is the child, with both parents'
//! names, which is what the population extract is matched on. Other types can be added here.
use crate::error::Result;
use crate::session::Session;
use sohoa_linkage::{KeyedRecord, Sex};
use sohoa_vietnamese::PartialDate;
use std::collections::HashMap;

/// The identifying fields of a book type's person (Ministry column names).
#[derive(Debug, Clone, Copy)]
pub struct SubjectFields {
    pub book_type: &'static str,
    pub name: &'static str,
    pub birth_date: &'static str,
    pub sex: &'static str,
    pub father: Option<&'static str>,
    pub mother: Option<&'static str>,
    pub registration_place: Option<&'static str>,
    pub birth_place: Option<&'static str>,
    pub home_town: Option<&'static str>,
    pub id_number: Option<&'static str>,
}

pub const SUBJECTS: &[SubjectFields] = &[SubjectFields {
    book_type: "KS",
    name: "nksHoTen",
    birth_date: "nksNgaySinh",
    sex: "nksGioiTinh",
    father: Some("chaHoTen"),
    mother: Some("meHoTen"),
    registration_place: Some("noiDangKy"),
    birth_place: Some("nksNoiSinh"),
    home_town: Some("nksQueQuan"),
    id_number: None,
}];

/// The subject fields of a book type, if its entries are checked for duplicates.
pub fn subject_fields(book_type: &str) -> Option<&'static SubjectFields> {
    SUBJECTS.iter().find(|s| s.book_type == book_type)
}

/// Book types whose entries are checked for duplicates.
pub fn checked_book_types() -> impl Iterator<Item = &'static str> {
    SUBJECTS.iter().map(|s| s.book_type)
}

impl SubjectFields {
    pub fn all(&self) -> Vec<&'static str> {
        let mut v = vec![self.name, self.birth_date, self.sex];
        v.extend([self.father, self.mother, self.registration_place, self.birth_place, self.home_town, self.id_number].into_iter().flatten());
        v
    }

    /// The engine's record from field values (None without a name: nothing to match on).
    pub fn record(&self, record_ref: String, get: impl Fn(&str) -> Option<String>) -> Option<KeyedRecord> {
        let name = get(self.name).filter(|n| n.chars().any(|c| c.is_alphabetic()))?;
        let opt = |f: Option<&'static str>| f.and_then(&get).filter(|v| !v.trim().is_empty());
        Some(KeyedRecord {
            record_ref,
            full_name: name,
            birth_date: get(self.birth_date).and_then(|d| PartialDate::parse(&d).ok()),
            sex: get(self.sex).map(|s| Sex::parse(&s)).unwrap_or_default(),
            father_name: opt(self.father),
            mother_name: opt(self.mother),
            registration_place: opt(self.registration_place),
            birth_place: opt(self.birth_place),
            home_town: opt(self.home_town),
            id_number: opt(self.id_number),
        })
    }
}

/// One keyed entry as the engine sees it.
pub(crate) struct SubjectRecord {
    pub entry_id: i64,
    pub record: KeyedRecord,
}

/// Every named entry of a book type, by entry id (record_ref = entry id).
pub(crate) fn load_subject_records(s: &Session, book_type: &str) -> Result<Vec<SubjectRecord>> {
    let Some(sf) = subject_fields(book_type) else {
        return Ok(vec![]);
    };
    let fields = sf.all();
    let placeholders = fields.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT f.entry_id, f.field, f.value FROM entry_field f
         JOIN entry e ON e.id = f.entry_id JOIN register_book b ON b.id = e.book_id
         WHERE b.book_type = ?1 AND f.field IN ({placeholders}) AND f.illegible = 0
         ORDER BY f.entry_id"
    );
    let mut st = s.conn().prepare(&sql)?;
    let mut q = st.query([book_type])?;
    let mut out = Vec::new();
    let mut cur: Option<(i64, HashMap<String, String>)> = None;
    let flush = |cur: Option<(i64, HashMap<String, String>)>, out: &mut Vec<SubjectRecord>| {
        if let Some((id, m)) = cur {
            if let Some(record) = sf.record(id.to_string(), |f| m.get(f).cloned()) {
                out.push(SubjectRecord { entry_id: id, record });
            }
        }
    };
    while let Some(r) = q.next()? {
        let id: i64 = r.get(0)?;
        if cur.as_ref().map(|c| c.0) != Some(id) {
            flush(cur.take(), &mut out);
            cur = Some((id, HashMap::new()));
        }
        if let Some((_, m)) = cur.as_mut() {
            m.insert(r.get(1)?, r.get(2)?);
        }
    }
    flush(cur.take(), &mut out);
    Ok(out)
}

/// The book type and engine record of one entry (None when the type is not checked or the entry
/// has no name yet).
pub(crate) fn subject_record(s: &Session, entry_id: i64) -> Result<(crate::model::entry::Entry, Option<KeyedRecord>)> {
    let e = s.get_entry(entry_id)?;
    let rec = subject_fields(&e.book_type).and_then(|sf| {
        sf.record(entry_id.to_string(), |f| e.fields.iter().find(|x| x.field == f && !x.illegible).map(|x| x.value.clone()))
    });
    Ok((e, rec))
}
