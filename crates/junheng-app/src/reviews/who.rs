//! Who sees which review and who may enter which score.

use junheng_core::review::Scorer;
use junheng_core::school::SchoolCode;
use junheng_store::{ReviewUnit, Role, Scope};

use crate::evidence::Caller;

/// What a caller reaches of a year's review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Every school and group (operator, 管理员, 督学, 市级 and 省级).
    Everything,
    /// One group and its member schools of the year (集团负责人).
    Group(String),
    /// The schools of one 学区 in the year (学区负责人).
    Zone(String),
    /// One school (学校).
    School(SchoolCode),
    /// Nothing.
    Nothing,
}

/// Where a unit sits in the year: a school's group and 学区, a group itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seat<'a> {
    /// The school's group in the year, or the group itself.
    pub group: Option<&'a str>,
    /// The school's 学区 in the year.
    pub zone: Option<&'a str>,
}

/// The caller's standing.
pub fn standing(caller: &Caller<'_>) -> Standing {
    let user = match caller {
        Caller::Operator(_) => return Standing::Everything,
        Caller::User(user) => user,
    };
    if !user.role.accepts(&user.scope) {
        return Standing::Nothing;
    }
    match (user.role, &user.scope) {
        (Role::Admin | Role::Supervisor | Role::City | Role::Province, _) => Standing::Everything,
        (Role::GroupLead, Scope::Group(g)) => Standing::Group(g.clone()),
        (Role::ZoneLead, Scope::Zone(z)) => Standing::Zone(z.clone()),
        (Role::School, Scope::School(c)) => Standing::School(c.clone()),
        _ => Standing::Nothing,
    }
}

impl Standing {
    /// Whether the caller sees the unit's review.
    pub fn sees(&self, unit: &ReviewUnit, seat: Seat<'_>) -> bool {
        match (self, unit) {
            (Standing::Everything, _) => true,
            (Standing::Group(g), _) => seat.group == Some(g.as_str()),
            (Standing::Zone(z), ReviewUnit::School(_)) => seat.zone == Some(z.as_str()),
            (Standing::School(c), ReviewUnit::School(s)) => c == s,
            _ => false,
        }
    }
}

/// Whether the caller may enter `scorer`'s score of the unit:
///
/// | caller | enters |
/// |---|---|
/// | operator (the command line), 管理员 | every score of every unit (e.g. the forms collected on paper) |
/// | 督学 | 他评 and 区县评价 of every unit |
/// | 学区负责人 | 他评 of the schools of their 学区 (the 学区 organises 互评) |
/// | 集团负责人 | 自评 of their group |
/// | 学校 | 自评 of their school |
/// | others (市级 and 省级 included) | nothing |
pub fn may_score(caller: &Caller<'_>, unit: &ReviewUnit, scorer: Scorer, seat: Seat<'_>) -> bool {
    let user = match caller {
        Caller::Operator(_) => return true,
        Caller::User(user) => user,
    };
    if !user.role.accepts(&user.scope) || !user.role.in_district() {
        return false;
    }
    match (user.role, &user.scope, unit) {
        (Role::Admin, Scope::District, _) => true,
        (Role::Supervisor, Scope::District, _) => scorer != Scorer::Own,
        (Role::ZoneLead, Scope::Zone(z), ReviewUnit::School(_)) => {
            scorer == Scorer::Peer && seat.zone == Some(z.as_str())
        }
        (Role::GroupLead, Scope::Group(g), ReviewUnit::Group(name)) => {
            scorer == Scorer::Own && g == name
        }
        (Role::School, Scope::School(c), ReviewUnit::School(s)) => scorer == Scorer::Own && c == s,
        _ => false,
    }
}

/// Whether the caller may finalise (定稿) a year: the operator and the district's 管理员.
pub fn may_finalise(caller: &Caller<'_>) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(user) => {
            user.role == Role::Admin && user.scope == Scope::District && user.role.in_district()
        }
    }
}
