//! 学位 (seats, issue 16): the 政府保障 items on class size, school size and music and art rooms
//! of a school year, with the class table they are read from ([`sizes`]); the catchment map and
//! the items on 就近入学 and 指标到校, with the files they are read from ([`zoning`]); the
//! school-age forecast ([`forecast`]); and the building projects with what-if and the planner
//! ([`projects`]).

pub mod forecast;
pub mod projects;
pub mod sizes;
pub mod zoning;
