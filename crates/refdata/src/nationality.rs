//! Countries with their Vietnamese names, as used for the `*QuocTich` fields.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::{fold_compact, name_candidates, parse_csv};

static NATIONALITIES_CSV: &str = include_str!("../data/nationalities.csv");

/// One nationality value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nationality {
    /// ISO 3166-1 alpha-2 code; `None` for "Không có thông tin" and "Không quốc tịch".
    pub code: Option<String>,
    /// Vietnamese name, e.g. `"Hoa Kỳ"`, `"Đài Loan (Trung Quốc)"`.
    pub name: String,
    /// English short name.
    pub name_en: String,
    /// Other accepted spellings (Vietnamese transliterations, English names).
    pub aliases: Vec<String>,
}

struct Data {
    list: Vec<Nationality>,
    by_key: HashMap<String, usize>,
    by_code: HashMap<String, usize>,
}

fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| {
        let (h, recs) = parse_csv(NATIONALITIES_CSV);
        assert_eq!(h, ["code", "name", "name_en", "aliases"]);
        let list: Vec<Nationality> = recs
            .into_iter()
            .map(|mut r| Nationality {
                code: (!r[0].is_empty()).then(|| std::mem::take(&mut r[0])),
                name: std::mem::take(&mut r[1]),
                name_en: std::mem::take(&mut r[2]),
                aliases: r[3].split('|').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            })
            .collect();
        let mut by_key = HashMap::new();
        let mut by_code = HashMap::new();
        for (i, n) in list.iter().enumerate() {
            by_key.insert(fold_compact(&n.name), i);
            if let Some(c) = &n.code {
                by_code.insert(c.clone(), i);
            }
        }
        for (i, n) in list.iter().enumerate() {
            by_key.entry(fold_compact(&n.name_en)).or_insert(i);
            for a in &n.aliases {
                by_key.entry(fold_compact(a)).or_insert(i);
            }
        }
        Data { list, by_key, by_code }
    })
}

/// Việt Nam first, then "Không có thông tin", "Không quốc tịch", then every
/// country ordered by its Vietnamese name.
pub fn nationalities() -> &'static [Nationality] {
    &data().list
}

/// By ISO 3166-1 alpha-2 code (case-insensitive).
pub fn nationality_by_code(code: &str) -> Option<&'static Nationality> {
    let d = data();
    d.by_code.get(&code.trim().to_ascii_uppercase()).map(|&i| &d.list[i])
}

/// Finds a nationality from a name as written: Vietnamese or English name or
/// a known alias, ignoring case, diacritics and separators; template labels
/// like `"Ác-hen-ti-na (Argentine / Argentinian)"` or `"Anh (British)"` are
/// tried whole, then by the part before and inside the parentheses.
pub fn nationality_by_name(name: &str) -> Option<&'static Nationality> {
    let d = data();
    for cand in name_candidates(name) {
        let mut key = fold_compact(&cand);
        for prefix in ["quoctich", "nuoc"] {
            if let Some(rest) = key.strip_prefix(prefix) {
                if d.by_key.contains_key(rest) {
                    key = rest.to_string();
                }
            }
        }
        if let Some(&i) = d.by_key.get(&key) {
            return Some(&d.list[i]);
        }
    }
    None
}
