//! Who sees and does what with exam results (issue 15 item 8).
//!
//! | standing | sees | may |
//! |---|---|---|
//! | operator (the command line) | everything | everything |
//! | 管理员 (district) | every unit's figures, every school's report | create exams, import any school, enter NAEQ results, withdraw a file |
//! | 督学 (district) | every unit's figures | — |
//! | 集团负责人 | the group's schools | — |
//! | 学区负责人 | the zone's schools | — |
//! | 学校 | its school's figures, classes and teachers; its students' 成绩单 (for parents, through the school) | import its school's file, withdraw it |
//! | 班主任 | its class's figures and its students' 成绩单 | — |
//! | 任课教师 | each class's figures in the paper they teach it, and their own classes pooled (教师视图); no named child | — |
//! | 市级, 省级 | the district's aggregates only (no school) | — |
//! | others | nothing | — |
//!
//! No page ranks schools for the public: public pages show district aggregates only. Everything
//! not granted is refused (fail closed).

use junheng_core::exam::Exam;
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
    /// One teacher of a school (by 教师编号): the classes and papers they teach.
    Teacher {
        /// The school.
        school: SchoolCode,
        /// The 教师编号.
        teacher: String,
    },
    /// The district's aggregates only.
    District,
    /// Nothing.
    Nothing,
}

impl Sight {
    /// Whether this sight reaches school `s` of `exam` (a group's or 学区's by the exam's units).
    pub fn sees_school(&self, exam: &Exam, s: usize) -> bool {
        let unit = &exam.schools()[s];
        match self {
            Sight::Everything => true,
            Sight::School(c)
            | Sight::Class { school: c, .. }
            | Sight::Teacher { school: c, .. } => c.as_str() == unit.code,
            Sight::Group(g) => unit.group.is_some_and(|i| &exam.groups()[i as usize] == g),
            Sight::Zone(z) => unit.area.is_some_and(|i| &exam.areas()[i as usize] == z),
            Sight::District | Sight::Nothing => false,
        }
    }

    /// Whether this sight shows school `s`'s own row: every sight that reaches it but a
    /// 班主任's and a 任课教师's, who see their classes.
    pub fn shows_school_row(&self, exam: &Exam, s: usize) -> bool {
        !matches!(self, Sight::Class { .. } | Sight::Teacher { .. }) && self.sees_school(exam, s)
    }

    /// Whether this sight shows class `c`'s row on paper `paper` (an index into the exam's
    /// papers; 总分 is past them): a 任课教师 the classes where they teach that paper, others as
    /// [`Sight::sees_class`].
    pub fn shows_class_row(&self, exam: &Exam, c: usize, paper: usize, grade: u8) -> bool {
        match self {
            Sight::Teacher { teacher, .. } => {
                self.sees_school(exam, exam.classes()[c].school as usize)
                    && exam.teaching().iter().any(|t| {
                        t.class as usize == c
                            && usize::from(t.paper) == paper
                            && &t.teacher == teacher
                    })
            }
            _ => self.sees_class(exam, c, grade),
        }
    }

    /// Whether this sight shows teacher `teacher`'s unit at school `school`: the district's
    /// readers every teacher's, a school its own teachers', a teacher their own.
    pub fn shows_teacher(&self, exam: &Exam, school: usize, teacher: &str) -> bool {
        match self {
            Sight::Everything | Sight::School(_) => self.sees_school(exam, school),
            Sight::Teacher { teacher: mine, .. } => {
                mine == teacher && self.sees_school(exam, school)
            }
            _ => false,
        }
    }

    /// Whether this sight reaches class `c` of `exam`, an exam of grade `grade`: a 班主任 their
    /// own class (as their scope names it, e.g. 八年级3班 or 3班), others every class of a school
    /// they reach.
    pub fn sees_class(&self, exam: &Exam, c: usize, grade: u8) -> bool {
        let class = &exam.classes()[c];
        self.sees_school(exam, class.school as usize)
            && match self {
                Sight::Class { class: mine, .. } => {
                    mine.trim() == class.name.trim()
                        || crate::students::who::class_matches(mine, grade, &class.name)
                }
                Sight::Teacher { teacher, .. } => exam
                    .teaching()
                    .iter()
                    .any(|t| t.class as usize == c && &t.teacher == teacher),
                _ => true,
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
        (Role::SubjectTeacher, Scope::Teacher { school, teacher }) => Sight::Teacher {
            school: school.clone(),
            teacher: teacher.clone(),
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
