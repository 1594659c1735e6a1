//! 劳动教育 (issue 18): the 劳动清单 page — the district's list imported by its administrator,
//! a school's list that lowers a mandatory item refused with the row and column named and
//! nothing written, a good school list shown as the school's effective list, the JSON agreeing,
//! a group lead refused, 撤回 only when confirmed.

use junheng_io::labour::lists::write_list;
use junheng_labour::checklist::{Checklist, Owner};
use junheng_store::{Role, Scope};

use crate::helpers::{Backend, TestApp, district, spawn};

const PASSWORD: &str = "劳动清单测试-123456";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_are_imported_checked_scoped_and_withdrawn() {
    let app = spawn(Backend::Sqlite).await;
    lists(&app).await;
}

async fn upload(app: &TestApp, list: &Checklist, name: &str) -> (u16, String) {
    app.upload(
        "/labour/lists",
        "/labour/lists/import",
        name,
        write_list(list),
    )
    .await
}

async fn lists(app: &TestApp) {
    let records = district(12);
    app.seed(&records).await;
    let school = records[0].code.clone();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user(
        "head",
        PASSWORD,
        Role::School,
        Scope::School(school.clone()),
    )
    .await;
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    app.add_user("lead", PASSWORD, Role::GroupLead, Scope::Group(group))
        .await;
    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/labour/lists").await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"labour-no-list\""), "{page}");

    let district_list = junheng_labour::synth::district_list(1);
    let (status, page) = upload(app, &district_list, "区级清单.xlsx").await;
    assert_eq!(status, 303, "{page}");
    let (_, page) = app.text("/labour/lists?done=imported").await;
    assert!(
        page.contains("B2-01") && page.contains("id=\"labour-done\""),
        "{page}"
    );

    // The school lowers the district's mandatory B2-01 from 15 to 10 minutes: refused, located.
    app.login("head", PASSWORD).await;
    let mut lowered = Checklist {
        owner: Owner::School(school.clone()),
        version: 1,
        parent_version: None,
        items: district_list
            .items
            .iter()
            .filter(|i| i.code.as_str() == "B2-01")
            .cloned()
            .collect(),
        removals: Vec::new(),
    };
    assert_eq!(lowered.items[0].code.as_str(), "B2-01");
    lowered.items[0].minutes = 10;
    let (status, page) = upload(app, &lowered, "校本.xlsx").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("checklist.fewer_minutes") && page.contains("每次分钟"),
        "{page}"
    );
    assert!(page.contains("<td class=\"num\">2</td>"), "{page}");
    assert!(
        app.home()
            .await
            .labour_list(Some(&school))
            .await
            .unwrap()
            .is_none()
    );

    let mut good = lowered.clone();
    good.items[0].minutes = 20;
    let (status, page) = upload(app, &good, "校本.xlsx").await;
    assert_eq!(status, 303, "{page}");
    let (_, page) = app.text("/labour/lists").await;
    assert!(
        page.contains("本校加强") || page.contains("strengthened"),
        "{page}"
    );

    app.login("admin", PASSWORD).await;
    let json: serde_json::Value = app.get("/api/v1/labour/lists").await.json().await.unwrap();
    assert_eq!(json["schools"][0]["school"], school.as_str());
    assert_eq!(json["schools"][0]["problems"].as_array().unwrap().len(), 0);
    assert_eq!(json["district"]["version"]["version"], 1);

    let lead = app.logged_in("lead", PASSWORD).await;
    let r = lead.get(app.url("/labour/lists")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);

    // 撤回 needs the confirmation; then the district has no list, and the school's list fails.
    let (status, _) = app
        .post_form("/labour/lists/withdraw", &[("csrf", &csrf(app).await)])
        .await;
    assert_eq!(status, 400);
    let (status, page) = app
        .post_form(
            "/labour/lists/withdraw",
            &[("csrf", &csrf(app).await), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303, "{page}");
    let (_, page) = app.text("/labour/lists").await;
    assert!(page.contains("id=\"labour-no-list\""), "{page}");
    assert!(app.home().await.labour_list(None).await.unwrap().is_none());
}

async fn csrf(app: &TestApp) -> String {
    TestApp::csrf_of(&app.text("/labour/lists").await.1)
}
