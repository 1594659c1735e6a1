//! 学位 (seats): the school-age forecast of a unit (学区, district) from its births and enrolment
//! ([`forecast`], `practices.md` §2.2–2.3), the seats it is set against ([`gap`]), the
//! 政府保障 items on class and school size and on music and art rooms ([`class_size`]), and what
//! building projects would do to a year's evaluation before they are funded ([`project`]), and the
//! catchment map with the 就近入学 and 指标到校 items ([`zoning`]).
//!
//! Pupil counts are `f64`: a forecast is an expectation, not a head count; pages round them.

pub mod class_size;
pub mod forecast;
pub mod gap;
pub mod ledger;
pub mod planner;
pub mod project;
pub mod zoning;

pub use forecast::{
    BackTest, BirthSource, Calibration, Cohorts, ForecastError, GRADES, History, Projection,
    Scenario, Settings, back_test, calibrate, project,
};
pub use gap::{GradeShortfall, SeatGap, first_year_over, seat_gap};
