//! Who sees which children, and who may do what with them.
//!
//! | standing | sees | may |
//! |---|---|---|
//! | operator (the command line, who holds the database and the keys) | everything | everything |
//! | 关爱专干 (a school) | the school's children by name; its cases | import nothing; keep the school's cases |
//! | 班主任 (a class) | the class's children by name | — |
//! | 心理教师 (a school) | the school's children by name | — |
//! | 学校 | the school's aggregates | import the school's registry, record its events |
//! | 控辍保学专干 (the district) | the named children of cases and ledgers; the district's aggregates | keep every case; compare lists |
//! | 管理员 | the district's aggregates, never a name | import any school's registry, set inputs, retention |
//! | 督学, 市级, 省级 | aggregates, small cells suppressed | — |
//! | others | nothing | — |
//!
//! Everything that is not granted is refused (fail closed).

use junheng_core::school::SchoolCode;
use junheng_store::{Capability, Role, Scope};

use crate::pairings::Caller;

/// What a caller sees of children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sight {
    /// Everything, names included (the operator).
    Everything,
    /// The named children of one school, or of one class of it.
    School {
        /// The school.
        school: SchoolCode,
        /// The class, for a 班主任.
        class: Option<String>,
    },
    /// The named children of the district's cases and ledgers, and its aggregates.
    Cases,
    /// Aggregates only, small cells suppressed (the district when `district`, else a school's).
    Aggregates {
        /// The school whose aggregates only, for a school account.
        school: Option<SchoolCode>,
    },
    /// Nothing.
    Nothing,
}

impl Sight {
    /// Whether this sight may read the named children of `school` (and of `class`, when the
    /// sight is a class's; `grade` and `class` are the child's).
    pub fn names_at(&self, school: &SchoolCode, grade: u8, class: &str) -> bool {
        match self {
            Sight::Everything => true,
            Sight::School {
                school: s,
                class: None,
            } => s == school,
            Sight::School {
                school: s,
                class: Some(c),
            } => s == school && class_matches(c, grade, class),
            _ => false,
        }
    }

    /// Whether this sight may read the named children of the district's cases (all of them, or
    /// those of `school`).
    pub fn cases_at(&self, school: &SchoolCode) -> bool {
        match self {
            Sight::Everything | Sight::Cases => true,
            Sight::School {
                school: s,
                class: None,
            } => s == school,
            _ => false,
        }
    }

    /// Whether this sight sees the aggregates of `school` (the district's when `None`).
    pub fn aggregates_of(&self, school: Option<&SchoolCode>) -> bool {
        match (self, school) {
            (Sight::Everything | Sight::Cases | Sight::Aggregates { school: None }, _) => true,
            (Sight::School { school: s, .. } | Sight::Aggregates { school: Some(s) }, Some(x)) => {
                s == x
            }
            _ => false,
        }
    }

    /// Whether this sight sees the whole district's aggregates.
    pub fn district(&self) -> bool {
        matches!(
            self,
            Sight::Everything | Sight::Cases | Sight::Aggregates { school: None }
        )
    }
}

/// The Chinese name of a grade (一年级 … 九年级).
pub fn grade_label(grade: u8) -> &'static str {
    const LABELS: [&str; 9] = [
        "一年级",
        "二年级",
        "三年级",
        "四年级",
        "五年级",
        "六年级",
        "七年级",
        "八年级",
        "九年级",
    ];
    LABELS
        .get(usize::from(grade).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// Whether a 班主任's class (as their scope names it, e.g. 七年级3班, or 3班 alone) is the
/// child's grade and class.
pub fn class_matches(scope_class: &str, grade: u8, class: &str) -> bool {
    let scope = scope_class.trim();
    !scope.is_empty()
        && (scope == format!("{}{}", grade_label(grade), class.trim())
            || scope == format!("{grade}年级{}", class.trim()))
}

/// What `caller` sees. A role whose scope does not fit it sees nothing (fail closed).
pub fn sight(caller: &Caller<'_>) -> Sight {
    let user = match caller {
        Caller::Operator(_) => return Sight::Everything,
        Caller::User(u) => u,
    };
    if !user.active {
        return Sight::Nothing;
    }
    match (user.role, &user.scope) {
        (Role::CareOfficer | Role::PsychTeacher, Scope::School(code)) => Sight::School {
            school: code.clone(),
            class: None,
        },
        (Role::ClassTeacher, Scope::Class { school, class }) => Sight::School {
            school: school.clone(),
            class: Some(class.clone()),
        },
        (Role::DropoutOfficer, Scope::District) => Sight::Cases,
        (Role::Admin | Role::Supervisor, Scope::District)
        | (Role::City, Scope::City(_))
        | (Role::Province, Scope::Province(_)) => Sight::Aggregates { school: None },
        (Role::School, Scope::School(code)) => Sight::Aggregates {
            school: Some(code.clone()),
        },
        _ => Sight::Nothing,
    }
}

/// Whether `caller` may import the registry of `school` and record its events: the operator,
/// the district's administrator, the school's own account.
pub fn may_import(caller: &Caller<'_>, school: &SchoolCode) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => {
            u.active
                && match (u.role, &u.scope) {
                    (Role::Admin, Scope::District) => true,
                    (Role::School, Scope::School(s)) => s == school,
                    _ => false,
                }
        }
    }
}

/// Whether `caller` may keep the 控辍保学 cases of `school`: the operator, the district's
/// 控辍保学专干, the school's 关爱专干.
pub fn may_keep_cases(caller: &Caller<'_>, school: &SchoolCode) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => {
            u.active
                && u.role.grants(Capability::ManageDropoutCases)
                && match (&u.role, &u.scope) {
                    (Role::DropoutOfficer, Scope::District) => true,
                    (Role::CareOfficer, Scope::School(s)) => s == school,
                    _ => false,
                }
        }
    }
}

/// Whether `caller` administers the district's student data (inputs, retention).
pub fn may_administer(caller: &Caller<'_>) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => u.active && u.role == Role::Admin && u.scope == Scope::District,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(n: u32) -> SchoolCode {
        SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
    }

    #[test]
    fn a_class_teacher_sees_their_class_only() {
        let s = Sight::School {
            school: code(1),
            class: Some("七年级3班".into()),
        };
        assert!(s.names_at(&code(1), 7, "3班"));
        assert!(!s.names_at(&code(1), 7, "4班"));
        assert!(!s.names_at(&code(1), 8, "3班"));
        assert!(!s.names_at(&code(2), 7, "3班"));
        assert!(!s.cases_at(&code(1)), "a class teacher keeps no cases");
        assert!(class_matches("7年级3班", 7, "3班"));
        assert!(!class_matches("", 7, ""));
    }

    #[test]
    fn aggregates_never_name_and_schools_see_their_own() {
        let district = Sight::Aggregates { school: None };
        assert!(!district.names_at(&code(1), 1, "1班"));
        assert!(!district.cases_at(&code(1)));
        assert!(district.aggregates_of(Some(&code(1))) && district.district());
        let school = Sight::Aggregates {
            school: Some(code(1)),
        };
        assert!(school.aggregates_of(Some(&code(1))));
        assert!(!school.aggregates_of(Some(&code(2))));
        assert!(!school.district());
        assert!(Sight::Cases.cases_at(&code(9)));
        assert!(!Sight::Cases.names_at(&code(9), 1, "1班"));
        assert!(!Sight::Nothing.aggregates_of(None));
    }
}
