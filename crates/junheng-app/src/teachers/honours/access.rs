//! Who may see awards and 师德: the district (its administrators and 督学, and the command
//! line's operator) and a school's own administrator for that school — never group or 学区
//! leads, teachers or other roles. A [`HonoursPass`] is the proof: the reads of awards and 师德
//! take one, and only [`HonoursPass::of`] makes one.

use junheng_core::school::SchoolCode;
use junheng_store::{Role, Scope};

use crate::pairings::Caller;

/// The right to read awards and 师德 results: the district's, or one school's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HonoursPass {
    school: Option<SchoolCode>,
}

impl HonoursPass {
    /// The caller's pass, if they may read awards and 师德.
    pub fn of(caller: &Caller<'_>) -> Option<HonoursPass> {
        match caller {
            Caller::Operator(_) => Some(HonoursPass { school: None }),
            Caller::User(u) => match (&u.role, &u.scope) {
                (Role::Admin | Role::Supervisor, Scope::District) => {
                    Some(HonoursPass { school: None })
                }
                (Role::School, Scope::School(code)) => Some(HonoursPass {
                    school: Some(code.clone()),
                }),
                _ => None,
            },
        }
    }

    /// Whether the pass covers a school.
    pub fn covers(&self, school: &SchoolCode) -> bool {
        self.school.as_ref().is_none_or(|s| s == school)
    }

    /// The one school of a school's pass (`None`: the district).
    pub fn school(&self) -> Option<&SchoolCode> {
        self.school.as_ref()
    }
}
