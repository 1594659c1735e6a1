//! The 三线 board of quality on the web (issue 15 item 5): three exams of grade 7 — J alone in
//! the first (K 未接入 there), J above K in the next two — placed against lines of
//! `[quality.bands]` that put the lower of two schools at the 警戒线, so K escalates to 约谈 in
//! the latest exam. The JSON, the page and the workbook hold the same board; only the district's
//! administrators and 督学 see it; raising its tasks asks first, makes one task for K, and makes
//! none the second time.

use junheng_app::exams::bands::warning_ref;
use junheng_core::bands::{BandPolicy, LineRule};
use junheng_server::Config;
use junheng_store::{Role, Scope};

use super::{Setup, create, import, scores, setup};
use crate::both;
use crate::health::{PW, fetch, post};
use crate::helpers::TestApp;

/// The student keys and lines that place the lower of two schools at the 警戒线 (P40 of two
/// values lies strictly between them, whatever their rounding).
pub(crate) fn config() -> Config {
    let mut c = crate::health::config();
    c.quality.bands = BandPolicy {
        basic: LineRule::DistrictPercentile { p: 50.0 },
        development: LineRule::DistrictPercentile { p: 75.0 },
        warning: LineRule::DistrictPercentile { p: 40.0 },
        ..BandPolicy::default()
    };
    c
}

/// The three exams with their files, imported by the administrator: the setup and the exams'
/// ids, oldest first.
async fn periods(app: &TestApp) -> (Setup, [i64; 3]) {
    let s = setup(app).await;
    let admin = app.logged_in("admin", PW).await;
    let y = s.w.year;
    let first = create(app, &admin, &s.w, "七年级起始统考", &format!("{y}-09-20")).await;
    let second = create(app, &admin, &s.w, "七年级期中统考", &format!("{y}-11-10")).await;
    let third = create(
        app,
        &admin,
        &s.w,
        "七年级期末统考",
        &format!("{}-01-15", y + 1),
    )
    .await;
    let mut files = vec![(first, &s.w.j, scores(&s.j, 0))];
    for exam in [second, third] {
        files.push((exam, &s.w.j, scores(&s.j, 5)));
        files.push((exam, &s.k, scores(&s.k_pupils, 0)));
    }
    for (exam, school, csv) in files {
        let (status, body) = import(app, &admin, exam, school, csv).await;
        assert!(
            status == 200 && body.contains("exams-import-done"),
            "{body}"
        );
    }
    (s, [first, second, third])
}

/// The board's exams for the browser tests: the names of J and K, and K's code (K escalated).
pub(crate) async fn board(app: &TestApp) -> (String, String, String) {
    let (s, _) = periods(app).await;
    (s.j_name, s.k_name, s.k.to_string())
}

