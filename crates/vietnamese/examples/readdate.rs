use sohoa_vietnamese::date::*;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ctx = DateContext::book(1983, 1987);
    for a in args {
        let r = read_date(&a, &ctx);
        println!("{a:?}\n  cal={:?} q={:?} written={:?} solar={:?} range={:?} certain={:?} raw={:?} cc={:?}\n  sugg={:?}\n  warn={:?}\n  template={:?} bangchu={:?} note={:?}",
            r.calendar, r.qualifier, r.written.as_ref().map(|d| d.to_template()), r.solar.as_ref().map(|d| d.to_template()),
            r.solar_range.as_ref().map(|(a,b)| (a.to_template(), b.to_template())), r.certain.as_ref().map(|d| d.to_template()), r.raw, r.can_chi.map(|c| c.name()),
            r.suggestions.iter().map(|s| (s.date.to_template(), s.solar.as_ref().map(|d| d.to_template()), s.reason)).collect::<Vec<_>>(),
            r.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(), r.template_form(), r.bang_chu(), r.note_vi());
    }
}
