//! Labelled synthetic data with realistic Vietnamese noise (domain.md §5.2–5.3, §9 item 11).
//!
//! A population is generated family by family (parents, 1–4 children, twins), names drawn from
//! the frequency tables of domain.md §5.2 with era-dependent middle names. The extract holds most
//! of the population with light noise (as the national database would); the keyed entries are
//! birth registrations typed by clerks, with heavy noise: old/new tone placement, stripped marks,
//! NFD, upper case, keyboard and vowel-quality typos, hỏi↔ngã, dropped/added middle names and
//! "Thị"/"Văn", partial dates, day/month swaps, ±1 day and year typos, missing parents. About 12%
//! of the keyed people are absent from the extract; some people are keyed twice
//! (re-registrations); twins are registered together. Everything is deterministic in the seed.
use crate::record::{BirthDate, KeyedRecord, NameParts, PartialDate, PersonRecord, Sex};
use crate::rng::Rng;
use rustc_hash::FxHashSet;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone)]
pub struct SynthConfig {
    pub seed: u64,
    pub extract_rows: usize,
    pub keyed_entries: usize,
    /// Share of keyed people who are not in the extract.
    pub absent_share: f64,
    /// Share of keyed entries that are a second entry for an already keyed person.
    pub reregistration_share: f64,
    /// Share of births that are twins.
    pub twin_share: f64,
    /// Multiplies every noise probability of the keyed entries (1.0 = realistic, 0 = clean).
    pub noise: f64,
    /// Share of keyed entries whose birth date is written in a historic form (issue 10): lunar
    /// day or year, impossible (US order, a digit off), approximate, in words, two-digit year.
    /// Drawn from a separate random stream, so the rest of the data is the same for any share.
    pub historic_dates: f64,
    /// Share of keyed entries whose name was illegible on the paper (kept empty): matched on the
    /// birth date, parents, place and ID alone. Drawn from a separate random stream, so the rest
    /// of the data is the same for any share.
    pub nameless: f64,
    /// The year the data is read in: the latest a birth date can be (two-digit years). Fixed, so
    /// that the data never depends on the day it is generated.
    pub this_year: i32,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: 2024,
            extract_rows: 150_000,
            keyed_entries: 20_000,
            absent_share: 0.12,
            reregistration_share: 0.03,
            twin_share: 0.015,
            noise: 1.0,
            historic_dates: 0.0,
            nameless: 0.0,
            this_year: 2026,
        }
    }
}

/// The generated data and its labels.
#[derive(Debug, Clone, Default)]
pub struct SynthData {
    pub extract: Vec<PersonRecord>,
    pub records: Vec<KeyedRecord>,
    /// Per keyed entry: the extract row of its person, `None` when the person is absent.
    pub truth: Vec<Option<u32>>,
    /// Per keyed entry: a person id, equal for entries of the same person (re-registrations).
    pub person_of_record: Vec<u32>,
    /// Per keyed entry: true when the person is a twin.
    pub is_twin: Vec<bool>,
    /// Per keyed entry: the birth date as written when it is in a historic form (see
    /// [`SynthConfig::historic_dates`]); the record's date is then what [`BirthDate::read`] reads.
    pub date_text: Vec<Option<String>>,
}

// ---------------------------------------------------------------- frequency tables

const SURNAMES: &[(&str, f64)] = &[
    ("Nguyễn", 38.4),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.1),
    ("Hoàng", 3.0),
    ("Huỳnh", 2.1),
    ("Phan", 4.5),
    ("Vũ", 2.4),
    ("Võ", 1.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.45),
    ("Trịnh", 0.4),
    ("Đoàn", 0.4),
    ("Trương", 0.4),
    ("Lâm", 0.3),
    ("Mai", 0.3),
    ("Hà", 0.3),
    ("Tạ", 0.2),
    ("Lương", 0.2),
    ("Phùng", 0.15),
    ("Vương", 0.12),
    ("Đào", 0.2),
    ("Chu", 0.1),
    ("Triệu", 0.1),
    ("Cao", 0.15),
    ("Tô", 0.1),
    ("Quách", 0.06),
    ("Thạch", 0.05),
    ("Khổng", 0.03),
    ("Giáp", 0.04),
    ("Kiều", 0.05),
    ("Lại", 0.06),
    ("Nghiêm", 0.03),
    ("Âu", 0.03),
    ("Ông", 0.03),
    ("Thái", 0.06),
    ("Tăng", 0.04),
    ("Mạc", 0.03),
    ("Khúc", 0.02),
    ("Sùng", 0.02),
    ("Giàng", 0.02),
    ("Lò", 0.03),
    ("Hứa", 0.04),
    ("Diệp", 0.03),
    ("Văn", 0.05),
    ("Quan", 0.03),
    ("Ninh", 0.03),
    ("Tống", 0.04),
    ("Doãn", 0.03),
    ("Lưu", 0.1),
    ("La", 0.05),
    ("Từ", 0.04),
];

const MALE_MIDDLE: &[(&str, f64)] = &[
    ("Đức", 6.0),
    ("Minh", 7.0),
    ("Quang", 5.0),
    ("Hữu", 4.0),
    ("Ngọc", 3.0),
    ("Thanh", 5.0),
    ("Xuân", 3.0),
    ("Công", 4.0),
    ("Đình", 4.0),
    ("Quốc", 4.0),
    ("Hoàng", 3.0),
    ("Anh", 3.0),
    ("Tuấn", 2.0),
    ("Mạnh", 2.0),
    ("Bá", 2.0),
    ("Duy", 3.0),
    ("Trọng", 3.0),
    ("Gia", 3.0),
    ("Thế", 2.0),
    ("Tiến", 2.0),
    ("Khắc", 1.0),
    ("Nhật", 2.0),
    ("Bảo", 2.0),
    ("Phúc", 1.5),
    ("Trung", 1.5),
    ("Hải", 1.5),
    ("Thành", 2.0),
    ("Huy", 1.5),
];

