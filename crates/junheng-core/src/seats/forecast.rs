//! The school-age forecast by grade (`practices.md` §2.2), within the horizon where the births
//! are observed or given by a scenario:
//!
//! * **Entry** (grade 1): `G1(t) = Σ_src births_src(t − 6) × k_src`, each source's entry ratio
//!   `k_src = mean over the last n years of G1_src(y) / births_src(y − 6)`, calibrated against
//!   **its own** first-graders (calibrating every source against all first-graders would count
//!   the cohort once per source). A single 常住 series is the default.
//! * **Progression**: `G_{g+1}(t + 1) = G_g(t) × GPR_g`, `GPR_g = mean over the last n years of
//!   G_{g+1}(y + 1) / G_g(y)`, clipped to [0.8, 1.2] — except 小升初 (6 → 7), which captures
//!   private and out-of-district flows and is **never clipped** (real values far below 0.8
//!   occur, and clipping them moves a projected shortage by a year).
//! * **Scenarios** (高/中/低): births after the last observed year change by a rate per year, and
//!   the entry ratios may be scaled.
//! * **Back-testing** ([`back_test`]): the model re-run from earlier years against what
//!   happened, its mean absolute percentage error per 学段, shown before any forecast.
//!
//! ```
//! use std::collections::BTreeMap;
//! use junheng_core::seats::{BirthSource, History, Scenario, Settings, calibrate, project};
//! // 1 000 births a year; every year 950 first-graders, every grade kept whole.
//! let births: BTreeMap<i32, f64> = (2010..=2024).map(|y| (y, 1000.0)).collect();
//! let first: BTreeMap<i32, f64> = (2020..=2024).map(|y| (y, 950.0)).collect();
//! let enrolment = (2020..=2024).map(|y| (y, [950.0; 9])).collect();
//! let history = History {
//!     sources: vec![BirthSource { name: "常住".into(), births, first_graders: first }],
//!     enrolment,
//! };
//! let settings = Settings::default();
//! let calibration = calibrate(&history, 2024, &settings).unwrap();
//! assert!((calibration.entry[0] - 0.95).abs() < 1e-12);
//! let middle = Scenario::middle();
//! let p = project(&history, &calibration, &middle, &settings, 2024).unwrap();
//! assert_eq!(p.years.last(), Some(&2035));
//! assert!((p.grades[0][0] - 950.0).abs() < 1e-9);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::school::Section;

/// Grades of compulsory education: 1–6 小学, 7–9 初中.
pub const GRADES: usize = 9;

/// Pupils per grade (index 0 = grade 1).
pub type Cohorts = [f64; GRADES];

/// The index of the 小升初 step (grade 6 → 7) among the progression ratios.
const PRIMARY_TO_JUNIOR: usize = 5;

/// One birth series of a unit (户籍, 常住 …) with the first-graders it supplies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BirthSource {
    /// Its name as shown: 户籍, 常住, 七普修订 ….
    pub name: String,
    /// Births by calendar year.
    pub births: BTreeMap<i32, f64>,
    /// First-graders of this source by school year (with a single source: every first-grader).
    pub first_graders: BTreeMap<i32, f64>,
}

/// What is known of a unit (学区, district): its births and its pupils by grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The birth series, each with its own first-graders.
    pub sources: Vec<BirthSource>,
    /// Pupils by school year (its starting calendar year) and grade.
    pub enrolment: BTreeMap<i32, Cohorts>,
}

/// The forecast's settings (`practices.md` §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Years from birth to grade 1 (义务教育法 §11: six).
    pub entry_age: i32,
    /// Years averaged for the entry and progression ratios (3).
    pub calibration_years: usize,
    /// Bounds of the progression ratios within a 学段 (0.8–1.2); 小升初 is never clipped.
    pub clip: (f64, f64),
    /// The last school year forecast (2035).
    pub horizon: i32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            entry_age: 6,
            calibration_years: 3,
            clip: (0.8, 1.2),
            horizon: 2035,
        }
    }
}

/// A scenario of births and entry after the last observed birth year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// 高, 中, 低 or a bureau's own name.
    pub name: String,
    /// Births of each source after its last observed year: the change per year (−0.03 = 3 %
    /// fewer each year than the year before).
    pub births_change: f64,
    /// Factor on the calibrated entry ratios (1: as calibrated).
    pub entry_factor: f64,
}

impl Scenario {
    /// 中方案: births stay at their last observed level, entry as calibrated.
    pub fn middle() -> Self {
        Scenario {
            name: "中".into(),
            births_change: 0.0,
            entry_factor: 1.0,
        }
    }

    /// The usual three: 高 (births +2 % a year, entry ×1.02), 中, 低 (births −4 % a year,
    /// entry ×0.98). The rates are settings of the district, these only the defaults.
    pub fn three() -> [Scenario; 3] {
        [
            Scenario {
                name: "高".into(),
                births_change: 0.02,
                entry_factor: 1.02,
            },
            Scenario::middle(),
            Scenario {
                name: "低".into(),
                births_change: -0.04,
                entry_factor: 0.98,
            },
        ]
    }
}

