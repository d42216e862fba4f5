//! The CSV files: population extract (formats.md §1), earlier spreadsheet (§2), targets (§4).
use crate::books::{self, Ev, Officials, Writer};
use crate::noise;
use crate::people::{Person, Population};
use crate::places;
use crate::util::{chance, pick, stream, Csv, R};
use crate::SampleBook;
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Canonical column → header variants seen in real files (one is picked per file).
const EXTRACT_HEADERS: &[&[&str]] = &[
    &["Số định danh cá nhân", "Số ĐDCN", "Số CCCD", "Số định danh"],
    &["Họ và tên", "Họ, chữ đệm và tên", "Họ tên"],
    &["Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh"],
    &["Giới tính"],
    &["Dân tộc"],
    &["Quốc tịch"],
    &["Quê quán"],
    &["Nơi đăng ký khai sinh", "Nơi ĐKKS"],
    &["Nơi thường trú", "Địa chỉ thường trú"],
    &["Họ tên cha", "Họ và tên cha"],
    &["Họ tên mẹ", "Họ và tên mẹ"],
    &["Họ tên vợ/chồng", "Họ và tên vợ/chồng"],
    &["Số CMND", "Số CMND cũ"],
];

fn header_row(rng: &mut R) -> (bool, Vec<String>) {
    let stt = chance(rng, 0.5);
    let mut h: Vec<String> = EXTRACT_HEADERS.iter().map(|v| pick(rng, v).to_string()).collect();
    if stt {
        h.insert(0, "STT".into());
    }
    (stt, h)
}

/// Birth date as the population database holds it: sometimes only a year or month/year for older
/// people, rarely with day and month swapped.
fn db_birth(rng: &mut R, p: &Person) -> String {
    let b = p.birth;
    let x: f64 = rng.gen();
    let (year_only, month_year) = match b.y {
        ..=1949 => (0.35, 0.05),
        1950..=1975 => (0.08, 0.05),
        _ => (0.01, 0.01),
    };
    if x < year_only {
        return b.y.to_string();
    }
    if x < year_only + month_year {
        return format!("{:02}/{}", b.m, b.y);
    }
    if b.d <= 12 && b.d != b.m && chance(rng, 0.015) {
        return format!("{:02}/{:02}/{}", b.m, b.d, b.y);
    }
    b.dmy()
}

fn father_name(pop: &Population, p: &Person) -> Option<String> {
    if p.father_unknown_at_birth && p.acknowledged.is_none() {
        return None;
    }
    p.father.map(|f| pop.people[f].full_name()).or_else(|| p.father_name.clone())
}

fn mother_name(pop: &Population, p: &Person) -> Option<String> {
    p.mother.map(|m| pop.people[m].full_name()).or_else(|| p.mother_name.clone())
}

