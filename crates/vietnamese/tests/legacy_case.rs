//! Capitals in legacy files come back in the case they were written (issue 10 part 5). TCVN3 has
//! no code for a toned capital (À, Ý, Ỹ…): ABC files hold the lower-case code, and the decoder
//! infers the case from the word, the field, the column and the text. VNI-Windows and
//! Windows-1258 keep case in their bytes.
mod common;

use common::{config, phrase};
use proptest::prelude::*;
use sohoa_vietnamese::legacy::{convert_column, convert_field, convert_str, decode, decode_field, detect, encode, Encoding};
use sohoa_vietnamese::normalize::{nfc, toneless_key};

/// What a spreadsheet cell holds when legacy bytes were read as Windows-1252.
fn as_cell(bytes: &[u8]) -> String {
    decode(bytes, Encoding::Unknown)
}

const FIELDS: [&str; 8] =
    ["HÀ THỊ Ý", "NGUYỄN THỊ ÚT", "LƯƠNG THỊ MỸ HÒA", "Hà Thị Ý", "Nguyễn Thị Út", "Lương Thị Mỹ Hòa", "ĐẶNG VĂN ẤT", "Đặng Văn Ất"];

#[test]
fn tcvn3_files_hold_toned_capitals_as_small_letters() {
    // As ABC files do: `HÀ` is `H` + the code of `à`.
    assert_eq!(encode("HÀ THỊ Ý", Encoding::Tcvn3), encode("Hà THị ý", Encoding::Tcvn3));
    assert_eq!(as_cell(&encode("HÀ THỊ Ý", Encoding::Tcvn3)), "Hµ THÞ ý");
    assert_eq!(as_cell(&encode("NGUYỄN", Encoding::Tcvn3)), "NGUYÔN");
    // Ă Â Ê Ô Ơ Ư Đ have capital codes of their own.
    assert_ne!(encode("Ă", Encoding::Tcvn3), encode("ă", Encoding::Tcvn3));
}

#[test]
fn fields_in_capitals_or_title_case_come_back_in_their_case() {
    for field in FIELDS {
        let bytes = encode(field, Encoding::Tcvn3);
        assert_eq!(decode_field(&bytes, Encoding::Tcvn3), field);
        assert_eq!(decode(&bytes, Encoding::Tcvn3), field);
        assert_eq!(convert_field(&as_cell(&bytes), Encoding::Tcvn3), field);
        assert_eq!(convert_str(&as_cell(&bytes), Encoding::Tcvn3), field);
    }
}

#[test]
fn the_words_and_fields_that_decide() {
    let tcvn3 = |s: &str| decode_field(&encode(s, Encoding::Tcvn3), Encoding::Tcvn3);
    // A word whose other letters are capitals is in capitals.
    assert_eq!(tcvn3("ÚT"), "ÚT");
    assert_eq!(tcvn3("ÁNH"), "ÁNH");
    // A word whose other letters are small stays small; its initial follows the field.
    assert_eq!(tcvn3("Lê Út"), "Lê Út");
    assert_eq!(tcvn3("Út Lê"), "Út Lê");
    assert_eq!(tcvn3("đã cải chính ở UBND xã"), "đã cải chính ở UBND xã");
    // A single letter takes the case of its neighbours.
    assert_eq!(tcvn3("LÊ Ý"), "LÊ Ý");
    assert_eq!(tcvn3("Lê Ý"), "Lê Ý");
    // A word without letters of known case follows the field.
    assert_eq!(tcvn3("HÀ THỊ"), "HÀ THỊ");
    assert_eq!(tcvn3("MỸ HÒA"), "MỸ HÒA");
    // Nothing tells: read as written (small), as TCVN3 itself says; a column tells more (below).
    assert_eq!(tcvn3("Út"), "út");
    assert_eq!(tcvn3("ý"), "ý");
    assert_eq!(tcvn3("ở"), "ở");
}

#[test]
fn short_cells_follow_their_column() {
    // `MỸ` and `Mỹ`, `HÀ` and `Hà` are the same bytes: the column tells them apart.
    let caps = ["Ý", "ÚT", "MỸ", "HÀ", "LAN", "HOA"];
    let title = ["Ý", "Út", "Mỹ", "Hà", "Lan", "Hoa"];
    for column in [caps, title] {
        let cells: Vec<String> = column.iter().map(|c| as_cell(&encode(c, Encoding::Tcvn3))).collect();
        assert_eq!(convert_column(&cells, Encoding::Tcvn3), column);
    }
}

/// A birth list with columns in capitals, in Title Case and mixed, as old files hold them.
const MIXED_CSV: &str = "ho_ten;ten;noi_sinh;ghi_chu
HÀ THỊ Ý;Ý;Xã Yên Lạc;
NGUYỄN THỊ ÚT;ÚT;Bệnh viện huyện Định Hóa;đã cải chính ở UBND xã
LƯƠNG THỊ MỸ HÒA;HÒA;Thị trấn Đu;
Hà Thị Ý;MỸ;Ấp Mỹ Hòa, xã Ân Hảo;
Trần Văn Ất;ẤT;Xã Ứng Hòa;
Lê Út;ÚT;Ô Môn;
";

