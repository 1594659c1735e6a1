//! Placing the units of one period: their lines, band, run at the 警戒线 and escalation.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::stats::Oriented;
use super::{Band, BandPolicy, EscalationLevel, LineRule, PolicyError};

/// A unit's entry in an earlier period, as stored after that period's placement.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PastPeriod {
    /// Its value, `None` when it had none.
    pub value: Option<f64>,
    /// The band it was placed in, `None` when it was not placed.
    pub band: Option<Band>,
}

/// The placement of every unit of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement<K> {
    /// The policy's orientation.
    pub higher_is_better: bool,
    /// The district's statistics of the period, `None` when no unit has a value.
    pub district: Option<DistrictStats>,
    /// One entry per unit given, in key order.
    pub units: Vec<UnitPlacement<K>>,
}

impl<K: Ord> Placement<K> {
    /// The entry of one unit.
    pub fn unit(&self, key: &K) -> Option<&UnitPlacement<K>> {
        let at = self.units.binary_search_by(|u| u.unit.cmp(key)).ok()?;
        Some(&self.units[at])
    }

    /// The placement of one unit, `None` for a unit not given or without a value.
    pub fn placed(&self, key: &K) -> Option<&Placed> {
        match &self.unit(key)?.outcome {
            Outcome::Placed(p) => Some(p),
            Outcome::NoValue => None,
        }
    }

    /// How many units are in `band`.
    pub fn count(&self, band: Band) -> usize {
        self.units.iter().filter(|u| u.band() == Some(band)).count()
    }

    /// How many units have no value (未接入).
    pub fn without_value(&self) -> usize {
        self.units.iter().filter(|u| u.band().is_none()).count()
    }
}

/// The district's units of the period (those with a value), each counting once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DistrictStats {
    /// Units with a value.
    pub units: usize,
    /// Mean.
    pub mean: f64,
    /// Population standard deviation.
    pub sd: f64,
    /// Median (type-7 P50, see [`super::percentile`]).
    pub median: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// One unit's placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitPlacement<K> {
    /// The unit's key (学校标识码, group name, …).
    pub unit: K,
    /// Placed, or not for want of a value.
    pub outcome: Outcome,
}

impl<K> UnitPlacement<K> {
    /// The band, `None` when the unit has no value.
    pub fn band(&self) -> Option<Band> {
        match &self.outcome {
            Outcome::Placed(p) => Some(p.band),
            Outcome::NoValue => None,
        }
    }
}

/// Whether a unit was placed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// 未接入: no value this period; never placed, its run at the 警戒线 is not counted.
    NoValue,
    /// Placed in a band.
    Placed(Placed),
}

impl Outcome {
    /// Stable identifier: the band's, or `no_value`.
    pub fn id(&self) -> &'static str {
        match self {
            Outcome::NoValue => "no_value",
            Outcome::Placed(p) => p.band.id(),
        }
    }

    /// Chinese name: the band's, or 未接入.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::NoValue => "未接入",
            Outcome::Placed(p) => p.band.label(),
        }
    }
}

/// A placed unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    /// Its value.
    pub value: f64,
    /// The lines it was held to.
    pub lines: Lines,
    /// Its band.
    pub band: Band,
    /// Consecutive periods at or below the 警戒线, this one included: 0 unless this period is
    /// [`Band::Warning`]; earlier periods count while their stored band is `Warning` (a period
    /// without the unit or without a band ends the run).
    pub warning_periods: u32,
    /// The level the run reaches ([`BandPolicy::escalation_for`]).
    pub escalation: Option<EscalationLevel>,
}

/// The three lines used for one unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Lines {
    /// 发展线.
    pub development: LineValue,
    /// 基本线.
    pub basic: LineValue,
    /// 警戒线.
    pub warning: LineValue,
}

/// One line as used.
///
/// Lines of different methods can cross on data (e.g. mean − 1 SD above P25 when many units share
/// a low value). The 基本线 anchors them: the 发展线 used is never worse than the 基本线 and the
/// 警戒线 used never better; `computed` keeps the rule's own result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LineValue {
    /// The value used to place the unit.
    pub value: f64,
    /// The value the rule gave, before keeping the lines in order.
    pub computed: f64,
    /// Where the value comes from.
    pub source: LineSource,
}

impl LineValue {
    /// Whether the rule's value was moved to keep the lines in order.
    pub fn adjusted(&self) -> bool {
        self.value != self.computed
    }
}

/// Where a line's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineSource {
    /// An absolute threshold.
    Absolute,
    /// A statistic of the district's units this period.
    District,
    /// The unit's own baseline.
    SelfBaseline {
        /// Earlier periods with a value that formed it.
        periods: u32,
    },
    /// The fallback of a self baseline: the unit has no value in the baseline's periods.
    Fallback,
}

/// Why units cannot be placed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaceError {
    /// The policy is not usable.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A value of this period is NaN or infinite.
    #[error("{unit} 的本期数值不是有效数值")]
    NotFinite {
        /// The unit.
        unit: String,
    },
    /// A value of an earlier period is NaN or infinite.
    #[error("{unit} 在第 {period} 个历史期（从最早算起）的数值不是有效数值")]
    HistoryNotFinite {
        /// The unit.
        unit: String,
        /// 1 for the oldest period given.
        period: usize,
    },
}

