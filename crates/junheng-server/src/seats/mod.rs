//! 学位 (seats, issue 16): the size items of a school year with the class table ([`sizes`]), the
//! school-age forecast ([`forecast`]), and the building projects with what-if and the planner
//! ([`projects`]).

pub(crate) mod forecast;
pub(crate) mod projects;
mod sizes;

pub(crate) use sizes::{
    import as classes_import, json as sizes_json, page, template as classes_template,
    withdraw as classes_withdraw,
};
