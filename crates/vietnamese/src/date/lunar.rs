//! The Vietnamese lunar calendar (âm lịch), computed, not tabulated.
//!
//! Source: Hồ Ngọc Đức, *Thuật toán tính âm lịch* / *Computing the Vietnamese lunar calendar*
//! (2004, <https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html>), which uses the
//! astronomical formulas of Jean Meeus, *Astronomical Algorithms* (Willmann-Bell, 1998), ch. 7
//! (Julian day), 25 (solar coordinates, low accuracy) and 49 (phases of the moon). The rules of the
//! calendar, as that page states them:
//!
//! 1. a lunar month starts on the civil day (in the calendar's time zone) of a new moon;
//! 2. the month containing the winter solstice (the sun at longitude 270°) is month 11;
//! 3. a lunar year (month 11 to month 11) of 13 months has a leap month: the first month after
//!    month 11 that contains no major solar term (no crossing of a multiple of 30° of the sun's
//!    longitude); it takes the number of the month before it (`tháng 4 nhuận` follows month 4).
//!
//! Vietnam computes the calendar at UTC+7 ([`VIETNAM_UTC_OFFSET`]) — the reason why Tết 1985
//! was on 20/02/1985 in Vietnam and 21/02/1985 in China (UTC+8). Caveat for old registers: until
//! 1967 the North used the Chinese (UTC+8) calendar; the two differ only in the rare months whose
//! new moon falls between 23:00 and 24:00 UTC+7 (counted in `docs/historic-dates.md`). Every function
//! here takes the UTC+7 calendar, as the Ministry and today's tables do.
//!
//! Accuracy: the low-precision formulas place a new moon within minutes and the sun's longitude
//! within 0.01°, good for civil days over [`LUNAR_MIN_YEAR`]–[`LUNAR_MAX_YEAR`]; outside that
//! range every function answers `None`.
use std::f64::consts::PI;

/// UTC offset, in hours, at which the Vietnamese lunar calendar is computed.
pub const VIETNAM_UTC_OFFSET: f64 = 7.0;
/// First (lunar) year converted.
pub const LUNAR_MIN_YEAR: i32 = 1800;
/// Last (lunar) year converted.
pub const LUNAR_MAX_YEAR: i32 = 2199;

/// A date of the lunar calendar: `month` 1–12, `day` 1–30, `leap` for the leap month that
/// repeats `month` (`tháng 4 nhuận`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct LunarDate {
    pub year: i32,
    pub month: u8,
    pub leap: bool,
    pub day: u8,
}

/// A Gregorian day `(year, month, day)`.
pub type SolarDay = (i32, u8, u8);

/// Julian day number of a Gregorian date (Meeus ch. 7, integer form).
pub fn julian_day(year: i32, month: u8, day: u8) -> i64 {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    let a = (14 - m) / 12;
    let yy = y + 4800 - a;
    let mm = m + 12 * a - 3;
    d + (153 * mm + 2) / 5 + 365 * yy + yy.div_euclid(4) - yy.div_euclid(100) + yy.div_euclid(400) - 32045
}

/// The Gregorian date of a Julian day number.
pub fn from_julian_day(jd: i64) -> SolarDay {
    let a = jd + 32044;
    let b = (4 * a + 3).div_euclid(146_097);
    let c = a - (146_097 * b).div_euclid(4);
    let d = (4 * c + 3).div_euclid(1461);
    let e = c - (1461 * d).div_euclid(4);
    let m = (5 * e + 2).div_euclid(153);
    let day = e - (153 * m + 2).div_euclid(5) + 1;
    let month = m + 3 - 12 * m.div_euclid(10);
    let year = 100 * b + d - 4800 + m.div_euclid(10);
    (year as i32, month as u8, day as u8)
}

/// Mean synodic month, days.
const SYNODIC_MONTH: f64 = 29.530588853;
/// Julian day (days, fractional) of the new moon of 1 January 1900 that `k = 0` counts from.
const NEW_MOON_EPOCH: f64 = 2415021.076998695;

