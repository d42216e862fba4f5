//! String interning: every distinct raw token is normalised once; records then hold `u32` ids.
//!
//! A token id is the id of its `exact` key; its looser keys (canon, toneless, folded, phon) are
//! ids in their own interners, so comparing two tokens at any level is an integer comparison.
//! Queries against a frozen lexicon use an [`Overlay`] for tokens the lexicon has never seen.
use crate::text::{raw_tokens, token_keys};
use rustc_hash::FxHashMap;

pub(crate) const NONE: u32 = u32::MAX;
pub(crate) const FLAG_THI_VAN: u8 = 1;
/// The token occurs at least [`COMMON_GIVEN_MIN`] times as a given name in the indexed rows.
pub(crate) const FLAG_COMMON_GIVEN: u8 = 2;
pub(crate) const COMMON_GIVEN_MIN: u32 = 3;

#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenInfo {
    pub canon: u32,
    pub toneless: u32,
    pub folded: u32,
    pub phon: u32,
    pub flags: u8,
}

#[derive(Default)]
pub(crate) struct Interner {
    map: FxHashMap<Box<str>, u32>,
    strs: Vec<Box<str>>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = self.strs.len() as u32;
        let b: Box<str> = s.into();
        self.strs.push(b.clone());
        self.map.insert(b, id);
        id
    }
    pub fn get(&self, s: &str) -> Option<u32> {
        self.map.get(s).copied()
    }
    pub fn len(&self) -> usize {
        self.strs.len()
    }
    pub fn str(&self, id: u32) -> &str {
        &self.strs[id as usize]
    }
}

/// Words that say what kind of unit a place is, not which one.
const PLACE_STOP: &[&str] = &[
    "xa", "huyen", "tinh", "phuong", "thi", "tran", "thanh", "pho", "quan", "thon", "ap", "to", "khu", "so", "tp", "tx", "tt", "p", "q",
    "h", "x", "t", "khom", "ban", "xom", "duong", "viet", "nam", "vn", "dan", "pho", "cum", "doi", "lang", "tdp",
];

#[derive(Default)]
pub(crate) struct Lexicon {
    raw: FxHashMap<Box<str>, u32>,
    exact: Interner,
    pub tokens: Vec<TokenInfo>,
    canon: Interner,
    toneless: Interner,
    folded: Interner,
    phon: Interner,
    // places: whole cleaned string -> set of distinctive folded tokens (sorted, deduplicated)
    place_raw: FxHashMap<Box<str>, u32>,
    place_tok: Interner,
    place_offs: Vec<u32>,
    place_ids: Vec<u32>,
}

/// Tokens and places of one query that the frozen lexicon does not know.
#[derive(Default)]
pub(crate) struct Overlay {
    tokens: Vec<TokenInfo>,
    exact: Vec<String>,
    keys: [Vec<String>; 4],
    pub place: Vec<u32>,
}

pub(crate) const PLACE_OVERLAY: u32 = u32::MAX - 1;

/// Anything that turns raw strings into ids: a growing lexicon, or a frozen one plus an overlay.
pub(crate) trait Sink {
    fn token(&mut self, raw: &str) -> u32;
    fn place(&mut self, joined: &str) -> u32;
}

impl Sink for Lexicon {
    fn token(&mut self, raw: &str) -> u32 {
        if let Some(&id) = self.raw.get(raw) {
            return id;
        }
        let id = match token_keys(raw) {
            None => NONE,
            Some(k) => {
                let before = self.exact.len();
                let id = self.exact.intern(&k.exact);
                if id as usize == before {
                    let flags = if k.folded == "thi" || k.folded == "van" { FLAG_THI_VAN } else { 0 };
                    let info = TokenInfo {
                        canon: self.canon.intern(&k.canon),
                        toneless: self.toneless.intern(&k.toneless),
                        folded: self.folded.intern(&k.folded),
                        phon: self.phon.intern(&k.phon),
                        flags,
                    };
                    self.tokens.push(info);
                }
                id
            }
        };
        self.raw.insert(raw.into(), id);
        id
    }

    fn place(&mut self, joined: &str) -> u32 {
        if let Some(&id) = self.place_raw.get(joined) {
            return id;
        }
        let mut ids: Vec<u32> = place_tokens(joined).map(|t| self.place_tok.intern(&t)).collect();
        ids.sort_unstable();
        ids.dedup();
        if self.place_offs.is_empty() {
            self.place_offs.push(0);
        }
        self.place_ids.extend_from_slice(&ids);
        self.place_offs.push(self.place_ids.len() as u32);
        let id = (self.place_offs.len() - 2) as u32;
        self.place_raw.insert(joined.into(), id);
        id
    }
}

