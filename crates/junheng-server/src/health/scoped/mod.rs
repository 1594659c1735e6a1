//! The one scoped selection of `GET /health`, its workbook and `/health/summary.json`: what the
//! viewer's sight lets them see of each kind, read from the counts each school's file keeps
//! (never a record). Counts are exact for those who read the children by name; for the
//! aggregate roles a rate is given only for a group of at least `min_cell` children, small
//! counts are hidden (`<10`) and the 近视 degrees and 心理 tiers go through
//! `junheng_core::student::suppress` so that no total gives a small cell back. 心理 is never
//! shown by school.

use std::collections::BTreeMap;

use junheng_app::health::mental::{Counts as MentalCounts, GradeTally};
use junheng_app::health::vision::Counts as VisionFileCounts;
use junheng_app::health::who::Sight;
use junheng_core::health::settings::HealthSettings;
use junheng_core::health::vision::VisionCounts;
use junheng_core::school::SchoolCode;
use junheng_core::student::{Cell as Hidden, suppress};
use junheng_store::{HealthKind, HealthRound};
use serde::Serialize;

use super::{count_text, latest_counts, per_cent};
use crate::error::AppError;
use crate::state::Here;

mod fitness;

pub(crate) use fitness::{FitnessView, Rates, fitness};

/// A round as the summary names it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoundInfo {
    pub id: i64,
    pub name: String,
    /// The school year (2024 = 2024–2025学年).
    pub year: i32,
    pub on_date: String,
}

impl RoundInfo {
    fn of(r: &HealthRound) -> RoundInfo {
        RoundInfo {
            id: r.id,
            name: r.name.clone(),
            year: r.year,
            on_date: r.on_date.clone(),
        }
    }
}

/// 近视 of a group.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Myopia {
    /// 受检人数.
    pub screened: String,
    /// 近视率 in per cent, when given.
    pub rate: Option<f64>,
    /// `rated`, `none` (nobody screened) or `suppressed`.
    pub status: &'static str,
    /// 轻度, 中度, 高度 (`<10`, `*` when hidden).
    pub degrees: [String; 3],
    /// 视力不良（未验光）.
    pub unrefracted: String,
}

/// A school's 近视 in the latest round.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SchoolVision {
    pub code: String,
    pub name: String,
    pub myopia: Myopia,
}

/// The district's distance to its 近视率 target in a school year.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TargetLine {
    pub year: i32,
    pub baseline_year: i32,
    pub baseline: f64,
    pub target: f64,
    pub rate: f64,
    /// Rate − target, percentage points: above 0 is behind.
    pub gap_points: f64,
}

/// 视力 as the viewer sees it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VisionView {
    /// Whether the counts are exact (else small groups hidden).
    pub exact: bool,
    pub round: Option<RoundInfo>,
    pub total: Myopia,
    pub schools: Vec<SchoolVision>,
    pub grades: Vec<(u8, Myopia)>,
    /// The district's targets (district sight only).
    pub targets: Vec<TargetLine>,
}

/// 心理 counts of a grade (never of a school, for the aggregate roles).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MentalLine {
    pub grade: u8,
    /// 名单人数.
    pub listed: String,
    /// 已测评.
    pub screened: String,
    /// Suggested 一般, 关注, 重点.
    pub tiers: [String; 3],
    /// 未测评 (no answers: no consent, absent).
    pub unscreened: String,
    /// 当日复核 raised.
    pub same_day: String,
}

/// 心理 as the viewer sees it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MentalView {
    /// Whether the counts are exact (else small cells hidden).
    pub exact: bool,
    pub round: Option<RoundInfo>,
    /// `district` or `school` (a 心理教师's own).
    pub of: &'static str,
    pub grades: Vec<MentalLine>,
    /// The line of every grade.
    pub total: Option<MentalLine>,
    /// The viewer reaches the cases (`/health/mental`).
    pub cases: bool,
}

/// Whether a sight reads a school's counts exactly: those who read every child of it by name
/// (a 班主任 reads one class: the school's other groups are hidden from them when small).
fn exact_for_school(s: &Sight) -> bool {
    matches!(s, Sight::Everything | Sight::Named { class: None, .. })
}

/// What a sight is, as the summary says it.
pub(crate) fn sight_id(s: &Sight) -> &'static str {
    match s {
        Sight::Everything => "everything",
        Sight::Named { .. } => "named",
        Sight::Tiers { .. } => "tiers",
        Sight::Aggregates { .. } => "aggregates",
        Sight::Nothing => "nothing",
    }
}