/// Julian day (UT, fractional) of the `k`-th new moon after the one of January 1900
/// (Meeus ch. 49, with the periodic terms and ΔT correction the source keeps).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    // Mean anomalies of the sun and the moon, and the moon's argument of latitude.
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
    let sin = |x: f64| (x * dr).sin();
    let c1 = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2.0 * m) - 0.4068 * sin(mpr) + 0.0161 * sin(2.0 * mpr)
        - 0.0004 * sin(3.0 * mpr)
        + 0.0104 * sin(2.0 * f)
        - 0.0051 * sin(m + mpr)
        - 0.0074 * sin(m - mpr)
        + 0.0004 * sin(2.0 * f + m)
        - 0.0004 * sin(2.0 * f - m)
        - 0.0006 * sin(2.0 * f + mpr)
        + 0.0010 * sin(2.0 * f - mpr)
        + 0.0005 * sin(m + 2.0 * mpr);
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude, radians in [0, 2π), at Julian day `jd` (UT, fractional)
/// (Meeus ch. 25, low accuracy).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2451545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin()
        + (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin()
        + 0.000290 * (dr * 3.0 * m).sin();
    ((l0 + dl) * dr).rem_euclid(2.0 * PI)
}

/// The calendar's arithmetic in one time zone.
#[derive(Debug, Clone, Copy)]
struct Calendar {
    /// UTC offset in hours.
    zone: f64,
}

impl Calendar {
    /// The civil day (Julian day number) of the `k`-th new moon.
    fn new_moon_day(self, k: i64) -> i64 {
        (new_moon(k) + 0.5 + self.zone / 24.0).floor() as i64
    }

    /// Which 30° sector (0–11) the sun is in at the start of civil day `day`.
    fn sun_sector(self, day: i64) -> i64 {
        (sun_longitude(day as f64 - 0.5 - self.zone / 24.0) / PI * 6.0).floor() as i64
    }

    /// The first day of lunar month 11 of `year`: the new moon on or before the winter
    /// solstice of `year`.
    fn month11(self, year: i32) -> i64 {
        let off = julian_day(year, 12, 31) - 2415021;
        let k = (off as f64 / SYNODIC_MONTH).floor() as i64;
        let nm = self.new_moon_day(k);
        if self.sun_sector(nm) >= 9 {
            self.new_moon_day(k - 1)
        } else {
            nm
        }
    }

