//! 三个课堂 (专递课堂, 名师课堂, 名校网络课堂) and 同步课堂 inside a group: the kinds of session,
//! the lesson plan a school's share of covered lessons is measured against, and the usage of a
//! school year — per receiving school and subject, the sessions, minutes and hours received, and
//! the share of the subject's scheduled lessons they cover.
//!
//! **Scheduled lessons** of a subject in a school year = weekly lessons of the subject (per grade
//! band, [`LessonPlan::subjects`]) × teaching weeks ([`LessonPlan::weeks`]) × the school's
//! classes of the band. The statistics give classes per 学段 only (小学 1–6, 初中 7–9), so the
//! 小学 classes are taken as spread evenly over its six grades: ⅓ in grades 1–2, ⅔ in 3–6.
//! A school whose classes are unknown (no statistics of the year, or no class at all) has no
//! scheduled lessons: [`Scheduled::Unknown`] (shown 未接入), never a made-up number.
//!
//! **Covered lessons** = sessions received: one session is one lesson given to one class of the
//! receiving school (a double lesson is entered as two sessions).
//!
//! ```
//! use junheng_core::classroom::{LessonPlan, Scheduled, scheduled};
//! use junheng_core::demo::{DemoSpec, generate};
//! let plan = LessonPlan::national();
//! let mut school = generate(&DemoSpec { schools: 1, seed: 1, year: 2024 }).remove(0);
//! (school.primary.classes, school.junior.classes) = (6, 0);
//! // 音乐: 2 a week in every primary grade, 35 weeks, 6 classes.
//! assert_eq!(scheduled(&plan, "音乐", Some(&school)), Scheduled::Lessons(420.0));
//! assert_eq!(scheduled(&plan, "音乐", None), Scheduled::Unknown);
//! assert_eq!(scheduled(&plan, "书法", Some(&school)), Scheduled::NotPlanned);
//! ```

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::school::{SchoolCode, SchoolRecord, UrbanRural};

/// What kind of session. Identifiers are stored and never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassroomKind {
    /// 专递课堂: a lesson streamed to a school that lacks the teacher (音乐, 美术 …).
    Remote,
    /// 名师课堂: a renowned teacher's lesson or teaching research shared.
    MasterTeacher,
    /// 名校网络课堂: a strong school's lessons over the network.
    FamousSchool,
    /// 同步课堂: a live lesson shared between schools of one 教育集团.
    Synchronous,
}

impl ClassroomKind {
    /// Every kind, in a stable order.
    pub const ALL: [ClassroomKind; 4] = [
        ClassroomKind::Remote,
        ClassroomKind::MasterTeacher,
        ClassroomKind::FamousSchool,
        ClassroomKind::Synchronous,
    ];

    /// Stable identifier: `remote`, `master_teacher`, `famous_school`, `synchronous`.
    pub const fn id(self) -> &'static str {
        match self {
            ClassroomKind::Remote => "remote",
            ClassroomKind::MasterTeacher => "master_teacher",
            ClassroomKind::FamousSchool => "famous_school",
            ClassroomKind::Synchronous => "synchronous",
        }
    }

    /// The Chinese name (as the template writes it).
    pub const fn label(self) -> &'static str {
        match self {
            ClassroomKind::Remote => "专递课堂",
            ClassroomKind::MasterTeacher => "名师课堂",
            ClassroomKind::FamousSchool => "名校网络课堂",
            ClassroomKind::Synchronous => "同步课堂",
        }
    }

    /// The kind of an identifier or of a Chinese name.
    pub fn parse(text: &str) -> Option<ClassroomKind> {
        let text = text.trim();
        ClassroomKind::ALL
            .into_iter()
            .find(|k| k.id() == text || k.label() == text)
    }
}

/// The grade bands of the lesson plan.
pub const GRADE_BANDS: [&str; 3] = ["1–2 年级", "3–6 年级", "7–9 年级"];

