//! The sample commune and the places people come from, written the way each era wrote them.
//!
//! Real units: the 2025 commune **Xã Phú Đình** (QĐ 19/2025 code 05602, Tỉnh Thái Nguyên, 19) was
//! formed by merging whole the old communes **Xã Điềm Mặc** (GSO 05590) and **Xã Phú Đình** (GSO
//! 05602) of Huyện Định Hóa (167), Tỉnh Thái Nguyên (19) — per the official 2025 old→new conversion
//! table (as republished in the VietnamProvinces seed data). Thái Nguyên was part of **Bắc Thái**
//! from 1965 to 1996, so older registers write "tỉnh Bắc Thái". Hamlet (xóm) names are synthetic.
use crate::util::{pick, R};
use rand::Rng;
use serde::{Deserialize, Serialize};

/// The commune that owns the books today and the old registries whose books it inherited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneInfo {
    /// `qd19_2025`
    pub scheme: String,
    pub code: String,
    pub name: String,
    pub province_code: String,
    pub province_name: String,
    /// The old (pre-1/7/2025) communes merged into it; books belong to one of them.
    pub registries: Vec<OldRegistry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldRegistry {
    /// `gso_pre2025`
    pub scheme: String,
    pub code: String,
    pub name: String,
    pub district_code: String,
    pub district_name: String,
    pub province_code: String,
    pub province_name: String,
    /// "Nhập toàn bộ" (whole) or "Nhập một phần" (part), as in the conversion table.
    pub merge_type: String,
    /// How registers name this registry over the years (verbatim forms seen in `noiDangKy`).
    pub names_as_written: Vec<String>,
    /// Hamlets (xóm) of this commune (synthetic names).
    pub hamlets: Vec<String>,
}

pub const DISTRICT: &str = "Định Hóa";

/// Hamlets (xóm) of each old registry (synthetic names).
pub const HAMLETS: [&[&str]; 2] = [
    &["Đồng Kè", "Làng Bầng", "Khuôn Lân", "Đình", "Quyên", "Thẩm Táng", "Làng Mới", "Đồng Mụ", "Na Mao", "Khau Diều"],
    &["Nà Pục", "Bản Ca", "Đồng Tâm", "Đồng Phương", "Khẩu Đưa", "Nà Tiến", "Bản Pản", "Đồng Mòn", "Thâm Tý"],
];

pub fn commune_info() -> CommuneInfo {
    let reg = |code: &str, short: &str, hamlets: &[&str]| OldRegistry {
        scheme: "gso_pre2025".into(),
        code: code.into(),
        name: format!("Xã {short}"),
        district_code: "167".into(),
        district_name: "Huyện Định Hóa".into(),
        province_code: "19".into(),
        province_name: "Tỉnh Thái Nguyên".into(),
        merge_type: "Nhập toàn bộ".into(),
        names_as_written: vec![
            format!("UBHC xã {short}"),
            format!("UBND xã {short}"),
            format!("UBND xã {short}, huyện Định Hóa, tỉnh Bắc Thái"),
            format!("UBND xã {short}, huyện Định Hóa, tỉnh Thái Nguyên"),
            format!("Xã {short} - Định Hóa - Bắc Thái"),
        ],
        hamlets: hamlets.iter().map(|h| h.to_string()).collect(),
    };
    CommuneInfo {
        scheme: "qd19_2025".into(),
        code: "05602".into(),
        name: "Xã Phú Đình".into(),
        province_code: "19".into(),
        province_name: "Tỉnh Thái Nguyên".into(),
        registries: vec![reg("05602", "Phú Đình", HAMLETS[0]), reg("05590", "Điềm Mặc", HAMLETS[1])],
    }
}

/// Short commune name of registry `r` ("Phú Đình").
pub fn short_name(r: u8) -> &'static str {
    ["Phú Đình", "Điềm Mặc"][r as usize]
}

