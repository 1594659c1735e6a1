//! 结对帮扶 (pairings): who helps whom — a school of the district, a partner outside it (named,
//! with its 区县 or 省), or an expert team (专家团队) — the kinds of help, the school years a
//! pairing is in force, and the comparison of the helped schools with comparable schools nobody
//! helps ([`compare`]).
//!
//! A pairing lasts from its start date to its end date, both included; it is in force in a
//! school year when that period meets the school year (1 September to 31 August).
//!
//! ```
//! use junheng_core::pairing::{HelpKind, PairingKind, in_force, school_year_of};
//! assert_eq!(PairingKind::parse("城乡结对"), Some(PairingKind::UrbanRural));
//! assert_eq!(HelpKind::parse("mentoring"), Some(HelpKind::Mentoring));
//! assert_eq!(school_year_of("2025-03-01"), Some(2024));
//! assert!(in_force("2023-09-01", Some("2024-09-01"), 2024));
//! assert!(!in_force("2023-09-01", Some("2024-08-31"), 2024));
//! ```

pub mod compare;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use compare::{Comparison, Figures, GroupFigures, HelpedUnit, IndicatorComparison, Stratum};

/// What kind of pairing. The identifiers ([`PairingKind::id`]) are stored and never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairingKind {
    /// 城乡结对: a strong (usually urban) school of the district helps a rural one.
    UrbanRural,
    /// 对口帮扶: a school helps another, in the district or from outside it.
    Counterpart,
    /// 跨区县联盟: a partner school of another 区县.
    CrossCounty,
    /// 跨省联盟: a partner school of another province (e.g. 川渝 alliances).
    CrossProvince,
    /// 专家团队帮扶: an expert team (a number of teachers) helps several schools.
    ExpertTeam,
}

impl PairingKind {
    /// Every kind, in a stable order.
    pub const ALL: [PairingKind; 5] = [
        PairingKind::UrbanRural,
        PairingKind::Counterpart,
        PairingKind::CrossCounty,
        PairingKind::CrossProvince,
        PairingKind::ExpertTeam,
    ];

    /// Stable identifier: `urban_rural`, `counterpart`, `cross_county`, `cross_province`,
    /// `expert_team`.
    pub const fn id(self) -> &'static str {
        match self {
            PairingKind::UrbanRural => "urban_rural",
            PairingKind::Counterpart => "counterpart",
            PairingKind::CrossCounty => "cross_county",
            PairingKind::CrossProvince => "cross_province",
            PairingKind::ExpertTeam => "expert_team",
        }
    }

    /// The Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            PairingKind::UrbanRural => "城乡结对",
            PairingKind::Counterpart => "对口帮扶",
            PairingKind::CrossCounty => "跨区县联盟",
            PairingKind::CrossProvince => "跨省联盟",
            PairingKind::ExpertTeam => "专家团队帮扶",
        }
    }

    /// The kind of an identifier or of a Chinese name.
    pub fn parse(text: &str) -> Option<PairingKind> {
        let text = text.trim();
        PairingKind::ALL
            .into_iter()
            .find(|k| k.id() == text || k.label() == text)
    }

    /// Who may help under this kind.
    pub const fn helper(self) -> HelperRule {
        match self {
            PairingKind::UrbanRural => HelperRule::DistrictSchool,
            PairingKind::Counterpart => HelperRule::SchoolInOrOut,
            PairingKind::CrossCounty | PairingKind::CrossProvince => HelperRule::Outside,
            PairingKind::ExpertTeam => HelperRule::Team,
        }
    }
}

/// Who helps under a [`PairingKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelperRule {
    /// A school of the district (by 学校标识码).
    DistrictSchool,
    /// A school of the district, or a partner outside it (by name and place).
    SchoolInOrOut,
    /// A partner outside the district, by name and 区县 or 省 (no code).
    Outside,
    /// An expert team: a name and a number of teachers.
    Team,
}

