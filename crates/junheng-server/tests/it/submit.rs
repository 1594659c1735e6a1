use junheng_store::{Role, Scope};
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::helpers::{TestApp, district};

async fn post_file(
    app: &TestApp,
    client: &reqwest::Client,
    records: &[junheng_core::school::SchoolRecord],
) -> String {
    let page = app.page_for(client, "/submit").await;
    let csrf = TestApp::csrf_of(&page);
    let mut csv = Vec::new();
    junheng_io::school::write_csv(records, &mut csv).unwrap();
    let form = Form::new()
        .text("csrf", csrf)
        .part("file", Part::bytes(csv).file_name("本校.csv"));
    client
        .post(app.url("/submit"))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn a_school_submits_and_an_administrator_approves(app: TestApp) {
    let records = district(30);
    app.seed(&records).await;
    let mine = records[1].clone();
    app.add_user(
        "school",
        "正确密码-3",
        Role::School,
        Scope::School(mine.code.clone()),
    )
    .await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("school", "正确密码-3").await;

    // Another school's row, or several rows, are refused.
    let page = post_file(&app, &app.client, &[records[2].clone()]).await;
    assert!(page.contains("只能提交本校"), "{page}");
    let page = post_file(&app, &app.client, &records[..2]).await;
    assert!(page.contains("只含本校"), "{page}");
    let mut changed = mine.clone();
    changed.facilities.multimedia_rooms += 5;
    let page = post_file(&app, &app.client, &[changed.clone()]).await;
    assert!(page.contains("等待区教育局审核"), "{page}");
    let page = post_file(&app, &app.client, &[changed.clone()]).await;
    assert!(
        page.contains("待审核的提交"),
        "one pending submission per school and year"
    );
    assert_eq!(
        app.home().await.years().await.unwrap()[0].latest_version,
        1,
        "nothing changes before review"
    );
    assert_eq!(app.get("/submissions").await.status(), 403);

    let admin = app.logged_in("admin", "正确密码-1").await;
    let review = app.page_for(&admin, "/submissions").await;
    assert!(review.contains("网络多媒体教室数"), "{review}");
    let id = app.home().await.submissions(Some("pending")).await.unwrap()[0].id;
    let csrf = TestApp::csrf_of(&review);
    let r = admin
        .post(app.url(&format!("/submissions/{id}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("decision", "approve"),
            ("note", "核实无误"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let years = app.home().await.years().await.unwrap();
    assert_eq!(years[0].latest_version, 2);
    let stored = app.home().await.statistics(2024, None).await.unwrap();
    assert_eq!(
        stored.iter().find(|r| r.code == mine.code).unwrap(),
        &changed
    );
    assert_eq!(stored.len(), records.len());
    assert_eq!(
        app.home().await.statistics(2024, Some(1)).await.unwrap(),
        records,
        "version 1 is kept"
    );
    // A decided submission cannot be decided again.
    let r = admin
        .post(app.url(&format!("/submissions/{id}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("decision", "reject"),
            ("note", "再次审核"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
}
both!(submission, a_school_submits_and_an_administrator_approves);
