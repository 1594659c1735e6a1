//! Who the records are about: a child by an opaque key only (never a name or a 学籍号), their
//! grade, and the class and school they are in.

use std::fmt;

use junheng_core::school::SchoolCode;
use junheng_core::student::Stage;
use serde::{Deserialize, Deserializer, Serialize};

use crate::groups::GradeBand;

/// A child, by the store's opaque key (`students.id`): never a name or a 学籍号.
///
/// ```
/// use junheng_labour::StudentKey;
/// assert_eq!(StudentKey(42).to_string(), "42");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StudentKey(pub i64);

impl fmt::Display for StudentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A grade of 义务教育, 1–9; built only by [`Grade::new`] (serde checks too).
///
/// ```
/// use junheng_labour::{Grade, groups::GradeBand};
/// use junheng_core::student::Stage;
/// let g = Grade::new(7).unwrap();
/// assert_eq!((g.band(), g.stage()), (GradeBand::Fourth, Stage::Junior));
/// assert!(Grade::new(0).is_none() && Grade::new(10).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Grade(u8);

impl Grade {
    /// Grade 1–9, or `None`.
    pub fn new(grade: u8) -> Option<Grade> {
        (1..=9).contains(&grade).then_some(Grade(grade))
    }

    /// The number, 1–9.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The 课标's 学段 band of the grade.
    pub fn band(self) -> GradeBand {
        GradeBand::of_grade(self)
    }

    /// 小学 or 初中.
    pub fn stage(self) -> Stage {
        if self.0 <= 6 {
            Stage::Primary
        } else {
            Stage::Junior
        }
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Grade::new(u8::deserialize(d)?)
            .ok_or_else(|| serde::de::Error::custom("年级应为 1 到 9 的整数"))
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年级", self.0)
    }
}

/// A class: its school and its name there (the 学籍's class text, e.g. `三年级(2)班`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClassRef {
    /// 学校标识码.
    pub school: SchoolCode,
    /// The class as the school names it.
    pub class: String,
}

/// One child of the term's roster: where they are and in which grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    /// The child.
    pub student: StudentKey,
    /// The class (and school).
    pub class: ClassRef,
    /// The grade.
    pub grade: Grade,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_map_to_bands_and_stages_and_refuse_others_in_serde() {
        let bands: Vec<_> = (1..=9).map(|g| Grade::new(g).unwrap().band()).collect();
        use GradeBand::*;
        assert_eq!(
            bands,
            [
                First, First, Second, Second, Third, Third, Fourth, Fourth, Fourth
            ]
        );
        assert_eq!(Grade::new(6).unwrap().stage(), Stage::Primary);
        assert_eq!(serde_json::from_str::<Grade>("3").unwrap().get(), 3);
        assert!(serde_json::from_str::<Grade>("10").is_err());
    }
}
