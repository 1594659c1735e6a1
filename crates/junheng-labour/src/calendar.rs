//! Days, weeks, working days and terms: the engine has no clock, so every date is an input.
//!
//! A [`Day`] is a count of days since 1970-01-01 (the arithmetic is `junheng_core::date`'s); a
//! week is named by its Monday ([`Day::monday`]); a [`WorkCalendar`] says which days are working
//! days (Monday to Friday, minus the holidays, plus the make-up working days of 调休), which the
//! 公示 period counts.
//!
//! ```
//! use junheng_labour::calendar::{Day, WorkCalendar};
//! let thursday = Day::parse("2025-09-25").unwrap();
//! assert_eq!(thursday.weekday(), 3); // Monday is 0
//! assert_eq!(thursday.monday().to_string(), "2025-09-22");
//! // Five working days from a Thursday end on the next Wednesday.
//! let end = WorkCalendar::default().last_of_working_days(thursday, 5);
//! assert_eq!(end.to_string(), "2025-10-01");
//! ```

use std::collections::BTreeSet;
use std::fmt;

use junheng_core::date::{civil_from_days, days_from_civil, is_real_day};
use junheng_core::school::school_year;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day of the years 1900–2200, written `YYYY-MM-DD`; ordered by time.
///
/// ```
/// use junheng_labour::calendar::Day;
/// let d = Day::new(2024, 2, 29).unwrap();
/// assert_eq!((d.plus(1).to_string(), d.school_year()), ("2024-03-01".to_owned(), 2023));
/// assert!(Day::parse("2025-02-29").is_none() && Day::parse("2025-2-1").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

impl Day {
    /// The first day a [`Day`] may be.
    const FIRST_YEAR: i64 = 1900;
    /// The last year a [`Day`] may be in.
    const LAST_YEAR: i64 = 2200;

    /// A real day of the years 1900–2200, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        let y = i64::from(year);
        ((Self::FIRST_YEAR..=Self::LAST_YEAR).contains(&y) && is_real_day(y, month, day))
            .then(|| Day(days_from_civil(y, month, day) as i32))
    }

    /// Parses `YYYY-MM-DD` (four, two and two digits), after trimming.
    pub fn parse(text: &str) -> Option<Day> {
        let mut parts = text.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let number = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        Day::new(i32::try_from(number(y)?).ok()?, number(m)?, number(d)?)
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let (y, m, d) = civil_from_days(i64::from(self.0));
        (y as i32, m, d)
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        i64::from(self.0)
    }

    /// The day `n` days later (earlier when negative).
    pub fn plus(self, n: i32) -> Day {
        Day(self.0 + n)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn until(self, later: Day) -> i32 {
        later.0 - self.0
    }

    /// The day of the week: 0 Monday … 6 Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u8 {
        (self.0 + 3).rem_euclid(7) as u8
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// The Monday of the day's week: the name of a week everywhere in this crate.
    pub fn monday(self) -> Day {
        self.plus(-i32::from(self.weekday()))
    }

    /// The school year the day falls in, from 1 September as everywhere in Junheng (2025-09-01
    /// and 2026-08-31 are both in 2025, 2025–2026).
    pub fn school_year(self) -> i32 {
        let (y, m, _) = self.ymd();
        if m >= 9 { y } else { y - 1 }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
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

/// A run of days, both ends included.
///
/// ```
/// use junheng_labour::calendar::{Day, Span};
/// let d = |t| Day::parse(t).unwrap();
/// let week = Span::new(d("2025-10-13"), d("2025-10-17")).unwrap();
/// assert!(week.contains(d("2025-10-17")) && !week.contains(d("2025-10-18")));
/// assert_eq!(week.days(), 5);
/// assert!(Span::new(d("2025-10-17"), d("2025-10-13")).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The first day.
    pub first: Day,
    /// The last day.
    pub last: Day,
}

impl Span {
    /// The span from `first` to `last`, `None` when `last` is before `first`.
    pub fn new(first: Day, last: Day) -> Option<Span> {
        (first <= last).then_some(Span { first, last })
    }

    /// Whether `day` is in the span.
    pub fn contains(self, day: Day) -> bool {
        self.first <= day && day <= self.last
    }

    /// The number of days, both ends counted.
    pub fn days(self) -> u32 {
        (self.first.until(self.last) + 1).max(0) as u32
    }
}

/// Which days are working days: Monday to Friday, except `holidays`, plus `workdays` (the
/// weekend days worked in exchange for a holiday, 调休上班). Both lists are inputs (the State
/// Council publishes them each year).
///
/// ```
/// use junheng_labour::calendar::{Day, WorkCalendar};
/// let d = |t| Day::parse(t).unwrap();
/// let cal = WorkCalendar::new([d("2025-10-01")], [d("2025-09-28")]);
/// assert!(!cal.is_working(d("2025-10-01")) && cal.is_working(d("2025-09-28")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkCalendar {
    /// Weekdays that are not worked (法定节假日 and their bridging days).
    pub holidays: BTreeSet<Day>,
    /// Weekend days that are worked (调休上班).
    pub workdays: BTreeSet<Day>,
}

