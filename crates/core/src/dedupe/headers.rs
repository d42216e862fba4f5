//! Canonical columns of the population extract (formats.md §1) and the header aliases real files
//! use. Headers are compared by a key that ignores case, diacritics, spacing and punctuation
//! (`sohoa_vietnamese::normalize::ascii_fold`, then only letters and digits are kept), so
//! "Số ĐDCN", "so ddcn" and "SO_DDCN" are the same header.
use serde::{Deserialize, Serialize};

/// One canonical column of the extract.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ExtractColumn {
    SoDinhDanh,
    HoTen,
    NgaySinh,
    GioiTinh,
    DanToc,
    QuocTich,
    QueQuan,
    NoiDangKyKhaiSinh,
    NoiThuongTru,
    HoTenCha,
    HoTenMe,
    HoTenVoChong,
    SoCmnd,
}

pub const EXTRACT_COLUMNS: [ExtractColumn; 13] = [
    ExtractColumn::SoDinhDanh,
    ExtractColumn::HoTen,
    ExtractColumn::NgaySinh,
    ExtractColumn::GioiTinh,
    ExtractColumn::DanToc,
    ExtractColumn::QuocTich,
    ExtractColumn::QueQuan,
    ExtractColumn::NoiDangKyKhaiSinh,
    ExtractColumn::NoiThuongTru,
    ExtractColumn::HoTenCha,
    ExtractColumn::HoTenMe,
    ExtractColumn::HoTenVoChong,
    ExtractColumn::SoCmnd,
];

impl ExtractColumn {
    /// The canonical name of formats.md §1 (`so_dinh_danh`, …).
    pub fn code(self) -> &'static str {
        match self {
            ExtractColumn::SoDinhDanh => "so_dinh_danh",
            ExtractColumn::HoTen => "ho_ten",
            ExtractColumn::NgaySinh => "ngay_sinh",
            ExtractColumn::GioiTinh => "gioi_tinh",
            ExtractColumn::DanToc => "dan_toc",
            ExtractColumn::QuocTich => "quoc_tich",
            ExtractColumn::QueQuan => "que_quan",
            ExtractColumn::NoiDangKyKhaiSinh => "noi_dang_ky_khai_sinh",
            ExtractColumn::NoiThuongTru => "noi_thuong_tru",
            ExtractColumn::HoTenCha => "ho_ten_cha",
            ExtractColumn::HoTenMe => "ho_ten_me",
            ExtractColumn::HoTenVoChong => "ho_ten_vo_chong",
            ExtractColumn::SoCmnd => "so_cmnd",
        }
    }

    pub fn parse(code: &str) -> Option<ExtractColumn> {
        EXTRACT_COLUMNS.iter().copied().find(|c| c.code() == code)
    }

    /// Vietnamese name shown in the mapping step.
    pub fn label(self) -> &'static str {
        match self {
            ExtractColumn::SoDinhDanh => "Số định danh cá nhân",
            ExtractColumn::HoTen => "Họ, chữ đệm và tên",
            ExtractColumn::NgaySinh => "Ngày sinh",
            ExtractColumn::GioiTinh => "Giới tính",
            ExtractColumn::DanToc => "Dân tộc",
            ExtractColumn::QuocTich => "Quốc tịch",
            ExtractColumn::QueQuan => "Quê quán",
            ExtractColumn::NoiDangKyKhaiSinh => "Nơi đăng ký khai sinh",
            ExtractColumn::NoiThuongTru => "Nơi thường trú",
            ExtractColumn::HoTenCha => "Họ tên cha",
            ExtractColumn::HoTenMe => "Họ tên mẹ",
            ExtractColumn::HoTenVoChong => "Họ tên vợ/chồng",
            ExtractColumn::SoCmnd => "Số CMND",
        }
    }

    pub fn required(self) -> bool {
        matches!(self, ExtractColumn::SoDinhDanh | ExtractColumn::HoTen | ExtractColumn::NgaySinh | ExtractColumn::GioiTinh)
    }

    /// Whether the workspace keeps this column. Ethnicity is sensitive data and nationality is
    /// not needed for matching: both are recognised (so they are not reported as unknown) but
    /// never stored (domain.md §6.3, data minimisation).
    pub fn stored(self) -> bool {
        !matches!(self, ExtractColumn::DanToc | ExtractColumn::QuocTich)
    }

    /// Header keys (see [`header_key`]) that map to this column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            ExtractColumn::SoDinhDanh => &[
                "sodinhdanh",
                "sodinhdanhcanhan",
                "soddcn",
                "ddcn",
                "madinhdanh",
                "socccd",
                "cccd",
                "socancuoc",
                "socancuoccongdan",
                "socccdsodinhdanh",
                "sodinhdanhcccd",
                "sodinhdanhcanhancccd",
            ],
            ExtractColumn::HoTen => &["hoten", "hovaten", "hochudemvaten", "hotendaydu", "hotenkhaisinh", "hovatenkhaisinh"],
            ExtractColumn::NgaySinh => &["ngaysinh", "ngaythangnamsinh", "namsinh", "ngaythangsinh", "sinhngay"],
            ExtractColumn::GioiTinh => &["gioitinh", "gioi", "phai"],
            ExtractColumn::DanToc => &["dantoc"],
            ExtractColumn::QuocTich => &["quoctich"],
            ExtractColumn::QueQuan => &["quequan", "nguyenquan"],
            ExtractColumn::NoiDangKyKhaiSinh => &["noidangkykhaisinh", "noidkks", "noidangkyks", "noikhaisinh"],
            ExtractColumn::NoiThuongTru => &["noithuongtru", "diachithuongtru", "thuongtru", "noiothuongtru", "diachi"],
            ExtractColumn::HoTenCha => &["hotencha", "hovatencha", "cha", "hotenbo"],
            ExtractColumn::HoTenMe => &["hotenme", "hovatenme", "me"],
            ExtractColumn::HoTenVoChong => &["hotenvochong", "hovatenvochong", "vochong", "hotenvohoacchong"],
            ExtractColumn::SoCmnd => &["socmnd", "cmnd", "socmndcu", "sochungminhnhandan", "chungminhnhandan"],
        }
    }
}

