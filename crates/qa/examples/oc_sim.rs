//! Does the plan accept good books and return bad ones as often as its OC curve says?
//!
//! `cargo run --release -p sohoa-qa --example oc_sim [-- TRIALS]` (default 20 000 per row)
//!
//! For each book size and true error rate, a synthetic book is made once: N entries on pages of
//! 8–12 entries, exactly D = round(p·N) of them erroneous, at random places. Each trial draws the
//! plan's sample with `draw_stratified` (seed = trial number), counts the erroneous entries in it
//! and accepts when the count is ≤ Ac. The observed acceptance rate is printed beside
//! - the binomial OC (what ISO 2859-1 tabulates: sampling from a process), and
//! - the hypergeometric OC (exact for this finite book, sampling without replacement),
//!
//! with z = (observed − hypergeometric) / its binomial standard error. A second table does the same
//! for the field-level view: every entry has 15 fields, each wrong with probability q, the plan
//! counts wrong fields (nonconformities per 100 entries) and is compared with the Poisson OC at
//! the book's actual rate (what the standard tabulates) and with the exact acceptance
//! probability for this finite book (entries drawn without replacement; multivariate
//! hypergeometric over entries with 0, 1, 2, … wrong fields), the z being against the latter.
use sohoa_qa::oc::{pa_binomial, pa_hypergeometric, pa_poisson};
use sohoa_qa::sample::SampleRng;
use sohoa_qa::{draw_stratified, Aql, PageEntries, Plan, Severity};
use statrs::function::factorial::ln_binomial;

struct Book {
    pages: Vec<PageEntries>,
    /// wrong fields per entry, indexed by entry id
    wrong_fields: Vec<u32>,
}

fn pages_for(n: u64, rng: &mut SampleRng) -> Vec<PageEntries> {
    let mut pages = Vec::new();
    let mut next: i64 = 0;
    let mut page = 1;
    while (next as u64) < n {
        let k = (8 + rng.below(5) as i64).min(n as i64 - next);
        pages.push(PageEntries { page, entries: (next..next + k).collect() });
        next += k;
        page += 1;
    }
    pages
}

/// Exactly `defective` erroneous entries (one wrong field each) at random places.
fn book_with_defectives(n: u64, defective: u64, seed: u64) -> Book {
    let mut rng = SampleRng::new(seed);
    let pages = pages_for(n, &mut rng);
    let mut ids: Vec<usize> = (0..n as usize).collect();
    for i in 0..defective as usize {
        let j = i + rng.below(n - i as u64) as usize;
        ids.swap(i, j);
    }
    let mut wrong_fields = vec![0u32; n as usize];
    for &id in &ids[..defective as usize] {
        wrong_fields[id] = 1;
    }
    Book { pages, wrong_fields }
}

/// Every entry has `fields` fields, each wrong with probability `q`.
fn book_with_field_errors(n: u64, fields: u32, q: f64, seed: u64) -> Book {
    let mut rng = SampleRng::new(seed);
    let pages = pages_for(n, &mut rng);
    let threshold = (q * 2f64.powi(53)) as u64;
    let wrong_fields = (0..n).map(|_| (0..fields).filter(|_| (rng.next_u64() >> 11) < threshold).count() as u32).collect();
    Book { pages, wrong_fields }
}

/// P[total wrong fields in n entries drawn without replacement ≤ c], exact: `counts[k]` entries
/// of the book have k wrong fields.
fn pa_fields_exact(counts: &[u64], n: u64, c: u64) -> f64 {
    struct Walk<'a> {
        counts: &'a [u64],
        n: u64,
        ln_all: f64,
        acc: f64,
    }
    impl Walk<'_> {
        /// enumerate x_k (k ≥ 1) with Σ k·x_k ≤ c
        fn go(&mut self, k: usize, budget: u64, chosen: u64, ln_w: f64) {
            if k == self.counts.len() {
                if chosen <= self.n && self.n - chosen <= self.counts[0] {
                    self.acc += (ln_w + ln_binomial(self.counts[0], self.n - chosen) - self.ln_all).exp();
                }
                return;
            }
            let mut x = 0;
            while x <= self.counts[k] && x * k as u64 <= budget {
                self.go(k + 1, budget - x * k as u64, chosen + x, ln_w + ln_binomial(self.counts[k], x));
                x += 1;
            }
        }
    }
    let total: u64 = counts.iter().sum();
    let mut w = Walk { counts, n, ln_all: ln_binomial(total, n), acc: 0.0 };
    w.go(1, c, 0, 0.0);
    w.acc
}

