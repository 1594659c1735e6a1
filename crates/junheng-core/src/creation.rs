//! 优质均衡创建: the vocabulary of a district's path to national recognition, and how far it is
//! from the target the city set.
//!
//! A city drives its districts in three phases, each with a target year by which a district is
//! to be recognised: 试点推进 (2024), 整体推进 (2028), 攻坚推进 (2030). A district moves through
//! five statuses, in order: 未启动 → 自评 → 市级过程评估 → 市级督导评估 → 国家认定. The full
//! 督导评估 capability uses the same words.
//!
//! ```
//! use junheng_core::creation::{CreationStatus, Phase, progress};
//! let phase = Phase::of_target(2028).unwrap();
//! assert_eq!(phase.label(), "整体推进");
//! let p = progress(Some(2028), CreationStatus::CityProcess, 2026);
//! assert_eq!(p.steps_left, 2);
//! assert_eq!(p.years_left, Some(2));
//! assert!(!p.overdue);
//! ```

use std::fmt;

use serde::{Serialize, Serializer};

/// Where a district stands on its way to 国家认定.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CreationStatus {
    /// 未启动: nothing recorded yet.
    NotStarted,
    /// 自评: the district assessed itself.
    SelfAssessed,
    /// 市级过程评估: the city assessed the district's progress.
    CityProcess,
    /// 市级督导评估: the city's supervision assessment (the step before the national one).
    CitySupervision,
    /// 国家认定: recognised by the Ministry.
    NationalRecognition,
}

impl CreationStatus {
    /// Every status, in the order a district reaches them.
    pub const ALL: [CreationStatus; 5] = [
        CreationStatus::NotStarted,
        CreationStatus::SelfAssessed,
        CreationStatus::CityProcess,
        CreationStatus::CitySupervision,
        CreationStatus::NationalRecognition,
    ];

    /// The Chinese name, as documents write it.
    pub fn label(self) -> &'static str {
        match self {
            CreationStatus::NotStarted => "未启动",
            CreationStatus::SelfAssessed => "自评",
            CreationStatus::CityProcess => "市级过程评估",
            CreationStatus::CitySupervision => "市级督导评估",
            CreationStatus::NationalRecognition => "国家认定",
        }
    }

    /// The status a label names (`None` for anything else).
    pub fn parse(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == label.trim())
    }

    /// 0 for 未启动 up to 4 for 国家认定.
    pub fn rank(self) -> usize {
        self as usize
    }
}

/// Serialised as its Chinese name, as exports and the API show it.
impl Serialize for CreationStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl fmt::Display for CreationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The three phases of a city's creation plan, named by their target year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// 试点推进: recognised by 2024.
    Pilot,
    /// 整体推进: recognised by 2028.
    Whole,
    /// 攻坚推进: recognised by 2030.
    Final,
}

impl Phase {
    /// Every phase, earliest first.
    pub const ALL: [Phase; 3] = [Phase::Pilot, Phase::Whole, Phase::Final];

    /// The year by which districts of this phase are to be recognised.
    pub fn target_year(self) -> i32 {
        match self {
            Phase::Pilot => 2024,
            Phase::Whole => 2028,
            Phase::Final => 2030,
        }
    }

    /// The phase's name.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Pilot => "试点推进",
            Phase::Whole => "整体推进",
            Phase::Final => "攻坚推进",
        }
    }

    /// The phase of a target year (`None` for a year that is not one of the three).
    pub fn of_target(year: i32) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.target_year() == year)
    }
}

/// How far a district is from its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Statuses still to reach before 国家认定 (0 once recognised).
    pub steps_left: usize,
    /// Years from `this_year` to the target year (negative once past it); `None` without a
    /// target.
    pub years_left: Option<i32>,
    /// Whether the target year has passed without 国家认定.
    pub overdue: bool,
}

impl Progress {
    /// One line a page shows, e.g. "距目标 2 年，尚差 2 步" or "已逾期 1 年，尚差 3 步".
    pub fn describe(&self) -> String {
        if self.steps_left == 0 {
            return "已通过国家认定".into();
        }
        match self.years_left {
            None => format!("未设目标年份，尚差 {} 步", self.steps_left),
            Some(y) if self.overdue => {
                format!("已逾期 {} 年，尚差 {} 步", -y, self.steps_left)
            }
            Some(0) => format!("目标为本年，尚差 {} 步", self.steps_left),
            Some(y) => format!("距目标 {y} 年，尚差 {} 步", self.steps_left),
        }
    }
}

/// The progress of a district with target year `target` and status `status` in `this_year`.
/// A target year counts as passed after its end: 2024's districts are overdue in 2025.
pub fn progress(target: Option<i32>, status: CreationStatus, this_year: i32) -> Progress {
    let steps_left = CreationStatus::NationalRecognition.rank() - status.rank();
    let years_left = target.map(|t| t - this_year);
    Progress {
        steps_left,
        years_left,
        overdue: steps_left > 0 && years_left.is_some_and(|y| y < 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn labels_round_trip_and_phases_have_their_years() {
        for s in CreationStatus::ALL {
            assert_eq!(CreationStatus::parse(s.label()), Some(s));
        }
        assert_eq!(CreationStatus::parse("国家验收"), None);
        assert_eq!(Phase::of_target(2024), Some(Phase::Pilot));
        assert_eq!(Phase::of_target(2030).unwrap().label(), "攻坚推进");
        assert_eq!(Phase::of_target(2026), None);
    }

    #[test]
    fn progress_reads_as_a_bureau_would_say_it() {
        let p = progress(Some(2024), CreationStatus::CitySupervision, 2026);
        assert!(p.overdue);
        assert_eq!(p.describe(), "已逾期 2 年，尚差 1 步");
        let done = progress(Some(2024), CreationStatus::NationalRecognition, 2026);
        assert!(!done.overdue);
        assert_eq!(done.describe(), "已通过国家认定");
        assert_eq!(
            progress(None, CreationStatus::NotStarted, 2026).describe(),
            "未设目标年份，尚差 4 步"
        );
        assert_eq!(
            progress(Some(2026), CreationStatus::SelfAssessed, 2026).describe(),
            "目标为本年，尚差 3 步"
        );
    }

    proptest! {
        #[test]
        fn a_later_status_is_never_further_away(a in 0usize..5, b in 0usize..5, t in 2020i32..2035, y in 2020i32..2035) {
            let (sa, sb) = (CreationStatus::ALL[a], CreationStatus::ALL[b]);
            let (pa, pb) = (progress(Some(t), sa, y), progress(Some(t), sb, y));
            if sa <= sb {
                prop_assert!(pa.steps_left >= pb.steps_left);
                prop_assert!(pa.overdue || !pb.overdue);
            }
            prop_assert_eq!(pa.steps_left + sa.rank(), 4);
        }
    }
}
