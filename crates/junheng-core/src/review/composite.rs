//! The 捆绑 composite of a group (`domain/practices.md` §1.6): level, floor, lift and gap of its
//! members, and one row per member.

use serde::{Deserialize, Serialize};

use super::blend;
use super::members::{CompositeError, GroupInput, MemberInput, check};
use super::settings::{CompositeSettings, GapMeasure};
use crate::evaluate::weighted_cv;

/// The four parts of the composite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    /// `G_level`: the enrolment-weighted mean of the members' totals.
    Level,
    /// `G_floor`: the lowest member total.
    Floor,
    /// `G_lift`: the mean improvement of the non-core members, scaled.
    Lift,
    /// `G_gap`: how much the within-group gap narrowed since the baseline, scaled.
    Gap,
}

impl ComponentKind {
    /// The four, in formula order.
    pub const ALL: [ComponentKind; 4] = [
        ComponentKind::Level,
        ComponentKind::Floor,
        ComponentKind::Lift,
        ComponentKind::Gap,
    ];

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            ComponentKind::Level => "整体水平",
            ComponentKind::Floor => "底部成员",
            ComponentKind::Lift => "成员校提升",
            ComponentKind::Gap => "校际差距缩小",
        }
    }
}

/// One part of the composite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    /// Which part.
    pub kind: ComponentKind,
    /// Its weight in the settings.
    pub weight: f64,
    /// Its share of `G` as used: renormalised over the parts available; 0 when 未接入.
    pub weight_used: f64,
    /// What was measured: the level, the floor, the mean improvement in points, the narrowing of
    /// the gap (baseline − now).
    pub raw: Option<f64>,
    /// Its score on 0–100, `None` when 未接入.
    pub score: Option<f64>,
    /// Why it is 未接入.
    pub unconnected: Option<String>,
}

/// The within-group gap now and at the baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapDetail {
    /// The measure used.
    pub measure: GapMeasure,
    /// The gap this year.
    pub now: Option<f64>,
    /// The baseline's year.
    pub baseline_year: Option<i32>,
    /// The gap that year.
    pub baseline: Option<f64>,
}

/// One member in the composite: a group cannot hide a failing member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberRow<K> {
    /// The member's key.
    pub unit: K,
    /// 学校名称.
    pub name: String,
    /// 在校生数.
    pub students: u64,
    /// Whether it is the core.
    pub core: bool,
    /// Its total this year.
    pub value: Option<f64>,
    /// Its total last year.
    pub last_year: Option<f64>,
    /// `value − last_year`.
    pub change: Option<f64>,
    /// Whether it is the weakest member (the floor).
    pub weakest: bool,
    /// Whether its improvement counts in `G_lift`.
    pub in_lift: bool,
}

/// The 捆绑 composite of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupComposite<K> {
    /// 集团名称.
    pub name: String,
    /// The reviewed year.
    pub year: i32,
    /// `G` (0–100), `None` when every part is 未接入.
    pub value: Option<f64>,
    /// The four parts, in formula order.
    pub components: Vec<Component>,
    /// The parts that are 未接入.
    pub unconnected: Vec<ComponentKind>,
    /// The gap behind `G_gap`.
    pub gap: GapDetail,
    /// One row per member, in the order given.
    pub members: Vec<MemberRow<K>>,
}

impl<K> GroupComposite<K> {
    /// The part of a kind.
    pub fn component(&self, kind: ComponentKind) -> Option<&Component> {
        self.components.iter().find(|c| c.kind == kind)
    }

    /// The weakest member's row.
    pub fn weakest(&self) -> Option<&MemberRow<K>> {
        self.members.iter().find(|m| m.weakest)
    }
}

/// `50 + 50 · x / full`, clamped to 0–100: no change scores 50, `full` scores 100, `−full` 0.
pub(super) fn scale(x: f64, full: f64) -> f64 {
    (50.0 + 50.0 * x / full).clamp(0.0, 100.0)
}

/// The enrolment-weighted mean of `(students, value)`, `None` when no student counts.
fn weighted_mean(points: impl Iterator<Item = (u64, f64)>) -> Option<f64> {
    let (weights, values): (Vec<f64>, Vec<f64>) = points.map(|(s, v)| (s as f64, v)).unzip();
    (weights.iter().sum::<f64>() > 0.0).then(|| weighted_cv(&values, &weights).mean)
}

/// The within-group gap of members given as `(students, core, value)`, with the reason it cannot
/// be measured.
pub(super) fn gap_of(
    measure: GapMeasure,
    points: &[(u64, bool, f64)],
) -> Result<f64, &'static str> {
    match measure {
        GapMeasure::CoreMinusRest { .. } => {
            let side = |core: bool| {
                let mean = weighted_mean(points.iter().filter(|p| p.1 == core).map(|p| (p.0, p.2)));
                mean.ok_or(if core {
                    "未指定核心校（或核心校无数值）"
                } else {
                    "没有有数值的非核心成员校"
                })
            };
            Ok(side(true)? - side(false)?)
        }
        GapMeasure::Cv { .. } => {
            let (values, weights): (Vec<f64>, Vec<f64>) =
                points.iter().map(|p| (p.2, p.0 as f64)).unzip();
            weighted_cv(&values, &weights)
                .cv
                .ok_or("成员校均值为 0 或没有成员校数值，差异系数不可计算")
        }
    }
}

