//! The password policy (issue 13 §4): one a clerk can live with. A password is accepted when it
//! has at least [`MIN_LEN`] characters, or is a passphrase of at least [`MIN_WORDS`] words
//! (and [`MIN_PASSPHRASE_LEN`] characters), and it is not a common password: not in a small
//! embedded list (international and Vietnamese favourites: `12345678`, `matkhau`, `anhyeuem`…),
//! not one character or a digit run repeated, not a common word or name followed by a year
//! (`hanh1990`, `matkhau2024`), and not the account name (with or without digits after it). Comparisons ignore case and Vietnamese
//! diacritics (`Mật khẩu` is `matkhau`). Existing accounts keep their password: the policy runs
//! only when a password is set (workspace creation, a new account, a password change).
use crate::error::{CoreError, Result};

pub const MIN_LEN: usize = 10;
pub const MIN_WORDS: usize = 3;
pub const MIN_PASSPHRASE_LEN: usize = 8;

/// Common passwords, compared after [`fold`] (lowercase, no diacritics, no spaces or separators).
const COMMON: &[&str] = &[
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "1234567890",
    "12345678910",
    "0123456789",
    "987654321",
    "9876543210",
    "123123123",
    "123321",
    "147258369",
    "159753",
    "147852369",
    "11223344",
    "1122334455",
    "00000000",
    "88888888",
    "66668888",
    "68686868",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "qwerty",
    "qwerty123",
    "qwertyuiop",
    "1qaz2wsx",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "abc123",
    "abcd1234",
    "abc12345",
    "a123456789",
    "iloveyou",
    "admin",
    "admin123",
    "administrator",
    "welcome",
    "welcome1",
    "letmein",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "dragon",
    "monkey",
    "trustno1",
    "zaq12wsx",
    "asdfghjkl",
    "asdf1234",
    "matkhau",
    "matkhau1",
    "matkhau123",
    "matkhaumoi",
    "matkhaucuatoi",
    "anhyeuem",
    "emyeuanh",
    "yeuem",
    "yeuanh",
    "anhyeuem123",
    "emyeuanh123",
    "iloveyou123",
    "vietnam",
    "vietnam123",
    "tinhyeu",
    "hanoi",
    "hanoi123",
    "saigon",
    "hochiminh",
    "xinchao",
    "xinchao123",
    "hoanglong",
    "thienthan",
    "hotich",
    "hotich123",
    "sohotich",
    "sohoa",
    "sohoa123",
    "ubnd",
    "ubndxa",
    "tuphap",
    "tuphaphotich",
    "congan",
    "canbo",
    "canbo123",
    "giamsat",
    "giamsat123",
    "khaisinh",
    "kethon",
    "khaitu",
    "chungthuc",
    "quantri",
    "quantri123",
    "nguoidung",
    "taikhoan",
    "dangnhap",
    "batdau",
    "changeme",
    "default",
    "secret",
    "master",
    "superman",
    "batman",
    "computer",
    "internet",
];

/// Words and names that, followed by a year or a short number, make a guessable password.
const COMMON_STEMS: &[&str] = &[
    "matkhau", "password", "pass", "admin", "abc", "qwerty", "anhyeuem", "emyeuanh", "yeuem", "vietnam", "hanoi", "saigon", "xinchao",
    "hotich", "sohoa", "canbo", "giamsat", "ubnd", "tuphap", "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang",
    "bui", "do", "ho", "ngo", "duong", "ly", "anh", "hanh", "huong", "hoa", "hung", "hieu", "hai", "ha", "hang", "huy", "linh", "lan",
    "long", "mai", "minh", "nam", "nga", "ngoc", "nhung", "phuong", "phong", "quang", "son", "thanh", "thao", "thu", "thuy", "trang",
    "trung", "tuan", "tung", "van", "viet", "dung", "dat", "duc", "khanh", "khoa", "loan", "my", "tam", "tien", "yen", "binh", "cuong",
    "giang", "hien", "hong", "kim", "quynh", "vy",
];

