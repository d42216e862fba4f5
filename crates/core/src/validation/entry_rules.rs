//! Checks of one entry on its own: required fields, value shapes per field kind (dates, codes,
//! ID numbers, page numbers, times), and plausibility across fields (birth ≤ registration, death
//! after birth, parents older than the child, ID digits consistent with sex and birth year).
use super::persons::{parent_child_pairs, persons, Person};
use super::{field_label, Severity, ValidationContext, Warning};
use crate::model::book_type::BookType;
use crate::model::column_map::{BookTypeSpec, FieldKind, FieldSpec};
use crate::FieldValue;
use sohoa_vietnamese::idnum::{self, IdExpectations, IdFinding, Sex};
use sohoa_vietnamese::{DateError, PartialDate};
use std::collections::HashMap;

/// Checks one entry of a book of type `book_type`. Pure and fast (no database access); the
/// warnings come in template order of their field, most serious first within a field.
pub fn validate_entry(book_type: BookType, fields: &[FieldValue], ctx: &ValidationContext) -> Vec<Warning> {
    let spec = book_type.spec();
    let v = View::new(book_type, spec, fields);
    let mut out = Vec::new();
    for fv in fields {
        let Some(fs) = spec.field(&fv.field) else {
            out.push(Warning::new(
                &fv.field,
                "field.unknown",
                Severity::Warning,
                format!("Trường “{}” không có trong mẫu sổ {book_type}.", fv.field),
            ));
            continue;
        };
        if fv.illegible {
            out.push(Warning::new(
                &fv.field,
                "field.illegible",
                Severity::Info,
                format!("“{}” được đánh dấu không đọc được.", v.label(&fv.field)),
            ));
        }
        let value = fv.value.trim();
        if value.is_empty() {
            continue;
        }
        check_value(&v, fs, value, ctx, &mut out);
    }
    for fs in spec.fields.iter().filter(|f| f.required) {
        if v.raw(&fs.name).is_none() && !v.illegible(&fs.name) {
            out.push(Warning::new(&fs.name, "required.missing", Severity::Warning, format!("Chưa nhập “{}”.", v.label(&fs.name))));
        }
    }
    registration_checks(&v, ctx, &mut out);
    for p in persons(book_type) {
        person_checks(&v, p, &mut out);
    }
    for (parent, child) in parent_child_pairs(book_type) {
        parent_child_checks(&v, parent, child, &mut out);
    }
    match book_type {
        BookType::Kt => death_checks(&v, &mut out),
        BookType::Kh => marriage_checks(&v, &mut out),
        BookType::Hn => order_check(
            &v,
            "nxnThoiGianCuTruTu",
            "nxnThoiGianCuTruDen",
            "date.residence_period_reversed",
            "Thời gian cư trú: ngày bắt đầu sau ngày kết thúc.",
            &mut out,
        ),
        BookType::Gh => order_check(
            &v,
            "ngayDangKy",
            "chamDutNgay",
            "date.guardianship_ended_before_registration",
            "Ngày chấm dứt giám hộ trước ngày đăng ký giám hộ.",
            &mut out,
        ),
        BookType::Ncn => {
            for f in ["quyetDinhNgay", "ngayGiaoNhan"] {
                order_check(&v, "conNuoiNgaySinh", f, "date.before_child_birth", "Ngày này trước ngày sinh của con nuôi.", &mut out);
            }
        }
        _ => {}
    }
    let pos = |f: &str| spec.fields.iter().position(|s| s.name == f).unwrap_or(usize::MAX);
    out.sort_by(|a, b| pos(&a.field).cmp(&pos(&b.field)).then(b.severity.cmp(&a.severity)));
    out
}

/// The entry's fields by name, with parsed dates.
struct View<'a> {
    book_type: BookType,
    spec: &'a BookTypeSpec,
    by_name: HashMap<&'a str, &'a FieldValue>,
    /// Every date field parsed once.
    dates: HashMap<&'a str, Result<PartialDate, DateError>>,
}

