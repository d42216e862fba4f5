//! Synthetic progress snapshots (counts only) for every commune of the country, consistent with
//! the national figures of the January 2025 report (Tổ công tác Đề án 06, BC 290/BC-TCTTKĐA,
//! 04/02/2025; formats.md §4):
//! - over 3 million books and 95.8 million records digitised, 79.3 million approved by the
//!   Ministry's system ("phê duyệt": the `approved` stage, after accepted, exported, uploaded);
//! - 50 pre-2025 provinces basically done; 9 expected in January–February 2025 (Đắk Lắk, Bến Tre,
//!   Vĩnh Phúc, Bắc Ninh, Ninh Bình, Quảng Bình, Hà Giang, Nam Định, Vĩnh Long); 4 late (Quảng
//!   Trị, Quảng Ngãi, Quảng Nam, Kiên Giang); deadline 01/01/2025, figures as of 31/01/2025.
//!
//! - Thái Nguyên: 1,103,450 records digitised, 100 % (the 2022 report, domain.md §5), kept as its
//!   figure exactly.
//!
//! Record volumes follow each province's population (2019 census, [`POPULATION`]), shared among
//! its old communes (towns and wards a little more), not the number of communes.
//!
//! Figures are generated per old (pre-2025) commune — the registries whose books are digitised —
//! from its province's situation, then each 2025 commune receives its old communes (a divided
//! old commune shared by mapping rows, 1/n each) and sends one signed snapshot. The snapshots go
//! through the same verification and import as real ones. Deterministic: loading twice changes
//! nothing.
use super::snapshot::{self, Cell, Point, RegistryCounts, SnapshotPayload, UnitRef};
use super::targets::TargetRow;
use super::units::units;
use super::{day, Counts, StageCounts, CELLS, PERIOD_GROUPS};
use crate::error::Result;
use crate::session::accounts::Role;
use crate::session::Session;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sohoa_refdata::{self as rd, Scheme};
use time::Date;

pub const AS_OF: &str = "2025-01-31";
pub const DEADLINE: &str = "2025-01-01";
const KEYED_TARGET: f64 = 95_836_000.0;
const APPROVED_TARGET: f64 = 79_342_000.0;
const EXPECTED_TOTAL: f64 = 101_000_000.0;
/// Thái Nguyên (pre-2025 code 19): every record digitised, 1,103,450 of them.
pub const THAI_NGUYEN: &str = "19";
pub const THAI_NGUYEN_RECORDS: u64 = 1_103_450;

/// Population of each pre-2025 province in thousands (2019 census, GSO, rounded): the weight of
/// its record volume.
pub const POPULATION: [(&str, u32); 63] = [
    ("01", 8054),
    ("02", 855),
    ("04", 531),
    ("06", 314),
    ("08", 785),
    ("10", 731),
    ("11", 599),
    ("12", 461),
    ("14", 1249),
    ("15", 822),
    ("17", 855),
    ("19", 1287),
    ("20", 782),
    ("22", 1321),
    ("24", 1804),
    ("25", 1464),
    ("26", 1152),
    ("27", 1369),
    ("30", 1893),
    ("31", 2029),
    ("33", 1253),
    ("34", 1861),
    ("35", 853),
    ("36", 1781),
    ("37", 983),
    ("38", 3641),
    ("40", 3328),
    ("42", 1289),
    ("44", 896),
    ("45", 633),
    ("46", 1129),
    ("48", 1135),
    ("49", 1496),
    ("51", 1232),
    ("52", 1487),
    ("54", 873),
    ("56", 1232),
    ("58", 591),
    ("60", 1231),
    ("62", 540),
    ("64", 1514),
    ("66", 1870),
    ("67", 623),
    ("68", 1297),
    ("70", 995),
    ("72", 1170),
    ("74", 2456),
    ("75", 3097),
    ("77", 1149),
    ("79", 8993),
    ("80", 1689),
    ("82", 1765),
    ("83", 1289),
    ("84", 1009),
    ("86", 1023),
    ("87", 1600),
    ("89", 1909),
    ("91", 1723),
    ("92", 1236),
    ("93", 733),
    ("94", 1200),
    ("95", 907),
    ("96", 1194),
];

