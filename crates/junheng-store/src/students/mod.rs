//! Students (issue 13): the registry (学籍) of each school and school year, versioned per import;
//! enrolment events; 控辍保学 cases; the inputs rates need; the log of every read of a named
//! child; and retention.
//!
//! A child is a row of `students`, matched across years and schools by the **pseudonym** (HMAC of
//! the 学籍号, [`StudentKeys::pseudonym`]). The name and the 学籍号 are stored sealed
//! ([`StudentKeys::seal`], bound to the pseudonym and the column), so the database file holds no
//! name and no number in clear. Every other row names a child by id. The one way to read names
//! is [`DistrictStore::named_students`], which writes who read which children, for what, in the
//! same transaction.

mod access;
mod cases;
mod events;
mod import;
mod registry;
mod retention;

use junheng_core::school::SchoolCode;
use junheng_core::student::{Disability, Flags, Hukou, Placement, Stage, StudentNumber};
use serde::{Deserialize, Serialize};

pub(crate) use access::log_access;
pub use access::{AccessEntry, NamedStudent};
pub use cases::{Attempt, CaseStep, DropoutCase, NewAttempt};
pub use events::{EventCount, EventKind, NewStudentEvent, StudentEvent, school_year};
pub use import::RegistryFile;
pub use retention::Reduced;

use crate::StudentKeys;

/// A child as a registry file gives them.
#[derive(Clone, PartialEq, Eq)]
pub struct NewStudent {
    /// 学籍号.
    pub number: StudentNumber,
    /// 姓名.
    pub name: String,
    /// 性别: male or not.
    pub male: bool,
    /// 出生日期, `YYYY-MM-DD` (only its month is kept).
    pub birth_date: String,
    /// 年级 1–9 (the 学段 follows).
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 户籍.
    pub hukou: Hukou,
    /// 残疾类别 and 安置方式.
    pub disability: Option<(Disability, Placement)>,
    /// The yes/no flags.
    pub flags: Flags,
}

impl std::fmt::Debug for NewStudent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewStudent")
            .field("number", &self.number)
            .field("grade", &self.grade)
            .finish_non_exhaustive()
    }
}

/// The counts of one grade of a registry file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GradeCounts {
    /// Students.
    pub students: u64,
    /// 男.
    pub male: u64,
    /// 随迁子女.
    pub migrant: u64,
    /// 随迁子女 in a 政府购买学位.
    pub migrant_purchased: u64,
    /// Children with a disability (any placement).
    pub disabled: u64,
    /// Of them, 送教上门.
    pub home_teaching: u64,
    /// 留守儿童.
    pub left_behind: u64,
    /// 寄宿.
    pub boarding: u64,
    /// 脱贫户, 低保, 孤儿, 事实无人抚养 or 困境.
    pub needy: u64,
}

impl GradeCounts {
    fn add(&mut self, s: &NewStudent) {
        self.students += 1;
        self.male += u64::from(s.male);
        let migrant = s.hukou.migrant();
        self.migrant += u64::from(migrant);
        self.migrant_purchased += u64::from(migrant && s.flags.purchased_place);
        self.disabled += u64::from(s.disability.is_some());
        self.home_teaching += u64::from(matches!(s.disability, Some((_, Placement::HomeTeaching))));
        self.left_behind += u64::from(s.flags.left_behind);
        self.boarding += u64::from(s.flags.boarding);
        let f = s.flags;
        self.needy += u64::from(f.poverty || f.dibao || f.orphan || f.unsupported || f.hardship);
    }

    /// The sum of two counts.
    pub fn plus(self, o: GradeCounts) -> GradeCounts {
        GradeCounts {
            students: self.students + o.students,
            male: self.male + o.male,
            migrant: self.migrant + o.migrant,
            migrant_purchased: self.migrant_purchased + o.migrant_purchased,
            disabled: self.disabled + o.disabled,
            home_teaching: self.home_teaching + o.home_teaching,
            left_behind: self.left_behind + o.left_behind,
            boarding: self.boarding + o.boarding,
            needy: self.needy + o.needy,
        }
    }
}

