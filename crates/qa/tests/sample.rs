//! Reproducible stratified samples (algorithm `sohoa-stratified-v1`, src/sample.rs).
use proptest::prelude::*;
use sohoa_qa::sample::{allocate, SampleRng, ALGORITHM};
use sohoa_qa::{draw_stratified, PageEntries};

fn book(page_sizes: &[usize]) -> Vec<PageEntries> {
    page_sizes
        .iter()
        .enumerate()
        .map(|(i, &k)| {
            let page = i as u32 + 1;
            PageEntries { page, entries: (0..k as i64).map(|e| i64::from(page) * 100 + e).collect() }
        })
        .collect()
}

#[test]
fn the_random_stream_is_the_chacha8_keystream_of_the_seed() {
    // First words computed with an independent Python implementation of the ChaCha block
    // function (8 rounds, key = seed LE ‖ 24 zero bytes, counter 0, stream 0).
    let mut r = SampleRng::new(0);
    let got: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
    assert_eq!(got, [0xd6405f892fef003e, 0xa1a5091fe8b85b7f, 0x3b7f9acec30e842c, 0x1e1a71ef88e11b18]);
    let mut r = SampleRng::new(20250701);
    let got: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
    assert_eq!(got, [0xe9f0fba4d7fa4adf, 0xf482afb955920462, 0x79f8637c0ee178fa, 0x79e1d4dd8cef702e]);
}

#[test]
fn the_same_seed_gives_the_same_sample_forever() {
    let s = draw_stratified(&book(&[10, 12, 0, 9, 11]), 7, 20250701).unwrap();
    assert_eq!(s.algorithm, ALGORITHM);
    assert_eq!(s.lot_size, 42);
    assert_eq!(s.allocation, vec![(1, 2), (2, 2), (3, 0), (4, 1), (5, 2)]);
    assert_eq!(s.entries, PINNED);
}
// Reproduced by an independent Python implementation of the documented algorithm.
const PINNED: [i64; 7] = [100, 102, 202, 204, 401, 500, 505];

#[test]
fn each_page_gets_its_exact_share_on_average_so_every_entry_has_the_same_chance() {
    // Over all N systematic starts, page h gets its extra draw for exactly r_h of them, so its
    // mean allocation is n·N_h/N exactly and each entry is drawn with probability n/N.
    for (sizes, n) in [(vec![10u64, 12, 0, 9, 11], 7u64), (vec![8, 12, 9, 10, 11, 8, 12], 3), (vec![3, 1, 4, 1, 5, 9, 2, 6], 13)] {
        let total: u64 = sizes.iter().sum();
        let mut sums = vec![0u64; sizes.len()];
        for u in 0..total {
            let a = allocate(&sizes, n, u);
            assert_eq!(a.iter().sum::<u64>(), n, "{sizes:?} u={u}");
            for (h, k) in a.iter().enumerate() {
                let exact = n * sizes[h];
                assert!(k * total <= exact + total && k * total + total > exact, "{sizes:?} u={u}: floor or ceil");
                sums[h] += k;
            }
        }
        for (h, &s) in sums.iter().enumerate() {
            assert_eq!(s, n * sizes[h], "{sizes:?}: page {h} gets n·N_h/N on average");
        }
    }
    assert_eq!(allocate(&[5, 5, 5, 5], 20, 3), vec![5, 5, 5, 5]);
    assert_eq!(allocate(&[3, 0, 1], 9, 2), vec![3, 0, 1], "never more than the lot");
}

#[test]
fn a_sample_as_large_as_the_book_takes_every_entry() {
    let b = book(&[3, 4]);
    let s = draw_stratified(&b, 50, 1).unwrap();
    assert_eq!(s.entries, vec![100, 101, 102, 200, 201, 202, 203]);
}

#[test]
fn an_empty_book_is_refused() {
    assert_eq!(draw_stratified(&book(&[0, 0]), 5, 1).unwrap_err().code(), "qa.empty_lot");
}

proptest! {
    #[test]
    fn samples_are_distinct_entries_of_the_book_drawn_in_the_allocated_numbers(
        sizes in prop::collection::vec(0usize..40, 1..30),
        n in 0u64..400,
        seed in any::<u64>(),
    ) {
        let b = book(&sizes);
        let total: u64 = sizes.iter().map(|&k| k as u64).sum();
        prop_assume!(total > 0);
        let s = draw_stratified(&b, n, seed).unwrap();
        prop_assert_eq!(s.entries.len() as u64, n.min(total));
        let mut sorted = s.entries.clone();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), s.entries.len(), "sorted and distinct");
        for (page, k) in &s.allocation {
            let on_page = s.entries.iter().filter(|&&e| e / 100 == i64::from(*page)).count() as u64;
            prop_assert_eq!(on_page, *k);
            let size = sizes[*page as usize - 1] as u64;
            // proportional: the exact share rounded down or up
            let exact = n.min(total) * size;
            prop_assert!(k * total <= exact + total && k * total + total > exact);
        }
    }

    #[test]
    fn the_order_in_which_pages_and_entries_arrive_does_not_change_the_sample(
        sizes in prop::collection::vec(1usize..20, 1..10),
        n in 1u64..60,
        seed in any::<u64>(),
    ) {
        let b = book(&sizes);
        let mut shuffled = b.clone();
        shuffled.reverse();
        for p in &mut shuffled {
            p.entries.reverse();
        }
        prop_assert_eq!(draw_stratified(&b, n, seed).unwrap(), draw_stratified(&shuffled, n, seed).unwrap());
    }
}

#[test]
fn uniform_draws_below_a_bound_stay_below_it_and_cover_it() {
    let mut r = SampleRng::new(7);
    let mut seen = [0u32; 7];
    for _ in 0..7_000 {
        seen[r.below(7) as usize] += 1;
    }
    assert!(seen.iter().all(|&c| (850..1150).contains(&c)), "{seen:?}");
}
