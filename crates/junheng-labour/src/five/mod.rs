//! 五育 coverage beyond labour: 大课间 held, 美育 practice reaching children, 特色学校 (体育,
//! 艺术, 科技, 劳动) and 校园足球 schools, and 研学 trips — each a simple record set with rates per
//! school and district against the district's own targets.
//!
//! The targets are local settings ([`FiveTargets`]; the reports quote 大课间开展率 98 %, 美育实践
//! 覆盖率 ≥ 90 % and 特色学校 > 50 % as achievements, not national rules \[L\]). A target of 0 is
//! no target.
//!
//! ```
//! use junheng_labour::five::*;
//! use junheng_labour::calendar::{Semester, Term};
//! use junheng_core::school::SchoolCode;
//! let school = SchoolCode::parse("5001120001").unwrap();
//! let term = Term { year: 2025, semester: Semester::First };
//! let breaks = [BreakRecord { school: school.clone(), term, days_held: 88, school_days: 90 }];
//! let records = FiveRecords { breaks: &breaks, ..FiveRecords::default() };
//! let report = five(&[school], 2025, &records, &FiveTargets::default()).unwrap();
//! assert_eq!(report.district.breaks.per_mille(), Some(977));
//! assert_eq!(report.district.met.breaks, Some(false)); // target 98 %
//! ```

use std::collections::{BTreeMap, BTreeSet};

use junheng_core::school::SchoolCode;
use serde::{Deserialize, Serialize};

use crate::calendar::{Day, Term};
use crate::share::Share;
use crate::words::words;

#[cfg(test)]
mod tests;

/// 大课间 of a school in a term: days held of school days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakRecord {
    /// The school.
    pub school: SchoolCode,
    /// The term.
    pub term: Term,
    /// Days the 大课间 was held.
    pub days_held: u32,
    /// School days.
    pub school_days: u32,
}

/// 美育 practice of a school in a school year: children who took part in an arts practice
/// activity, of its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArtsRecord {
    /// The school.
    pub school: SchoolCode,
    /// The school year.
    pub year: i32,
    /// Children reached.
    pub students_reached: u32,
    /// Children of the school.
    pub students: u32,
}

/// The kind of a 特色学校.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialtyKind {
    /// 体育.
    Sports,
    /// 艺术.
    Arts,
    /// 科技.
    Science,
    /// 劳动.
    Labour,
}

words!(SpecialtyKind {
    Sports => "sports", "体育";
    Arts => "arts", "艺术";
    Science => "science", "科技";
    Labour => "labour", "劳动";
});

/// Who recognised it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 国家级.
    National,
    /// 省级.
    Provincial,
    /// 市级.
    City,
    /// 区级.
    District,
}

words!(Level {
    National => "national", "国家级" | "全国";
    Provincial => "provincial", "省级";
    City => "city", "市级";
    District => "district", "区级" | "县级";
});

/// A 特色学校 recognition, valid from a school year until one (or still).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Specialty {
    /// The school.
    pub school: SchoolCode,
    /// Its kind.
    pub kind: SpecialtyKind,
    /// Its level.
    pub level: Level,
    /// The first school year it holds.
    pub since: i32,
    /// The last school year it holds, if it lapsed.
    #[serde(default)]
    pub until: Option<i32>,
}

/// A 校园足球特色学校 recognition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FootballSchool {
    /// The school.
    pub school: SchoolCode,
    /// Its level.
    pub level: Level,
    /// The first school year it holds.
    pub since: i32,
    /// The last school year it holds, if it lapsed.
    #[serde(default)]
    pub until: Option<i32>,
}

/// A 研学 trip of a school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyTrip {
    /// The school.
    pub school: SchoolCode,
    /// The day it left.
    pub day: Day,
    /// Where.
    pub destination: String,
    /// Children who went.
    pub participants: u32,
    /// Children it was for (the grades invited).
    pub students: u32,
}

