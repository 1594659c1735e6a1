//! The annual 综合考核 of education groups and schools: a configurable rubric, each unit's
//! scores and total, the 捆绑 composite of a group (`domain/practices.md` §1.6), the 三线 of the
//! results with their history (§1.4, through [`crate::bands`]) and the 集而不团 warning.
//!
//! No national text sets how a district reviews its groups and schools each year: the rubric,
//! the composite and the warning are a **proposed design, local practice [L]**, and every number
//! in them is a setting ([`ReviewSettings`]; each default is documented where it is defined).
//!
//! Nothing is ever made up. An item whose source has nothing for the unit (no resource
//! evaluation, no exam scores in the year) or that nobody has scored is **未接入**: its weight becomes 0 and the others are renormalised, and the
//! result lists which items were 未接入 and the weights actually used. The composite's parts
//! follow the same rule.
//!
//! The flow of one year:
//!
//! 1. [`school_resource_score`] / [`group_resource_score`] read the resource item from the
//!    evaluation and the bundled evaluation; [`QualityScore`] the quality item from 质量监测;
//! 2. [`score`] scores each school (and each group as a unit) on the [`Rubric`];
//! 3. [`composite`] bundles each group's members' totals into `G`, with a row per member;
//! 4. [`place_reviews`] places the schools' totals and the groups' `G` in the 三线, with the
//!    earlier years' placements ([`past_period`]) for baselines and escalation;
//! 5. [`cohesion`] warns of 集而不团, and [`core_gap`] of a core school's lead in quality not
//!    narrowing.
//!
//! ```
//! use std::collections::BTreeMap;
//! use junheng_core::review::*;
//! let settings = ReviewSettings::default();
//! let manual = |s: f64| ManualScores { scores: [(Scorer::District, s)].into(), evidence: true };
//! let totals: BTreeMap<u32, UnitReview> = [(1, 92.0), (2, 80.0), (3, 55.0)]
//!     .into_iter()
//!     .map(|(unit, s)| {
//!         let input = UnitInput { manual: [("management".into(), manual(s))].into(), ..UnitInput::default() };
//!         (unit, score(&settings.rubric, &input).unwrap())
//!     })
//!     .collect();
//! assert_eq!(totals[&3].total, Some(55.0)); // the only item scored
//! let schools = place_reviews(&settings.bands, &totals, &[]).unwrap();
//! let members = totals.iter().map(|(&unit, r)| MemberInput {
//!     unit, name: format!("学校{unit}"), students: 600, core: unit == 1,
//!     value: r.total, last_year: None,
//! }).collect();
//! let input = GroupInput { name: "城东教育集团".into(), year: 2025, members, baseline: None };
//! let g = composite(&settings.composite, &input).unwrap();
//! assert_eq!(g.unconnected, [ComponentKind::Lift, ComponentKind::Gap]);
//! let series = MeasureSeries { measure: "考核总分".into(), years: vec![MeasureYear::totals(&g)] };
//! let check = cohesion(&settings.cohesion, &g, &series, Some(&schools)).unwrap();
//! assert!(check.warnings.iter().all(|w| !w.sentence.is_empty()));
//! ```

mod cohesion;
mod composite;
mod members;
mod quality;
mod resource;
mod rubric;
mod score;
mod settings;
mod standing;

#[cfg(test)]
mod cohesion_tests;
#[cfg(test)]
mod composite_tests;
#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use cohesion::{
    Cohesion, CohesionError, CohesionWarning, MeasureSeries, MeasureYear, SpreadYear,
    WarningDetail, cohesion,
};
pub use composite::{Component, ComponentKind, GapDetail, GroupComposite, MemberRow, composite};
pub use members::{Baseline, CompositeError, GroupInput, MemberInput, MemberValue};
pub use quality::{CoreGapYear, QualityScore, core_gap};
pub use resource::{
    RESOURCE_SCORE_DEFINITION, ResourceScore, SectionTally, group_resource_score,
    school_resource_score,
};
pub use rubric::{
    EvidencePolicy, ItemSource, Rubric, RubricError, RubricItem, Scorer, ScorerWeight,
};
pub use score::{
    ItemResult, ManualScores, ScoreError, ScorerResult, Unconnected, UnitInput, UnitReview, score,
};
pub use settings::{
    CohesionSettings, CompositeSettings, CompositeWeights, GapMeasure, ReviewSettings,
    SettingsError,
};
pub use standing::{Measured, past_period, place_reviews};

/// A weighted mean over the parts that have a value, the weights renormalised over them.
struct Blend {
    /// `Σ wᵢ·vᵢ / Σ wᵢ` over the parts with a value (kept within their range), `None` when
    /// their weights sum to 0.
    value: Option<f64>,
    /// `wᵢ / Σ wⱼ` for a part with a value, 0 for one without; one per part.
    used: Vec<f64>,
}

/// Renormalises `(weight, value)` parts over those with a value. Weights are non-negative.
fn blend(parts: &[(f64, Option<f64>)]) -> Blend {
    let present: f64 = parts
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(w, _)| w)
        .sum();
    if present <= 0.0 {
        return Blend {
            value: None,
            used: vec![0.0; parts.len()],
        };
    }
    let used: Vec<f64> = parts
        .iter()
        .map(|&(w, v)| if v.is_some() { w / present } else { 0.0 })
        .collect();
    let values = || parts.iter().filter_map(|&(w, v)| v.filter(|_| w > 0.0));
    let lo = values().fold(f64::INFINITY, f64::min);
    let hi = values().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = parts
        .iter()
        .filter_map(|&(w, v)| v.map(|x| w * x))
        .sum::<f64>();
    // Rounding may step a hair outside the values mixed; a mean never does.
    Blend {
        value: Some((sum / present).clamp(lo, hi)),
        used,
    }
}
