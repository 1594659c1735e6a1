//! 一校一案 (issue 16): an administrator keeps the ledger (forms with their CSRF token, an import
//! replacing projects only once confirmed), the ledger's totals and downloads agree with its
//! JSON, the what-if's "after" is the evaluation of the hand-edited statistics, the planner
//! picks the cheapest set that closes a real gap, and another district's administrator sees
//! none of it.

use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;
use junheng_core::school::SchoolRecord;
use junheng_store::{Role, Scope};
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, district, in_chongqing, location, xlsx_text};

const PASSWORD: &str = "项目测试-密码-1";

both!(the_ledger_is_kept_imported_and_scoped, ledger);
both!(the_what_if_and_the_planner_close_real_gaps, what_if);

/// The year's rows with one school that met every indicator left without sports area (体育馆
/// and 运动场地), so that its unit fails on that alone: the rows, the school's index and the ㎡
/// the evaluation says it lacks.
fn failing_on_sports(mut records: Vec<SchoolRecord>) -> (Vec<SchoolRecord>, usize, f64) {
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let e = evaluate(&records, &rulebook).unwrap();
    let code = e
        .sections
        .iter()
        .flat_map(|s| s.units.iter().zip(&s.verdicts))
        .find(|(u, v)| {
            v.met == Some(7) && u.merged.is_empty() && !u.is_section_of_multi_section_school()
        })
        .map(|(u, _)| u.school_code().clone())
        .expect("a unit meeting every indicator");
    let i = records.iter().position(|r| r.code == code).unwrap();
    records[i].facilities.sports_ground_area = 0.0;
    records[i].facilities.teaching_room_area -= records[i].facilities.gym_area;
    records[i].facilities.gym_area = 0.0;
    let e = evaluate(&records, &rulebook).unwrap();
    let (_, v) = e
        .sections
        .iter()
        .flat_map(|s| s.units.iter().zip(&s.verdicts))
        .find(|(u, _)| *u.school_code() == code)
        .unwrap();
    assert_eq!(v.passes, Some(false));
    assert_eq!(v.gaps.len(), 1);
    assert_eq!(
        v.gaps[0].quantity,
        junheng_core::rulebook::Quantity::SportsArea
    );
    let amount = v.gaps[0].amount;
    (records, i, amount)
}

/// The project form's fields.
fn form(
    csrf: &str,
    name: &str,
    school: &str,
    extra: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("csrf", csrf.to_owned()),
        ("name", name.to_owned()),
        ("school", school.to_owned()),
        ("kind", "expansion".to_owned()),
        ("status", "building".to_owned()),
        ("year_planned", "2024".to_owned()),
        ("year_opened", "2025".to_owned()),
        ("sports_ground_area", "5115.9".to_owned()),
        ("cost", "3040000".to_owned()),
        ("funding", "改薄资金".to_owned()),
        ("started_on", "2024-03-01".to_owned()),
        ("money", "2024,3040000,2220000".to_owned()),
    ];
    for (k, v) in extra {
        f.retain(|(key, _)| key != k);
        f.push((k, (*v).to_owned()));
    }
    f
}