/// The record sets of a school year.
#[derive(Debug, Clone, Copy, Default)]
pub struct FiveRecords<'a> {
    /// 大课间 per school and term.
    pub breaks: &'a [BreakRecord],
    /// 美育 practice per school and year.
    pub arts: &'a [ArtsRecord],
    /// 特色学校.
    pub specialties: &'a [Specialty],
    /// 校园足球特色学校.
    pub football: &'a [FootballSchool],
    /// 研学 trips.
    pub trips: &'a [StudyTrip],
}

/// The district's targets, per mille; 0 = no target \[L\].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FiveTargets {
    /// 大课间 days held. Default 980.
    pub breaks_per_mille: u32,
    /// Children reached by 美育 practice. Default 900.
    pub arts_per_mille: u32,
    /// Schools that are a 特色学校 of any kind. Default 500.
    pub specialty_per_mille: u32,
    /// Schools that are a 校园足球特色学校. Default 0 (none).
    pub football_per_mille: u32,
    /// Children invited who went on 研学 trips. Default 0 (none).
    pub trips_per_mille: u32,
}

impl Default for FiveTargets {
    fn default() -> Self {
        FiveTargets {
            breaks_per_mille: 980,
            arts_per_mille: 900,
            specialty_per_mille: 500,
            football_per_mille: 0,
            trips_per_mille: 0,
        }
    }
}

/// Whether each target is met: `None` without a target or without data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct FiveMet {
    /// 大课间.
    pub breaks: Option<bool>,
    /// 美育.
    pub arts: Option<bool>,
    /// 特色学校 (district only).
    pub specialty: Option<bool>,
    /// 校园足球 (district only).
    pub football: Option<bool>,
    /// 研学.
    pub trips: Option<bool>,
}

fn met(share: Share, target: u32) -> Option<bool> {
    (target > 0 && share.whole > 0).then(|| share.reaches(target))
}

/// A school's 五育 figures of a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolFive {
    /// The school.
    pub school: SchoolCode,
    /// 大课间 days held, of school days (both terms).
    pub breaks: Share,
    /// Children reached by 美育 practice.
    pub arts: Share,
    /// Its 特色 recognitions holding in the year.
    pub specialties: Vec<(SpecialtyKind, Level)>,
    /// Its 校园足球 recognition holding in the year, if any (the highest).
    pub football: Option<Level>,
    /// 研学 trips.
    pub trips: u32,
    /// Children invited who went.
    pub trip_participation: Share,
    /// Targets met.
    pub met: FiveMet,
}

/// The district's 五育 figures of a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictFive {
    /// 大课间 days held, pooled.
    pub breaks: Share,
    /// Children reached by 美育 practice, pooled.
    pub arts: Share,
    /// Schools with any 特色 recognition.
    pub specialty_schools: Share,
    /// Schools per 特色 kind.
    pub by_kind: BTreeMap<SpecialtyKind, u64>,
    /// 校园足球特色学校.
    pub football_schools: Share,
    /// Schools with a 研学 trip.
    pub trip_schools: Share,
    /// Children invited who went, pooled.
    pub trip_participation: Share,
    /// Targets met.
    pub met: FiveMet,
}

/// The 五育 report of a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FiveReport {
    /// The school year.
    pub year: i32,
    /// The schools, in the order given.
    pub schools: Vec<SchoolFive>,
    /// The district.
    pub district: DistrictFive,
}

/// A record whose part exceeds its whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FiveError {
    /// More days held than school days.
    #[error("学校 {school} 大课间开展 {held} 天，多于在校日 {days} 天")]
    Breaks {
        /// The school.
        school: SchoolCode,
        /// Days held.
        held: u32,
        /// School days.
        days: u32,
    },
    /// More children reached or travelling than there are.
    #[error("学校 {school} 的{what}人数 {part} 多于学生数 {whole}")]
    Students {
        /// The school.
        school: SchoolCode,
        /// 美育实践 or 研学.
        what: &'static str,
        /// Children counted.
        part: u32,
        /// Children there are.
        whole: u32,
    },
}

impl FiveError {
    /// The stable code (an i18n key).
    pub fn code(&self) -> &'static str {
        match self {
            FiveError::Breaks { .. } => "five.breaks_above_days",
            FiveError::Students { .. } => "five.students_above_whole",
        }
    }
}

