//! Administrative units in two coding schemes and the 2025 old→new conversion.
//!
//! * [`Scheme::GsoPre2025`]: the 63-province / district / commune list with GSO
//!   codes (province 2 digits, district 3, commune 5). It holds every unit of
//!   the list in force on 30/06/2025 ([`UnitStatus::Active`]) plus the units of
//!   the earlier GSO list (c. 2021) that were merged away between then and
//!   30/06/2025 ([`UnitStatus::Dissolved`]), so codes written in older
//!   registers still resolve.
//! * [`Scheme::Qd19_2025`]: the 34-province / 3,321-commune list of
//!   QĐ 19/2025/QĐ-TTg, in force from 01/07/2025, no district level.
//!
//! A 5-digit code means different units in the two schemes (`00004` is
//! Phường Trúc Bạch before and Phường Ba Đình after the reform): always keep
//! `(scheme, code)` together.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::{fold, parse_csv};

static GSO_PRE2025_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/admin_units_gso_pre2025.csv.gz"));
static QD19_2025_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/admin_units_qd19_2025.csv.gz"));
static MAP_2025_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/admin_map_2025.csv.gz"));
static PROVINCE_MAP_2025: &str = include_str!("../data/province_map_2025.csv");

/// Coding scheme of administrative units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scheme {
    /// GSO codes, 63 provinces with districts (before 01/07/2025).
    #[serde(rename = "gso_pre2025")]
    GsoPre2025,
    /// Codes of QĐ 19/2025/QĐ-TTg, 34 provinces, no districts (from 01/07/2025).
    #[serde(rename = "qd19_2025")]
    Qd19_2025,
}

impl Scheme {
    pub const ALL: [Scheme; 2] = [Scheme::GsoPre2025, Scheme::Qd19_2025];

    /// `"gso_pre2025"` or `"qd19_2025"` (the spelling used in files, see formats.md §4).
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::GsoPre2025 => "gso_pre2025",
            Scheme::Qd19_2025 => "qd19_2025",
        }
    }

    /// Version of the shipped unit list of this scheme.
    pub fn data_version(self) -> &'static str {
        crate::data_version(match self {
            Scheme::GsoPre2025 => crate::DataSet::AdminUnitsGsoPre2025,
            Scheme::Qd19_2025 => crate::DataSet::AdminUnitsQd19_2025,
        })
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error of [`Scheme::from_str`] / [`Level::from_str`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    pub what: &'static str,
    pub input: String,
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {}: {:?}", self.what, self.input)
    }
}

impl std::error::Error for ParseEnumError {}

impl FromStr for Scheme {
    type Err = ParseEnumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "gso_pre2025" => Ok(Scheme::GsoPre2025),
            "qd19_2025" => Ok(Scheme::Qd19_2025),
            other => Err(ParseEnumError { what: "unit scheme", input: other.to_string() }),
        }
    }
}

/// Level of an administrative unit. [`Scheme::Qd19_2025`] has no districts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    District,
    Commune,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = ParseEnumError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "province" => Ok(Level::Province),
            "district" => Ok(Level::District),
            "commune" => Ok(Level::Commune),
            other => Err(ParseEnumError { what: "unit level", input: other.to_string() }),
        }
    }
}

/// Whether a unit was still in the list on the scheme's reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitStatus {
    /// In the list (for `gso_pre2025`: on 30/06/2025).
    Active,
    /// Only in the older GSO list (c. 2021): merged into another unit before
    /// 30/06/2025. See [`AdminUnit::successor_code`].
    Dissolved,
}

