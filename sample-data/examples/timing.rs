//! Times `generate()` for the default config with and without page images:
//! `cargo run [--release] -p sohoa-sample --example timing [books]`
use std::time::Instant;

fn main() {
    let books = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(12);
    for render in [false, true] {
        let cfg = sohoa_sample::SampleConfig { books, render_pages: render, ..Default::default() };
        let t = Instant::now();
        let c = sohoa_sample::generate(&cfg);
        let pages: usize = c.books.iter().map(|b| b.pages.len()).sum();
        let kinds: Vec<String> = c.books.iter().map(|b| format!("{}:{}", b.book_type, b.entries.len())).collect();
        println!("render_pages={render}: {:?} ({} books, {pages} pages) {}", t.elapsed(), c.books.len(), kinds.join(" "));
    }
}
