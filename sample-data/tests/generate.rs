//! The sample commune: determinism, counts, field names against the Ministry column map, IDs,
//! extract noise, targets and earlier-spreadsheet shapes.
use sohoa_sample::{generate, SampleCommune, SampleConfig, STATUSES};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

const COLUMN_MAP: &str = include_str!("../../crates/core/data/column_map.json");

/// The default demo commune without images (generated once for all tests).
fn demo() -> &'static SampleCommune {
    static C: OnceLock<SampleCommune> = OnceLock::new();
    C.get_or_init(|| generate(&SampleConfig { render_pages: false, ..Default::default() }))
}

fn small(render: bool) -> SampleConfig {
    SampleConfig { seed: 7, books: 12, entries: 400, extract_rows: 2500, render_pages: render, page_width: 300, scan_accepted: true }
}

/// type → (field name → (position, kind))
fn column_map() -> HashMap<String, HashMap<String, (usize, String)>> {
    let v: serde_json::Value = serde_json::from_str(COLUMN_MAP).unwrap();
    let mut out = HashMap::new();
    for (t, spec) in v["types"].as_object().unwrap() {
        let fields = spec["fields"].as_array().unwrap();
        let m = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f["name"].as_str().unwrap().to_string(), (i, f["kind"].as_str().unwrap().to_string())))
            .collect();
        out.insert(t.clone(), m);
    }
    out
}

fn csv_rows(s: &str) -> Vec<Vec<String>> {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(s.as_bytes());
    r.records().map(|x| x.unwrap().iter().map(|c| c.to_string()).collect()).collect()
}

#[test]
fn same_seed_same_output_and_pages_render() {
    let a = generate(&small(true));
    let b = generate(&small(true));
    assert!(a == b, "same config must give identical output");
    let c = generate(&SampleConfig { seed: 8, ..small(false) });
    assert_ne!(a.extract_csv, c.extract_csv);
    // Pages: valid JPEGs of the configured size: a few per book, and every page holding an
    // accepted entry (the upload export writes an entry only with its scan).
    for book in &a.books {
        for e in book.entries.iter().filter(|e| e.status == "accepted") {
            assert!(
                book.pages.iter().any(|p| p.seq == e.trang_so),
                "{} {} page {} has no image",
                book.book_type,
                book.quyen_so,
                e.trang_so
            );
        }
    }
    assert!(a.books.len() >= 10);
    assert_eq!(a.books.iter().map(|b| b.entries.len()).sum::<usize>(), 400);
    for book in &a.books {
        assert!(!book.pages.is_empty(), "{} {} has no page image", book.book_type, book.quyen_so);
        for p in &book.pages {
            assert_eq!(p.width, 300);
            assert_eq!(p.height, sohoa_sample::render::page_height(300));
            assert!(p.seq >= 1 && p.seq <= book.page_count);
            assert_eq!(&p.jpeg[..2], &[0xFF, 0xD8]);
            let img = image::load_from_memory(&p.jpeg).unwrap();
            assert_eq!((img.width(), img.height()), (p.width, p.height));
        }
    }
}

