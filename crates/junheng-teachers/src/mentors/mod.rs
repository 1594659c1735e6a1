//! 师徒结对: a mentor (师傅) guides a mentee (徒弟) over a period towards goals, with meetings
//! held against planned, ending 合格, 优秀 or 未完成.
//!
//! A pair's scope is derived from the two schools on its start date ([`Links::scope`]):
//! 校内 (one school), 集团内 (both in the same 教育集团 — the groups registry), 结对帮扶 (the two
//! schools in one pairing of the 结对帮扶 capability) or 跨校 (anything else). The checks of a
//! school year ([`check`]): a mentee has one active mentor per subject; a mentor has at most
//! [`MentorSettings::max_mentees`] mentees; a mentor is 骨干 or holds at least
//! [`MentorSettings::min_title`]. Per school, the new teachers (in their first
//! [`MentorSettings::new_teacher_years`] school years at the school, from the roster's
//! `start_year`) with a mentor ([`coverage`]).
//!
//! ```
//! use junheng_teachers::mentors::{MentorSettings, Outcome, Scope};
//! assert_eq!(Outcome::parse("优秀"), Some(Outcome::Excellent));
//! assert_eq!(Scope::Group.label(), "集团内");
//! assert_eq!(MentorSettings::default().max_mentees, 3);
//! ```

mod check;
mod links;
#[cfg(test)]
mod tests;

use junheng_core::school::SchoolCode;
use junheng_rotation::{TeacherId, Title};
use serde::Serialize;

use crate::words::words;

pub use check::{Finding, Problem, SchoolCoverage, check, coverage, qualifies};
pub use links::Links;

/// How a pair ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 合格.
    Passed,
    /// 优秀.
    Excellent,
    /// 未完成.
    Unfinished,
}

words!(Outcome {
    Passed => "passed", "合格";
    Excellent => "excellent", "优秀";
    Unfinished => "unfinished", "未完成";
});

/// Where mentor and mentee stand to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// 校内: one school.
    School,
    /// 集团内: two schools of one 教育集团.
    Group,
    /// 结对帮扶: two schools of one pairing.
    Pairing,
    /// 跨校: any other two schools.
    Cross,
}

words!(Scope {
    School => "school", "校内";
    Group => "group", "集团内";
    Pairing => "pairing", "结对帮扶";
    Cross => "cross", "跨校";
});

/// The rules of 师徒结对: settings, with their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MentorSettings {
    /// Most mentees one mentor guides at once in a school year. Default 3 (the districts'
    /// “一带一、帮一” practice allows a few; issue 17 sets 3).
    pub max_mentees: u32,
    /// A mentor who is 骨干 (县级及以上) qualifies. Default true.
    pub backbone_qualifies: bool,
    /// A mentor with at least this 职称 qualifies. Default 一级教师 (中级).
    pub min_title: Title,
    /// A teacher is new in their first this many school years at the school (school year minus
    /// `start_year` below it). Default 3.
    pub new_teacher_years: i32,
}

impl Default for MentorSettings {
    fn default() -> Self {
        MentorSettings {
            max_mentees: 3,
            backbone_qualifies: true,
            min_title: Title::First,
            new_teacher_years: 3,
        }
    }
}

/// One pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    /// 师傅.
    pub mentor: TeacherId,
    /// 师傅所在学校 (on the start date).
    pub mentor_school: SchoolCode,
    /// 徒弟.
    pub mentee: TeacherId,
    /// 徒弟所在学校.
    pub mentee_school: SchoolCode,
    /// 学科.
    pub subject: String,
    /// 开始日期, `YYYY-MM-DD`.
    pub start: String,
    /// 结束日期, `YYYY-MM-DD`; `None` while running.
    pub end: Option<String>,
    /// 目标 (may be empty).
    pub goals: String,
    /// 已开展活动次数.
    pub meetings_held: u32,
    /// 计划活动次数.
    pub meetings_planned: u32,
    /// 结果, once ended.
    pub outcome: Option<Outcome>,
}

impl Pair {
    /// Whether the pair is active in school year `year`: its period meets the year.
    pub fn active_in(&self, year: i32) -> bool {
        junheng_core::pairing::in_force(&self.start, self.end.as_deref(), year)
    }
}
