//! The cheapest set of candidate projects after which the district passes: every unit meets the
//! unit rule (6 of 7, the others at 85 %) and every 差异系数 is within its limit.
//!
//! **The model.** A project adds amounts to its school's units only, and an indicator's value is
//! its amount over the unit's students: the values of a set of projects are the year's values
//! plus each project's own change (measured by evaluating the year with that project alone). The
//! search runs on this model — each unit's verdict and each 学段's weighted sums of the values and
//! their squares updated as a project goes in or out — and its answer is then evaluated by the
//! evaluation engine itself (`verified`).
//!
//! **Exact** up to [`EXACT_MAX`] candidates: every subset, in Gray-code order (one project in or
//! out per step). **Above**, a greedy heuristic: add the candidate with the most improvement per
//! 万元 (units passed, 差异系数 brought within their limits, and the failing units' distance to
//! their standards) until the district passes, then drop every project the others make unnecessary, dearest
//! first; its cost is reported beside a **lower bound**: every school with a failing unit needs
//! a project of its own, so the cheapest candidate of each such school summed. When no set
//! suffices, the **closest** set is shown: fewest failing units, then least excess of 差异系数 over
//! their limits, then least cost.

use serde::Serialize;

use super::project::{Change, ProjectError, apply};
use crate::evaluate::{Comparator, Evaluation, evaluate};
use crate::rulebook::{BalanceMode, Rulebook};

/// Up to this many candidates every subset is tried.
pub const EXACT_MAX: usize = 25;

/// At most this many candidates are planned over.
pub const MAX_CANDIDATES: usize = 200;

/// A candidate project and its cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// What it adds, to which school.
    pub change: Change,
    /// Its cost (万元).
    pub cost: f64,
}

/// How the plan was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Method {
    /// Every subset tried: the cheapest that passes.
    Exact,
    /// The greedy heuristic, with a lower bound on the cheapest cost.
    Greedy {
        /// No set that passes costs less.
        lower_bound: f64,
    },
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The chosen candidates (indices into the list given), in that list's order.
    pub chosen: Vec<usize>,
    /// Their total cost.
    pub cost: f64,
    /// Whether, by the model, the district passes after them (otherwise: the closest set).
    pub passes: bool,
    /// Whether the evaluation engine agrees that the district passes after them.
    pub verified: bool,
    /// Units failing the unit rule after them (by the engine).
    pub failing: usize,
    /// How it was found.
    pub method: Method,
}

/// Why a plan cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// More candidates than the planner takes.
    #[error("候选项目 {0} 个，超过上限 {MAX_CANDIDATES} 个")]
    TooMany(usize),
    /// A rulebook the planner does not model.
    #[error("规划器只支持逐项差异系数、有单位达标规则的评估办法（如 2017 年优质均衡办法）")]
    Unsupported,
    /// A cost that is not a finite number ≥ 0.
    #[error("候选项目「{0}」的费用应为 ≥ 0 的数字")]
    BadCost(String),
    /// A project could not be applied or the year not evaluated.
    #[error(transparent)]
    Project(#[from] ProjectError),
}

/// One 学段 of the model: each unit's values, its students, its verdict, and the sums.
struct SectionModel {
    /// The year's values, `base[u][i]`.
    base: Vec<Vec<f64>>,
    /// The values with the candidates in, `values[u][i]`: always recomputed from `base` and the
    /// deltas in, so that nothing drifts however often a candidate goes in and out.
    values: Vec<Vec<f64>>,
    weights: Vec<f64>,
    total_weight: f64,
    standards: Vec<f64>,
    limits: Vec<Option<f64>>,
    /// Σ w·x and Σ w·x² per indicator.
    sums: Vec<(f64, f64)>,
    passing: Vec<bool>,
    failing: usize,
}

/// A candidate's change to one unit: (section, unit, per-indicator deltas).
type Delta = (usize, usize, Vec<f64>);

/// The values of each 学段 of an evaluation: `[section][indicator][unit]`.
type SectionValues = Vec<Vec<Vec<f64>>>;