impl<'a> View<'a> {
    fn new(book_type: BookType, spec: &'a BookTypeSpec, fields: &'a [FieldValue]) -> View<'a> {
        let dates = fields
            .iter()
            .filter(|f| spec.field(&f.field).is_some_and(|s| s.kind == FieldKind::Date) && !f.value.trim().is_empty())
            .map(|f| (f.field.as_str(), super::parse_date(&f.value)))
            .collect();
        View { book_type, spec, by_name: fields.iter().map(|f| (f.field.as_str(), f)).collect(), dates }
    }
    fn raw(&self, f: &str) -> Option<&'a str> {
        self.by_name.get(f).map(|v| v.value.trim()).filter(|v| !v.is_empty())
    }
    fn illegible(&self, f: &str) -> bool {
        self.by_name.get(f).is_some_and(|v| v.illegible)
    }
    fn has_field(&self, f: &str) -> bool {
        self.spec.field(f).is_some()
    }
    fn date(&self, f: &str) -> Option<&PartialDate> {
        self.dates.get(f).and_then(|d| d.as_ref().ok())
    }
    fn label(&self, f: &str) -> String {
        field_label(self.book_type, f)
    }
    fn code(&self, f: &str) -> Option<String> {
        let raw = self.raw(f)?;
        match sohoa_refdata::enumeration_for_field(f, self.book_type.as_str()) {
            Some(e) => e.code_of(raw).map(str::to_string),
            None => Some(raw.to_string()),
        }
    }
    fn sex(&self, p: &Person) -> Option<Sex> {
        match self.code(&p.gioi_tinh).as_deref() {
            Some("1") => Some(Sex::Male),
            Some("2") => Some(Sex::Female),
            _ => p.implied_sex,
        }
    }
}

thread_local! {
    static ETHNIC: std::cell::RefCell<HashMap<String, bool>> = std::cell::RefCell::new(HashMap::new());
    static NATIONALITY: std::cell::RefCell<HashMap<String, bool>> = std::cell::RefCell::new(HashMap::new());
}

/// A reference-list lookup remembered per thread (the same few values recur in every entry).
fn known(
    cache: &'static std::thread::LocalKey<std::cell::RefCell<HashMap<String, bool>>>,
    value: &str,
    lookup: impl Fn(&str) -> bool,
) -> bool {
    cache.with(|c| {
        if let Some(&k) = c.borrow().get(value) {
            return k;
        }
        let k = lookup(value);
        let mut c = c.borrow_mut();
        if c.len() > 10_000 {
            c.clear();
        }
        c.insert(value.to_string(), k);
        k
    })
}

fn check_value(v: &View, fs: &FieldSpec, value: &str, ctx: &ValidationContext, out: &mut Vec<Warning>) {
    let f = fs.name.as_str();
    match fs.kind {
        FieldKind::Date => check_date(v, f, value, ctx, out),
        FieldKind::Enum => check_enum(v, f, value, out),
        FieldKind::Ethnicity => {
            if !known(&ETHNIC, value, |v| sohoa_refdata::ethnic_group_by_name(v).is_some()) {
                out.push(Warning::new(
                    f,
                    "ethnicity.unknown",
                    Severity::Info,
                    format!("Dân tộc “{value}” không có trong danh mục 54 dân tộc (giữ nguyên như trong sổ)."),
                ));
            }
        }
        FieldKind::Nationality => {
            if !known(&NATIONALITY, value, |v| sohoa_refdata::nationality_by_name(v).is_some()) {
                out.push(Warning::new(
                    f,
                    "nationality.unknown",
                    Severity::Info,
                    format!("Quốc tịch “{value}” không có trong danh mục (giữ nguyên như trong sổ)."),
                ));
            }
        }
        FieldKind::Number => {
            if !value.chars().all(|c| c.is_ascii_digit()) {
                out.push(Warning::new(f, "number.invalid", Severity::Warning, format!("“{}” phải là một số.", v.label(f))));
            } else if value.trim_start_matches('0').is_empty() {
                out.push(Warning::new(f, "number.zero", Severity::Warning, format!("“{}” không thể là 0.", v.label(f))));
            }
        }
        FieldKind::Time => {
            if !is_time(value) {
                out.push(Warning::new(
                    f,
                    "time.unreadable",
                    Severity::Warning,
                    format!("Không đọc được giờ “{value}” (ví dụ: 14:30 hoặc 14 giờ 30 phút)."),
                ));
            }
        }
        FieldKind::Name => {
            if value.chars().any(|c| c.is_ascii_digit()) {
                out.push(Warning::new(f, "name.digits", Severity::Warning, format!("Họ tên “{value}” có chữ số.")));
            }
        }
        FieldKind::Idnumber => {} // checked per person, with the document type
        FieldKind::Text | FieldKind::Place => {}
    }
    if f == "so" {
        check_so(v, value, out);
    }
    if f == "quyenSo" {
        if let Some(book) = ctx.book_quyen_so.as_deref() {
            if !super::sequence::same_quyen(book, value) {
                out.push(Warning::new(
                    f,
                    "quyen.differs_from_book",
                    Severity::Info,
                    format!("Quyển số “{value}” khác quyển số của sổ (“{book}”)."),
                ));
            }
        }
    }
    if value.contains('?') && !matches!(fs.kind, FieldKind::Date) {
        out.push(Warning::new(f, "field.uncertain", Severity::Info, format!("“{}” có dấu “?” (chữ chưa đọc rõ).", v.label(f))));
    }
}

