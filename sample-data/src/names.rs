//! Vietnamese personal names by era, sex and ethnic group (domain.md §5.1–5.2).
//!
//! Surname weights follow the national frequency table of §5.2 (northern forms: Hoàng rather than
//! Huỳnh, Vũ rather than Võ); given names skew old (Văn/Thị + Hùng, Lan, …) for people born before
//! 1976 and modern (Tuấn, Trang, …) after 1995. Tày, Nùng, Dao and Sán Chay surnames are the ones
//! usual in Định Hóa (Thái Nguyên) [M].
use crate::util::{chance, weighted, R};
use rand::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Era {
    Old,
    Mid,
    New,
}

pub fn era_of(birth_year: i32) -> Era {
    if birth_year < 1976 {
        Era::Old
    } else if birth_year < 1996 {
        Era::Mid
    } else {
        Era::New
    }
}

const KINH_SURNAMES: &[(&str, f64)] = &[
    ("Nguyễn", 38.4),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.1),
    ("Hoàng", 4.9),
    ("Huỳnh", 0.2),
    ("Phan", 4.5),
    ("Vũ", 3.6),
    ("Võ", 0.3),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.8),
    ("Trịnh", 0.6),
    ("Đoàn", 0.6),
    ("Trương", 0.5),
    ("Lâm", 0.3),
    ("Mai", 0.5),
    ("Hà", 0.6),
    ("Tạ", 0.3),
    ("Lương", 0.5),
    ("Phùng", 0.4),
    ("Vương", 0.2),
    ("Đào", 0.6),
    ("Chu", 0.3),
    ("Triệu", 0.3),
    ("Cao", 0.4),
    ("Tô", 0.3),
    ("Khổng", 0.1),
    ("Kiều", 0.1),
    ("Quách", 0.1),
    ("Lưu", 0.3),
    ("Nghiêm", 0.1),
];
const TAY_SURNAMES: &[(&str, f64)] = &[
    ("Hoàng", 20.0),
    ("Nông", 14.0),
    ("Ma", 14.0),
    ("Triệu", 7.0),
    ("Hà", 7.0),
    ("Lưu", 6.0),
    ("Đàm", 5.0),
    ("Lục", 5.0),
    ("Mông", 4.0),
    ("Nguyễn", 8.0),
    ("Lý", 3.0),
    ("Dương", 3.0),
    ("La", 3.0),
    ("Ninh", 2.0),
    ("Lương", 2.0),
    ("Âu", 1.0),
];
const NUNG_SURNAMES: &[(&str, f64)] = &[
    ("Hoàng", 20.0),
    ("Nông", 15.0),
    ("Lăng", 8.0),
    ("Vi", 8.0),
    ("Lương", 8.0),
    ("Mã", 6.0),
    ("Chu", 5.0),
    ("Lục", 5.0),
    ("Phùng", 4.0),
    ("Sầm", 3.0),
];
const DAO_SURNAMES: &[(&str, f64)] =
    &[("Triệu", 30.0), ("Bàn", 25.0), ("Đặng", 20.0), ("Lý", 10.0), ("Phùng", 8.0), ("Chìu", 4.0), ("Chảo", 3.0)];
const SANCHAY_SURNAMES: &[(&str, f64)] =
    &[("Hoàng", 20.0), ("Lâm", 15.0), ("Trần", 12.0), ("Lục", 10.0), ("Lưu", 10.0), ("Nịnh", 6.0), ("Dương", 6.0)];
const HOA_SURNAMES: &[(&str, f64)] =
    &[("Lý", 15.0), ("Trương", 12.0), ("Hoàng", 10.0), ("Lâm", 10.0), ("Lưu", 10.0), ("Dương", 8.0), ("Chu", 6.0)];

/// Ethnic groups of the commune as written in registers (`*DanToc`), with weights.
pub const ETHNICITIES: &[(&str, f64)] = &[("Kinh", 58.0), ("Tày", 30.0), ("Nùng", 5.0), ("Dao", 4.0), ("Sán Chay", 2.0), ("Hoa", 1.0)];