struct Model {
    sections: Vec<SectionModel>,
    /// Per candidate, the units it changes.
    deltas: Vec<Vec<Delta>>,
    /// Per (section, unit) changed by some candidate, those candidates and where in
    /// `deltas[candidate]` their change to it stands.
    touching: std::collections::HashMap<(usize, usize), Vec<(usize, usize)>>,
    /// Which candidates are in.
    inside: Vec<bool>,
    rule: crate::rulebook::UnitRule,
    cmp: Comparator,
}

impl Model {
    fn new(
        base: &Evaluation,
        alone: &[SectionValues],
        rulebook: &Rulebook,
    ) -> Result<Model, PlanError> {
        let (Some(rule), BalanceMode::PerIndicator) = (rulebook.unit_rule, rulebook.balance.mode)
        else {
            return Err(PlanError::Unsupported);
        };
        let cmp = Comparator::new(rulebook.policy.compare_decimals);
        let mut sections = Vec::new();
        for s in &base.sections {
            let n = s.units.len();
            let values: Vec<Vec<f64>> = (0..n)
                .map(|u| s.values.iter().map(|column| column[u]).collect())
                .collect();
            let weights: Vec<f64> = s.units.iter().map(|u| u.students as f64).collect();
            let standards: Vec<f64> = s
                .indicators
                .iter()
                .map(|i| i.standard.unwrap_or(f64::NEG_INFINITY))
                .collect();
            let mut model = SectionModel {
                base: values.clone(),
                total_weight: weights.iter().sum(),
                limits: s.indicators.iter().map(|i| i.cv_max).collect(),
                sums: vec![(0.0, 0.0); standards.len()],
                passing: vec![true; n],
                failing: 0,
                values,
                weights,
                standards,
            };
            for u in 0..n {
                model.add_to_sums(u, 1.0);
                model.passing[u] = model.judge(u, &rule, &cmp);
                model.failing += usize::from(!model.passing[u]);
            }
            sections.push(model);
        }
        let deltas = alone
            .iter()
            .map(|after| {
                let mut changed = Vec::new();
                for (k, (b, a)) in base.sections.iter().zip(after).enumerate() {
                    for u in 0..b.units.len() {
                        let d: Vec<f64> = b
                            .values
                            .iter()
                            .zip(a)
                            .map(|(vb, va)| va[u] - vb[u])
                            .collect();
                        if d.iter().any(|&x| x != 0.0) {
                            changed.push((k, u, d));
                        }
                    }
                }
                changed
            })
            .collect::<Vec<Vec<Delta>>>();
        let mut touching: std::collections::HashMap<(usize, usize), Vec<(usize, usize)>> =
            std::collections::HashMap::new();
        for (c, changes) in deltas.iter().enumerate() {
            for (at, (k, u, _)) in changes.iter().enumerate() {
                touching.entry((*k, *u)).or_default().push((c, at));
            }
        }
        Ok(Model {
            inside: vec![false; deltas.len()],
            sections,
            deltas,
            touching,
            rule,
            cmp,
        })
    }

    /// Puts candidate `c` in or takes it out.
    fn toggle(&mut self, c: usize, into: bool) {
        let (rule, cmp) = (self.rule, self.cmp);
        self.inside[c] = into;
        for (k, u, _) in &self.deltas[c] {
            let s = &mut self.sections[*k];
            s.add_to_sums(*u, -1.0);
            let mut values = s.base[*u].clone();
            for &(other, at) in &self.touching[&(*k, *u)] {
                if self.inside[other] {
                    for (x, dx) in values.iter_mut().zip(&self.deltas[other][at].2) {
                        *x += dx;
                    }
                }
            }
            s.values[*u] = values;
            s.add_to_sums(*u, 1.0);
            let passes = s.judge(*u, &rule, &cmp);
            if passes != s.passing[*u] {
                s.passing[*u] = passes;
                if passes {
                    s.failing -= 1;
                } else {
                    s.failing += 1;
                }
            }
        }
    }

    /// How far the failing units are from their standards: Σ over their unmet indicators of the
    /// share of the standard missing (guides the greedy heuristic where one project alone
    /// passes no unit).
    fn distance(&self) -> f64 {
        let mut d = 0.0;
        for s in &self.sections {
            for (u, passing) in s.passing.iter().enumerate() {
                if *passing {
                    continue;
                }
                for (x, standard) in s.values[u].iter().zip(&s.standards) {
                    if standard.is_finite() && *standard > 0.0 && x < standard {
                        d += 1.0 - x / standard;
                    }
                }
            }
        }
        d
    }

