//! Students (issue 13), the registry's side: a school's 学籍 file imported (a bad one refused
//! with every problem located and nothing written), the care officer reading the school's
//! children by name on the page and in the workbook (every read in the access log and the
//! audit log), a class teacher their class only, a child's record for them alone; the
//! administrator, the school account, the city and the 控辍保学专干 reading counts and rates —
//! never a name; the inputs of the rates; retention refused without its confirmation and
//! erasing with it; no keys, no names.

use std::sync::Arc;

use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_server::Config;
use junheng_store::{Actor, AuditFilter, Role, Scope, StudentKeys};
use reqwest::Client;
use reqwest::multipart::{Form, Part};

mod writes;

use crate::both;
use crate::helpers::{TestApp, district, in_chongqing, xlsx_text};

const PASSWORD: &str = "学籍测试-密码-1";
const YEAR: i32 = 2024;

/// A server whose configuration holds the keys of children's data.
fn with_keys() -> Config {
    Config {
        student_keys: Some(Arc::new(
            StudentKeys::from_bytes(&[11; 32], &[22; 32]).unwrap(),
        )),
        ..Config::default()
    }
}

/// A child of the test file.
struct Child {
    number: String,
    name: String,
    grade: u8,
    class: &'static str,
    migrant: bool,
}

/// The school's children: 七年级1班 and 2班 (6 each) and 一年级1班 (12), with names nobody else
/// on a page could have.
fn children() -> Vec<Child> {
    let family = ["甄", "贾", "薛", "邢"];
    let given = ["宝玉", "探春", "湘云", "可卿", "岫烟", "巧姐"];
    let mut out = Vec::new();
    for (i, f) in family.iter().enumerate() {
        for (j, g) in given.iter().enumerate() {
            let n = out.len();
            let (grade, class) = match i {
                0 => (7, "1班"),
                1 => (7, "2班"),
                _ => (1, "1班"),
            };
            out.push(Child {
                number: format!("L50011220240{n:05}"),
                name: format!("{f}{g}"),
                grade,
                class,
                migrant: j % 3 == 0,
            });
        }
    }
    out
}

/// The registry file of `children` as CSV.
fn file(children: &[Child]) -> Vec<u8> {
    let mut text = String::from(
        "学籍号,姓名,性别,出生日期,学段,年级,班级,户籍,户籍所在省份,留守儿童,残疾类别,安置方式,寄宿\n",
    );
    for (i, c) in children.iter().enumerate() {
        let (stage, birth) = if c.grade >= 7 {
            ("初中", "2011-03-01")
        } else {
            ("小学", "2017-05-01")
        };
        let (hukou, province) = if c.migrant {
            ("随迁", "四川省")
        } else {
            ("本地", "")
        };
        let sex = if i % 2 == 0 { "男" } else { "女" };
        let left = if i % 4 == 0 { "是" } else { "否" };
        text.push_str(&format!(
            "{},{},{sex},{birth},{stage},{},{},{hukou},{province},{left},,,否\n",
            c.number, c.name, c.grade, c.class
        ));
    }
    text.into_bytes()
}

/// The district, its school (A) and another (B), and the users of the test.
async fn setup(app: &TestApp) -> (Vec<SchoolRecord>, SchoolCode, SchoolCode) {
    let records = district(12);
    app.seed(&records).await;
    let home = app.home().await.id();
    app.store
        .update_district(home, &in_chongqing("500112", "渝北区"), &Actor::system())
        .await
        .unwrap();
    let mut schools = records.iter().filter(|r| r.parent_code.is_none());
    let a = schools.next().unwrap().code.clone();
    let b = schools.next().unwrap().code.clone();
    for (name, role, scope) in [
        ("admin", Role::Admin, Scope::District),
        ("care", Role::CareOfficer, Scope::School(a.clone())),
        (
            "banzhuren",
            Role::ClassTeacher,
            Scope::Class {
                school: a.clone(),
                class: "七年级1班".into(),
            },
        ),
        ("xz", Role::School, Scope::School(a.clone())),
        ("xz2", Role::School, Scope::School(b.clone())),
        ("city", Role::City, Scope::City("500100".into())),
        ("kongchuo", Role::DropoutOfficer, Scope::District),
    ] {
        app.add_user(name, PASSWORD, role, scope).await;
    }
    (records, a, b)
}