/// The counts of a registry file, grade by grade (index 0 = grade 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegistryCounts {
    /// Grades 1–9.
    pub grades: [GradeCounts; 9],
}

impl RegistryCounts {
    /// The counts of a file's children.
    pub fn of(students: &[NewStudent]) -> RegistryCounts {
        let mut c = RegistryCounts::default();
        for s in students {
            if let Some(g) = c.grades.get_mut(usize::from(s.grade).wrapping_sub(1)) {
                g.add(s);
            }
        }
        c
    }

    /// Grade `g` (1–9).
    pub fn grade(&self, g: u8) -> GradeCounts {
        self.grades
            .get(usize::from(g).wrapping_sub(1))
            .copied()
            .unwrap_or_default()
    }

    /// The sum over a 学段, or over all grades.
    pub fn total(&self, stage: Option<Stage>) -> GradeCounts {
        (1..=9u8)
            .filter(|g| stage.is_none_or(|s| s.grades().contains(g)))
            .fold(GradeCounts::default(), |t, g| t.plus(self.grade(g)))
    }

    /// The sum of two files' counts.
    pub fn plus(mut self, o: &RegistryCounts) -> RegistryCounts {
        for (a, b) in self.grades.iter_mut().zip(o.grades) {
            *a = a.plus(b);
        }
        self
    }
}

/// A registry file as stored: one version of a school's 学籍 for a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentImport {
    /// Row id.
    pub id: i64,
    /// The school.
    pub school: SchoolCode,
    /// The school year (2024 = 2024–2025学年).
    pub year: i32,
    /// Its version for the school and year, from 1.
    pub version: u32,
    /// 公办 (else 民办).
    pub public: bool,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Children in it.
    pub students: u64,
    /// Their counts.
    pub counts: RegistryCounts,
    /// Who imported it (login).
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

/// A child of the current registry of a school and year, without name or number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryEntry {
    /// The child's id.
    pub student: i64,
    /// 男.
    pub male: bool,
    /// 出生年月, `YYYY-MM`.
    pub birth_month: String,
    /// 年级.
    pub grade: u8,
    /// 班级 (empty once reduced).
    pub class: String,
    /// 随迁: the 户籍 province.
    pub migrant_from: Option<String>,
    /// 残疾类别 and 安置方式.
    pub disability: Option<(Disability, Placement)>,
    /// The flags.
    pub flags: Flags,
}

/// The seal context of a child's name.
pub(crate) fn name_context(pseudonym: &str) -> String {
    format!("student.name:{pseudonym}")
}

/// The seal context of a child's 学籍号.
pub(crate) fn number_context(pseudonym: &str) -> String {
    format!("student.number:{pseudonym}")
}

/// The pseudonym of a 学籍号 (what every later capability keys a child by).
pub fn pseudonym(keys: &StudentKeys, number: &StudentNumber) -> String {
    keys.pseudonym(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(grade: u8, migrant: bool, purchased: bool) -> NewStudent {
        NewStudent {
            number: StudentNumber::parse("L2024000001").unwrap(),
            name: "甲".into(),
            male: true,
            birth_date: "2015-03-01".into(),
            grade,
            class: "1班".into(),
            hukou: if migrant {
                Hukou::Migrant {
                    province: "四川省".into(),
                }
            } else {
                Hukou::Local
            },
            disability: None,
            flags: Flags {
                purchased_place: purchased,
                ..Flags::default()
            },
        }
    }

    #[test]
    fn counts_add_up_by_grade_and_stage() {
        let c = RegistryCounts::of(&[
            child(1, true, false),
            child(1, false, false),
            child(7, true, true),
        ]);
        assert_eq!(c.grade(1).students, 2);
        assert_eq!(c.grade(1).migrant, 1);
        assert_eq!(c.total(Some(Stage::Junior)).migrant_purchased, 1);
        assert_eq!(c.total(None).students, 3);
        assert_eq!(c.plus(&c).total(None).students, 6);
        assert_eq!(c.grade(0), GradeCounts::default());
        let debug = format!("{:?}", child(1, false, false));
        assert!(!debug.contains('甲'), "{debug}");
    }
}
