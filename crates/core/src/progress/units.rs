//! Administrative-unit facts the aggregation needs, derived once from sohoa-refdata: the 2025
//! communes, their provinces, and how the old (gso_pre2025) communes were shared out among them.
//!
//! Pro-rating rule (docs/progress-snapshot.md §3): an old commune with `n` mapping rows
//! (merged whole: 1 row; divided between new communes: one row per new commune) gives each of
//! its new communes a weight of `1/n`. Weights of one old commune sum to 1, so anything spread
//! with them — targets, or an old commune's share in a 63-province total — is counted once.
use sohoa_refdata::{self as rd, Level, MappingBasis, Scheme};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

pub(crate) struct Units {
    /// 2025 commune code → index into `communes`.
    pub commune_index: HashMap<&'static str, usize>,
    pub communes: Vec<Commune2025>,
    /// 2025 provinces (34), by code order.
    pub provinces_2025: Vec<&'static rd::AdminUnit>,
    /// pre-2025 provinces (63), by code order.
    pub provinces_pre2025: Vec<&'static rd::AdminUnit>,
    /// old commune → [(2025 commune index, weight)] (conversion rows only; weights sum to 1).
    pub old_to_new: HashMap<&'static str, Vec<(usize, f64)>>,
    /// old province → number of its old communes that have mapping rows.
    pub old_communes_per_province: HashMap<&'static str, f64>,
    /// 2025 province → number of its communes.
    pub communes_per_province_2025: HashMap<&'static str, f64>,
}

pub(crate) struct Commune2025 {
    pub unit: &'static rd::AdminUnit,
    pub province: &'static rd::AdminUnit,
    /// The old provinces this commune's territory came from, with weights summing to 1
    /// (by mapping rows: Σ 1/n over its old communes, normalised).
    pub old_provinces: Vec<(&'static str, f64)>,
    /// Old communes and the weight of each in this commune (1/n).
    pub old_communes: Vec<(&'static str, f64)>,
}

pub(crate) fn units() -> &'static Units {
    static U: OnceLock<Units> = OnceLock::new();
    U.get_or_init(build)
}

fn build() -> Units {
    let provinces_2025: Vec<_> = rd::units_at(Scheme::Qd19_2025, Level::Province).collect();
    let provinces_pre2025: Vec<_> =
        rd::units_at(Scheme::GsoPre2025, Level::Province).filter(|u| u.status == rd::UnitStatus::Active).collect();
    let mut communes = Vec::new();
    let mut commune_index = HashMap::new();
    let mut communes_per_province_2025: HashMap<&'static str, f64> = HashMap::new();
    for u in rd::units_at(Scheme::Qd19_2025, Level::Commune) {
        let Some(p) = rd::province_of(Scheme::Qd19_2025, &u.code) else { continue };
        commune_index.insert(u.code.as_str(), communes.len());
        *communes_per_province_2025.entry(p.code.as_str()).or_default() += 1.0;
        communes.push(Commune2025 { unit: u, province: p, old_provinces: vec![], old_communes: vec![] });
    }
    // Conversion rows only: rows of communes dissolved before 2025 repeat their successor's.
    let mut rows_by_old: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for m in rd::commune_mappings() {
        if m.basis == MappingBasis::Successor {
            continue;
        }
        rows_by_old.entry(m.old_code.as_str()).or_default().push(m.new_code.as_str());
    }
    let mut old_to_new: HashMap<&'static str, Vec<(usize, f64)>> = HashMap::new();
    let mut old_communes_per_province: HashMap<&'static str, f64> = HashMap::new();
    let mut per_new_old_prov: Vec<HashMap<&'static str, f64>> = vec![HashMap::new(); communes.len()];
    for (old, news) in &rows_by_old {
        let w = 1.0 / news.len() as f64;
        let old_prov = rd::province_of(Scheme::GsoPre2025, old).map(|p| p.code.as_str());
        if let Some(p) = old_prov {
            *old_communes_per_province.entry(p).or_default() += 1.0;
        }
        let mut v = Vec::new();
        for n in news {
            if let Some(&i) = commune_index.get(n) {
                v.push((i, w));
                communes[i].old_communes.push((old, w));
                if let Some(p) = old_prov {
                    *per_new_old_prov[i].entry(p).or_default() += w;
                }
            }
        }
        old_to_new.insert(old, v);
    }
    for (i, m) in per_new_old_prov.into_iter().enumerate() {
        let total: f64 = m.values().sum();
        let mut v: Vec<_> = m.into_iter().map(|(p, w)| (p, w / total)).collect();
        if v.is_empty() {
            // No mapping row reaches this commune: the old province its new province came from.
            if let Some(p) = rd::provinces_merged_into(&communes[i].province.code).first() {
                v.push((p.code.as_str(), 1.0));
            }
        }
        v.sort_by(|a, b| a.0.cmp(b.0));
        communes[i].old_communes.sort_by(|a, b| a.0.cmp(b.0));
        communes[i].old_provinces = v;
    }
    Units { commune_index, communes, provinces_2025, provinces_pre2025, old_to_new, old_communes_per_province, communes_per_province_2025 }
}

impl Units {
    pub fn commune(&self, code: &str) -> Option<&Commune2025> {
        self.commune_index.get(code).map(|&i| &self.communes[i])
    }

