//! Timestamps: RFC 3339 UTC with exactly three fractional digits (`2026-12-05T02:10:05.100Z`), so
//! that comparing two timestamps as strings orders them in time (newer snapshot, latest change).
//! RFC 3339 formatting alone trims trailing zeros (`05.1Z`, `05Z`), which sorts `05.1Z` after
//! `05.12Z`.
use time::macros::format_description;
use time::OffsetDateTime;

pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

fn format(t: OffsetDateTime) -> String {
    let fixed = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(time::UtcOffset::UTC).format(&fixed).unwrap_or_default()
}

pub fn today_year() -> i32 {
    OffsetDateTime::now_utc().year()
}

#[cfg(test)]
mod tests {
    use super::format;
    use time::macros::datetime;

    #[test]
    fn timestamps_have_a_fixed_width_so_they_sort_as_strings() {
        let a = format(datetime!(2026-12-05 02:10:05 UTC));
        let b = format(datetime!(2026-12-05 02:10:05.1 UTC));
        let c = format(datetime!(2026-12-05 02:10:05.12 UTC));
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str()),
            ("2026-12-05T02:10:05.000Z", "2026-12-05T02:10:05.100Z", "2026-12-05T02:10:05.120Z")
        );
        assert!(a < b && b < c);
        assert!(time::OffsetDateTime::parse(&c, &time::format_description::well_known::Rfc3339).is_ok(), "still RFC 3339");
    }
}
