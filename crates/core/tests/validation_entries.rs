//! Validation warns and never blocks: specifications of the entry checks (issue 4 §4).
use sohoa_core::validation::{validate_entry, Severity, ValidationContext, Warning};
use sohoa_core::BookType;
use sohoa_core::FieldValue;

fn fv(field: &str, value: &str) -> FieldValue {
    FieldValue { field: field.into(), value: value.into(), illegible: false }
}

fn ctx() -> ValidationContext {
    ValidationContext::for_book(1985, Some(1986), "01/1985")
}

/// A complete, consistent birth entry of 1985.
fn birth() -> Vec<FieldValue> {
    vec![
        fv("so", "12"),
        fv("quyenSo", "01/1985"),
        fv("trangSo", "4"),
        fv("ngayDangKy", "14/03/1985"),
        fv("loaiDangKy", "1"),
        fv("nksHoTen", "Lã Thị Hạnh"),
        fv("nksGioiTinh", "2"),
        fv("nksNgaySinh", "02/03/1985"),
        fv("nksDanToc", "Kinh"),
        fv("nksQuocTich", "Việt Nam"),
        fv("meHoTen", "Khúc Thị Nguyệt"),
        fv("meNgaySinh", "1960"),
        fv("chaHoTen", "Lã Văn Khuê"),
        fv("chaNgaySinh", "1958"),
    ]
}

fn with(mut fields: Vec<FieldValue>, field: &str, value: &str) -> Vec<FieldValue> {
    fields.retain(|f| f.field != field);
    fields.push(fv(field, value));
    fields
}

fn codes(ws: &[Warning]) -> Vec<&str> {
    ws.iter().map(|w| w.code.as_str()).collect()
}

fn find<'a>(ws: &'a [Warning], code: &str) -> &'a Warning {
    ws.iter().find(|w| w.code == code).unwrap_or_else(|| panic!("no {code} in {:#?}", ws))
}

#[test]
fn a_complete_consistent_birth_entry_has_no_warnings() {
    let ws = validate_entry(BookType::Ks, &birth(), &ctx());
    assert!(ws.is_empty(), "{ws:#?}");
}

#[test]
fn required_fields_left_empty_are_warnings_not_refusals() {
    let fields: Vec<FieldValue> = birth().into_iter().filter(|f| f.field != "nksNgaySinh" && f.field != "so").collect();
    let ws = validate_entry(BookType::Ks, &fields, &ctx());
    let missing: Vec<&str> = ws.iter().filter(|w| w.code == "required.missing").map(|w| w.field.as_str()).collect();
    assert_eq!(missing, ["so", "nksNgaySinh"]);
    assert!(ws.iter().all(|w| w.severity == Severity::Warning));
    assert!(find(&ws, "required.missing").message_vi.starts_with("Chưa nhập"));
}

#[test]
fn an_id_number_whose_sex_digit_contradicts_the_entry_is_an_error() {
    // 0 = male born 1900–1999, but the mother is a woman.
    let fields = with(with(birth(), "meSoGiayToTuyThan", "026060012345"), "meLoaiGiayToTuyThan", "4");
    let ws = validate_entry(BookType::Ks, &fields, &ctx());
    let w = find(&ws, "id.sex_mismatch");
    assert_eq!(w.field, "meSoGiayToTuyThan");
    assert_eq!(w.severity, Severity::Error);
    assert!(!w.message_vi.contains("026060012345"), "messages never hold the number");
}

#[test]
fn an_id_number_whose_year_digits_contradict_the_birth_year_is_an_error() {
    // 1 = female born 1900–1999, year 62 — but the mother was born in 1960.
    let fields = with(birth(), "meSoGiayToTuyThan", "026162012345");
    let ws = validate_entry(BookType::Ks, &fields, &ctx());
    let w = find(&ws, "id.birth_year_mismatch");
    assert_eq!(w.severity, Severity::Error);
    assert_eq!(w.related_fields, ["meNgaySinh"]);
    assert!(!codes(&ws).contains(&"id.sex_mismatch"));
}

#[test]
fn a_consistent_id_number_and_a_nine_digit_cmnd_pass() {
    let fields = with(with(birth(), "meSoGiayToTuyThan", "026160012345"), "chaSoGiayToTuyThan", "131234567");
    let ws = validate_entry(BookType::Ks, &fields, &ctx());
    // Only the note that 12-digit numbers postdate a 1985 register.
    assert_eq!(codes(&ws), ["id.newer_than_entry"]);
}

