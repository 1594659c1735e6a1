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

/// The count of days since 1970-01-01 of a date (the inverse of [`civil_from_days`]).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Beijing time's offset from UTC, in seconds (China has kept UTC+8 all year since 1991).
const BEIJING_OFFSET: i64 = 8 * 3600;

/// A stored UTC timestamp (`2026-12-03T06:05:00.000Z`, RFC 3339 with `Z`, seconds and fractions
/// optional) as Beijing time in the form 2026-12-03 14:05 (read alike in both languages): `2026-12-03 14:05`. A bare date
/// (`2026-12-03`) is written `2026-12-03`. `None` for text of neither form.
///
/// ```
/// use junheng_core::date::beijing;
/// assert_eq!(beijing("2026-12-03T06:05:00.000Z").as_deref(), Some("2026-12-03 14:05"));
/// assert_eq!(beijing("2026-12-31T16:30:00Z").as_deref(), Some("2027-01-01 00:30"));
/// assert_eq!(beijing("2026-12-03").as_deref(), Some("2026-12-03"));
/// assert_eq!(beijing("yesterday"), None);
/// ```
/// [`beijing`], or the text as it is when it is neither a stored time nor a date (empty stays
/// empty): what every page and export shows for a stored time.
///
/// ```
/// use junheng_core::date::beijing_text;
/// assert_eq!(beijing_text("2026-12-03T06:05:00.000Z"), "2026-12-03 14:05");
/// assert_eq!(beijing_text("昨天"), "昨天");
/// ```
pub fn beijing_text(text: &str) -> String {
    beijing(text).unwrap_or_else(|| text.to_owned())
}

pub fn beijing(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r.clone())?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| text[r].parse().ok())
            .flatten()
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !is_real_day(year.into(), month, day) {
        return None;
    }
    if b.len() == 10 {
        return Some(format!("{year}-{month:02}-{day:02}"));
    }
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    let zulu = text.ends_with('Z') || text.ends_with("+00:00");
    if !matches!(b.get(10), Some(b'T' | b' ')) || b.get(13) != Some(&b':') || !zulu {
        return None;
    }
    if hour > 23 || minute > 59 {
        return None;
    }
    let utc = days_from_civil(year.into(), month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60;
    let local = utc + BEIJING_OFFSET;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    Some(format!(
        "{y}-{m:02}-{d:02} {:02}:{:02}",
        s / 3600,
        s % 3600 / 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn beijing_time_is_utc_plus_eight() {
        assert_eq!(
            beijing("2026-12-03T06:05:00.000Z").as_deref(),
            Some("2026-12-03 14:05")
        );
        // Crossing midnight, a month end, a year end and 29 February.
        assert_eq!(
            beijing("2024-02-28T16:00:59.999Z").as_deref(),
            Some("2024-02-29 00:00")
        );
        assert_eq!(
            beijing("2026-12-31T23:59:00Z").as_deref(),
            Some("2027-01-01 07:59")
        );
        assert_eq!(
            beijing("2026-01-01 00:00:00+00:00").as_deref(),
            Some("2026-01-01 08:00")
        );
        assert_eq!(beijing("2026-09-01").as_deref(), Some("2026-09-01"));
        for bad in [
            "",
            "2026-02-30T00:00:00Z",
            "2026-12-03T24:00:00Z",
            "2026-12-03T06:05:00+08:00",
            "2026/12/03",
            "2026-12-03T06:05",
            "二〇二六年",
        ] {
            assert_eq!(beijing(bad), None, "{bad}");
        }
    }

    proptest! {
        /// Day counts and dates convert both ways.
        #[test]
        fn days_and_dates_round_trip(z in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(z);
            prop_assert_eq!(days_from_civil(y, m, d), z);
        }


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