impl WorkCalendar {
    /// The calendar of these holidays and make-up working days.
    pub fn new(
        holidays: impl IntoIterator<Item = Day>,
        workdays: impl IntoIterator<Item = Day>,
    ) -> WorkCalendar {
        WorkCalendar {
            holidays: holidays.into_iter().collect(),
            workdays: workdays.into_iter().collect(),
        }
    }

    /// Whether `day` is a working day.
    pub fn is_working(&self, day: Day) -> bool {
        self.workdays.contains(&day) || (!day.is_weekend() && !self.holidays.contains(&day))
    }

    /// The last of the first `n` working days on or after `start` (`start` counts when it is a
    /// working day); `n` = 0 gives the day before `start`.
    pub fn last_of_working_days(&self, start: Day, n: u32) -> Day {
        let mut day = start.plus(-1);
        let mut left = n;
        while left > 0 {
            day = day.plus(1);
            if self.is_working(day) {
                left -= 1;
            }
        }
        day
    }
}

/// 学期: the autumn term (第一学期) or the spring term (第二学期) of a school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Semester {
    /// 第一学期 (autumn, September to January).
    First,
    /// 第二学期 (spring, February to July).
    Second,
}

/// A term: a school year (`2025` = 2025–2026学年) and its 学期; ordered by time.
///
/// ```
/// use junheng_labour::calendar::{Semester, Term};
/// let t = Term { year: 2025, semester: Semester::First };
/// assert_eq!(t.to_string(), "2025–2026学年第一学期");
/// assert_eq!(t.next(), Term { year: 2025, semester: Semester::Second });
/// assert_eq!(t.next().next(), Term { year: 2026, semester: Semester::First });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Term {
    /// 学年: the year it starts.
    pub year: i32,
    /// 学期.
    pub semester: Semester,
}

impl Term {
    /// The term of a day: 第一学期 from September to January, 第二学期 from February to August.
    ///
    /// ```
    /// use junheng_labour::calendar::{Day, Semester, Term};
    /// let d = |t| Day::parse(t).unwrap();
    /// assert_eq!(Term::of(d("2026-01-31")), Term { year: 2025, semester: Semester::First });
    /// assert_eq!(Term::of(d("2026-02-01")), Term { year: 2025, semester: Semester::Second });
    /// ```
    pub fn of(day: Day) -> Term {
        let (_, month, _) = day.ymd();
        Term {
            year: day.school_year(),
            semester: if (2..=8).contains(&month) {
                Semester::Second
            } else {
                Semester::First
            },
        }
    }

    /// Its days: 9-01 to 01-31 (第一学期), 02-01 to 08-31 (第二学期).
    pub fn span(self) -> Span {
        let day = |y, m, d| Day::new(y, m, d).expect("a real day");
        let (first, last) = match self.semester {
            Semester::First => (day(self.year, 9, 1), day(self.year + 1, 1, 31)),
            Semester::Second => (day(self.year + 1, 2, 1), day(self.year + 1, 8, 31)),
        };
        Span::new(first, last).expect("an ordered term")
    }

    /// The term as pages and commands write it: `2025-1` (第一学期) or `2025-2`.
    pub fn id(self) -> String {
        let n = match self.semester {
            Semester::First => 1,
            Semester::Second => 2,
        };
        format!("{}-{n}", self.year)
    }