const FEMALE_MIDDLE: &[(&str, f64)] = &[
    ("Ngọc", 10.0),
    ("Thu", 4.0),
    ("Thanh", 5.0),
    ("Kim", 4.0),
    ("Minh", 3.0),
    ("Hồng", 4.0),
    ("Phương", 4.0),
    ("Bích", 2.0),
    ("Mai", 2.0),
    ("Thúy", 2.0),
    ("Thùy", 3.0),
    ("Diệu", 1.5),
    ("Khánh", 2.0),
    ("Ánh", 1.5),
    ("Hải", 2.0),
    ("Quỳnh", 2.0),
    ("Bảo", 2.0),
    ("Thảo", 2.0),
    ("Hoài", 1.5),
    ("Tuyết", 1.0),
    ("Mỹ", 2.0),
    ("Như", 1.5),
    ("Gia", 1.5),
    ("Hà", 1.0),
    ("Lan", 1.0),
    ("Xuân", 2.0),
    ("Hoàng", 1.5),
    ("Cẩm", 1.0),
];

const MALE_GIVEN_OLD: &[&str] = &[
    "Hùng", "Minh", "Thành", "Dũng", "Hải", "Sơn", "Tuấn", "Bình", "Hòa", "Thắng", "Lợi", "Chiến", "Cường", "Hưng", "Long", "Nam", "Quang",
    "Trung", "Tâm", "Phúc", "Tài", "Đức", "Hiếu", "Toàn", "Khoa", "Thủy", "Lâm", "Phong", "Hoàng", "Quý", "Vinh", "Thịnh", "Tú", "Hậu",
    "Lực", "Mạnh", "Khải", "Đông", "Việt", "Hiển", "Thuận", "Thụy", "Tiến", "Kiên", "Hoan", "Khánh", "Sang", "Tín", "Nghĩa", "Trí", "Định",
    "Thái", "Lộc", "Tùng", "Vũ", "Huân", "Toản", "Quyết", "Duẩn", "Chính", "Thọ", "Khang", "Bảo", "Xuân", "Hòe", "Quỳnh", "Luân", "Hoạt",
    "Sỹ", "Kỳ",
];
const MALE_GIVEN_NEW: &[&str] = &[
    "Tuấn", "Hoàng", "Huy", "Anh", "Hiếu", "Hùng", "Nam", "Sơn", "Đức", "Dũng", "Thành", "Đạt", "Cường", "Long", "Trung", "Hải", "Nguyên",
    "Thắng", "Minh", "Duy", "Tiến", "Quang", "Phúc", "Khoa", "Bảo", "Khang", "Phát", "Thịnh", "Vinh", "Lộc", "Tài", "Hưng", "Quân", "Kiên",
    "Khôi", "Tùng", "Lâm", "Đăng", "Tú", "Việt", "Hậu", "Trí", "Toàn", "Thuận", "Khải", "Hào", "Nhật", "Vũ", "Thái", "Luân", "Phong", "An",
    "Khánh", "Quý", "Huân", "Thiện", "Tâm", "Hiển", "Đông", "Khoa", "Duẩn", "Thụy", "Uy", "Hòa", "Mạnh", "Tín", "Chiến", "Trọng", "Kỳ",
];
const FEMALE_GIVEN_OLD: &[&str] = &[
    "Lan", "Hoa", "Hương", "Mai", "Hằng", "Nga", "Thủy", "Hạnh", "Loan", "Liên", "Hồng", "Tuyết", "Cúc", "Đào", "Huệ", "Nhung", "Thảo",
    "Yến", "Hà", "Oanh", "Phương", "Dung", "Hiền", "Thúy", "Xuân", "Thu", "Vân", "Bích", "Lý", "Hòa", "Tâm", "Nguyệt", "Quyên", "Sen",
    "Hiên", "Ngân", "Thoa", "Thắm", "Điệp", "Hoài", "Duyên", "Khuyên", "Lụa", "Hậu", "Tươi", "Minh", "Thanh", "Kim", "Ngọc", "Trang",
    "Hảo", "Mận", "Quế", "Tình", "Nhàn", "Vui",
];
const FEMALE_GIVEN_NEW: &[&str] = &[
    "Trang", "Thảo", "Linh", "Anh", "Phương", "Hằng", "Huyền", "Hiền", "Hương", "Ngọc", "Dung", "Nhung", "Thủy", "Nhi", "Duyên", "Vân",
    "Quỳnh", "Nga", "Yến", "Trinh", "Vy", "Hân", "Thư", "Mai", "Lan", "Giang", "Hà", "Chi", "Ly", "My", "Tâm", "Uyên", "Châu", "Loan",
    "Hoa", "Tú", "Nhàn", "Diệp", "Khuê", "Ngân", "Hạnh", "Thúy", "Thùy", "Trâm", "Xuân", "Oanh", "Vi", "Hoài", "Như", "Ánh", "Diễm",
    "Kiều", "Mỹ", "Tuyết", "Hoàn", "Thoa",
];

