//! 结对帮扶 and 三个课堂 (issue 12 items 5 and 6): an administrator records a pairing and its
//! activities; the pairing's page compares its helped schools with comparable unhelped ones over
//! the stored years and says it is not a causal effect; the list, its download and the JSON
//! agree and are scoped; a session file is imported whole or not at all and counted against the
//! scheduled lessons.

use junheng_core::school::{SchoolRecord, UrbanRural};
use junheng_store::{Role, Scope};
use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, location, two_years, xlsx_text};

const PASSWORD: &str = "结对测试-密码-1";

both!(pairings_are_recorded_compared_and_scoped, pairings);
both!(session_files_are_imported_whole_and_counted, classroom);

fn of(records: &[SchoolRecord], setting: UrbanRural) -> Vec<&SchoolRecord> {
    records
        .iter()
        .filter(|r| r.urban_rural == Some(setting) && r.primary.classes > 0)
        .collect()
}

/// The rural primary units of the year's evaluation (a teaching point counts with its parent).
fn rural_units(records: &[SchoolRecord]) -> Vec<SchoolRecord> {
    let rulebook = junheng_core::rulebook::Rulebook::builtin("cn-2017").unwrap();
    let e = junheng_core::evaluate::evaluate(records, &rulebook).unwrap();
    e.sections[0]
        .units
        .iter()
        .filter(|u| u.record.urban_rural == Some(UrbanRural::Rural))
        .map(|u| u.record.clone())
        .collect()
}

