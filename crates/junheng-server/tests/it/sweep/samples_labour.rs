//! The sample URLs of 劳动教育 (issue 18; bases and 五育 are `samples_five`'s): the lists page, its API and template for those
//! holding a LabourPass (the district's administrators and 督学, city and province users looking
//! in, a school's account); import and 撤回 with incomplete forms (400 before anything is
//! written). Group and 学区 leads hold no pass. The class page (its picker) for a school's
//! account only (a 班主任 is not among the sweep's callers); its forms incomplete (400).
//! Compliance and 星级学校 for every pass holder (a school's account refused another school).

use super::*;

/// Whether a path is one of these routes (bases and 五育 are `samples_five`'s).
pub(super) fn owns(path: &str) -> bool {
    [
        "/labour/lists",
        "/labour/class",
        "/labour/p/",
        "/labour/students/",
        "/labour/review",
        "/labour/compliance",
        "/labour/stars",
        "/api/v1/labour/lists",
        "/api/v1/labour/students/",
        "/api/v1/labour/review",
        "/api/v1/labour/compliance",
        "/api/v1/labour/stars",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

/// Whether `who` may see a route's data beyond its policy.
pub(super) fn sees(route: &RouteInfo, who: Who) -> bool {
    if !owns(route.path) {
        return true;
    }
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
    // The review (issue 18 item 3): the class summary for a school's account (its picker); the
    // 综合素质评价 file for the school only (a redirect to its review page until exported); the
    // audit sample for the district's roles (another district's admin: an unknown school).
    if matches!(
        route.path,
        "/labour/class/summary" | "/labour/review/export"
    ) {
        return who == Who::School;
    }
    if route.path == "/labour/review/audit" {
        return matches!(
            who,
            Who::Admin | Who::Supervisor | Who::City | Who::Province | Who::OtherAdmin
        );
    }
    !matches!(who, Who::Lead | Who::Zone)
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
        | ("POST", "/labour/class/slips")
        | ("GET", "/labour/class/summary")
        | ("POST", "/labour/class/summary/submit")
        | ("GET", "/labour/review")
        | ("GET", "/api/v1/labour/review")
        | ("POST", "/labour/review/step")
        | ("POST", "/labour/review/audit") => vec![(route.path.into(), Param::Own)],
        ("GET", "/labour/review/export") => {
            vec![("/labour/review/export?term=2025-1".into(), Param::Own)]
        }
        ("GET", "/labour/review/audit") => vec![(
            format!("/labour/review/audit?school={}&term=2025-1", f.school),
            Param::Own,
        )],
        ("GET", "/labour/students/{key}") | ("GET", "/api/v1/labour/students/{key}") => {
            vec![(route.path.replace("{key}", "1"), Param::Own)]
        }
        // A link nobody issued: the one page of a link that does not work.
        ("GET", "/labour/p/{token}") | ("POST", "/labour/p/{token}") => {
            vec![(format!("/labour/p/{}", "0".repeat(32)), Param::Own)]
        }
        (m, p) => panic!("route {m} {p} has no sample in samples_labour.rs"),
    }
}
