//! Tasks on the web: raised from a school's gap, worked by the school, closed by a supervisor
//! with the gap re-checked (a gap still open needs a confirmation, recorded), overdue tasks in
//! the inbox, the lists and the school page, scopes, and invalid changes refused in Chinese.

use junheng_core::school::{SchoolKind, SchoolRecord};
use junheng_store::{NewTask, OwnerKind, TaskOwner};
use reqwest::Client;

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

const PW: &str = "任务密码-123456";
const INDICATOR: &str = "backbone_teachers_per_100";

/// A district whose first stand-alone primary school has no backbone teacher (a gap), with an
/// administrator, a supervisor, that school's user and another school's.
async fn setup(app: &TestApp) -> (Vec<SchoolRecord>, usize) {
    let mut records = district(30);
    let i = records
        .iter()
        .position(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none())
        .unwrap();
    records[i].primary.backbone_teachers = 0;
    app.seed(&records).await;
    let other = records
        .iter()
        .position(|r| r.code != records[i].code && r.group != records[i].group)
        .unwrap();
    app.add_staff(PW, &records[i].code, &records[other].code)
        .await;
    (records, i)
}

/// POSTs a form as `client` with the CSRF token of its page `form_page`: status, location and
/// body.
async fn post(
    app: &TestApp,
    client: &Client,
    form_page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let csrf = TestApp::csrf_of(&app.page_for(client, form_page).await);
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
    client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The inbox count in a page's header, 0 without one.
fn inbox_count(page: &str) -> u32 {
    page.split("id=\"inbox-count\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .map_or(0, |n| n.trim().parse().unwrap())
}

async fn a_gap_task_is_raised_worked_and_closed_with_its_recheck(app: TestApp) {
    let (mut records, i) = setup(&app).await;
    let code = records[i].code.to_string();
    let dux = app.logged_in("dux", PW).await;
    // The school page offers to raise a task from the gap.
    let school_page = app.page_for(&dux, &format!("/schools/{code}")).await;
    let key = format!("{code}%2F{INDICATOR}");
    let href = format!(
        "/tasks/new?source_kind=gap&#38;source_key={key}&#38;owner_kind=school&#38;owner_key={code}"
    );
    assert!(school_page.contains(&href), "a link to {href}");
    let form = app.page_for(&dux, &href.replace("&#38;", "&")).await;
    assert!(
        form.contains(&records[i].name),
        "the title names the school"
    );
    assert!(form.contains("骨干教师"), "the detail says the gap");
    let source_key = format!("{code}/{INDICATOR}");
    let fields = [
        ("title", "补足骨干教师"),
        ("detail", "需增加骨干教师"),
        ("owner_kind", "school"),
        ("owner_key", code.as_str()),
        ("deadline", "2099-06-30"),
        ("source_kind", "gap"),
        ("source_key", source_key.as_str()),
    ];
    let (status, location, _) = post(&app, &dux, "/tasks/new", "/tasks", &fields).await;
    assert_eq!(status, 303);
    let id: i64 = location.strip_prefix("/tasks/").unwrap().parse().unwrap();
    let task = format!("/tasks/{id}");
    let status_path = format!("/tasks/{id}/status");

    // Another school neither sees it nor finds it in its lists.
    let xz2 = app.logged_in("xz2", PW).await;
    assert_eq!(status_of(&app, &xz2, &task).await, 403);
    assert!(!app.page_for(&xz2, "/tasks").await.contains("补足骨干教师"));
    let api = app.page_for(&xz2, "/api/v1/tasks").await;
    let json: serde_json::Value = serde_json::from_str(&api).unwrap();
    assert_eq!(json["tasks"].as_array().unwrap().len(), 0, "{api}");
    let (status, _, _) = post(&app, &xz2, "/tasks", &status_path, &[("action", "start")]).await;
    assert_eq!(status, 403);

    // The school: submitting before starting is refused in Chinese; then start and submit.
    let xz = app.logged_in("xz", PW).await;
    let page = app.page_for(&xz, &task).await;
    assert!(page.contains("补足骨干教师") && page.contains("开始整改"));
    assert!(
        !page.contains("验收关闭"),
        "a school does not accept its own work"
    );
    let (status, _, body) = post(
        &app,
        &xz,
        &task,
        &status_path,
        &[("action", "submit"), ("note", "完成")],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("当前为“待办”，不能改为“待验收”"), "{body}");
    let (status, _, body) = post(&app, &xz, &task, &status_path, &[("action", "close")]).await;
    assert_eq!(status, 403, "{body}");
    let (status, _, _) = post(&app, &xz, &task, &status_path, &[("action", "start")]).await;
    assert_eq!(status, 303);
    let (status, _, body) = post(&app, &xz, &task, &status_path, &[("action", "submit")]).await;
    assert_eq!(status, 400, "a submission says what was done: {body}");
    let (status, _, _) = post(
        &app,
        &xz,
        &task,
        &status_path,
        &[("action", "submit"), ("note", "已调入两名骨干教师")],
    )
    .await;
    assert_eq!(status, 303);

    // The supervisor sees the re-check as it stands; the gap is still open: closing needs a
    // confirmation, and nothing changes without it.
    let page = app.page_for(&dux, &task).await;
    assert!(
        page.contains("id=\"task-recheck\"") && page.contains("仍未解决"),
        "{page}"
    );
    let (status, _, body) = post(
        &app,
        &dux,
        &task,
        &status_path,
        &[("action", "close"), ("note", "先行验收")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("id=\"task-confirm\"") && body.contains("确认仍然关闭"),
        "{body}"
    );
    assert!(app.page_for(&dux, &task).await.contains("待验收"));
    let (status, _, _) = post(
        &app,
        &dux,
        &task,
        &status_path,
        &[("action", "close"), ("note", "先行验收"), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, 303);
    let page = app.page_for(&dux, &task).await;
    assert!(
        page.contains("已完成") && page.contains("经确认仍然关闭"),
        "{page}"
    );
    assert!(
        page.contains("为 0.00人，标准"),
        "the re-check's values are recorded: {page}"
    );
    // A closed task is final: returning it is refused in Chinese.
    let (status, _, body) = post(
        &app,
        &dux,
        &task,
        &status_path,
        &[("action", "reopen"), ("note", "再看看")],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("已完成"), "{body}");

    // Once the statistics show the gap closed, a closing records it resolved, no confirmation.
    let (_, location, _) = post(&app, &dux, "/tasks/new", "/tasks", &fields).await;
    let second = location.clone();
    let status_path = format!("{second}/status");
    for (action, note) in [("start", ""), ("submit", "已补足")] {
        let (status, _, _) = post(
            &app,
            &xz,
            &second,
            &status_path,
            &[("action", action), ("note", note)],
        )
        .await;
        assert_eq!(status, 303);
    }
    records[i].primary.backbone_teachers = 10_000;
    app.seed(&records).await;
    let (status, _, _) = post(&app, &dux, &second, &status_path, &[("action", "close")]).await;
    assert_eq!(status, 303);
    let page = app.page_for(&dux, &second).await;
    assert!(
        page.contains("已解决") && !page.contains("经确认仍然关闭"),
        "{page}"
    );
    let log = app
        .store
        .audit_log(&junheng_store::AuditFilter {
            action_prefix: Some("task.".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        log.iter()
            .any(|e| e.detail.contains("check=still_open despite=1"))
    );
    assert!(log.iter().any(|e| e.detail.contains("check=resolved")));
}
both!(
    raised_worked_closed,
    a_gap_task_is_raised_worked_and_closed_with_its_recheck
);

async fn overdue_tasks_reach_the_inbox_the_lists_and_the_school_page(app: TestApp) {
    let (records, i) = setup(&app).await;
    let code = records[i].code.to_string();
    let home = app.home().await;
    let owner = TaskOwner::new(OwnerKind::School, &code).unwrap();
    let task = home
        .create_task(
            &NewTask {
                title: "完善功能室配备",
                detail: "",
                owner: &owner,
                deadline: "2020-01-31",
                source: None,
            },
            &junheng_store::Actor::new("admin"),
        )
        .await
        .unwrap();
    let later = TaskOwner::new(OwnerKind::Department, "督导室").unwrap();
    home.create_task(
        &NewTask {
            title: "汇总督导报告",
            detail: "",
            owner: &later,
            deadline: "2099-12-31",
            source: None,
        },
        &junheng_store::Actor::new("admin"),
    )
    .await
    .unwrap();
    // The school: its header counts the overdue task, its inbox lists it.
    let xz = app.logged_in("xz", PW).await;
    let page = app.page_for(&xz, "/dashboard").await;
    assert_eq!(inbox_count(&page), 1, "{page}");
    let inbox = app.page_for(&xz, "/inbox").await;
    assert!(inbox.contains("逾期任务") && inbox.contains(&format!("/tasks/{}", task.id)));
    // The list says it in words, and its download holds exactly the filtered rows.
    let list = app.page_for(&xz, "/tasks").await;
    assert!(list.contains("已逾期") && list.contains("完善功能室配备"));
    assert!(
        !list.contains("汇总督导报告"),
        "a department's task is not the school's"
    );
    let r = xz
        .get(app.url("/tasks?overdue=1&format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(text.contains("完善功能室配备") && text.contains("已逾期"));
    // The school page lists the school's unfinished tasks.
    let page = app.page_for(&xz, &format!("/schools/{code}")).await;
    assert!(
        page.contains("id=\"tasks\"") && page.contains("完善功能室配备"),
        "{page}"
    );
    // The supervisor has an inbox while a task of the district is overdue; the other school
    // has none.
    let dux = app.logged_in("dux", PW).await;
    let page = app.page_for(&dux, "/dashboard").await;
    assert!(
        page.contains("href=\"/inbox\"") && inbox_count(&page) == 1,
        "{page}"
    );
    let xz2 = app.logged_in("xz2", PW).await;
    let page = app.page_for(&xz2, "/dashboard").await;
    assert_eq!(inbox_count(&page), 0);
    // The administrator's list: both tasks, filtered to the overdue one.
    let admin = app.logged_in("admin", PW).await;
    let all = app.page_for(&admin, "/tasks").await;
    assert!(all.contains("完善功能室配备") && all.contains("汇总督导报告"));
    let overdue = app.page_for(&admin, "/tasks?overdue=1").await;
    assert!(overdue.contains("完善功能室配备") && !overdue.contains("汇总督导报告"));
    let json: serde_json::Value =
        serde_json::from_str(&app.page_for(&admin, "/api/v1/tasks?overdue=1").await).unwrap();
    let tasks = json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["id"], task.id);
    assert_eq!(tasks[0]["due"], "overdue");
    // In English, the same list says it in English.
    let english = app.page_for(&admin, "/lang?to=en&next=/tasks").await;
    let _ = english;
    let page = app.page_for(&admin, "/tasks").await;
    assert!(page.contains("Overdue"), "{page}");
}
both!(
    overdue,
    overdue_tasks_reach_the_inbox_the_lists_and_the_school_page
);