#[test]
fn a_cccd_with_the_wrong_number_of_digits_is_an_error() {
    let fields = with(with(birth(), "chaLoaiGiayToTuyThan", "4"), "chaSoGiayToTuyThan", "13123456");
    let ws = validate_entry(BookType::Ks, &fields, &ctx());
    assert_eq!(find(&ws, "id.wrong_length").severity, Severity::Error);
}

#[test]
fn death_before_birth_is_an_error_on_the_death_date() {
    let fields = vec![
        fv("so", "3"),
        fv("ngayDangKy", "10/05/1990"),
        fv("nktHoTen", "Hà Văn Tư"),
        fv("nktNgaySinh", "1930"),
        fv("nktNgayChet", "02/05/1929"),
    ];
    let ws = validate_entry(BookType::Kt, &fields, &ValidationContext::for_book(1990, None, "01/1990"));
    let w = find(&ws, "date.death_before_birth");
    assert_eq!(w.field, "nktNgayChet");
    assert_eq!(w.related_fields, ["nktNgaySinh"]);
    assert_eq!(w.severity, Severity::Error);
}

#[test]
fn death_registered_before_it_happened_is_an_error() {
    let fields = vec![fv("so", "3"), fv("ngayDangKy", "10/05/1990"), fv("nktHoTen", "Hà Văn Tư"), fv("nktNgayChet", "11/05/1990")];
    let ws = validate_entry(BookType::Kt, &fields, &ValidationContext::for_book(1990, None, "01/1990"));
    assert_eq!(find(&ws, "date.death_after_registration").severity, Severity::Error);
}

#[test]
fn a_child_born_after_its_registration_is_an_error() {
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksNgaySinh", "20/03/1985"), &ctx());
    let w = find(&ws, "date.born_after_registration");
    assert_eq!(w.field, "nksNgaySinh");
}

#[test]
fn partial_dates_are_only_compared_as_far_as_they_are_written() {
    // Born "3/1985", registered 14/03/1985: cannot tell, so nothing is said.
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksNgaySinh", "3/1985"), &ctx());
    assert!(ws.is_empty(), "{ws:#?}");
}

#[test]
fn a_parent_younger_than_the_child_is_an_error_and_a_very_young_one_a_warning() {
    let ws = validate_entry(BookType::Ks, &with(birth(), "meNgaySinh", "1990"), &ctx());
    assert_eq!(find(&ws, "date.parent_not_older_than_child").field, "meNgaySinh");
    let ws = validate_entry(BookType::Ks, &with(birth(), "chaNgaySinh", "1975"), &ctx());
    assert_eq!(find(&ws, "date.parent_too_young").severity, Severity::Warning);
}

#[test]
fn a_lunar_date_is_flagged_with_its_solar_equivalent_and_an_approximate_one_as_approximate() {
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksNgaySinh", "15/8/1984 âm lịch"), &ctx());
    let w = find(&ws, "date.lunar");
    assert_eq!(w.severity, Severity::Info);
    assert!(w.message_vi.contains("Dương lịch: 10/09/1984"), "{}", w.message_vi);
    let ws = validate_entry(BookType::Ks, &with(birth(), "chaNgaySinh", "khoảng 1955"), &ctx());
    assert_eq!(find(&ws, "date.approximate").field, "chaNgaySinh");
}

#[test]
fn a_registration_outside_the_books_years_is_pointed_out() {
    let ws = validate_entry(BookType::Ks, &with(with(birth(), "ngayDangKy", "14/03/1991"), "nksNgaySinh", "02/03/1991"), &ctx());
    assert!(codes(&ws).contains(&"date.registration_outside_book"), "{ws:#?}");
    // One year of tolerance either side.
    let ws = validate_entry(BookType::Ks, &with(birth(), "ngayDangKy", "14/03/1987"), &ctx());
    assert!(!codes(&ws).contains(&"date.registration_outside_book"));
}

