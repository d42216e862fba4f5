use sohoa_vietnamese::date::*;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let (input, ctx) = line.split_once('|').unwrap();
        let c = if ctx == "book" { DateContext::book(1983, 1987) } else { DateContext::none() };
        let r = read_date(input, &c);
        let cal = match r.calendar {
            Calendar::Solar => "solar",
            Calendar::Lunar { leap_month: false } => "lunar",
            _ => "lunar leap",
        };
        let q = match r.qualifier {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::Before => "before",
            Qualifier::After => "after",
        };
        let t = |d: &Option<PartialDate>| d.as_ref().map(|d| d.to_template()).unwrap_or_default();
        let solar = match (&r.solar, &r.solar_range) {
            (Some(s), _) => s.to_template(),
            (None, Some((a, b))) => format!("{}–{}", a.to_template(), b.to_template()),
            _ => String::new(),
        };
        let reason = |x: SuggestionReason| match x {
            SuggestionReason::DayMonthSwapped => "swap",
            SuggestionReason::OneDigitOff => "digit",
            SuggestionReason::LastDayOfMonth => "last day",
            SuggestionReason::NotLeapMonth => "not leap",
            SuggestionReason::LunarMonthOne => "month 1",
            SuggestionReason::OtherCentury => "century",
            SuggestionReason::OtherCycle => "cycle",
        };
        let sugg: Vec<String> =
            r.suggestions.iter().map(|s| format!("{} {}", s.describe_vi(r.calendar).replace("âm lịch", "AL"), reason(s.reason))).collect();
        let w: Vec<&str> = r.warnings.iter().map(|w| w.code().trim_start_matches("date.")).collect();
        let ctxs = if ctx == "book" { "1983–1987" } else { "" };
        println!(
            "    ({input:?}, {ctxs:?}, {cal:?}, {q:?}, {:?}, {solar:?}, {:?}, {:?}, {:?}, {:?}),",
            t(&r.written),
            t(&r.certain),
            sugg.join("; "),
            w.join(" "),
            r.template_form().unwrap_or_default()
        );
    }
}