const PROVINCES: &[(&str, &str)] = &[
    ("Nam Định", "036"),
    ("Thái Bình", "034"),
    ("Hà Nam", "035"),
    ("Ninh Bình", "037"),
    ("Hà Nội", "001"),
    ("Thanh Hóa", "038"),
    ("Nghệ An", "040"),
    ("Hải Dương", "030"),
];
const DISTRICTS: &[&str] = &[
    "Giao Thủy",
    "Hải Hậu",
    "Xuân Trường",
    "Nghĩa Hưng",
    "Ý Yên",
    "Vụ Bản",
    "Trực Ninh",
    "Nam Trực",
    "Mỹ Lộc",
    "Kiến Xương",
    "Tiền Hải",
    "Vũ Thư",
    "Quỳnh Phụ",
    "Duy Tiên",
    "Kim Bảng",
    "Thanh Liêm",
    "Gia Viễn",
    "Yên Khánh",
];
const COMMUNES: &[&str] = &[
    "Giao Thiện",
    "Giao An",
    "Giao Lạc",
    "Giao Xuân",
    "Hải Phúc",
    "Hải Quang",
    "Hải Hòa",
    "Xuân Ninh",
    "Xuân Hồng",
    "Nghĩa Thái",
    "Yên Cường",
    "Liên Minh",
    "Trực Đạo",
    "Nam Hồng",
    "Mỹ Thuận",
    "Vũ Lễ",
    "Đông Hoàng",
    "Quỳnh Hoa",
    "Tiên Ngoại",
    "Thanh Thủy",
    "Gia Thịnh",
    "Khánh Hòa",
    "Hồng Thuận",
    "Bình Hòa",
    "Giao Thanh",
    "Hoành Sơn",
    "Xuân Thủy",
    "Hải Anh",
    "Trực Thuận",
    "Nam Thanh",
    "Đại Thắng",
    "Tân Thịnh",
];

// ---------------------------------------------------------------- population

#[derive(Debug, Clone)]
struct Person {
    surname: String,
    middle: Vec<String>,
    given: String,
    sex: Sex,
    y: i32,
    m: u8,
    d: u8,
    father: Option<String>,
    mother: Option<String>,
    birth_place: (usize, usize, usize),
    home_town: (usize, usize, usize),
    residence: (usize, usize, usize),
    id: String,
    cmnd: Option<String>,
    twin_of: Option<usize>,
}

impl Person {
    fn full(&self) -> String {
        let mut s = self.surname.clone();
        for m in &self.middle {
            s.push(' ');
            s.push_str(m);
        }
        s.push(' ');
        s.push_str(&self.given);
        s
    }
}

fn fold(s: &str) -> String {
    crate::text::token_keys(s).map(|k| k.folded).unwrap_or_default()
}

