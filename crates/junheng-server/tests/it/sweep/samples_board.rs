//! The sample URLs of the 挂图作战 board (issue 19): the board, its JSON and workbook, the raise
//! preview, a plan of a department's task, the 责任清单; the writes as incomplete forms.

use super::*;

/// The department of the sweep's 责任部门 user.
pub(super) const DEPARTMENT: &str = "区财政局";

/// A 专项 plan holding one task of [`DEPARTMENT`]; returns the plan's id.
pub(super) async fn plan(app: &TestApp) -> i64 {
    let home = app.home().await;
    let actor = junheng_store::Actor::new("admin");
    let owner =
        junheng_store::TaskOwner::new(junheng_store::OwnerKind::Department, DEPARTMENT).unwrap();
    let task = home
        .create_task(
            &junheng_store::NewTask {
                title: "足额拨付生均公用经费",
                detail: "督导评估整改",
                owner: &owner,
                deadline: "2025-06-30",
                source: None,
            },
            &actor,
        )
        .await
        .unwrap();
    home.create_plan(
        &junheng_store::NewPlan {
            title: "经费保障专项",
            kind: junheng_store::PlanKind::Special,
            owner: &owner,
            year: 2024,
        },
        &[task.id],
        &actor,
    )
    .await
    .unwrap()
}

/// Whether the sweep's path belongs to the board's samples.
pub(super) fn owns(path: &str) -> bool {
    path.starts_with("/board") || path == "/api/v1/board"
}

/// Whether `who` is told the plan does not exist (it holds none of their tasks).
pub(super) fn unknown_to(route: &RouteInfo, who: Who) -> bool {
    route.path == "/board/plans/{id}" && matches!(who, Who::Lead | Who::Zone | Who::School)
}

/// The URLs a route is swept with.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    match (route.method, route.path) {
        ("GET", "/board/raise") => own(format!("/board/raise?year={YEAR}")),
        ("GET", "/board/plans/{id}") => own(format!("/board/plans/{}", f.board_plan)),
        ("POST", "/board/duties/{id}/withdraw") => own("/board/duties/999999/withdraw".into()),
        ("GET" | "POST", p) => own(p.into()),
        (m, p) => panic!("route {m} {p} has no sample in samples_board.rs"),
    }
}
