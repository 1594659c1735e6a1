//! 质量监测 on the web (issue 15): an exam created and schools' files imported through the
//! pages, then what each role sees of the report proved against `junheng_app::exams::who` — the
//! administrator every unit, the school its school and classes, the 班主任 their class, the group
//! lead the group's schools, the 市级 user the district's aggregates only — with the JSON and the
//! workbook holding exactly the page's rows; a bad file located and nothing written; a
//! withdrawal restoring the version before; NAEQ entered with its unit; a 成绩单 read on the
//! record; value added with its caveats; and the refusals. The 三线 board is [`bands`]'s, a
//! monitoring's literacy levels and box plots [`levels`]'s.

mod bands;
mod levels;
mod whole;

pub(crate) use bands::{board, config as bands_config};

use junheng_core::school::{SchoolCode, SchoolKind};
use junheng_core::student::{Flags, Hukou, StudentNumber};
use junheng_store::{Actor, DistrictStore, NewStudent, Role, Scope};
use reqwest::Client;
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::health::{PW, World, audited, config, csrf, fetch, keys, post, world};
use crate::helpers::{TestApp, district};

/// A student of the exams' grade 7: id in the registry and 学籍号.
struct Pupil {
    id: i64,
    number: StudentNumber,
    class: &'static str,
}

/// `n` grade-7 children of `class`, born on `born` (numbers from `seq`).
fn pupils(class: &'static str, born: &str, seq: u16, n: u16) -> Vec<(StudentNumber, &'static str)> {
    (0..n)
        .map(|i| {
            (
                StudentNumber::national("500112", born, seq + i).unwrap(),
                class,
            )
        })
        .collect()
}

