//! Splitting a full name into surname (họ), middle names (tên đệm) and given name (tên),
//! domain.md §5.1. Vietnamese names are written surname first; a few ethnic-minority naming
//! patterns are recognised, everything else falls back to "first token = surname, last = given".
use super::{ascii_fold, clean, normalize_apostrophes};
use serde::{Deserialize, Serialize};

/// A full name split into its parts, each part as written (NFC, whitespace cleaned).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct NameParts {
    /// Họ. Empty for a single-token name.
    pub surname: String,
    /// Tên đệm, in order (`["Thị"]`, `["Văn", "Minh"]`), often empty for minority names.
    pub middle: Vec<String>,
    /// Tên.
    pub given: String,
}

impl NameParts {
    /// True when no part has any text.
    pub fn is_empty(&self) -> bool {
        self.surname.is_empty() && self.middle.is_empty() && self.given.is_empty()
    }

    /// The parts joined back in the order the name was written.
    pub fn full_name(&self, order: NameOrder) -> String {
        let middle = self.middle.iter().map(String::as_str);
        let parts: Vec<&str> = match order {
            NameOrder::SurnameFirst => std::iter::once(self.surname.as_str()).chain(middle).chain([self.given.as_str()]).collect(),
            NameOrder::SurnameLast => std::iter::once(self.given.as_str()).chain(middle).chain([self.surname.as_str()]).collect(),
        };
        parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

/// Where the surname stands in a written name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameOrder {
    /// Kinh, Hoa, Khmer, Hmông, Tày… and the default: `Nguyễn Thị Lan`, `Giàng A Páo`, `Ksor H'Bia`.
    SurnameFirst,
    /// Ê Đê / M'nông style, recognised by the gender prefix `Y` (men) or `H'` (women) written
    /// first: `Y Bih Aleo`, `H'Hen Niê`; the clan name comes last.
    SurnameLast,
}

/// Two-token surnames, compared on folded form (`Tôn Thất Thuyết`, `Âu Dương Lân`). Only applied
/// when at least one more token follows. Deliberately short: a double-barrelled "surname"
/// like `Nguyễn Lê` is indistinguishable from surname + middle name, so it is not listed.
const COMPOUND_SURNAMES: &[&str] = &["ton that", "au duong"];

/// The naming order of a full name (see [`NameOrder`]).
pub fn name_order(full_name: &str) -> NameOrder {
    let tokens = tokens(full_name);
    match tokens.first() {
        Some(first) if tokens.len() >= 2 && minority_prefix(first).is_some() => NameOrder::SurnameLast,
        _ => NameOrder::SurnameFirst,
    }
}

/// Splits a full name into surname, middle names and given name. Never fails:
/// * `""` → all parts empty; `"Páo"` → given only;
/// * `"Nguyễn Lan"` → surname + given; `"Nguyễn Thị Minh Khai"` → middle = `[Thị, Minh]`;
/// * `"Tôn Thất Thuyết"` → surname `Tôn Thất` (see the short list of compound surnames);
/// * Ê Đê style (`Y Bih Aleo`, `H'Hen Niê`, `H' Hen Niê`): given = prefix + personal name,
///   surname = the clan name(s) after it, no middle;
/// * tokens without any letter or digit (`-`, `,`) are dropped; abbreviation dots are kept
///   (`Ng. T. Lan` → surname `Ng.`), see [`super::strip_abbreviation_dots`].
pub fn split_name(full_name: &str) -> NameParts {
    let tokens = tokens(full_name);
    match tokens.as_slice() {
        [] => NameParts::default(),
        [only] => NameParts { given: only.clone(), ..NameParts::default() },
        [first, rest @ ..] if minority_prefix(first).is_some() => {
            let (given, clan) = match minority_prefix(first) {
                // The prefix stands alone (`Y Bih`, `H' Hen`): it joins the next token.
                Some(Prefix::Detached) => (format!("{first} {}", rest[0]), &rest[1..]),
                _ => (first.clone(), rest),
            };
            NameParts { surname: clan.join(" "), middle: Vec::new(), given }
        }
        [first, second, rest @ ..] if !rest.is_empty() && is_compound_surname(first, second) => {
            let (given, middle) = rest.split_last().expect("rest is not empty");
            NameParts { surname: format!("{first} {second}"), middle: middle.to_vec(), given: given.clone() }
        }
        [first, middle @ .., last] => NameParts { surname: first.clone(), middle: middle.to_vec(), given: last.clone() },
    }
}

fn tokens(full_name: &str) -> Vec<String> {
    clean(full_name).split(' ').filter(|t| t.chars().any(char::is_alphanumeric)).map(str::to_owned).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    /// `Y` or `H'` written as its own token.
    Detached,
    /// `H'Hen`: prefix and personal name in one token.
    Attached,
}

fn minority_prefix(token: &str) -> Option<Prefix> {
    let t = normalize_apostrophes(token);
    let lower = t.to_lowercase();
    if lower == "y" || lower == "h'" {
        Some(Prefix::Detached)
    } else if lower.starts_with("h'") && lower.chars().nth(2).is_some_and(char::is_alphabetic) {
        Some(Prefix::Attached)
    } else {
        None
    }
}

fn is_compound_surname(first: &str, second: &str) -> bool {
    let folded = ascii_fold(&format!("{first} {second}"));
    COMPOUND_SURNAMES.contains(&folded.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str, m: &[&str], g: &str) -> NameParts {
        NameParts { surname: s.into(), middle: m.iter().map(|x| x.to_string()).collect(), given: g.into() }
    }

    #[test]
    fn kinh_names_are_surname_middle_given() {
        assert_eq!(split_name("Nguyễn Thị Minh Khai"), parts("Nguyễn", &["Thị", "Minh"], "Khai"));
        assert_eq!(split_name("  Trần   Văn  Hùng "), parts("Trần", &["Văn"], "Hùng"));
        assert_eq!(split_name("Lê Lan"), parts("Lê", &[], "Lan"));
        assert_eq!(split_name("NGUYỄN THỊ HẰNG"), parts("NGUYỄN", &["THỊ"], "HẰNG"));
    }

    #[test]
    fn degenerate_inputs_do_not_fail() {
        assert_eq!(split_name(""), NameParts::default());
        assert_eq!(split_name(" - , "), NameParts::default());
        assert_eq!(split_name("Páo"), parts("", &[], "Páo"));
        assert!(split_name("").is_empty());
    }

    #[test]
    fn hmong_and_khmer_names_are_surname_first() {
        assert_eq!(split_name("Giàng A Páo"), parts("Giàng", &["A"], "Páo"));
        assert_eq!(split_name("Thạch Thị Sa Ri"), parts("Thạch", &["Thị", "Sa"], "Ri"));
        assert_eq!(split_name("Ksor H'Bia"), parts("Ksor", &[], "H'Bia"));
    }

    #[test]
    fn ede_names_put_the_clan_last() {
        assert_eq!(split_name("Y Bih Aleo"), parts("Aleo", &[], "Y Bih"));
        assert_eq!(split_name("H'Hen Niê"), parts("Niê", &[], "H'Hen"));
        assert_eq!(split_name("H’ Hen Niê"), parts("Niê", &[], "H’ Hen"));
        assert_eq!(split_name("Y Ngông Niê Kdăm"), parts("Niê Kdăm", &[], "Y Ngông"));
        assert_eq!(split_name("Y Bih"), parts("", &[], "Y Bih"));
        assert_eq!(name_order("Y Bih Aleo"), NameOrder::SurnameLast);
        assert_eq!(name_order("Nguyễn Thị Y"), NameOrder::SurnameFirst);
    }

    #[test]
    fn compound_surnames() {
        assert_eq!(split_name("Tôn Thất Thuyết"), parts("Tôn Thất", &[], "Thuyết"));
        assert_eq!(split_name("Tôn Thất"), parts("Tôn", &[], "Thất"));
        assert_eq!(split_name("Nguyễn Phúc Anh"), parts("Nguyễn", &["Phúc"], "Anh"));
    }

    #[test]
    fn full_name_rejoins_the_parts() {
        let p = split_name("Nguyễn Thị Minh Khai");
        assert_eq!(p.full_name(NameOrder::SurnameFirst), "Nguyễn Thị Minh Khai");
        let e = split_name("Y Bih Aleo");
        assert_eq!(e.full_name(NameOrder::SurnameLast), "Y Bih Aleo");
    }
}