fn check_date(v: &View, f: &str, value: &str, ctx: &ValidationContext, out: &mut Vec<Warning>) {
    let Some(parsed) = v.dates.get(f) else { return };
    match parsed {
        Ok(d) => {
            if ctx.today.is_before(d) == Some(true) || d.year > ctx.today.year {
                out.push(Warning::new(f, "date.future", Severity::Error, format!("“{}” ({value}) là ngày trong tương lai.", v.label(f))));
            } else if d.year < 1800 {
                out.push(Warning::new(f, "date.too_old", Severity::Warning, format!("“{}”: năm {} có vẻ quá xa.", v.label(f), d.year)));
            }
        }
        Err(DateError::Empty) => {}
        Err(_) => historic_date_warnings(v, f, value, ctx, out),
    }
}

/// A date the strict reader does not take, read as registers write them
/// (`sohoa_vietnamese::read_date`, issue 10): one warning per remark of the reading, with the
/// reading's stable code (`date.lunar`, `date.approximate`, `date.two_digit_year`,
/// `date.impossible`…), the solar equivalent of a lunar date and the plausible readings of an
/// impossible one in the message. The value stays as written.
fn historic_date_warnings(v: &View, f: &str, value: &str, ctx: &ValidationContext, out: &mut Vec<Warning>) {
    use sohoa_vietnamese::date::DateWarning as W;
    let book_years = ctx.book_year_from.map(|a| (a, ctx.book_year_to.unwrap_or(a)));
    let dctx = sohoa_vietnamese::DateContext {
        book_years: book_years.map(|(a, b)| (a.min(b), a.max(b))),
        not_after: v.date("ngayDangKy").map(|d| d.year),
    };
    let r = sohoa_vietnamese::read_date(value, &dctx);
    let label = v.label(f);
    for w in r.warnings.iter().filter(|w| !matches!(w, W::Words | W::Empty)) {
        let severity = match w {
            W::Impossible => Severity::Error,
            W::Unreadable | W::TwoDigitYearAmbiguous | W::CanChiUnresolved | W::CanChiMismatch | W::CalendarConflict => Severity::Warning,
            _ => Severity::Info,
        };
        let mut message = format!("“{label}” (“{value}”): {}", w.message_vi());
        match w {
            W::Lunar => {
                if let Some(solar) = &r.solar {
                    message.push_str(&format!(" Dương lịch: {}.", solar.to_template()));
                } else if let Some((a, b)) = &r.solar_range {
                    message.push_str(&format!(" Dương lịch: từ {} đến {}.", a.to_template(), b.to_template()));
                }
            }
            W::Impossible if !r.suggestions.is_empty() => {
                let s: Vec<String> = r.suggestions.iter().take(3).map(|s| s.describe_vi(r.calendar)).collect();
                message.push_str(&format!(" Có thể là: {}.", s.join("; ")));
            }
            W::TwoDigitYear => {
                if let Some(y) = r.raw.year {
                    message.push_str(&format!(" Hiểu là năm {y}."));
                }
            }
            _ => {}
        }
        out.push(Warning::new(f, w.code(), severity, message));
    }
}

