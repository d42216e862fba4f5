//! `quyenSo` values: the key they are compared by, and the books a file holds.
use super::*;

/// A `quyenSo` value of a file and how many rows carry it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuyenCount {
    pub quyen_so: String,
    pub rows: usize,
}

/// The key `quyenSo` values are compared by: case, diacritics and spaces ignored, leading zeros
/// of each number dropped (`Q. 01/2010` = `q.1/2010`).
pub fn quyen_key(q: &str) -> String {
    let folded = sohoa_vietnamese::normalize::ascii_fold(q);
    let mut out = String::with_capacity(folded.len());
    let mut in_digits = false;
    let mut zeros = 0usize;
    for c in folded.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !in_digits && c == '0' {
                zeros += 1;
                continue;
            }
            if !in_digits {
                zeros = 0;
            }
            in_digits = true;
            out.push(c);
        } else {
            if !in_digits && zeros > 0 {
                out.push('0');
            }
            in_digits = false;
            zeros = 0;
            out.push(c);
        }
    }
    if !in_digits && zeros > 0 {
        out.push('0');
    }
    out
}

/// [`quyen_key`] of the values of a column, worked out once per distinct value: a file's rows
/// repeat a handful of `quyenSo` values, and folding one costs microseconds.
#[derive(Default)]
pub(super) struct QuyenKeys(HashMap<String, String>);

impl QuyenKeys {
    pub(super) fn key(&mut self, q: &str) -> &str {
        if !self.0.contains_key(q) {
            self.0.insert(q.to_string(), quyen_key(q));
        }
        &self.0[q]
    }
}

/// The distinct `quyenSo` values of a column (by [`quyen_key`]), in order of first appearance.
pub(super) fn quyen_counts(t: &Table, col: usize) -> Vec<QuyenCount> {
    let mut order: Vec<QuyenCount> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    // The same values come again and again: their key is worked out once.
    let mut of_value: HashMap<&str, usize> = HashMap::new();
    for r in &t.rows {
        let v = r.cell(col);
        if v.is_empty() || illegible::is_illegible_marker(v) {
            continue;
        }
        let i = match of_value.get(v) {
            Some(&i) => i,
            None => {
                let i = *at.entry(quyen_key(v)).or_insert_with(|| {
                    order.push(QuyenCount { quyen_so: crate::text::stored(v), rows: 0 });
                    order.len() - 1
                });
                of_value.insert(v, i);
                i
            }
        };
        order[i].rows += 1;
    }
    order
}
