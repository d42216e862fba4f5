//! Blocking: several independent passes so that one error in any single field never hides a
//! true match (domain.md §5.4). Each pass hashes a few folded/phonetic values to a `u64`; the
//! index stores, for every key, the rows that carry it (CSR layout: sorted keys, offsets, rows).
//!
//! | pass | key | survives |
//! |---|---|---|
//! | 1 | phonetic given name + birth year | surname typo, partial date, day/month swap, middle name dropped |
//! | 2 | full birth date alone (query also tries day/month swapped) | any error in the name |
//! | 3 | mother's surname + given name (phonetic) + birth year | errors in the child's name |
//! | 4 | ID number / CMND | anything else |
//! | 5 | phonetic given name + day + month (no year) | wrong birth year together with a changed middle name or surname |
//! | 6 | father's surname + given name (phonetic) + birth year | errors in the child's name and in the mother's name |
//! | 7 | first and last name token (phonetic, either order), no date — only when that block is small (rare names) | wrong or missing date together with anything else; given name written first |
//!
//! Rows and queries with a year-only or month/year date also use pass 1 with the year ±1. A
//! record's other reading of its date (`View::alt`: day and month swapped, one digit off, the
//! other century of a two-digit year, the other solar year of a lunar year) gets the dated
//! passes too.
//!
//! A record without a name (illegible on the paper, issue 10) has no name passes: it is found
//! through the full date (pass 2, on every reading of its date), its parents (passes 3 and 6)
//! and its ID (pass 4). Its day's block is narrowed to rows of its sex (or of unknown sex) when
//! its sex is known, and skipped when more than [`NAMELESS_DAY_CAP`] rows remain — a day with
//! thousands of births (a province's extract) then costs nothing, and the parents' passes still
//! find the person. The candidates shown stay at most five per record and kind.
use crate::lexicon::Lex;
use crate::prepare::{finish, mix, PDate, Store, View};
use rayon::prelude::*;

/// Blocks larger than this are ignored (a key that common carries no information).
pub(crate) const MAX_BLOCK: usize = 20_000;
/// Pass 7 (name without date) is used only when its block is at most this large.
pub(crate) const NAME_ONLY_CAP: usize = 64;
/// A record without a name scores the rows born on its day (of its sex, when known) only when
/// there are at most this many; otherwise only its parents' and ID passes are used.
pub const NAMELESS_DAY_CAP: usize = 500;

#[inline]
fn key(pass: u64, parts: &[u64]) -> u64 {
    let mut h = pass.wrapping_mul(0x2545_F491_4F6C_DD1D);
    for &p in parts {
        h = mix(h, p);
    }
    finish(h)
}

/// A parent's name as (surname, given) at the phonetic level: survives a dropped middle name or
/// "Thị"/"Văn", tone and vowel errors.
fn parent_key(lex: &Lex, toks: &[u32]) -> u64 {
    let a = lex.tok(toks[0]).phon as u64;
    let b = lex.tok(*toks.last().unwrap()).phon as u64;
    finish(mix(a + 1, b + 1))
}

/// Blocking keys of one record. With `query` set, extra lookup-only variants are added
/// (day/month swapped).
pub(crate) fn keys(lex: &Lex, v: &View, query: bool, out: &mut Vec<u64>) {
    // pass 7: the first and last name tokens, in either order, without the date
    if v.name.len() >= 2 {
        let a = lex.tok(v.name[0]).phon as u64;
        let b = lex.tok(*v.name.last().unwrap()).phon as u64;
        out.push(key(7, &[a.min(b), a.max(b)]));
    }
    date_keys(lex, v, v.date, query, out);
    // the other reading of a written date (day/month swapped, another century…) blocks too, so
    // that a record whose date is impossible or has a two-digit year meets its row on every pass
    if v.alt.y != 0 && v.alt != v.date {
        date_keys(lex, v, v.alt, query, out);
    }
    if v.id != 0 {
        out.push(key(4, &[v.id]));
    }
    if v.cmnd != 0 {
        out.push(key(4, &[v.cmnd]));
    }
}

/// Pass 2 alone: the full date of each reading (the query's day/month-swapped variant too).
fn day_keys(v: &View, query: bool, out: &mut Vec<u64>) {
    for d in [v.date, v.alt] {
        if d.full() {
            out.push(key(2, &[d.y as u64, d.m as u64, d.d as u64]));
            if query && d.d <= 12 && d.d != d.m {
                out.push(key(2, &[d.y as u64, d.d as u64, d.m as u64]));
            }
        }
    }
}

/// The dated passes (1, 2, 3, 5, 6) of one reading of a record's birth date.
fn date_keys(lex: &Lex, v: &View, d: PDate, query: bool, out: &mut Vec<u64>) {
    let y = d.y as u64;
    if d.full() {
        out.push(key(2, &[y, d.m as u64, d.d as u64]));
        if query && d.d <= 12 && d.d != d.m {
            out.push(key(2, &[y, d.d as u64, d.m as u64]));
        }
    }
    if let Some(g) = v.given() {
        if d.y != 0 {
            let gp = lex.tok(g).phon as u64;
            out.push(key(1, &[gp, y]));
            // a year-only or month/year date often comes with an uncertain year: also ±1
            if d.m == 0 || d.d == 0 {
                out.push(key(1, &[gp, y - 1]));
                out.push(key(1, &[gp, y + 1]));
            }
        }
        if d.full() {
            let gp = lex.tok(g).phon as u64;
            out.push(key(5, &[gp, d.m as u64, d.d as u64]));
            if query && d.d <= 12 && d.d != d.m {
                out.push(key(5, &[gp, d.d as u64, d.m as u64]));
            }
        }
    }
    if d.y != 0 {
        if !v.mother.is_empty() {
            out.push(key(3, &[parent_key(lex, v.mother), y]));
        }
        if !v.father.is_empty() {
            out.push(key(6, &[parent_key(lex, v.father), y]));
        }
    }
}

