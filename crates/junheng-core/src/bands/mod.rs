//! 三线 (基本线 / 发展线 / 警戒线): placing units (schools, groups, …) of one period in bands
//! against three lines, counting consecutive periods at or below the 警戒线 and the escalation
//! they reach. One engine for every measure: the annual 综合考核 of groups and schools now,
//! quality monitoring later.
//!
//! Each line follows a [`LineRule`]: an absolute threshold, a statistic of the district's units of
//! the period (percentile, median, mean − k·SD), or the unit's own baseline (mean of its earlier
//! periods − δ) with an explicit fallback for units without history. [`BandPolicy::default`] is
//! the proposal of `domain/practices.md` §1.4, a **[L] local-practice default, not a national
//! rule**: no published text of the 三线 scheme was found, so every part of it is a setting.
//!
//! Statistics are over units, each counting once (not weighted by students): the lines rank units
//! against each other. Percentiles interpolate linearly between closest ranks ([`percentile`]);
//! the standard deviation is the population form of the 差异系数 with equal weights
//! ([`crate::evaluate::weighted_cv`]).
//!
//! ```
//! use std::collections::BTreeMap;
//! use junheng_core::bands::{Band, BandPolicy, place};
//! let values: BTreeMap<&str, Option<f64>> = [
//!     ("甲校", Some(92.0)), ("乙校", Some(81.0)), ("丙校", Some(75.0)),
//!     ("丁校", Some(40.0)), ("戊校", None),
//! ].into_iter().collect();
//! let placement = place(&BandPolicy::default(), &values, &[]).unwrap();
//! assert_eq!(placement.unit(&"甲校").unwrap().band(), Some(Band::Development));
//! assert_eq!(placement.unit(&"丁校").unwrap().band(), Some(Band::Warning));
//! assert_eq!(placement.unit(&"戊校").unwrap().band(), None); // 未接入: never placed
//! ```

mod place;
mod policy;
#[cfg(test)]
mod props;
mod stats;
#[cfg(test)]
mod tests;

pub use place::{
    DistrictStats, LineSource, LineValue, Lines, Outcome, PastPeriod, PlaceError, Placed,
    Placement, UnitPlacement, place,
};
pub use policy::{BandPolicy, EscalationStep, LineRule, PolicyError, SharedRule};
pub use stats::percentile;

use serde::{Deserialize, Serialize};

/// One of the three lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// 基本线: the level every unit is expected to reach.
    Basic,
    /// 发展线: the level of a developing unit.
    Development,
    /// 警戒线: at or below it a unit is warned, and repeated periods escalate.
    Warning,
}

impl LineKind {
    /// The three lines, top down.
    pub const ALL: [LineKind; 3] = [LineKind::Development, LineKind::Basic, LineKind::Warning];

    /// Stable identifier (settings, JSON, URLs).
    pub const fn id(self) -> &'static str {
        match self {
            LineKind::Basic => "basic",
            LineKind::Development => "development",
            LineKind::Warning => "warning",
        }
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            LineKind::Basic => "基本线",
            LineKind::Development => "发展线",
            LineKind::Warning => "警戒线",
        }
    }
}

impl std::fmt::Display for LineKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The band a unit is placed in. Ordered from worst to best (`Warning < … < Development`).
///
/// "At or above" a line means "at least as good as": the larger value when higher is better, the
/// smaller when lower is better. A value exactly on the 发展线 or 基本线 reaches it; a value
/// exactly on the 警戒线 is [`Band::Warning`] unless it also reaches the 基本线 (possible only
/// when both lines coincide).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 触及警戒线: at or below the 警戒线 (and below the 基本线).
    Warning,
    /// 未达基本线: below the 基本线, above the 警戒线.
    BelowBasic,
    /// 达到基本线: at or above the 基本线, below the 发展线.
    Basic,
    /// 达到发展线: at or above the 发展线.
    Development,
}

impl Band {
    /// Every band, best first.
    pub const ALL: [Band; 4] = [
        Band::Development,
        Band::Basic,
        Band::BelowBasic,
        Band::Warning,
    ];

    /// Stable identifier (stored, JSON, URLs).
    pub const fn id(self) -> &'static str {
        match self {
            Band::Development => "development",
            Band::Basic => "basic",
            Band::BelowBasic => "below_basic",
            Band::Warning => "warning",
        }
    }

    /// The band of an identifier, `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.id() == id)
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            Band::Development => "达到发展线",
            Band::Basic => "达到基本线",
            Band::BelowBasic => "未达基本线",
            Band::Warning => "触及警戒线",
        }
    }
}

/// What consecutive periods at or below the 警戒线 lead to. Ordered from mildest to strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationLevel {
    /// 提示预警: a notice to the unit.
    Notice,
    /// 约谈并制定帮扶计划: an interview with the unit's head and a support plan.
    Interview,
    /// 专项督导: a dedicated inspection.
    Inspection,
}

impl EscalationLevel {
    /// Every level, mildest first.
    pub const ALL: [EscalationLevel; 3] = [
        EscalationLevel::Notice,
        EscalationLevel::Interview,
        EscalationLevel::Inspection,
    ];

    /// Stable identifier (settings, stored, JSON).
    pub const fn id(self) -> &'static str {
        match self {
            EscalationLevel::Notice => "notice",
            EscalationLevel::Interview => "interview",
            EscalationLevel::Inspection => "inspection",
        }
    }

    /// The level of an identifier, `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<EscalationLevel> {
        EscalationLevel::ALL.into_iter().find(|l| l.id() == id)
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            EscalationLevel::Notice => "提示预警",
            EscalationLevel::Interview => "约谈并制定帮扶计划",
            EscalationLevel::Inspection => "专项督导",
        }
    }
}
