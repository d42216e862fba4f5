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

/// How the core reads a typed date (shown beside the field as the clerk types). `ok`,
/// `template`, `precision` and `error` are the strict reader's (a plain solar date); the rest is
/// what `read_date` reads in any other form (issue 10): the lunar date with its solar
/// equivalent, the approximate flag, the plausible readings of an impossible date.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateParse {
    pub ok: bool,
    pub template: Option<String>,
    pub precision: Option<sohoa_vietnamese::date::Precision>,
    pub error: Option<&'static str>,
    /// The lunar date as written (`15/08/1960`, `15/04/2020 nhuận`), for a lunar date.
    pub lunar: Option<String>,
    /// Its solar equivalent (`05/10/1960`), or the solar range of a lunar month or year
    /// (`từ 28/01/1960 đến 14/02/1961`).
    pub solar: Option<String>,
    /// `khoảng`, `~`, `?`, `trước`, `sau`.
    pub approximate: bool,
    /// The best standard form of a date the strict reader does not take (`1945`, `02/1960`).
    pub standard: Option<String>,
    /// Plausible readings of an impossible or ambiguous date, most plausible first: `value` is
    /// what the field becomes when the clerk picks it.
    pub suggestions: Vec<DateSuggestion>,
}

/// A reading the clerk can pick for a date that cannot be taken as written.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateSuggestion {
    pub value: String,
    pub label: String,
    pub reason: sohoa_vietnamese::date::SuggestionReason,
}

pub fn parse_date(text: &str) -> DateParse {
    use sohoa_vietnamese::date::Calendar;
    let strict = sohoa_vietnamese::PartialDate::parse(text);
    let mut out = match &strict {
        Ok(d) => DateParse { ok: true, template: Some(d.to_template()), precision: Some(d.precision()), error: None, ..DateParse::blank() },
        Err(e) => DateParse { ok: false, template: None, precision: None, error: Some(e.code()), ..DateParse::blank() },
    };
    if strict.is_ok() || text.trim().is_empty() {
        return out;
    }
    let r = sohoa_vietnamese::read_date(text, &sohoa_vietnamese::DateContext::none());
    if let (Calendar::Lunar { leap_month }, Some(w)) = (r.calendar, &r.written) {
        out.lunar = Some(format!("{}{}", w.to_template(), if leap_month { " nhuận" } else { "" }));
        out.solar = match (&r.solar, &r.solar_range) {
            (Some(s), _) => Some(s.to_template()),
            (None, Some((a, b))) => Some(format!("từ {} đến {}", a.to_template(), b.to_template())),
            _ => None,
        };
    }
    out.approximate = r.qualifier != sohoa_vietnamese::date::Qualifier::Exact;
    out.standard = r.template_form();
    out.suggestions = r
        .suggestions
        .iter()
        .map(|s| {
            let date = s.date.to_template();
            let value = if r.calendar.is_lunar() { format!("{date} âm lịch") } else { date };
            DateSuggestion { value, label: s.describe_vi(r.calendar), reason: s.reason }
        })
        .collect();
    out
}

impl DateParse {
    fn blank() -> DateParse {
        DateParse {
            ok: false,
            template: None,
            precision: None,
            error: None,
            lunar: None,
            solar: None,
            approximate: false,
            standard: None,
            suggestions: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lunar_date_is_shown_with_its_solar_equivalent() {
        let p = parse_date("15/8/1960 âm lịch");
        assert!(!p.ok, "not a plain solar date");
        assert_eq!(p.lunar.as_deref(), Some("15/08/1960"));
        assert_eq!(p.solar.as_deref(), Some("05/10/1960"));
        assert!(p.suggestions.is_empty());
    }

    #[test]
    fn an_impossible_date_offers_its_plausible_readings_as_values_to_pick() {
        let p = parse_date("30/02/1960");
        assert_eq!(p.error, Some("date.impossible"));
        let values: Vec<&str> = p.suggestions.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values.first(), Some(&"20/02/1960"), "{values:?}");
        assert!(values.contains(&"29/02/1960"), "{values:?}");
        let swapped = parse_date("07/16/1977");
        assert_eq!(swapped.suggestions[0].value, "16/07/1977");
    }

    #[test]
    fn a_plain_date_has_nothing_more_to_show() {
        let p = parse_date("05/10/1960");
        assert_eq!(
            p,
            DateParse {
                ok: true,
                template: Some("05/10/1960".into()),
                precision: Some(sohoa_vietnamese::date::Precision::Day),
                ..DateParse::blank()
            }
        );
    }

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