#[test]
fn counts_statuses_and_books() {
    let c = demo();
    assert_eq!(c.books.len(), 12);
    let keyed: usize = c.books.iter().map(|b| b.entries.len()).sum();
    assert_eq!(keyed, 3000);
    assert_eq!(csv_rows(&c.extract_csv).len(), 20_001);
    let mut seen: HashSet<&str> = HashSet::new();
    let mut finished = 0;
    let mut accepted_types: HashSet<&str> = HashSet::new();
    for b in &c.books {
        assert_eq!(b.expected_entries as usize, b.entries.len() + b.unkeyed.len());
        assert!(b.year_to.unwrap() >= b.year_from);
        assert!(b.page_count >= b.entries.iter().chain(&b.unkeyed).map(|e| e.trang_so).max().unwrap());
        assert!(["<=1975", "1976-1998", "1999-2005", "2006-2015"].contains(&b.period_group.as_str()));
        assert_eq!(b.registry_scheme, "gso_pre2025");
        assert!(c.commune.registries.iter().any(|r| r.code == b.registry_code && r.name == b.registry_name));
        for e in &b.entries {
            assert!(STATUSES.contains(&e.status.as_str()), "{}", e.status);
            seen.insert(&e.status);
            if e.status == "accepted" {
                accepted_types.insert(&b.book_type);
            }
        }
        assert!(b.unkeyed.iter().all(|e| e.status == "unkeyed"));
        if b.unkeyed.is_empty() && b.entries.iter().all(|e| e.status == "checked" || e.status == "keyed") {
            finished += 1;
        }
        // 2–4 entries a page, numbering with at most one gap and one repeat.
        let mut per_page: BTreeMap<u32, usize> = BTreeMap::new();
        let all: Vec<_> = b.entries.iter().chain(&b.unkeyed).collect();
        for e in &all {
            *per_page.entry(e.trang_so).or_default() += 1;
        }
        let last = *per_page.keys().last().unwrap();
        assert!(per_page.iter().all(|(p, n)| (2..=4).contains(n) || *p == last), "{per_page:?}");
        let nums: Vec<i64> = all.iter().map(|e| e.so.parse().unwrap()).collect();
        let jumps = nums.windows(2).filter(|w| w[1] != w[0] + 1).count();
        assert!(jumps <= 2, "{} {}: {jumps} anomalies", b.book_type, b.quyen_so);
        // Registrations in book order, inside the book's years.
        let dates: Vec<(i32, u8, u8)> = all
            .iter()
            .filter_map(|e| e.get("ngayDangKy"))
            .map(|d| {
                let p = sohoa_vietnamese::PartialDate::parse(d).unwrap();
                (p.year, p.month.unwrap(), p.day.unwrap())
            })
            .collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{} {} not in date order", b.book_type, b.quyen_so);
        assert!(dates.iter().all(|d| d.0 >= b.year_from && d.0 <= b.year_to.unwrap()));
    }
    for s in STATUSES {
        assert!(seen.contains(s), "status {s} missing");
    }
    assert!(finished >= 2, "{finished} finished books");
    for t in ["KS", "KT", "KH", "HN", "CMC"] {
        assert!(accepted_types.contains(t), "no accepted {t} entry");
    }
    let types: HashSet<&str> = c.books.iter().map(|b| b.book_type.as_str()).collect();
    assert!(types.len() >= 7);
    assert!(c.books.iter().any(|b| b.period_group == "<=1975") && c.books.iter().any(|b| b.period_group == "2006-2015"));
}

#[test]
fn fields_are_ministry_columns_in_template_order() {
    let map = column_map();
    for c in [demo(), &generate(&small(false))] {
        for b in &c.books {
            let cols = &map[&b.book_type];
            for e in b.entries.iter().chain(&b.unkeyed) {
                let mut last = None;
                for (k, v) in &e.fields {
                    let (pos, kind) = cols.get(k).unwrap_or_else(|| panic!("{}: {k} is not a column", b.book_type));
                    assert!(last.is_none_or(|l| *pos > l), "{}: {k} out of template order in {:?}", b.book_type, e.fields);
                    last = Some(*pos);
                    assert!(!v.trim().is_empty(), "{k} empty");
                    assert_eq!(v, &sohoa_vietnamese::normalize::nfc(v), "{k} not NFC");
                    if kind == "date" {
                        sohoa_vietnamese::PartialDate::parse(v).unwrap_or_else(|err| panic!("{k}={v}: {err}"));
                    }
                    if kind == "number" {
                        v.parse::<u32>().unwrap();
                    }
                    if k.ends_with("GioiTinh") {
                        assert!(v == "1" || v == "2");
                    }
                }
                assert_eq!(e.get("so"), Some(e.so.as_str()));
                assert_eq!(e.get("quyenSo"), Some(b.quyen_so.as_str()));
                assert_eq!(e.get("trangSo"), Some(e.trang_so.to_string().as_str()));
                assert!(e.get("ngayDangKy").is_some());
            }
        }
    }
    // Older books record fewer fields than newer ones.
    let avg = |t: &str, period: &str| {
        let es: Vec<_> = demo()
            .books
            .iter()
            .filter(|b| b.book_type == t && b.period_group == period)
            .flat_map(|b| &b.entries)
            .filter(|e| e.status != "draft")
            .collect();
        es.iter().map(|e| e.fields.len()).sum::<usize>() as f64 / es.len() as f64
    };
    assert!(avg("KS", "<=1975") + 8.0 < avg("KS", "2006-2015"));
}

