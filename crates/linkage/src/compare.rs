//! Per-field comparisons with Splink-style comparison levels.
//!
//! Each field compares to a level index; level 0 is always "missing on one side" (weight 0),
//! level 1 the strictest agreement, the last level plain disagreement. A pair's comparison vector
//! packs the seven level indices in 4 bits each.
use crate::lexicon::{Lex, FLAG_COMMON_GIVEN, FLAG_THI_VAN};
use crate::prepare::{PDate, View};
use crate::text::jaro_winkler;
use serde::{Deserialize, Serialize};

/// The compared fields, in vector order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    BirthDate,
    Sex,
    Father,
    Mother,
    Place,
    IdNumber,
}

pub const FIELDS: [Field; 7] = [Field::Name, Field::BirthDate, Field::Sex, Field::Father, Field::Mother, Field::Place, Field::IdNumber];

/// One comparison level: a stable code (for logs, tests, CSV) and the Vietnamese label a clerk sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    pub code: &'static str,
    pub label: &'static str,
}

const fn lv(code: &'static str, label: &'static str) -> Level {
    Level { code, label }
}

const NAME_LEVELS: &[Level] = &[
    lv("missing", "Thiếu họ tên"),
    lv("exact", "Họ tên trùng khớp chính xác"),
    lv("tone_placement", "Trùng khi chuẩn hoá vị trí dấu thanh (hoà/hòa)"),
    lv("toneless", "Trùng khi bỏ dấu thanh (giữ ă, â, ơ, ô, ư)"),
    lv("folded", "Trùng khi bỏ toàn bộ dấu"),
    lv("phonetic", "Gần âm (i/y, d/gi/r, s/x)"),
    lv("reordered", "Cùng các chữ, khác thứ tự (tên viết trước họ)"),
    lv("thi_van_omitted", "Thiếu hoặc thừa \"Thị\"/\"Văn\""),
    lv("middle_dropped", "Trùng họ và tên, thiếu/thừa tên đệm"),
    lv("middle_differs", "Trùng họ và tên, khác tên đệm"),
    lv("one_typo", "Sai một ký tự ở một chữ (lỗi gõ)"),
    lv("jw", "Khá giống (nhiều lỗi nhỏ, Jaro-Winkler ≥ 0,90)"),
    lv("given_only", "Chỉ trùng tên gọi"),
    lv("different", "Họ tên khác nhau"),
];

const DATE_LEVELS: &[Level] = &[
    lv("missing", "Thiếu ngày sinh"),
    lv("exact", "Ngày sinh trùng khớp"),
    lv("same_month_year", "Trùng tháng và năm (một bên thiếu ngày)"),
    lv("same_year_partial", "Trùng năm (một bên chỉ ghi năm)"),
    lv("day_month_swapped", "Đảo ngày và tháng"),
    lv("near", "Lệch một ngày hoặc sai một chữ số"),
    lv("year_off", "Trùng ngày tháng, lệch năm"),
    lv("same_year", "Cùng năm, khác ngày tháng"),
    lv("different", "Ngày sinh khác nhau"),
];

const SEX_LEVELS: &[Level] = &[lv("missing", "Thiếu giới tính"), lv("same", "Cùng giới tính"), lv("different", "Khác giới tính")];

const FATHER_LEVELS: &[Level] = &[
    lv("missing", "Thiếu họ tên cha"),
    lv("exact", "Họ tên cha trùng khớp"),
    lv("folded", "Họ tên cha trùng khi bỏ dấu"),
    lv("fuzzy", "Họ tên cha gần giống"),
    lv("different", "Họ tên cha khác nhau"),
];

const MOTHER_LEVELS: &[Level] = &[
    lv("missing", "Thiếu họ tên mẹ"),
    lv("exact", "Họ tên mẹ trùng khớp"),
    lv("folded", "Họ tên mẹ trùng khi bỏ dấu"),
    lv("fuzzy", "Họ tên mẹ gần giống"),
    lv("different", "Họ tên mẹ khác nhau"),
];

const PLACE_LEVELS: &[Level] = &[
    lv("missing", "Thiếu nơi sinh/nơi đăng ký"),
    lv("strong", "Địa danh trùng phần lớn"),
    lv("some", "Có địa danh chung"),
    lv("none", "Không có địa danh chung"),
];

const ID_LEVELS: &[Level] =
    &[lv("missing", "Không có số định danh để so"), lv("exact", "Số định danh/CMND trùng"), lv("different", "Số định danh/CMND khác")];

