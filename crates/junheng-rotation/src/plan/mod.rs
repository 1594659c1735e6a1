//! The rotation planner: which eligible teachers to move where so that the year's quota is met
//! and the teacher indicators' 差异系数 narrow as far as possible.
//!
//! **Objective.** For each section, the worst ratio 差异系数 / limit over the teacher indicators;
//! the plan minimises the sum over sections, then Σ of all squared ratios (which keeps narrowing
//! the other teacher indicators once the worst cannot move).
//!
//! **Constraints.** Only eligible teachers not already rotating move, each at most once, within
//! their 学段 to another school of the same section (of the group, when one is given; within
//! `max_km` when both schools have coordinates). A school keeps at least one of its own
//! teachers of every subject it has, and one PE/arts teacher if it had one. No unit that passes
//! the 6-of-7 rule may fail it after the moves, a unit that fails never ends with less of any
//! teacher indicator than it had (it may take part in exchanges that leave it whole), and no
//! teacher indicator's 差异系数 may end wider than before. The quota (rotated ≥ share ×
//! eligible; 骨干 ≥ share × base) of the scope must be met within `max_moves` (by default the
//! fewest moves that can meet it).
//!
//! **Algorithm.** Every move is scored exactly in O(indicators) (see `model`): a move keeps
//! each section's totals, hence the means, so only the two units' terms of the weighted
//! variance change. Interchangeable teachers (same unit, school and counts) form classes; per
//! count vector the targets are ranked by their exact share of the change of Σ squares, and
//! the best few allowed ones are scored exactly. Several greedy descents run — improving
//! first (keeping room for the quota), quota first, improving also by pairs of moves (an
//! exchange between two schools, or a chain where a second teacher replaces what the first
//! takes away), and splits of the move budget between the sections chosen from each section's
//! own descent — each completed by quota filling (the least harmful moves, like-for-like
//! exchanges when no single move fits). The best run (quota met, then lowest objective) is
//! polished: each move in turn is replaced by the best single move, or on short plans by the
//! best pair, when that lowers the objective. Ties break by distance, then by teacher and
//! school order, so the same input gives the same plan.
//!
//! **Quality.** On small instances an exhaustive search (`plan_exhaustive`) gives the optimum
//! under the same constraints; `cargo bench -p junheng-rotation --bench plan` reports the gap.

mod greedy;
mod model;
mod search;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use junheng_core::evaluate::{EvaluateError, Evaluation, evaluate};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolCode, SchoolRecord, Section};

use crate::apply::{apply_ledger, transfer};
use crate::effect::{Effect, effect};
use crate::ledger::{Move, MoveKind};
use crate::quota::{Quota, rotation_year};
use crate::teacher::{BackboneLevel, Degree, Teacher, TeacherId};

use model::Model;
use search::{Moves, QuotaContext};

/// What to plan.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PlanOptions {
    /// 学年 the moves start in.
    pub year: i32,
    /// Plan inside this 教育集团 only (its quota, its schools).
    pub group: Option<String>,
    /// At most this many moves; by default the fewest that meet the quota (the moves the
    /// bureau has to make anyway, chosen to narrow the 差异系数 most).
    pub max_moves: Option<usize>,
    /// At most this far (km) between schools, when both have coordinates.
    pub max_km: Option<f64>,
}

/// The data a plan is made from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    /// School statistics (other years are ignored).
    pub records: &'a [SchoolRecord],
    /// The roster (other years are ignored).
    pub roster: &'a [Teacher],
    /// The whole ledger.
    pub ledger: &'a [Move],
    /// 教育集团 of each school in the year.
    pub groups: &'a BTreeMap<SchoolCode, String>,
    /// The rulebook (indicators, unit rule, limits, rotation rules).
    pub rulebook: &'a Rulebook,
}

/// Why no plan can be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// No statistics for the year.
    #[error("{0} 学年没有学校统计数据，请先导入")]
    NoRecords(i32),
    /// No roster for the year.
    #[error("{0} 学年没有教师花名册，请先导入")]
    NoRoster(i32),
    /// The group has no school.
    #[error("没有名为「{0}」的教育集团（本学年没有学校属于它）")]
    UnknownGroup(String),
    /// The statistics cannot be evaluated.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
}

