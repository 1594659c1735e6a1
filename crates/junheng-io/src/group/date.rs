//! Dates of the group file: written `YYYY-MM-DD` (a few other spellings accepted) or held in a
//! spreadsheet date cell, read as `YYYY-MM-DD`.

use junheng_core::date::{civil_from_days, is_real_day};

/// The years a date may fall in.
const YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

/// The date as `YYYY-MM-DD` when it is a real day of [`YEARS`].
fn normal(year: i64, month: u32, day: u32) -> Option<String> {
    (YEARS.contains(&year) && is_real_day(year, month, day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The number written by `min` to `max` ASCII digits, nothing else.
fn digits(part: &str, min: usize, max: usize) -> Option<u32> {
    if (min..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// A date typed as text: `2024-09-01`, `2024-9-1`, `2024/9/1`, `2024.9.1` or `2024年9月1日`,
/// normalised to `YYYY-MM-DD`; `None` for anything else.
pub(super) fn from_text(text: &str) -> Option<String> {
    let parts: Vec<&str> = if let Some(rest) = text.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        vec![year, month, day]
    } else {
        let sep = ['-', '/', '.'].into_iter().find(|s| text.contains(*s))?;
        text.split(sep).collect()
    };
    let [year, month, day] = parts[..] else {
        return None;
    };
    normal(
        i64::from(digits(year, 4, 4)?),
        digits(month, 1, 2)?,
        digits(day, 1, 2)?,
    )
}

/// A spreadsheet date cell as the readers show it: its serial number (1900 date system; .xlsx)
/// or `2024-09-01`, `2024-09-01 08:30:00`, `2024-09-01T08:30:00` (.xls, .ods). The time of day
/// is ignored.
pub(super) fn from_cell(shown: &str) -> Option<String> {
    if let Ok(serial) = shown.parse::<f64>() {
        return from_serial(serial);
    }
    let day = shown.split([' ', 'T']).next().unwrap_or_default();
    from_text(day)
}

/// A serial of the 1900 date system (day 1 is 1900-01-01, with Excel's phantom 1900-02-29 at
/// 60): only from 61, 1900-03-01, where serials and days agree.
fn from_serial(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(61.0..1e7).contains(&serial) {
        return None;
    }
    // Days from 1899-12-30 to 1970-01-01 are 25 569.
    let (y, m, d) = civil_from_days(serial.floor() as i64 - 25_569);
    normal(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_dates_are_normalised() {
        for text in [
            "2024-09-01",
            "2024-9-1",
            "2024/09/01",
            "2024.9.1",
            "2024年9月1日",
        ] {
            assert_eq!(from_text(text).as_deref(), Some("2024-09-01"), "{text}");
        }
        assert_eq!(from_text("2024-02-29").as_deref(), Some("2024-02-29"));
        for text in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "24-09-01",
            "2024-09",
            "2024-09-01-02",
            "2024-9/1",
            "1899-12-31",
            "2101-01-01",
            "2024-０9-01",
            "二〇二四年九月一日",
            "20240901",
            "2024年9月1",
            "",
        ] {
            assert_eq!(from_text(text), None, "{text}");
        }
    }

    #[test]
    fn date_cells_are_read_from_serials_and_iso_texts() {
        assert_eq!(from_cell("45536").as_deref(), Some("2024-09-01"));
        assert_eq!(from_cell("45536.75").as_deref(), Some("2024-09-01"));
        assert_eq!(from_cell("61").as_deref(), Some("1900-03-01"));
        assert_eq!(from_cell("60"), None);
        assert_eq!(from_cell("2024-09-01").as_deref(), Some("2024-09-01"));
        assert_eq!(
            from_cell("2024-09-01 08:30:00").as_deref(),
            Some("2024-09-01")
        );
        assert_eq!(
            from_cell("2024-09-01T00:00:00").as_deref(),
            Some("2024-09-01")
        );
        assert_eq!(from_cell("NaN"), None);
        assert_eq!(from_cell("1e300"), None);
        assert_eq!(from_cell("12:30:00"), None);
    }
}
