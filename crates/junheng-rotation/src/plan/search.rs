//! The planner's search: a greedy descent on (worst 差异系数/limit per section, then Σ squares)
//! followed by quota filling, and an exhaustive search for small instances to measure it against.
//!
//! Each greedy step scores every class of interchangeable movers (same unit, same school, same
//! counts) against its best targets: targets are ranked per count vector by their exact share of
//! the Σ-squares change (which does not depend on the source), and the best few allowed ones are
//! scored exactly.

use std::cmp::Ordering;

use junheng_core::rulebook::RotationRules;

use super::model::{Delta, Model, distance_km};
use crate::quota::Quota;

/// Targets scored exactly per class and step.
const TARGETS_PER_CLASS: usize = 8;
/// A worst ratio must fall by more than this to count as better.
const WORST_EPS: f64 = 1e-12;
/// Σ squares must fall by more than this to count as better.
const SQUARES_EPS: f64 = 1e-9;

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

/// The quota context of a search.
#[derive(Debug, Clone, Copy)]
pub(super) struct QuotaContext {
    pub eligible: u32,
    pub rotated: u32,
    pub backbone: u32,
    pub rules: RotationRules,
}

impl QuotaContext {
    pub fn quota(&self, added: u32, backbone_added: u32) -> Quota {
        Quota::new(
            self.eligible,
            self.rotated + added,
            self.backbone + backbone_added,
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
struct Candidate {
    mover: usize,
    target: usize,
    delta: Delta,
    km: Option<f64>,
}

impl Candidate {
    fn better_than(&self, o: &Candidate) -> bool {
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

    fn improves(&self) -> bool {
        self.delta.worst < -WORST_EPS
            || (self.delta.worst <= WORST_EPS && self.delta.squares < -SQUARES_EPS)
    }
}

/// The best allowed move of the movers `eligible` admits, if any.
fn best_move(
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

/// Units of the mover's section ranked by Σₖ scaleₖ² aₖ (2 xₖᵥ + aₖ / sᵥ): the target's part
/// of the change of Σ (差异系数/limit)².
fn rank_targets(model: &Model<'_>, m: usize) -> Vec<usize> {
    let mover = &model.movers[m];
    let s = &model.sections[mover.section];
    let score = |v: usize| {
        s.tracked
            .iter()
            .zip(&mover.amounts)
            .map(|(k, &a)| {
                k.scale * k.scale * a * (2.0 * s.values[k.indicator][v] + a / s.students[v])
            })
            .sum::<f64>()
    };
    let mut scored: Vec<(f64, usize)> = (0..s.codes.len()).map(|v| (score(v), v)).collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, v)| v).collect()
}

/// Which the greedy plan does first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// Improving moves first (keeping room for the quota), then quota filling.
    ImproveFirst,
    /// Quota filling first (the best moves that meet it), then improving moves.
    QuotaFirst,
}

/// The better of the two greedy orders: the one meeting the quota, then the lower objective.
/// Leaves `model` with the chosen moves applied.
pub(super) fn greedy(
    model: &mut Model<'_>,
    classes: &[Class],
    quota: QuotaContext,
    max_moves: usize,
    progress: &mut dyn FnMut(usize),
) -> Vec<(usize, usize)> {
    let mut runs = [Order::ImproveFirst, Order::QuotaFirst].map(|order| {
        let mut m = model.clone();
        let chosen = greedy_in(&mut m, classes, quota, max_moves, order, progress);
        let backbone = chosen.iter().map(|&(i, _)| m.movers[i].counts.backbone).sum();
        let met = quota.quota(chosen.len() as u32, backbone).met();
        (met, m.objective(), chosen, m)
    });
    runs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.0.total_cmp(&b.1.0))
            .then(a.1.1.total_cmp(&b.1.1))
    });
    let [(_, _, mut chosen, best), ..] = runs;
    *model = best;
    polish(model, classes, quota, &mut chosen);
    chosen
}

/// Passes over the plan that replace one move at a time by the best move in its place, when
/// that lowers the objective and every constraint still holds.
fn polish(
    model: &mut Model<'_>,
    classes: &[Class],
    quota: QuotaContext,
    chosen: &mut [(usize, usize)],
) {
    const PASSES: usize = 2;
    let mut moved = vec![false; model.movers.len()];
    for &(m, _) in chosen.iter() {
        moved[m] = true;
    }
    let backbone_of = |model: &Model<'_>, m: usize| model.movers[m].counts.backbone;
    let mut backbone: u32 = chosen.iter().map(|&(m, _)| backbone_of(model, m)).sum();
    let n = chosen.len() as u32;
    let met = quota.quota(n, backbone).met();
    let better = |a: (f64, f64), b: (f64, f64)| {
        a.0 < b.0 - WORST_EPS || (a.0 <= b.0 + WORST_EPS && a.1 < b.1 - SQUARES_EPS)
    };
    for _ in 0..PASSES {
        let mut improved = false;
        for slot in chosen.iter_mut() {
            let (m, v) = *slot;
            let before = model.objective();
            model.shift(m, v, -1.0);
            moved[m] = false;
            let rest = backbone - backbone_of(model, m);
            let admit = |x: usize| !met || quota.quota(n, rest + backbone_of(model, x)).met();
            if let Some(c) = best_move(model, classes, &moved, &admit) {
                model.shift(c.mover, c.target, 1.0);
                if better(model.objective(), before)
                    && model.no_wider()
                    && model.all_pass_that_passed()
                {
                    moved[c.mover] = true;
                    backbone = rest + backbone_of(model, c.mover);
                    *slot = (c.mover, c.target);
                    improved = true;
                    continue;
                }
                model.shift(c.mover, c.target, -1.0);
            }
            model.shift(m, v, 1.0);
            moved[m] = true;
        }
        if !improved {
            break;
        }
    }
}

