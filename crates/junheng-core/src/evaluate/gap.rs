//! What closes a failing unit's gaps, in the units people act on.

use serde::Serialize;

use crate::rulebook::{Indicator, Policy, Quantity, UnitRule};

use super::compare::Comparator;
use super::units::Unit;

/// What a gap is closed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapTarget {
    /// The indicator's standard.
    Standard,
    /// The floor of the unit rule (e.g. 85 % of the standard).
    Floor,
}

/// One addition that brings one indicator of a unit to a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Index of the indicator in the rulebook (and in the section's results).
    #[serde(skip)]
    pub indicator: usize,
    /// Standard or floor.
    pub target: GapTarget,
    /// The unit's value now.
    pub value: f64,
    /// The value to reach.
    pub target_value: f64,
    /// What to add.
    pub quantity: Quantity,
    /// How much to add to the whole school, in the quantity's action unit (名, ㎡, 万元, 间 …),
    /// the smallest amount on the action step that reaches the target.
    pub amount: f64,
    /// The unit's share of the school's facilities when the quantity is apportioned.
    pub facility_share: f64,
    /// The indicator's value after the addition.
    pub value_after: f64,
}

impl Gap {
    /// The gap in one Chinese sentence, e.g. "需增加骨干教师 2 名".
    pub fn describe(&self, policy: &Policy) -> String {
        let label = self.quantity.label(policy);
        let amount = format_amount(self.amount, self.quantity);
        let unit = self.quantity.action_unit();
        let target = match self.target {
            GapTarget::Standard => "达到标准",
            GapTarget::Floor => "达到标准的最低比例",
        };
        let main = match self.quantity {
            Quantity::TeachingRoomArea | Quantity::SportsArea | Quantity::EquipmentValue => {
                format!("{label}缺口 {amount} {unit}")
            }
            _ => format!("需增加{label} {amount} {unit}"),
        };
        if self.quantity.is_facility() && self.facility_share < 1.0 {
            format!(
                "{main}（全校增加，按 {:.1}% 分摊到本学段后{target}）",
                self.facility_share * 100.0
            )
        } else {
            format!("{main}（{target}）")
        }
    }
}

/// An amount in its action unit, without trailing zeros: "2", "340", "12.6".
pub fn format_amount(amount: f64, quantity: Quantity) -> String {
    let step = quantity.action_step();
    if step >= 1.0 {
        format!("{amount:.0}")
    } else {
        let text = format!("{amount:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// The smallest addition, on the quantity's action step, that makes the indicator reach
/// `target` under `cmp`. Returns (amount in action units, value after).
pub(crate) fn addition(
    unit: &Unit<'_>,
    current_amount: f64,
    indicator: &Indicator,
    target: f64,
    cmp: &Comparator,
) -> (f64, f64) {
    let q = indicator.quantity;
    let students = unit.students as f64;
    let share = if q.is_facility() {
        unit.facility_share
    } else {
        1.0
    };
    let base_per_action = q.base_per_action_unit() * share;
    let value_after =
        |action: f64| indicator.per * (current_amount + action * base_per_action) / students;
    let current = value_after(0.0);
    if cmp.meets(current, target) {
        return (0.0, current);
    }
    let step = q.action_step();
    let needed_base = target * students / indicator.per - current_amount;
    let mut steps = (needed_base / base_per_action / step).ceil().max(1.0);
    // Floating error can put the estimate one step off either way: settle on the smallest
    // number of steps that the comparator accepts.
    while steps > 1.0 && cmp.meets(value_after((steps - 1.0) * step), target) {
        steps -= 1.0;
    }
    while !cmp.meets(value_after(steps * step), target) {
        steps += 1.0;
    }
    let amount = steps * step;
    (amount, value_after(amount))
}

/// The smallest set of additions that makes a failing unit pass the unit rule: every unmet
/// indicator below the floor is raised to the floor, and of the unmet ones the
/// `min_met − met` closest to their standard (smallest relative shortfall) are raised to it.
pub(crate) fn unit_gaps(
    unit: &Unit<'_>,
    values: &[f64],
    amounts: &[f64],
    indicators: &[Indicator],
    rule: &UnitRule,
    cmp: &Comparator,
) -> Vec<Gap> {
    let standard = |i: usize| {
        indicators[i]
            .standard
            .map(|s| s.of(unit.section))
            .unwrap_or(0.0)
    };
    let mut unmet: Vec<usize> = (0..indicators.len())
        .filter(|&i| !cmp.meets(values[i], standard(i)))
        .collect();
    let met = indicators.len() - unmet.len();
    let to_standard = rule.min_met.saturating_sub(met);
    unmet.sort_by(|&a, &b| {
        let short = |i: usize| 1.0 - values[i] / standard(i);
        short(a).total_cmp(&short(b)).then(a.cmp(&b))
    });
    let mut gaps = Vec::new();
    for (rank, &i) in unmet.iter().enumerate() {
        let (target, target_value) = if rank < to_standard {
            (GapTarget::Standard, standard(i))
        } else {
            let floor = standard(i) * rule.floor_ratio;
            if cmp.meets(values[i], floor) {
                continue;
            }
            (GapTarget::Floor, floor)
        };
        let (amount, value_after) = addition(unit, amounts[i], &indicators[i], target_value, cmp);
        gaps.push(Gap {
            indicator: i,
            target,
            value: values[i],
            target_value,
            quantity: indicators[i].quantity,
            amount,
            facility_share: unit.facility_share,
            value_after,
        });
    }
    gaps
}
