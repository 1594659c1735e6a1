//! One year's 综合考核 computed from what the district holds: the pure part of
//! [`super::year`], with no database.

use std::collections::{BTreeMap, HashMap, HashSet};

use junheng_core::bands::{PastPeriod, Placement};
use junheng_core::evaluate::Evaluation;
use junheng_core::group::bundle;
use junheng_core::review::{
    Baseline, Cohesion, CoreGapYear, GroupComposite, GroupInput, ManualScores, MeasureSeries,
    MeasureYear, MemberInput, MemberValue, QualityScore, ReviewSettings, UnitInput, UnitReview,
    cohesion, composite, core_gap, group_resource_score, place_reviews, school_resource_score,
    score,
};
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::{GroupDetail, ReviewResult, ReviewScore, ReviewUnit, membership_date};
use serde::Serialize;

/// What one year's review is computed from.
pub struct Inputs<'a> {
    /// 考核年度 (the school year starting on its 1 September).
    pub year: i32,
    /// The rubric, composite, 三线 and warning settings.
    pub settings: &'a ReviewSettings,
    /// The year's resource evaluation, `None` when the year has no statistics.
    pub evaluation: Option<&'a Evaluation<'a>>,
    /// The year's schools (teaching points merged into a parent are not reviewed).
    pub records: &'a [SchoolRecord],
    /// The registry's groups with their membership history.
    pub groups: &'a [GroupDetail],
    /// The year's manual scores.
    pub scores: &'a [ReviewScore],
    /// The (unit, rubric item) pairs with evidence attached ([`super::evidence_title`]).
    pub evidence: &'a HashSet<(ReviewUnit, String)>,
    /// The finalised results of every year.
    pub history: &'a [ReviewResult],
    /// The students (小学 + 初中) of each school in the earlier years the history has: a
    /// member's weight in that year's gap and spread. A school without that year's count is
    /// left out of that year, never weighted by another year's.
    pub enrolment: &'a BTreeMap<i32, HashMap<SchoolCode, u64>>,
    /// Each school's quality score by 考核年度: the year's (the quality item) and the earlier
    /// years' of the 集而不团 window (the core's lead in quality).
    pub quality: &'a BTreeMap<i32, HashMap<SchoolCode, QualityScore>>,
}

/// The students (小学 + 初中) of each school of a year's statistics.
pub fn enrolment(records: &[SchoolRecord]) -> HashMap<SchoolCode, u64> {
    records
        .iter()
        .map(|r| {
            (
                r.code.clone(),
                u64::from(r.primary.students) + u64::from(r.junior.students),
            )
        })
        .collect()
}

/// One school's review.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolReview {
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// Its group in the year.
    pub group: Option<String>,
    /// Its 学区 in the year.
    pub zone: Option<String>,
    /// The items and the total.
    pub review: UnitReview,
}

/// One group's review: its own score as a unit and the 捆绑 composite of its members.
#[derive(Debug, Clone, Serialize)]
pub struct GroupReview {
    /// 集团名称.
    pub name: String,
    /// Its members in the year.
    pub members: Vec<SchoolCode>,
    /// The group scored on the rubric as one unit (its own items; resources bundled).
    pub review: UnitReview,
    /// `G` and its parts, with a row per member.
    pub composite: GroupComposite<SchoolCode>,
    /// The 集而不团 check (with the core's lead in quality).
    pub cohesion: Cohesion<SchoolCode>,
    /// The core's lead in quality over the other members, by year.
    pub quality_gap: Vec<CoreGapYear>,
}

/// One year's review of the district.
#[derive(Debug, Clone, Serialize)]
pub struct YearReview {
    /// 考核年度.
    pub year: i32,
    /// Every school, by code.
    pub schools: Vec<SchoolReview>,
    /// Every group with members in the year, by name.
    pub groups: Vec<GroupReview>,
    /// The schools' totals in the 三线.
    pub school_bands: Placement<SchoolCode>,
    /// The groups' `G` in the 三线.
    pub group_bands: Placement<String>,
    /// The earlier finalised years the 三线 history and the composite drew on.
    pub history_years: Vec<i32>,
}

/// Why a year cannot be computed (settings or data the engines refuse).
#[derive(Debug)]
pub struct ComputeError(pub String);

impl std::fmt::Display for ComputeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ComputeError {}

impl YearReview {
    /// A school's review.
    pub fn school(&self, code: &SchoolCode) -> Option<&SchoolReview> {
        self.schools.iter().find(|s| &s.code == code)
    }

