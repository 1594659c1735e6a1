//! One section of a group: member units, the group as one unit, the spread inside it.

use std::collections::HashSet;

use super::{
    Extreme, GroupComposite, GroupIndicator, GroupSection, GroupVerdict, MemberUnit, MergedPoint,
};
use crate::evaluate::{Comparator, Evaluation, SectionResult, Unit, composite_cv, weighted_cv};
use crate::school::SchoolCode;

/// The group in one section, or `None` when no unit of the section belongs to it. Member codes
/// that lead to a unit are added to `found`.
pub(super) fn section<'m>(
    evaluation: &Evaluation<'_>,
    s: &SectionResult<'_>,
    wanted: &HashSet<&'m SchoolCode>,
    found: &mut HashSet<&'m SchoolCode>,
) -> Option<GroupSection> {
    // A unit belongs to the group when its school or a teaching point merged into it is a member.
    let matches: Vec<(usize, Vec<&'m SchoolCode>)> = s
        .units
        .iter()
        .enumerate()
        .filter_map(|(u, unit)| {
            let matched: Vec<&'m SchoolCode> = std::iter::once(unit.record)
                .chain(unit.merged.iter().copied())
                .filter_map(|r| wanted.get(&r.code).copied())
                .collect();
            (!matched.is_empty()).then_some((u, matched))
        })
        .collect();
    if matches.is_empty() {
        return None;
    }
    found.extend(matches.iter().flat_map(|(_, m)| m.iter().copied()));
    let cmp = Comparator::new(evaluation.policy.compare_decimals);
    let rule = evaluation.unit_rule;
    let index: Vec<usize> = matches.iter().map(|&(u, _)| u).collect();
    let weights: Vec<f64> = index.iter().map(|&u| s.units[u].students as f64).collect();

    let indicators: Vec<GroupIndicator> = s
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let values: Vec<f64> = index.iter().map(|&u| s.values[i][u]).collect();
            let spread = weighted_cv(&values, &weights);
            // Σ Pᵢ Xᵢ / Σ Pᵢ with Xᵢ = per · aᵢ / Pᵢ is per · Σ aᵢ / Σ Pᵢ: the group's own ratio.
            // (The evaluation does not carry `per`, so the ratio is taken through the values.)
            let value = spread.mean;
            let meets = ind.standard.map(|st| cmp.meets(value, st));
            let reaches_floor = rule
                .zip(ind.standard)
                .map(|(r, st)| cmp.meets(value, st) || cmp.meets(value, st * r.floor_ratio));
            let (lo, hi) = extremes(&values);
            GroupIndicator {
                id: ind.id.clone(),
                name: ind.name.clone(),
                short: ind.short.clone(),
                unit: ind.unit.clone(),
                amount: index.iter().map(|&u| s.amounts[i][u]).sum(),
                value,
                standard: ind.standard,
                meets,
                reaches_floor,
                spread,
                cv_max: ind.cv_max,
                within: ind
                    .cv_max
                    .map(|limit| spread.cv.is_some_and(|c| cmp.within(c, limit))),
                min: extreme(&s.units[index[lo]], values[lo]),
                max: extreme(&s.units[index[hi]], values[hi]),
                district_value: ind.spread.mean,
                district_cv: ind.spread.cv,
            }
        })
        .collect();

    let n = indicators.len();
    let standards: Option<Vec<f64>> = indicators.iter().map(|g| g.standard).collect();
    let met = standards
        .as_ref()
        .map(|_| indicators.iter().filter(|g| g.meets == Some(true)).count());
    let passes = match (&standards, rule) {
        (Some(standards), Some(r)) => {
            let values = indicators.iter().map(|g| g.value);
            Some(cmp.judge(&r, values.zip(standards.iter().copied())).1)
        }
        _ => None,
    };
    let composite = s.composite.as_ref().map(|c| {
        let cvs: Option<Vec<f64>> = indicators.iter().map(|g| g.spread.cv).collect();
        let cv = cvs.as_deref().map(composite_cv);
        GroupComposite {
            cv,
            cv_max: c.cv_max,
            within: cv.is_some_and(|v| cmp.within(v, c.cv_max)),
            district_cv: c.cv,
        }
    });
    let members = matches
        .into_iter()
        .map(|(u, matched)| member(s, u, matched, wanted))
        .collect();
    Some(GroupSection {
        section: s.section,
        label: s.section.label(),
        students: index.iter().map(|&u| s.units[u].students).sum(),
        indicators,
        verdict: GroupVerdict {
            met,
            indicators: n,
            passes,
            label: verdict_label(met, passes, n),
        },
        composite,
        members,
    })
}

/// Positions of the lowest and the highest value (the first one on ties). `values` is not empty.
fn extremes(values: &[f64]) -> (usize, usize) {
    let (mut lo, mut hi) = (0, 0);
    for (k, &v) in values.iter().enumerate() {
        if v < values[lo] {
            lo = k;
        }
        if v > values[hi] {
            hi = k;
        }
    }
    (lo, hi)
}

fn extreme(unit: &Unit<'_>, value: f64) -> Extreme {
    Extreme {
        unit_id: unit.id(),
        school_code: unit.school_code().clone(),
        name: unit.name().to_owned(),
        value,
    }
}

/// Member unit `u` of the section, reached through the member codes `matched`.
fn member(
    s: &SectionResult<'_>,
    u: usize,
    matched: Vec<&SchoolCode>,
    wanted: &HashSet<&SchoolCode>,
) -> MemberUnit {
    let unit = &s.units[u];
    let verdict = &s.verdicts[u];
    let host_is_member = wanted.contains(unit.school_code());
    let merged: Vec<MergedPoint> = unit
        .merged
        .iter()
        .map(|r| MergedPoint {
            school_code: r.code.clone(),
            name: r.name.clone(),
            students: r.primary.students,
            member: wanted.contains(&r.code),
        })
        .collect();
    let member_points: Vec<String> = merged
        .iter()
        .filter(|p| p.member)
        .map(|p| format!("{}（{}）", p.name, p.school_code))
        .collect();
    let note = match (host_is_member, member_points.is_empty()) {
        (_, true) => None,
        (true, false) => Some(format!(
            "教学点 {} 已并入本校计算，作为本单位的一部分计入集团",
            member_points.join("、")
        )),
        (false, false) => Some(format!(
            "教学点 {} 已并入 {}（{}，非集团成员）计算，该评估单位不可拆分，整体计入集团",
            member_points.join("、"),
            unit.name(),
            unit.school_code()
        )),
    };
    let n = s.indicators.len();
    MemberUnit {
        unit_id: unit.id(),
        school_code: unit.school_code().clone(),
        name: unit.name().to_owned(),
        students: unit.students,
        facility_share: unit.facility_share,
        matched: matched.into_iter().cloned().collect(),
        host_is_member,
        merged,
        values: s.values.iter().map(|column| column[u]).collect(),
        met: verdict.met,
        passes: verdict.passes,
        verdict: verdict_label(verdict.met, verdict.passes, n),
        note,
    }
}

/// 结论 of a unit (or the group as one unit) under the unit rule.
fn verdict_label(met: Option<usize>, passes: Option<bool>, n: usize) -> String {
    match (met, passes) {
        (Some(m), Some(true)) => format!("达标（{n} 项中 {m} 项达到标准）"),
        (Some(m), Some(false)) => format!("未达标（{n} 项中 {m} 项达到标准）"),
        (Some(m), None) => format!("{n} 项中 {m} 项达到标准（规则未设单校达标要求）"),
        (None, _) => "规则未设全部指标的标准，不作达标判断".into(),
    }
}