fn weighted(rng: &mut Rng, xs: &[(&'static str, f64)]) -> &'static str {
    let pick: &&'static str = rng.weighted(xs);
    pick
}

/// Zipf-ish pick: earlier names are more frequent.
fn zipf<'a>(rng: &mut Rng, xs: &'a [&'a str]) -> &'a str {
    loop {
        let i = rng.below(xs.len());
        if rng.f64() < 6.0 / (i as f64 + 6.0) {
            return xs[i];
        }
    }
}

fn given_name(rng: &mut Rng, sex: Sex, year: i32) -> String {
    let new = year >= 1985 || (year >= 1970 && rng.chance(0.3));
    let list = match (sex, new) {
        (Sex::Female, false) => FEMALE_GIVEN_OLD,
        (Sex::Female, true) => FEMALE_GIVEN_NEW,
        (_, false) => MALE_GIVEN_OLD,
        (_, true) => MALE_GIVEN_NEW,
    };
    zipf(rng, list).to_string()
}

fn middle_names(rng: &mut Rng, sex: Sex, year: i32, mother_surname: &str) -> Vec<String> {
    let old = year < 1985;
    let r = rng.f64();
    match sex {
        Sex::Female => {
            let thi = if old { 0.72 } else { 0.3 };
            if r < 0.02 {
                vec![]
            } else if r < 0.02 + thi {
                vec!["Thị".into()]
            } else if r < 0.10 + thi {
                vec!["Thị".into(), weighted(rng, FEMALE_MIDDLE).into()]
            } else if r < 0.14 + thi {
                vec![mother_surname.into(), weighted(rng, FEMALE_MIDDLE).into()]
            } else if !old && r < 0.45 {
                vec![weighted(rng, FEMALE_MIDDLE).into(), weighted(rng, FEMALE_MIDDLE).into()]
            } else {
                vec![weighted(rng, FEMALE_MIDDLE).into()]
            }
        }
        _ => {
            let van = if old { 0.6 } else { 0.15 };
            if r < 0.02 {
                vec![]
            } else if r < 0.02 + van {
                vec!["Văn".into()]
            } else if r < 0.06 + van {
                vec![mother_surname.into()]
            } else if !old && r < 0.35 {
                vec![weighted(rng, MALE_MIDDLE).into(), weighted(rng, MALE_MIDDLE).into()]
            } else {
                vec![weighted(rng, MALE_MIDDLE).into()]
            }
        }
    }
}

fn adult_name(rng: &mut Rng, sex: Sex, year: i32) -> String {
    let s = weighted(rng, SURNAMES).to_string();
    let ms = weighted(rng, SURNAMES).to_string();
    let mut p = vec![s];
    p.extend(middle_names(rng, sex, year, &ms));
    p.push(given_name(rng, sex, year));
    p.join(" ")
}

fn rand_date(rng: &mut Rng, y: i32) -> (u8, u8) {
    let m = rng.range(1, 12) as u8;
    let d = rng.range(1, sohoa_vietnamese::date::days_in_month(y, m) as i64) as u8;
    (m, d)
}

fn place(rng: &mut Rng, home: (usize, usize, usize), p_home: f64) -> (usize, usize, usize) {
    if rng.chance(p_home) {
        home
    } else {
        (rng.below(COMMUNES.len()), rng.below(DISTRICTS.len()), rng.below(PROVINCES.len()))
    }
}

fn place_text(rng: &mut Rng, p: (usize, usize, usize), style: u8) -> String {
    let (c, d, pr) = p;
    match style {
        0 => format!("Xã {}, Huyện {}, Tỉnh {}", COMMUNES[c], DISTRICTS[d], PROVINCES[pr].0),
        1 => format!("{} - {} - {}", COMMUNES[c], DISTRICTS[d], PROVINCES[pr].0),
        2 => format!("UBND xã {}, huyện {}", COMMUNES[c], DISTRICTS[d]),
        3 => {
            if rng.chance(0.5) {
                format!("Trạm y tế xã {}", COMMUNES[c])
            } else {
                format!("Bệnh viện đa khoa huyện {}", DISTRICTS[d])
            }
        }
        _ => format!("xã {} huyện {} tỉnh {}", COMMUNES[c], DISTRICTS[d], PROVINCES[pr].0),
    }
}

struct Population {
    people: Vec<Person>,
}

fn generate_population(rng: &mut Rng, n: usize, twin_share: f64) -> Population {
    let mut people: Vec<Person> = Vec::with_capacity(n + 8);
    let home = (0usize, 0usize, 0usize);
    let mut serial: u64 = rng.below(1_000_000) as u64;
    while people.len() < n {
        // a family
        let first_child_year = {
            // skew towards recent births, 1940..2023
            let r = rng.f64();
            1940 + (83.0 * r.powf(0.75)) as i32
        };
        let father_year = first_child_year - rng.range(20, 38) as i32;
        let mother_year = first_child_year - rng.range(18, 33) as i32;
        let father = adult_name(rng, Sex::Male, father_year);
        let mother = adult_name(rng, Sex::Female, mother_year);
        let father_surname = father.split(' ').next().unwrap().to_string();
        let mother_surname = mother.split(' ').next().unwrap().to_string();
        let kids = *rng.weighted(&[(1usize, 25.0), (2, 40.0), (3, 24.0), (4, 8.0), (5, 3.0)]);
        let family_home = place(rng, home, 0.7);
        let origin = place(rng, family_home, 0.6);
        let mut used_given: FxHashSet<String> = FxHashSet::default();
        let mut year = first_child_year;
        let mut k = 0;
        while k < kids && people.len() < n {
            if year > 2023 {
                break;
            }
            let twins = rng.chance(twin_share) && people.len() + 1 < n;
            let (m, d) = rand_date(rng, year);
            let births = if twins { 2 } else { 1 };
            let first_idx = people.len();
            for b in 0..births {
                let sex = if rng.chance(0.51) { Sex::Male } else { Sex::Female };
                let mut given = given_name(rng, sex, year);
                let mut guard = 0;
                while used_given.contains(&fold(&given)) && guard < 50 {
                    given = given_name(rng, sex, year);
                    guard += 1;
                }
                used_given.insert(fold(&given));
                let surname = if rng.chance(0.96) { father_surname.clone() } else { mother_surname.clone() };
                let middle = middle_names(rng, sex, year, &mother_surname);
                let prov = PROVINCES[family_home.2].1;
                let century_sex = match (year >= 2000, sex) {
                    (false, Sex::Female) => 1,
                    (false, _) => 0,
                    (true, Sex::Female) => 3,
                    (true, _) => 2,
                };
                serial = (serial + 7_919) % 1_000_000;
                let id = format!("{prov}{century_sex}{:02}{:06}", year % 100, serial);
                let cmnd = if year < 1995 && rng.chance(0.35) {
                    Some(format!("16{:07}", (serial * 31 + people.len() as u64) % 10_000_000))
                } else {
                    None
                };
                let residence = place(rng, family_home, 0.85);
                people.push(Person {
                    surname,
                    middle,
                    given,
                    sex,
                    y: year,
                    m,
                    d,
                    father: Some(father.clone()),
                    mother: Some(mother.clone()),
                    birth_place: family_home,
                    home_town: origin,
                    residence,
                    id,
                    cmnd,
                    twin_of: if b == 1 { Some(first_idx) } else { None },
                });
                if b == 1 {
                    people[first_idx].twin_of = Some(first_idx + 1);
                }
            }
            k += births;
            year += rng.range(1, 5) as i32;
        }
    }
    Population { people }
}

// ---------------------------------------------------------------- noise

const TONE_MARKS: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// Old-style tone placement → new style ("hòa" → "hoà", "thủy" → "thuỷ") for open syllables.
pub fn to_new_style(s: &str) -> String {
    s.split(' ').map(new_style_word).collect::<Vec<_>>().join(" ")
}

fn new_style_word(w: &str) -> String {
    let chars: Vec<char> = w.nfd().collect();
    // positions of base letters
    let bases: Vec<usize> = (0..chars.len()).filter(|&i| !('\u{0300}'..='\u{036f}').contains(&chars[i])).collect();
    if bases.len() < 2 {
        return w.to_string();
    }
    let last = bases[bases.len() - 1];
    let prev = bases[bases.len() - 2];
    let pl = chars[prev].to_lowercase().next().unwrap();
    let ll = chars[last].to_lowercase().next().unwrap();
    let ok = matches!((pl, ll), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    if !ok {
        return w.to_string();
    }
    if pl == 'u' && bases.len() >= 3 && chars[bases[bases.len() - 3]].to_lowercase().next() == Some('q') {
        return w.to_string();
    }
    // tone mark among the marks of `prev`?
    let marks_prev: Vec<usize> = (prev + 1..last).collect();
    let Some(tpos) = marks_prev.iter().copied().find(|&i| TONE_MARKS.contains(&chars[i])) else {
        return w.to_string();
    };
    let tone = chars[tpos];
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if i == tpos {
            continue;
        }
        out.push(c);
        if i == last {
            out.push(tone);
        }
    }
    out.into_iter().collect::<String>().nfc().collect()
}

fn strip_marks(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect()
}

const KEYBOARD: &[(&str, &str)] = &[
    ("a", "sqz"),
    ("b", "vn"),
    ("c", "xv"),
    ("d", "sf"),
    ("e", "wr"),
    ("g", "fh"),
    ("h", "gj"),
    ("i", "uo"),
    ("k", "jl"),
    ("l", "k"),
    ("m", "n"),
    ("n", "bm"),
    ("o", "ip"),
    ("p", "o"),
    ("q", "w"),
    ("r", "et"),
    ("s", "ad"),
    ("t", "ry"),
    ("u", "yi"),
    ("v", "cb"),
    ("x", "zc"),
    ("y", "tu"),
];

/// One typo of a kind a clerk or OCR makes on Vietnamese text.
fn typo(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.nfd().collect();
    let letters: Vec<usize> =
        (0..chars.len()).filter(|&i| chars[i].is_alphabetic() && !('\u{0300}'..='\u{036f}').contains(&chars[i])).collect();
    if letters.is_empty() {
        return s.to_string();
    }
    let kind = rng.below(100);
    if kind < 30 {
        // vowel quality: ơ↔ô↔o, ư↔u, ă↔â↔a, ê↔e
        let vowels: Vec<usize> = letters.iter().copied().filter(|&i| "aeouAEOU".contains(chars[i])).collect();
        if let Some(&i) = vowels.get(rng.below(vowels.len().max(1))) {
            let q = if i + 1 < chars.len() && ['\u{0302}', '\u{0306}', '\u{031B}'].contains(&chars[i + 1]) { Some(i + 1) } else { None };
            let base = chars[i].to_lowercase().next().unwrap();
            let options: &[char] = match base {
                'o' => &['\u{0302}', '\u{031B}'],
                'u' => &['\u{031B}'],
                'a' => &['\u{0302}', '\u{0306}'],
                _ => &['\u{0302}'],
            };
            match q {
                Some(p) => {
                    let other: Vec<char> = options.iter().copied().filter(|&c| c != chars[p]).collect();
                    if other.is_empty() || rng.chance(0.5) {
                        chars.remove(p);
                    } else {
                        chars[p] = *rng.pick(&other);
                    }
                }
                None => chars.insert(i + 1, *rng.pick(options)),
            }
            return chars.into_iter().collect::<String>().nfc().collect();
        }
    }
    if kind < 55 {
        // tone: hỏi↔ngã, dot below lost, or a tone dropped
        let tones: Vec<usize> = (0..chars.len()).filter(|&i| TONE_MARKS.contains(&chars[i])).collect();
        if let Some(&i) = tones.get(rng.below(tones.len().max(1))) {
            match chars[i] {
                '\u{0309}' => chars[i] = '\u{0303}',
                '\u{0303}' => chars[i] = '\u{0309}',
                _ => {
                    chars.remove(i);
                }
            }
            return chars.into_iter().collect::<String>().nfc().collect();
        }
    }
    let i = letters[rng.below(letters.len())];
    if kind < 85 {
        let lower = chars[i].to_lowercase().next().unwrap();
        if let Some((_, adj)) = KEYBOARD.iter().find(|(k, _)| k.starts_with(lower)) {
            let adj: Vec<char> = adj.chars().collect();
            let mut c = *rng.pick(&adj);
            if chars[i].is_uppercase() {
                c = c.to_ascii_uppercase();
            }
            chars[i] = c;
        }
    } else if kind < 93 {
        // delete the letter and its marks
        let mut j = i + 1;
        while j < chars.len() && ('\u{0300}'..='\u{036f}').contains(&chars[j]) {
            j += 1;
        }
        if letters.len() > 2 {
            chars.drain(i..j);
        }
    } else {
        let c = chars[i].to_lowercase().next().unwrap();
        chars.insert(i + 1, c);
    }
    chars.into_iter().collect::<String>().nfc().collect()
}

/// Regional spellings and i/y variants (domain.md §5.3 rule 6): d/gi/r, s/x, tr/ch, l/n, i↔y.
fn regional_variant(rng: &mut Rng, name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let i = rng.below(words.len());
    let w = words[i];
    let pairs: &[(&str, &str)] =
        &[("Gi", "D"), ("D", "Gi"), ("R", "D"), ("S", "X"), ("X", "S"), ("Tr", "Ch"), ("Ch", "Tr"), ("L", "N"), ("N", "L")];
    let mut out = None;
    for (from, to) in pairs {
        if let Some(rest) = w.strip_prefix(from) {
            if !rest.starts_with('h') || *from == "Tr" || *from == "Ch" {
                out = Some(format!("{to}{rest}"));
                break;
            }
        }
    }
    let nw = match out {
        Some(x) => x,
        None => {
            // final i <-> y (Lý/Lí, Mỹ/Mĩ)
            let nfd: String = w.nfd().collect();
            if nfd.contains('y') {
                nfd.replacen('y', "i", 1).nfc().collect()
            } else if nfd.chars().rev().find(|c| !('\u{0300}'..='\u{036f}').contains(c)) == Some('i') {
                let pos = nfd.rfind('i').unwrap();
                let mut t = nfd.clone();
                t.replace_range(pos..pos + 1, "y");
                t.nfc().collect()
            } else {
                w.to_string()
            }
        }
    };
    let mut v: Vec<String> = words.iter().map(|x| x.to_string()).collect();
    v[i] = nw;
    v.join(" ")
}

fn typo_in_word(rng: &mut Rng, name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let i = rng.below(words.len());
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    out[i] = typo(rng, words[i]);
    out.join(" ")
}

fn vn_upper(s: &str) -> String {
    s.to_uppercase()
}

/// Light noise (the national database): mostly clean, sometimes new tone style or capitals.
fn light_name_noise(rng: &mut Rng, name: &str) -> String {
    let mut s = name.to_string();
    if rng.chance(0.06) {
        s = to_new_style(&s);
    }
    if rng.chance(0.03) {
        s = vn_upper(&s);
    }
    if rng.chance(0.01) {
        s = s.nfd().collect();
    }
    s
}

/// A clerk's keying of a name.
fn heavy_name_noise(rng: &mut Rng, p: f64, surname: &str, middle: &[String], given: &str, sex: Sex) -> String {
    let mut middle: Vec<String> = middle.to_vec();
    if rng.chance(0.025 * p) {
        // "Thị"/"Văn" omitted (or added)
        if let Some(i) = middle.iter().position(|m| m == "Thị" || m == "Văn") {
            middle.remove(i);
        } else if middle.len() < 2 {
            middle.insert(0, if sex == Sex::Female { "Thị".into() } else { "Văn".into() });
        }
    } else if rng.chance(0.02 * p) && !middle.is_empty() {
        // middle name dropped
        let i = rng.below(middle.len());
        middle.remove(i);
    }
    let mut parts = vec![surname.to_string()];
    parts.extend(middle);
    parts.push(given.to_string());
    let mut s = parts.join(" ");
    if rng.chance(0.15 * p) {
        s = to_new_style(&s);
    }
    if rng.chance(0.012 * p) {
        s = regional_variant(rng, &s);
    }
    if rng.chance(0.05 * p) {
        s = typo_in_word(rng, &s);
        if rng.chance(0.1) {
            s = typo_in_word(rng, &s);
        }
    }
    if rng.chance(0.025 * p) {
        s = strip_marks(&s);
    }
    if rng.chance(0.2 * p) {
        s = vn_upper(&s);
    }
    if rng.chance(0.05 * p) {
        s = s.nfd().collect();
    }
    if rng.chance(0.01 * p) {
        s = format!(" {}  ", s.replace(' ', "  "));
    }
    s
}

fn parent_noise(rng: &mut Rng, p: f64, name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let surname = words[0];
    let given = words[words.len() - 1];
    let middle: Vec<String> = words[1..words.len() - 1].iter().map(|s| s.to_string()).collect();
    let sex = if middle.iter().any(|m| m == "Thị") { Sex::Female } else { Sex::Male };
    heavy_name_noise(rng, p * 0.8, surname, &middle, given, sex)
}

fn date_text(y: i32, m: Option<u8>, d: Option<u8>) -> PartialDate {
    let text = match (m, d) {
        (Some(m), Some(d)) => format!("{d:02}/{m:02}/{y:04}"),
        (Some(m), None) => format!("{m:02}/{y:04}"),
        _ => format!("{y:04}"),
    };
    PartialDate::parse(&text).expect("generated dates are valid")
}

/// A place as a clerk copies it from an old book: sometimes missing, sometimes only the hamlet
/// or "at home", sometimes under a pre-1991 province name, sometimes registered elsewhere.
fn keyed_place(rng: &mut Rng, p: f64, place: (usize, usize, usize), year: i32, style: u8) -> Option<String> {
    let r = rng.f64();
    if r < 0.06 * p {
        return None;
    }
    if r < 0.10 * p {
        let hamlets = ["Tại nhà", "Thôn Đông", "Xóm 3", "Thôn Trung", "Đội 5", "Xóm Chùa", "Ấp Bắc"];
        return Some(rng.pick(&hamlets).to_string());
    }
    if r < 0.14 * p {
        let other = (rng.below(COMMUNES.len()), rng.below(DISTRICTS.len()), rng.below(PROVINCES.len()));
        return Some(place_text(rng, other, style));
    }
    let mut t = place_text(rng, place, style);
    if year < 1991 && rng.chance(0.5) {
        for old in ["Nam Định", "Hà Nam", "Ninh Bình"] {
            t = t.replace(old, "Hà Nam Ninh");
        }
    }
    Some(t)
}

fn keyed_date(rng: &mut Rng, p: f64, y: i32, m: u8, d: u8) -> PartialDate {
    let r = rng.f64();
    let mut t = 0.0;
    let mut step = |x: f64| {
        t += x * p;
        r < t
    };
    if step(0.03) {
        return date_text(y, None, None);
    }
    if step(0.02) {
        return date_text(y, Some(m), None);
    }
    if step(0.015) && d <= 12 && d != m {
        return date_text(y, Some(d), Some(m));
    }
    if step(0.01) {
        let nd = if d > 1 && (rng.chance(0.5) || d == sohoa_vietnamese::date::days_in_month(y, m)) { d - 1 } else { d + 1 };
        return date_text(y, Some(m), Some(nd));
    }
    if step(0.007) {
        let ny = if rng.chance(0.5) { y + 1 } else { y - 1 };
        if sohoa_vietnamese::date::days_in_month(ny, m) >= d {
            return date_text(ny, Some(m), Some(d));
        }
    }
    if step(0.005) {
        // a one-digit typo in the day
        let nd = (d % 10) + 10 * ((d / 10 + 1) % 3);
        if nd >= 1 && nd <= sohoa_vietnamese::date::days_in_month(y, m) {
            return date_text(y, Some(m), Some(nd));
        }
    }
    date_text(y, Some(m), Some(d))
}

/// A birth date written the way old registers write it (issue 10), or `None` when the chosen
/// form does not apply to this date.
fn historic_date(rng: &mut Rng, y: i32, m: u8, d: u8) -> Option<String> {
    use sohoa_vietnamese::date::{days_in_month, lunar};
    let dim = days_in_month(y, m);
    match rng.below(7) {
        0 => lunar::solar_to_lunar(y, m, d).filter(|l| !l.leap).map(|l| format!("{}/{}/{} âm lịch", l.day, l.month, l.year)),
        1 => lunar::solar_to_lunar(y, m, d).map(|l| format!("{} (âm lịch)", l.year)),
        2 => (d > 12).then(|| format!("{m:02}/{d:02}/{y}")),
        3 => {
            let wrong = 30 + d % 10;
            (d % 10 != 0 && d / 10 != 3 && wrong > dim).then(|| format!("{wrong}/{m:02}/{y}"))
        }
        4 => Some(format!("khoảng {y}")),
        5 => Some(format!("ngày {} tháng {} năm {y}", words(d), words(m))),
        _ => Some(format!("{d}/{m}/{:02}", y % 100)),
    }
}

fn words(n: u8) -> String {
    sohoa_vietnamese::date::number_in_words(u32::from(n))
}

/// Generates the data set.
pub fn generate(cfg: &SynthConfig) -> SynthData {
    let mut hrng = Rng::new(cfg.seed ^ 0x4849_5354_4f52_4943);
    // names left illegible: a stream of their own too
    let mut nrng = Rng::new(cfg.seed ^ 0x4e41_4d45_4c45_5353);
    let mut rng = Rng::new(cfg.seed);
    let n_rereg = (cfg.keyed_entries as f64 * cfg.reregistration_share).round() as usize;
    let n_keyed_people = cfg.keyed_entries - n_rereg;
    let n_absent = (n_keyed_people as f64 * cfg.absent_share).round() as usize;
    let pop = generate_population(&mut rng, cfg.extract_rows + n_absent, cfg.twin_share);
    let people = pop.people;
    let n = people.len();

    // choose the absent people at random
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i + 1);
        order.swap(i, j);
    }
    let mut absent = vec![false; n];
    for &i in order.iter().take(n_absent) {
        absent[i] = true;
    }

    // the extract, in a shuffled order
    let mut extract_row = vec![u32::MAX; n];
    let mut extract = Vec::with_capacity(cfg.extract_rows);
    for &i in order.iter().skip(n_absent) {
        let p = &people[i];
        extract_row[i] = extract.len() as u32;
        let full = light_name_noise(&mut rng, &p.full());
        let parts = if rng.chance(0.7) && full.nfc().collect::<String>() == p.full() {
            Some(NameParts { surname: p.surname.clone(), middle: p.middle.clone(), given: p.given.clone() })
        } else {
            None
        };
        let date = if p.y < 1960 && rng.chance(0.08) {
            date_text(p.y, None, None)
        } else if rng.chance(0.01) {
            date_text(p.y, Some(p.m), None)
        } else {
            date_text(p.y, Some(p.m), Some(p.d))
        };
        extract.push(PersonRecord {
            id_number: p.id.clone(),
            full_name: full,
            name_parts: parts,
            birth_date: Some(date),
            sex: p.sex,
            father_name: p.father.as_ref().filter(|_| rng.chance(0.85)).map(|f| light_name_noise(&mut rng, f)),
            mother_name: p.mother.as_ref().filter(|_| rng.chance(0.92)).map(|f| light_name_noise(&mut rng, f)),
            spouse_name: None,
            birth_registration_place: Some(place_text(&mut rng, p.birth_place, 0)),
            home_town: Some(place_text(&mut rng, p.home_town, 0)),
            residence: Some(place_text(&mut rng, p.residence, 0)),
            cmnd: p.cmnd.clone(),
        });
    }

    // keyed people: all absent ones plus a sample of present ones; twins come with their twin
    let mut keyed_people: Vec<usize> = order.iter().take(n_absent).copied().collect();
    let mut chosen = vec![false; n];
    for &i in &keyed_people {
        chosen[i] = true;
    }
    let mut k = n_absent;
    while keyed_people.len() < n_keyed_people && k < n {
        let i = order[k];
        k += 1;
        if chosen[i] {
            continue;
        }
        chosen[i] = true;
        keyed_people.push(i);
        if let Some(t) = people[i].twin_of {
            if !chosen[t] && rng.chance(0.9) && keyed_people.len() < n_keyed_people {
                chosen[t] = true;
                keyed_people.push(t);
            }
        }
    }
    // book order: shuffle, but keep twins together
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut placed = vec![false; n];
    for &i in &keyed_people {
        if placed[i] {
            continue;
        }
        placed[i] = true;
        let mut g = vec![i];
        if let Some(t) = people[i].twin_of {
            if chosen[t] && !placed[t] {
                placed[t] = true;
                g.push(t);
            }
        }
        groups.push(g);
    }
    for i in (1..groups.len()).rev() {
        let j = rng.below(i + 1);
        groups.swap(i, j);
    }
    let mut entries: Vec<usize> = groups.into_iter().flatten().collect();
    // re-registrations: a second entry for some people, somewhere else in the books
    for _ in 0..n_rereg {
        let who = entries[rng.below(keyed_people.len())];
        let pos = rng.below(entries.len() + 1);
        entries.insert(pos, who);
    }

    let mut data = SynthData { extract, ..Default::default() };
    let p = cfg.noise;
    for (e, &i) in entries.iter().enumerate() {
        let person = &people[i];
        let name = heavy_name_noise(&mut rng, p, &person.surname, &person.middle, &person.given, person.sex);
        let sex = if rng.chance(0.01 * p) {
            Sex::Unknown
        } else if rng.chance(0.003 * p) {
            if person.sex == Sex::Male {
                Sex::Female
            } else {
                Sex::Male
            }
        } else {
            person.sex
        };
        let id_number = if rng.chance(0.04) {
            let mut id = person.id.clone();
            if rng.chance(0.1 * p) {
                let mut b = id.into_bytes();
                let k = 4 + rng.below(8);
                b[k] = b'0' + ((b[k] - b'0' + 1) % 10);
                id = String::from_utf8(b).unwrap();
            }
            Some(id)
        } else {
            None
        };
        data.records.push(KeyedRecord {
            record_ref: format!("KS-{:02}-{:05}", e / 2000 + 1, e + 1),
            full_name: name,
            birth_date: Some(keyed_date(&mut rng, p, person.y, person.m, person.d)),
            birth_date_alt: None,
            sex,
            father_name: person.father.as_ref().filter(|_| rng.chance(0.88)).map(|f| parent_noise(&mut rng, p, f)),
            mother_name: person.mother.as_ref().filter(|_| rng.chance(0.97)).map(|f| parent_noise(&mut rng, p, f)),
            registration_place: keyed_place(&mut rng, p, person.birth_place, person.y, 2),
            birth_place: keyed_place(&mut rng, p, person.birth_place, person.y, 3),
            home_town: if rng.chance(0.6) { keyed_place(&mut rng, p, person.home_town, person.y, 1) } else { None },
            id_number,
        });
        let text = if hrng.chance(cfg.historic_dates) { historic_date(&mut hrng, person.y, person.m, person.d) } else { None };
        if let (Some(t), Some(r)) = (&text, data.records.last_mut()) {
            (r.birth_date, r.birth_date_alt) = BirthDate::read(t, &BirthDate::context(cfg.this_year));
        }
        if nrng.chance(cfg.nameless) {
            if let Some(r) = data.records.last_mut() {
                r.full_name.clear();
            }
        }
        data.date_text.push(text);
        data.truth.push(if absent[i] { None } else { Some(extract_row[i]) });
        data.person_of_record.push(i as u32);
        data.is_twin.push(person.twin_of.is_some());
    }
    data
}

// ---------------------------------------------------------------- the generated data as files

/// The population extract's columns as the commune police deliver them (formats.md §1,
/// Vietnamese headers), for writing generated rows as a file with [`extract_cells`].
pub const EXTRACT_COLUMNS: [&str; 11] = [
    "Số định danh cá nhân",
    "Họ, chữ đệm và tên",
    "Ngày, tháng, năm sinh",
    "Giới tính",
    "Quê quán",
    "Nơi đăng ký khai sinh",
    "Nơi thường trú",
    "Họ tên cha",
    "Họ tên mẹ",
    "Họ tên vợ/chồng",
    "Số CMND",
];

/// One extract row in [`EXTRACT_COLUMNS`] order (the date as far as it is known, `dd/mm/yyyy`).
pub fn extract_cells(p: &PersonRecord) -> [String; 11] {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    [
        p.id_number.clone(),
        p.full_name.clone(),
        p.birth_date.as_ref().map(PartialDate::to_template).unwrap_or_default(),
        p.sex.written().to_string(),
        o(&p.home_town),
        o(&p.birth_registration_place),
        o(&p.residence),
        o(&p.father_name),
        o(&p.mother_name),
        o(&p.spouse_name),
        o(&p.cmnd),
    ]
}

/// Previously keyed birth records' columns (formats.md §2).
pub const RECORD_COLUMNS: [&str; 16] = [
    "ma_ban_ghi",
    "so",
    "quyen_so",
    "trang_so",
    "ngay_dang_ky",
    "ho_ten",
    "ngay_sinh",
    "gioi_tinh",
    "dan_toc",
    "quoc_tich",
    "noi_sinh",
    "que_quan",
    "ho_ten_cha",
    "ho_ten_me",
    "noi_dang_ky",
    "ghi_chu",
];

/// Where a generated record sits in its register and how its birth date was written: the
/// cells [`record_cells`] cannot take from the record itself.
pub struct RecordPlace<'a> {
    pub so: String,
    pub quyen_so: String,
    pub trang_so: String,
    /// The birth date as written ([`SynthData::date_text`]); the record's date when `None`.
    pub written_date: Option<&'a str>,
}

/// One keyed record in [`RECORD_COLUMNS`] order.
pub fn record_cells(r: &KeyedRecord, at: RecordPlace) -> [String; 16] {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    [
        r.record_ref.clone(),
        at.so,
        at.quyen_so,
        at.trang_so,
        String::new(),
        r.full_name.clone(),
        at.written_date.map(str::to_string).unwrap_or_else(|| r.birth_date.as_ref().map(PartialDate::to_template).unwrap_or_default()),
        r.sex.written().to_string(),
        String::new(),
        String::new(),
        o(&r.birth_place),
        o(&r.home_town),
        o(&r.father_name),
        o(&r.mother_name),
        o(&r.registration_place),
        String::new(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_style_moves_the_tone_in_open_syllables_only() {
        assert_eq!(to_new_style("Hòa"), "Hoà");
        assert_eq!(to_new_style("Thủy"), "Thuỷ");
        assert_eq!(to_new_style("Hoàng"), "Hoàng");
        assert_eq!(to_new_style("Quý"), "Quý");
        assert_eq!(to_new_style("Khỏe"), "Khoẻ");
    }

    #[test]
    fn generation_is_deterministic_and_labelled() {
        let cfg = SynthConfig { extract_rows: 2000, keyed_entries: 300, ..Default::default() };
        let a = generate(&cfg);
        let b = generate(&cfg);
        assert_eq!(a.records, b.records);
        assert_eq!(a.extract.len(), 2000);
        assert_eq!(a.records.len(), 300);
        let absent = a.truth.iter().filter(|t| t.is_none()).count() as f64 / 300.0;
        assert!((0.08..0.16).contains(&absent), "absent share {absent}");
        for (r, t) in a.records.iter().zip(&a.truth) {
            if let Some(row) = t {
                let p = &a.extract[*row as usize];
                assert!(p.birth_date.as_ref().unwrap().year.abs_diff(r.birth_date.as_ref().unwrap().year) <= 1);
            }
        }
    }
}
