//! Personal identification numbers, domain.md §3: the 12-digit *số định danh cá nhân* (also on
//! CCCD / căn cước cards and the 2012–2016 12-digit CMND) and the old 9-digit CMND.
//!
//! Layout of the 12 digits: `PPP G YY NNNNNN`
//! * `PPP`: province (or, for births registered abroad, country) code of the place where the
//!   birth was registered, see [`LEGACY_PROVINCES`];
//! * `G`: century and sex: 0/1 = male/female born 1900–1999, 2/3 = 2000–2099, 4/5 = 2100s,
//!   6/7 = 2200s, 8/9 = 2300s;
//! * `YY`: last two digits of the birth year; `NNNNNN`: random. There is **no check digit**.
//!
//! Old registers hold historic data, so nothing here rejects a record: [`check_personal_id`]
//! returns *findings* for the clerk to look at, each with a [`Severity`], a stable
//! [`IdFinding::code`] and a Vietnamese message ([`IdFinding::message_vi`]). Findings never contain
//! the full number. Never log a full ID: use [`mask_id`] or [`Masked`].
use serde::{Deserialize, Serialize};
use std::fmt;

mod provinces;

pub use provinces::{id_prefix, legacy_province_name, province_name_2025, LEGACY_PROVINCES, PROVINCES_2025};

/// Sex as encoded in the century/sex digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    fn vi(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }
}

/// What the record says about the person, to cross-check against the number. Leave a field
/// `None` when the record does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdExpectations<'a> {
    pub sex: Option<Sex>,
    pub birth_year: Option<i32>,
    /// Province of the birth registration, as a GSO code (`1`, `01`) or ID prefix (`001`). Give
    /// the pre-2025 code: that is what numbers issued so far carry.
    pub province_code: Option<&'a str>,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Probably a keying or source error, or an inconsistency worth a look; the value is kept.
    Warning,
    /// The value cannot be a number of this kind (empty, letters, wrong length).
    Invalid,
}

/// One thing worth telling the clerk about an ID number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IdFinding {
    /// Nothing was written.
    Empty,
    /// Spaces, dots or hyphens between the digits; they were ignored for the other checks.
    Separators,
    /// Something other than digits and separators.
    NotDigits,
    WrongLength {
        found: usize,
        expected: usize,
    },
    /// The first three digits are not a province code; for births registered abroad they may be
    /// a country code (those codes are not published).
    UnknownProvinceCode {
        code: String,
    },
    /// The number's province differs from the expected registration province.
    ProvinceMismatch {
        expected: String,
        found: String,
    },
    /// The century digit puts the birth in the 22nd century or later.
    ImplausibleCentury {
        year: i32,
    },
    SexMismatch {
        expected: Sex,
        found: Sex,
    },
    BirthYearMismatch {
        expected: i32,
        found: i32,
    },
    /// All digits equal, a run like `123456789012`, or an all-zero random part.
    LooksSynthetic,
}

impl IdFinding {
    pub fn severity(&self) -> Severity {
        match self {
            IdFinding::Empty | IdFinding::NotDigits | IdFinding::WrongLength { .. } => Severity::Invalid,
            _ => Severity::Warning,
        }
    }

    /// Stable identifier, e.g. `id.sex_mismatch`.
    pub fn code(&self) -> &'static str {
        match self {
            IdFinding::Empty => "id.empty",
            IdFinding::Separators => "id.separators",
            IdFinding::NotDigits => "id.not_digits",
            IdFinding::WrongLength { .. } => "id.wrong_length",
            IdFinding::UnknownProvinceCode { .. } => "id.unknown_province_code",
            IdFinding::ProvinceMismatch { .. } => "id.province_mismatch",
            IdFinding::ImplausibleCentury { .. } => "id.implausible_century",
            IdFinding::SexMismatch { .. } => "id.sex_mismatch",
            IdFinding::BirthYearMismatch { .. } => "id.birth_year_mismatch",
            IdFinding::LooksSynthetic => "id.looks_synthetic",
        }
    }

    /// A message a clerk understands.
    pub fn message_vi(&self) -> String {
        match self {
            IdFinding::Empty => "Chưa nhập số.".into(),
            IdFinding::Separators => "Số có dấu cách, dấu chấm hoặc gạch nối; đã bỏ qua khi kiểm tra.".into(),
            IdFinding::NotDigits => "Số chỉ được gồm chữ số.".into(),
            IdFinding::WrongLength { found, expected } => format!("Số có {found} chữ số, cần {expected} chữ số."),
            IdFinding::UnknownProvinceCode { code } => {
                format!("Mã tỉnh {code} không có trong danh mục (có thể là mã quốc gia nếu khai sinh ở nước ngoài).")
            }
            IdFinding::ProvinceMismatch { expected, found } => {
                let name = |c: &str| legacy_province_name(c).map(|n| format!("{c} {n}")).unwrap_or_else(|| c.to_string());
                format!("Mã tỉnh trong số ({}) khác tỉnh đăng ký khai sinh ({}).", name(found), name(expected))
            }
            IdFinding::ImplausibleCentury { year } => format!("Mã thế kỷ cho năm sinh {year}, không hợp lý."),
            IdFinding::SexMismatch { expected, found } => {
                format!("Giới tính theo số ({}) khác giới tính ghi trong sổ ({}).", found.vi(), expected.vi())
            }
            IdFinding::BirthYearMismatch { expected, found } => {
                format!("Năm sinh theo số ({found}) khác năm sinh ghi trong sổ ({expected}).")
            }
            IdFinding::LooksSynthetic => "Số trông như số giả (lặp lại hoặc liên tiếp).".into(),
        }
    }
}

