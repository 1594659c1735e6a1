//! 继续教育 (training): the ledger of each teacher's training, each teacher's 5-year cycle and
//! progress to its 学时, the completion rates of schools and the district, the 政府保障 item 9
//! (5 年 360 学时 completion rate 100 %) and the 教育质量 item 4 (every school budgets ≥ 5 % of its
//! 公用经费 for teacher training).
//!
//! Every rule is a field of [`TrainingRules`] with its default documented there.
//!
//! ```
//! use junheng_teachers::training::{Day, Hours, Level, TrainingRules};
//! let rules = TrainingRules::default();
//! let cycle = rules.cycle_of(2024);
//! assert_eq!((cycle.start_year, cycle.end_year), (2021, 2025));
//! assert!(cycle.contains(Day::parse("2025-12-31").unwrap()));
//! assert!(!cycle.contains(Day::parse("2026-01-01").unwrap()));
//! assert_eq!(Level::parse("国"), Some(Level::National));
//! assert_eq!(Hours::parse("359.5").unwrap().to_string(), "359.5");
//! ```

mod budget;
mod cycle;
mod day;
mod rates;
pub mod synth;

use std::fmt;

use junheng_rotation::TeacherId;
use serde::{Deserialize, Serialize};

pub use budget::{Budget, BudgetLine, Item4, MAX_BUDGET_YUAN, budget_item};
pub use cycle::{Cycle, Progress, join_years, progress};
pub use day::{Day, Hours};
pub use rates::{
    Item9, LevelHours, RateGroup, Rates, TrainingView, Verdict, completion_item, rates,
};

/// 培训级别: who organised the training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 国培 (国家级).
    National,
    /// 市培 (市级).
    City,
    /// 区培 (区县级).
    District,
    /// 校培 (校本培训).
    School,
}

impl Level {
    /// Every level, national first.
    pub const ALL: [Level; 4] = [Level::National, Level::City, Level::District, Level::School];

    /// The word the ledger writes: 国培, 市培, 区培, 校培.
    pub fn label(self) -> &'static str {
        match self {
            Level::National => "国培",
            Level::City => "市培",
            Level::District => "区培",
            Level::School => "校培",
        }
    }

    /// Parses 国培/国/国家级, 市培/市/市级, 区培/区/区级/县级/区县级, 校培/校/校级/校本 after trimming.
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}') {
            "国培" | "国" | "国家级" => Some(Level::National),
            "市培" | "市" | "市级" => Some(Level::City),
            "区培" | "区" | "区级" | "县级" | "区县级" => Some(Level::District),
            "校培" | "校" | "校级" | "校本" => Some(Level::School),
            _ => None,
        }
    }

    /// The accepted words, for messages.
    pub fn expected() -> &'static str {
        "国培、市培、区培、校培（或 国、市、区、校）"
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// 来源: where a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// 平台导出: the training platform's export.
    Platform,
    /// 手工录入: entered by hand.
    Entered,
}

impl Source {
    /// 平台导出 or 手工录入.
    pub fn label(self) -> &'static str {
        match self {
            Source::Platform => "平台导出",
            Source::Entered => "手工录入",
        }
    }

    /// Parses 平台导出/平台 or 手工录入/录入/手工 after trimming.
    pub fn parse(text: &str) -> Option<Source> {
        match text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}') {
            "平台导出" | "平台" => Some(Source::Platform),
            "手工录入" | "录入" | "手工" => Some(Source::Entered),
            _ => None,
        }
    }

    /// The stored word (`platform`, `entered`).
    pub fn code(self) -> &'static str {
        match self {
            Source::Platform => "platform",
            Source::Entered => "entered",
        }
    }

    /// Back from [`Source::code`].
    pub fn from_code(code: &str) -> Option<Source> {
        [Source::Platform, Source::Entered]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

impl Level {
    /// The stored word (`national`, `city`, `district`, `school`).
    pub fn code(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::City => "city",
            Level::District => "district",
            Level::School => "school",
        }
    }

    /// Back from [`Level::code`].
    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Most characters of a course's name.
pub const MAX_COURSE_CHARS: usize = 100;
/// Most characters of a certificate number.
pub const MAX_CERTIFICATE_CHARS: usize = 50;
/// Most 学时 one record may carry (a typo guard: one whole cycle's requirement).
pub const MAX_RECORD_HOURS: Hours = Hours::from_hundredths(36_000);

/// One training a teacher attended: a row of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingRecord {
    /// 教师编号.
    pub teacher: TeacherId,
    /// 培训项目 (course).
    pub course: String,
    /// 培训级别.
    pub level: Level,
    /// 开始日期.
    pub start: Day,
    /// 结束日期 (not before `start`); the record counts in the cycle holding this day.
    pub end: Day,
    /// 学时, > 0 and at most [`MAX_RECORD_HOURS`].
    pub hours: Hours,
    /// 证书编号, when there is one.
    pub certificate: Option<String>,
    /// 来源.
    pub source: Source,
}