/// Provinces (pre-2025 codes) still digitising in January 2025.
pub const FINISHING: [&str; 9] = ["66", "83", "26", "27", "37", "44", "02", "36", "86"];
pub const LATE: [&str; 4] = ["45", "51", "49", "91"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Situation {
    Done,
    Finishing,
    Late,
}

fn situation(province: &str) -> Situation {
    if LATE.contains(&province) {
        Situation::Late
    } else if FINISHING.contains(&province) {
        Situation::Finishing
    } else {
        Situation::Done
    }
}

/// Shares of the expected entries by book type (BOOK_TYPES order) and period group (newest first).
const TYPE_SHARE: [f64; 9] = [0.46, 0.19, 0.15, 0.09, 0.02, 0.01, 0.05, 0.015, 0.015];
const GROUP_SHARE: [f64; 5] = [0.16, 0.34, 0.19, 0.23, 0.08];
/// Entries per book by type.
const ENTRIES_PER_BOOK: [f64; 9] = [43.5, 31.0, 27.0, 41.5, 14.5, 9.5, 23.0, 8.5, 9.5];

/// SplitMix64: small, deterministic, good enough for synthetic figures.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.unit()
    }
    /// Roughly log-normal factor around 1.
    fn spread(&mut self, sigma: f64) -> f64 {
        let n: f64 = (0..4).map(|_| self.unit()).sum::<f64>() - 2.0; // ≈ N(0, 0.58)
        (n * sigma / 0.58).exp()
    }
}

/// One old commune's figures.
struct Old {
    code: &'static str,
    unit: &'static rd::AdminUnit,
    /// pre-2025 province code
    province: &'static str,
    /// [cell][stage] entries: expected, keyed, checked, submitted, accepted, exported, uploaded,
    /// approved (by the Ministry)
    entries: Vec<[f64; 8]>,
    draft: f64,
    returned: f64,
    rejected: f64,
    /// curve parameters (days since the series start)
    start: f64,
    finish: f64,
    power: f64,
    done: bool,
}

fn series_days(as_of: Date) -> Vec<Date> {
    let mut d = day::parse("2022-10-03").unwrap_or(as_of); // a Monday
    let mut v = Vec::new();
    while d < as_of {
        v.push(d);
        d = day::add(d, 7);
    }
    v.push(as_of);
    v
}