    /// (failing units, Σ of 差异系数 over their limits, relative): (0, 0) when the district passes.
    fn shortfall(&self) -> (usize, f64) {
        let mut failing = 0;
        let mut excess = 0.0;
        for s in &self.sections {
            failing += s.failing;
            for (i, limit) in s.limits.iter().enumerate() {
                let Some(limit) = *limit else { continue };
                match s.cv(i) {
                    Some(cv) if self.cmp.within(cv, limit) => {}
                    Some(cv) => excess += (cv - limit) / limit,
                    None => excess += 1.0,
                }
            }
        }
        (failing, excess)
    }
}

impl SectionModel {
    /// The sums computed afresh (they gather rounding as units go out and in).
    fn refresh_sums(&mut self) {
        self.sums.iter_mut().for_each(|s| *s = (0.0, 0.0));
        for u in 0..self.values.len() {
            self.add_to_sums(u, 1.0);
        }
    }

    fn add_to_sums(&mut self, u: usize, sign: f64) {
        let w = self.weights[u];
        for (sum, &x) in self.sums.iter_mut().zip(&self.values[u]) {
            sum.0 += sign * w * x;
            sum.1 += sign * w * x * x;
        }
    }

    fn judge(&self, u: usize, rule: &crate::rulebook::UnitRule, cmp: &Comparator) -> bool {
        let pairs = self.values[u]
            .iter()
            .copied()
            .zip(self.standards.iter().copied());
        cmp.judge(rule, pairs).1
    }

    /// The 差异系数 of indicator `i` from the sums (`None` when the mean is 0).
    fn cv(&self, i: usize) -> Option<f64> {
        let (sx, sxx) = self.sums[i];
        let mean = sx / self.total_weight;
        if mean == 0.0 {
            return None;
        }
        let variance = (sxx / self.total_weight - mean * mean).max(0.0);
        Some(variance.sqrt() / mean)
    }
}

/// The cheapest set of `candidates` after which the year's `records` pass `rulebook`.
pub fn plan(
    records: &[crate::school::SchoolRecord],
    candidates: &[Candidate],
    rulebook: &Rulebook,
) -> Result<Plan, PlanError> {
    if candidates.len() > MAX_CANDIDATES {
        return Err(PlanError::TooMany(candidates.len()));
    }
    if let Some(c) = candidates
        .iter()
        .find(|c| !(c.cost.is_finite() && c.cost >= 0.0))
    {
        return Err(PlanError::BadCost(c.change.project.clone()));
    }
    let base = evaluate(records, rulebook).map_err(ProjectError::from)?;
    // Each candidate alone: the values of every 学段 (projects add to rows, never students, so
    // the units are the base's, in its order).
    let alone = candidates
        .iter()
        .map(|c| {
            let rows = apply(records, std::slice::from_ref(&c.change))?;
            let after = evaluate(&rows, rulebook).map_err(ProjectError::from)?;
            Ok(after.sections.iter().map(|s| s.values.clone()).collect())
        })
        .collect::<Result<Vec<SectionValues>, PlanError>>()?;
    let mut model = Model::new(&base, &alone, rulebook)?;
    let costs: Vec<f64> = candidates.iter().map(|c| c.cost).collect();
    let (chosen, method) = if candidates.len() <= EXACT_MAX {
        (exact(&mut model, &costs), Method::Exact)
    } else {
        let lower_bound = lower_bound(&model, &base, candidates);
        (greedy(&mut model, &costs), Method::Greedy { lower_bound })
    };
    // The model set to the chosen candidates: whether it passes them.
    for c in 0..candidates.len() {
        let want = chosen.contains(&c);
        if model.inside[c] != want {
            model.toggle(c, want);
        }
    }
    let passes = model.shortfall() == (0, 0.0);
    let changes: Vec<Change> = chosen
        .iter()
        .map(|&c| candidates[c].change.clone())
        .collect();
    let rows = apply(records, &changes)?;
    let after = evaluate(&rows, rulebook).map_err(ProjectError::from)?;
    Ok(Plan {
        cost: chosen.iter().fold(0.0, |sum, &c| sum + costs[c]),
        chosen,
        passes,
        verified: after.passes,
        failing: after.sections.iter().map(|s| s.failing_units).sum(),
        method,
    })
}

