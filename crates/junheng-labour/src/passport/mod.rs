//! 劳动护照 (the labour passport): each child's records of labour, their verification, the
//! weekly spot check, points, badges, three-dimension ratings and the term summary with its
//! grade.
//!
//! * A [`LabourRecord`] says who did which item on which day for how many minutes, with a short
//!   text as evidence (no photos, by design: text is enough to check against and keeps
//!   children's images out of the system) and who reported it ([`Reporter`]).
//! * Verification has three tiers (the 意见's 公示、审核 \[V\]; the tiers are \[L\]): a parent confirms
//!   home labour; a teacher (班主任 or 劳动教师) verifies campus, community and base records and
//!   spot-checks a sample of the home records each week ([`spot_check`]); the school's 公示 and
//!   review come after the term ([`crate::review`]). A record's [`Status`] is the fold of its
//!   [`Verification`]s ([`status_of`]); [`apply`] is the one transition rule.
//! * [`points`], [`award`] and [`summarise`] read the records with their status ([`Entry`]).
//!
//! ```
//! use junheng_labour::checklist::Place;
//! use junheng_labour::passport::{Decision, Reporter, Status, Verifier, apply, initial_status};
//! let s = initial_status(Reporter::Student, Place::Home);
//! let s = apply(s, Place::Home, Verifier::Parent, Decision::Confirmed).unwrap();
//! assert_eq!(s, Status::ParentConfirmed); // counts at the parent-only weight
//! let s = apply(s, Place::Home, Verifier::ClassTeacher, Decision::Confirmed).unwrap();
//! assert_eq!(s, Status::TeacherVerified); // spot-checked: full weight
//! assert!(apply(initial_status(Reporter::Base, Place::Society), Place::Society, Verifier::Parent, Decision::Confirmed).is_err());
//! ```

mod badges;
mod points;
mod spot;
mod summary;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::calendar::Day;
use crate::checklist::{EffectiveList, ItemCode, Place};
use crate::roster::{Grade, StudentKey};
use crate::words::words;

pub use badges::{Badge, BadgeCheck, BadgeProgress, BadgeRule, award, default_badges};
pub use points::{ItemWeek, PointsSettings, PointsTally, points};
pub use spot::{SpotCheck, spot_check};
pub use summary::{
    Dimension, GradeLine, GradeSettings, Rater, Rating, RatingMeans, Stars, SummaryInput, Tenths,
    TermGrade, TermSummary, summarise,
};

/// The longest evidence text, in characters.
pub const MAX_EVIDENCE_CHARS: usize = 500;
/// The most minutes one record may hold (a whole day of a 劳动周).
pub const MAX_RECORD_MINUTES: u16 = 600;

/// A record, by the store's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub i64);

impl crate::sample::SampleKey for RecordId {
    fn sample_value(self) -> i64 {
        self.0
    }
}

/// Evidence as text: at most [`MAX_EVIDENCE_CHARS`] characters, no control characters but line
/// breaks; trimmed, `\r\n` read as `\n`. May be empty (a teacher's own record).
///
/// ```
/// use junheng_labour::passport::Evidence;
/// assert_eq!(Evidence::parse(" 洗了碗\r\n擦了桌子 ").unwrap().as_str(), "洗了碗\n擦了桌子");
/// assert!(Evidence::parse(&"字".repeat(501)).is_err());
/// assert!(Evidence::parse("a\u{7}b").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Evidence(String);

