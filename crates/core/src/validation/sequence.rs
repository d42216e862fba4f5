//! Register-sequence checks: entry numbers (`so`) run 1, 2, 3… within a book (restarting each
//! year in books that span years, or written `số/năm` such as `12/1995`), pages (`trangSo`) run
//! forward one at a time, and a `(noiDangKy, quyenSo, so)` triple names one registration only.
use super::{Severity, Warning};
use std::collections::{BTreeMap, HashMap};

/// An entry number as written: `12`, `12a`, `12/1995`, `0012/95`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SoNumber {
    pub number: u32,
    /// A letter after the number (`12a`, `12 bis`): an entry inserted later.
    pub suffix: Option<String>,
    /// A 4-digit year after a slash (`12/1995`).
    pub year: Option<i32>,
}

impl SoNumber {
    pub fn parse(s: &str) -> Option<SoNumber> {
        let s = s.trim();
        let (left, right) = match s.split_once(['/', '-']) {
            Some((l, r)) => (l.trim(), Some(r.trim())),
            None => (s, None),
        };
        let digits: String = left.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() || digits.len() > 7 {
            return None;
        }
        let rest = left[digits.len()..].trim();
        let suffix = if rest.is_empty() {
            None
        } else if rest.chars().all(|c| c.is_alphabetic()) && rest.chars().count() <= 3 {
            Some(rest.to_lowercase())
        } else {
            return None;
        };
        let year = match right {
            None => None,
            Some(r) if r.len() == 4 && r.chars().all(|c| c.is_ascii_digit()) => r.parse().ok(),
            Some(r) if r.len() == 2 && r.chars().all(|c| c.is_ascii_digit()) => None,
            Some(_) => return None,
        };
        Some(SoNumber { number: digits.parse().ok()?, suffix, year })
    }

    /// Comparison key: the number without leading zeros, the suffix, the year.
    pub fn key(&self) -> String {
        format!("{}{}/{}", self.number, self.suffix.as_deref().unwrap_or(""), self.year.map(|y| y.to_string()).unwrap_or_default())
    }
}

/// `01/1985`, `1/1985` and `01-1985` are the same book number.
pub fn quyen_key(s: &str) -> String {
    let folded = sohoa_vietnamese::normalize::ascii_fold(s);
    let mut out = String::new();
    for part in folded.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('/');
        }
        let t = part.trim_start_matches('0');
        out.push_str(if t.is_empty() && !part.is_empty() { "0" } else { t });
    }
    out
}

pub fn same_quyen(a: &str, b: &str) -> bool {
    a.trim() == b.trim() || quyen_key(a) == quyen_key(b)
}

/// `UBND xã Yên Lạc`, `Xã Yên Lạc` and `yen lac` are the same registry.
pub fn registry_key(s: &str) -> String {
    const NOISE: [&str; 12] = ["ubnd", "uy", "ban", "nhan", "dan", "xa", "phuong", "thi", "tran", "tt", "p", "x"];
    let folded = sohoa_vietnamese::normalize::ascii_fold(s);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let start = words.iter().position(|w| !NOISE.contains(w)).unwrap_or(words.len());
    words[start..].join(" ")
}

/// What the sequence checks read of one entry.
#[derive(Debug, Clone, Default)]
pub struct SeqEntry {
    pub entry_id: i64,
    pub seq: i64,
    pub book_id: i64,
    pub so: Option<String>,
    pub quyen: Option<String>,
    pub trang: Option<String>,
    pub registry: Option<String>,
    pub reg_year: Option<i32>,
    /// Page number from the entry's linked scan, when it has one and no `trangSo`.
    pub page_seq: Option<i64>,
}

impl SeqEntry {
    pub fn page(&self) -> Option<i64> {
        match self.trang.as_deref() {
            Some(t) => t.trim().parse().ok(),
            None => self.page_seq,
        }
    }
}

/// What the checks know about the book.
#[derive(Debug, Clone)]
pub struct SeqBook {
    pub quyen_so: String,
    pub registry_name: String,
    pub year_from: i32,
    pub year_to: Option<i32>,
    pub page_count: i64,
    /// Comparison keys of `quyen_so` and `registry_name`, computed once.
    pub quyen_key: std::sync::OnceLock<String>,
    pub registry_key: std::sync::OnceLock<String>,
}

impl SeqBook {
    fn multi_year(&self) -> bool {
        self.year_to.is_some_and(|t| t > self.year_from)
    }

    /// The comparison key of an entry's book number (the book's own when the entry has none).
    fn quyen_of(&self, e: &SeqEntry) -> String {
        match e.quyen.as_deref() {
            Some(q) if q.trim() != self.quyen_so.trim() => quyen_key(q),
            _ => self.quyen_key.get_or_init(|| quyen_key(&self.quyen_so)).clone(),
        }
    }

    /// The numbering run an entry belongs to: its book number, and its year when numbers
    /// restart every year.
    pub fn segment(&self, e: &SeqEntry, so: &SoNumber) -> (String, Option<i32>) {
        let quyen = self.quyen_of(e);
        let year = so.year.or(if self.multi_year() { e.reg_year } else { None });
        (quyen, year)
    }

