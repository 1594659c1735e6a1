//! The sample URLs of the 继续教育 routes (issue 17): the page with its downloads, the JSON, the
//! templates, the import, withdrawal and entry forms (incomplete: refused before anything is
//! written), and a teacher's page, downloads and JSON of the school user's school (own) and of
//! the other school (foreign).

use super::*;

fn teacher_page(route: &RouteInfo) -> bool {
    route.path.ends_with("/teachers/training/t/{teacher}")
}

/// Whether `who` sees the route at all: 继续教育 is the district's and each school's own; group
/// and 学区 leads are refused; a teacher of this district does not exist for another district's
/// admin.
pub(super) fn sees(route: &RouteInfo, who: Who) -> bool {
    let training = route.path.starts_with("/teachers/training")
        || route.path.starts_with("/api/v1/teachers/training");
    let refused = training && matches!(who, Who::Lead | Who::Zone);
    let unknown = teacher_page(route) && who == Who::OtherAdmin;
    !(refused || unknown)
}

/// Whether a refused caller is told that the route's record does not exist (404) rather than
/// refused (403): another school's teacher is answered as an unknown one, so that the answer
/// says nothing of them.
pub(super) fn unknown_to(route: &RouteInfo, who: Who) -> bool {
    teacher_page(route) && matches!(who, Who::School | Who::OtherAdmin)
}

/// A teacher of the school user's school (own) and one of the other school (foreign), in the
/// 2024 roster.
pub(super) fn teachers(f: &Fixture) -> Vec<(String, Param)> {
    let of = |school: &str| {
        f.roster
            .iter()
            .find(|t| t.school.as_str() == school)
            .map(|t| t.id.to_string())
            .expect("the roster has teachers of both schools")
    };
    vec![
        (of(&f.school), Param::Own),
        (of(&f.other_school), Param::Foreign),
    ]
}

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
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
        ("POST", "/teachers/training/import")
        | ("POST", "/teachers/training/withdraw")
        | ("POST", "/teachers/training/records")
        | ("POST", "/teachers/training/budgets/import")
        | ("POST", "/teachers/training/budgets") => own(route.path.into()),
        ("GET", "/teachers/training/template.xlsx")
        | ("GET", "/teachers/training/budgets/template.xlsx")
        | ("GET", "/api/v1/teachers/training") => own(route.path.into()),
        ("GET", "/teachers/training/t/{teacher}") => teachers(f)
            .into_iter()
            .flat_map(|(t, p)| {
                ["", "?format=xlsx", "?format=csv"]
                    .map(|q| (format!("/teachers/training/t/{t}{q}"), p))
            })
            .collect(),
        ("GET", "/api/v1/teachers/training/t/{teacher}") => teachers(f)
            .into_iter()
            .map(|(t, p)| (format!("/api/v1/teachers/training/t/{t}"), p))
            .collect(),
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep \
             (tests/it/sweep/samples_teachers_training.rs)"
        ),
    }
}
