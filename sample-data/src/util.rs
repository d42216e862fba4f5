//! Small helpers: calendar dates, seeded randomness, CSV writing.
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

pub type R = ChaCha8Rng;

/// Independent, stable stream for one component: changing how one part of the generator uses
/// randomness never shifts what the other parts produce.
pub fn stream(seed: u64, label: &str) -> R {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.rotate_left(17);
    for b in label.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    ChaCha8Rng::seed_from_u64(h ^ seed)
}

/// A full calendar date (the ground truth; what a book *writes* may be partial).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ymd {
    pub y: i32,
    pub m: u8,
    pub d: u8,
}

impl Ymd {
    pub fn new(y: i32, m: u8, d: u8) -> Ymd {
        Ymd { y, m, d }
    }
    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn days(&self) -> i64 {
        let y = if self.m <= 2 { self.y as i64 - 1 } else { self.y as i64 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.m as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
    pub fn from_days(z: i64) -> Ymd {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Ymd { y: (if m <= 2 { y + 1 } else { y }) as i32, m, d }
    }
    pub fn add_days(&self, n: i64) -> Ymd {
        Ymd::from_days(self.days() + n)
    }
    /// `dd/mm/yyyy`, the Ministry template's form.
    pub fn dmy(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.d, self.m, self.y)
    }
    /// `d/m/yyyy` without padding, as often typed from old books.
    pub fn dmy_loose(&self) -> String {
        format!("{}/{}/{:04}", self.d, self.m, self.y)
    }
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
    /// Age in completed years on `at`.
    pub fn age_at(&self, at: Ymd) -> i32 {
        let mut a = at.y - self.y;
        if (at.m, at.d) < (self.m, self.d) {
            a -= 1;
        }
        a
    }
}

pub fn random_day_in_year(rng: &mut R, y: i32) -> Ymd {
    let start = Ymd::new(y, 1, 1).days();
    let end = Ymd::new(y + 1, 1, 1).days();
    Ymd::from_days(rng.gen_range(start..end))
}

pub fn random_day_between(rng: &mut R, a: Ymd, b: Ymd) -> Ymd {
    let (x, y) = (a.days(), b.days());
    if y <= x {
        return a;
    }
    Ymd::from_days(rng.gen_range(x..=y))
}

/// Pick from `(item, weight)` pairs.
pub fn weighted<'a, T>(rng: &mut R, items: &'a [(T, f64)]) -> &'a T {
    let total: f64 = items.iter().map(|(_, w)| *w).sum();
    let mut x = rng.gen::<f64>() * total;
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= *w;
    }
    &items[items.len() - 1].0
}

pub fn pick<'a, T>(rng: &mut R, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

pub fn chance(rng: &mut R, p: f64) -> bool {
    rng.gen::<f64>() < p
}

/// Minimal RFC 4180 writer (comma separated, CRLF-free `\n` lines, quotes when needed).
#[derive(Default)]
pub struct Csv {
    pub out: String,
}

impl Csv {
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            let c = c.as_ref();
            if c.contains([',', '"', '\n', '\r']) {
                self.out.push('"');
                self.out.push_str(&c.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(c);
            }
        }
        self.out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn days_roundtrip() {
        for z in [-80_000i64, -1, 0, 1, 10_000, 20_000] {
            assert_eq!(Ymd::from_days(z).days(), z);
        }
        assert_eq!(Ymd::new(1970, 1, 1).days(), 0);
        assert_eq!(Ymd::new(2000, 3, 1).add_days(-1), Ymd::new(2000, 2, 29));
    }
}
