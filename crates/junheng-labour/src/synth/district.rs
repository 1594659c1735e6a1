//! A district's labour bases, one alliance, a school year of visits and of 五育 records, generated
//! deterministically from its schools (for the demo and tests): six demonstration bases (巴南
//! has six), an alliance of the first seven schools (巴南 has seven 联盟 units), each school's
//! monthly visits (a class each, within capacity, on different weekdays for up to 120
//! schools) and a day when two schools crowd a base above its capacity, 大课间 of both terms with the first
//! school below the default 98 % target, 美育 practice, a 特色学校 for every second school, a
//! 校园足球 school for every third, and 研学 trips.
//!
//! ```
//! use junheng_labour::synth::{Synth, synth};
//! use junheng_labour::five::{FiveRecords, FiveTargets, five};
//! use junheng_core::school::SchoolCode;
//! let schools: Vec<(SchoolCode, u32)> = (1..=9)
//!     .map(|i| (SchoolCode::parse(&format!("50011300{i:02}")).unwrap(), 600 + 40 * i))
//!     .collect();
//! let s: Synth = synth(&schools, 2025);
//! assert_eq!((s.bases.len(), s.alliance.schools.len()), (6, 7));
//! let codes: Vec<SchoolCode> = schools.iter().map(|(c, _)| c.clone()).collect();
//! let records = FiveRecords { breaks: &s.breaks, arts: &s.arts, specialties: &s.specialties,
//!     football: &s.football, trips: &s.trips };
//! let report = five(&codes, 2025, &records, &FiveTargets::default()).unwrap();
//! assert_eq!(report.schools[0].met.breaks, Some(false));
//! assert!(report.schools[1..].iter().all(|r| r.met.breaks == Some(true)));
//! ```

use junheng_core::school::SchoolCode;

use crate::bases::{Alliance, AllianceId, Base, BaseId, BaseKind, Visit};
use crate::calendar::{Day, Semester, Term};
use crate::five::{
    ArtsRecord, BreakRecord, FootballSchool, Level, Specialty, SpecialtyKind, StudyTrip,
};

/// What [`synth`] generates. Bases are numbered 1–6 and visits name them by those ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synth {
    /// Six demonstration bases.
    pub bases: Vec<Base>,
    /// One alliance of (at most) seven schools sharing the first three bases.
    pub alliance: Alliance,
    /// Visits of the school year.
    pub visits: Vec<Visit>,
    /// 大课间 of both terms.
    pub breaks: Vec<BreakRecord>,
    /// 美育 practice.
    pub arts: Vec<ArtsRecord>,
    /// 特色学校.
    pub specialties: Vec<Specialty>,
    /// 校园足球特色学校.
    pub football: Vec<FootballSchool>,
    /// 研学 trips.
    pub trips: Vec<StudyTrip>,
}

const BASES: [(&str, BaseKind, u32); 6] = [
    ("蚕桑劳动教育示范基地", BaseKind::Farm, 120),
    ("现代农业科技园", BaseKind::Farm, 200),
    ("社区志愿服务站", BaseKind::Community, 40),
    ("非遗竹编工坊", BaseKind::Enterprise, 60),
    ("智能制造体验中心", BaseKind::Enterprise, 80),
    ("校园种植园", BaseKind::School, 50),
];

/// The first weekday on or after `day`.
fn weekday(day: Day) -> Day {
    let mut d = day;
    while d.is_weekend() {
        d = d.plus(1);
    }
    d
}

/// The `n`-th (from 0) Monday-to-Friday from `first` on.
fn nth_weekday(first: Day, n: usize) -> Day {
    let mut d = weekday(first);
    for _ in 0..n {
        d = weekday(d.plus(1));
    }
    d
}

