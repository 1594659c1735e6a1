//! What projects would do before they are funded: chosen projects applied to a school year's
//! statistics (its latest version) and evaluated before and after
//! (`junheng_core::seats::project::what_if`), with each project's own effect; and the planner
//! (`junheng_core::seats::planner::plan`): the cheapest set of candidate projects (those
//! 规划 by default) after which every unit passes and every 差异系数 is within its limit, the
//! closest set when none suffices.
//!
//! A project whose school the year's statistics do not have (a 新建 school before it reports)
//! cannot be applied to that year: it is listed as left out, never guessed.
//!
//! Loading ([`inputs`]) is async; computing ([`what_if_of`], [`plan_of`]) is plain CPU work the
//! server runs off its async runtime.

use std::collections::HashSet;

use junheng_core::evaluate::{Evaluation, evaluate};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolRecord, Section};
use junheng_core::seats::ledger::ProjectStatus;
use junheng_core::seats::planner::{Candidate, Method, Plan, plan};
use junheng_core::seats::project::{Change, SpreadChange, WhatIf, apply, what_if};
use junheng_store::{DistrictStore, SeatProject, StoreError};
use serde::Serialize;

use super::{Caller, Refused, reader};

/// A school year's statistics and the ledger, as the what-if and the planner read them.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// 学年.
    pub year: i32,
    /// The version of its statistics read (the latest).
    pub version: u32,
    /// Its rows.
    pub records: Vec<SchoolRecord>,
    /// The ledger, by name.
    pub projects: Vec<SeatProject>,
}

/// The statistics of `year` (the newest year without one) and the ledger, for a reader.
/// [`StoreError::NotFound`] when the district has no such year.
pub async fn inputs(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: Option<i32>,
) -> Result<Inputs, Refused> {
    reader(caller)?;
    let years = store.years().await?;
    let found = match year {
        Some(y) => years.iter().find(|s| s.year == y),
        None => years.iter().max_by_key(|s| s.year),
    }
    .ok_or(StoreError::NotFound("该学年的学校统计数据"))?;
    Ok(Inputs {
        year: found.year,
        version: found.latest_version,
        records: store.statistics(found.year, None).await?,
        projects: store.seat_projects().await?,
    })
}

/// An indicator as a column of the before/after table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Head {
    /// Indicator id.
    pub id: String,
    /// Its short Chinese name.
    pub short: String,
    /// Its unit.
    pub unit: String,
}

/// The indicators of one 学段, in rulebook order (the order of a unit's values).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionHeads {
    /// The 学段.
    pub section: Section,
    /// Its indicators.
    pub indicators: Vec<Head>,
}

/// What one project does alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// The project.
    pub project: i64,
    /// Units whose values change.
    pub units_changed: usize,
    /// Units failing the unit rule before that pass with it (their names).
    pub units_passing: Vec<String>,
    /// 差异系数 over their limit before and within it with it: (学段, indicator id).
    pub spreads_closed: Vec<(Section, String)>,
}

/// The what-if of chosen projects on a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIfReport {
    /// 学年 and version of the statistics.
    pub year: i32,
    /// Version of the statistics.
    pub version: u32,
    /// Rulebook id.
    pub rulebook: String,
    /// The projects applied, in ledger order.
    pub applied: Vec<SeatProject>,
    /// Projects chosen whose school the year's statistics do not have.
    pub left_out: Vec<SeatProject>,
    /// The indicators per 学段.
    pub sections: Vec<SectionHeads>,
    /// Before and after, all applied together.
    pub result: WhatIf,
    /// Each applied project alone.
    pub effects: Vec<Effect>,
}

fn engine(e: impl ToString) -> StoreError {
    StoreError::Invalid(e.to_string())
}

fn change(p: &SeatProject) -> Change {
    Change {
        project: p.entry.name.clone(),
        school: p.entry.school.clone(),
        adds: p.entry.adds,
    }
}

