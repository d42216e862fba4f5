//! The versioned Ministry column map (`crates/core/data/column_map.json`): for each book type,
//! the ordered camelCase fields of the MoJ digitisation template, their kind, form group and
//! Vietnamese label. Forms, import headers, validation and the upload export all read it; no
//! field list is written out in code anywhere else.
use crate::model::book_type::BookType;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Name,
    Place,
    Date,
    Enum,
    Ethnicity,
    Nationality,
    Idnumber,
    Number,
    Time,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct FieldSpec {
    pub name: String,
    pub kind: FieldKind,
    pub group: String,
    pub label: String,
    #[serde(rename = "enum", default)]
    pub enum_name: Option<String>,
    #[serde(default)]
    pub required: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct BookTypeSpec {
    pub name: String,
    pub ministry_template: bool,
    /// No published Ministry template: the columns are our documented provisional set
    /// (research-columns.md), and every upload export of the type says so.
    #[serde(default)]
    pub provisional: bool,
    pub fields: Vec<FieldSpec>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct ColumnMap {
    pub version: String,
    pub source: String,
    pub groups: BTreeMap<String, String>,
    pub types: BTreeMap<BookType, BookTypeSpec>,
}

const RAW: &str = include_str!("../../data/column_map.json");

pub fn column_map() -> &'static ColumnMap {
    static MAP: OnceLock<ColumnMap> = OnceLock::new();
    MAP.get_or_init(|| serde_json::from_str(RAW).expect("column_map.json is valid (checked by tests)"))
}

impl ColumnMap {
    /// The fields of a book type (every type is in the map: checked by the tests below).
    pub fn book_type(&self, t: BookType) -> &BookTypeSpec {
        &self.types[&t]
    }
}

impl BookType {
    /// The type's fields in the Ministry column map (here, beside the map, so that the book type
    /// itself depends on nothing).
    pub fn spec(self) -> &'static BookTypeSpec {
        column_map().book_type(self)
    }
}

impl BookTypeSpec {
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ministry_templates_have_their_exact_column_counts() {
        let m = column_map();
        for (t, n) in [(BookType::Ks, 60), (BookType::Kt, 48), (BookType::Kh, 44), (BookType::Hn, 35), (BookType::Cmc, 50)] {
            let spec = m.book_type(t);
            assert!(spec.ministry_template);
            assert_eq!(spec.fields.len(), n, "{t}");
        }
    }

    #[test]
    fn a_type_is_provisional_exactly_when_it_has_no_published_ministry_template() {
        let m = column_map();
        for t in BookType::ALL {
            let spec = m.book_type(t);
            assert_eq!(spec.provisional, !spec.ministry_template, "{t}");
        }
        for t in [BookType::Gh, BookType::Tdcc, BookType::Lh, BookType::Ncn] {
            assert!(m.book_type(t).provisional, "{t}");
        }
    }

    #[test]
    fn every_book_type_has_the_common_block_and_unique_names() {
        let m = column_map();
        assert_eq!(m.types.len(), BookType::ALL.len(), "one entry per book type");
        for t in BookType::ALL {
            let spec = m.types.get(&t).unwrap_or_else(|| panic!("{t} missing"));
            for c in ["so", "quyenSo", "trangSo", "ngayDangKy", "nguoiKy", "ghiChu"] {
                assert!(spec.field(c).is_some(), "{t} lacks {c}");
            }
            let mut names: Vec<_> = spec.column_names().collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), spec.fields.len(), "{t} has duplicate names");
            for f in &spec.fields {
                assert!(m.groups.contains_key(&f.group), "{t}.{} group {}", f.name, f.group);
            }
        }
    }

    #[test]
    fn ks_starts_and_ends_like_the_ministry_template() {
        let ks = column_map().book_type(BookType::Ks);
        let names: Vec<_> = ks.column_names().collect();
        assert_eq!(&names[..4], &["so", "quyenSo", "trangSo", "ngayDangKy"]);
        assert_eq!(names[10], "nksHoTen");
        assert_eq!(names.last(), Some(&"qgNuocNgoaiDaDangKy"));
    }
}
