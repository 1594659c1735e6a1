//! 劳动基地 and 五育 (issue 18, items 5 and 6): bases and visits imported on the page (an unknown
//! school refused with nothing written, a day above capacity saved and reported), 大课间
//! imported and entered per school, the page, its download and the JSON agreeing, met and not
//! met shown in words, the targets edited by an administrator only and audited, a school's
//! account seeing and entering its own school only, a batch withdrawn only when confirmed.

use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, location, xlsx_text};

both!(
    bases_and_five_are_imported_entered_scoped_and_withdrawn,
    five
);

const PASSWORD: &str = "五育测试-123456";

async fn upload(app: &TestApp, page: &str, path: &str, kind: &str, csv: String) -> (u16, String) {
    app.upload_with(page, path, "记录.csv", csv.into_bytes(), &[("kind", kind)])
        .await
}

async fn json(app: &TestApp, path: &str) -> serde_json::Value {
    app.get(path).await.json().await.unwrap()
}

async fn five(app: TestApp) {
    let records = district(12);
    app.seed(&records).await;
    let mut schools: Vec<String> = records
        .iter()
        .filter(|r| r.parent_code.is_none())
        .map(|r| r.code.to_string())
        .collect();
    schools.sort();
    let (a, b) = (schools[0].clone(), schools[1].clone());
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let code = junheng_core::school::SchoolCode::parse(&a).unwrap();
    app.add_user("head", PASSWORD, Role::School, Scope::School(code))
        .await;
    app.login("admin", PASSWORD).await;

    // Bases, then visits: an unknown school refuses the whole file.
    let bases = "基地名称,类别,每日容量,所属学校标识码\n蚕桑基地,农场,50,\n社区服务站,社区,30,\n";
    let (status, body) = upload(
        &app,
        "/labour/bases",
        "/labour/bases/import",
        "bases",
        bases.into(),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let head = "基地名称,学校标识码,日期,学生数,备注\n";
    let bad = format!("{head}蚕桑基地,{a},2025-10-15,20,\n蚕桑基地,5001139999,2025-10-15,20,\n");
    let (status, body) = upload(&app, "/labour/bases", "/labour/bases/import", "visits", bad).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("5001139999") && body.contains("labour.visits.school_unknown"),
        "{body}"
    );
    let home = app.home().await;
    assert!(home.labour_batches(&["visits"]).await.unwrap().is_empty());
    let good = format!(
        "{head}蚕桑基地,{a},2025-10-15,40,采桑\n蚕桑基地,{b},2025-10-15,20,\n社区服务站,{b},2026-03-10,25,\n"
    );
    let r = app
        .client
        .post(app.url("/labour/bases/import"))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf", TestApp::csrf_of(&app.text("/labour/bases").await.1))
                .text("kind", "visits")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(good.into_bytes()).file_name("活动.csv"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(location(&r).contains("warned=1"), "{}", location(&r));
    let (status, page) = app.text("/labour/bases?year=2025").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("蚕桑基地") && page.contains("社区服务站"),
        "{page}"
    );
    let (status, page) = app.text("/labour/bases?by=visit").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("2025-10-15") && page.contains("采桑"),
        "{page}"
    );
    let got = json(&app, "/api/v1/labour/bases?year=2025").await;
    let silk = got["bases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["base"]["name"] == "蚕桑基地")
        .unwrap();
    assert_eq!(silk["use"]["students"], 60, "{got}");
    assert_eq!(
        silk["use"]["over_capacity"].as_array().unwrap().len(),
        1,
        "{got}"
    );
    assert_eq!(got["district"]["visits"], 3, "{got}");
    let xlsx = app
        .get("/labour/bases?year=2025&by=school&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let sheet = xlsx_text(&xlsx);
    assert!(sheet.contains(&a) && sheet.contains(&b), "{sheet}");

    // 大课间 of two schools: one below the 98 % target.
    let breaks = format!(
        "学校标识码,学年,学期,大课间开展天数,在校天数\n{a},2025,第一学期,85,90\n{b},2025,第一学期,90,90\n"
    );
    let (status, body) = upload(&app, "/five", "/five/import", "breaks", breaks).await;
    assert_eq!(status, 303, "{body}");
    let (status, page) = app.text("/five?year=2025").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("未达标") && page.contains("达标"), "{page}");
    let got = json(&app, "/api/v1/five?year=2025").await;
    let row = |got: &serde_json::Value, s: &str| {
        got["report"]["schools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["school"] == s)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&got, &a)["met"]["breaks"], false, "{got}");
    assert_eq!(row(&got, &b)["met"]["breaks"], true, "{got}");
    let sheet = xlsx_text(
        &app.get("/five?year=2025&format=xlsx")
            .await
            .bytes()
            .await
            .unwrap(),
    );
    assert!(sheet.contains(&a) && sheet.contains("未达标"), "{sheet}");

    // The administrator lowers the target: audited, and the school now meets it.
    let csrf = TestApp::csrf_of(&page);
    let form = [
        ("csrf", csrf.as_str()),
        ("breaks", "94"),
        ("arts", "90"),
        ("specialty", "50"),
        ("football", ""),
        ("trips", ""),
    ];
    let (status, body) = app.post_form("/five/targets", &form).await;
    assert_eq!(status, 303, "{body}");
    let got = json(&app, "/api/v1/five?year=2025").await;
    assert_eq!(got["targets"]["breaks_per_mille"], 940, "{got}");
    assert_eq!(row(&got, &a)["met"]["breaks"], true, "{got}");
    let (_, audit) = app.text("/audit").await;
    assert!(
        audit.contains("从 980/900/500/0/0 改为 940/900/500/0/0"),
        "{audit}"
    );

    // A school's account: its own row, its own entries, no targets.
    app.login("head", PASSWORD).await;
    let (status, page) = app.text("/five?year=2025").await;
    assert_eq!(status, 200, "{page}");
    let got = json(&app, "/api/v1/five?year=2025").await;
    assert_eq!(
        got["report"]["schools"].as_array().unwrap().len(),
        1,
        "{got}"
    );
    let csrf = TestApp::csrf_of(&page);
    let entry = |school: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("kind", "arts".to_owned()),
            ("学校标识码", school.to_owned()),
            ("学年", "2025".to_owned()),
            ("参加美育实践学生数", "300".to_owned()),
            ("在校学生数", "320".to_owned()),
        ]
    };
    let r = app.post("/five/entry", &entry(&b)).await;
    let body = r.text().await.unwrap();
    assert!(body.contains("five.arts.school_unknown"), "{body}");
    let r = app.post("/five/entry", &entry(&a)).await;
    assert_eq!(r.status().as_u16(), 303);
    let got = json(&app, "/api/v1/five?year=2025").await;
    assert_eq!(row(&got, &a)["arts"]["part"], 300, "{got}");
    let (status, _) = app.post_form("/five/targets", &form).await;
    assert_eq!(status, 403);

    // The administrator withdraws the school's entry: only when confirmed.
    app.login("admin", PASSWORD).await;
    let batch = home.labour_batches(&["arts"]).await.unwrap()[0]
        .id
        .to_string();
    let (_, page) = app.text("/five").await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form("/five/withdraw", &[("csrf", &csrf), ("id", &batch)])
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_form(
            "/five/withdraw",
            &[("csrf", &csrf), ("id", &batch), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert!(home.labour_batches(&["arts"]).await.unwrap().is_empty());
}
