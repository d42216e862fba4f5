//! The 54 ethnic groups of Viet Nam plus "Người nước ngoài", with the GSO codes
//! of QĐ 121-TCTK/PPCĐ (1979) and the spellings met in registers and forms.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::{fold_compact, name_candidates, parse_csv};

static ETHNIC_GROUPS_CSV: &str = include_str!("../data/ethnic_groups.csv");

/// One ethnic group (dân tộc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EthnicGroup {
    /// `"01"` … `"54"`, `"55"` = Người nước ngoài.
    pub code: String,
    /// Name as in the GSO list, e.g. `"Hmông"`, `"Khơ-me"`.
    pub name: String,
    /// Other spellings and names: `"Mông"`, `"H'Mông"`, `"Mèo"`, `"Khmer"` …
    pub aliases: Vec<String>,
}

struct Data {
    groups: Vec<EthnicGroup>,
    by_key: HashMap<String, usize>,
}

fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| {
        let (h, recs) = parse_csv(ETHNIC_GROUPS_CSV);
        assert_eq!(h, ["code", "name", "aliases"]);
        let groups: Vec<EthnicGroup> = recs
            .into_iter()
            .map(|mut r| EthnicGroup {
                code: std::mem::take(&mut r[0]),
                name: std::mem::take(&mut r[1]),
                aliases: r[2].split('|').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            })
            .collect();
        let mut by_key = HashMap::new();
        // names win over aliases
        for (i, g) in groups.iter().enumerate() {
            by_key.insert(fold_compact(&g.name), i);
        }
        for (i, g) in groups.iter().enumerate() {
            for a in &g.aliases {
                by_key.entry(fold_compact(a)).or_insert(i);
            }
        }
        Data { groups, by_key }
    })
}

/// All 55 entries, ordered by code.
pub fn ethnic_groups() -> &'static [EthnicGroup] {
    &data().groups
}

/// By GSO code; `"8"` and `"08"` are the same.
pub fn ethnic_group(code: &str) -> Option<&'static EthnicGroup> {
    let c = code.trim();
    let c = if c.len() == 1 { format!("0{c}") } else { c.to_string() };
    data().groups.iter().find(|g| g.code == c)
}

/// Finds a group from a name as written, ignoring case, diacritics, spaces,
/// hyphens and apostrophes, and a leading "dân tộc": `"Mông (Mèo)"`,
/// `"H'Mông"`, `"Hmông"`, `"Khơ Me (Khmer)"`, `"KHMER"`, `"dân tộc Kinh"`.
/// For `"Group (local name)"` the part before the parentheses decides, then
/// the part inside. A bare code (`"08"`) is accepted too.
pub fn ethnic_group_by_name(name: &str) -> Option<&'static EthnicGroup> {
    let d = data();
    let trimmed = name.trim();
    if !trimmed.is_empty() && trimmed.len() <= 2 && trimmed.chars().all(|c| c.is_ascii_digit()) {
        return ethnic_group(trimmed);
    }
    for cand in name_candidates(trimmed) {
        let mut key = fold_compact(&cand);
        for prefix in ["dantoc", "nguoi"] {
            if let Some(rest) = key.strip_prefix(prefix) {
                if d.by_key.contains_key(rest) {
                    key = rest.to_string();
                }
            }
        }
        if let Some(&i) = d.by_key.get(&key) {
            return Some(&d.groups[i]);
        }
    }
    None
}