/// Fraction of the final keyed count reached on day `t` (days since the series start).
fn curve(o: &Old, t: f64, as_of_t: f64) -> f64 {
    if t <= o.start {
        return 0.0;
    }
    if o.done {
        let x = ((t - o.start) / (o.finish - o.start)).clamp(0.0, 1.0);
        return x * x * (3.0 - 2.0 * x);
    }
    let x = ((t - o.start) / (as_of_t - o.start)).clamp(0.0, 1.0);
    x.powf(o.power)
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoLoad {
    pub communes: usize,
    pub imported: usize,
    pub already: usize,
    pub books_inventoried: u64,
    pub books_digitised: u64,
    pub entries_expected: u64,
    pub entries_digitised: u64,
    /// Accepted by the supervisors.
    pub entries_accepted: u64,
    /// Approved by the Ministry's system.
    pub entries_approved: u64,
    pub seconds: f64,
}

/// The synthetic payloads (one per 2025 commune), deterministic.
pub fn national_payloads() -> Vec<SnapshotPayload> {
    let u = units();
    let as_of = day::parse(AS_OF).expect("demo date");
    let start_day = day::parse("2022-10-03").expect("date");
    let as_of_t = (as_of - start_day).whole_days() as f64;
    let mut rng = Rng(0x5_0A0A_2025);
    // 1. every old commune with mapping rows; a province's volume follows its population
    let mut olds: Vec<&'static str> = u.old_to_new.keys().copied().collect();
    olds.sort();
    let prov_of = |code: &str| rd::province_of(Scheme::GsoPre2025, code).map(|p| p.code.as_str()).unwrap_or("");
    let mut per_province: std::collections::HashMap<&str, f64> = Default::default();
    for code in &olds {
        *per_province.entry(prov_of(code)).or_default() += 1.0;
    }
    let population: f64 = POPULATION.iter().map(|p| p.1 as f64).sum();
    let base_of = |prov: &str| {
        let pop = POPULATION.iter().find(|p| p.0 == prov).map(|p| p.1 as f64).unwrap_or(0.0);
        EXPECTED_TOTAL * pop / population / per_province.get(prov).copied().unwrap_or(1.0)
    };
    let mut gen: Vec<Old> = Vec::with_capacity(olds.len());
    for code in olds {
        let Some(unit) = rd::unit(Scheme::GsoPre2025, code) else { continue };
        let prov = rd::province_of(Scheme::GsoPre2025, code).map(|p| p.code.as_str()).unwrap_or("");
        let sit = situation(prov);
        let urban = matches!(unit.unit_type.as_str(), "Phường" | "Thị trấn");
        let expected = base_of(prov) * rng.spread(0.45) * if urban { 1.35 } else { 0.9 };
        let (k_lo, k_hi, a_lo, a_hi) = match sit {
            Situation::Done => (0.955, 1.0, 0.90, 0.96),
            Situation::Finishing => (0.78, 0.93, 0.75, 0.88),
            Situation::Late => (0.42, 0.78, 0.60, 0.80),
        };
        let kf = if prov == THAI_NGUYEN { 1.0 } else { rng.range(k_lo, k_hi).min(1.0) };
        let af = rng.range(a_lo, a_hi);
        // exported of accepted, uploaded of exported, approved of uploaded
        let (x_f, up_f, ap_f) = match sit {
            Situation::Done => ((0.96, 0.99), (0.97, 0.99), (0.95, 0.98)),
            Situation::Finishing => ((0.85, 0.95), (0.90, 0.97), (0.88, 0.95)),
            Situation::Late => ((0.70, 0.90), (0.85, 0.95), (0.80, 0.92)),
        };
        let mut entries = vec![[0.0; 8]; CELLS];
        for (t, ts) in TYPE_SHARE.iter().enumerate() {
            for (g, gs) in GROUP_SHARE.iter().enumerate() {
                let e = expected * ts * gs * rng.spread(0.25);
                // Older books lag behind where the work is not finished.
                let lag = if sit != Situation::Done && g >= 3 { 1.25 } else { 1.0 };
                let k = e * kf.powf(lag);
                let c = k * rng.range(0.975, 0.995);
                let a = k * af;
                let s = (k * rng.range(0.97, 0.99)).max(a);
                let x = a * rng.range(x_f.0, x_f.1);
                let up = x * rng.range(up_f.0, up_f.1);
                let ap = up * rng.range(ap_f.0, ap_f.1);
                entries[t * 5 + g] = [e, k, c.max(s), s, a, x, up, ap];
            }
        }
        let keyed: f64 = entries.iter().map(|c| c[1]).sum();
        let start = rng.range(0.0, if sit == Situation::Done { 330.0 } else { 480.0 });
        let (finish, power) = match sit {
            Situation::Done => (rng.range(510.0, as_of_t - 35.0).max(start + 120.0), 1.0),
            _ => {
                // Recent rate so that the rest takes 10–35 days (finishing) or 90–240 days (late).
                let e: f64 = entries.iter().map(|c| c[0]).sum();
                let days = if sit == Situation::Finishing { rng.range(10.0, 35.0) } else { rng.range(90.0, 240.0) };
                let rate = (e - keyed) / days;
                ((as_of_t), (rate * (as_of_t - start) / keyed.max(1.0)).clamp(1.0, 12.0))
            }
        };
        gen.push(Old {
            code,
            unit,
            province: prov,
            draft: keyed * 0.002,
            returned: keyed * if sit == Situation::Done { 0.0005 } else { 0.003 },
            rejected: keyed * if sit == Situation::Done { 0.0002 } else { 0.001 },
            entries,
            start,
            finish,
            power,
            done: sit == Situation::Done,
        });
    }
    // 2. scale to the national figures: Thái Nguyên to its own, the others to the rest; then the
    // Ministry's approvals to 79.3 million (the stages before them with them, never past keyed).
    let sum_of = |gen: &[Old], tn: bool, stage: usize| -> f64 {
        gen.iter().filter(|o| (o.province == THAI_NGUYEN) == tn).flat_map(|o| o.entries.iter().map(move |c| c[stage])).sum()
    };
    let fk_tn = THAI_NGUYEN_RECORDS as f64 / sum_of(&gen, true, 1).max(1.0);
    let fk = (KEYED_TARGET - THAI_NGUYEN_RECORDS as f64) / sum_of(&gen, false, 1).max(1.0);
    for o in gen.iter_mut() {
        let f = if o.province == THAI_NGUYEN { fk_tn } else { fk };
        for c in o.entries.iter_mut() {
            for v in c.iter_mut() {
                *v *= f;
            }
        }
        o.draft *= f;
        o.returned *= f;
        o.rejected *= f;
    }
    let approved = sum_of(&gen, true, 7) + sum_of(&gen, false, 7);
    let fa = APPROVED_TARGET / approved.max(1.0);
    for o in gen.iter_mut() {
        for c in o.entries.iter_mut() {
            for s in 4..8 {
                c[s] = (c[s] * fa).min(c[s - 1]);
            }
        }
    }
    // 3. one payload per 2025 commune
    let days = series_days(as_of);
    let day_t: Vec<f64> = days.iter().map(|d| (*d - start_day).whole_days() as f64).collect();
    let index: std::collections::HashMap<&str, usize> = gen.iter().enumerate().map(|(i, o)| (o.code, i)).collect();
    let lags = [0.0, 7.0, 14.0, 24.0, 38.0];
    let mut out = Vec::with_capacity(u.communes.len());
    for c in &u.communes {
        let mut cells = vec![[0.0f64; 8]; CELLS];
        let (mut draft, mut returned, mut rejected) = (0.0, 0.0, 0.0);
        let mut registries = Vec::new();
        let mut series = vec![[0.0f64; 5]; days.len()];
        for (old, w) in &c.old_communes {
            let Some(&i) = index.get(old) else { continue };
            let o = &gen[i];
            let mut reg = [0.0f64; 8];
            for (k, cell) in o.entries.iter().enumerate() {
                for s in 0..8 {
                    cells[k][s] += cell[s] * w;
                    reg[s] += cell[s] * w;
                }
            }
            draft += o.draft * w;
            returned += o.returned * w;
            rejected += o.rejected * w;
            let reg_books: f64 = o.entries.iter().enumerate().map(|(k, e)| e[0] * w / ENTRIES_PER_BOOK[k / 5]).sum();
            let reg_books_keyed: f64 = o.entries.iter().enumerate().map(|(k, e)| e[1] * w / ENTRIES_PER_BOOK[k / 5]).sum();
            let reg_books_acc: f64 = o.entries.iter().enumerate().map(|(k, e)| e[4] * w / ENTRIES_PER_BOOK[k / 5]).sum();
            registries.push(RegistryCounts {
                scheme: "gso_pre2025".into(),
                code: Some(o.code.to_string()),
                name: format!("UBND {} {}", o.unit.unit_type.to_lowercase(), o.unit.short_name()),
                books: StageCounts {
                    inventoried: reg_books.round() as u64,
                    keyed: reg_books_keyed.floor() as u64,
                    accepted: reg_books_acc.floor() as u64,
                    ..Default::default()
                },
                entries: StageCounts::from_f64(&reg),
            });
            // stage s of the series: the final count × the curve, later stages lagging behind
            let finals: [f64; 5] = std::array::from_fn(|s| o.entries.iter().map(|e| e[s + 1]).sum::<f64>() * w);
            for (s, fin) in finals.iter().enumerate() {
                let norm = curve(o, as_of_t - lags[s], as_of_t).max(1e-9);
                for (di, t) in day_t.iter().enumerate() {
                    let v = if di + 1 == days.len() { *fin } else { fin * (curve(o, t - lags[s], as_of_t) / norm).min(1.0) };
                    series[di][s] += v;
                }
            }
        }
        let cells: Vec<Cell> = cells
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let epb = ENTRIES_PER_BOOK[k / 5];
                let entries = StageCounts::from_f64(e);
                let books_inv = (e[0] / epb).round() as u64;
                let book = |x: f64| ((x / e[0].max(1e-9)) * books_inv as f64).floor() as u64;
                Cell {
                    book_type: crate::BookType::ALL[k / 5],
                    period_group: PERIOD_GROUPS[k % 5].into(),
                    counts: Counts {
                        books: StageCounts {
                            inventoried: books_inv,
                            keyed: book(e[1]),
                            checked: book(e[2]),
                            submitted: book(e[3]),
                            accepted: book(e[4]),
                            exported: book(e[5]),
                            ..Default::default()
                        },
                        books_opened: book(e[1] / 0.97).min(books_inv),
                        entries,
                        draft: (draft / CELLS as f64).round() as u64,
                        returned: (returned / CELLS as f64).round() as u64,
                        rejected: (rejected / CELLS as f64).round() as u64,
                    },
                }
            })
            .collect();
        let mut pts: Vec<Point> = Vec::with_capacity(days.len());
        for (di, d) in days.iter().enumerate() {
            let v = series[di];
            let mut r = [0u64; 5];
            for s in 0..5 {
                r[s] = v[s].round() as u64;
                if s > 0 {
                    r[s] = r[s].min(r[s - 1]);
                }
                if let Some(prev) = pts.last() {
                    let pv = [prev.1, prev.2, prev.3, prev.4, prev.5];
                    r[s] = r[s].max(pv[s]).min(if s > 0 { r[s - 1] } else { u64::MAX });
                }
            }
            pts.push(Point(day::format(*d), r[0], r[1], r[2], r[3], r[4]));
        }
        out.push(SnapshotPayload {
            format: snapshot::FORMAT.into(),
            version: snapshot::VERSION,
            workspace_id: format!("demo-{}", c.unit.code),
            commune: UnitRef { scheme: "qd19_2025".into(), code: c.unit.code.clone(), name: c.unit.name.clone() },
            generated_at: format!("{AS_OF}T10:00:00.000Z"),
            as_of: AS_OF.into(),
            software: "sohoa demo".into(),
            cells,
            registries,
            series: pts,
        });
    }
    keep_thai_nguyen_exact(&mut out);
    out
}

