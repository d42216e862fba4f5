//! Prints how long parsing all embedded reference data takes.
//! `cargo run --release -p sohoa-refdata --example refdata_load`
use std::time::Instant;

use sohoa_refdata::{self as rd, DataSet, Level, Scheme};

fn main() {
    let total = Instant::now();
    let step = |what: &str, f: &dyn Fn()| {
        let t = Instant::now();
        f();
        println!("  {what:<28} {:>6.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    };
    step("units(gso_pre2025)", &|| {
        rd::units(Scheme::GsoPre2025);
    });
    step("units(qd19_2025)", &|| {
        rd::units(Scheme::Qd19_2025);
    });
    step("commune_mappings()", &|| {
        rd::commune_mappings();
    });
    step("ethnic, nationalities, enums", &|| {
        rd::ethnic_groups();
        rd::nationalities();
        rd::enumerations();
    });
    rd::load_all();
    println!("load_all: {:.1} ms", total.elapsed().as_secs_f64() * 1000.0);
    for s in Scheme::ALL {
        let n = |l| rd::units_at(s, l).count();
        println!(
            "{s}: {} provinces, {} districts, {} communes (version {})",
            n(Level::Province),
            n(Level::District),
            n(Level::Commune),
            s.data_version()
        );
    }
    println!(
        "old->new rows: {}, ethnic groups: {}, nationalities: {}, enumerations: {}",
        rd::commune_mappings().len(),
        rd::ethnic_groups().len(),
        rd::nationalities().len(),
        rd::enumerations().len()
    );
    for d in DataSet::ALL {
        println!("  {:<28} {}", d.file_name(), rd::data_version(d));
    }
    let t = Instant::now();
    let hits = rd::search(Scheme::Qd19_2025, "ba dinh", 10);
    println!("search \"ba dinh\" in qd19_2025: {} hits in {:.2} ms", hits.len(), t.elapsed().as_secs_f64() * 1000.0);
}
