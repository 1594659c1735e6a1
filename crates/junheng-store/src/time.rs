//! Timestamps as fixed-width RFC 3339 UTC text, and calendar dates as `YYYY-MM-DD`.
//!
//! Fixed width (always milliseconds, always `Z`) makes text order equal time order, so both
//! backends compare and sort timestamps as plain TEXT.

use std::time::{SystemTime, UNIX_EPOCH};

/// Formats a time as RFC 3339 UTC with milliseconds, e.g. `2024-09-01T08:30:00.000Z`.
///
/// Times before 1970 are written as the epoch; the store never has them.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_millis(1_725_179_400_123);
/// assert_eq!(junheng_store::rfc3339(t), "2024-09-01T08:30:00.123Z");
/// ```
pub fn rfc3339(t: SystemTime) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (y, m, d) = junheng_core::date::civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60,
        since.subsec_millis()
    )
}

/// The time of a timestamp written by [`rfc3339`]; `None` for any other text.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_millis(1_725_179_400_123);
/// assert_eq!(junheng_store::parse_rfc3339("2024-09-01T08:30:00.123Z"), Some(t));
/// assert_eq!(junheng_store::parse_rfc3339("2024-09-01"), None);
/// ```
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 24 || &text[4..5] != "-" || &text[10..11] != "T" || &text[23..] != "Z" {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u64> {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[r].parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s, ms) = (num(11..13)?, num(14..16)?, num(17..19)?, num(20..23)?);
    if !junheng_core::date::is_real_day(y as i64, m as u32, d as u32) || h > 23 || mi > 59 || s > 59
    {
        return None;
    }
    // H. Hinnant's days_from_civil, for years from 1970.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    let secs = days * 86_400 + h * 3600 + mi * 60 + s;
    Some(UNIX_EPOCH + std::time::Duration::from_millis(secs * 1000 + ms))
}

/// A time as people in China read it: Beijing time (UTC+8), to the minute, in the form 2026-12-03 14:05 (read alike in both languages).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_secs(1_796_310_300);
/// assert_eq!(junheng_store::beijing_time(t), "2026-12-03 23:05");
/// ```
pub fn beijing_time(t: SystemTime) -> String {
    junheng_core::date::beijing_text(&rfc3339(t))
}

/// Now, formatted by [`rfc3339`].
pub(crate) fn now() -> String {
    rfc3339(SystemTime::now())
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`.
pub(crate) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[r].parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    y >= 1900 && junheng_core::date::is_real_day(i64::from(y), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let leap_day = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(rfc3339(leap_day), "2000-02-29T00:00:00.000Z");
        let end = UNIX_EPOCH + Duration::from_millis(253_402_300_799_999);
        assert_eq!(rfc3339(end), "9999-12-31T23:59:59.999Z");
    }

    #[test]
    fn timestamps_read_back() {
        for secs in (0..4_000_000_000u64).step_by(97_777_777) {
            let t = UNIX_EPOCH + Duration::from_millis(secs * 1000 + secs % 1000);
            assert_eq!(parse_rfc3339(&rfc3339(t)), Some(t));
        }
        assert_eq!(parse_rfc3339("2023-02-29T00:00:00.000Z"), None);
    }

    #[test]
    fn text_order_is_time_order() {
        let mut last = String::new();
        for secs in (0..4_000_000_000u64).step_by(7_777_777) {
            let t = rfc3339(UNIX_EPOCH + Duration::from_secs(secs));
            assert!(t > last);
            last = t;
        }
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-9-01"));
        assert!(!is_date("2024-09-01T00:00"));
        assert!(!is_date("２０２４-09-01"));
    }
}