fn place_tokens(s: &str) -> impl Iterator<Item = String> + '_ {
    raw_tokens(s).filter_map(token_keys).map(|k| k.folded).filter(|f| !PLACE_STOP.contains(&f.as_str()))
}

/// A frozen lexicon with an overlay for one query.
pub(crate) struct OverlaySink<'a> {
    pub base: &'a Lexicon,
    pub over: Overlay,
}

impl Sink for OverlaySink<'_> {
    fn token(&mut self, raw: &str) -> u32 {
        if let Some(&id) = self.base.raw.get(raw) {
            return id;
        }
        let Some(k) = token_keys(raw) else { return NONE };
        if let Some(id) = self.base.exact.get(&k.exact) {
            return id;
        }
        let base_n = self.base.tokens.len();
        if let Some(i) = self.over.exact.iter().position(|e| *e == k.exact) {
            return (base_n + i) as u32;
        }
        let interners = [&self.base.canon, &self.base.toneless, &self.base.folded, &self.base.phon];
        let mut ids = [0u32; 4];
        for (lvl, key) in [&k.canon, &k.toneless, &k.folded, &k.phon].into_iter().enumerate() {
            ids[lvl] = match interners[lvl].get(key) {
                Some(id) => id,
                None => {
                    let list = &mut self.over.keys[lvl];
                    let pos = match list.iter().position(|e| e == key) {
                        Some(p) => p,
                        None => {
                            list.push(key.clone());
                            list.len() - 1
                        }
                    };
                    (interners[lvl].len() + pos) as u32
                }
            };
        }
        let flags = if k.folded == "thi" || k.folded == "van" { FLAG_THI_VAN } else { 0 };
        self.over.tokens.push(TokenInfo { canon: ids[0], toneless: ids[1], folded: ids[2], phon: ids[3], flags });
        self.over.exact.push(k.exact);
        (base_n + self.over.tokens.len() - 1) as u32
    }

    fn place(&mut self, joined: &str) -> u32 {
        if let Some(&id) = self.base.place_raw.get(joined) {
            return id;
        }
        let mut unknown = 0u32;
        let mut ids: Vec<u32> = place_tokens(joined)
            .map(|t| match self.base.place_tok.get(&t) {
                Some(id) => id,
                None => {
                    unknown += 1;
                    NONE - 1 - unknown
                }
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        self.over.place = ids;
        PLACE_OVERLAY
    }
}

/// Read access to a lexicon, optionally with one query's overlay.
#[derive(Clone, Copy)]
pub(crate) struct Lex<'a> {
    pub base: &'a Lexicon,
    pub over: Option<&'a Overlay>,
}

impl<'a> Lex<'a> {
    pub fn new(base: &'a Lexicon) -> Self {
        Lex { base, over: None }
    }
    #[inline]
    pub fn tok(&self, id: u32) -> TokenInfo {
        let n = self.base.tokens.len();
        if (id as usize) < n {
            self.base.tokens[id as usize]
        } else {
            self.over.expect("overlay token without overlay").tokens[id as usize - n]
        }
    }
    pub fn folded_str(&self, fid: u32) -> &'a str {
        let n = self.base.folded.len();
        if (fid as usize) < n {
            self.base.folded.str(fid)
        } else {
            &self.over.expect("overlay key without overlay").keys[2][fid as usize - n]
        }
    }
    pub fn place(&self, id: u32) -> &'a [u32] {
        if id == NONE {
            return &[];
        }
        if id == PLACE_OVERLAY {
            return &self.over.expect("overlay place without overlay").place;
        }
        let a = self.base.place_offs[id as usize] as usize;
        let b = self.base.place_offs[id as usize + 1] as usize;
        &self.base.place_ids[a..b]
    }
}

impl Lexicon {
    /// Flags the tokens whose folded form is a given name at least `COMMON_GIVEN_MIN` times in
    /// `given_counts` (folded id → count).
    pub fn mark_common_given(&mut self, given_counts: &FxHashMap<u32, u32>) {
        for t in self.tokens.iter_mut() {
            if given_counts.get(&t.folded).is_some_and(|&c| c >= COMMON_GIVEN_MIN) {
                t.flags |= FLAG_COMMON_GIVEN;
            }
        }
    }

    pub fn heap_estimate(&self) -> usize {
        (self.raw.len() + self.exact.len() * 2 + self.place_raw.len()) * 48
            + self.tokens.len() * std::mem::size_of::<TokenInfo>()
            + self.place_ids.len() * 4
    }
}
