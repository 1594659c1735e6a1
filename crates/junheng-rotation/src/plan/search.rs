//! The planner's search space: classes of interchangeable movers with their allowed targets, the
//! best single move, and an exhaustive search for small instances to measure the greedy plan
//! against.
//!
//! Each greedy step scores every class of interchangeable movers (same unit, same school, same
//! counts) against its best targets: targets are ranked per count vector by their exact share of
//! the Σ-squares change (which does not depend on the source), and the best few allowed ones are
//! scored exactly.

use std::cmp::Ordering;

use junheng_core::rulebook::RotationRules;

use super::model::{Delta, Model, distance_km};
use crate::quota::Quota;

/// Chosen moves: (mover, target unit).
pub(super) type Moves = Vec<(usize, usize)>;
/// (Σ sections' worst ratio, Σ squares).
pub(super) type Objective = (f64, f64);

/// Targets scored exactly per class and step.
const TARGETS_PER_CLASS: usize = 8;
/// A worst ratio must fall by more than this to count as better.
pub(super) const WORST_EPS: f64 = 1e-12;
/// Σ squares must fall by more than this to count as better.
pub(super) const SQUARES_EPS: f64 = 1e-9;

/// Movers that are interchangeable: same unit, same school, same amounts.
#[derive(Debug, Clone)]
pub(super) struct Class {
    pub section: usize,
    /// Movers, preferred first (longest at their school, then id).
    pub members: Vec<usize>,
    /// Whether the class moves no tracked amount.
    pub plain: bool,
    /// Position of the class's count vector among its section's distinct vectors.
    pub vector: usize,
    /// Allowed targets with their distance in km (`None`: a school has no coordinates),
    /// nearest first (unknown distances last).
    pub targets: Vec<(usize, Option<f64>)>,
    /// `allowed[v]`: index into `targets`, or `usize::MAX`.
    pub allowed: Vec<usize>,
}

/// The quota context of a search: the scope's quota before the plan, and the rules.
#[derive(Debug, Clone, Copy)]
pub(super) struct QuotaContext {
    pub before: Quota,
    pub rules: RotationRules,
}

impl QuotaContext {
    /// The scope's quota after `added` more moves, `backbone_added` of them 骨干 (moves of one
    /// plan are few; the scope's totals are `u64`).
    pub fn quota(&self, added: u32, backbone_added: u32) -> Quota {
        Quota::new(
            self.before.eligible,
            self.before.rotated + u64::from(added),
            self.before.backbone_rotated + u64::from(backbone_added),
            &self.rules,
        )
    }

    /// The fewest moves (at most `limit`) that can meet the quota, all 骨干 if need be.
    pub fn fewest_moves(&self, limit: usize) -> usize {
        (0..=limit as u32)
            .find(|&x| self.quota(x, x).met())
            .map_or(limit, |x| x as usize)
    }

    /// Whether, after `added` moves of which `backbone_added` 骨干, the quota can still be met
    /// with at most `room` more moves (all 骨干 if need be).
    pub fn reachable(&self, added: u32, backbone_added: u32, room: u32) -> bool {
        (0..=room).any(|x| self.quota(added + x, backbone_added + x).met())
    }
}