#[test]
fn a_tcvn3_file_that_mixes_cases_decodes_in_the_case_written() {
    let bytes = encode(MIXED_CSV, Encoding::Tcvn3);
    assert!(std::str::from_utf8(&bytes).is_err(), "really 8-bit bytes");
    assert_eq!(detect(&bytes).encoding, Encoding::Tcvn3);
    assert_eq!(decode(&bytes, Encoding::Tcvn3), MIXED_CSV);
    // The same file with its cells read as Windows-1252 (an old spreadsheet), converted column by column.
    let rows: Vec<Vec<String>> = MIXED_CSV.lines().map(|l| l.split(';').map(|c| as_cell(&encode(c, Encoding::Tcvn3))).collect()).collect();
    for col in 0..4 {
        let cells: Vec<&String> = rows.iter().map(|r| &r[col]).collect();
        let want: Vec<&str> = MIXED_CSV.lines().map(|l| l.split(';').nth(col).unwrap()).collect();
        assert_eq!(convert_column(&cells, Encoding::Tcvn3), want, "column {col}");
    }
}

#[test]
fn vni_keeps_capitals_in_its_bytes() {
    for field in FIELDS {
        let bytes = encode(field, Encoding::VniWindows);
        assert_eq!(decode(&bytes, Encoding::VniWindows), field);
        assert_eq!(convert_field(&as_cell(&bytes), Encoding::VniWindows), field);
    }
    assert_eq!(as_cell(&encode("HÀ THỊ Ý", Encoding::VniWindows)), "HAØ THÒ YÙ");
    // A capital base with a small mark byte (typed with Caps Lock in a VNI font) is a capital.
    assert_eq!(convert_field("HAø THÒ Yù", Encoding::VniWindows), "HÀ THỊ Ý");
    // Letters that are one byte: Ị Ỉ Ĩ Ỵ Ơ Ư Đ and their marks.
    assert_eq!(convert_field(&as_cell(&encode("ĐỊNH ƯỚC ỶI", Encoding::VniWindows)), Encoding::VniWindows), "ĐỊNH ƯỚC ỶI");
    assert_eq!(decode(&encode(MIXED_CSV, Encoding::VniWindows), Encoding::VniWindows), MIXED_CSV);
    assert_eq!(decode(&encode(MIXED_CSV, Encoding::Windows1258), Encoding::Windows1258), MIXED_CSV);
}

/// Upper-cases every letter, or the first of each word.
fn styled(s: &str, caps: bool) -> String {
    if caps {
        return s.to_uppercase();
    }
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether TCVN3 keeps a letter's case (all but the toned vowels).
fn case_kept(c: char) -> bool {
    let lower = c.to_lowercase().to_string();
    c.is_alphabetic() && toneless_key(&lower) == lower
}

/// A field shows its style when it has, in capitals, a non-initial letter whose case TCVN3 keeps,
/// and, in Title Case, an initial whose case TCVN3 keeps.
fn shows_style(field: &str, caps: bool) -> bool {
    field.split(' ').any(|w| if caps { w.chars().skip(1).any(case_kept) } else { w.chars().next().is_some_and(case_kept) })
}

/// A column beside columns in another style shows its own style fully: capitals or small letters
/// inside its words, and, in Title Case, capitals at their start.
fn column_shows_style(cells: &[&String], caps: bool) -> bool {
    let inner = cells.iter().any(|c| shows_style(c, true));
    inner && (caps || cells.iter().any(|c| shows_style(c, false)))
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn a_field_in_capitals_or_title_case_survives_tcvn3(p in phrase(), caps: bool) {
        let field = styled(&p.to_lowercase(), caps);
        prop_assume!(shows_style(&field, caps));
        let bytes = encode(&field, Encoding::Tcvn3);
        prop_assert_eq!(decode_field(&bytes, Encoding::Tcvn3), field.clone());
        prop_assert_eq!(convert_field(&as_cell(&bytes), Encoding::Tcvn3), field);
    }

    /// In a column, one cell that shows the style is enough for every cell.
    #[test]
    fn a_column_in_capitals_or_title_case_survives_tcvn3(cells in prop::collection::vec(phrase(), 1..8), caps: bool) {
        let cells: Vec<String> = cells.iter().map(|c| styled(&c.to_lowercase(), caps)).collect();
        prop_assume!(cells.iter().any(|c| shows_style(c, caps)));
        let carried: Vec<String> = cells.iter().map(|c| as_cell(&encode(c, Encoding::Tcvn3))).collect();
        prop_assert_eq!(convert_column(&carried, Encoding::Tcvn3), cells.clone());
        // As a one-column file.
        let file = cells.join("\n");
        prop_assert_eq!(decode(&encode(&file, Encoding::Tcvn3), Encoding::Tcvn3), file);
    }

    /// A file whose rows mix a name in capitals and a place in Title Case.
    #[test]
    fn rows_that_mix_styles_survive_tcvn3(rows in prop::collection::vec((phrase(), phrase()), 1..6)) {
        let rows: Vec<(String, String)> =
            rows.iter().map(|(a, b)| (styled(&a.to_lowercase(), true), styled(&b.to_lowercase(), false))).collect();
        let names: Vec<&String> = rows.iter().map(|(a, _)| a).collect();
        let places: Vec<&String> = rows.iter().map(|(_, b)| b).collect();
        prop_assume!(column_shows_style(&names, true) && column_shows_style(&places, false));
        let file: String = rows.iter().map(|(a, b)| format!("{a};{b}\n")).collect();
        prop_assert_eq!(decode(&encode(&file, Encoding::Tcvn3), Encoding::Tcvn3), file);
    }

    #[test]
    fn any_case_survives_vni_and_windows_1258(p in phrase()) {
        for enc in [Encoding::VniWindows, Encoding::Windows1258] {
            prop_assert_eq!(decode_field(&encode(&p, enc), enc), nfc(&p));
        }
    }
}
