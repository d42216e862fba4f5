//! Specification of the shipped reference data.

use std::collections::HashSet;

use sohoa_refdata::*;

fn count(scheme: Scheme, level: Level) -> usize {
    units_at(scheme, level).count()
}

fn count_status(scheme: Scheme, level: Level, status: UnitStatus) -> usize {
    units_at(scheme, level).filter(|u| u.status == status).count()
}

// ---------------------------------------------------------------- schemes

#[test]
fn scheme_names_round_trip() {
    for s in Scheme::ALL {
        assert_eq!(s.as_str().parse::<Scheme>().unwrap(), s);
        assert_eq!(s.to_string(), s.as_str());
    }
    assert_eq!("gso_pre2025".parse::<Scheme>().unwrap(), Scheme::GsoPre2025);
    assert_eq!("qd19_2025".parse::<Scheme>().unwrap(), Scheme::Qd19_2025);
    assert!("qd19".parse::<Scheme>().is_err());
    assert_eq!("commune".parse::<Level>().unwrap(), Level::Commune);
}

#[test]
fn gso_pre2025_has_63_provinces_and_the_30_06_2025_list_plus_earlier_units() {
    // 63 provinces; the list in force on 30/06/2025 has 696 districts and 10,035
    // communes; the older GSO list (705 / 10,599) adds 11 districts and 567
    // communes merged away in 2022-2025, kept as Dissolved.
    assert_eq!(count(Scheme::GsoPre2025, Level::Province), 63);
    assert_eq!(count_status(Scheme::GsoPre2025, Level::District, UnitStatus::Active), 696);
    assert_eq!(count_status(Scheme::GsoPre2025, Level::District, UnitStatus::Dissolved), 11);
    assert_eq!(count(Scheme::GsoPre2025, Level::District), 707);
    assert_eq!(count_status(Scheme::GsoPre2025, Level::Commune, UnitStatus::Active), 10_035);
    assert_eq!(count_status(Scheme::GsoPre2025, Level::Commune, UnitStatus::Dissolved), 567);
    assert_eq!(count(Scheme::GsoPre2025, Level::Commune), 10_602);
    assert_eq!(units(Scheme::GsoPre2025).len(), 63 + 707 + 10_602);
}

#[test]
fn qd19_2025_has_34_provinces_3321_communes_and_no_districts() {
    assert_eq!(count(Scheme::Qd19_2025, Level::Province), 34);
    assert_eq!(count(Scheme::Qd19_2025, Level::District), 0);
    assert_eq!(count(Scheme::Qd19_2025, Level::Commune), 3_321);
    assert!(units(Scheme::Qd19_2025).iter().all(|u| u.status == UnitStatus::Active));
    let types: HashSet<&str> = units_at(Scheme::Qd19_2025, Level::Commune).map(|u| u.unit_type.as_str()).collect();
    assert_eq!(types, HashSet::from(["Phường", "Xã", "Đặc khu"]));
    // 28 provinces + 6 centrally-run cities
    assert_eq!(units_at(Scheme::Qd19_2025, Level::Province).filter(|u| u.unit_type == "Thành phố").count(), 6);
}

#[test]
fn codes_have_the_length_of_their_level() {
    for s in Scheme::ALL {
        for u in units(s) {
            let len = match u.level {
                Level::Province => 2,
                Level::District => 3,
                Level::Commune => 5,
            };
            assert_eq!(u.code.len(), len, "{u:?}");
            assert!(u.code.bytes().all(|b| b.is_ascii_digit()), "{u:?}");
            assert!(u.name.starts_with(&u.unit_type), "{u:?}");
        }
    }
}

