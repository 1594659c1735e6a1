//! Versions and confirmations in the browser (issue 11), on both databases: a roster file that
//! would remove most teachers is refused until the box is ticked, then restored from the
//! versions page; a plan is accepted after its confirmation page and its batch cancelled.

use super::*;
use junheng_store::{Actor, MoveFilter};

async fn text_of(c: &fantoccini::Client, id: &str) -> String {
    match c.wait().for_element(Locator::Id(id)).await {
        Ok(e) => e.text().await.unwrap(),
        Err(_) => panic!("no #{id}:\n{}", body_text(c).await),
    }
}

async fn removals_are_confirmed_then_undone(backend: Backend) {
    let app = spawn(backend).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let (_, roster, _) = crate::rotation::seeded(&app, false).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("三行花名册.csv");
    let mut csv = Vec::new();
    junheng_io::teacher::write_csv(&roster[..3], &mut csv).unwrap();
    std::fs::write(&file, csv).unwrap();

    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    c.goto(&app.url("/rotation?tab=import")).await.unwrap();
    type_into(
        c,
        "form[action='/rotation/roster'] input[type=file]",
        file.to_str().unwrap(),
    )
    .await;
    click(c, "#upload-roster").await;
    c.wait().for_element(Locator::Id("compare")).await.unwrap();
    let listed = c
        .find(Locator::Css("input[name=mode][value=listed]"))
        .await
        .unwrap();
    assert_eq!(
        listed.prop("checked").await.unwrap().as_deref(),
        Some("true"),
        "a file of three rows proposes updating its schools only"
    );
    click(c, "input[name=mode][value=replace]").await;
    click(c, "#confirm").await;
    let refused = text_of(c, "confirm-error").await;
    assert!(refused.contains("未保存任何数据"), "{refused}");
    let _ = std::fs::write(
        std::env::temp_dir().join("junheng-compare.png"),
        c.screenshot().await.unwrap(),
    );
    assert_eq!(
        app.home().await.roster_versions(2024).await.unwrap().len(),
        1
    );

    click(c, "#confirm-removals").await;
    click(c, "#confirm").await;
    let saved = text_of(c, "saved").await;
    assert!(saved.contains("已保存为第 2 版"), "{saved}");
    assert_eq!(app.home().await.roster(2024).await.unwrap().len(), 3);

    c.goto(&app.url("/versions/roster?year=2024"))
        .await
        .unwrap();
    click(c, "tr[data-version='1'] input[name=confirm]").await;
    click(c, "tr[data-version='1'] button").await;
    let saved = text_of(c, "saved").await;
    assert!(saved.contains("已保存为第 3 版"), "{saved}");
    assert_eq!(
        app.home().await.roster(2024).await.unwrap().len(),
        roster.len(),
        "version 1 is the year's roster again"
    );
    let _ = b.client.clone().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removals_are_confirmed_then_undone_sqlite() {
    removals_are_confirmed_then_undone(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removals_are_confirmed_then_undone_postgres() {
    removals_are_confirmed_then_undone(Backend::Postgres).await;
}

async fn a_plan_is_confirmed_then_cancelled(backend: Backend) {
    let app = spawn(backend).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    crate::rotation::seeded(&app, false).await;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    c.goto(&app.url("/plan?year=2024")).await.unwrap();
    click(c, "#accept").await;
    let count = text_of(c, "accept-moves").await;
    let _ = std::fs::write(
        std::env::temp_dir().join("junheng-plan-accept.png"),
        c.screenshot().await.unwrap(),
    );
    let list = c
        .find_all(Locator::Css("#accept-list tbody tr"))
        .await
        .unwrap();
    assert_eq!(count, list.len().to_string());
    // The box is required: the form does not go without it.
    click(c, "#accept-write").await;
    assert!(c.find(Locator::Id("accept-list")).await.is_ok());
    let store = app.home().await;
    assert!(
        store
            .moves(&MoveFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    click(c, "#accept-confirm").await;
    click(c, "#accept-write").await;
    let saved = text_of(c, "saved").await;
    assert!(saved.contains(&format!("{count} 条交流")), "{saved}");
    assert_eq!(
        store
            .moves(&MoveFilter::default())
            .await
            .unwrap()
            .len()
            .to_string(),
        count
    );

    type_into(c, "#batches input[name=reason]", "方案作废，重新规划").await;
    click_to_load(c, "#batches button").await;
    c.wait().for_element(Locator::Id("moves")).await.unwrap();
    assert!(
        store
            .moves(&MoveFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    c.goto(&app.url("/rotation?year=2024&tab=ledger&status=cancelled"))
        .await
        .unwrap();
    let cancelled = c
        .find_all(Locator::Css("#moves tr.cancelled"))
        .await
        .unwrap();
    let _ = std::fs::write(
        std::env::temp_dir().join("junheng-ledger-cancelled.png"),
        c.screenshot().await.unwrap(),
    );
    assert_eq!(cancelled.len().to_string(), count);
    assert!(body_text(c).await.contains("方案作废，重新规划"));
    let audit = app
        .store
        .audit_log(&junheng_store::AuditFilter {
            action_prefix: Some("ledger.cancel_batch".into()),
            ..junheng_store::AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor, Actor::new("admin").name);
    let _ = b.client.clone().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_is_confirmed_then_cancelled_sqlite() {
    a_plan_is_confirmed_then_cancelled(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_is_confirmed_then_cancelled_postgres() {
    a_plan_is_confirmed_then_cancelled(Backend::Postgres).await;
}
