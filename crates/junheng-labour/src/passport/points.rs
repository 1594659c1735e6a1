//! 积分 (the points bank): points of a child's verified minutes, per item and week, capped.
//!
//! For each item and week (Monday to Sunday) of the period: every counted record's minutes are
//! weighted by its status (parent-only [`PointsSettings::parent_only_percent`], teacher-verified
//! [`PointsSettings::verified_percent`], pending and rejected 0), summed, and turned into whole
//! points per full [`PointsSettings::minutes_per_point`]; the item's points in the week are then
//! capped at [`PointsSettings::cap_per_item_per_week`]. A child who did anything verified during
//! the school's 劳动周 earns [`PointsSettings::labour_week_bonus`] once. All in integers: weighted
//! minutes are kept in hundredths of a minute, so nothing drifts.
//!
//! ```
//! use junheng_labour::passport::{PointsSettings, points};
//! let tally = points([], None, &PointsSettings::default());
//! assert_eq!(tally.total, 0);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Entry, Status};
use crate::calendar::{Day, Span};
use crate::checklist::ItemCode;

/// The rules of points; every number is a local setting \[L\] (`practices.md` §4.3 proposes them;
/// no public 积分 rule was found).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PointsSettings {
    /// Minutes per point. Default 15.
    pub minutes_per_point: u16,
    /// The most points one item earns in one week. Default 5 (one a school day).
    pub cap_per_item_per_week: u32,
    /// The weight of home labour on a parent's word only, in per cent, until a teacher
    /// spot-checks it. Default 50.
    pub parent_only_percent: u8,
    /// The weight of records a teacher verified (campus, community, base activities and
    /// spot-checked home labour), in per cent. Default 100.
    pub verified_percent: u8,
    /// The points for taking part in the school's 劳动周, once. Default 10.
    pub labour_week_bonus: u32,
}

impl Default for PointsSettings {
    fn default() -> Self {
        PointsSettings {
            minutes_per_point: 15,
            cap_per_item_per_week: 5,
            parent_only_percent: 50,
            verified_percent: 100,
            labour_week_bonus: 10,
        }
    }
}

impl PointsSettings {
    /// The weight of a status, per cent.
    pub fn weight(&self, status: Status) -> u8 {
        match status {
            Status::ParentConfirmed => self.parent_only_percent,
            Status::TeacherVerified => self.verified_percent,
            Status::Pending | Status::Rejected => 0,
        }
    }
}

/// One item's points in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemWeek {
    /// The week's Monday.
    pub week: Day,
    /// The item.
    pub item: ItemCode,
    /// Minutes of the counted records.
    pub minutes: u32,
    /// Weighted minutes, in hundredths of a minute.
    pub weighted_hundredths: u64,
    /// Points before the cap.
    pub earned: u32,
    /// Points after the cap.
    pub points: u32,
}

/// A child's points of a period, with every line that makes them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PointsTally {
    /// Item-weeks with counted minutes, by week then item.
    pub lines: Vec<ItemWeek>,
    /// The 劳动周 bonus earned (0 or the setting).
    pub bonus: u32,
    /// The sum of the lines' points and the bonus.
    pub total: u32,
}

/// The points of one child's `entries` (the caller selects the child and the period), with
/// the school's 劳动周 of the period if it has one.
pub fn points<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    labour_week: Option<Span>,
    settings: &PointsSettings,
) -> PointsTally {
    let mut weeks: BTreeMap<(Day, &ItemCode), (u32, u64)> = BTreeMap::new();
    let mut in_labour_week = false;
    for e in entries {
        let weight = settings.weight(e.status);
        if weight == 0 {
            continue;
        }
        let r = &e.record;
        let line = weeks.entry((r.day.monday(), &r.item)).or_default();
        line.0 += u32::from(r.minutes);
        line.1 += u64::from(r.minutes) * u64::from(weight);
        in_labour_week |= labour_week.is_some_and(|w| w.contains(r.day));
    }
    let per_point = u64::from(settings.minutes_per_point.max(1)) * 100;
    let lines: Vec<ItemWeek> = weeks
        .into_iter()
        .map(|((week, item), (minutes, weighted))| {
            let earned = u32::try_from(weighted / per_point).unwrap_or(u32::MAX);
            ItemWeek {
                week,
                item: item.clone(),
                minutes,
                weighted_hundredths: weighted,
                earned,
                points: earned.min(settings.cap_per_item_per_week),
            }
        })
        .collect();
    let bonus = if in_labour_week {
        settings.labour_week_bonus
    } else {
        0
    };
    let total = lines.iter().map(|l| l.points).sum::<u32>() + bonus;
    PointsTally {
        lines,
        bonus,
        total,
    }
}
