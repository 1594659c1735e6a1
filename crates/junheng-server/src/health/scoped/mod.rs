//! The one scoped selection of `GET /health`, its workbook and `/health/summary.json`: what the
//! viewer's sight lets them see of each kind, read from the counts each school's file keeps
//! (never a record). Counts are exact for those who read the children by name; for the
//! aggregate roles a rate is given only for a group of at least `min_cell` children, small
//! counts are hidden (`<10`) and the 近视 degrees and 心理 tiers go through
//! `junheng_core::student::suppress` so that no total gives a small cell back. 心理 is never
//! shown by school.

use std::collections::BTreeMap;

use junheng_app::health::fitness::{Counts as FitnessCounts, Tally};
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

/// 体质健康 rates of a group.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Rates {
    /// 测试人数: the children tested (免予执行, 暂缓执行 excluded), or `<10` when small.
    pub tested: String,
    /// 免予执行 or 暂缓执行.
    pub exempt: String,
    /// 未评分: tested without a 学年总分 (a table not loaded, a result missing).
    pub unscored: String,
    /// `rated`, `unscored` (nobody has a 学年总分 — never a made-up rate) or `suppressed`
    /// (fewer than `min_cell` children scored).
    pub status: &'static str,
    /// 合格率, 优良率, 优秀率 in per cent (one decimal), when `rated`.
    pub pass: Option<f64>,
    pub good: Option<f64>,
    pub excellent: Option<f64>,
}

impl Rates {
    pub(crate) fn of(t: &Tally, exact: bool, k: u64) -> Rates {
        let status = if t.scored == 0 {
            "unscored"
        } else if !exact && t.scored < k {
            "suppressed"
        } else {
            "rated"
        };
        let rate = |x: Option<f64>| x.filter(|_| status == "rated").map(per_cent);
        Rates {
            tested: count_text(t.students - t.exempt, exact, k),
            exempt: count_text(t.exempt, exact, k),
            unscored: count_text(t.unscored + t.incomplete, exact, k),
            status,
            pass: rate(t.pass_rate()),
            good: rate(t.good_rate()),
            excellent: rate(t.excellent_rate()),
        }
    }
}

/// A school's 体质健康 in the latest round.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SchoolFitness {
    pub code: String,
    pub name: String,
    pub rates: Rates,
    /// Below a target: `good` (优良率), `pass` (合格率).
    pub below: Vec<&'static str>,
}

/// 体质健康 rates of a grade and sex.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GroupRates {
    pub grade: u8,
    pub male: bool,
    pub rates: Rates,
}

/// 体质健康 of a round, across rounds.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TrendPoint {
    pub round: RoundInfo,
    pub rates: Rates,
}

/// 体质健康 as the viewer sees it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FitnessView {
    /// Whether the counts are exact (else small groups hidden).
    pub exact: bool,
    /// The latest round, if any.
    pub round: Option<RoundInfo>,
    /// The targets, per cent.
    pub good_target: f64,
    pub pass_target: f64,
    pub total: Rates,
    pub schools: Vec<SchoolFitness>,
    /// Schools below either target.
    pub below: usize,
    pub groups: Vec<GroupRates>,
    pub trend: Vec<TrendPoint>,
    /// By item: children scored on it, 合格 (≥ 60) and 优良 (≥ 80) per cent.
    pub items: Vec<ItemRates>,
    /// By the schools' 城乡分类 (the district's sight only).
    pub urban: Vec<CategoryRates>,
}

/// One item's rates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemRates {
    pub item: junheng_core::health::fitness::Item,
    /// Children scored on it (`<10` when small).
    pub scored: String,
    /// `rated`, `unscored` or `suppressed`.
    pub status: &'static str,
    pub pass: Option<f64>,
    pub good: Option<f64>,
}

/// The rates of the schools of one 城乡 category.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CategoryRates {
    pub category: junheng_core::urban::UrbanRuralCategory,
    pub rates: Rates,
}

/// The rates of each item of a tally, in the standard's order.
fn item_rates(t: &Tally, exact: bool, k: u64) -> Vec<ItemRates> {
    junheng_core::health::fitness::Item::ALL
        .into_iter()
        .filter_map(|item| {
            let [scored, pass, good] = *t.items.get(item.id())?;
            let status = if scored == 0 {
                "unscored"
            } else if !exact && scored < k {
                "suppressed"
            } else {
                "rated"
            };
            let rate = |n: u64| (status == "rated").then(|| per_cent(n as f64 / scored as f64));
            Some(ItemRates {
                item,
                scored: count_text(scored, exact, k),
                status,
                pass: rate(pass),
                good: rate(good),
            })
        })
        .collect()
}