    /// A group's review.
    pub fn group(&self, name: &str) -> Option<&GroupReview> {
        self.groups.iter().find(|g| g.name == name)
    }
}

/// The finalised values of one kind of unit, by year.
fn values_by_year(
    history: &[ReviewResult],
    kind: &str,
) -> BTreeMap<i32, HashMap<String, PastPeriod>> {
    let mut out: BTreeMap<i32, HashMap<String, PastPeriod>> = BTreeMap::new();
    for r in history.iter().filter(|r| r.unit.kind() == kind) {
        out.entry(r.year).or_default().insert(
            r.unit.key().to_owned(),
            PastPeriod {
                value: r.value,
                band: r.band,
            },
        );
    }
    out
}

/// What one unit has for the engine: its manual scores, resource and quality scores.
fn unit_input(
    unit: &ReviewUnit,
    inputs: &Inputs<'_>,
    resource: Option<junheng_core::review::ResourceScore>,
    quality: Option<QualityScore>,
) -> UnitInput {
    let mut manual: BTreeMap<String, ManualScores> = BTreeMap::new();
    for item in inputs
        .settings
        .rubric
        .items
        .iter()
        .filter(|i| i.source == junheng_core::review::ItemSource::Manual)
    {
        let scores: BTreeMap<_, _> = inputs
            .scores
            .iter()
            .filter(|s| {
                &s.unit == unit && s.item == item.id && item.scorer_weight(s.scorer).is_some()
            })
            .map(|s| (s.scorer, s.score))
            .collect();
        let evidence = inputs.evidence.contains(&(unit.clone(), item.id.clone()));
        if !scores.is_empty() || evidence {
            manual.insert(item.id.clone(), ManualScores { scores, evidence });
        }
    }
    UnitInput {
        manual,
        resource,
        quality,
    }
}

/// A school's quality score in `year`.
fn quality_of(inputs: &Inputs<'_>, year: i32, code: &SchoolCode) -> Option<QualityScore> {
    inputs.quality.get(&year)?.get(code).copied()
}

