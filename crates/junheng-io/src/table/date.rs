//! Dates of a file's date columns (the group file's 加入日期, a session's 日期): written
//! `YYYY-MM-DD` (a few other spellings accepted) or held in a spreadsheet date cell, read as
//! `YYYY-MM-DD` within the years a column allows.

use std::ops::RangeInclusive;

use junheng_core::date::{civil_from_days, is_real_day};

use super::Value;

/// A date column: the years its dates may fall in.
pub(crate) struct Dates(pub RangeInclusive<i64>);

impl Dates {
    /// The date as `YYYY-MM-DD` when it is a real day of the column's years.
    fn normal(&self, year: i64, month: u32, day: u32) -> Option<String> {
        (self.0.contains(&year) && is_real_day(year, month, day))
            .then(|| format!("{year:04}-{month:02}-{day:02}"))
    }

    /// A date typed as text: `2024-09-01`, `2024-9-1`, `2024/9/1`, `2024.9.1` or `2024年9月1日`,
    /// normalised to `YYYY-MM-DD`; `None` for anything else.
    pub(crate) fn text(&self, text: &str) -> Option<String> {
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
        self.normal(
            i64::from(digits(year, 4, 4)?),
            digits(month, 1, 2)?,
            digits(day, 1, 2)?,
        )
    }

    /// A cell holding a date, typed as text or a spreadsheet date cell (the readers mark those
    /// 日期或时间); `None` for anything else, an empty cell too.
    pub(crate) fn value(&self, value: &Value) -> Option<String> {
        match value {
            Value::Text(text) => self.text(text),
            Value::Other(what, shown) if what.starts_with("日期") => self.cell(shown),
            Value::Empty | Value::Number(_) | Value::Other(..) | Value::Error(_) => None,
        }
    }

    /// A spreadsheet date cell as the readers show it: its serial number (1900 date system; .xlsx)
    /// or `2024-09-01`, `2024-09-01 08:30:00`, `2024-09-01T08:30:00` (.xls, .ods). The time of day
    /// is ignored.
    pub(crate) fn cell(&self, shown: &str) -> Option<String> {
        if let Ok(serial) = shown.parse::<f64>() {
            return self.serial_day(serial);
        }
        let day = shown.split([' ', 'T']).next().unwrap_or_default();
        self.text(day)
    }

    /// A serial of the 1900 date system (day 1 is 1900-01-01, with Excel's phantom 1900-02-29 at
    /// 60): only from 61, 1900-03-01, where serials and days agree.
    fn serial_day(&self, serial: f64) -> Option<String> {
        if !serial.is_finite() || !(61.0..1e7).contains(&serial) {
            return None;
        }
        // Days from 1899-12-30 to 1970-01-01 are 25 569.
        let (y, m, d) = civil_from_days(serial.floor() as i64 - 25_569);
        self.normal(y, m, d)
    }
}

/// The number written by `min` to `max` ASCII digits, nothing else.
fn digits(part: &str, min: usize, max: usize) -> Option<u32> {
    if (min..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The group file's dates.
    const G: Dates = Dates(1900..=2100);
    /// The session file's dates.
    const S: Dates = Dates(2000..=2100);

    #[test]
    fn written_dates_are_normalised() {
        for text in [
            "2024-09-01",
            "2024-9-1",
            "2024/09/01",
            "2024.9.1",
            "2024年9月1日",
        ] {
            assert_eq!(G.text(text).as_deref(), Some("2024-09-01"), "{text}");
        }
        assert_eq!(G.text("2024-02-29").as_deref(), Some("2024-02-29"));
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
            assert_eq!(G.text(text), None, "{text}");
        }
    }

    #[test]
    fn date_cells_are_read_from_serials_and_iso_texts() {
        assert_eq!(G.cell("45536").as_deref(), Some("2024-09-01"));
        assert_eq!(G.cell("45536.75").as_deref(), Some("2024-09-01"));
        assert_eq!(G.cell("61").as_deref(), Some("1900-03-01"));
        assert_eq!(G.cell("60"), None);
        assert_eq!(G.cell("2024-09-01").as_deref(), Some("2024-09-01"));
        assert_eq!(G.cell("2024-09-01 08:30:00").as_deref(), Some("2024-09-01"));
        assert_eq!(G.cell("2024-09-01T00:00:00").as_deref(), Some("2024-09-01"));
        assert_eq!(G.cell("NaN"), None);
        assert_eq!(G.cell("1e300"), None);
        assert_eq!(G.cell("12:30:00"), None);
    }

    #[test]
    fn session_dates_are_normalised_from_text_and_cells() {
        for text in [
            "2024-09-10",
            "2024-9-10",
            "2024/09/10",
            "2024.9.10",
            "2024年9月10日",
        ] {
            assert_eq!(S.text(text).as_deref(), Some("2024-09-10"), "{text}");
        }
        for text in [
            "2023-02-29",
            "1999-12-31",
            "2101-01-01",
            "24-9-10",
            "20240910",
            "",
        ] {
            assert_eq!(S.text(text), None, "{text}");
        }
        assert_eq!(S.cell("45545").as_deref(), Some("2024-09-10"));
        assert_eq!(S.cell("45545.5").as_deref(), Some("2024-09-10"));
        assert_eq!(S.cell("2024-09-10 08:30:00").as_deref(), Some("2024-09-10"));
        assert_eq!(S.cell("100"), None);
        assert_eq!(S.cell("NaN"), None);
    }
}
