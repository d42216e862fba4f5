//! Timestamps: RFC 3339 UTC with milliseconds.
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn now() -> String {
    let t = OffsetDateTime::now_utc();
    let t = t.replace_nanosecond(t.millisecond() as u32 * 1_000_000).unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_default()
}

pub fn today_year() -> i32 {
    OffsetDateTime::now_utc().year()
}