/// Weekly lessons per subject and grade band, and teaching weeks per school year: what a
/// school's received sessions are measured against. A deployment sets its own (settings
/// `classroom_weeks`, `classroom_lessons`); [`LessonPlan::national`] is the default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonPlan {
    /// Teaching weeks of a school year.
    pub weeks: u32,
    /// Subject → weekly lessons in grades 1–2, 3–6 and 7–9.
    pub subjects: BTreeMap<String, [f64; 3]>,
}

/// Most teaching weeks a plan may count.
pub const MAX_WEEKS: u32 = 52;
/// Most weekly lessons of one subject in one grade band.
pub const MAX_WEEKLY: f64 = 20.0;

impl LessonPlan {
    /// The default, after 《义务教育课程方案（2022 年版）》: 35 teaching weeks a school year;
    /// 音乐 and 美术 2 lessons a week in grades 1–6 and 1 in 7–9; 科学 1 a week in grades 1–2
    /// and 2 in 3–6 (in 7–9 the plan teaches 物理, 化学, 生物 instead: 0). The plan fixes each
    /// subject's share of the nine years' lessons (艺术 9–11 %, 科学 8–10 %); the weekly
    /// numbers are the usual timetable within those shares, which a province adjusts.
    pub fn national() -> LessonPlan {
        let subjects = [
            ("音乐", [2.0, 2.0, 1.0]),
            ("美术", [2.0, 2.0, 1.0]),
            ("科学", [1.0, 2.0, 0.0]),
        ];
        LessonPlan {
            weeks: 35,
            subjects: subjects
                .into_iter()
                .map(|(s, l)| (s.to_owned(), l))
                .collect(),
        }
    }

    /// Checks the plan: 1 to [`MAX_WEEKS`] weeks; subjects of 1 to 20 characters without
    /// control characters; weekly lessons between 0 and [`MAX_WEEKLY`]. The message says what is
    /// wrong (Chinese).
    pub fn check(&self) -> Result<(), String> {
        if !(1..=MAX_WEEKS).contains(&self.weeks) {
            return Err(format!("每学年教学周数应为 1 到 {MAX_WEEKS}"));
        }
        if self.subjects.len() > 50 {
            return Err("课时计划最多 50 个学科".into());
        }
        for (subject, lessons) in &self.subjects {
            let n = subject.chars().count();
            if n == 0
                || n > 20
                || subject.trim() != subject
                || subject.chars().any(char::is_control)
            {
                return Err(format!("学科“{subject}”应为 1 到 20 个字"));
            }
            if lessons
                .iter()
                .any(|l| !l.is_finite() || !(0.0..=MAX_WEEKLY).contains(l))
            {
                return Err(format!(
                    "学科“{subject}”的周课时应为 3 个 0 到 {MAX_WEEKLY} 之间的数（1–2、3–6、7–9 年级）"
                ));
            }
        }
        Ok(())
    }
}

/// A school's scheduled lessons of a subject in a school year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "state", content = "lessons", rename_all = "snake_case")]
pub enum Scheduled {
    /// The school's classes are unknown (未接入).
    Unknown,
    /// The plan does not schedule the subject for the school's grades.
    NotPlanned,
    /// Lessons of the school year.
    Lessons(f64),
}

/// The scheduled lessons of `subject` at `school` (its record of the year, if any) under `plan`.
pub fn scheduled(plan: &LessonPlan, subject: &str, school: Option<&SchoolRecord>) -> Scheduled {
    let Some(r) = school else {
        return Scheduled::Unknown;
    };
    let (primary, junior) = (f64::from(r.primary.classes), f64::from(r.junior.classes));
    if primary + junior == 0.0 {
        return Scheduled::Unknown;
    }
    let Some(weekly) = plan.subjects.get(subject) else {
        return Scheduled::NotPlanned;
    };
    // 小学 classes spread evenly over six grades: two in 1–2, four in 3–6.
    let per_week = (weekly[0] * 2.0 + weekly[1] * 4.0) * primary / 6.0 + weekly[2] * junior;
    if per_week == 0.0 {
        Scheduled::NotPlanned
    } else {
        Scheduled::Lessons(per_week * f64::from(plan.weeks))
    }
}