    /// The `(noiDangKy, quyenSo, so)` key, with the book's values where the entry has none.
    pub fn registration_key(&self, e: &SeqEntry) -> Option<String> {
        let so = SoNumber::parse(e.so.as_deref()?)?;
        let reg = match e.registry.as_deref() {
            Some(r) if r.trim() != self.registry_name.trim() => registry_key(r),
            _ => self.registry_key.get_or_init(|| registry_key(&self.registry_name)).clone(),
        };
        let quyen = self.quyen_of(e);
        let year = so.year.or(if self.multi_year() { e.reg_year } else { None });
        Some(format!(
            "{reg}|{quyen}|{}{}|{}",
            so.number,
            so.suffix.as_deref().unwrap_or(""),
            year.map(|y| y.to_string()).unwrap_or_default()
        ))
    }
}

/// A sequence finding attached to an entry.
#[derive(Debug, Clone)]
pub struct SeqFinding {
    pub entry_id: i64,
    pub warning: Warning,
    pub related: Vec<i64>,
}

fn ranges(missing: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &n in missing {
        match out.last_mut() {
            Some((_, hi)) if *hi + 1 == n => *hi = n,
            _ => out.push((n, n)),
        }
    }
    out
}

fn range_text(lo: u32, hi: u32) -> String {
    if lo == hi {
        format!("số {lo}")
    } else {
        format!("các số {lo}–{hi}")
    }
}

/// Gaps, repeats and out-of-order numbers, and page continuity, over a whole book's entries
/// (in keying order). Large gaps (a typo like 1200 for 120) are reported as one jump.
pub fn book_sequence(book: &SeqBook, entries: &[SeqEntry]) -> Vec<SeqFinding> {
    let mut out = Vec::new();
    // --- so: per numbering run ---
    type Run<'a> = Vec<(&'a SeqEntry, SoNumber)>;
    let mut runs: BTreeMap<(String, Option<i32>), Run> = BTreeMap::new();
    for e in entries {
        if let Some(so) = e.so.as_deref().and_then(SoNumber::parse) {
            runs.entry(book.segment(e, &so)).or_default().push((e, so));
        }
    }
    for (_, run) in runs {
        let mut first_of: HashMap<String, i64> = HashMap::new();
        let mut prev: Option<u32> = None;
        for (e, so) in &run {
            let key = so.key();
            if let Some(&first) = first_of.get(&key) {
                out.push(SeqFinding {
                    entry_id: e.entry_id,
                    warning: Warning::new(
                        "so",
                        "so.repeat",
                        Severity::Error,
                        format!("Số {} đã có ở một bản ghi khác của sổ.", e.so.as_deref().unwrap_or("")),
                    ),
                    related: vec![first],
                });
                continue;
            }
            first_of.insert(key, e.entry_id);
            if so.suffix.is_none() {
                if let Some(p) = prev {
                    if so.number < p {
                        out.push(SeqFinding {
                            entry_id: e.entry_id,
                            warning: Warning::new(
                                "so",
                                "so.out_of_order",
                                Severity::Warning,
                                format!("Số {} đứng sau số {p}: sai thứ tự.", so.number),
                            ),
                            related: vec![],
                        });
                    }
                }
                prev = Some(so.number);
            }
        }
        // Missing numbers between the smallest and the largest of the run.
        let mut numbers: Vec<(u32, i64)> = run.iter().filter(|(_, s)| s.suffix.is_none()).map(|(e, s)| (s.number, e.entry_id)).collect();
        numbers.sort();
        numbers.dedup_by_key(|x| x.0);
        for w in numbers.windows(2) {
            let (a, b) = (w[0].0, w[1].0);
            if b > a + 1 {
                let missing: Vec<u32> = ((a + 1)..b).collect();
                let (code, msg) = if missing.len() > 50 {
                    ("so.jump", format!("Số nhảy từ {a} lên {b}: kiểm tra lại số {b} (có thể nhập nhầm)."))
                } else {
                    let text: Vec<String> = ranges(&missing).into_iter().map(|(lo, hi)| range_text(lo, hi)).collect();
                    ("so.gap", format!("Thiếu {} (giữa số {a} và số {b}).", text.join(", ")))
                };
                out.push(SeqFinding { entry_id: w[1].1, warning: Warning::new("so", code, Severity::Warning, msg), related: vec![w[0].1] });
            }
        }
    }
    // --- trangSo: forward, one page at a time, within the book ---
    let mut prev_page: Option<i64> = None;
    for e in entries {
        let Some(p) = e.page() else { continue };
        if book.page_count > 0 && p > book.page_count {
            out.push(SeqFinding {
                entry_id: e.entry_id,
                warning: Warning::new(
                    "trangSo",
                    "page.past_end",
                    Severity::Warning,
                    format!("Trang {p} vượt quá số trang của sổ ({}).", book.page_count),
                ),
                related: vec![],
            });
        }
        if let Some(q) = prev_page {
            if p < q {
                out.push(SeqFinding {
                    entry_id: e.entry_id,
                    warning: Warning::new(
                        "trangSo",
                        "page.out_of_order",
                        Severity::Warning,
                        format!("Trang {p} đứng sau trang {q}: sai thứ tự."),
                    ),
                    related: vec![],
                });
            } else if p > q + 1 {
                let msg =
                    if p == q + 2 { format!("Bỏ qua trang {}.", q + 1) } else { format!("Bỏ qua các trang {}–{}.", q + 1, p - 1) };
                out.push(SeqFinding {
                    entry_id: e.entry_id,
                    warning: Warning::new("trangSo", "page.skipped", Severity::Info, msg),
                    related: vec![],
                });
            }
        }
        prev_page = Some(prev_page.map_or(p, |q| q.max(p)));
    }
    out
}

