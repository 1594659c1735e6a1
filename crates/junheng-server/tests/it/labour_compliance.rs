//! Compliance and 星级学校 on both databases (the 课时 and 劳动周 tables are new): a 班主任 sees
//! their class's children with names (the read audited; the JSON by key only) and not another
//! class; a school's account sees its classes, not another school, imports a 劳动课时 file —
//! refused whole with the row named when a class is unknown, counted when good — enters its
//! 劳动周 and downloads its table; the administrator sees every school with small counts
//! hidden, no class's children, every school's stars, and withdraws the 课时 batch.

use junheng_app::labour::compliance::assessed_weeks;
use junheng_app::labour::lists::import;
use junheng_app::labour::records::{NewEntry, enter, seat};
use junheng_app::pairings::Caller;
use junheng_io::labour::lists::ListFile;
use junheng_labour::calendar::Day;
use junheng_labour::calendar::Term;
use junheng_labour::checklist::{ItemCode, RequiredGroups};
use junheng_labour::passport::Reporter;
use junheng_store::Actor;
use reqwest::Client;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::both;
use crate::health::{PW, audited, config, fetch, post, world};
use crate::helpers::TestApp;

both!(
    labour_compliance,
    compliance_is_scoped_suppressed_and_fed,
    config()
);

async fn json(app: &TestApp, client: &Client, path: &str) -> Value {
    let (status, body) = fetch(app, client, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

async fn upload(app: &TestApp, client: &Client, kind: &str, csv: String) -> (u16, String) {
    let (_, page) = fetch(app, client, "/labour/compliance").await;
    let form = Form::new()
        .text("csrf", TestApp::csrf_of(&page))
        .text("kind", kind.to_owned())
        .part(
            "file",
            Part::bytes(csv.into_bytes()).file_name("劳动课时.csv"),
        );
    let r = client
        .post(app.url("/labour/compliance/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The class row of `class` in a school's JSON.
fn class_row<'a>(v: &'a Value, class: &str) -> &'a Value {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["class"] == class)
        .unwrap_or_else(|| panic!("{class} in {v}"))
}

async fn compliance_is_scoped_suppressed_and_fed(app: TestApp) {
    let w = world(&app).await;
    let op = Actor::system();
    let caller = Caller::Operator(&op);
    let list = junheng_labour::synth::district_list(1);
    let file = ListFile {
        file: "区级.xlsx".into(),
        sheet: None,
        items: list.items.clone(),
        removals: Vec::new(),
        rows: Default::default(),
        warnings: Vec::new(),
    };
    let req = RequiredGroups::default();
    import(&w.home, &caller, None, &file, "", &req)
        .await
        .unwrap();
    // Two of the four children of 三年级2班 do 180 verified home minutes every assessed week.
    let today = Day::parse(&w.today).unwrap();
    let weeks = assessed_weeks(Term::of(today), today);
    let class = seat(&w.home, &caller, Some(&w.a), Some("3年级2班"))
        .await
        .unwrap();
    for monday in &weeks {
        let e = NewEntry {
            day: monday.plus(1),
            item: ItemCode::parse("B2-X1").unwrap(),
            minutes: 180,
            evidence: "倒垃圾并分类".into(),
            reporter: Reporter::Parent,
            students: vec![w.a_kids[0].id, w.a_kids[1].id],
        };
        let keys = crate::health::keys();
        let at = junheng_app::labour::records::Context {
            today,
            required: &req,
            keys: &keys,
        };
        enter(&w.home, &caller, &class, &e, at).await.unwrap();
    }
    let meeting = if weeks.is_empty() { 0 } else { 2 };

    // The 班主任: the class's children, named on the page (the read audited), by key in JSON.
    let teacher = app.logged_in("banzhuren_a", PW).await;
    let (status, page) = fetch(&app, &teacher, "/labour/compliance").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(w.a_kids[0].name) && !page.contains(w.a_kids[4].name));
    assert!(!audited(&app, "student.read").await.is_empty());
    let v = json(&app, &teacher, "/api/v1/labour/compliance").await;
    let kids = v["students"].as_array().unwrap();
    assert_eq!(kids.len(), 4);
    assert_eq!(kids.iter().filter(|k| k["meets"] == true).count(), meeting);
    assert!(!v.to_string().contains(w.a_kids[0].name), "no name in JSON");
    let (status, _) = fetch(
        &app,
        &teacher,
        &format!("/labour/compliance?school={}&class=3年级3班", w.a),
    )
    .await;
    assert_eq!(status, 403, "another class");

    // The school: its classes; another school refused; a 课时 file all or nothing.
    let school = app.logged_in("xuexiao_a", PW).await;
    let v = json(&app, &school, "/api/v1/labour/compliance").await;
    assert_eq!(v["rows"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(
        class_row(&v, "3年级2班")["meeting"][0]["count"],
        meeting as u64
    );
    let (status, _) = fetch(&app, &school, &format!("/labour/compliance?school={}", w.b)).await;
    assert_eq!(status, 403, "another school");
    let head = "学校标识码,年级,班级,周（任一日期）,课时\n";
    let rows: Vec<String> = weeks
        .iter()
        .map(|m| format!("{},3,2班,{m},1\n", w.a))
        .collect();
    let (status, body) = upload(
        &app,
        &school,
        "lessons",
        format!("{head}{}{},3,9班,{},1\n", rows.concat(), w.a, w.today),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("9班") && body.contains("class_unknown"),
        "{body}"
    );
    let v = json(&app, &school, "/api/v1/labour/compliance").await;
    assert_eq!(
        class_row(&v, "3年级2班")["lessons"]["done"],
        0,
        "nothing written"
    );
    if !weeks.is_empty() {
        let (status, _) =
            upload(&app, &school, "lessons", format!("{head}{}", rows.concat())).await;
        assert_eq!(status, 303);
    }
    let first = Day::new(w.year, 9, 1).unwrap();
    let (status, location, body) = post(
        &app,
        &school,
        "/labour/compliance/entry",
        &[
            ("kind", "weeks"),
            ("学校标识码", w.a.as_str()),
            ("第一天", &first.to_string()),
            ("最后一天", &first.plus(4).to_string()),
        ],
    )
    .await;
    assert_eq!(status, 303, "{location} {body}");
    let v = json(&app, &school, "/api/v1/labour/compliance").await;
    let row = class_row(&v, "3年级2班");
    assert_eq!(row["lessons"]["done"], weeks.len() as u64);
    assert_eq!(row["lessons"]["required"], weeks.len() as u64);
    assert_eq!(v["total"]["labour_week"], true);
    let (status, table) = fetch(&app, &school, "/labour/compliance?format=xlsx").await;
    assert_eq!(status, 200);
    assert!(
        table.contains("3年级2班") && table.contains("达标人数"),
        "{table}"
    );
    let stars = json(&app, &school, "/api/v1/labour/stars").await;
    let schools = stars["schools"].as_array().unwrap();
    assert_eq!(schools.len(), 1, "its own school only");
    assert_eq!(schools[0]["labour_week"], true);

    // The administrator: every school, small counts hidden, no child; stars say why.
    let admin = app.logged_in("admin", PW).await;
    let (status, page) = fetch(&app, &admin, "/labour/compliance").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(w.a.as_str()) && page.contains("人数过少不显示"),
        "{page}"
    );
    let v = json(&app, &admin, "/api/v1/labour/compliance").await;
    assert_eq!(v["suppressed"], true);
    let a_row = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["school"] == w.a.as_str())
        .unwrap();
    assert_eq!(a_row["students"]["shown"], "small", "{a_row}");
    assert!(a_row["tally"].is_null());
    let (status, _) = fetch(
        &app,
        &admin,
        &format!("/labour/compliance?school={}&class=3年级2班", w.a),
    )
    .await;
    assert_eq!(status, 403, "no child's row for the district");
    let stars = json(&app, &admin, "/api/v1/labour/stars").await;
    let b = stars["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["school"] == w.b.as_str())
        .unwrap();
    assert_eq!(
        (b["labour_week"].clone(), b["input"].clone()),
        (Value::Bool(false), Value::Null)
    );
    let (status, page) = fetch(&app, &admin, "/labour/stars").await;
    assert_eq!(status, 200);
    assert!(page.contains("未达到"), "{page}");

    // 撤回 of the 课时 batch: the class is back to none.
    if !weeks.is_empty() {
        let batch = w.home.labour_batches(&["lessons"]).await.unwrap()[0].id;
        let (status, _, _) = post(
            &app,
            &admin,
            "/labour/compliance/withdraw",
            &[("id", &batch.to_string()), ("confirm", "1")],
        )
        .await;
        assert_eq!(status, 303);
        let v = json(&app, &school, "/api/v1/labour/compliance").await;
        assert_eq!(class_row(&v, "3年级2班")["lessons"]["done"], 0);
    }
    assert!(!audited(&app, "labour.import").await.is_empty());
}