/// A kind of help (multi-select on a pairing; one per activity). Identifiers are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    /// 送教: teachers go and teach at the helped school.
    TeachingVisit,
    /// 联合教研: joint lesson research.
    JointResearch,
    /// 骨干支援: backbone teachers sent to support.
    BackboneSupport,
    /// 干部挂职: cadres seconded.
    CadreSecondment,
    /// 师徒结对: mentor and apprentice teachers.
    Mentoring,
    /// 专递课堂: remote lessons delivered to the helped school.
    RemoteClassroom,
}

impl HelpKind {
    /// Every kind, in a stable order.
    pub const ALL: [HelpKind; 6] = [
        HelpKind::TeachingVisit,
        HelpKind::JointResearch,
        HelpKind::BackboneSupport,
        HelpKind::CadreSecondment,
        HelpKind::Mentoring,
        HelpKind::RemoteClassroom,
    ];

    /// Stable identifier.
    pub const fn id(self) -> &'static str {
        match self {
            HelpKind::TeachingVisit => "teaching_visit",
            HelpKind::JointResearch => "joint_research",
            HelpKind::BackboneSupport => "backbone_support",
            HelpKind::CadreSecondment => "cadre_secondment",
            HelpKind::Mentoring => "mentoring",
            HelpKind::RemoteClassroom => "remote_classroom",
        }
    }

    /// The Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            HelpKind::TeachingVisit => "送教",
            HelpKind::JointResearch => "联合教研",
            HelpKind::BackboneSupport => "骨干支援",
            HelpKind::CadreSecondment => "干部挂职",
            HelpKind::Mentoring => "师徒结对",
            HelpKind::RemoteClassroom => "专递课堂",
        }
    }

    /// The kind of an identifier or of a Chinese name.
    pub fn parse(text: &str) -> Option<HelpKind> {
        let text = text.trim();
        HelpKind::ALL
            .into_iter()
            .find(|k| k.id() == text || k.label() == text)
    }

    /// Kinds as stored: their identifiers in [`HelpKind::ALL`] order, comma-separated, each
    /// once.
    pub fn join(kinds: &[HelpKind]) -> String {
        HelpKind::ALL
            .into_iter()
            .filter(|k| kinds.contains(k))
            .map(HelpKind::id)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Kinds from their stored form; `None` when a part is not an identifier.
    pub fn split(text: &str) -> Option<Vec<HelpKind>> {
        if text.is_empty() {
            return Some(Vec::new());
        }
        let mut kinds = text
            .split(',')
            .map(|p| HelpKind::ALL.into_iter().find(|k| k.id() == p))
            .collect::<Option<Vec<_>>>()?;
        kinds.sort_unstable();
        kinds.dedup();
        Some(kinds)
    }
}

/// The first and last day of school year `year` (`2024` → 2024-09-01 … 2025-08-31).
pub fn school_year_days(year: i32) -> (String, String) {
    (format!("{year:04}-09-01"), format!("{:04}-08-31", year + 1))
}

/// The school year a `YYYY-MM-DD` date falls in (September onwards starts a new one); `None`
/// for a text that is not such a date.
pub fn school_year_of(date: &str) -> Option<i32> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i32 = date.get(0..4)?.parse().ok()?;
    let month: u32 = date.get(5..7)?.parse().ok()?;
    let day: u32 = date.get(8..10)?.parse().ok()?;
    if !crate::date::is_real_day(i64::from(year), month, day) {
        return None;
    }
    Some(if month >= 9 { year } else { year - 1 })
}

/// Whether a period from `start` to `end` (both `YYYY-MM-DD`, both days included; no end: still
/// running) meets school year `year`.
pub fn in_force(start: &str, end: Option<&str>, year: i32) -> bool {
    let (first, last) = school_year_days(year);
    start <= last.as_str() && end.is_none_or(|e| e >= first.as_str())
}
