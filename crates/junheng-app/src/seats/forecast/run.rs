//! The forecast of a district, its 学区 and its schools from the stored inputs: the engine's
//! calibration, back-test and three scenarios per unit, set against the seats supplied each
//! year (see [`super::supply`]).
//!
//! **Which gap nets.** Per 学段 and year, `short` = max(0, demand − seats supplied): it nets a
//! surplus in one grade against a shortage in another (and the seats are 核定学位 where
//! approved). The class gap (`gap`, the engine's [`SeatGap`]) sets each grade's pupils against
//! its classes (a 学段's classes spread evenly over its grades) and sums ⌈shortfall / limit⌉
//! over grades: it never nets. Both are for the middle scenario.

use std::collections::BTreeMap;

use junheng_core::school::{SchoolCode, Section};
use junheng_core::seats::forecast::{BirthSeries, section_total};
use junheng_core::seats::{
    BackTest, Calibration, Cohorts, History, Projection, Scenario, SeatGap, Settings, back_test,
    calibrate, first_year_over, project, seat_gap,
};
use junheng_store::seats::forecast::{Capacity, SeatInputs};
use serde::{Deserialize, Serialize};

use super::history::{Births, Grades, ZoneOf, history, zone_births};
use super::supply::{Addition, Supply, supply};

/// How the forecast runs. The engine's defaults; a caller may override each (query parameters,
/// command-line flags).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ForecastSettings {
    /// The birth series read (常住 by default).
    pub series: BirthSeries,
    /// Entry age, calibration years, clip and horizon.
    pub model: Settings,
    /// Class-size limits [小学, 初中] (45, 50).
    pub limits: [u32; 2],
    /// How many earlier years the back-test re-runs the model from (3).
    pub back_test_runs: usize,
}

impl Default for ForecastSettings {
    fn default() -> Self {
        ForecastSettings {
            series: BirthSeries::Resident,
            model: Settings::default(),
            limits: [45, 50],
            back_test_runs: 3,
        }
    }
}

/// The model of a unit: its ratios, how it foretold its past, and its three scenarios (高, 中,
/// 低).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// The entry ratios k and the progression ratios.
    pub calibration: Calibration,
    /// MAPE per 学段 over the re-runs.
    pub back_test: Vec<BackTest>,
    /// 高, 中, 低.
    pub projections: Vec<Projection>,
    /// For a school without grade 6: its share of the 学区's grade 7 that fed its 初中.
    pub fed_share: Option<f64>,
}

/// One forecast year of a unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitYear {
    /// 学年.
    pub year: i32,
    /// Pupils per scenario (高, 中, 低) and 学段 [小学, 初中].
    pub demand: Vec<[f64; 2]>,
    /// Seats supplied (`None` when no capacity is known).
    pub supply: Option<Supply>,
    /// max(0, 中 demand − seats) per 学段 (nets grades).
    pub short: Option<[f64; 2]>,
    /// The class gap of the 中 scenario, per grade (never nets).
    pub gap: Option<SeatGap>,
}

impl UnitYear {
    /// Pupils of both 学段 in scenario `s` (0 高, 1 中, 2 低).
    pub fn demand_total(&self, s: usize) -> f64 {
        self.demand.get(s).map_or(0.0, |d| d[0] + d[1])
    }

    /// Classes short over both 学段 (中).
    pub fn classes_short(&self) -> u32 {
        self.gap
            .as_ref()
            .map_or(0, |g| g.primary.classes_short + g.junior.classes_short)
    }

    /// Seats short over both 学段 (中; each 学段's netted shortfall, added).
    pub fn seats_short(&self) -> f64 {
        self.short.map_or(0.0, |s| s[0] + s[1])
    }
}

/// The forecast of a unit (the district, a 学区, a school).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitForecast {
    /// 全区, the 学区's name, or the school's.
    pub name: String,
    /// The model (`None` with `error` when the unit cannot be forecast).
    pub model: Option<Model>,
    /// Why not.
    pub error: Option<String>,
    /// Each year after the base year to the horizon.
    pub years: Vec<UnitYear>,
    /// The first year a 学段's demand exceeds its seats (中).
    pub first_over: Option<i32>,
    /// The same under 高.
    pub first_over_high: Option<i32>,
}

/// The forecast of a school.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolForecast {
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学区 (from the latest statistics listing the school).
    pub zone: Option<String>,
    /// The latest approved capacity.
    pub capacity: Option<Capacity>,
    /// Its forecast.
    pub unit: UnitForecast,
}

/// The forecast of a district.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// As run.
    pub settings: ForecastSettings,
    /// The last school year with enrolment: the forecast starts after it.
    pub base_year: Option<i32>,
    /// The whole district.
    pub district: UnitForecast,
    /// Each 学区.
    pub zones: Vec<UnitForecast>,
    /// Each school with enrolment.
    pub schools: Vec<SchoolForecast>,
    /// 街道/乡镇 with births but no 学区 in the map (counted in the district only).
    pub unmapped_areas: Vec<String>,
}

