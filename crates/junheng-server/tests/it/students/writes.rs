//! The writes of the registry besides imports: the inputs of the rates (and the template),
//! retention refused without its confirmation and erasing with it, and a server without keys.

use junheng_store::{Actor, EventKind, NewStudentEvent};

use super::{
    YEAR, audit_count, children, client, fetch, file, ids, import, names_in, setup, with_keys,
};
use crate::both;
use crate::helpers::{TestApp, location, xlsx_text};

both!(
    inputs_feed_the_rates_and_the_template_downloads,
    inputs,
    with_keys()
);

async fn inputs(app: TestApp) {
    let (_, a, _) = setup(&app).await;
    let kids = children();
    let admin = client(&app, "admin").await;
    let (status, _) = import(&app, &admin, &a, YEAR, file(&kids)).await;
    assert_eq!(status, 200);
    let post = |fields: Vec<(&'static str, String)>| {
        let mut form = vec![("csrf", admin.1.clone())];
        form.extend(fields);
        admin.0.post(app.url("/students/inputs")).form(&form).send()
    };
    let r = post(vec![
        ("year", YEAR.to_string()),
        ("name", "population".into()),
        ("value", "30".into()),
        ("source", "区统计局抽样".into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), format!("/students?year={YEAR}&saved=input"));
    for (name, value) in [("other", "3"), ("population", "-3")] {
        let r = post(vec![
            ("year", YEAR.to_string()),
            ("name", name.into()),
            ("value", value.into()),
            ("source", "x".into()),
        ])
        .await
        .unwrap();
        assert_eq!(r.status().as_u16(), 400, "{name} {value}");
    }
    // Only an administrator sets inputs.
    let (xz, csrf) = client(&app, "xz").await;
    let r = xz
        .post(app.url("/students/inputs"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("year", "2024"),
            ("name", "population"),
            ("value", "1"),
            ("source", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);

    let (_, page) = fetch(&app, &admin.0, &format!("/students/rates?year={YEAR}")).await;
    assert!(page.contains("区统计局抽样"), "{page}");
    assert!(page.contains("24 / 30"), "入学率 from the input: {page}");
    let (_, json) = fetch(
        &app,
        &admin.0,
        &format!("/api/v1/students/rates?year={YEAR}"),
    )
    .await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let lines = json["district"]["lines"].as_array().unwrap();
    let enrolment = lines.iter().find(|l| l["id"] == "enrolment").unwrap();
    assert_eq!(enrolment["numerator"], 24);
    assert_eq!(enrolment["denominator"], 30);
    // Counts below min_cell are not given: 8 随迁 children of 8.
    let migrant = lines.iter().find(|l| l["id"] == "migrant").unwrap();
    assert_eq!(migrant["value"], 1.0);
    assert!(migrant["numerator"].is_null() && migrant["denominator"].is_null());
    assert!(page.contains("&#60;10 / &#60;10"), "{page}");
    let disabled = lines.iter().find(|l| l["id"] == "disabled").unwrap();
    assert!(disabled["missing"].as_str().unwrap().contains("disabled"));
    assert_eq!(json["trends"][0]["points"][0][0], YEAR);
    let (_, zero) = fetch(&app, &admin.0, "/api/v1/students/zero").await;
    let zero: serde_json::Value = serde_json::from_str(&zero).unwrap();
    assert_eq!(zero["zero"], true);
    assert_eq!(zero["open"], 0);

    let r = admin
        .0
        .get(app.url("/students/template.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let book = xlsx_text(&r.bytes().await.unwrap());
    assert!(book.contains("学籍号") && book.contains("张示例"));
}

both!(retention_erases_only_when_confirmed, retention, with_keys());

async fn retention(app: TestApp) {
    let (_, a, _) = setup(&app).await;
    let kids = children();
    let admin = client(&app, "admin").await;
    // The children of 2019 graduated in 2020; three years later their records are reduced.
    let (status, _) = import(&app, &admin, &a, 2019, file(&kids[..6])).await;
    assert_eq!(status, 200);
    let ids = ids(&app, &a, 2019).await;
    let home = app.home().await;
    let events: Vec<NewStudentEvent> = ids
        .iter()
        .map(|id| NewStudentEvent {
            student: *id,
            school: a.clone(),
            kind: EventKind::Graduate,
            on_date: "2020-06-30".into(),
            grade: 9,
            other_place: String::new(),
            confirmed: false,
            days: 0,
            note: String::new(),
        })
        .collect();
    home.add_student_events(&events, &Actor::new("admin"))
        .await
        .unwrap();
    let (status, page) = fetch(&app, &admin.0, "/students/retention?month=2027-07").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("2024-07-31"), "the cut-off: {page}");
    assert!(page.contains("将删减 6 名学生的档案"), "{page}");
    let (status, _) = fetch(&app, &admin.0, "/students/retention?month=2027-13").await;
    assert_eq!(status, 400);

    let apply = |fields: &[(&str, &str)]| {
        let mut form = vec![("csrf", admin.1.as_str())];
        form.extend_from_slice(fields);
        admin
            .0
            .post(app.url("/students/retention"))
            .form(&form)
            .send()
    };
    let care = client(&app, "care").await;
    let child = format!("/students/child/{}", ids[0]);
    for fields in [
        vec![("month", "2027-07")],
        vec![("month", "2027-07"), ("confirm", "yes")],
        vec![
            ("month", "2027-07"),
            ("confirm", "yes"),
            ("month_again", "2027-06"),
        ],
        vec![("month", "2027-07"), ("month_again", "2027-07")],
    ] {
        let r = apply(&fields).await.unwrap();
        assert_eq!(r.status().as_u16(), 400, "{fields:?}");
        let (_, page) = fetch(&app, &care.0, &child).await;
        assert!(page.contains(&kids[0].name), "nothing erased yet");
    }
    assert_eq!(audit_count(&app, "student.retention").await, 0);
    let r = apply(&[
        ("month", "2027-07"),
        ("confirm", "yes"),
        ("month_again", "2027-07"),
    ])
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), "/students/retention?month=2027-07&reduced=6");
    assert_eq!(audit_count(&app, "student.retention").await, 1);
    let (status, page) = fetch(&app, &care.0, &child).await;
    assert_eq!(status, 200);
    assert!(names_in(&page, &kids).is_empty(), "erased: {page}");
    assert!(page.contains("已按保留期限删除"), "{page}");
    let (_, page) = fetch(
        &app,
        &admin.0,
        "/students/retention?month=2027-07&reduced=6",
    )
    .await;
    assert!(
        page.contains("将删减 0 名") && page.contains("此前已删减 6 名"),
        "{page}"
    );
    // Only the administrator.
    let (status, _) = fetch(&app, &care.0, "/students/retention").await;
    assert_eq!(status, 403);
}

both!(without_keys_nothing_named_is_done, without_keys);

async fn without_keys(app: TestApp) {
    let (_, a, _) = setup(&app).await;
    let admin = client(&app, "admin").await;
    let (status, body) = import(&app, &admin, &a, YEAR, file(&children())).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("尚未配置学生数据密钥"), "{body}");
    let (care, _) = client(&app, "care").await;
    let (status, body) = fetch(&app, &care, &format!("/students/school/{a}?year={YEAR}")).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("students keygen"), "{body}");
    // Counts need no keys.
    let (status, _) = fetch(&app, &admin.0, "/students").await;
    assert_eq!(status, 200);
}