/// Builds the classes of a model, with their allowed targets.
pub(super) fn classes(model: &Model<'_>, max_km: Option<f64>) -> Vec<Class> {
    let mut keyed: std::collections::BTreeMap<(usize, usize, String, Vec<u64>), Vec<usize>> =
        Default::default();
    for (i, m) in model.movers.iter().enumerate() {
        let bits = m.amounts.iter().map(|a| a.to_bits()).collect();
        keyed
            .entry((m.section, m.unit, m.teacher.school.to_string(), bits))
            .or_default()
            .push(i);
    }
    let mut vectors: Vec<Vec<Vec<u64>>> = vec![Vec::new(); model.sections.len()];
    keyed
        .into_iter()
        .map(|((section, unit, _, bits), mut members)| {
            members.sort_by(|&a, &b| {
                let (ta, tb) = (model.movers[a].teacher, model.movers[b].teacher);
                (ta.start_year, &ta.id).cmp(&(tb.start_year, &tb.id))
            });
            let s = &model.sections[section];
            let from = model.movers[members[0]].location.or(s.locations[unit]);
            let mut targets: Vec<(usize, Option<f64>)> = (0..s.codes.len())
                .filter(|&v| {
                    v != unit
                        && s.in_scope[v]
                        && s.room[v]
                        && s.codes[v] != model.movers[members[0]].teacher.school
                })
                .map(|v| (v, from.zip(s.locations[v]).map(|(a, b)| distance_km(a, b))))
                .filter(|(_, km)| match (max_km, km) {
                    (Some(limit), Some(km)) => *km <= limit,
                    _ => true,
                })
                .collect();
            targets.sort_by(|a, b| {
                let key = |t: &(usize, Option<f64>)| (t.1.is_none(), t.1.unwrap_or(0.0), t.0);
                let (ka, kb) = (key(a), key(b));
                ka.0.cmp(&kb.0)
                    .then(ka.1.total_cmp(&kb.1))
                    .then(ka.2.cmp(&kb.2))
            });
            let mut allowed = vec![usize::MAX; s.codes.len()];
            for (i, (v, _)) in targets.iter().enumerate() {
                allowed[*v] = i;
            }
            let plain = bits.iter().all(|&b| f64::from_bits(b) == 0.0);
            let vector = match vectors[section].iter().position(|v| *v == bits) {
                Some(p) => p,
                None => {
                    vectors[section].push(bits);
                    vectors[section].len() - 1
                }
            };
            Class {
                section,

                members,
                plain,
                vector,
                targets,
                allowed,
            }
        })
        .collect()
}

/// A scored candidate move.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub mover: usize,
    pub target: usize,
    pub delta: Delta,
    pub km: Option<f64>,
}

