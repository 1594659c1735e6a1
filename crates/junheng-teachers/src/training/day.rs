//! The ledger's two quantities: a calendar day and 学时 in hundredths.

use std::fmt;

use junheng_core::date::{days_from_civil, is_real_day};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day, written `YYYY-MM-DD`; ordered by time.
///
/// ```
/// use junheng_teachers::training::Day;
/// let d = Day::parse("2025-12-31").unwrap();
/// assert_eq!((d.year(), d.to_string().as_str()), (2025, "2025-12-31"));
/// assert!(Day::parse("2025-02-30").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    year: i32,
    month: u32,
    day: u32,
}

impl Day {
    /// A real day of the years 1900–2200, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1900..=2200).contains(&year) && is_real_day(i64::from(year), month, day)).then_some(Day {
            year,
            month,
            day,
        })
    }

    /// Parses `YYYY-MM-DD` (exactly that shape).
    pub fn parse(text: &str) -> Option<Day> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &str| -> Option<u32> {
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        Day::new(
            i32::try_from(num(&t[0..4])?).ok()?,
            num(&t[5..7])?,
            num(&t[8..10])?,
        )
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The school year the day falls in: from 1 September (2025-09-01 and 2026-08-31 are both
    /// in 2025, 2025–2026).
    pub fn school_year(self) -> i32 {
        if self.month >= 9 {
            self.year
        } else {
            self.year - 1
        }
    }

    /// 1 January of `year`.
    pub fn first_of(year: i32) -> Day {
        Day {
            year,
            month: 1,
            day: 1,
        }
    }

    /// 31 December of `year`.
    pub fn last_of(year: i32) -> Day {
        Day {
            year,
            month: 12,
            day: 31,
        }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).ok_or_else(|| serde::de::Error::custom("日期应为 YYYY-MM-DD"))
    }
}

/// 学时, kept exactly in hundredths (so that sums of 0.5 and 0.1 never drift); ≥ 0.
///
/// ```
/// use junheng_teachers::training::Hours;
/// let h = Hours::parse("12.5").unwrap();
/// assert_eq!((h.hundredths(), h.to_string().as_str()), (1250, "12.5"));
/// assert!(Hours::parse("1.234").is_none() && Hours::parse("-1").is_none());
/// assert_eq!(Hours::from_f64(0.1 + 0.2).unwrap().to_string(), "0.3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hours(i64);

impl Hours {
    /// No 学时.
    pub const ZERO: Hours = Hours(0);

    /// From hundredths of a 学时 (negative is taken as 0).
    pub const fn from_hundredths(h: i64) -> Hours {
        Hours(if h < 0 { 0 } else { h })
    }

    /// Hundredths of a 学时.
    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// As a number (for views and rates).
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// A number ≥ 0 with at most two decimals (a spreadsheet's binary noise is rounded off);
    /// `None` for anything else or above 10⁹.
    pub fn from_f64(v: f64) -> Option<Hours> {
        if !v.is_finite() || !(0.0..=1e9).contains(&v) {
            return None;
        }
        let h = (v * 100.0).round();
        ((v * 100.0 - h).abs() < 1e-6).then_some(Hours(h as i64))
    }

    /// Parses a decimal written with at most two decimals (`12`, `12.5`, `0.25`).
    pub fn parse(text: &str) -> Option<Hours> {
        let t = text.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        if whole.is_empty() || whole.len() > 9 || frac.len() > 2 || !digits(whole) || !digits(frac)
        {
            return None;
        }
        let frac_h: i64 = format!("{frac:0<2}").parse().ok()?;
        Some(Hours(whole.parse::<i64>().ok()? * 100 + frac_h))
    }

    /// The sum, saturating.
    pub fn plus(self, other: Hours) -> Hours {
        Hours(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Hours {
    fn sum<I: Iterator<Item = Hours>>(iter: I) -> Hours {
        iter.fold(Hours::ZERO, Hours::plus)
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, r) = (self.0 / 100, self.0 % 100);
        match r {
            0 => write!(f, "{w}"),
            r if r % 10 == 0 => write!(f, "{w}.{}", r / 10),
            r => write!(f, "{w}.{r:02}"),
        }
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Hours::from_f64(v)
            .ok_or_else(|| serde::de::Error::custom("学时应为不小于 0 的数，最多两位小数"))
    }
}