#[test]
fn known_units() {
    let hn = unit(Scheme::GsoPre2025, "01").unwrap();
    assert_eq!(hn.name, "Thành phố Hà Nội");
    assert_eq!(hn.unit_type, "Thành phố");
    assert_eq!(hn.short_name(), "Hà Nội");
    assert_eq!(unit(Scheme::Qd19_2025, "01").unwrap().name, "Thành phố Hà Nội");
    assert_eq!(unit(Scheme::GsoPre2025, "001").unwrap().name, "Quận Ba Đình");

    let phuc_xa = unit(Scheme::GsoPre2025, "00001").unwrap();
    assert_eq!(phuc_xa.name, "Phường Phúc Xá");
    assert_eq!(phuc_xa.level, Level::Commune);
    assert_eq!(phuc_xa.parent_code.as_deref(), Some("001"));
    assert_eq!(province_of(Scheme::GsoPre2025, "00001").unwrap().code, "01");
    assert_eq!(district_of(Scheme::GsoPre2025, "00001").unwrap().name, "Quận Ba Đình");
    assert!(unit(Scheme::Qd19_2025, "00001").is_none(), "Phúc Xá has no 2025 unit of its own");
}

#[test]
fn the_same_code_means_different_units_in_the_two_schemes() {
    let old = unit(Scheme::GsoPre2025, "00004").unwrap();
    let new = unit(Scheme::Qd19_2025, "00004").unwrap();
    assert_eq!(old.name, "Phường Trúc Bạch");
    assert_eq!(new.name, "Phường Ba Đình");
    assert_eq!(old.scheme, Scheme::GsoPre2025);
    assert_eq!(new.scheme, Scheme::Qd19_2025);
    // province codes too: 24 was Bắc Giang, is now Bắc Ninh
    assert_eq!(unit(Scheme::GsoPre2025, "24").unwrap().name, "Tỉnh Bắc Giang");
    assert_eq!(unit(Scheme::Qd19_2025, "24").unwrap().name, "Tỉnh Bắc Ninh");
}

#[test]
fn every_parent_exists_at_the_level_above() {
    for s in Scheme::ALL {
        for u in units(s) {
            match u.level {
                Level::Province => assert!(u.parent_code.is_none(), "{u:?}"),
                _ => {
                    let p = unit(s, u.parent_code.as_deref().expect("parent")).unwrap_or_else(|| panic!("{u:?}"));
                    let want = match (s, u.level) {
                        (Scheme::GsoPre2025, Level::Commune) => Level::District,
                        _ => Level::Province,
                    };
                    assert_eq!(p.level, want, "{u:?}");
                    assert!(province_of(s, &u.code).is_some());
                }
            }
        }
    }
}

#[test]
fn active_units_have_active_parents() {
    for u in units(Scheme::GsoPre2025).iter().filter(|u| u.status == UnitStatus::Active) {
        if let Some(p) = &u.parent_code {
            assert_eq!(unit(Scheme::GsoPre2025, p).unwrap().status, UnitStatus::Active, "{u:?}");
        }
    }
}

#[test]
fn communes_in_province_follow_the_hierarchy() {
    let hn_old = communes_in_province(Scheme::GsoPre2025, "01");
    assert!(hn_old.iter().any(|u| u.code == "00001"));
    assert!(hn_old.iter().all(|u| u.level == Level::Commune));
    let hn_new = communes_in_province(Scheme::Qd19_2025, "01");
    assert_eq!(hn_new.len(), children(Scheme::Qd19_2025, "01").len());
    assert!(hn_new.iter().any(|u| u.name == "Phường Ba Đình"));
    let total: usize = units_at(Scheme::Qd19_2025, Level::Province).map(|p| communes_in_province(Scheme::Qd19_2025, &p.code).len()).sum();
    assert_eq!(total, 3_321);
    let total_old: usize =
        units_at(Scheme::GsoPre2025, Level::Province).map(|p| communes_in_province(Scheme::GsoPre2025, &p.code).len()).sum();
    assert_eq!(total_old, 10_602);
}

// ---------------------------------------------------------------- search

