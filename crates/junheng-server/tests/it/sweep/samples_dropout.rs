//! The sample URLs of the student routes of 控辍保学: the watch list, the ledgers, cases, absences and events, 四查三比对, reports (issue 13).

use super::*;

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, _f: &Fixture) -> Vec<(String, Param)> {
    panic!(
        "route {} {} has no sample in the route sweep (tests/it/sweep/samples_dropout.rs)",
        route.method, route.path
    )
}