    /// Index of the new moon that starts the month on or before `day`.
    fn month_index(day: i64) -> i64 {
        ((day as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64
    }

    /// In a 13-month year starting with month 11 on day `a11`, how many months after month 11 the
    /// leap month comes (the first month without a major solar term).
    fn leap_offset(self, a11: i64) -> i64 {
        let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
        let mut i = 1;
        let mut arc = self.sun_sector(self.new_moon_day(k + i));
        loop {
            let last = arc;
            i += 1;
            arc = self.sun_sector(self.new_moon_day(k + i));
            if arc == last || i >= 14 {
                break;
            }
        }
        i - 1
    }

    fn to_lunar(self, jd: i64) -> LunarDate {
        let (yy, _, _) = from_julian_day(jd);
        // The last new moon on or before the day. The published algorithm tries the new moons
        // k + 1 and k only; when the true new moon k comes more than the day's fraction after the
        // mean one (7/5/2054) both are later than the day, so k − 1 is tried too.
        let k = Calendar::month_index(jd);
        let month_start = (k - 1..=k + 1).rev().map(|i| self.new_moon_day(i)).find(|&s| s <= jd).unwrap_or(jd);
        let mut a11 = self.month11(yy);
        let mut b11 = a11;
        let mut lunar_year;
        if a11 >= month_start {
            lunar_year = yy;
            a11 = self.month11(yy - 1);
        } else {
            lunar_year = yy + 1;
            b11 = self.month11(yy + 1);
        }
        let day = jd - month_start + 1;
        let diff = (month_start - a11).div_euclid(29);
        let mut leap = false;
        let mut month = diff + 11;
        if b11 - a11 > 365 {
            let leap_diff = self.leap_offset(a11);
            if diff >= leap_diff {
                month = diff + 10;
                leap = diff == leap_diff;
            }
        }
        if month > 12 {
            month -= 12;
        }
        if month >= 11 && diff < 4 {
            lunar_year -= 1;
        }
        LunarDate { year: lunar_year, month: month as u8, leap, day: day as u8 }
    }

    /// The first day of lunar month `month` (leap or not) of `year`; `None` when that year has
    /// no such leap month.
    fn month_start(self, year: i32, month: u8, leap: bool) -> Option<i64> {
        let (a11, b11) =
            if month < 11 { (self.month11(year - 1), self.month11(year)) } else { (self.month11(year), self.month11(year + 1)) };
        let mut off = i64::from(month) - 11;
        if off < 0 {
            off += 12;
        }
        if b11 - a11 > 365 {
            let leap_off = self.leap_offset(a11);
            let leap_month = (leap_off - 2).rem_euclid(12);
            if leap && i64::from(month) != leap_month {
                return None;
            }
            if leap || off >= leap_off {
                off += 1;
            }
        } else if leap {
            return None;
        }
        let k = (0.5 + (a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
        Some(self.new_moon_day(k + off))
    }

    /// Days in the lunar month (29 or 30).
    fn month_length(self, start: i64) -> i64 {
        let k = Calendar::month_index(start);
        // The month after the one starting on `start`: the first new moon after it.
        let next = (k..k + 3).map(|i| self.new_moon_day(i)).find(|&d| d > start).unwrap_or(start + 30);
        next - start
    }
}

const VIETNAM: Calendar = Calendar { zone: VIETNAM_UTC_OFFSET };

fn in_range(year: i32) -> bool {
    (LUNAR_MIN_YEAR..=LUNAR_MAX_YEAR).contains(&year)
}

/// The lunar date of a Gregorian day; `None` for an invalid day or a year outside
/// [`LUNAR_MIN_YEAR`]–[`LUNAR_MAX_YEAR`].
pub fn solar_to_lunar(year: i32, month: u8, day: u8) -> Option<LunarDate> {
    if !in_range(year) || !(1..=12).contains(&month) || day == 0 || day > super::days_in_month(year, month) {
        return None;
    }
    let lunar = VIETNAM.to_lunar(julian_day(year, month, day));
    in_range(lunar.year).then_some(lunar)
}

/// The Gregorian day of a lunar date; `None` when there is no such lunar date (a leap month the
/// year does not have, day 30 of a 29-day month, month outside 1–12) or the year is out of range.
pub fn lunar_to_solar(date: LunarDate) -> Option<SolarDay> {
    let start = lunar_month_start(date.year, date.month, date.leap)?;
    let length = VIETNAM.month_length(start);
    (date.day >= 1 && i64::from(date.day) <= length).then(|| from_julian_day(start + i64::from(date.day) - 1))
}

fn lunar_month_start(year: i32, month: u8, leap: bool) -> Option<i64> {
    if !in_range(year) || !(1..=12).contains(&month) {
        return None;
    }
    VIETNAM.month_start(year, month, leap)
}

/// Days (29 or 30) in a lunar month; `None` when the year has no such month.
pub fn lunar_month_length(year: i32, month: u8, leap: bool) -> Option<u8> {
    lunar_month_start(year, month, leap).map(|s| VIETNAM.month_length(s) as u8)
}

/// The first and last Gregorian days of a lunar month.
pub fn lunar_month_span(year: i32, month: u8, leap: bool) -> Option<(SolarDay, SolarDay)> {
    let start = lunar_month_start(year, month, leap)?;
    Some((from_julian_day(start), from_julian_day(start + VIETNAM.month_length(start) - 1)))
}

/// Tết: the Gregorian day of the first day of lunar `year`.
pub fn tet(year: i32) -> Option<SolarDay> {
    lunar_to_solar(LunarDate { year, month: 1, leap: false, day: 1 })
}

/// The first and last Gregorian days of a lunar year (Tết to the eve of the next Tết).
pub fn lunar_year_span(year: i32) -> Option<(SolarDay, SolarDay)> {
    let first = lunar_month_start(year, 1, false)?;
    // The next Tết, even after the last year converted.
    let next = VIETNAM.month_start(year + 1, 1, false)?;
    Some((from_julian_day(first), from_julian_day(next - 1)))
}

/// The month a lunar year repeats (its leap month), if it has one.
pub fn leap_month(year: i32) -> Option<u8> {
    (1..=12).find(|&m| lunar_month_start(year, m, true).is_some())
}

/// The ten heavenly stems (can), in cycle order starting with Giáp.
pub const STEMS: [&str; 10] = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"];
/// The twelve earthly branches (chi), in cycle order starting with Tý.
pub const BRANCHES: [&str; 12] = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"];

/// A year's name in the sexagenary cycle (can chi): `stem` indexes [`STEMS`], `branch`
/// [`BRANCHES`]. Only the 60 pairs of equal parity exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct CanChi {
    pub stem: u8,
    pub branch: u8,
}

impl CanChi {
    /// The name of lunar `year` (1984 = Giáp Tý, 1960 = Canh Tý).
    pub fn of_year(year: i32) -> CanChi {
        CanChi { stem: (year + 6).rem_euclid(10) as u8, branch: (year + 8).rem_euclid(12) as u8 }
    }

    /// Builds a pair; `None` unless it is one of the 60 (stem and branch of equal parity).
    pub fn new(stem: u8, branch: u8) -> Option<CanChi> {
        (stem < 10 && branch < 12 && stem % 2 == branch % 2).then_some(CanChi { stem, branch })
    }

    /// Position 0–59 in the cycle (0 = Giáp Tý).
    pub fn index(self) -> i32 {
        // The cycle position p satisfies p ≡ stem (mod 10) and p ≡ branch (mod 12).
        (0..60).find(|p| p % 10 == i32::from(self.stem) && p % 12 == i32::from(self.branch)).unwrap_or(0)
    }

    /// The latest year of this name not after `limit`.
    pub fn latest_not_after(self, limit: i32) -> i32 {
        // 1984 is Giáp Tý (index 0).
        limit - (limit - 1984 - self.index()).rem_euclid(60)
    }

    /// `Canh Tý`.
    pub fn name(self) -> String {
        format!("{} {}", STEMS[usize::from(self.stem % 10)], BRANCHES[usize::from(self.branch % 12)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn julian_days_round_trip_and_match_known_values() {
        assert_eq!(julian_day(2000, 1, 1), 2451545);
        assert_eq!(julian_day(1900, 1, 1), 2415021);
        for jd in 2_300_000..2_300_800 {
            let (y, m, d) = from_julian_day(jd);
            assert_eq!(julian_day(y, m, d), jd);
        }
    }

    #[test]
    fn can_chi_names() {
        assert_eq!(CanChi::of_year(1984).name(), "Giáp Tý");
        assert_eq!(CanChi::of_year(1960).name(), "Canh Tý");
        assert_eq!(CanChi::of_year(1945).name(), "Ất Dậu");
        assert_eq!(CanChi::of_year(1968).name(), "Mậu Thân");
        assert_eq!(CanChi::of_year(2024).name(), "Giáp Thìn");
        assert_eq!(CanChi::of_year(1960).latest_not_after(1985), 1960);
        assert_eq!(CanChi::of_year(1960).latest_not_after(2020), 2020);
        assert_eq!(CanChi::of_year(1960).latest_not_after(2019), 1960);
        assert!(CanChi::new(6, 1).is_none(), "Canh Sửu does not exist");
        for y in 1900..2100 {
            let c = CanChi::of_year(y);
            assert_eq!(CanChi::new(c.stem, c.branch), Some(c));
            assert_eq!(c.latest_not_after(y), y);
            assert_eq!(c.latest_not_after(y + 59), y, "{y}");
        }
    }

    /// Months whose first day differs between the UTC+7 and the UTC+8 calendars, 1900–1967 (the
    /// years the North used the Chinese calendar): the figure `docs/historic-dates.md` quotes.
    #[test]
    fn the_utc_plus_8_calendar_differs_in_few_months_before_1968() {
        let china = Calendar { zone: 8.0 };
        let (first, last) = (julian_day(1900, 1, 1), julian_day(1967, 12, 31));
        let starts = |c: Calendar| -> Vec<i64> {
            let k0 = Calendar::month_index(first);
            (k0..k0 + 900).map(|k| c.new_moon_day(k)).filter(|d| (first..=last).contains(d)).collect()
        };
        let (vn, cn) = (starts(VIETNAM), starts(china));
        let differ = vn.iter().zip(&cn).filter(|(a, b)| a != b).count();
        let days = (first..=last).filter(|&d| VIETNAM.to_lunar(d) != china.to_lunar(d)).count();
        eprintln!("1900–1967: {} months, {differ} start on another day at UTC+8; {days} days read differently", vn.len());
        assert_eq!(vn.len(), cn.len());
        assert!(differ > 0 && differ * 20 < vn.len(), "{differ}");
    }
}
