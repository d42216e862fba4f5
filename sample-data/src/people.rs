//! Population model: a year-by-year simulation (1935–2024) of the families of a rural commune with
//! two old registries. Births, marriages (with spouses from inside or outside), deaths, migration;
//! birth, death and marriage registrations with era-typical delays and omissions; 12-digit personal
//! IDs built per domain.md §3 and old 9-digit CMND numbers.
//!
//! Everything is deterministic for a seed. [`generate_people`] returns exactly `n` people.
use crate::names::{self, NameParts};
use crate::places::{Origin, PROVINCES};
use crate::util::{chance, pick, random_day_in_year, stream, weighted, Ymd, R};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const SIM_START: i32 = 1935;
pub const SIM_END: i32 = 2024;
/// The day the population extract describes.
pub fn extract_day() -> Ymd {
    Ymd::new(2025, 9, 15)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn is_male(self) -> bool {
        self == Sex::Male
    }
    /// Template code (`*GioiTinh`): 1 Nam, 2 Nữ.
    pub fn code(self) -> &'static str {
        if self.is_male() {
            "1"
        } else {
            "2"
        }
    }
    pub fn label(self) -> &'static str {
        if self.is_male() {
            "Nam"
        } else {
            "Nữ"
        }
    }
}

/// A birth registration: where, when, and the template's `loaiDangKy` (1 on time, 4 late, 2 re-registration).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// Index into `CommuneInfo::registries`.
    pub registry: u8,
    pub date: Ymd,
    pub kind: String,
}

/// One person of the synthetic population (ground truth).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// 12-digit personal ID: `0PP` province of birth registration, century/sex digit, 2-digit year, 6 random.
    pub id_number: String,
    /// Old 9-digit CMND, if one was issued.
    pub cmnd: Option<String>,
    pub cmnd_issued: Option<Ymd>,
    pub surname: String,
    pub middle: String,
    pub given: String,
    /// Name as first registered, when it was changed later (TDCC book).
    pub registered_name: Option<String>,
    /// Birth date as first registered, when it was corrected later.
    pub registered_birth: Option<Ymd>,
    /// Ethnicity as first registered, when it was re-determined later.
    pub registered_ethnicity: Option<String>,
    pub sex: Sex,
    pub birth: Ymd,
    pub death: Option<Ymd>,
    pub death_cause: Option<String>,
    pub died_in_hospital: bool,
    pub ethnicity: String,
    /// Indexes into the population (`None`: not part of the simulation).
    pub father: Option<usize>,
    pub mother: Option<usize>,
    /// Parents' names for people whose parents are not simulated (migrants, outside spouses).
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
    /// Born to an unmarried mother: the birth register has no father.
    pub father_unknown_at_birth: bool,
    /// Date the father acknowledged the child (CMC book), if he did.
    pub acknowledged: Option<Ymd>,
    pub spouse: Option<usize>,
    /// Index into `Population::marriages` of the last marriage.
    pub marriage: Option<usize>,
    /// Quê quán (father's line).
    pub origin: Origin,
    pub born_here: bool,
    /// Old registry (0/1) the person lives or lived in; `None` = never lived in the commune.
    pub registry: Option<u8>,
    pub hamlet: String,
    pub birth_registration: Option<Registration>,
    /// A second birth registration ("đăng ký lại", 2006–2015) when the first book was lost or damaged.
    pub reregistration: Option<Registration>,
    pub death_registration: Option<Registration>,
    pub moved_in: Option<Ymd>,
    pub moved_out: Option<Ymd>,
}