pub fn surname(rng: &mut R, ethnicity: &str) -> String {
    let t = match ethnicity {
        "Tày" => TAY_SURNAMES,
        "Nùng" => NUNG_SURNAMES,
        "Dao" => DAO_SURNAMES,
        "Sán Chay" => SANCHAY_SURNAMES,
        "Hoa" => HOA_SURNAMES,
        _ => KINH_SURNAMES,
    };
    weighted(rng, t).to_string()
}

const MALE_OLD: &[(&str, f64)] = &[
    ("Hùng", 5.0),
    ("Minh", 4.0),
    ("Thành", 4.0),
    ("Dũng", 3.0),
    ("Hải", 3.0),
    ("Sơn", 3.0),
    ("Tuấn", 2.0),
    ("Bình", 4.0),
    ("Hòa", 4.0),
    ("Thắng", 4.0),
    ("Lợi", 3.0),
    ("Chiến", 3.0),
    ("Cường", 3.0),
    ("Tý", 2.0),
    ("Sửu", 1.5),
    ("Dần", 1.5),
    ("Lực", 2.0),
    ("Hưng", 3.0),
    ("Toàn", 2.0),
    ("Quyết", 2.0),
    ("Định", 2.0),
    ("Vinh", 2.0),
    ("Thanh", 3.0),
    ("Long", 2.0),
    ("Tiến", 2.0),
    ("Nam", 2.0),
    ("Khánh", 1.5),
    ("Phúc", 1.5),
    ("Tâm", 1.5),
    ("Quý", 1.5),
    ("Thịnh", 1.5),
    ("Thuận", 1.5),
    ("Kiên", 1.5),
    ("Chính", 1.0),
    ("Hợp", 1.0),
    ("Đoàn", 1.0),
    ("Sinh", 1.0),
    ("Nghĩa", 1.5),
    ("Tuyên", 1.0),
    ("Thụy", 0.5),
    ("Khoa", 0.7),
    ("Lý", 0.7),
];
const MALE_MID: &[(&str, f64)] = &[
    ("Tuấn", 4.0),
    ("Hùng", 3.5),
    ("Dũng", 3.5),
    ("Minh", 3.0),
    ("Thành", 3.0),
    ("Hải", 3.0),
    ("Sơn", 3.0),
    ("Cường", 3.0),
    ("Long", 2.5),
    ("Nam", 2.5),
    ("Trung", 2.5),
    ("Thắng", 2.5),
    ("Đức", 2.5),
    ("Hiếu", 2.0),
    ("Huy", 2.0),
    ("Quang", 2.0),
    ("Tiến", 2.0),
    ("Hòa", 2.0),
    ("Bình", 2.0),
    ("Việt", 2.0),
    ("Kiên", 1.5),
    ("Toàn", 1.5),
    ("Mạnh", 1.5),
    ("Hoàng", 1.5),
    ("Linh", 1.0),
    ("Tùng", 1.5),
    ("Thủy", 0.3),
    ("Duy", 1.5),
    ("Anh", 1.5),
    ("Khoa", 1.0),
];
const MALE_NEW: &[(&str, f64)] = &[
    ("Tuấn", 2.7),
    ("Hoàng", 2.5),
    ("Huy", 2.2),
    ("Anh", 2.1),
    ("Hiếu", 2.0),
    ("Hùng", 2.0),
    ("Nam", 2.0),
    ("Sơn", 1.9),
    ("Đức", 1.9),
    ("Dũng", 1.7),
    ("Thành", 1.6),
    ("Đạt", 1.6),
    ("Cường", 1.5),
    ("Long", 1.5),
    ("Trung", 1.4),
    ("Hải", 1.4),
    ("Nguyên", 1.3),
    ("Thắng", 1.3),
    ("Minh", 1.3),
    ("Duy", 1.2),
    ("Tiến", 1.2),
    ("Quang", 1.2),
    ("Phúc", 1.2),
    ("Khôi", 1.0),
    ("Khang", 1.0),
    ("Bảo", 1.0),
    ("Lâm", 0.9),
    ("Quân", 1.1),
    ("Kiên", 0.8),
    ("Hòa", 0.6),
];
const FEMALE_OLD: &[(&str, f64)] = &[
    ("Lan", 5.0),
    ("Hoa", 5.0),
    ("Hương", 5.0),
    ("Mai", 4.0),
    ("Hằng", 4.0),
    ("Nga", 4.0),
    ("Thủy", 4.0),
    ("Hạnh", 3.5),
    ("Loan", 3.0),
    ("Liên", 3.0),
    ("Hồng", 3.5),
    ("Tuyết", 3.0),
    ("Nhài", 1.5),
    ("Thơm", 1.5),
    ("Lý", 1.5),
    ("Tâm", 2.0),
    ("Vân", 2.5),
    ("Hiền", 2.5),
    ("Nhung", 2.0),
    ("Dung", 2.5),
    ("Hòa", 2.0),
    ("Thúy", 2.0),
    ("Yến", 2.0),
    ("Xuân", 2.0),
    ("Đào", 1.5),
    ("Cúc", 1.5),
    ("Huệ", 1.5),
    ("Thoa", 1.5),
    ("Tươi", 1.0),
    ("Sợi", 0.5),
    ("Gái", 0.7),
    ("Chanh", 0.5),
    ("Ngoãn", 0.5),
    ("Bích", 1.5),
    ("Oanh", 1.0),
    ("Phượng", 1.5),
];
const FEMALE_MID: &[(&str, f64)] = &[
    ("Hương", 3.5),
    ("Hằng", 3.0),
    ("Thủy", 3.0),
    ("Trang", 3.0),
    ("Linh", 2.5),
    ("Huyền", 2.5),
    ("Hà", 2.5),
    ("Nga", 2.5),
    ("Lan", 2.5),
    ("Hiền", 2.5),
    ("Dung", 2.0),
    ("Nhung", 2.0),
    ("Thúy", 2.0),
    ("Loan", 2.0),
    ("Mai", 2.0),
    ("Phương", 2.0),
    ("Thảo", 2.0),
    ("Yến", 2.0),
    ("Vân", 2.0),
    ("Hạnh", 1.5),
    ("Oanh", 1.5),
    ("Hòa", 1.5),
    ("Tuyết", 1.0),
    ("Quỳnh", 1.5),
    ("Ngọc", 1.5),
    ("Duyên", 1.5),
    ("Giang", 1.5),
    ("Liên", 1.0),
    ("Thơ", 1.0),
    ("Chinh", 1.0),
];
const FEMALE_NEW: &[(&str, f64)] = &[
    ("Trang", 4.2),
    ("Thảo", 3.5),
    ("Linh", 3.0),
    ("Anh", 2.5),
    ("Phương", 2.2),
    ("Hằng", 2.1),
    ("Huyền", 2.1),
    ("Hiền", 2.0),
    ("Hương", 1.7),
    ("Ngọc", 1.7),
    ("Dung", 1.5),
    ("Nhung", 1.4),
    ("Thủy", 1.4),
    ("Nhi", 1.4),
    ("Duyên", 1.3),
    ("Vân", 1.3),
    ("Quỳnh", 1.3),
    ("Nga", 1.2),
    ("Yến", 1.2),
    ("Trinh", 1.0),
    ("Vy", 1.0),
    ("Hân", 1.0),
    ("Thư", 1.0),
    ("Mai", 1.0),
    ("Ly", 1.0),
    ("Hà", 1.0),
    ("Giang", 1.0),
    ("Nhàn", 0.6),
    ("Thúy", 0.6),
    ("Diệp", 0.5),
];
const DAO_MALE: &[(&str, f64)] = &[
    ("Sơn", 2.0),
    ("Lở", 1.0),
    ("Chiêu", 1.0),
    ("Phin", 1.0),
    ("Quẩy", 1.0),
    ("Kiều", 1.0),
    ("Tòng", 1.0),
    ("Vần", 1.0),
    ("Dìn", 1.0),
    ("Thắng", 1.5),
    ("Hùng", 1.0),
    ("Phú", 1.0),
];
const DAO_FEMALE: &[(&str, f64)] = &[
    ("Mẩy", 1.0),
    ("Nhất", 1.0),
    ("Liều", 1.0),
    ("Xuân", 1.0),
    ("Kiều", 1.0),
    ("Dền", 1.0),
    ("Pham", 1.0),
    ("Mùi", 1.0),
    ("Hoa", 1.0),
    ("Lan", 1.0),
];