/// The 五育 report of `schools` in school year `year`.
pub fn five(
    schools: &[SchoolCode],
    year: i32,
    records: &FiveRecords<'_>,
    targets: &FiveTargets,
) -> Result<FiveReport, FiveError> {
    let holds = |since: i32, until: Option<i32>| since <= year && until.is_none_or(|u| u >= year);
    let mut rows: Vec<SchoolFive> = Vec::with_capacity(schools.len());
    for school in schools {
        let mut breaks = Share::default();
        for b in records
            .breaks
            .iter()
            .filter(|b| &b.school == school && b.term.year == year)
        {
            if b.days_held > b.school_days {
                return Err(FiveError::Breaks {
                    school: school.clone(),
                    held: b.days_held,
                    days: b.school_days,
                });
            }
            breaks = breaks.plus(Share::new(b.days_held.into(), b.school_days.into()));
        }
        let mut arts = Share::default();
        for a in records
            .arts
            .iter()
            .filter(|a| &a.school == school && a.year == year)
        {
            arts = arts.plus(part_of(school, "美育实践", a.students_reached, a.students)?);
        }
        let mut trip_participation = Share::default();
        let mut trips = 0;
        for t in records
            .trips
            .iter()
            .filter(|t| &t.school == school && t.day.school_year() == year)
        {
            trips += 1;
            trip_participation =
                trip_participation.plus(part_of(school, "研学", t.participants, t.students)?);
        }
        let specialties: BTreeSet<(SpecialtyKind, Level)> = records
            .specialties
            .iter()
            .filter(|s| &s.school == school && holds(s.since, s.until))
            .map(|s| (s.kind, s.level))
            .collect();
        let football = records
            .football
            .iter()
            .filter(|f| &f.school == school && holds(f.since, f.until))
            .map(|f| f.level)
            .min();
        rows.push(SchoolFive {
            school: school.clone(),
            met: FiveMet {
                breaks: met(breaks, targets.breaks_per_mille),
                arts: met(arts, targets.arts_per_mille),
                specialty: None,
                football: None,
                trips: met(trip_participation, targets.trips_per_mille),
            },
            breaks,
            arts,
            specialties: specialties.into_iter().collect(),
            football,
            trips,
            trip_participation,
        });
    }
    let n = rows.len() as u64;
    let count = |f: &dyn Fn(&SchoolFive) -> bool| rows.iter().filter(|r| f(r)).count() as u64;
    let mut by_kind = BTreeMap::new();
    for &kind in SpecialtyKind::ALL {
        by_kind.insert(
            kind,
            count(&|r: &SchoolFive| r.specialties.iter().any(|&(k, _)| k == kind)),
        );
    }
    let breaks: Share = rows.iter().map(|r| r.breaks).sum();
    let arts: Share = rows.iter().map(|r| r.arts).sum();
    let trip_participation: Share = rows.iter().map(|r| r.trip_participation).sum();
    let specialty_schools = Share::new(count(&|r| !r.specialties.is_empty()), n);
    let football_schools = Share::new(count(&|r| r.football.is_some()), n);
    let district = DistrictFive {
        met: FiveMet {
            breaks: met(breaks, targets.breaks_per_mille),
            arts: met(arts, targets.arts_per_mille),
            specialty: met(specialty_schools, targets.specialty_per_mille),
            football: met(football_schools, targets.football_per_mille),
            trips: met(trip_participation, targets.trips_per_mille),
        },
        breaks,
        arts,
        specialty_schools,
        by_kind,
        football_schools,
        trip_schools: Share::new(count(&|r| r.trips > 0), n),
        trip_participation,
    };
    Ok(FiveReport {
        year,
        schools: rows,
        district,
    })
}

/// `part` of `whole` children, or the error naming the school.
fn part_of(
    school: &SchoolCode,
    what: &'static str,
    part: u32,
    whole: u32,
) -> Result<Share, FiveError> {
    if part > whole {
        return Err(FiveError::Students {
            school: school.clone(),
            what,
            part,
            whole,
        });
    }
    Ok(Share::new(part.into(), whole.into()))
}
