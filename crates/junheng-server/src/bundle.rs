//! A group's page, extended: the bundled (捆绑) evaluation of the selected year — the group as one
//! unit per section against the standards and the unit rule, the 差异系数 inside the group next
//! to the district's, each member's values — and the group's rotation quota and moves.

use junheng_core::evaluate::Evaluation;
use junheng_core::group::{bundle, members_from_records};
use junheng_core::school::SchoolRecord;

use crate::access::Sees;
use crate::error::AppError;
use crate::rotation::{MoveRow, QuotaRow};
use crate::state::Here;
use crate::views;

pub(crate) struct BundleIndicator {
    pub name: String,
    pub unit: String,
    pub value: String,
    pub standard: String,
    pub meets: &'static str,
    pub meets_ok: bool,
    pub cv: String,
    pub cv_max: String,
    pub within: &'static str,
    pub within_ok: bool,
    pub district_value: String,
    pub district_cv: String,
}

pub(crate) struct BundleMember {
    pub code: String,
    pub name: String,
    pub students: u64,
    pub values: Vec<String>,
    pub verdict: String,
    pub passes: bool,
    pub visible: bool,
}

pub(crate) struct BundleSection {
    pub label: &'static str,
    pub students: u64,
    pub verdict: String,
    pub passes: bool,
    pub composite: String,
    pub indicators: Vec<BundleIndicator>,
    pub shorts: Vec<String>,
    pub members: Vec<BundleMember>,
}

fn yes(v: Option<bool>) -> (&'static str, bool) {
    match v {
        Some(true) => ("是", true),
        Some(false) => ("否", false),
        None => ("—", true),
    }
}

/// The bundled evaluation of group `name` (members: the records' 教育集团, i.e. the registry's
/// members on the year's 1 September).
pub(crate) fn sections(
    sees: &Sees,
    e: &Evaluation<'_>,
    records: &[SchoolRecord],
    name: &str,
) -> (Vec<BundleSection>, Vec<String>) {
    sections_of(sees, e, records, &members_from_records(records, name), name)
}

/// The bundled evaluation of the schools `members` taken as one unit named `name` (a group, a
/// 学区).
pub(crate) fn sections_of(
    sees: &Sees,
    e: &Evaluation<'_>,
    records: &[SchoolRecord],
    members: &[junheng_core::school::SchoolCode],
    name: &str,
) -> (Vec<BundleSection>, Vec<String>) {
    let g = bundle(e, members, name);
    let visible = |code: &junheng_core::school::SchoolCode| {
        records
            .iter()
            .find(|r| &r.code == code)
            .is_some_and(|r| sees.record(r))
    };
    let sections = g
        .sections
        .iter()
        .map(|s| BundleSection {
            label: s.label,
            students: s.students,
            verdict: s.verdict.label.clone(),
            passes: s.verdict.passes.unwrap_or(true),
            composite: s.composite.as_ref().map_or(String::new(), |c| {
                format!(
                    "集团内综合差异系数 {}（上限 {}，全区 {}）",
                    views::cv(c.cv),
                    views::threshold(c.cv_max),
                    views::cv(c.district_cv)
                )
            }),
            indicators: s
                .indicators
                .iter()
                .map(|i| {
                    let (meets, meets_ok) = yes(i.meets);
                    let (within, within_ok) = yes(i.within);
                    BundleIndicator {
                        name: i.name.clone(),
                        unit: i.unit.clone(),
                        value: views::value(i.value),
                        standard: i.standard.map_or("—".into(), views::threshold),
                        meets,
                        meets_ok,
                        cv: views::cv(i.spread.cv),
                        cv_max: i.cv_max.map_or("—".into(), views::threshold),
                        within,
                        within_ok,
                        district_value: views::value(i.district_value),
                        district_cv: views::cv(i.district_cv),
                    }
                })
                .collect(),
            shorts: s.indicators.iter().map(|i| i.short.clone()).collect(),
            members: s
                .members
                .iter()
                .map(|m| BundleMember {
                    code: m.school_code.to_string(),
                    name: m.name.clone(),
                    students: m.students,
                    values: m.values.iter().map(|v| views::value(*v)).collect(),
                    verdict: m.verdict.clone(),
                    passes: m.passes.unwrap_or(true),
                    visible: visible(&m.school_code),
                })
                .collect(),
        })
        .collect();
    let unevaluated = g
        .unevaluated
        .iter()
        .map(|u| {
            format!(
                "{} {}：{}",
                u.school_code,
                u.name.clone().unwrap_or_default(),
                u.description
            )
        })
        .collect();
    (sections, unevaluated)
}

/// The group's rotation quota under `rulebook` and the year's moves from or to its schools (none
/// without a roster for the year).
pub(crate) async fn rotation(
    here: &Here,
    year: i32,
    rulebook: &junheng_core::rulebook::Rulebook,
    name: &str,
) -> Result<(Option<QuotaRow>, Vec<MoveRow>), AppError> {
    let Some(data) = crate::rotation::load(here, Some(year), rulebook.clone()).await? else {
        return Ok((None, Vec::new()));
    };
    let in_group =
        |c: &junheng_core::school::SchoolCode| data.groups.get(c).map(String::as_str) == Some(name);
    let quota = if data.roster.is_empty() {
        None
    } else {
        let ry = data.rotation_year();
        ry.groups
            .get(name)
            .map(|q| QuotaRow::new("rotation-scope-group", name.to_owned(), String::new(), q))
    };
    let moves = data
        .entries
        .iter()
        .filter(|e| e.move_.active_in(year) && (in_group(&e.move_.from) || in_group(&e.move_.to)))
        .map(|e| MoveRow::new(e, &data))
        .collect();
    Ok((quota, moves))
}