const MIDDLE_MALE: &[(&str, f64)] = &[
    ("Đức", 6.0),
    ("Minh", 6.0),
    ("Quang", 5.0),
    ("Hữu", 4.0),
    ("Xuân", 3.0),
    ("Ngọc", 3.0),
    ("Thanh", 4.0),
    ("Mạnh", 3.0),
    ("Duy", 3.0),
    ("Anh", 2.0),
    ("Trọng", 3.0),
    ("Tiến", 2.0),
    ("Đình", 3.0),
    ("Công", 3.0),
    ("Bá", 1.5),
    ("Hoàng", 2.0),
    ("Gia", 2.0),
    ("Tuấn", 1.5),
    ("Trung", 1.5),
];
const MIDDLE_FEMALE: &[(&str, f64)] = &[
    ("Ngọc", 8.0),
    ("Thu", 5.0),
    ("Thanh", 4.0),
    ("Minh", 3.0),
    ("Phương", 3.0),
    ("Bảo", 2.0),
    ("Khánh", 2.0),
    ("Hồng", 3.0),
    ("Mai", 2.0),
    ("Kim", 3.0),
    ("Thùy", 3.0),
    ("Hải", 2.0),
    ("Ánh", 1.5),
    ("Diệu", 1.0),
    ("Lan", 1.5),
    ("Hoài", 1.5),
    ("Quỳnh", 1.0),
];