#[test]
fn search_ignores_case_and_diacritics() {
    for q in ["phuc xa", "Phúc Xá", "PHUC XA", "phúc-xá", "phucxa"] {
        let hits = search(Scheme::GsoPre2025, q, 5);
        assert_eq!(hits.first().map(|u| u.code.as_str()), Some("00001"), "query {q:?}");
    }
    let hits = search(Scheme::Qd19_2025, "ba đình", 10);
    assert_eq!(hits[0].code, "00004");
    assert!(search(Scheme::Qd19_2025, "", 10).is_empty());
    assert!(search(Scheme::Qd19_2025, "zzzz", 10).is_empty());
    assert_eq!(search(Scheme::GsoPre2025, "xa", 7).len(), 7);
}

#[test]
fn search_ranks_provinces_and_exact_names_first() {
    let hits = search(Scheme::GsoPre2025, "ha noi", 3);
    assert_eq!(hits[0].code, "01");
    let hits = search(Scheme::Qd19_2025, "hue", 5);
    assert_eq!(hits[0].code, "46");
    // a filter restricts, e.g. communes of one province
    let hits = search_filtered(Scheme::Qd19_2025, "phuong", 500, |u| u.parent_code.as_deref() == Some("01"));
    assert!(!hits.is_empty() && hits.iter().all(|u| u.parent_code.as_deref() == Some("01")));
}

#[test]
fn search_finds_former_names_and_dissolved_units() {
    // Huế became a centrally-run city in 2025; the old province name still finds it
    let hits = search(Scheme::GsoPre2025, "Thừa Thiên Huế", 3);
    assert_eq!(hits[0].code, "46");
    assert_eq!(hits[0].former_name.as_deref(), Some("Tỉnh Thừa Thiên Huế"));
    // Phường Nguyễn Trung Trực was merged into Trúc Bạch in 2025 (before the reform)
    let ntt = search(Scheme::GsoPre2025, "Nguyễn Trung Trực", 20).into_iter().find(|u| u.parent_code.as_deref() == Some("001")).unwrap();
    assert_eq!(ntt.status, UnitStatus::Dissolved);
    assert_eq!(ntt.successor_code.as_deref(), Some("00004"));
}

// ---------------------------------------------------------------- conversion

#[test]
fn a_whole_merge_maps_to_one_new_commune() {
    let m = map_commune_to_2025("00001");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].new_code, "00097");
    assert_eq!(m[0].new_unit().unwrap().name, "Phường Hồng Hà");
    assert_eq!(m[0].merge_type, MergeType::Whole);
    assert_eq!(m[0].merge_type.label(), "Nhập toàn bộ");
    assert_eq!(m[0].basis, MappingBasis::Conversion);
    // Trúc Bạch (00004) went whole into the new Phường Ba Đình, which kept its code
    assert_eq!(map_commune_to_2025("00004")[0].new_code, "00004");
}

#[test]
fn a_divided_commune_maps_to_several_new_communes() {
    // Phường Điện Biên (Ba Đình) was split between Ba Đình, Hoàn Kiếm, Ô Chợ Dừa
    // and Văn Miếu - Quốc Tử Giám
    let m = map_commune_to_2025("00019");
    let names: HashSet<&str> = m.iter().map(|r| r.new_unit().unwrap().name.as_str()).collect();
    assert_eq!(names, HashSet::from(["Phường Ba Đình", "Phường Hoàn Kiếm", "Phường Ô Chợ Dừa", "Phường Văn Miếu - Quốc Tử Giám"]));
    assert!(m.iter().all(|r| r.merge_type == MergeType::Partial));
    assert_eq!(m.iter().filter(|r| r.primary_guess).count(), 1);
    assert!(m[0].primary_guess, "primary guess comes first");
}