/// A session as the usage reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received<'a> {
    /// The receiving school.
    pub school: &'a SchoolCode,
    /// 学科.
    pub subject: &'a str,
    /// Minutes.
    pub minutes: u32,
}

/// One receiving school and subject in a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectUsage {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学校名称 (empty when the school has no statistics of the year).
    pub name: String,
    /// 城乡分类 of the year's statistics.
    pub urban_rural: Option<UrbanRural>,
    /// 班数 (小学 + 初中) of the year's statistics; `None` when unknown.
    pub classes: Option<u32>,
    /// 学科.
    pub subject: String,
    /// Sessions received (covered lessons).
    pub sessions: u32,
    /// Minutes received.
    pub minutes: u64,
    /// `minutes / 60`.
    pub hours: f64,
    /// The scheduled lessons of the subject.
    pub scheduled: Scheduled,
    /// `sessions / scheduled lessons`, when lessons are scheduled.
    pub share: Option<f64>,
}

/// Which schools a usage lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schools {
    /// The year's schools of 城乡分类 乡村.
    Rural,
    /// Every school of the year, and every school that received a session.
    All,
}

/// The usage of a school year: one row per school and subject — each school of `records` (the
/// year's statistics) that `schools` selects with every subject of the plan, and every subject it
/// received; plus, for [`Schools::All`], schools that received sessions without statistics of
/// the year. Rows by school code, then the plan's subjects, then the others by name.
pub fn usage(
    records: &[SchoolRecord],
    received: &[Received<'_>],
    plan: &LessonPlan,
    schools: Schools,
) -> Vec<SubjectUsage> {
    let by_code: BTreeMap<&SchoolCode, &SchoolRecord> =
        records.iter().map(|r| (&r.code, r)).collect();
    let mut tally: BTreeMap<(&SchoolCode, &str), (u32, u64)> = BTreeMap::new();
    for s in received {
        let t = tally.entry((s.school, s.subject)).or_default();
        t.0 += 1;
        t.1 += u64::from(s.minutes);
    }
    let mut listed: BTreeSet<&SchoolCode> = records
        .iter()
        .filter(|r| schools == Schools::All || r.urban_rural == Some(UrbanRural::Rural))
        .map(|r| &r.code)
        .collect();
    if schools == Schools::All {
        listed.extend(received.iter().map(|s| s.school));
    }
    let mut rows = Vec::new();
    for code in listed {
        let record = by_code.get(code).copied();
        let mut subjects: Vec<&str> = plan.subjects.keys().map(String::as_str).collect();
        let mut own: Vec<&str> = tally
            .range((code, "")..)
            .take_while(|((c, _), _)| *c == code)
            .map(|((_, s), _)| *s)
            .filter(|s| !plan.subjects.contains_key(*s))
            .collect();
        own.sort_unstable();
        subjects.extend(own);
        for subject in subjects {
            let (sessions, minutes) = tally.get(&(code, subject)).copied().unwrap_or_default();
            let scheduled = scheduled(plan, subject, record);
            let share = match scheduled {
                Scheduled::Lessons(l) => Some(f64::from(sessions) / l),
                _ => None,
            };
            rows.push(SubjectUsage {
                school: code.clone(),
                name: record.map_or_else(String::new, |r| r.name.clone()),
                urban_rural: record.and_then(|r| r.urban_rural),
                classes: record
                    .map(|r| r.primary.classes + r.junior.classes)
                    .filter(|c| *c > 0),
                subject: subject.to_owned(),
                sessions,
                minutes,
                hours: minutes as f64 / 60.0,
                scheduled,
                share,
            });
        }
    }
    rows
}
