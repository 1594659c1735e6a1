//! Who may see and do what. Every handler asks here; nothing is decided in templates.
//!
//! | role | sees | may |
//! |---|---|---|
//! | admin (管理员) | everything | import, manage users |
//! | supervisor (督学) | everything | read only |
//! | group_lead (集团负责人) | district aggregates, own group's schools | read |
//! | school (学校) | district aggregates, own school | read |
//! | anonymous | published district aggregates (`/public`) | — |
//!
//! Rotation (交流轮岗) and the planner: administrators do everything; supervisors read everything
//! and run the planner; group leads see their group's schools and teachers and plan for their
//! group; school users see their own school's quota and teachers only. Only administrators write
//! (roster, ledger, accepting a plan).

use junheng_core::school::{SchoolCode, SchoolRecord};
use std::collections::BTreeMap;

use junheng_store::{Role, Scope, User};

use crate::error::AppError;

/// Whether a user may see a school's own (non-public) data.
pub fn can_view_school(user: &User, school: &SchoolRecord) -> bool {
    can_view(user, &school.code, school.group.as_deref())
}

/// [`can_view_school`] from a school's code and 教育集团.
pub fn can_view(user: &User, code: &SchoolCode, group: Option<&str>) -> bool {
    match (&user.role, &user.scope) {
        (Role::Admin | Role::Supervisor, _) => true,
        (Role::GroupLead, Scope::Group(scope)) => group == Some(scope.as_str()),
        (Role::School, Scope::School(scope)) => code == scope,
        _ => false,
    }
}

/// Whether a user sees every school of the district.
pub fn sees_all_schools(user: &User) -> bool {
    matches!(user.role, Role::Admin | Role::Supervisor)
}

/// District-wide reading (reports, the evaluation API): administrators and supervisors.
pub fn require_district(user: &User) -> Result<(), AppError> {
    if sees_all_schools(user) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Only administrators change data.
pub fn require_admin(user: &User) -> Result<(), AppError> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// [`can_view`] with the 教育集团 of each school taken from the year's statistics
/// (`junheng_rotation::groups_of`): whether a user may see a school's rotation data (quota,
/// teachers, moves).
pub fn can_view_in(user: &User, code: &SchoolCode, groups: &BTreeMap<SchoolCode, String>) -> bool {
    can_view(user, code, groups.get(code).map(String::as_str))
}

/// Whether a user may see a 教育集团's page, quota and plan.
pub fn can_view_group(user: &User, name: &str) -> bool {
    match (&user.role, &user.scope) {
        (Role::Admin | Role::Supervisor, _) => true,
        (Role::GroupLead, Scope::Group(g)) => g == name,
        _ => false,
    }
}

/// The 教育集团 a user may plan for: `asked` if allowed. District users may plan for the whole
/// district (`None`) or any group; a group lead only for their own group (the default); others
/// never.
pub fn plan_scope(user: &User, asked: Option<String>) -> Result<Option<String>, AppError> {
    match (&user.role, &user.scope) {
        (Role::Admin | Role::Supervisor, _) => Ok(asked),
        (Role::GroupLead, Scope::Group(g)) => match asked {
            None => Ok(Some(g.clone())),
            Some(a) if &a == g => Ok(Some(a)),
            Some(_) => Err(AppError::Forbidden),
        },
        _ => Err(AppError::Forbidden),
    }
}
