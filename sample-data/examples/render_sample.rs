//! Writes the demo commune to a directory so you can look at it:
//! `cargo run --release -p sohoa-sample --example render_sample -- /tmp/sohoa-sample [seed]`
//! → extract.csv, targets.csv, earlier_ks_1999.csv, books.tsv (one line per book),
//!   entries.tsv (every keyed entry), pages/<book>_<quyen>_p<NNN>.jpg, and the first pages as PNG.
use std::fmt::Write as _;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/sohoa-sample".into()));
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(sohoa_sample::SampleConfig::default().seed);
    let cfg = sohoa_sample::SampleConfig { seed, ..Default::default() };
    let t = Instant::now();
    let c = sohoa_sample::generate(&cfg);
    let took = t.elapsed();
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    std::fs::write(dir.join("extract.csv"), &c.extract_csv).unwrap();
    std::fs::write(dir.join("targets.csv"), &c.targets_csv).unwrap();
    std::fs::write(dir.join("earlier_ks_1999.csv"), &c.earlier_spreadsheet_csv).unwrap();
    let mut books = String::from("type\tquyen_so\tregistry\tyears\tperiod\tpages\texpected\tkeyed\timages\n");
    let mut entries = String::from("type\tquyen_so\tso\ttrang\tstatus\tperson_id\tfields\n");
    let mut pages = 0;
    for b in &c.books {
        writeln!(
            books,
            "{}\t{}\t{} {}\t{}-{:?}\t{}\t{}\t{}\t{}\t{}",
            b.book_type,
            b.quyen_so,
            b.registry_code,
            b.registry_name,
            b.year_from,
            b.year_to,
            b.period_group,
            b.page_count,
            b.expected_entries,
            b.entries.len(),
            b.pages.len()
        )
        .unwrap();
        for e in &b.entries {
            let f: Vec<String> = e.fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
            writeln!(
                entries,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                b.book_type,
                b.quyen_so,
                e.so,
                e.trang_so,
                e.status,
                e.person_id.clone().unwrap_or_default(),
                f.join(" | ")
            )
            .unwrap();
        }
        for p in &b.pages {
            let name = format!("{}_{}_p{:03}", b.book_type, b.quyen_so.replace('/', "-"), p.seq);
            std::fs::write(dir.join("pages").join(format!("{name}.jpg")), &p.jpeg).unwrap();
            pages += 1;
        }
        if let Some(p) = b.pages.first() {
            let img = image::load_from_memory(&p.jpeg).unwrap();
            img.save(dir.join(format!("{}_{}.png", b.book_type, b.quyen_so.replace('/', "-")))).unwrap();
        }
    }
    std::fs::write(dir.join("books.tsv"), books).unwrap();
    std::fs::write(dir.join("entries.tsv"), entries).unwrap();
    println!(
        "generate(): {took:?}; {} books, {} keyed entries, {pages} page images, extract {} rows -> {}",
        c.books.len(),
        c.books.iter().map(|b| b.entries.len()).sum::<usize>(),
        c.extract_csv.lines().count() - 1,
        dir.display()
    );
}