impl Evidence {
    /// Checked evidence text.
    pub fn parse(text: &str) -> Result<Evidence, RecordError> {
        let t = text.trim().replace("\r\n", "\n");
        let chars = t.chars().count();
        if chars > MAX_EVIDENCE_CHARS {
            return Err(RecordError::EvidenceTooLong { chars });
        }
        if t.chars().any(|c| c.is_control() && c != '\n') {
            return Err(RecordError::EvidenceControl);
        }
        Ok(Evidence(t))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Evidence::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Who reported a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reporter {
    /// 学生: needs a parent's confirmation (home) or a teacher's.
    Student,
    /// 家长: home labour so reported counts as confirmed by the parent.
    Parent,
    /// 教师: verified by its reporting.
    Teacher,
    /// 基地 (a base's tutor): needs a teacher's verification.
    Base,
}

words!(Reporter {
    Student => "student", "学生";
    Parent => "parent", "家长";
    Teacher => "teacher", "教师";
    Base => "base", "基地";
});

/// One doing of a list item by a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabourRecord {
    /// The record.
    pub id: RecordId,
    /// The child.
    pub student: StudentKey,
    /// The item of the school's effective list.
    pub item: ItemCode,
    /// The day it was done.
    pub day: Day,
    /// Minutes, 1–[`MAX_RECORD_MINUTES`].
    pub minutes: u16,
    /// What was done, as text.
    #[serde(default)]
    pub evidence: Evidence,
    /// Who reported it.
    pub reporter: Reporter,
}

/// Why a record, or a verification of it, is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Minutes outside 1–600.
    #[error("时长 {minutes} 分钟无效：每条记录应为 1 到 600 分钟")]
    Minutes {
        /// The minutes given.
        minutes: u16,
    },
    /// A day after today.
    #[error("日期 {day} 晚于今天 {today}：不能记录尚未发生的劳动")]
    Future {
        /// The record's day.
        day: Day,
        /// Today.
        today: Day,
    },
    /// An item the school's list does not have.
    #[error("项目 {code} 不在本校劳动清单中")]
    UnknownItem {
        /// The code.
        code: ItemCode,
    },
    /// An item for other grades.
    #[error("项目 {code} 不适用于{grade}")]
    NotForGrade {
        /// The code.
        code: ItemCode,
        /// The child's grade.
        grade: Grade,
    },
    /// Evidence too long.
    #[error("佐证文字 {chars} 字，超过 500 字")]
    EvidenceTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// Evidence with control characters.
    #[error("佐证文字含有控制字符：只能使用可见字符和换行")]
    EvidenceControl,
    /// A parent verifying other than home labour.
    #[error("家长只能确认家庭劳动；校内、社会和基地的记录由教师核实")]
    ParentOnlyHome,
    /// A verification of a record already settled by a teacher.
    #[error("该记录已{0}，不能再次审核（更正请新增记录）")]
    Settled(Status),
    /// A parent deciding twice.
    #[error("家长已确认该记录，下一步由教师抽查")]
    ParentAlreadyDecided,
    /// A verification dated before the record.
    #[error("审核日期 {verified} 早于劳动日期 {day}")]
    VerifiedBeforeDone {
        /// The record's day.
        day: Day,
        /// The verification's day.
        verified: Day,
    },
}

impl RecordError {
    /// The stable code (an i18n key).
    pub fn code(&self) -> &'static str {
        match self {
            RecordError::Minutes { .. } => "passport.minutes",
            RecordError::Future { .. } => "passport.future_day",
            RecordError::UnknownItem { .. } => "passport.unknown_item",
            RecordError::NotForGrade { .. } => "passport.not_for_grade",
            RecordError::EvidenceTooLong { .. } => "passport.evidence_too_long",
            RecordError::EvidenceControl => "passport.evidence_control",
            RecordError::ParentOnlyHome => "passport.parent_only_home",
            RecordError::Settled(_) => "passport.settled",
            RecordError::ParentAlreadyDecided => "passport.parent_already_decided",
            RecordError::VerifiedBeforeDone { .. } => "passport.verified_before_done",
        }
    }
}

impl LabourRecord {
    /// Checks a new record of a child of `grade` against the school's list on `today`.
    pub fn check(&self, list: &EffectiveList, grade: Grade, today: Day) -> Result<(), RecordError> {
        if !(1..=MAX_RECORD_MINUTES).contains(&self.minutes) {
            return Err(RecordError::Minutes {
                minutes: self.minutes,
            });
        }
        if self.day > today {
            return Err(RecordError::Future {
                day: self.day,
                today,
            });
        }
        let item = list
            .item(&self.item)
            .ok_or_else(|| RecordError::UnknownItem {
                code: self.item.clone(),
            })?;
        if !item.grades.includes(grade) {
            return Err(RecordError::NotForGrade {
                code: self.item.clone(),
                grade,
            });
        }
        Ok(())
    }
}

/// Who verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verifier {
    /// 家长 (home labour only).
    Parent,
    /// 班主任.
    ClassTeacher,
    /// 劳动教师.
    LabourTeacher,
}

words!(Verifier {
    Parent => "parent", "家长";
    ClassTeacher => "class_teacher", "班主任";
    LabourTeacher => "labour_teacher", "劳动教师";
});

/// A verifier's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 属实.
    Confirmed,
    /// 不属实.
    Rejected,
}

