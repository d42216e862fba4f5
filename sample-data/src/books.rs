//! Register books: which events of the population each book holds, and each entry's fields as a
//! clerk would key them from the page (values as written, enum fields as template codes).
use crate::people::{Person, Population, Registration};
use crate::places;
use crate::util::{chance, pick, random_day_between, stream, weighted, Ymd, R};
use crate::{names, words, SampleBook, SampleEntry};
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::HashMap;

/// How far the commune has got with a book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Profile {
    /// Done long ago: exported and accepted.
    Exported,
    /// Finished and checked: ready for a batch.
    AllChecked,
    /// Finished keying, not yet checked.
    AllKeyed,
    /// Half-way through review.
    Mixed,
    /// Keying in progress (about half the book keyed).
    InProgress,
    /// Submitted to the supervisor, some returned.
    Submitted,
    /// Mostly accepted.
    AcceptedMost,
}

impl Profile {
    pub fn keyed_fraction(self) -> f64 {
        match self {
            Profile::Mixed => 0.8,
            Profile::InProgress => 0.45,
            _ => 1.0,
        }
    }

    /// Statuses of the keyed entries in book order (most advanced first).
    fn statuses(self, n: usize, rng: &mut R) -> Vec<&'static str> {
        let plan: &[(&str, f64)] = match self {
            Profile::Exported => &[("exported", 0.55), ("accepted", 0.35), ("submitted", 0.07), ("checked", 0.03)],
            Profile::AllChecked => &[("checked", 1.0)],
            Profile::AllKeyed => &[("keyed", 1.0)],
            Profile::Mixed => &[("accepted", 0.40), ("submitted", 0.22), ("checked", 0.15), ("keyed", 0.17), ("draft", 0.06)],
            Profile::InProgress => &[("checked", 0.25), ("keyed", 0.63), ("draft", 0.12)],
            Profile::Submitted => &[("accepted", 0.2), ("submitted", 0.6), ("checked", 0.2)],
            Profile::AcceptedMost => &[("exported", 0.2), ("accepted", 0.6), ("submitted", 0.12), ("checked", 0.08)],
        };
        let mut out = Vec::with_capacity(n);
        let mut acc = 0.0;
        for (i, (s, f)) in plan.iter().enumerate() {
            acc += f;
            let upto = if i + 1 == plan.len() { n } else { ((acc * n as f64).round() as usize).min(n) };
            while out.len() < upto {
                out.push(*s);
            }
        }
        // The supervisor sends a few back.
        let submitted: Vec<usize> = out.iter().enumerate().filter(|(_, s)| **s == "submitted").map(|(i, _)| i).collect();
        if !submitted.is_empty() {
            let k = ((submitted.len() as f64) * 0.15).ceil() as usize;
            for &i in submitted.choose_multiple(rng, k) {
                out[i] = "returned";
            }
        }
        out
    }
}

/// One book of the plan.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spec {
    pub t: &'static str,
    pub r: u8,
    pub from: i32,
    pub to: i32,
    pub weight: f64,
    pub profile: Profile,
    pub per_page: u32,
}

/// The books of the demo commune, most important first; `SampleConfig::books` takes a prefix.
pub(crate) const SPECS: &[Spec] = &[
    Spec { t: "KS", r: 0, from: 1976, to: 1984, weight: 420.0, profile: Profile::Exported, per_page: 3 },
    Spec { t: "KS", r: 0, from: 1985, to: 1998, weight: 400.0, profile: Profile::AllChecked, per_page: 3 },
    Spec { t: "KS", r: 1, from: 1972, to: 1975, weight: 170.0, profile: Profile::InProgress, per_page: 3 },
    Spec { t: "KS", r: 0, from: 2010, to: 2015, weight: 330.0, profile: Profile::Mixed, per_page: 3 },
    Spec { t: "KT", r: 0, from: 1980, to: 1998, weight: 260.0, profile: Profile::AcceptedMost, per_page: 4 },
    Spec { t: "KT", r: 1, from: 2008, to: 2015, weight: 200.0, profile: Profile::AllChecked, per_page: 4 },
    Spec { t: "KH", r: 0, from: 1990, to: 1998, weight: 240.0, profile: Profile::Mixed, per_page: 3 },
    Spec { t: "KH", r: 1, from: 2006, to: 2015, weight: 180.0, profile: Profile::AllKeyed, per_page: 3 },
    Spec { t: "HN", r: 0, from: 2012, to: 2015, weight: 170.0, profile: Profile::Mixed, per_page: 4 },
    Spec { t: "CMC", r: 0, from: 2007, to: 2015, weight: 40.0, profile: Profile::AcceptedMost, per_page: 3 },
    Spec { t: "TDCC", r: 0, from: 2009, to: 2015, weight: 90.0, profile: Profile::Submitted, per_page: 3 },
    Spec { t: "GH", r: 1, from: 1999, to: 2015, weight: 30.0, profile: Profile::InProgress, per_page: 3 },
    Spec { t: "KS", r: 1, from: 1994, to: 1998, weight: 300.0, profile: Profile::Mixed, per_page: 3 },
    Spec { t: "LH", r: 0, from: 2000, to: 2015, weight: 20.0, profile: Profile::AllKeyed, per_page: 3 },
    Spec { t: "NCN", r: 1, from: 1999, to: 2015, weight: 15.0, profile: Profile::Submitted, per_page: 3 },
    Spec { t: "KS", r: 1, from: 2002, to: 2005, weight: 250.0, profile: Profile::InProgress, per_page: 3 },
];

/// The KS book the earlier spreadsheet (formats.md §2) was keyed from: registry 0, 1999–2001.
pub(crate) const SPREADSHEET_BOOK: Spec =
    Spec { t: "KS", r: 0, from: 1999, to: 2005, weight: 0.0, profile: Profile::AllKeyed, per_page: 3 };

pub fn period_group(year: i32) -> &'static str {
    match year {
        ..=1975 => "<=1975",
        1976..=1998 => "1976-1998",
        1999..=2005 => "1999-2005",
        2006..=2015 => "2006-2015",
        _ => "2016-2019",
    }
}

/// Legal regime of a registration year (layout and available fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Regime {
    Pre1976,
    Old,
    Nd83,
    Nd158,
}

pub(crate) fn regime(year: i32) -> Regime {
    match year {
        ..=1975 => Regime::Pre1976,
        1976..=1998 => Regime::Old,
        1999..=2005 => Regime::Nd83,
        _ => Regime::Nd158,
    }
}