impl fmt::Display for IdFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdFinding::Empty => f.write_str("empty"),
            IdFinding::Separators => f.write_str("separators between the digits"),
            IdFinding::NotDigits => f.write_str("not only digits"),
            IdFinding::WrongLength { found, expected } => write!(f, "{found} digits, expected {expected}"),
            IdFinding::UnknownProvinceCode { code } => write!(f, "unknown province code {code}"),
            IdFinding::ProvinceMismatch { expected, found } => write!(f, "province {found}, expected {expected}"),
            IdFinding::ImplausibleCentury { year } => write!(f, "implausible birth year {year}"),
            IdFinding::SexMismatch { expected, found } => write!(f, "sex {found:?}, expected {expected:?}"),
            IdFinding::BirthYearMismatch { expected, found } => write!(f, "birth year {found}, expected {expected}"),
            IdFinding::LooksSynthetic => f.write_str("looks synthetic"),
        }
    }
}

/// What the first six digits of a 12-digit number say. Holds no part of the random digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DecodedId {
    /// `PPP`, e.g. `001`.
    pub province_code: String,
    /// Pre-2025 name of that province, `None` for an unknown (e.g. country) code.
    pub province_name: Option<&'static str>,
    pub sex: Sex,
    /// First year of the century digit's century (1900, 2000, …).
    pub century: i32,
    pub birth_year: i32,
}

/// The kind of identity number a value looks like (by digit count, separators ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 12 digits: số định danh cá nhân / CCCD / 12-digit CMND.
    PersonalId,
    /// 9 digits: old CMND.
    Cmnd,
    Unknown,
}

/// Length of a personal ID.
pub const PERSONAL_ID_LEN: usize = 12;
/// Length of an old CMND.
pub const CMND_LEN: usize = 9;

/// Classifies a value by its digits (spaces, dots and hyphens ignored).
pub fn classify_id_number(id: &str) -> IdKind {
    match digits(id) {
        Ok((d, _)) if d.len() == PERSONAL_ID_LEN => IdKind::PersonalId,
        Ok((d, _)) if d.len() == CMND_LEN => IdKind::Cmnd,
        _ => IdKind::Unknown,
    }
}

/// Checks a 12-digit personal ID and cross-checks it with what the record says. An empty list
/// means nothing to report. Structural findings (`Invalid`) stop the checks; otherwise every
/// applicable warning is listed: unknown province code, province / sex / birth-year mismatch,
/// implausible century, synthetic-looking number.
pub fn check_personal_id(id: &str, expected: IdExpectations<'_>) -> Vec<IdFinding> {
    let mut findings = Vec::new();
    let digits = match digits(id) {
        Ok((d, separators)) => {
            if separators {
                findings.push(IdFinding::Separators);
            }
            d
        }
        Err(f) => return vec![f],
    };
    if digits.len() != PERSONAL_ID_LEN {
        findings.push(IdFinding::WrongLength { found: digits.len(), expected: PERSONAL_ID_LEN });
        return findings;
    }
    let decoded = decode_digits(&digits);
    if decoded.province_name.is_none() {
        findings.push(IdFinding::UnknownProvinceCode { code: decoded.province_code.clone() });
    }
    if let Some(expected_prefix) = expected.province_code.and_then(id_prefix) {
        if expected_prefix != decoded.province_code {
            findings.push(IdFinding::ProvinceMismatch { expected: expected_prefix, found: decoded.province_code.clone() });
        }
    }
    if decoded.century >= 2100 {
        findings.push(IdFinding::ImplausibleCentury { year: decoded.birth_year });
    }
    if let Some(sex) = expected.sex {
        if sex != decoded.sex {
            findings.push(IdFinding::SexMismatch { expected: sex, found: decoded.sex });
        }
    }
    if let Some(year) = expected.birth_year {
        if year != decoded.birth_year {
            findings.push(IdFinding::BirthYearMismatch { expected: year, found: decoded.birth_year });
        }
    }
    if looks_synthetic(&digits) || digits.ends_with("000000") {
        findings.push(IdFinding::LooksSynthetic);
    }
    findings
}

