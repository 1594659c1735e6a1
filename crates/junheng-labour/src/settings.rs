//! One settings struct for the whole capability (`[labour]` of a settings file): the defaults
//! are the national rules where they exist and documented local defaults otherwise; every
//! section rejects unknown keys; [`LabourSettings::validate`] names each wrong value.
//!
//! National floors cannot be lowered: the 纲要's 120/180 weekly minutes and the 课标's one 课时 a
//! week are minimums a district may raise only. The 劳动周 each year, the ten task groups and
//! 公示 before export are not settings at all.
//!
//! ```
//! use junheng_labour::settings::LabourSettings;
//! let mut s = LabourSettings::default();
//! assert_eq!(s.validate(), Ok(()));
//! s.compliance.weekly_minutes = 150;
//! assert_eq!(s.validate().unwrap_err()[0].code(), "settings.below_national");
//! ```

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::checklist::RequiredGroups;
use crate::compliance::{
    ComplianceSettings, NATIONAL_LESSONS_PER_WEEK, NATIONAL_LOWER_GRADES_MINUTES,
    NATIONAL_WEEKLY_MINUTES,
};
use crate::groups::{GradeBand, TaskGroup};
use crate::passport::{Badge, BadgeRule, GradeLine, GradeSettings, PointsSettings, default_badges};
use crate::review::ReviewSettings;

/// The settings of 劳动教育 and 五育.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct LabourSettings {
    /// 劳动清单.
    pub checklist: ChecklistSettings,
    /// The passport: spot checks, points, badges, term grades.
    pub passport: PassportSettings,
    /// 公示, the district's audit, 星级学校.
    pub review: ReviewSettings,
    /// The weekly minimums, 课时, suppression.
    pub compliance: ComplianceSettings,
}

/// The settings of lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ChecklistSettings {
    /// The task groups each 学段 band must reach (a local default; see [`RequiredGroups`]).
    pub required_groups: RequiredGroups,
}

/// The settings of the passport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PassportSettings {
    /// The weekly spot check's share of a class's home records, per mille. Default 100 (10 %)
    /// \[L\]; at least one record whenever there are any.
    pub spot_check_per_mille: u32,
    /// Points.
    pub points: PointsSettings,
    /// Badges and their rules.
    pub badges: Vec<Badge>,
    /// The term grade's lines.
    pub grades: GradeSettings,
}

impl Default for PassportSettings {
    fn default() -> Self {
        PassportSettings {
            spot_check_per_mille: 100,
            points: PointsSettings::default(),
            badges: default_badges(),
            grades: GradeSettings::default(),
        }
    }
}

/// A wrong setting: which and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// A value outside its range.
    #[error("labour.{field} 应为 {expected}")]
    OutOfRange {
        /// The setting's path.
        field: &'static str,
        /// What is expected, in Chinese.
        expected: &'static str,
    },
    /// A national minimum lowered.
    #[error("labour.{field} 不得低于国家规定的 {national}")]
    BelowNational {
        /// The setting's path.
        field: &'static str,
        /// The national minimum.
        national: u32,
    },
    /// A task group listed twice for a band.
    #[error("labour.checklist.required_groups 的{band}重复列出了「{group}」")]
    DuplicateGroup {
        /// The band.
        band: GradeBand,
        /// The group.
        group: TaskGroup,
    },
    /// A badge that cannot be right.
    #[error("勋章「{id}」：{expected}")]
    Badge {
        /// The badge's id.
        id: String,
        /// What is expected, in Chinese.
        expected: &'static str,
    },
    /// A star level that cannot be right.
    #[error("labour.review.stars：{expected}")]
    Stars {
        /// What is expected, in Chinese.
        expected: &'static str,
    },
}

impl SettingsError {
    /// The stable code (an i18n key).
    pub fn code(&self) -> &'static str {
        match self {
            SettingsError::OutOfRange { .. } => "settings.out_of_range",
            SettingsError::BelowNational { .. } => "settings.below_national",
            SettingsError::DuplicateGroup { .. } => "settings.duplicate_group",
            SettingsError::Badge { .. } => "settings.badge",
            SettingsError::Stars { .. } => "settings.stars",
        }
    }
}