fn greedy_in(
    model: &mut Model<'_>,
    classes: &[Class],
    quota: QuotaContext,
    max_moves: usize,
    order: Order,
    progress: &mut dyn FnMut(usize),
) -> Vec<(usize, usize)> {
    let mut moved = vec![false; model.movers.len()];
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    let mut backbone = 0u32;
    let backbone_of = |model: &Model<'_>, m: usize| model.movers[m].counts.backbone;
    let mut take = |model: &mut Model<'_>,
                    moved: &mut Vec<bool>,
                    chosen: &mut Vec<(usize, usize)>,
                    backbone: &mut u32,
                    c: Candidate| {
        model.shift(c.mover, c.target, 1.0);
        moved[c.mover] = true;
        *backbone += backbone_of(model, c.mover);
        chosen.push((c.mover, c.target));
        progress(chosen.len());
    };
    let phases: &[bool] = match order {
        Order::ImproveFirst => &[true, false],
        Order::QuotaFirst => &[false, true],
    };
    for &improve in phases {
        while chosen.len() < max_moves {
            let added = chosen.len() as u32;
            let candidate = if improve {
                // Improve, keeping room for the quota.
                let room = (max_moves - chosen.len() - 1) as u32;
                let ok_plain = quota.reachable(added + 1, backbone, room);
                let ok_backbone = quota.reachable(added + 1, backbone + 1, room);
                let admit = |m: usize| {
                    if backbone_of(model, m) > 0 {
                        ok_backbone
                    } else {
                        ok_plain
                    }
                };
                best_move(model, classes, &moved, &admit).filter(Candidate::improves)
            } else {
                // Fill the quota with the least harmful moves, 骨干 first when short of them.
                let q = quota.quota(added, backbone);
                if q.met() {
                    break;
                }
                let need_backbone = !q.backbone_ok;
                let admit = |m: usize| !need_backbone || backbone_of(model, m) > 0;
                best_move(model, classes, &moved, &admit)
            };
            if let Some(c) = candidate {
                take(model, &mut moved, &mut chosen, &mut backbone, c);
                continue;
            }
            // No single move fits: an exchange of two like teachers changes no value at all.
            let need_backbone = !quota.quota(added, backbone).backbone_ok;
            match (improve, max_moves - chosen.len() >= 2) {
                (false, true) => match best_exchange(model, classes, &moved, need_backbone) {
                    Some((a, b)) => {
                        take(model, &mut moved, &mut chosen, &mut backbone, a);
                        take(model, &mut moved, &mut chosen, &mut backbone, b);
                    }
                    None => break,
                },
                _ => break,
            }
        }
    }
    chosen
}

/// The nearest exchange of two like teachers (same section, same counts, different schools
/// that may send to each other): neutral for every value, so it meets the quota without
/// harm when no single move can.
fn best_exchange(
    model: &Model<'_>,
    classes: &[Class],
    moved: &[bool],
    backbone_only: bool,
) -> Option<(Candidate, Candidate)> {
    let free = |c: &Class| {
        c.members
            .iter()
            .copied()
            .find(|&m| !moved[m] && model.coverage_kept(m))
    };
    let zero = Delta {
        worst: 0.0,
        squares: 0.0,
    };
    let mut best: Option<(f64, Candidate, Candidate)> = None;
    for (i, a) in classes.iter().enumerate() {
        let Some(ma) = free(a) else { continue };
        if backbone_only && model.movers[ma].counts.backbone == 0 {
            continue;
        }
        let ua = model.movers[ma].unit;
        for b in &classes[i + 1..] {
            if b.section != a.section || b.vector != a.vector {
                continue;
            }
            let Some(mb) = free(b) else { continue };
            let ub = model.movers[mb].unit;
            let (ia, ib) = (a.allowed[ub], b.allowed[ua]);
            if ua == ub || ia == usize::MAX || ib == usize::MAX {
                continue;
            }
            let (ka, kb) = (a.targets[ia].1, b.targets[ib].1);
            let km = ka.unwrap_or(f64::INFINITY) + kb.unwrap_or(f64::INFINITY);
            if best.as_ref().is_none_or(|(d, _, _)| km < *d) {
                let at = |mover, target, km| Candidate {
                    mover,
                    target,
                    delta: zero,
                    km,
                };
                best = Some((km, at(ma, ub, ka), at(mb, ua, kb)));
            }
        }
    }
    best.map(|(_, a, b)| (a, b))
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
) -> Option<(Vec<(usize, usize)>, (f64, f64))> {
    let mut targets: Vec<Vec<(usize, Option<f64>)>> = vec![Vec::new(); model.movers.len()];
    for c in classes {
        for &m in &c.members {
            targets[m] = c.targets.clone();
        }
    }
    let mut best: Option<(Vec<(usize, usize)>, (f64, f64))> = None;
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
    best: &mut Option<(Vec<(usize, usize)>, (f64, f64))>,
) {
    if next == model.movers.len() || chosen.len() == max_moves {
        let feasible = quota.quota(chosen.len() as u32, backbone).met()
            && model.no_wider()
            && model.all_pass_that_passed();
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
    let mover = &model.movers[next];
    if !model.sections[mover.section].passes_start[mover.unit] || !model.coverage_kept(next) {
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