/// A registrable event.
#[derive(Clone, Debug)]
pub(crate) enum Ev {
    Birth { p: usize, reg: Registration },
    Death { p: usize, reg: Registration },
    Marriage { m: usize, reg: Registration },
    Cert { c: usize },
    Ack { child: usize, father: usize, date: Ymd, registry: u8 },
    Guard(Guardianship),
    Change(Change),
    Divorce { m: usize, date: Ymd, registry: u8 },
    Adopt { child: usize, father: usize, date: Ymd, registry: u8 },
}

#[derive(Clone, Debug)]
pub(crate) struct Guardianship {
    pub ward: usize,
    pub guardian: usize,
    pub relation: String,
    pub date: Ymd,
    pub reason: String,
    pub kind: String,
    pub registry: u8,
}

#[derive(Clone, Debug)]
pub(crate) struct Change {
    pub p: usize,
    pub kind: String,
    pub before: String,
    pub after: String,
    pub reason: String,
    pub date: Ymd,
    pub registry: u8,
    pub decision: String,
}

impl Ev {
    pub fn date(&self, pop: &Population) -> Ymd {
        match self {
            Ev::Birth { reg, .. } | Ev::Death { reg, .. } | Ev::Marriage { reg, .. } => reg.date,
            Ev::Cert { c } => pop.certificates[*c].date,
            Ev::Ack { date, .. } | Ev::Divorce { date, .. } | Ev::Adopt { date, .. } => *date,
            Ev::Guard(g) => g.date,
            Ev::Change(c) => c.date,
        }
    }
    /// Index of the main person (the one `SampleEntry::person_id` names).
    pub fn main_person(&self, pop: &Population) -> usize {
        match self {
            Ev::Birth { p, .. } | Ev::Death { p, .. } => *p,
            Ev::Marriage { m, .. } | Ev::Divorce { m, .. } => pop.marriages[*m].husband,
            Ev::Cert { c } => pop.certificates[*c].person,
            Ev::Ack { child, .. } | Ev::Adopt { child, .. } => *child,
            Ev::Guard(g) => g.ward,
            Ev::Change(c) => c.p,
        }
    }
}

/// Corrections, guardianships, adoptions: decided before any book is written, because a correction
/// changes what the birth register says (the register keeps the old value, the population DB the new).
pub(crate) fn prepare_changes(pop: &mut Population, seed: u64) -> Vec<Change> {
    let mut rng = stream(seed, "changes");
    let mut out = vec![];
    let n = pop.people.len();
    for i in 0..n {
        let p = &pop.people[i];
        let Some(reg) = p.birth_registration.clone() else {
            continue;
        };
        if !(1960..=2012).contains(&p.birth.y) || !p.resident() || reg.kind != "1" || !chance(&mut rng, 0.02) {
            continue;
        }
        let start = Ymd::new(2006.max(reg.date.y + 1), 1, 1);
        let date = random_day_between(&mut rng, start, Ymd::new(2015, 12, 20));
        let age = p.birth.age_at(date);
        let decision = format!("{}/QĐ-UBND", rng.gen_range(5..180));
        let mixed = match (p.father, p.mother) {
            (Some(f), Some(m)) => pop.people[f].ethnicity != pop.people[m].ethnicity,
            _ => false,
        };
        let kind = *weighted(&mut rng, &[(0u8, 3.0), (1, 3.0), (2, 2.0), (3, if mixed { 4.0 } else { 0.0 })]);
        let p = &mut pop.people[i];
        let ch = match kind {
            0 => {
                // Change of given name.
                let old = p.full_name();
                let mut new_given = names::given_name(&mut rng, p.is_male(), p.birth.y + 20, &p.ethnicity);
                if new_given == p.given {
                    new_given = if p.is_male() { "Quang".into() } else { "Phương".into() };
                }
                p.registered_name = Some(old.clone());
                p.given = new_given;
                let reason = pick(
                    &mut rng,
                    &[
                        "Tên trùng với tên người thân trong dòng họ",
                        "Theo nguyện vọng của gia đình",
                        "Tên gọi gây nhầm lẫn, ảnh hưởng đến tình cảm gia đình",
                    ],
                )
                .to_string();
                Change {
                    p: i,
                    kind: "Thay đổi họ, chữ đệm, tên".into(),
                    before: old,
                    after: p.full_name(),
                    reason,
                    date,
                    registry: reg.registry,
                    decision,
                }
            }
            1 => {
                // The register got the birth date wrong.
                let truth = p.birth;
                let wrong = if truth.d <= 12 && truth.d != truth.m && chance(&mut rng, 0.4) {
                    Ymd::new(truth.y, truth.d, truth.m)
                } else {
                    truth.add_days(if chance(&mut rng, 0.5) { rng.gen_range(1..25) } else { -rng.gen_range(1..25) })
                };
                if wrong.y != truth.y || wrong == truth || wrong >= reg.date {
                    continue;
                }
                p.registered_birth = Some(wrong);
                let reason =
                    pick(&mut rng, &["Ghi sai khi đăng ký khai sinh, căn cứ Giấy chứng sinh", "Ghi sai ngày sinh, căn cứ hồ sơ, học bạ"])
                        .to_string();
                Change {
                    p: i,
                    kind: "Cải chính ngày, tháng, năm sinh".into(),
                    before: wrong.dmy(),
                    after: truth.dmy(),
                    reason,
                    date,
                    registry: reg.registry,
                    decision,
                }
            }
            2 => {
                // A spelling error in the register (tone or vowel), corrected.
                let truth = p.full_name();
                let wrong = crate::noise::misspell(&mut rng, &truth);
                if wrong == truth {
                    continue;
                }
                p.registered_name = Some(wrong.clone());
                Change {
                    p: i,
                    kind: "Cải chính họ, chữ đệm, tên".into(),
                    before: wrong,
                    after: truth,
                    reason: "Ghi sai chính tả khi đăng ký khai sinh".into(),
                    date,
                    registry: reg.registry,
                    decision,
                }
            }
            _ => {
                let m = p.mother.unwrap();
                let new_eth = pop.people[m].ethnicity.clone();
                let p = &mut pop.people[i];
                let old = p.ethnicity.clone();
                p.registered_ethnicity = Some(old.clone());
                p.ethnicity = new_eth.clone();
                let reason = if age >= 18 {
                    "Theo nguyện vọng của người yêu cầu, xác định theo dân tộc của mẹ"
                } else {
                    "Theo thỏa thuận của cha mẹ, xác định lại theo dân tộc của mẹ"
                };
                Change {
                    p: i,
                    kind: "Xác định lại dân tộc".into(),
                    before: old,
                    after: new_eth,
                    reason: reason.into(),
                    date,
                    registry: reg.registry,
                    decision,
                }
            }
        };
        out.push(ch);
    }
    out
}