/// One proposed move.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedMove {
    /// 教师编号.
    pub teacher: TeacherId,
    /// 学段.
    pub section: Section,
    /// 学科.
    pub subject: String,
    /// 学历.
    pub degree: Degree,
    /// 骨干级别.
    pub backbone: BackboneLevel,
    /// PE/arts teacher.
    pub pe_arts: bool,
    /// Years at the home school.
    pub years_at_school: i32,
    /// 调出学校.
    pub from: SchoolCode,
    /// Its name.
    pub from_name: String,
    /// 调入学校.
    pub to: SchoolCode,
    /// Its name.
    pub to_name: String,
    /// Distance in km, when both schools have coordinates.
    pub distance_km: Option<f64>,
}

/// The worst (差异系数 / limit) of a section's teacher indicators, before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SectionWorst {
    /// 学段.
    pub section: Section,
    /// Before.
    pub before: f64,
    /// After.
    pub after: f64,
}

/// A proposed rotation plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// What was asked.
    pub options: PlanOptions,
    /// Rulebook id and version.
    pub rulebook: String,
    /// Rulebook version.
    pub rulebook_version: String,
    /// "全区" or the group's name.
    pub scope: String,
    /// Eligible teachers of the scope who could move.
    pub candidates: usize,
    /// The moves, in the order chosen.
    pub moves: Vec<PlannedMove>,
    /// First and last school year of the proposed rotations.
    pub term: (i32, i32),
    /// The scope's quota with the ledger only.
    pub quota_before: Quota,
    /// The scope's quota with the plan.
    pub quota_after: Quota,
    /// Per section, the worst ratio before and after.
    pub worst: Vec<SectionWorst>,
    /// Σ sections' worst ratio before and after.
    pub objective: (f64, f64),
    /// The evaluation with the ledger (before) and with the plan too (after).
    pub effect: Effect,
    /// What the bureau should know (quota not reachable, distances unknown …), in Chinese.
    pub notes: Vec<String>,
}

impl Plan {
    /// The plan as ledger entries (交流, for the rulebook's term), to accept into the ledger.
    pub fn as_ledger(&self) -> Vec<Move> {
        self.moves
            .iter()
            .map(|m| Move {
                teacher: m.teacher.clone(),
                from: m.from.clone(),
                to: m.to.clone(),
                start_year: self.term.0,
                end_year: self.term.1,
                kind: MoveKind::Exchange,
            })
            .collect()
    }
}

/// What a search starts from: the year's statistics with the ledger applied, who is present
/// and who may move, and the scope's quota.
struct Prepared<'a> {
    base: Vec<SchoolRecord>,
    present: Vec<&'a Teacher>,
    movers: Vec<&'a Teacher>,
    quota: QuotaContext,
    scope: String,
}

/// Whether a school is in the plan's scope (its group, when one is asked).
fn in_scope(
    options: &PlanOptions,
    groups: &BTreeMap<SchoolCode, String>,
    code: &SchoolCode,
) -> bool {
    options
        .group
        .as_ref()
        .is_none_or(|g| groups.get(code) == Some(g))
}