async fn the_board_escalates_a_school_below_the_line(app: TestApp) {
    let (s, [first, second, third]) = periods(&app).await;
    let k = s.k.to_string();
    app.add_user("duxue", PW, Role::Supervisor, Scope::District)
        .await;
    let admin = app.logged_in("admin", PW).await;
    let supervisor = app.logged_in("duxue", PW).await;
    let school = app.logged_in("xuexiao_j", PW).await;
    let lead = app.logged_in("zuzhang", PW).await;

    // The data: by default every exam of the latest exam's grade, by date.
    let (status, text) = fetch(&app, &admin, "/exams/bands.json").await;
    assert_eq!(status, 200, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<i64> = v["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["exam"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [first, second, third]);
    let unit = |period: usize, code: &str| {
        v["periods"][period]["schools"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == code)
            .map(|u| u["outcome"].clone())
    };
    assert_eq!(unit(0, &k), None, "K has no file in the first exam");
    assert_eq!(unit(0, s.w.j.as_str()).unwrap()["band"], "development");
    let latest = unit(2, &k).unwrap();
    assert_eq!(latest["band"], "warning", "{latest}");
    assert_eq!(latest["warning_periods"], 2, "{latest}");
    assert_eq!(latest["escalation"], "interview", "{latest}");
    assert_eq!(
        unit(2, s.w.j.as_str()).unwrap()["escalation"],
        serde_json::Value::Null
    );
    assert_eq!(
        v["escalated"].as_array().unwrap().len(),
        1,
        "{}",
        v["escalated"]
    );
    assert_eq!(v["escalated"][0]["code"], k.as_str());
    assert_eq!(v["escalated"][0]["level_label"], "约谈并制定帮扶计划");
    assert_eq!(v["policy"]["warning"]["p"], 40.0, "the setting is used");
    // Two exams chosen: K at the 警戒线 once, a notice.
    let two = format!("/exams/bands.json?exam={third}&exam={first}");
    let (_, text) = fetch(&app, &admin, &two).await;
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["escalated"][0]["level"], "notice", "{}", v["escalated"]);

    // The page: the bands in words, 未接入, the lines, the raise form for the administrator.
    let (status, page) = fetch(&app, &admin, "/exams/bands").await;
    assert_eq!(status, 200, "{page}");
    for text in [
        s.k_name.as_str(),
        s.j_name.as_str(),
        "触及警戒线",
        "达到发展线",
        "未接入",
        "约谈并制定帮扶计划",
        "id=\"exams-bands-lines\"",
        "区内各校第 40 百分位",
        "id=\"exams-bands-raise-form\"",
        "id=\"exams-bands-group-table\"",
    ] {
        assert!(page.contains(text), "the page lacks {text}");
    }
    let (_, list) = fetch(&app, &admin, "/exams").await;
    assert!(list.contains("href=\"/exams/bands\""));
    // The workbook holds the same board.
    let r = admin
        .get(app.url("/exams/bands.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "a workbook");
    let book = crate::helpers::xlsx_text(&bytes);
    for text in [
        s.k_name.as_str(),
        "学校三线",
        "三线数值",
        "触及警戒线",
        "约谈并制定帮扶计划",
    ] {
        assert!(book.contains(text), "the workbook lacks {text}");
    }
    // 督学 see it without the raise form; schools and group leads do not see it at all.
    let (status, page) = fetch(&app, &supervisor, "/exams/bands").await;
    assert!(status == 200 && page.contains(&s.k_name), "{status}");
    assert!(!page.contains("exams-bands-raise-form"));
    for client in [&school, &lead] {
        for path in [
            "/exams/bands",
            "/exams/bands.json",
            "/exams/bands.xlsx",
            two.as_str(),
        ] {
            assert_eq!(fetch(&app, client, path).await.0, 403, "{path}");
        }
    }
    let (_, list) = fetch(&app, &school, "/exams").await;
    assert!(!list.contains("/exams/bands"));
    assert_eq!(fetch(&app, &admin, "/exams/bands?exam=999999").await.0, 403);
    assert_eq!(fetch(&app, &admin, "/exams/bands?exam=x").await.0, 400);

    // Raising: only the administrator; the first post asks.
    let exams = [first, second, third].map(|id| id.to_string());
    let form = |extra: &[(&'static str, &'static str)]| {
        let mut f: Vec<(&str, &str)> = exams.iter().map(|id| ("exam", id.as_str())).collect();
        f.extend_from_slice(extra);
        f
    };
    let raised = async || {
        junheng_app::tasks::raised_from(&s.w.home, &warning_ref(&k))
            .await
            .unwrap()
    };
    for client in [&supervisor, &school] {
        let (status, _, _) = post(&app, client, "/exams/bands/raise", &form(&[])).await;
        assert_eq!(status, 403);
    }
    let (status, _, _) = post(&app, &admin, "/exams/bands/raise", &[("days", "30")]).await;
    assert_eq!(status, 400, "no exam");
    let (status, _, _) = post(&app, &admin, "/exams/bands/raise", &form(&[("days", "0")])).await;
    assert_eq!(status, 400, "days out of range");
    let (status, _, body) =
        post(&app, &admin, "/exams/bands/raise", &form(&[("days", "14")])).await;
    assert!(
        status == 200
            && body.contains("id=\"exams-bands-confirm-form\"")
            && body.contains(&s.k_name),
        "{body}"
    );
    assert!(
        raised().await.is_empty(),
        "nothing raised before the confirmation"
    );
    let confirm = form(&[("days", "14"), ("confirm", "1")]);
    let (status, _, body) = post(&app, &admin, "/exams/bands/raise", &confirm).await;
    assert!(
        status == 200 && body.contains("id=\"exams-bands-made\"") && body.contains("已建立 1 项"),
        "{body}"
    );
    let tasks = raised().await;
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    let task = &tasks[0];
    assert_eq!(task.owner.key, k);
    assert!(
        task.title.contains(&s.k_name) && task.title.contains("约谈"),
        "{task:?}"
    );
    let due = junheng_app::tasks::add_days(&junheng_app::tasks::beijing_today(), 14).unwrap();
    assert_eq!(task.deadline, due);
    assert!(
        body.contains(&format!("href=\"/tasks/{}\"", task.id)) && body.contains("href=\"/tasks\"")
    );
    // Again: K has an unfinished task, so nothing new is offered or made.
    let (_, _, body) = post(&app, &admin, "/exams/bands/raise", &form(&[])).await;
    assert!(
        body.contains("id=\"exams-bands-nothing\"")
            && body.contains(&format!("/tasks/{}", task.id)),
        "{body}"
    );
    let (status, _, body) = post(&app, &admin, "/exams/bands/raise", &confirm).await;
    assert!(status == 200 && body.contains("已建立 0 项"), "{body}");
    assert_eq!(raised().await.len(), 1);
    // J's school user does not see K's task.
    let (status, tasks_page) = fetch(&app, &school, "/tasks").await;
    assert_eq!(status, 200);
    assert!(
        !tasks_page.contains(&format!("/tasks/{}\"", task.id)),
        "K's task is not J's"
    );
}
both!(
    the_board_escalates_a_school_below_the_line_test,
    the_board_escalates_a_school_below_the_line,
    config()
);