words!(Decision {
    Confirmed => "confirmed", "属实" | "确认";
    Rejected => "rejected", "不属实" | "驳回";
});

/// One decision on a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// The record.
    pub record: RecordId,
    /// Who decided.
    pub verifier: Verifier,
    /// What.
    pub decision: Decision,
    /// When.
    pub day: Day,
}

/// Where a record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 待确认: nobody has confirmed it; it counts for nothing yet.
    Pending,
    /// 家长已确认: home labour on a parent's word; counts at the parent-only weight.
    ParentConfirmed,
    /// 教师已核实: a teacher verified or spot-checked it (or reported it); counts in full.
    TeacherVerified,
    /// 不属实: rejected; counts for nothing.
    Rejected,
}

words!(Status {
    Pending => "pending", "待确认";
    ParentConfirmed => "parent_confirmed", "家长已确认";
    TeacherVerified => "teacher_verified", "教师已核实";
    Rejected => "rejected", "不属实";
});

impl Status {
    /// Whether the record is verified (by a parent for home labour, or by a teacher): what
    /// badges, coverage and the weekly minutes count.
    pub fn verified(self) -> bool {
        matches!(self, Status::ParentConfirmed | Status::TeacherVerified)
    }
}

/// The status of a new record: a teacher's own record is verified, a parent's record of home
/// labour is confirmed, any other waits.
pub fn initial_status(reporter: Reporter, place: Place) -> Status {
    match (reporter, place) {
        (Reporter::Teacher, _) => Status::TeacherVerified,
        (Reporter::Parent, Place::Home) => Status::ParentConfirmed,
        _ => Status::Pending,
    }
}

/// The status after a verifier's decision on a record of `place`, or why the decision is
/// refused: a parent decides only on pending home labour; a teacher decides once, finally (a
/// correction is a new record).
pub fn apply(
    status: Status,
    place: Place,
    verifier: Verifier,
    decision: Decision,
) -> Result<Status, RecordError> {
    if matches!(status, Status::TeacherVerified | Status::Rejected) {
        return Err(RecordError::Settled(status));
    }
    match (verifier, decision) {
        (Verifier::Parent, _) if place != Place::Home => Err(RecordError::ParentOnlyHome),
        (Verifier::Parent, _) if status == Status::ParentConfirmed => {
            Err(RecordError::ParentAlreadyDecided)
        }
        (Verifier::Parent, Decision::Confirmed) => Ok(Status::ParentConfirmed),
        (_, Decision::Rejected) => Ok(Status::Rejected),
        (_, Decision::Confirmed) => Ok(Status::TeacherVerified),
    }
}

/// A record's status after its verifications (in order of day, then as given).
pub fn status_of(
    record: &LabourRecord,
    place: Place,
    verifications: &[&Verification],
) -> Result<Status, RecordError> {
    let mut ordered: Vec<&&Verification> = verifications.iter().collect();
    ordered.sort_by_key(|v| v.day);
    ordered
        .into_iter()
        .try_fold(initial_status(record.reporter, place), |status, v| {
            if v.day < record.day {
                return Err(RecordError::VerifiedBeforeDone {
                    day: record.day,
                    verified: v.day,
                });
            }
            apply(status, place, v.verifier, v.decision)
        })
}

/// A record with its status: what every count of the passport reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The record.
    pub record: LabourRecord,
    /// Its status.
    pub status: Status,
}

/// The records of a school with their statuses, or the first record whose item is not on the
/// school's list or whose verifications break the rules.
pub fn entries(
    records: Vec<LabourRecord>,
    verifications: &[Verification],
    list: &EffectiveList,
) -> Result<Vec<Entry>, (RecordId, RecordError)> {
    let mut by_record: HashMap<RecordId, Vec<&Verification>> = HashMap::new();
    for v in verifications {
        by_record.entry(v.record).or_default().push(v);
    }
    records
        .into_iter()
        .map(|record| {
            let fail = |e| (record.id, e);
            let place = list
                .item(&record.item)
                .ok_or_else(|| {
                    fail(RecordError::UnknownItem {
                        code: record.item.clone(),
                    })
                })?
                .place;
            let mine = by_record.get(&record.id).map_or(&[][..], Vec::as_slice);
            let status = status_of(&record, place, mine).map_err(fail)?;
            Ok(Entry { record, status })
        })
        .collect()
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
