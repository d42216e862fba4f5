//! Header → field mapping. Headers are compared by a key that ignores case, diacritics, spacing
//! and punctuation (`Họ và tên`, `HO_VA_TEN`, `ho va ten` are the same). A header matches, in
//! order: the source reference (`ma_ban_ghi`), a template column name (`nksHoTen`: a book
//! exported by the app imports back), an alias of a formats.md §2 column (`ho_ten` → the
//! subject's name in this book type), or a field label of the column map.
use crate::model::book_type::BookType;
use crate::model::column_map::{column_map, BookTypeSpec};
use crate::validation::persons::subject_prefix;
use serde::Serialize;
use sohoa_refdata::fold_compact;

/// The mapping target holding the spreadsheet's own reference of a row (formats.md §2 `ma_ban_ghi`).
pub const SOURCE_REF: &str = "maBanGhi";

/// formats.md §2 columns (and a few more old spreadsheets use), with the header keys that name
/// them. `{S}` in a target stands for the subject person of the book type (`nks` in KS, `nkt` in
/// KT, …).
const ALIASES: &[(&str, &str, &[&str])] = &[
    ("ma_ban_ghi", SOURCE_REF, &["mabanghi", "mabg", "ma", "mahoso", "mahs", "mabanghigoc", "id", "recordid", "ref"]),
    ("so", "so", &["so", "sodangky", "sodk", "sokhaisinh", "sokhaitu", "sokethon", "sothutudangky"]),
    ("quyen_so", "quyenSo", &["quyenso", "quyen", "soquyen"]),
    ("trang_so", "trangSo", &["trangso", "trang", "to", "toso"]),
    (
        "ngay_dang_ky",
        "ngayDangKy",
        &["ngaydangky", "ngaydk", "ngaydangki", "ngaythangnamdangky", "ngaydangkykhaisinh", "ngaydangkykhaitu", "ngaydangkykethon"],
    ),
    ("loai_dang_ky", "loaiDangKy", &["loaidangky", "loaidk"]),
    ("noi_dang_ky", "noiDangKy", &["noidangky", "noidk", "coquandangky", "noidangkykhaisinh"]),
    ("noi_cap", "noiCap", &["noicap", "noidangky", "coquancap"]),
    ("nguoi_ky", "nguoiKy", &["nguoiky", "nguoikyten", "hotennguoiky"]),
    ("chuc_vu_nguoi_ky", "chucVuNguoiKy", &["chucvunguoiky", "chucvu"]),
    ("nguoi_thuc_hien", "nguoiThucHien", &["nguoithuchien", "canbothuchien", "canbohotich", "nguoinhap"]),
    ("ghi_chu", "ghiChu", &["ghichu", "chuthich", "ghichukhac"]),
    (
        "ho_ten",
        "{S}HoTen",
        &[
            "hoten",
            "hovaten",
            "hochudemvaten",
            "hotennguoiduockhaisinh",
            "hotenkhaisinh",
            "hotennguoichet",
            "hotennguoimat",
            "hotennguoiduocxacnhan",
            "hotencon",
            "hotenconnuoi",
        ],
    ),
    ("ngay_sinh", "{S}NgaySinh", &["ngaysinh", "ngaythangnamsinh", "namsinh", "ngaythangsinh", "sinhngay"]),
    ("gioi_tinh", "{S}GioiTinh", &["gioitinh", "gt", "phai", "namnu"]),
    ("dan_toc", "{S}DanToc", &["dantoc"]),
    ("quoc_tich", "{S}QuocTich", &["quoctich"]),
    ("noi_sinh", "{S}NoiSinh", &["noisinh"]),
    ("que_quan", "{S}QueQuan", &["quequan", "nguyenquan"]),
    ("noi_cu_tru", "{S}NoiCuTru", &["noicutru", "noithuongtru", "thuongtru", "diachi", "noio"]),
    ("so_giay_to", "{S}SoGiayToTuyThan", &["sogiayto", "sogiaytotuythan", "sodinhdanh", "soddcn", "socccd", "cccd", "socmnd", "cmnd"]),
    ("ho_ten_cha", "chaHoTen", &["hotencha", "tencha", "cha", "hovatencha", "hotenbo"]),
    ("ngay_sinh_cha", "chaNgaySinh", &["ngaysinhcha", "namsinhcha"]),
    ("dan_toc_cha", "chaDanToc", &["dantoccha"]),
    ("quoc_tich_cha", "chaQuocTich", &["quoctichcha"]),
    ("noi_cu_tru_cha", "chaNoiCuTru", &["noicutrucha", "noithuongtrucha", "diachicha"]),
    ("ho_ten_me", "meHoTen", &["hotenme", "tenme", "me", "hovatenme"]),
    ("ngay_sinh_me", "meNgaySinh", &["ngaysinhme", "namsinhme"]),
    ("dan_toc_me", "meDanToc", &["dantocme"]),
    ("quoc_tich_me", "meQuocTich", &["quoctichme"]),
    ("noi_cu_tru_me", "meNoiCuTru", &["noicutrume", "noithuongtrume", "diachime"]),
    ("ngay_chet", "nktNgayChet", &["ngaychet", "ngaymat", "ngaytu", "ngaythangnamchet"]),
    ("noi_chet", "nktNoiChet", &["noichet", "noimat"]),
    ("nguyen_nhan_chet", "nktNguyenNhanChet", &["nguyennhanchet", "nguyennhan"]),
    ("ho_ten_chong", "chongHoTen", &["hotenchong", "tenchong", "chong"]),
    ("ngay_sinh_chong", "chongNgaySinh", &["ngaysinhchong", "namsinhchong"]),
    ("ho_ten_vo", "voHoTen", &["hotenvo", "tenvo", "vo"]),
    ("ngay_sinh_vo", "voNgaySinh", &["ngaysinhvo", "namsinhvo"]),
    ("ho_ten_nguoi_yeu_cau", "nycHoTen", &["hotennguoiyeucau", "nguoiyeucau", "nguoidikhai", "hotennguoidikhai"]),
];

