//! The nine register book types (domain.md §1.1). Written on the wire, in files and in the
//! database as their code (`KS`, `KT`, … — serde, `Display`, SQL all use [`BookType::as_str`]),
//! so JSON and stored rows are the same as when the type was a string; read back with
//! [`FromStr`], which accepts any case and surrounding spaces and refuses unknown codes.
use crate::error::CoreError;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Declares [`BookType`] from one list of `Variant = "CODE"`: the enum, [`BookType::ALL`] (in the
/// list's order), [`BookType::as_str`] and the wire type of the generated UI contract (issue 14 §2)
/// all come from it, so a new book type is one line here (and its refdata row).
macro_rules! book_types {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum BookType {
            $($(#[doc = $doc])* $variant,)+
        }

        /// The wire form for the generated UI contract: the codes, as serialised.
        #[cfg(feature = "specta")]
        const _: () = {
            #[derive(Serialize, specta::Type)]
            #[specta(remote = crate::model::book_type::BookType)]
            #[allow(dead_code)]
            enum BookType {
                $(#[serde(rename = $code)] $variant,)+
            }
        };

        impl BookType {
            /// Every book type, in the order of the Ministry's reports (refdata `BOOK_TYPES`).
            pub const ALL: [BookType; [$(BookType::$variant),+].len()] = [$(BookType::$variant),+];

            /// The code (`KS`…), as written on the wire, in files and in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(BookType::$variant => $code,)+
                }
            }
        }
    };
}

book_types! {
    /// Khai sinh (births).
    Ks = "KS",
    /// Khai tử (deaths).
    Kt = "KT",
    /// Kết hôn (marriages).
    Kh = "KH",
    /// Xác nhận tình trạng hôn nhân (confirmations of marital status).
    Hn = "HN",
    /// Nhận cha, mẹ, con (recognitions of parent and child).
    Cmc = "CMC",
    /// Giám hộ (guardianships).
    Gh = "GH",
    /// Thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc (changes and corrections).
    Tdcc = "TDCC",
    /// Ghi chú ly hôn (divorces noted).
    Lh = "LH",
    /// Nuôi con nuôi (adoptions).
    Ncn = "NCN",
}

impl BookType {
    /// Position in [`BookType::ALL`] (the report order).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The Vietnamese name of the registration type ("Khai sinh").
    pub fn name(self) -> &'static str {
        sohoa_refdata::BOOK_TYPES[self.index()].name
    }

    /// Whom an entry of this type is about, as the column prefixes of their blocks in the
    /// Ministry template (`nks` → `nksHoTen`, `nksNgaySinh`…): the child of a birth, the deceased,
    /// the person whose marital status is confirmed, the recognised child, the ward, the person
    /// whose record changes, the adopted child; for marriages and divorces the couple, husband
    /// first as the register writes them. An entry's title is the first of these names keyed
    /// ([`crate::model::entry::title`]).
    pub fn main_persons(self) -> &'static [&'static str] {
        match self {
            BookType::Ks => &["nks"],
            BookType::Kt => &["nkt"],
            BookType::Kh | BookType::Lh => &["chong", "vo"],
            BookType::Hn => &["nxn"],
            BookType::Cmc => &["nc"],
            BookType::Gh => &["nddgh"],
            BookType::Tdcc => &["ndt"],
            BookType::Ncn => &["conNuoi"],
        }
    }

    /// The fields that name the main persons (`nksHoTen`…), in order.
    pub fn title_fields(self) -> impl Iterator<Item = String> {
        self.main_persons().iter().map(|p| format!("{p}HoTen"))
    }
}

impl fmt::Display for BookType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BookType {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim();
        BookType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(code))
            .ok_or_else(|| CoreError::invalid("bookType", format!("loại sổ không hợp lệ: {s}")))
    }
}

impl Serialize for BookType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for BookType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        s.parse().map_err(|_| serde::de::Error::custom(format!("unknown book type {s:?}")))
    }
}

impl ToSql for BookType {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for BookType {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        s.parse().map_err(|e: CoreError| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_text_json_and_the_report_order() {
        for (i, t) in BookType::ALL.into_iter().enumerate() {
            assert_eq!(t.as_str().parse::<BookType>().unwrap(), t);
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.as_str()));
            assert_eq!(serde_json::from_str::<BookType>(&format!("\"{t}\"")).unwrap(), t);
            assert_eq!(sohoa_refdata::BOOK_TYPES[i].code, t.as_str(), "same order as refdata");
            assert_eq!(t.index(), i);
        }
    }

    #[test]
    fn every_title_field_is_a_name_column_of_its_template() {
        for t in BookType::ALL {
            for f in t.title_fields() {
                let spec = t.spec().field(&f).unwrap_or_else(|| panic!("{t}.{f} in the column map"));
                assert_eq!(spec.kind, crate::model::column_map::FieldKind::Name, "{t}.{f}");
            }
        }
    }

    /// The UI's `BookType` (generated from the specta wire type; `bindings_are_current` in
    /// src-tauri keeps the file equal to what specta writes) lists exactly these codes, in order.
    #[test]
    fn the_generated_ui_contract_lists_the_same_codes_in_the_same_order() {
        let bindings = include_str!("../../../../ui/src/lib/api/generated/bindings.ts");
        let line = bindings.lines().find(|l| l.starts_with("export type BookType = ")).expect("BookType in the generated bindings");
        let ui: Vec<&str> =
            line.trim_start_matches("export type BookType = ").trim_end_matches(';').split(" | ").map(|c| c.trim_matches('"')).collect();
        let core: Vec<&str> = BookType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(ui, core);
    }

    #[test]
    fn parsing_ignores_case_and_spaces_and_refuses_unknown_codes() {
        assert_eq!(" ks ".parse::<BookType>().unwrap(), BookType::Ks);
        assert_eq!("tdcc".parse::<BookType>().unwrap(), BookType::Tdcc);
        assert!("XX".parse::<BookType>().is_err());
        assert!(serde_json::from_str::<BookType>("\"XX\"").is_err());
    }
}