/// The calibrated ratios of a unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Entry ratio `k` of each source, in the order of [`History::sources`].
    pub entry: Vec<f64>,
    /// Progression ratios as used: index `g` is grade `g + 1` → `g + 2` (index 5 is 小升初).
    pub progression: [f64; GRADES - 1],
    /// The same as observed, before clipping (`None` where no year had pupils to progress).
    pub observed: [Option<f64>; GRADES - 1],
}

/// Why a unit cannot be forecast.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// No birth series.
    #[error("没有出生人口数据：至少需要一个出生人口序列（如常住出生数）")]
    NoBirths,
    /// A source has no year with both births and its first-graders six years later.
    #[error(
        "「{series}」没有可用于校准入学系数的年份：需要某年一年级新生数及其 {entry_age} 年前的出生数"
    )]
    NoEntryYears { series: String, entry_age: i32 },
    /// The enrolment of the year to forecast from is missing.
    #[error("缺少 {year} 学年的分年级在校生数，无法从该年开始预测")]
    NoEnrolment { year: i32 },
    /// Births needed for an entry year are neither observed nor after the last observed year.
    #[error("「{series}」缺少 {year} 年的出生数（在已有年份之间），请补齐出生人口序列")]
    MissingBirths { series: String, year: i32 },
}

/// Calibrates the ratios of `history` on the years up to `last_year` (a back-test calibrates on
/// earlier years only).
pub fn calibrate(
    history: &History,
    last_year: i32,
    settings: &Settings,
) -> Result<Calibration, ForecastError> {
    if history.sources.is_empty() {
        return Err(ForecastError::NoBirths);
    }
    let n = settings.calibration_years.max(1);
    let entry = history
        .sources
        .iter()
        .map(|source| {
            let ratios: Vec<f64> = source
                .first_graders
                .range(..=last_year)
                .rev()
                .filter_map(|(&year, &pupils)| {
                    let births = *source.births.get(&(year - settings.entry_age))?;
                    (births > 0.0).then(|| pupils / births)
                })
                .take(n)
                .collect();
            mean(&ratios).ok_or_else(|| ForecastError::NoEntryYears {
                series: source.name.clone(),
                entry_age: settings.entry_age,
            })
        })
        .collect::<Result<Vec<f64>, _>>()?;
    let mut observed = [None; GRADES - 1];
    for (g, slot) in observed.iter_mut().enumerate() {
        let ratios: Vec<f64> = history
            .enrolment
            .range(..last_year)
            .rev()
            .filter_map(|(&year, now)| {
                let next = history.enrolment.get(&(year + 1))?;
                (now[g] > 0.0).then(|| next[g + 1] / now[g])
            })
            .take(n)
            .collect();
        *slot = mean(&ratios);
    }
    let (low, high) = settings.clip;
    let progression = std::array::from_fn(|g| match observed[g] {
        // Nothing was there to progress: nothing will be.
        None => 0.0,
        Some(r) if g == PRIMARY_TO_JUNIOR => r,
        Some(r) => r.clamp(low, high),
    });
    Ok(Calibration {
        entry,
        progression,
        observed,
    })
}

/// The mean of `values`, `None` when there are none.
fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Pupils by grade for each year after `from_year` up to the horizon, under one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    /// The scenario's name.
    pub scenario: String,
    /// The school years forecast, from `from_year + 1`.
    pub years: Vec<i32>,
    /// Pupils by grade of each year.
    pub grades: Vec<Cohorts>,
}

impl Projection {
    /// Pupils of a 学段 (小学: grades 1–6, 初中: 7–9) in each year.
    pub fn section(&self, section: Section) -> Vec<f64> {
        self.grades
            .iter()
            .map(|g| section_total(g, section))
            .collect()
    }
}

/// Pupils of a 学段 in one year's grades (高中 has none here).
pub fn section_total(grades: &Cohorts, section: Section) -> f64 {
    match section {
        Section::Primary => grades[..6].iter().sum(),
        Section::Junior => grades[6..].iter().sum(),
        Section::Senior => 0.0,
    }
}

/// Projects `history` from the enrolment of `from_year` to the horizon.
pub fn project(
    history: &History,
    calibration: &Calibration,
    scenario: &Scenario,
    settings: &Settings,
    from_year: i32,
) -> Result<Projection, ForecastError> {
    project_to(
        history,
        calibration,
        scenario,
        settings,
        from_year,
        settings.horizon,
    )
}

