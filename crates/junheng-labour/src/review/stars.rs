//! 星级学校: a school's labour education rated 1–5 stars from its compliance figures.
//!
//! Each level from 2 to 5 stars is a set of thresholds ([`StarLevel`]); a school gets the most
//! stars whose thresholds it all reaches, and 1 star otherwise. The criteria and their numbers
//! are local settings \[L\] (金牛区 rates every school; its criteria were not found).

use serde::{Deserialize, Serialize};

use crate::share::{Quota, Share};

/// The thresholds of one star level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StarLevel {
    /// The stars, 2–5.
    pub stars: u8,
    /// Share of children meeting the weekly minimum over the term, per mille.
    pub meeting_per_mille: u32,
    /// Task-group coverage of the children (groups done of groups required), per mille.
    pub coverage_per_mille: u32,
    /// 劳动课 课时 delivered of those required, per mille.
    pub lessons_per_mille: u32,
    /// Whether the school year's 劳动周 must have been held.
    pub labour_week: bool,
}

/// The 星级 criteria: the levels above one star.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StarSettings {
    /// The levels (any order; each of 2–5 at most once).
    pub levels: Vec<StarLevel>,
}

impl Default for StarSettings {
    /// 5★ 95 % meeting, 90 % coverage, every 课时, 劳动周; 4★ 85 %, 80 %, every 课时, 劳动周;
    /// 3★ 70 %, 60 %, 90 % of 课时, 劳动周; 2★ 50 %, 40 %, 80 % of 课时.
    fn default() -> Self {
        let level = |stars, meeting, coverage, lessons, labour_week| StarLevel {
            stars,
            meeting_per_mille: meeting,
            coverage_per_mille: coverage,
            lessons_per_mille: lessons,
            labour_week,
        };
        StarSettings {
            levels: vec![
                level(5, 950, 900, 1000, true),
                level(4, 850, 800, 1000, true),
                level(3, 700, 600, 900, true),
                level(2, 500, 400, 800, false),
            ],
        }
    }
}

/// What a school is rated on (from [`crate::compliance::SchoolCompliance::star_input`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StarInput {
    /// Children meeting the weekly minimum over the term.
    pub meeting: Share,
    /// Task groups done of those required, pooled over the children.
    pub coverage: Share,
    /// 劳动课 课时 delivered against required.
    pub lessons: Quota,
    /// Whether the school year's 劳动周 was held.
    pub labour_week: bool,
}

/// One level's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StarCheck {
    /// The level's stars.
    pub stars: u8,
    /// Whether the meeting share reaches it.
    pub meeting: bool,
    /// Whether the coverage reaches it.
    pub coverage: bool,
    /// Whether the 课时 reach it.
    pub lessons: bool,
    /// Whether the 劳动周 condition holds.
    pub labour_week: bool,
}

impl StarCheck {
    /// Every threshold reached.
    pub fn reached(&self) -> bool {
        self.meeting && self.coverage && self.lessons && self.labour_week
    }
}

/// A school's stars and each level's checks (most stars first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StarRating {
    /// 1–5.
    pub stars: u8,
    /// The levels' results.
    pub checks: Vec<StarCheck>,
}

/// Rates a school.
///
/// ```
/// use junheng_labour::{Quota, Share};
/// use junheng_labour::review::{StarInput, StarSettings, rate_school};
/// let input = StarInput { meeting: Share::new(90, 100), coverage: Share::new(85, 100),
///     lessons: Quota { done: 18, required: 18 }, labour_week: true };
/// assert_eq!(rate_school(&input, &StarSettings::default()).stars, 4);
/// let no_week = StarInput { labour_week: false, ..input };
/// assert_eq!(rate_school(&no_week, &StarSettings::default()).stars, 2);
/// ```
pub fn rate_school(input: &StarInput, settings: &StarSettings) -> StarRating {
    let mut checks: Vec<StarCheck> = settings
        .levels
        .iter()
        .map(|l| StarCheck {
            stars: l.stars,
            meeting: input.meeting.reaches(l.meeting_per_mille),
            coverage: input.coverage.reaches(l.coverage_per_mille),
            lessons: l.lessons_per_mille == 0
                || input
                    .lessons
                    .per_mille()
                    .is_some_and(|p| p >= u64::from(l.lessons_per_mille)),
            labour_week: !l.labour_week || input.labour_week,
        })
        .collect();
    checks.sort_by_key(|c| std::cmp::Reverse(c.stars));
    let stars = checks
        .iter()
        .filter(|c| c.reached())
        .map(|c| c.stars)
        .max()
        .unwrap_or(1);
    StarRating { stars, checks }
}
