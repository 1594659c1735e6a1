//! The sample URLs of 劳动教育 (issue 18): the lists page, its API and template for those
//! holding a LabourPass (the district's administrators and 督学, city and province users looking
//! in, a school's account); import and 撤回 with incomplete forms (400 before anything is
//! written). Group and 学区 leads hold no pass. The class page (its picker) for a school's
//! account only (a 班主任 is not among the sweep's callers); its forms incomplete (400).
//! Compliance and 星级学校 for every pass holder (a school's account refused another school).

use super::*;

/// Whether `who` may see a route's data beyond its policy.
pub(super) fn sees(route: &RouteInfo, who: Who) -> bool {
    if route.path.ends_with("/labour/students/{key}") {
        // Only a 班主任 or a school reads a passport, and the sweep's fixture has no child: the
        // school is refused like everyone (a child out of reach is refused whether or not they
        // exist).
        return false;
    }
    if route.path == "/labour/p/{token}" {
        return true;
    }
    if route.path == "/labour/class" {
        return who == Who::School;
    }
    if route.path.starts_with("/labour/bases") || route.path.starts_with("/api/v1/labour/bases") {
        // The 五育 slice's: what a caller sees there is its Sight (leads see their schools).
        return true;
    }
    if route.path.starts_with("/labour") || route.path.starts_with("/api/v1/labour") {
        return !matches!(who, Who::Lead | Who::Zone);
    }
    true
}

/// The URLs a route is swept with.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| (u, Param::Own);
    match (route.method, route.path) {
        // Compliance and 星级学校: the district (suppressed), a school's classes (its own or
        // another's), a download, an earlier term; the forms incomplete (400).
        ("GET", "/labour/compliance") | ("GET", "/api/v1/labour/compliance") => vec![
            own(route.path.into()),
            own(format!("{}?term=2024-2&format=xlsx", route.path)),
            own(format!("{}?school={}", route.path, f.school)),
            (
                format!("{}?school={}", route.path, f.other_school),
                Param::Foreign,
            ),
        ],
        ("GET", "/labour/compliance/template.xlsx") => {
            vec![own(format!("{}?kind=lessons", route.path))]
        }
        ("GET", "/labour/stars") | ("GET", "/api/v1/labour/stars") => vec![
            own(route.path.into()),
            own(format!("{}?term=2024-1", route.path)),
        ],
        ("POST", "/labour/compliance/import")
        | ("POST", "/labour/compliance/entry")
        | ("POST", "/labour/compliance/withdraw") => vec![own(route.path.into())],
        ("GET", "/labour/lists")
        | ("GET", "/api/v1/labour/lists")
        | ("GET", "/labour/lists/template.xlsx")
        | ("POST", "/labour/lists/import")
        | ("POST", "/labour/lists/withdraw")
        | ("GET", "/labour/class")
        | ("POST", "/labour/class/records")
        | ("POST", "/labour/class/decide")
        | ("POST", "/labour/class/rate")
        | ("POST", "/labour/class/import")
        | ("GET", "/labour/class/template.xlsx")
        | ("POST", "/labour/class/slips") => vec![(route.path.into(), Param::Own)],
        ("GET", "/labour/students/{key}") | ("GET", "/api/v1/labour/students/{key}") => {
            vec![(route.path.replace("{key}", "1"), Param::Own)]
        }
        // A link nobody issued: the one page of a link that does not work.
        ("GET", "/labour/p/{token}") | ("POST", "/labour/p/{token}") => {
            vec![(format!("/labour/p/{}", "0".repeat(32)), Param::Own)]
        }
        // Bases and alliances are the 五育 slice's (samples.rs sends every /labour route here).
        (_, p) if p.starts_with("/labour/bases") || p.starts_with("/api/v1/labour/bases") => {
            super::samples_five::samples(route, f)
        }
        (m, p) => panic!("route {m} {p} has no sample in samples_labour.rs"),
    }
}
