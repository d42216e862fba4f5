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
    assert!(n.counts.entries.accepted > 79_300_000 && n.counts.entries.accepted < 79_400_000, "accepted {}", n.counts.entries.accepted);
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