impl Field {
    pub fn levels(self) -> &'static [Level] {
        match self {
            Field::Name => NAME_LEVELS,
            Field::BirthDate => DATE_LEVELS,
            Field::Sex => SEX_LEVELS,
            Field::Father => FATHER_LEVELS,
            Field::Mother => MOTHER_LEVELS,
            Field::Place => PLACE_LEVELS,
            Field::IdNumber => ID_LEVELS,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::BirthDate => "birth_date",
            Field::Sex => "sex",
            Field::Father => "father",
            Field::Mother => "mother",
            Field::Place => "place",
            Field::IdNumber => "id_number",
        }
    }
    /// Vietnamese field name for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Họ tên",
            Field::BirthDate => "Ngày sinh",
            Field::Sex => "Giới tính",
            Field::Father => "Họ tên cha",
            Field::Mother => "Họ tên mẹ",
            Field::Place => "Nơi sinh / đăng ký",
            Field::IdNumber => "Số định danh",
        }
    }
    pub fn index(self) -> usize {
        FIELDS.iter().position(|f| *f == self).unwrap()
    }
}

// Level indices used in code.
pub(crate) mod name {
    pub const MISSING: u8 = 0;
    pub const EXACT: u8 = 1;
    pub const CANON: u8 = 2;
    pub const TONELESS: u8 = 3;
    pub const FOLDED: u8 = 4;
    pub const PHON: u8 = 5;
    pub const REORDERED: u8 = 6;
    pub const THI_VAN: u8 = 7;
    pub const MIDDLE_DROPPED: u8 = 8;
    pub const MIDDLE_DIFF: u8 = 9;
    pub const ONE_TYPO: u8 = 10;
    pub const JW: u8 = 11;
    pub const GIVEN: u8 = 12;
    pub const DIFF: u8 = 13;
}

/// A packed comparison vector: 4 bits per field in [`FIELDS`] order.
pub type Vector = u32;

#[inline]
pub fn level_of(v: Vector, field: usize) -> u8 {
    ((v >> (4 * field)) & 0xF) as u8
}

#[inline]
fn seq_eq(a: &[u32], b: &[u32], key: impl Fn(u32) -> u32) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| key(x) == key(y))
}

fn folded_string(lex: &Lex, toks: &[u32], buf: &mut Vec<u8>) {
    buf.clear();
    for (i, &t) in toks.iter().enumerate() {
        if i > 0 {
            buf.push(b' ');
        }
        buf.extend_from_slice(lex.folded_str(lex.tok(t).folded).as_bytes());
    }
}

fn jw_tokens(lex: &Lex, a: &[u32], b: &[u32]) -> f64 {
    let mut ba = Vec::with_capacity(48);
    let mut bb = Vec::with_capacity(48);
    folded_string(lex, a, &mut ba);
    folded_string(lex, b, &mut bb);
    jaro_winkler(&ba, &bb)
}

fn jw_token(lex: &Lex, a: u32, b: u32) -> f64 {
    let fa = lex.tok(a).folded;
    let fb = lex.tok(b).folded;
    if fa == fb {
        return 1.0;
    }
    jaro_winkler(lex.folded_str(fa).as_bytes(), lex.folded_str(fb).as_bytes())
}

/// Middle names (phonetic keys) without "Thị"/"Văn".
fn core_middle(lex: &Lex, m: &[u32]) -> Vec<u32> {
    m.iter().filter(|&&t| lex.tok(t).flags & FLAG_THI_VAN == 0).map(|&t| lex.tok(t).phon).collect()
}

fn is_subsequence(short: &[u32], long: &[u32]) -> bool {
    let mut it = long.iter();
    short.iter().all(|x| it.any(|y| y == x))
}

/// Damerau–Levenshtein distance ≤ 1 (one substitution, insertion, deletion or swap of two
/// neighbours).
pub(crate) fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if la == lb {
        if a[p + 1..] == b[p + 1..] {
            return true;
        }
        return p + 1 < la && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..];
    }
    if la > lb {
        a[p + 1..] == b[p..]
    } else {
        a[p..] == b[p + 1..]
    }
}

