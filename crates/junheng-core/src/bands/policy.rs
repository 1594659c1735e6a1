//! The settings of the 三线: one rule per line, the orientation and the escalation ladder.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{EscalationLevel, LineKind};

/// How a line is set when it is the same for every unit of the period: an absolute threshold or a
/// statistic of the district's units. The fallback of [`LineRule::SelfBaseline`].
///
/// In TOML: `{ method = "district_percentile", p = 25 }`, `{ method = "district_median" }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum SharedRule {
    /// A fixed value, e.g. a pass rate of 0.60.
    Absolute {
        /// The line's value.
        threshold: f64,
    },
    /// The district's `p`-th percentile (0–100, see [`super::percentile`]), counted from the worst
    /// end: when lower is better, P25 is the value 25 % of units are worse than (P75 of values).
    DistrictPercentile {
        /// The percentile, 0 to 100.
        p: f64,
    },
    /// The district's mean − `k` standard deviations (mean + `k` SD when lower is better). A
    /// negative `k` sets a line above the mean.
    DistrictMeanMinusSd {
        /// Standard deviations below the mean.
        k: f64,
    },
    /// The district's median (the 50th percentile). A variant with braces, so that a key beside
    /// `method` (e.g. a stray `p`) is refused rather than ignored.
    DistrictMedian {},
}

/// How one line is set.
///
/// In TOML: `{ method = "district_percentile", p = 25 }`, `{ method = "absolute", threshold = 0.6 }`,
/// `{ method = "self_baseline", years = 3, delta = 0, fallback = { method = "district_median" } }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum LineRule {
    /// See [`SharedRule::Absolute`].
    Absolute {
        /// The line's value.
        threshold: f64,
    },
    /// See [`SharedRule::DistrictPercentile`].
    DistrictPercentile {
        /// The percentile, 0 to 100.
        p: f64,
    },
    /// See [`SharedRule::DistrictMeanMinusSd`].
    DistrictMeanMinusSd {
        /// Standard deviations below the mean.
        k: f64,
    },
    /// See [`SharedRule::DistrictMedian`].
    DistrictMedian {},
    /// The unit's own baseline: the mean of its values in the previous `years` periods, minus
    /// `delta` (plus `delta` when lower is better; a negative `delta` raises the line: "own
    /// baseline + δ"). Periods without a value are skipped; a unit with no value in those periods
    /// is held to `fallback` instead.
    SelfBaseline {
        /// How many earlier periods form the baseline (at least 1).
        years: u32,
        /// How far below the baseline the line is.
        delta: f64,
        /// The rule for a unit without history.
        fallback: SharedRule,
    },
}

impl LineRule {
    /// The rule as a shared rule, `None` for a self baseline.
    pub fn shared(self) -> Option<SharedRule> {
        match self {
            LineRule::SelfBaseline { .. } => None,
            other => Some(other.without_history()),
        }
    }

    /// The shared rule a unit without history is held to: the rule itself or its fallback.
    pub fn without_history(self) -> SharedRule {
        match self {
            LineRule::Absolute { threshold } => SharedRule::Absolute { threshold },
            LineRule::DistrictPercentile { p } => SharedRule::DistrictPercentile { p },
            LineRule::DistrictMeanMinusSd { k } => SharedRule::DistrictMeanMinusSd { k },
            LineRule::DistrictMedian {} => SharedRule::DistrictMedian {},
            LineRule::SelfBaseline { fallback, .. } => fallback,
        }
    }
}

impl From<SharedRule> for LineRule {
    fn from(rule: SharedRule) -> Self {
        match rule {
            SharedRule::Absolute { threshold } => LineRule::Absolute { threshold },
            SharedRule::DistrictPercentile { p } => LineRule::DistrictPercentile { p },
            SharedRule::DistrictMeanMinusSd { k } => LineRule::DistrictMeanMinusSd { k },
            SharedRule::DistrictMedian {} => LineRule::DistrictMedian {},
        }
    }
}

/// After `periods` consecutive periods at or below the 警戒线, the unit reaches `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationStep {
    /// Consecutive periods, this one included (at least 1).
    pub periods: u32,
    /// The level reached.
    pub level: EscalationLevel,
}

