//! One side of a linkage: prepared rows, their blocking index and value frequencies, and the
//! random pairs drawn from two sides to estimate the u probabilities. Below both the index and
//! the trainer, which use it.
use crate::blocking::Blocks;
use crate::compare::{compare, FIELDS};
use crate::lexicon::Lex;
use crate::prepare::{Freq, Store};
use crate::rng::Rng;
use rayon::prelude::*;

/// Prepared rows + their blocking index + value frequencies.
pub(crate) struct Side {
    pub store: Store,
    pub blocks: Blocks,
    pub freq: Freq,
}

impl Side {
    pub fn build(lex: &Lex, store: Store) -> Side {
        let blocks = Blocks::build(lex, &store);
        let freq = Freq::build(&store, lex);
        Side { store, blocks, freq }
    }
    pub fn heap_bytes(&self) -> usize {
        self.store.heap_bytes() + self.blocks.heap_bytes() + (self.freq.full.len() + self.freq.sg.len() + self.freq.parent.len()) * 16
    }
}

/// Level counts of random pairs, for u estimation.
pub(crate) fn sample_u(lex: &Lex, a: &Store, b: &Store, pairs: usize, seed: u64, same: bool) -> [[u64; 16]; 7] {
    let chunks = 64usize;
    // sampling more pairs than there are is pointless for tiny sets
    let pairs = pairs.min((a.len() * b.len()).saturating_mul(2).max(1000));
    let per = pairs.div_ceil(chunks);
    if a.len() == 0 || b.len() == 0 || (same && a.len() < 2) {
        return [[0; 16]; 7];
    }
    (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut rng = Rng::new(seed ^ (c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut counts = [[0u64; 16]; 7];
            for _ in 0..per {
                let i = rng.below(a.len());
                let mut j = rng.below(b.len());
                if same && i == j {
                    j = (j + 1) % b.len();
                }
                let v = compare(lex, &a.view(i), &b.view(j));
                for (f, row) in counts.iter_mut().enumerate() {
                    row[crate::compare::level_of(v, f) as usize] += 1;
                }
            }
            counts
        })
        .reduce(
            || [[0u64; 16]; 7],
            |mut x, y| {
                for f in 0..FIELDS.len() {
                    for l in 0..16 {
                        x[f][l] += y[f][l];
                    }
                }
                x
            },
        )
}
