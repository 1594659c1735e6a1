//! The score of a [`super::ItemSource::Resource`] item, read from the resource-allocation
//! evaluation.

use serde::{Deserialize, Serialize};

use crate::evaluate::Evaluation;
use crate::group::{GroupEvaluation, bundle};
use crate::school::{SchoolCode, Section};

/// How the resource score is computed, shown beside it.
pub const RESOURCE_SCORE_DEFINITION: &str = "资源配置得分 = 达到标准的指标项数 ÷ 设有标准的指标项数 × 100。\
集团按整体计（成员校合计数量 ÷ 合计在校生数，与集团捆绑评估一致），学校按本校评估单位计；\
小学、初中两个学段的指标合并计数，未设标准的指标不计。";

/// The resource score of a group or a school: the share of the indicators with a standard whose
/// value meets it, × 100 ([`RESOURCE_SCORE_DEFINITION`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceScore {
    /// `100 × met / judged`, 0–100.
    pub value: f64,
    /// Indicators (over all sections) meeting their standard.
    pub met: usize,
    /// Indicators (over all sections) that have a standard.
    pub judged: usize,
    /// The count of each section.
    pub sections: Vec<SectionTally>,
}

/// The count of one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionTally {
    /// 学段.
    pub section: Section,
    /// Indicators meeting their standard.
    pub met: usize,
    /// Indicators with a standard.
    pub judged: usize,
    /// 指标简称 of the indicators below their standard.
    pub not_met: Vec<String>,
}

/// The resource score of a group from its bundled evaluation: the group as one unit (Σ amount /
/// Σ students of its members) against each standard, both sections counted together. `None`
/// (未接入) when no indicator of any section has a standard, e.g. a group none of whose members
/// was evaluated.
///
/// A member's own shortfalls do not lower the group's score; they show in the member's own score
/// ([`school_resource_score`]) and in the per-member rows of the 捆绑 composite.
///
/// ```
/// use junheng_core::{demo, evaluate::evaluate, group, review, rulebook::Rulebook};
/// let schools = demo::generate(&demo::DemoSpec { schools: 40, seed: 7, year: 2024 });
/// let result = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
/// let name = schools.iter().find_map(|s| s.group.clone()).unwrap();
/// let bundled = group::bundle(&result, &group::members_from_records(&schools, &name), &name);
/// let score = review::group_resource_score(&bundled).unwrap();
/// assert_eq!(score.value, 100.0 * score.met as f64 / score.judged as f64);
/// ```
pub fn group_resource_score(group: &GroupEvaluation) -> Option<ResourceScore> {
    let sections: Vec<SectionTally> = group
        .sections
        .iter()
        .map(|s| {
            let judged: Vec<_> = s.indicators.iter().filter(|i| i.meets.is_some()).collect();
            SectionTally {
                section: s.section,
                met: judged.iter().filter(|i| i.meets == Some(true)).count(),
                judged: judged.len(),
                not_met: judged
                    .iter()
                    .filter(|i| i.meets == Some(false))
                    .map(|i| i.short.clone())
                    .collect(),
            }
        })
        .collect();
    let met: usize = sections.iter().map(|s| s.met).sum();
    let judged: usize = sections.iter().map(|s| s.judged).sum();
    (judged > 0).then(|| ResourceScore {
        value: 100.0 * met as f64 / judged as f64,
        met,
        judged,
        sections,
    })
}

/// The resource score of one school from the district's evaluation: its own evaluation units
/// (one per section it has) against each standard, as [`group_resource_score`] counts a group
/// of that one school. A teaching point merged into its parent counts through its parent's unit;
/// `None` (未接入) for a school the evaluation left out or does not know.
///
/// ```
/// use junheng_core::{demo, evaluate::evaluate, review, rulebook::Rulebook};
/// let schools = demo::generate(&demo::DemoSpec { schools: 40, seed: 7, year: 2024 });
/// let result = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
/// let school = &result.sections[0].units[0];
/// let score = review::school_resource_score(&result, school.school_code()).unwrap();
/// assert!((0.0..=100.0).contains(&score.value));
/// ```
pub fn school_resource_score(
    evaluation: &Evaluation<'_>,
    school: &SchoolCode,
) -> Option<ResourceScore> {
    group_resource_score(&bundle(evaluation, std::slice::from_ref(school), ""))
}
