//! 资格证, 编制 and 岗位 in the browser (issue 17): the district administrator and a school's
//! administrator read /teachers/posts on a phone and at desktop width — the page fits the screen,
//! the item cards, the 编制 table and the teachers without a covering certificate are shown
//! (the district sees items 8 and 10 and every school; the school only its own).

use junheng_rotation::synth;
use junheng_store::Actor;
use junheng_teachers::posts::{CertificateKind, PayYear, Staffing, TeacherCertificate};

use super::*;

const PASSWORD: &str = "编制浏览器-密码-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_posts_page_fits_a_phone_and_a_desktop_for_the_district_and_a_school() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(40);
    app.seed(&records).await;
    let roster = synth::roster(&records, 77);
    let store = app.home().await;
    let actor = Actor::new("admin");
    store.replace_roster(2024, &roster, &actor).await.unwrap();
    let certs: Vec<TeacherCertificate> = roster[1..]
        .iter()
        .map(|t| TeacherCertificate {
            teacher: t.id.clone(),
            kind: CertificateKind::Senior,
            subject: t.subject.clone(),
            number: None,
        })
        .collect();
    store
        .import_certificates(2024, &certs, "资格证.xlsx", &"c".repeat(64), &actor)
        .await
        .unwrap();
    let (a, b) = (&records[0], &records[1]);
    let staffing = [
        Staffing {
            school: a.code.clone(),
            approved: 50,
            on_post: 40,
            outside: 3,
        },
        Staffing {
            school: b.code.clone(),
            approved: 30,
            on_post: 30,
            outside: 0,
        },
    ];
    store
        .import_staffing(2024, &staffing, "编制.xlsx", &"d".repeat(64), &actor)
        .await
        .unwrap();
    store
        .set_pay(
            &PayYear {
                year: 2024,
                teachers: 101_000,
                civil_servants: 100_000,
            },
            &actor,
        )
        .await
        .unwrap();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user("xz", PASSWORD, Role::School, Scope::School(a.code.clone()))
        .await;
    let gap = roster[0].id.as_str().to_owned();
    for (user, district) in [("admin", true), ("xz", false)] {
        let br = browser().await;
        let c = &br.client;
        log_in(c, &app, user, PASSWORD).await;
        logged_in(c).await;
        for (width, height) in [(390, 844), (1280, 900)] {
            c.set_window_size(width, height).await.unwrap();
            c.goto(&app.url("/teachers/posts?year=2024")).await.unwrap();
            assert!(fits(c).await, "/teachers/posts fits {width} px for {user}");
            let text = body_text(c).await;
            for item in ["第 12 项", "各校编制", "有空编仍聘用编外教师", &a.name] {
                assert!(
                    text.contains(item),
                    "{item} at {width} px for {user}: {text}"
                );
            }
            assert_eq!(text.contains("第 8 项"), district, "{user}: {text}");
            assert_eq!(text.contains(&b.name), district, "{user}: {text}");
            assert_eq!(text.contains(&gap), roster[0].school == a.code || district);
        }
        assert!(
            c.find(Locator::Css("nav a[href='/teachers/posts']"))
                .await
                .is_ok()
        );
        let _ = br.client.clone().close().await;
    }
}