#[derive(Default)]
pub(crate) struct Blocks {
    keys: Vec<u64>,
    offs: Vec<u32>,
    rows: Vec<u32>,
}

impl Blocks {
    pub fn build(lex: &Lex, store: &Store) -> Blocks {
        Self::build_with(store, |v, out| keys(lex, v, false, out))
    }

    /// Builds a block index with any key function (training uses its own blocking rules).
    pub fn build_with<F>(store: &Store, key_fn: F) -> Blocks
    where
        F: Fn(&View, &mut Vec<u64>) + Sync,
    {
        let n = store.len();
        let mut pairs: Vec<(u64, u32)> = (0..n)
            .into_par_iter()
            .fold(
                || (Vec::new(), Vec::new()),
                |(mut acc, mut buf): (Vec<(u64, u32)>, Vec<u64>), i| {
                    buf.clear();
                    key_fn(&store.view(i), &mut buf);
                    buf.sort_unstable();
                    buf.dedup();
                    acc.extend(buf.iter().map(|&k| (k, i as u32)));
                    (acc, buf)
                },
            )
            .map(|(acc, _)| acc)
            .reduce(Vec::new, |mut a, mut b| {
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                a.extend_from_slice(&b);
                a
            });
        pairs.par_sort_unstable();
        let mut b = Blocks {
            keys: Vec::with_capacity(pairs.len() / 2),
            offs: Vec::with_capacity(pairs.len() / 2 + 1),
            rows: Vec::with_capacity(pairs.len()),
        };
        for (i, &(k, r)) in pairs.iter().enumerate() {
            if i == 0 || pairs[i - 1].0 != k {
                b.keys.push(k);
                b.offs.push(b.rows.len() as u32);
            }
            b.rows.push(r);
        }
        b.offs.push(b.rows.len() as u32);
        b.keys.shrink_to_fit();
        b.offs.shrink_to_fit();
        b
    }

    /// All rows of a block, however large.
    pub fn get_all(&self, k: u64) -> &[u32] {
        match self.keys.binary_search(&k) {
            Ok(i) => &self.rows[self.offs[i] as usize..self.offs[i + 1] as usize],
            Err(_) => &[],
        }
    }

    #[inline]
    pub fn get(&self, k: u64, cap: usize) -> &[u32] {
        match self.keys.binary_search(&k) {
            Ok(i) => {
                let s = &self.rows[self.offs[i] as usize..self.offs[i + 1] as usize];
                if s.len() > cap {
                    &[]
                } else {
                    s
                }
            }
            Err(_) => &[],
        }
    }

    /// Candidate rows for a query view (`store`: the rows this index was built over), sorted
    /// and deduplicated, into `out`.
    pub fn candidates(&self, lex: &Lex, store: &Store, q: &View, out: &mut Vec<u32>, kbuf: &mut Vec<u64>) {
        kbuf.clear();
        keys(lex, q, true, kbuf);
        out.clear();
        if q.name.is_empty() {
            self.nameless_candidates(store, q, out, kbuf);
        } else {
            for (i, &k) in kbuf.iter().enumerate() {
                // the name-only pass (always first) is skipped for common names: the dated passes
                // cover those, and a block of namesakes would cost more than it brings
                let cap = if i == 0 && q.name.len() >= 2 { NAME_ONLY_CAP } else { MAX_BLOCK };
                out.extend_from_slice(self.get(k, cap));
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// A query without a name: its day's rows narrowed by sex and capped at
    /// [`NAMELESS_DAY_CAP`]; its other keys (parents, ID) as for any query.
    fn nameless_candidates(&self, store: &Store, q: &View, out: &mut Vec<u32>, kbuf: &[u64]) {
        let mut days = Vec::with_capacity(4);
        day_keys(q, true, &mut days);
        let mut day_rows: Vec<u32> = Vec::new();
        for &k in &days {
            let rows = self.get_all(k);
            if rows.len() > MAX_BLOCK {
                continue;
            }
            // narrowed by sex when known (a row of unknown sex stays)
            day_rows.extend(rows.iter().copied().filter(|&r| {
                let s = store.rows[r as usize].sex;
                q.sex == 0 || s == 0 || s == q.sex
            }));
        }
        day_rows.sort_unstable();
        day_rows.dedup();
        if day_rows.len() <= NAMELESS_DAY_CAP {
            out.extend_from_slice(&day_rows);
        }
        for &k in kbuf.iter().filter(|k| !days.contains(k)) {
            out.extend_from_slice(self.get(k, MAX_BLOCK));
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.offs.capacity() * 4 + self.rows.capacity() * 4
    }

    pub fn entries(&self) -> usize {
        self.rows.len()
    }
}