/// Province name as written in a given year (Bắc Thái 1965–1996, Hải Hưng 1968–1996, …).
pub fn province_as_written(modern: &str, year: i32) -> &'static str {
    match modern {
        "Thái Nguyên" if (1965..=1996).contains(&year) => "Bắc Thái",
        "Thái Nguyên" => "Thái Nguyên",
        "Bắc Kạn" if (1965..=1996).contains(&year) => "Bắc Thái",
        "Bắc Kạn" => "Bắc Kạn",
        "Tuyên Quang" if (1976..=1991).contains(&year) => "Hà Tuyên",
        "Tuyên Quang" => "Tuyên Quang",
        "Nam Định" | "Hà Nam" if (1965..=1975).contains(&year) || (1992..=1996).contains(&year) => "Nam Hà",
        "Nam Định" | "Hà Nam" if (1976..=1991).contains(&year) => "Hà Nam Ninh",
        "Nam Định" => "Nam Định",
        "Hà Nam" => "Hà Nam",
        "Hải Dương" | "Hưng Yên" if (1968..=1996).contains(&year) => "Hải Hưng",
        "Hải Dương" => "Hải Dương",
        "Hưng Yên" => "Hưng Yên",
        "Phú Thọ" | "Vĩnh Phúc" if (1968..=1996).contains(&year) => "Vĩnh Phú",
        "Phú Thọ" => "Phú Thọ",
        "Vĩnh Phúc" => "Vĩnh Phúc",
        "Bắc Giang" if (1963..=1996).contains(&year) => "Hà Bắc",
        "Bắc Giang" => "Bắc Giang",
        "Lạng Sơn" | "Cao Bằng" if (1976..=1978).contains(&year) => "Cao Lạng",
        "Lạng Sơn" => "Lạng Sơn",
        "Cao Bằng" => "Cao Bằng",
        "Thái Bình" => "Thái Bình",
        "Hà Nội" => "Hà Nội",
        _ => "Thái Nguyên",
    }
}

/// Provinces people of the commune come from: (modern name, 3-digit ID code, CMND prefix, weight, districts).
pub struct Province {
    pub name: &'static str,
    pub id_code: &'static str,
    pub cmnd: &'static str,
    pub weight: f64,
    pub districts: &'static [&'static str],
}

pub const HOME: usize = 0;

pub const PROVINCES: &[Province] = &[
    Province {
        name: "Thái Nguyên",
        id_code: "019",
        cmnd: "09",
        weight: 0.0,
        districts: &["Định Hóa", "Phú Lương", "Đại Từ", "Đồng Hỷ", "Võ Nhai", "Phú Bình"],
    },
    Province {
        name: "Thái Bình",
        id_code: "034",
        cmnd: "15",
        weight: 10.0,
        districts: &["Đông Hưng", "Kiến Xương", "Vũ Thư", "Quỳnh Phụ", "Thái Thụy", "Hưng Hà"],
    },
    Province {
        name: "Nam Định",
        id_code: "036",
        cmnd: "16",
        weight: 7.0,
        districts: &["Hải Hậu", "Xuân Trường", "Nghĩa Hưng", "Ý Yên", "Trực Ninh"],
    },
    Province { name: "Hà Nam", id_code: "035", cmnd: "16", weight: 3.0, districts: &["Lý Nhân", "Bình Lục", "Thanh Liêm"] },
    Province {
        name: "Hải Dương", id_code: "030", cmnd: "14", weight: 4.0, districts: &["Gia Lộc", "Thanh Miện", "Ninh Giang", "Tứ Kỳ"]
    },
    Province { name: "Hưng Yên", id_code: "033", cmnd: "14", weight: 3.0, districts: &["Kim Động", "Khoái Châu", "Tiên Lữ"] },
    Province { name: "Tuyên Quang", id_code: "008", cmnd: "07", weight: 9.0, districts: &["Sơn Dương", "Yên Sơn", "Chiêm Hóa"] },
    Province { name: "Bắc Kạn", id_code: "006", cmnd: "09", weight: 6.0, districts: &["Chợ Đồn", "Chợ Mới", "Bạch Thông"] },
    Province { name: "Phú Thọ", id_code: "025", cmnd: "13", weight: 3.0, districts: &["Thanh Ba", "Lâm Thao", "Đoan Hùng"] },
    Province { name: "Bắc Giang", id_code: "024", cmnd: "12", weight: 3.0, districts: &["Lạng Giang", "Yên Thế", "Hiệp Hòa"] },
    Province { name: "Lạng Sơn", id_code: "020", cmnd: "08", weight: 2.0, districts: &["Bắc Sơn", "Bình Gia"] },
    Province { name: "Cao Bằng", id_code: "004", cmnd: "08", weight: 1.5, districts: &["Hòa An", "Nguyên Bình"] },
    Province { name: "Hà Nội", id_code: "001", cmnd: "01", weight: 2.0, districts: &["Đông Anh", "Sóc Sơn", "Gia Lâm"] },
];

/// Where people who left the commune live now (population database form).
pub const AWAY: &[&str] = &[
    "Phường Quang Trung, Thành phố Thái Nguyên, Tỉnh Thái Nguyên",
    "Phường Hoàng Văn Thụ, Thành phố Thái Nguyên, Tỉnh Thái Nguyên",
    "Phường Ba Hàng, Thành phố Phổ Yên, Tỉnh Thái Nguyên",
    "Thị trấn Chợ Chu, Huyện Định Hóa, Tỉnh Thái Nguyên",
    "Phường Bách Khoa, Quận Hai Bà Trưng, Thành phố Hà Nội",
    "Phường Mai Dịch, Quận Cầu Giấy, Thành phố Hà Nội",
    "Phường Dĩ An, Thành phố Dĩ An, Tỉnh Bình Dương",
    "Phường Tân Bình, Thành phố Dĩ An, Tỉnh Bình Dương",
    "Phường Đình Bảng, Thành phố Từ Sơn, Tỉnh Bắc Ninh",
];

