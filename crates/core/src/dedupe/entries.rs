//! Which fields of a keyed entry identify its person, per book type, and reading entries into the
//! engine's `KeyedRecord`.
//!
//! One person per entry is checked: the person the register is about and whom the population
//! extract can confirm (column names from the versioned column map, `data/column_map.json`):
//!
//! | type | subject | why |
//! |---|---|---|
//! | KS | the child (`nks*`) with both parents' names | the birth the extract's rows were registered from |
//! | KT | the deceased (`nkt*`): ID number, residence | the extract row of the person who died |
//! | HN | the person whose marital status is confirmed (`nxn*`) | |
//! | CMC | the child (`nc*`); the recognising parent (`cm*`) is the child's father or mother as `loaiXacNhan` says | the child's extract row names that parent |
//! | KH, LH | the husband (`chong*`, male by role) | one subject per entry (candidate ids are per entry); the wife is not checked |
//! | GH | the ward (`nddgh*`) | |
//! | TDCC | the person whose record is changed (`ndt*`) | |
//! | NCN | the adopted child (`conNuoi*`) | |
//!
//! The engine compares places as one bag of words, so a residence (`*NoiCuTru`) goes in the
//! birth-place slot when the type has no place of birth. Fields the template does not have (an
//! older or newer template version) are simply empty.
use crate::error::Result;
use crate::model;
use crate::model::book_type::BookType;
use crate::session::Session;
use sohoa_linkage::{KeyedRecord, Sex};
use sohoa_vietnamese::DateContext;
use std::collections::HashMap;

/// A parent whose role (father or mother) is given by a coded field of the entry (CMC:
/// `loaiXacNhan` 1 "Cha nhận con" / 3 "Con nhận cha" → father, 2 / 4 → mother).
#[derive(Debug, Clone, Copy)]
pub struct ParentByRole {
    pub name: &'static str,
    pub role: &'static str,
    pub father_codes: &'static [&'static str],
    pub mother_codes: &'static [&'static str],
}

/// The identifying fields of a book type's person (Ministry column names).
#[derive(Debug, Clone, Copy)]
pub struct SubjectFields {
    pub book_type: BookType,
    pub name: &'static str,
    pub birth_date: &'static str,
    /// The sex column, if the template has one.
    pub sex: Option<&'static str>,
    /// The sex given by the person's role (the husband of a marriage), used when the sex column
    /// is absent or empty.
    pub implied_sex: Option<Sex>,
    pub father: Option<&'static str>,
    pub mother: Option<&'static str>,
    /// A parent named in a column whose role depends on another field (CMC).
    pub parent_by_role: Option<ParentByRole>,
    pub registration_place: Option<&'static str>,
    pub birth_place: Option<&'static str>,
    pub home_town: Option<&'static str>,
    /// Where the person lives (compared with the extract's places when there is no birth place).
    pub residence: Option<&'static str>,
    pub id_number: Option<&'static str>,
}

const NONE: SubjectFields = SubjectFields {
    book_type: BookType::Ks,
    name: "",
    birth_date: "",
    sex: None,
    implied_sex: None,
    father: None,
    mother: None,
    parent_by_role: None,
    registration_place: None,
    birth_place: None,
    home_town: None,
    residence: None,
    id_number: None,
};