/// Full-name comparison level.
pub(crate) fn compare_name(lex: &Lex, a: &View, b: &View) -> u8 {
    use name::*;
    if a.name.is_empty() || b.name.is_empty() {
        return 0;
    }
    if a.name == b.name {
        return EXACT;
    }
    if seq_eq(a.name, b.name, |t| lex.tok(t).canon) {
        return CANON;
    }
    if seq_eq(a.name, b.name, |t| lex.tok(t).toneless) {
        return TONELESS;
    }
    if seq_eq(a.name, b.name, |t| lex.tok(t).folded) {
        return FOLDED;
    }
    if seq_eq(a.name, b.name, |t| lex.tok(t).phon) {
        return PHON;
    }
    if a.name.len() == b.name.len() && a.name.len() <= 8 {
        let mut x: Vec<u32> = a.name.iter().map(|&t| lex.tok(t).phon).collect();
        let mut y: Vec<u32> = b.name.iter().map(|&t| lex.tok(t).phon).collect();
        x.sort_unstable();
        y.sort_unstable();
        if x == y {
            return REORDERED;
        }
    }
    let ga = a.given().unwrap();
    let gb = b.given().unwrap();
    let given_eq = lex.tok(ga).folded == lex.tok(gb).folded;
    // surname comparison on the first token (double surnames keep their first part)
    let (sa, sb) = (a.name.len() > 1, b.name.len() > 1);
    let sur_eq = sa && sb && lex.tok(a.name[0]).folded == lex.tok(b.name[0]).folded;
    if given_eq && sur_eq {
        // the rest of the surname tokens are treated like middle names
        let ma = core_middle(lex, &a.name[1..a.name.len() - 1]);
        let mb = core_middle(lex, &b.name[1..b.name.len() - 1]);
        if ma == mb {
            return THI_VAN;
        }
        let dropped = if ma.len() < mb.len() { is_subsequence(&ma, &mb) } else { is_subsequence(&mb, &ma) };
        return if dropped { MIDDLE_DROPPED } else { MIDDLE_DIFF };
    }
    if a.name.len() == b.name.len() {
        // exactly one token differs, by one edit of its folded form
        let mut diff = None;
        let mut n_diff = 0;
        for (&x, &y) in a.name.iter().zip(b.name) {
            if lex.tok(x).phon != lex.tok(y).phon {
                n_diff += 1;
                diff = Some((x, y));
            }
        }
        if n_diff == 1 {
            let (x, y) = diff.unwrap();
            let fx = lex.folded_str(lex.tok(x).folded).as_bytes();
            let fy = lex.folded_str(lex.tok(y).folded).as_bytes();
            // two given names that both occur as given names in the data are two names
            // (Nam/Lâm, Linh/Ninh), not a typo of one another
            let both_names = x == ga && y == gb && lex.tok(x).flags & lex.tok(y).flags & FLAG_COMMON_GIVEN != 0;
            if fx.len().min(fy.len()) >= 2 && within_one_edit(fx, fy) && !both_names {
                return ONE_TYPO;
            }
        }
    }
    // two different given names that are both real given names are not "a few typos" apart
    let both_names = !given_eq && lex.tok(ga).flags & lex.tok(gb).flags & FLAG_COMMON_GIVEN != 0;
    if !both_names && jw_token(lex, ga, gb) >= 0.80 && jw_tokens(lex, a.name, b.name) >= 0.90 {
        return JW;
    }
    if given_eq {
        return GIVEN;
    }
    DIFF
}

/// Parent's name comparison level (1 exact/tone placement, 2 folded/phonetic, 3 fuzzy, 4 different).
pub(crate) fn compare_parent(lex: &Lex, a: &[u32], b: &[u32]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b || seq_eq(a, b, |t| lex.tok(t).canon) {
        return 1;
    }
    if seq_eq(a, b, |t| lex.tok(t).phon) {
        return 2;
    }
    let ga = *a.last().unwrap();
    let gb = *b.last().unwrap();
    let given_eq = lex.tok(ga).phon == lex.tok(gb).phon;
    let sur_eq = lex.tok(a[0]).phon == lex.tok(b[0]).phon;
    if given_eq && sur_eq {
        return 3;
    }
    if jw_token(lex, ga, gb) >= 0.8 && jw_tokens(lex, a, b) >= 0.92 {
        return 3;
    }
    4
}

fn one_digit_apart(a: u32, b: u32) -> bool {
    // same number of digits and exactly one differs, or a transposition of two adjacent digits
    let sa = a.to_string();
    let sb = b.to_string();
    if sa.len() != sb.len() {
        return false;
    }
    let diffs: Vec<usize> = sa.bytes().zip(sb.bytes()).enumerate().filter(|(_, (x, y))| x != y).map(|(i, _)| i).collect();
    match diffs.as_slice() {
        [_] => true,
        [i, j] if *j == i + 1 => sa.as_bytes()[*i] == sb.as_bytes()[*j] && sa.as_bytes()[*j] == sb.as_bytes()[*i],
        _ => false,
    }
}