/// Generates the records of `schools` (code and children) for school year `year`.
pub fn synth(schools: &[(SchoolCode, u32)], year: i32) -> Synth {
    let day = |y: i32, m: u32, d: u32| Day::new(y, m, d).expect("a real day");
    let host = schools.first().map(|(c, _)| c.clone());
    let bases: Vec<Base> = BASES
        .iter()
        .enumerate()
        .map(|(i, (name, kind, capacity))| Base {
            id: BaseId(i as i64 + 1),
            name: (*name).into(),
            kind: *kind,
            capacity: *capacity,
            school: if *kind == BaseKind::School {
                host.clone()
            } else {
                None
            },
        })
        .collect();
    let alliance = Alliance {
        id: AllianceId(1),
        name: "劳动教育第一联盟".into(),
        schools: schools.iter().take(7).map(|(c, _)| c.clone()).collect(),
        bases: vec![BaseId(1), BaseId(2), BaseId(3)],
    };
    // Months of the school year with classes: September to December, March to June.
    let months = [
        (year, 9),
        (year, 10),
        (year, 11),
        (year, 12),
        (year + 1, 3),
        (year + 1, 4),
        (year + 1, 5),
        (year + 1, 6),
    ];
    let mut visits = Vec::new();
    for (i, (school, students)) in schools.iter().enumerate() {
        let base = (i % BASES.len()) as i64 + 1;
        // A class, within the base's capacity.
        let group = (30 + (i as u32 * 7) % 40).min(BASES[i % BASES.len()].2);
        for (k, &(y, m)) in months.iter().enumerate() {
            // Every school every month but one in three schools skips every second month.
            if i % 3 == 2 && k % 2 == 1 {
                continue;
            }
            // The schools of a base come on different weekdays (up to 120 schools).
            let nth = (i / BASES.len() + k) % 20;
            visits.push(Visit {
                base: BaseId(base),
                school: school.clone(),
                day: nth_weekday(day(y, m, 1), nth),
                students: group.min(*students),
            });
        }
    }
    // Two schools at the community station on one day: above its capacity of 40.
    for (school, _) in schools.iter().take(2) {
        visits.push(Visit {
            base: BaseId(3),
            school: school.clone(),
            day: weekday(day(year, 11, 20)),
            students: 25,
        });
    }
    visits.sort_by_key(|v| (v.day, v.base));
    let mut breaks = Vec::new();
    let mut arts = Vec::new();
    let mut specialties = Vec::new();
    let mut football = Vec::new();
    let mut trips = Vec::new();
    let kinds = SpecialtyKind::ALL;
    let levels = [
        Level::District,
        Level::City,
        Level::District,
        Level::Provincial,
    ];
    for (i, (school, students)) in schools.iter().enumerate() {
        for (semester, days) in [(Semester::First, 90), (Semester::Second, 95)] {
            let held = match i {
                0 => days - 5,
                _ if i % 3 == 0 => days - 1,
                _ => days,
            };
            breaks.push(BreakRecord {
                school: school.clone(),
                term: Term { year, semester },
                days_held: held,
                school_days: days,
            });
        }
        let share = if i == 4 { 85 } else { 92 + (i as u32 * 3) % 8 };
        arts.push(ArtsRecord {
            school: school.clone(),
            year,
            students_reached: students * share / 100,
            students: *students,
        });
        if i % 2 == 1 {
            specialties.push(Specialty {
                school: school.clone(),
                kind: kinds[(i / 2) % kinds.len()],
                level: levels[(i / 2) % levels.len()],
                since: year - 1 - (i as i32 % 3),
                until: None,
            });
        }
        if i % 3 == 0 {
            football.push(FootballSchool {
                school: school.clone(),
                level: if i == 0 {
                    Level::National
                } else {
                    Level::District
                },
                since: year - 3,
                until: None,
            });
        }
        let invited = (students / 6).max(1);
        trips.push(StudyTrip {
            school: school.clone(),
            day: weekday(day(year, 11, 5 + (i % 20) as u32)),
            destination: if i % 2 == 0 {
                "自然博物馆"
            } else {
                "红岩革命纪念馆"
            }
            .into(),
            participants: invited - invited / 20,
            students: invited,
        });
    }
    Synth {
        bases,
        alliance,
        visits,
        breaks,
        arts,
        specialties,
        football,
        trips,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bases::base_use;
    use crate::calendar::Span;
    use crate::testing::school;

    #[test]
    fn the_demo_year_has_a_day_over_capacity_and_stays_in_its_year() {
        let schools: Vec<(SchoolCode, u32)> = (1..=12).map(|i| (school(i), 800)).collect();
        let s = synth(&schools, 2025);
        assert!(
            s.visits
                .iter()
                .all(|v| v.day.school_year() == 2025 && !v.day.is_weekend())
        );
        assert!(s.trips.iter().all(|t| t.day.school_year() == 2025));
        let year = Span::new(
            Day::parse("2025-09-01").unwrap(),
            Day::parse("2026-08-31").unwrap(),
        )
        .unwrap();
        let used = base_use(&s.bases, &s.visits, year, 200);
        let crowded = weekday(Day::parse("2025-11-20").unwrap());
        assert!(used[2].over_capacity.contains(&crowded), "{:?}", used[2]);
        assert_eq!(synth(&schools, 2025), s);
        // A hundred schools: still that one crowded day only.
        let many: Vec<(SchoolCode, u32)> = (1..=100).map(|i| (school(i), 800)).collect();
        let m = synth(&many, 2025);
        let over: usize = base_use(&m.bases, &m.visits, year, 200)
            .iter()
            .map(|u| u.over_capacity.len())
            .sum();
        assert_eq!(over, 1);
        assert_eq!(s.specialties.len(), 6);
    }
}
