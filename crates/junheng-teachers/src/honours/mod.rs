//! Honours and 师德 (issue 17, item 6): a teacher's awards (赛课, 精品课, 论文, 优质课 … at 部/省/
//! 市/区/校级) and the yearly 师德考核 result, aggregated per school and year: awards by level per
//! 100 teachers of the year's roster, the distribution of 师德 results over the levels, teachers
//! without a result, and every school with a failing result flagged.
//!
//! The 师德 levels are settings ([`HonoursSettings::ethics_levels`], default 优秀, 合格, 基本合格,
//! 不合格) as is which of them fail ([`HonoursSettings::ethics_failing`], default 不合格).

mod words;

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use junheng_core::school::SchoolCode;
use junheng_rotation::{Teacher, TeacherId};

pub use words::{AwardKind, AwardLevel};

/// One award of a teacher.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Award {
    /// 教师编号.
    pub teacher: TeacherId,
    /// 学年 of the award (2024: 2024–2025).
    pub year: i32,
    /// 类别.
    pub kind: AwardKind,
    /// 级别.
    pub level: AwardLevel,
    /// 名称 (the competition, course or paper, and the prize).
    pub title: String,
}

/// One 师德考核 result: a teacher's level in a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EthicsResult {
    /// 教师编号.
    pub teacher: TeacherId,
    /// 学年.
    pub year: i32,
    /// 考核等次: one of [`HonoursSettings::ethics_levels`].
    pub level: String,
}

/// The settings of honours and 师德.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonoursSettings {
    /// The 师德考核 levels, best first (default 优秀, 合格, 基本合格, 不合格: the levels of the
    /// yearly 考核).
    pub ethics_levels: Vec<String>,
    /// The levels flagged as failing (default 不合格).
    pub ethics_failing: Vec<String>,
}

impl Default for HonoursSettings {
    fn default() -> Self {
        Self {
            ethics_levels: ["优秀", "合格", "基本合格", "不合格"]
                .map(String::from)
                .to_vec(),
            ethics_failing: vec!["不合格".into()],
        }
    }
}

impl HonoursSettings {
    /// The level as the settings spell it, when it is one of them (trimmed).
    pub fn ethics_level(&self, text: &str) -> Option<&str> {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        self.ethics_levels
            .iter()
            .find(|l| l.as_str() == t)
            .map(String::as_str)
    }

    /// Whether a level fails.
    pub fn fails(&self, level: &str) -> bool {
        self.ethics_failing.iter().any(|l| l == level)
    }
}

/// One school's honours in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolHonours {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 专任教师 in the year's roster.
    pub teachers: u32,
    /// Awards by level, in [`AwardLevel::ALL`] order (部级 first).
    pub awards: [u32; 5],
    /// Awards per 100 teachers by level (`None` without teachers).
    pub awards_per_100: Option<[f64; 5]>,
    /// 师德 results by level, in the settings' order.
    pub ethics: Vec<u32>,
    /// Teachers of the roster without a 师德 result for the year.
    pub ethics_missing: u32,
    /// Results at a failing level (flagged when above 0).
    pub failing: u32,
}

/// Per school of the year's roster: its awards and 师德 results of the year, counted for the
/// teachers of the roster (a record of a teacher not in the year's roster is not counted: the
/// school is the roster's). Schools by code.
///
/// ```
/// use junheng_rotation::synth::example_teacher;
/// use junheng_teachers::honours::{aggregate, EthicsResult, HonoursSettings};
/// let t = example_teacher(2020, 1990);
/// let r = EthicsResult { teacher: t.id.clone(), year: 2024, level: "不合格".into() };
/// let s = aggregate(&[t], &[], &[r], &HonoursSettings::default(), 2024);
/// assert_eq!((s[0].failing, s[0].ethics_missing), (1, 0));
/// ```
pub fn aggregate(
    roster: &[Teacher],
    awards: &[Award],
    ethics: &[EthicsResult],
    settings: &HonoursSettings,
    year: i32,
) -> Vec<SchoolHonours> {
    let mut school_of: BTreeMap<&TeacherId, &SchoolCode> = BTreeMap::new();
    for t in roster.iter().filter(|t| t.year == year) {
        school_of.entry(&t.id).or_insert(&t.school);
    }
    let mut out: BTreeMap<&SchoolCode, SchoolHonours> = BTreeMap::new();
    for school in school_of.values() {
        out.entry(school)
            .or_insert_with(|| SchoolHonours {
                school: (*school).clone(),
                teachers: 0,
                awards: [0; 5],
                awards_per_100: None,
                ethics: vec![0; settings.ethics_levels.len()],
                ethics_missing: 0,
                failing: 0,
            })
            .teachers += 1;
    }
    for a in awards.iter().filter(|a| a.year == year) {
        if let Some(s) = school_of.get(&a.teacher).and_then(|c| out.get_mut(c)) {
            s.awards[a.level as usize] += 1;
        }
    }
    let mut rated: HashSet<&TeacherId> = HashSet::new();
    for r in ethics.iter().filter(|r| r.year == year) {
        let Some(s) = school_of.get(&r.teacher).and_then(|c| out.get_mut(c)) else {
            continue;
        };
        if !rated.insert(&r.teacher) {
            continue;
        }
        if let Some(i) = settings.ethics_levels.iter().position(|l| *l == r.level) {
            s.ethics[i] += 1;
        }
        s.failing += u32::from(settings.fails(&r.level));
    }
    for (id, school) in &school_of {
        if !rated.contains(id)
            && let Some(s) = out.get_mut(school)
        {
            s.ethics_missing += 1;
        }
    }
    out.into_values()
        .map(|mut s| {
            s.awards_per_100 = (s.teachers > 0).then(|| {
                s.awards
                    .map(|n| 100.0 * f64::from(n) / f64::from(s.teachers))
            });
            s
        })
        .collect()
}

#[cfg(test)]
mod tests;
