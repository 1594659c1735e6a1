//! 学位 (seats, issue 16): the size items of a school year with the class table ([`sizes`]); the
//! catchment map with the 就近入学 and 指标到校 items and their files ([`zoning`]); the
//! school-age forecast ([`forecast`]); and the building projects with what-if and the planner
//! ([`projects`]).

pub(crate) mod forecast;
pub(crate) mod projects;
mod sizes;
mod zoning;

pub(crate) use sizes::{
    import as classes_import, json as sizes_json, page, problems, refused_import,
    template as classes_template, withdraw as classes_withdraw, year_of, year_upload,
};
pub(crate) use zoning::{
    import as zoning_import, json as zoning_json, page as zoning_page, template as zoning_template,
    withdraw as zoning_withdraw,
};