/// One administrative unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUnit {
    pub scheme: Scheme,
    pub level: Level,
    /// GSO / QĐ 19 code: 2 digits (province), 3 (district), 5 (commune).
    pub code: String,
    /// Official name with its type, e.g. `"Phường Phúc Xá"`, `"Thành phố Hà Nội"`.
    pub name: String,
    /// The type word of the name: `Tỉnh`, `Thành phố`, `Quận`, `Huyện`, `Thị xã`,
    /// `Phường`, `Xã`, `Thị trấn`, `Đặc khu`.
    pub unit_type: String,
    /// Code of the parent unit (district for a pre-2025 commune, province for a
    /// district or a 2025 commune); `None` for provinces.
    pub parent_code: Option<String>,
    pub status: UnitStatus,
    /// Earlier official name under the same code (older GSO list), when it
    /// differed by more than spelling; searchable.
    pub former_name: Option<String>,
    /// For a dissolved commune: the 30/06/2025 commune it was merged into, when
    /// that could be determined (see data/NOTICE.md).
    pub successor_code: Option<String>,
}

impl AdminUnit {
    /// The name without its type word: `"Phúc Xá"` for `"Phường Phúc Xá"`.
    pub fn short_name(&self) -> &str {
        self.name.strip_prefix(self.unit_type.as_str()).map(str::trim_start).unwrap_or(&self.name)
    }
}

/// How an old commune was absorbed by a new one (derived from the conversion
/// table: a commune with a single 2025 target was merged whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MergeType {
    /// The whole old unit went into this new commune ("Nhập toàn bộ").
    Whole,
    /// The old unit was divided; this new commune received a part ("Nhập một phần").
    Partial,
}

impl MergeType {
    /// Vietnamese wording of the official conversion table.
    pub fn label(self) -> &'static str {
        match self {
            MergeType::Whole => "Nhập toàn bộ",
            MergeType::Partial => "Nhập một phần",
        }
    }
}

/// Where a mapping row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MappingBasis {
    /// The 2025 conversion table (old commune of the 30/06/2025 list).
    Conversion,
    /// A commune dissolved before 30/06/2025: the conversion of its successor.
    Successor,
    /// An island district without communes that became a đặc khu.
    IslandDistrict,
}

/// One old→new row. An old commune split between several new communes has
/// several rows (one per new commune).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneMapping {
    /// Code in [`Scheme::GsoPre2025`].
    pub old_code: String,
    /// `Commune`, or `District` for the island districts without communes.
    pub old_level: Level,
    /// Commune code in [`Scheme::Qd19_2025`].
    pub new_code: String,
    pub merge_type: MergeType,
    /// For a split commune: the new commune a single best guess should pick
    /// (heuristic of the `vietnamadminunits` package, not official); always
    /// true for whole merges.
    pub primary_guess: bool,
    pub basis: MappingBasis,
}

impl CommuneMapping {
    /// The new commune.
    pub fn new_unit(&self) -> Option<&'static AdminUnit> {
        unit(Scheme::Qd19_2025, &self.new_code)
    }
}

struct SchemeData {
    units: Vec<AdminUnit>,
    by_code: HashMap<u64, usize>,
    children: HashMap<u64, Vec<usize>>,
    /// folded names per unit, for [`search`]; built on the first search
    folded: OnceLock<Vec<Folded>>,
}

/// Hash key of a numeric code that keeps its length (`"01"` ≠ `"001"`).
fn code_key(code: &str) -> Option<u64> {
    let c = code.trim();
    if c.is_empty() || c.len() > 9 || !c.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(((c.len() as u64) << 40) | c.parse::<u64>().ok()?)
}

struct Folded {
    full: String,
    short: String,
    former: String,
    full_c: String,
    short_c: String,
    former_c: String,
}

impl Folded {
    fn new(u: &AdminUnit) -> Self {
        let compact = |s: &str| s.replace(' ', "");
        let full = fold(&u.name);
        let short = fold(u.short_name());
        let former = u.former_name.as_deref().map(fold).unwrap_or_default();
        Folded { full_c: compact(&full), short_c: compact(&short), former_c: compact(&former), full, short, former }
    }

