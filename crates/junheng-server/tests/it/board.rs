//! 挂图作战 (issue 19) on the web: the administrator records a duty, previews and raises the
//! gap list's tasks once (a confirmation first, nothing twice), sets a budget; the 责任部门 sees
//! its own task, duty and plan progress only, works on its task, and is refused the verdict.

use junheng_store::{OwnerKind, Role, Scope};

use crate::helpers::{Backend, TestApp, district, location, spawn};

const PASSWORD: &str = "挂图作战-123456";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_works_on_what_the_board_raised_for_it() {
    let app = spawn(Backend::Sqlite).await;
    app.seed(&district(12)).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user(
        "caizheng",
        PASSWORD,
        Role::Department,
        Scope::Department("区财政局".into()),
    )
    .await;
    app.home()
        .await
        .attest(
            2024,
            "four_unified",
            false,
            "编制标准城乡不一",
            &junheng_store::Actor::new("admin"),
        )
        .await
        .unwrap();

    app.login("admin", PASSWORD).await;
    let (_, html) = app.text("/board/duties").await;
    let csrf = TestApp::csrf_of(&html);
    let r = app
        .post(
            "/board/duties",
            &[
                ("csrf", csrf.as_str()),
                ("item", "four_unified"),
                ("department", "区财政局"),
                ("duty", "统一城乡编制标准"),
                ("lead", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);

    // The preview names the department as the item's owner; raising needs its confirmation.
    let (status, preview) = app.text("/board/raise?year=2024").await;
    assert_eq!(status, 200, "{preview}");
    assert!(preview.contains("board-raise-form") && preview.contains("区财政局"));
    let raise = |confirm: bool| {
        let mut f = vec![
            ("csrf", csrf.clone()),
            ("year", "2024".to_owned()),
            ("deadline", "2025-03-31".to_owned()),
            ("owner", "区教委".to_owned()),
        ];
        if confirm {
            f.push(("confirm", "1".to_owned()));
        }
        f
    };
    assert_eq!(app.post("/board/raise", &raise(false)).await.status(), 400);
    assert!(
        app.home()
            .await
            .tasks(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    let r = app.post("/board/raise", &raise(true)).await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/board?done=raised"));
    let tasks = app.home().await.tasks(&Default::default()).await.unwrap();
    assert!(!tasks.is_empty());
    let r = app.post("/board/raise", &raise(true)).await;
    assert!(location(&r).contains("&n=0&"), "{}", location(&r));
    assert_eq!(
        app.home()
            .await
            .tasks(&Default::default())
            .await
            .unwrap()
            .len(),
        tasks.len()
    );
    let theirs: Vec<_> = tasks
        .iter()
        .filter(|t| t.owner.kind == OwnerKind::Department && t.owner.key == "区财政局")
        .collect();
    assert_eq!(theirs.len(), 1);
    let id = theirs[0].id.to_string();
    let r = app
        .post(
            "/board/budgets",
            &[
                ("csrf", csrf.as_str()),
                ("task", id.as_str()),
                ("amount", "1,200,000.50"),
                ("funded_by", "区财政"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, page) = app.text("/board").await;
    assert!(
        page.contains("/inspection/path"),
        "an administrator reaches the path"
    );
    let board: serde_json::Value = app.get("/api/v1/board").await.json().await.unwrap();
    assert_eq!(board["budgets"]["planned_fen"], 120_000_050);
    assert_eq!(board["counts"]["total"], tasks.len());

    // The department: its task, its duty, nothing of the district's verdict.
    let cz = app.logged_in("caizheng", PASSWORD).await;
    let page = app.page_for(&cz, "/board").await;
    assert!(page.contains(&format!("/tasks/{id}")));
    assert!(page.contains("1,200,000.50"));
    // The phase target is shown; the path page is the district's readers'.
    assert!(page.contains("board-target") && !page.contains("/inspection/path"));
    let json: serde_json::Value = cz
        .get(app.url("/api/v1/board"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["counts"]["total"], 1);
    assert_eq!(json["rows"].as_array().unwrap().len(), 1);
    let duties = app.page_for(&cz, "/board/duties").await;
    assert!(duties.contains("统一城乡编制标准") && !duties.contains("board-duty-form"));
    for refused in ["/inspection?year=2024", "/board/raise?year=2024"] {
        let r = cz.get(app.url(refused)).send().await.unwrap();
        assert_eq!(r.status(), 403, "{refused}");
    }
    let task = app.page_for(&cz, &format!("/tasks/{id}")).await;
    let token = TestApp::csrf_of(&task);
    let r = cz
        .post(app.url(&format!("/tasks/{id}/status")))
        .form(&[("csrf", token.as_str()), ("action", "start"), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let t = app.home().await.task(theirs[0].id).await.unwrap().unwrap();
    assert_eq!(t.status, junheng_store::TaskStatus::InProgress);
    // Another department's task is not theirs.
    let other = tasks.iter().find(|t| t.id != theirs[0].id).unwrap();
    let r = cz
        .get(app.url(&format!("/tasks/{}", other.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}