/// A record's identity in the ledger: the same teacher, course and start date is the same
/// training, however often it is imported.
pub type RecordKey = (TeacherId, String, Day);

impl TrainingRecord {
    /// The record's key ([`RecordKey`]).
    pub fn key(&self) -> RecordKey {
        (
            self.teacher.clone(),
            self.course.trim().to_owned(),
            self.start,
        )
    }

    /// What is wrong with the record, if anything (in Chinese), the teacher aside.
    pub fn problem(&self) -> Option<String> {
        let course = self.course.trim();
        if course.is_empty() || course.chars().count() > MAX_COURSE_CHARS {
            return Some(format!("培训项目应为 1 到 {MAX_COURSE_CHARS} 个字"));
        }
        if self.end < self.start {
            return Some(format!("结束日期 {} 早于开始日期 {}", self.end, self.start));
        }
        if self.hours == Hours::ZERO || self.hours > MAX_RECORD_HOURS {
            return Some(format!(
                "学时 {} 应大于 0 且不超过 {MAX_RECORD_HOURS}",
                self.hours
            ));
        }
        if let Some(c) = &self.certificate
            && (c.trim().is_empty() || c.chars().count() > MAX_CERTIFICATE_CHARS)
        {
            return Some(format!("证书编号应为 1 到 {MAX_CERTIFICATE_CHARS} 个字符"));
        }
        None
    }
}

/// The rulebook of 继续教育: every rule and threshold, with its default and source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingRules {
    /// First year of the cycles: cycles are calendar periods of [`Self::cycle_years`] from it
    /// (default 2021 → 2021–2025, 2026–2030; the 十四五 cycle of the national rules).
    pub anchor_year: i32,
    /// Years in a cycle (default 5: 中小学教师继续教育规定, 每五年一周期).
    pub cycle_years: i32,
    /// 学时 required in a full cycle (default 360: 五年不少于 360 学时).
    pub required: Hours,
    /// Share of the cycle's teachers who must complete it for 政府保障 item 9 (default 1.0:
    /// completion rate 100 %).
    pub completion_target: f64,
    /// Least share of a school's 公用经费 budget for teacher training, in percent, for 教育质量
    /// item 4 (default 5.0).
    pub budget_percent: f64,
}

impl Default for TrainingRules {
    fn default() -> Self {
        Self {
            anchor_year: 2021,
            cycle_years: 5,
            required: Hours::from_hundredths(36_000),
            completion_target: 1.0,
            budget_percent: 5.0,
        }
    }
}

impl TrainingRules {
    /// The cycle holding the calendar year `year` (also before the anchor).
    pub fn cycle_of(&self, year: i32) -> Cycle {
        let n = self.cycle_years.max(1);
        let start = self.anchor_year + (year - self.anchor_year).div_euclid(n) * n;
        Cycle {
            start_year: start,
            end_year: start + n - 1,
        }
    }

    /// 学时 required of a teacher who joined in `join_year` (the school year starting that
    /// September): the full requirement when they joined by the cycle's first year; else
    /// required × remaining whole years (the join year's calendar year to the cycle's last,
    /// both counted) / cycle years, rounded up to a whole 学时. Zero when they joined after the
    /// cycle.
    pub fn required_for(&self, cycle: Cycle, join_year: Option<i32>) -> Hours {
        let n = i64::from(self.cycle_years.max(1));
        let Some(join) = join_year.filter(|j| *j > cycle.start_year) else {
            return self.required;
        };
        let remaining = i64::from((cycle.end_year - join + 1).max(0));
        let whole = 100 * n;
        // ceil(required × remaining / n) in whole 学时, kept in hundredths.
        let scaled = self.required.hundredths() * remaining;
        Hours::from_hundredths(((scaled + whole - 1) / whole) * 100)
    }
}

#[cfg(test)]
mod tests;
