//! [`Sees`]: the checked scope a caller's data is filtered by. Every page, download and API answer
//! of school-level data filters through one value of it, so a page and its XLSX or JSON always
//! show the same schools.

use std::collections::BTreeMap;

use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::{Role, Scope, User};

use crate::error::AppError;

/// The schools a caller may see: derived from the user's role and scope only; a role whose
/// scope does not match it sees nothing (fail closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sees {
    /// Administrators and supervisors: every school.
    District,
    /// A group lead: the schools of one 教育集团.
    Group(String),
    /// A zone lead: the schools of one 学区 (the year's 学区 column).
    Zone(String),
    /// A school user: one school.
    School(SchoolCode),
    /// A role and scope that do not fit together.
    Nothing,
}

impl Sees {
    /// What `user` sees.
    pub fn of(user: &User) -> Self {
        match (&user.role, &user.scope) {
            (Role::Admin | Role::Supervisor, Scope::District) => Sees::District,
            // Looking into a district of their region (the identity step checks it is theirs).
            (Role::City, Scope::City(_)) | (Role::Province, Scope::Province(_)) => Sees::District,
            (Role::GroupLead, Scope::Group(g)) => Sees::Group(g.clone()),
            (Role::ZoneLead, Scope::Zone(z)) => Sees::Zone(z.clone()),
            (Role::School, Scope::School(c)) => Sees::School(c.clone()),
            _ => Sees::Nothing,
        }
    }

    /// Whether every school is visible.
    pub fn all(&self) -> bool {
        matches!(self, Sees::District)
    }

    /// Whether the school `code` (in 教育集团 `group`) is visible. A zone lead sees no school
    /// by code and group alone (its 学区 is not known here): ask [`Sees::record`].
    pub fn school(&self, code: &SchoolCode, group: Option<&str>) -> bool {
        match self {
            Sees::District => true,
            Sees::Group(g) => group == Some(g.as_str()),
            Sees::School(c) => c == code,
            Sees::Zone(_) | Sees::Nothing => false,
        }
    }

    /// Whether a school of the statistics is visible.
    pub fn record(&self, r: &SchoolRecord) -> bool {
        match self {
            Sees::Zone(z) => r.zone.as_deref().map(str::trim) == Some(z.as_str()),
            _ => self.school(&r.code, r.group.as_deref()),
        }
    }

    /// Whether a 学区's page is visible.
    pub fn zone(&self, name: &str) -> bool {
        match self {
            Sees::District => true,
            Sees::Zone(z) => z == name,
            Sees::Group(_) | Sees::School(_) | Sees::Nothing => false,
        }
    }

    /// [`Sees::school`] with the 教育集团 of each school taken from a year's statistics
    /// (`junheng_rotation::groups_of`), as rotation quotas use it.
    pub fn in_year(&self, code: &SchoolCode, groups: &BTreeMap<SchoolCode, String>) -> bool {
        self.school(code, groups.get(code).map(String::as_str))
    }

    /// Whether a 教育集团's page, quota and plan are visible.
    pub fn group(&self, name: &str) -> bool {
        match self {
            Sees::District => true,
            Sees::Group(g) => g == name,
            Sees::Zone(_) | Sees::School(_) | Sees::Nothing => false,
        }
    }

    /// The 教育集团 a planner may plan for: `asked` if allowed. District users may plan for the
    /// whole district (`None`) or any group; a group lead only for their own group (the
    /// default); others never.
    pub fn plan_scope(&self, asked: Option<String>) -> Result<Option<String>, AppError> {
        match self {
            Sees::District => Ok(asked),
            Sees::Group(g) => match asked {
                None => Ok(Some(g.clone())),
                Some(a) if &a == g => Ok(Some(a)),
                Some(_) => Err(AppError::Forbidden),
            },
            Sees::Zone(_) | Sees::School(_) | Sees::Nothing => Err(AppError::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::test_user as user;

    #[test]
    fn scopes_follow_role_and_fail_closed() {
        let a = SchoolCode::parse("5001120001").unwrap();
        let b = SchoolCode::parse("5001120002").unwrap();
        let school = Sees::of(&user(Role::School, Scope::School(a.clone())));
        assert!(school.school(&a, None) && !school.school(&b, None));
        assert!(!school.group("一集团") && !school.all());
        let lead = Sees::of(&user(Role::GroupLead, Scope::Group("一集团".into())));
        assert!(lead.school(&b, Some("一集团")) && !lead.school(&b, Some("二集团")));
        assert!(!lead.school(&b, None));
        assert_eq!(lead.plan_scope(None).unwrap(), Some("一集团".into()));
        assert!(lead.plan_scope(Some("二集团".into())).is_err());
        // A supervisor given a school scope by a corrupt row sees nothing.
        let odd = Sees::of(&user(Role::Supervisor, Scope::School(a.clone())));
        assert_eq!(odd, Sees::Nothing);
        assert!(!odd.school(&a, None) && odd.plan_scope(None).is_err());
        assert!(Sees::of(&user(Role::Admin, Scope::District)).all());
    }
}
