//! The sample URLs of 劳动基地与联盟 and 五育 (issue 18): the pages, their downloads and JSON for
//! every member (a school's rows narrowed to its own, group and 学区 leads the district's
//! figures only); imports, entries, withdrawals and targets as incomplete forms (400 before
//! anything is written); the templates.

use super::*;

/// The URLs a route is swept with.
pub(super) fn samples(route: &RouteInfo, _f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: &str| vec![(u.to_owned(), Param::Own)];
    match (route.method, route.path) {
        ("GET", "/labour/bases") => vec![
            ("/labour/bases".into(), Param::Own),
            ("/labour/bases?by=school&format=csv".into(), Param::Own),
            ("/labour/bases?by=alliance&format=xlsx".into(), Param::Own),
            ("/labour/bases?by=visit".into(), Param::Own),
        ],
        ("GET", "/five") => vec![
            ("/five".into(), Param::Own),
            ("/five?format=xlsx".into(), Param::Own),
        ],
        ("GET", "/api/v1/labour/bases") | ("GET", "/api/v1/five") => own(route.path),
        ("GET", "/labour/bases/template.xlsx") => own("/labour/bases/template.xlsx?kind=visits"),
        ("GET", "/five/template.xlsx") => own("/five/template.xlsx?kind=breaks"),
        // Incomplete forms and uploads: 400 before anything is written.
        ("POST", p) => own(p),
        (m, p) => panic!("route {m} {p} has no sample in samples_five.rs"),
    }
}
