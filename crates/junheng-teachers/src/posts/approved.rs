//! 区管校聘 (政府保障 item 10): the district's approved totals of 编制 and 岗位 for a year, the
//! sum of schools' 核定编制 checked against them, and moves of posts between schools — recorded
//! like rotation moves (cancelled, never edited) and applied to the schools' 核定编制.

use std::collections::BTreeMap;

use junheng_core::date::is_real_day;
use junheng_core::school::SchoolCode;
use serde::{Deserialize, Serialize};

use super::staffing::Staffing;

/// The district's approved totals for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approved {
    /// 学年 (2024 = 2024–2025学年).
    pub year: i32,
    /// 核定编制总额.
    pub posts: u32,
    /// 岗位总额, when the district sets one.
    pub positions: Option<u32>,
}

/// A calendar day `YYYY-MM-DD`, built only by [`PostDate::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PostDate {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day.
    pub day: u32,
}

impl PostDate {
    /// Parses `2024-09-01`.
    ///
    /// ```
    /// use junheng_teachers::posts::PostDate;
    /// assert_eq!(PostDate::parse("2025-03-01").unwrap().school_year(), 2024);
    /// assert!(PostDate::parse("2025-02-30").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        ((1900..=2200).contains(&year) && is_real_day(i64::from(year), month, day))
            .then_some(PostDate { year, month, day })
    }

    /// The school year the day falls in (1 September starts one).
    pub fn school_year(&self) -> i32 {
        if self.month >= 9 {
            self.year
        } else {
            self.year - 1
        }
    }
}

impl std::fmt::Display for PostDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A move of approved posts from one school to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostMove {
    /// 调出学校.
    pub from: SchoolCode,
    /// 调入学校.
    pub to: SchoolCode,
    /// 编制数.
    pub count: u32,
    /// 调整日期.
    pub date: PostDate,
    /// 原因.
    pub reason: String,
    /// Cancelled moves are kept and not applied.
    pub cancelled: bool,
}

/// The schools' figures of `year` with the year's live moves applied to their 核定编制 (a
/// school only moved to gets a row with 0 staff). A move taking more than a school has leaves
/// it at 0; the app refuses such a move.
///
/// ```
/// use junheng_teachers::posts::apply_moves;
/// assert!(apply_moves(2024, &[], &[]).is_empty());
/// ```
pub fn apply_moves(year: i32, inputs: &[Staffing], moves: &[PostMove]) -> Vec<Staffing> {
    let mut by: BTreeMap<SchoolCode, Staffing> = inputs
        .iter()
        .map(|s| (s.school.clone(), s.clone()))
        .collect();
    let blank = |school: &SchoolCode| Staffing {
        school: school.clone(),
        approved: 0,
        on_post: 0,
        outside: 0,
    };
    let mut live: Vec<&PostMove> = moves
        .iter()
        .filter(|m| !m.cancelled && m.date.school_year() == year)
        .collect();
    live.sort_by_key(|m| m.date);
    for m in live {
        let from = by.entry(m.from.clone()).or_insert_with(|| blank(&m.from));
        from.approved = from.approved.saturating_sub(m.count);
        let to = by.entry(m.to.clone()).or_insert_with(|| blank(&m.to));
        to.approved += m.count;
    }
    by.into_values().collect()
}

/// Item 10's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovedCheck {
    /// The approved totals (`None`: 未录入).
    pub approved: Option<Approved>,
    /// Sum of the schools' 核定编制 (after moves).
    pub allocated: u64,
    /// Sum of 在编教职工 (against 岗位).
    pub on_post: u64,
    /// allocated ≤ posts, and on_post ≤ positions when set; `None` without approved totals.
    pub met: Option<bool>,
}

/// Checks the allocation against the approved totals.
///
/// ```
/// use junheng_teachers::posts::{check_approved, Approved};
/// let a = Approved { year: 2024, posts: 10, positions: None };
/// assert_eq!(check_approved(Some(&a), &[]).met, Some(true));
/// ```
pub fn check_approved(approved: Option<&Approved>, schools: &[Staffing]) -> ApprovedCheck {
    let allocated: u64 = schools.iter().map(|s| u64::from(s.approved)).sum();
    let on_post: u64 = schools.iter().map(|s| u64::from(s.on_post)).sum();
    ApprovedCheck {
        met: approved.map(|a| {
            allocated <= u64::from(a.posts) && a.positions.is_none_or(|p| on_post <= u64::from(p))
        }),
        approved: approved.cloned(),
        allocated,
        on_post,
    }
}
