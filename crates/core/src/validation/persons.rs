//! The people an entry names, read off the column map: every `xxxHoTen` field opens a person
//! block `xxx` (`nks`, `me`, `cha`, `nyc`, `chong`, `vo`, …) whose sex, birth date and identity
//! document live in `xxxGioiTinh`, `xxxNgaySinh`, `xxxSoGiayToTuyThan`, … when the type has them.
use crate::model::book_type::BookType;
use crate::model::column_map::column_map;
use sohoa_vietnamese::idnum::Sex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub prefix: String,
    /// Sex implied by the role (mẹ, vợ, mẹ nuôi: female; cha, chồng, cha nuôi: male).
    pub implied_sex: Option<Sex>,
    /// The block's field names, spelled once: `xxxHoTen`, `xxxNgaySinh`, `xxxGioiTinh`,
    /// `xxxSoGiayToTuyThan`, `xxxLoaiGiayToTuyThan`, `xxxNgayCapGiayToTuyThan`, `xxxNoiSinh`.
    pub ho_ten: String,
    pub ngay_sinh: String,
    pub gioi_tinh: String,
    pub so_giay_to: String,
    pub loai_giay_to: String,
    pub ngay_cap: String,
    pub noi_sinh: String,
}

impl Person {
    fn new(prefix: &str) -> Person {
        let f = |s: &str| format!("{prefix}{s}");
        Person {
            prefix: prefix.to_string(),
            implied_sex: implied_sex(prefix),
            ho_ten: f("HoTen"),
            ngay_sinh: f("NgaySinh"),
            gioi_tinh: f("GioiTinh"),
            so_giay_to: f("SoGiayToTuyThan"),
            loai_giay_to: f("LoaiGiayToTuyThan"),
            ngay_cap: f("NgayCapGiayToTuyThan"),
            noi_sinh: f("NoiSinh"),
        }
    }
}

pub(crate) fn implied_sex(prefix: &str) -> Option<Sex> {
    match prefix {
        "me" | "vo" | "meNuoi" => Some(Sex::Female),
        "cha" | "chong" | "chaNuoi" => Some(Sex::Male),
        _ => None,
    }
}

/// The person blocks of a book type, in template order (read once from the column map).
pub(crate) fn persons(book_type: BookType) -> &'static [Person] {
    static ALL: std::sync::OnceLock<std::collections::BTreeMap<BookType, Vec<Person>>> = std::sync::OnceLock::new();
    let all = ALL.get_or_init(|| {
        column_map()
            .types
            .iter()
            .map(|(t, spec)| {
                let people =
                    spec.fields.iter().filter_map(|f| f.name.strip_suffix("HoTen")).filter(|p| !p.is_empty()).map(Person::new).collect();
                (*t, people)
            })
            .collect()
    });
    all.get(&book_type).map(|v| v.as_slice()).unwrap_or(&[])
}

/// The person an event is about (whose name, sex and birth date an import requires), if the
/// type has a single one.
pub(crate) fn subject_prefix(book_type: BookType) -> Option<&'static str> {
    match book_type {
        BookType::Ks => Some("nks"),
        BookType::Kt => Some("nkt"),
        BookType::Hn => Some("nxn"),
        BookType::Cmc => Some("nc"),
        BookType::Gh => Some("nddgh"),
        BookType::Tdcc => Some("ndt"),
        BookType::Ncn => Some("conNuoi"),
        BookType::Kh | BookType::Lh => None,
    }
}

/// (parent, child) person pairs whose birth dates must be in order.
pub(crate) fn parent_child_pairs(book_type: BookType) -> &'static [(&'static str, &'static str)] {
    match book_type {
        BookType::Ks => &[("me", "nks"), ("cha", "nks")],
        BookType::Cmc => &[("cm", "nc")],
        BookType::Ncn => &[("chaNuoi", "conNuoi"), ("meNuoi", "conNuoi")],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_blocks_come_from_the_column_map() {
        let ks: Vec<String> = persons(BookType::Ks).iter().map(|p| p.prefix.clone()).collect();
        assert_eq!(ks, ["nks", "me", "cha", "nyc"]);
        let kh: Vec<String> = persons(BookType::Kh).iter().map(|p| p.prefix.clone()).collect();
        assert_eq!(kh, ["chong", "vo"]);
        assert_eq!(implied_sex("vo"), Some(Sex::Female));
    }
}