/// `chosen` split into those the year's statistics can take and those left out.
fn split(
    records: &[SchoolRecord],
    chosen: Vec<SeatProject>,
) -> (Vec<SeatProject>, Vec<SeatProject>) {
    let schools: HashSet<_> = records.iter().map(|r| &r.code).collect();
    chosen
        .into_iter()
        .partition(|p| schools.contains(&p.entry.school))
}

fn heads(e: &Evaluation<'_>) -> Vec<SectionHeads> {
    e.sections
        .iter()
        .map(|s| SectionHeads {
            section: s.section,
            indicators: s
                .indicators
                .iter()
                .map(|i| Head {
                    id: i.id.clone(),
                    short: i.short.clone(),
                    unit: i.unit.clone(),
                })
                .collect(),
        })
        .collect()
}

/// The ledger's projects of `ids`, in ledger order; [`StoreError::NotFound`] for an id the
/// ledger does not have.
fn pick(projects: &[SeatProject], ids: &[i64]) -> Result<Vec<SeatProject>, StoreError> {
    if let Some(missing) = ids.iter().find(|id| !projects.iter().any(|p| p.id == **id)) {
        return Err(StoreError::Invalid(format!(
            "台账中没有编号为 {missing} 的项目"
        )));
    }
    Ok(projects
        .iter()
        .filter(|p| ids.contains(&p.id))
        .cloned()
        .collect())
}

/// Units passing with a what-if that failed before, and 差异系数 brought within their limits.
fn closes(w: &WhatIf) -> (Vec<String>, Vec<(Section, String)>) {
    let units = w
        .units
        .iter()
        .filter(|u| u.passed == Some(false) && u.passes == Some(true))
        .map(|u| u.name.clone())
        .collect();
    let spreads = w
        .spreads
        .iter()
        .filter(|s| s.met == Some(false) && s.meets == Some(true))
        .map(|s| (s.section, s.indicator.clone()))
        .collect();
    (units, spreads)
}

