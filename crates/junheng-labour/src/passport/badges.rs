//! 勋章 (badges): rules as data, evaluated from a child's verified records.
//!
//! * [`BadgeRule::TaskGroup`] (任务群勋章): every mandatory item of the group for the child's
//!   学段 band verified at least `times` times.
//! * [`BadgeRule::Band`] (学段勋章): the task-group condition for every group the band requires
//!   ([`crate::checklist::RequiredGroups`]).
//! * [`BadgeRule::Yearly`] (劳动新星, 劳动达人 …, each school year): at least `points` points and
//!   `groups` task groups with a verified record in the school year.
//!
//! A badge whose condition has nothing to count (a group without mandatory items for the band)
//! is not earned. All thresholds are local settings \[L\]: no public badge rule was found.
//!
//! ```
//! use junheng_labour::passport::{BadgeRule, default_badges};
//! let badges = default_badges();
//! assert_eq!(badges.len(), 13);
//! assert!(matches!(badges[12].rule, BadgeRule::Yearly { points: 300, groups: 6 }));
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::Entry;
use crate::checklist::{EffectiveList, ItemCode, RequiredGroups};
use crate::groups::{GradeBand, TaskGroup};

/// The condition of a badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum BadgeRule {
    /// Every mandatory item of `group` for the child's band verified ≥ `times` times.
    TaskGroup {
        /// The task group.
        group: TaskGroup,
        /// Verified doings of each mandatory item.
        times: u32,
    },
    /// Every required group of the child's band as in [`BadgeRule::TaskGroup`].
    Band {
        /// Verified doings of each mandatory item.
        times: u32,
    },
    /// In one school year: ≥ `points` points and ≥ `groups` task groups done.
    Yearly {
        /// Points of the school year.
        points: u32,
        /// Task groups with a verified record in the school year.
        groups: u32,
    },
}

/// A badge: its stable id, its name and its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Badge {
    /// Stable id (stored with the award, exported).
    pub id: String,
    /// The name shown (清洁与卫生勋章, 劳动新星 …).
    pub name: String,
    /// When it is earned.
    pub rule: BadgeRule,
}

/// The default badges \[L\]: a task-group badge for each of the ten groups (every mandatory item
/// verified 3 times), a 学段 badge (the same for every required group), 劳动新星 (150 points and
/// 4 groups in a school year) and 劳动达人 (300 points and 6 groups).
pub fn default_badges() -> Vec<Badge> {
    let mut badges: Vec<Badge> = TaskGroup::ALL
        .iter()
        .map(|&group| Badge {
            id: format!("group_{}", group.id()),
            name: format!("{}勋章", group.label()),
            rule: BadgeRule::TaskGroup { group, times: 3 },
        })
        .collect();
    badges.push(Badge {
        id: "band".into(),
        name: "学段劳动勋章".into(),
        rule: BadgeRule::Band { times: 3 },
    });
    badges.push(Badge {
        id: "labour_star".into(),
        name: "劳动新星".into(),
        rule: BadgeRule::Yearly {
            points: 150,
            groups: 4,
        },
    });
    badges.push(Badge {
        id: "labour_master".into(),
        name: "劳动达人".into(),
        rule: BadgeRule::Yearly {
            points: 300,
            groups: 6,
        },
    });
    badges
}

/// One condition of a badge with how far the child is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadgeCheck {
    /// What is counted, in Chinese (an item, a group, points).
    pub what: String,
    /// What the child has (capped at the need).
    pub have: u32,
    /// What the badge needs.
    pub need: u32,
}

/// A badge and the child's progress to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadgeProgress {
    /// The badge's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether every check is met (and there is one).
    pub earned: bool,
    /// The conditions.
    pub checks: Vec<BadgeCheck>,
}

/// Each badge's progress for a child in `band`: `entries` are the child's records (of the band
/// for task-group and band badges), `year_entries` and `year_points` the child's records and
/// points of the school year for yearly badges.
pub fn award<'a>(
    badges: &[Badge],
    band: GradeBand,
    entries: impl IntoIterator<Item = &'a Entry>,
    year_entries: impl IntoIterator<Item = &'a Entry>,
    year_points: u32,
    list: &EffectiveList,
    required: &RequiredGroups,
) -> Vec<BadgeProgress> {
    let mut done: BTreeMap<&ItemCode, u32> = BTreeMap::new();
    for e in entries.into_iter().filter(|e| e.status.verified()) {
        *done.entry(&e.record.item).or_default() += 1;
    }
    let year_groups: BTreeSet<TaskGroup> = year_entries
        .into_iter()
        .filter(|e| e.status.verified())
        .filter_map(|e| list.item(&e.record.item).map(|i| i.group))
        .collect();
    let group_checks = |group: TaskGroup, times: u32| -> Vec<BadgeCheck> {
        list.mandatory(band, group)
            .map(|item| BadgeCheck {
                what: format!("{}「{}」", item.code, item.content),
                have: done.get(&item.code).copied().unwrap_or(0).min(times),
                need: times,
            })
            .collect()
    };
    badges
        .iter()
        .map(|badge| {
            let checks = match badge.rule {
                BadgeRule::TaskGroup { group, times } => group_checks(group, times),
                BadgeRule::Band { times } => required
                    .of(band)
                    .iter()
                    .map(|&group| {
                        // A group without mandatory items for the band can never be done.
                        let inner = group_checks(group, times);
                        let met = inner.iter().filter(|c| c.have >= c.need).count();
                        BadgeCheck {
                            what: group.label().to_owned(),
                            have: met as u32,
                            need: inner.len().max(1) as u32,
                        }
                    })
                    .collect(),
                BadgeRule::Yearly { points, groups } => vec![
                    BadgeCheck {
                        what: "学年积分".into(),
                        have: year_points.min(points),
                        need: points,
                    },
                    BadgeCheck {
                        what: "学年完成的任务群".into(),
                        have: (year_groups.len() as u32).min(groups),
                        need: groups,
                    },
                ],
            };
            BadgeProgress {
                id: badge.id.clone(),
                name: badge.name.clone(),
                earned: !checks.is_empty() && checks.iter().all(|c| c.have >= c.need),
                checks,
            }
        })
        .collect()
}