/// The live check while keying one entry: against the entry keyed just before it, and against
/// entries of the book that carry the same number.
pub fn entry_sequence(book: &SeqBook, e: &SeqEntry, prev: Option<&SeqEntry>, same_so_in_book: &[SeqEntry]) -> Vec<Warning> {
    let mut out = Vec::new();
    if let Some(so) = e.so.as_deref().and_then(SoNumber::parse) {
        let seg = book.segment(e, &so);
        let repeated = same_so_in_book
            .iter()
            .filter(|o| o.entry_id != e.entry_id)
            .any(|o| o.so.as_deref().and_then(SoNumber::parse).is_some_and(|os| os.key() == so.key() && book.segment(o, &os) == seg));
        if repeated {
            out.push(Warning::new(
                "so",
                "so.repeat",
                Severity::Error,
                format!("Số {} đã có ở một bản ghi khác của sổ.", e.so.as_deref().unwrap_or("")),
            ));
        } else if let Some((p, pso)) = prev.and_then(|p| Some((p, p.so.as_deref().and_then(SoNumber::parse)?))) {
            if book.segment(p, &pso) == seg && so.suffix.is_none() && pso.suffix.is_none() {
                if so.number < pso.number {
                    out.push(Warning::new(
                        "so",
                        "so.out_of_order",
                        Severity::Warning,
                        format!("Số {} nhỏ hơn số của bản ghi trước ({}).", so.number, pso.number),
                    ));
                } else if so.number > pso.number + 51 {
                    out.push(Warning::new(
                        "so",
                        "so.jump",
                        Severity::Warning,
                        format!("Số nhảy từ {} lên {}: kiểm tra lại (có thể nhập nhầm).", pso.number, so.number),
                    ));
                } else if so.number > pso.number + 1 {
                    let (lo, hi) = (pso.number + 1, so.number - 1);
                    out.push(Warning::new(
                        "so",
                        "so.gap",
                        Severity::Warning,
                        format!("Bản ghi trước là số {}: thiếu {}.", pso.number, range_text(lo, hi)),
                    ));
                }
            }
        }
    }
    if let Some(p) = e.page() {
        if book.page_count > 0 && p > book.page_count {
            out.push(Warning::new(
                "trangSo",
                "page.past_end",
                Severity::Warning,
                format!("Trang {p} vượt quá số trang của sổ ({}).", book.page_count),
            ));
        }
        if let Some(q) = prev.and_then(|x| x.page()) {
            if p < q {
                out.push(Warning::new(
                    "trangSo",
                    "page.out_of_order",
                    Severity::Warning,
                    format!("Trang {p} nhỏ hơn trang của bản ghi trước ({q})."),
                ));
            } else if p > q + 1 {
                out.push(Warning::new(
                    "trangSo",
                    "page.skipped",
                    Severity::Info,
                    format!(
                        "Bản ghi trước ở trang {q}: bỏ qua trang {}.",
                        if p == q + 2 { (q + 1).to_string() } else { format!("{}–{}", q + 1, p - 1) }
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_numbers_as_written() {
        assert_eq!(SoNumber::parse("12"), Some(SoNumber { number: 12, suffix: None, year: None }));
        assert_eq!(SoNumber::parse(" 012/1995 ").unwrap().year, Some(1995));
        assert_eq!(SoNumber::parse("12a").unwrap().suffix.as_deref(), Some("a"));
        assert_eq!(SoNumber::parse("12/95").unwrap().number, 12);
        assert_eq!(SoNumber::parse("abc"), None);
        assert_eq!(SoNumber::parse("12/ab"), None);
        assert_eq!(SoNumber::parse("012").unwrap().key(), SoNumber::parse("12").unwrap().key());
    }

    #[test]
    fn book_numbers_and_registries_compare_loosely() {
        assert!(same_quyen("01/1985", "1/1985"));
        assert!(same_quyen("01-1985", "1 / 1985"));
        assert!(!same_quyen("01/1985", "02/1985"));
        assert_eq!(registry_key("UBND xã Yên Lạc"), "yen lac");
        assert_eq!(registry_key("Xã Yên Lạc"), "yen lac");
        assert_eq!(registry_key("Phường 3"), "3");
    }
}