/// Lowercase, Vietnamese diacritics removed (đ → d), separators dropped: the form the lists use.
pub fn fold(p: &str) -> String {
    sohoa_vietnamese::normalize::ascii_fold(p).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn is_year_or_short_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_repetition(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 2 {
        return true;
    }
    // One unit repeated (aaaa, 1212, abcabc) or a run of consecutive digits/letters (34567890).
    for unit in 1..=chars.len() / 2 {
        if chars.len().is_multiple_of(unit) && chars.chunks(unit).all(|c| c == &chars[..unit]) {
            return true;
        }
    }
    chars.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1) || chars.windows(2).all(|w| w[0] as u32 == w[1] as u32 + 1)
}

/// Checks a new password for `username` (may be empty when not known). The error names the rule
/// in Vietnamese.
pub fn validate(password: &str, username: &str) -> Result<()> {
    let len = password.chars().count();
    let words = password.split_whitespace().filter(|w| w.chars().count() >= 2).count();
    let passphrase = words >= MIN_WORDS && len >= MIN_PASSPHRASE_LEN;
    if len < MIN_LEN && !passphrase {
        return Err(CoreError::invalid(
            "password",
            format!("mật khẩu cần ít nhất {MIN_LEN} ký tự, hoặc là một câu ít nhất {MIN_WORDS} từ (ví dụ “ruộng lúa quê tôi”)"),
        ));
    }
    let folded = fold(password);
    let common =
        || CoreError::invalid("password", "mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác (ví dụ một câu ít nhất 3 từ)");
    if COMMON.contains(&folded.as_str()) || is_repetition(&folded) {
        return Err(common());
    }
    // A common word or name (possibly two, "nguyenhanh") followed by a year or a short number.
    let stem_end = folded.find(|c: char| c.is_ascii_digit()).unwrap_or(folded.len());
    let (stem, tail) = folded.split_at(stem_end);
    if is_year_or_short_number(tail) {
        let stem_is_common = COMMON.contains(&stem)
            || COMMON_STEMS.contains(&stem)
            || (1..stem.len()).any(|i| COMMON_STEMS.contains(&&stem[..i]) && COMMON_STEMS.contains(&&stem[i..]));
        if stem_is_common && !stem.is_empty() {
            return Err(CoreError::invalid(
                "password",
                "mật khẩu là một từ hay tên thông dụng kèm năm sinh hoặc dãy số, dễ bị đoán; hãy chọn mật khẩu khác",
            ));
        }
    }
    let user = fold(username);
    if !user.is_empty() && folded.trim_end_matches(|c: char| c.is_ascii_digit()) == user {
        return Err(CoreError::invalid("password", "mật khẩu không được chứa tên đăng nhập"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(p: &str) -> bool {
        validate(p, "canbo").is_err()
    }

    #[test]
    fn short_passwords_are_refused_unless_they_are_a_passphrase_of_three_words() {
        assert!(refused("Xk7#pq2"));
        assert!(refused("Xk7#pq2z!"), "9 characters");
        assert!(!refused("Xk7#pq2z!w"), "10 characters");
        assert!(!refused("ga gay ot"), "a passphrase of three words");
        assert!(refused("gà gáy"), "two words are not a passphrase");
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case_and_diacritics() {
        for p in [
            "12345678",
            "123456789",
            "1234567890",
            "matkhau123",
            "Mật khẩu 123",
            "password123",
            "ANHYEUEM123",
            "qwertyuiop",
            "0000000000",
            "abcdefghijk",
            "1212121212",
        ] {
            assert!(refused(p), "{p} should be refused");
        }
    }

    #[test]
    fn a_common_name_or_word_followed_by_a_year_is_refused() {
        for p in ["nguyenhanh1990", "Hạnh19901990", "matkhau2024", "vietnam2025", "tranminh1985"] {
            assert!(refused(p), "{p} should be refused");
        }
    }

    #[test]
    fn the_account_name_with_or_without_digits_is_refused() {
        assert!(refused("canbo2025"));
        assert!(validate("hanhnguyen1", "hanhnguyen").is_err());
        assert!(!refused("mat-khau-canbo"), "a longer phrase that names the account is fine");
        assert!(!refused("ruộng lúa quê tôi"));
        assert!(!refused("mat-khau-thu-nghiem"));
    }
}