    /// 0 exact, 1 prefix, 2 substring, 3 substring ignoring spaces, 4 former name
    fn rank(&self, q: &str, qc: &str) -> Option<u8> {
        if self.full == q || self.short == q || self.full_c == qc || self.short_c == qc {
            Some(0)
        } else if self.short.starts_with(q) || self.full.starts_with(q) || self.short_c.starts_with(qc) {
            Some(1)
        } else if self.full.contains(q) {
            Some(2)
        } else if self.full_c.contains(qc) {
            Some(3)
        } else if !self.former.is_empty() && (self.former.contains(q) || self.former_c.contains(qc)) {
            Some(4)
        } else {
            None
        }
    }
}

struct MapData {
    rows: Vec<CommuneMapping>,
    /// (level, code key) -> row range
    by_old: HashMap<(Level, u64), (usize, usize)>,
    by_new: HashMap<u64, Vec<usize>>,
    provinces: HashMap<String, String>,
}

fn gunzip(bytes: &[u8]) -> String {
    let mut s = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut s).expect("embedded gzip data");
    s
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn load_scheme(scheme: Scheme) -> SchemeData {
    let text = gunzip(match scheme {
        Scheme::GsoPre2025 => GSO_PRE2025_GZ,
        Scheme::Qd19_2025 => QD19_2025_GZ,
    });
    let (header, records) = parse_csv(&text);
    let col = |name: &str| header.iter().position(|h| h == name);
    let (c_level, c_code, c_name, c_type, c_parent) = (
        col("level").expect("level"),
        col("code").expect("code"),
        col("name").expect("name"),
        col("type").expect("type"),
        col("parent_code").expect("parent_code"),
    );
    let (c_status, c_former, c_succ) = (col("status"), col("former_name"), col("successor_code"));
    let mut units = Vec::with_capacity(records.len());
    for mut r in records {
        let get = |r: &mut Vec<String>, c: Option<usize>| c.map(|c| std::mem::take(&mut r[c])).unwrap_or_default();
        let level: Level = r[c_level].parse().expect("level");
        let status = match get(&mut r, c_status).as_str() {
            "" | "active" => UnitStatus::Active,
            "dissolved" => UnitStatus::Dissolved,
            other => panic!("bad status {other}"),
        };
        units.push(AdminUnit {
            scheme,
            level,
            code: std::mem::take(&mut r[c_code]),
            name: std::mem::take(&mut r[c_name]),
            unit_type: std::mem::take(&mut r[c_type]),
            parent_code: opt(&r[c_parent]),
            status,
            former_name: opt(&get(&mut r, c_former)),
            successor_code: opt(&get(&mut r, c_succ)),
        });
    }
    let mut by_code = HashMap::with_capacity(units.len());
    let mut children: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        by_code.insert(code_key(&u.code).expect("numeric code"), i);
        if let Some(p) = &u.parent_code {
            children.entry(code_key(p).expect("numeric parent code")).or_default().push(i);
        }
    }
    let folded = OnceLock::new();
    SchemeData { units, by_code, children, folded }
}

fn scheme_data(scheme: Scheme) -> &'static SchemeData {
    static GSO: OnceLock<SchemeData> = OnceLock::new();
    static QD19: OnceLock<SchemeData> = OnceLock::new();
    match scheme {
        Scheme::GsoPre2025 => GSO.get_or_init(|| load_scheme(Scheme::GsoPre2025)),
        Scheme::Qd19_2025 => QD19.get_or_init(|| load_scheme(Scheme::Qd19_2025)),
    }
}

