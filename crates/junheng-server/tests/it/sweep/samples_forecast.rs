//! The sample URLs of the 学位预测 routes (issue 16): the district's and a 学区's forecast, its
//! workbook and data, the import page, preview, confirmation and templates. The forecast
//! compares schools: the district's readers (administrators, 督学, city and province users
//! looking into it) see it; another district's administrator sees their own district's (the
//! 学区 of the sample exists there too: 学区 are named by each district's statistics).

use super::*;

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    let zone = enc(&f.zone);
    match (route.method, route.path) {
        ("GET", "/seats/forecast") => vec![
            ("/seats/forecast".into(), Param::Own),
            (
                "/seats/forecast?series=hukou&horizon=2030".into(),
                Param::Own,
            ),
        ],
        ("GET", "/seats/forecast/zones/{zone}") => own(format!("/seats/forecast/zones/{zone}")),
        ("GET", "/seats/forecast/export.xlsx") => vec![
            ("/seats/forecast/export.xlsx".into(), Param::Own),
            (
                format!("/seats/forecast/export.xlsx?zone={zone}"),
                Param::Own,
            ),
        ],
        ("GET", "/api/v1/seats/forecast") => own(route.path.into()),
        ("GET", "/api/v1/seats/forecast/zones/{zone}") => {
            own(format!("/api/v1/seats/forecast/zones/{zone}"))
        }
        ("GET", "/seats/forecast/import") => own(route.path.into()),
        // An upload without a file and a confirmation without its preview: 400.
        ("POST", "/seats/forecast/import") | ("POST", "/seats/forecast/import/confirm") => {
            own(route.path.into())
        }
        ("GET", "/seats/forecast/template/{kind}") => own("/seats/forecast/template/births".into()),
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep (tests/it/sweep/samples_forecast.rs)"
        ),
    }
}
