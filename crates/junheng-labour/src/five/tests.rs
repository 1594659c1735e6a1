use super::*;
use crate::calendar::Semester;
use crate::testing::{day, school};

const FIRST: Term = Term {
    year: 2025,
    semester: Semester::First,
};

#[test]
fn rates_per_school_and_district_against_targets() {
    let schools = [school(1), school(2)];
    let second = FIRST.next();
    let breaks = [
        BreakRecord {
            school: school(1),
            term: FIRST,
            days_held: 90,
            school_days: 90,
        },
        BreakRecord {
            school: school(1),
            term: second,
            days_held: 86,
            school_days: 90,
        },
        BreakRecord {
            school: school(2),
            term: FIRST,
            days_held: 90,
            school_days: 90,
        },
        BreakRecord {
            school: school(2),
            term: Term {
                year: 2024,
                semester: Semester::Second,
            },
            days_held: 0,
            school_days: 90,
        },
    ];
    let arts = [
        ArtsRecord {
            school: school(1),
            year: 2025,
            students_reached: 900,
            students: 1000,
        },
        ArtsRecord {
            school: school(2),
            year: 2025,
            students_reached: 350,
            students: 400,
        },
    ];
    let specialties = [
        Specialty {
            school: school(1),
            kind: SpecialtyKind::Sports,
            level: Level::City,
            since: 2023,
            until: None,
        },
        Specialty {
            school: school(2),
            kind: SpecialtyKind::Arts,
            level: Level::District,
            since: 2020,
            until: Some(2024),
        },
    ];
    let football = [
        FootballSchool {
            school: school(1),
            level: Level::District,
            since: 2021,
            until: None,
        },
        FootballSchool {
            school: school(1),
            level: Level::National,
            since: 2024,
            until: None,
        },
        FootballSchool {
            school: school(2),
            level: Level::City,
            since: 2026,
            until: None,
        },
    ];
    let trips = [
        StudyTrip {
            school: school(2),
            day: day("2025-11-12"),
            destination: "红岩村".into(),
            participants: 95,
            students: 100,
        },
        StudyTrip {
            school: school(2),
            day: day("2025-06-12"),
            destination: "上一学年".into(),
            participants: 1,
            students: 100,
        },
    ];
    let records = FiveRecords {
        breaks: &breaks,
        arts: &arts,
        specialties: &specialties,
        football: &football,
        trips: &trips,
    };
    let targets = FiveTargets {
        trips_per_mille: 900,
        ..FiveTargets::default()
    };
    let r = five(&schools, 2025, &records, &targets).unwrap();
    let (a, b) = (&r.schools[0], &r.schools[1]);
    assert_eq!(
        (a.breaks, a.met.breaks),
        (Share::new(176, 180), Some(false))
    ); // 977 ‰
    assert_eq!((b.breaks, b.met.breaks), (Share::new(90, 90), Some(true)));
    assert_eq!(
        (a.arts.per_mille(), a.met.arts, b.met.arts),
        (Some(900), Some(true), Some(false))
    );
    assert_eq!(a.specialties, [(SpecialtyKind::Sports, Level::City)]);
    assert!(b.specialties.is_empty()); // lapsed in 2024
    assert_eq!((a.football, b.football), (Some(Level::National), None));
    assert_eq!(
        (a.trips, b.trips, b.trip_participation),
        (0, 1, Share::new(95, 100))
    );
    assert_eq!((a.met.trips, b.met.trips), (None, Some(true)));
    let d = &r.district;
    assert_eq!(d.breaks, Share::new(266, 270));
    assert_eq!(d.arts, Share::new(1250, 1400));
    assert_eq!(
        (d.specialty_schools, d.met.specialty),
        (Share::new(1, 2), Some(true))
    ); // 500 ‰
    assert_eq!(d.by_kind[&SpecialtyKind::Sports], 1);
    assert_eq!(
        (d.football_schools, d.met.football),
        (Share::new(1, 2), None)
    );
    assert_eq!(d.trip_schools, Share::new(1, 2));
    assert_eq!(d.met.breaks, Some(true)); // pooled 266 of 270 days: 985 ‰ ≥ 980 ‰
}

#[test]
fn parts_above_their_wholes_are_refused() {
    let schools = [school(1)];
    let breaks = [BreakRecord {
        school: school(1),
        term: FIRST,
        days_held: 91,
        school_days: 90,
    }];
    let records = FiveRecords {
        breaks: &breaks,
        ..FiveRecords::default()
    };
    let err = five(&schools, 2025, &records, &FiveTargets::default()).unwrap_err();
    assert_eq!(err.code(), "five.breaks_above_days");
    let trips = [StudyTrip {
        school: school(1),
        day: day("2025-11-12"),
        destination: "x".into(),
        participants: 101,
        students: 100,
    }];
    let records = FiveRecords {
        trips: &trips,
        ..FiveRecords::default()
    };
    let err = five(&schools, 2025, &records, &FiveTargets::default()).unwrap_err();
    assert!(err.to_string().contains("研学人数 101 多于学生数 100"));
    // No data: no verdict.
    let r = five(
        &schools,
        2025,
        &FiveRecords::default(),
        &FiveTargets::default(),
    )
    .unwrap();
    assert_eq!(r.district.met.breaks, None);
}
