//! What a unit knows of its past, as the engine takes it ([`History`]): its births, its
//! first-graders split by source, and its pupils by grade.
//!
//! * **Births of a 学区** = Σ over 街道/乡镇 of births × the area's share of the 学区 (the map);
//!   the district's are every area's, mapped or not.
//! * **常住** (the default): one source, its first-graders every grade-1 pupil — the inflow of
//!   随迁子女 is inside its entry ratio k.
//! * **户籍**: the 户籍 births with the first-graders who are not 随迁子女, and a second source
//!   for the 随迁 first-graders (`practices.md` §2.2: "with a 户籍 series add M1(t)") whose
//!   births are 1 in every year of the 户籍 series, so that its k is the mean number of 随迁
//!   first-graders of the calibration years and M1 stays at that level (changed after the last
//!   birth year as the scenario changes births).
//! * **A school** is given the births of its 学区 and its own first-graders: its k is its share
//!   of the 学区's births, and its progression ratios are its own (a school's forecast is not
//!   the 学区's split by a share). A school without grade 6 (a junior school) is fed grade 7 by
//!   the 学区's 小升初 at its share (see `super::run`).

use std::collections::BTreeMap;

use junheng_core::school::SchoolCode;
use junheng_core::seats::forecast::BirthSeries;
use junheng_core::seats::{BirthSource, Cohorts, GRADES, History};
use junheng_store::seats::forecast::{AreaZone, Birth, Enrolment};

/// The name of the 随迁 source of a 户籍 forecast.
pub const MIGRANT_SOURCE: &str = "随迁子女";

/// Births by year.
pub type Births = BTreeMap<i32, f64>;

/// Pupils and 随迁子女 by school year and grade.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grades {
    /// Pupils.
    pub pupils: BTreeMap<i32, Cohorts>,
    /// 随迁子女 among them.
    pub migrant: BTreeMap<i32, Cohorts>,
}

impl Grades {
    /// Adds one row of enrolment.
    pub fn add(&mut self, e: &Enrolment) {
        let g = usize::from(e.grade) - 1;
        if g < GRADES {
            self.pupils.entry(e.year).or_insert([0.0; GRADES])[g] += f64::from(e.pupils);
            self.migrant.entry(e.year).or_insert([0.0; GRADES])[g] += f64::from(e.migrant);
        }
    }

    /// The grades of the rows `keep` keeps.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Enrolment>) -> Grades {
        let mut g = Grades::default();
        for e in rows {
            g.add(e);
        }
        g
    }
}

/// The births of one series by 学区 (the map's shares applied) and of the district (every
/// area), with the areas the map does not name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneBirths {
    /// By 学区.
    pub zones: BTreeMap<String, Births>,
    /// The district's.
    pub district: Births,
    /// Areas with births but no 学区.
    pub unmapped: Vec<String>,
}

/// Splits the births of `series` by the map's shares.
pub fn zone_births(births: &[Birth], map: &[AreaZone], series: BirthSeries) -> ZoneBirths {
    let mut out = ZoneBirths::default();
    for b in births.iter().filter(|b| b.series == series) {
        let n = f64::from(b.births);
        *out.district.entry(b.year).or_default() += n;
        let mut mapped = false;
        for z in map.iter().filter(|z| z.area == b.area) {
            mapped = true;
            *out.zones
                .entry(z.zone.clone())
                .or_default()
                .entry(b.year)
                .or_default() += n * z.share;
        }
        if !mapped && !out.unmapped.contains(&b.area) {
            out.unmapped.push(b.area.clone());
        }
    }
    out
}

/// The history of a unit with these births and grades, in `series`.
pub fn history(births: &Births, grades: &Grades, series: BirthSeries) -> History {
    let first =
        |of: &BTreeMap<i32, Cohorts>| -> Births { of.iter().map(|(&y, g)| (y, g[0])).collect() };
    let sources = match series {
        BirthSeries::Resident => vec![BirthSource {
            name: series.label().into(),
            births: births.clone(),
            first_graders: first(&grades.pupils),
        }],
        BirthSeries::Hukou => {
            let migrant = first(&grades.migrant);
            let own = grades
                .pupils
                .iter()
                .map(|(&y, g)| (y, g[0] - migrant.get(&y).copied().unwrap_or(0.0)))
                .collect();
            vec![
                BirthSource {
                    name: series.label().into(),
                    births: births.clone(),
                    first_graders: own,
                },
                BirthSource {
                    name: MIGRANT_SOURCE.into(),
                    births: births.keys().map(|&y| (y, 1.0)).collect(),
                    first_graders: migrant,
                },
            ]
        }
    };
    History {
        sources,
        enrolment: grades.pupils.clone(),
    }
}

/// The 学区 of each school: from the latest school year's statistics that list it.
pub type ZoneOf = BTreeMap<SchoolCode, Option<String>>;