/// The 近视 lines of groups (rows of one table): for the aggregate roles the degrees suppressed
/// together, a rate only where the myopic count it is made of is shown.
fn myopia_lines(counts: &[VisionCounts], exact: bool, k: u64) -> (Vec<Myopia>, [String; 3]) {
    let rows: Vec<Vec<u64>> = counts.iter().map(|c| c.myopic.to_vec()).collect();
    let totals: [u64; 3] = std::array::from_fn(|j| rows.iter().map(|r| r[j]).sum());
    let hidden = (!exact && !rows.is_empty()).then(|| suppress(&rows, k));
    let lines = counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let shown_total = hidden
                .as_ref()
                .is_none_or(|h| matches!(h.row_totals[i], Hidden::Count(_)));
            let status = match c.rate() {
                None => "none",
                Some(_) if !exact && (c.screened < k || !shown_total) => "suppressed",
                Some(_) => "rated",
            };
            Myopia {
                screened: count_text(c.screened, exact, k),
                rate: c.rate().filter(|_| status == "rated").map(per_cent),
                status,
                degrees: std::array::from_fn(|j| match &hidden {
                    Some(h) => h.cells[i][j].text(k),
                    None => c.myopic[j].to_string(),
                }),
                unrefracted: count_text(c.unrefracted, exact, k),
            }
        })
        .collect();
    let column_totals = std::array::from_fn(|j| match &hidden {
        Some(h) => h.column_totals[j].text(k),
        None => totals[j].to_string(),
    });
    (lines, column_totals)
}

/// The 视力 of `sight`.
pub(crate) async fn vision(
    here: &Here,
    sight: &Sight,
    names: &BTreeMap<SchoolCode, String>,
    settings: &HealthSettings,
    k: u64,
) -> Result<Option<VisionView>, AppError> {
    if matches!(sight, Sight::Nothing | Sight::Tiers { .. }) {
        return Ok(None);
    }
    let exact = exact_for_school(sight);
    let targets = if sight.district() {
        junheng_app::health::vision::targets(&here.store, &settings.vision)
            .await
            .map_err(super::refusal)?
            .into_iter()
            .map(|t| TargetLine {
                year: t.year,
                baseline_year: t.baseline.0,
                baseline: per_cent(t.baseline.1),
                target: per_cent(t.target),
                rate: per_cent(t.rate),
                gap_points: (t.gap_points * 10.0).round() / 10.0,
            })
            .collect()
    } else {
        Vec::new()
    };
    let Some(round) = here.store.health_rounds(HealthKind::Vision).await?.pop() else {
        return Ok(Some(VisionView {
            exact,
            round: None,
            total: myopia_lines(&[VisionCounts::default()], exact, k)
                .0
                .remove(0),
            schools: Vec::new(),
            grades: Vec::new(),
            targets,
        }));
    };
    let files: Vec<(SchoolCode, VisionFileCounts)> = latest_counts(here, &round)
        .await?
        .into_iter()
        .filter(|(f, _)| sight.aggregates_of(Some(&f.school)))
        .map(|(f, c)| (f.school, c))
        .collect();
    let per_school: Vec<VisionCounts> =
        files.iter().map(|(_, c)| c.tally(|_, _, _| true)).collect();
    let mut by_grade: BTreeMap<u8, VisionCounts> = BTreeMap::new();
    let mut total = VisionCounts::default();
    for (_, c) in &files {
        for ((g, _, _), v) in &c.groups {
            by_grade.entry(*g).or_default().merge(v);
            total.merge(v);
        }
    }
    let (school_lines, _) = myopia_lines(&per_school, exact, k);
    let grade_counts: Vec<VisionCounts> = by_grade.values().copied().collect();
    let (grade_lines, degree_totals) = myopia_lines(&grade_counts, exact, k);
    let mut total_line = myopia_lines(&[total], exact, k).0.remove(0);
    // The total's degrees are the grade table's column totals, suppressed with it.
    total_line.degrees = degree_totals;
    Ok(Some(VisionView {
        exact,
        round: Some(RoundInfo::of(&round)),
        total: total_line,
        schools: files
            .iter()
            .zip(school_lines)
            .map(|((code, _), myopia)| SchoolVision {
                code: code.to_string(),
                name: names.get(code).cloned().unwrap_or_default(),
                myopia,
            })
            .collect(),
        grades: by_grade.keys().copied().zip(grade_lines).collect(),
        targets,
    }))
}