/// The population extract: most people of the KS books (about 12 % of keyed births absent: moved
/// away, dead, or simply not in the slice), plus other residents, with realistic noise.
pub(crate) fn extract(pop: &Population, books: &[SampleBook], sheet_people: &[usize], rows: usize, seed: u64) -> String {
    let mut rng = stream(seed, "extract");
    let by_id: HashMap<&str, usize> = pop.people.iter().enumerate().map(|(i, p)| (p.id_number.as_str(), i)).collect();
    let mut keyed_births: Vec<usize> = vec![];
    let mut other_births: Vec<usize> = vec![];
    for b in books.iter().filter(|b| b.book_type == "KS") {
        for e in &b.entries {
            if let Some(i) = e.person_id.as_deref().and_then(|id| by_id.get(id)) {
                keyed_births.push(*i);
            }
        }
        for e in &b.unkeyed {
            if let Some(i) = e.person_id.as_deref().and_then(|id| by_id.get(id)) {
                other_births.push(*i);
            }
        }
    }
    other_births.extend_from_slice(sheet_people);
    // About 12 % of keyed births are absent: the dead, and residents missing from the slice. People
    // who moved away are still in the national database (with their new address).
    let dead = keyed_births.iter().filter(|&&i| pop.people[i].death.is_some()).count() as f64 / keyed_births.len().max(1) as f64;
    let p_extra = ((0.12 - dead) / (1.0 - dead)).max(0.0);
    let mut chosen: Vec<usize> = vec![];
    let mut seen: HashSet<usize> = HashSet::new();
    let mut absent: HashSet<usize> = HashSet::new();
    for &i in keyed_births.iter().chain(&other_births) {
        if seen.contains(&i) || absent.contains(&i) {
            continue;
        }
        if pop.people[i].death.is_some() || chance(&mut rng, p_extra) {
            absent.insert(i);
            continue;
        }
        seen.insert(i);
        chosen.push(i);
    }
    let mut others: Vec<usize> = pop.residents().map(|(i, _)| i).filter(|i| !seen.contains(i) && !absent.contains(i)).collect();
    others.shuffle(&mut rng);
    // Fallback for tiny populations: people who moved away are still in the national database.
    let mut away: Vec<usize> = (0..pop.people.len())
        .filter(|&i| pop.people[i].death.is_none() && !pop.people[i].resident() && !seen.contains(&i) && !absent.contains(&i))
        .collect();
    away.shuffle(&mut rng);
    chosen.truncate(rows);
    for i in others.into_iter().chain(away) {
        if chosen.len() >= rows {
            break;
        }
        chosen.push(i);
    }
    chosen.shuffle(&mut rng);

    let (stt, header) = header_row(&mut rng);
    let numeric_sex = chance(&mut rng, 0.15);
    let mut csv = Csv::default();
    csv.out.push('\u{feff}');
    csv.row(&header);
    for (n, &i) in chosen.iter().enumerate() {
        let p = &pop.people[i];
        let mut cells: Vec<String> = vec![];
        if stt {
            cells.push((n + 1).to_string());
        }
        cells.push(p.id_number.clone());
        cells.push(noise::name_variant(&mut rng, &p.full_name(), 0.16));
        cells.push(db_birth(&mut rng, p));
        cells.push(if numeric_sex { p.sex.code().to_string() } else { p.sex.label().to_string() });
        cells.push(p.ethnicity.clone());
        cells.push("Việt Nam".into());
        cells.push(p.origin.modern());
        let nks = match (&p.birth_registration, p.born_here) {
            (Some(r), _) => {
                if chance(&mut rng, 0.5) {
                    format!("UBND xã {}, huyện Định Hóa, tỉnh Thái Nguyên", places::short_name(r.registry))
                } else {
                    format!("Xã {}, Huyện Định Hóa, Tỉnh Thái Nguyên", places::short_name(r.registry))
                }
            }
            (None, false) if chance(&mut rng, 0.5) => p.origin.modern(),
            _ => String::new(),
        };
        cells.push(nks);
        cells.push(match (p.registry, p.moved_out) {
            (_, Some(_)) => pick(&mut rng, places::AWAY).to_string(),
            (Some(r), None) => places::residence_modern(r, &p.hamlet, chance(&mut rng, 0.3)),
            (None, None) => p.origin.modern(),
        });
        let parents_p = if p.birth.y >= 1960 { 0.85 } else { 0.4 };
        for name in [father_name(pop, p), mother_name(pop, p)] {
            let v = match name {
                Some(s) if chance(&mut rng, parents_p) => noise::name_variant(&mut rng, &s, 0.08),
                _ => String::new(),
            };
            cells.push(v);
        }
        let spouse = p.spouse.map(|s| &pop.people[s]).filter(|s| s.death.is_none());
        cells.push(match spouse {
            Some(s) if chance(&mut rng, 0.85) => noise::name_variant(&mut rng, &s.full_name(), 0.08),
            _ => String::new(),
        });
        cells.push(p.cmnd.clone().filter(|_| chance(&mut rng, 0.8)).unwrap_or_default());
        if chance(&mut rng, 0.015) {
            // Text pasted from a system that decomposes accents (NFD).
            for c in cells.iter_mut() {
                *c = noise::to_nfd(c);
            }
        }
        csv.row(&cells);
    }
    csv.out
}

pub struct Sheet {
    pub csv: String,
    pub people: Vec<usize>,
}

