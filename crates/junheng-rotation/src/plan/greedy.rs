//! The greedy plan: a descent on (worst 差异系数/limit per section, then Σ squares) with quota
//! filling, run in several orders — improving first, quota first, and a split of the move
//! budget between the sections chosen from each section's own descent — keeping the best, then
//! polished one move at a time.

use super::model::Model;
use super::search::{
    Candidate, Class, Moves, Objective, QuotaContext, SQUARES_EPS, WORST_EPS, best_move, best_pair,
};

/// One greedy run: its phases in order (`true` improves, `false` fills the quota), whether
/// improving keeps room for the quota, and the section it is confined to, if any.
#[derive(Debug, Clone, Copy)]
struct Run {
    phases: &'static [bool],
    reserve: bool,
    section: Option<usize>,
    /// Whether improving may also take exchanges of two teachers (filling always may).
    exchanges: bool,
}

/// Improving moves first (keeping room for the quota), then quota filling.
const IMPROVE_FIRST: Run = Run {
    phases: &[true, false],
    reserve: true,
    section: None,
    exchanges: false,
};
/// As [`IMPROVE_FIRST`], also improving by exchanges when no single move improves.
const IMPROVE_BY_EXCHANGES: Run = Run {
    exchanges: true,
    ..IMPROVE_FIRST
};
/// Quota filling first (the best moves that meet it), then improving moves.
const QUOTA_FIRST: Run = Run {
    phases: &[false, true],
    reserve: true,
    section: None,
    exchanges: false,
};
/// Splits tried per plan, best by the sections' own descents first.
const SPLITS_TRIED: usize = 4;

/// The best of the greedy runs (the one meeting the quota, then the lowest objective),
/// polished. Leaves `model` with the chosen moves applied.
pub(super) fn greedy<'a>(
    model: &mut Model<'a>,
    classes: &[Class],
    quota: QuotaContext,
    max_moves: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Vec<(usize, usize)> {
    let outcome = |m: Model<'a>, chosen: Vec<(usize, usize)>| {
        let backbone = chosen
            .iter()
            .map(|&(i, _)| m.movers[i].counts.backbone)
            .sum();
        let met = quota.quota(chosen.len() as u32, backbone).met();
        // A run whose moves break a constraint (none should) is never chosen over one that
        // keeps them all.
        let whole = m.all_pass_that_passed() && m.failing_units_kept() && m.no_wider();
        ((whole, met), m.objective(), chosen, m)
    };
    // The runs are independent: the splits on a second thread (the machine has two cores at
    // least); their order in `runs` is fixed, so the choice does not depend on timing.
    let base: &Model<'a> = model;
    let (mut runs, split_runs) = std::thread::scope(|scope| {
        let split_runs = scope.spawn(|| splits(base, classes, quota, max_moves, &mut |_| {}));
        let main = [IMPROVE_FIRST, QUOTA_FIRST, IMPROVE_BY_EXCHANGES];
        let total = (main.len() * max_moves) as u64;
        let runs: Vec<_> = main
            .into_iter()
            .enumerate()
            .map(|(i, run)| {
                let mut m = base.clone();
                let done = (i * max_moves) as u64;
                let mut step = |n: usize| progress(done + n as u64, total);
                let chosen = greedy_in(&mut m, classes, quota, max_moves, run, &[], &mut step);
                outcome(m, chosen)
            })
            .collect();
        progress(total, total);
        (runs, split_runs.join().expect("a planner run panicked"))
    });
    for (m, chosen) in split_runs {
        runs.push(outcome(m, chosen));
    }
    runs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.0.total_cmp(&b.1.0))
            .then(a.1.1.total_cmp(&b.1.1))
    });
    let (_, _, mut chosen, best) = runs.swap_remove(0);
    *model = best;
    polish(model, classes, quota, max_moves, &mut chosen);
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
    // curves[s][n]: the section's (worst, squares) after the first n moves of its descent, or
    // `None` where the first n moves are no plan on their own: a cut inside a pair of moves
    // (an exchange or a chain) would keep the move that takes without the one that gives back.
    let descents: Vec<(Moves, Vec<Option<Objective>>)> = (0..2)
        .map(|s| {
            let run = Run {
                phases: &[true],
                reserve: false,
                section: Some(s),
                exchanges: true,
            };
            let mut m = model.clone();
            let mut curve = vec![Some(m.section_objective(s))];
            let chosen = greedy_in(&mut m, classes, quota, max_moves, run, &[], progress);
            let mut replay = model.clone();
            for &(i, v) in &chosen {
                replay.shift(i, v, 1.0);
                let whole = replay.all_pass_that_passed()
                    && replay.failing_units_kept()
                    && replay.no_wider();
                curve.push(whole.then(|| replay.section_objective(s)));
            }
            (chosen, curve)
        })
        .collect();
    let (c0, c1) = (&descents[0].1, &descents[1].1);
    let mut options: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (n0, at0) in c0.iter().enumerate() {
        let Some(at0) = at0 else { continue };
        // Fewer moves in the second section never help (its curve only falls): the longest
        // whole prefix that fits the budget.
        let most = (c1.len() - 1).min(max_moves.saturating_sub(n0));
        let Some((n1, at1)) = (0..=most).rev().find_map(|n| c1[n].map(|at| (n, at))) else {
            continue;
        };
        options.push((at0.0 + at1.0, at0.1 + at1.1, n0, n1));
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
                exchanges: false,
            };
            let chosen = greedy_in(&mut m, classes, quota, max_moves, run, &prefix, progress);
            (m, chosen)
        })
        .collect()
}