/// Registers `children` as the whole grade-7 roster of `school` (a school's registry file is its
/// whole roster).
async fn register(
    home: &DistrictStore,
    school: &SchoolCode,
    year: i32,
    children: Vec<(StudentNumber, &'static str)>,
) -> Vec<Pupil> {
    let k = keys();
    let new: Vec<NewStudent> = children
        .iter()
        .enumerate()
        .map(|(i, (number, class))| NewStudent {
            male: number.male().unwrap(),
            number: number.clone(),
            name: format!("七年级学生{i}"),
            birth_date: "2012-06-01".into(),
            grade: 7,
            class: (*class).to_owned(),
            hukou: Hukou::Local,
            disability: None,
            flags: Flags::default(),
        })
        .collect();
    home.import_students(
        &k,
        school,
        year,
        true,
        &new,
        "学籍.xlsx",
        &"d".repeat(64),
        &Actor::system(),
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    for (number, class) in children {
        let id = home
            .student_id(&k.pseudonym(&number))
            .await
            .unwrap()
            .unwrap();
        out.push(Pupil { id, number, class });
    }
    out
}

/// The exams' people and schools: J (七年级3班 ×15, 七年级4班 ×1) and its group, K (七年级1班 ×12)
/// outside it.
struct Setup {
    w: World,
    k: SchoolCode,
    j_name: String,
    k_name: String,
    j: Vec<Pupil>,
    k_pupils: Vec<Pupil>,
}

async fn setup(app: &TestApp) -> Setup {
    let w = world(app).await;
    let records = district(20);
    let juniors: Vec<_> = records
        .iter()
        .filter(|r| r.kind == SchoolKind::Junior && r.parent_code.is_none())
        .collect();
    // J's group (from the statistics) and a junior school outside it.
    let group = juniors
        .iter()
        .find(|r| r.code == w.j)
        .and_then(|r| r.group.clone())
        .expect("J has a group");
    let k = juniors
        .iter()
        .find(|r| r.code != w.j && r.group.as_deref() != Some(group.as_str()))
        .expect("a junior school outside J's group")
        .code
        .clone();
    let name = |c: &SchoolCode| records.iter().find(|r| &r.code == c).unwrap().name.clone();
    // The world's J children of grade 7 (七年级3班 ×3, 七年级4班 ×1), with twelve more in 3班.
    let mut roster: Vec<(StudentNumber, &'static str)> = w
        .j_kids
        .iter()
        .map(|kid| (kid.number.clone(), kid.class))
        .collect();
    roster.extend(pupils("3班", "2012-06-01", 401, 12));
    let j = register(&w.home, &w.j, w.year, roster).await;
    let k_pupils = register(&w.home, &k, w.year, pupils("1班", "2012-07-01", 501, 12)).await;
    let teacher = Scope::Teacher {
        school: w.j.clone(),
        teacher: "TJ01".into(),
    };
    for (user, role, scope) in [
        ("xuexiao_j", Role::School, Scope::School(w.j.clone())),
        ("zuzhang", Role::GroupLead, Scope::Group(group.clone())),
        ("renke_j", Role::SubjectTeacher, teacher),
    ] {
        app.add_user(user, PW, role, scope).await;
    }
    Setup {
        j_name: name(&w.j),
        k_name: name(&k),
        w,
        k,
        j,
        k_pupils,
    }
}

/// A school's wide file (CSV): 语文 and 数学 per pupil, spread so that every figure exists.
fn scores(pupils: &[Pupil], shift: u32) -> String {
    let mut s = String::from("学籍号,姓名,班级,语文,数学,语文任课教师,数学任课教师\n");
    for (i, p) in pupils.iter().enumerate() {
        let i = i as u32;
        s.push_str(&format!(
            "{},学生,{},{},{},{}\n",
            p.number.expose(),
            p.class,
            (40 + 4 * i + shift).min(100),
            (30 + 5 * i + shift).min(100),
            teachers(p.class),
        ));
    }
    s
}

/// The 任课教师 of a class (语文, 数学): J's 3班 and 4班 share TJ01 in 语文; K's 1班 has its own.
fn teachers(class: &str) -> &'static str {
    match class {
        "3班" => "TJ01,TJ02",
        "4班" => "TJ01,TJ03",
        _ => "TK01,TK02",
    }
}

/// Imports `csv` for `school` through `POST /exams/{id}/import`: status and body.
async fn import(
    app: &TestApp,
    client: &Client,
    exam: i64,
    school: &SchoolCode,
    csv: String,
) -> (u16, String) {
    import_as(app, client, exam, school.as_str(), "成绩.csv", csv).await
}

/// Posts `text` as file `name` with `school` (a code, or `*`) to `POST /exams/{id}/import`.
async fn import_as(
    app: &TestApp,
    client: &Client,
    exam: i64,
    school: &str,
    name: &str,
    text: String,
) -> (u16, String) {
    let form = Form::new()
        .text("csrf", csrf(app, client).await)
        .text("school", school.to_owned())
        .part(
            "file",
            Part::bytes(text.into_bytes()).file_name(name.to_owned()),
        );
    let r = client
        .post(app.url(&format!("/exams/{exam}/import")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Creates an exam through the page: its id.
async fn create(app: &TestApp, admin: &Client, w: &World, name: &str, on_date: &str) -> i64 {
    let year = w.year.to_string();
    let (status, location, body) = post(
        app,
        admin,
        "/exams",
        &[
            ("name", name),
            ("year", &year),
            ("on_date", on_date),
            ("grade", "7"),
            ("kind", "unified"),
            ("scope", "district"),
            ("subjects", "语文:100， 数学:100"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    location.rsplit('/').next().unwrap().parse().unwrap()
}

/// The report's rows as JSON: (level, name) of the first paper's rows.
async fn rows(app: &TestApp, client: &Client, exam: i64) -> Vec<(String, String)> {
    let (status, text) = fetch(app, client, &format!("/exams/{exam}/report.json")).await;
    assert_eq!(status, 200, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["papers"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["level"].as_str().unwrap().to_owned(),
                r["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The page, the JSON and the workbook of `client` name the same units.
async fn one_selection(app: &TestApp, client: &Client, exam: i64) -> Vec<(String, String)> {
    let rows = rows(app, client, exam).await;
    // The API's report is the same selection, byte for byte.
    let (_, json) = fetch(app, client, &format!("/exams/{exam}/report.json")).await;
    let api = fetch(app, client, &format!("/api/v1/exams/{exam}")).await;
    assert_eq!(api, (200, json));
    let (_, page) = fetch(app, client, &format!("/exams/{exam}")).await;
    let (status, book) = fetch(app, client, &format!("/exams/{exam}/report.xlsx")).await;
    assert_eq!(status, 200);
    for (_, name) in &rows {
        assert!(page.contains(name.as_str()), "page lacks {name}");
        assert!(book.contains(name.as_str()), "workbook lacks {name}");
    }
    rows
}

fn levels(rows: &[(String, String)]) -> Vec<&str> {
    let mut l: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
    l.dedup();
    l
}

async fn the_report_shows_each_role_its_units(app: TestApp) {
    let s = setup(&app).await;
    let w = &s.w;
    let admin = app.logged_in("admin", PW).await;
    let school = app.logged_in("xuexiao_j", PW).await;
    let teacher = app.logged_in("banzhuren_j", PW).await;
    let lead = app.logged_in("zuzhang", PW).await;
    let city = app.logged_in_looking_into("shiji", PW, "500112").await;
    let first = create(
        &app,
        &admin,
        w,
        "七年级期中统考",
        &format!("{}-11-10", w.year),
    )
    .await;
    // The blank template carries the exam's papers.
    let (status, template) = fetch(&app, &school, &format!("/exams/{first}/template.xlsx")).await;
    assert!(status == 200 && template.contains("数学"), "{status}");

    // A bad file: located problems, nothing written.
    let mut bad = scores(&s.j, 0);
    bad.push_str(&format!(
        "{},学生,3班,abc,50,TJ01,TJ02\n",
        s.k_pupils[0].number.expose()
    ));
    let (status, body) = import(&app, &school, first, &w.j, bad).await;
    assert!(
        status == 200 && body.contains("id=\"import-errors\"") && body.contains("abc"),
        "{body}"
    );
    assert!(body.contains("exam."), "{body}");
    assert!(w.home.exam_files(first, true).await.unwrap().is_empty());

    // The school imports its own file, not another school's; the administrator any.
    let (status, body) = import(&app, &school, first, &w.j, scores(&s.j, 0)).await;
    assert!(
        status == 200 && body.contains("id=\"exams-import-done\""),
        "{body}"
    );
    let (status, _) = import(&app, &school, first, &s.k, scores(&s.k_pupils, 5)).await;
    assert_eq!(status, 403);
    let (status, body) = import(&app, &admin, first, &s.k, scores(&s.k_pupils, 5)).await;
    assert!(
        status == 200 && body.contains("exams-import-done"),
        "{body}"
    );

    // The administrator: every unit, the small class suppressed, the local estimates.
    let all = one_selection(&app, &admin, first).await;
    for level in ["all", "group", "school", "class", "teacher"] {
        assert!(levels(&all).contains(&level), "{level}: {all:?}");
    }
    let (_, page) = fetch(&app, &admin, &format!("/exams/{first}")).await;
    for text in [
        s.j_name.as_str(),
        s.k_name.as_str(),
        "人数过少，不显示",
        "本地估算",
        "η²",
        "比值赋分",
        "<svg",
        "id=\"exams-naeq-missing-1\"",
        "id=\"exams-boxes-1\"",
    ] {
        assert!(page.contains(text), "admin page lacks {text}");
    }
    assert!(!page.contains("exams-levels-1"), "no cuts, no levels");
    // The school: its school and classes, against the whole exam; nothing of K.
    let mine = one_selection(&app, &school, first).await;
    assert_eq!(
        levels(&mine),
        ["all", "school", "class", "teacher"],
        "{mine:?}"
    );
    let (_, page) = fetch(&app, &school, &format!("/exams/{first}")).await;
    assert!(
        page.contains(&s.j_name) && !page.contains(&s.k_name),
        "school"
    );
    assert!(!page.contains(s.k.as_str()) && !page.contains("本地估算"));
    // The 班主任: their class only.
    let class = one_selection(&app, &teacher, first).await;
    assert_eq!(levels(&class), ["all", "class"], "{class:?}");
    assert_eq!(class.len(), 2, "{class:?}");
    assert!(class[1].1.ends_with("3班"), "{class:?}");
    // The 任课教师 (TJ01, 语文 in 3班 and 4班): those classes in 语文, and their own unit — both
    // classes pooled, so shown although 4班 alone is too small; no school row, nothing of K.
    let renke = app.logged_in("renke_j", PW).await;
    let taught = one_selection(&app, &renke, first).await;
    assert_eq!(levels(&taught), ["all", "class", "teacher"], "{taught:?}");
    assert_eq!(taught.len(), 4, "{taught:?}");
    assert!(taught[3].1.ends_with("TJ01（3班、4班）"), "{taught:?}");
    let (_, json) = fetch(&app, &renke, &format!("/exams/{first}/report.json")).await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let unit = &v["papers"][0]["rows"][3];
    assert_eq!(
        (unit["sat"].as_u64(), unit["suppressed"].as_bool()),
        (Some(16), Some(false))
    );
    assert!(unit["rank"].is_null(), "no teacher is ranked");
    let math: Vec<&str> = v["papers"][1]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(math, ["all"], "TJ01 teaches no 数学");
    assert!(!json.contains(&s.k_name) && !json.contains("TJ02"));
    // The group lead: the group and its school, no teacher.
    let group = one_selection(&app, &lead, first).await;
    assert!(!levels(&group).contains(&"teacher"), "{group:?}");
    assert!(group.iter().any(|(_, n)| n == &s.j_name), "{group:?}");
    assert!(
        !group.iter().any(|(_, n)| n.contains(&s.k_name)),
        "{group:?}"
    );
    // 市级: the district's aggregates only.
    let agg = one_selection(&app, &city, first).await;
    assert_eq!(levels(&agg), ["all"], "{agg:?}");
    let (_, page) = fetch(&app, &city, &format!("/exams/{first}")).await;
    assert!(!page.contains(&s.j_name) && !page.contains(&s.k_name));
    assert!(page.contains("id=\"exams-district-only\"") && page.contains("本地估算"));
    // A school's view of the report (from its page) keeps the caller's own sight.
    let narrowed = rows(&app, &admin, first).await;
    assert!(narrowed.len() > 3);
    let (_, text) = fetch(
        &app,
        &admin,
        &format!("/exams/{first}/report.json?school={}", s.k),
    )
    .await;
    assert!(!text.contains(&s.j_name), "narrowed to K");

    // NAEQ with its unit said: 12 % is met; a percentage below 1 asks first; no unit is refused.
    let year = w.year.to_string();
    let (status, _, _) = post(
        &app,
        &admin,
        "/exams/naeq",
        &[
            ("year", &year),
            ("subject", "语文"),
            ("value", "0.12"),
            ("unit", "percent"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    let (status, _, _) = post(
        &app,
        &admin,
        "/exams/naeq",
        &[("year", &year), ("subject", "语文"), ("value", "12")],
    )
    .await;
    assert_eq!(status, 400);
    let (status, _, body) = post(
        &app,
        &admin,
        "/exams/naeq",
        &[
            ("year", &year),
            ("subject", "语文"),
            ("value", "12"),
            ("unit", "percent"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let (_, list) = fetch(&app, &admin, "/exams").await;
    assert!(list.contains("12 %") && list.contains("0.120") && list.contains("达标（小于 0.15）"));
    // The API's list: the official value for the district, none for a school.
    let api = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    let v = api(&fetch(&app, &admin, "/api/v1/exams").await.1);
    assert_eq!(v["naeq"][0]["subject"], "语文");
    assert_eq!(v["naeq"][0]["unit"], "percent");
    assert!(
        v["exams"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == first)
    );
    let v = api(&fetch(&app, &school, "/api/v1/exams").await.1);
    assert!(v["naeq"].is_null() && !v["exams"].as_array().unwrap().is_empty());
    let (_, page) = fetch(&app, &admin, &format!("/exams/{first}")).await;
    assert!(
        page.contains(&format!("id=\"exams-naeq-{}\"", w.year)),
        "official value shown"
    );
    let (status, _, _) = post(
        &app,
        &school,
        "/exams/naeq",
        &[
            ("year", &year),
            ("subject", "数学"),
            ("value", "0.1"),
            ("unit", "ratio"),
        ],
    )
    .await;
    assert_eq!(status, 403);

    // A 成绩单: the 班主任 of the class and the school; recorded; nobody else.
    let pupil = &s.j[0];
    let path = format!("/exams/{first}/card/{}", pupil.id);
    let (status, card) = fetch(&app, &teacher, &path).await;
    assert!(
        status == 200 && card.contains("id=\"exams-card\""),
        "{card}"
    );
    let four = s.j.iter().find(|p| p.class == "4班").unwrap();
    let other = format!("/exams/{first}/card/{}", four.id);
    assert_eq!(fetch(&app, &teacher, &other).await.0, 403);
    assert_eq!(fetch(&app, &school, &other).await.0, 200);
    assert_eq!(fetch(&app, &admin, &path).await.0, 403);
    assert_eq!(fetch(&app, &lead, &path).await.0, 403);
    let k_card = format!("/exams/{first}/card/{}", s.k_pupils[0].id);
    assert_eq!(fetch(&app, &school, &k_card).await.0, 403);
    let read = audited(&app, "exam.read").await;
    assert!(read.len() >= 2, "{read:?}");

    // Value added to a later exam of the same pupils.
    let later = create(
        &app,
        &admin,
        w,
        "七年级期末统考",
        &format!("{}-01-15", w.year + 1),
    )
    .await;
    import(&app, &admin, later, &w.j, scores(&s.j, 3)).await;
    import(&app, &admin, later, &s.k, scores(&s.k_pupils, 1)).await;
    let va = format!("/exams/va?from={first}&to={later}");
    let (status, page) = fetch(&app, &admin, &va).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"exams-va-caveats\"") && page.contains("多数学校的增值"));
    assert!(page.contains("<svg") && page.contains(&s.k_name));
    let (status, page) = fetch(&app, &school, &va).await;
    assert!(status == 200 && !page.contains(&s.k_name));
    assert_eq!(fetch(&app, &city, &va).await.0, 403);
    let (status, book) = fetch(&app, &admin, &format!("{va}&format=xlsx")).await;
    assert!(status == 200 && book.contains("增值"));

    // Withdrawing asks first, then restores the version before.
    let (status, body) = import(&app, &school, first, &w.j, scores(&s.j, 7)).await;
    assert!(
        status == 200 && body.contains("exams-import-done"),
        "{body}"
    );
    let latest = |files: Vec<junheng_store::ExamFile>| {
        files
            .into_iter()
            .find(|f| f.school == w.j)
            .map(|f| f.version)
    };
    assert_eq!(
        latest(w.home.exam_files(first, false).await.unwrap()),
        Some(2)
    );
    let school_code = w.j.to_string();
    let (status, _, body) = post(
        &app,
        &school,
        &format!("/exams/{first}/withdraw"),
        &[("school", &school_code)],
    )
    .await;
    assert!(
        status == 200 && body.contains("id=\"exams-withdraw-form\""),
        "{body}"
    );
    assert_eq!(
        latest(w.home.exam_files(first, false).await.unwrap()),
        Some(2)
    );
    let (status, location, _) = post(
        &app,
        &school,
        &format!("/exams/{first}/withdraw"),
        &[("school", &school_code), ("confirm", "1")],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/exams/{first}?withdrawn=1").as_str())
    );
    assert_eq!(
        latest(w.home.exam_files(first, false).await.unwrap()),
        Some(1)
    );
    // Another school's file is not theirs to withdraw.
    let k_code = s.k.to_string();
    let (status, _, _) = post(
        &app,
        &school,
        &format!("/exams/{first}/withdraw"),
        &[("school", &k_code), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, 403);

    // Refusals: no login, no administrator.
    let (status, _) = fetch(&app, &app.stranger(), "/exams").await;
    assert_eq!(status, 303);
    let (status, _, _) = post(&app, &teacher, "/exams", &[("name", "x")]).await;
    assert_eq!(status, 403);
    assert_eq!(fetch(&app, &admin, "/exams/999999").await.0, 404);
    // The navigation offers the pages.
    let (_, dash) = fetch(&app, &teacher, "/dashboard").await;
    assert!(dash.contains("href=\"/exams\""));
}
both!(
    the_report_shows_each_role_its_units_test,
    the_report_shows_each_role_its_units,
    config()
);

/// An exam with J's and K's files imported by the administrator (for the browser tests): the
/// names of J and K and the exam's id.
pub(crate) async fn imported(app: &TestApp) -> (String, String, i64) {
    let s = setup(app).await;
    let admin = app.logged_in("admin", PW).await;
    let exam = create(
        app,
        &admin,
        &s.w,
        "七年级期中统考",
        &format!("{}-11-10", s.w.year),
    )
    .await;
    for (school, pupils) in [(&s.w.j, &s.j), (&s.k, &s.k_pupils)] {
        let (status, body) = import(app, &admin, exam, school, scores(pupils, 0)).await;
        assert!(
            status == 200 && body.contains("exams-import-done"),
            "{body}"
        );
    }
    (s.j_name, s.k_name, exam)
}
