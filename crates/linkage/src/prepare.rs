//! The prepared (normalised, interned) form of records, computed once per record.
//!
//! A [`Store`] holds many prepared rows compactly: a fixed 48-byte [`Row`] per record plus its
//! name tokens (u32 ids) in one shared arena, and the candidate ids in one string arena.
use crate::lexicon::{Lex, Sink, NONE};
use crate::record::{id_value, KeyedRecord, NameParts, PartialDate, PersonRecord};
use crate::text::raw_tokens;
use rustc_hash::FxHashMap;

/// A partial date packed: `y == 0` means no date; `m`/`d` 0 mean unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PDate {
    pub y: i16,
    pub m: u8,
    pub d: u8,
}

impl PDate {
    pub fn from(p: Option<&PartialDate>) -> PDate {
        match p {
            None => PDate::default(),
            Some(p) => {
                let m = p.month.unwrap_or(0);
                PDate { y: p.year as i16, m, d: if m == 0 { 0 } else { p.day.unwrap_or(0) } }
            }
        }
    }
    pub fn full(&self) -> bool {
        self.y != 0 && self.m != 0 && self.d != 0
    }
}

const MAX_TOKENS: usize = 12;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub tok: u32,
    pub n_name: u8,
    pub n_sur: u8,
    pub n_father: u8,
    pub n_mother: u8,
    pub sex: u8,
    pub date: PDate,
    /// Another reading of the written date (`y == 0`: none) and the level an exact agreement on
    /// it is worth.
    pub alt: PDate,
    pub alt_level: u8,
    pub place: u32,
    pub id: u64,
    pub cmnd: u64,
}

/// A borrowed view of one prepared record.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub name: &'a [u32],
    pub n_sur: usize,
    pub father: &'a [u32],
    pub mother: &'a [u32],
    pub sex: u8,
    pub date: PDate,
    pub alt: PDate,
    pub alt_level: u8,
    pub place: u32,
    pub id: u64,
    pub cmnd: u64,
}

impl<'a> View<'a> {
    pub fn surname(&self) -> &'a [u32] {
        &self.name[..self.n_sur]
    }
    pub fn given(&self) -> Option<u32> {
        self.name.last().copied()
    }
}

#[derive(Default)]
pub(crate) struct Store {
    pub rows: Vec<Row>,
    pub toks: Vec<u32>,
    ids: String,
    id_offs: Vec<u32>,
}

/// Input fields common to both record kinds.
pub(crate) struct Fields<'r> {
    pub id: &'r str,
    pub name: &'r str,
    pub parts: Option<&'r NameParts>,
    pub date: Option<&'r PartialDate>,
    pub alt: Option<&'r crate::record::DateAlternative>,
    pub sex: u8,
    pub father: Option<&'r str>,
    pub mother: Option<&'r str>,
    pub places: [Option<&'r str>; 3],
    pub id_number: u64,
    pub cmnd: u64,
}

impl<'r> Fields<'r> {
    pub fn person(p: &'r PersonRecord) -> Self {
        Fields {
            id: &p.id_number,
            name: &p.full_name,
            parts: p.name_parts.as_ref(),
            date: p.birth_date.as_ref(),
            alt: None,
            sex: p.sex.code(),
            father: p.father_name.as_deref(),
            mother: p.mother_name.as_deref(),
            places: [p.birth_registration_place.as_deref(), p.home_town.as_deref(), p.residence.as_deref()],
            id_number: id_value(Some(&p.id_number)),
            cmnd: id_value(p.cmnd.as_deref()),
        }
    }
    pub fn keyed(k: &'r KeyedRecord) -> Self {
        Fields {
            id: &k.record_ref,
            name: &k.full_name,
            parts: None,
            date: k.birth_date.as_ref(),
            alt: k.birth_date_alt.as_ref(),
            sex: k.sex.code(),
            father: k.father_name.as_deref(),
            mother: k.mother_name.as_deref(),
            places: [k.registration_place.as_deref(), k.birth_place.as_deref(), k.home_town.as_deref()],
            id_number: id_value(k.id_number.as_deref()),
            cmnd: 0,
        }
    }
}

fn push_tokens<S: Sink>(toks: &mut Vec<u32>, sink: &mut S, s: &str) -> u8 {
    let mut n = 0u8;
    for raw in raw_tokens(s) {
        if n as usize >= MAX_TOKENS {
            break;
        }
        let id = sink.token(raw);
        if id != NONE {
            toks.push(id);
            n += 1;
        }
    }
    n
}

