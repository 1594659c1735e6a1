//! The district's term audit (区级抽查) of each school: a reproducible sample of its children
//! whose passports the district checks.

use serde::{Deserialize, Serialize};

use crate::roster::StudentKey;
use crate::sample::{Purpose, draw, sample_size};

/// How many children of a school the district audits each term: at least `share_per_mille` ‰
/// of them and at least `at_least` (all of a smaller school). Defaults 50 ‰ and 10 \[L\]: no
/// public rule was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditSettings {
    /// Share of the school's children, per mille (0: only `at_least`).
    pub share_per_mille: u32,
    /// The fewest children audited (0: only the share).
    pub at_least: u32,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditSettings {
            share_per_mille: 50,
            at_least: 10,
        }
    }
}

/// The audit's size for a school of `children`: max(⌈share·n⌉, min(at_least, n)), and at least
/// one when there is anyone.
///
/// ```
/// use junheng_labour::review::{AuditSettings, audit_size};
/// let s = AuditSettings::default();
/// assert_eq!([audit_size(0, &s), audit_size(6, &s), audit_size(100, &s), audit_size(1001, &s)], [0, 6, 10, 51]);
/// ```
pub fn audit_size(children: usize, settings: &AuditSettings) -> usize {
    sample_size(children, settings.share_per_mille).max(children.min(settings.at_least as usize))
}

/// The children of one school the district audits this term, in draw order, from the district's
/// secret `seed` for the school and term ([`crate::sample`]).
pub fn audit_sample(
    children: &[StudentKey],
    settings: &AuditSettings,
    seed: &[u8],
) -> Vec<StudentKey> {
    let distinct = children
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    draw(
        children,
        seed,
        Purpose::DistrictAudit,
        audit_size(distinct, settings),
    )
}