/// Decodes province, sex, century and birth year of a 12-digit personal ID (separators
/// ignored); `None` when the value is not 12 digits. The province code is returned even when it
/// is not in the table.
pub fn decode_personal_id(id: &str) -> Option<DecodedId> {
    let (d, _) = digits(id).ok()?;
    (d.len() == PERSONAL_ID_LEN).then(|| decode_digits(&d))
}

/// Checks an old 9-digit CMND: digits only, 9 of them, not synthetic-looking. (Its first two
/// digits were an issuing-province code of a different, partly shared scheme; they are not checked.)
pub fn check_cmnd(id: &str) -> Vec<IdFinding> {
    let mut findings = Vec::new();
    let digits = match digits(id) {
        Ok((d, separators)) => {
            if separators {
                findings.push(IdFinding::Separators);
            }
            d
        }
        Err(f) => return vec![f],
    };
    if digits.len() != CMND_LEN {
        findings.push(IdFinding::WrongLength { found: digits.len(), expected: CMND_LEN });
    } else if looks_synthetic(&digits) {
        findings.push(IdFinding::LooksSynthetic);
    }
    findings
}

/// Masks an ID for display in lists and for logs: `001085012345` → `001*******45`. Keeps the
/// first three and last two characters of values of 9+ characters, only the last two of 5–8
/// characters, nothing of shorter ones; the length is preserved. Works on any text.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        9.. => (3, 2),
        5..=8 => (0, 2),
        _ => (0, 0),
    };
    chars.iter().enumerate().map(|(i, &c)| if i < head || i >= n - tail { c } else { '*' }).collect()
}

/// Formats an ID masked (see [`mask_id`]) with both `Display` and `Debug`, so it can go into
/// log macros safely: `log::info!("checked {}", Masked(&id))`.
#[derive(Clone, Copy)]
pub struct Masked<'a>(pub &'a str);

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_id(self.0))
    }
}

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", mask_id(self.0))
    }
}

/// The ASCII digits of a value and whether separators (space, `.`, `-`) were present.
fn digits(id: &str) -> Result<(String, bool), IdFinding> {
    let id = id.trim();
    if id.is_empty() {
        return Err(IdFinding::Empty);
    }
    let mut out = String::with_capacity(id.len());
    let mut separators = false;
    for c in id.chars() {
        match c {
            '0'..='9' => out.push(c),
            '.' | '-' => separators = true,
            c if c.is_whitespace() => separators = true,
            _ => return Err(IdFinding::NotDigits),
        }
    }
    if out.is_empty() {
        return Err(IdFinding::NotDigits);
    }
    Ok((out, separators))
}

/// Decodes 12 ASCII digits.
fn decode_digits(d: &str) -> DecodedId {
    let b = d.as_bytes();
    let digit = |i: usize| i32::from(b[i] - b'0');
    let g = digit(3);
    let century = 1900 + 100 * (g / 2);
    let province_code = d[..3].to_string();
    DecodedId {
        province_name: legacy_province_name(&province_code),
        province_code,
        sex: if g % 2 == 0 { Sex::Male } else { Sex::Female },
        century,
        birth_year: century + 10 * digit(4) + digit(5),
    }
}

