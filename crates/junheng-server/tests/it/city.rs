//! The city pages: every district of the city side by side (page, workbook and JSON of one
//! selection, sorted as asked, no school named), drill-down into a district read-only, the
//! creation phases a city user sets, and the limits of the region.

use junheng_core::school::SchoolRecord;
use junheng_rotation::synth;
use junheng_store::{Actor, DistrictKind, NewDistrict, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

pub(crate) const PASSWORD: &str = "市级密码-123456";

fn in_city(code: &str, name: &str, city: &str) -> NewDistrict {
    NewDistrict {
        code: code.into(),
        name: name.into(),
        kind: if name.ends_with('县') {
            DistrictKind::Xian
        } else {
            DistrictKind::Qu
        },
        city: (city.into(), format!("市{city}")),
        province: ("500000".into(), "重庆市".into()),
    }
}

/// 渝北区 (the test's home district, with statistics and a roster), 城口县 (no data) in city
/// 500100, and 成华区 (with statistics) in another city.
pub(crate) async fn city(app: &TestApp) -> Vec<SchoolRecord> {
    let records = district(40);
    app.seed(&records).await;
    let home = app.home().await;
    home.replace_roster(2024, &synth::roster(&records, 5), &Actor::system())
        .await
        .unwrap();
    let system = Actor::system();
    app.store
        .update_district(home.id(), &in_city("500112", "渝北区", "500100"), &system)
        .await
        .unwrap();
    app.store
        .add_district(&in_city("500229", "城口县", "500100"), &system)
        .await
        .unwrap();
    let other = app
        .store
        .add_district(&in_city("510108", "成华区", "510100"), &system)
        .await
        .unwrap();
    app.seed_in(other.id, &district(10)).await;
    app.add_user("shiji", PASSWORD, Role::City, Scope::City("500100".into()))
        .await;
    records
}

async fn compares_the_citys_districts_and_nothing_else(app: TestApp) {
    let records = city(&app).await;
    app.login("shiji", PASSWORD).await;
    let (status, page) = app.text("/city?sort=failing&desc=1").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("渝北区") && page.contains("城口县"), "{page}");
    assert!(
        !page.contains("成华区"),
        "another city's district is not compared"
    );
    assert!(page.contains("没有 2024 学年的数据"), "城口县 has no data");
    for r in &records {
        assert!(
            !page.contains(r.code.as_str()) && !page.contains(&r.name),
            "the city page names no school ({})",
            r.name
        );
    }
    let (status, text) = app.text("/city?sort=nonsense").await;
    assert_eq!(status, 400);
    assert!(text.contains("failing"), "the sort keys are listed");

    // The JSON and the workbook are the same selection as the page.
    let json: serde_json::Value = app
        .get("/api/v1/city?sort=code")
        .await
        .json()
        .await
        .unwrap();
    let rows = json["districts"].as_array().unwrap();
    let codes: Vec<&str> = rows
        .iter()
        .map(|r| r["district"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["500112", "500229"]);
    assert_eq!(json["year"], 2024);
    let yubei = &rows[0];
    assert!(
        !yubei["evaluation"]["sections"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let rotation = &yubei["rotation"];
    assert!(rotation["eligible"].as_u64().unwrap() > 0, "{rotation}");
    assert!(
        rows[1]["problem"]
            .as_str()
            .unwrap()
            .contains("没有 2024 学年的数据")
    );
    assert!(rows[1].get("evaluation").is_none());
    let r = app.get("/city.xlsx?sort=code").await;
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(text.contains("渝北区") && text.contains("城口县") && !text.contains("成华区"));
    assert!(text.contains("历年趋势"));

    // Drill-down: the district's own pages, read-only.
    let (status, _) = app.text("/dashboard").await;
    assert_eq!(status, 303, "no district chosen yet: back to the city page");
    let r = app.get("/city/enter?district=510108").await;
    assert_eq!(
        r.status(),
        404,
        "a district of another city cannot be entered"
    );
    let r = app.get("/city/enter?district=500112").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/dashboard");
    let (status, page) = app.text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(page.contains("正在查看（只读）") && page.contains("渝北区"));
    assert_eq!(app.get("/import").await.status(), 403, "read-only");
    assert_eq!(app.get("/users").await.status(), 403);
    let r = app.get("/city/enter").await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.get("/dashboard").await.status(),
        303,
        "left the district"
    );
}
both!(compares, compares_the_citys_districts_and_nothing_else);

async fn the_city_sets_targets_and_records_steps(app: TestApp) {
    city(&app).await;
    app.login("shiji", PASSWORD).await;
    let (_, page) = app.text("/city/phases").await;
    let csrf = TestApp::csrf_of(&page);
    let target = |district: &'static str, year: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("district", district.into()),
            ("year", year.into()),
        ]
    };
    let r = app
        .post("/city/phases/target", &target("500112", "2028"))
        .await;
    assert_eq!(r.status(), 303);
    let r = app
        .post("/city/phases/target", &target("500112", "2027"))
        .await;
    assert_eq!(r.status(), 400);
    let r = app
        .post("/city/phases/target", &target("510108", "2028"))
        .await;
    assert_eq!(r.status(), 404, "another city's district is out of reach");
    let step = [
        ("csrf", csrf.clone()),
        ("district", "500112".into()),
        ("status", "自评".into()),
        ("reached_on", "2025-06-30".into()),
        ("document", "渝北教督〔2025〕3号".into()),
        ("note", String::new()),
    ];
    let r = app.post("/city/phases/step", &step).await;
    assert_eq!(r.status(), 303);
    let (_, page) = app.text("/city/phases").await;
    assert!(page.contains("渝北教督〔2025〕3号") && page.contains("2028（整体推进）"));
    let json: serde_json::Value = app.get("/api/v1/city").await.json().await.unwrap();
    let yubei = &json["districts"][0];
    assert_eq!(yubei["status"], "自评");
    assert_eq!(yubei["phase"], "整体推进");
    assert_eq!(yubei["progress"]["steps_left"], 3);
    let c = app.store.creation(app.home().await.id()).await.unwrap();
    assert_eq!(c.steps.len(), 1);
}
both!(phases, the_city_sets_targets_and_records_steps);