/// Rounding each cell of each commune moves Thái Nguyên's total by a few records: the
/// difference goes to the largest cell of one commune wholly in the old province (share 1), so
/// the 63-province row reads exactly [`THAI_NGUYEN_RECORDS`] digitised, all of its inventory.
fn keep_thai_nguyen_exact(out: &mut [SnapshotPayload]) {
    let u = units();
    let whole = |p: &SnapshotPayload| {
        !p.registries.is_empty()
            && p.registries
                .iter()
                .all(|r| r.code.as_deref().and_then(|c| rd::province_of(Scheme::GsoPre2025, c)).is_some_and(|pr| pr.code == THAI_NGUYEN))
    };
    let mut total = 0.0f64;
    for p in out.iter() {
        let regs: Vec<(String, Option<String>, u64)> =
            p.registries.iter().map(|r| (r.scheme.clone(), r.code.clone(), r.entries.inventoried.max(r.entries.keyed))).collect();
        let share: f64 = super::units::old_province_shares(&regs, u.commune_2025_of(&p.commune.scheme, &p.commune.code))
            .iter()
            .filter(|(pr, _)| *pr == THAI_NGUYEN)
            .map(|(_, w)| *w as f32 as f64)
            .sum();
        total += share * p.cells.iter().map(|c| c.counts.entries.keyed as f64).sum::<f64>();
    }
    let diff = THAI_NGUYEN_RECORDS as i64 - total.round() as i64;
    let Some(p) = out.iter_mut().find(|p| whole(p)) else { return };
    let Some(cell) = p.cells.iter_mut().max_by_key(|c| c.counts.entries.keyed) else { return };
    let e = &mut cell.counts.entries;
    e.keyed = e.keyed.saturating_add_signed(diff).max(e.checked);
    e.inventoried = e.inventoried.max(e.keyed);
    if let Some(last) = p.series.last_mut() {
        last.1 = last.1.saturating_add_signed(diff).max(last.2);
    }
}

