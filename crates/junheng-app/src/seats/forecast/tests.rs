//! Units built from stored inputs against units built by hand; the forecast of a small district.

use std::collections::BTreeMap;

use junheng_core::school::SchoolCode;
use junheng_core::seats::forecast::BirthSeries;
use junheng_core::seats::{BirthSource, History};
use junheng_store::seats::forecast::{AreaZone, Birth, Capacity, Enrolment, SeatInputs};

use super::history::{Grades, history, zone_births};
use super::run::{ForecastSettings, run};
use super::supply;

fn code(n: u64) -> SchoolCode {
    SchoolCode::parse(&format!("{:010}", 5_001_120_000 + n)).unwrap()
}

fn birth(area: &str, series: BirthSeries, year: i32, births: u32) -> Birth {
    Birth {
        area: area.into(),
        series,
        year,
        births,
    }
}

fn map() -> Vec<AreaZone> {
    vec![
        AreaZone {
            area: "龙山街道".into(),
            zone: "龙山学区".into(),
            share: 0.75,
        },
        AreaZone {
            area: "龙山街道".into(),
            zone: "新城学区".into(),
            share: 0.25,
        },
        AreaZone {
            area: "白沙镇".into(),
            zone: "新城学区".into(),
            share: 1.0,
        },
    ]
}

/// A school's grade-1 pupils and 随迁 of a year.
fn g1(year: i32, school: u64, pupils: u32, migrant: u32) -> Enrolment {
    Enrolment {
        year,
        school: code(school),
        grade: 1,
        pupils,
        migrant,
    }
}

#[test]
fn shares_split_births_between_zones() {
    let r = BirthSeries::Resident;
    let births = [
        birth("龙山街道", r, 2018, 400),
        birth("白沙镇", r, 2018, 100),
        birth("石门镇", r, 2018, 60),
        birth("龙山街道", BirthSeries::Hukou, 2018, 999),
    ];
    let z = zone_births(&births, &map(), r);
    assert_eq!(z.zones["龙山学区"][&2018], 300.0);
    assert_eq!(z.zones["新城学区"][&2018], 200.0);
    // The district counts every area, mapped or not; the unmapped one is named.
    assert_eq!(z.district[&2018], 560.0);
    assert_eq!(z.unmapped, ["石门镇"]);
}

#[test]
fn histories_from_imports_equal_hand_built_ones() {
    let r = BirthSeries::Resident;
    let births = [
        birth("龙山街道", r, 2017, 400),
        birth("龙山街道", r, 2018, 440),
    ];
    let rows = [g1(2023, 1, 290, 30), g1(2024, 1, 320, 40)];
    let z = zone_births(&births, &map(), r);
    let grades = Grades::of(&rows);
    let mut first = [0.0; 9];
    first[0] = 290.0;
    let mut second = [0.0; 9];
    second[0] = 320.0;
    let enrolment = BTreeMap::from([(2023, first), (2024, second)]);
    let built = history(&z.zones["龙山学区"], &grades, r);
    assert_eq!(
        built,
        History {
            sources: vec![BirthSource {
                name: "常住".into(),
                births: BTreeMap::from([(2017, 300.0), (2018, 330.0)]),
                first_graders: BTreeMap::from([(2023, 290.0), (2024, 320.0)]),
            }],
            enrolment: enrolment.clone(),
        }
    );
    // 户籍: its own first-graders without the 随迁, who are a source of their own.
    let built = history(&z.zones["龙山学区"], &grades, BirthSeries::Hukou);
    assert_eq!(
        built.sources[0].first_graders,
        BTreeMap::from([(2023, 260.0), (2024, 280.0)])
    );
    assert_eq!(built.sources[1].name, "随迁子女");
    assert_eq!(
        built.sources[1].first_graders,
        BTreeMap::from([(2023, 30.0), (2024, 40.0)])
    );
    assert_eq!(
        built.sources[1].births,
        BTreeMap::from([(2017, 1.0), (2018, 1.0)])
    );
    assert_eq!(built.enrolment, enrolment);
}

/// Pupils of a primary school whose cohorts keep whole: `first` first-graders a year, grades
/// 2–6 as the years before gave them.
fn school_years(school: u64, first: &[(i32, u32)]) -> Vec<Enrolment> {
    let mut out = Vec::new();
    for (i, &(year, _)) in first.iter().enumerate() {
        for grade in 1..=6u8 {
            let back = usize::from(grade) - 1;
            let pupils = if back <= i {
                first[i - back].1
            } else {
                first[0].1
            };
            out.push(Enrolment {
                year,
                school: code(school),
                grade,
                pupils,
                migrant: 0,
            });
        }
    }
    out
}

/// A 学区 of one primary school and one junior school, births rising from 2019.
fn rising() -> SeatInputs {
    let r = BirthSeries::Resident;
    let births = (2012..=2024)
        .map(|y| {
            birth(
                "龙山街道",
                r,
                y,
                if y < 2019 {
                    400
                } else {
                    400 + 60 * (y as u32 - 2018)
                },
            )
        })
        .collect();
    let first: Vec<(i32, u32)> = (2020..=2024).map(|y| (y, 380)).collect();
    let mut enrolment = school_years(1, &first);
    for year in 2020..=2024 {
        for grade in 7..=9 {
            enrolment.push(Enrolment {
                year,
                school: code(2),
                grade,
                pupils: 300,
                migrant: 0,
            });
        }
    }
    let capacity = vec![
        Capacity {
            year: 2024,
            school: code(1),
            primary_classes: Some(54),
            junior_classes: None,
            primary_seats: None,
            junior_seats: None,
            classrooms: Some(54),
        },
        Capacity {
            year: 2024,
            school: code(2),
            primary_classes: None,
            junior_classes: Some(20),
            primary_seats: None,
            junior_seats: None,
            classrooms: None,
        },
    ];
    SeatInputs {
        births,
        zones: vec![AreaZone {
            area: "龙山街道".into(),
            zone: "龙山学区".into(),
            share: 1.0,
        }],
        enrolment,
        capacity,
    }
}

