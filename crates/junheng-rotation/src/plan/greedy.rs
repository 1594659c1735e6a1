//! The greedy plan: a descent on (worst 差异系数/limit per section, then Σ squares) with quota
//! filling, run in several orders — improving first, quota first, and a split of the move
//! budget between the sections chosen from each section's own descent — keeping the best, then
//! polished one move at a time.

use super::model::{Delta, Model};
use super::search::{
    Candidate, Class, Moves, Objective, QuotaContext, SQUARES_EPS, WORST_EPS, best_move,
};

/// One greedy run: its phases in order (`true` improves, `false` fills the quota), whether
/// improving keeps room for the quota, and the section it is confined to, if any.
#[derive(Debug, Clone, Copy)]
struct Run {
    phases: &'static [bool],
    reserve: bool,
    section: Option<usize>,
}

/// Improving moves first (keeping room for the quota), then quota filling.
const IMPROVE_FIRST: Run = Run {
    phases: &[true, false],
    reserve: true,
    section: None,
};
/// Quota filling first (the best moves that meet it), then improving moves.
const QUOTA_FIRST: Run = Run {
    phases: &[false, true],
    reserve: true,
    section: None,
};
/// Splits tried per plan, best by the sections' own descents first.
const SPLITS_TRIED: usize = 4;

/// The better of the two greedy orders: the one meeting the quota, then the lower objective.
/// Leaves `model` with the chosen moves applied.
pub(super) fn greedy<'a>(
    model: &mut Model<'a>,
    classes: &[Class],
    quota: QuotaContext,
    max_moves: usize,
    progress: &mut dyn FnMut(usize),
) -> Vec<(usize, usize)> {
    let outcome = |m: Model<'a>, chosen: Vec<(usize, usize)>| {
        let backbone = chosen
            .iter()
            .map(|&(i, _)| m.movers[i].counts.backbone)
            .sum();
        let met = quota.quota(chosen.len() as u32, backbone).met();
        (met, m.objective(), chosen, m)
    };
    let mut runs: Vec<_> = [IMPROVE_FIRST, QUOTA_FIRST]
        .into_iter()
        .map(|run| {
            let mut m = model.clone();
            let chosen = greedy_in(&mut m, classes, quota, max_moves, run, &[], progress);
            outcome(m, chosen)
        })
        .collect();
    for (m, chosen) in splits(model, classes, quota, max_moves, progress) {
        runs.push(outcome(m, chosen));
    }
    runs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.0.total_cmp(&b.1.0))
            .then(a.1.1.total_cmp(&b.1.1))
    });
    let (_, _, mut chosen, best) = runs.swap_remove(0);
    *model = best;
    polish(model, classes, quota, &mut chosen);
    chosen
}

/// Plans that give each section a share of the move budget: each section's own improving
/// descent gives its objective after n moves; the best few splits of the budget by those
/// curves are replayed together and completed with quota filling. Moves that only pay off
/// together (two indicators at the worst) are found this way where a step-by-step choice
/// between sections would spend the budget elsewhere.
fn splits<'a>(
    model: &Model<'a>,
    classes: &[Class],
    quota: QuotaContext,
    max_moves: usize,
    progress: &mut dyn FnMut(usize),
) -> Vec<(Model<'a>, Vec<(usize, usize)>)> {
    if model.sections.len() != 2 {
        return Vec::new();
    }
    // curves[s][n]: the section's (worst, squares) after the first n moves of its descent.
    let descents: Vec<(Moves, Vec<Objective>)> = (0..2)
        .map(|s| {
            let run = Run {
                phases: &[true],
                reserve: false,
                section: Some(s),
            };
            let mut m = model.clone();
            let mut curve = vec![m.section_objective(s)];
            let chosen = greedy_in(&mut m, classes, quota, max_moves, run, &[], progress);
            let mut replay = model.clone();
            for &(i, v) in &chosen {
                replay.shift(i, v, 1.0);
                curve.push(replay.section_objective(s));
            }
            (chosen, curve)
        })
        .collect();
    let (c0, c1) = (&descents[0].1, &descents[1].1);
    let mut options: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (n0, at0) in c0.iter().enumerate() {
        let n1 = (c1.len() - 1).min(max_moves.saturating_sub(n0));
        // Fewer moves in the second section never help: its curve only falls.
        options.push((at0.0 + c1[n1].0, at0.1 + c1[n1].1, n0, n1));
    }
    options.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    options
        .into_iter()
        .take(SPLITS_TRIED)
        .map(|(_, _, n0, n1)| {
            let prefix: Vec<(usize, usize)> = descents[0].0[..n0]
                .iter()
                .chain(&descents[1].0[..n1])
                .copied()
                .collect();
            let mut m = model.clone();
            let run = Run {
                phases: &[false],
                reserve: false,
                section: None,
            };
            let chosen = greedy_in(&mut m, classes, quota, max_moves, run, &prefix, progress);
            (m, chosen)
        })
        .collect()
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

/// One greedy run after replaying `prefix` (moves already decided).
fn greedy_in(
    model: &mut Model<'_>,
    classes: &[Class],
    quota: QuotaContext,
    max_moves: usize,
    run: Run,
    prefix: &[(usize, usize)],
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
    for &(m, v) in prefix {
        model.shift(m, v, 1.0);
        moved[m] = true;
        backbone += backbone_of(model, m);
        chosen.push((m, v));
    }
    let in_section =
        |model: &Model<'_>, m: usize| run.section.is_none_or(|s| model.movers[m].section == s);
    for &improve in run.phases {
        while chosen.len() < max_moves {
            let added = chosen.len() as u32;
            let candidate = if improve {
                // Improve, keeping room for the quota.
                let room = (max_moves - chosen.len() - 1) as u32;
                let ok_plain = quota.reachable(added + 1, backbone, room);
                let ok_backbone = quota.reachable(added + 1, backbone + 1, room);
                let admit = |m: usize| {
                    in_section(model, m)
                        && (!run.reserve
                            || if backbone_of(model, m) > 0 {
                                ok_backbone
                            } else {
                                ok_plain
                            })
                };
                best_move(model, classes, &moved, &admit).filter(Candidate::improves)
            } else {
                // Fill the quota with the least harmful moves, 骨干 first when short of them.
                let q = quota.quota(added, backbone);
                if q.met() {
                    break;
                }
                let need_backbone = !q.backbone_ok;
                let admit = |m: usize| {
                    in_section(model, m) && (!need_backbone || backbone_of(model, m) > 0)
                };
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
