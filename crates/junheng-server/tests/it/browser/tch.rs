//! The issue 17 pages in the browser: the district administrator and a school's administrator
//! read 继续教育 (with its entry forms for the district), a teacher's 继续教育, 名师工作室, 师徒结对,
//! 骨干梯队, 获奖与师德, 干部 and a teacher's record on a phone and at desktop width — each page fits
//! the screen and shows its parts; the school sees only its own school's rows; a group lead holds
//! no HonoursPass and is offered no 获奖与师德 entry.

use junheng_rotation::synth;
use junheng_store::Actor;
use junheng_store::teachers::honours::HonourRecords;
use junheng_teachers::honours::{Award, AwardKind, AwardLevel};
use junheng_teachers::training::{Day, Hours, Level, Source, TrainingRecord};

use super::*;

const PASSWORD: &str = "教师浏览器-密码-1";

/// Logs `name` out of and into a fresh session.
async fn as_user(c: &fantoccini::Client, app: &TestApp, name: &str) {
    c.delete_all_cookies().await.unwrap();
    log_in(c, app, name, PASSWORD).await;
    logged_in(c).await;
}

/// Whether the page has an element with this id.
async fn has(c: &fantoccini::Client, id: &str) -> bool {
    c.find(Locator::Id(id)).await.is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_teacher_pages_fit_a_phone_and_a_desktop_for_the_district_and_a_school() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(40);
    app.seed(&records).await;
    let roster = synth::roster(&records, 77);
    let store = app.home().await;
    let actor = Actor::new("admin");
    store.replace_roster(2024, &roster, &actor).await.unwrap();
    let (a, b) = (&records[0], &records[1]);
    let ours = roster.iter().find(|t| t.school == a.code).unwrap();
    let theirs = roster.iter().find(|t| t.school == b.code).unwrap();
    let training: Vec<TrainingRecord> = [ours, theirs]
        .iter()
        .map(|t| TrainingRecord {
            teacher: t.id.clone(),
            course: "校本研修".into(),
            level: Level::District,
            start: Day::parse("2024-10-01").unwrap(),
            end: Day::parse("2024-10-01").unwrap(),
            hours: Hours::parse("24").unwrap(),
            certificate: None,
            source: Source::Platform,
        })
        .collect();
    store
        .import_training(2024, &training, true, "台账.xlsx", &"a".repeat(64), &actor)
        .await
        .unwrap();
    let award = |t: &junheng_rotation::Teacher, title: &str| Award {
        teacher: t.id.clone(),
        year: 2024,
        kind: AwardKind::Contest,
        level: AwardLevel::City,
        title: title.into(),
    };
    let awards = [
        award(ours, "本校赛课一等奖"),
        award(theirs, "他校赛课一等奖"),
    ];
    store
        .import_honours(
            HonourRecords::Awards(&awards),
            "获奖.xlsx",
            &"b".repeat(64),
            &actor,
        )
        .await
        .unwrap();
    let group = records
        .iter()
        .find_map(|r| r.group.clone())
        .expect("the synthetic district has groups");
    for (name, role, scope) in [
        ("admin", Role::Admin, Scope::District),
        ("xz", Role::School, Scope::School(a.code.clone())),
        ("lead", Role::GroupLead, Scope::Group(group)),
    ] {
        app.add_user(name, PASSWORD, role, scope).await;
    }
    let record = format!("/teachers/t/{}", ours.id.as_str());
    let training = format!("/teachers/training/t/{}", ours.id.as_str());
    let pages: [(&str, &[&str]); 8] = [
        ("/teachers/training", &["training-items", "training-item9"]),
        (
            &training,
            &["training-current", "training-previous", "training-records"],
        ),
        ("/teachers/studios", &["studios-to-mentors"]),
        ("/teachers/mentors", &["mentors-to-studios"]),
        (
            "/teachers/pipeline?year=2024",
            &["tp-summary", "tp-schools"],
        ),
        (
            "/teachers/honours?year=2024",
            &["th-schools", "th-awards", "th-ethics"],
        ),
        ("/teachers/leaders", &["leaders-summary"]),
        (
            &record,
            &[
                "tr-roster",
                "tr-moves",
                "tr-titles",
                "tr-training",
                "tr-certificates",
                "tr-studios",
                "tr-pairs",
                "tr-awards",
                "tr-ethics",
            ],
        ),
    ];
    let br = browser().await;
    let c = &br.client;
    for (user, district) in [("admin", true), ("xz", false)] {
        as_user(c, &app, user).await;
        for (width, height) in [(390, 844), (1280, 900)] {
            c.set_window_size(width, height).await.unwrap();
            for (path, ids) in &pages {
                c.goto(&app.url(path)).await.unwrap();
                assert!(fits(c).await, "{path} fits {width} px for {user}");
                for id in *ids {
                    assert!(has(c, id).await, "#{id} on {path} at {width} px for {user}");
                }
                let text = body_text(c).await;
                if *path == "/teachers/training" {
                    // The district's administrator enters a record and a budget on the page.
                    for form in ["training-record-form", "training-budget-form"] {
                        assert_eq!(has(c, form).await, district, "#{form} for {user}");
                    }
                }
                if *path == training {
                    assert!(text.contains("校本研修"), "{user}: {text}");
                }
                if !district {
                    assert!(!text.contains(&b.name), "{path} for {user}: {text}");
                }
                if path.starts_with("/teachers/honours") {
                    assert!(text.contains("本校赛课一等奖"), "{user}: {text}");
                    assert_eq!(text.contains("他校赛课一等奖"), district, "{user}: {text}");
                }
            }
        }
        assert!(has_link(c, "/teachers/honours").await, "{user}");
    }
    // A group lead holds no HonoursPass: no entry in the nav, and a teacher's record is refused.
    as_user(c, &app, "lead").await;
    c.goto(&app.url("/teachers/pipeline")).await.unwrap();
    assert!(!has_link(c, "/teachers/honours").await);
    assert!(has_link(c, "/teachers/pipeline").await);
    c.goto(&app.url(&record)).await.unwrap();
    assert!(!has(c, "tr-roster").await);
    let _ = br.client.clone().close().await;
}

/// Whether the nav offers a link to `path`.
async fn has_link(c: &fantoccini::Client, path: &str) -> bool {
    c.find(Locator::Css(&format!("nav a[href='{path}']")))
        .await
        .is_ok()
}