#[test]
fn every_old_commune_maps_and_every_target_exists_in_qd19_2025() {
    let mut split = 0;
    for u in units_at(Scheme::GsoPre2025, Level::Commune).filter(|u| u.status == UnitStatus::Active) {
        let m = map_commune_to_2025(&u.code);
        assert!(!m.is_empty(), "{u:?} unmapped");
        if m.len() > 1 {
            split += 1;
            assert!(m.iter().all(|r| r.merge_type == MergeType::Partial));
        } else {
            assert_eq!(m[0].merge_type, MergeType::Whole);
        }
        assert_eq!(m.iter().filter(|r| r.primary_guess).count(), 1, "{u:?}");
        // the province mapping agrees with the commune mapping
        let old_prov = province_of(Scheme::GsoPre2025, &u.code).unwrap();
        let new_prov = map_province_to_2025(&old_prov.code).unwrap();
        for r in m {
            assert_eq!(province_of(Scheme::Qd19_2025, &r.new_code).unwrap().code, new_prov.code, "{r:?}");
        }
    }
    assert_eq!(split, 471);
    for r in commune_mappings() {
        let new = unit(Scheme::Qd19_2025, &r.new_code).unwrap_or_else(|| panic!("{r:?}"));
        assert_eq!(new.level, Level::Commune);
        let old = unit(Scheme::GsoPre2025, &r.old_code).unwrap_or_else(|| panic!("{r:?}"));
        assert_eq!(old.level, r.old_level);
    }
    // every 2025 commune received at least one old unit
    for u in units_at(Scheme::Qd19_2025, Level::Commune) {
        assert!(!map_2025_to_old(&u.code).is_empty(), "{u:?}");
    }
}

#[test]
fn dissolved_communes_map_through_their_successor() {
    let mut with_successor = 0;
    for u in units_at(Scheme::GsoPre2025, Level::Commune).filter(|u| u.status == UnitStatus::Dissolved) {
        let m = map_commune_to_2025(&u.code);
        match &u.successor_code {
            Some(s) => {
                with_successor += 1;
                assert_eq!(unit(Scheme::GsoPre2025, s).unwrap().status, UnitStatus::Active);
                let via: Vec<&str> = map_commune_to_2025(s).iter().map(|r| r.new_code.as_str()).collect();
                let got: Vec<&str> = m.iter().map(|r| r.new_code.as_str()).collect();
                assert_eq!(got, via, "{u:?}");
                assert!(m.iter().all(|r| r.basis == MappingBasis::Successor));
            }
            None => assert!(m.is_empty(), "{u:?}"),
        }
    }
    assert_eq!(with_successor, 563);
}

#[test]
fn island_districts_became_dac_khu() {
    for (district, dac_khu) in [("318", "Đặc khu Bạch Long Vĩ"), ("755", "Đặc khu Côn Đảo"), ("536", "Đặc khu Lý Sơn")] {
        let m = map_district_to_2025(district);
        assert_eq!(m.len(), 1, "{district}");
        assert_eq!(m[0].basis, MappingBasis::IslandDistrict);
        assert_eq!(m[0].new_unit().unwrap().name, dac_khu);
    }
    assert!(map_district_to_2025("001").is_empty());
}

#[test]
fn provinces_map_63_to_34() {
    let mut targets = HashSet::new();
    for p in units_at(Scheme::GsoPre2025, Level::Province) {
        let new = map_province_to_2025(&p.code).unwrap_or_else(|| panic!("{p:?}"));
        assert_eq!(new.scheme, Scheme::Qd19_2025);
        targets.insert(new.code.clone());
    }
    assert_eq!(targets.len(), 34);
    assert_eq!(map_province_to_2025("01").unwrap().name, "Thành phố Hà Nội");
    assert_eq!(map_province_to_2025("74").unwrap().name, "Thành phố Hồ Chí Minh", "Bình Dương");
    assert_eq!(map_province_to_2025("77").unwrap().name, "Thành phố Hồ Chí Minh", "Bà Rịa - Vũng Tàu");
    assert_eq!(map_province_to_2025("30").unwrap().code, "31", "Hải Dương -> Hải Phòng");
    let hcm: Vec<&str> = provinces_merged_into("79").iter().map(|u| u.code.as_str()).collect();
    assert_eq!(hcm, ["74", "77", "79"]);
    assert!(map_province_to_2025("99").is_none());
}