/// The 三线 settings of one measure.
///
/// The [`Default`] is `domain/practices.md` §1.4, a **[L] local-practice default, not a national
/// rule**: 基本线 = district P25, 发展线 = district median, 警戒线 = district mean − 1 SD; one
/// period at or below the 警戒线 gives 提示预警, 2 consecutive 约谈 + 帮扶计划, 3 专项督导.
///
/// ```
/// use junheng_core::bands::{BandPolicy, LineRule};
/// let policy: BandPolicy = toml::from_str(r#"
///     higher_is_better = true
///     basic = { method = "district_percentile", p = 25 }
///     development = { method = "self_baseline", years = 3, delta = -2, fallback = { method = "district_median" } }
///     warning = { method = "absolute", threshold = 60 }
///     escalation = [{ periods = 1, level = "notice" }, { periods = 3, level = "inspection" }]
/// "#).unwrap();
/// assert_eq!(policy.basic, LineRule::DistrictPercentile { p: 25.0 });
/// assert!(policy.validate().is_ok());
/// assert!(BandPolicy::default().validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandPolicy {
    /// Whether a larger value is better (a score); `false` for rates to lower (近视率, 低分率).
    pub higher_is_better: bool,
    /// 基本线.
    pub basic: LineRule,
    /// 发展线.
    pub development: LineRule,
    /// 警戒线.
    pub warning: LineRule,
    /// The escalation ladder; empty for none.
    pub escalation: Vec<EscalationStep>,
}

impl Default for BandPolicy {
    fn default() -> Self {
        BandPolicy {
            higher_is_better: true,
            basic: LineRule::DistrictPercentile { p: 25.0 },
            development: LineRule::DistrictMedian {},
            warning: LineRule::DistrictMeanMinusSd { k: 1.0 },
            escalation: vec![
                EscalationStep {
                    periods: 1,
                    level: EscalationLevel::Notice,
                },
                EscalationStep {
                    periods: 2,
                    level: EscalationLevel::Interview,
                },
                EscalationStep {
                    periods: 3,
                    level: EscalationLevel::Inspection,
                },
            ],
        }
    }
}

/// Why a [`BandPolicy`] is not usable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PolicyError {
    /// A parameter is NaN or infinite.
    #[error("{line}的参数 {field} 不是有效数值")]
    NotFinite {
        /// The line.
        line: LineKind,
        /// The parameter's name.
        field: &'static str,
    },
    /// A percentile outside 0–100.
    #[error("{line}的百分位数应在 0 到 100 之间，现为 {p}")]
    Percentile {
        /// The line.
        line: LineKind,
        /// The percentile given.
        p: f64,
    },
    /// A self baseline of no period.
    #[error("{line}的本校基线应至少取前 1 期")]
    BaselineYears {
        /// The line.
        line: LineKind,
    },
    /// The 警戒线 is better than the 基本线 by construction.
    #[error("{}", if *.higher_is_better { "警戒线不能高于基本线" } else { "警戒线不能低于基本线（该指标数值越低越好）" })]
    WarningAboveBasic {
        /// The policy's orientation.
        higher_is_better: bool,
    },
    /// The 发展线 is worse than the 基本线 by construction.
    #[error("{}", if *.higher_is_better { "发展线不能低于基本线" } else { "发展线不能高于基本线（该指标数值越低越好）" })]
    DevelopmentBelowBasic {
        /// The policy's orientation.
        higher_is_better: bool,
    },
    /// An escalation step of 0 periods.
    #[error("升级规则的连续期数应至少为 1")]
    EscalationPeriods,
    /// Two escalation steps for the same number of periods.
    #[error("升级规则中连续 {periods} 期出现了不止一次")]
    EscalationDuplicate {
        /// The repeated number of periods.
        periods: u32,
    },
    /// A longer run leads to a milder or equal level.
    #[error("升级规则应随连续期数增加逐级加重：连续 {periods} 期的“{level}”不重于更短期数的措施")]
    EscalationOrder {
        /// The step's periods.
        periods: u32,
        /// The step's level label.
        level: &'static str,
    },
}