fn check_enum(v: &View, f: &str, value: &str, out: &mut Vec<Warning>) {
    let Some(e) = sohoa_refdata::enumeration_for_field(f, v.book_type.as_str()) else { return };
    if e.label(value).is_some() {
        return;
    }
    match e.code_of(value) {
        Some(code) => out.push(Warning::new(
            f,
            "enum.label_not_code",
            Severity::Info,
            format!("“{}”: mẫu của Bộ lưu mã {code} cho “{value}”.", v.label(f)),
        )),
        None => {
            let allowed: Vec<String> =
                e.values.iter().map(|x| if x.code == x.label { x.code.clone() } else { format!("{} = {}", x.code, x.label) }).collect();
            out.push(Warning::new(
                f,
                "enum.invalid",
                Severity::Warning,
                format!("“{}”: giá trị “{value}” không có trong danh mục ({}).", v.label(f), allowed.join("; ")),
            ));
        }
    }
}

fn check_so(v: &View, value: &str, out: &mut Vec<Warning>) {
    match super::sequence::SoNumber::parse(value) {
        None => {
            out.push(Warning::new("so", "so.format", Severity::Warning, format!("Số “{value}” không đúng dạng (ví dụ: 12 hoặc 12/1995).")))
        }
        Some(n) => {
            if let (Some(y), Some(reg)) = (n.year, v.date("ngayDangKy")) {
                if y != reg.year {
                    out.push(
                        Warning::new(
                            "so",
                            "so.year_mismatch",
                            Severity::Warning,
                            format!("Số “{value}” ghi năm {y} nhưng ngày đăng ký năm {}.", reg.year),
                        )
                        .with_related(&["ngayDangKy"]),
                    );
                }
            }
        }
    }
}

fn registration_checks(v: &View, ctx: &ValidationContext, out: &mut Vec<Warning>) {
    let Some(reg) = v.date("ngayDangKy") else { return };
    if let Some(from) = ctx.book_year_from {
        let to = ctx.book_year_to.unwrap_or(from).max(from);
        if reg.year < from - ctx.year_tolerance || reg.year > to + ctx.year_tolerance {
            let years = if to == from { from.to_string() } else { format!("{from}–{to}") };
            out.push(Warning::new(
                "ngayDangKy",
                "date.registration_outside_book",
                Severity::Warning,
                format!("Ngày đăng ký năm {} nằm ngoài các năm của sổ ({years}).", reg.year),
            ));
        }
    }
}

/// Age in whole years on `at` of someone born on `birth`, as a range when the dates are partial.
pub(crate) fn age_range(birth: &PartialDate, at: &PartialDate) -> (i32, i32) {
    let d = at.year - birth.year;
    match (birth.month, at.month) {
        (Some(bm), Some(am)) if bm != am => {
            let a = if am < bm { d - 1 } else { d };
            (a, a)
        }
        (Some(_), Some(_)) => match (birth.day, at.day) {
            (Some(bd), Some(ad)) => {
                let a = if ad < bd { d - 1 } else { d };
                (a, a)
            }
            _ => (d - 1, d),
        },
        _ => (d - 1, d),
    }
}

fn person_checks(v: &View, p: &Person, out: &mut Vec<Warning>) {
    let birth_f = &p.ngay_sinh;
    let birth = v.date(birth_f);
    let reg = v.date("ngayDangKy");
    if let (Some(b), Some(r)) = (birth, reg) {
        if r.is_before(b) == Some(true) {
            out.push(
                Warning::new(
                    birth_f,
                    "date.born_after_registration",
                    Severity::Error,
                    format!("“{}” ({}) sau ngày đăng ký ({}).", v.label(birth_f), b.text, r.text),
                )
                .with_related(&["ngayDangKy"]),
            );
        }
    }
    let sex = v.sex(p);
    let name_f = &p.ho_ten;
    if let (Some(name), Some(sex)) = (v.raw(name_f), sex) {
        // Middle names: every word but the first (surname) and the last (given name).
        let words: Vec<&str> = name.split_whitespace().collect();
        let middle = if words.len() > 2 { &words[1..words.len() - 1] } else { &[][..] };
        let has = |w: &str| middle.iter().any(|m| m.to_lowercase() == w);
        let hint = match sex {
            Sex::Male if has("thị") => Some("tên đệm “Thị” thường là của nữ"),
            Sex::Female if has("văn") => Some("tên đệm “Văn” thường là của nam"),
            _ => None,
        };
        if let Some(hint) = hint {
            let sex_f = &p.gioi_tinh;
            let w = Warning::new(name_f, "name.sex_hint", Severity::Info, format!("Kiểm tra lại giới tính: {hint}."));
            out.push(if v.has_field(sex_f) { w.with_related(&[sex_f.as_str()]) } else { w });
        }
    }
    id_checks(v, p, sex, birth, reg, out);
}

