//! 结对帮扶 (pairings): who helps whom, since when, with what kinds of help, and the activities
//! recorded under each pairing.
//!
//! A pairing's helper is a school of the district, a partner outside it (its name and its 区县 or
//! 省, no code) or an expert team (a name and a number of teachers), as its kind allows
//! ([`PairingKind::helper`]); the helped schools are schools of the district. Dates are
//! `YYYY-MM-DD`, both ends included. Activities are added, never edited; a pairing is ended
//! (an end date set once), never deleted. Every write appends its audit entry in its own
//! transaction.
//!
//! This crate checks what a pairing says by itself (limits, dates, who may help under its kind);
//! that its schools are schools of the district, and who may see or write it, is
//! `junheng_app::pairings`'.
//!
//! The parts: this module (what a pairing is, and what a new one may say), `record` (pairings
//! written, ended and read back), `activities` (the activities of a pairing, and their totals).

mod activities;
mod record;

use junheng_core::pairing::{HelpKind, HelperRule, PairingKind};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::StoreError;
use crate::dated::check_day;
use crate::limits::{
    MAX_NOTE, MAX_PAIRING_SCHOOLS, MAX_PARTNER_NAME, MAX_PARTNER_PLACE, MAX_TEAM_TEACHERS,
    check_len, check_required,
};

pub use activities::{Activity, ActivityTotals, NewActivity};

/// Who helps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Helper {
    /// A school of the district.
    School {
        /// 学校标识码.
        code: SchoolCode,
    },
    /// A partner outside the district, by name (no code).
    Outside {
        /// The partner's name, e.g. 邻水县实验小学.
        name: String,
        /// Its 区县 or 省, e.g. 四川省广安市邻水县.
        place: String,
    },
    /// An expert team (专家团队).
    Team {
        /// The team's name.
        name: String,
        /// Its number of teachers.
        teachers: u32,
    },
}

impl Helper {
    /// The helper's school, when it is a school of the district.
    pub fn school(&self) -> Option<&SchoolCode> {
        match self {
            Helper::School { code } => Some(code),
            _ => None,
        }
    }
}

/// A stored pairing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pairing {
    /// Row id: the pairing's identifier in URLs, the command line and [`RecordRef`]s.
    pub id: i64,
    /// Its kind.
    pub kind: PairingKind,
    /// Who helps.
    pub helper: Helper,
    /// The helped schools, by code.
    pub schools: Vec<SchoolCode>,
    /// The kinds of help, in [`HelpKind::ALL`] order.
    pub help: Vec<HelpKind>,
    /// First day, `YYYY-MM-DD`.
    pub started_on: String,
    /// Last day, `YYYY-MM-DD`; `None` while it runs.
    pub ended_on: Option<String>,
    /// 备注.
    pub note: String,
    /// Who recorded it (login).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

impl Pairing {
    /// Whether the pairing is in force in school year `year`.
    pub fn in_force(&self, year: i32) -> bool {
        junheng_core::pairing::in_force(&self.started_on, self.ended_on.as_deref(), year)
    }

    /// Whether `code` helps or is helped in this pairing.
    pub fn involves(&self, code: &SchoolCode) -> bool {
        self.helper.school() == Some(code) || self.schools.contains(code)
    }

    /// The pairing as a record (evidence and tasks refer to it).
    pub fn record(&self) -> RecordRef {
        RecordRef {
            kind: RecordKind::Pairing,
            key: self.id.to_string(),
        }
    }
}

/// A pairing to record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewPairing<'a> {
    /// Its kind.
    pub kind: PairingKind,
    /// Who helps: as the kind allows.
    pub helper: &'a Helper,
    /// The helped schools: 1 to [`MAX_PAIRING_SCHOOLS`], each once, not the helper school.
    pub schools: &'a [SchoolCode],
    /// The kinds of help: at least one.
    pub help: &'a [HelpKind],
    /// First day, `YYYY-MM-DD`.
    pub started_on: &'a str,
    /// Last day, `YYYY-MM-DD`, not before the first.
    pub ended_on: Option<&'a str>,
    /// 备注, at most [`MAX_NOTE`] characters (trimmed).
    pub note: &'a str,
}

/// The first and last day of pairing `$2` of district `$1` (for a write that must keep within
/// them).
const PERIOD_SQL: &str =
    "SELECT started_on, ended_on FROM pairings WHERE district_id = $1 AND id = $2";

/// A `YYYY-MM-DD` date or a refusal naming the field.
fn date(text: &str, field: &str) -> Result<(), StoreError> {
    check_day(text, |shown| {
        format!("{field}“{shown}”应写作 YYYY-MM-DD，例如 2024-09-01")
    })
}

/// What a [`NewPairing`] says, checked: the helped schools sorted and each once.
fn checked(new: &NewPairing<'_>) -> Result<Vec<SchoolCode>, StoreError> {
    let rule = new.kind.helper();
    let fits = matches!(
        (rule, new.helper),
        (
            HelperRule::DistrictSchool | HelperRule::SchoolInOrOut,
            Helper::School { .. }
        ) | (
            HelperRule::SchoolInOrOut | HelperRule::Outside,
            Helper::Outside { .. }
        ) | (HelperRule::Team, Helper::Team { .. })
    );
    if !fits {
        let expected = match rule {
            HelperRule::DistrictSchool => "本区县的一所学校（学校标识码）",
            HelperRule::SchoolInOrOut => "本区县的一所学校，或区县外学校的名称和所在区县",
            HelperRule::Outside => "区县外学校的名称和所在区县或省（不填学校标识码）",
            HelperRule::Team => "专家团队的名称和教师人数",
        };
        return Err(StoreError::Invalid(format!(
            "{}的帮扶方应为{expected}",
            new.kind.label()
        )));
    }
    match new.helper {
        Helper::School { .. } => {}
        Helper::Outside { name, place } => {
            check_required(name.trim(), "帮扶方名称", MAX_PARTNER_NAME)?;
            check_required(place.trim(), "帮扶方所在区县或省", MAX_PARTNER_PLACE)?;
        }
        Helper::Team { name, teachers } => {
            check_required(name.trim(), "专家团队名称", MAX_PARTNER_NAME)?;
            if !(1..=MAX_TEAM_TEACHERS).contains(teachers) {
                return Err(StoreError::Invalid(format!(
                    "专家团队的教师人数应为 1 到 {MAX_TEAM_TEACHERS}"
                )));
            }
        }
    }
    let mut schools = new.schools.to_vec();
    schools.sort();
    schools.dedup();
    if schools.is_empty() || schools.len() > MAX_PAIRING_SCHOOLS {
        return Err(StoreError::Invalid(format!(
            "受援学校应为 1 到 {MAX_PAIRING_SCHOOLS} 所"
        )));
    }
    if let Some(code) = new.helper.school()
        && schools.contains(code)
    {
        return Err(StoreError::Invalid(format!(
            "学校 {code} 不能既是帮扶方又是受援学校"
        )));
    }
    if new.help.is_empty() {
        return Err(StoreError::invalid(
            "请至少选择一种帮扶方式（送教、联合教研、骨干支援、干部挂职、师徒结对、专递课堂）",
        ));
    }
    date(new.started_on, "开始日期")?;
    if let Some(end) = new.ended_on {
        date(end, "结束日期")?;
        if end < new.started_on {
            return Err(StoreError::invalid("结束日期不能早于开始日期"));
        }
    }
    check_len(new.note.trim(), "备注", MAX_NOTE)?;
    Ok(schools)
}