impl BandPolicy {
    /// Checks the parameters (finite numbers, percentiles in 0–100, baselines of at least one
    /// period), the order of lines where it is known before any data (e.g. two percentiles, two
    /// absolute thresholds, two multiples of the SD, the same baseline with two deltas — also for
    /// units without history, through the fallbacks) and the escalation ladder (at least 1 period,
    /// no duplicate periods, levels rising with periods). Lines of different methods can only
    /// cross on data; [`super::place`] then keeps them in order (see [`super::LineValue`]).
    pub fn validate(&self) -> Result<(), PolicyError> {
        for (line, rule) in [
            (LineKind::Basic, self.basic),
            (LineKind::Development, self.development),
            (LineKind::Warning, self.warning),
        ] {
            check_rule(line, rule)?;
        }
        let h = self.higher_is_better;
        let crosses = |worse: LineRule, better: LineRule| {
            let main = order(worse, better, h) == Some(Ordering::Greater);
            let fallback = order(
                worse.without_history().into(),
                better.without_history().into(),
                h,
            ) == Some(Ordering::Greater);
            main || fallback
        };
        if crosses(self.warning, self.basic) {
            return Err(PolicyError::WarningAboveBasic {
                higher_is_better: h,
            });
        }
        if crosses(self.basic, self.development) {
            return Err(PolicyError::DevelopmentBelowBasic {
                higher_is_better: h,
            });
        }
        let mut steps = self.escalation.clone();
        steps.sort_by_key(|s| s.periods);
        if steps.first().is_some_and(|s| s.periods == 0) {
            return Err(PolicyError::EscalationPeriods);
        }
        for w in steps.windows(2) {
            if w[0].periods == w[1].periods {
                return Err(PolicyError::EscalationDuplicate {
                    periods: w[1].periods,
                });
            }
            if w[1].level <= w[0].level {
                return Err(PolicyError::EscalationOrder {
                    periods: w[1].periods,
                    level: w[1].level.label(),
                });
            }
        }
        Ok(())
    }

    /// The level reached after `periods` consecutive periods at or below the 警戒线: the step with
    /// the most periods not above `periods`; `None` when no step is reached.
    pub fn escalation_for(&self, periods: u32) -> Option<EscalationLevel> {
        self.escalation
            .iter()
            .filter(|s| s.periods >= 1 && s.periods <= periods)
            .max_by_key(|s| s.periods)
            .map(|s| s.level)
    }
}

fn check_rule(line: LineKind, rule: LineRule) -> Result<(), PolicyError> {
    let finite = |field, x: f64| {
        if x.is_finite() {
            Ok(())
        } else {
            Err(PolicyError::NotFinite { line, field })
        }
    };
    match rule {
        LineRule::SelfBaseline {
            years,
            delta,
            fallback,
        } => {
            if years == 0 {
                return Err(PolicyError::BaselineYears { line });
            }
            finite("delta", delta)?;
            check_rule(line, fallback.into())
        }
        LineRule::Absolute { threshold } => finite("threshold", threshold),
        LineRule::DistrictMeanMinusSd { k } => finite("k", k),
        LineRule::DistrictPercentile { p } => {
            finite("p", p)?;
            if (0.0..=100.0).contains(&p) {
                Ok(())
            } else {
                Err(PolicyError::Percentile { line, p })
            }
        }
        LineRule::DistrictMedian {} => Ok(()),
    }
}

/// How two lines compare before any data, in "goodness" (greater = better), when they can be
/// compared at all: same method (a median is the 50th percentile), or the same baseline length.
fn order(a: LineRule, b: LineRule, higher_is_better: bool) -> Option<Ordering> {
    let sign = if higher_is_better { 1.0 } else { -1.0 };
    let key = |rule: LineRule| match rule {
        LineRule::Absolute { threshold } => (0, 0, sign * threshold),
        LineRule::DistrictPercentile { p } => (1, 0, p),
        LineRule::DistrictMedian {} => (1, 0, 50.0),
        LineRule::DistrictMeanMinusSd { k } => (2, 0, -k),
        LineRule::SelfBaseline { years, delta, .. } => (3, years, -delta),
    };
    let (ka, kb) = (key(a), key(b));
    (ka.0 == kb.0 && ka.1 == kb.1)
        .then(|| ka.2.partial_cmp(&kb.2))
        .flatten()
}