impl Forecast {
    /// The 学区 named `zone`.
    pub fn zone(&self, zone: &str) -> Option<&UnitForecast> {
        self.zones.iter().find(|z| z.name == zone)
    }

    /// The schools of `zone` (`None`: every school).
    pub fn schools_of<'a>(
        &'a self,
        zone: Option<&'a str>,
    ) -> impl Iterator<Item = &'a SchoolForecast> {
        self.schools
            .iter()
            .filter(move |s| zone.is_none() || s.zone.as_deref() == zone)
    }
}

/// Sums supplies (`None` when none is known).
fn sum(supplies: impl IntoIterator<Item = Option<Supply>>) -> Option<Supply> {
    supplies.into_iter().flatten().reduce(|a, b| Supply {
        seats: [a.seats[0] + b.seats[0], a.seats[1] + b.seats[1]],
        classes: [a.classes[0] + b.classes[0], a.classes[1] + b.classes[1]],
        added_classes: [
            a.added_classes[0] + b.added_classes[0],
            a.added_classes[1] + b.added_classes[1],
        ],
    })
}

/// What a school without grade 6 is fed by its 学区: the 学区's projections and the school's
/// share of the 学区's grade 7.
struct Feed<'a> {
    zone: &'a [Projection],
    share: f64,
}

/// A unit forecast from `history` at `base`, against `supply` (one per forecast year).
fn unit(
    name: String,
    history: &History,
    base: i32,
    settings: &ForecastSettings,
    supply: &[Option<Supply>],
    feed: Option<Feed<'_>>,
) -> UnitForecast {
    let failed = |e: String| UnitForecast {
        name: name.clone(),
        model: None,
        error: Some(e),
        years: Vec::new(),
        first_over: None,
        first_over_high: None,
    };
    let calibration = match calibrate(history, base, &settings.model) {
        Ok(c) => c,
        Err(e) => return failed(e.to_string()),
    };
    let mut projections = Vec::new();
    for scenario in Scenario::three() {
        match project(history, &calibration, &scenario, &settings.model, base) {
            Ok(p) => projections.push(p),
            Err(e) => return failed(e.to_string()),
        }
    }
    let mut back = back_test(history, &settings.model, settings.back_test_runs);
    let fed_share = feed.map(|f| {
        let start = history.enrolment.get(&base).copied().unwrap_or([0.0; 9]);
        for (own, zone) in projections.iter_mut().zip(f.zone) {
            let mut previous = start;
            for (grades, z) in own.grades.iter_mut().zip(&zone.grades) {
                grades[6] = z[6] * f.share;
                grades[7] = previous[6] * calibration.progression[6];
                grades[8] = previous[7] * calibration.progression[7];
                previous = *grades;
            }
        }
        // The engine's re-runs cannot see the feed: only the 小学 back-test stands.
        back.retain(|b| b.section == Section::Primary);
        f.share
    });
    let years: Vec<UnitYear> = projections[1]
        .years
        .iter()
        .enumerate()
        .map(|(i, &year)| {
            let demand: Vec<[f64; 2]> = projections
                .iter()
                .map(|p| {
                    let g: &Cohorts = &p.grades[i];
                    [
                        section_total(g, Section::Primary),
                        section_total(g, Section::Junior),
                    ]
                })
                .collect();
            let s = supply.get(i).copied().flatten();
            let middle = demand[1];
            UnitYear {
                year,
                short: s.map(|s| [0, 1].map(|k| (middle[k] - s.seats[k]).max(0.0))),
                gap: s
                    .map(|s| seat_gap(&projections[1].grades[i], &s.per_grade(), settings.limits)),
                supply: s,
                demand,
            }
        })
        .collect();
    let over = |scenario: usize| {
        let known: Vec<&UnitYear> = years.iter().filter(|y| y.supply.is_some()).collect();
        let ys: Vec<i32> = known.iter().map(|y| y.year).collect();
        (0..2)
            .filter_map(|k| {
                let d: Vec<f64> = known.iter().map(|y| y.demand[scenario][k]).collect();
                let s: Vec<f64> = known
                    .iter()
                    .map(|y| y.supply.map_or(0.0, |s| s.seats[k]))
                    .collect();
                first_year_over(&ys, &d, &s)
            })
            .min()
    };
    UnitForecast {
        first_over: over(1),
        first_over_high: over(0),
        name,
        model: Some(Model {
            calibration,
            back_test: back,
            projections,
            fed_share,
        }),
        error: None,
        years,
    }
}

/// The mean over the last `n` years up to `base` of the school's grade 7 over the 学区's.
fn share_of_grade7(school: &Grades, zone: &Grades, base: i32, n: usize) -> Option<f64> {
    let ratios: Vec<f64> = school
        .pupils
        .range(..=base)
        .rev()
        .filter_map(|(y, g)| {
            let z = zone.pupils.get(y)?[6];
            (z > 0.0).then(|| g[6] / z)
        })
        .take(n.max(1))
        .collect();
    (!ratios.is_empty()).then(|| ratios.iter().sum::<f64>() / ratios.len() as f64)
}

