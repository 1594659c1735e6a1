//! The sample URLs of the 继续教育 routes (issue 17): the page with its downloads, the JSON, the
//! template, and the import and withdrawal forms (incomplete: refused before anything is
//! written).

use super::*;

/// Whether `who` sees the route at all: 继续教育 is the district's and each school's own; group
/// and 学区 leads are refused.
pub(super) fn sees(route: &RouteInfo, who: Who) -> bool {
    let training = route.path.starts_with("/teachers/training")
        || route.path.starts_with("/api/v1/teachers/training");
    !(training && matches!(who, Who::Lead | Who::Zone))
}

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, _f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    match (route.method, route.path) {
        ("GET", "/teachers/training") => vec![
            ("/teachers/training".into(), Param::Own),
            ("/teachers/training?format=xlsx".into(), Param::Own),
            (
                "/teachers/training?format=csv&cycle=2021".into(),
                Param::Own,
            ),
        ],
        ("POST", "/teachers/training/import") | ("POST", "/teachers/training/withdraw") => {
            own(route.path.into())
        }
        ("GET", "/teachers/training/template.xlsx") | ("GET", "/api/v1/teachers/training") => {
            own(route.path.into())
        }
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep \
             (tests/it/sweep/samples_teachers_training.rs)"
        ),
    }
}
