//! 控辍保学 on the web: an absence opens a case at 缺勤待核, the calendar moves it to 疑似辍学, a
//! 劝返 visit to 劝返中, a return closes it and the district is 动态清零 again; a care officer of
//! another school is refused the case; administrators and city users see counts (small cells
//! suppressed) and never a child's name, in pages, JSON or workbooks; every named page is
//! recorded (access log and `student.read`); the monthly report names the case with a masked
//! number, the quarterly one names nobody; a 户籍 list with a child the registry does not have
//! lists that child.

use std::sync::Arc;

use junheng_app::students::cases;
use junheng_core::school::{SchoolCode, SchoolKind};
use junheng_core::student::{
    DropoutSettings, DropoutState, Flags, Hukou, StudentNumber, school_days,
};
use junheng_server::Config;
use junheng_store::{Actor, AuditFilter, DistrictStore, NewStudent, Role, Scope, StudentKeys};
use reqwest::Client;

use crate::both;
use crate::english::chinese_outside_data;
use crate::helpers::{TestApp, district, in_chongqing, location, xlsx_text};

const PW: &str = "控辍密码-123456";

/// The children of school A and of school B.
const A_NAMES: [&str; 4] = ["林小溪", "王一鸣", "陈思远", "赵晓雨"];
const B_NAMES: [&str; 2] = ["孙可欣", "周子轩"];
/// A child on a 户籍 list whom the registry does not have.
const OUTSIDE: &str = "吴未名";

fn keys() -> StudentKeys {
    StudentKeys::from_bytes(&[1; 32], &[2; 32]).unwrap()
}

fn config() -> Config {
    Config {
        student_keys: Some(Arc::new(keys())),
        ..Config::default()
    }
}

fn child(seq: u16, name: &str, grade: u8) -> NewStudent {
    let birth = format!("2018-03-{:02}", 1 + seq % 28);
    let number = StudentNumber::national("500112", &birth, seq).unwrap();
    NewStudent {
        male: number.male().unwrap(),
        number,
        name: name.to_owned(),
        birth_date: birth,
        grade,
        class: "1班".into(),
        hukou: Hukou::Local,
        disability: None,
        flags: Flags {
            left_behind: seq.is_multiple_of(2),
            ..Flags::default()
        },
    }
}

/// The district, its registry and its people.
struct World {
    home: DistrictStore,
    a: SchoolCode,
    b: SchoolCode,
    /// The children's ids, in the order of their names.
    a_kids: Vec<i64>,
    b_kids: Vec<i64>,
    /// Every child's 学籍号, in full and masked.
    numbers: Vec<(String, String)>,
    today: String,
}

/// A district of 20 schools with statistics (渝北区, of 重庆市), the registry of two of its
/// primary schools for the current school year, and the users: the 控辍保学专干 `kongchuo`, the
/// 关爱专干 `guanai_a` and `guanai_b` of the two schools, school A's 心理教师 `xinli_a`, the
/// administrator `admin` and the city user `shiji`.
async fn world(app: &TestApp) -> World {
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
    let primaries: Vec<SchoolCode> = records
        .iter()
        .filter(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none())
        .map(|r| r.code.clone())
        .collect();
    let (a, b) = (primaries[0].clone(), primaries[1].clone());
    let today = junheng_app::tasks::beijing_today();
    let year = junheng_store::school_year(&today).unwrap();
    let k = keys();
    let kids_a: Vec<NewStudent> = A_NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| child(100 + i as u16, n, 3))
        .collect();
    let kids_b: Vec<NewStudent> = B_NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| child(200 + i as u16, n, 4))
        .collect();
    for (school, kids, sha) in [(&a, &kids_a, "a"), (&b, &kids_b, "b")] {
        home.import_students(
            &k,
            school,
            year,
            true,
            kids,
            "学籍.xlsx",
            &sha.repeat(64),
            &Actor::system(),
        )
        .await
        .unwrap();
    }
    let mut ids = Vec::new();
    for c in kids_a.iter().chain(&kids_b) {
        ids.push(
            home.student_id(&k.pseudonym(&c.number))
                .await
                .unwrap()
                .unwrap(),
        );
    }
    app.add_user("kongchuo", PW, Role::DropoutOfficer, Scope::District)
        .await;
    app.add_user("guanai_a", PW, Role::CareOfficer, Scope::School(a.clone()))
        .await;
    app.add_user("guanai_b", PW, Role::CareOfficer, Scope::School(b.clone()))
        .await;
    app.add_user("xinli_a", PW, Role::PsychTeacher, Scope::School(a.clone()))
        .await;
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.add_user("shiji", PW, Role::City, Scope::City("500100".into()))
        .await;
    World {
        home,
        a,
        b,
        b_kids: ids.split_off(A_NAMES.len()),
        a_kids: ids,
        numbers: kids_a
            .iter()
            .chain(&kids_b)
            .map(|c| (c.number.expose().to_owned(), c.number.masked()))
            .collect(),
        today,
    }
}