/// The projects `ids` of the ledger applied to the year of `inputs` under `rulebook`.
pub fn what_if_of(
    inputs: &Inputs,
    ids: &[i64],
    rulebook: &Rulebook,
) -> Result<WhatIfReport, StoreError> {
    let (applied, left_out) = split(&inputs.records, pick(&inputs.projects, ids)?);
    let changes: Vec<Change> = applied.iter().map(change).collect();
    let result = what_if(&inputs.records, &changes, rulebook).map_err(engine)?;
    let base = evaluate(&inputs.records, rulebook).map_err(engine)?;
    let effects = applied
        .iter()
        .zip(&changes)
        .map(|(p, c)| {
            let alone =
                what_if(&inputs.records, std::slice::from_ref(c), rulebook).map_err(engine)?;
            let (units_passing, spreads_closed) = closes(&alone);
            Ok(Effect {
                project: p.id,
                units_changed: alone.units.len(),
                units_passing,
                spreads_closed,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(WhatIfReport {
        year: inputs.year,
        version: inputs.version,
        rulebook: rulebook.id.clone(),
        sections: heads(&base),
        applied,
        left_out,
        result,
        effects,
    })
}

/// A unit failing the unit rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailingUnit {
    /// The unit's id.
    pub unit: String,
    /// 学校名称.
    pub name: String,
    /// Its 学段.
    pub section: Section,
}

/// The planner's answer on a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanReport {
    /// 学年.
    pub year: i32,
    /// Version of the statistics.
    pub version: u32,
    /// Rulebook id.
    pub rulebook: String,
    /// The candidates planned over, in ledger order.
    pub candidates: Vec<SeatProject>,
    /// Candidates whose school the year's statistics do not have.
    pub left_out: Vec<SeatProject>,
    /// The engine's answer (indices into `candidates`; costs in 万元).
    pub plan: Plan,
    /// The chosen projects (the closest set when `plan.passes` is false).
    pub chosen: Vec<SeatProject>,
    /// Their cost (元).
    pub cost: i64,
    /// The greedy's lower bound on the cheapest passing set (元), when the search was greedy.
    pub lower_bound: Option<i64>,
    /// Units failing before any project.
    pub failing_before: usize,
    /// Units still failing after the chosen set.
    pub still_failing: Vec<FailingUnit>,
    /// 差异系数 still over their limit after the chosen set.
    pub spreads_over: Vec<SpreadChange>,
    /// Before and after the chosen set.
    pub after: WhatIf,
    /// The indicators per 学段.
    pub sections: Vec<SectionHeads>,
}

impl PlanReport {
    /// The cost over the lower bound, minus one (0.1 = 10 % above it), when greedy.
    pub fn gap(&self) -> Option<f64> {
        let lb = self.lower_bound?;
        (lb > 0).then(|| self.cost as f64 / lb as f64 - 1.0)
    }

    /// Whether every subset was tried.
    pub fn exact(&self) -> bool {
        self.plan.method == Method::Exact
    }
}

fn failing(e: &Evaluation<'_>) -> Vec<FailingUnit> {
    e.sections
        .iter()
        .flat_map(|s| {
            s.units
                .iter()
                .zip(&s.verdicts)
                .filter(|(_, v)| v.passes == Some(false))
                .map(|(u, _)| FailingUnit {
                    unit: u.id(),
                    name: u.name().to_owned(),
                    section: s.section,
                })
        })
        .collect()
}

/// The planner over `ids` (every 规划 project of the ledger when `None`) on the year of
/// `inputs`, costs from the ledger.
pub fn plan_of(
    inputs: &Inputs,
    ids: Option<&[i64]>,
    rulebook: &Rulebook,
) -> Result<PlanReport, StoreError> {
    let chosen = match ids {
        Some(ids) => pick(&inputs.projects, ids)?,
        None => inputs
            .projects
            .iter()
            .filter(|p| p.entry.status == ProjectStatus::Planned)
            .cloned()
            .collect(),
    };
    let (candidates, left_out) = split(&inputs.records, chosen);
    let list: Vec<Candidate> = candidates
        .iter()
        .map(|p| Candidate {
            change: change(p),
            cost: p.entry.cost as f64 / 10_000.0,
        })
        .collect();
    let answer = plan(&inputs.records, &list, rulebook).map_err(engine)?;
    let picked: Vec<SeatProject> = answer
        .chosen
        .iter()
        .map(|&i| candidates[i].clone())
        .collect();
    let changes: Vec<Change> = picked.iter().map(change).collect();
    let after = what_if(&inputs.records, &changes, rulebook).map_err(engine)?;
    let rows = apply(&inputs.records, &changes).map_err(engine)?;
    let evaluated = evaluate(&rows, rulebook).map_err(engine)?;
    let lower_bound = match answer.method {
        Method::Greedy { lower_bound } => Some((lower_bound * 10_000.0).round() as i64),
        Method::Exact => None,
    };
    Ok(PlanReport {
        year: inputs.year,
        version: inputs.version,
        rulebook: rulebook.id.clone(),
        cost: picked.iter().map(|p| p.entry.cost).sum(),
        failing_before: after.failing.0,
        still_failing: failing(&evaluated),
        sections: heads(&evaluated),
        spreads_over: after
            .spreads
            .iter()
            .filter(|s| s.meets == Some(false))
            .cloned()
            .collect(),
        lower_bound,
        candidates,
        left_out,
        plan: answer,
        chosen: picked,
        after,
    })
}

/// [`inputs`] then [`what_if_of`] (the command line).
pub async fn what_if_year(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: Option<i32>,
    ids: &[i64],
    rulebook: &Rulebook,
) -> Result<WhatIfReport, Refused> {
    let inputs = inputs(store, caller, year).await?;
    Ok(what_if_of(&inputs, ids, rulebook)?)
}

/// [`inputs`] then [`plan_of`] (the command line).
pub async fn plan_year(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: Option<i32>,
    ids: Option<&[i64]>,
    rulebook: &Rulebook,
) -> Result<PlanReport, Refused> {
    let inputs = inputs(store, caller, year).await?;
    Ok(plan_of(&inputs, ids, rulebook)?)
}
