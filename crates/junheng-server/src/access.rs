//! Who may see and do what. Every handler asks here; nothing is decided in templates.
//!
//! | role | sees | may |
//! |---|---|---|
//! | admin (管理员) | everything | import, manage users |
//! | supervisor (督学) | everything | read only |
//! | group_lead (集团负责人) | district aggregates, own group's schools | read |
//! | school (学校) | district aggregates, own school | read |
//! | anonymous | published district aggregates (`/public`) | — |

use junheng_core::school::{SchoolCode, SchoolRecord};
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