/// Plans of at most this many moves are also polished by pairs (costly on long plans).
const PAIR_POLISH_MOVES: usize = 64;

/// Passes over the plan that replace one move at a time by the best move in its place — or,
/// on short plans with room for one more move, by the best pair — when that lowers the
/// objective and every constraint still holds.
fn polish(
    model: &mut Model<'_>,
    classes: &[Class],
    quota: QuotaContext,
    max_moves: usize,
    chosen: &mut Vec<(usize, usize)>,
) {
    const PASSES: usize = 2;
    let mut moved = vec![false; model.movers.len()];
    for &(m, _) in chosen.iter() {
        moved[m] = true;
    }
    let backbone_of = |model: &Model<'_>, m: usize| model.movers[m].counts.backbone;
    let mut backbone: u32 = chosen.iter().map(|&(m, _)| backbone_of(model, m)).sum();
    let met = quota.quota(chosen.len() as u32, backbone).met();
    let better = |a: (f64, f64), b: (f64, f64)| {
        a.0 < b.0 - WORST_EPS || (a.0 <= b.0 + WORST_EPS && a.1 < b.1 - SQUARES_EPS)
    };
    let holds = |model: &Model<'_>| model.no_wider() && model.all_pass_that_passed();
    for _ in 0..PASSES {
        let mut improved = false;
        let mut slot = 0;
        while slot < chosen.len() {
            let (m, v) = chosen[slot];
            let n = chosen.len() as u32;
            let before = model.objective();
            model.shift(m, v, -1.0);
            moved[m] = false;
            let rest = backbone - backbone_of(model, m);
            let admit = |x: usize| !met || quota.quota(n, rest + backbone_of(model, x)).met();
            let mut replaced = false;
            if let Some(c) = best_move(model, classes, &moved, &admit) {
                model.shift(c.mover, c.target, 1.0);
                if better(model.objective(), before) && holds(model) {
                    moved[c.mover] = true;
                    backbone = rest + backbone_of(model, c.mover);
                    chosen[slot] = (c.mover, c.target);
                    replaced = true;
                } else {
                    model.shift(c.mover, c.target, -1.0);
                }
            }
            if !replaced && chosen.len() < max_moves.min(PAIR_POLISH_MOVES) {
                let pair_ok = |a: usize, b: usize| {
                    let bb = rest + backbone_of(model, a) + backbone_of(model, b);
                    !met || quota.quota(n + 1, bb).met()
                };
                if let Some((a, b)) = best_pair(model, classes, &moved, &pair_ok, false, true) {
                    model.shift(a.mover, a.target, 1.0);
                    model.shift(b.mover, b.target, 1.0);
                    if better(model.objective(), before) && holds(model) {
                        moved[a.mover] = true;
                        moved[b.mover] = true;
                        backbone = rest + backbone_of(model, a.mover) + backbone_of(model, b.mover);
                        chosen[slot] = (a.mover, a.target);
                        chosen.insert(slot + 1, (b.mover, b.target));
                        slot += 1;
                        replaced = true;
                    } else {
                        model.shift(b.mover, b.target, -1.0);
                        model.shift(a.mover, a.target, -1.0);
                    }
                }
            }
            if replaced {
                improved = true;
            } else {
                model.shift(m, v, 1.0);
                moved[m] = true;
            }
            slot += 1;
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
                    (m, v): (usize, usize)| {
        model.shift(m, v, 1.0);
        moved[m] = true;
        *backbone += backbone_of(model, m);
        chosen.push((m, v));
        progress(chosen.len());
    };
    for &mv in prefix {
        take(model, &mut moved, &mut chosen, &mut backbone, mv);
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
                take(
                    model,
                    &mut moved,
                    &mut chosen,
                    &mut backbone,
                    (c.mover, c.target),
                );
                continue;
            }
            // No single move fits or improves: try an exchange of two teachers between two
            // schools (two moves that only pay off, or only fit, together).
            if max_moves - chosen.len() < 2 || (improve && !run.exchanges) {
                break;
            }
            let need_backbone = !quota.quota(added, backbone).backbone_ok;
            let room = (max_moves - chosen.len() - 2) as u32;
            let pair_ok = |a: usize, b: usize| {
                let bb = backbone_of(model, a) + backbone_of(model, b);
                in_section(model, a)
                    && in_section(model, b)
                    && (!run.reserve || quota.reachable(added + 2, backbone + bb, room))
                    && (improve || !need_backbone || bb > 0)
            };
            match best_pair(model, classes, &moved, &pair_ok, improve, improve) {
                Some((a, b)) => {
                    for c in [a, b] {
                        take(
                            model,
                            &mut moved,
                            &mut chosen,
                            &mut backbone,
                            (c.mover, c.target),
                        );
                    }
                }
                None => break,
            }
        }
    }
    chosen
}
