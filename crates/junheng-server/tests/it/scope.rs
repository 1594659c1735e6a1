use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};

async fn a_school_user_sees_only_their_school(app: TestApp) {
    let records = district(80);
    app.seed(&records).await;
    let (mine, other) = (&records[1], &records[2]);
    app.add_user(
        "school1",
        "正确密码-3",
        Role::School,
        Scope::School(mine.code.clone()),
    )
    .await;
    app.login("school1", "正确密码-3").await;
    let (status, page) = app.text(&format!("/schools/{}", mine.code)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&mine.name));
    let (status, page) = app.text(&format!("/schools/{}", other.code)).await;
    assert_eq!(status, 403);
    assert!(
        !page.contains(&other.name),
        "a refusal says nothing about the school"
    );
    let (_, list) = app.text("/schools").await;
    assert!(list.contains(&mine.name));
    assert!(!list.contains(&other.name));
    // The dashboard names no other school.
    let (_, dashboard) = app.text("/dashboard").await;
    for r in records.iter().filter(|r| r.code != mine.code) {
        assert!(
            !dashboard.contains(r.code.as_str()),
            "dashboard shows {}",
            r.code
        );
    }
    // Importing is for administrators.
    assert_eq!(app.get("/import").await.status(), 403);
}
both!(school_scope, a_school_user_sees_only_their_school);

async fn a_group_lead_sees_the_group(app: TestApp) {
    let records = district(200);
    let group = records
        .iter()
        .find_map(|r| r.group.clone())
        .expect("the demo has groups");
    app.seed(&records).await;
    app.add_user(
        "lead",
        "正确密码-4",
        Role::GroupLead,
        Scope::Group(group.clone()),
    )
    .await;
    app.login("lead", "正确密码-4").await;
    let inside = records
        .iter()
        .find(|r| r.group.as_deref() == Some(group.as_str()))
        .unwrap();
    let outside = records.iter().find(|r| r.group.is_none()).unwrap();
    assert_eq!(
        app.get(&format!("/schools/{}", inside.code)).await.status(),
        200
    );
    assert_eq!(
        app.get(&format!("/schools/{}", outside.code))
            .await
            .status(),
        403
    );
}
both!(group_scope, a_group_lead_sees_the_group);