impl LabourSettings {
    /// Every wrong value, or `Ok`.
    pub fn validate(&self) -> Result<(), Vec<SettingsError>> {
        let mut errors = Vec::new();
        let mut range = |ok: bool, field: &'static str, expected: &'static str| {
            if !ok {
                errors.push(SettingsError::OutOfRange { field, expected });
            }
        };
        let per_mille = |v: u32| v <= 1000;
        let p = &self.passport;
        range(
            (1..=1000).contains(&p.spot_check_per_mille),
            "passport.spot_check_per_mille",
            "1 到 1000（‰）",
        );
        let pts = &p.points;
        range(
            (1..=240).contains(&pts.minutes_per_point),
            "passport.points.minutes_per_point",
            "1 到 240 分钟",
        );
        range(
            pts.cap_per_item_per_week >= 1,
            "passport.points.cap_per_item_per_week",
            "至少 1 分",
        );
        range(
            (1..=100).contains(&pts.verified_percent),
            "passport.points.verified_percent",
            "1 到 100（%）",
        );
        range(
            pts.parent_only_percent <= pts.verified_percent,
            "passport.points.parent_only_percent",
            "0 到 verified_percent（%）：家长单方确认的权重不高于教师核实",
        );
        range(
            pts.labour_week_bonus <= 1000,
            "passport.points.labour_week_bonus",
            "0 到 1000 分",
        );
        let g = &p.grades;
        let line_ok = |l: GradeLine| l.rating_tenths == 0 || (10..=50).contains(&l.rating_tenths);
        range(
            [g.excellent, g.good, g.pass].into_iter().all(line_ok),
            "passport.grades",
            "评分线为 0（不要求）或 10 到 50（1.0 到 5.0 星）",
        );
        range(
            g.excellent.points >= g.good.points
                && g.good.points >= g.pass.points
                && g.excellent.rating_tenths >= g.good.rating_tenths
                && g.good.rating_tenths >= g.pass.rating_tenths,
            "passport.grades",
            "优秀 ≥ 良好 ≥ 合格（积分与评分线均如此）",
        );
        let r = &self.review;
        range(
            (1..=30).contains(&r.publicity_working_days),
            "review.publicity_working_days",
            "1 到 30 个工作日",
        );
        range(
            per_mille(r.audit.share_per_mille) && r.audit.at_least <= 1000,
            "review.audit",
            "share_per_mille 为 0 到 1000（‰），at_least 为 0 到 1000 人",
        );
        let c = &self.compliance;
        range(
            per_mille(c.term_weeks_per_mille) && c.term_weeks_per_mille > 0,
            "compliance.term_weeks_per_mille",
            "1 到 1000（‰）",
        );
        range(
            !c.out_of_class.is_empty()
                && c.out_of_class.iter().collect::<BTreeSet<_>>().len() == c.out_of_class.len(),
            "compliance.out_of_class",
            "至少一个场所（home、school、society），不重复",
        );
        range(
            (1..=100).contains(&c.min_cell),
            "compliance.min_cell",
            "1 到 100 人",
        );
        range(
            c.lower_grades_weekly_minutes <= 2400
                && c.weekly_minutes <= 2400
                && c.lessons_per_week <= 10,
            "compliance",
            "每周时长不超过 2400 分钟，课时每周不超过 10",
        );
        for (field, value, national) in [
            (
                "compliance.lower_grades_weekly_minutes",
                c.lower_grades_weekly_minutes,
                NATIONAL_LOWER_GRADES_MINUTES,
            ),
            (
                "compliance.weekly_minutes",
                c.weekly_minutes,
                NATIONAL_WEEKLY_MINUTES,
            ),
            (
                "compliance.lessons_per_week",
                c.lessons_per_week,
                NATIONAL_LESSONS_PER_WEEK,
            ),
        ] {
            if value < national {
                errors.push(SettingsError::BelowNational { field, national });
            }
        }
        let groups = &self.checklist.required_groups;
        for &band in GradeBand::ALL {
            let mut seen = BTreeSet::new();
            for &group in groups.of(band) {
                if !seen.insert(group) {
                    errors.push(SettingsError::DuplicateGroup { band, group });
                }
            }
        }
        check_badges(&p.badges, &mut errors);
        check_stars(r, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn check_badges(badges: &[Badge], errors: &mut Vec<SettingsError>) {
    let mut ids = BTreeSet::new();
    for b in badges {
        let bad = |expected| SettingsError::Badge {
            id: b.id.clone(),
            expected,
        };
        let id_ok = (1..=32).contains(&b.id.len())
            && b.id
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_');
        if !id_ok {
            errors.push(bad("编号应为 1 到 32 个小写英文字母、数字或下划线"));
        }
        if !ids.insert(&b.id) {
            errors.push(bad("编号重复"));
        }
        if b.name.trim().is_empty() || b.name.chars().count() > 20 {
            errors.push(bad("名称应为 1 到 20 个字"));
        }
        let rule_ok = match b.rule {
            BadgeRule::TaskGroup { times, .. } | BadgeRule::Band { times } => times >= 1,
            BadgeRule::Yearly { points, groups } => {
                groups <= TaskGroup::ALL.len() as u32 && (points > 0 || groups > 0)
            }
        };
        if !rule_ok {
            errors.push(bad(
                "次数至少为 1；学年勋章的积分或任务群至少一项大于 0，任务群不超过 10 个",
            ));
        }
    }
}

fn check_stars(review: &ReviewSettings, errors: &mut Vec<SettingsError>) {
    let mut levels = review.stars.levels.clone();
    levels.sort_by_key(|l| l.stars);
    let mut stars = BTreeSet::new();
    if levels
        .iter()
        .any(|l| !(2..=5).contains(&l.stars) || !stars.insert(l.stars))
    {
        errors.push(SettingsError::Stars {
            expected: "每个等级的星数为 2 到 5，且不重复",
        });
    }
    let over = |l: &crate::review::StarLevel| {
        l.meeting_per_mille > 1000 || l.coverage_per_mille > 1000 || l.lessons_per_mille > 2000
    };
    if levels.iter().any(over) {
        errors.push(SettingsError::Stars {
            expected: "达标率和覆盖率不超过 1000‰，课时完成率不超过 2000‰",
        });
    }
    let rising = levels.windows(2).all(|w| {
        let (lo, hi) = (&w[0], &w[1]);
        hi.meeting_per_mille >= lo.meeting_per_mille
            && hi.coverage_per_mille >= lo.coverage_per_mille
            && hi.lessons_per_mille >= lo.lessons_per_mille
            && (hi.labour_week || !lo.labour_week)
    });
    if !rising {
        errors.push(SettingsError::Stars {
            expected: "星级越高，各项门槛不得越低",
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_survive_json() {
        let s = LabourSettings::default();
        assert_eq!(s.validate(), Ok(()));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<LabourSettings>(&json).unwrap(), s);
        // A partial file keeps the other defaults; unknown keys are refused.
        let partial: LabourSettings =
            serde_json::from_str(r#"{"passport": {"points": {"cap_per_item_per_week": 8}}}"#)
                .unwrap();
        assert_eq!(partial.passport.points.cap_per_item_per_week, 8);
        assert_eq!(partial.passport.points.minutes_per_point, 15);
        assert!(serde_json::from_str::<LabourSettings>(r#"{"passport": {"cap": 8}}"#).is_err());
        assert!(
            serde_json::from_str::<LabourSettings>(r#"{"labour_week_required": false}"#).is_err()
        );
    }

    #[test]
    fn national_floors_cannot_be_lowered_but_raised() {
        let mut s = LabourSettings::default();
        s.compliance.lower_grades_weekly_minutes = 119;
        s.compliance.lessons_per_week = 0;
        let errors = s.validate().unwrap_err();
        assert_eq!(
            errors,
            [
                SettingsError::BelowNational {
                    field: "compliance.lower_grades_weekly_minutes",
                    national: 120
                },
                SettingsError::BelowNational {
                    field: "compliance.lessons_per_week",
                    national: 1
                },
            ]
        );
        assert!(errors[0].to_string().contains("120"));
        let mut s = LabourSettings::default();
        s.compliance.weekly_minutes = 240;
        s.compliance.lessons_per_week = 2;
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn each_wrong_value_is_named() {
        let mut s = LabourSettings::default();
        s.passport.spot_check_per_mille = 0;
        s.passport.points.parent_only_percent = 101;
        s.passport.grades.good.points = 200;
        s.review.publicity_working_days = 0;
        s.compliance.out_of_class.clear();
        s.checklist.required_groups.first.push(TaskGroup::Cleaning);
        s.passport.badges[0].id = "Bad id".into();
        s.passport.badges[1].id = s.passport.badges[2].id.clone();
        s.review.stars.levels[0].meeting_per_mille = 10;
        let errors = s.validate().unwrap_err();
        let fields: Vec<String> = errors
            .iter()
            .map(|e| match e {
                SettingsError::OutOfRange { field, .. } => field.to_string(),
                other => other.code().to_owned(),
            })
            .collect();
        assert_eq!(
            fields,
            [
                "passport.spot_check_per_mille",
                "passport.points.parent_only_percent",
                "passport.grades",
                "review.publicity_working_days",
                "compliance.out_of_class",
                "settings.duplicate_group",
                "settings.badge",
                "settings.badge",
                "settings.stars",
            ]
        );
    }
}
