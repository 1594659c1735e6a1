//! The sample URLs of 名师工作室 and 师徒结对 (issue 17): both pages with their downloads, a
//! studio's page, the templates, imports, withdrawals, ending a pair and the API. Every user of
//! the district reads (scoped to their schools); the fixture's studio is hosted at the school
//! user's school, so every scoped caller sees it, and another district has none.

use super::*;

/// Imports the fixture's 工作室名册: one studio hosted at `school` (its host on no roster, so
/// that no other school is named).
pub(super) async fn seed(app: &TestApp, school: &str) {
    use junheng_store::teachers::studios::StudioRows;
    use junheng_teachers::studios::{Level, Status, Studio};
    let studio = Studio {
        name: "扫描用名师工作室".into(),
        kind: "名师工作室".into(),
        level: Level::District,
        subject: "数学".into(),
        host: junheng_rotation::TeacherId::parse("SWEEP-HOST").unwrap(),
        host_school: junheng_core::school::SchoolCode::parse(school).unwrap(),
        start: format!("{YEAR}-09-01"),
        end: None,
        status: Status::Active,
        members: Vec::new(),
    };
    app.home()
        .await
        .import_studio_file(
            StudioRows::Studios(&[studio]),
            "工作室.csv",
            &"a".repeat(64),
            &Actor::system(),
        )
        .await
        .unwrap();
}

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, _f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    match (route.method, route.path) {
        ("GET", "/teachers/studios") => vec![
            (format!("/teachers/studios?year={YEAR}"), Param::Own),
            (
                format!("/teachers/studios?year={YEAR}&format=xlsx"),
                Param::Own,
            ),
        ],
        ("GET", "/teachers/mentors") => vec![
            (format!("/teachers/mentors?year={YEAR}"), Param::Own),
            (
                format!("/teachers/mentors?year={YEAR}&format=csv"),
                Param::Own,
            ),
        ],
        ("GET", "/teachers/studios/{id}") => own(format!("/teachers/studios/1?year={YEAR}")),
        ("GET", "/api/v1/teachers/studios") | ("GET", "/api/v1/teachers/mentors") => {
            own(format!("{}?year={YEAR}", route.path))
        }
        // Templates; incomplete forms and uploads: 400 before anything is written.
        (_, p) => own(p.into()),
    }
}
