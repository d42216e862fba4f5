//! Coded values of the MoJ digitisation template (domain.md §1.3).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::fold;

static ENUMERATIONS_JSON: &str = include_str!("../data/enumerations.json");

/// One allowed value: the code stored in the template column and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    pub code: String,
    pub label: String,
}

/// A template enumeration, possibly specific to some book types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enumeration {
    /// `loaiDangKy`, `loaiXacNhan`, `gioiTinh`, `loaiCuTru`, `loaiGiayToTuyThan`,
    /// `loaiKhaiSinh`, `gbtLoai`, `tinhTrangKetHon`, `loaiMucDichSuDung`.
    pub name: String,
    /// Book types this variant applies to (`KS`, `KT`, …); empty = all.
    pub book_types: Vec<String>,
    /// Template columns using it (`nksGioiTinh`, `meLoaiCuTru`, …).
    pub fields: Vec<String>,
    pub values: Vec<EnumValue>,
}

impl Enumeration {
    /// Label of a code (`"1"` → `"Nam"`).
    pub fn label(&self, code: &str) -> Option<&str> {
        let c = code.trim();
        self.values.iter().find(|v| v.code == c).map(|v| v.label.as_str())
    }

    /// Code of a label, ignoring case and diacritics (`"nu"` → `"2"`); a
    /// valid code is returned as is.
    pub fn code_of(&self, label_or_code: &str) -> Option<&str> {
        let t = label_or_code.trim();
        if let Some(v) = self.values.iter().find(|v| v.code == t) {
            return Some(&v.code);
        }
        let f = fold(t);
        self.values.iter().find(|v| fold(&v.label) == f).map(|v| v.code.as_str())
    }

    pub fn applies_to(&self, book_type: &str) -> bool {
        self.book_types.is_empty() || self.book_types.iter().any(|b| b.eq_ignore_ascii_case(book_type.trim()))
    }
}

#[derive(Deserialize)]
struct File {
    version: String,
    enumerations: Vec<Enumeration>,
}

fn file() -> &'static File {
    static F: OnceLock<File> = OnceLock::new();
    F.get_or_init(|| serde_json::from_str(ENUMERATIONS_JSON).expect("data/enumerations.json"))
}

/// Every enumeration variant of the template.
pub fn enumerations() -> &'static [Enumeration] {
    &file().enumerations
}

/// The `version` field of data/enumerations.json.
pub fn enumerations_version() -> &'static str {
    &file().version
}

/// An enumeration by name. For names with per-book variants (`loaiDangKy`
/// differs for KS, KT, KH and CMC) give the book type; with `None` only an
/// enumeration that has a single variant is returned. A book type the
/// enumeration does not apply to gives `None`.
pub fn enumeration(name: &str, book_type: Option<&str>) -> Option<&'static Enumeration> {
    let name = name.trim();
    let mut variants = enumerations().iter().filter(|e| e.name.eq_ignore_ascii_case(name));
    match book_type {
        Some(b) => variants.find(|e| e.applies_to(b)),
        None => {
            let first = variants.next()?;
            variants.next().is_none().then_some(first)
        }
    }
}

/// The enumeration of a template column (`nksGioiTinh`, `meLoaiCuTru`,
/// `loaiDangKy` …) in a book type.
pub fn enumeration_for_field(field: &str, book_type: &str) -> Option<&'static Enumeration> {
    let field = field.trim();
    enumerations().iter().find(|e| e.applies_to(book_type) && e.fields.iter().any(|f| f == field)).or_else(|| {
        // any person prefix: "xyzLoaiCuTru" → loaiCuTru
        enumerations().iter().find(|e| {
            e.applies_to(book_type) && field.len() > e.name.len() && field.to_ascii_lowercase().ends_with(&e.name.to_ascii_lowercase())
        })
    })
}
