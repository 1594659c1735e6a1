//! What the school-age forecast reads (issue 16, `practices.md` §2.3): births by 街道/乡镇 and
//! series, the 街道/乡镇 → 学区 map with shares, pupils by school, school year and grade (with
//! the 随迁子女 among them), and each school's approved capacity by school year.
//!
//! Each kind is written by a file that replaces what it covers, in one transaction with its
//! audit entry: births the (series, year) pairs of the file, enrolment and capacity the school
//! years of the file, the map as a whole. This crate checks what rows say by themselves (names
//! within [`crate::limits::MAX_SCHOOL_TEXT`], grades 1–9, 随迁 within the pupils, shares of an area summing to
//! 1, each key once); that schools are schools of the district's statistics, and whether a year
//! may be replaced, is `junheng_app::seats::forecast`'s.

use std::collections::BTreeSet;

use junheng_core::school::SchoolCode;
use junheng_core::seats::forecast::BirthSeries;
use serde::Serialize;

use crate::StoreError;
use crate::district::DistrictStore;
use crate::error::{narrow, school_code};
use crate::pool::{Dialect, with_pool};

mod write;

/// Audit actions of the forecast's inputs (target `seats:births` …, detail `rows=N years=…`).
pub mod seat_action {
    /// Births by 街道/乡镇 were imported.
    pub const BIRTHS: &str = "seats.births";
    /// The 街道/乡镇 → 学区 map was replaced.
    pub const ZONES: &str = "seats.zones";
    /// Enrolment by grade was imported.
    pub const ENROLMENT: &str = "seats.enrolment";
    /// Approved capacity was imported.
    pub const CAPACITY: &str = "seats.capacity";
}

/// Births of one 街道/乡镇 in one calendar year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Birth {
    /// 街道/乡镇.
    pub area: String,
    /// 常住 or 户籍.
    pub series: BirthSeries,
    /// Calendar year of birth.
    pub year: i32,
    /// Births.
    pub births: u32,
}

/// A 街道/乡镇's share of births belonging to a 学区.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaZone {
    /// 街道/乡镇.
    pub area: String,
    /// 学区, as the statistics name it.
    pub zone: String,
    /// Share of the area's births, in (0, 1]; an area's shares sum to 1.
    pub share: f64,
}

/// Pupils of a school in one grade of a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    /// 学年 (2024 = 2024–2025).
    pub year: i32,
    /// 学校标识码.
    pub school: SchoolCode,
    /// Grade 1–9 (1–6 小学, 7–9 初中).
    pub grade: u8,
    /// 在校生数.
    pub pupils: u32,
    /// 随迁子女 among them.
    pub migrant: u32,
}

/// A school's approved size in a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capacity {
    /// 学年.
    pub year: i32,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 小学核定班数.
    pub primary_classes: Option<u32>,
    /// 初中核定班数.
    pub junior_classes: Option<u32>,
    /// 小学核定学位 (when the bureau approves seats rather than classes).
    pub primary_seats: Option<u32>,
    /// 初中核定学位.
    pub junior_seats: Option<u32>,
    /// 普通教室数.
    pub classrooms: Option<u32>,
}

/// Everything stored for the forecast of a district.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SeatInputs {
    /// Births, by area, series and year.
    pub births: Vec<Birth>,
    /// The map, by area and 学区.
    pub zones: Vec<AreaZone>,
    /// Enrolment, by year, school and grade.
    pub enrolment: Vec<Enrolment>,
    /// Capacity, by year and school.
    pub capacity: Vec<Capacity>,
}

impl SeatInputs {
    /// The (series, year) pairs of births stored.
    pub fn birth_years(&self) -> BTreeSet<(BirthSeries, i32)> {
        self.births.iter().map(|b| (b.series, b.year)).collect()
    }

    /// The school years of enrolment stored.
    pub fn enrolment_years(&self) -> BTreeSet<i32> {
        self.enrolment.iter().map(|e| e.year).collect()
    }

    /// The school years of capacity stored.
    pub fn capacity_years(&self) -> BTreeSet<i32> {
        self.capacity.iter().map(|c| c.year).collect()
    }
}

impl DistrictStore {
    /// Everything stored for the forecast, each kind in key order.
    pub async fn seat_inputs(&self) -> Result<SeatInputs, StoreError> {
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_snapshot().await?;
            let births: Vec<(String, String, i64, i64)> = sqlx::query_as(
                "SELECT area, series, year, births FROM seat_births WHERE district_id = $1 \
                 ORDER BY area, series, year",
            )
            .bind(self.id)
            .fetch_all(&mut *tx)
            .await?;
            let zones: Vec<(String, String, f64)> = sqlx::query_as(
                "SELECT area, zone, share FROM seat_area_zones WHERE district_id = $1 \
                 ORDER BY area, zone",
            )
            .bind(self.id)
            .fetch_all(&mut *tx)
            .await?;
            let enrolment: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
                "SELECT year, school, grade, pupils, migrant FROM seat_enrolment \
                 WHERE district_id = $1 ORDER BY year, school, grade",
            )
            .bind(self.id)
            .fetch_all(&mut *tx)
            .await?;
            type CapRow = (
                i64,
                String,
                Option<i64>,
                Option<i64>,
                Option<i64>,
                Option<i64>,
                Option<i64>,
            );
            let capacity: Vec<CapRow> = sqlx::query_as(
                "SELECT year, school, primary_classes, junior_classes, primary_seats, \
                 junior_seats, classrooms FROM seat_capacity WHERE district_id = $1 \
                 ORDER BY year, school",
            )
            .bind(self.id)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            const B: &str = "seat_births";
            const E: &str = "seat_enrolment";
            const C: &str = "seat_capacity";
            let opt = |v: Option<i64>, column| v.map(|v| narrow(v, C, column)).transpose();
            Ok(SeatInputs {
                births: births
                    .into_iter()
                    .map(|(area, series, year, births)| {
                        Ok(Birth {
                            area,
                            series: BirthSeries::parse(&series).ok_or(StoreError::Corrupt {
                                table: B,
                                column: "series",
                            })?,
                            year: narrow(year, B, "year")?,
                            births: narrow(births, B, "births")?,
                        })
                    })
                    .collect::<Result<_, StoreError>>()?,
                zones: zones
                    .into_iter()
                    .map(|(area, zone, share)| AreaZone { area, zone, share })
                    .collect(),
                enrolment: enrolment
                    .into_iter()
                    .map(|(year, school, grade, pupils, migrant)| {
                        Ok(Enrolment {
                            year: narrow(year, E, "year")?,
                            school: school_code(&school, E, "school")?,
                            grade: narrow(grade, E, "grade")?,
                            pupils: narrow(pupils, E, "pupils")?,
                            migrant: narrow(migrant, E, "migrant")?,
                        })
                    })
                    .collect::<Result<_, StoreError>>()?,
                capacity: capacity
                    .into_iter()
                    .map(|(year, school, pc, jc, ps, js, rooms)| {
                        Ok(Capacity {
                            year: narrow(year, C, "year")?,
                            school: school_code(&school, C, "school")?,
                            primary_classes: opt(pc, "primary_classes")?,
                            junior_classes: opt(jc, "junior_classes")?,
                            primary_seats: opt(ps, "primary_seats")?,
                            junior_seats: opt(js, "junior_seats")?,
                            classrooms: opt(rooms, "classrooms")?,
                        })
                    })
                    .collect::<Result<_, StoreError>>()?,
            })
        })
    }
}