pub const SHEET_COLUMNS: [&str; 16] = [
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

/// About 200 births of the KS book 01/1999 of Phú Đình, keyed earlier into a spreadsheet by another
/// team: a few keying slips, a few unreadable rows and one child keyed twice.
pub(crate) fn earlier_spreadsheet(pop: &Population, kids: &HashMap<usize, Vec<usize>>, off: &Officials, seed: u64) -> Sheet {
    let mut rng = stream(seed, "sheet");
    let spec = books::SPREADSHEET_BOOK;
    let evs = books::window(&books::events(spec.t, spec.r, pop, &[], &[]), &spec, pop);
    let evs = &evs[..evs.len().min(200)];
    let refs = HashMap::new();
    let w = Writer { pop, kids, off, ks_refs: &refs };
    let style = books::Style { caps_names: false, loose_dates: false, place_style: 1 };
    let mut csv = Csv::default();
    csv.row(&SHEET_COLUMNS);
    let mut people = vec![];
    let mut rows: Vec<Vec<String>> = vec![];
    for (i, ev) in evs.iter().enumerate() {
        let so = (i + 1).to_string();
        let e = w.entry(ev, &style, &so, "01/1999", (i / 3 + 1) as u32, &mut rng);
        if let Ev::Birth { p, .. } = ev {
            people.push(*p);
        }
        let g = |k: &str| e.get(k).unwrap_or("").to_string();
        let mut ho_ten = g("nksHoTen");
        if chance(&mut rng, 0.04) {
            ho_ten = noise::misspell(&mut rng, &ho_ten);
        }
        let sex = match g("nksGioiTinh").as_str() {
            "1" => "Nam",
            "2" => "Nữ",
            _ => "",
        };
        rows.push(vec![
            format!("PD1999-{:04}", i + 1),
            so,
            "01/1999".into(),
            g("trangSo"),
            g("ngayDangKy"),
            ho_ten,
            g("nksNgaySinh"),
            sex.into(),
            g("nksDanToc"),
            g("nksQuocTich"),
            g("nksNoiSinh"),
            g("nksQueQuan"),
            g("chaHoTen"),
            g("meHoTen"),
            g("noiDangKy"),
            g("ghiChu"),
        ]);
    }
    let n = rows.len();
    if n >= 160 {
        // Bad rows the importer must report (line number + reason) without stopping.
        rows[16][5] = String::new(); // no name
        rows[44][6] = "31/02/2000".into(); // impossible date
        rows[87][7] = String::new(); // no sex
        rows[120][0] = rows[119][0].clone(); // duplicate ma_ban_ghi
        rows[150][6] = "không rõ".into(); // unreadable date
                                          // The same child keyed twice (another team re-keyed a page).
        let mut dup = rows[60].clone();
        dup[0] = format!("PD1999-{:04}", n + 1);
        dup[1] = format!("{}", n + 1);
        dup[5] = noise::new_tone_style(&dup[5]);
        rows.push(dup);
    }
    for r in rows {
        csv.row(&r);
    }
    Sheet { csv: csv.out, people }
}

pub const TARGET_COLUMNS: [&str; 8] =
    ["unit_scheme", "unit_code", "unit_name", "book_type", "period_group", "target_books", "target_records", "deadline"];

const TYPES: [&str; 9] = ["KS", "KT", "KH", "HN", "CMC", "GH", "TDCC", "LH", "NCN"];

fn capacity(t: &str) -> usize {
    match t {
        "KS" | "KT" | "HN" => 200,
        "KH" | "TDCC" => 150,
        _ => 100,
    }
}

/// Targets for the province and the commune, in both schemes: the commune's inventory is what the
/// simulated registries actually registered before 2020 (so progress can reach 100 %).
pub(crate) fn targets(pop: &Population, changes: &[books::Change], guards: &[books::Guardianship], our: &[SampleBook]) -> String {
    let info = places::commune_info();
    // (registry, type, period) → records
    let mut counts: BTreeMap<(u8, &str, &str), usize> = BTreeMap::new();
    for r in 0..2u8 {
        for t in TYPES {
            for ev in books::events(t, r, pop, changes, guards) {
                let y = ev.date(pop).y;
                if y > 2019 {
                    continue;
                }
                *counts.entry((r, t, books::period_group(y))).or_insert(0) += 1;
            }
        }
    }
    let mut ours: HashMap<(String, String, String), usize> = HashMap::new();
    for b in our {
        *ours.entry((b.registry_code.clone(), b.book_type.clone(), b.period_group.clone())).or_insert(0) += 1;
    }
    let mut csv = Csv::default();
    csv.row(&TARGET_COLUMNS);
    let s = |x: usize| x.to_string();
    // Province rows (founding documents: Thái Nguyên keyed 1,103,450 records; the 2025 province adds Bắc Kạn).
    let prov: [(&str, &str, usize, usize, &str); 2] = [
        ("gso_pre2025", "Tỉnh Thái Nguyên", 10_850, 1_103_450, "2025-01-01"),
        ("qd19_2025", "Tỉnh Thái Nguyên", 14_300, 1_436_200, "2025-12-31"),
    ];
    let shares = [("KS", 0.55), ("KT", 0.17), ("KH", 0.20), ("HN", 0.05), ("CMC", 0.01), ("TDCC", 0.02)];
    for (scheme, name, books_n, recs, deadline) in prov {
        csv.row(&[scheme, "19", name, "*", "*", &s(books_n), &s(recs), deadline]);
        for (t, share) in shares {
            let b = ((books_n as f64) * share).round() as usize;
            let r = ((recs as f64) * share).round() as usize;
            csv.row(&[scheme, "19", name, t, "*", &s(b), &s(r), deadline]);
        }
    }
    // Old communes (gso_pre2025) per type and period, and the merged commune (qd19_2025) per type.
    let mut merged: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut all = (0usize, 0usize);
    for (ri, reg) in info.registries.iter().enumerate() {
        let mut tot = (0usize, 0usize);
        for ((r, t, period), recs) in &counts {
            if *r as usize != ri {
                continue;
            }
            let ours_n = ours.get(&(reg.code.clone(), t.to_string(), period.to_string())).copied().unwrap_or(0);
            let bk = recs.div_ceil(capacity(t)).max(1).max(ours_n);
            csv.row(&["gso_pre2025", &reg.code, &reg.name, t, period, &s(bk), &s(*recs), "2025-01-01"]);
            tot.0 += bk;
            tot.1 += recs;
            let m = merged.entry(t).or_insert((0, 0));
            m.0 += bk;
            m.1 += recs;
        }
        csv.row(&["gso_pre2025", &reg.code, &reg.name, "*", "*", &s(tot.0), &s(tot.1), "2025-01-01"]);
        all.0 += tot.0;
        all.1 += tot.1;
    }
    csv.row(&["qd19_2025", &info.code, &info.name, "*", "*", &s(all.0), &s(all.1), "2025-12-31"]);
    for (t, (b, r)) in merged {
        csv.row(&["qd19_2025", &info.code, &info.name, t, "*", &s(b), &s(r), "2025-12-31"]);
    }
    csv.out
}
