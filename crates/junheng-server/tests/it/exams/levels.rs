//! A monitoring's report (issue 15 items 2 and 7): with level cuts in `[quality.levels]` the JSON,
//! the page and the workbook carry each row's literacy levels (水平Ⅰ–Ⅳ) and the box plots of
//! the pool and each visible school; a school with fewer than `min_cell` sitting shows its counts
//! only — no levels, no box.

use reqwest::Client;

use super::{Pupil, import, setup};
use crate::both;
use crate::health::{PW, World, config, fetch, post};
use crate::helpers::TestApp;

/// The settings' cuts of 数学素养: 水平Ⅱ from 40, Ⅲ from 60, Ⅳ from 80 points.
fn leveled() -> junheng_server::Config {
    let mut c = config();
    c.quality
        .levels
        .subjects
        .insert("数学素养".into(), [40.0, 60.0, 80.0]);
    c
}

/// A 数学素养 file: pupil `i` scores `score(i)`, only the first `n` pupils have a row.
fn file(pupils: &[Pupil], n: usize, score: impl Fn(u32) -> u32) -> String {
    let mut s = String::from("学籍号,姓名,班级,数学素养\n");
    for (i, p) in pupils.iter().take(n).enumerate() {
        s.push_str(&format!(
            "{},学生,{},{}\n",
            p.number.expose(),
            p.class,
            score(i as u32)
        ));
    }
    s
}

async fn monitoring(app: &TestApp, admin: &Client, w: &World) -> i64 {
    let (year, date) = (w.year.to_string(), format!("{}-10-20", w.year));
    let (status, location, body) = post(
        app,
        admin,
        "/exams",
        &[
            ("name", "七年级质量监测"),
            ("year", &year),
            ("on_date", &date),
            ("grade", "7"),
            ("kind", "monitoring"),
            ("scope", "district"),
            ("subjects", "数学素养:100"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    location.rsplit('/').next().unwrap().parse().unwrap()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

async fn a_monitoring_reports_levels_and_box_plots(app: TestApp) {
    let s = setup(&app).await;
    let admin = app.logged_in("admin", PW).await;
    let school = app.logged_in("xuexiao_j", PW).await;
    let exam = monitoring(&app, &admin, &s.w).await;
    // J: 16 pupils scoring 40, 44, …, 100. K: 3 of its 12 sit (30, 65, 90), under min_cell 10.
    let j = file(&s.j, s.j.len(), |i| 40 + 4 * i);
    let (status, body) = import(&app, &admin, exam, &s.w.j, j).await;
    assert!(
        status == 200 && body.contains("exams-import-done"),
        "{body}"
    );
    let k = file(&s.k_pupils, 3, |i| [30, 65, 90][i as usize]);
    let (status, body) = import(&app, &admin, exam, &s.k, k).await;
    assert!(
        status == 200 && body.contains("exams-import-done"),
        "{body}"
    );

    let (status, text) = fetch(&app, &admin, &format!("/exams/{exam}/report.json")).await;
    assert_eq!(status, 200, "{text}");
    let v = json(&text);
    let paper = &v["papers"][0];
    assert_eq!(
        paper["levels"]["cuts"],
        serde_json::json!([40.0, 60.0, 80.0])
    );
    assert_eq!(paper["levels"]["labels"][3], "水平Ⅳ");
    let rows = paper["rows"].as_array().unwrap();
    let named = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap();
    // The pool: 30 | 40…56 | 60…76, 65 | 80…100, 90.
    let pool = &rows[0];
    assert_eq!(pool["levels"]["counts"], serde_json::json!([1, 5, 6, 7]));
    assert!(pool["box_plot"]["median"].is_number());
    // J: Ⅱ 40…56, Ⅲ 60…76, Ⅳ 80…100; sixteen scores, type 7: Q1 h = 3.75 → 52 + 3,
    // median h = 7.5 → 68 + 2, Q3 h = 11.25 → 84 + 1.
    let jr = named(&s.j_name);
    assert_eq!(jr["levels"]["counts"], serde_json::json!([0, 5, 5, 6]));
    assert_eq!(jr["levels"]["at_least_three"], 11.0 / 16.0);
    assert_eq!(
        jr["box_plot"],
        serde_json::json!({"min": 40.0, "q1": 55.0, "median": 70.0, "q3": 85.0, "max": 100.0})
    );
    // K: counts only.
    let kr = named(&s.k_name);
    assert_eq!(
        (kr["suppressed"].as_bool(), kr["sat"].as_u64()),
        (Some(true), Some(3))
    );
    assert!(kr["levels"].is_null() && kr["box_plot"].is_null(), "{kr}");
    // Classes have no levels (counted by school and above) and no box.
    assert!(
        rows.iter()
            .filter(|r| r["level"] == "class")
            .all(|r| r["levels"].is_null() && r["box_plot"].is_null())
    );

    // The page: both sections, the cuts stated, K withheld; the workbook: both sheets.
    let (_, page) = fetch(&app, &admin, &format!("/exams/{exam}")).await;
    for text in [
        "id=\"exams-levels-1\"",
        "素养水平",
        "水平Ⅲ",
        "80 分及以上",
        "班级不列素养水平",
        "id=\"exams-boxes-1\"",
        "class=\"box\"",
        "人数过少，不显示",
    ] {
        assert!(page.contains(text), "page lacks {text}");
    }
    let (status, book) = fetch(&app, &admin, &format!("/exams/{exam}/report.xlsx")).await;
    assert!(status == 200 && book.contains("水平Ⅳ人数") && book.contains("中位数"));

    // The school: its box beside the pool's, nothing of K.
    let (_, text) = fetch(&app, &school, &format!("/exams/{exam}/report.json")).await;
    let v = json(&text);
    let boxed: Vec<&str> = v["papers"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["box_plot"].is_null())
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(boxed, ["全体", s.j_name.as_str()]);
    assert!(!text.contains(&s.k_name));
}
both!(
    a_monitoring_reports_levels_and_box_plots_test,
    a_monitoring_reports_levels_and_box_plots,
    leveled()
);