#[test]
fn new_commune_lists_the_registries_it_inherits() {
    let olds: HashSet<&str> = map_2025_to_old("00004").iter().map(|r| r.old_code.as_str()).collect();
    for code in ["00004", "00013", "00016", "00019"] {
        assert!(olds.contains(code), "{code}");
    }
}

// ---------------------------------------------------------------- ethnic groups

#[test]
fn ethnic_codes_run_01_to_55() {
    let g = ethnic_groups();
    assert_eq!(g.len(), 55);
    for (i, e) in g.iter().enumerate() {
        assert_eq!(e.code, format!("{:02}", i + 1));
    }
    assert_eq!(ethnic_group("01").unwrap().name, "Kinh");
    assert_eq!(ethnic_group("8").unwrap().name, "Hmông");
    assert_eq!(ethnic_group("55").unwrap().name, "Người nước ngoài");
    assert!(ethnic_group("56").is_none());
}

#[test]
fn ethnic_lookup_tolerates_spelling() {
    for (input, code) in [
        ("Kinh", "01"),
        ("kinh", "01"),
        ("Dân tộc Kinh", "01"),
        ("Mông (Mèo)", "08"),
        ("Hmông", "08"),
        ("H'Mông", "08"),
        ("HMÔNG", "08"),
        ("Mông", "08"),
        ("Mèo", "08"),
        ("Khơ Me (Khmer)", "05"),
        ("Khmer", "05"),
        ("Khơ-me", "05"),
        ("Khome", "05"),
        ("Ê Đê", "12"),
        ("Êđê", "12"),
        ("Gia Rai", "10"),
        ("Xơ Đăng", "14"),
        ("Bru Vân Kiều (Vân Kiều)", "23"),
        ("Dao (Dao Đỏ)", "09"),
        ("Tày (Thổ)", "02"),
        ("Thổ", "24"),
        ("Lào", "37"),
        ("Người Hoa", "04"),
        ("Người nước ngoài", "55"),
        ("RaGlay", "21"),
        ("08", "08"),
    ] {
        assert_eq!(ethnic_group_by_name(input).map(|g| g.code.as_str()), Some(code), "{input:?}");
    }
    assert!(ethnic_group_by_name("Khác").is_none());
    assert!(ethnic_group_by_name("").is_none());
}

// ---------------------------------------------------------------- nationalities

#[test]
fn nationalities_cover_iso_countries_with_vietnamese_names() {
    let all = nationalities();
    assert_eq!(all[0].name, "Việt Nam");
    assert_eq!(all[0].code.as_deref(), Some("VN"));
    assert!(all.iter().any(|n| n.name == "Không có thông tin" && n.code.is_none()));
    assert!(all.iter().filter(|n| n.code.is_some()).count() >= 240);
    let codes: HashSet<&str> = all.iter().filter_map(|n| n.code.as_deref()).collect();
    assert_eq!(codes.len(), all.iter().filter(|n| n.code.is_some()).count(), "codes unique");
    for (code, name) in [
        ("CN", "Trung Quốc"),
        ("LA", "Lào"),
        ("KH", "Campuchia"),
        ("KR", "Hàn Quốc"),
        ("KP", "Triều Tiên"),
        ("JP", "Nhật Bản"),
        ("US", "Hoa Kỳ"),
        ("FR", "Pháp"),
        ("TW", "Đài Loan (Trung Quốc)"),
        ("DE", "Đức"),
        ("RU", "Liên bang Nga"),
        ("TH", "Thái Lan"),
        ("AU", "Úc"),
        ("GB", "Anh"),
        ("MY", "Malaysia"),
    ] {
        assert_eq!(nationality_by_code(code).unwrap().name, name);
    }
}

