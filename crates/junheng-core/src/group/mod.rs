//! The bundled (捆绑) evaluation of an education group (教育集团): the group's member schools
//! taken as one unit against the standards, the spread (差异系数) inside the group, the district's
//! figures beside them, and each member's own values and verdict.
//!
//! Everything is read from an existing [`Evaluation`]: the group uses the evaluation's
//! apportioned amounts, so a multi-section member contributes only its section's share of shared
//! facilities, and the evaluation's policies (teaching points, comparison precision, unit rule)
//! apply unchanged. No official rule sets a limit on the spread inside a group; the district's
//! 差异系数 limit is shown as the reference (参照区县标准).

mod build;
mod registry;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use serde::Serialize;

pub use registry::{GroupStatus, LegalForm};

use crate::evaluate::{Evaluation, ExclusionReason, Spread};
use crate::school::{SchoolCode, SchoolRecord, Section};

/// The bundled evaluation of one education group in one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupEvaluation {
    /// 集团名称.
    pub name: String,
    /// 学年 of the evaluation.
    pub year: i32,
    /// Rulebook id of the evaluation.
    pub rulebook: String,
    /// The member codes asked for, duplicates removed, in the order given.
    pub members: Vec<SchoolCode>,
    /// One result per evaluated section that has member units, primary first.
    pub sections: Vec<GroupSection>,
    /// Member codes that are not part of any evaluated unit, and why.
    pub unevaluated: Vec<UnevaluatedMember>,
}

impl GroupEvaluation {
    /// The result of one section, if the group has units in it.
    pub fn section(&self, section: Section) -> Option<&GroupSection> {
        self.sections.iter().find(|s| s.section == section)
    }
}

/// The group in one section (小学 or 初中).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSection {
    /// 学段.
    pub section: Section,
    /// 学段名称 ("小学" / "初中").
    pub label: &'static str,
    /// Σ students of the member units.
    pub students: u64,
    /// One result per indicator, in rulebook order.
    pub indicators: Vec<GroupIndicator>,
    /// The group as one unit under the rulebook's unit rule.
    pub verdict: GroupVerdict,
    /// The composite 差异系数 inside the group, when the rulebook tests the composite (2012 rule).
    pub composite: Option<GroupComposite>,
    /// The member units, in the evaluation's unit order.
    pub members: Vec<MemberUnit>,
}

/// One indicator of the group in one section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupIndicator {
    /// Indicator id.
    pub id: String,
    /// 指标名称.
    pub name: String,
    /// 指标简称.
    pub short: String,
    /// 计量单位 of the value.
    pub unit: String,
    /// Σ of the members' amounts (base units, after apportionment; 元 for equipment).
    pub amount: f64,
    /// The group as one unit: `per × Σ amount / Σ students` (not the mean of the members'
    /// values).
    pub value: f64,
    /// The standard (≥), if the rulebook sets one.
    pub standard: Option<f64>,
    /// Whether the group's value meets the standard.
    pub meets: Option<bool>,
    /// Whether the group's value reaches the unit rule's floor (e.g. 85 % of the standard); met
    /// standards count as reaching it. `None` without a unit rule or a standard.
    pub reaches_floor: Option<bool>,
    /// The student-weighted spread over the member units (same formula as the district's).
    pub spread: Spread,
    /// The district's 差异系数 limit for this indicator (per-indicator mode), as the reference.
    pub cv_max: Option<f64>,
    /// Whether the spread inside the group is within `cv_max`.
    pub within: Option<bool>,
    /// The member unit with the lowest value.
    pub min: Extreme,
    /// The member unit with the highest value.
    pub max: Extreme,
    /// The district's value of the section (Σ amount / Σ students over all units).
    pub district_value: f64,
    /// The district's 差异系数.
    pub district_cv: Option<f64>,
}

/// A member unit at one end of an indicator's range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extreme {
    /// The unit's id (see [`crate::evaluate::Unit::id`]).
    pub unit_id: String,
    /// 学校标识码.
    pub school_code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// The unit's value.
    pub value: f64,
}

/// The group as one unit under the unit rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupVerdict {
    /// Indicators meeting their standard, when every indicator has a standard.
    pub met: Option<usize>,
    /// Number of indicators.
    pub indicators: usize,
    /// Whether the group passes the unit rule, when the rulebook has one.
    pub passes: Option<bool>,
    /// 结论, e.g. "达标（7 项中 6 项达到标准）".
    pub label: String,
}

/// The composite 差异系数 inside the group (mean of the single ones, unrounded).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupComposite {
    /// Mean of the group's single 差异系数, `None` if one is not computable.
    pub cv: Option<f64>,
    /// The district's composite limit, as the reference.
    pub cv_max: f64,
    /// Whether the group's composite is within the limit.
    pub within: bool,
    /// The district's composite 差异系数.
    pub district_cv: Option<f64>,
}

