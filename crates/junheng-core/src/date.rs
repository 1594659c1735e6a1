//! Calendar arithmetic on the proleptic Gregorian calendar, for the few places that need it
//! without a date library: checking that a written date is a real day, and turning a day count
//! into a date.
//!
//! ```
//! use junheng_core::date::{civil_from_days, days_in_month};
//! assert_eq!(civil_from_days(0), (1970, 1, 1));
//! assert_eq!(civil_from_days(19_723), (2024, 1, 1));
//! assert_eq!(days_in_month(2024, 2), Some(29));
//! assert_eq!(days_in_month(2100, 2), Some(28));
//! assert_eq!(days_in_month(2024, 13), None);
//! ```

/// Whether `year` has a 29 February.
pub fn is_leap(year: i64) -> bool {
    (year.rem_euclid(4) == 0 && year.rem_euclid(100) != 0) || year.rem_euclid(400) == 0
}

/// The number of days of a month, `None` for a month outside 1–12.
pub fn days_in_month(year: i64, month: u32) -> Option<u32> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    })
}

/// Whether (year, month, day) is a real calendar day.
pub fn is_real_day(year: i64, month: u32, day: u32) -> bool {
    days_in_month(year, month).is_some_and(|n| (1..=n).contains(&day))
}

/// Year, month and day of a count of days since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A time stored as RFC 3339 UTC (`2026-12-03T06:05:00.000Z`) shown in Beijing time (UTC+8, no
/// daylight saving) in Chinese form, to the minute. A text of another shape is returned as it is.
///
/// ```
/// use junheng_core::date::beijing;
/// assert_eq!(beijing("2026-12-03T06:05:00.000Z"), "2026年12月3日 14:05");
/// assert_eq!(beijing("2026-12-31T20:30:00.000Z"), "2027年1月1日 04:30");
/// assert_eq!(beijing("2024-02-28T16:00:00.000Z"), "2024年2月29日 00:00");
/// assert_eq!(beijing("昨天"), "昨天");
/// ```
pub fn beijing(utc: &str) -> String {
    let num = |r: std::ops::Range<usize>| utc.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi)) =
        (num(0..4), num(5..7), num(8..10), num(11..13), num(14..16))
    else {
        return utc.to_owned();
    };
    let (mut y, mut mo, mut d, mut h) = (i64::from(y), mo, d, h + 8);
    if h >= 24 {
        h -= 24;
        d += 1;
        if d > days_in_month(y, mo).unwrap_or(31) {
            d = 1;
            mo += 1;
            if mo > 12 {
                mo = 1;
                y += 1;
            }
        }
    }
    format!("{y}年{mo}月{d}日 {h:02}:{mi:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Consecutive day counts give consecutive real days.
        #[test]
        fn day_counts_walk_the_calendar(z in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(z);
            prop_assert!(is_real_day(y, m, d));
            let (y2, m2, d2) = civil_from_days(z + 1);
            let next = if d < days_in_month(y, m).unwrap() {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            prop_assert_eq!((y2, m2, d2), next);
        }
    }
}
