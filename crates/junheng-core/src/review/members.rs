//! What the 捆绑 composite of a group is computed from, and its checks.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::settings::SettingsError;

/// One member of a group in the reviewed year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberInput<K> {
    /// The member's key (学校标识码, …).
    pub unit: K,
    /// 学校名称.
    pub name: String,
    /// 在校生数, the weight of the member in the group's level.
    pub students: u64,
    /// Whether it is the core (牵头校) of the group.
    pub core: bool,
    /// Its 考核总分 this year (0–100), `None` when 未接入.
    pub value: Option<f64>,
    /// Its 考核总分 last year, `None` when it had none.
    pub last_year: Option<f64>,
}

/// A member's value in a year other than the reviewed one (a baseline, a series).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MemberValue {
    /// 在校生数 that year.
    pub students: u64,
    /// Whether it was the core.
    pub core: bool,
    /// Its value (0–100 for the composite's gap).
    pub value: f64,
}

/// The members of the group in the year the gap is measured against: the group's founding year,
/// or a baseline year the bureau chooses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// The year.
    pub year: i32,
    /// The members with a value that year.
    pub members: Vec<MemberValue>,
}

/// What the composite of one group is computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupInput<K> {
    /// 集团名称.
    pub name: String,
    /// The reviewed year.
    pub year: i32,
    /// The members that year.
    pub members: Vec<MemberInput<K>>,
    /// The baseline of the gap, `None` when there is none (the gap is then 未接入).
    pub baseline: Option<Baseline>,
}

/// Why a composite cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompositeError {
    /// The settings are not usable.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// A member twice.
    #[error("集团“{group}”的成员校 {unit} 重复")]
    DuplicateMember {
        /// The group.
        group: String,
        /// The member.
        unit: String,
    },
    /// A value outside 0–100.
    #[error("集团“{group}”成员校 {unit} 的{what}应在 0 到 100 之间，现为 {value}")]
    OutOfRange {
        /// The group.
        group: String,
        /// The member: its key, or 基线年第 N 个 for the N-th member of the baseline.
        unit: String,
        /// Which value: 本年总分, 上年总分, or 数值 (of the baseline).
        what: &'static str,
        /// The value.
        value: f64,
    },
    /// A baseline after the reviewed year.
    #[error("集团“{group}”的基线年 {baseline} 晚于考核年 {year}")]
    BaselineAfterYear {
        /// The group.
        group: String,
        /// The baseline year.
        baseline: i32,
        /// The reviewed year.
        year: i32,
    },
}

/// Checks the members' and the baseline's values.
pub(super) fn check<K: Eq + std::hash::Hash + std::fmt::Display>(
    input: &GroupInput<K>,
) -> Result<(), CompositeError> {
    let group = || input.name.trim().to_owned();
    let range = |unit: String, what, value: f64| {
        if (0.0..=100.0).contains(&value) {
            Ok(())
        } else {
            Err(CompositeError::OutOfRange {
                group: group(),
                unit,
                what,
                value,
            })
        }
    };
    let mut seen = HashSet::new();
    for m in &input.members {
        if !seen.insert(&m.unit) {
            return Err(CompositeError::DuplicateMember {
                group: group(),
                unit: m.unit.to_string(),
            });
        }
        for (what, v) in [("本年总分", m.value), ("上年总分", m.last_year)] {
            v.map_or(Ok(()), |v| range(m.unit.to_string(), what, v))?;
        }
    }
    if let Some(b) = &input.baseline {
        if b.year > input.year {
            return Err(CompositeError::BaselineAfterYear {
                group: group(),
                baseline: b.year,
                year: input.year,
            });
        }
        for (i, m) in b.members.iter().enumerate() {
            range(format!("基线年第 {} 个", i + 1), "数值", m.value)?;
        }
    }
    Ok(())
}
