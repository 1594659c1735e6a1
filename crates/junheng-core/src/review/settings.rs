//! The settings of the annual review, as a district's TOML settings hold them.

use serde::{Deserialize, Serialize};

use super::composite::ComponentKind;
use super::rubric::{Rubric, RubricError};
use crate::bands::{BandPolicy, PolicyError};

/// The weights `w1…w4` of `G = w1·G_level + w2·G_floor + w3·G_lift + w4·G_gap`.
///
/// Default 0.3 / 0.2 / 0.3 / 0.2, the proposal of `domain/practices.md` §1.6 — **local practice
/// [L]**, no published rule. They need not sum to 1: `G` divides by the sum of the weights of
/// the parts available.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompositeWeights {
    /// `w1`, of `G_level`.
    pub level: f64,
    /// `w2`, of `G_floor`.
    pub floor: f64,
    /// `w3`, of `G_lift`.
    pub lift: f64,
    /// `w4`, of `G_gap`.
    pub gap: f64,
}

impl Default for CompositeWeights {
    fn default() -> Self {
        CompositeWeights {
            level: 0.3,
            floor: 0.2,
            lift: 0.3,
            gap: 0.2,
        }
    }
}

/// How the within-group gap behind `G_gap` is measured, and the narrowing that scores 100.
///
/// In TOML: `{ measure = "core_minus_rest", full = 10 }` or `{ measure = "cv", full = 0.05 }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "measure", rename_all = "snake_case", deny_unknown_fields)]
pub enum GapMeasure {
    /// The core's total minus the enrolment-weighted mean of the non-core members' totals, in
    /// points. Default, with `full` = 10 points [L].
    CoreMinusRest {
        /// The narrowing (points) that scores 100; as much widening scores 0.
        full: f64,
    },
    /// The enrolment-weighted 差异系数 of all members' totals
    /// ([`crate::evaluate::weighted_cv`]); a suggested `full` is 0.05 [L].
    Cv {
        /// The narrowing of the 差异系数 that scores 100.
        full: f64,
    },
}

impl GapMeasure {
    /// The narrowing that scores 100.
    pub fn full(self) -> f64 {
        match self {
            GapMeasure::CoreMinusRest { full } | GapMeasure::Cv { full } => full,
        }
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            GapMeasure::CoreMinusRest { .. } => "核心校与其他成员校均值之差",
            GapMeasure::Cv { .. } => "成员校差异系数",
        }
    }
}

impl Default for GapMeasure {
    fn default() -> Self {
        GapMeasure::CoreMinusRest { full: 10.0 }
    }
}

/// The settings of the 捆绑 composite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompositeSettings {
    /// `w1…w4`.
    pub weights: CompositeWeights,
    /// The mean improvement (points a year) of the non-core members that scores 100 in `G_lift`;
    /// 持平 scores 50 and a fall of as much 0. Default 10 [L].
    pub lift_full: f64,
    /// The gap measure.
    pub gap: GapMeasure,
}

impl Default for CompositeSettings {
    fn default() -> Self {
        CompositeSettings {
            weights: CompositeWeights::default(),
            lift_full: 10.0,
            gap: GapMeasure::default(),
        }
    }
}

impl CompositeSettings {
    /// Checks the settings.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let w = self.weights;
        let weights = [w.level, w.floor, w.lift, w.gap];
        for (kind, weight) in ComponentKind::ALL.into_iter().zip(weights) {
            if !(weight.is_finite() && weight >= 0.0) {
                return Err(SettingsError::ComponentWeight {
                    component: kind.label(),
                    weight,
                });
            }
        }
        if weights.iter().sum::<f64>() <= 0.0 {
            return Err(SettingsError::AllWeightsZero);
        }
        if !(self.lift_full.is_finite() && self.lift_full > 0.0) {
            return Err(SettingsError::LiftFull(self.lift_full));
        }
        let full = self.gap.full();
        if !(full.is_finite() && full > 0.0) {
            return Err(SettingsError::GapFull(full));
        }
        Ok(())
    }
}

/// The settings of the 集而不团 warning.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CohesionSettings {
    /// N: the within-group 差异系数 is compared with the one N years earlier. Default 3 [L].
    pub years: u32,
    /// The 差异系数 must have fallen by more than this over N years to count as narrowed.
    /// Default 0 [L].
    pub min_narrowing: f64,
}

impl Default for CohesionSettings {
    fn default() -> Self {
        CohesionSettings {
            years: 3,
            min_narrowing: 0.0,
        }
    }
}

impl CohesionSettings {
    /// Checks the settings.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.years == 0 {
            return Err(SettingsError::CohesionYears);
        }
        if !(self.min_narrowing.is_finite() && self.min_narrowing >= 0.0) {
            return Err(SettingsError::MinNarrowing(self.min_narrowing));
        }
        Ok(())
    }
}

/// Every setting of the annual 综合考核 of groups and schools. Each part defaults on its own
/// (every default is local practice [L], see each type).
///
/// ```
/// use junheng_core::review::{GapMeasure, ReviewSettings};
/// let settings: ReviewSettings = toml::from_str(r#"
///     [composite]
///     weights = { level = 0.4, floor = 0.2, lift = 0.2, gap = 0.2 }
///     gap = { measure = "cv", full = 0.05 }
///     [cohesion]
///     years = 2
/// "#).unwrap();
/// assert_eq!(settings.composite.gap, GapMeasure::Cv { full: 0.05 });
/// assert_eq!(settings.composite.lift_full, 10.0);
/// assert!(settings.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewSettings {
    /// The rubric.
    pub rubric: Rubric,
    /// The 捆绑 composite.
    pub composite: CompositeSettings,
    /// The 三线 of the totals and of `G` ([`BandPolicy::default`], itself [L]).
    pub bands: BandPolicy,
    /// The 集而不团 warning.
    pub cohesion: CohesionSettings,
}

impl ReviewSettings {
    /// Checks every part.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.rubric.validate()?;
        self.composite.validate()?;
        self.bands.validate()?;
        self.cohesion.validate()
    }
}

/// Why review settings are not usable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    /// The rubric.
    #[error(transparent)]
    Rubric(#[from] RubricError),
    /// The 三线.
    #[error(transparent)]
    Bands(#[from] PolicyError),
    /// A weight of the composite that is negative or not a number.
    #[error("捆绑评价中“{component}”的权重应为非负数，现为 {weight}")]
    ComponentWeight {
        /// The part's Chinese name.
        component: &'static str,
        /// The weight given.
        weight: f64,
    },
    /// Every weight of the composite is 0.
    #[error("捆绑评价的四项权重不能全为 0")]
    AllWeightsZero,
    /// `lift_full` not positive.
    #[error("成员校提升的满分提升幅度应为正数，现为 {0}")]
    LiftFull(f64),
    /// The gap's `full` not positive.
    #[error("校际差距缩小的满分缩小幅度应为正数，现为 {0}")]
    GapFull(f64),
    /// N = 0.
    #[error("“集而不团”预警的比较年数应至少为 1")]
    CohesionYears,
    /// `min_narrowing` negative or not a number.
    #[error("“集而不团”预警的最小缩小幅度应为非负数，现为 {0}")]
    MinNarrowing(f64),
}