pub(crate) fn guardianships(pop: &Population, seed: u64) -> Vec<Guardianship> {
    let mut rng = stream(seed, "guardians");
    let mut out = vec![];
    let living = |i: usize, d: Ymd| pop.people[i].alive_on(d) && pop.people[i].moved_out.is_none_or(|x| x > d);
    for (i, p) in pop.people.iter().enumerate() {
        let Some(r) = p.registry else { continue };
        if !p.born_here || p.birth.y < 1982 {
            continue;
        }
        let gp = |parent: Option<usize>| -> Vec<(usize, &'static str)> {
            let Some(pa) = parent else { return vec![] };
            let pp = &pop.people[pa];
            let mut v = vec![];
            if let Some(f) = pp.father {
                v.push((f, if pp.is_male() { "Ông nội" } else { "Ông ngoại" }));
            }
            if let Some(m) = pp.mother {
                v.push((m, if pp.is_male() { "Bà nội" } else { "Bà ngoại" }));
            }
            v
        };
        let mother_dead = p.mother.and_then(|m| pop.people[m].death);
        let father_gone = p.father.is_none() || p.father_unknown_at_birth || p.father.and_then(|f| pop.people[f].death).is_some();
        let (date, reason, kind) = match mother_dead {
            Some(md) if father_gone && md > p.birth && md.y >= 1999 && p.birth.age_at(md) < 16 => {
                let reason = if p.father_unknown_at_birth || p.father.is_none() {
                    "Mẹ đã chết, chưa xác định được cha"
                } else {
                    "Cha, mẹ đều đã chết"
                };
                (md.add_days(rng.gen_range(15..200)), reason, "Giám hộ đương nhiên")
            }
            _ if chance(&mut rng, 0.006) => {
                let age = rng.gen_range(4..15);
                let d = crate::util::random_day_in_year(&mut rng, p.birth.y + age);
                if !(1999..=2015).contains(&d.y) {
                    continue;
                }
                (d, "Cha, mẹ đều đi làm ăn xa, không có điều kiện chăm sóc, giáo dục con và có yêu cầu", "Giám hộ cử")
            }
            _ => continue,
        };
        if date.y > 2015 || !living(i, date) {
            continue;
        }
        let mut cands = gp(p.father.filter(|_| !p.father_unknown_at_birth));
        cands.extend(gp(p.mother));
        let Some(&(g, rel)) = cands.iter().find(|(g, _)| living(*g, date) && pop.people[*g].birth.age_at(date) < 80) else {
            continue;
        };
        out.push(Guardianship { ward: i, guardian: g, relation: rel.into(), date, reason: reason.into(), kind: kind.into(), registry: r });
    }
    out
}

/// All events of one type at one registry, in registration order.
pub(crate) fn events(t: &str, r: u8, pop: &Population, changes: &[Change], guards: &[Guardianship]) -> Vec<Ev> {
    let mut v: Vec<Ev> = vec![];
    match t {
        "KS" => {
            for (i, p) in pop.people.iter().enumerate() {
                for reg in [&p.birth_registration, &p.reregistration].into_iter().flatten() {
                    if reg.registry == r {
                        v.push(Ev::Birth { p: i, reg: reg.clone() });
                    }
                }
            }
        }
        "KT" => {
            for (i, p) in pop.people.iter().enumerate() {
                if let Some(reg) = p.death_registration.as_ref().filter(|x| x.registry == r) {
                    v.push(Ev::Death { p: i, reg: reg.clone() });
                }
            }
        }
        "KH" => {
            for (m, x) in pop.marriages.iter().enumerate() {
                if let Some(reg) = x.registration.as_ref().filter(|x| x.registry == r) {
                    v.push(Ev::Marriage { m, reg: reg.clone() });
                }
            }
        }
        "HN" => {
            for (c, x) in pop.certificates.iter().enumerate() {
                if x.registry == r {
                    v.push(Ev::Cert { c });
                }
            }
        }
        "CMC" => {
            for (i, p) in pop.people.iter().enumerate() {
                if let (Some(date), Some(f), Some(reg)) = (p.acknowledged, p.father, &p.birth_registration) {
                    if reg.registry == r {
                        v.push(Ev::Ack { child: i, father: f, date, registry: r });
                    }
                }
            }
        }
        "GH" => v.extend(guards.iter().filter(|g| g.registry == r).cloned().map(Ev::Guard)),
        "TDCC" => v.extend(changes.iter().filter(|c| c.registry == r).cloned().map(Ev::Change)),
        "LH" => {
            for (m, x) in pop.marriages.iter().enumerate() {
                if let (Some(d), Some(reg)) = (x.divorced, &x.registration) {
                    if reg.registry == r {
                        v.push(Ev::Divorce { m, date: d.add_days(40), registry: r });
                    }
                }
            }
        }
        "NCN" => {
            for (i, p) in pop.people.iter().enumerate() {
                let (Some(mo), Some(reg)) = (p.mother, &p.birth_registration) else {
                    continue;
                };
                if !p.father_unknown_at_birth || p.acknowledged.is_some() || reg.registry != r {
                    continue;
                }
                let mp = &pop.people[mo];
                let Some(mi) = mp.marriage else { continue };
                let m = &pop.marriages[mi];
                if m.date > p.birth && m.wife == mo && p.birth.age_at(m.date) < 12 {
                    let date = m.date.add_days(200 + (i as i64 % 700));
                    v.push(Ev::Adopt { child: i, father: m.husband, date, registry: r });
                }
            }
        }
        _ => {}
    }
    v.sort_by_key(|e| (e.date(pop), e.main_person(pop)));
    v
}

pub(crate) fn children(pop: &Population) -> HashMap<usize, Vec<usize>> {
    let mut m: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in pop.people.iter().enumerate() {
        for parent in [p.father, p.mother].into_iter().flatten() {
            m.entry(parent).or_default().push(i);
        }
    }
    m
}

/// Who signed and who kept the books, per registry and five-year block.
pub(crate) struct Officials {
    chair: HashMap<(u8, i32), (String, String, String)>,
}

