//! Before and after: how moving teachers changes the evaluation, per indicator and per unit.

use std::collections::HashMap;

use serde::Serialize;

use junheng_core::evaluate::Evaluation;
use junheng_core::school::{SchoolCode, Section};

/// One indicator of one section, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorChange {
    /// 学段.
    pub section: Section,
    /// Indicator id.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Short Chinese name.
    pub short: String,
    /// Whether the indicator counts teachers.
    pub teacher: bool,
    /// The 差异系数 limit it is held to (the composite limit in composite mode).
    pub limit: f64,
    /// 差异系数 before (`None`: not computable).
    pub cv_before: Option<f64>,
    /// 差异系数 after.
    pub cv_after: Option<f64>,
    /// Within its limit before (per-indicator mode).
    pub passes_before: Option<bool>,
    /// Within its limit after.
    pub passes_after: Option<bool>,
}

/// One unit (school or section of a school), before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitChange {
    /// 学段.
    pub section: Section,
    /// Unit id (code, or code-section).
    pub unit: String,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// Values per indicator before, in rulebook order.
    pub before: Vec<f64>,
    /// Values per indicator after.
    pub after: Vec<f64>,
    /// Passes the unit rule before.
    pub passes_before: Option<bool>,
    /// Passes the unit rule after.
    pub passes_after: Option<bool>,
}

impl UnitChange {
    /// Whether any value changed.
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// Whether the district passed before.
    pub passes_before: bool,
    /// Whether it passes after.
    pub passes_after: bool,
    /// Every indicator of every section.
    pub indicators: Vec<IndicatorChange>,
    /// Every unit present in both evaluations, in the evaluation's order.
    pub units: Vec<UnitChange>,
}

/// Compares two evaluations of the same year and rulebook (units matched by id within a
/// section).
pub fn effect(before: &Evaluation<'_>, after: &Evaluation<'_>) -> Effect {
    let mut indicators = Vec::new();
    let mut units = Vec::new();
    for b in &before.sections {
        let Some(a) = after.sections.iter().find(|a| a.section == b.section) else {
            continue;
        };
        for (ib, ia) in b.indicators.iter().zip(&a.indicators) {
            indicators.push(IndicatorChange {
                section: b.section,
                id: ib.id.clone(),
                name: ib.name.clone(),
                short: ib.short.clone(),
                teacher: !ib.quantity.is_facility(),
                limit: ib
                    .cv_max
                    .or(b.composite.as_ref().map(|c| c.cv_max))
                    .unwrap_or(f64::NAN),
                cv_before: ib.spread.cv,
                cv_after: ia.spread.cv,
                passes_before: ib.passes,
                passes_after: ia.passes,
            });
        }
        let position: HashMap<String, usize> = a
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id(), i))
            .collect();
        for (ub, unit) in b.units.iter().enumerate() {
            let Some(&ua) = position.get(&unit.id()) else {
                continue;
            };
            units.push(UnitChange {
                section: b.section,
                unit: unit.id(),
                school: unit.school_code().clone(),
                name: unit.name().to_owned(),
                before: b.values.iter().map(|col| col[ub]).collect(),
                after: a.values.iter().map(|col| col[ua]).collect(),
                passes_before: b.verdicts[ub].passes,
                passes_after: a.verdicts[ua].passes,
            });
        }
    }
    Effect {
        passes_before: before.passes,
        passes_after: after.passes,
        indicators,
        units,
    }
}