/// A logged-in client (the city user looking into the district) and its form token.
async fn client(app: &TestApp, name: &str) -> (Client, String) {
    let client = if name == "city" {
        app.logged_in_looking_into(name, PASSWORD, "500112").await
    } else {
        app.logged_in(name, PASSWORD).await
    };
    let csrf = TestApp::csrf_of(&app.page_for(&client, "/account").await);
    (client, csrf)
}

/// Uploads a registry file: (status, body).
async fn import(
    app: &TestApp,
    (client, csrf): &(Client, String),
    school: &SchoolCode,
    year: i32,
    bytes: Vec<u8>,
) -> (u16, String) {
    let form = Form::new()
        .text("csrf", csrf.clone())
        .text("school", school.to_string())
        .text("year", year.to_string())
        .text("public", "public")
        .part("file", Part::bytes(bytes).file_name("学籍.csv"));
    let r = client
        .post(app.url("/students/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// (status, body as text — a workbook unzipped) of `path` for `client`.
async fn fetch(app: &TestApp, client: &Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let xlsx = r
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap().contains("spreadsheetml"));
    let bytes = r.bytes().await.unwrap();
    let body = if xlsx {
        xlsx_text(&bytes)
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    (status, body)
}

/// The children in the registry's order (by grade and class, then as the file lists them).
fn registry_order(children: &[Child]) -> Vec<&Child> {
    let mut order: Vec<&Child> = children.iter().collect();
    order.sort_by_key(|c| (c.grade, c.class));
    order
}

/// The children's ids, in the registry's order.
async fn ids(app: &TestApp, school: &SchoolCode, year: i32) -> Vec<i64> {
    let home = app.home().await;
    let file = home
        .current_registries(year, Some(school))
        .await
        .unwrap()
        .pop()
        .expect("a registry");
    home.registry(file.id)
        .await
        .unwrap()
        .iter()
        .map(|e| e.student)
        .collect()
}

async fn audit_count(app: &TestApp, action: &str) -> usize {
    app.store
        .audit_log(&AuditFilter {
            limit: 1000,
            action_prefix: Some(action.into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap()
        .len()
}

fn names_in(body: &str, children: &[Child]) -> Vec<String> {
    children
        .iter()
        .filter(|c| body.contains(&c.name))
        .map(|c| c.name.clone())
        .collect()
}

both!(
    the_registry_is_imported_and_read_by_name_only_by_care_roles,
    registry,
    with_keys()
);

async fn registry(app: TestApp) {
    let (records, a, b) = setup(&app).await;
    let kids = children();
    let admin = client(&app, "admin").await;

    // A bad file: every problem located, nothing written, no name echoed.
    let mut bad = file(&kids);
    let text = String::from_utf8(bad.clone()).unwrap();
    let broken = text
        .replacen(",男,2011-03-01", ",X,2011-03-01", 1)
        .replace(&kids[5].number, &kids[4].number);
    bad = broken.into_bytes();
    let (status, body) = import(&app, &admin, &a, YEAR, bad).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("id=\"import-errors\""), "{body}");
    for code in ["student.sex_invalid", "student.duplicate_number"] {
        assert!(body.contains(code), "{code}: {body}");
    }
    assert!(
        body.contains("<td class=\"num\">2</td>"),
        "the row is named: {body}"
    );
    assert!(
        names_in(&body, &kids).is_empty(),
        "{:?}",
        names_in(&body, &kids)
    );
    assert!(
        app.home()
            .await
            .current_registries(YEAR, None)
            .await
            .unwrap()
            .is_empty(),
        "a bad file writes nothing"
    );

    // A file without its last child, then the whole file: version 2 replaces version 1 (the
    // same file again is refused by the store as nothing new).
    let (status, body) = import(&app, &admin, &a, YEAR, file(&kids[..23])).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("id=\"students-import-done\""), "{body}");
    assert!(body.contains("第 1 版"), "{body}");
    assert!(body.contains("第一版"), "{body}");
    let (status, body) = import(&app, &admin, &a, YEAR, file(&kids)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("第 2 版学籍，共 24 名学生"), "{body}");
    assert!(body.contains("替换了第 1 版（23 名学生）"), "{body}");
    let (status, _) = import(&app, &admin, &a, YEAR, file(&kids)).await;
    assert_eq!(status, 409, "the same file again");
    assert!(names_in(&body, &kids).is_empty());
    // A school account imports its own school only; nobody else imports.
    let xz = client(&app, "xz").await;
    let (status, _) = import(&app, &xz, &b, YEAR, file(&kids)).await;
    assert_eq!(status, 403);
    let care = client(&app, "care").await;
    let (status, _) = import(&app, &care, &a, YEAR, file(&kids)).await;
    assert_eq!(status, 403);

    let ids = ids(&app, &a, YEAR).await;
    assert_eq!(ids.len(), kids.len());
    let order = registry_order(&kids);
    let (first, first_name) = (ids[0], &order[0].name);
    let home = app.home().await;
    let reads_before = audit_count(&app, "student.read").await;
    let log_before = home.student_access(first, 1000).await.unwrap().len();

    // The care officer reads the school's children by name, on the page and in the workbook.
    let list = format!("/students/school/{a}?year={YEAR}");
    let (status, page) = fetch(&app, &care.0, &list).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(names_in(&page, &kids).len(), kids.len(), "{page}");
    assert!(page.contains("L5001*"), "numbers are masked: {page}");
    assert!(!page.contains(&kids[0].number), "{page}");
    let (status, book) = fetch(&app, &care.0, &format!("{list}&format=xlsx")).await;
    assert_eq!(status, 200);
    assert_eq!(
        names_in(&book, &kids).len(),
        kids.len(),
        "every child in the file"
    );
    let log = home.student_access(first, 1000).await.unwrap();
    assert_eq!(log.len(), log_before + 2, "the page and the file");
    assert!(
        log.iter()
            .any(|e| e.what == format!("学生名单-{a}-{YEAR}.xlsx"))
    );
    assert!(log.iter().all(|e| e.actor == "care"));
    assert_eq!(audit_count(&app, "student.read").await, reads_before + 2);
    assert_eq!(audit_count(&app, "students.roster.xlsx").await, 1);
    // Filtered by grade and by flag.
    let (_, page) = fetch(&app, &care.0, &format!("{list}&grade=1")).await;
    assert!(page.contains(&kids[12].name) && !page.contains(&kids[0].name));
    let flag = "%E7%95%99%E5%AE%88%E5%84%BF%E7%AB%A5"; // 留守儿童
    let (_, page) = fetch(&app, &care.0, &format!("{list}&flag={flag}")).await;
    assert!(
        page.contains(&kids[0].name) && !page.contains(&kids[1].name),
        "{page}"
    );

    // Each of those pages was a named read too.
    assert_eq!(
        home.student_access(first, 1000).await.unwrap().len(),
        log_before + 4
    );

    // A child's record: theirs to read, with who read it; refused to everyone else, and a
    // child the district does not know is refused alike.
    let child = format!("/students/child/{first}");
    let (status, page) = fetch(&app, &care.0, &child).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(first_name.as_str()), "{page}");
    assert!(
        page.contains("id=\"students-access\"") && page.contains(&list),
        "{page}"
    );
    assert_eq!(
        home.student_access(first, 1000).await.unwrap().len(),
        log_before + 5
    );

    // The class teacher: their class, nothing else.
    let teacher = client(&app, "banzhuren").await;
    let (status, page) = fetch(&app, &teacher.0, &list).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(names_in(&page, &kids), names_in(&page, &kids[..6]));
    assert_eq!(names_in(&page, &kids[..6]).len(), 6, "{page}");
    let other_class = order.iter().position(|c| c.class == "2班").unwrap();
    let (status, _) = fetch(
        &app,
        &teacher.0,
        &format!("/students/child/{}", ids[other_class]),
    )
    .await;
    assert_eq!(status, 403, "a child of another class");
    let (status, _) = fetch(&app, &teacher.0, &format!("/students/school/{b}")).await;
    assert_eq!(status, 403);
    let (status, _) = fetch(&app, &care.0, &format!("/students/school/{b}")).await;
    assert_eq!(status, 403, "another school's children");

    // Counts and rates for the others — never a name, on any page, JSON or workbook.
    for who in ["admin", "xz", "city", "kongchuo"] {
        let (c, _) = client(&app, who).await;
        let mut pages = vec![
            "/students".to_owned(),
            format!("/students?year={YEAR}"),
            format!("/students/rates?year={YEAR}"),
            format!("/students/rates?year={YEAR}&format=xlsx"),
            format!("/api/v1/students/rates?year={YEAR}"),
            format!("/students/school/{a}?year={YEAR}"),
            "/dashboard".to_owned(),
        ];
        if who != "xz" {
            pages.push("/api/v1/students/zero".to_owned());
        }
        for path in &pages {
            let (status, body) = fetch(&app, &c, path).await;
            assert_eq!(status, 200, "{who} {path}: {body}");
            assert!(
                names_in(&body, &kids).is_empty(),
                "{who} {path} names {:?}",
                names_in(&body, &kids)
            );
            assert!(!body.contains("L5001*"), "{who} {path}");
        }
        for path in [child.clone(), "/students/child/999999".to_owned()] {
            let (status, body) = fetch(&app, &c, &path).await;
            assert_eq!(status, 403, "{who} {path}");
            assert!(names_in(&body, &kids).is_empty());
        }
    }
    let (_, overview) = fetch(&app, &admin.0, &format!("/students?year={YEAR}")).await;
    assert!(overview.contains("id=\"students-counts\""), "{overview}");
    assert!(overview.contains("id=\"students-zero\"") && overview.contains("已清零"));
    assert!(
        overview.contains("id=\"students-import\"") && overview.contains("id=\"students-inputs\"")
    );
    assert!(!overview.contains("学生名单"), "no way to a named list");
    let (_, counts) = fetch(&app, &admin.0, &list).await;
    assert!(
        counts.contains("id=\"students-counts\"") && counts.contains("&#60;10"),
        "{counts}"
    );
    // The school account: its own school, not another's, not the district's 动态清零.
    let (status, _) = fetch(&app, &xz.0, &format!("/students/school/{b}")).await;
    assert_eq!(status, 403);
    let (status, _) = fetch(&app, &xz.0, "/api/v1/students/zero").await;
    assert_eq!(status, 403);
    let (_, json) = fetch(&app, &xz.0, &format!("/api/v1/students/rates?year={YEAR}")).await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(json["district"].is_null(), "{json}");
    assert_eq!(json["schools"].as_array().unwrap().len(), 1);
    assert_eq!(json["schools"][0]["school"], a.to_string());
    // Nobody's reads were added by the counts.
    assert_eq!(
        home.student_access(first, 1000).await.unwrap().len(),
        log_before + 5
    );
    assert_eq!(audit_count(&app, "students.rates.xlsx").await, 4);

    // A group lead sees no children at all.
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    app.add_user("zuzhang", PASSWORD, Role::GroupLead, Scope::Group(group))
        .await;
    let (lead, _) = client(&app, "zuzhang").await;
    for path in ["/students", "/students/rates", "/api/v1/students/rates"] {
        let (status, _) = fetch(&app, &lead, path).await;
        assert_eq!(status, 403, "{path}");
    }

    // In English, nothing but the data is Chinese.
    let pages = [
        (&admin.0, format!("/students?year={YEAR}")),
        (&admin.0, format!("/students/rates?year={YEAR}")),
        (&admin.0, list.clone()),
        (&admin.0, "/students/retention?month=2027-07".to_owned()),
        (&admin.0, "/dashboard".to_owned()),
        (&care.0, list.clone()),
        (&care.0, child.clone()),
        (&care.0, "/students".to_owned()),
    ];
    for (c, _) in &pages {
        c.get(app.url("/lang?to=en&next=/")).send().await.unwrap();
    }
    for (c, path) in &pages {
        let (status, body) = fetch(&app, c, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains("<html lang=\"en\""), "{path}");
        let chinese = crate::english::chinese_outside_data(&body);
        assert!(chinese.is_empty(), "{path} shows Chinese: {chinese:?}");
    }
    let (_, body) = import(&app, &admin, &a, YEAR, file(&kids[1..])).await;
    assert!(body.contains("replaces version 2"), "{body}");
    let chinese = crate::english::chinese_outside_data(&body);
    assert!(chinese.is_empty(), "the import shows Chinese: {chinese:?}");
}
