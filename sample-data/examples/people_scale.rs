//! `cargo run --release -p sohoa-sample --example people_scale -- 200000`: times the population model alone.
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let t = std::time::Instant::now();
    let pop = sohoa_sample::generate_people(1, n);
    let residents = pop.residents().count();
    println!("{} people ({residents} residents, {} marriages) in {:?}", pop.people.len(), pop.marriages.len(), t.elapsed());
}
