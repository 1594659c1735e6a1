//! The sample URLs of the 骨干梯队, honours and teacher's record routes (issue 17): the pipeline
//! and its download and API for every member (narrowed to the schools they see); honours, its
//! API, import, withdrawal and templates for those holding a HonoursPass (the district's
//! administrators and 督学, the school's administrator); a teacher's record of the school
//! user's school (own) and of the other school (foreign), for the district and that school only.

use super::*;

/// Whether `who` may see a route's data beyond its policy.
pub(super) fn sees(route: &RouteInfo, who: Who) -> bool {
    match route.path {
        "/teachers/honours" | "/api/v1/teachers/honours" => {
            matches!(
                who,
                Who::Admin | Who::Supervisor | Who::School | Who::OtherAdmin
            )
        }
        "/teachers/t/{teacher}" => matches!(
            who,
            Who::Admin | Who::Supervisor | Who::School | Who::City | Who::Province
        ),
        _ => true,
    }
}

/// The URLs a route is swept with.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    match (route.method, route.path) {
        ("GET", "/teachers/pipeline") => vec![
            ("/teachers/pipeline".into(), Param::Own),
            ("/teachers/pipeline?format=xlsx".into(), Param::Own),
        ],
        ("GET", "/teachers/honours") => vec![
            ("/teachers/honours".into(), Param::Own),
            ("/teachers/honours?format=csv".into(), Param::Own),
        ],
        ("GET", "/api/v1/teachers/pipeline") | ("GET", "/api/v1/teachers/honours") => {
            own(route.path.into())
        }
        // Incomplete forms and uploads: 400 before anything is written.
        ("POST", "/teachers/honours/import") | ("POST", "/teachers/honours/withdraw") => {
            own(route.path.into())
        }
        ("GET", "/teachers/honours/template.xlsx") => {
            own("/teachers/honours/template.xlsx?kind=awards".into())
        }
        ("GET", "/teachers/t/{teacher}") => super::samples_teachers_training::teachers(f)
            .into_iter()
            .map(|(t, p)| (format!("/teachers/t/{t}"), p))
            .collect(),
        (m, p) => panic!("route {m} {p} has no sample in samples_teachers_honours.rs"),
    }
}
