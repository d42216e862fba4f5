//! The keying form of a book type, as the UI draws it: the Ministry column map's fields grouped
//! as the register lays them out, with the group labels, the fields registers rarely fill, the
//! autocomplete list each field draws from ([`super::autocomplete`] targets), enumeration codes,
//! and the fields that identify the entry's person for the duplicate check (their change asks
//! for candidates again). The UI keeps none of these rules.
use crate::dedupe::subject_fields;
use crate::model::book_type::BookType;
use crate::model::column_map::{column_map, FieldKind, FieldSpec};
use serde::Serialize;

/// A book type for the pickers.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookTypeDto {
    pub code: BookType,
    pub name: String,
    pub ministry_template: bool,
}

/// Every book type, in the order of the Ministry's reports.
pub fn book_types() -> Vec<BookTypeDto> {
    BookType::ALL
        .into_iter()
        .map(|t| BookTypeDto { code: t, name: t.spec().name.clone(), ministry_template: t.spec().ministry_template })
        .collect()
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumOption {
    pub code: String,
    pub label: String,
}

/// The part a field plays in identifying the entry's person (duplicate check): once `name` and
/// `birthDate` are keyed the candidates are asked for, and again whenever one of the fields with
/// a role changes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SubjectRole {
    Name,
    BirthDate,
    Other,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormField {
    pub name: String,
    pub kind: FieldKind,
    pub label: String,
    pub required: bool,
    pub options: Option<Vec<EnumOption>>,
    /// The autocomplete list of the field ([`super::autocomplete`] target), if any.
    pub suggest: Option<String>,
    /// Registers rarely fill it: shown on request or when it holds a value.
    pub rare: bool,
    /// Its role in identifying the entry's person, if any (book types checked for duplicates).
    pub subject: Option<SubjectRole>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormGroup {
    pub id: String,
    pub label: String,
    pub fields: Vec<FormField>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyingForm {
    pub book_type: BookType,
    pub book_type_name: String,
    pub template_version: String,
    pub groups: Vec<FormGroup>,
}

/// Fields registers rarely fill (shown on request or when they hold a value): the foreign
/// registration block, missing-person and incapacity notes, "other nationality", dates
/// written out in words, annulment/recognition notes.
pub fn rare(f: &FieldSpec) -> bool {
    const MARKS: [&str; 10] = [
        "MatTich",
        "HanCheNangLucHanhVi",
        "QuocTichKhac",
        "GiayToKhac",
        "BangChu",
        "NoiSinhDVHC",
        "TuyenBo",
        "huyKetHon",
        "congNhanKetHon",
        "GhiBangChu",
    ];
    f.group == "nuocNgoai" || MARKS.iter().any(|m| f.name.contains(m))
}

/// Which autocomplete list a field draws from ([`super::autocomplete`]).
pub fn suggest(f: &FieldSpec) -> Option<String> {
    match f.kind {
        FieldKind::Place => Some("place".into()),
        FieldKind::Ethnicity => Some("ethnicity".into()),
        FieldKind::Nationality => Some("nationality".into()),
        _ if f.name == "nguoiKy" => Some("signer".into()),
        FieldKind::Text
            if matches!(f.name.as_str(), "chucVuNguoiKy" | "nguoiThucHien" | "nktNguyenNhanChet" | "gbtCoQuanCap")
                || f.name.ends_with("QuanHe") =>
        {
            Some(f.name.clone())
        }
        _ => None,
    }
}

/// The role of `field` in identifying the person of a `book_type` entry.
pub fn subject_role(book_type: BookType, field: &str) -> Option<SubjectRole> {
    let sf = subject_fields(book_type)?;
    if field == sf.name {
        Some(SubjectRole::Name)
    } else if field == sf.birth_date {
        Some(SubjectRole::BirthDate)
    } else if sf.all().contains(&field) {
        Some(SubjectRole::Other)
    } else {
        None
    }
}

/// The form of a book type: the column map's fields grouped as the register lays them out
/// (groups in the order they first appear), enum fields with the template's codes.
pub fn keying_form(book_type: BookType) -> KeyingForm {
    let map = column_map();
    let spec = book_type.spec();
    let mut groups: Vec<FormGroup> = Vec::new();
    for f in &spec.fields {
        let options = match f.kind {
            FieldKind::Enum => sohoa_refdata::enumeration_for_field(&f.name, book_type.as_str())
                .map(|e| e.values.iter().map(|v| EnumOption { code: v.code.clone(), label: v.label.clone() }).collect()),
            _ => None,
        };
        let field = FormField {
            name: f.name.clone(),
            kind: f.kind,
            label: f.label.clone(),
            required: f.required,
            options,
            suggest: suggest(f),
            rare: rare(f),
            subject: subject_role(book_type, &f.name),
        };
        match groups.iter_mut().find(|g| g.id == f.group) {
            Some(g) => g.fields.push(field),
            None => groups.push(FormGroup {
                id: f.group.clone(),
                label: map.groups.get(&f.group).cloned().unwrap_or_else(|| f.group.clone()),
                fields: vec![field],
            }),
        }
    }
    KeyingForm { book_type, book_type_name: spec.name.clone(), template_version: map.version.clone(), groups }
}

/// How the core reads a typed date (shown beside the field as the clerk types).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateParse {
    pub ok: bool,
    pub template: Option<String>,
    pub precision: Option<sohoa_vietnamese::date::Precision>,
    pub error: Option<&'static str>,
}

pub fn parse_date(text: &str) -> DateParse {
    match sohoa_vietnamese::PartialDate::parse(text) {
        Ok(d) => DateParse { ok: true, template: Some(d.to_template()), precision: Some(d.precision()), error: None },
        Err(e) => DateParse { ok: false, template: None, precision: None, error: Some(e.code()) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_has_every_column_of_its_template_once_in_groups_of_the_column_map() {
        for t in BookType::ALL {
            let form = keying_form(t);
            let names: Vec<&str> = form.groups.iter().flat_map(|g| g.fields.iter().map(|f| f.name.as_str())).collect();
            assert_eq!(names.len(), t.spec().fields.len(), "{t}");
            for g in &form.groups {
                assert_eq!(g.label, column_map().groups[&g.id], "{t} {}", g.id);
            }
        }
    }

    #[test]
    fn the_person_checked_for_duplicates_is_marked_in_the_form() {
        let ks = keying_form(BookType::Ks);
        let role = |name: &str| ks.groups.iter().flat_map(|g| &g.fields).find(|f| f.name == name).and_then(|f| f.subject);
        assert_eq!(role("nksHoTen"), Some(SubjectRole::Name));
        assert_eq!(role("nksNgaySinh"), Some(SubjectRole::BirthDate));
        assert_eq!(role("meHoTen"), Some(SubjectRole::Other));
        assert_eq!(role("nguoiKy"), None);
        for t in BookType::ALL {
            let form = keying_form(t);
            let roles: Vec<SubjectRole> = form.groups.iter().flat_map(|g| &g.fields).filter_map(|f| f.subject).collect();
            assert_eq!(roles.iter().filter(|r| **r == SubjectRole::Name).count(), 1, "{t}: one name");
            assert_eq!(roles.iter().filter(|r| **r == SubjectRole::BirthDate).count(), 1, "{t}: one birth date");
        }
    }

    #[test]
    fn rare_fields_and_autocomplete_lists_follow_the_field_kinds() {
        let ks = keying_form(BookType::Ks);
        let field = |name: &str| ks.groups.iter().flat_map(|g| &g.fields).find(|f| f.name == name).cloned().unwrap();
        assert_eq!(field("nksNoiSinh").suggest.as_deref(), Some("place"));
        assert_eq!(field("nguoiKy").suggest.as_deref(), Some("signer"));
        assert_eq!(field("chucVuNguoiKy").suggest.as_deref(), Some("chucVuNguoiKy"));
        assert_eq!(field("nksHoTen").suggest, None, "personal names are never proposed");
        assert!(field("nksQuocTichKhac").rare);
        assert!(!field("nksHoTen").rare);
    }
}