/// One evaluated unit that belongs to the group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberUnit {
    /// The unit's id (see [`crate::evaluate::Unit::id`]).
    pub unit_id: String,
    /// 学校标识码 of the unit's school (the parent, for merged teaching points).
    pub school_code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// 在校生数 of the unit (merged teaching points included): a sum over schools, so `u64`.
    pub students: u64,
    /// The unit's share of its school's shared facilities.
    pub facility_share: f64,
    /// The member codes that led to this unit: the school's own and/or merged teaching points'.
    pub matched: Vec<SchoolCode>,
    /// Whether the unit's own school is a member. `false` when only a teaching point merged into
    /// it is: the unit cannot be split, so it counts whole.
    pub host_is_member: bool,
    /// Teaching points merged into this unit.
    pub merged: Vec<MergedPoint>,
    /// The unit's values, in indicator order.
    pub values: Vec<f64>,
    /// Indicators meeting their standard, as the evaluation found.
    pub met: Option<usize>,
    /// Whether the unit passes the unit rule, as the evaluation found.
    pub passes: Option<bool>,
    /// 结论.
    pub verdict: String,
    /// 说明, e.g. that a member teaching point is counted as part of its parent.
    pub note: Option<String>,
}

/// A teaching point merged into a member unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedPoint {
    /// 学校标识码.
    pub school_code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// 在校生数.
    pub students: u32,
    /// Whether the teaching point is itself among the members asked for.
    pub member: bool,
}

/// A member code that is not part of any evaluated unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnevaluatedMember {
    /// 学校标识码.
    pub school_code: SchoolCode,
    /// 学校名称, when the evaluation knows the school.
    pub name: Option<String>,
    /// Why the evaluation left the school out; `None` when the school is not in the evaluation.
    pub reason: Option<ExclusionReason>,
    /// 原因说明.
    pub description: String,
}

/// The codes of the schools whose record names `name` as their 教育集团 (surrounding spaces
/// ignored), each once, in record order. Records of several years may be passed.
///
/// ```
/// use junheng_core::{demo, group};
/// let schools = demo::generate(&demo::DemoSpec { schools: 40, seed: 7, year: 2024 });
/// let name = schools.iter().find_map(|s| s.group.clone()).unwrap();
/// let members = group::members_from_records(&schools, &name);
/// assert!(!members.is_empty());
/// assert!(group::members_from_records(&schools, "没有这个集团").is_empty());
/// ```
pub fn members_from_records(records: &[SchoolRecord], name: &str) -> Vec<SchoolCode> {
    let name = name.trim();
    let mut seen = HashSet::new();
    records
        .iter()
        .filter(|r| r.group.as_deref().is_some_and(|g| g.trim() == name))
        .filter(|r| seen.insert(&r.code))
        .map(|r| r.code.clone())
        .collect()
}

/// The bundled evaluation of the education group `name` whose members are `members`.
///
/// Membership is explicit so that a caller can pass the membership of the evaluated year (e.g.
/// from the store's history) rather than the records' current `group` field; see
/// [`members_from_records`] for the latter. For each section with member units it gives the group
/// as one unit (Σ amount / Σ students against the standards and the unit rule, with the
/// evaluation's comparison precision), the student-weighted 差异系数 over the member units, the
/// district's figures and each member's values. A member that is a teaching point merged into its
/// parent counts through its parent's unit. Member codes in no unit are listed in
/// `unevaluated`. Unknown codes are no error: an empty or unknown group gives no sections.
///
/// ```
/// use junheng_core::{demo, evaluate::evaluate, group, rulebook::Rulebook};
/// let schools = demo::generate(&demo::DemoSpec { schools: 40, seed: 7, year: 2024 });
/// let result = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
/// let name = schools.iter().find_map(|s| s.group.clone()).unwrap();
/// let bundled = group::bundle(&result, &group::members_from_records(&schools, &name), &name);
/// let primary = &bundled.sections[0];
/// for indicator in &primary.indicators {
///     // One unit of Σ amount / Σ students: between the members' extremes.
///     assert!(indicator.min.value <= indicator.value + 1e-9);
///     assert!(indicator.value <= indicator.max.value + 1e-9);
/// }
/// ```
pub fn bundle(evaluation: &Evaluation<'_>, members: &[SchoolCode], name: &str) -> GroupEvaluation {
    let mut seen = HashSet::new();
    let members: Vec<SchoolCode> = members
        .iter()
        .filter(|c| seen.insert(*c))
        .cloned()
        .collect();
    let wanted: HashSet<&SchoolCode> = members.iter().collect();
    let mut found: HashSet<&SchoolCode> = HashSet::new();
    let sections = evaluation
        .sections
        .iter()
        .filter_map(|s| build::section(evaluation, s, &wanted, &mut found))
        .collect();
    let unevaluated = members
        .iter()
        .filter(|c| !found.contains(c))
        .map(|c| unevaluated(evaluation, c))
        .collect();
    GroupEvaluation {
        name: name.trim().to_owned(),
        year: evaluation.year,
        rulebook: evaluation.rulebook.clone(),
        members,
        sections,
        unevaluated,
    }
}

/// Why a member code is in no evaluated unit.
fn unevaluated(evaluation: &Evaluation<'_>, code: &SchoolCode) -> UnevaluatedMember {
    match evaluation.excluded.iter().find(|e| &e.school_code == code) {
        Some(e) => UnevaluatedMember {
            school_code: code.clone(),
            name: Some(e.name.clone()),
            reason: Some(e.reason),
            description: e.reason.describe(),
        },
        None => UnevaluatedMember {
            school_code: code.clone(),
            name: None,
            reason: None,
            description: "不在本次评估的学校中（数据中没有该学校，或未形成评估单位）".into(),
        },
    }
}