/// All digits equal, or each digit one more (or one less) than the previous, modulo 10.
fn looks_synthetic(d: &str) -> bool {
    let b = d.as_bytes();
    let steps: Vec<u8> = b.windows(2).map(|w| (10 + w[1] - b'0' - (w[0] - b'0')) % 10).collect();
    !steps.is_empty() && (steps.iter().all(|&s| s == 0) || steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == 9))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: IdExpectations<'static> = IdExpectations { sex: None, birth_year: None, province_code: None };

    #[test]
    fn a_well_formed_number_has_no_findings() {
        assert_eq!(check_personal_id("001085012345", NONE), vec![]);
        let expected = IdExpectations { sex: Some(Sex::Male), birth_year: Some(1985), province_code: Some("01") };
        assert_eq!(check_personal_id("001085012345", expected), vec![]);
    }

    #[test]
    fn decoding_reads_province_sex_century_and_year() {
        let d = decode_personal_id("079303004321").unwrap();
        assert_eq!(d.province_code, "079");
        assert_eq!(d.province_name, Some("TP Hồ Chí Minh"));
        assert_eq!((d.sex, d.century, d.birth_year), (Sex::Female, 2000, 2003));
        let d = decode_personal_id("001 185 012345").unwrap();
        assert_eq!((d.sex, d.birth_year), (Sex::Female, 1985));
        assert_eq!(decode_personal_id("12345"), None);
    }

    #[test]
    fn structural_problems_are_invalid() {
        assert_eq!(check_personal_id("  ", NONE), vec![IdFinding::Empty]);
        assert_eq!(check_personal_id("00108501234O", NONE), vec![IdFinding::NotDigits]);
        assert_eq!(check_personal_id("0010850123", NONE), vec![IdFinding::WrongLength { found: 10, expected: 12 }]);
        assert!(check_personal_id("abc", NONE).iter().all(|f| f.severity() == Severity::Invalid));
    }

    #[test]
    fn mismatches_with_the_record_are_warnings() {
        let expected = IdExpectations { sex: Some(Sex::Female), birth_year: Some(1986), province_code: Some("079") };
        let found = check_personal_id("001085012345", expected);
        assert_eq!(
            found,
            vec![
                IdFinding::ProvinceMismatch { expected: "079".into(), found: "001".into() },
                IdFinding::SexMismatch { expected: Sex::Female, found: Sex::Male },
                IdFinding::BirthYearMismatch { expected: 1986, found: 1985 },
            ]
        );
        assert!(found.iter().all(|f| f.severity() == Severity::Warning));
        assert!(found[0].message_vi().contains("Hà Nội"));
    }

    #[test]
    fn a_wrong_century_shows_as_a_birth_year_mismatch() {
        let expected = IdExpectations { birth_year: Some(1985), ..NONE };
        assert_eq!(check_personal_id("001285012345", expected), vec![IdFinding::BirthYearMismatch { expected: 1985, found: 2085 }]);
    }

    #[test]
    fn unknown_codes_and_odd_centuries_are_flagged() {
        assert_eq!(check_personal_id("003085012345", NONE), vec![IdFinding::UnknownProvinceCode { code: "003".into() }]);
        assert_eq!(check_personal_id("001485012345", NONE), vec![IdFinding::ImplausibleCentury { year: 2185 }]);
        assert_eq!(check_personal_id("001-085-012345", NONE), vec![IdFinding::Separators]);
    }

    #[test]
    fn synthetic_numbers_are_flagged() {
        for id in ["111111111111", "012345678901", "098765432109", "001085000000"] {
            assert!(check_personal_id(id, NONE).contains(&IdFinding::LooksSynthetic), "{id}");
        }
        assert_eq!(check_cmnd("123456789"), vec![IdFinding::LooksSynthetic]);
    }

    #[test]
    fn cmnd_is_nine_digits() {
        assert_eq!(check_cmnd("012345679"), vec![]);
        assert_eq!(check_cmnd("01234567"), vec![IdFinding::WrongLength { found: 8, expected: 9 }]);
        assert_eq!(classify_id_number("012 345 679"), IdKind::Cmnd);
        assert_eq!(classify_id_number("001085012345"), IdKind::PersonalId);
        assert_eq!(classify_id_number("A1234"), IdKind::Unknown);
    }

    #[test]
    fn masking_hides_the_middle() {
        assert_eq!(mask_id("001085012345"), "001*******45");
        assert_eq!(mask_id("012345679"), "012****79");
        assert_eq!(mask_id("123456"), "****56");
        assert_eq!(mask_id("1234"), "****");
        assert_eq!(mask_id(""), "");
        assert_eq!(format!("{} {:?}", Masked("001085012345"), Masked("001085012345")), "001*******45 \"001*******45\"");
    }

    #[test]
    fn findings_never_carry_the_full_number() {
        let id = "001085012345";
        let expected = IdExpectations { sex: Some(Sex::Female), birth_year: Some(1990), province_code: Some("2") };
        for f in check_personal_id(id, expected) {
            assert!(!format!("{f} {f:?} {}", f.message_vi()).contains("012345"));
        }
    }
}