#[test]
fn births_are_consistent_with_parents_and_registration() {
    let c = demo();
    let by_id: HashMap<&str, &sohoa_sample::Person> = c.population.people.iter().map(|p| (p.id_number.as_str(), p)).collect();
    for b in c.books.iter().filter(|b| b.book_type == "KS") {
        for e in b.entries.iter().filter(|e| e.status != "draft") {
            let p = by_id[e.person_id.as_deref().unwrap()];
            let born = sohoa_vietnamese::PartialDate::parse(e.get("nksNgaySinh").unwrap()).unwrap();
            let reg = sohoa_vietnamese::PartialDate::parse(e.get("ngayDangKy").unwrap()).unwrap();
            assert!((born.year, born.month, born.day) <= (reg.year, reg.month, reg.day));
            let name = e.get("nksHoTen").unwrap();
            if let (Some(father), false) = (e.get("chaHoTen"), e.status == "returned") {
                // Children carry their father's surname (as written in the same book).
                assert_eq!(father.split(' ').next().unwrap().to_lowercase(), p.surname.to_lowercase(), "{name} / {father}");
                let _ = name;
            }
            if let Some(mother) = e.get("meHoTen") {
                let m = &c.population.people[p.mother.unwrap()];
                assert_eq!(mother.to_lowercase(), m.full_name().to_lowercase());
            }
        }
    }
}

#[test]
fn ids_are_structurally_valid() {
    let c = demo();
    let provinces: HashSet<&str> = [
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025", "026", "027",
        "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054",
        "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084",
        "086", "087", "089", "091", "092", "093", "094", "095", "096",
    ]
    .into_iter()
    .collect();
    let mut seen = HashSet::new();
    for p in &c.population.people {
        let id = &p.id_number;
        assert_eq!(id.len(), 12, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_digit()));
        assert!(provinces.contains(&id[..3]), "{id}");
        let g = id.as_bytes()[3] - b'0';
        let century = if p.birth.y < 2000 { 0 } else { 2 };
        assert_eq!(g, century + if p.is_male() { 0 } else { 1 }, "{id} {:?}", p.birth);
        assert_eq!(&id[4..6], format!("{:02}", p.birth.y % 100));
        assert!(seen.insert(id.clone()), "duplicate {id}");
        if let Some(cm) = &p.cmnd {
            assert_eq!(cm.len(), 9);
        }
        if p.born_here {
            assert_eq!(&id[..3], "019");
        }
    }
    for b in &c.books {
        for e in &b.entries {
            assert!(seen.contains(e.person_id.as_ref().unwrap()));
        }
    }
}

#[test]
fn extract_has_headers_noise_and_missing_births() {
    let c = demo();
    let rows = csv_rows(&c.extract_csv);
    assert!(c.extract_csv.starts_with('\u{feff}'));
    let header = &rows[0];
    let fold = |s: &str| sohoa_vietnamese::normalize::ascii_fold(s);
    let h: Vec<String> = header.iter().map(|x| fold(x)).collect();
    let has = |alts: &[&str]| alts.iter().any(|a| h.contains(&fold(a)));
    assert!(has(&["Số định danh cá nhân", "Số ĐDCN", "Số CCCD", "Số định danh"]));
    assert!(has(&["Họ và tên", "Họ, chữ đệm và tên", "Họ tên"]));
    assert!(has(&["Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh"]));
    assert!(has(&["Giới tính"]) && has(&["Dân tộc"]) && has(&["Quê quán"]) && has(&["Họ tên mẹ", "Họ và tên mẹ"]));
    let id_col = h.iter().position(|x| x.starts_with("so d") || x == "so cccd").unwrap();
    let name_col = id_col + 1;
    let dob_col = id_col + 2;
    assert!(rows[1..].iter().all(|r| r.len() == header.len()));
    let extract: HashMap<&str, &Vec<String>> = rows[1..].iter().map(|r| (r[id_col].as_str(), r)).collect();
    assert_eq!(extract.len(), 20_000, "IDs unique");
    let truth: HashMap<&str, &sohoa_sample::Person> = c.population.people.iter().map(|p| (p.id_number.as_str(), p)).collect();
    let (mut keyed, mut absent, mut differ, mut partial, mut nfd) = (0, 0, 0, 0, 0);
    for b in c.books.iter().filter(|b| b.book_type == "KS") {
        for e in &b.entries {
            keyed += 1;
            let id = e.person_id.as_deref().unwrap();
            match extract.get(id) {
                None => absent += 1,
                Some(r) => {
                    if r[name_col] != truth[id].full_name() {
                        differ += 1;
                    }
                }
            }
        }
    }
    for r in &rows[1..] {
        if !r[dob_col].contains('/') || r[dob_col].matches('/').count() == 1 {
            partial += 1;
        }
        if r[name_col] != sohoa_vietnamese::normalize::nfc(&r[name_col]) {
            nfd += 1;
        }
    }
    let absent_frac = absent as f64 / keyed as f64;
    assert!((0.08..=0.16).contains(&absent_frac), "absent {absent_frac}");
    let differ_frac = differ as f64 / (keyed - absent) as f64;
    assert!((0.05..=0.30).contains(&differ_frac), "noisy names {differ_frac}");
    assert!(partial > 100, "{partial} partial dates");
    assert!(nfd > 20, "{nfd} NFD rows");
    // Same person, different spelling: fold of both sides usually agrees.
    let same_folded = rows[1..]
        .iter()
        .filter(|r| {
            truth.get(r[id_col].as_str()).is_some_and(|p| r[name_col] != p.full_name() && fold(&r[name_col]) == fold(&p.full_name()))
        })
        .count();
    assert!(same_folded > 200, "{same_folded}");
}

