//! The forecast against cohorts worked by hand.

use super::*;

fn series(from: i32, values: &[f64]) -> BTreeMap<i32, f64> {
    (from..).zip(values.iter().copied()).collect()
}

/// Births 2014–2018 and first-graders 2020–2024 of one 常住 series; grades as given.
fn unit(enrolment: BTreeMap<i32, Cohorts>) -> History {
    History {
        sources: vec![BirthSource {
            name: "常住".into(),
            births: series(2014, &[1000.0, 1100.0, 1200.0, 1000.0, 900.0]),
            first_graders: series(2020, &[950.0, 1045.0, 1080.0, 950.0, 810.0]),
        }],
        enrolment,
    }
}

/// Three years of grades whose year-on-year ratios are, for grades 1→2, 2→3, 6→7 and 7→8:
/// 1.0 then 1.3; 1.4 then 1.5; 0.6 then 0.7; 0.5 then 0.5; every other step 1.
fn three_years() -> BTreeMap<i32, Cohorts> {
    let y2022 = [
        100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0,
    ];
    let y2023 = [100.0, 100.0, 140.0, 100.0, 100.0, 100.0, 60.0, 50.0, 100.0];
    let y2024 = [810.0, 130.0, 150.0, 140.0, 100.0, 100.0, 70.0, 30.0, 50.0];
    BTreeMap::from([(2022, y2022), (2023, y2023), (2024, y2024)])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

#[test]
fn entry_ratios_are_the_mean_of_the_last_three_years() {
    let c = calibrate(&unit(three_years()), 2024, &Settings::default()).unwrap();
    // 2024: 810/900, 2023: 950/1000, 2022: 1080/1200 → (0.9 + 0.95 + 0.9) / 3.
    assert!(close(c.entry[0], 2.75 / 3.0), "{}", c.entry[0]);
    // Two years: 2024 and 2023 only.
    let two = Settings {
        calibration_years: 2,
        ..Settings::default()
    };
    let c = calibrate(&unit(three_years()), 2024, &two).unwrap();
    assert!(close(c.entry[0], 0.925));
    // Calibrated on the years up to 2022 only: 2022, 2021, 2020 → (0.9 + 0.95 + 0.95) / 3.
    let c = calibrate(&unit(three_years()), 2022, &Settings::default()).unwrap();
    assert!(close(c.entry[0], 2.8 / 3.0));
}

#[test]
fn progression_is_clipped_within_a_section_but_not_into_junior() {
    let c = calibrate(&unit(three_years()), 2024, &Settings::default()).unwrap();
    let observed: Vec<f64> = c.observed.iter().map(|r| r.unwrap()).collect();
    // 1→2: (1.0 + 1.3) / 2; 2→3: (1.4 + 1.5) / 2; 3→4: (140/140 + 100/100) / 2 …
    assert!(close(observed[0], 1.15));
    assert!(close(observed[1], 1.45));
    assert!(close(observed[2], 1.0));
    assert!(close(observed[5], 0.65));
    assert!(close(observed[6], 0.5));
    assert!(close(c.progression[0], 1.15), "inside the bounds: kept");
    assert!(close(c.progression[1], 1.2), "above 1.2: clipped");
    assert!(close(c.progression[5], 0.65), "小升初 is never clipped");
    assert!(close(c.progression[6], 0.8), "below 0.8: clipped");
}

#[test]
fn the_projection_follows_the_cohorts() {
    let history = unit(three_years());
    let settings = Settings::default();
    let c = calibrate(&history, 2024, &settings).unwrap();
    let k = 2.75 / 3.0;
    let middle = project(&history, &c, &Scenario::middle(), &settings, 2024).unwrap();
    assert_eq!(middle.years, (2025..=2035).collect::<Vec<_>>());
    let y2025 = middle.grades[0];
    // Births of 2019 are not observed: the last (900) carried on unchanged.
    assert!(close(y2025[0], 900.0 * k));
    assert!(close(y2025[1], 810.0 * 1.15));
    assert!(close(y2025[2], 130.0 * 1.2));
    assert!(close(y2025[6], 100.0 * 0.65));
    assert!(close(y2025[7], 70.0 * 0.8));
    // A cohort followed: grade 1 of 2024 is grade 3 in 2026.
    assert!(close(middle.grades[1][2], 810.0 * 1.15 * 1.2));
    // 高: births +2 % a year after 2018 and entry × 1.02.
    let [high, _, low] = Scenario::three();
    let high = project(&history, &c, &high, &settings, 2024).unwrap();
    assert!(close(high.grades[0][0], 900.0 * 1.02 * k * 1.02));
    assert!(close(high.grades[1][0], 900.0 * 1.02f64.powi(2) * k * 1.02));
    let low = project(&history, &c, &low, &settings, 2024).unwrap();
    assert!(close(low.grades[0][0], 900.0 * 0.96 * k * 0.98));
    // Grades 2–9 of the first year do not depend on the scenario.
    assert_eq!(high.grades[0][1..], middle.grades[0][1..]);
    let primary = middle.section(Section::Primary);
    assert!(close(primary[0], y2025[..6].iter().sum()));
}

#[test]
fn each_source_is_calibrated_against_its_own_first_graders() {
    let mut history = unit(three_years());
    history.sources = vec![
        BirthSource {
            name: "户籍".into(),
            births: series(2016, &[800.0, 700.0, 600.0]),
            first_graders: series(2022, &[720.0, 630.0, 540.0]),
        },
        BirthSource {
            name: "非户籍常住".into(),
            births: series(2016, &[200.0, 300.0, 400.0]),
            first_graders: series(2022, &[300.0, 450.0, 600.0]),
        },
    ];
    let settings = Settings::default();
    let c = calibrate(&history, 2024, &settings).unwrap();
    assert!(close(c.entry[0], 0.9));
    assert!(close(c.entry[1], 1.5));
    let p = project(&history, &c, &Scenario::middle(), &settings, 2024).unwrap();
    assert!(close(p.grades[0][0], 600.0 * 0.9 + 400.0 * 1.5));
}

#[test]
fn what_cannot_be_forecast_says_why() {
    let settings = Settings::default();
    let mut history = unit(three_years());
    history.sources[0].first_graders.clear();
    assert_eq!(
        calibrate(&history, 2024, &settings),
        Err(ForecastError::NoEntryYears {
            series: "常住".into(),
            entry_age: 6
        })
    );
    let history = unit(three_years());
    let c = calibrate(&history, 2024, &settings).unwrap();
    assert_eq!(
        project(&history, &c, &Scenario::middle(), &settings, 2030),
        Err(ForecastError::NoEnrolment { year: 2030 })
    );
    // Births of 2017 missing between observed years: named, never guessed.
    let mut gap = unit(three_years());
    gap.sources[0].births.remove(&2017);
    let c = calibrate(&gap, 2022, &settings).unwrap();
    assert_eq!(
        project(&gap, &c, &Scenario::middle(), &settings, 2022),
        Err(ForecastError::MissingBirths {
            series: "常住".into(),
            year: 2017
        })
    );
}

#[test]
fn back_testing_sets_the_model_against_what_happened() {
    // Births 1 000 a year, k = 0.95, every grade kept whole: the model is exact.
    let steady = History {
        sources: vec![BirthSource {
            name: "常住".into(),
            births: (2008..=2018).map(|y| (y, 1000.0)).collect(),
            first_graders: (2014..=2024).map(|y| (y, 950.0)).collect(),
        }],
        enrolment: (2018..=2024).map(|y| (y, [950.0; GRADES])).collect(),
    };
    let settings = Settings::default();
    let tests = back_test(&steady, &settings, 3);
    assert_eq!(tests.len(), 2);
    for t in &tests {
        // Cut-offs 2021, 2022, 2023 foretell 3 + 2 + 1 years.
        assert_eq!(t.tests.len(), 6);
        assert_eq!(t.mape, Some(0.0));
    }
    // One more first-grader in ten in 2024 than the model could know.
    let mut surprise = steady.clone();
    surprise.enrolment.get_mut(&2024).unwrap()[0] = 1045.0;
    surprise.sources[0].first_graders.insert(2024, 1045.0);
    let tests = back_test(&surprise, &settings, 1);
    let primary = &tests[0];
    assert_eq!(primary.tests, vec![(2023, 2024, 5700.0, 5795.0)]);
    assert!(close(primary.mape.unwrap(), 100.0 * 95.0 / 5795.0));
    assert_eq!(tests[1].mape, Some(0.0));
}