/// Computes the year: every school and group scored, the groups' composites, both 三线 with
/// the earlier finalised years as history, and the 集而不团 checks.
pub fn compute(inputs: &Inputs<'_>) -> Result<YearReview, ComputeError> {
    let bad = |e: &dyn std::fmt::Display| ComputeError(e.to_string());
    let settings = inputs.settings;
    settings.validate().map_err(|e| bad(&e))?;
    let year = inputs.year;
    let schools_past = values_by_year(inputs.history, "school");
    let groups_past = values_by_year(inputs.history, "group");

    let mut schools = Vec::new();
    for r in inputs.records.iter().filter(|r| r.parent_code.is_none()) {
        let unit = ReviewUnit::School(r.code.clone());
        let resource = inputs
            .evaluation
            .and_then(|e| school_resource_score(e, &r.code));
        let quality = quality_of(inputs, year, &r.code);
        let review = score(
            &settings.rubric,
            &unit_input(&unit, inputs, resource, quality),
        )
        .map_err(|e| bad(&e))?;
        schools.push(SchoolReview {
            code: r.code.clone(),
            name: r.name.clone(),
            group: r.group.clone(),
            zone: r.zone.clone(),
            review,
        });
    }
    schools.sort_by(|a, b| a.code.cmp(&b.code));

    // Every year from the first finalised one to last year, finalised or not: a year without
    // results is an empty period, which ends a run at the 警戒线 (the engine counts consecutive
    // periods).
    let first = schools_past.keys().chain(groups_past.keys()).copied().min();
    let earlier: Vec<i32> = first.map_or_else(Vec::new, |f| (f..year).collect());
    let school_history: Vec<BTreeMap<SchoolCode, PastPeriod>> = earlier
        .iter()
        .map(|y| {
            schools_past
                .get(y)
                .into_iter()
                .flatten()
                .filter_map(|(k, p)| Some((SchoolCode::parse(k).ok()?, *p)))
                .collect()
        })
        .collect();
    let totals: BTreeMap<SchoolCode, UnitReview> = schools
        .iter()
        .map(|s| (s.code.clone(), s.review.clone()))
        .collect();
    let school_bands =
        place_reviews(&settings.bands, &totals, &school_history).map_err(|e| bad(&e))?;

    let date = membership_date(year);
    let students = enrolment(inputs.records);
    let school_value = |y: i32, code: &SchoolCode| -> Option<f64> {
        schools_past.get(&y)?.get(code.as_str())?.value
    };
    let mut groups = Vec::new();
    for d in inputs.groups {
        let members: Vec<SchoolCode> = d
            .members_on(&date)
            .into_iter()
            .filter(|c| totals.contains_key(c))
            .collect();
        if members.is_empty() {
            continue;
        }
        let name = d.group.name.clone();
        let unit = ReviewUnit::Group(name.clone());
        let resource = inputs
            .evaluation
            .and_then(|e| group_resource_score(&bundle(e, &members, &name)));
        let member_quality: Vec<QualityScore> = members
            .iter()
            .filter_map(|c| quality_of(inputs, year, c))
            .collect();
        let quality = QualityScore::bundle(&member_quality);
        let review = score(
            &settings.rubric,
            &unit_input(&unit, inputs, resource, quality),
        )
        .map_err(|e| bad(&e))?;
        let member_inputs = members
            .iter()
            .map(|c| MemberInput {
                unit: c.clone(),
                name: schools
                    .iter()
                    .find(|s| &s.code == c)
                    .map_or_else(|| c.to_string(), |s| s.name.clone()),
                students: students.get(c).copied().unwrap_or(0),
                core: d.group.lead_school.as_ref() == Some(c),
                value: totals.get(c).and_then(|t| t.total),
                last_year: school_value(year - 1, c),
            })
            .collect();
        let founded = d
            .group
            .founded_on
            .as_deref()
            .and_then(|f| f.get(..4)?.parse::<i32>().ok());
        // The members of an earlier year with their finalised totals.
        let then = |y: i32| -> Vec<MemberValue> {
            d.members_on(&membership_date(y))
                .iter()
                .filter_map(|c| {
                    Some(MemberValue {
                        students: *inputs.enrolment.get(&y)?.get(c)?,
                        core: d.group.lead_school.as_ref() == Some(c),
                        value: school_value(y, c)?,
                    })
                })
                .collect()
        };
        let baseline = earlier
            .iter()
            .copied()
            .filter(|&y| founded.is_none_or(|f| y >= f))
            .map(|y| Baseline {
                year: y,
                members: then(y),
            })
            .find(|b| !b.members.is_empty());
        let g = composite(
            &settings.composite,
            &GroupInput {
                name: name.clone(),
                year,
                members: member_inputs,
                baseline,
            },
        )
        .map_err(|e| bad(&e))?;
        let mut years: Vec<MeasureYear> = earlier
            .iter()
            .map(|&y| MeasureYear {
                year: y,
                members: then(y),
            })
            .filter(|m| !m.members.is_empty())
            .collect();
        years.push(MeasureYear::totals(&g));
        let series = MeasureSeries {
            measure: "考核总分".into(),
            years,
        };
        let mut check =
            cohesion(&settings.cohesion, &g, &series, Some(&school_bands)).map_err(|e| bad(&e))?;
        // The members of each year with a quality score, weighted by the students who sat.
        let quality_years = inputs
            .quality
            .range(..=year)
            .map(|(&y, scores)| MeasureYear {
                year: y,
                members: d
                    .members_on(&membership_date(y))
                    .iter()
                    .filter_map(|c| {
                        let q = scores.get(c)?;
                        Some(MemberValue {
                            students: q.sat,
                            core: d.group.lead_school.as_ref() == Some(c),
                            value: q.value,
                        })
                    })
                    .collect(),
            })
            .filter(|m| !m.members.is_empty())
            .collect();
        let quality_series = MeasureSeries {
            measure: "质量得分".into(),
            years: quality_years,
        };
        let quality_gap = core_gap(&settings.cohesion, &quality_series, &mut check);
        groups.push(GroupReview {
            name,
            members,
            review,
            composite: g,
            cohesion: check,
            quality_gap,
        });
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    let group_history: Vec<BTreeMap<String, PastPeriod>> = earlier
        .iter()
        .map(|y| {
            groups_past
                .get(y)
                .into_iter()
                .flatten()
                .map(|(k, p)| (k.clone(), *p))
                .collect()
        })
        .collect();
    let composites: BTreeMap<String, Option<f64>> = groups
        .iter()
        .map(|g| (g.name.clone(), g.composite.value))
        .collect();
    let group_bands =
        place_reviews(&settings.bands, &composites, &group_history).map_err(|e| bad(&e))?;
    Ok(YearReview {
        year,
        schools,
        groups,
        school_bands,
        group_bands,
        history_years: earlier,
    })
}