fn map_data() -> &'static MapData {
    static MAP: OnceLock<MapData> = OnceLock::new();
    MAP.get_or_init(|| {
        let text = gunzip(MAP_2025_GZ);
        let (header, records) = parse_csv(&text);
        assert_eq!(header, ["old_code", "old_level", "new_code", "merge_type", "primary_guess", "basis"]);
        let rows: Vec<CommuneMapping> = records
            .into_iter()
            .map(|mut r| CommuneMapping {
                old_code: std::mem::take(&mut r[0]),
                old_level: r[1].parse().expect("old_level"),
                new_code: std::mem::take(&mut r[2]),
                merge_type: match r[3].as_str() {
                    "whole" => MergeType::Whole,
                    "partial" => MergeType::Partial,
                    other => panic!("bad merge_type {other}"),
                },
                primary_guess: r[4] == "1",
                basis: match r[5].as_str() {
                    "conversion" => MappingBasis::Conversion,
                    "successor" => MappingBasis::Successor,
                    "island_district" => MappingBasis::IslandDistrict,
                    other => panic!("bad basis {other}"),
                },
            })
            .collect();
        // the file is grouped by old unit, primary guess first (build_admin_units.py)
        let mut by_old: HashMap<(Level, u64), (usize, usize)> = HashMap::new();
        let mut by_new: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let old = code_key(&r.old_code).expect("numeric old code");
            let range = by_old.entry((r.old_level, old)).or_insert((i, i));
            assert_eq!(range.1, i, "admin_map_2025.csv not grouped by old unit at row {i}");
            range.1 = i + 1;
            by_new.entry(code_key(&r.new_code).expect("numeric new code")).or_default().push(i);
        }
        let (h, p) = parse_csv(PROVINCE_MAP_2025);
        assert_eq!(h, ["old_code", "new_code"]);
        let provinces = p.into_iter().map(|mut r| (std::mem::take(&mut r[0]), std::mem::take(&mut r[1]))).collect();
        MapData { rows, by_old, by_new, provinces }
    })
}

/// All units of a scheme, provinces first, then districts, then communes,
/// each level ordered by code.
pub fn units(scheme: Scheme) -> &'static [AdminUnit] {
    &scheme_data(scheme).units
}

/// The unit with this code (2, 3 or 5 digits) in the scheme.
pub fn unit(scheme: Scheme, code: &str) -> Option<&'static AdminUnit> {
    let d = scheme_data(scheme);
    d.by_code.get(&code_key(code)?).map(|&i| &d.units[i])
}

/// Units of one level.
pub fn units_at(scheme: Scheme, level: Level) -> impl Iterator<Item = &'static AdminUnit> {
    units(scheme).iter().filter(move |u| u.level == level)
}

/// Direct children (districts of a province, communes of a district or of a
/// 2025 province), ordered by code.
pub fn children(scheme: Scheme, code: &str) -> Vec<&'static AdminUnit> {
    let d = scheme_data(scheme);
    code_key(code).and_then(|k| d.children.get(&k)).map(|v| v.iter().map(|&i| &d.units[i]).collect()).unwrap_or_default()
}

/// The province a unit belongs to (the unit itself for a province).
pub fn province_of(scheme: Scheme, code: &str) -> Option<&'static AdminUnit> {
    let mut u = unit(scheme, code)?;
    for _ in 0..3 {
        if u.level == Level::Province {
            return Some(u);
        }
        u = unit(scheme, u.parent_code.as_deref()?)?;
    }
    None
}

/// The district of a pre-2025 commune (`None` in `qd19_2025`).
pub fn district_of(scheme: Scheme, commune_code: &str) -> Option<&'static AdminUnit> {
    let u = unit(scheme, commune_code)?;
    match u.level {
        Level::District => Some(u),
        Level::Commune => unit(scheme, u.parent_code.as_deref()?).filter(|p| p.level == Level::District),
        Level::Province => None,
    }
}

