fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(25000);
    let t = std::time::Instant::now();
    let pop = sohoa_sample::people::generate_people(7, n);
    println!("n={} in {:?}", pop.people.len(), t.elapsed());
    let res = pop.people.iter().filter(|p| p.resident()).count();
    println!("residents {res} marriages {} certs {}", pop.marriages.len(), pop.certificates.len());
    let mut by_decade = std::collections::BTreeMap::new();
    for p in &pop.people { *by_decade.entry(p.birth.y / 10 * 10).or_insert(0) += 1; }
    println!("{:?}", by_decade);
    let mut regs = std::collections::BTreeMap::new();
    for p in &pop.people { if let Some(r) = &p.birth_registration { *regs.entry((r.registry, r.date.y / 5 * 5)).or_insert(0) += 1; } }
    println!("births registered {:?}", regs);
    let mut d = std::collections::BTreeMap::new();
    for p in &pop.people { if let Some(r) = &p.death_registration { *d.entry((r.registry, r.date.y / 5 * 5)).or_insert(0) += 1; } }
    println!("deaths registered {:?}", d);
    let mut m = std::collections::BTreeMap::new();
    for x in &pop.marriages { if let Some(r) = &x.registration { *m.entry((r.registry, r.date.y / 5 * 5)).or_insert(0) += 1; } }
    println!("marriages registered {:?}", m);
    let ack = pop.people.iter().filter(|p| p.acknowledged.is_some_and(|d| d.y >= 2007 && d.y <= 2015)).count();
    println!("ack 2007-2015 {ack}; rereg {}", pop.people.iter().filter(|p| p.reregistration.is_some()).count());
    for p in pop.people.iter().rev().take(8) { println!("{} {} {:?} {} {}", p.id_number, p.full_name(), p.birth, p.ethnicity, p.origin.modern()); }
}