/// How a column was matched.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// The formats.md §2 reference column or one of its aliases.
    Reference,
    /// A template column name (camelCase).
    Template,
    /// An alias of a formats.md §2 column.
    Alias,
    /// A label of the column map.
    Label,
    /// Chosen by the clerk.
    User,
    None,
}

/// The key headers are compared by.
pub fn header_key(h: &str) -> String {
    fold_compact(h)
}

/// The template field an alias target names in a book type, if the type has it.
fn resolve(spec: &BookTypeSpec, book_type: BookType, target: &str) -> Option<String> {
    if target == SOURCE_REF {
        return Some(SOURCE_REF.to_string());
    }
    let field = match target.strip_prefix("{S}") {
        Some(rest) => format!("{}{rest}", subject_prefix(book_type)?),
        None => target.to_string(),
    };
    spec.field(&field).map(|_| field)
}

/// The proposed target of one header, and how it was found.
pub fn match_header(book_type: BookType, header: &str) -> (Option<String>, MatchedBy) {
    let spec = book_type.spec();
    let k = header_key(header);
    if k.is_empty() {
        return (None, MatchedBy::None);
    }
    if let Some((_, _, keys)) = ALIASES.first() {
        if keys.contains(&k.as_str()) {
            return (Some(SOURCE_REF.to_string()), MatchedBy::Reference);
        }
    }
    if let Some(f) = spec.fields.iter().find(|f| f.name.to_lowercase() == k) {
        return (Some(f.name.clone()), MatchedBy::Template);
    }
    for (_, target, keys) in &ALIASES[1..] {
        if keys.contains(&k.as_str()) {
            if let Some(f) = resolve(spec, book_type, target) {
                return (Some(f), MatchedBy::Alias);
            }
        }
    }
    // Labels: "Mẹ — Ngày, tháng, năm sinh" style (group + label), then a label unique in the type.
    let groups = &column_map().groups;
    for f in &spec.fields {
        if let Some(g) = groups.get(&f.group) {
            if header_key(&format!("{} {g}", f.label)) == k || header_key(&format!("{g} {}", f.label)) == k {
                return (Some(f.name.clone()), MatchedBy::Label);
            }
        }
    }
    let same_label: Vec<&str> = spec.fields.iter().filter(|f| header_key(&f.label) == k).map(|f| f.name.as_str()).collect();
    match same_label.as_slice() {
        [only] => (Some(only.to_string()), MatchedBy::Label),
        [] => (None, MatchedBy::None),
        several => {
            // The subject's field when the label is shared ("Dân tộc" → nksDanToc).
            let subject = subject_prefix(book_type).unwrap_or("");
            let pick = several.iter().find(|f| !subject.is_empty() && f.starts_with(subject)).or(several.first());
            (pick.map(|f| f.to_string()), MatchedBy::Label)
        }
    }
}

