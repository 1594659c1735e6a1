//! Junheng's engine for 劳动教育 and 五育 (issue 18): the 劳动清单, the labour passport, the
//! 区/校/班 review with its 公示, compliance with the national minimums, labour bases and
//! alliances, and 五育 coverage.
//!
//! Pure: inputs are plain records, the caller's dates, seeds and calendars, and one
//! [`settings::LabourSettings`]; no I/O, no clock, no randomness of its own. Children are named
//! by an opaque [`StudentKey`] only. One module per capability, named as in every layer:
//!
//! | module | what |
//! |---|---|
//! | [`groups`] | the 3 categories and 10 task groups of the 课标, the 学段 bands 1–2/3–4/5–6/7–9 |
//! | [`checklist`] | district and school lists, versioned; a school's effective list; the checks that no list lowers the minimum |
//! | [`passport`] | records, verification, the weekly spot check, points, badges, ratings, the term summary and grade |
//! | [`review`] | the class → 公示 → review → export state machine, the district's audit sample, 星级学校, the 综合素质评价 row |
//! | [`compliance`] | weekly minutes, task-group coverage, 课时, 劳动周; per class, school, district and term; suppressed district tables |
//! | [`bases`] | bases, alliances, visits, use rates |
//! | [`five`] | 大课间, 美育, 特色学校, 校园足球, 研学 against the district's targets |
//! | [`settings`] | the one settings struct and its validation |
//! | [`calendar`], [`sample`] | days, working days and terms; reproducible seeded samples |
//! | [`synth`] | generated demo data: lists and a class's term of records; bases, alliance, visits and 五育 records |
//!
//! # National rules and local settings
//!
//! National, fixed in code (a setting may only raise a floor):
//!
//! * 《大中小学劳动教育指导纲要（试行）》 (2020): weekly out-of-class labour ≥ 2 h for grades 1–2
//!   and ≥ 3 h for the others ([`compliance::NATIONAL_LOWER_GRADES_MINUTES`],
//!   [`compliance::NATIONAL_WEEKLY_MINUTES`]); a 劳动周 every school year.
//! * 《义务教育劳动课程标准（2022年版）》: 劳动课 ≥ 1 课时 a week on average
//!   ([`compliance::NATIONAL_LESSONS_PER_WEEK`]); the ten task groups in three categories
//!   ([`groups`]).
//! * 《关于全面加强新时代大中小学劳动教育的意见》 (2020): 公示 and 审核 before results enter
//!   综合素质评价 ([`review::step`] refuses an export before both).
//!
//! Local settings with documented defaults (`domain/practices.md` §4.3 marks them \[L\]):
//!
//! * the task groups each 学段 band must reach — the 课标's 学段 × 任务群 table was **not
//!   transcribed**, so [`checklist::RequiredGroups`] is a proposal to replace;
//! * the spot check's share (10 %), points (15 minutes a point, 5 per item per week, parent-only
//!   ×0.5, teacher-verified ×1, 劳动周 bonus 10), badges and their thresholds (劳动新星 150 points
//!   and 4 groups, 劳动达人 300 and 6), the term grade's lines;
//! * the 公示's length (5 working days), the district's audit sample (5 %, at least 10 children),
//!   the 星级 criteria;
//! * which places count as out-of-class (家庭, 社会), the share of weeks a child must meet
//!   (all), the small-cell minimum (10);
//! * the 五育 targets (大课间 98 %, 美育 90 %, 特色学校 50 %) — these defaults are the starting
//!   point of each district's own targets, which are its data (set and audited on `/five`), not a
//!   deployment setting.

pub mod bases;
pub mod calendar;
pub mod checklist;
pub mod compliance;
pub mod five;
pub mod groups;
pub mod passport;
pub mod review;
mod roster;
pub mod sample;
pub mod settings;
mod share;
pub mod synth;
#[cfg(test)]
mod testing;
mod words;

pub use roster::{ClassRef, Grade, RosterEntry, StudentKey};
pub use share::{Quota, Share};
