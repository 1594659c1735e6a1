//! 责任督学 on the web: an administrator assigns a supervisor to a 学区; the supervisor records a
//! visit with two findings, which become two tasks owned by the school, worked in `/tasks` by
//! the school's user; another school sees nothing of it; overdue tasks are flagged; city users
//! and schools cannot record, and a refused form writes nothing.

use junheng_core::school::SchoolRecord;
use junheng_store::{Actor, Role, Scope};
use reqwest::Client;
use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, district, in_chongqing};

const PW: &str = "督学密码-123456";

/// A district (渝北区, of 重庆市) with an administrator, a supervisor, a school's user, and the
/// user of a school of another 学区 and group. Returns the records, the school and the other.
async fn setup(app: &TestApp) -> (Vec<SchoolRecord>, usize, usize) {
    let records = district(30);
    app.seed(&records).await;
    let home = app.home().await.id();
    app.store
        .update_district(home, &in_chongqing("500112", "渝北区"), &Actor::system())
        .await
        .unwrap();
    let i = records
        .iter()
        .position(|r| r.zone.is_some() && r.group.is_some())
        .unwrap();
    let other = records
        .iter()
        .position(|r| r.zone != records[i].zone && r.group != records[i].group)
        .unwrap();
    app.add_staff(PW, &records[i].code, &records[other].code)
        .await;
    (records, i, other)
}

/// POSTs a form as `client` with the CSRF token of its page `/supervision`: status, location
/// and body.
async fn post(
    app: &TestApp,
    client: &Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let csrf = TestApp::csrf_of(&app.page_for(client, "/account").await);
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    form.extend_from_slice(fields);
    let r = client.post(app.url(path)).form(&form).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map_or(String::new(), |l| l.to_str().unwrap().to_owned());
    (status, location, r.text().await.unwrap())
}

async fn status_of(app: &TestApp, client: &Client, path: &str) -> u16 {
    let r = client.get(app.url(path)).send().await.unwrap();
    r.status().as_u16()
}

async fn visits_json(app: &TestApp, client: &Client) -> Vec<Value> {
    let body = app.page_for(client, "/api/v1/supervision/visits").await;
    let json: Value = serde_json::from_str(&body).unwrap();
    json["visits"].as_array().unwrap().clone()
}