impl Officials {
    pub fn new(seed: u64) -> Officials {
        let mut rng = stream(seed, "officials");
        let mut chair = HashMap::new();
        for r in 0..2u8 {
            for block in (1960..=2025).step_by(5) {
                let eth = if chance(&mut rng, 0.5) { "Kinh" } else { "Tày" };
                let a = names::full_name(&names::random_name(&mut rng, true, block - 45, eth));
                let vice_male = chance(&mut rng, 0.8);
                let b = names::full_name(&names::random_name(&mut rng, vice_male, block - 40, eth));
                let clerk_male = chance(&mut rng, 0.3);
                let clerk = names::full_name(&names::random_name(&mut rng, clerk_male, block - 30, "Kinh"));
                chair.insert((r, block), (a, b, clerk));
            }
        }
        Officials { chair }
    }
    fn get(&self, r: u8, y: i32) -> &(String, String, String) {
        &self.chair[&(r, (y.clamp(1960, 2025) / 5) * 5)]
    }
}

/// How a book is written (one clerk, one hand).
#[derive(Clone, Debug)]
pub(crate) struct Style {
    pub caps_names: bool,
    pub loose_dates: bool,
    pub place_style: u8,
}

/// Field list builder (skips empty values, keeps template order as pushed).
struct F(Vec<(String, String)>);
impl F {
    fn put(&mut self, k: &str, v: impl Into<String>) {
        let v = v.into();
        if !v.trim().is_empty() {
            self.0.push((k.to_string(), v));
        }
    }
}

pub(crate) struct Writer<'a> {
    pub pop: &'a Population,
    /// Children of each person.
    pub kids: &'a HashMap<usize, Vec<usize>>,
    pub off: &'a Officials,
    pub ks_refs: &'a HashMap<usize, (String, String, Ymd)>,
}