impl Store {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn push<S: Sink>(&mut self, sink: &mut S, f: &Fields) {
        let tok = self.toks.len() as u32;
        let (n_name, n_sur) = match f.parts {
            Some(p) if !p.given.trim().is_empty() => {
                let ns = push_tokens(&mut self.toks, sink, &p.surname);
                let mut n = ns;
                for m in &p.middle {
                    n += push_tokens(&mut self.toks, sink, m);
                }
                n += push_tokens(&mut self.toks, sink, &p.given);
                (n, ns)
            }
            _ => {
                let n = push_tokens(&mut self.toks, sink, f.name);
                (n, 1)
            }
        };
        let n_sur = if n_name <= 1 { 0 } else { n_sur.min(n_name - 1) };
        let n_father = f.father.map_or(0, |s| push_tokens(&mut self.toks, sink, s));
        let n_mother = f.mother.map_or(0, |s| push_tokens(&mut self.toks, sink, s));
        let mut joined = String::new();
        for p in f.places.iter().flatten() {
            let p = p.trim();
            if !p.is_empty() {
                if !joined.is_empty() {
                    joined.push_str(" | ");
                }
                joined.push_str(p);
            }
        }
        let place = if joined.is_empty() { NONE } else { sink.place(&joined) };
        self.rows.push(Row {
            tok,
            n_name,
            n_sur,
            n_father,
            n_mother,
            sex: f.sex,
            date: PDate::from(f.date),
            alt: PDate::from(f.alt.map(|a| &a.date)),
            alt_level: f.alt.map_or(0, |a| a.level),
            place,
            id: f.id_number,
            cmnd: f.cmnd,
        });
        if self.id_offs.is_empty() {
            self.id_offs.push(0);
        }
        self.ids.push_str(f.id);
        self.id_offs.push(self.ids.len() as u32);
    }

    #[inline]
    pub fn view(&self, i: usize) -> View<'_> {
        let r = &self.rows[i];
        let a = r.tok as usize;
        let b = a + r.n_name as usize;
        let c = b + r.n_father as usize;
        let d = c + r.n_mother as usize;
        View {
            name: &self.toks[a..b],
            n_sur: r.n_sur as usize,
            father: &self.toks[b..c],
            mother: &self.toks[c..d],
            sex: r.sex,
            date: r.date,
            alt: r.alt,
            alt_level: r.alt_level,
            place: r.place,
            id: r.id,
            cmnd: r.cmnd,
        }
    }

    pub fn id_str(&self, i: usize) -> &str {
        &self.ids[self.id_offs[i] as usize..self.id_offs[i + 1] as usize]
    }

    pub fn heap_bytes(&self) -> usize {
        self.rows.capacity() * std::mem::size_of::<Row>() + self.toks.capacity() * 4 + self.ids.capacity() + self.id_offs.capacity() * 4
    }
}

#[inline]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(26) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline]
pub(crate) fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hash of a token sequence at the folded level.
pub(crate) fn folded_hash(lex: &Lex, toks: &[u32]) -> u64 {
    let mut h = 0x1234_5678u64;
    for &t in toks {
        h = mix(h, lex.tok(t).folded as u64 + 1);
    }
    finish(h)
}

/// Value frequencies over one store, for term-frequency adjustments (Splink's `tf_` columns).
#[derive(Default)]
pub(crate) struct Freq {
    pub n: f64,
    pub full: FxHashMap<u64, u32>,
    pub sg: FxHashMap<u64, u32>,
    pub given: FxHashMap<u32, u32>,
    pub parent: FxHashMap<u64, u32>,
    pub n_parent: f64,
    /// Σ tf² per family: the chance that two random records agree on that value.
    pub u_full: f64,
    pub u_sg: f64,
    pub u_given: f64,
    pub u_parent: f64,
}

pub(crate) fn sg_hash(lex: &Lex, v: &View) -> u64 {
    let mut h = folded_hash(lex, v.surname());
    h = mix(h, v.given().map_or(0, |g| lex.tok(g).folded as u64 + 1));
    finish(h)
}

impl Freq {
    pub fn build(store: &Store, lex: &Lex) -> Freq {
        let mut f = Freq { n: store.len().max(1) as f64, ..Default::default() };
        let mut np = 0usize;
        for i in 0..store.len() {
            let v = store.view(i);
            if v.name.is_empty() {
                continue;
            }
            *f.full.entry(folded_hash(lex, v.name)).or_default() += 1;
            *f.sg.entry(sg_hash(lex, &v)).or_default() += 1;
            if let Some(g) = v.given() {
                *f.given.entry(lex.tok(g).folded).or_default() += 1;
            }
            for p in [v.father, v.mother] {
                if !p.is_empty() {
                    *f.parent.entry(folded_hash(lex, p)).or_default() += 1;
                    np += 1;
                }
            }
        }
        f.n_parent = np.max(1) as f64;
        let sumsq = |m: &FxHashMap<u64, u32>, n: f64| m.values().map(|&c| (c as f64 / n).powi(2)).sum::<f64>();
        f.u_full = sumsq(&f.full, f.n);
        f.u_sg = sumsq(&f.sg, f.n);
        f.u_given = f.given.values().map(|&c| (c as f64 / f.n).powi(2)).sum();
        f.u_parent = sumsq(&f.parent, f.n_parent);
        f
    }
}