    /// The 2025 commune whose counts a workspace of `(scheme, code)` adds to: itself for a 2025
    /// commune; for an old commune, the new commune that inherited its books (the mapping's
    /// primary row — a divided commune's books are counted once, in one place).
    pub fn commune_2025_of(&self, scheme: &str, code: &str) -> Option<&'static str> {
        match scheme {
            "qd19_2025" => self.commune_index.get_key_value(code).map(|(k, _)| *k),
            "gso_pre2025" => {
                let rows = rd::map_commune_to_2025(code);
                let row = rows.iter().find(|m| m.primary_guess).or(rows.first())?;
                self.commune_index.get_key_value(row.new_code.as_str()).map(|(k, _)| *k)
            }
            _ => None,
        }
    }

    /// The pre-2025 province(s) a registry's books belong to, with weights summing to 1.
    /// A coded old commune gives its province exactly; a 2025 commune (or a registry without a
    /// code, counted with the sending commune) is shared by its mapping weights.
    pub fn old_provinces_of_registry(&self, scheme: &str, code: Option<&str>, sender_2025: Option<&str>) -> Vec<(&'static str, f64)> {
        if scheme == "gso_pre2025" {
            if let Some(p) = code.and_then(|c| rd::province_of(Scheme::GsoPre2025, c)) {
                return vec![(p.code.as_str(), 1.0)];
            }
        }
        let new = if scheme == "qd19_2025" { code.or(sender_2025) } else { sender_2025 };
        new.and_then(|c| self.commune(c)).map(|c| c.old_provinces.clone()).unwrap_or_default()
    }

    pub fn province_2025_name(&self, code: &str) -> Option<&'static str> {
        self.provinces_2025.iter().find(|p| p.code == code).map(|p| p.name.as_str())
    }

    pub fn province_pre2025_name(&self, code: &str) -> Option<&'static str> {
        self.provinces_pre2025.iter().find(|p| p.code == code).map(|p| p.name.as_str())
    }
}

/// Shares of a source among the old provinces, from its registries (scheme, code, entries).
pub(crate) fn old_province_shares(regs: &[(String, Option<String>, u64)], commune_2025: Option<&str>) -> Vec<(&'static str, f64)> {
    let u = units();
    let mut m: BTreeMap<&'static str, f64> = BTreeMap::new();
    let total: u64 = regs.iter().map(|r| r.2).sum();
    for (scheme, code, n) in regs {
        let w = if total > 0 { *n as f64 / total as f64 } else { 1.0 / regs.len() as f64 };
        for (p, pw) in u.old_provinces_of_registry(scheme, code.as_deref(), commune_2025) {
            *m.entry(p).or_default() += w * pw;
        }
    }
    let sum: f64 = m.values().sum();
    if sum <= 0.0 {
        return commune_2025.and_then(|c| u.commune(c)).map(|c| c.old_provinces.clone()).unwrap_or_default();
    }
    m.into_iter().map(|(p, w)| (p, w / sum)).collect()
}
