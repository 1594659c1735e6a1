//! 社会认可度: the official survey's result, entered as an input (standard.md §5).

use super::share::{meets_rate, percent};
use super::{Computed, Figure, Outcome, Provenance};

/// The official 社会认可度 as the inspection reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct Official {
    /// The rate, a share in [0, 1].
    pub rate: f64,
    /// How many answered, if reported.
    pub respondents: Option<u32>,
    /// Where it comes from (the report, its date).
    pub source: Provenance,
}

/// The item from the official rate: met when `rate ≥ min` (inclusive, at six decimals); not
/// connected until the rate is entered. A self-check survey never decides it.
///
/// ```
/// use junheng_core::inspection::{recognition::{official, Official}, Outcome, Provenance};
/// let source = Provenance { source: "国家认可度调查".into(), version: "2025-05".into() };
/// let at = |rate| official(Some(&Official { rate, respondents: None, source: source.clone() }), 0.85);
/// assert_eq!(at(0.85).outcome, Outcome::Met);
/// assert_eq!(at(0.8499).outcome, Outcome::NotMet);
/// assert_eq!(official(None, 0.85).outcome, Outcome::NotConnected);
/// ```
pub fn official(result: Option<&Official>, min: f64) -> Computed {
    let Some(r) = result else {
        return Computed::not_connected("尚未录入官方社会认可度调查结果");
    };
    let met = meets_rate(r.rate, min);
    let mut figures = vec![Figure {
        label: "社会认可度".to_owned(),
        value: format!("{}（标准 ≥ {}）", percent(r.rate), percent(min)),
    }];
    if let Some(n) = r.respondents {
        figures.push(Figure {
            label: "有效样本".to_owned(),
            value: format!("{n} 人"),
        });
    }
    Computed {
        outcome: if met { Outcome::Met } else { Outcome::NotMet },
        value: Some(r.rate),
        figures,
        failing: Vec::new(),
        provenance: vec![r.source.clone()],
        note: format!(
            "官方调查认可度 {}，{}标准 {}",
            percent(r.rate),
            if met { "达到" } else { "低于" },
            percent(min)
        ),
    }
}
