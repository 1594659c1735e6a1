//! Who may see and write which 劳动清单 and which class's records: a [`LabourPass`].

use junheng_core::school::SchoolCode;
use junheng_store::{Role, Scope};

use crate::pairings::Caller;

/// What a caller may see of 劳动教育: the whole district's (its administrators and 督学, city and
/// province users looking in, the operator) or one school's (the school's account, its class
/// teachers). Only [`LabourPass::of`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabourPass {
    school: Option<SchoolCode>,
    writes: bool,
}

impl LabourPass {
    /// The caller's pass, if they may see 劳动教育 at all.
    pub fn of(caller: &Caller<'_>) -> Option<LabourPass> {
        let (school, writes) = match caller {
            Caller::Operator(_) => (None, true),
            Caller::User(u) => match (&u.role, &u.scope) {
                (Role::Admin, Scope::District) => (None, true),
                (Role::Supervisor, Scope::District) | (Role::City | Role::Province, _) => {
                    (None, false)
                }
                (Role::School, Scope::School(code)) => (Some(code.clone()), true),
                (Role::ClassTeacher, Scope::Class { school, .. }) => (Some(school.clone()), false),
                _ => return None,
            },
        };
        Some(LabourPass { school, writes })
    }

    /// The one school of a school's pass (`None`: the district).
    pub fn school(&self) -> Option<&SchoolCode> {
        self.school.as_ref()
    }

    /// Whether the pass covers a school.
    pub fn covers(&self, school: &SchoolCode) -> bool {
        self.school.as_ref().is_none_or(|s| s == school)
    }

    /// Whether the holder may write the list of the district (`None`) or of a school: the
    /// district's administrators (and the operator) any list, a school's account its own.
    pub fn writes_list(&self, school: Option<&SchoolCode>) -> bool {
        self.writes
            && match (&self.school, school) {
                (None, _) => true,
                (Some(own), Some(s)) => own == s,
                (Some(_), None) => false,
            }
    }
}
