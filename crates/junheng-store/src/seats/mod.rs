//! 学位 (seats, issue 16): what the district keeps to plan its seats — the class table of a
//! school year ([`classes`]) and the building projects ([`projects`]).

pub(crate) mod classes;
pub mod projects;
