//! Students and 控辍保学 in the browser (issue 13): a school's 关爱专干 reads the school's list by
//! name on a phone; the district's 控辍保学专干 sees the named watch list at desktop width; the
//! district's administrator and a 市级 user see aggregates and never a child's name.

use junheng_core::school::SchoolKind;
use junheng_core::student::{DropoutState, Flags, Hukou, StudentNumber};
use junheng_server::Config;
use junheng_store::{Actor, NewStudent, StudentKeys};

use super::*;
use crate::helpers::spawn_with;

const PASSWORD: &str = "学生浏览器-密码-1";

async fn as_user(c: &fantoccini::Client, app: &TestApp, name: &str, password: &str) {
    c.delete_all_cookies().await.unwrap();
    log_in(c, app, name, password).await;
    logged_in(c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn care_roles_read_names_and_aggregate_roles_never_do() {
    let config = Config {
        student_keys: Some(std::sync::Arc::new(
            StudentKeys::from_bytes(&[11; 32], &[12; 32]).unwrap(),
        )),
        ..Config::default()
    };
    let app = spawn_with(Backend::Sqlite, config).await;
    let records = crate::city::city(&app).await;
    let school = records
        .iter()
        .find(|r| r.kind == SchoolKind::Junior && r.parent_code.is_none())
        .unwrap()
        .code
        .clone();
    let keys = StudentKeys::from_bytes(&[11; 32], &[12; 32]).unwrap();
    let names = ["林小溪", "王一鸣", "陈思远", "赵晓雨", "周子墨", "吴安然"];
    let kids: Vec<NewStudent> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let number = StudentNumber::national("500112", "2011-04-12", 200 + i as u16).unwrap();
            NewStudent {
                male: number.male().unwrap(),
                number,
                name: (*name).to_owned(),
                birth_date: "2011-04-12".into(),
                grade: 8,
                class: "2班".into(),
                hukou: Hukou::Local,
                disability: None,
                flags: Flags::default(),
            }
        })
        .collect();
    let home = app.home().await;
    let import = home
        .import_students(
            &keys,
            &school,
            2024,
            true,
            &kids,
            "学籍.xlsx",
            &"ab".repeat(32),
            &Actor::system(),
        )
        .await
        .unwrap();
    let first = home.registry(import.id).await.unwrap()[0].student;
    home.open_case(
        first,
        &school,
        DropoutState::Dropout,
        "2025-03-03",
        "连续缺勤一个月",
        &Actor::system(),
    )
    .await
    .unwrap();
    for (name, role, scope) in [
        ("guanai", Role::CareOfficer, Scope::School(school.clone())),
        ("kongchuo", Role::DropoutOfficer, Scope::District),
        ("admin", Role::Admin, Scope::District),
    ] {
        app.add_user(name, PASSWORD, role, scope).await;
    }
    let b = browser().await;
    let c = &b.client;

    // The 关爱专干, on a phone: the school's list by name, fitting the screen.
    c.set_window_size(390, 844).await.unwrap();
    as_user(c, &app, "guanai", PASSWORD).await;
    c.goto(&app.url(&format!("/students/school/{school}?year=2024")))
        .await
        .unwrap();
    assert!(
        fits(c).await,
        "the school's list scrolls its table, not the page"
    );
    let text = body_text(c).await;
    for name in names {
        assert!(
            text.contains(name),
            "{name} on the care officer's list: {text}"
        );
    }
    assert!(
        !text.contains(kids[0].number.expose()),
        "the 学籍号 is masked"
    );

    // The 控辍保学专干, at desktop width: the named watch list.
    c.set_window_size(1280, 900).await.unwrap();
    as_user(c, &app, "kongchuo", PASSWORD).await;
    c.goto(&app.url("/students/dropout")).await.unwrap();
    let text = body_text(c).await;
    assert!(text.contains(names[0]), "the case's child by name: {text}");
    assert!(
        !text.contains(names[1]),
        "a child without a case is not on the watch list"
    );

    // The administrator and the 市级 user: aggregates only, at both widths.
    for (user, password) in [("admin", PASSWORD), ("shiji", crate::city::PASSWORD)] {
        as_user(c, &app, user, password).await;
        for (width, height) in [(390, 844), (1280, 900)] {
            c.set_window_size(width, height).await.unwrap();
            let pages: &[&str] = if user == "admin" {
                &["/students?year=2024", "/students/dropout", "/dashboard"]
            } else {
                &["/city"]
            };
            for page in pages {
                c.goto(&app.url(page)).await.unwrap();
                assert!(fits(c).await, "{page} fits {width} px for {user}");
                let text = body_text(c).await;
                for name in names {
                    assert!(!text.contains(name), "{user} sees no name on {page}");
                }
            }
        }
    }
    // The admin's refusal of the named list is a page, not a name.
    as_user(c, &app, "admin", PASSWORD).await;
    c.goto(&app.url(&format!("/students/child/{first}")))
        .await
        .unwrap();
    assert!(!body_text(c).await.contains(names[0]));
}
