//! 继续教育 (issue 17): the ledger imported on the page (teachers outside the roster refused,
//! nothing written), the rates and items on the page, in its download and in the JSON, a batch
//! withdrawn only when confirmed, and a school's admin seeing only their own teachers; one record
//! entered on the page (a bad field and an unknown teacher shown again at the form, the same
//! record not entered twice, undone by withdrawing its batch); the budgets uploaded and entered
//! for one school (replaced only when ticked); a teacher's own page, JSON and downloads for the
//! district, their own school (another school's teacher is 404) and no group lead, every read
//! audited; the page's workbook of three sheets.

use calamine::{Data, Reader, Xlsx};
use junheng_core::school::SchoolRecord;
use junheng_rotation::Teacher;
use junheng_store::{Actor, AuditFilter, Role, Scope};
use junheng_teachers::training::{Budget, Day, Hours, Level, Source, TrainingRecord};

use crate::both;
use crate::helpers::{Backend, TestApp, district, location, spawn, xlsx_text};

both!(the_ledger_makes_the_rates_and_item_9, training);
// Storage matters for an entry and its undo: both backends. The rest reads what the store tests
// cover already: SQLite only.
both!(one_record_is_entered_once_and_withdrawn, entry);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budgets_are_uploaded_and_entered_for_one_school() {
    budgets(spawn(Backend::Sqlite).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teachers_page_is_for_the_district_and_their_own_school() {
    teacher_page(spawn(Backend::Sqlite).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_download_is_a_workbook_of_three_sheets() {
    workbook(spawn(Backend::Sqlite).await).await;
}

const PASSWORD: &str = "继续教育测试-123456";
const HEADER: &str = "教师编号,培训项目,培训级别,开始日期,结束日期,学时\n";

async fn training(app: TestApp) {
    let (_, roster) = with_roster(&app).await;
    let (status, page) = app.text("/teachers/training").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"training-item9\"") && page.contains("未接入"));

    let year = [("year", "2024")];
    let bad = format!("{HEADER}NOBODY,课,国培,2022-01-01,2022-01-02,10\n");
    let (status, body) = app
        .upload_with(
            "/teachers/training",
            "/teachers/training/import",
            "坏.csv",
            bad.into_bytes(),
            &year,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("NOBODY") && body.contains("花名册"), "{body}");
    assert!(
        app.home()
            .await
            .training_records()
            .await
            .unwrap()
            .is_empty()
    );

    // The first teacher is 0.5 学时 short; everyone else completed 2021–2025.
    let mut ledger = String::from(HEADER);
    for (i, t) in roster.iter().enumerate() {
        let hours = if i == 0 { "359.5" } else { "360" };
        ledger.push_str(&format!(
            "{},国培研修,国,2023-07-01,2025-12-31,{hours}\n",
            t.id
        ));
    }
    let (status, body) = app
        .upload_with(
            "/teachers/training",
            "/teachers/training/import",
            "台账.csv",
            ledger.into_bytes(),
            &year,
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let got: serde_json::Value = app
        .get("/api/v1/teachers/training?cycle=2021")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["rates"]["item9"]["verdict"], "not_met", "{got}");
    assert_eq!(got["rates"]["item9"]["completed"], roster.len() - 1);
    let (_, page) = app.text("/teachers/training?imported=3").await;
    assert!(page.contains("已新增 3 条培训记录") && page.contains("未达标"));
    let xlsx = app
        .get("/teachers/training?format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(!xlsx.is_empty());
    let _ = xlsx_text(&xlsx);

    // Withdrawal needs the tick.
    let batch = got["batches"][0]["id"].as_i64().unwrap().to_string();
    let (_, page) = app.text("/teachers/training").await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            "/teachers/training/withdraw",
            &[("csrf", &csrf), ("batch", &batch)],
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_form(
            "/teachers/training/withdraw",
            &[("csrf", &csrf), ("batch", &batch), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert!(
        app.home()
            .await
            .training_records()
            .await
            .unwrap()
            .is_empty()
    );

    // A school's admin sees their own teachers only, and cannot import.
    let school = roster[0].school.clone();
    let theirs = roster.iter().filter(|t| t.school == school).count();
    app.add_user(
        "head",
        PASSWORD,
        Role::School,
        Scope::School(school.clone()),
    )
    .await;
    app.login("head", PASSWORD).await;
    let got: serde_json::Value = app
        .get("/api/v1/teachers/training")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["rates"]["district"]["current"], theirs, "{got}");
    assert!(got["batches"].as_array().unwrap().is_empty());
    assert_eq!(
        app.get("/teachers/training/template.xlsx").await.status(),
        403
    );
}

/// A district of 12 schools with its 2024 roster, and its administrator logged in.
async fn with_roster(app: &TestApp) -> (Vec<SchoolRecord>, Vec<Teacher>) {
    let records = district(12);
    app.seed(&records).await;
    let roster = junheng_rotation::synth::roster(&records, 1);
    app.home()
        .await
        .replace_roster(2024, &roster, &Actor::system())
        .await
        .unwrap();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    (records, roster)
}

async fn entry(app: TestApp) {
    let app = &app;
    let (_, roster) = with_roster(app).await;
    let (_, page) = app.text("/teachers/training").await;
    assert!(page.contains("id=\"training-record-form\""), "{page}");
    let csrf = TestApp::csrf_of(&page);
    let teacher = roster[0].id.to_string();
    let form = |hours: &'static str, teacher: &str| {
        vec![
            ("csrf".to_owned(), csrf.clone()),
            ("year".into(), "2024".into()),
            ("teacher".into(), teacher.to_owned()),
            ("course".into(), "校本研修·作业设计".into()),
            ("level".into(), "校培".into()),
            ("start".into(), "2025-12-30".into()),
            ("end".into(), "2025-12-31".into()),
            ("hours".into(), hours.into()),
            ("certificate".into(), String::new()),
        ]
    };
    let post = |fields: Vec<(String, String)>| async move {
        let r = app.post("/teachers/training/records", &fields).await;
        let at = location(&r);
        (r.status().as_u16(), at, r.text().await.unwrap())
    };
    let home = app.home().await;

    // A bad field: the form again with what was typed, the field and what it expects.
    let (status, _, body) = post(form("四十", &teacher)).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("id=\"training-record-errors\""), "{body}");
    assert!(body.contains("学时应为大于 0、不超过 360 的数"), "{body}");
    assert!(body.contains("四十") && body.contains("校本研修·作业设计"));
    // A teacher outside the year's roster, likewise at 教师编号.
    let (status, _, body) = post(form("2.5", "NOBODY1")).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("教师编号不在 2024 学年的教师花名册中"),
        "{body}"
    );
    assert!(body.contains("（填写的是「NOBODY1」）"));
    assert!(home.training_records().await.unwrap().is_empty());

    // Entered: one record of its own batch 页面录入, said on the page.
    let (status, at, _) = post(form("2.5", &teacher)).await;
    assert_eq!((status, at.as_str()), (303, "/teachers/training?entered=1"));
    let stored = home.training_records().await.unwrap();
    assert_eq!(stored.len(), 1);
    let r = &stored[0].record;
    assert_eq!(
        (r.hours, r.source),
        (Hours::parse("2.5").unwrap(), Source::Entered)
    );
    let (_, page) = app.text(&at).await;
    assert!(page.contains("已录入 1 条培训记录"), "{page}");
    assert!(page.contains("页面录入"));
    // The same record again: nothing written, and the page says it is in the ledger.
    let (status, at, _) = post(form("2.5", &teacher)).await;
    assert_eq!((status, at.as_str()), (303, "/teachers/training?entered=0"));
    assert!(app.text(&at).await.1.contains("已在台账中"));
    assert_eq!(home.training_records().await.unwrap().len(), 1);
    let batches = home.training_batches().await.unwrap();
    assert_eq!(batches.len(), 1);
    assert!(!batches[0].file && batches[0].file_name == "页面录入");

    // Undone: its batch withdrawn like an imported file.
    let id = batches[0].id.to_string();
    let (status, _) = app
        .post_form(
            "/teachers/training/withdraw",
            &[("csrf", &csrf), ("batch", &id), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert!(home.training_records().await.unwrap().is_empty());
    let log = app
        .store
        .audit_log(&AuditFilter {
            action_prefix: Some("training.".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["training.withdraw", "training.add"]);
}

async fn budgets(app: TestApp) {
    let app = &app;
    let (records, _) = with_roster(app).await;
    let template = app.get("/teachers/training/budgets/template.xlsx").await;
    assert_eq!(template.status(), 200);
    assert!(xlsx_text(&template.bytes().await.unwrap()).contains("其中教师培训经费"));
    let home = app.home().await;
    let head = "学校标识码,年度,公用经费预算（元）,其中教师培训经费（元）\n";
    let upload = |name: &'static str, body: String, replace: bool| {
        let fields: &'static [(&'static str, &'static str)] =
            if replace { &[("replace", "1")] } else { &[] };
        app.upload_with(
            "/teachers/training",
            "/teachers/training/budgets/import",
            name,
            body.into_bytes(),
            fields,
        )
    };

    // A bad file: every problem listed, as for the ledger; nothing stored.
    let (status, body) = upload(
        "坏.csv",
        format!("{head}'{},1999,0,1\n", records[0].code),
        false,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("年度") && body.contains("1999"), "{body}");
    assert!(home.training_budgets(None).await.unwrap().is_empty());
    // Every school at exactly 5 %, stored; again only with 替换.
    let mut file = String::from(head);
    for r in &records {
        file.push_str(&format!("'{},2026,100000,5000\n", r.code));
    }
    let (status, _) = upload("经费.csv", file.clone(), false).await;
    assert_eq!(status, 303);
    assert_eq!(home.training_budgets(Some(2026)).await.unwrap().len(), 12);
    let (status, body) = upload("经费.csv", file.clone(), false).await;
    assert_eq!(status, 409);
    assert!(
        body.contains("其中 12 所学校的该年度培训经费已填报；确认替换后再保存"),
        "{body}"
    );
    assert_eq!(upload("经费.csv", file, true).await.0, 303);

    // One school on the form: a bad amount named; a conflict without the tick; saved with it.
    let (_, page) = app.text("/teachers/training").await;
    assert!(page.contains("id=\"training-budget-form\"") && page.contains(&records[3].name));
    let csrf = TestApp::csrf_of(&page);
    let code = records[0].code.to_string();
    let form = |training: &'static str, replace: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("school", code.clone()),
            ("year", "2026".into()),
            ("training", training.into()),
            ("funds", "100000".into()),
            ("replace", replace.into()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| async move {
        let r = app.post("/teachers/training/budgets", &fields).await;
        let at = location(&r);
        (r.status().as_u16(), at, r.text().await.unwrap())
    };
    let (status, _, body) = send(form("100001", "")).await;
    assert_eq!(status, 400);
    assert!(
        body.contains("教师培训经费 100001 元超过了公用经费预算 100000 元"),
        "{body}"
    );
    let (status, _, body) = send(form("4000", "")).await;
    assert_eq!(status, 409);
    assert!(body.contains("id=\"training-budget-errors\""), "{body}");
    assert!(body.contains("其中 1 所学校的该年度培训经费已填报；确认替换后再保存"));
    let (status, at, _) = send(form("4000", "1")).await;
    assert_eq!(status, 303);
    assert_eq!(at, "/teachers/training?budgets=1&budget_year=2026");
    let (_, page) = app.text(&at).await;
    assert!(page.contains("已保存 1 所学校的培训经费"), "{page}");
    assert!(page.contains("4000 / 100000 元 = 4.0%"), "{page}");
    let got: serde_json::Value = app
        .get("/api/v1/teachers/training?budget_year=2026")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["item4"]["verdict"], "not_met", "{got}");
}

/// A record of `t`: 24 学时 of 区培 ending on `end`.
fn record(t: &Teacher, course: &str, end: &str) -> TrainingRecord {
    TrainingRecord {
        teacher: t.id.clone(),
        course: course.into(),
        level: Level::District,
        start: Day::parse(end).unwrap(),
        end: Day::parse(end).unwrap(),
        hours: Hours::parse("24").unwrap(),
        certificate: Some("QP-1".into()),
        source: Source::Platform,
    }
}

/// The roster with a record of the first teacher of the first two schools; those teachers.
async fn with_ledger(app: &TestApp) -> (Vec<SchoolRecord>, Teacher, Teacher) {
    let (records, roster) = with_roster(app).await;
    let of = |i: usize| {
        roster
            .iter()
            .find(|t| t.school == records[i].code)
            .unwrap()
            .clone()
    };
    let (ours, theirs) = (of(0), of(1));
    let ledger = [
        record(&ours, "本校研修", "2024-10-01"),
        record(&ours, "区级培训", "2023-05-01"),
        record(&theirs, "他校研修", "2024-10-01"),
    ];
    app.home()
        .await
        .import_training(
            2024,
            &ledger,
            true,
            "台账.xlsx",
            &"a".repeat(64),
            &Actor::system(),
        )
        .await
        .unwrap();
    (records, ours, theirs)
}

async fn teacher_page(app: TestApp) {
    let (records, ours, theirs) = with_ledger(&app).await;
    let path = format!("/teachers/training/t/{}", ours.id);
    // The list of teachers behind schedule links to their pages.
    let (_, page) = app.text("/teachers/training").await;
    assert!(page.contains("href=\"/teachers/training/t/"), "{page}");

    // The district: the page, the JSON and the downloads of one selection.
    let (status, page) = app.text(&path).await;
    assert_eq!(status, 200, "{page}");
    for part in [
        "training-current",
        "training-previous",
        "本校研修",
        "区级培训",
        &records[0].name,
    ] {
        assert!(page.contains(part), "{part}: {page}");
    }
    assert!(!page.contains("他校研修"));
    let got: serde_json::Value = app
        .get(&format!("/api/v1/teachers/training/t/{}", ours.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["current"]["teacher"], ours.id.as_str(), "{got}");
    assert_eq!(got["records"].as_array().unwrap().len(), 2);
    let start = |c: &str| got[c]["cycle"]["start_year"].as_i64().unwrap();
    assert_eq!(start("previous") + 5, start("current"));
    let csv = app.text(&format!("{path}?format=csv")).await.1;
    assert!(
        csv.contains("培训项目") && csv.contains("区级培训"),
        "{csv}"
    );
    let xlsx = app
        .get(&format!("{path}?format=xlsx"))
        .await
        .bytes()
        .await
        .unwrap();
    let sheets = sheets(&xlsx);
    assert_eq!(sheets[0].0, "培训记录");
    assert_eq!(sheets[0].1.len(), 3, "a header and two records");
    // Every read is audited, naming the teacher and how.
    let reads = || async {
        app.store
            .audit_log(&AuditFilter {
                action_prefix: Some("training.teacher_read".into()),
                ..Default::default()
            })
            .await
            .unwrap()
    };
    let reads_now = reads().await;
    let via: Vec<&str> = reads_now.iter().map(|e| e.detail.as_str()).collect();
    assert_eq!(via, ["via=xlsx", "via=csv", "via=json", "via=page"]);
    assert!(
        reads_now
            .iter()
            .all(|e| e.target == format!("teacher:{}", ours.id))
    );
    // An unknown teacher: 404 without echoing the id.
    let (status, body) = app.text("/teachers/training/t/NOBODY9").await;
    assert_eq!(status, 404);
    assert!(!body.contains("NOBODY9"));

    // A school's user: their own teacher, and another school's answered as unknown.
    app.add_user(
        "head",
        PASSWORD,
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    app.login("head", PASSWORD).await;
    assert_eq!(app.text(&path).await.0, 200);
    let foreign = format!("/teachers/training/t/{}", theirs.id);
    let (status, body) = app.text(&foreign).await;
    assert_eq!(status, 404);
    assert!(!body.contains(theirs.id.as_str()) && !body.contains(&records[1].name));
    let api = app
        .get(&format!("/api/v1/teachers/training/t/{}", theirs.id))
        .await;
    assert_eq!(api.status(), 404);
    let after = reads().await;
    assert_eq!(after.len(), 5, "the refusals read nothing");
    assert_eq!(after[0].actor, "head");

    // A group lead is refused as on the training page.
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    app.add_user("lead", PASSWORD, Role::GroupLead, Scope::Group(group))
        .await;
    app.login("lead", PASSWORD).await;
    assert_eq!(app.get(&path).await.status(), 403);
    assert_eq!(app.get("/teachers/training").await.status(), 403);
}

/// The sheets of a workbook: (name, rows).
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range.rows().map(<[Data]>::to_vec).collect())
        })
        .collect()
}

async fn workbook(app: TestApp) {
    let (records, _, _) = with_ledger(&app).await;
    let year = 2026;
    let budget = |r: &SchoolRecord, training| Budget {
        school: r.code.clone(),
        year,
        public_funds: 100_000,
        training,
    };
    let budgets = [budget(&records[0], 5_000), budget(&records[1], 4_999)];
    app.home()
        .await
        .set_training_budgets(&budgets, &Actor::system())
        .await
        .unwrap();
    let url = format!("/teachers/training?budget_year={year}");
    let (status, page) = app.text(&url).await;
    assert_eq!(status, 200);
    let r = app.get(&format!("{url}&format=xlsx")).await;
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    let book = sheets(&r.bytes().await.unwrap());
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["进度落后教师", "完成率", "培训经费未达标"]);
    let text = |d: &Data| d.to_string();
    // The list: every teacher behind schedule, as the JSON counts them.
    let got: serde_json::Value = app
        .get(&url.replace("/teachers", "/api/v1/teachers"))
        .await
        .json()
        .await
        .unwrap();
    let behind = got["rates"]["progress"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["behind"] == true)
        .count();
    let list = &book[0].1;
    assert_eq!(text(&list[0][0]), "教师编号");
    assert_eq!(list.len(), behind + 1);
    // The rates: the page's columns; every school, the 城乡 groups, then 全区.
    let rates = &book[1].1;
    assert_eq!(text(&rates[0][1]), "完成/应完成");
    assert_eq!(text(&rates.last().unwrap()[0]), "全区");
    assert!(rates.iter().any(|row| text(&row[0]) == records[0].name));
    assert!(page.contains(&text(&rates.last().unwrap()[1])));
    // The failing budgets: one below 5 %, and every school without one (未填报).
    let failing = &book[2].1;
    assert_eq!(text(&failing[0][0]), "学校标识码");
    let below: Vec<&Vec<Data>> = failing
        .iter()
        .filter(|row| text(&row[6]) == "未达标")
        .collect();
    assert_eq!(below.len(), 1);
    assert_eq!(text(&below[0][0]), records[1].code.as_str());
    assert_eq!(
        failing
            .iter()
            .filter(|row| text(&row[6]) == "未填报")
            .count(),
        10
    );
    assert!(
        !failing
            .iter()
            .any(|row| text(&row[0]) == records[0].code.as_str())
    );
    // The CSV stays the list.
    let csv = app.text(&format!("{url}&format=csv")).await.1;
    assert!(
        csv.trim_start_matches('\u{feff}').starts_with("教师编号"),
        "{csv}"
    );
}