async fn a_supervisor_records_a_visit_whose_findings_become_the_schools_tasks(app: TestApp) {
    let (records, i, _) = setup(&app).await;
    let code = records[i].code.to_string();
    let zone = records[i].zone.clone().unwrap();
    // The administrator assigns the supervisor to the school's 学区.
    let admin = app.logged_in("admin", PW).await;
    let page = app.page_for(&admin, "/supervision").await;
    assert!(page.contains("id=\"assign-form\""), "the assignment form");
    let unit = format!("zone:{zone}");
    let (status, location, body) = post(
        &app,
        &admin,
        "/supervision/assignments",
        &[
            ("supervisor", "dux"),
            ("unit", &unit),
            ("since", "2024-09-01"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/supervision#assignments"),
        "{body}"
    );

    // The supervisor sees the assignment and records a visit with two findings.
    let dux = app.logged_in("dux", PW).await;
    let page = app.page_for(&dux, "/supervision").await;
    assert!(
        page.contains(&zone) && page.contains("dux老师（dux）"),
        "the assignment"
    );
    assert!(page.contains("id=\"visit-form\"") && !page.contains("id=\"assign-form\""));
    let (status, location, body) = post(
        &app,
        &dux,
        "/supervision/visits",
        &[
            ("school", &code),
            ("visited_on", "2025-03-18"),
            ("summary", "随堂听课两节，查看功能室和实验室"),
            ("findings", "严重：实验室存在安全隐患\n功能室使用记录不全"),
            ("deadline", "2099-06-30"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let visit = location.clone();
    assert!(visit.starts_with("/supervision/visits/"), "{location}");
    let page = app.page_for(&dux, &visit).await;
    assert!(page.contains("实验室存在安全隐患") && page.contains("功能室使用记录不全"));
    assert_eq!(
        page.matches("href=\"/tasks/").count(),
        2,
        "a link to each task"
    );

    // The school's user works its two tasks in /tasks.
    let xz = app.logged_in("xz", PW).await;
    let tasks = app.page_for(&xz, "/tasks").await;
    assert!(tasks.contains("整改：实验室存在安全隐患"), "{tasks}");
    assert!(tasks.contains("整改：功能室使用记录不全"));
    let api: Value = serde_json::from_str(&app.page_for(&xz, "/api/v1/tasks").await).unwrap();
    let owned = api["tasks"].as_array().unwrap();
    assert_eq!(owned.len(), 2);
    assert!(owned.iter().all(|t| t["owner"]["key"] == code.as_str()));
    assert!(owned.iter().all(|t| t["source"]["kind"] == "finding"));
    // A task's source leads back to its visit.
    let task = format!("/tasks/{}", owned[0]["id"]);
    let task_page = app.page_for(&xz, &task).await;
    let finding = owned[0]["source"]["key"].as_str().unwrap();
    let href = format!("/supervision/findings/{finding}");
    assert!(task_page.contains(&href), "{task_page}");
    let r = xz.get(app.url(&href)).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.starts_with(&format!("{visit}#finding-")), "{back}");
    // The school sees the visit, in its list and its JSON.
    assert_eq!(status_of(&app, &xz, &visit).await, 200);
    assert!(
        app.page_for(&xz, "/supervision")
            .await
            .contains("随堂听课两节")
    );
    let visits = visits_json(&app, &xz).await;
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0]["findings"].as_array().unwrap().len(), 2);
    assert_eq!(visits[0]["findings"][0]["severity"], "severe");

    // Another school sees none of it.
    let xz2 = app.logged_in("xz2", PW).await;
    assert_eq!(status_of(&app, &xz2, &visit).await, 403);
    assert_eq!(status_of(&app, &xz2, &href).await, 403);
    let theirs = app.page_for(&xz2, "/supervision").await;
    assert!(!theirs.contains("随堂听课两节") && !theirs.contains(&code));
    assert!(visits_json(&app, &xz2).await.is_empty());
    assert!(!app.page_for(&xz2, "/tasks").await.contains("整改：实验室"));

    // An earlier visit whose deadline has passed: its task is flagged as overdue.
    let (status, _, body) = post(
        &app,
        &dux,
        "/supervision/visits",
        &[
            ("school", &code),
            ("visited_on", "2024-11-05"),
            ("summary", "复查作业管理"),
            ("findings", "作业公示不及时"),
            ("deadline", "2024-12-05"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let list = app.page_for(&xz, "/supervision").await;
    assert!(list.contains("id=\"supervision-overdue\""), "{list}");
    let csv = app
        .page_for(&admin, "/supervision?format=csv&sort=visited_on")
        .await;
    assert!(
        csv.contains("逾期整改") && csv.contains("复查作业管理"),
        "{csv}"
    );
    let visits = visits_json(&app, &admin).await;
    assert_eq!(visits.len(), 2);
    let late = visits
        .iter()
        .find(|v| v["summary"] == "复查作业管理")
        .unwrap();
    assert_eq!(late["tasks_overdue"], 1);
    assert_eq!(late["findings"][0]["overdue"], true);
    // The audit log tells the story in sentences.
    let audit = app.page_for(&admin, "/audit").await;
    assert!(audit.contains("指派督学"), "{audit}");
    assert!(audit.contains("记录了督学"));
}
both!(
    visits_become_tasks,
    a_supervisor_records_a_visit_whose_findings_become_the_schools_tasks
);

async fn only_administrators_and_supervisors_record(app: TestApp) {
    let (records, i, _) = setup(&app).await;
    let code = records[i].code.to_string();
    app.add_user("city", PW, Role::City, Scope::City("500100".into()))
        .await;
    let fields = [
        ("school", code.as_str()),
        ("visited_on", "2025-03-18"),
        ("summary", "随堂听课"),
        ("findings", "功能室使用记录不全"),
        ("supervisor", "dux"),
    ];
    // A city user looking into the district reads, but cannot record.
    let city = app.logged_in_looking_into("city", PW, "500112").await;
    let page = app.page_for(&city, "/supervision").await;
    assert!(page.contains("督导记录") && !page.contains("id=\"visit-form\""));
    let (status, _, _) = post(&app, &city, "/supervision/visits", &fields).await;
    assert_eq!(status, 403);
    // Nor can a school, nor a supervisor assign.
    let xz = app.logged_in("xz", PW).await;
    let (status, _, _) = post(&app, &xz, "/supervision/visits", &fields).await;
    assert_eq!(status, 403);
    let dux = app.logged_in("dux", PW).await;
    let unit = format!("zone:{}", records[i].zone.clone().unwrap());
    let (status, _, _) = post(
        &app,
        &dux,
        "/supervision/assignments",
        &[
            ("supervisor", "dux"),
            ("unit", &unit),
            ("since", "2024-09-01"),
        ],
    )
    .await;
    assert_eq!(status, 403);
    // A supervisor cannot record under another's name; an administrator's bad form is a
    // Chinese 400; none of it is written.
    let (status, _, _) = post(&app, &dux, "/supervision/visits", &fields[..4]).await;
    assert_eq!(status, 303, "their own visit is fine");
    let mut as_admin = fields.to_vec();
    as_admin[4] = ("supervisor", "admin");
    let admin = app.logged_in("admin", PW).await;
    let (status, _, body) = post(&app, &admin, "/supervision/visits", &as_admin).await;
    assert_eq!(status, 400);
    assert!(body.contains("没有登录名为“admin”的督学"), "{body}");
    let mut future = fields.to_vec();
    future[1] = ("visited_on", "2999-01-01");
    let (status, _, body) = post(&app, &admin, "/supervision/visits", &future).await;
    assert_eq!(status, 400);
    assert!(body.contains("晚于今天"), "{body}");
    let (status, _, _) = post(&app, &admin, "/supervision/visits", &fields[..2]).await;
    assert_eq!(status, 400, "an incomplete form");
    let admin_visits = visits_json(&app, &admin).await;
    assert_eq!(admin_visits.len(), 1, "only the supervisor's own visit");
    assert_eq!(admin_visits[0]["supervisor"], "dux");
}
both!(who_records, only_administrators_and_supervisors_record);