#[test]
fn nationality_lookup_tolerates_spelling() {
    for (input, code) in [
        ("Việt Nam", Some("VN")),
        ("viet nam", Some("VN")),
        ("Vietnam", Some("VN")),
        ("Mỹ", Some("US")),
        ("Hoa Kỳ", Some("US")),
        ("Đài Loan", Some("TW")),
        ("Đài Loan (Trung Quốc)", Some("TW")),
        ("Ác-hen-ti-na (Argentine / Argentinian)", Some("AR")),
        ("Anh (British)", Some("GB")),
        ("Căm-pu-chia (Cambodian)", Some("KH")),
        ("Ca-na-đa (Canadian)", Some("CA")),
        ("Cu-ba (Cuban)", Some("CU")),
        ("Xin-ga-po", Some("SG")),
        ("Liên Xô", Some("RU")),
        ("nước Pháp", Some("FR")),
    ] {
        assert_eq!(nationality_by_name(input).and_then(|n| n.code.as_deref()), code, "{input:?}");
    }
    assert_eq!(nationality_by_name("Không có thông tin").unwrap().code, None);
    assert!(nationality_by_name("Atlantis").is_none());
}

// ---------------------------------------------------------------- enumerations

#[test]
fn template_enumerations_are_present() {
    for name in [
        "loaiDangKy",
        "loaiXacNhan",
        "gioiTinh",
        "loaiCuTru",
        "loaiGiayToTuyThan",
        "loaiKhaiSinh",
        "gbtLoai",
        "tinhTrangKetHon",
        "loaiMucDichSuDung",
    ] {
        assert!(enumerations().iter().any(|e| e.name == name), "{name}");
    }
    let g = enumeration("gioiTinh", None).unwrap();
    assert_eq!(g.label("1"), Some("Nam"));
    assert_eq!(g.label("2"), Some("Nữ"));
    assert_eq!(g.code_of("nu"), Some("2"));
    assert_eq!(g.code_of("3"), Some("3"));
    assert_eq!(enumeration("gbtLoai", Some("KT")).unwrap().values.len(), 8);
    assert_eq!(enumeration("loaiGiayToTuyThan", None).unwrap().label("4"), Some("Thẻ căn cước công dân"));
    assert_eq!(enumeration("loaiKhaiSinh", Some("KS")).unwrap().label("5"), Some("Trẻ bị bỏ rơi"));
    assert_eq!(enumeration("loaiXacNhan", Some("CMC")).unwrap().values.len(), 4);
    assert_eq!(enumeration("loaiMucDichSuDung", Some("HN")).unwrap().values.len(), 5);
    assert_eq!(enumeration("tinhTrangKetHon", Some("KH")).unwrap().code_of("đã ly hôn"), Some("Đã ly hôn"));
}

#[test]
fn loai_dang_ky_depends_on_the_book_type() {
    assert!(enumeration("loaiDangKy", None).is_none(), "ambiguous without a book type");
    let ks = enumeration("loaiDangKy", Some("KS")).unwrap();
    assert_eq!(ks.values.iter().map(|v| v.code.as_str()).collect::<Vec<_>>(), ["0", "1", "2", "3", "4"]);
    assert_eq!(ks.label("4"), Some("Đăng ký quá hạn"));
    assert_eq!(enumeration("loaiDangKy", Some("KT")).unwrap().values.len(), 5);
    let kh = enumeration("loaiDangKy", Some("KH")).unwrap();
    assert_eq!(kh.label("1"), Some("Đăng ký lần đầu"));
    assert_eq!(kh.values.len(), 2);
    let cmc = enumeration("loaiDangKy", Some("cmc")).unwrap();
    assert_eq!(cmc.label("1"), Some("Đăng ký mới"));
    assert!(enumeration("loaiDangKy", Some("HN")).is_none());
    assert!(enumeration("loaiXacNhan", Some("KS")).is_none());
}