#[test]
fn targets_and_earlier_spreadsheet_shapes() {
    let c = demo();
    let rows = csv_rows(&c.targets_csv);
    assert_eq!(
        rows[0],
        ["unit_scheme", "unit_code", "unit_name", "book_type", "period_group", "target_books", "target_records", "deadline"]
    );
    for r in &rows[1..] {
        assert_eq!(r.len(), 8);
        assert!(r[0] == "qd19_2025" || r[0] == "gso_pre2025");
        assert!(r[1].len() == 2 || r[1].len() == 5);
        assert!(["KS", "KT", "KH", "HN", "CMC", "GH", "TDCC", "LH", "NCN", "*"].contains(&r[3].as_str()));
        assert!(["2016-2019", "2006-2015", "1999-2005", "1976-1998", "<=1975", "*"].contains(&r[4].as_str()));
        r[5].parse::<u64>().unwrap();
        r[6].parse::<u64>().unwrap();
        assert_eq!(r[7].len(), 10);
    }
    for (scheme, code) in
        [("qd19_2025", "19"), ("qd19_2025", "05602"), ("gso_pre2025", "19"), ("gso_pre2025", "05602"), ("gso_pre2025", "05590")]
    {
        assert!(rows.iter().any(|r| r[0] == scheme && r[1] == code), "{scheme} {code}");
    }
    // The commune's own targets cover the books in the sample.
    for b in &c.books {
        assert!(rows.iter().any(|r| r[0] == "gso_pre2025" && r[1] == b.registry_code && r[3] == b.book_type && r[4] == b.period_group));
        let records: u32 = rows
            .iter()
            .filter(|r| r[0] == "gso_pre2025" && r[1] == b.registry_code && r[3] == b.book_type)
            .map(|r| r[6].parse::<u32>().unwrap())
            .sum();
        assert!(records >= b.expected_entries);
    }

    let rows = csv_rows(&c.earlier_spreadsheet_csv);
    assert_eq!(rows[0], sohoa_sample::SHEET_COLUMNS);
    assert_eq!(
        rows[0].join(","),
        "ma_ban_ghi,so,quyen_so,trang_so,ngay_dang_ky,ho_ten,ngay_sinh,gioi_tinh,dan_toc,quoc_tich,noi_sinh,que_quan,ho_ten_cha,ho_ten_me,noi_dang_ky,ghi_chu"
    );
    assert!((190..=210).contains(&(rows.len() - 1)), "{} rows", rows.len() - 1);
    let bad =
        rows[1..].iter().filter(|r| r[5].is_empty() || r[7].is_empty() || sohoa_vietnamese::PartialDate::parse(&r[6]).is_err()).count();
    assert!((3..=6).contains(&bad), "{bad} bad rows");
    let ids: HashSet<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids.len(), rows.len() - 2, "exactly one duplicate ma_ban_ghi");
}

#[test]
fn population_model_is_exact_and_consistent() {
    for n in [120, 3000] {
        let pop = sohoa_sample::generate_people(11, n);
        assert_eq!(pop.people.len(), n);
        assert_eq!(pop, sohoa_sample::generate_people(11, n));
        for (i, p) in pop.people.iter().enumerate() {
            if let Some(f) = p.father {
                let f = &pop.people[f];
                assert!(f.is_male() && f.birth.y + 15 <= p.birth.y, "father of {i}");
                if !p.father_unknown_at_birth {
                    assert_eq!(f.surname, p.surname);
                }
            }
            if let Some(m) = p.mother {
                let m = &pop.people[m];
                assert!(!m.is_male() && m.birth.y + 15 <= p.birth.y, "mother of {i}");
            }
            if let Some(s) = p.spouse {
                assert_eq!(pop.people[s].spouse, Some(i));
                assert_ne!(pop.people[s].sex, p.sex);
            }
            if let Some(d) = p.death {
                assert!(d >= p.birth);
            }
            if let Some(r) = &p.birth_registration {
                assert!(r.date >= p.birth);
            }
        }
    }
}
