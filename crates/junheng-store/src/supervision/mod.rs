//! 责任督学: supervisors (督学, users of role `supervisor`) assigned to a 学区 or an education
//! group, their visits to schools with what they found (督导发现), and each finding's link to
//! the task (整改任务) raised from it.
//!
//! - **Assignments** ([`Assignment`]): a supervisor's login, a unit ([`UnitKind`] and its name)
//!   and the days it runs (`since`, and `until` once ended; both included). An assignment is
//!   ended, never deleted; the same supervisor cannot hold two overlapping assignments to one
//!   unit.
//! - **Visits** ([`Visit`]): a school, the day, the supervisor it is recorded under, a summary,
//!   and its findings ([`Finding`]: text, [`Severity`], the 整改 deadline given, and the task
//!   once raised). A visit and its findings are written at once, with their audit entry; they
//!   are never edited.
//! - **Links**: [`DistrictStore::link_finding`](crate::DistrictStore::link_finding) records
//!   the task raised from a finding (whose source is `finding:<id>`), once.
//!
//! This crate checks what a record says by itself (limits, dates, a login's shape); that a
//! supervisor is an active supervisor of the district, that a unit and a school exist, who may
//! write and who may read, and the raising of the tasks are `junheng_app::supervision`'s.
//!
//! The parts: `assignments` (supervisors and their assignments), `visits` (a visit written
//! with its findings, and read back), `findings` (one finding, and its link to its task).

mod assignments;
mod findings;
mod visits;

use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::dated::check_day;
use crate::limits::{MAX_USER_NAME, check_required};

pub use assignments::{Assignment, NewAssignment};
pub use findings::{Finding, NewFinding};
pub use visits::{NewVisit, Visit, VisitFilter};

/// What a supervisor is assigned to. Stored as its [`UnitKind::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A 学区, by name.
    Zone,
    /// An education group (教育集团), by name.
    Group,
}

impl UnitKind {
    /// Both kinds.
    pub const ALL: [UnitKind; 2] = [UnitKind::Zone, UnitKind::Group];

    /// The stable identifier: `zone`, `group`.
    pub fn id(self) -> &'static str {
        match self {
            UnitKind::Zone => "zone",
            UnitKind::Group => "group",
        }
    }

    /// 学区 / 教育集团.
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Zone => "学区",
            UnitKind::Group => "教育集团",
        }
    }

    /// The kind of an identifier (or of its Chinese name).
    pub fn parse(text: &str) -> Option<UnitKind> {
        let text = text.trim();
        UnitKind::ALL
            .into_iter()
            .find(|k| k.id() == text || k.label() == text)
    }
}

/// How serious a finding is. Stored as its [`Severity::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 一般.
    General,
    /// 较重.
    Serious,
    /// 严重.
    Severe,
}

impl Severity {
    /// Every severity, lightest first.
    pub const ALL: [Severity; 3] = [Severity::General, Severity::Serious, Severity::Severe];

    /// The stable identifier: `general`, `serious`, `severe`.
    pub fn id(self) -> &'static str {
        match self {
            Severity::General => "general",
            Severity::Serious => "serious",
            Severity::Severe => "severe",
        }
    }

    /// 一般 / 较重 / 严重.
    pub fn label(self) -> &'static str {
        match self {
            Severity::General => "一般",
            Severity::Serious => "较重",
            Severity::Severe => "严重",
        }
    }

    /// The severity of an identifier or of its Chinese name.
    pub fn parse(text: &str) -> Option<Severity> {
        let text = text.trim();
        Severity::ALL
            .into_iter()
            .find(|s| s.id() == text || s.label() == text)
    }
}

/// A `YYYY-MM-DD` date or a refusal naming the field.
fn date(text: &str, field: &str) -> Result<(), StoreError> {
    check_day(text, |shown| {
        format!("{field}应为实际存在的日期，写作 YYYY-MM-DD（如 2025-03-18），收到「{shown}」")
    })
}

/// A supervisor's login: not empty, at most [`MAX_USER_NAME`] characters, no spaces.
fn login(text: &str) -> Result<(), StoreError> {
    check_required(text, "督学（登录名）", MAX_USER_NAME)?;
    if text.chars().any(char::is_whitespace) {
        return Err(StoreError::invalid("督学的登录名不能包含空格"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::word;

    #[test]
    fn kinds_and_severities_keep_their_words() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.id()), Some(k));
            assert_eq!(UnitKind::parse(k.label()), Some(k));
            assert_eq!(word(&k), k.id());
        }
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.id()), Some(s));
            assert_eq!(Severity::parse(s.label()), Some(s));
            assert_eq!(word(&s), s.id());
        }
        assert_eq!(Severity::parse("重大"), None);
    }
}
