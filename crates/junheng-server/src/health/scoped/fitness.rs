//! The 体质健康 part of a viewer's scoped selection: the latest round's rates of the district or
//! school, each school's against the targets, by grade and sex, by item and by 城乡, and the
//! trend across rounds — from the files' counts only.

use std::collections::BTreeMap;

use junheng_app::health::fitness::{Counts as FitnessCounts, Tally};
use junheng_app::health::who::Sight;
use junheng_core::health::settings::HealthSettings;
use junheng_core::school::SchoolCode;
use junheng_store::HealthKind;
use serde::Serialize;

use super::super::{count_text, latest_counts, per_cent};
use super::{RoundInfo, exact_for_school};
use crate::error::AppError;
use crate::state::Here;

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