/// Every subset in Gray-code order: the cheapest that passes, or the closest.
fn exact(model: &mut Model, costs: &[f64]) -> Vec<usize> {
    let n = costs.len();
    let score = |m: &Model, cost: f64| {
        let (failing, excess) = m.shortfall();
        (failing, excess, cost)
    };
    let mut best = (score(model, 0.0), 0u64);
    let mut mask = 0u64;
    for step in 1..(1u64 << n) {
        let c = step.trailing_zeros() as usize;
        model.toggle(c, !model.inside[c]);
        mask ^= 1 << c;
        if step % 1024 == 0 {
            model
                .sections
                .iter_mut()
                .for_each(SectionModel::refresh_sums);
        }
        let cost = (0..n)
            .filter(|&k| mask & (1 << k) != 0)
            .map(|k| costs[k])
            .sum();
        let s = score(model, cost);
        if better(&s, &best.0) {
            best = (s, mask);
        }
    }
    (0..n).filter(|&c| best.1 & (1 << c) != 0).collect()
}

/// Whether score `a` (failing, excess, cost) is better than `b`.
fn better(a: &(usize, f64, f64), b: &(usize, f64, f64)) -> bool {
    const EPS: f64 = 1e-9;
    if a.0 != b.0 {
        return a.0 < b.0;
    }
    if (a.1 - b.1).abs() > EPS {
        return a.1 < b.1;
    }
    a.2 < b.2 - EPS
}

/// Adds the candidate with the most improvement per 万元 while the district fails, then drops
/// every chosen project the others make unnecessary, dearest first.
fn greedy(model: &mut Model, costs: &[f64]) -> Vec<usize> {
    let n = costs.len();
    // Progress: units passed, 差异系数 brought within, and the failing units' distance to
    // their standards.
    let state = |m: &Model| {
        let (failing, excess) = m.shortfall();
        failing as f64 + excess + m.distance()
    };
    loop {
        if model.shortfall() == (0, 0.0) {
            break;
        }
        let now = state(model);
        let mut pick: Option<(f64, usize)> = None;
        for (c, cost) in costs.iter().enumerate() {
            if model.inside[c] {
                continue;
            }
            model.toggle(c, true);
            let g = now - state(model);
            model.toggle(c, false);
            if g > 1e-12 {
                let rate = g / cost.max(1e-9);
                if pick.is_none_or(|(r, _)| rate > r) {
                    pick = Some((rate, c));
                }
            }
        }
        let Some((_, c)) = pick else { break };
        model.toggle(c, true);
    }
    // Drop what the others make unnecessary: a project goes when the district is no worse
    // without it.
    let target = model.shortfall();
    let mut order: Vec<usize> = (0..n).filter(|&c| model.inside[c]).collect();
    order.sort_by(|&a, &b| costs[b].total_cmp(&costs[a]));
    for c in order {
        model.toggle(c, false);
        let without = model.shortfall();
        let no_worse =
            without.0 < target.0 || (without.0 == target.0 && without.1 <= target.1 + 1e-12);
        if !no_worse {
            model.toggle(c, true);
        }
    }
    (0..n).filter(|&c| model.inside[c]).collect()
}

/// Every school with a failing unit needs a project of its own: the cheapest candidate of each
/// such school, summed (infinite when one has none).
fn lower_bound(model: &Model, base: &Evaluation, candidates: &[Candidate]) -> f64 {
    let mut schools = Vec::new();
    for (s, section) in model.sections.iter().zip(&base.sections) {
        for (u, passing) in s.passing.iter().enumerate() {
            if !passing {
                schools.push(section.units[u].school_code().clone());
            }
        }
    }
    schools.sort();
    schools.dedup();
    schools
        .iter()
        .map(|school| {
            candidates
                .iter()
                .filter(|c| &c.change.school == school)
                .map(|c| c.cost)
                .fold(f64::INFINITY, f64::min)
        })
        .sum()
}

#[cfg(test)]
mod tests;