async fn pairings(app: TestApp) {
    let records = two_years(&app).await;
    let urban = of(&records, UrbanRural::Urban);
    let rural = rural_units(&records);
    let (helper, helped) = (urban[0], &rural[0]);
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let (_, page) = app.text("/pairings").await;
    assert!(page.contains("id=\"pairings-none\""));
    let csrf = TestApp::csrf_of(&page);
    let (code, school) = (helper.code.to_string(), helped.code.to_string());
    let form = |extra: &[(&'static str, &str)]| {
        let mut f = vec![
            ("csrf", csrf.clone()),
            ("kind", "urban_rural".to_owned()),
            ("helper_school", code.clone()),
            ("schools", school.clone()),
            ("help", "teaching_visit".to_owned()),
            ("help", "mentoring".to_owned()),
            ("started_on", "2023-09-01".to_owned()),
            ("note", "第一批结对".to_owned()),
        ];
        f.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
        f
    };
    let r = app.post("/pairings", &form(&[])).await;
    assert_eq!(r.status(), 303);
    let to = location(&r);
    assert!(to.ends_with("?done=added"), "{to}");
    let id = to
        .trim_start_matches("/pairings/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // A school outside the district's statistics is refused, naming it.
    let mut bad = form(&[]);
    bad.retain(|(k, _)| *k != "schools");
    bad.push(("schools", "5009999999".into()));
    let r = app.post("/pairings", &bad).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("5009999999"));
    // Without a kind of help nothing is written either.
    let mut bad = form(&[]);
    bad.retain(|(k, _)| *k != "help");
    assert_eq!(app.post("/pairings", &bad).await.status(), 400);

    let r = app
        .post(
            &format!("/pairings/{id}/activities"),
            &[
                ("csrf", csrf.as_str()),
                ("held_on", "2024-10-15"),
                ("kind", "teaching_visit"),
                ("hours", "3.5"),
                ("participants", "26"),
                ("note", "音乐送教"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (status, page) = app.text(&format!("/pairings/{id}")).await;
    assert_eq!(status, 200);
    for text in [
        "id=\"not-causal\"",
        "这是对比，不是因果效应",
        "2023–2024",
        "2024–2025",
        "音乐送教",
        "受援学校均值",
        &helper.name,
        &helped.name,
        "第一批结对",
    ] {
        assert!(page.contains(text), "{text}");
    }
    // Per year, the helped school beside the rural primary schools nobody helps.
    let comparable = rural.len() - 1;
    assert!(
        page.contains(&format!("受援 1 所 · 对照 {comparable} 所")),
        "{comparable}"
    );
    // The list, its download and the JSON agree.
    let (_, list) = app.text("/pairings").await;
    assert!(list.contains(&helped.name) && list.contains("城乡结对"));
    let xlsx = app
        .get("/pairings?format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let text = xlsx_text(&xlsx);
    assert!(
        text.contains(&helper.name) && text.contains("送教、师徒结对"),
        "{text}"
    );
    let json: Value = app.get("/api/v1/pairings").await.json().await.unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["kind"], "urban_rural");
    assert_eq!(json[0]["schools"][0], school.as_str());
    assert_eq!(json[0]["activities"]["activities"], 1);
    assert_eq!(json[0]["help_labels"][1], "师徒结对");

    // The helped school sees its pairing; another school does not.
    app.add_user(
        "helped",
        PASSWORD,
        Role::School,
        Scope::School(helped.code.clone()),
    )
    .await;
    let stranger = rural[1].code.clone();
    assert!(stranger != helper.code);
    app.add_user("stranger", PASSWORD, Role::School, Scope::School(stranger))
        .await;
    let theirs = app.logged_in("helped", PASSWORD).await;
    let page = app.page_for(&theirs, &format!("/pairings/{id}")).await;
    assert!(page.contains("id=\"pairing-comparison\""));
    assert!(
        !page.contains("id=\"activity-new\""),
        "no forms for a school"
    );
    let other = app.logged_in("stranger", PASSWORD).await;
    let r = other
        .get(app.url(&format!("/pairings/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let list = app.page_for(&other, "/pairings").await;
    assert!(list.contains("id=\"pairings-none\""));
    let r = other.get(app.url("/api/v1/pairings")).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap(), serde_json::json!([]));
    // Only administrators write.
    let csrf = TestApp::csrf_of(&app.page_for(&theirs, "/account").await);
    let r = theirs
        .post(app.url(&format!("/pairings/{id}/end")))
        .form(&[("csrf", csrf.as_str()), ("ended_on", "2025-07-01")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

async fn classroom(app: TestApp) {
    let records = two_years(&app).await;
    let (urban, rural) = (
        of(&records, UrbanRural::Urban),
        of(&records, UrbanRural::Rural),
    );
    let (giver, receiver) = (urban[0], rural[0]);
    // A rural school of no group the giver is in, for a 同步课堂 that must be refused.
    let apart = rural
        .iter()
        .find(|r| r.group.is_none() || r.group != giver.group)
        .unwrap();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let header = "课堂类型,授课学校标识码,授课单位,接收学校标识码,学科,日期,时长（分钟）,备注\n";
    let file = format!(
        "{header}专递课堂,{g},,{r},音乐,2024-09-10,40,\n专递课堂,{g},,{r},音乐,2024-09-17,40,\n\
         名校网络课堂,,重庆市巴蜀小学,{r},科学,2024年9月12日,45,\n",
        g = giver.code,
        r = receiver.code
    );
    let (status, body) = app
        .upload(
            "/classroom",
            "/classroom/import",
            "课堂.csv",
            file.clone().into_bytes(),
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let (_, page) = app
        .text("/classroom?year=2024&schools=all&imported=3")
        .await;
    assert!(page.contains("id=\"classroom-imported\""));
    // The same file again is refused.
    let (status, _) = app
        .upload(
            "/classroom",
            "/classroom/import",
            "课堂.csv",
            file.into_bytes(),
        )
        .await;
    assert_eq!(status, 409);
    // Problems of the file and of the district are listed, row by row; nothing is written.
    let bad = format!(
        "{header}专递课堂,{g},,5009999999,音乐,2024-09-10,40,\n专递课堂,{g},,{r},音乐,2024-02-30,40,\n",
        g = giver.code,
        r = receiver.code
    );
    let (status, page) = app
        .upload(
            "/classroom",
            "/classroom/import",
            "坏.csv",
            bad.into_bytes(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"import-errors\"") && page.contains("classroom.date_invalid"));
    let unknown = format!(
        "{header}专递课堂,{g},,5009999999,美术,2024-09-10,40,\n",
        g = giver.code
    );
    let (_, page) = app
        .upload(
            "/classroom",
            "/classroom/import",
            "外校.csv",
            unknown.into_bytes(),
        )
        .await;
    assert!(page.contains("classroom.school_unknown") && page.contains("5009999999"));

    // The page, its download and the JSON count the same lessons.
    let json: Value = app
        .get("/api/v1/classroom?year=2024&schools=rural")
        .await
        .json()
        .await
        .unwrap();
    let rows = json["rows"].as_array().unwrap();
    let music = rows
        .iter()
        .find(|r| r["school"] == receiver.code.as_str() && r["subject"] == "音乐")
        .unwrap();
    assert_eq!(music["sessions"], 2);
    assert_eq!(music["minutes"], 80);
    let classes = f64::from(receiver.primary.classes);
    let junior = f64::from(receiver.junior.classes);
    let scheduled = (2.0 * classes + junior) * 35.0;
    assert_eq!(music["scheduled"]["lessons"], scheduled);
    assert!((music["share"].as_f64().unwrap() - 2.0 / scheduled).abs() < 1e-12);
    assert!(
        rows.iter().all(|r| r["school"] != giver.code.as_str()),
        "rural only"
    );
    let all: Value = app
        .get("/api/v1/classroom?year=2024&schools=all")
        .await
        .json()
        .await
        .unwrap();
    assert!(all["rows"].as_array().unwrap().len() > rows.len());
    assert_eq!(all["by_kind"]["remote"], 2);
    let (_, page) = app.text("/classroom?year=2024&subject=音乐").await;
    assert!(page.contains(&receiver.name));
    let xlsx = app
        .get("/classroom?year=2024&subject=%E9%9F%B3%E4%B9%90&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(xlsx_text(&xlsx).contains(&receiver.name));
    // A year without statistics shows 未接入, never a made-up number.
    let csrf = TestApp::csrf_of(&page);
    let r = app
        .post(
            "/classroom/sessions",
            &[
                ("csrf", csrf.as_str()),
                ("kind", "remote"),
                ("giver_school", giver.code.as_str()),
                ("receiver", receiver.code.as_str()),
                ("subject", "美术"),
                ("held_on", "2025-10-09"),
                ("minutes", "40"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let later: Value = app
        .get("/api/v1/classroom?year=2025&schools=all")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(later["has_statistics"], false);
    let art = &later["rows"][0];
    assert_eq!(art["scheduled"]["state"], "unknown");
    assert_eq!(art["share"], Value::Null);
    let (_, page) = app.text("/classroom?year=2025&schools=all").await;
    assert!(page.contains("未接入") && page.contains("id=\"classroom-no-statistics\""));
    // A 同步课堂 between schools of no common group is refused.
    let r = app
        .post(
            "/classroom/sessions",
            &[
                ("csrf", csrf.as_str()),
                ("kind", "synchronous"),
                ("giver_school", giver.code.as_str()),
                ("receiver", apart.code.as_str()),
                ("subject", "音乐"),
                ("held_on", "2024-10-09"),
                ("minutes", "40"),
            ],
        )
        .await;
    assert_eq!(r.status(), 400);
    let template = app.get("/classroom/template.xlsx").await;
    assert_eq!(template.status(), 200);
    let bytes = template.bytes().await.unwrap();
    assert_eq!(
        junheng_io::classroom::read_sessions(&bytes, "t.xlsx")
            .unwrap()
            .sessions
            .len(),
        4
    );
}
