//! A teacher's cycle and progress: the 学时 of the cycle's records against what is required of
//! them, and whether they are behind schedule.

use std::collections::BTreeMap;

use junheng_core::school::SchoolCode;
use junheng_rotation::{Teacher, TeacherId};
use serde::Serialize;

use super::{Day, Hours, Level, TrainingRecord, TrainingRules};

/// A training cycle: the calendar years `start_year`..=`end_year` (1 January to 31 December).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Cycle {
    /// First calendar year.
    pub start_year: i32,
    /// Last calendar year.
    pub end_year: i32,
}

impl Cycle {
    /// Whether the day falls in the cycle (its last day, 31 December, included).
    pub fn contains(self, day: Day) -> bool {
        (self.start_year..=self.end_year).contains(&day.year())
    }

    /// Whether the cycle is over on `as_of`.
    pub fn ended(self, as_of: Day) -> bool {
        as_of > Day::last_of(self.end_year)
    }

    /// `2021–2025`.
    pub fn label(self) -> String {
        format!("{}–{}", self.start_year, self.end_year)
    }
}

/// Each teacher's join year: the earliest of their roster rows' 本校任教起始年 and school years
/// (their first appearance), over every roster given.
pub fn join_years<'a>(rosters: impl IntoIterator<Item = &'a Teacher>) -> BTreeMap<TeacherId, i32> {
    let mut out: BTreeMap<TeacherId, i32> = BTreeMap::new();
    for t in rosters {
        let first = t.start_year.min(t.year);
        out.entry(t.id.clone())
            .and_modify(|y| *y = (*y).min(first))
            .or_insert(first);
    }
    out
}

/// One teacher's progress in one cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// 教师编号.
    pub teacher: TeacherId,
    /// The teacher's school in the roster the progress was computed for.
    pub school: SchoolCode,
    /// The cycle.
    pub cycle: Cycle,
    /// The join year used ([`join_years`]), when known.
    pub join_year: Option<i32>,
    /// 学时 required ([`TrainingRules::required_for`]).
    pub required: Hours,
    /// 学时 of the cycle's records.
    pub done: Hours,
    /// 学时 by level, in [`Level::ALL`] order.
    pub by_level: [Hours; 4],
    /// Records counted, by level in [`Level::ALL`] order.
    pub level_records: [usize; 4],
    /// `done ≥ required` (exactly the requirement completes).
    pub completed: bool,
    /// 学时 expected by `as_of`: required × the elapsed share of the teacher's part of the cycle.
    pub expected: Hours,
    /// `done < expected`: behind schedule.
    pub behind: bool,
}

/// A teacher's progress in `cycle` on `as_of`: the records of the teacher ending within the
/// cycle are summed (a record counts in the cycle holding its 结束日期); the teacher's part of the
/// cycle runs from 1 January of the later of the cycle's first year and the join year to 31
/// December of its last, and the share of it elapsed by `as_of` (days, both ends counted, within
/// 0 and 1) times the requirement is what is expected by then.
pub fn progress(
    rules: &TrainingRules,
    cycle: Cycle,
    teacher: &Teacher,
    join_year: Option<i32>,
    records: &[&TrainingRecord],
    as_of: Day,
) -> Progress {
    let mut by_level = [Hours::ZERO; 4];
    let mut level_records = [0; 4];
    for r in records
        .iter()
        .filter(|r| r.teacher == teacher.id && cycle.contains(r.end))
    {
        let i = Level::ALL.iter().position(|l| *l == r.level).unwrap_or(0);
        by_level[i] = by_level[i].plus(r.hours);
        level_records[i] += 1;
    }
    let done: Hours = by_level.iter().copied().sum();
    let required = rules.required_for(cycle, join_year);
    let from = Day::first_of(join_year.map_or(cycle.start_year, |j| j.max(cycle.start_year)));
    let to = Day::last_of(cycle.end_year);
    let total = (to.days() - from.days() + 1).max(1);
    let elapsed = (as_of.days() - from.days() + 1).clamp(0, total);
    // required × elapsed / total, rounded up to a hundredth: a teacher exactly on the line is on track.
    let scaled = i128::from(required.hundredths()) * i128::from(elapsed);
    let total = i128::from(total);
    let expected = Hours::from_hundredths(((scaled + total - 1) / total) as i64);
    Progress {
        teacher: teacher.id.clone(),
        school: teacher.school.clone(),
        cycle,
        join_year,
        required,
        done,
        by_level,
        level_records,
        completed: done >= required,
        expected,
        behind: done < expected,
    }
}
