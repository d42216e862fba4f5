//! Register book types and the period groups books are digitised in.

use serde::Serialize;

/// A register book type (loại sổ hộ tịch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct BookType {
    /// `KS`, `KT`, `KH`, `HN`, `CMC`, `GH`, `TDCC`, `LH`, `NCN`.
    pub code: &'static str,
    /// Vietnamese name of the registration type.
    pub name: &'static str,
}

/// All book types handled by the app.
pub const BOOK_TYPES: [BookType; 9] = [
    BookType { code: "KS", name: "Khai sinh" },
    BookType { code: "KT", name: "Khai tử" },
    BookType { code: "KH", name: "Kết hôn" },
    BookType { code: "HN", name: "Xác nhận tình trạng hôn nhân" },
    BookType { code: "CMC", name: "Nhận cha, mẹ, con" },
    BookType { code: "GH", name: "Giám hộ" },
    BookType { code: "TDCC", name: "Thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc" },
    BookType { code: "LH", name: "Ghi chú ly hôn" },
    BookType { code: "NCN", name: "Nuôi con nuôi" },
];

/// By code, case-insensitive.
pub fn book_type(code: &str) -> Option<&'static BookType> {
    BOOK_TYPES.iter().find(|b| b.code.eq_ignore_ascii_case(code.trim()))
}

/// Period groups, newest first (the spelling used in targets.csv, formats.md §4).
pub const PERIOD_GROUPS: [&str; 5] = ["2016-2019", "2006-2015", "1999-2005", "1976-1998", "<=1975"];

/// The period group of a registration year. The newest group is named
/// `"2016-2019"` after the MoJ plan but also takes every year from 2016 on
/// (books registered later that are still keyed from paper).
pub fn period_group_for_year(year: i32) -> &'static str {
    match year {
        2016.. => PERIOD_GROUPS[0],
        2006..=2015 => PERIOD_GROUPS[1],
        1999..=2005 => PERIOD_GROUPS[2],
        1976..=1998 => PERIOD_GROUPS[3],
        _ => PERIOD_GROUPS[4],
    }
}
