//! The sample URLs of the student health routes (issue 14): the overview and its JSON, a
//! fitness round at a school, the named pages (a child's report card, referrals, 心理 cases),
//! imports, templates and scoring packs.
//!
//! None of the sweep's callers reads a child by name (those are the 校医, the 班主任, the
//! 心理教师 and the crisis team, tried in `tests/it/health/`): the named pages are refused to every
//! one of them, before anything is looked up. The fixture has a fitness and a vision round
//! without files.

use super::*;

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    let (s, os) = (&f.school, &f.other_school);
    let (fr, vr) = (f.fitness_round, f.vision_round);
    match (route.method, route.path) {
        ("GET", "/health") => vec![
            ("/health".into(), Param::Own),
            ("/health?sort=pass&desc=1".into(), Param::Own),
            ("/health?format=xlsx".into(), Param::Own),
        ],
        ("GET", "/health/summary.json") => own("/health/summary.json".into()),
        ("GET", "/health/fitness/{id}") => vec![
            (format!("/health/fitness/{fr}?school={s}"), Param::Own),
            (
                format!("/health/fitness/{fr}?school={s}&format=xlsx"),
                Param::Own,
            ),
            (format!("/health/fitness/{fr}?school={os}"), Param::Foreign),
        ],
        ("GET", "/health/child/{id}") => own("/health/child/1".into()),
        ("GET", "/health/vision/{id}/referrals") => {
            own(format!("/health/vision/{vr}/referrals?school={s}"))
        }
        ("GET", "/health/mental") => own("/health/mental".into()),
        ("GET", "/health/mental/cases/{id}") => own("/health/mental/cases/1".into()),
        // Incomplete forms: 400 before anything is looked up.
        ("POST", "/health/mental/cases/{id}/record") => own("/health/mental/cases/1/record".into()),
        ("POST", "/health/import") => own("/health/import".into()),
        ("GET", "/health/templates/{file}") => own("/health/templates/fitness.xlsx".into()),
        ("POST", "/health/pack") => own("/health/pack".into()),
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep (tests/it/sweep/samples_health.rs)"
        ),
    }
}

/// Whether the sight of `who` (`junheng_app::health::who`) lets them read what a health route
/// shows: a group's or a 学区's lead sees nothing of health; nobody of the sweep reads a child, a
/// referral list or a 心理 case (none of them is a named role), and only the templates are
/// everyone's.
pub(super) fn sees(route: &RouteInfo, who: Who) -> bool {
    if route.path != "/health" && !route.path.starts_with("/health/") {
        return true;
    }
    match route.path {
        "/health/templates/{file}" => true,
        "/health/child/{id}"
        | "/health/vision/{id}/referrals"
        | "/health/mental"
        | "/health/mental/cases/{id}" => false,
        _ => !matches!(who, Who::Lead | Who::Zone),
    }
}