/// The 捆绑 composite of a group:
///
/// * `G_level` = Σ studentsᵢ · totalᵢ / Σ studentsᵢ over the members with a total;
/// * `G_floor` = the lowest member total (its row is marked `weakest`);
/// * `G_lift` = `50 + 50 · Δ̄ / lift_full`, clamped to 0–100, where Δ̄ is the plain mean (each
///   school once) of `total − last_year` over the non-core members having both: 持平 scores 50,
///   an improvement of `lift_full` points 100; 未接入 without any last-year total;
/// * `G_gap` = `50 + 50 · (gap_baseline − gap_now) / full`, clamped, where the gap is the core's
///   total minus the enrolment-weighted mean of the non-core members' (or the enrolment-weighted
///   差异系数 of all members, [`GapMeasure`]); 未接入 without a baseline, in the baseline year
///   itself, or when the gap cannot be measured in either year;
/// * `G = Σ w_c · G_c / Σ w_c` over the parts available (weights renormalised).
///
/// ```
/// use junheng_core::review::{CompositeSettings, GroupInput, MemberInput, composite};
/// let member = |unit: u32, students, core, value, last_year| MemberInput {
///     unit, name: format!("成员{unit}"), students, core, value: Some(value), last_year: Some(last_year),
/// };
/// let input = GroupInput {
///     name: "城南教育集团".into(), year: 2025, baseline: None,
///     members: vec![member(1, 1000, true, 90.0, 88.0), member(2, 500, false, 70.0, 66.0),
///                   member(3, 500, false, 60.0, 60.0)],
/// };
/// let g = composite(&CompositeSettings::default(), &input).unwrap();
/// // Level (90·1000 + 70·500 + 60·500) / 2000 = 77.5, floor 60, lift 50 + 50·2/10 = 60,
/// // gap 未接入 (no baseline): G = (0.3·77.5 + 0.2·60 + 0.3·60) / 0.8.
/// assert!((g.value.unwrap() - (0.3 * 77.5 + 0.2 * 60.0 + 0.3 * 60.0) / 0.8).abs() < 1e-9);
/// assert!(g.members[2].weakest);
/// ```
pub fn composite<K: Clone + Eq + std::hash::Hash + std::fmt::Display>(
    settings: &CompositeSettings,
    input: &GroupInput<K>,
) -> Result<GroupComposite<K>, CompositeError> {
    settings.validate()?;
    check(input)?;
    let members = &input.members;
    let valued: Vec<&MemberInput<K>> = members.iter().filter(|m| m.value.is_some()).collect();
    let value = |m: &MemberInput<K>| m.value.unwrap_or(0.0);

    let level = weighted_mean(valued.iter().map(|m| (m.students, value(m))));
    // The first of equal lowest totals.
    let weakest = valued
        .iter()
        .min_by(|a, b| value(a).total_cmp(&value(b)))
        .map(|m| m.unit.clone());
    let floor = valued.iter().map(|m| value(m)).min_by(f64::total_cmp);

    let in_lift = |m: &MemberInput<K>| !m.core && m.value.is_some() && m.last_year.is_some();
    let changes: Vec<f64> = members
        .iter()
        .filter(|m| in_lift(m))
        .map(|m| value(m) - m.last_year.unwrap_or(0.0))
        .collect();
    let lift = (!changes.is_empty()).then(|| changes.iter().sum::<f64>() / changes.len() as f64);

    let now_points: Vec<(u64, bool, f64)> = valued
        .iter()
        .map(|m| (m.students, m.core, value(m)))
        .collect();
    let gap_now = gap_of(settings.gap, &now_points);
    let gap_base = match &input.baseline {
        None => Err("没有基线年（集团组建年或指定基线年）的数据"),
        Some(b) if b.year == input.year => Err("考核年即基线年，尚无可比较的变化"),
        Some(b) => {
            let points: Vec<_> = b
                .members
                .iter()
                .map(|m| (m.students, m.core, m.value))
                .collect();
            gap_of(settings.gap, &points)
        }
    };
    let narrowing = match (gap_base, gap_now) {
        (Ok(base), Ok(now)) => Ok(base - now),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };

    let w = settings.weights;
    let no_member = "没有有考核总分的成员校";
    let parts = [
        (
            w.level,
            level.ok_or(if valued.is_empty() {
                no_member
            } else {
                "有考核总分的成员校在校生数合计为 0"
            }),
            level,
        ),
        (w.floor, floor.ok_or(no_member), floor),
        (
            w.lift,
            lift.ok_or("没有同时有本年和上年考核总分的非核心成员校"),
            lift.map(|d| scale(d, settings.lift_full)),
        ),
        (
            w.gap,
            narrowing,
            narrowing.ok().map(|n| scale(n, settings.gap.full())),
        ),
    ];
    let blended = blend(&parts.map(|(w, _, s)| (w, s)));
    let components = ComponentKind::ALL
        .iter()
        .zip(parts)
        .zip(&blended.used)
        .map(|((&kind, (weight, raw, score)), &weight_used)| Component {
            kind,
            weight,
            weight_used,
            raw: raw.ok(),
            score,
            unconnected: raw.err().map(|e| format!("未接入：{e}")),
        })
        .collect::<Vec<_>>();
    Ok(GroupComposite {
        name: input.name.trim().to_owned(),
        year: input.year,
        value: blended.value,
        unconnected: components
            .iter()
            .filter(|c| c.score.is_none())
            .map(|c| c.kind)
            .collect(),
        components,
        gap: GapDetail {
            measure: settings.gap,
            now: gap_now.ok(),
            baseline_year: input.baseline.as_ref().map(|b| b.year),
            baseline: gap_base.ok(),
        },
        members: members
            .iter()
            .map(|m| MemberRow {
                unit: m.unit.clone(),
                name: m.name.clone(),
                students: m.students,
                core: m.core,
                value: m.value,
                last_year: m.last_year,
                change: m.value.zip(m.last_year).map(|(v, l)| v - l),
                weakest: weakest.as_ref() == Some(&m.unit),
                in_lift: in_lift(m),
            })
            .collect(),
    })
}