async fn upload(app: &TestApp, name: &str, bytes: Vec<u8>, confirm: bool) -> (u16, String) {
    let (_, page) = app.text("/seats/projects").await;
    let mut form = Form::new().text("csrf", TestApp::csrf_of(&page));
    if confirm {
        form = form.text("confirm", "1");
    }
    let form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let r = app
        .client
        .post(app.url("/seats/projects/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn ledger(app: TestApp) {
    let records = district(40);
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/seats/projects").await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"seats-none\"") || page.contains("id=\"projects-none\""));
    let csrf = TestApp::csrf_of(&page);
    let school = records[0].code.to_string();
    // Without the form's token nothing is written.
    let mut no_token = form(&csrf, "操场挖潜扩容", &school, &[]);
    no_token.retain(|(k, _)| *k != "csrf");
    assert_eq!(app.post("/seats/projects", &no_token).await.status(), 403);
    let r = app
        .post(
            "/seats/projects",
            &form(&csrf, "操场挖潜扩容", &school, &[]),
        )
        .await;
    assert_eq!(r.status(), 303);
    let to = location(&r);
    assert!(to.ends_with("?done=added"), "{to}");
    let id: i64 = to
        .trim_start_matches("/seats/projects/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // Done without a completion date, or a school the district does not have: refused.
    let done = form(&csrf, "乙", &school, &[("status", "done")]);
    assert_eq!(app.post("/seats/projects", &done).await.status(), 400);
    let r = app
        .post("/seats/projects", &form(&csrf, "丙", "5009999999", &[]))
        .await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("5009999999"));
    let (status, page) = app.text(&format!("/seats/projects/{id}")).await;
    assert_eq!(status, 200);
    for text in [
        "操场挖潜扩容",
        "5115.9",
        "304.00",
        "222.00",
        "73.0%",
        "id=\"seat-project-edit\"",
    ] {
        assert!(page.contains(text), "{text}");
    }
    // The status moves to 完成 with its dates.
    let r = app
        .post(
            &format!("/seats/projects/{id}/status"),
            &[
                ("csrf", csrf.as_str()),
                ("status", "done"),
                ("completed_on", "2024-08-20"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let json: Value = app
        .get("/api/v1/seats/projects")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["projects"][0]["status"], "done");
    assert_eq!(json["projects"][0]["completed_on"], "2024-08-20");
    assert_eq!(json["execution"]["total"]["planned"], 3_040_000);
    assert_eq!(json["execution"]["by_source"][0]["source"], "改薄资金");
    // An import naming the project again waits for confirmation, then replaces it.
    let header = "项目名称,学校标识码,项目类型,状态,规划学年,投入使用学年,新增运动场地（㎡）,总投资（元）,资金来源,开工日期,竣工日期,2024年计划（元）,2024年支出（元）";
    let file = format!(
        "{header}\n操场挖潜扩容,{school},挖潜扩容,完成,2024,2025,5115.9,3100000,改薄资金,2024-03-01,2024-08-20,3100000,3000000\n\
         新校区,{school},改扩建,规划,2025,2026,0,9000000,地方专项债,,,,\n"
    );
    let (status, page) = upload(&app, "台账.csv", file.clone().into_bytes(), false).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"projects-confirm-needed\""), "{page}");
    let json: Value = app
        .get("/api/v1/seats/projects")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        json["projects"].as_array().unwrap().len(),
        1,
        "nothing written yet"
    );
    let (status, _) = upload(&app, "台账.csv", file.into_bytes(), true).await;
    assert_eq!(status, 303);
    let json: Value = app
        .get("/api/v1/seats/projects")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["projects"].as_array().unwrap().len(), 2);
    // A bad file lists its problems, located, and writes nothing.
    let bad = format!("{header}\n坏项目,{school},扩建,完成,2024,,0,1,,,,,\n");
    let (status, page) = upload(&app, "坏.csv", bad.into_bytes(), true).await;
    assert_eq!(status, 200);
    assert!(page.contains("projects.kind_invalid") && page.contains("id=\"import-errors\""));
    // The list filters, its download holds the rows, the ledger workbook imports again.
    let (_, page) = app
        .text("/seats/projects?status=projects-status-planned")
        .await;
    assert!(page.contains("新校区") && !page.contains(">操场挖潜扩容<"));
    let xlsx = app
        .get("/seats/projects?format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let text = xlsx_text(&xlsx);
    assert!(
        text.contains("操场挖潜扩容") && text.contains("新校区"),
        "{text}"
    );
    let ledger = app
        .get("/seats/projects/ledger.xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let read = junheng_io::seats::projects::read_ledger(&ledger, "台账.xlsx").unwrap();
    assert_eq!(read.projects.len(), 2);
    let template = app.get("/seats/projects/template.xlsx").await;
    assert_eq!(template.status(), 200);
    // Delete needs its confirmation box.
    let path = format!("/seats/projects/{id}/delete");
    assert_eq!(
        app.post(&path, &[("csrf", csrf.as_str())]).await.status(),
        400
    );
    let r = app
        .post(&path, &[("csrf", csrf.as_str()), ("confirm", "1")])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.get(&format!("/seats/projects/{id}")).await.status(),
        404
    );

    // Another district's administrator sees none of it and changes nothing.
    let other = app
        .store
        .add_district(
            &in_chongqing("500106", "沙坪坝区"),
            &junheng_store::Actor::system(),
        )
        .await
        .unwrap();
    app.add_user_in(other.id, "other", PASSWORD, Role::Admin, Scope::District)
        .await;
    let theirs = app.logged_in("other", PASSWORD).await;
    let kept = json["projects"][1]["id"].as_i64().unwrap();
    let r = theirs
        .get(app.url(&format!("/seats/projects/{kept}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let list: Value = theirs
        .get(app.url("/api/v1/seats/projects"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list["projects"].as_array().unwrap().is_empty());
    let their_csrf = TestApp::csrf_of(&app.page_for(&theirs, "/account").await);
    let r = theirs
        .post(app.url(&format!("/seats/projects/{kept}/delete")))
        .form(&[("csrf", their_csrf.as_str()), ("confirm", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // A school user is refused the ledger.
    app.add_user(
        "school",
        PASSWORD,
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    let school = app.logged_in("school", PASSWORD).await;
    let r = school.get(app.url("/seats/projects")).send().await.unwrap();
    assert_eq!(r.status(), 403);
}

async fn what_if(app: TestApp) {
    let (records, i, lacking) = failing_on_sports(district(60));
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let (_, page) = app.text("/seats/projects").await;
    let csrf = TestApp::csrf_of(&page);
    let school = records[i].code.to_string();
    let area = format!("{:.1}", (lacking * 1.1).ceil());
    let candidate = |name: &str, cost: &str| {
        form(
            &csrf,
            name,
            &school,
            &[
                ("status", "planned"),
                ("started_on", ""),
                ("money", ""),
                ("sports_ground_area", area.as_str()),
                ("cost", cost),
            ],
        )
    };
    let mut ids = Vec::new();
    for (name, cost) in [("便宜方案", "2000000"), ("昂贵方案", "9000000")] {
        let r = app.post("/seats/projects", &candidate(name, cost)).await;
        assert_eq!(r.status(), 303);
        ids.push(
            location(&r)
                .trim_start_matches("/seats/projects/")
                .split('?')
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    // The what-if: the school's unit passes after, as evaluating the edited statistics says.
    let (status, page) = app
        .text(&format!(
            "/seats/projects/what-if?year=2024&project={}",
            ids[0]
        ))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("id=\"projects-what-if-result\"") && page.contains("差距消除"),
        "{page}"
    );
    let json: Value = app
        .get(&format!(
            "/api/v1/seats/projects/what-if?year=2024&project={}",
            ids[0]
        ))
        .await
        .json()
        .await
        .unwrap();
    let mut edited = records.clone();
    edited[i].facilities.sports_ground_area += area.parse::<f64>().unwrap();
    let expected = evaluate(&edited, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
    let failing: usize = expected.sections.iter().map(|s| s.failing_units).sum();
    assert_eq!(json["result"]["failing"][1], failing);
    let unit = json["result"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"].as_str().unwrap().starts_with(&school))
        .unwrap();
    assert_eq!(unit["passed"], false);
    assert_eq!(unit["passes"], true);
    assert_eq!(
        json["effects"][0]["units_passing"][0],
        records[i].name.as_str()
    );
    let xlsx = app
        .get(&format!(
            "/seats/projects/what-if?year=2024&project={}&format=xlsx",
            ids[0]
        ))
        .await
        .bytes()
        .await
        .unwrap();
    assert!(xlsx_text(&xlsx).contains("便宜方案"));
    // The planner picks the cheaper of the two, exactly.
    let plan: Value = app
        .get("/api/v1/seats/projects/plan?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(plan["plan"]["method"], "Exact");
    let chosen: Vec<&str> = plan["chosen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        chosen.contains(&"便宜方案") && !chosen.contains(&"昂贵方案"),
        "{chosen:?}"
    );
    let (status, page) = app.text("/seats/projects/plan?year=2024").await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"projects-method\"") && page.contains("便宜方案"));
    let xlsx = app
        .get("/seats/projects/plan?year=2024&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(xlsx_text(&xlsx).contains("入选项目"));
}
