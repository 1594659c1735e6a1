//! The sample URLs of the student routes of the registry, a child's record, the rates, imports, inputs and retention (issue 13).

use super::*;

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    let both = |own: String, foreign: String| vec![(own, Param::Own), (foreign, Param::Foreign)];
    let (s, os) = (&f.school, &f.other_school);
    match (route.method, route.path) {
        // 控辍保学's API lives beside the registry's: its samples are the dropout file's.
        (_, p)
            if p.starts_with("/api/v1/students/cases")
                || p.starts_with("/api/v1/students/dropout") =>
        {
            super::samples_dropout::samples(route, f)
        }
        ("GET", "/students") => own(format!("/students?year={YEAR}")),
        ("GET", "/students/school/{code}") => both(
            format!("/students/school/{s}?year={YEAR}"),
            format!("/students/school/{os}?year={YEAR}"),
        ),
        // The sweep's district has no registry: no child is anybody's to read.
        ("GET", "/students/child/{id}") => own("/students/child/1".into()),
        ("GET", "/students/rates") => {
            let mut v = own(format!("/students/rates?year={YEAR}"));
            v.push(("/students/rates?format=xlsx".into(), Param::Own));
            v
        }
        ("GET", "/api/v1/students/rates") => own(format!("/api/v1/students/rates?year={YEAR}")),
        ("GET", "/api/v1/students/zero") => own("/api/v1/students/zero".into()),
        ("GET", "/students/template.xlsx") => own("/students/template.xlsx".into()),
        ("POST", "/students/import") => own("/students/import".into()),
        ("POST", "/students/inputs") => own("/students/inputs".into()),
        ("GET", "/students/retention") => own("/students/retention?month=2027-07".into()),
        ("POST", "/students/retention") => own("/students/retention".into()),
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep (tests/it/sweep/samples_students.rs)"
        ),
    }
}

/// Whether the sight of `who` (`junheng_app::students::who`) lets them read what a registry
/// route shows, before their scope is asked: a group's or a 学区's lead sees no child and no
/// count; a school account sees its own school's counts, not the district's 动态清零; nobody of
/// the sweep reads a child by name (none of them is a care role).
pub(super) fn sees(route: &RouteInfo, who: Who) -> bool {
    // The county's quarterly re-check: the 控辍保学专干's alone, none of the sweep's callers.
    if route.path == "/students/dropout/reports/quarterly.xlsx" {
        return false;
    }
    let registry = (route.path.starts_with("/students")
        || route.path.starts_with("/api/v1/students"))
        && ![
            "/students/cases",
            "/students/dropout",
            "/api/v1/students/cases",
            "/api/v1/students/dropout",
        ]
        .iter()
        .any(|p| route.path.starts_with(p));
    if !registry || route.path == "/students/template.xlsx" {
        return true;
    }
    match route.path {
        "/students/child/{id}" => false,
        "/api/v1/students/zero" => !matches!(who, Who::Lead | Who::Zone | Who::School),
        _ => !matches!(who, Who::Lead | Who::Zone),
    }
}