impl<'a> Writer<'a> {
    fn person(&self, i: usize) -> &'a Person {
        &self.pop.people[i]
    }

    fn name(&self, st: &Style, s: &str) -> String {
        if st.caps_names {
            s.to_uppercase()
        } else {
            s.to_string()
        }
    }

    fn date(&self, st: &Style, d: Ymd) -> String {
        if st.loose_dates {
            d.dmy_loose()
        } else {
            d.dmy()
        }
    }

    /// A person's birth as the register of `year` writes it: older books keep only the year for adults.
    fn birth(&self, st: &Style, p: &Person, year: i32, rng: &mut R) -> String {
        let full = match regime(year) {
            Regime::Pre1976 | Regime::Old => false,
            Regime::Nd83 => p.birth.y >= 1960 && chance(rng, 0.5),
            Regime::Nd158 => p.birth.y >= 1945 && chance(rng, 0.8),
        };
        if full {
            self.date(st, p.birth)
        } else {
            p.birth.y.to_string()
        }
    }

    fn residence(&self, st: &Style, p: &Person, year: i32) -> String {
        match p.registry {
            Some(r) if p.moved_in.is_none_or(|d| d.y <= year) => places::residence_as_written(r, &p.hamlet, year, st.place_style),
            _ => p.origin.as_written(year, st.place_style),
        }
    }

    /// `so, quyenSo, trangSo, ngayDangKy` (CMC's `quyetDinhSo` is not used at commune level).
    fn header(&self, f: &mut F, st: &Style, (so, quyen, trang): (&str, &str, u32), date: Ymd) {
        f.put("so", so);
        f.put("quyenSo", quyen);
        f.put("trangSo", trang.to_string());
        f.put("ngayDangKy", self.date(st, date));
    }

    fn signer(&self, f: &mut F, r: u8, year: i32, rng: &mut R) {
        let (chair, vice, _) = self.off.get(r, year);
        let body = if year <= 1975 { "UBHC" } else { "UBND" };
        if chance(rng, 0.7) {
            f.put("nguoiKy", chair.clone());
            f.put("chucVuNguoiKy", format!("Chủ tịch {body} xã"));
        } else {
            f.put("nguoiKy", vice.clone());
            f.put("chucVuNguoiKy", format!("Phó Chủ tịch {body} xã"));
        }
    }

    fn performer(&self, f: &mut F, r: u8, year: i32) {
        if regime(year) >= Regime::Nd158 {
            f.put("nguoiThucHien", self.off.get(r, year).2.clone());
        }
    }

    /// Identity-paper block (`*LoaiGiayToTuyThan`, `*SoGiayToTuyThan`, date and place of issue) for
    /// registers that record it.
    fn papers(&self, f: &mut F, prefix: &str, p: &Person, year: i32, with_issue: bool) {
        if regime(year) < Regime::Nd83 {
            return;
        }
        if let (Some(n), Some(d)) = (&p.cmnd, p.cmnd_issued) {
            if d.y <= year {
                f.put(&format!("{prefix}LoaiGiayToTuyThan"), "1");
                f.put(&format!("{prefix}SoGiayToTuyThan"), n.clone());
                if with_issue {
                    f.put(&format!("{prefix}NgayCapGiayToTuyThan"), d.dmy());
                    let place = if p.cmnd.as_deref().is_some_and(|c| c.starts_with("09")) {
                        "Công an tỉnh Thái Nguyên".to_string()
                    } else {
                        format!("CA {}", places::province_as_written(p.origin.province().name, d.y))
                    };
                    f.put(&format!("{prefix}NoiCapGiayToTuyThan"), place);
                }
            }
        }
    }

    pub fn entry(&self, ev: &Ev, st: &Style, so: &str, quyen: &str, trang: u32, rng: &mut R) -> SampleEntry {
        let pop = self.pop;
        let date = ev.date(pop);
        let y = date.y;
        let rg = regime(y);
        let mut f = F(vec![]);
        let main = ev.main_person(pop);
        match ev {
            Ev::Birth { p, reg } => {
                let c = self.person(*p);
                let r = reg.registry;
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("loaiDangKy", reg.kind.clone());
                f.put("noiDangKy", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                let mut notes = vec![];
                match reg.kind.as_str() {
                    "2" => notes.push("Đăng ký lại".to_string()),
                    "4" => {
                        notes.push(if rg >= Regime::Nd83 { "Đăng ký quá hạn".to_string() } else { "Khai sinh muộn".to_string() })
                    }
                    _ => {}
                }
                if reg.kind == "1" && rg < Regime::Nd83 && date.days() - c.birth.days() > 60 {
                    notes.push("Khai sinh muộn".into());
                }
                if let Some(ack) = c.acknowledged.filter(|d| d.y >= 2000) {
                    notes.push(format!("Đã đăng ký nhận cha ngày {}", ack.dmy()));
                }
                if c.registered_name.is_some() || c.registered_birth.is_some() || c.registered_ethnicity.is_some() {
                    notes.push("Đã thay đổi, cải chính hộ tịch (xem sổ TĐCC)".into());
                }
                f.put("ghiChu", notes.join("; "));
                f.put("nksHoTen", self.name(st, &c.name_in_birth_register()));
                f.put("nksGioiTinh", c.sex.code());
                let born = c.registered_birth.unwrap_or(c.birth);
                f.put("nksNgaySinh", self.date(st, born));
                if rg >= Regime::Nd83 {
                    f.put("nksNgaySinhBangChu", words::date(born));
                }
                f.put("nksNoiSinh", self.birthplace(st, c, born.y, y, rng));
                if rg >= Regime::Old {
                    f.put("nksQueQuan", c.origin.as_written(y, st.place_style));
                }
                f.put("nksDanToc", c.registered_ethnicity.clone().unwrap_or_else(|| c.ethnicity.clone()));
                f.put("nksQuocTich", "Việt Nam");
                if rg >= Regime::Nd158 {
                    f.put("nksLoaiKhaiSinh", if c.father_unknown_at_birth { "3" } else { "1" });
                }
                let father = c.father.filter(|_| !c.father_unknown_at_birth).map(|i| self.person(i));
                let mother = c.mother.map(|i| self.person(i));
                for (pre, who) in [("me", mother), ("cha", father)] {
                    let Some(pp) = who else { continue };
                    f.put(&format!("{pre}HoTen"), self.name(st, &pp.full_name()));
                    f.put(&format!("{pre}NgaySinh"), self.birth(st, pp, y, rng));
                    f.put(&format!("{pre}DanToc"), pp.ethnicity.clone());
                    if rg >= Regime::Nd83 {
                        f.put(&format!("{pre}QuocTich"), "Việt Nam");
                    }
                    if rg >= Regime::Nd158 {
                        f.put(&format!("{pre}LoaiCuTru"), "1");
                    }
                    f.put(&format!("{pre}NoiCuTru"), self.residence(st, pp, y));
                    if rg >= Regime::Nd158 {
                        self.papers(&mut f, pre, pp, y, false);
                    }
                }
                // Declarant: usually the father, else the mother or a grandparent; adults re-registering declare themselves.
                let (nyc, rel) = if c.birth.age_at(date) >= 16 {
                    (Some(c), "Bản thân")
                } else if father.is_some_and(|x| x.alive_on(date)) && chance(rng, 0.75) {
                    (father, "Cha")
                } else if mother.is_some_and(|x| x.alive_on(date)) && chance(rng, 0.8) {
                    (mother, "Mẹ")
                } else {
                    let gp = father.or(mother).and_then(|x| x.mother).map(|i| self.person(i)).filter(|g| g.alive_on(date));
                    match gp {
                        Some(g) => (Some(g), if father.is_some() { "Bà nội" } else { "Bà ngoại" }),
                        None => (mother, "Mẹ"),
                    }
                };
                if let Some(n) = nyc {
                    f.put("nycHoTen", self.name(st, &n.full_name()));
                    f.put("nycQuanHe", rel);
                    if rg >= Regime::Nd158 {
                        self.papers(&mut f, "nyc", n, y, true);
                    }
                }
            }
            Ev::Death { p, reg } => {
                let d = self.person(*p);
                let r = reg.registry;
                let died = d.death.unwrap();
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("loaiDangKy", reg.kind.clone());
                f.put("noiDangKy", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                if reg.kind == "4" {
                    f.put("ghiChu", "Khai tử quá hạn");
                }
                f.put("nktHoTen", self.name(st, &d.full_name()));
                f.put("nktGioiTinh", d.sex.code());
                f.put("nktNgaySinh", self.birth(st, d, y, rng));
                f.put("nktDanToc", d.ethnicity.clone());
                f.put("nktQuocTich", "Việt Nam");
                if rg >= Regime::Nd158 {
                    f.put("nktLoaiCuTru", "1");
                }
                f.put("nktNoiCuTru", self.residence(st, d, y));
                self.papers(&mut f, "nkt", d, y, rg >= Regime::Nd158);
                f.put("nktNgayChet", self.date(st, died));
                if rg >= Regime::Nd83 {
                    f.put("nktNgayChetGhiBangChu", words::date(died));
                }
                if rg >= Regime::Nd158 {
                    f.put("nktGioPhutChet", format!("{:02}:{:02}", rng.gen_range(0..24), rng.gen_range(0..12) * 5));
                }
                let hospital = if y >= 2000 { "Bệnh viện Đa khoa huyện Định Hóa" } else { "Bệnh viện huyện Định Hóa" };
                let place = if d.died_in_hospital { hospital.to_string() } else { format!("Tại nhà, {}", self.residence(st, d, y)) };
                f.put("nktNoiChet", place);
                f.put("nktNguyenNhanChet", d.death_cause.clone().unwrap_or_default());
                if rg >= Regime::Nd158 && d.died_in_hospital {
                    f.put("gbtLoai", "1");
                    f.put("gbtSo", format!("{}/GBT", rng.gen_range(1..400)));
                    f.put("gbtNgay", self.date(st, died));
                    f.put("gbtCoQuanCap", hospital);
                }
                let spouse = d.spouse.map(|s| self.person(s)).filter(|s| s.alive_on(date));
                let kid = self
                    .kids
                    .get(p)
                    .and_then(|ks| ks.iter().map(|&k| self.person(k)).find(|k| k.birth.age_at(date) >= 18 && k.alive_on(date)));
                let parent =
                    [d.father, d.mother].into_iter().flatten().map(|i| self.person(i)).find(|x| x.alive_on(date) && x.registry.is_some());
                let (nyc, rel) = match (spouse, kid, parent) {
                    (Some(s), _, _) => (Some(s), if s.is_male() { "Chồng" } else { "Vợ" }),
                    (None, Some(k), _) => (Some(k), "Con"),
                    (None, None, Some(pa)) => (Some(pa), if pa.is_male() { "Cha" } else { "Mẹ" }),
                    _ => (None, ""),
                };
                if let Some(n) = nyc {
                    f.put("nycHoTen", self.name(st, &n.full_name()));
                    f.put("nycQuanHe", rel);
                    if rg >= Regime::Nd158 {
                        self.papers(&mut f, "nyc", n, y, true);
                    }
                } else {
                    let head = names::random_name(rng, true, y - 50, &d.ethnicity);
                    f.put("nycHoTen", self.name(st, &names::full_name(&head)));
                    f.put("nycQuanHe", "Trưởng xóm");
                }
            }
            Ev::Marriage { m, reg } => {
                let mm = &pop.marriages[*m];
                let r = reg.registry;
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("loaiDangKy", reg.kind.clone());
                f.put("noiDangKy", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                if let Some(dv) = mm.divorced {
                    f.put(
                        "ghiChu",
                        format!("Đã ly hôn theo Bản án số {}/HNGĐ-ST ngày {} của TAND huyện Định Hóa", 10 + (*m % 90), dv.dmy()),
                    );
                    f.put("tinhTrangKetHon", "Đã ly hôn");
                }
                for (pre, i) in [("chong", mm.husband), ("vo", mm.wife)] {
                    let pp = self.person(i);
                    f.put(&format!("{pre}HoTen"), self.name(st, &pp.full_name()));
                    f.put(&format!("{pre}NgaySinh"), if rg >= Regime::Nd83 { self.date(st, pp.birth) } else { pp.birth.y.to_string() });
                    f.put(&format!("{pre}DanToc"), pp.ethnicity.clone());
                    f.put(&format!("{pre}QuocTich"), "Việt Nam");
                    if rg >= Regime::Nd158 {
                        f.put(&format!("{pre}LoaiCuTru"), "1");
                    }
                    // Residence before the marriage.
                    let before = match (pp.moved_in, pp.mother) {
                        (Some(_), _) => pp.origin.as_written(y, st.place_style),
                        (None, Some(mo)) => {
                            let mp = self.person(mo);
                            places::residence_as_written(mp.registry.unwrap_or(r), &mp.hamlet, y, st.place_style)
                        }
                        _ => self.residence(st, pp, y),
                    };
                    f.put(&format!("{pre}NoiCuTru"), before);
                    self.papers(&mut f, pre, pp, y, rg >= Regime::Nd83);
                }
            }
            Ev::Cert { c } => {
                let cert = &pop.certificates[*c];
                let p = self.person(cert.person);
                let r = cert.registry;
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("noiCap", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                f.put("nxnHoTen", self.name(st, &p.full_name()));
                f.put("nxnGioiTinh", p.sex.code());
                f.put("nxnNgaySinh", self.date(st, p.birth));
                f.put("nxnDanToc", p.ethnicity.clone());
                f.put("nxnQuocTich", "Việt Nam");
                f.put("nxnLoaiCuTru", "1");
                f.put("nxnNoiCuTru", places::residence_as_written(r, &p.hamlet, y, st.place_style));
                self.papers(&mut f, "nxn", p, y, true);
                if let Some(mi) = p.moved_in.filter(|d| d.y >= p.birth.y + 18 && *d <= date) {
                    f.put("nxnThoiGianCuTruTai", p.origin.modern());
                    f.put("nxnThoiGianCuTruTu", Ymd::new(p.birth.y + 18, p.birth.m, p.birth.d.min(28)).dmy());
                    f.put("nxnThoiGianCuTruDen", mi.dmy());
                }
                f.put("nxnTinhTrangHonNhan", cert.status_text.clone());
                f.put("nxnLoaiMucDichSuDung", cert.purpose_code.clone());
                f.put("nxnMucDichSuDung", cert.purpose.clone());
            }
            Ev::Ack { child, father, registry, .. } => {
                let c = self.person(*child);
                let fa = self.person(*father);
                let r = *registry;
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("loaiDangKy", "1");
                f.put("loaiXacNhan", "1");
                f.put("noiDangKy", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                f.put("cmHoTen", self.name(st, &fa.full_name()));
                f.put("cmNgaySinh", self.date(st, fa.birth));
                f.put("cmDanToc", fa.ethnicity.clone());
                f.put("cmQuocTich", "Việt Nam");
                f.put("cmQueQuan", fa.origin.as_written(y, st.place_style));
                f.put("cmLoaiCuTru", "1");
                f.put("cmNoiCuTru", self.residence(st, fa, y));
                self.papers(&mut f, "cm", fa, y, true);
                f.put("ncHoTen", self.name(st, &c.full_name()));
                f.put("ncNgaySinh", self.date(st, c.birth));
                f.put("ncDanToc", c.ethnicity.clone());
                f.put("ncQuocTich", "Việt Nam");
                f.put("ncQueQuan", c.origin.as_written(y, st.place_style));
                f.put("ncLoaiCuTru", "1");
                f.put("ncNoiCuTru", self.residence(st, c, y));
                self.papers(&mut f, "nc", c, y, true);
                f.put("nycHoTen", self.name(st, &fa.full_name()));
                f.put("nycQHNguoiDuocNhan", "Cha");
                f.put("nycQHNguoiNhan", "Bản thân");
                self.papers(&mut f, "nyc", fa, y, true);
            }
            Ev::Guard(g) => {
                let w = self.person(g.ward);
                let gd = self.person(g.guardian);
                let r = g.registry;
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("noiDangKy", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                f.put("loaiGiamHo", g.kind.clone());
                f.put("ngghHoTen", self.name(st, &gd.full_name()));
                f.put("ngghNgaySinh", self.birth(st, gd, y, rng));
                f.put("ngghDanToc", gd.ethnicity.clone());
                f.put("ngghQuocTich", "Việt Nam");
                f.put("ngghNoiCuTru", self.residence(st, gd, y));
                if let Some(n) = gd.cmnd.as_ref().filter(|_| gd.cmnd_issued.is_some_and(|d| d <= date)) {
                    f.put("ngghLoaiGiayToTuyThan", "1");
                    f.put("ngghSoGiayToTuyThan", n.clone());
                }
                f.put("nddghHoTen", self.name(st, &w.full_name()));
                f.put("nddghGioiTinh", w.sex.code());
                f.put("nddghNgaySinh", self.date(st, w.birth));
                f.put("nddghNoiSinh", self.birthplace(st, w, w.birth.y, y, rng));
                f.put("nddghDanToc", w.ethnicity.clone());
                f.put("nddghQuocTich", "Việt Nam");
                f.put("nddghNoiCuTru", self.residence(st, w, y));
                f.put("canCu", g.reason.clone());
                let adult = Ymd::new(w.birth.y + 18, w.birth.m, w.birth.d.min(28));
                if adult.y <= 2024 {
                    f.put("chamDutNgay", self.date(st, adult.add_days(rng.gen_range(10..200))));
                    f.put("chamDutLyDo", "Người được giám hộ đã thành niên");
                }
                f.put("nycHoTen", self.name(st, &gd.full_name()));
                f.put("nycQuanHe", g.relation.clone());
            }
            Ev::Change(ch) => {
                let p = self.person(ch.p);
                let r = ch.registry;
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("noiDangKy", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                f.put("ghiChu", format!("QĐ số {} ngày {}", ch.decision, ch.date.dmy()));
                f.put("loaiViec", ch.kind.clone());
                f.put("ndtHoTen", self.name(st, &p.name_in_birth_register()));
                f.put("ndtGioiTinh", p.sex.code());
                f.put("ndtNgaySinh", self.date(st, p.registered_birth.unwrap_or(p.birth)));
                f.put("ndtNoiCuTru", self.residence(st, p, y));
                if let Some(n) = p.cmnd.as_ref().filter(|_| p.cmnd_issued.is_some_and(|d| d <= date)) {
                    f.put("ndtLoaiGiayToTuyThan", "1");
                    f.put("ndtSoGiayToTuyThan", n.clone());
                }
                f.put("noiDungTruoc", ch.before.clone());
                f.put("noiDungSau", ch.after.clone());
                f.put("lyDo", ch.reason.clone());
                f.put("gtLoai", "Giấy khai sinh");
                match self.ks_refs.get(&ch.p) {
                    Some((_, so, d)) => {
                        f.put("gtSo", so.clone());
                        f.put("gtNgay", d.dmy());
                    }
                    None => {
                        let reg = p.birth_registration.as_ref().unwrap();
                        f.put("gtSo", format!("{}", 1 + (ch.p % 250)));
                        f.put("gtNgay", reg.date.dmy());
                    }
                }
                let minor = p.birth.age_at(date) < 18;
                let parent = p.mother.or(p.father).map(|i| self.person(i)).filter(|x| x.alive_on(date));
                match (minor, parent) {
                    (true, Some(pa)) => {
                        f.put("nycHoTen", self.name(st, &pa.full_name()));
                        f.put("nycQuanHe", if pa.is_male() { "Cha" } else { "Mẹ" });
                    }
                    _ => {
                        f.put("nycHoTen", self.name(st, &p.full_name()));
                        f.put("nycQuanHe", "Bản thân");
                    }
                }
            }
            Ev::Divorce { m, registry, .. } => {
                let mm = &pop.marriages[*m];
                let r = *registry;
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("noiDangKy", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                for (pre, i) in [("chong", mm.husband), ("vo", mm.wife)] {
                    let pp = self.person(i);
                    f.put(&format!("{pre}HoTen"), self.name(st, &pp.full_name()));
                    f.put(&format!("{pre}NgaySinh"), self.date(st, pp.birth));
                    f.put(&format!("{pre}DanToc"), pp.ethnicity.clone());
                    f.put(&format!("{pre}QuocTich"), "Việt Nam");
                    f.put(&format!("{pre}NoiCuTru"), self.residence(st, pp, y));
                    if let Some(n) = pp.cmnd.as_ref().filter(|_| pp.cmnd_issued.is_some_and(|d| d <= date)) {
                        f.put(&format!("{pre}SoGiayToTuyThan"), n.clone());
                    }
                }
                let dv = mm.divorced.unwrap();
                f.put("banAnSo", format!("{}/{}/HNGĐ-ST", 5 + (*m % 60), dv.y));
                f.put("banAnNgay", self.date(st, dv));
                f.put("banAnCoQuan", "Tòa án nhân dân huyện Định Hóa, tỉnh Thái Nguyên");
                f.put("banAnNuoc", "Việt Nam");
                let w = self.person(mm.wife);
                f.put("nycHoTen", self.name(st, &w.full_name()));
                f.put("nycQuanHe", "Vợ");
            }
            Ev::Adopt { child, father, registry, .. } => {
                let c = self.person(*child);
                let fa = self.person(*father);
                let r = *registry;
                self.header(&mut f, st, (so, quyen, trang), date);
                f.put("noiDangKy", places::registry_as_written(r, y, st.place_style));
                self.signer(&mut f, r, y, rng);
                self.performer(&mut f, r, y);
                f.put("ghiChu", "Cha dượng nhận con riêng của vợ làm con nuôi");
                f.put("chaNuoiHoTen", self.name(st, &fa.full_name()));
                f.put("chaNuoiNgaySinh", self.date(st, fa.birth));
                f.put("chaNuoiDanToc", fa.ethnicity.clone());
                f.put("chaNuoiQuocTich", "Việt Nam");
                f.put("chaNuoiNoiCuTru", self.residence(st, fa, y));
                if let Some(n) = fa.cmnd.as_ref().filter(|_| fa.cmnd_issued.is_some_and(|d| d <= date)) {
                    f.put("chaNuoiSoGiayToTuyThan", n.clone());
                }
                f.put("conNuoiHoTen", self.name(st, &c.full_name()));
                f.put("conNuoiGioiTinh", c.sex.code());
                f.put("conNuoiNgaySinh", self.date(st, c.birth));
                f.put("conNuoiNoiSinh", self.birthplace(st, c, c.birth.y, y, rng));
                f.put("conNuoiDanToc", c.ethnicity.clone());
                f.put("conNuoiQuocTich", "Việt Nam");
                f.put("quyetDinhSo", format!("{}/QĐ-UBND", rng.gen_range(3..90)));
                f.put("quyetDinhNgay", self.date(st, date));
                f.put("ngayGiaoNhan", self.date(st, date.add_days(rng.gen_range(3..20))));
            }
        }
        SampleEntry {
            so: so.to_string(),
            trang_so: trang,
            status: String::new(),
            fields: f.0,
            person_id: Some(pop.people[main].id_number.clone()),
        }
    }

    /// Place of birth for a child born in `year`, written in `written` (late registrations use the names of their day).
    fn birthplace(&self, st: &Style, c: &Person, year: i32, written: i32, rng: &mut R) -> String {
        // Born at the parents' home (the mother's hamlet; the child may have moved since).
        let home_of = c.mother.map(|m| self.person(m)).filter(|m| m.registry.is_some()).unwrap_or(c);
        let (r, hamlet) = (home_of.registry.unwrap_or(0), home_of.hamlet.clone());
        let home = || format!("Tại nhà, {}", places::residence_as_written(r, &hamlet, written, st.place_style));
        let station = if year < 1990 {
            format!("Trạm xá xã {}", places::short_name(r))
        } else {
            format!("Trạm y tế xã {}", places::short_name(r))
        };
        let x: f64 = rng.gen();
        match regime(year) {
            Regime::Pre1976 => {
                if x < 0.85 {
                    home()
                } else {
                    station
                }
            }
            Regime::Old => {
                if x < 0.45 {
                    home()
                } else if x < 0.9 {
                    station
                } else {
                    "Bệnh viện huyện Định Hóa".into()
                }
            }
            Regime::Nd83 => {
                if x < 0.15 {
                    home()
                } else if x < 0.75 {
                    station
                } else {
                    "Bệnh viện huyện Định Hóa".into()
                }
            }
            Regime::Nd158 => {
                if x < 0.05 {
                    home()
                } else if x < 0.40 {
                    station
                } else if x < 0.93 {
                    "Bệnh viện Đa khoa huyện Định Hóa, tỉnh Thái Nguyên".into()
                } else {
                    "Bệnh viện Đa khoa Trung ương Thái Nguyên".into()
                }
            }
        }
    }
}

/// Number of each written entry (`so`) with one gap and one repeated number, like real books.
fn numbering(n: usize, rng: &mut R) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let gap = if n > 20 { rng.gen_range(n / 4..n / 2) } else { usize::MAX };
    let rep = if n > 20 { rng.gen_range(n / 2..(3 * n) / 4) } else { usize::MAX };
    let mut k = 1;
    for i in 0..n {
        if i == gap {
            k += 1; // a number skipped
        }
        if i == rep {
            k -= 1; // the same number written twice
        }
        out.push(k.to_string());
        k += 1;
    }
    out
}

/// Page numbers: 2–4 entries a page, the book's first page is sometimes the title page.
fn paging(n: usize, per_page: u32, rng: &mut R) -> Vec<u32> {
    let mut page = if chance(rng, 0.3) { 2 } else { 1 };
    let mut out = Vec::with_capacity(n);
    let mut left = per_page;
    for _ in 0..n {
        if left == 0 {
            page += 1;
            left = if chance(rng, 0.2) { (per_page as i32 + if chance(rng, 0.5) { 1 } else { -1 }).clamp(2, 4) as u32 } else { per_page };
        }
        out.push(page);
        left -= 1;
    }
    out
}

/// Events of one spec within its years.
pub(crate) fn window(evs: &[Ev], spec: &Spec, pop: &Population) -> Vec<Ev> {
    evs.iter().filter(|e| (spec.from..=spec.to).contains(&e.date(pop).y)).cloned().collect()
}

/// Writes one book: `total` entries of which the first `keyed` are in the database.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_book(w: &Writer, spec: &Spec, evs: &[Ev], total: usize, keyed: usize, seq: usize, seed: u64) -> (SampleBook, Style) {
    let mut rng = stream(seed, &format!("book{seq}"));
    let evs = &evs[..total.min(evs.len())];
    let year_from = evs.first().map(|e| e.date(w.pop).y).unwrap_or(spec.from).min(spec.from.max(spec.from));
    let year_to = evs.last().map(|e| e.date(w.pop).y).unwrap_or(spec.from);
    let style = Style {
        caps_names: regime(spec.from) == Regime::Pre1976 || chance(&mut rng, 0.1),
        loose_dates: regime(spec.from) <= Regime::Old && chance(&mut rng, 0.6),
        place_style: rng.gen_range(0..3),
    };
    let quyen = format!("{:02}/{}", if chance(&mut rng, 0.85) { 1 } else { 2 }, spec.from);
    let nums = numbering(evs.len(), &mut rng);
    let pages = paging(evs.len(), spec.per_page, &mut rng);
    let statuses = spec.profile.statuses(keyed, &mut rng);
    let mut entries = vec![];
    let mut unkeyed = vec![];
    for (i, ev) in evs.iter().enumerate() {
        let mut e = w.entry(ev, &style, &nums[i], &quyen, pages[i], &mut rng);
        if i < keyed {
            e.status = statuses[i].to_string();
            if e.status == "draft" {
                // Started, not finished: only the first fields are keyed.
                let k = (e.fields.len() * 3 / 5).max(4).min(e.fields.len());
                e.fields.truncate(k);
            }
            if e.status == "returned" {
                // Sent back for a keying slip in the main name.
                let field = e.fields.iter().position(|(k, _)| k.ends_with("HoTen")).unwrap_or(0);
                let v = e.fields[field].1.clone();
                e.fields[field].1 = crate::noise::misspell(&mut rng, &v);
            }
            entries.push(e);
        } else {
            e.status = "unkeyed".into();
            unkeyed.push(e);
        }
    }
    let used_pages = pages.last().copied().unwrap_or(1);
    let page_count = if chance(&mut rng, 0.5) { used_pages.div_ceil(50) * 50 } else { used_pages + rng.gen_range(0..6) };
    let info = places::commune_info();
    let reg = &info.registries[spec.r as usize];
    let book = SampleBook {
        book_type: spec.t.to_string(),
        quyen_so: quyen,
        registry_code: reg.code.clone(),
        registry_scheme: reg.scheme.clone(),
        registry_name: reg.name.clone(),
        period_group: period_group(spec.from).to_string(),
        year_from,
        year_to: Some(year_to.max(year_from)),
        page_count,
        expected_entries: evs.len() as u32,
        pages: vec![],
        entries,
        unkeyed,
    };
    (book, style)
}

/// Splits `target` keyed entries over the specs by weight, capped by what each window can hold.
pub(crate) fn allocate(specs: &[Spec], avail: &[usize], target: usize) -> Vec<usize> {
    let caps: Vec<usize> = specs
        .iter()
        .zip(avail)
        .map(|(s, a)| (((*a as f64) * s.profile.keyed_fraction()).floor() as usize).min(*a).max(usize::from(*a > 0)))
        .collect();
    // Every book that has entries gets at least one keyed entry.
    let mut out: Vec<usize> = caps.iter().map(|&c| usize::from(c > 0)).collect();
    let mut left = target.saturating_sub(out.iter().sum());
    // Repeatedly hand out the remainder by weight among books that still have room.
    for _ in 0..20 {
        let open: Vec<usize> = (0..specs.len()).filter(|&i| out[i] < caps[i]).collect();
        if left == 0 || open.is_empty() {
            break;
        }
        let wsum: f64 = open.iter().map(|&i| specs[i].weight).sum();
        let mut given = 0;
        for &i in &open {
            let share = ((left as f64) * specs[i].weight / wsum).floor() as usize;
            let add = share.min(caps[i] - out[i]);
            out[i] += add;
            given += add;
        }
        left -= given;
        if given == 0 {
            // Rounding leftovers: one by one.
            for &i in &open {
                if left == 0 {
                    break;
                }
                if out[i] < caps[i] {
                    out[i] += 1;
                    left -= 1;
                }
            }
        }
    }
    out
}
