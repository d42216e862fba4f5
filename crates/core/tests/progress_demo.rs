//! The national demo: every 2025 commune, consistent with the January 2025 report.
mod progress_support;
use progress_support::*;
use sohoa_core::progress;
use sohoa_core::progress::{DashboardQuery, Flag};
use sohoa_core::session::accounts::Role;

#[test]
fn the_national_demo_matches_the_january_2025_figures_and_loads_once() {
    let tmp = tempfile::tempdir().unwrap();
    let mut sup = workspace(&tmp.path().join("tw"), "qd19_2025", "00004", Role::Supervisor);
    let load = progress::demo::load_national_demo_snapshots(&mut sup).unwrap();
    eprintln!("{load:?}");
    assert_eq!(load.communes, 3321);
    assert_eq!(load.imported, 3321);
    let d = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    let n = &d.national;
    eprintln!(
        "books {} / {}, entries {} / {} keyed, {} accepted; flags 63 {:?}; 34 {:?}; communes {:?}",
        n.counts.books.keyed,
        n.counts.books.inventoried,
        n.counts.entries.keyed,
        n.counts.entries.inventoried,
        n.counts.entries.accepted,
        d.flags.provinces_pre2025,
        d.flags.provinces_2025,
        d.flags.communes
    );
    // "hơn 3 triệu sổ", "hơn 95,8 triệu dữ liệu", "trên 79,3 triệu dữ liệu" phê duyệt
    assert!(n.counts.books.keyed > 3_000_000 && n.counts.books.keyed < 3_100_000, "books {}", n.counts.books.keyed);
    assert!(n.counts.entries.keyed > 95_800_000 && n.counts.entries.keyed < 95_900_000, "keyed {}", n.counts.entries.keyed);
    // 79.3 million approved by the Ministry's system (phê duyệt); the supervisors' acceptance, the
    // export and the upload come before it, each its own figure.
    let e = &n.counts.entries;
    assert!(e.approved > 79_300_000 && e.approved < 79_400_000, "approved {}", e.approved);
    assert!(e.keyed > e.accepted && e.accepted > e.exported && e.exported > e.uploaded && e.uploaded > e.approved, "{e:?}");
    // The country missed 1/1/2025 in 13 provinces: the national row counts them.
    let pre = n.late_children.iter().find(|l| l.scheme == "gso_pre2025").unwrap();
    assert_eq!((pre.late, pre.of), (13, 63), "{:?}", n.late_children);
    assert!(n.outlook.late, "the country is late: {:?}", n.outlook.flag);
    assert_eq!(d.as_of, "2025-01-31");
    // 50 provinces basically done, 9 finishing in January–February, 4 late.
    let f = &d.flags.provinces_pre2025;
    assert_eq!(f.get(&Flag::Done), Some(&50));
    assert_eq!(f.get(&Flag::Finishing), Some(&9));
    assert_eq!(f.get(&Flag::Late), Some(&4));
    let by_name = |name: &str| d.provinces_pre2025.iter().find(|p| p.name.ends_with(name)).unwrap();
    for late in ["Quảng Trị", "Quảng Ngãi", "Quảng Nam", "Kiên Giang"] {
        assert_eq!(by_name(late).outlook.flag, Flag::Late, "{late}");
    }
    for fin in ["Đắk Lắk", "Bến Tre", "Vĩnh Phúc", "Bắc Ninh", "Ninh Bình", "Quảng Bình", "Hà Giang", "Nam Định", "Vĩnh Long"]
    {
        let p = by_name(fin);
        assert_eq!(p.outlook.flag, Flag::Finishing, "{fin}");
        assert!(p.outlook.forecast.as_deref().unwrap() <= "2025-03-01", "{fin} expected by February: {:?}", p.outlook.forecast);
    }
    assert_eq!(by_name("Thái Nguyên").outlook.flag, Flag::Done);
    // A province that is done has no late commune (each commune's target is its own inventory).
    assert_eq!(by_name("Hà Nội").late_children[0].late, 0);
    assert!(by_name("Quảng Trị").late_children[0].late > 0);
    // Volumes follow population, not the number of communes: Hồ Chí Minh City (9.0 M people,
    // 322 old communes) holds more records than Hà Nội (8.1 M, 579 old communes).
    let (hcm, hn) = (by_name("Hồ Chí Minh"), by_name("Hà Nội"));
    assert!(hcm.outlook.inventory > hn.outlook.inventory, "HCM {} vs Hà Nội {}", hcm.outlook.inventory, hn.outlook.inventory);
    // Every commune has every book type in every period group.
    let cells: usize = {
        let mut st = sup.conn().prepare("SELECT cells FROM progress_snapshot").unwrap();
        let blobs: Vec<Vec<u8>> = st.query_map([], |r| r.get::<_, Vec<u8>>(0)).unwrap().map(|b| b.unwrap()).collect();
        blobs.iter().map(|b| sohoa_core::progress::snapshot::unpack_cells(b).len()).sum()
    };
    assert_eq!(cells, 3321 * 45);
    // Loading again changes nothing.
    let again = progress::demo::load_national_demo_snapshots(&mut sup).unwrap();
    assert_eq!((again.imported, again.already), (0, 3321));
    let d2 = progress::aggregate::progress_dashboard(&sup, &DashboardQuery::default()).unwrap();
    assert_eq!(d2.national.counts, d.national.counts);
}

#[test]
fn the_national_demo_snapshots_hold_thai_nguyen_at_its_reported_1_103_450_records_all_digitised() {
    let payloads = progress::demo::national_payloads();
    let in_tn = |p: &progress::snapshot::SnapshotPayload| {
        p.registries.iter().all(|r| {
            r.code
                .as_deref()
                .is_some_and(|c| sohoa_refdata::province_of(sohoa_refdata::Scheme::GsoPre2025, c).is_some_and(|pr| pr.code == "19"))
        })
    };
    let tn: Vec<_> = payloads.iter().filter(|p| !p.registries.is_empty() && in_tn(p)).collect();
    let keyed: u64 = tn.iter().flat_map(|p| p.cells.iter()).map(|c| c.counts.entries.keyed).sum();
    let expected: u64 = tn.iter().flat_map(|p| p.cells.iter()).map(|c| c.counts.entries.inventoried).sum();
    assert_eq!(keyed, progress::demo::THAI_NGUYEN_RECORDS);
    assert!(expected - keyed < 100, "all of its inventory is digitised: {keyed} of {expected}");
    for p in &payloads {
        assert_eq!(p.version, progress::snapshot::VERSION);
        for c in &p.cells {
            assert!(c.counts.entries.is_monotone(), "{} {:?}", p.commune.code, c.counts.entries);
        }
    }
}