    /// The term of `2025-1`/`2025-2` (also `2025-first`/`2025-second`; spaces around are
    /// ignored), or `None`. The inverse of [`Term::id`].
    ///
    /// ```
    /// use junheng_labour::calendar::{Semester, Term};
    /// assert_eq!(Term::parse(" 2025-2 "), Some(Term { year: 2025, semester: Semester::Second }));
    /// assert_eq!(Term::parse("2025-3"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Term> {
        let (year, half) = text.trim().split_once('-')?;
        let year: i32 = year.parse().ok().filter(|y| (1990..=2200).contains(y))?;
        let semester = match half {
            "1" | "first" => Semester::First,
            "2" | "second" => Semester::Second,
            _ => return None,
        };
        Some(Term { year, semester })
    }

    /// The term after this one.
    pub fn next(self) -> Term {
        match self.semester {
            Semester::First => Term {
                year: self.year,
                semester: Semester::Second,
            },
            Semester::Second => Term {
                year: self.year + 1,
                semester: Semester::First,
            },
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let half = match self.semester {
            Semester::First => "第一学期",
            Semester::Second => "第二学期",
        };
        write!(f, "{}学年{half}", school_year(self.year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(t: &str) -> Day {
        Day::parse(t).unwrap()
    }

    #[test]
    fn days_parse_strictly_and_print_back() {
        for bad in [
            "",
            "2025-13-01",
            "2025-02-29",
            "1899-12-31",
            "2201-01-01",
            "25-01-01",
            "2025/01/01",
            "2025-01-01-",
            "２０２５-01-01",
            "+025-01-01",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert_eq!(d(" 2024-02-29 ").to_string(), "2024-02-29");
        assert_eq!(d("1970-01-01").days(), 0);
        let json = serde_json::to_string(&d("2025-09-01")).unwrap();
        assert_eq!(json, "\"2025-09-01\"");
        assert_eq!(serde_json::from_str::<Day>(&json).unwrap(), d("2025-09-01"));
        assert!(serde_json::from_str::<Day>("\"2025-09-31\"").is_err());
    }

    #[test]
    fn school_years_turn_on_the_first_of_september() {
        assert_eq!(d("2025-08-31").school_year(), 2024);
        assert_eq!(d("2025-09-01").school_year(), 2025);
        assert_eq!(d("2026-01-20").school_year(), 2025);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays_and_count_make_up_days() {
        // 2025 国庆: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
        let holidays = (1..=8).map(|n| Day::new(2025, 10, n).unwrap());
        let cal = WorkCalendar::new(holidays, [d("2025-09-28"), d("2025-10-11")]);
        // From Thursday 25 September: 25, 26, 28 (Sunday, worked), 29, 30.
        assert_eq!(
            cal.last_of_working_days(d("2025-09-25"), 5),
            d("2025-09-30")
        );
        // From Monday 29 September: 29, 30, 9, 10, 11 (Saturday, worked).
        assert_eq!(
            cal.last_of_working_days(d("2025-09-29"), 5),
            d("2025-10-11")
        );
        // Starting on a Saturday: the count starts on Monday.
        let plain = WorkCalendar::default();
        assert_eq!(
            plain.last_of_working_days(d("2025-10-18"), 1),
            d("2025-10-20")
        );
        assert_eq!(
            plain.last_of_working_days(d("2025-10-18"), 0),
            d("2025-10-17")
        );
    }

    proptest! {
        #[test]
        fn weeks_start_on_monday_and_hold_their_days(z in -25_000i32..80_000) {
            let day = Day(z);
            let monday = day.monday();
            prop_assert_eq!(monday.weekday(), 0);
            prop_assert!(monday <= day && monday.until(day) < 7);
            prop_assert_eq!(Day::parse(&day.to_string()), Some(day));
        }

        #[test]
        fn n_working_days_hold_exactly_n_working_days(z in 0i32..30_000, n in 0u32..40) {
            let cal = WorkCalendar::new([Day(z + 2), Day(z + 9)], [Day(z + 5)]);
            let start = Day(z);
            let end = cal.last_of_working_days(start, n);
            let count = (0..=start.until(end)).filter(|&k| cal.is_working(start.plus(k))).count();
            prop_assert_eq!(count as u32, n);
            prop_assert!(n == 0 || cal.is_working(end));
        }
    }
}