fn id_checks(v: &View, p: &Person, sex: Option<Sex>, birth: Option<&PartialDate>, reg: Option<&PartialDate>, out: &mut Vec<Warning>) {
    let id_f = &p.so_giay_to;
    let issue_f = &p.ngay_cap;
    if let Some(issue) = v.date(issue_f) {
        if let Some(b) = birth {
            if issue.is_before(b) == Some(true) {
                out.push(
                    Warning::new(issue_f, "date.id_issued_before_birth", Severity::Error, "Ngày cấp giấy tờ trước ngày sinh.")
                        .with_related(&[p.ngay_sinh.as_str()]),
                );
            }
        }
        if let Some(r) = reg {
            if r.is_before(issue) == Some(true) {
                out.push(
                    Warning::new(issue_f, "date.id_issued_after_registration", Severity::Warning, "Ngày cấp giấy tờ sau ngày đăng ký.")
                        .with_related(&["ngayDangKy"]),
                );
            }
        }
    }
    let Some(id) = v.raw(id_f) else { return };
    let doc = v.code(&p.loai_giay_to);
    let kind = idnum::classify_id_number(id);
    let digits_only = id.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'));
    let findings: Vec<IdFinding> = match doc.as_deref() {
        // Thẻ CCCD: always 12 digits.
        Some("4") => idnum::check_personal_id(id, expectations(sex, birth)),
        // CMND: 9 digits (old) or 12 digits (2012–2016).
        Some("1") if kind == idnum::IdKind::PersonalId => idnum::check_personal_id(id, expectations(sex, birth)),
        Some("1") => idnum::check_cmnd(id),
        // Passport, residence card, army/police IDs, other papers: no digit rules known.
        Some(d) if d != "0" => vec![],
        _ => match kind {
            idnum::IdKind::PersonalId => idnum::check_personal_id(id, expectations(sex, birth)),
            idnum::IdKind::Cmnd => idnum::check_cmnd(id),
            idnum::IdKind::Unknown if digits_only => {
                out.push(Warning::new(
                    id_f,
                    "id.unusual_length",
                    Severity::Info,
                    "Số giấy tờ không phải 9 số (CMND) hay 12 số (định danh cá nhân).",
                ));
                vec![]
            }
            idnum::IdKind::Unknown => vec![],
        },
    };
    for f in findings {
        let severity = match f {
            IdFinding::Empty | IdFinding::NotDigits | IdFinding::WrongLength { .. } => Severity::Error,
            IdFinding::SexMismatch { .. } | IdFinding::BirthYearMismatch { .. } => Severity::Error,
            IdFinding::Separators => Severity::Info,
            _ => Severity::Warning,
        };
        let related: Vec<String> = match f {
            IdFinding::SexMismatch { .. } => vec![p.gioi_tinh.clone()].into_iter().filter(|x| v.has_field(x)).collect(),
            IdFinding::BirthYearMismatch { .. } => vec![p.ngay_sinh.clone()],
            _ => vec![],
        };
        let mut w = Warning::new(id_f, f.code(), severity, format!("{}: {}", v.label(id_f), f.message_vi()));
        w.related_fields = related;
        out.push(w);
    }
    if let (Some(r), idnum::IdKind::PersonalId) = (reg, kind) {
        // 12-digit numbers exist since 2012 (CMND 12 số), cards since 2016.
        if r.year < 2012 {
            out.push(
                Warning::new(
                    id_f,
                    "id.newer_than_entry",
                    Severity::Info,
                    format!("Số 12 chữ số (cấp từ năm 2012) trong bản ghi đăng ký năm {}: có thể là ghi chú bổ sung sau.", r.year),
                )
                .with_related(&["ngayDangKy"]),
            );
        }
    }
    // The province of the number is where the birth was registered; a birth place naming another
    // province is worth a look (not a rule: people move, places were renamed).
    if let (Some(decoded), Some(place)) = (idnum::decode_personal_id(id), v.raw(&p.noi_sinh)) {
        if let Some((code, name)) = province_in_text(place) {
            if code != decoded.province_code {
                out.push(
                    Warning::new(
                        id_f,
                        "id.province_differs_from_birthplace",
                        Severity::Info,
                        format!(
                            "Mã tỉnh trong số ({} {}) khác tỉnh nơi sinh ({name}).",
                            decoded.province_code,
                            decoded.province_name.unwrap_or("?")
                        ),
                    )
                    .with_related(&[p.noi_sinh.as_str()]),
                );
            }
        }
    }
}