/// Runs the forecast of every unit: `zone_of` gives each school's 学区 (schools of the
/// enrolment not in it have none), `names` their names, `additions` the planned projects.
pub fn run(
    inputs: &SeatInputs,
    zone_of: &ZoneOf,
    names: &BTreeMap<SchoolCode, String>,
    settings: &ForecastSettings,
    additions: &[Addition],
) -> Forecast {
    let births = zone_births(&inputs.births, &inputs.zones, settings.series);
    let base = inputs.enrolment.iter().map(|e| e.year).max();
    let Some(base) = base else {
        let none = "还没有导入在校生数据，无法预测".to_owned();
        return Forecast {
            settings: *settings,
            base_year: None,
            district: unit_error("全区", &none),
            zones: Vec::new(),
            schools: Vec::new(),
            unmapped_areas: births.unmapped,
        };
    };
    let forecast_years: Vec<i32> = (base + 1..=settings.model.horizon).collect();
    let mut by_school: BTreeMap<&SchoolCode, Grades> = BTreeMap::new();
    for e in &inputs.enrolment {
        by_school.entry(&e.school).or_default().add(e);
    }
    let zone_name = |code: &SchoolCode| zone_of.get(code).cloned().flatten();
    let supplies: BTreeMap<&SchoolCode, Vec<Option<Supply>>> = by_school
        .keys()
        .map(|&code| {
            let rows: Vec<&Capacity> = inputs
                .capacity
                .iter()
                .filter(|c| &c.school == code)
                .collect();
            let s = forecast_years
                .iter()
                .map(|&y| supply(code, &rows, additions, y, settings.limits))
                .collect();
            (code, s)
        })
        .collect();
    let summed = |keep: &dyn Fn(&SchoolCode) -> bool| -> Vec<Option<Supply>> {
        (0..forecast_years.len())
            .map(|i| sum(supplies.iter().filter(|(c, _)| keep(c)).map(|(_, s)| s[i])))
            .collect()
    };
    let n = settings.model.calibration_years;
    let district_grades = Grades::of(&inputs.enrolment);
    let district = unit(
        "全区".into(),
        &history(&births.district, &district_grades, settings.series),
        base,
        settings,
        &summed(&|_| true),
        None,
    );
    let mut zone_names: Vec<String> = births.zones.keys().cloned().collect();
    zone_names.extend(by_school.keys().filter_map(|c| zone_name(c)));
    zone_names.sort();
    zone_names.dedup();
    let empty = Births::new();
    let mut zone_grades: BTreeMap<&str, Grades> = BTreeMap::new();
    for e in &inputs.enrolment {
        if let Some(z) = zone_of.get(&e.school).and_then(Option::as_deref) {
            zone_grades.entry(z).or_default().add(e);
        }
    }
    let zones: Vec<UnitForecast> = zone_names
        .iter()
        .map(|z| {
            let grades = zone_grades.get(z.as_str()).cloned().unwrap_or_default();
            unit(
                z.clone(),
                &history(
                    births.zones.get(z).unwrap_or(&empty),
                    &grades,
                    settings.series,
                ),
                base,
                settings,
                &summed(&|c| zone_name(c).as_deref() == Some(z)),
                None,
            )
        })
        .collect();
    let schools = by_school
        .iter()
        .map(|(&code, grades)| {
            let zone = zone_name(code);
            let zone_births = zone
                .as_ref()
                .and_then(|z| births.zones.get(z))
                .unwrap_or(&births.district);
            let no_grade6 = grades.pupils.range(..=base).all(|(_, g)| g[5] == 0.0);
            let has_junior = grades
                .pupils
                .get(&base)
                .is_some_and(|g| g[6..].iter().sum::<f64>() > 0.0);
            let feed = (no_grade6 && has_junior)
                .then(|| {
                    let z = zone.as_deref()?;
                    let model = zones.iter().find(|u| u.name == z)?.model.as_ref()?;
                    let share = share_of_grade7(grades, zone_grades.get(z)?, base, n)?;
                    Some(Feed {
                        zone: &model.projections,
                        share,
                    })
                })
                .flatten();
            let name = names.get(code).cloned().unwrap_or_else(|| code.to_string());
            SchoolForecast {
                code: code.clone(),
                capacity: inputs
                    .capacity
                    .iter()
                    .filter(|c| &c.school == code)
                    .max_by_key(|c| c.year)
                    .cloned(),
                unit: unit(
                    name,
                    &history(zone_births, grades, settings.series),
                    base,
                    settings,
                    &supplies[code],
                    feed,
                ),
                zone,
            }
        })
        .collect();
    Forecast {
        settings: *settings,
        base_year: Some(base),
        district,
        zones,
        schools,
        unmapped_areas: births.unmapped,
    }
}

fn unit_error(name: &str, error: &str) -> UnitForecast {
    UnitForecast {
        name: name.into(),
        model: None,
        error: Some(error.into()),
        years: Vec::new(),
        first_over: None,
        first_over_high: None,
    }
}
