//! The roster counted per school and section: what a district reports upward (数据上报) of its
//! roster — how many teachers, and how many count in each sub-count of the statistics — with no
//! teacher named.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use junheng_core::school::{SchoolCode, Section};

use crate::teacher::Teacher;

/// The roster's counts of one school and section: how many teachers, and how many of them count
/// in each of the statistics' sub-counts. No teacher is named.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterCounts {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学段 (小学 or 初中).
    pub section: Section,
    /// 专任教师.
    pub teachers: u32,
    /// 高于规定学历教师.
    pub qualified: u32,
    /// 县级及以上骨干教师.
    pub backbone: u32,
    /// 体育艺术专任教师.
    pub pe_arts: u32,
    /// 中级及以上专业技术职务教师 (0 when the roster has no titles).
    pub intermediate: u32,
    /// 在编.
    pub on_staff: u32,
}

/// The roster of `year` counted per school and section, ordered by school and section.
///
/// ```
/// use junheng_rotation::roster_counts;
/// let mut t = junheng_rotation::synth::example_teacher(2010, 1980);
/// let mut u = t.clone();
/// u.id = junheng_rotation::TeacherId::parse("T0002").unwrap();
/// u.pe_arts = true;
/// let counts = roster_counts(&[t, u], 2024);
/// assert_eq!((counts.len(), counts[0].teachers, counts[0].pe_arts), (1, 2, 1));
/// ```
pub fn roster_counts(roster: &[Teacher], year: i32) -> Vec<RosterCounts> {
    let mut by: BTreeMap<(SchoolCode, Section), RosterCounts> = BTreeMap::new();
    for t in roster.iter().filter(|t| t.year == year) {
        let c = t.counts();
        let e = by
            .entry((t.school.clone(), t.section))
            .or_insert(RosterCounts {
                school: t.school.clone(),
                section: t.section,
                teachers: 0,
                qualified: 0,
                backbone: 0,
                pe_arts: 0,
                intermediate: 0,
                on_staff: 0,
            });
        e.teachers = e.teachers.saturating_add(c.teachers);
        e.qualified = e.qualified.saturating_add(c.qualified);
        e.backbone = e.backbone.saturating_add(c.backbone);
        e.pe_arts = e.pe_arts.saturating_add(c.pe_arts);
        e.intermediate = e.intermediate.saturating_add(c.intermediate);
        e.on_staff = e.on_staff.saturating_add(u32::from(t.on_staff));
    }
    by.into_values().collect()
}
