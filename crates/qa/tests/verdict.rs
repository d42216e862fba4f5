//! Counting errors two ways from the same arbitration, the verdict the plan proposes, and the plan
//! explained in words.
use sohoa_qa::{propose, Aql, CountingMode, Decision, Findings, Plan, Severity};

fn plan(lot: u64, aql: &str) -> Plan {
    Plan::level_ii(lot, Severity::Normal, aql.parse::<Aql>().unwrap()).unwrap()
}

/// 50 entries: two with errors (one with 3 wrong fields, one with 1).
fn fifty_with(errors: &[u32]) -> Vec<u32> {
    let mut v = vec![0u32; 50];
    v[..errors.len()].copy_from_slice(errors);
    v
}

#[test]
fn both_views_come_from_the_same_per_entry_field_error_counts() {
    let f = Findings::from_field_errors(&fifty_with(&[3, 1]));
    assert_eq!((f.entries, f.nonconforming_entries, f.nonconformities), (50, 2, 4));
    assert_eq!(f.entry_error_percent(), 4.0);
    assert_eq!(f.nonconformities_per_100(), 8.0);
    assert_eq!(f.count(CountingMode::Entries), 2);
    assert_eq!(f.count(CountingMode::Fields), 4);
}

#[test]
fn at_most_ac_errors_is_a_proposed_acceptance_and_re_or_more_a_proposed_return() {
    let p = plan(300, "1.0"); // H 50 Ac 1 Re 2
    let ok = propose(&p, &Findings::from_field_errors(&fifty_with(&[2])), CountingMode::Entries).unwrap();
    assert_eq!(ok.decision, Decision::Accept);
    assert_eq!(
        ok.reason_vi,
        "Đề xuất CHẤP NHẬN: kiểm tra 50 mục, thấy 1 mục có sai sót, không vượt quá số chấp nhận Ac = 1 (trả lại khi có từ 2 trở lên)."
    );
    let back = propose(&p, &Findings::from_field_errors(&fifty_with(&[1, 1])), CountingMode::Entries).unwrap();
    assert_eq!(back.decision, Decision::Return);
    assert!(back.reason_vi.starts_with("Đề xuất TRẢ LẠI: kiểm tra 50 mục, thấy 2 mục có sai sót"), "{}", back.reason_vi);
    assert!(back.reason_en.contains("Re = 2"));
}

#[test]
fn the_province_setting_decides_which_count_is_compared() {
    let p = plan(300, "1.0");
    let f = Findings::from_field_errors(&fifty_with(&[3])); // 1 entry, 3 fields
    assert_eq!(propose(&p, &f, CountingMode::Entries).unwrap().decision, Decision::Accept);
    let by_field = propose(&p, &f, CountingMode::Fields).unwrap();
    assert_eq!(by_field.decision, Decision::Return);
    assert_eq!(by_field.counted, 3);
    // both rates reported whatever the mode
    assert_eq!((by_field.entry_error_percent, by_field.nonconformities_per_100), (2.0, 6.0));
    assert!((by_field.entry_error_upper_95 - 9.139813071969738).abs() < 1e-7);
}

#[test]
fn an_aql_above_10_needs_field_counting() {
    let p = plan(300, "25");
    let f = Findings::from_field_errors(&vec![0; p.inspected() as usize]);
    assert_eq!(propose(&p, &f, CountingMode::Entries).unwrap_err().code(), "qa.aql_needs_field_counting");
    assert_eq!(propose(&p, &f, CountingMode::Fields).unwrap().decision, Decision::Accept);
}

#[test]
fn no_proposal_before_the_whole_sample_is_inspected() {
    let p = plan(300, "1.0");
    let e = propose(&p, &Findings::from_field_errors(&[0; 49]), CountingMode::Entries).unwrap_err();
    assert_eq!(e.code(), "qa.sample_incomplete");
    assert!(e.message_vi().contains("49"));
    let bad = Findings { entries: 50, nonconforming_entries: 3, nonconformities: 2 };
    assert_eq!(propose(&p, &bad, CountingMode::Entries).unwrap_err().code(), "qa.counts_inconsistent");
}

#[test]
fn a_fully_inspected_book_is_judged_on_all_its_entries() {
    let p = plan(10, "1.0"); // E n=13 ≥ 10: 100 %
    assert!(p.full_inspection);
    let d = propose(&p, &Findings::from_field_errors(&[0; 10]), CountingMode::Entries).unwrap();
    assert_eq!(d.decision, Decision::Accept);
}

#[test]
fn the_plan_is_explained_to_supervisors_in_vietnamese_with_its_risk() {
    let p = plan(300, "1.0");
    assert_eq!(
        p.explain_vi(),
        "Sổ có 300 mục, kiểm tra thường bậc II, mã chữ H: chọn ngẫu nhiên 50 mục, rải đều theo các trang, để nhập lại và đối chiếu. \
         Với AQL 1,0, sổ được chấp nhận nếu có không quá 1 mục có sai sót (mục có ít nhất một trường sai), và bị trả lại nếu có từ 2 trở lên. \
         Rủi ro của phương án: một sổ có 0,72 % mục có sai sót vẫn được chấp nhận 95 lần trong 100; \
         một sổ có 7,56 % mục có sai sót chỉ được chấp nhận 10 lần trong 100, tức là bị trả lại 90 lần trong 100."
    );
    let moved = plan(100, "1.0").explain_vi();
    assert!(moved.contains("mã chữ F (theo mũi tên của bảng chuyển sang mã E)"), "{moved}");
    let whole = plan(10, "1.0").explain_vi();
    assert!(whole.contains("kiểm tra toàn bộ 10 mục"), "{whole}");
    let fields = plan(300, "1.0").explain_vi_for(CountingMode::Fields);
    assert!(fields.contains("trường sai trên 100 mục"), "{fields}");
    let en = p.explain_en();
    assert!(en.contains("accepted 95 times in 100") && en.contains("0.72 % nonconforming entries"), "{en}");
}
