//! The sample URLs of 社会认可度自测 (issue 19): the list, a survey's results with their
//! downloads and JSON, the built-in questionnaire for the district's readers (schools and every
//! other role refused by policy); creating, opening, codes, imports and 撤回 as incomplete forms
//! (400 before anything is written); the template for administrators; the respondent's public
//! pages (an unknown code answers like every code that does not work).

use super::*;

/// The fixture's survey: a draft of the swept district without answers.
pub(super) async fn survey(app: &TestApp) -> i64 {
    let home = app.home().await;
    let actor = junheng_store::Actor::new("admin");
    let day = |t: &str| junheng_labour::calendar::Day::parse(t).unwrap();
    junheng_app::survey::create(
        &home,
        &junheng_app::pairings::Caller::Operator(&actor),
        &junheng_app::survey::Draft {
            year: 2024,
            title: "2024年社会认可度自测",
            questionnaire: None,
            weighting: junheng_core::survey::Weighting::Equal,
            min_cell: 10,
            opens_on: day("2024-11-01"),
            closes_on: day("2024-11-30"),
        },
    )
    .await
    .unwrap()
}

/// Whether a path is one of these routes.
pub(super) fn owns(path: &str) -> bool {
    path.starts_with("/survey")
        || path.starts_with("/api/v1/survey")
        || path == "/s"
        || path.starts_with("/s/")
}

/// The URLs a route is swept with.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    let id = f.survey;
    match (route.method, route.path) {
        ("GET", "/survey/{id}") => vec![
            (format!("/survey/{id}"), Param::Own),
            (format!("/survey/{id}?format=xlsx"), Param::Own),
            (format!("/survey/{id}?format=csv"), Param::Own),
        ],
        ("GET", "/api/v1/survey/{id}") => own(format!("/api/v1/survey/{id}")),
        ("GET", "/survey/{id}/template.xlsx") => {
            own(format!("/survey/{id}/template.xlsx?group=parent"))
        }
        ("GET", "/s/{token}") => own(format!("/s/{}", "0".repeat(32))),
        // Incomplete forms and uploads: 400 before anything is written (the public ones answer
        // with the page of a code that does not work).
        (_, p) => own(p.replace("{id}", &id.to_string())),
    }
}