// Issue 10 changed the specification: a two-digit year is resolved against the book's years
// (`date.two_digit_year`, was `date.unreadable` "4 chữ số"), and every historic form gets the
// historic-date reader's own code; the former assertion is replaced by these.
#[test]
fn unreadable_and_impossible_dates_say_why() {
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksNgaySinh", "2/3/85"), &ctx());
    let w = find(&ws, "date.two_digit_year");
    assert!(w.message_vi.contains("1985"), "{}", w.message_vi);
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksNgaySinh", "không rõ"), &ctx());
    assert_eq!(find(&ws, "date.unreadable").severity, Severity::Warning);
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksNgaySinh", "30/02/1985"), &ctx());
    assert_eq!(find(&ws, "date.impossible").severity, Severity::Error);
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksNgaySinh", "07/16/1985"), &ctx());
    assert!(find(&ws, "date.impossible").message_vi.contains("Có thể là"), "{ws:#?}");
    let ws = validate_entry(BookType::Ks, &with(birth(), "meNgaySinh", "2999"), &ctx());
    assert!(codes(&ws).contains(&"date.future"));
}

#[test]
fn codes_outside_the_template_lists_are_warnings_and_labels_are_hints() {
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksGioiTinh", "5"), &ctx());
    let w = find(&ws, "enum.invalid");
    assert!(w.message_vi.contains("1 = Nam"), "{}", w.message_vi);
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksGioiTinh", "Nữ"), &ctx());
    assert_eq!(find(&ws, "enum.label_not_code").severity, Severity::Info);
    let ws = validate_entry(BookType::Ks, &with(birth(), "loaiDangKy", "7"), &ctx());
    assert!(codes(&ws).contains(&"enum.invalid"));
}

#[test]
fn fields_marked_illegible_are_listed_as_information() {
    let mut fields = birth();
    fields.push(FieldValue { field: "nksQueQuan".into(), value: String::new(), illegible: true });
    let ws = validate_entry(BookType::Ks, &fields, &ctx());
    let w = find(&ws, "field.illegible");
    assert_eq!((w.field.as_str(), w.severity), ("nksQueQuan", Severity::Info));
}

#[test]
fn an_illegible_required_field_is_not_also_missing() {
    let mut fields: Vec<FieldValue> = birth().into_iter().filter(|f| f.field != "nksNgaySinh").collect();
    fields.push(FieldValue { field: "nksNgaySinh".into(), value: String::new(), illegible: true });
    let ws = validate_entry(BookType::Ks, &fields, &ctx());
    assert_eq!(codes(&ws), ["field.illegible"]);
}

#[test]
fn a_male_with_the_middle_name_thi_gets_a_hint() {
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksGioiTinh", "1"), &ctx());
    let w = find(&ws, "name.sex_hint");
    assert_eq!(w.related_fields, ["nksGioiTinh"]);
    assert_eq!(w.severity, Severity::Info);
}

#[test]
fn an_underage_marriage_is_a_warning() {
    let fields = vec![
        fv("so", "7"),
        fv("ngayDangKy", "01/06/1980"),
        fv("chongHoTen", "Lê Văn Lợi"),
        fv("chongNgaySinh", "1962"),
        fv("voHoTen", "Đỗ Thị Mai"),
        fv("voNgaySinh", "1961"),
    ];
    let ws = validate_entry(BookType::Kh, &fields, &ValidationContext::for_book(1980, None, "01/1980"));
    assert_eq!(find(&ws, "date.underage_marriage").field, "chongNgaySinh");
    assert!(!ws.iter().any(|w| w.field == "voNgaySinh"));
}

#[test]
fn entry_numbers_and_pages_must_look_like_numbers() {
    let ws = validate_entry(BookType::Ks, &with(with(birth(), "so", "mười hai"), "trangSo", "4a"), &ctx());
    assert!(codes(&ws).contains(&"so.format"));
    assert!(codes(&ws).contains(&"number.invalid"));
    let ws = validate_entry(BookType::Ks, &with(birth(), "so", "12/1986"), &ctx());
    assert!(codes(&ws).contains(&"so.year_mismatch"));
}

#[test]
fn warnings_serialise_for_the_ui_in_camel_case() {
    let ws = validate_entry(BookType::Ks, &with(birth(), "nksNgaySinh", "20/03/1985"), &ctx());
    let json = serde_json::to_value(&ws[0]).unwrap();
    assert_eq!(json["field"], "nksNgaySinh");
    assert_eq!(json["severity"], "error");
    assert!(json["messageVi"].is_string());
    assert_eq!(json["relatedFields"][0], "ngayDangKy");
}