fn project_to(
    history: &History,
    calibration: &Calibration,
    scenario: &Scenario,
    settings: &Settings,
    from_year: i32,
    to_year: i32,
) -> Result<Projection, ForecastError> {
    let mut now = *history
        .enrolment
        .get(&from_year)
        .ok_or(ForecastError::NoEnrolment { year: from_year })?;
    let (mut years, mut grades) = (Vec::new(), Vec::new());
    for year in from_year + 1..=to_year {
        let mut next = [0.0; GRADES];
        for (source, k) in history.sources.iter().zip(&calibration.entry) {
            next[0] += births(source, year - settings.entry_age, scenario)? * k;
        }
        next[0] *= scenario.entry_factor;
        for g in 0..GRADES - 1 {
            next[g + 1] = now[g] * calibration.progression[g];
        }
        years.push(year);
        grades.push(next);
        now = next;
    }
    Ok(Projection {
        scenario: scenario.name.clone(),
        years,
        grades,
    })
}

/// The births of `year`: observed, or after the last observed year changed by the scenario's
/// rate for each year beyond it.
fn births(source: &BirthSource, year: i32, scenario: &Scenario) -> Result<f64, ForecastError> {
    if let Some(&b) = source.births.get(&year) {
        return Ok(b);
    }
    match source.births.last_key_value() {
        Some((&last, &b)) if year > last => {
            Ok(b * (1.0 + scenario.births_change).powi(year - last))
        }
        _ => Err(ForecastError::MissingBirths {
            series: source.name.clone(),
            year,
        }),
    }
}

/// How well the model foretold one 学段 of a unit's past.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackTest {
    /// The 学段.
    pub section: Section,
    /// Each test: (the last year the model saw, the year it foretold, forecast, actual).
    pub tests: Vec<(i32, i32, f64, f64)>,
    /// Mean absolute percentage error over the tests (`None` when there was none).
    pub mape: Option<f64>,
}

/// Re-runs the model from each of the `runs` school years before the last observed one, on what
/// was known then (ratios calibrated on the years up to it, births as observed, the middle
/// scenario), and sets every year it foretold up to the last observed one against what happened.
pub fn back_test(history: &History, settings: &Settings, runs: usize) -> Vec<BackTest> {
    let Some((&last, _)) = history.enrolment.last_key_value() else {
        return Vec::new();
    };
    let mut tests: [Vec<(i32, i32, f64, f64)>; 2] = [Vec::new(), Vec::new()];
    let middle = Scenario::middle();
    for cutoff in (last - runs as i32..last).filter(|y| history.enrolment.contains_key(y)) {
        let Ok(calibration) = calibrate(history, cutoff, settings) else {
            continue;
        };
        let Ok(projection) = project_to(history, &calibration, &middle, settings, cutoff, last)
        else {
            continue;
        };
        for (year, forecast) in projection.years.iter().zip(&projection.grades) {
            let Some(actual) = history.enrolment.get(year) else {
                continue;
            };
            for (i, section) in [Section::Primary, Section::Junior].into_iter().enumerate() {
                let a = section_total(actual, section);
                if a > 0.0 {
                    tests[i].push((cutoff, *year, section_total(forecast, section), a));
                }
            }
        }
    }
    [Section::Primary, Section::Junior]
        .into_iter()
        .zip(tests)
        .map(|(section, tests)| {
            let errors: Vec<f64> = tests
                .iter()
                .map(|&(_, _, f, a)| 100.0 * (f - a).abs() / a)
                .collect();
            BackTest {
                section,
                mape: mean(&errors),
                tests,
            }
        })
        .collect()
}

/// The birth series a forecast reads (`practices.md` §2.2): 常住 (resident births, the default:
/// the inflow of 随迁子女 is inside its entry ratio) or 户籍 (registered births: its
/// first-graders are those who are not 随迁子女, and the 随迁 first-graders are a source of
/// their own).
///
/// ```
/// use junheng_core::seats::forecast::BirthSeries;
/// assert_eq!(BirthSeries::parse("户籍"), Some(BirthSeries::Hukou));
/// assert_eq!(BirthSeries::parse(BirthSeries::Resident.id()), Some(BirthSeries::Resident));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BirthSeries {
    /// 常住出生数.
    Resident,
    /// 户籍出生数.
    Hukou,
}

impl BirthSeries {
    /// Both, the default first.
    pub const ALL: [BirthSeries; 2] = [BirthSeries::Resident, BirthSeries::Hukou];

    /// The stable identifier (`resident`, `hukou`).
    pub fn id(self) -> &'static str {
        match self {
            BirthSeries::Resident => "resident",
            BirthSeries::Hukou => "hukou",
        }
    }

    /// The name shown: 常住, 户籍.
    pub fn label(self) -> &'static str {
        match self {
            BirthSeries::Resident => "常住",
            BirthSeries::Hukou => "户籍",
        }
    }

    /// From its identifier or its name (also 常住出生 / 户籍出生).
    pub fn parse(text: &str) -> Option<BirthSeries> {
        let text = text.trim();
        BirthSeries::ALL.into_iter().find(|s| {
            text == s.id() || text == s.label() || text.strip_suffix("出生") == Some(s.label())
        })
    }
}

#[cfg(test)]
mod tests;