/// Other communes of Định Hóa (real pre-2025 names), for people born in a neighbouring commune.
pub const NEIGHBOUR_COMMUNES: &[&str] = &[
    "Bảo Linh",
    "Phúc Chu",
    "Đồng Thịnh",
    "Trung Hội",
    "Phú Tiến",
    "Bộc Nhiêu",
    "Định Biên",
    "Thanh Định",
    "Trung Lương",
    "Bình Yên",
    "Sơn Phú",
    "Bình Thành",
    "Tân Thịnh",
    "Tân Dương",
    "Phượng Tiến",
    "Kim Phượng",
    "Quy Kỳ",
    "Linh Thông",
    "Lam Vỹ",
];

/// Where a person's family comes from: home commune (registry 0/1), a neighbour commune of Định Hóa, or another province.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// Index into [`PROVINCES`] (0 = Thái Nguyên).
    pub province: usize,
    pub district: String,
    /// Commune short name ("Phú Đình"), empty when only district + province are known.
    pub commune: String,
}

impl Origin {
    pub fn home(r: u8) -> Origin {
        Origin { province: HOME, district: DISTRICT.into(), commune: short_name(r).into() }
    }
    pub fn random_outside(rng: &mut R) -> Origin {
        if rng.gen_bool(0.35) {
            return Origin { province: HOME, district: DISTRICT.into(), commune: pick(rng, NEIGHBOUR_COMMUNES).to_string() };
        }
        let weights: Vec<(usize, f64)> = PROVINCES.iter().enumerate().map(|(i, p)| (i, p.weight)).collect();
        let i = *crate::util::weighted(rng, &weights);
        let p = &PROVINCES[i];
        let district = pick(rng, p.districts).to_string();
        if i == HOME {
            return Origin { province: HOME, district, commune: String::new() };
        }
        Origin { province: i, district, commune: String::new() }
    }
    pub fn province(&self) -> &'static Province {
        &PROVINCES[self.province]
    }
    /// Quê quán as a register of year `year` writes it (short, old province names).
    pub fn as_written(&self, year: i32, style: u8) -> String {
        let prov = province_as_written(self.province().name, year);
        match (self.commune.is_empty(), style % 3) {
            (true, _) => format!("{}, {}", self.district, prov),
            (false, 0) => format!("{}, {}, {}", self.commune, self.district, prov),
            (false, 1) => format!("Xã {}, huyện {}, tỉnh {}", self.commune, self.district, prov),
            (false, _) => format!("{} - {} - {}", self.commune, self.district, prov),
        }
    }
    /// Modern administrative form as in the population database (pre-2025 three levels).
    pub fn modern(&self) -> String {
        let p = self.province().name;
        let tinh = if p == "Hà Nội" { "Thành phố Hà Nội".to_string() } else { format!("Tỉnh {p}") };
        if self.commune.is_empty() {
            format!("Huyện {}, {tinh}", self.district)
        } else {
            format!("Xã {}, Huyện {}, {tinh}", self.commune, self.district)
        }
    }
}

/// Registry as named in `noiDangKy`/`noiCap` for a registration in `year`.
pub fn registry_as_written(r: u8, year: i32, style: u8) -> String {
    let name = short_name(r);
    let body = if year <= 1975 { "UBHC" } else { "UBND" };
    let prov = province_as_written("Thái Nguyên", year);
    match style % 3 {
        0 => format!("{body} xã {name}"),
        1 => format!("{body} xã {name}, huyện Định Hóa, tỉnh {prov}"),
        _ => format!("Xã {name} - Định Hóa - {prov}"),
    }
}

/// A residence written in a register: "Xóm Đồng Kè, xã Phú Đình" (+ district/province in some eras).
pub fn residence_as_written(r: u8, hamlet: &str, year: i32, style: u8) -> String {
    let prov = province_as_written("Thái Nguyên", year);
    match style % 3 {
        0 => format!("Xóm {hamlet}, xã {}", short_name(r)),
        1 => format!("Xóm {hamlet}, xã {}, huyện Định Hóa, tỉnh {prov}", short_name(r)),
        _ => format!("{hamlet} - {} - Định Hóa", short_name(r)),
    }
}

/// Residence in the population database (modern, sometimes already in the 2025 two-level form).
pub fn residence_modern(r: u8, hamlet: &str, new_form: bool) -> String {
    if new_form {
        format!("Xóm {hamlet}, Xã Phú Đình, Tỉnh Thái Nguyên")
    } else {
        format!("Xóm {hamlet}, Xã {}, Huyện Định Hóa, Tỉnh Thái Nguyên", short_name(r))
    }
}
