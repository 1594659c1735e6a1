//! The planner's incremental model of the teacher indicators: per section, the units' students
//! and teacher-indicator values, each indicator's weighted variance (its mean never changes, as a
//! move keeps the section's totals), and the constraints every move must keep.
//!
//! Moving a teacher with amount `a` of an indicator's quantity (× per) from unit u to unit v
//! changes the section variance by `Δ = a/S · (2(x_v − x_u) + a(1/s_u + 1/s_v))`, where `x` are
//! values, `s` students and `S` their sum — so a move is scored in O(indicators).

use std::collections::HashMap;

use junheng_core::evaluate::{Comparator, Evaluation};
use junheng_core::rulebook::{Quantity, Rulebook, UnitRule};
use junheng_core::school::{Location, SchoolCode, SchoolRecord, Section};

use crate::teacher::{Counts, Teacher};

/// Amounts flowing into (+1) or out of (−1) a unit: (unit, amount per tracked indicator, sign).
type Flow<'m> = (usize, &'m Vec<f64>, f64);

/// Relative slack when checking that a variance did not grow.
pub(super) const VAR_SLACK: f64 = 1e-12;

/// A teacher indicator the planner tracks in one section.
#[derive(Debug, Clone)]
pub(super) struct Tracked {
    /// Position in the rulebook's indicators.
    pub indicator: usize,
    pub quantity: Quantity,
    pub per: f64,
    pub mean: f64,
    /// 1 / (mean · limit): turns a standard deviation into (差异系数 / limit).
    pub scale: f64,
    pub var: f64,
    pub var_start: f64,
}

impl Tracked {
    pub fn ratio(&self, var: f64) -> f64 {
        var.max(0.0).sqrt() * self.scale
    }
}

/// One evaluated section.
#[derive(Debug, Clone)]
pub(super) struct SectionModel {
    pub section: Section,
    pub students: Vec<f64>,
    pub total: f64,
    /// Teacher indicators with a non-zero mean (a zero mean has no 差异系数 to narrow).
    pub tracked: Vec<Tracked>,
    /// `values[indicator][unit]`, every indicator of the rulebook; teacher ones kept current.
    pub values: Vec<Vec<f64>>,
    pub standards: Option<Vec<f64>>,
    pub passes_start: Vec<bool>,
    /// `values` at the start (a unit that failed may not end with less of anything).
    pub values_start: Vec<Vec<f64>>,
    /// The unit's own school (the parent for merged teaching points).
    pub codes: Vec<SchoolCode>,
    pub locations: Vec<Option<Location>>,
    pub in_scope: Vec<bool>,
    /// Whether the unit's school can count every mover more in each teacher count of the
    /// section (a count holds at most `u32::MAX`): only such units receive teachers.
    pub room: Vec<bool>,
    /// Own PE/arts teachers present per unit (from the roster), kept ≥ 1 where there were any.
    pub pe_arts: Vec<i32>,
}

/// A teacher the planner may move.
#[derive(Debug, Clone)]
pub(super) struct Mover<'a> {
    pub teacher: &'a Teacher,
    pub section: usize,
    pub unit: usize,
    /// Amount per tracked indicator (`per × count`).
    pub amounts: Vec<f64>,
    pub counts: Counts,
    pub location: Option<Location>,
}

/// The whole model and the state moves change.
#[derive(Debug, Clone)]
pub(super) struct Model<'a> {
    pub sections: Vec<SectionModel>,
    pub movers: Vec<Mover<'a>>,
    pub rule: Option<UnitRule>,
    pub cmp: Comparator,
    /// Own teachers present per (school, 学段, 学科).
    pub coverage: HashMap<(SchoolCode, Section, String), i32>,
}

/// How a move would change one section.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Delta {
    /// Change of the section's worst (差异系数 / limit).
    pub worst: f64,
    /// Change of Σ (差异系数 / limit)².
    pub squares: f64,
}