/// The fields an import requires: the reference column, and the column map's required fields of
/// the people in the entry (register header fields such as `so` and `ngayDangKy` may be absent
/// from old spreadsheets).
pub fn required_targets(book_type: BookType) -> Vec<String> {
    let mut out = vec![SOURCE_REF.to_string()];
    {
        let spec = book_type.spec();
        out.extend(spec.fields.iter().filter(|f| f.required && f.group != "dangKy").map(|f| f.name.clone()));
    }
    out
}

/// The label shown for a target.
pub fn target_label(book_type: BookType, target: &str) -> String {
    if target == SOURCE_REF {
        "Mã bản ghi (ma_ban_ghi)".to_string()
    } else {
        crate::validation::field_label(book_type, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_section_2_headers_map_to_the_subject_of_the_book() {
        let m = |t: &str, h: &str| match_header(t.parse().unwrap(), h).0;
        assert_eq!(m("KS", "ma_ban_ghi").as_deref(), Some(SOURCE_REF));
        assert_eq!(m("KS", "Mã bản ghi").as_deref(), Some(SOURCE_REF));
        assert_eq!(m("KS", "ho_ten").as_deref(), Some("nksHoTen"));
        assert_eq!(m("KS", "Họ và tên").as_deref(), Some("nksHoTen"));
        assert_eq!(m("KT", "HO TEN").as_deref(), Some("nktHoTen"));
        assert_eq!(m("KS", "ngay_sinh").as_deref(), Some("nksNgaySinh"));
        assert_eq!(m("KS", "Giới tính").as_deref(), Some("nksGioiTinh"));
        assert_eq!(m("KS", "ho_ten_me").as_deref(), Some("meHoTen"));
        assert_eq!(m("KS", "quyen_so").as_deref(), Some("quyenSo"));
        assert_eq!(m("KS", "so").as_deref(), Some("so"));
        assert_eq!(m("KS", "Ghi chú").as_deref(), Some("ghiChu"));
        assert_eq!(m("KS", "cột lạ"), None);
    }

    #[test]
    fn template_headers_import_back() {
        let ks = column_map().book_type(BookType::Ks);
        for f in &ks.fields {
            assert_eq!(match_header(BookType::Ks, &f.name).0.as_deref(), Some(f.name.as_str()), "{}", f.name);
        }
        assert_eq!(match_header(BookType::Hn, "noi_dang_ky").0.as_deref(), Some("noiCap"));
    }

    #[test]
    fn the_import_requires_the_reference_and_the_subject() {
        assert_eq!(required_targets(BookType::Ks), [SOURCE_REF, "nksHoTen", "nksGioiTinh", "nksNgaySinh"]);
        assert_eq!(required_targets(BookType::Kt), [SOURCE_REF, "nktHoTen", "nktNgayChet"]);
    }
}