impl Candidate {
    pub fn better_than(&self, o: &Candidate) -> bool {
        let key = |c: &Candidate| {
            (
                c.delta.worst,
                c.delta.squares,
                c.km.unwrap_or(f64::INFINITY),
            )
        };
        let (a, b) = (key(self), key(o));
        let cmp = |x: f64, y: f64, eps: f64| {
            if x < y - eps {
                Ordering::Less
            } else if x > y + eps {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        };
        cmp(a.0, b.0, WORST_EPS)
            .then(cmp(a.1, b.1, SQUARES_EPS))
            .then(a.2.total_cmp(&b.2))
            .then((self.mover, self.target).cmp(&(o.mover, o.target)))
            == Ordering::Less
    }

    pub fn improves(&self) -> bool {
        self.delta.worst < -WORST_EPS
            || (self.delta.worst <= WORST_EPS && self.delta.squares < -SQUARES_EPS)
    }
}

/// The best allowed move of the movers `eligible` admits, if any.
pub(super) fn best_move(
    model: &Model<'_>,
    classes: &[Class],
    moved: &[bool],
    eligible: &dyn Fn(usize) -> bool,
) -> Option<Candidate> {
    // Per section and count vector: targets ranked by their exact share of the Σ-squares change.
    let mut ranked: Vec<Vec<Option<Vec<usize>>>> =
        model.sections.iter().map(|_| Vec::new()).collect();
    let mut best: Option<Candidate> = None;
    for class in classes {
        let Some(&m) = class
            .members
            .iter()
            .find(|&&m| !moved[m] && eligible(m) && model.coverage_kept(m))
        else {
            continue;
        };
        if !model.source_keeps_passing(m) {
            continue;
        }
        let mut consider = |v: usize, km: Option<f64>| {
            if let Some(delta) = model.delta(m, v) {
                let c = Candidate {
                    mover: m,
                    target: v,
                    delta,
                    km,
                };
                if best.as_ref().is_none_or(|b| c.better_than(b)) {
                    best = Some(c);
                }
            }
        };
        if class.plain {
            if let Some(&(v, km)) = class.targets.first() {
                consider(v, km);
            }
            continue;
        }
        let lists = &mut ranked[class.section];
        if lists.len() <= class.vector {
            lists.resize(class.vector + 1, None);
        }
        let order = lists[class.vector].get_or_insert_with(|| rank_targets(model, m));
        let mut taken = 0;
        for &v in order.iter() {
            let i = class.allowed[v];
            if i == usize::MAX {
                continue;
            }
            consider(v, class.targets[i].1);
            taken += 1;
            if taken == TARGETS_PER_CLASS {
                break;
            }
        }
    }
    best
}

/// Source units tried per count vector when looking for a pair's second move.
const SOURCES_PER_VECTOR: usize = 4;

/// The best pair of moves: mover a of one school to unit v, and mover b to a's unit — from v
/// (an exchange) or, with `chains`, from one of the units that best give b's counts (a chain:
/// b replaces what a takes away). For each class, its best-ranked allowed targets are tried;
/// when not `improving` (filling the quota), every other allowed target is tried too for
/// like-for-like exchanges (which change nothing). `improving` asks that the pair improves
/// the objective; either way it may not widen any teacher indicator, make a passing unit fail
/// or take from a failing one. Returns both moves (the first carries the pair's change).
pub(super) fn best_pair(
    model: &Model<'_>,
    classes: &[Class],
    moved: &[bool],
    pair_ok: &dyn Fn(usize, usize) -> bool,
    improving: bool,
    chains: bool,
) -> Option<(Candidate, Candidate)> {
    use std::collections::HashMap;
    let free = |c: &Class| {
        c.members
            .iter()
            .copied()
            .find(|&m| !moved[m] && model.coverage_kept(m))
    };
    let unit_of = |c: &Class| model.movers[c.members[0]].unit;
    let mut at_unit: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut by_vector: HashMap<(usize, usize, usize), usize> = HashMap::new();
    let mut vectors: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in classes.iter().enumerate() {
        at_unit.entry((c.section, unit_of(c))).or_default().push(i);
        by_vector
            .entry((c.section, unit_of(c), c.vector))
            .or_insert(i);
        let list = vectors.entry(c.section).or_default();
        if !list.contains(&c.vector) {
            list.push(c.vector);
        }
    }
    // Per (section, vector): units that best give those counts (highest values first).
    let mut givers: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    if chains {
        for c in classes {
            givers
                .entry((c.section, c.vector))
                .or_insert_with(|| rank_sources(model, c.members[0]));
        }
    }
    let mut ranked: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut best: Option<(Candidate, Candidate)> = None;
    let consider = |a: usize,
                    v: usize,
                    ka: Option<f64>,
                    cb: &Class,
                    best: &mut Option<(Candidate, Candidate)>| {
        let u = model.movers[a].unit;
        if cb.allowed[u] == usize::MAX {
            return;
        }
        let Some(b) = free(cb) else { return };
        if !pair_ok(a, b) || !model.pair_keeps_passing(a, v, b) {
            return;
        }
        let Some(delta) = model.delta_pair(a, v, b) else {
            return;
        };
        let kb = cb.targets[cb.allowed[u]].1;
        let first = Candidate {
            mover: a,
            target: v,
            delta,
            km: ka.zip(kb).map(|(x, y)| x + y),
        };
        if (improving && !first.improves())
            || best.as_ref().is_some_and(|(b, _)| !first.better_than(b))
        {
            return;
        }
        let second = Candidate {
            mover: b,
            target: u,
            delta: Delta {
                worst: 0.0,
                squares: 0.0,
            },
            km: kb,
        };
        *best = Some((first, second));
    };
    for ca in classes {
        let Some(a) = free(ca) else { continue };
        let u = unit_of(ca);
        let order = ranked
            .entry((ca.section, ca.vector))
            .or_insert_with(|| rank_targets(model, a));
        let targets = order
            .iter()
            .copied()
            .filter(|&v| ca.allowed[v] != usize::MAX)
            .take(if improving {
                TARGETS_PER_CLASS
            } else {
                usize::MAX
            });
        for (rank, v) in targets.enumerate() {
            let ka = ca.targets[ca.allowed[v]].1;
            for &ib in at_unit.get(&(ca.section, v)).into_iter().flatten() {
                let cb = &classes[ib];
                if rank < TARGETS_PER_CLASS || cb.vector == ca.vector {
                    consider(a, v, ka, cb, &mut best);
                }
            }
            if !chains || rank >= TARGETS_PER_CLASS {
                continue;
            }
            for &vector in &vectors[&ca.section] {
                let sources = givers.get(&(ca.section, vector)).into_iter().flatten();
                for &w in sources
                    .filter(|&&w| w != u && w != v)
                    .take(SOURCES_PER_VECTOR)
                {
                    if let Some(&ib) = by_vector.get(&(ca.section, w, vector)) {
                        consider(a, v, ka, &classes[ib], &mut best);
                    }
                }
            }
        }
    }
    best
}

/// Units of the mover's section ranked by how much giving the mover's counts away narrows
/// Σ (差异系数/limit)²: Σₖ scaleₖ² aₖ (aₖ / s_w − 2 (xₖ_w − mₖ)), smallest first.
fn rank_sources(model: &Model<'_>, m: usize) -> Vec<usize> {
    rank_units(model, m, |a, x, mean, students| {
        a / students - 2.0 * (x - mean)
    })
}

/// Units of the mover's section ranked by Σₖ scaleₖ² aₖ (2 xₖᵥ + aₖ / sᵥ): the target's part
/// of the change of Σ (差异系数/limit)².
fn rank_targets(model: &Model<'_>, m: usize) -> Vec<usize> {
    rank_units(model, m, |a, x, _, students| 2.0 * x + a / students)
}

/// Units of the mover's section by Σₖ scaleₖ² aₖ · term(aₖ, xₖ, mₖ, s), smallest first (ties by
/// unit order).
fn rank_units(model: &Model<'_>, m: usize, term: impl Fn(f64, f64, f64, f64) -> f64) -> Vec<usize> {
    let mover = &model.movers[m];
    let s = &model.sections[mover.section];
    let score = |w: usize| {
        s.tracked
            .iter()
            .zip(&mover.amounts)
            .map(|(k, &a)| {
                let x = s.values[k.indicator][w];
                k.scale * k.scale * a * term(a, x, k.mean, s.students[w])
            })
            .sum::<f64>()
    };
    let mut scored: Vec<(f64, usize)> = (0..s.codes.len()).map(|w| (score(w), w)).collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, w)| w).collect()
}

