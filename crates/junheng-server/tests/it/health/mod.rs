//! Student health on the web (issue 14): files imported through the pages, then the privacy
//! matrix of `junheng_app::health::who` proved per role — the 校医 reads their school's children
//! and nobody else's; the 班主任 their class only, and of 心理 only name, tier and action (never a
//! score, never a case page); the 心理教师 their school's cases with the answers; the
//! administrator the district's counts (心理 by grade, no school named there) and no child's name
//! anywhere; 市级 and 学校 accounts what `who.rs` says. Every named read leaves `health.read`
//! and `student_access` behind.

use std::sync::Arc;

use junheng_core::school::{SchoolCode, SchoolKind};
use junheng_core::student::{Flags, Hukou, StudentNumber};
use junheng_server::Config;
use junheng_store::{Actor, AuditFilter, DistrictStore, NewStudent, Role, Scope, StudentKeys};
use reqwest::Client;
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::helpers::{TestApp, district, in_chongqing, xlsx_text};

mod matrix;

pub(crate) const PW: &str = "健康密码-123456";

pub(crate) fn keys() -> StudentKeys {
    StudentKeys::from_bytes(&[5; 32], &[6; 32]).unwrap()
}

pub(crate) fn config() -> Config {
    Config {
        student_keys: Some(Arc::new(keys())),
        ..Config::default()
    }
}

/// A child of the registry: name, 学籍号, grade and class.
pub(crate) struct Kid {
    pub name: &'static str,
    pub number: StudentNumber,
    pub grade: u8,
    pub class: &'static str,
    pub id: i64,
}

/// The district, its registry and its people.
pub(crate) struct World {
    pub home: DistrictStore,
    pub a: SchoolCode,
    pub b: SchoolCode,
    pub j: SchoolCode,
    /// School A (primary): 三年级2班 ×4, 三年级3班 ×1.
    pub a_kids: Vec<Kid>,
    /// School B (primary): 四年级1班 ×1.
    pub b_kids: Vec<Kid>,
    /// School J (junior): 七年级3班 ×3, 七年级4班 ×1.
    pub j_kids: Vec<Kid>,
    pub year: i32,
    pub today: String,
}

fn kid(seq: u16, name: &'static str, grade: u8, class: &'static str, born: &str) -> Kid {
    Kid {
        name,
        number: StudentNumber::national("500112", born, seq).unwrap(),
        grade,
        class,
        id: 0,
    }
}