fn acceptance_rate(book: &Book, plan: &Plan, trials: u64, count_fields: bool, salt: u64) -> f64 {
    let mut accepted = 0u64;
    for t in 0..trials {
        let s = draw_stratified(&book.pages, plan.inspected(), salt.wrapping_mul(1_000_003).wrapping_add(t)).expect("non-empty");
        let d: u64 = s
            .entries
            .iter()
            .map(|&e| {
                let w = book.wrong_fields[e as usize];
                if count_fields {
                    u64::from(w)
                } else {
                    u64::from(w > 0)
                }
            })
            .sum();
        if d <= u64::from(plan.ac) {
            accepted += 1;
        }
    }
    accepted as f64 / trials as f64
}

fn main() {
    let trials: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let aql: Aql = "1.0".parse().unwrap();
    let started = std::time::Instant::now();
    println!("Entry view (nonconforming entries), normal inspection, level II, AQL 1.0, {trials} trials per row");
    println!();
    println!("| book N | plan | true rate | D | observed Pa | ±1 SE | OC binomial | OC hypergeometric | z vs hypergeometric |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut worst: f64 = 0.0;
    let mut max_model_gap: f64 = 0.0;
    for (i, &n) in [300u64, 1_200, 5_000].iter().enumerate() {
        let plan = Plan::level_ii(n, Severity::Normal, aql).unwrap();
        for (k, &rate) in [0.25f64, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0].iter().enumerate() {
            let d = (rate / 100.0 * n as f64).round() as u64;
            let book = book_with_defectives(n, d, 1_000 + (i * 10 + k) as u64);
            let obs = acceptance_rate(&book, &plan, trials, false, (i * 10 + k) as u64);
            let bin = pa_binomial(plan.inspected(), u64::from(plan.ac), d as f64 / n as f64);
            let hyp = pa_hypergeometric(n, d, plan.inspected(), u64::from(plan.ac));
            let se = (hyp * (1.0 - hyp) / trials as f64).sqrt();
            let z = if se > 0.0 { (obs - hyp) / se } else { 0.0 };
            worst = worst.max(z.abs());
            max_model_gap = max_model_gap.max((bin - hyp).abs());
            println!(
                "| {n} | {} n={} Ac={} | {rate:.2} % | {d} | {obs:.4} | {se:.4} | {bin:.4} | {hyp:.4} | {z:+.2} |",
                plan.code, plan.n, plan.ac
            );
        }
    }
    println!();
    println!("largest |z| = {worst:.2}; largest |binomial − hypergeometric| = {max_model_gap:.4}");
    println!();
    println!("Field view (wrong fields per 100 entries; 15 fields per entry), book N = 5000, plan L n=200 Ac=5, {trials} trials per row");
    println!();
    println!("| q per field | book's wrong fields per 100 entries | observed Pa | ±1 SE | OC Poisson | exact, this book | z vs exact |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let plan = Plan::level_ii(5_000, Severity::Normal, aql).unwrap();
    let mut worst_f: f64 = 0.0;
    for (k, &per100) in [0.5f64, 1.0, 2.0, 3.0, 4.0, 6.0].iter().enumerate() {
        let q = per100 / 100.0 / 15.0;
        let book = book_with_field_errors(5_000, 15, q, 77 + k as u64);
        let actual = book.wrong_fields.iter().map(|&w| f64::from(w)).sum::<f64>() / 5_000.0;
        let obs = acceptance_rate(&book, &plan, trials, true, 100 + k as u64);
        let poi = pa_poisson(plan.inspected(), u64::from(plan.ac), actual);
        let mut counts = vec![0u64; 16];
        for &w in &book.wrong_fields {
            counts[w as usize] += 1;
        }
        let exact = pa_fields_exact(&counts, plan.inspected(), u64::from(plan.ac));
        let se = (exact * (1.0 - exact) / trials as f64).sqrt();
        let z = if se > 0.0 { (obs - exact) / se } else { 0.0 };
        worst_f = worst_f.max(z.abs());
        println!("| {q:.5} | {:.2} | {obs:.4} | {se:.4} | {poi:.4} | {exact:.4} | {z:+.2} |", 100.0 * actual);
    }
    println!();
    println!("largest |z| = {worst_f:.2}; {:.1} s", started.elapsed().as_secs_f64());
}
