//! The sample URLs of the student routes of the registry, a child's record, the rates, imports, inputs and retention (issue 13).

use super::*;

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, _f: &Fixture) -> Vec<(String, Param)> {
    panic!(
        "route {} {} has no sample in the route sweep (tests/it/sweep/samples_students.rs)",
        route.method, route.path
    )
}