pub const SUBJECTS: &[SubjectFields] = &[
    // Birth: the child, with both parents (what the extract is matched on best).
    SubjectFields {
        book_type: BookType::Ks,
        name: "nksHoTen",
        birth_date: "nksNgaySinh",
        sex: Some("nksGioiTinh"),
        father: Some("chaHoTen"),
        mother: Some("meHoTen"),
        registration_place: Some("noiDangKy"),
        birth_place: Some("nksNoiSinh"),
        home_town: Some("nksQueQuan"),
        ..NONE
    },
    // Death: the deceased. The death register has no parents; its registry is where the death
    // was registered, not the birth, so it is not compared as a registration place.
    SubjectFields {
        book_type: BookType::Kt,
        name: "nktHoTen",
        birth_date: "nktNgaySinh",
        sex: Some("nktGioiTinh"),
        residence: Some("nktNoiCuTru"),
        id_number: Some("nktSoGiayToTuyThan"),
        ..NONE
    },
    // Confirmation of marital status: the person confirmed.
    SubjectFields {
        book_type: BookType::Hn,
        name: "nxnHoTen",
        birth_date: "nxnNgaySinh",
        sex: Some("nxnGioiTinh"),
        residence: Some("nxnNoiCuTru"),
        id_number: Some("nxnSoGiayToTuyThan"),
        ..NONE
    },
    // Recognition of parent/child: the child, whose extract row names the recognised parent.
    // `ncGioiTinh` exists in one template version only.
    SubjectFields {
        book_type: BookType::Cmc,
        name: "ncHoTen",
        birth_date: "ncNgaySinh",
        sex: Some("ncGioiTinh"),
        parent_by_role: Some(ParentByRole { name: "cmHoTen", role: "loaiXacNhan", father_codes: &["1", "3"], mother_codes: &["2", "4"] }),
        home_town: Some("ncQueQuan"),
        residence: Some("ncNoiCuTru"),
        id_number: Some("ncSoGiayToTuyThan"),
        ..NONE
    },
    // Marriage: the husband (male by role; the template has no sex column).
    SubjectFields {
        book_type: BookType::Kh,
        name: "chongHoTen",
        birth_date: "chongNgaySinh",
        implied_sex: Some(Sex::Male),
        residence: Some("chongNoiCuTru"),
        id_number: Some("chongSoGiayToTuyThan"),
        ..NONE
    },
    // Divorce noted: the husband, as for marriages.
    SubjectFields {
        book_type: BookType::Lh,
        name: "chongHoTen",
        birth_date: "chongNgaySinh",
        implied_sex: Some(Sex::Male),
        residence: Some("chongNoiCuTru"),
        id_number: Some("chongSoGiayToTuyThan"),
        ..NONE
    },
    // Guardianship: the ward.
    SubjectFields {
        book_type: BookType::Gh,
        name: "nddghHoTen",
        birth_date: "nddghNgaySinh",
        sex: Some("nddghGioiTinh"),
        birth_place: Some("nddghNoiSinh"),
        residence: Some("nddghNoiCuTru"),
        ..NONE
    },
    // Change/correction of civil status: the person whose record changes.
    SubjectFields {
        book_type: BookType::Tdcc,
        name: "ndtHoTen",
        birth_date: "ndtNgaySinh",
        sex: Some("ndtGioiTinh"),
        residence: Some("ndtNoiCuTru"),
        id_number: Some("ndtSoGiayToTuyThan"),
        ..NONE
    },
    // Adoption: the adopted child (the extract may name either the birth or the adoptive parents,
    // so parents are not compared).
    SubjectFields {
        book_type: BookType::Ncn,
        name: "conNuoiHoTen",
        birth_date: "conNuoiNgaySinh",
        sex: Some("conNuoiGioiTinh"),
        birth_place: Some("conNuoiNoiSinh"),
        ..NONE
    },
];

/// The subject fields of a book type, if its entries are checked for duplicates.
pub fn subject_fields(book_type: BookType) -> Option<&'static SubjectFields> {
    SUBJECTS.iter().find(|s| s.book_type == book_type)
}

/// Book types whose entries are checked for duplicates.
pub fn checked_book_types() -> impl Iterator<Item = BookType> {
    SUBJECTS.iter().map(|s| s.book_type)
}

impl SubjectFields {
    pub fn all(&self) -> Vec<&'static str> {
        let mut v = vec![self.name, self.birth_date];
        v.extend(
            [self.sex, self.father, self.mother, self.registration_place, self.birth_place, self.home_town, self.residence, self.id_number]
                .into_iter()
                .flatten(),
        );
        if let Some(p) = self.parent_by_role {
            v.extend([p.name, p.role]);
        }
        v
    }

    /// The engine's record of an entry being keyed (the check as you type): None without a
    /// name yet — a half-keyed entry would match everyone born that day. `dates`: how a birth
    /// date is read ([`sohoa_linkage::BirthDate::context`] of this year, from `crate::clock`).
    pub fn record(&self, record_ref: String, dates: &DateContext, get: impl Fn(&str) -> Option<String>) -> Option<KeyedRecord> {
        self.read_record(record_ref, dates, false, get)
    }

    /// The engine's record of a finished entry (`sohoa dedupe`'s records, the duplicate run
    /// over keyed entries, the adjudication screen): with a name, or without one (illegible on
    /// the paper) when its birth date can be read — the engine then blocks on that date and its
    /// parents, counts the missing name as unknown, and never makes it an automatic match.
    /// None when neither a name nor a readable birth date identifies the person.
    pub fn finished_record(&self, record_ref: String, dates: &DateContext, get: impl Fn(&str) -> Option<String>) -> Option<KeyedRecord> {
        self.read_record(record_ref, dates, true, get)
    }

    fn read_record(
        &self,
        record_ref: String,
        dates: &DateContext,
        nameless: bool,
        get: impl Fn(&str) -> Option<String>,
    ) -> Option<KeyedRecord> {
        let name = get(self.name).filter(|n| n.chars().any(|c| c.is_alphabetic()));
        // Issue 10: every certain part of a date as written (solar equivalent, certain parts,
        // the most plausible reading of an impossible date).
        let (birth_date, birth_date_alt) =
            get(self.birth_date).map(|d| sohoa_linkage::BirthDate::read(d.trim(), dates)).unwrap_or((None, None));
        if name.is_none() && !(nameless && (birth_date.is_some() || birth_date_alt.is_some())) {
            return None;
        }
        let opt = |f: Option<&'static str>| f.and_then(&get).filter(|v| !v.trim().is_empty());
        let sex = match opt(self.sex).map(|s| Sex::parse(&s)) {
            Some(s) if s != Sex::Unknown => s,
            _ => self.implied_sex.unwrap_or_default(),
        };
        let (mut father_name, mut mother_name) = (opt(self.father), opt(self.mother));
        if let Some(p) = self.parent_by_role {
            let role = opt(Some(p.role)).unwrap_or_default();
            let role = role.trim();
            if p.father_codes.contains(&role) && father_name.is_none() {
                father_name = opt(Some(p.name));
            } else if p.mother_codes.contains(&role) && mother_name.is_none() {
                mother_name = opt(Some(p.name));
            }
        }
        Some(KeyedRecord {
            record_ref,
            full_name: name.unwrap_or_default(),
            birth_date,
            birth_date_alt,
            sex,
            father_name,
            mother_name,
            registration_place: opt(self.registration_place),
            birth_place: opt(self.birth_place).or_else(|| opt(self.residence)),
            home_town: opt(self.home_town),
            id_number: opt(self.id_number),
        })
    }
}

