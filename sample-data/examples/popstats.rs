fn main() {
    let cfg = sohoa_sample::SampleConfig { render_pages: false, ..Default::default() };
    let t = std::time::Instant::now();
    let c = sohoa_sample::generate(&cfg);
    println!("generate in {:?}; people {}", t.elapsed(), c.population.people.len());
    let mut total = 0;
    for b in &c.books {
        let mut st = std::collections::BTreeMap::new();
        for e in &b.entries { *st.entry(e.status.as_str()).or_insert(0) += 1; }
        total += b.entries.len();
        println!("{:5} {} {} {}..{:?} pages {} expected {} keyed {} {:?}", b.book_type, b.quyen_so, b.registry_name, b.year_from, b.year_to, b.page_count, b.expected_entries, b.entries.len(), st);
    }
    println!("total keyed {total}");
    println!("extract lines {}", c.extract_csv.lines().count());
    for l in c.extract_csv.lines().take(6) { println!("  {l}"); }
    println!("{}", c.targets_csv);
    for l in c.earlier_spreadsheet_csv.lines().take(4) { println!("  {l}"); }
    for b in &c.books { for e in b.entries.iter().take(1) { println!("{} {:?}", b.book_type, e); } }
}