fn prepare<'a>(input: &PlanInput<'a>, options: &PlanOptions) -> Result<Prepared<'a>, PlanError> {
    let year = options.year;
    let rules = input.rulebook.rotation;
    let records: Vec<SchoolRecord> = input
        .records
        .iter()
        .filter(|r| r.year == year)
        .cloned()
        .collect();
    if records.is_empty() {
        return Err(PlanError::NoRecords(year));
    }
    if !input.roster.iter().any(|t| t.year == year) {
        return Err(PlanError::NoRoster(year));
    }
    if let Some(g) = &options.group
        && !input.groups.values().any(|name| name == g)
    {
        return Err(PlanError::UnknownGroup(g.clone()));
    }
    let applied = apply_ledger(&records, input.roster, input.ledger, year, &rules);
    // Teachers the ledger has counted at a host school this year are not at home.
    let away: HashSet<&TeacherId> = applied.applied.iter().map(|a| &a.r#move.teacher).collect();
    let special = crate::special_schools(input.records, year);
    let ry = rotation_year(
        year,
        input.roster,
        input.ledger,
        input.groups,
        &special,
        &rules,
    );
    let scope_quota = match &options.group {
        None => ry.district,
        Some(g) => ry
            .groups
            .get(g)
            .copied()
            .unwrap_or(Quota::new(0, 0, 0, &rules)),
    };
    Ok(Prepared {
        present: ry
            .teachers
            .iter()
            .map(|s| s.teacher)
            .filter(|t| !away.contains(&t.id))
            .collect(),
        movers: ry
            .eligible_not_rotated(|code| in_scope(options, input.groups, code))
            .into_iter()
            .map(|s| s.teacher)
            .collect(),
        quota: QuotaContext {
            before: scope_quota,
            rules,
        },
        scope: options.group.clone().unwrap_or_else(|| "全区".to_owned()),
        base: applied.records,
    })
}

/// Prepares, evaluates the year once, builds the model and runs `search` on it (`None`: no
/// plan), then reports.
fn solve<'a>(
    input: &PlanInput<'a>,
    options: &PlanOptions,
    search: impl FnOnce(&mut Model<'a>, &[search::Class], QuotaContext) -> Option<Moves>,
) -> Result<Option<Plan>, PlanError> {
    let p = prepare(input, options)?;
    let before = evaluate(&p.base, input.rulebook)?;
    let scope = |code: &SchoolCode| in_scope(options, input.groups, code);
    let mut model = Model::new(&before, input.rulebook, &p.present, &p.movers, &scope);
    let classes = search::classes(&model, options.max_km);
    let start: Vec<f64> = (0..model.sections.len())
        .map(|s| model.section_objective(s).0)
        .collect();
    let Some(chosen) = search(&mut model, &classes, p.quota) else {
        return Ok(None);
    };
    finish(input, options, &p, &before, &model, &chosen, &start).map(Some)
}