fn day_number(d: PDate) -> i32 {
    // days since a fixed epoch (proleptic Gregorian), enough for ±1 day checks
    let (y, m, dd) = (d.y as i32, d.m as i32, d.d as i32);
    let a = (14 - m) / 12;
    let yy = y + 4800 - a;
    let mm = m + 12 * a - 3;
    dd + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045
}

/// How good a date level is, best first: exact, month-year, swapped, close, year, year off,
/// same year only, nothing to compare, different.
const DATE_RANK: [u8; 9] = [7, 0, 1, 4, 2, 3, 5, 6, 8];

/// The date level of two records: their dates, or a record's other reading when it agrees
/// better (an exact agreement on it is worth its own level: 4 swapped, 5 close).
pub(crate) fn compare_dates(a: &View, b: &View) -> u8 {
    let mut best = compare_date(a.date, b.date);
    for (x, lvl, y) in [(a.alt, a.alt_level, b.date), (b.alt, b.alt_level, a.date)] {
        if x.y == 0 {
            continue;
        }
        let l = match compare_date(x, y) {
            1 => lvl.max(1),
            l => l,
        };
        if DATE_RANK[l as usize % 9] < DATE_RANK[best as usize % 9] {
            best = l;
        }
    }
    best
}

/// Birth-date comparison level, aware of partial dates.
pub(crate) fn compare_date(a: PDate, b: PDate) -> u8 {
    if a.y == 0 || b.y == 0 {
        return 0;
    }
    if a.full() && b.full() {
        if a == b {
            return 1;
        }
        if a.y == b.y && a.d == b.m && a.m == b.d {
            return 4;
        }
        if (day_number(a) - day_number(b)).abs() <= 1 {
            return 5;
        }
        if a.y == b.y
            && ((a.m == b.m && one_digit_apart(a.d as u32, b.d as u32)) || (a.d == b.d && one_digit_apart(a.m as u32, b.m as u32)))
        {
            return 5;
        }
        if a.m == b.m && a.d == b.d && ((a.y - b.y).abs() == 1 || one_digit_apart(a.y as u32, b.y as u32)) {
            return 6;
        }
        if a.y == b.y {
            return 7;
        }
        return 8;
    }
    // at least one side partial
    if a.y == b.y {
        if a.m != 0 && b.m != 0 {
            if a.m == b.m {
                return 2;
            }
            // a partial month/year against a full date with day and month swapped
            if (a.d != 0 && a.d == b.m) || (b.d != 0 && b.d == a.m) {
                return 4;
            }
            return 7;
        }
        return 3;
    }
    if (a.m == 0 || b.m == 0 || a.m == b.m) && ((a.y - b.y).abs() == 1 || one_digit_apart(a.y as u32, b.y as u32)) {
        return 6;
    }
    8
}

pub(crate) fn compare_place(a: &[u32], b: &[u32]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    // both sorted
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let small = a.len().min(b.len());
    if shared == 0 {
        3
    } else if shared * 3 >= small * 2 && shared >= 2.min(small) {
        1
    } else {
        2
    }
}

/// ID numbers: any of the two (personal ID, CMND) agreeing is agreement; two numbers of the same
/// kind (same length) that differ are disagreement; a 12-digit ID against a 9-digit CMND says
/// nothing.
fn compare_ids(a: [u64; 2], b: [u64; 2]) -> u8 {
    let mut any_comparable = false;
    for x in a.into_iter().filter(|&x| x != 0) {
        for y in b.into_iter().filter(|&y| y != 0) {
            if x == y {
                return 1;
            }
            // the length is kept in the top bits of the packed value
            if x >> 58 == y >> 58 {
                any_comparable = true;
            }
        }
    }
    if any_comparable {
        2
    } else {
        0
    }
}

/// Compares two prepared records on every field.
pub(crate) fn compare(lex: &Lex, a: &View, b: &View) -> Vector {
    let name = compare_name(lex, a, b);
    let date = compare_dates(a, b);
    let sex = match (a.sex, b.sex) {
        (0, _) | (_, 0) => 0,
        (x, y) if x == y => 1,
        _ => 2,
    };
    let father = compare_parent(lex, a.father, b.father);
    let mother = compare_parent(lex, a.mother, b.mother);
    let place = compare_place(lex.place(a.place), lex.place(b.place));
    let id = compare_ids([a.id, a.cmnd], [b.id, b.cmnd]);
    (name as u32)
        | (date as u32) << 4
        | (sex as u32) << 8
        | (father as u32) << 12
        | (mother as u32) << 16
        | (place as u32) << 20
        | (id as u32) << 24
}