/// Comparison key of a header: folded ASCII, letters and digits only.
pub fn header_key(h: &str) -> String {
    sohoa_vietnamese::normalize::ascii_fold(h).chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// The canonical column a header names, if any.
pub fn column_for_header(h: &str) -> Option<ExtractColumn> {
    let k = header_key(h);
    if k.is_empty() {
        return None;
    }
    EXTRACT_COLUMNS.iter().copied().find(|c| header_key(c.code()) == k || c.aliases().contains(&k.as_str()))
}

/// Headers that are known not to carry an extract column (row numbers, notes).
pub fn is_known_extra(h: &str) -> bool {
    matches!(header_key(h).as_str(), "stt" | "tt" | "so" | "sott" | "ghichu" | "")
}

/// Proposes a mapping: for each column of the file, the canonical column it carries (the first
/// header wins when two name the same column).
pub fn propose(headers: &[String]) -> Vec<Option<ExtractColumn>> {
    let mut used = std::collections::HashSet::new();
    headers.iter().map(|h| column_for_header(h).filter(|c| used.insert(*c))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_the_case_marks_and_spacing() {
        for (h, c) in [
            ("Số định danh cá nhân", ExtractColumn::SoDinhDanh),
            ("Số ĐDCN", ExtractColumn::SoDinhDanh),
            ("SO  CCCD", ExtractColumn::SoDinhDanh),
            ("so_dinh_danh", ExtractColumn::SoDinhDanh),
            ("Họ, chữ đệm và tên", ExtractColumn::HoTen),
            ("HO VA TEN", ExtractColumn::HoTen),
            ("Ngày, tháng, năm sinh", ExtractColumn::NgaySinh),
            ("Giới tính", ExtractColumn::GioiTinh),
            ("Nơi ĐKKS", ExtractColumn::NoiDangKyKhaiSinh),
            ("Địa chỉ thường trú", ExtractColumn::NoiThuongTru),
            ("Họ tên vợ/chồng", ExtractColumn::HoTenVoChong),
            ("Số CMND cũ", ExtractColumn::SoCmnd),
        ] {
            assert_eq!(column_for_header(h), Some(c), "{h}");
        }
        assert_eq!(column_for_header("Nghề nghiệp"), None);
        assert!(is_known_extra("STT"));
    }
}