/// Proposes a plan. `progress(done, total)` is called as the plan grows (moves chosen over
/// the runs of the search; `done` never decreases).
///
/// ```
/// use std::collections::BTreeMap;
/// use junheng_core::{demo, rulebook::Rulebook};
/// use junheng_rotation::{plan, synth, PlanInput, PlanOptions};
/// let records = demo::generate(&demo::DemoSpec { schools: 40, seed: 4, year: 2024 });
/// let roster = synth::roster(&records, 4);
/// let rulebook = Rulebook::builtin("cn-2017").unwrap();
/// let input = PlanInput { records: &records, roster: &roster, ledger: &[], groups: &BTreeMap::new(), rulebook: &rulebook };
/// let p = plan(&input, &PlanOptions { year: 2024, ..Default::default() }, &mut |_, _| {}).unwrap();
/// assert!(p.quota_after.met());
/// assert!(p.objective.1 <= p.objective.0 + 1e-12);
/// ```
pub fn plan(
    input: &PlanInput<'_>,
    options: &PlanOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Plan, PlanError> {
    let planned = solve(input, options, |model, classes, quota| {
        let max_moves = options
            .max_moves
            .unwrap_or_else(|| quota.fewest_moves(model.movers.len()));
        Some(greedy::greedy(model, classes, quota, max_moves, progress))
    })?;
    Ok(planned.expect("the greedy search always gives a plan"))
}

/// The best plan by exhaustive search, for measuring the greedy plan on small instances: the
/// same constraints, every set of at most `max_moves` moves (default 3). Returns `None` when no
/// set meets the quota. Exponential: keep movers × targets small.
pub fn plan_exhaustive(
    input: &PlanInput<'_>,
    options: &PlanOptions,
) -> Result<Option<Plan>, PlanError> {
    solve(input, options, |model, classes, quota| {
        let max_moves = options.max_moves.unwrap_or(3);
        let (chosen, _) = search::exhaustive(&mut model.clone(), classes, quota, max_moves)?;
        for &(m, v) in &chosen {
            model.shift(m, v, 1.0);
        }
        Some(chosen)
    })
}

/// The plan of the moves `chosen` (already applied to `model`): the moves with names and
/// distances, the evaluation after them against `before`, the quota and the notes.
fn finish(
    input: &PlanInput<'_>,
    options: &PlanOptions,
    p: &Prepared<'_>,
    before: &Evaluation<'_>,
    model: &Model<'_>,
    chosen: &[(usize, usize)],
    worst_before: &[f64],
) -> Result<Plan, PlanError> {
    let rules = input.rulebook.rotation;
    let names: HashMap<&SchoolCode, &str> =
        p.base.iter().map(|r| (&r.code, r.name.as_str())).collect();
    let mut after_records = p.base.clone();
    let index: HashMap<SchoolCode, usize> = after_records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.clone(), i))
        .collect();
    let mut moves = Vec::with_capacity(chosen.len());
    let mut backbone = 0;
    let mut unknown_distance = 0;
    for &(m, v) in chosen {
        let mover = &model.movers[m];
        let t = mover.teacher;
        let s = &model.sections[mover.section];
        let to = s.codes[v].clone();
        transfer(
            &mut after_records,
            &index,
            &t.school,
            &to,
            t.section,
            t.counts(),
        )
        .expect("the planner only proposes moves the statistics can carry");
        backbone += mover.counts.backbone;
        let distance_km = mover
            .location
            .zip(s.locations[v])
            .map(|(a, b)| model::distance_km(a, b));
        unknown_distance += usize::from(distance_km.is_none());
        moves.push(PlannedMove {
            teacher: t.id.clone(),
            section: t.section,
            subject: t.subject.clone(),
            degree: t.degree,
            backbone: t.backbone,
            pe_arts: t.pe_arts,
            years_at_school: t.years_at_school(options.year),
            from: t.school.clone(),
            from_name: names.get(&t.school).copied().unwrap_or_default().to_owned(),
            to_name: names.get(&to).copied().unwrap_or_default().to_owned(),
            to,
            distance_km,
        });
    }
    let after = evaluate(&after_records, input.rulebook)?;
    let quota_after = p.quota.quota(moves.len() as u32, backbone);
    let effect = effect(before, &after);
    let mut notes = Vec::new();
    let lifted = effect
        .units
        .iter()
        .filter(|u| u.passes_before == Some(false) && u.passes_after == Some(true))
        .count();
    if let (true, Some(rule)) = (lifted > 0, input.rulebook.unit_rule) {
        notes.push(format!(
            "方案使 {lifted} 个原未达标的评估单位达到单校标准（{}）。",
            rule.describe(input.rulebook.indicators.len())
        ));
    }
    if !quota_after.met() {
        notes.push(format!(
            "在现有约束下无法完成本学年交流比例：需交流 {} 人（其中骨干 {} 人），计划后共 {} 人（骨干 {} 人）。可放宽最多交流人数或距离限制，或检查符合条件教师名单。",
            quota_after.required,
            quota_after.backbone_required,
            quota_after.rotated,
            quota_after.backbone_rotated
        ));
    }
    if options.max_km.is_some() && unknown_distance > 0 {
        notes.push(format!(
            "{unknown_distance} 项交流涉及没有经纬度的学校，未能检查距离限制。"
        ));
    }
    if options.max_moves.is_none() && p.quota.before.met() {
        notes.push(
            "本学年交流比例已经达到；如需进一步缩小差异系数，请设定最多交流人数。".to_owned(),
        );
    }
    if model.movers.is_empty() {
        notes.push("范围内没有符合交流条件且本学年尚未交流的教师。".to_owned());
    }
    let worst = model
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| SectionWorst {
            section: s.section,
            before: worst_before[si],
            after: model.section_objective(si).0,
        })
        .collect();
    Ok(Plan {
        options: options.clone(),
        rulebook: input.rulebook.id.clone(),
        rulebook_version: input.rulebook.version.clone(),
        scope: p.scope.clone(),
        candidates: model.movers.len(),
        moves,
        term: (options.year, options.year + rules.term_years as i32 - 1),
        quota_before: p.quota.before,
        quota_after,
        worst,
        objective: (worst_before.iter().sum(), model.objective().0),
        effect,
        notes,
    })
}