/// Places the units of one period in bands.
///
/// `current` holds every unit's value this period (`None` = 未接入: reported, never placed, not
/// part of the district's statistics). `history` holds earlier periods, oldest first, the last
/// being the period just before this one; it serves self baselines and the run at the 警戒线.
/// The district's statistics are over the units of `current` that have a value.
///
/// ```
/// use std::collections::BTreeMap;
/// use junheng_core::bands::{Band, BandPolicy, EscalationLevel, Outcome, PastPeriod, place};
/// let now: BTreeMap<&str, Option<f64>> =
///     [("甲", Some(90.0)), ("乙", Some(85.0)), ("丙", Some(80.0)), ("丁", Some(20.0))].into();
/// let warned = PastPeriod { value: Some(30.0), band: Some(Band::Warning) };
/// let before: BTreeMap<&str, PastPeriod> = [("丁", warned)].into();
/// let p = place(&BandPolicy::default(), &now, &[before]).unwrap();
/// let Outcome::Placed(d) = &p.unit(&"丁").unwrap().outcome else { unreachable!() };
/// assert_eq!((d.band, d.warning_periods), (Band::Warning, 2));
/// assert_eq!(d.escalation, Some(EscalationLevel::Interview));
/// ```
pub fn place<K: Ord + Clone + fmt::Display>(
    policy: &BandPolicy,
    current: &BTreeMap<K, Option<f64>>,
    history: &[BTreeMap<K, PastPeriod>],
) -> Result<Placement<K>, PlaceError> {
    policy.validate()?;
    if let Some((k, _)) = current
        .iter()
        .find(|(_, v)| v.is_some_and(|x| !x.is_finite()))
    {
        return Err(PlaceError::NotFinite {
            unit: k.to_string(),
        });
    }
    for (i, period) in history.iter().enumerate() {
        if let Some((k, _)) = period
            .iter()
            .find(|(_, e)| e.value.is_some_and(|x| !x.is_finite()))
        {
            return Err(PlaceError::HistoryNotFinite {
                unit: k.to_string(),
                period: i + 1,
            });
        }
    }
    let sign = if policy.higher_is_better { 1.0 } else { -1.0 };
    let district = Oriented::new(current.values().flatten().map(|v| sign * v).collect());
    let units = current
        .iter()
        .map(|(key, value)| {
            let outcome = match (value, &district) {
                (Some(v), Some(d)) => Outcome::Placed(placed(policy, d, sign, key, *v, history)),
                _ => Outcome::NoValue,
            };
            UnitPlacement {
                unit: key.clone(),
                outcome,
            }
        })
        .collect();
    Ok(Placement {
        higher_is_better: policy.higher_is_better,
        district: district.as_ref().map(|d| stats(d, sign)),
        units,
    })
}

/// Back from goodness space; `+ 0.0` turns a negated zero into a plain zero.
fn back(sign: f64, oriented: f64) -> f64 {
    sign * oriented + 0.0
}

fn stats(d: &Oriented, sign: f64) -> DistrictStats {
    let (first, last) = (d.sorted[0], d.sorted[d.sorted.len() - 1]);
    let (min, max) = if sign > 0.0 {
        (first, last)
    } else {
        (back(sign, last), back(sign, first))
    };
    DistrictStats {
        units: d.sorted.len(),
        mean: back(sign, d.mean),
        sd: d.sd,
        median: back(sign, d.percentile(50.0)),
        min,
        max,
    }
}

fn placed<K: Ord>(
    policy: &BandPolicy,
    d: &Oriented,
    sign: f64,
    key: &K,
    value: f64,
    history: &[BTreeMap<K, PastPeriod>],
) -> Placed {
    let line = |rule: LineRule| -> (f64, LineSource) {
        match rule {
            LineRule::SelfBaseline {
                years,
                delta,
                fallback,
            } => {
                let from = history.len().saturating_sub(years as usize);
                let own: Vec<f64> = history[from..]
                    .iter()
                    .filter_map(|p| p.get(key)?.value)
                    .map(|v| sign * v)
                    .collect();
                if own.is_empty() {
                    (d.line(fallback, sign), LineSource::Fallback)
                } else {
                    let mean = own.iter().sum::<f64>() / own.len() as f64;
                    let periods = own.len() as u32;
                    (mean - delta, LineSource::SelfBaseline { periods })
                }
            }
            LineRule::Absolute { .. } => {
                (d.line(rule.without_history(), sign), LineSource::Absolute)
            }
            _ => (d.line(rule.without_history(), sign), LineSource::District),
        }
    };
    let (basic, basic_source) = line(policy.basic);
    let (development, development_source) = line(policy.development);
    let (warning, warning_source) = line(policy.warning);
    let development_used = development.max(basic);
    let warning_used = warning.min(basic);

    let o = sign * value;
    let band = if o >= development_used {
        Band::Development
    } else if o >= basic {
        Band::Basic
    } else if o <= warning_used {
        Band::Warning
    } else {
        Band::BelowBasic
    };
    let warning_periods = if band == Band::Warning {
        let earlier = history
            .iter()
            .rev()
            .take_while(|p| p.get(key).and_then(|e| e.band) == Some(Band::Warning))
            .count();
        1 + earlier as u32
    } else {
        0
    };
    let value_of = |used: f64, computed: f64, source| LineValue {
        value: back(sign, used),
        computed: back(sign, computed),
        source,
    };
    Placed {
        value,
        lines: Lines {
            development: value_of(development_used, development, development_source),
            basic: value_of(basic, basic, basic_source),
            warning: value_of(warning_used, warning, warning_source),
        },
        band,
        warning_periods,
        escalation: policy.escalation_for(warning_periods),
    }
}
