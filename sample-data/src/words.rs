//! Dates in words, as in `nksNgaySinhBangChu` / `nktNgayChetGhiBangChu`.
use crate::util::Ymd;

const UNITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// 0..=99 in words ("hai mươi mốt", "mười lăm", "ba mươi tư").
pub fn two_digits(n: u32) -> String {
    let (t, u) = (n / 10, n % 10);
    match (t, u) {
        (0, u) => UNITS[u as usize].to_string(),
        (1, 0) => "mười".into(),
        (1, 5) => "mười lăm".into(),
        (1, u) => format!("mười {}", UNITS[u as usize]),
        (t, 0) => format!("{} mươi", UNITS[t as usize]),
        (t, 1) => format!("{} mươi mốt", UNITS[t as usize]),
        (t, 4) => format!("{} mươi tư", UNITS[t as usize]),
        (t, 5) => format!("{} mươi lăm", UNITS[t as usize]),
        (t, u) => format!("{} mươi {}", UNITS[t as usize], UNITS[u as usize]),
    }
}

/// A year in words ("một nghìn chín trăm tám mươi lăm", "hai nghìn không trăm linh năm").
pub fn year(y: i32) -> String {
    let y = y as u32;
    let (th, h, r) = (y / 1000, (y / 100) % 10, y % 100);
    let mut s = format!("{} nghìn {} trăm", UNITS[th as usize], UNITS[h as usize]);
    if r == 0 {
        return s;
    }
    if r < 10 {
        s.push_str(" linh ");
        s.push_str(UNITS[r as usize]);
    } else {
        s.push(' ');
        s.push_str(&two_digits(r));
    }
    s
}

pub fn month(m: u8) -> String {
    match m {
        4 => "tư".into(),
        m => two_digits(m as u32),
    }
}

pub fn day(d: u8) -> String {
    if d <= 10 {
        format!("mồng {}", two_digits(d as u32))
    } else {
        two_digits(d as u32)
    }
}

/// "Ngày mười lăm tháng ba năm một nghìn chín trăm chín mươi chín".
pub fn date(d: Ymd) -> String {
    format!("Ngày {} tháng {} năm {}", day(d.d), month(d.m), year(d.y))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn words() {
        assert_eq!(year(1985), "một nghìn chín trăm tám mươi lăm");
        assert_eq!(year(2005), "hai nghìn không trăm linh năm");
        assert_eq!(year(2014), "hai nghìn không trăm mười bốn");
        assert_eq!(date(Ymd::new(2001, 4, 21)), "Ngày hai mươi mốt tháng tư năm hai nghìn không trăm linh một");
        assert_eq!(day(3), "mồng ba");
    }
}