/// Every commune of a province (through its districts in `gso_pre2025`),
/// ordered by code; includes dissolved communes (check [`AdminUnit::status`]).
pub fn communes_in_province(scheme: Scheme, province_code: &str) -> Vec<&'static AdminUnit> {
    let mut out = Vec::new();
    for c in children(scheme, province_code) {
        match c.level {
            Level::Commune => out.push(c),
            Level::District => out.extend(children(scheme, &c.code).into_iter().filter(|u| u.level == Level::Commune)),
            Level::Province => {}
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

/// Case- and diacritic-insensitive substring search on unit names (current and
/// former), for a typeahead. `"phuc xa"`, `"Phúc Xá"`, `"PHUC XA"` and
/// `"phucxa"` all find Phường Phúc Xá. Best matches first: exact name (with or
/// without its type word), then names starting with the query, then other
/// substrings, then matches on former names; active units before dissolved ones,
/// provinces before districts before communes, then by code.
pub fn search(scheme: Scheme, query: &str, limit: usize) -> Vec<&'static AdminUnit> {
    search_filtered(scheme, query, limit, |_| true)
}

/// [`search`] restricted to the units accepted by `filter` (e.g. one level, or
/// the communes of one province).
pub fn search_filtered(scheme: Scheme, query: &str, limit: usize, filter: impl Fn(&AdminUnit) -> bool) -> Vec<&'static AdminUnit> {
    let q = fold(query);
    if q.is_empty() || limit == 0 {
        return Vec::new();
    }
    let d = scheme_data(scheme);
    let qc = q.replace(' ', "");
    let folded = d.folded.get_or_init(|| d.units.iter().map(Folded::new).collect());
    let mut hits: Vec<(u8, u8, Level, &str, usize)> = Vec::new();
    for (i, f) in folded.iter().enumerate() {
        let Some(rank) = f.rank(&q, &qc) else {
            continue;
        };
        let u = &d.units[i];
        if !filter(u) {
            continue;
        }
        let dissolved = u8::from(u.status == UnitStatus::Dissolved);
        hits.push((rank, dissolved, u.level, u.code.as_str(), i));
    }
    hits.sort_unstable();
    hits.into_iter().take(limit).map(|h| &d.units[h.4]).collect()
}

/// The 2025 commune(s) an old (`gso_pre2025`) commune went to. Several rows
/// when the old commune was divided ([`MergeType::Partial`]); the row with
/// `primary_guess` comes first. Empty when the code is unknown or could not
/// be mapped.
pub fn map_commune_to_2025(old_code: &str) -> &'static [CommuneMapping] {
    map_unit_to_2025(Level::Commune, old_code)
}

/// The đặc khu an island district without communes (Bạch Long Vĩ, Cồn Cỏ,
/// Hoàng Sa, Lý Sơn, Côn Đảo) became. Empty for other districts: a
/// district's communes are mapped one by one.
pub fn map_district_to_2025(old_code: &str) -> &'static [CommuneMapping] {
    map_unit_to_2025(Level::District, old_code)
}

fn map_unit_to_2025(level: Level, code: &str) -> &'static [CommuneMapping] {
    let m = map_data();
    match code_key(code).and_then(|k| m.by_old.get(&(level, k))) {
        Some(&(a, b)) => &m.rows[a..b],
        None => &[],
    }
}

/// All old units that went (wholly or in part) into a 2025 commune: the
/// registries whose books the new commune inherits.
pub fn map_2025_to_old(new_code: &str) -> Vec<&'static CommuneMapping> {
    let m = map_data();
    code_key(new_code).and_then(|k| m.by_new.get(&k)).map(|v| v.iter().map(|&i| &m.rows[i]).collect()).unwrap_or_default()
}

/// Every old→new row.
pub fn commune_mappings() -> &'static [CommuneMapping] {
    &map_data().rows
}

/// The 2025 province an old (63-province) province was merged into.
pub fn map_province_to_2025(old_code: &str) -> Option<&'static AdminUnit> {
    let new = map_data().provinces.get(old_code.trim())?;
    unit(Scheme::Qd19_2025, new)
}

/// The old provinces merged into a 2025 province, ordered by code.
pub fn provinces_merged_into(new_code: &str) -> Vec<&'static AdminUnit> {
    let mut v: Vec<&AdminUnit> = map_data()
        .provinces
        .iter()
        .filter(|(_, n)| n.as_str() == new_code.trim())
        .filter_map(|(o, _)| unit(Scheme::GsoPre2025, o))
        .collect();
    v.sort_by(|a, b| a.code.cmp(&b.code));
    v
}

/// Parses everything of this module once (called by [`crate::load_all`]).
pub(crate) fn load() {
    for s in Scheme::ALL {
        scheme_data(s);
    }
    map_data();
}