fn expectations(sex: Option<Sex>, birth: Option<&PartialDate>) -> IdExpectations<'static> {
    IdExpectations { sex, birth_year: birth.map(|b| b.year), province_code: None }
}

/// The pre-2025 province named in a place written as text ("xã Yên Lạc, tỉnh Vĩnh Phúc").
fn province_in_text(place: &str) -> Option<(&'static str, &'static str)> {
    let text = format!(" {} ", sohoa_vietnamese::normalize::ascii_fold(place));
    idnum::LEGACY_PROVINCES.iter().copied().find(|(_, name)| {
        let n = sohoa_vietnamese::normalize::ascii_fold(name.trim_start_matches("TP "));
        text.contains(&format!(" {n} ")) || text.contains(&format!(" {n},"))
    })
}

fn parent_child_checks(v: &View, parent: &str, child: &str, out: &mut Vec<Warning>) {
    let pf = format!("{parent}NgaySinh");
    let cf = format!("{child}NgaySinh");
    let (Some(pb), Some(cb)) = (v.date(&pf), v.date(&cf)) else { return };
    let plabel = v.label(&format!("{parent}HoTen"));
    let who = plabel.split(" — ").next().unwrap_or(parent).to_string();
    if cb.is_before(pb) == Some(true) || (pb.is_compatible_with(cb) && pb.year == cb.year && cb.precision() == pb.precision()) {
        out.push(
            Warning::new(
                &pf,
                "date.parent_not_older_than_child",
                Severity::Error,
                format!("{who} sinh sau hoặc cùng ngày với con ({} / {}).", pb.text, cb.text),
            )
            .with_related(&[cf.as_str()]),
        );
        return;
    }
    let (min_age, max_age) = age_range(pb, cb);
    let adoptive = parent.ends_with("Nuoi");
    if adoptive {
        if max_age < 20 {
            out.push(
                Warning::new(&pf, "date.adoptive_parent_age_gap", Severity::Info, format!("{who} hơn con nuôi chưa đến 20 tuổi."))
                    .with_related(&[cf.as_str()]),
            );
        }
        return;
    }
    if max_age < 13 {
        out.push(
            Warning::new(&pf, "date.parent_too_young", Severity::Warning, format!("{who} mới khoảng {max_age} tuổi khi sinh con."))
                .with_related(&[cf.as_str()]),
        );
    }
    let limit = if parent == "me" { 55 } else { 80 };
    if min_age > limit {
        out.push(
            Warning::new(&pf, "date.parent_too_old", Severity::Warning, format!("{who} đã khoảng {min_age} tuổi khi sinh con."))
                .with_related(&[cf.as_str()]),
        );
    }
}

fn death_checks(v: &View, out: &mut Vec<Warning>) {
    let death = v.date("nktNgayChet");
    let birth = v.date("nktNgaySinh");
    let reg = v.date("ngayDangKy");
    if let (Some(d), Some(b)) = (death, birth) {
        if d.is_before(b) == Some(true) {
            out.push(
                Warning::new(
                    "nktNgayChet",
                    "date.death_before_birth",
                    Severity::Error,
                    format!("Ngày chết ({}) trước ngày sinh ({}).", d.text, b.text),
                )
                .with_related(&["nktNgaySinh"]),
            );
        } else {
            let (min_age, _) = age_range(b, d);
            if min_age > 120 {
                out.push(
                    Warning::new(
                        "nktNgayChet",
                        "date.age_at_death",
                        Severity::Warning,
                        format!("Người chết đã {min_age} tuổi: kiểm tra lại năm sinh/năm chết."),
                    )
                    .with_related(&["nktNgaySinh"]),
                );
            }
        }
    }
    if let (Some(d), Some(r)) = (death, reg) {
        if r.is_before(d) == Some(true) {
            out.push(
                Warning::new(
                    "nktNgayChet",
                    "date.death_after_registration",
                    Severity::Error,
                    format!("Ngày chết ({}) sau ngày đăng ký khai tử ({}).", d.text, r.text),
                )
                .with_related(&["ngayDangKy"]),
            );
        }
    }
    if let (Some(n), Some(d)) = (v.date("gbtNgay"), death) {
        if n.is_before(d) == Some(true) {
            out.push(
                Warning::new("gbtNgay", "date.death_notice_before_death", Severity::Warning, "Ngày cấp giấy báo tử trước ngày chết.")
                    .with_related(&["nktNgayChet"]),
            );
        }
    }
}