/// The 城乡 category of each school of the latest statistics.
async fn categories(
    here: &Here,
) -> Result<BTreeMap<SchoolCode, junheng_core::urban::UrbanRuralCategory>, AppError> {
    let Some(year) = here.current(None).await? else {
        return Ok(BTreeMap::new());
    };
    Ok(here
        .records(year.year, year.latest_version)
        .await?
        .iter()
        .map(|r| {
            (
                r.code.clone(),
                junheng_core::urban::UrbanRuralCategory::of(r.urban_rural),
            )
        })
        .collect())
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

/// The 体质健康 of `sight`: the district's (and every school's) or one school's.
pub(crate) async fn fitness(
    here: &Here,
    sight: &Sight,
    names: &BTreeMap<SchoolCode, String>,
    settings: &HealthSettings,
    k: u64,
) -> Result<Option<FitnessView>, AppError> {
    if matches!(sight, Sight::Nothing | Sight::Tiers { .. }) {
        return Ok(None);
    }
    let exact = exact_for_school(sight);
    let targets = settings.fitness;
    let mut trend = Vec::new();
    let mut latest = None;
    for r in here.store.health_rounds(HealthKind::Fitness).await? {
        let files: Vec<(SchoolCode, FitnessCounts)> = latest_counts(here, &r)
            .await?
            .into_iter()
            .filter(|(f, _)| sight.aggregates_of(Some(&f.school)))
            .map(|(f, c)| (f.school, c))
            .collect();
        let mut total = Tally::default();
        for (_, c) in &files {
            total.merge(&c.tally(|_, _, _| true));
        }
        trend.push(TrendPoint {
            round: RoundInfo::of(&r),
            rates: Rates::of(&total, exact, k),
        });
        latest = Some((r, files, total));
    }
    let Some((round, files, total)) = latest else {
        return Ok(Some(FitnessView {
            exact,
            round: None,
            good_target: per_cent(targets.good_rate_target),
            pass_target: per_cent(targets.pass_rate_target),
            total: Rates::of(&Tally::default(), exact, k),
            schools: Vec::new(),
            below: 0,
            groups: Vec::new(),
            trend,
            items: Vec::new(),
            urban: Vec::new(),
        }));
    };
    let mut schools = Vec::new();
    let mut groups: BTreeMap<(u8, bool), Tally> = BTreeMap::new();
    let kinds = if sight.district() {
        categories(here).await?
    } else {
        BTreeMap::new()
    };
    let mut urban: BTreeMap<junheng_core::urban::UrbanRuralCategory, Tally> = BTreeMap::new();
    for (code, c) in &files {
        let t = c.tally(|_, _, _| true);
        if let Some(cat) = kinds.get(code) {
            urban.entry(*cat).or_default().merge(&t);
        }
        let rates = Rates::of(&t, exact, k);
        let mut below = Vec::new();
        if rates.status == "rated" {
            if t.good_rate().is_some_and(|r| r < targets.good_rate_target) {
                below.push("good");
            }
            if t.pass_rate().is_some_and(|r| r < targets.pass_rate_target) {
                below.push("pass");
            }
        }
        schools.push(SchoolFitness {
            code: code.to_string(),
            name: names.get(code).cloned().unwrap_or_default(),
            rates,
            below,
        });
        for ((g, _, m), v) in &c.groups {
            groups.entry((*g, *m)).or_default().merge(v);
        }
    }
    Ok(Some(FitnessView {
        exact,
        round: Some(RoundInfo::of(&round)),
        good_target: per_cent(targets.good_rate_target),
        pass_target: per_cent(targets.pass_rate_target),
        total: Rates::of(&total, exact, k),
        below: schools.iter().filter(|s| !s.below.is_empty()).count(),
        schools,
        groups: groups
            .into_iter()
            .map(|((grade, male), t)| GroupRates {
                grade,
                male,
                rates: Rates::of(&t, exact, k),
            })
            .collect(),
        trend,
        items: item_rates(&total, exact, k),
        urban: urban
            .into_iter()
            .map(|(category, t)| CategoryRates {
                category,
                rates: Rates::of(&t, exact, k),
            })
            .collect(),
    }))
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
