//! 学位 (seats, issue 16): what the district keeps to plan its seats — the class table of a
//! school year ([`classes`]), the forecast's births, 学区 map, enrolment and capacity
//! ([`forecast`]), and the building projects ([`projects`]).

pub(crate) mod classes;
pub mod forecast;
pub mod projects;