/// The best plan by exhaustive search over every set of at most `max_moves` moves (each mover
/// stays or goes to one allowed target): minimises Σ sections' worst (差异系数/limit), then Σ
/// squares, under the same constraints as the greedy plan, checked on the finished set. Only
/// for small instances: the number of sets grows as C(movers, k) · targetsᵏ.
pub(super) fn exhaustive(
    model: &mut Model<'_>,
    classes: &[Class],
    quota: QuotaContext,
    max_moves: usize,
) -> Option<(Moves, Objective)> {
    let mut targets: Vec<Vec<(usize, Option<f64>)>> = vec![Vec::new(); model.movers.len()];
    for c in classes {
        for &m in &c.members {
            targets[m] = c.targets.clone();
        }
    }
    let mut best: Option<(Moves, Objective)> = None;
    let mut chosen = Vec::new();
    dfs(
        model,
        &targets,
        quota,
        max_moves,
        0,
        0,
        &mut chosen,
        &mut best,
    );
    best
}

#[allow(clippy::too_many_arguments)]
fn dfs(
    model: &mut Model<'_>,
    targets: &[Vec<(usize, Option<f64>)>],
    quota: QuotaContext,
    max_moves: usize,
    next: usize,
    backbone: u32,
    chosen: &mut Vec<(usize, usize)>,
    best: &mut Option<(Moves, Objective)>,
) {
    if next == model.movers.len() || chosen.len() == max_moves {
        let feasible = quota.quota(chosen.len() as u32, backbone).met()
            && model.no_wider()
            && model.all_pass_that_passed()
            && model.failing_units_kept();
        if feasible {
            let objective = model.objective();
            let better = best.as_ref().is_none_or(|(_, b)| {
                objective.0 < b.0 - WORST_EPS
                    || (objective.0 <= b.0 + WORST_EPS && objective.1 < b.1 - SQUARES_EPS)
            });
            if better {
                *best = Some((chosen.clone(), objective));
            }
        }
        return;
    }
    dfs(
        model,
        targets,
        quota,
        max_moves,
        next + 1,
        backbone,
        chosen,
        best,
    );
    if !model.coverage_kept(next) {
        return;
    }
    let bb = model.movers[next].counts.backbone;
    for &(v, _) in &targets[next] {
        model.shift(next, v, 1.0);
        chosen.push((next, v));
        dfs(
            model,
            targets,
            quota,
            max_moves,
            next + 1,
            backbone + bb,
            chosen,
            best,
        );
        chosen.pop();
        model.shift(next, v, -1.0);
    }
}