impl Person {
    pub fn full_name(&self) -> String {
        names::full_name(&NameParts { surname: self.surname.clone(), middle: self.middle.clone(), given: self.given.clone() })
    }
    pub fn is_male(&self) -> bool {
        self.sex.is_male()
    }
    pub fn alive_on(&self, d: Ymd) -> bool {
        self.birth <= d && self.death.is_none_or(|x| x > d)
    }
    /// Alive and living in the commune on the extract day.
    pub fn resident(&self) -> bool {
        self.death.is_none() && self.registry.is_some() && self.moved_out.is_none()
    }
    pub fn name_in_birth_register(&self) -> String {
        self.registered_name.clone().unwrap_or_else(|| self.full_name())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marriage {
    pub husband: usize,
    pub wife: usize,
    /// Start of married life.
    pub date: Ymd,
    /// Where and when it was registered (KH book), `kind` = `loaiDangKy` (1 first registration, 2 re-registration).
    pub registration: Option<Registration>,
    /// Registered outside the commune (spouse's commune).
    pub registered_elsewhere: bool,
    pub divorced: Option<Ymd>,
}

/// A certificate of marital status (HN book).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaritalCertificate {
    pub person: usize,
    pub registry: u8,
    pub date: Ymd,
    /// `nxnLoaiMucDichSuDung` code.
    pub purpose_code: String,
    pub purpose: String,
    pub status_text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Population {
    pub people: Vec<Person>,
    pub marriages: Vec<Marriage>,
    pub certificates: Vec<MaritalCertificate>,
}

impl Population {
    pub fn residents(&self) -> impl Iterator<Item = (usize, &Person)> {
        self.people.iter().enumerate().filter(|(_, p)| p.resident())
    }
}

/// A reusable synthetic population of exactly `n` people (living and dead, with family links) for
/// seed `seed`. About 55–60 % are residents alive at the end of 2024.
pub fn generate_people(seed: u64, n: usize) -> Population {
    simulate(seed, n, 0)
}

/// As [`generate_people`], but keeps adding migrant households until at least `min_residents` are
/// alive and resident (the result may then exceed `n`).
pub(crate) fn simulate(seed: u64, n: usize, min_residents: usize) -> Population {
    let n = n.max(50);
    // Founders → total ever-lived grows ~6× over the simulated 90 years.
    let mut founders = (n as f64 / 6.4).ceil() as usize;
    let mut sim;
    let mut tries = 0;
    loop {
        sim = Sim::new(stream(seed, "people"), n);
        sim.run(founders);
        tries += 1;
        if sim.stopped_year.is_none_or(|y| y >= SIM_END) || tries >= 4 {
            break;
        }
        // Hit the cap too early: fewer founders and try again.
        let short = (SIM_END - sim.stopped_year.unwrap()) as f64;
        founders = ((founders as f64) * (1.0 - 0.02 * short).max(0.5)) as usize;
    }
    sim.top_up(n);
    while min_residents > 0 && sim.pop.people.iter().filter(|p| p.resident()).count() < min_residents {
        let extra = min_residents - sim.pop.people.iter().filter(|p| p.resident()).count();
        let target = sim.pop.people.len() + extra + 4;
        sim.cap = target;
        sim.top_up(target);
    }
    sim.pop
}

struct Sim {
    rng: R,
    pop: Population,
    cap: usize,
    ids: HashSet<String>,
    alive: Vec<usize>,
    active: Vec<usize>,
    last_birth: Vec<Option<Ymd>>,
    parity: Vec<u8>,
    stopped_year: Option<i32>,
}

fn infant_mortality(year: i32) -> f64 {
    let pts = [(1935, 0.12), (1960, 0.07), (1980, 0.045), (2000, 0.025), (2024, 0.012)];
    for w in pts.windows(2) {
        let ((y0, q0), (y1, q1)) = (w[0], w[1]);
        if year <= y1 {
            let t = ((year - y0) as f64 / (y1 - y0) as f64).clamp(0.0, 1.0);
            return q0 + (q1 - q0) * t;
        }
    }
    0.012
}

fn mortality(age: i32, year: i32, male: bool) -> f64 {
    let era = if year < 1955 {
        1.8
    } else if year < 1976 {
        1.4
    } else if year < 1990 {
        1.15
    } else if year < 2005 {
        1.0
    } else {
        0.85
    };
    let mut q = match age {
        0 => infant_mortality(year),
        1..=4 => 0.005 * era,
        5..=14 => 0.0012 * era,
        _ => (0.0005 + 0.000_03 * (0.095 * age as f64).exp()) * era,
    };
    if male {
        q *= 1.25;
        if (1965..=1975).contains(&year) && (18..=35).contains(&age) {
            q += 0.008;
        }
    }
    q.min(0.6)
}

fn base_fertility(year: i32) -> f64 {
    match year {
        ..=1959 => 0.33,
        1960..=1975 => 0.30,
        1976..=1987 => 0.24,
        1988..=1995 => 0.18,
        1996..=2005 => 0.13,
        _ => 0.115,
    }
}

fn death_cause(rng: &mut R, age: i32, year: i32, male: bool) -> String {
    let c: &[(&str, f64)] = match age {
        0 => &[("Bệnh", 3.0), ("Sốt cao", 2.0), ("Đẻ non", 1.0), ("Viêm phổi", 1.0)],
        1..=14 => &[("Đuối nước", 2.0), ("Sốt xuất huyết", 1.0), ("Bệnh", 2.0), ("Viêm phổi", 1.0)],
        15..=59 if male && (1965..=1975).contains(&year) => &[("Hy sinh", 4.0), ("Bệnh", 2.0), ("Tai nạn", 1.0)],
        15..=59 => &[("Tai nạn giao thông", 2.0), ("Bệnh", 3.0), ("Tai nạn lao động", 1.0), ("Ung thư", 1.5), ("Đột quỵ", 0.5)],
        _ => &[("Già yếu", 4.0), ("Bệnh tuổi già", 2.0), ("Tai biến mạch máu não", 1.5), ("Ung thư", 1.0), ("Suy tim", 1.0)],
    };
    weighted(rng, c).to_string()
}

impl Sim {
    fn new(rng: R, cap: usize) -> Sim {
        Sim {
            rng,
            pop: Population::default(),
            cap,
            ids: HashSet::new(),
            alive: vec![],
            active: vec![],
            last_birth: vec![],
            parity: vec![],
            stopped_year: None,
        }
    }

    fn full(&self) -> bool {
        self.pop.people.len() >= self.cap
    }

    fn new_id(&mut self, province_code: &str, sex: Sex, birth_year: i32) -> String {
        let century = ((birth_year - 1900).div_euclid(100)).clamp(0, 4) as u32;
        let g = century * 2 + if sex.is_male() { 0 } else { 1 };
        loop {
            let id = format!("{province_code}{g}{:02}{:06}", birth_year.rem_euclid(100), self.rng.gen_range(0..1_000_000u32));
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn cmnd_for(&mut self, birth: Ymd, province: usize) -> (Option<String>, Option<Ymd>) {
        // 9-digit CMND issued at 15–25 to most people born before 2004 (issued from 1976 on).
        if birth.y >= 2004 || !chance(&mut self.rng, 0.85) {
            return (None, None);
        }
        let issue_year = (birth.y + self.rng.gen_range(15..26)).max(1977 + self.rng.gen_range(0..8));
        if issue_year > 2020 {
            return (None, None);
        }
        let issued = random_day_in_year(&mut self.rng, issue_year);
        let prefix = PROVINCES[province].cmnd;
        let digit: u32 = self.rng.gen_range(0..3);
        (Some(format!("{prefix}{digit}{:06}", self.rng.gen_range(0..1_000_000u32))), Some(issued))
    }

    /// Adds a person; returns its index (the caller has checked the cap where it matters).
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        name: NameParts,
        sex: Sex,
        birth: Ymd,
        ethnicity: String,
        origin: Origin,
        id_province: usize,
        registry: Option<u8>,
        hamlet: String,
        born_here: bool,
    ) -> usize {
        let id_number = self.new_id(PROVINCES[id_province].id_code, sex, birth.y);
        let cmnd_prov = if registry.is_some() { 0 } else { id_province };
        let (cmnd, cmnd_issued) = self.cmnd_for(birth, cmnd_prov);
        let p = Person {
            id_number,
            cmnd,
            cmnd_issued,
            surname: name.surname,
            middle: name.middle,
            given: name.given,
            registered_name: None,
            registered_birth: None,
            registered_ethnicity: None,
            sex,
            birth,
            death: None,
            death_cause: None,
            died_in_hospital: false,
            ethnicity,
            father: None,
            mother: None,
            father_name: None,
            mother_name: None,
            father_unknown_at_birth: false,
            acknowledged: None,
            spouse: None,
            marriage: None,
            origin,
            born_here,
            registry,
            hamlet,
            birth_registration: None,
            reregistration: None,
            death_registration: None,
            moved_in: None,
            moved_out: None,
        };
        self.pop.people.push(p);
        self.pop.people.len() - 1
    }

    fn random_sex(&mut self) -> Sex {
        if chance(&mut self.rng, 0.512) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    fn random_hamlet(&mut self, r: u8) -> String {
        pick(&mut self.rng, crate::places::HAMLETS[r as usize]).to_string()
    }

    fn outside_parent_names(&mut self, idx: usize) {
        let (by, eth, surname) = {
            let p = &self.pop.people[idx];
            (p.birth.y - 27, p.ethnicity.clone(), p.surname.clone())
        };
        let mut f = names::random_name(&mut self.rng, true, by, &eth);
        f.surname = surname;
        let m = names::random_name(&mut self.rng, false, by + 3, &eth);
        self.pop.people[idx].father_name = Some(names::full_name(&f));
        self.pop.people[idx].mother_name = Some(names::full_name(&m));
    }

    /// An adult who comes from outside (spouse or migrant).
    fn outsider(&mut self, sex: Sex, birth_year: i32, ethnicity: Option<String>) -> usize {
        let origin = Origin::random_outside(&mut self.rng);
        let eth = ethnicity.unwrap_or_else(|| {
            if origin.province == 0 {
                weighted(&mut self.rng, names::ETHNICITIES).to_string()
            } else if chance(&mut self.rng, 0.9) {
                "Kinh".into()
            } else {
                "Tày".into()
            }
        });
        let name = names::random_name(&mut self.rng, sex.is_male(), birth_year, &eth);
        let birth = random_day_in_year(&mut self.rng, birth_year);
        let prov = origin.province;
        let i = self.add(name, sex, birth, eth, origin, prov, None, String::new(), false);
        self.outside_parent_names(i);
        i
    }

    fn run(&mut self, founders: usize) {
        // Founders: an age pyramid on 1/1/1935, couples formed among adults of the same registry.
        let mut adults_m: Vec<usize> = vec![];
        let mut adults_f: Vec<usize> = vec![];
        for _ in 0..founders {
            let age = (70.0 * self.rng.gen::<f64>().powf(1.5)) as i32;
            let by = SIM_START - 1 - age;
            let sex = self.random_sex();
            let eth = weighted(&mut self.rng, names::ETHNICITIES).to_string();
            let r: u8 = if chance(&mut self.rng, 0.55) { 0 } else { 1 };
            let hamlet = self.random_hamlet(r);
            let name = names::random_name(&mut self.rng, sex.is_male(), by, &eth);
            let birth = random_day_in_year(&mut self.rng, by);
            let i = self.add(name, sex, birth, eth, Origin::home(r), 0, Some(r), hamlet, true);
            self.outside_parent_names(i);
            self.alive.push(i);
            if age >= 20 {
                if sex.is_male() {
                    adults_m.push(i)
                } else {
                    adults_f.push(i)
                }
            }
        }
        // Pair founders (most adults are married).
        let mut used = vec![false; adults_f.len()];
        for &h in &adults_m {
            if !chance(&mut self.rng, 0.88) {
                continue;
            }
            let hb = self.pop.people[h].birth.y;
            for _ in 0..10 {
                let k = self.rng.gen_range(0..adults_f.len().max(1));
                if adults_f.is_empty() || used[k] {
                    continue;
                }
                let w = adults_f[k];
                let wb = self.pop.people[w].birth.y;
                if (0..=8).contains(&(wb - hb)) || (wb - hb) == -1 {
                    used[k] = true;
                    let y = (hb.max(wb) + self.rng.gen_range(19..25)).min(SIM_START - 1);
                    let date = random_day_in_year(&mut self.rng, y);
                    self.marry(h, w, date, false);
                    break;
                }
            }
        }
        for year in SIM_START..=SIM_END {
            self.year(year);
            if self.full() {
                self.stopped_year = Some(year);
                return;
            }
        }
    }

    fn year(&mut self, year: i32) {
        // 1. Deaths.
        let alive = std::mem::take(&mut self.alive);
        let mut still = Vec::with_capacity(alive.len());
        for i in alive {
            let (age, male, birth) = {
                let p = &self.pop.people[i];
                (year - p.birth.y, p.is_male(), p.birth)
            };
            if chance(&mut self.rng, mortality(age, year, male)) {
                let mut d = random_day_in_year(&mut self.rng, year);
                if d <= birth {
                    d = birth.add_days(self.rng.gen_range(1..60));
                }
                if d.y > SIM_END {
                    still.push(i);
                    continue;
                }
                self.die(i, d);
            } else if year >= 1990 && (18..=30).contains(&age) && self.pop.people[i].spouse.is_none() && chance(&mut self.rng, 0.012) {
                // Young adults leave for the cities and industrial zones.
                self.pop.people[i].moved_out = Some(random_day_in_year(&mut self.rng, year));
            } else {
                still.push(i);
            }
        }
        self.alive = still;

        // 2. Marriages.
        let mut men: Vec<usize> = vec![];
        let mut women: Vec<usize> = vec![];
        for &i in &self.alive {
            let p = &self.pop.people[i];
            if p.spouse.is_some() {
                continue;
            }
            let age = year - p.birth.y;
            if p.is_male() && (19..=45).contains(&age) {
                men.push(i);
            } else if !p.is_male() && (17..=40).contains(&age) {
                women.push(i);
            }
        }
        let mut taken: HashSet<usize> = HashSet::new();
        for &w in &women {
            let age = year - self.pop.people[w].birth.y;
            let h = match age {
                17..=19 => {
                    if year < 1990 {
                        0.10
                    } else {
                        0.05
                    }
                }
                20..=24 => 0.22,
                25..=29 => 0.17,
                30..=35 => 0.07,
                _ => 0.02,
            };
            if !chance(&mut self.rng, h) {
                continue;
            }
            let date = random_day_in_year(&mut self.rng, year);
            let wb = self.pop.people[w].birth.y;
            let mut husband = None;
            if chance(&mut self.rng, 0.6) && !men.is_empty() {
                for _ in 0..12 {
                    let m = men[self.rng.gen_range(0..men.len())];
                    if taken.contains(&m) {
                        continue;
                    }
                    let mb = self.pop.people[m].birth.y;
                    let diff = wb - mb;
                    if !(-2..=9).contains(&diff) || self.siblings(m, w) {
                        continue;
                    }
                    husband = Some(m);
                    break;
                }
            }
            let h = match husband {
                Some(m) => m,
                None => {
                    if self.full() {
                        continue;
                    }
                    let by = wb - self.rng.gen_range(0..7);
                    let eth = if chance(&mut self.rng, 0.7) { Some(self.pop.people[w].ethnicity.clone()) } else { None };
                    self.outsider(Sex::Male, by, eth)
                }
            };
            taken.insert(h);
            self.marry(h, w, date, true);
        }
        // Brides from outside for local men.
        for &m in &men {
            if taken.contains(&m) || self.full() {
                continue;
            }
            let age = year - self.pop.people[m].birth.y;
            if !(23..=40).contains(&age) || !chance(&mut self.rng, 0.06) {
                continue;
            }
            let by = self.pop.people[m].birth.y + self.rng.gen_range(0..7);
            let w = self.outsider(Sex::Female, by, None);
            let date = random_day_in_year(&mut self.rng, year);
            self.marry(m, w, date, true);
        }

        // 3. Births.
        let active = self.active.clone();
        let mut keep = Vec::with_capacity(active.len());
        for mi in active {
            let (h, w, mdate, divorced) = {
                let m = &self.pop.marriages[mi];
                (m.husband, m.wife, m.date, m.divorced)
            };
            let wp = &self.pop.people[w];
            let wage = year - wp.birth.y;
            if wp.death.is_some() || wp.moved_out.is_some() || wp.registry.is_none() || divorced.is_some() || wage > 45 {
                continue;
            }
            keep.push(mi);
            if self.pop.people[h].death.is_some_and(|d| d.y < year) || wage < 18 || year < mdate.y {
                continue;
            }
            if year >= 1990 && chance(&mut self.rng, 0.002) {
                self.pop.marriages[mi].divorced = Some(random_day_in_year(&mut self.rng, year));
                self.pop.people[h].spouse = None;
                self.pop.people[w].spouse = None;
                continue;
            }
            let parity = self.parity[mi];
            let mut p = base_fertility(year);
            if parity == 0 {
                p *= 2.2;
            }
            if parity >= 2 && year >= 1988 {
                p *= 0.45;
            }
            if parity >= 3 && year >= 1995 {
                p *= 0.3;
            }
            if wage > 38 {
                p *= 0.4;
            }
            if !chance(&mut self.rng, p.min(0.9)) {
                continue;
            }
            let mut d = random_day_in_year(&mut self.rng, year);
            if d <= mdate {
                d = mdate.add_days(self.rng.gen_range(200..400));
                if d.y != year {
                    continue;
                }
            }
            if let Some(lb) = self.last_birth[mi] {
                if d.days() - lb.days() < 450 {
                    continue;
                }
            }
            if self.full() {
                return;
            }
            self.child(w, Some(h), d, true);
            self.last_birth[mi] = Some(d);
            self.parity[mi] += 1;
        }
        self.active = keep;
        // Births to unmarried mothers (father absent from the register).
        for &w in &women {
            let p = &self.pop.people[w];
            let age = year - p.birth.y;
            if p.spouse.is_some() || p.death.is_some() || p.moved_out.is_some() || !(19..=38).contains(&age) {
                continue;
            }
            let rate = if year < 1990 { 0.005 } else { 0.016 };
            if !chance(&mut self.rng, rate) || self.full() {
                continue;
            }
            let d = random_day_in_year(&mut self.rng, year);
            // The biological father is a local man in 60 % of cases.
            let father = if chance(&mut self.rng, 0.6) && !men.is_empty() { Some(men[self.rng.gen_range(0..men.len())]) } else { None };
            let c = self.child(w, father, d, false);
            if let (Some(c), Some(f)) = (c, father) {
                // Acknowledgement later (CMC), more often since the 2000s.
                let lag = self.rng.gen_range(60..(365 * 14));
                let ack = d.add_days(lag);
                if chance(&mut self.rng, 0.75) && ack.y <= SIM_END && self.pop.people[f].death.is_none_or(|x| x > ack) {
                    self.pop.people[c].acknowledged = Some(ack);
                }
            }
        }

        // 4. Certificates of marital status for other purposes (loans, jobs, land), from 2006.
        if year >= 2006 {
            let alive = self.alive.clone();
            for i in alive {
                let age = year - self.pop.people[i].birth.y;
                if !(18..=60).contains(&age) || !chance(&mut self.rng, 0.012) {
                    continue;
                }
                let r = self.pop.people[i].registry.unwrap_or(0);
                let date = random_day_in_year(&mut self.rng, year);
                let status = match self.pop.people[i].spouse {
                    Some(s) => {
                        let sp = &self.pop.people[s];
                        format!("{} {}", if sp.is_male() { "Đang có chồng là" } else { "Đang có vợ là" }, sp.full_name())
                    }
                    None if self.pop.people[i].marriage.is_some() => "Đã ly hôn, hiện chưa đăng ký kết hôn với ai".to_string(),
                    None => "Chưa đăng ký kết hôn với ai".to_string(),
                };
                let purpose = weighted(
                    &mut self.rng,
                    &[
                        ("Bổ sung hồ sơ vay vốn ngân hàng", 4.0),
                        ("Bổ sung hồ sơ xin việc làm", 2.0),
                        ("Làm thủ tục chuyển nhượng quyền sử dụng đất", 3.0),
                        ("Bổ sung hồ sơ đi xuất khẩu lao động", 1.5),
                        ("Bổ sung hồ sơ hưởng chế độ chính sách", 1.0),
                    ],
                )
                .to_string();
                self.pop.certificates.push(MaritalCertificate {
                    person: i,
                    registry: r,
                    date,
                    purpose_code: "5".into(),
                    purpose,
                    status_text: status,
                });
            }
        }

        // 5. Migrant households (delta settlers in the 1960s–70s, fewer later).
        let rate = if (1960..=1979).contains(&year) { 0.004 } else { 0.0012 };
        let expected = self.alive.len() as f64 * rate;
        let mut k = expected.floor() as usize;
        if chance(&mut self.rng, expected.fract()) {
            k += 1;
        }
        for _ in 0..k {
            if self.full() {
                return;
            }
            self.migrant_household(year);
        }
    }

    fn siblings(&self, a: usize, b: usize) -> bool {
        let (pa, pb) = (&self.pop.people[a], &self.pop.people[b]);
        (pa.father.is_some() && pa.father == pb.father) || (pa.mother.is_some() && pa.mother == pb.mother)
    }

    fn die(&mut self, i: usize, d: Ymd) {
        let (age, male, r) = {
            let p = &self.pop.people[i];
            (p.birth.age_at(d), p.is_male(), p.registry)
        };
        let cause = death_cause(&mut self.rng, age, d.y, male);
        let hospital = chance(&mut self.rng, if d.y >= 1995 { 0.4 } else { 0.1 });
        let p_reg = match d.y {
            ..=1975 => 0.45,
            1976..=1990 => 0.6,
            1991..=2005 => 0.75,
            _ => 0.92,
        };
        let reg = if let (Some(r), true) = (r, chance(&mut self.rng, p_reg)) {
            let delay = if chance(&mut self.rng, 0.85) { self.rng.gen_range(1..20) } else { self.rng.gen_range(20..900) };
            let date = d.add_days(delay);
            (date.y <= SIM_END).then(|| Registration {
                registry: r,
                date,
                kind: if delay > 15 && d.y >= 1999 { "4".into() } else { "1".into() },
            })
        } else {
            None
        };
        let p = &mut self.pop.people[i];
        p.death = Some(d);
        p.death_cause = Some(cause);
        p.died_in_hospital = hospital;
        p.death_registration = reg;
    }

    fn marry(&mut self, h: usize, w: usize, date: Ymd, in_sim: bool) {
        let (h_res, w_res) = (self.pop.people[h].registry, self.pop.people[w].registry);
        let mut registered_elsewhere = false;
        let mut reg_registry = None;
        match (h_res, w_res) {
            (Some(hr), Some(wr)) => {
                reg_registry = Some(if chance(&mut self.rng, 0.6) { wr } else { hr });
                let hamlet = self.pop.people[h].hamlet.clone();
                let wp = &mut self.pop.people[w];
                wp.registry = Some(hr);
                wp.hamlet = hamlet;
            }
            (Some(hr), None) => {
                // Outside bride moves in; registered here or at her commune.
                if chance(&mut self.rng, 0.7) {
                    reg_registry = Some(hr)
                } else {
                    registered_elsewhere = true
                }
                let hamlet = self.pop.people[h].hamlet.clone();
                let wp = &mut self.pop.people[w];
                wp.registry = Some(hr);
                wp.hamlet = hamlet;
                wp.moved_in = Some(date);
            }
            (None, Some(wr)) => {
                if chance(&mut self.rng, 0.5) {
                    // She leaves for her husband's commune.
                    registered_elsewhere = true;
                    self.pop.people[w].moved_out = Some(date);
                    if date.y >= 2000 {
                        let (sn, so) = (self.pop.people[h].full_name(), self.pop.people[h].origin.clone());
                        self.certificate(w, wr, date, &sn, so);
                    }
                } else {
                    reg_registry = Some(wr);
                    let hamlet = self.pop.people[w].hamlet.clone();
                    let hp = &mut self.pop.people[h];
                    hp.registry = Some(wr);
                    hp.hamlet = hamlet;
                    hp.moved_in = Some(date);
                }
            }
            (None, None) => {
                registered_elsewhere = true;
            }
        }
        let p_reg = match date.y {
            ..=1975 => 0.6,
            1976..=1990 => 0.75,
            _ => 0.92,
        };
        let registration = match reg_registry {
            Some(r) if in_sim && chance(&mut self.rng, p_reg) => {
                let d = date.add_days(-self.rng.gen_range(0..45));
                Some(Registration { registry: r, date: d, kind: "1".into() })
            }
            _ => None,
        };
        let mi = self.pop.marriages.len();
        self.pop.marriages.push(Marriage { husband: h, wife: w, date, registration, registered_elsewhere, divorced: None });
        self.last_birth.push(None);
        self.parity.push(0);
        self.active.push(mi);
        for (a, b) in [(h, w), (w, h)] {
            let p = &mut self.pop.people[a];
            p.spouse = Some(b);
            p.marriage = Some(mi);
        }
        // Outsiders who moved in join the living residents.
        if h_res.is_none() && self.pop.people[h].resident() {
            self.alive.push(h);
        }
        if w_res.is_none() && self.pop.people[w].resident() {
            self.alive.push(w);
        }
    }

    fn certificate(&mut self, person: usize, registry: u8, marriage_date: Ymd, spouse_name: &str, spouse_origin: Origin) {
        let date = marriage_date.add_days(-self.rng.gen_range(20..120));
        let status = "Hiện tại chưa đăng ký kết hôn với ai".to_string();
        let him = if self.pop.people[person].is_male() { "chị" } else { "anh" };
        let purpose = format!("Để làm thủ tục đăng ký kết hôn với {him} {spouse_name}, {}", spouse_origin.modern());
        self.pop.certificates.push(MaritalCertificate { person, registry, date, purpose_code: "1".into(), purpose, status_text: status });
    }

    /// A child born in the commune. Returns `None` when the population is full.
    fn child(&mut self, mother: usize, father: Option<usize>, d: Ymd, father_known: bool) -> Option<usize> {
        if self.full() {
            return None;
        }
        let sex = self.random_sex();
        let m = &self.pop.people[mother];
        let (m_surname, m_eth, r, hamlet, m_origin) =
            (m.surname.clone(), m.ethnicity.clone(), m.registry.unwrap_or(0), m.hamlet.clone(), m.origin.clone());
        let (surname, eth, origin) = match (father, father_known) {
            (Some(f), true) => {
                let fp = &self.pop.people[f];
                let eth = if fp.ethnicity != m_eth && chance(&mut self.rng, 0.15) { m_eth.clone() } else { fp.ethnicity.clone() };
                (fp.surname.clone(), eth, fp.origin.clone())
            }
            _ => (m_surname.clone(), m_eth.clone(), m_origin),
        };
        let middle = names::middle_name(&mut self.rng, sex.is_male(), d.y, &eth, Some(&m_surname));
        let mut given = names::given_name(&mut self.rng, sex.is_male(), d.y, &eth);
        if middle.ends_with(given.as_str()) {
            given = names::given_name(&mut self.rng, sex.is_male(), d.y, &eth);
        }
        let i = self.add(NameParts { surname, middle, given }, sex, d, eth, origin, 0, Some(r), hamlet, true);
        {
            let p = &mut self.pop.people[i];
            p.mother = Some(mother);
            p.father = father;
            p.father_unknown_at_birth = !father_known;
        }
        // Birth registration: era-typical delays and omissions.
        let (p_never, p_late) = match d.y {
            ..=1975 => (0.10, 0.18),
            1976..=1998 => (0.05, 0.10),
            _ => (0.0, 0.05),
        };
        let x = self.rng.gen::<f64>();
        if x >= p_never {
            let late = x < p_never + p_late;
            let delay = if late { self.rng.gen_range(61..900) } else { self.rng.gen_range(2..60) };
            let date = d.add_days(delay);
            if date.y <= SIM_END {
                let kind = if late && d.y >= 1999 { "4" } else { "1" };
                self.pop.people[i].birth_registration = Some(Registration { registry: r, date, kind: kind.into() });
            }
        }
        // Late or repeated registration in 2006–2015 (books lost or damaged, or never registered).
        if d.y < 1995 && d.y >= 1950 {
            let never = self.pop.people[i].birth_registration.is_none();
            if (never && chance(&mut self.rng, 0.35)) || (!never && chance(&mut self.rng, 0.025)) {
                let ry = self.rng.gen_range(2006..=2015);
                let date = random_day_in_year(&mut self.rng, ry);
                let kind = if never { "4" } else { "2" };
                self.pop.people[i].reregistration = Some(Registration { registry: r, date, kind: kind.into() });
            }
        }
        self.alive.push(i);
        Some(i)
    }

    fn migrant_household(&mut self, year: i32) {
        let hb = year - self.rng.gen_range(22..45);
        let origin = loop {
            let o = Origin::random_outside(&mut self.rng);
            if o.province != 0 || year < 1960 {
                break o;
            }
            if chance(&mut self.rng, 0.3) {
                break o;
            }
        };
        let eth = if origin.province == 0 { weighted(&mut self.rng, names::ETHNICITIES).to_string() } else { "Kinh".to_string() };
        let r: u8 = if chance(&mut self.rng, 0.55) { 0 } else { 1 };
        let hamlet = self.random_hamlet(r);
        let arrive = random_day_in_year(&mut self.rng, year);
        let mk = |s: &mut Sim, sex: Sex, by: i32, eth: &str, surname: Option<String>| {
            let mut name = names::random_name(&mut s.rng, sex.is_male(), by, eth);
            if let Some(sn) = surname {
                name.surname = sn;
            }
            let birth = random_day_in_year(&mut s.rng, by);
            let i = s.add(name, sex, birth, eth.to_string(), origin.clone(), origin.province, Some(r), hamlet.clone(), false);
            s.pop.people[i].moved_in = Some(arrive);
            i
        };
        let h = mk(self, Sex::Male, hb, &eth, None);
        self.outside_parent_names(h);
        if self.full() {
            self.alive.push(h);
            return;
        }
        let wb = hb + self.rng.gen_range(0..6);
        let w = mk(self, Sex::Female, wb, &eth, None);
        self.outside_parent_names(w);
        let my = (hb + self.rng.gen_range(20..26)).min(year);
        let md = random_day_in_year(&mut self.rng, my);
        self.alive.push(h);
        self.alive.push(w);
        self.marry(h, w, md, false);
        let mi = self.pop.people[h].marriage.unwrap();
        let kids = self.rng.gen_range(0..4);
        let surname = self.pop.people[h].surname.clone();
        let mut cy = md.y + 1;
        for _ in 0..kids {
            if cy >= year || self.full() {
                break;
            }
            let sex = self.random_sex();
            let c = mk(self, sex, cy, &eth, Some(surname.clone()));
            let p = &mut self.pop.people[c];
            p.father = Some(h);
            p.mother = Some(w);
            self.alive.push(c);
            self.parity[mi] += 1;
            self.last_birth[mi] = Some(self.pop.people[c].birth);
            cy += self.rng.gen_range(2..5);
        }
    }

    fn top_up(&mut self, n: usize) {
        let mut year = 2000;
        while self.pop.people.len() < n {
            self.cap = n;
            self.migrant_household(year);
            year = if year >= SIM_END { 2000 } else { year + 1 };
        }
    }
}