/// The person an entry identifies, as the adjudication screen shows it beside its candidates:
/// the name, birth date, sex (`Nam` / `Nữ`, or as written), parents (CMC: the recognising
/// parent as father or mother, as `loaiXacNhan` says) and a place (where it was registered, born,
/// lives, or comes from: the first keyed).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryPerson {
    pub name: Option<String>,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub father: Option<String>,
    pub mother: Option<String>,
    pub place: Option<String>,
}

impl SubjectFields {
    /// The person of an entry from its field values (see [`EntryPerson`]).
    pub fn person(&self, get: impl Fn(&str) -> Option<String>) -> EntryPerson {
        let opt = |f: Option<&'static str>| f.and_then(&get).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let (mut father, mut mother) = (opt(self.father), opt(self.mother));
        if let Some(p) = self.parent_by_role {
            let role = opt(Some(p.role)).unwrap_or_default();
            if p.father_codes.contains(&role.as_str()) {
                father = father.or_else(|| opt(Some(p.name)));
            } else if p.mother_codes.contains(&role.as_str()) {
                mother = mother.or_else(|| opt(Some(p.name)));
            }
        }
        EntryPerson {
            name: opt(Some(self.name)),
            birth_date: opt(Some(self.birth_date)),
            sex: opt(self.sex).map(|v| match Sex::parse(&v) {
                Sex::Male => "Nam".to_string(),
                Sex::Female => "Nữ".to_string(),
                _ => v,
            }),
            father,
            mother,
            place: [self.registration_place, self.birth_place, self.residence, self.home_town].into_iter().find_map(opt),
        }
    }
}

/// An entry with the person it identifies (`person` is absent for book types not checked).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct EntryWithPerson {
    #[serde(flatten)]
    pub entry: crate::model::entry::Entry,
    pub person: Option<EntryPerson>,
}

/// One entry for the adjudication screen: its fields and the person it identifies.
pub fn entry_with_person(conn: &rusqlite::Connection, entry_id: i64) -> Result<EntryWithPerson> {
    let entry = crate::model::entry::get(conn, entry_id)?;
    let person = subject_fields(entry.book_type)
        .map(|sf| sf.person(|f| entry.fields.iter().find(|x| x.field == f && !x.illegible).map(|x| x.value.clone())));
    Ok(EntryWithPerson { entry, person })
}

/// One keyed entry as the engine sees it.
pub(crate) struct SubjectRecord {
    pub entry_id: i64,
    pub record: KeyedRecord,
}

/// Every finished entry of a book type that a name or a birth date identifies
/// ([`SubjectFields::finished_record`]), by entry id (record_ref = entry id).
pub(crate) fn load_subject_records(s: &Session, book_type: BookType) -> Result<Vec<SubjectRecord>> {
    let dates = sohoa_linkage::BirthDate::context(crate::clock::today_year());
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
            if let Some(record) = sf.finished_record(id.to_string(), &dates, |f| m.get(f).cloned()) {
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

/// The book type and engine record of one entry (None when the type is not checked, or the
/// entry has no name yet and is being keyed — `finished` false, the check as you type — or
/// neither a name nor a birth date when `finished`: [`SubjectFields::finished_record`]).
pub(crate) fn subject_record(s: &Session, entry_id: i64, finished: bool) -> Result<(crate::model::entry::Entry, Option<KeyedRecord>)> {
    let e = model::entry::get(s.conn(), entry_id)?;
    let dates = sohoa_linkage::BirthDate::context(crate::clock::today_year());
    let get = |f: &str| e.fields.iter().find(|x| x.field == f && !x.illegible).map(|x| x.value.clone());
    let rec = subject_fields(e.book_type).and_then(|sf| {
        if finished {
            sf.finished_record(entry_id.to_string(), &dates, get)
        } else {
            sf.record(entry_id.to_string(), &dates, get)
        }
    });
    Ok((e, rec))
}