#[test]
fn field_names_resolve_to_enumerations() {
    assert_eq!(enumeration_for_field("nksGioiTinh", "KS").unwrap().name, "gioiTinh");
    assert_eq!(enumeration_for_field("meLoaiCuTru", "KS").unwrap().name, "loaiCuTru");
    assert_eq!(enumeration_for_field("chongLoaiGiayToTuyThan", "KH").unwrap().name, "loaiGiayToTuyThan");
    assert_eq!(enumeration_for_field("nxnLoaiMucDichSuDung", "HN").unwrap().name, "loaiMucDichSuDung");
    assert_eq!(enumeration_for_field("loaiDangKy", "KH").unwrap().label("1"), Some("Đăng ký lần đầu"));
    assert!(enumeration_for_field("nksHoTen", "KS").is_none());
}

// ---------------------------------------------------------------- books, periods

#[test]
fn book_types_and_names() {
    let codes: Vec<&str> = BOOK_TYPES.iter().map(|b| b.code).collect();
    assert_eq!(codes, ["KS", "KT", "KH", "HN", "CMC", "GH", "TDCC", "LH", "NCN"]);
    assert_eq!(book_type("ks").unwrap().name, "Khai sinh");
    assert_eq!(book_type("HN").unwrap().name, "Xác nhận tình trạng hôn nhân");
    assert_eq!(book_type("LH").unwrap().name, "Ghi chú ly hôn");
    assert!(book_type("XX").is_none());
}

#[test]
fn period_groups_by_year() {
    assert_eq!(period_group_for_year(2025), "2016-2019", "2016 and later");
    assert_eq!(period_group_for_year(2016), "2016-2019");
    assert_eq!(period_group_for_year(2015), "2006-2015");
    assert_eq!(period_group_for_year(2006), "2006-2015");
    assert_eq!(period_group_for_year(2005), "1999-2005");
    assert_eq!(period_group_for_year(1999), "1999-2005");
    assert_eq!(period_group_for_year(1998), "1976-1998");
    assert_eq!(period_group_for_year(1976), "1976-1998");
    assert_eq!(period_group_for_year(1975), "<=1975");
    assert_eq!(period_group_for_year(1900), "<=1975");
    assert_eq!(PERIOD_GROUPS.len(), 5);
}

// ---------------------------------------------------------------- versions

#[test]
fn every_table_has_a_version_and_matches_its_manifest_row_count() {
    for d in DataSet::ALL {
        assert_ne!(data_version(d), "unknown", "{d:?}");
        assert!(manifest_rows(d).is_some(), "{d:?}");
    }
    assert_eq!(manifest_rows(DataSet::AdminUnitsGsoPre2025), Some(units(Scheme::GsoPre2025).len()));
    assert_eq!(manifest_rows(DataSet::AdminUnitsQd19_2025), Some(units(Scheme::Qd19_2025).len()));
    assert_eq!(manifest_rows(DataSet::AdminMap2025), Some(commune_mappings().len()));
    assert_eq!(manifest_rows(DataSet::ProvinceMap2025), Some(63));
    assert_eq!(manifest_rows(DataSet::EthnicGroups), Some(ethnic_groups().len()));
    assert_eq!(manifest_rows(DataSet::Nationalities), Some(nationalities().len()));
    assert_eq!(manifest_rows(DataSet::Enumerations), Some(enumerations().len()));
    assert_eq!(data_version(DataSet::Enumerations), enumerations_version());
    assert_eq!(Scheme::Qd19_2025.data_version(), data_version(DataSet::AdminUnitsQd19_2025));
}

#[test]
fn loading_everything_is_fast() {
    // generous bound for an unoptimised test build on a loaded 2-core machine;
    // `cargo run --release --example refdata_load` shows the real figure
    let t = std::time::Instant::now();
    load_all();
    assert!(t.elapsed().as_millis() < 3_000, "{:?}", t.elapsed());
}