/// Targets of the demo: one row per pre-2025 province and one per old commune (its inventory,
/// deadline 01/01/2025). The old communes' rows give each 2025 commune a target equal to its own
/// inventory (a province's row alone would be shared equally among its communes, making every
/// commune larger than the average look late in a province that is done).
pub fn national_targets(payloads: &[SnapshotPayload]) -> Vec<TargetRow> {
    let u = units();
    let mut per: std::collections::BTreeMap<&str, (f64, f64)> = Default::default();
    let mut per_old: std::collections::BTreeMap<String, (f64, f64, String)> = Default::default();
    for p in payloads {
        for r in &p.registries {
            let Some(code) = r.code.as_deref() else { continue };
            for (prov, w) in u.old_provinces_of_registry(&r.scheme, Some(code), None) {
                let e = per.entry(prov).or_default();
                e.0 += r.books.inventoried as f64 * w;
                e.1 += r.entries.inventoried as f64 * w;
            }
            if r.scheme == "gso_pre2025" {
                let e = per_old.entry(code.to_string()).or_insert_with(|| (0.0, 0.0, r.name.clone()));
                e.0 += r.books.inventoried as f64;
                e.1 += r.entries.inventoried as f64;
            }
        }
    }
    let row = |code: String, name: String, books: f64, records: f64| TargetRow {
        unit_scheme: "gso_pre2025".into(),
        unit_code: code,
        unit_name: name,
        book_type: "*".into(),
        period_group: "*".into(),
        target_books: Some(books.round() as u64),
        target_records: Some(records.round() as u64),
        deadline: DEADLINE.into(),
        source: "demo".into(),
        imported_at: String::new(),
    };
    per.into_iter()
        .map(|(code, (books, records))| row(code.into(), u.province_pre2025_name(code).unwrap_or("").into(), books, records))
        .chain(per_old.into_iter().map(|(code, (books, records, name))| row(code, name, books, records)))
        .collect()
}