#[test]
fn a_zone_with_rising_births_crosses_its_capacity_and_projects_move_it() {
    let inputs = rising();
    let zone_of = [code(1), code(2)]
        .into_iter()
        .map(|c| (c, Some("龙山学区".to_owned())))
        .collect();
    let names = BTreeMap::new();
    let settings = ForecastSettings::default();
    let f = run(&inputs, &zone_of, &names, &settings, &[]);
    assert_eq!(f.base_year, Some(2024));
    let zone = f.zone("龙山学区").unwrap();
    let model = zone.model.as_ref().unwrap();
    // k = 380 / 400; cohorts kept whole; the back-test of a steady past is exact.
    assert!((model.calibration.entry[0] - 0.95).abs() < 1e-12);
    assert!(model.back_test[0].mape.unwrap() < 1e-9);
    assert_eq!(zone.years.first().map(|y| y.year), Some(2025));
    assert_eq!(zone.years.last().map(|y| y.year), Some(2035));
    // 54 classes × 45 = 2 430 seats; 6 × 380 = 2 280 pupils now, rising with the births.
    let over = zone.first_over.unwrap();
    assert!((2026..=2030).contains(&over), "{over}");
    let school = f.schools.iter().find(|s| s.code == code(1)).unwrap();
    assert_eq!(school.unit.first_over, Some(over));
    let y = school.unit.years.iter().find(|y| y.year == over).unwrap();
    assert!(y.seats_short() > 0.0 && y.classes_short() > 0);
    // 高 crosses no later than 中.
    assert!(school.unit.first_over_high.unwrap() <= over);
    // Twelve more classes opening the year before put it off.
    let f = run(
        &inputs,
        &zone_of,
        &names,
        &settings,
        &[(code(1), over - 1, 12, 0)],
    );
    let later = f.schools.iter().find(|s| s.code == code(1)).unwrap();
    assert!(later.unit.first_over.is_none_or(|y| y > over));
    let y = later.unit.years.iter().find(|y| y.year == over).unwrap();
    assert_eq!(y.supply.unwrap().added_classes, [12, 0]);
}

#[test]
fn a_junior_school_is_fed_by_its_zone() {
    let inputs = rising();
    let zone_of = [code(1), code(2)]
        .into_iter()
        .map(|c| (c, Some("龙山学区".to_owned())))
        .collect();
    let f = run(
        &inputs,
        &zone_of,
        &BTreeMap::new(),
        &ForecastSettings::default(),
        &[],
    );
    let junior = f.schools.iter().find(|s| s.code == code(2)).unwrap();
    let model = junior.unit.model.as_ref().unwrap();
    // Its grade 7 is the 学区's: it holds every junior pupil of the 学区.
    assert_eq!(model.fed_share, Some(1.0));
    let zone = f.zone("龙山学区").unwrap().model.as_ref().unwrap();
    for (own, z) in model.projections[1]
        .grades
        .iter()
        .zip(&zone.projections[1].grades)
    {
        assert!((own[6] - z[6]).abs() < 1e-9);
    }
    assert!(
        model
            .back_test
            .iter()
            .all(|b| b.section == junheng_core::school::Section::Primary)
    );
    // Without births or enrolment the district says why.
    let empty = run(
        &SeatInputs::default(),
        &zone_of,
        &BTreeMap::new(),
        &ForecastSettings::default(),
        &[],
    );
    assert!(empty.district.error.is_some());
}

#[test]
fn a_project_counts_only_after_the_capacity_it_is_set_against() {
    let row = Capacity {
        year: 2024,
        school: code(1),
        primary_classes: Some(24),
        junior_classes: None,
        primary_seats: None,
        junior_seats: None,
        classrooms: None,
    };
    let additions = [
        // Opened in 2023 and 2024: the 2024 capacity holds them already.
        (code(1), 2023, 6, 0),
        (code(1), 2024, 3, 0),
        // Opens in 2026: counted from then.
        (code(1), 2026, 4, 0),
        // Another school's.
        (code(2), 2025, 5, 0),
    ];
    let at = |year| supply::supply(&code(1), &[&row], &additions, year, [45, 50]).unwrap();
    assert_eq!(
        (at(2025).classes, at(2025).added_classes),
        ([24, 0], [0, 0])
    );
    assert_eq!(
        (at(2026).classes, at(2026).added_classes),
        ([28, 0], [4, 0])
    );
    assert_eq!(at(2026).seats, [28.0 * 45.0, 0.0]);
    // A new school without capacity is all projects.
    let new = supply::supply(&code(3), &[], &[(code(3), 2027, 12, 6)], 2027, [45, 50]).unwrap();
    assert_eq!(new.classes, [12, 6]);
    assert_eq!(
        supply::supply(&code(3), &[], &[(code(3), 2027, 12, 6)], 2026, [45, 50]),
        None
    );
}
