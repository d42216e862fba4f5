//! Reproducible samples stratified over a book's pages.
//!
//! Algorithm `sohoa-stratified-v1` — fixed forever; a change needs a new name, old reviews keep
//! the old one:
//! 1. Pages are taken in ascending page number, entries within a page in ascending entry id
//!    (the caller's order does not matter). Empty pages are strata of size 0.
//! 2. Proportional allocation with unbiased (systematic) rounding: page h with N_h of the N
//!    entries has the exact share n·N_h/N = f_h + r_h/N (f_h whole, 0 ≤ r_h < N). It gets f_h
//!    draws, plus one more if it is hit by the systematic selection of the n − Σf_h leftover
//!    draws over the remainders: with u = uniform(N) (the first random number drawn), the points
//!    u, u + N, u + 2N, … are laid on the pages' remainders r_h put end to end in page order, and
//!    a page whose stretch holds a point gets its extra draw. A page gets it with probability
//!    exactly r_h/N, so **every entry of the book is drawn with probability exactly n/N**, and
//!    the leftover draws are spread evenly along the book.
//!    (Largest-remainder rounding was tried first and rejected: with books of ~10 entries a page
//!    and samples of fewer draws than pages, it always picked the largest pages and never the
//!    smallest — the `oc_sim` example showed acceptance rates 10 standard errors off the OC
//!    curve.)
//! 3. Random numbers: the ChaCha keystream with 8 rounds (Bernstein's layout: 64-bit block
//!    counter from 0, 64-bit stream id 0; `rand_chacha::ChaCha8Rng::from_seed`), keyed with the
//!    seed as 8 little-endian bytes followed by 24 zero bytes, read as little-endian u64 words.
//!    The keystream is fixed by the cipher, not by `rand`: a test pins its first words against
//!    an independent implementation of the block function.
//! 4. A uniform integer below `m`: draw words until one is below `m·⌊2⁶⁴/m⌋` and take it mod m
//!    (rejection, no bias).
//! 5. Then, within each page, in page order, a partial Fisher–Yates shuffle picks the page's k_h
//!    entries: for i in 0..k_h, swap position i with i + uniform(N_h − i).
//! 6. The sample is returned in book order (page, then entry id).
//!
//! A sample is reproduced from (entries, n, seed); record the seed with the review.
use crate::QaError;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// The algorithm name recorded with every sample.
pub const ALGORITHM: &str = "sohoa-stratified-v1";

/// The entries of one page (stratum).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageEntries {
    pub page: u32,
    /// Entry ids on that page.
    pub entries: Vec<i64>,
}

/// A drawn sample and how to draw it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub algorithm: String,
    pub seed: u64,
    /// Entries in the lot.
    pub lot_size: u64,
    /// (page, entries drawn from it), ascending page.
    pub allocation: Vec<(u32, u64)>,
    /// Sampled entry ids in book order.
    pub entries: Vec<i64>,
}

/// The seeded generator of step 3.
pub struct SampleRng(ChaCha8Rng);

impl SampleRng {
    pub fn new(seed: u64) -> SampleRng {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        SampleRng(ChaCha8Rng::from_seed(key))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in 0..m (m > 0), step 4.
    pub fn below(&mut self, m: u64) -> u64 {
        assert!(m > 0);
        let zone = m * (u64::MAX / m); // largest multiple of m not above 2^64 − 1
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % m;
            }
        }
    }
}

/// Step 2: how many entries each stratum gives, for the systematic start `u` (0 ≤ u < Σ sizes).
/// `sizes` in stratum order.
pub fn allocate(sizes: &[u64], n: u64, u: u64) -> Vec<u64> {
    let total: u64 = sizes.iter().sum();
    if total == 0 {
        return vec![0; sizes.len()];
    }
    let n = n.min(total);
    let (n128, total128) = (u128::from(n), u128::from(total));
    let mut alloc = Vec::with_capacity(sizes.len());
    // cumulative remainders: stretch of page h is [cum, cum + r_h); points are u + k·total
    let mut cum: u128 = 0;
    let mut next_point = u128::from(u % total);
    for &size in sizes {
        let share = n128 * u128::from(size);
        let (whole, rem) = ((share / total128) as u64, share % total128);
        let hit = next_point < cum + rem; // at most one point per stretch: rem < total
        if hit {
            next_point += total128;
        }
        alloc.push(whole + u64::from(hit));
        cum += rem;
    }
    debug_assert_eq!(alloc.iter().sum::<u64>(), n);
    alloc
}

/// Draws `n` entries (all of them when `n ≥` the lot) stratified over pages, from `seed`.
pub fn draw_stratified(pages: &[PageEntries], n: u64, seed: u64) -> Result<Sample, QaError> {
    let mut strata: Vec<PageEntries> = pages.to_vec();
    strata.sort_by_key(|p| p.page);
    for s in &mut strata {
        s.entries.sort_unstable();
    }
    let sizes: Vec<u64> = strata.iter().map(|s| s.entries.len() as u64).collect();
    let lot_size: u64 = sizes.iter().sum();
    if lot_size == 0 {
        return Err(QaError::EmptyLot);
    }
    let mut rng = SampleRng::new(seed);
    let alloc = allocate(&sizes, n, rng.below(lot_size));
    let mut entries = Vec::with_capacity(alloc.iter().sum::<u64>() as usize);
    for (stratum, &k) in strata.iter_mut().zip(&alloc) {
        let pool = &mut stratum.entries;
        let len = pool.len() as u64;
        for i in 0..k {
            let j = i + rng.below(len - i);
            pool.swap(i as usize, j as usize);
        }
        let mut picked: Vec<i64> = pool[..k as usize].to_vec();
        picked.sort_unstable();
        entries.extend(picked);
    }
    Ok(Sample {
        algorithm: ALGORITHM.to_string(),
        seed,
        lot_size,
        allocation: strata.iter().zip(&alloc).map(|(s, &k)| (s.page, k)).collect(),
        entries,
    })
}