/// POSTs a form as `client` with its session's CSRF token: status, location and body.
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
    let location = location(&r);
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

/// The status and what the body says (an .xlsx unzipped).
async fn fetch(app: &TestApp, client: &Client, path: &str) -> (u16, String) {
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

/// The audit entries whose action starts with `prefix`, newest first.
async fn audited(app: &TestApp, prefix: &str) -> Vec<junheng_store::AuditRecord> {
    app.store
        .audit_log(&AuditFilter {
            limit: 1000,
            action_prefix: Some(prefix.into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap()
}

/// Records an absence of `student` from today as `client`: the case's id.
async fn absence(app: &TestApp, client: &Client, w: &World, student: i64) -> i64 {
    let (status, location, body) = post(
        app,
        client,
        "/students/dropout/absence",
        &[
            ("student", &student.to_string()),
            ("on_date", &w.today),
            ("days", "3"),
            ("note", "家长未请假"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    location
        .strip_prefix("/students/cases/")
        .unwrap()
        .parse()
        .unwrap()
}

/// The day `n` school days after `from` (`YYYY-MM-DD`).
fn school_days_after(from: &str, n: i64) -> String {
    let start = cases::day_number(from).unwrap();
    let d = (1..).find(|d| school_days(start, start + d) >= n).unwrap();
    cases::day_text(start + d)
}

async fn a_case_goes_from_an_absence_to_its_closing(app: TestApp) {
    let w = world(&app).await;
    let care_a = app.logged_in("guanai_a", PW).await;
    let care_b = app.logged_in("guanai_b", PW).await;
    let officer = app.logged_in("kongchuo", PW).await;
    let page = app.page_for(&officer, "/students/dropout").await;
    assert!(page.contains("id=\"dropout-zero-yes\""), "{page}");

    // School A's care officer records an absence: a case at 缺勤待核.
    let kid = w.a_kids[0];
    let id = absence(&app, &care_a, &w, kid).await;
    let (case, ..) = w.home.dropout_case(id).await.unwrap();
    assert_eq!(
        (case.state, &case.school, case.student),
        (DropoutState::AbsencePending, &w.a, kid)
    );
    let case_page = format!("/students/cases/{id}");
    let page = app.page_for(&care_a, &case_page).await;
    assert!(page.contains(A_NAMES[0]), "{page}");
    assert!(
        page.contains("缺勤待核") && page.contains("核实为正当缺勤"),
        "{page}"
    );
    let page = app.page_for(&officer, "/students/dropout").await;
    assert!(
        page.contains(A_NAMES[0]) && page.contains("id=\"dropout-zero-no\""),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"{case_page}\"")), "{page}");
    // The filters by state and level keep it; another state's does not.
    let page = app
        .page_for(&officer, "/students/dropout?state=absence_pending")
        .await;
    assert!(page.contains(A_NAMES[0]), "{page}");
    let page = app
        .page_for(&officer, "/students/dropout?state=dropout")
        .await;
    assert!(!page.contains(A_NAMES[0]), "{page}");

    // School A's 心理教师 reads it and may not act.
    let psych = app.logged_in("xinli_a", PW).await;
    let page = app.page_for(&psych, &case_page).await;
    assert!(page.contains(A_NAMES[0]), "{page}");
    assert!(!page.contains("id=\"case-act\""), "{page}");
    let (status, _, _) = post(
        &app,
        &psych,
        &format!("{case_page}/act"),
        &[("event", "excused"), ("on_date", &w.today)],
    )
    .await;
    assert_eq!(status, 403);

    // School B's care officer neither sees it nor acts on it; an unknown case is refused alike.
    assert_eq!(status_of(&app, &care_b, &case_page).await, 403);
    assert_eq!(
        status_of(&app, &care_b, "/students/cases/999999").await,
        403
    );
    let today = w.today.as_str();
    for (path, fields) in [
        (
            format!("{case_page}/act"),
            vec![("event", "return"), ("on_date", today)],
        ),
        (
            format!("{case_page}/attempt"),
            vec![
                ("on_date", today),
                ("by_whom", "某人"),
                ("outcome", "某结果"),
            ],
        ),
        (
            format!("{case_page}/plan"),
            vec![("owner", "某人"), ("plan", "某方案")],
        ),
    ] {
        let (status, _, _) = post(&app, &care_b, &path, &fields).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, _, _) = post(
        &app,
        &care_b,
        "/students/dropout/absence",
        &[
            ("student", &w.a_kids[1].to_string()),
            ("on_date", today),
            ("days", "1"),
        ],
    )
    .await;
    assert_eq!(status, 403, "another school's child");
    let page = app.page_for(&care_b, "/students/dropout").await;
    assert!(!page.contains(A_NAMES[0]), "{page}");

    // The calendar: five school days later it still waits; eight later it is 疑似辍学, moved by
    // `system`.
    let settings = DropoutSettings::default();
    let r = cases::refresh(&w.home, &school_days_after(today, 5), &settings)
        .await
        .unwrap();
    assert_eq!(r.escalated, 0);
    let r = cases::refresh(&w.home, &school_days_after(today, 8), &settings)
        .await
        .unwrap();
    assert_eq!(r.escalated, 1);
    let (case, steps, _) = w.home.dropout_case(id).await.unwrap();
    assert_eq!(case.state, DropoutState::Suspected);
    assert_eq!(steps.last().unwrap().created_by, "system");
    let page = app.page_for(&officer, "/students/dropout").await;
    assert!(page.contains("疑似辍学"), "{page}");
    let page = app
        .page_for(&officer, "/students/dropout/ledgers/suspected")
        .await;
    assert!(page.contains(A_NAMES[0]), "{page}");

    // The district officer visits: 劝返中; a plan.
    let (status, location, body) = post(
        &app,
        &officer,
        &format!("{case_page}/attempt"),
        &[
            ("on_date", today),
            ("by_whom", "班主任、控辍专干"),
            ("outcome", "家长同意下周返校"),
            ("note", ""),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, case_page.as_str()),
        "{body}"
    );
    assert_eq!(
        w.home.dropout_case(id).await.unwrap().0.state,
        DropoutState::Persuading
    );
    let (status, _, _) = post(
        &app,
        &officer,
        &format!("{case_page}/plan"),
        &[("owner", "李老师"), ("plan", "复学，随班就读")],
    )
    .await;
    assert_eq!(status, 303);
    let page = app.page_for(&officer, &case_page).await;
    assert!(
        page.contains("李老师") && page.contains("家长同意下周返校"),
        "{page}"
    );
    let page = app
        .page_for(&officer, "/students/dropout/ledgers/dropout")
        .await;
    assert!(
        page.contains(A_NAMES[0]) && page.contains("李老师"),
        "{page}"
    );

    // A move the machine refuses is said in Chinese.
    let (status, _, body) = post(
        &app,
        &officer,
        &format!("{case_page}/act"),
        &[("event", "excused"), ("on_date", today)],
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("不能核实为正当缺勤"), "{body}");

    // The child is back: the case is closed and the district is 动态清零 again.
    let (status, _, body) = post(
        &app,
        &care_a,
        &format!("{case_page}/act"),
        &[
            ("event", "return"),
            ("on_date", today),
            ("reason", "已返校上课"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let (case, ..) = w.home.dropout_case(id).await.unwrap();
    assert_eq!(case.state, DropoutState::Returned);
    assert_eq!(case.closed_on.as_deref(), Some(today));
    let page = app.page_for(&officer, "/students/dropout").await;
    assert!(page.contains("id=\"dropout-zero-yes\""), "{page}");
    let json: serde_json::Value = serde_json::from_str(
        &app.page_for(&officer, "/students/dropout/summary.json")
            .await,
    )
    .unwrap();
    assert_eq!(json["zero"], true, "{json}");
    // The ledger keeps it among the year's closed cases.
    let page = app
        .page_for(&officer, "/students/dropout/ledgers/dropout")
        .await;
    let closed = page.split("id=\"grid-ledger-closed\"").nth(1).unwrap();
    assert!(closed.contains(A_NAMES[0]), "{page}");
    // A closed case takes no more moves.
    let page = app.page_for(&care_a, &case_page).await;
    assert!(!page.contains("id=\"case-act\""), "{page}");
}
both!(
    a_case_goes_from_an_absence_to_its_closing_test,
    a_case_goes_from_an_absence_to_its_closing,
    config()
);

mod views;