fn marriage_checks(v: &View, out: &mut Vec<Warning>) {
    let reg = v.date("ngayDangKy");
    let established = v.date("ngayXacLapQuanHeHonNhan");
    if let (Some(e), Some(r)) = (established, reg) {
        if r.is_before(e) == Some(true) {
            out.push(
                Warning::new(
                    "ngayXacLapQuanHeHonNhan",
                    "date.marriage_established_after_registration",
                    Severity::Warning,
                    "Ngày xác lập quan hệ hôn nhân sau ngày đăng ký.",
                )
                .with_related(&["ngayDangKy"]),
            );
        }
    }
    let Some(at) = established.or(reg) else { return };
    for (p, min, who) in [("chong", 20, "Chồng"), ("vo", 18, "Vợ")] {
        let bf = format!("{p}NgaySinh");
        if let Some(b) = v.date(&bf) {
            let (_, max_age) = age_range(b, at);
            if max_age < min && !at.is_before(b).unwrap_or(false) {
                out.push(
                    Warning::new(
                        &bf,
                        "date.underage_marriage",
                        Severity::Warning,
                        format!("{who} mới khoảng {max_age} tuổi khi kết hôn (tuổi tối thiểu {min})."),
                    )
                    .with_related(&["ngayDangKy"]),
                );
            }
        }
    }
}

/// Flags `later` when it is certainly before `earlier`.
fn order_check(v: &View, earlier: &str, later: &str, code: &str, msg: &str, out: &mut Vec<Warning>) {
    if let (Some(a), Some(b)) = (v.date(earlier), v.date(later)) {
        if b.is_before(a) == Some(true) {
            out.push(Warning::new(later, code, Severity::Warning, msg).with_related(&[earlier]));
        }
    }
}

/// `14:30`, `14h30`, `14 giờ 30 phút`, `14 giờ`, `14g30`.
fn is_time(s: &str) -> bool {
    let folded = sohoa_vietnamese::normalize::ascii_fold(s);
    let nums: Vec<u32> = folded.split(|c: char| !c.is_ascii_digit()).filter(|x| !x.is_empty()).filter_map(|x| x.parse().ok()).collect();
    let rest: String = folded.chars().filter(|c| !c.is_ascii_digit()).collect();
    let rest_ok = rest
        .split([' ', ':', '.'])
        .all(|w| w.is_empty() || matches!(w, "h" | "g" | "gio" | "phut" | "p" | "sang" | "chieu" | "toi" | "trua" | "dem"));
    rest_ok
        && match nums.as_slice() {
            [h] => *h < 24,
            [h, m] => *h < 24 && *m < 60,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn ages_are_ranges_when_dates_are_partial() {
        assert_eq!(age_range(&d("12/03/1960"), &d("11/03/1985")), (24, 24));
        assert_eq!(age_range(&d("12/03/1960"), &d("12/03/1985")), (25, 25));
        assert_eq!(age_range(&d("1960"), &d("12/03/1985")), (24, 25));
        assert_eq!(age_range(&d("03/1960"), &d("04/1985")), (25, 25));
    }

    #[test]
    fn times_as_written_in_death_registers() {
        for ok in ["14:30", "14h30", "14 giờ 30 phút", "14 giờ", "7 giờ sáng", "23g05"] {
            assert!(is_time(ok), "{ok}");
        }
        for bad in ["25:00", "abc", "14:75", "1:2:3"] {
            assert!(!is_time(bad), "{bad}");
        }
    }

    #[test]
    fn provinces_are_found_in_written_places() {
        assert_eq!(province_in_text("xã Yên Lạc, tỉnh Vĩnh Phúc").map(|p| p.0), Some("026"));
        assert_eq!(province_in_text("Hà Nội").map(|p| p.0), Some("001"));
        assert_eq!(province_in_text("Thôn Đông"), None);
    }
}
