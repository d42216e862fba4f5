//! Province codes that open a 12-digit personal ID (domain.md §3.1): `0` + the 2-digit GSO code of
//! the province where the birth was registered.

/// The 63 provinces before the 2025 reform, as `(3-digit ID prefix, name)`, in code order.
/// Every one of the 34 post-2025 province codes is also in this list (with a possibly different
/// meaning, see [`PROVINCES_2025`]), so this table accepts both generations of IDs.
pub const LEGACY_PROVINCES: [(&str, &str); 63] = [
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa-Vũng Tàu"),
    ("079", "TP Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

/// The 34 provincial units from 1/7/2025 (QĐ 19/2025/QĐ-TTg draft list), as
/// `(3-digit ID prefix, name)`. Whether IDs issued after the reform use these meanings is not
/// verified (domain.md §3.1); they are only used to name a code, never to reject one.
pub const PROVINCES_2025: [(&str, &str); 34] = [
    ("001", "Hà Nội"),
    ("004", "Cao Bằng"),
    ("008", "Tuyên Quang"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Lào Cai"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Ninh"),
    ("025", "Phú Thọ"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Trị"),
    ("046", "Huế"),
    ("048", "Đà Nẵng"),
    ("051", "Quảng Ngãi"),
    ("052", "Gia Lai"),
    ("056", "Khánh Hòa"),
    ("066", "Đắk Lắk"),
    ("068", "Lâm Đồng"),
    ("075", "Đồng Nai"),
    ("079", "TP Hồ Chí Minh"),
    ("080", "Tây Ninh"),
    ("082", "Đồng Tháp"),
    ("086", "Vĩnh Long"),
    ("091", "An Giang"),
    ("092", "Cần Thơ"),
    ("096", "Cà Mau"),
];

/// The 3-digit ID prefix for a province code written as `1`, `01` or `001`; `None` when it is not
/// 1–3 ASCII digits.
pub fn id_prefix(code: &str) -> Option<String> {
    let code = code.trim();
    if code.is_empty() || code.len() > 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{:0>3}", code))
}

/// The pre-2025 province name for a code (`1`, `01` or `001`).
pub fn legacy_province_name(code: &str) -> Option<&'static str> {
    let prefix = id_prefix(code)?;
    LEGACY_PROVINCES.iter().find(|(c, _)| *c == prefix).map(|(_, n)| *n)
}

/// The post-2025 province name for a code (`1`, `01` or `001`).
pub fn province_name_2025(code: &str) -> Option<&'static str> {
    let prefix = id_prefix(code)?;
    PROVINCES_2025.iter().find(|(c, _)| *c == prefix).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_unique_and_consistent() {
        for table in [&LEGACY_PROVINCES[..], &PROVINCES_2025[..]] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(table.iter().all(|(c, _)| c.len() == 3 && c.starts_with('0')));
        }
        // Every current code existed before the reform.
        for (code, _) in PROVINCES_2025 {
            assert!(legacy_province_name(code).is_some(), "{code}");
        }
    }

    #[test]
    fn codes_in_any_width() {
        assert_eq!(legacy_province_name("1"), Some("Hà Nội"));
        assert_eq!(legacy_province_name("01"), Some("Hà Nội"));
        assert_eq!(legacy_province_name("079"), Some("TP Hồ Chí Minh"));
        assert_eq!(legacy_province_name("024"), Some("Bắc Giang"));
        assert_eq!(province_name_2025("24"), Some("Bắc Ninh"));
        assert_eq!(legacy_province_name("003"), None);
        assert_eq!(legacy_province_name("x1"), None);
        assert_eq!(legacy_province_name("0001"), None);
    }
}