/// The 心理 of `sight`: the district's counts by grade for the administrators, supervisors and
/// the crisis team, the school's for its 心理教师, nothing else; a link to the cases for those
/// who reach them.
pub(crate) async fn mental(
    here: &Here,
    sight: &Sight,
    k: u64,
) -> Result<Option<MentalView>, AppError> {
    let (of, exact, cases) = match sight {
        Sight::Nothing => return Ok(None),
        Sight::Tiers { .. } => {
            return Ok(Some(MentalView {
                exact: false,
                round: None,
                of: "class",
                grades: Vec::new(),
                total: None,
                cases: true,
            }));
        }
        Sight::Everything => ("district", true, true),
        Sight::Named { .. } => ("school", true, true),
        Sight::Aggregates { school: None } => ("district", false, false),
        // No role sees one school's 心理 aggregates (it would rank schools).
        Sight::Aggregates { .. } => return Ok(None),
    };
    let Some(round) = here.store.health_rounds(HealthKind::Mental).await?.pop() else {
        return Ok(Some(MentalView {
            exact,
            round: None,
            of,
            grades: Vec::new(),
            total: None,
            cases,
        }));
    };
    let counts: MentalCounts = match sight.school() {
        None => junheng_app::health::mental::district_counts(&here.store, &round)
            .await
            .map_err(super::refusal)?,
        Some(school) => {
            let mut out = MentalCounts::default();
            for (f, c) in latest_counts::<MentalCounts>(here, &round).await? {
                if &f.school == school {
                    for (g, t) in c.grades {
                        out.grades.entry(g).or_default().merge(&t);
                    }
                }
            }
            out
        }
    };
    let (grades, total) = mental_lines(&counts.grades, exact, k);
    Ok(Some(MentalView {
        exact,
        round: Some(RoundInfo::of(&round)),
        of,
        grades,
        total,
        cases,
    }))
}

/// The lines of a wave's counts by grade and their total: for the aggregate roles the tiers and
/// 未测评 suppressed together (a row's total is the grade's list).
fn mental_lines(
    grades: &BTreeMap<u8, GradeTally>,
    exact: bool,
    k: u64,
) -> (Vec<MentalLine>, Option<MentalLine>) {
    if grades.is_empty() {
        return (Vec::new(), None);
    }
    let rows: Vec<Vec<u64>> = grades
        .values()
        .map(|t| {
            let mut r = t.tiers.to_vec();
            r.push(t.students.saturating_sub(t.screened));
            r
        })
        .collect();
    let mut sum = GradeTally::default();
    for t in grades.values() {
        sum.merge(t);
    }
    if exact {
        let line = |grade, t: &GradeTally| MentalLine {
            grade,
            listed: t.students.to_string(),
            screened: t.screened.to_string(),
            tiers: t.tiers.map(|n| n.to_string()),
            unscreened: t.students.saturating_sub(t.screened).to_string(),
            same_day: t.same_day.to_string(),
        };
        return (
            grades.iter().map(|(g, t)| line(*g, t)).collect(),
            Some(line(0, &sum)),
        );
    }
    let h = suppress(&rows, k);
    // 已测评 is the sum of the tiers: given only when all three are.
    let screened = |cells: &[Hidden]| match (cells[0], cells[1], cells[2]) {
        (Hidden::Count(a), Hidden::Count(b), Hidden::Count(c)) => (a + b + c).to_string(),
        _ => "*".to_owned(),
    };
    let lines = grades
        .iter()
        .enumerate()
        .map(|(i, (g, t))| MentalLine {
            grade: *g,
            listed: h.row_totals[i].text(k),
            screened: screened(&h.cells[i]),
            tiers: std::array::from_fn(|j| h.cells[i][j].text(k)),
            unscreened: h.cells[i][3].text(k),
            same_day: count_text(t.same_day, false, k),
        })
        .collect();
    let total = MentalLine {
        grade: 0,
        listed: h.total.text(k),
        screened: screened(&h.column_totals),
        tiers: std::array::from_fn(|j| h.column_totals[j].text(k)),
        unscreened: h.column_totals[3].text(k),
        same_day: count_text(sum.same_day, false, k),
    };
    (lines, Some(total))
}

#[cfg(test)]
mod tests;