async fn register(home: &DistrictStore, school: &SchoolCode, year: i32, kids: &mut [Kid]) {
    let k = keys();
    let new: Vec<NewStudent> = kids
        .iter()
        .map(|c| NewStudent {
            male: c.number.male().unwrap(),
            number: c.number.clone(),
            name: c.name.to_owned(),
            birth_date: "2016-05-01".into(),
            grade: c.grade,
            class: c.class.to_owned(),
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
        &"c".repeat(64),
        &Actor::system(),
    )
    .await
    .unwrap();
    for c in kids.iter_mut() {
        c.id = home
            .student_id(&k.pseudonym(&c.number))
            .await
            .unwrap()
            .unwrap();
    }
}

/// A district of 20 schools (渝北区, of 重庆市), the registry of two primary schools and a junior
/// one for the current school year, and the users: 校医 `xiaoyi_a`, 班主任 `banzhuren_a`
/// (三年级2班 of A) and `banzhuren_j` (七年级3班 of J), 心理教师 `xinli_j` and `xinli_a`, the crisis
/// team `weiji`, the administrator `admin`, the 市级 user `shiji`, school A's account `xuexiao_a`.
pub(crate) async fn world(app: &TestApp) -> World {
    let records = district(20);
    app.seed(&records).await;
    let home = app.home().await;
    app.store
        .update_district(
            home.id(),
            &in_chongqing("500112", "渝北区"),
            &Actor::system(),
        )
        .await
        .unwrap();
    let top = |kind| {
        records
            .iter()
            .filter(move |r| r.kind == kind && r.parent_code.is_none())
            .map(|r| r.code.clone())
    };
    let mut primaries = top(SchoolKind::Primary);
    let (a, b) = (primaries.next().unwrap(), primaries.next().unwrap());
    let j = top(SchoolKind::Junior).next().expect("a junior school");
    let today = junheng_app::tasks::beijing_today();
    let year = junheng_store::school_year(&today).unwrap();
    let mut a_kids = vec![
        kid(101, "林小溪", 3, "2班", "2016-05-01"),
        kid(102, "王一鸣", 3, "2班", "2016-05-01"),
        kid(103, "陈思远", 3, "2班", "2016-05-01"),
        kid(104, "赵晓雨", 3, "2班", "2016-05-01"),
        kid(105, "周子墨", 3, "3班", "2016-05-01"),
    ];
    let mut b_kids = vec![kid(201, "孙可欣", 4, "1班", "2015-05-01")];
    let mut j_kids = vec![
        kid(301, "吴安然", 7, "3班", "2012-05-01"),
        kid(302, "郑一诺", 7, "3班", "2012-05-01"),
        kid(303, "冯子涵", 7, "3班", "2012-05-01"),
        kid(304, "蒋思琪", 7, "4班", "2012-05-01"),
    ];
    register(&home, &a, year, &mut a_kids).await;
    register(&home, &b, year, &mut b_kids).await;
    register(&home, &j, year, &mut j_kids).await;
    for (name, role, scope) in [
        ("xiaoyi_a", Role::SchoolDoctor, Scope::School(a.clone())),
        (
            "banzhuren_a",
            Role::ClassTeacher,
            Scope::Class {
                school: a.clone(),
                class: "三年级2班".into(),
            },
        ),
        (
            "banzhuren_j",
            Role::ClassTeacher,
            Scope::Class {
                school: j.clone(),
                class: "七年级3班".into(),
            },
        ),
        ("xinli_j", Role::PsychTeacher, Scope::School(j.clone())),
        ("xinli_a", Role::PsychTeacher, Scope::School(a.clone())),
        ("weiji", Role::CrisisTeam, Scope::District),
        ("admin", Role::Admin, Scope::District),
        ("shiji", Role::City, Scope::City("500100".into())),
        ("xuexiao_a", Role::School, Scope::School(a.clone())),
    ] {
        app.add_user(name, PW, role, scope).await;
    }
    World {
        home,
        a,
        b,
        j,
        a_kids,
        b_kids,
        j_kids,
        year,
        today,
    }
}

/// A 体质健康 file (CSV) of grade-3 children: everyone tested, scored by the shipped tables.
pub(crate) fn fitness_csv(kids: &[&Kid]) -> String {
    let mut s = String::from(
        "学籍号,年级,班级,性别,身高(cm),体重(kg),肺活量(ml),50米跑(秒),坐位体前屈(cm),一分钟跳绳(次),一分钟仰卧起坐(次),50米×8往返跑,立定跳远(cm),引体向上(次),1000米跑/800米跑,测试状态,补测\n",
    );
    for (i, k) in kids.iter().enumerate() {
        let sex = if k.number.male().unwrap() {
            "男"
        } else {
            "女"
        };
        s.push_str(&format!(
            "{},{},{},{sex},131.0,27.5,{},10.{},12.0,{},{},,,,,正常,\n",
            k.number.expose(),
            k.grade,
            k.class,
            1500 + 100 * i,
            i,
            100 + 10 * i,
            30 + i,
        ));
    }
    s
}

/// A 视力筛查 file (CSV): the first child myopic, the second normal, the third with reduced
/// vision and no refraction, the rest normal.
pub(crate) fn vision_csv(kids: &[&Kid]) -> String {
    let mut s = String::from(
        "学籍号,年级,班级,性别,右眼裸眼视力,左眼裸眼视力,右眼球镜,右眼柱镜,左眼球镜,左眼柱镜,戴镜,筛查日期\n",
    );
    for (i, k) in kids.iter().enumerate() {
        let sex = if k.number.male().unwrap() {
            "男"
        } else {
            "女"
        };
        let eyes = match i {
            0 => "4.6,4.7,-1.50,-0.50,-1.00,0",
            2 => "4.8,4.9,,,,",
            _ => "5.0,5.1,+0.25,0,+0.50,0",
        };
        s.push_str(&format!(
            "{},{},{},{sex},{eyes},否,\n",
            k.number.expose(),
            k.grade,
            k.class
        ));
    }
    s
}

/// A 心理测评 file (CSV): J's first child PHQ-9 18 (重点), the second PHQ-9 item 9 answered 1
/// (当日复核), the third nothing, the fourth (七年级4班) PHQ-9 18.
pub(crate) fn mental_csv(kids: &[&Kid]) -> String {
    let mut s = String::from("学籍号,年级,班级,监护人同意");
    for i in 1..=9 {
        s.push_str(&format!(",PHQ9_{i}"));
    }
    for i in 1..=7 {
        s.push_str(&format!(",GAD7_{i}"));
    }
    s.push('\n');
    for (i, k) in kids.iter().enumerate() {
        let phq = match i {
            0 | 3 => "2,2,2,2,2,2,2,2,2".to_owned(),
            1 => "0,0,0,0,0,0,0,0,1".to_owned(),
            _ => "0,0,0,0,0,0,0,0,0".to_owned(),
        };
        s.push_str(&format!(
            "{},{},{},是,{phq},0,0,0,0,0,0,0\n",
            k.number.expose(),
            k.grade,
            k.class
        ));
    }
    s
}

/// The CSRF token of `client`'s session.
pub(crate) async fn csrf(app: &TestApp, client: &Client) -> String {
    TestApp::csrf_of(&app.page_for(client, "/account").await)
}

/// Imports a file through `POST /health/import` as `client`: status and body.
pub(crate) async fn import(
    app: &TestApp,
    client: &Client,
    w: &World,
    kind: &str,
    round: &str,
    school: &SchoolCode,
    csv: String,
) -> (u16, String) {
    let form = Form::new()
        .text("csrf", csrf(app, client).await)
        .text("kind", kind.to_owned())
        .text("round", round.to_owned())
        .text("year", w.year.to_string())
        .text("on_date", w.today.clone())
        .text("school", school.to_string())
        .part(
            "file",
            Part::bytes(csv.into_bytes()).file_name(format!("{kind}.csv")),
        );
    let r = client
        .post(app.url("/health/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// POSTs a form as `client` with its session's CSRF token: status, location and body.
pub(crate) async fn post(
    app: &TestApp,
    client: &Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let token = csrf(app, client).await;
    let mut form: Vec<(&str, &str)> = vec![("csrf", &token)];
    form.extend_from_slice(fields);
    let r = client.post(app.url(path)).form(&form).send().await.unwrap();
    let status = r.status().as_u16();
    let location = crate::helpers::location(&r);
    (status, location, r.text().await.unwrap())
}

/// The status and what the body says (an .xlsx unzipped).
pub(crate) async fn fetch(app: &TestApp, client: &Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let xlsx = r
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap().contains("spreadsheetml"));
    let bytes = r.bytes().await.unwrap();
    let text = if xlsx {
        xlsx_text(&bytes)
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    (status, text)
}

/// The audit entries whose action starts with `prefix`.
pub(crate) async fn audited(app: &TestApp, prefix: &str) -> Vec<junheng_store::AuditRecord> {
    app.store
        .audit_log(&AuditFilter {
            limit: 1000,
            action_prefix: Some(prefix.into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap()
}

/// Whether `client`'s pages at `paths`, asked in English, say nothing in Chinese outside data.
pub(crate) async fn in_english(app: &TestApp, client: &Client, paths: &[String]) {
    client
        .get(app.url("/lang?to=en&next=/"))
        .send()
        .await
        .unwrap();
    for path in paths {
        let (status, page) = fetch(app, client, path).await;
        assert_eq!(status, 200, "{path}");
        let chinese = crate::english::chinese_outside_data(&page);
        assert!(chinese.is_empty(), "{path} in English shows {chinese:?}");
    }
    client
        .get(app.url("/lang?to=zh&next=/"))
        .send()
        .await
        .unwrap();
}

/// The rounds' names.
pub(crate) const FITNESS: &str = "本学年体质健康测试";
pub(crate) const VISION: &str = "本学期视力筛查";
pub(crate) const MENTAL: &str = "本学期心理测评";

/// Every file imported through the pages, as the roles who may: the administrator makes the
/// fitness and vision rounds (A's fitness, B's vision), the 校医 adds A's vision, the crisis
/// team makes the wave with J's file. Who may not is refused; a file with a child the registry
/// does not have is refused with the problem located.
pub(crate) async fn imported(app: &TestApp, w: &World) {
    let admin = app.logged_in("admin", PW).await;
    let doctor = app.logged_in("xiaoyi_a", PW).await;
    let a_kids: Vec<&Kid> = w.a_kids.iter().collect();
    let (status, body) = import(
        app,
        &admin,
        w,
        "fitness",
        FITNESS,
        &w.a,
        fitness_csv(&a_kids),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("id=\"health-import-done\""), "{body}");
    let b_kids: Vec<&Kid> = w.b_kids.iter().collect();
    let (status, body) = import(app, &admin, w, "vision", VISION, &w.b, vision_csv(&b_kids)).await;
    assert!(
        status == 200 && body.contains("health-import-done"),
        "{body}"
    );
    let (status, body) = import(app, &doctor, w, "vision", VISION, &w.a, vision_csv(&a_kids)).await;
    assert!(
        status == 200 && body.contains("health-import-done"),
        "{body}"
    );
    // The 校医 imports their school only; a new round is the administrator's to make.
    let (status, _) = import(app, &doctor, w, "vision", VISION, &w.b, vision_csv(&b_kids)).await;
    assert_eq!(status, 403);
    let (status, body) = import(
        app,
        &doctor,
        w,
        "vision",
        "另一轮",
        &w.a,
        vision_csv(&a_kids),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    // A child another school registered: located, nothing written.
    let (status, body) = import(
        app,
        &doctor,
        w,
        "fitness",
        FITNESS,
        &w.a,
        fitness_csv(&b_kids),
    )
    .await;
    assert!(
        status == 200
            && body.contains("id=\"import-errors\"")
            && body.contains("health.not_in_registry"),
        "{body}"
    );
    // 心理: the crisis team makes the wave; the 心理教师 of another school may not import J's.
    let team = app.logged_in("weiji", PW).await;
    let psych_a = app.logged_in("xinli_a", PW).await;
    let j_kids: Vec<&Kid> = w.j_kids.iter().collect();
    let (status, _) = import(
        app,
        &psych_a,
        w,
        "mental",
        MENTAL,
        &w.j,
        mental_csv(&j_kids),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = import(app, &team, w, "mental", MENTAL, &w.j, mental_csv(&j_kids)).await;
    assert!(
        status == 200 && body.contains("id=\"health-import-cases\""),
        "{body}"
    );
    // The administrator imports no 心理.
    let (status, _) = import(app, &admin, w, "mental", MENTAL, &w.j, mental_csv(&j_kids)).await;
    assert_eq!(status, 403);
}

async fn every_role_sees_what_who_rs_says(app: TestApp) {
    let w = world(&app).await;
    imported(&app, &w).await;
    matrix::named_roles(&app, &w).await;
    matrix::mental_roles(&app, &w).await;
    matrix::aggregate_roles(&app, &w).await;
}
both!(
    every_role_sees_what_who_rs_says_test,
    every_role_sees_what_who_rs_says,
    config()
);
