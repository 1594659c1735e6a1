//! Who sees and does what with exam results (issue 15 item 8).
//!
//! | standing | sees | may |
//! |---|---|---|
//! | operator (the command line) | everything | everything |
//! | 管理员 (district) | every unit's figures, every school's report | create exams, import any school, enter NAEQ results, withdraw a file |
//! | 督学 (district) | every unit's figures | — |
//! | 集团负责人 | the group's schools | — |
//! | 学区负责人 | the zone's schools | — |
//! | 学校 | its school's figures and classes; its students' 成绩单 (for parents, through the school) | import its school's file, withdraw it |
//! | 班主任 | its class's figures and its students' 成绩单 | — |
//! | 市级, 省级 | the district's aggregates only (no school) | — |
//! | others | nothing | — |
//!
//! No page ranks schools for the public: public pages show district aggregates only. Everything
//! not granted is refused (fail closed).

use junheng_core::school::SchoolCode;
use junheng_store::{Role, Scope};

use crate::pairings::Caller;

/// What a caller sees of an exam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sight {
    /// Every unit (the operator, the district's 管理员 and 督学).
    Everything,
    /// The schools of a group (`Group`) or zone (`Zone`), by name.
    Group(String),
    /// The schools of a 学区 (zone), by name.
    Zone(String),
    /// One school, its classes and students.
    School(SchoolCode),
    /// One class of a school (as the 班主任's scope names it) and its students.
    Class {
        /// The school.
        school: SchoolCode,
        /// The class.
        class: String,
    },
    /// The district's aggregates only.
    District,
    /// Nothing.
    Nothing,
}

impl Sight {
    /// Whether this sight reaches `school`'s figures (a group's or zone's member list given).
    pub fn school(&self, school: &SchoolCode, in_unit: impl Fn(&str) -> bool) -> bool {
        match self {
            Sight::Everything => true,
            Sight::Group(name) | Sight::Zone(name) => in_unit(name),
            Sight::School(s) | Sight::Class { school: s, .. } => s == school,
            Sight::District | Sight::Nothing => false,
        }
    }
}

/// Whether `caller` reads named students' results (成绩单, for parents through the school) of
/// `school`, grade `grade`, class `class`: the school, the class's 班主任, the operator.
pub fn may_name(caller: &Caller<'_>, school: &SchoolCode, grade: u8, class: &str) -> bool {
    match (caller, sight(caller)) {
        (Caller::Operator(_), _) => true,
        (_, Sight::School(s)) => &s == school,
        (
            _,
            Sight::Class {
                school: s,
                class: c,
            },
        ) => &s == school && crate::students::who::class_matches(&c, grade, class),
        _ => false,
    }
}

/// What `caller` sees of exam results.
pub fn sight(caller: &Caller<'_>) -> Sight {
    let user = match caller {
        Caller::Operator(_) => return Sight::Everything,
        Caller::User(u) => u,
    };
    if !user.active {
        return Sight::Nothing;
    }
    match (user.role, &user.scope) {
        (Role::Admin | Role::Supervisor, Scope::District) => Sight::Everything,
        (Role::GroupLead, Scope::Group(g)) => Sight::Group(g.clone()),
        (Role::ZoneLead, Scope::Zone(z)) => Sight::Zone(z.clone()),
        (Role::School, Scope::School(s)) => Sight::School(s.clone()),
        (Role::ClassTeacher, Scope::Class { school, class }) => Sight::Class {
            school: school.clone(),
            class: class.clone(),
        },
        (Role::City, Scope::City(_)) | (Role::Province, Scope::Province(_)) => Sight::District,
        _ => Sight::Nothing,
    }
}

/// Whether `caller` may import (or withdraw) `school`'s scores.
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

/// Whether `caller` administers the district's exams: creates them, imports whole-exam files,
/// enters NAEQ results.
pub fn may_administer(caller: &Caller<'_>) -> bool {
    crate::students::who::may_administer(caller)
}
