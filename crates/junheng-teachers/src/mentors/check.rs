//! The checks of a school year's pairs and the coverage of new teachers.

use std::collections::{BTreeMap, HashMap, HashSet};

use junheng_core::school::SchoolCode;
use junheng_rotation::{Teacher, TeacherId};
use serde::Serialize;

use super::{MentorSettings, Pair};

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Problem {
    /// The mentee has more than one active mentor in the pair's subject.
    SecondMentor {
        /// The mentee.
        mentee: TeacherId,
        /// The subject.
        subject: String,
    },
    /// The mentor has more active mentees than allowed.
    OverLimit {
        /// The mentor.
        mentor: TeacherId,
        /// Active mentees.
        mentees: u32,
        /// The limit ([`MentorSettings::max_mentees`]).
        limit: u32,
    },
    /// The mentor is neither 骨干 nor of the title asked.
    NotQualified {
        /// The mentor.
        mentor: TeacherId,
    },
    /// A teacher of the pair is not on the year's roster.
    NotOnRoster {
        /// The teacher.
        teacher: TeacherId,
    },
}

impl Problem {
    /// The problem in Chinese, for pages, files and the command line.
    pub fn message(&self) -> String {
        match self {
            Problem::SecondMentor { mentee, subject } => {
                format!("徒弟 {mentee} 在「{subject}」学科有不止一位在带师傅")
            }
            Problem::OverLimit {
                mentor,
                mentees,
                limit,
            } => format!("师傅 {mentor} 同时带 {mentees} 名徒弟，超过上限 {limit} 名"),
            Problem::NotQualified { mentor } => {
                format!("师傅 {mentor} 既不是骨干教师，也未达到规定职称")
            }
            Problem::NotOnRoster { teacher } => format!("教师 {teacher} 不在本学年花名册中"),
        }
    }
}

/// A problem with the pairs it concerns (indices into the pairs given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What is wrong.
    pub problem: Problem,
    /// The pairs concerned.
    pub pairs: Vec<usize>,
}

/// Whether a roster teacher may be a mentor under `settings`.
pub fn qualifies(t: &Teacher, settings: &MentorSettings) -> bool {
    (settings.backbone_qualifies && t.backbone.counts())
        || t.title.is_some_and(|title| title >= settings.min_title)
}

/// The problems of the pairs active in `year`, against that year's `roster`, in a stable order
/// (by kind, then by teacher).
pub fn check(
    year: i32,
    pairs: &[Pair],
    roster: &[Teacher],
    settings: &MentorSettings,
) -> Vec<Finding> {
    let by_id: HashMap<&TeacherId, &Teacher> = roster
        .iter()
        .filter(|t| t.year == year)
        .map(|t| (&t.id, t))
        .collect();
    let active: Vec<(usize, &Pair)> = pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.active_in(year))
        .collect();
    let mut findings = Vec::new();
    let mut per_subject: BTreeMap<(&TeacherId, &str), Vec<usize>> = BTreeMap::new();
    let mut per_mentor: BTreeMap<&TeacherId, Vec<usize>> = BTreeMap::new();
    for (i, p) in &active {
        per_subject
            .entry((&p.mentee, p.subject.as_str()))
            .or_default()
            .push(*i);
        per_mentor.entry(&p.mentor).or_default().push(*i);
    }
    for ((mentee, subject), ix) in per_subject {
        if ix.len() > 1 {
            findings.push(Finding {
                problem: Problem::SecondMentor {
                    mentee: mentee.clone(),
                    subject: subject.to_owned(),
                },
                pairs: ix,
            });
        }
    }
    for (mentor, ix) in &per_mentor {
        let n = ix.len() as u32;
        if n > settings.max_mentees {
            findings.push(Finding {
                problem: Problem::OverLimit {
                    mentor: (*mentor).clone(),
                    mentees: n,
                    limit: settings.max_mentees,
                },
                pairs: ix.clone(),
            });
        }
    }
    for (mentor, ix) in &per_mentor {
        if by_id.get(mentor).is_some_and(|t| !qualifies(t, settings)) {
            findings.push(Finding {
                problem: Problem::NotQualified {
                    mentor: (*mentor).clone(),
                },
                pairs: ix.clone(),
            });
        }
    }
    let mut missing: BTreeMap<&TeacherId, Vec<usize>> = BTreeMap::new();
    for (i, p) in &active {
        for t in [&p.mentor, &p.mentee] {
            if !by_id.contains_key(t) {
                missing.entry(t).or_default().push(*i);
            }
        }
    }
    for (teacher, ix) in missing {
        findings.push(Finding {
            problem: Problem::NotOnRoster {
                teacher: teacher.clone(),
            },
            pairs: ix,
        });
    }
    findings
}

/// One school's new teachers and how many have a mentor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolCoverage {
    /// 学校标识码.
    pub school: SchoolCode,
    /// New teachers on the year's roster.
    pub new_teachers: u32,
    /// Of them, mentee of a pair active in the year.
    pub covered: u32,
    /// Those without, by id.
    pub uncovered: Vec<TeacherId>,
}

/// Per school of the year's `roster` with new teachers, in code order: the new teachers
/// (`year - start_year < new_teacher_years`) and those who are mentee of a pair active in
/// `year`.
pub fn coverage(
    year: i32,
    pairs: &[Pair],
    roster: &[Teacher],
    settings: &MentorSettings,
) -> Vec<SchoolCoverage> {
    let mentees: HashSet<&TeacherId> = pairs
        .iter()
        .filter(|p| p.active_in(year))
        .map(|p| &p.mentee)
        .collect();
    let mut by_school: BTreeMap<&SchoolCode, SchoolCoverage> = BTreeMap::new();
    for t in roster.iter().filter(|t| t.year == year) {
        if t.years_at_school(year) >= settings.new_teacher_years {
            continue;
        }
        let c = by_school
            .entry(&t.school)
            .or_insert_with(|| SchoolCoverage {
                school: t.school.clone(),
                new_teachers: 0,
                covered: 0,
                uncovered: Vec::new(),
            });
        c.new_teachers += 1;
        if mentees.contains(&t.id) {
            c.covered += 1;
        } else {
            c.uncovered.push(t.id.clone());
        }
    }
    by_school.into_values().collect()
}