/// A name split into surname, middle name(s), given name.
#[derive(Clone, Debug)]
pub struct NameParts {
    pub surname: String,
    pub middle: String,
    pub given: String,
}

pub fn given_name(rng: &mut R, male: bool, birth_year: i32, ethnicity: &str) -> String {
    let t = match (ethnicity, male, era_of(birth_year)) {
        ("Dao", true, _) => DAO_MALE,
        ("Dao", false, _) => DAO_FEMALE,
        (_, true, Era::Old) => MALE_OLD,
        (_, true, Era::Mid) => MALE_MID,
        (_, true, Era::New) => MALE_NEW,
        (_, false, Era::Old) => FEMALE_OLD,
        (_, false, Era::Mid) => FEMALE_MID,
        (_, false, Era::New) => FEMALE_NEW,
    };
    weighted(rng, t).to_string()
}

/// Middle name(s): Văn/Thị dominate old registers, modern names more often have two.
pub fn middle_name(rng: &mut R, male: bool, birth_year: i32, ethnicity: &str, mother_surname: Option<&str>) -> String {
    let (p_classic, p_two) = match (male, era_of(birth_year)) {
        (true, Era::Old) => (0.85, 0.03),
        (true, Era::Mid) => (0.60, 0.10),
        (true, Era::New) => (0.25, 0.25),
        (false, Era::Old) => (0.95, 0.05),
        (false, Era::Mid) => (0.85, 0.20),
        (false, Era::New) => (0.45, 0.55),
    };
    let classic = if male { "Văn" } else { "Thị" };
    let other = || if male { MIDDLE_MALE } else { MIDDLE_FEMALE };
    if ethnicity == "Dao" {
        return classic.to_string();
    }
    let first = if chance(rng, p_classic) { classic.to_string() } else { weighted(rng, other()).to_string() };
    if chance(rng, p_two) {
        // "Nguyễn Thị Thu Hà", "Nguyễn Lê Minh Khôi" (mother's surname), "Trần Ngọc Bảo Anh".
        if let (Some(ms), true) = (mother_surname, chance(rng, 0.25)) {
            return format!("{ms} {}", weighted(rng, other()));
        }
        let mut second = weighted(rng, other()).to_string();
        if second == first {
            second = if male { "Gia".into() } else { "Bảo".into() };
        }
        return format!("{first} {second}");
    }
    first
}

pub fn full_name(p: &NameParts) -> String {
    let mut s = p.surname.clone();
    for part in [&p.middle, &p.given] {
        if !part.is_empty() {
            s.push(' ');
            s.push_str(part);
        }
    }
    s
}

pub fn random_name(rng: &mut R, male: bool, birth_year: i32, ethnicity: &str) -> NameParts {
    let surname = surname(rng, ethnicity);
    let middle = middle_name(rng, male, birth_year, ethnicity, None);
    let mut given = given_name(rng, male, birth_year, ethnicity);
    if given == surname || middle.ends_with(given.as_str()) {
        given = if male { "Hùng".into() } else { "Lan".into() };
    }
    let _ = rng.gen::<u8>();
    NameParts { surname, middle, given }
}
