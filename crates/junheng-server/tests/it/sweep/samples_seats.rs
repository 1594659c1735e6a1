//! The sample URLs of the 一校一案 routes (issue 16): the ledger with its downloads, template
//! and import, a project's page and forms, the what-if (its form; chosen projects are tried in
//! `tests/it/seats_projects.rs`), the planner over the 规划 projects, and the API. Every route is
//! for the district's readers; another district's administrator has their own (empty) ledger
//! and is told this district's project does not exist.

use super::*;

/// A 规划 project of the fixture: an extension of the school user's school.
pub(super) async fn project(app: &TestApp, school: &str) -> i64 {
    let entry = junheng_store::ProjectEntry {
        name: "扫描用改扩建项目".into(),
        school: junheng_core::school::SchoolCode::parse(school).unwrap(),
        kind: junheng_core::seats::ledger::ProjectKind::Extension,
        status: junheng_core::seats::ledger::ProjectStatus::Planned,
        year_planned: YEAR,
        year_opened: Some(YEAR + 1),
        adds: junheng_core::seats::project::Additions {
            teaching_room_area: 800.0,
            ..Default::default()
        },
        seats_added: 0,
        cost: 2_800_000,
        funding: "改薄资金".into(),
        started_on: None,
        completed_on: None,
        note: String::new(),
        money: Vec::new(),
    };
    app.home()
        .await
        .add_seat_project(&entry, &Actor::system())
        .await
        .unwrap()
}

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    let p = f.seat_project;
    match (route.method, route.path) {
        ("GET", "/seats/projects") => vec![
            ("/seats/projects".into(), Param::Own),
            ("/seats/projects?format=xlsx".into(), Param::Own),
        ],
        // Incomplete forms and uploads: 400 before anything is written.
        ("POST", "/seats/projects") | ("POST", "/seats/projects/import") => own(route.path.into()),
        ("GET", "/seats/projects/template.xlsx") | ("GET", "/seats/projects/ledger.xlsx") => {
            own(route.path.into())
        }
        ("GET", "/seats/projects/what-if") => own(format!("/seats/projects/what-if?year={YEAR}")),
        ("GET", "/seats/projects/plan") => vec![
            (format!("/seats/projects/plan?year={YEAR}"), Param::Own),
            (
                format!("/seats/projects/plan?year={YEAR}&format=xlsx"),
                Param::Own,
            ),
        ],
        ("GET", "/seats/projects/{id}") => own(format!("/seats/projects/{p}")),
        ("POST", "/seats/projects/{id}") => own(format!("/seats/projects/{p}")),
        ("POST", "/seats/projects/{id}/status") => own(format!("/seats/projects/{p}/status")),
        ("POST", "/seats/projects/{id}/delete") => own(format!("/seats/projects/{p}/delete")),
        ("GET", "/api/v1/seats/projects") => own(route.path.into()),
        ("GET", "/api/v1/seats/projects/what-if") => {
            own(format!("/api/v1/seats/projects/what-if?year={YEAR}"))
        }
        ("GET", "/api/v1/seats/projects/plan") => {
            own(format!("/api/v1/seats/projects/plan?year={YEAR}"))
        }
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep (tests/it/sweep/samples_seats.rs)"
        ),
    }
}
