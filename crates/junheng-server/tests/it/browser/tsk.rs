//! Tasks in the browser: a supervisor raises a task from a school's gap on a phone, the school
//! starts and submits it on a phone, the supervisor closes it at desktop width — the gap still
//! open, confirmed a second time. Every page fits both widths.

use super::*;

const PASSWORD: &str = "任务浏览器-密码-1";

async fn as_user(c: &fantoccini::Client, app: &TestApp, name: &str) {
    c.delete_all_cookies().await.unwrap();
    log_in(c, app, name, PASSWORD).await;
    logged_in(c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gap_task_is_raised_worked_and_closed_on_a_phone_and_a_desktop() {
    let app = spawn(Backend::Sqlite).await;
    let mut records = district(30);
    let i = records
        .iter()
        .position(|r| {
            r.kind == junheng_core::school::SchoolKind::Primary && r.parent_code.is_none()
        })
        .unwrap();
    records[i].primary.backbone_teachers = 0;
    app.seed(&records).await;
    let code = records[i].code.clone();
    app.add_user("dux", PASSWORD, Role::Supervisor, Scope::District)
        .await;
    app.add_user("xz", PASSWORD, Role::School, Scope::School(code.clone()))
        .await;
    let b = browser().await;
    let c = &b.client;

    // The supervisor, on a phone: from the school page's gap to a new task.
    c.set_window_size(390, 844).await.unwrap();
    as_user(c, &app, "dux").await;
    c.goto(&app.url(&format!("/schools/{code}"))).await.unwrap();
    assert!(fits(c).await, "the school page fits a phone");
    click_to_load(c, "ul.gaps a.task-link").await;
    assert!(fits(c).await, "the new task's form fits a phone");
    c.execute(
        "document.querySelector('input[name=deadline]').value = '2099-06-30';",
        vec![],
    )
    .await
    .unwrap();
    click_to_load(c, "main form button[type=submit]").await;
    let url = c.current_url().await.unwrap();
    let task = url.path().to_owned();
    assert!(task.starts_with("/tasks/"), "{url}");
    assert!(fits(c).await, "a task's page fits a phone");
    assert!(body_text(c).await.contains(&records[i].name));

    // The school, on a phone: its list, then start and submit with a note.
    as_user(c, &app, "xz").await;
    c.goto(&app.url("/tasks")).await.unwrap();
    assert!(
        fits(c).await,
        "the task list scrolls its table, not the page"
    );
    c.goto(&app.url(&task)).await.unwrap();
    click_to_load(c, "#task-actions button").await;
    assert!(body_text(c).await.contains("进行中"));
    type_into(c, "#task-actions input[name=note]", "已调入两名骨干教师").await;
    click_to_load(c, "#task-actions button").await;
    assert!(body_text(c).await.contains("待验收"));
    assert!(fits(c).await);

    // The supervisor, at desktop width: the re-check shows the gap still open; closing asks
    // for a confirmation, which is recorded.
    c.set_window_size(1280, 900).await.unwrap();
    as_user(c, &app, "dux").await;
    c.goto(&app.url(&task)).await.unwrap();
    assert!(body_text(c).await.contains("仍未解决"));
    click_to_load(c, "#task-actions form:first-of-type button").await;
    assert!(body_text(c).await.contains("复查发现问题仍未解决"));
    click_to_load(c, "#task-confirm button").await;
    let text = body_text(c).await;
    assert!(
        text.contains("已完成") && text.contains("经确认仍然关闭"),
        "{text}"
    );
    assert!(fits(c).await);
}