impl<'a> Model<'a> {
    /// Builds the model from the evaluation of the year (ledger applied) and the movers.
    pub fn new(
        evaluation: &Evaluation<'_>,
        rulebook: &Rulebook,
        present: &[&'a Teacher],
        movers: &[&'a Teacher],
        in_scope: &dyn Fn(&SchoolCode) -> bool,
    ) -> Self {
        let cmp = Comparator::new(rulebook.policy.compare_decimals);
        let mut unit_of: HashMap<(SchoolCode, Section), (usize, usize)> = HashMap::new();
        let mut sections = Vec::new();
        for (si, s) in evaluation.sections.iter().enumerate() {
            let students: Vec<f64> = s.units.iter().map(|u| u.students as f64).collect();
            let total: f64 = students.iter().sum();
            let limit_of = |i: usize| {
                s.indicators[i]
                    .cv_max
                    .or(s.composite.as_ref().map(|c| c.cv_max))
                    .unwrap_or(rulebook.balance.cv_max.of(s.section))
            };
            let tracked = rulebook
                .indicators
                .iter()
                .enumerate()
                .filter(|(i, ind)| {
                    !ind.quantity.is_facility() && s.indicators[*i].spread.mean > 0.0
                })
                .map(|(i, ind)| {
                    let spread = s.indicators[i].spread;
                    let var = variance(&s.values[i], &students, spread.mean, total);
                    Tracked {
                        indicator: i,
                        quantity: ind.quantity,
                        per: ind.per,
                        mean: spread.mean,
                        scale: 1.0 / (spread.mean * limit_of(i)),
                        var,
                        var_start: var,
                    }
                })
                .collect();
            for (ui, u) in s.units.iter().enumerate() {
                unit_of.insert((u.record.code.clone(), s.section), (si, ui));
                for m in &u.merged {
                    unit_of.insert((m.code.clone(), s.section), (si, ui));
                }
            }
            sections.push(SectionModel {
                section: s.section,
                total,
                tracked,
                values: s.values.clone(),
                values_start: s.values.clone(),
                standards: rulebook
                    .indicators
                    .iter()
                    .map(|i| i.standard.map(|st| st.of(s.section)))
                    .collect(),
                passes_start: s.verdicts.iter().map(|v| v.passes != Some(false)).collect(),
                codes: s.units.iter().map(|u| u.record.code.clone()).collect(),
                locations: s.units.iter().map(|u| u.record.location).collect(),
                in_scope: s.units.iter().map(|u| in_scope(&u.record.code)).collect(),
                room: s
                    .units
                    .iter()
                    .map(|u| has_room(u.record, s.section, movers.len()))
                    .collect(),
                pe_arts: vec![0; s.units.len()],
                students,
            });
        }
        let mut coverage: HashMap<(SchoolCode, Section, String), i32> = HashMap::new();
        for t in present {
            *coverage
                .entry((t.school.clone(), t.section, t.subject.clone()))
                .or_default() += 1;
            if let Some(&(si, ui)) = unit_of.get(&(t.school.clone(), t.section)) {
                sections[si].pe_arts[ui] += i32::from(t.pe_arts);
            }
        }
        let locations: HashMap<&SchoolCode, Location> = evaluation
            .sections
            .iter()
            .flat_map(|s| &s.units)
            .flat_map(|u| std::iter::once(u.record).chain(u.merged.iter().copied()))
            .filter_map(|r| r.location.map(|l| (&r.code, l)))
            .collect();
        let movers = movers
            .iter()
            .filter_map(|t| {
                let &(si, ui) = unit_of.get(&(t.school.clone(), t.section))?;
                let counts = t.counts();
                let amounts = sections[si]
                    .tracked
                    .iter()
                    .map(|k| k.per * f64::from(count_of(counts, k.quantity)))
                    .collect();
                Some(Mover {
                    teacher: t,
                    section: si,
                    unit: ui,
                    amounts,
                    counts,
                    location: locations.get(&t.school).copied(),
                })
            })
            .collect();
        Model {
            sections,
            movers,
            rule: rulebook.unit_rule,
            cmp,
            coverage,
        }
    }

    /// The section's worst (差异系数 / limit) and Σ squares now.
    pub fn section_objective(&self, si: usize) -> (f64, f64) {
        let s = &self.sections[si];
        s.tracked.iter().fold((0.0, 0.0), |(worst, sq), k| {
            let r = k.ratio(k.var);
            (worst.max(r), sq + r * r)
        })
    }

    /// Σ over sections of the worst (差异系数 / limit), and Σ of all squares.
    pub fn objective(&self) -> (f64, f64) {
        (0..self.sections.len()).fold((0.0, 0.0), |(w, q), si| {
            let (sw, sq) = self.section_objective(si);
            (w + sw, q + sq)
        })
    }

    /// The change moving mover `m` to unit `v` of its section would make, or `None` if it would
    /// widen any teacher indicator's 差异系数 beyond where the plan started.
    pub fn delta(&self, m: usize, v: usize) -> Option<Delta> {
        let mover = &self.movers[m];
        let a = &mover.amounts;
        self.delta_flows(mover.section, &[(mover.unit, a, -1.0), (v, a, 1.0)])
    }

    /// The change of a pair of moves: mover `a` to unit `v`, and mover `b` (of any other unit;
    /// of `v` for an exchange) to `a`'s unit — `None` if it would widen any teacher
    /// indicator's 差异系数 beyond the start.
    pub fn delta_pair(&self, a: usize, v: usize, b: usize) -> Option<Delta> {
        self.delta_flows(self.movers[a].section, &self.pair_flows(a, v, b))
    }

    /// The flows of a pair of moves: a from its unit to `v`, b from its unit to a's.
    fn pair_flows(&self, a: usize, v: usize, b: usize) -> [Flow<'_>; 4] {
        let (ma, mb) = (&self.movers[a], &self.movers[b]);
        [
            (ma.unit, &ma.amounts, -1.0),
            (v, &ma.amounts, 1.0),
            (mb.unit, &mb.amounts, -1.0),
            (ma.unit, &mb.amounts, 1.0),
        ]
    }

    /// The change of amounts flowing between units of section `si`: (unit, amounts per
    /// tracked indicator, +1 arriving / −1 leaving). With δ_w the value change of unit w and
    /// m the mean (which Σ_w s_w δ_w = 0 keeps), Δvar = Σ_w s_w δ_w (2 (x_w − m) + δ_w) / S.
    fn delta_flows(&self, si: usize, flows: &[Flow<'_>]) -> Option<Delta> {
        let s = &self.sections[si];
        let (mut worst_before, mut worst_after, mut squares) = (0.0f64, 0.0f64, 0.0);
        for (t, k) in s.tracked.iter().enumerate() {
            let before = k.ratio(k.var);
            worst_before = worst_before.max(before);
            if flows.iter().all(|(_, a, _)| a[t] == 0.0) {
                worst_after = worst_after.max(before);
                continue;
            }
            let x = &s.values[k.indicator];
            let mut change = 0.0;
            for (i, &(w, _, _)) in flows.iter().enumerate() {
                if flows[..i].iter().any(|f| f.0 == w) {
                    continue;
                }
                let delta: f64 = flows
                    .iter()
                    .filter(|f| f.0 == w)
                    .map(|(_, a, sign)| sign * a[t])
                    .sum::<f64>()
                    / s.students[w];
                if x[w] + delta < -1e-9 {
                    // The statistics count fewer such teachers than the roster: never below 0.
                    return None;
                }
                change += s.students[w] * delta * (2.0 * (x[w] - k.mean) + delta);
            }
            let var = k.var + change / s.total;
            if var > k.var_start * (1.0 + VAR_SLACK) + f64::MIN_POSITIVE {
                return None;
            }
            let after = k.ratio(var);
            worst_after = worst_after.max(after);
            squares += after * after - before * before;
        }
        Some(Delta {
            worst: worst_after - worst_before,
            squares,
        })
    }

    /// Whether mover `m`'s unit still passes the unit rule without the mover's counts. A unit
    /// that failed at the start is never a source.
    pub fn source_keeps_passing(&self, m: usize) -> bool {
        let mover = &self.movers[m];
        let s = &self.sections[mover.section];
        s.passes_start[mover.unit]
            && self.passes(
                mover.section,
                mover.unit,
                &[(mover.unit, &mover.amounts, -1.0)],
            )
    }

    /// Whether the units of a pair of moves (a to `v`, b to a's unit) keep their verdicts: a
    /// unit that passed still passes, and a unit that failed loses nothing (failing units never
    /// give teachers away).
    pub fn pair_keeps_passing(&self, a: usize, v: usize, b: usize) -> bool {
        let si = self.movers[a].section;
        let s = &self.sections[si];
        let flows = self.pair_flows(a, v, b);
        let units = [flows[0].0, flows[1].0, flows[2].0];
        units.iter().enumerate().all(|(i, &w)| {
            if units[..i].contains(&w) {
                return true;
            }
            if s.passes_start[w] {
                return self.passes(si, w, &flows);
            }
            (0..s.tracked.len()).all(|t| {
                let at_w = flows.iter().filter(|f| f.0 == w);
                at_w.map(|(_, a, sign)| sign * a[t]).sum::<f64>() >= 0.0
            })
        })
    }

    /// Whether unit `u` passes the unit rule now, with those of `flows` that reach it applied.
    fn passes(&self, si: usize, u: usize, flows: &[Flow<'_>]) -> bool {
        let s = &self.sections[si];
        let (Some(rule), Some(standards)) = (self.rule, s.standards.as_ref()) else {
            return true;
        };
        let values = standards.iter().enumerate().map(|(i, &standard)| {
            let mut value = s.values[i][u];
            if let Some(t) = s.tracked.iter().position(|k| k.indicator == i) {
                let at_u = flows.iter().filter(|f| f.0 == u);
                value += at_u.map(|(_, a, sign)| sign * a[t]).sum::<f64>() / s.students[u];
            }
            (value, standard)
        });
        self.cmp.judge(&rule, values).1
    }

    /// Whether the mover's leaving keeps their school's subject and PE/arts coverage.
    pub fn coverage_kept(&self, m: usize) -> bool {
        let mover = &self.movers[m];
        let t = mover.teacher;
        let key = (t.school.clone(), t.section, t.subject.clone());
        self.coverage.get(&key).copied().unwrap_or(0) >= 2
            && (!t.pe_arts || self.sections[mover.section].pe_arts[mover.unit] >= 2)
    }

    /// Moves mover `m` to unit `v` (`sign` = 1) or back (`sign` = −1, after a move to `v`).
    pub fn shift(&mut self, m: usize, v: usize, sign: f64) {
        let mover = &self.movers[m];
        let (si, u) = (mover.section, mover.unit);
        let (from, to) = if sign > 0.0 { (u, v) } else { (v, u) };
        let s = &mut self.sections[si];
        for (k, &a) in s.tracked.iter_mut().zip(&mover.amounts) {
            if a == 0.0 {
                continue;
            }
            let x = &mut s.values[k.indicator];
            x[from] -= a / s.students[from];
            x[to] += a / s.students[to];
            k.var = variance(x, &s.students, k.mean, s.total);
        }
        // Coverage counts a school's own teachers only: an arriving teacher leaves again when
        // the term ends, so they never let the last own teacher of a subject go.
        let t = mover.teacher;
        let own = if sign > 0.0 { -1 } else { 1 };
        s.pe_arts[u] += own * i32::from(t.pe_arts);
        *self
            .coverage
            .entry((t.school.clone(), t.section, t.subject.clone()))
            .or_default() += own;
    }

    /// Whether every unit that passed at the start still passes (for checking a finished set).
    pub fn all_pass_that_passed(&self) -> bool {
        self.sections.iter().enumerate().all(|(si, s)| {
            (0..s.codes.len()).all(|u| !s.passes_start[u] || self.passes(si, u, &[]))
        })
    }

    /// Whether every unit that failed at the start has at least what it had of every teacher
    /// indicator (failing units never give teachers away on balance).
    pub fn failing_units_kept(&self) -> bool {
        self.sections.iter().all(|s| {
            s.tracked.iter().all(|k| {
                let (now, start) = (&s.values[k.indicator], &s.values_start[k.indicator]);
                (0..s.codes.len()).all(|u| s.passes_start[u] || now[u] >= start[u] - 1e-12)
            })
        })
    }

    /// Whether every teacher indicator is within its starting variance.
    pub fn no_wider(&self) -> bool {
        self.sections.iter().all(|s| {
            s.tracked
                .iter()
                .all(|k| k.var <= k.var_start * (1.0 + VAR_SLACK) + f64::MIN_POSITIVE)
        })
    }
}

/// Σ sᵢ (xᵢ − m)² / S.
pub(super) fn variance(values: &[f64], students: &[f64], mean: f64, total: f64) -> f64 {
    values
        .iter()
        .zip(students)
        .map(|(x, s)| s * (x - mean) * (x - mean))
        .sum::<f64>()
        / total
}

/// How many of a quantity one teacher's counts hold.
/// Whether every teacher count of `record`'s `section` can grow by `n` and still fit a `u32`.
fn has_room(record: &SchoolRecord, section: Section, n: usize) -> bool {
    record.section(section).is_some_and(|st| {
        [
            st.teachers,
            st.qualified_teachers,
            st.backbone_teachers,
            st.pe_arts_teachers,
            st.intermediate_title_teachers,
        ]
        .into_iter()
        .all(|c| u64::from(c) + n as u64 <= u64::from(u32::MAX))
    })
}

pub(super) fn count_of(c: Counts, q: Quantity) -> u32 {
    match q {
        Quantity::Teachers => c.teachers,
        Quantity::QualifiedTeachers => c.qualified,
        Quantity::BackboneTeachers => c.backbone,
        Quantity::PeArtsTeachers => c.pe_arts,
        Quantity::IntermediateTitleTeachers => c.intermediate,
        _ => 0,
    }
}

/// Great-circle distance in km (WGS-84 mean radius).
pub(super) fn distance_km(a: Location, b: Location) -> f64 {
    let (la1, la2) = (a.latitude.to_radians(), b.latitude.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.longitude - a.longitude).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6_371.008_8 * h.sqrt().min(1.0).asin()
}