/// Loads synthetic progress snapshots for every 2025 commune of the country (and the matching
/// per-province targets) into this workspace, for the supervisor's national view. Signed with
/// a fixed demo key and imported through the normal verification; idempotent. Supervisors only.
pub fn load_national_demo_snapshots(s: &mut Session) -> Result<DemoLoad> {
    s.require_role(Role::Supervisor)?;
    let started = std::time::Instant::now();
    let payloads = national_payloads();
    let seed: [u8; 32] = Sha256::digest(b"sohoa demo progress snapshots").into();
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let mut verified = Vec::with_capacity(payloads.len());
    for p in &payloads {
        let signed = snapshot::sign_payload(&key, p)?;
        let bytes = serde_json::to_vec(&signed).map_err(|e| crate::CoreError::Internal(e.to_string()))?;
        let mut v = snapshot::verify_file(&bytes)?;
        v.text = String::new(); // synthetic: the signed file is not kept
        verified.push(v);
    }
    let own = s.workspace().workspace_id.clone();
    let (imported, already) = s.write(|w| {
        let (mut imported, mut already) = (0, 0);
        for v in &verified {
            match snapshot::store(w, v, "demo", &own)? {
                "already_imported" => already += 1,
                _ => imported += 1,
            }
        }
        w.audit("progress.demo_load", "progress_snapshot", None, serde_json::json!({"communes": verified.len(), "imported": imported}))?;
        Ok((imported, already))
    })?;
    let targets = national_targets(&payloads);
    let existing = super::targets::progress_targets(s.conn())?;
    // Units that already have a target (the demo commune's own, or an earlier load) keep it.
    let have: std::collections::HashSet<(&str, &str)> = existing.iter().map(|e| (e.unit_scheme.as_str(), e.unit_code.as_str())).collect();
    let missing: Vec<TargetRow> = targets.into_iter().filter(|t| !have.contains(&(t.unit_scheme.as_str(), t.unit_code.as_str()))).collect();
    if !missing.is_empty() {
        super::targets::store_targets(s, "demo", &missing)?;
    }
    let mut load = DemoLoad {
        communes: payloads.len(),
        imported,
        already,
        books_inventoried: 0,
        books_digitised: 0,
        entries_expected: 0,
        entries_digitised: 0,
        entries_accepted: 0,
        entries_approved: 0,
        seconds: 0.0,
    };
    for p in &payloads {
        for c in &p.cells {
            load.books_inventoried += c.counts.books.inventoried;
            load.books_digitised += c.counts.books.keyed;
            load.entries_expected += c.counts.entries.inventoried;
            load.entries_digitised += c.counts.entries.keyed;
            load.entries_accepted += c.counts.entries.accepted;
            load.entries_approved += c.counts.entries.approved;
        }
    }
    load.seconds = started.elapsed().as_secs_f64();
    Ok(load)
}
