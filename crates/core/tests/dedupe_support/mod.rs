//! Shared helpers of the dedupe_* tests: real SQLCipher workspaces (cheap KDF), small extracts
//! written as the commune police deliver them, birth entries. Workspaces and the KS book come from `common`.
#![allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;
#[allow(unused_imports)] // not every test uses every helper
pub use common::{create, fv, ks_book, open, rewind_schema};
use sohoa_core::dedupe;
use sohoa_core::model;
use sohoa_core::Session;

/// A birth entry: (name, birth date, sex code 1/2, father, mother).
#[allow(clippy::too_many_arguments)] // one argument per field a birth test sets
pub fn birth(s: &mut Session, book: i64, so: &str, name: &str, dob: &str, sex: &str, father: &str, mother: &str) -> i64 {
    birth_named(s, book, so, Some(name), dob, sex, father, mother)
}

/// A birth entry whose child's name may be illegible on the paper (`None`: stored empty and
/// flagged illegible).
#[allow(clippy::too_many_arguments)] // one argument per field a birth test sets
pub fn birth_named(s: &mut Session, book: i64, so: &str, name: Option<&str>, dob: &str, sex: &str, father: &str, mother: &str) -> i64 {
    let name = match name {
        Some(n) => fv("nksHoTen", n),
        None => model::entry::FieldValue { field: "nksHoTen".into(), value: String::new(), illegible: true },
    };
    s.write(|w| {
        model::entry::create(
            w,
            book,
            &[
                fv("so", so),
                fv("quyenSo", "01/1985"),
                fv("ngayDangKy", "14/03/1985"),
                fv("noiDangKy", "UBND xã Yên Lạc, huyện Phú Lương, tỉnh Thái Nguyên"),
                name,
                fv("nksGioiTinh", sex),
                fv("nksNgaySinh", dob),
                fv("chaHoTen", father),
                fv("meHoTen", mother),
            ],
            None,
        )
    })
    .unwrap()
}

pub const HEADER: &str =
    "STT,Số định danh cá nhân,\"Họ, chữ đệm và tên\",Ngày sinh,Giới tính,Dân tộc,Nơi đăng ký khai sinh,Họ tên cha,Họ tên mẹ";

/// The people the tests look for (ID, name, date, sex, father, mother).
pub const KNOWN: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("019185001234", "Lã Thị Mơ", "02/03/1985", "Nữ", "Lã Văn Khuê", "Khúc Thị Nguyệt"),
    ("019085004321", "Đinh Văn Quý", "11/07/1985", "Nam", "Đinh Văn Tạo", "Ma Thị Lụa"),
    ("019185007777", "Triệu Thị Hoà", "20/01/1985", "Nữ", "Triệu Văn Sáng", "Hoàng Thị Nhàn"),
];

const SURNAMES: &[&str] = &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const MIDDLE_M: &[&str] = &["Văn", "Đức", "Minh", "Quang", "Hữu"];
const MIDDLE_F: &[&str] = &["Thị", "Ngọc", "Thu", "Thanh", "Kim"];
const GIVEN_M: &[&str] = &["Hùng", "Minh", "Thành", "Dũng", "Hải", "Sơn", "Tuấn", "Bình", "Hòa", "Thắng", "Lợi", "Chiến", "Cường"];
const GIVEN_F: &[&str] = &["Lan", "Hoa", "Hương", "Mai", "Hằng", "Nga", "Thủy", "Hạnh", "Loan", "Liên", "Hồng", "Tuyết"];

/// `n` ordinary residents (deterministic), as extract rows: (id, name, date, sex, father, mother).
pub fn filler(n: usize) -> Vec<(String, String, String, String, String, String)> {
    (0..n)
        .map(|i| {
            let female = i % 2 == 1;
            let s = SURNAMES[i % SURNAMES.len()];
            let (m, g) = if female {
                (MIDDLE_F[(i / 3) % MIDDLE_F.len()], GIVEN_F[(i / 7) % GIVEN_F.len()])
            } else {
                (MIDDLE_M[(i / 3) % MIDDLE_M.len()], GIVEN_M[(i / 7) % GIVEN_M.len()])
            };
            let year = 1950 + (i * 7) % 60;
            let date = format!("{:02}/{:02}/{year}", 1 + (i * 5) % 28, 1 + (i * 11) % 12);
            let id =
                format!("0{:02}{}{:02}{:06}", 19, if female { 1 } else { 0 } + if year >= 2000 { 2 } else { 0 }, year % 100, 100000 + i);
            let father = format!("{s} Văn {}", GIVEN_M[(i / 5) % GIVEN_M.len()]);
            let mother = format!("{} Thị {}", SURNAMES[(i / 4 + 3) % SURNAMES.len()], GIVEN_F[(i / 3) % GIVEN_F.len()]);
            (id, format!("{s} {m} {g}"), date, if female { "Nữ" } else { "Nam" }.into(), father, mother)
        })
        .collect()
}

/// An extract CSV (comma, BOM) with the known people and `n` filler rows, plus `extra` raw lines
/// appended as written.
pub fn extract_csv(n: usize, extra: &[&str]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(HEADER);
    out.push('\n');
    let mut i = 0;
    for k in KNOWN {
        i += 1;
        out.push_str(&format!("{i},{},{},{},{},Tày,\"UBND xã Yên Lạc, Phú Lương\",{},{}\n", k.0, k.1, k.2, k.3, k.4, k.5));
    }
    for r in filler(n) {
        i += 1;
        out.push_str(&format!("{i},{},{},{},{},Kinh,\"xã Động Đạt, Phú Lương\",{},{}\n", r.0, r.1, r.2, r.3, r.4, r.5));
    }
    for e in extra {
        out.push_str(e);
        out.push('\n');
    }
    out.into_bytes()
}

pub fn audit_rows(s: &Session, action: &str) -> Vec<String> {
    let mut st = s.conn().prepare("SELECT detail FROM audit_log WHERE action = ?1 ORDER BY seq").unwrap();
    st.query_map([action], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// Imports the standard extract (known people + 300 residents).
pub fn import_standard(s: &mut Session) -> sohoa_core::dedupe::ExtractImportReport {
    dedupe::import_extract_csv(s, &extract_csv(300, &[]), "Công an xã Phú Lương", "2025-06-30").expect("import extract")
}
