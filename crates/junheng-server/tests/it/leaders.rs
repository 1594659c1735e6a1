//! 交流轮岗, completed (issue 17 item 8): the 交流范围 of the year's moves on /rotation, and the
//! 校长、副校长 terms on /teachers/leaders — imported whole, replaced only when confirmed,
//! withdrawn to the previous list — with the page, its download and the JSON from one scoped
//! selection (a school's account sees its own school only, and may not import).

use junheng_core::rulebook::RotationRules;
use junheng_rotation::{leader_year, synth};
use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, xlsx_text};
use crate::rotation::{YEAR, admin, seeded};

both!(leader_terms_are_imported_shown_and_withdrawn, leaders);

const HEADER: &str = "教师编号,学校标识码,职务,任职起始学年,离任学年\n";

async fn json(app: &TestApp) -> serde_json::Value {
    let r = app.get("/api/v1/teachers/leaders?year=2024").await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn leaders(app: TestApp) {
    let (records, roster, ledger) = seeded(&app, true).await;
    admin(&app).await;
    // /rotation counts the year's moves per scope, every scope shown.
    let (status, page) = app.text("/rotation?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"move-scopes\""), "{page}");
    for label in ["集团内", "联盟学校间", "校际间", "跨区域"] {
        assert!(page.contains(label), "{label}");
    }
    let starting = ledger.iter().filter(|m| m.start_year == YEAR).count();
    assert!(starting > 0);

    // Before any 任职表: 未接入.
    let (status, page) = app.text("/teachers/leaders?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"leaders-not-connected\""), "{page}");

    let terms = synth::leader_terms(&roster, YEAR);
    let mut csv = Vec::new();
    junheng_io::rotation::leaders::write_leaders_csv(&terms, &mut csv).unwrap();
    let (status, body) = app
        .upload_with(
            "/teachers/leaders",
            "/teachers/leaders/import",
            "任职表.csv",
            csv.clone(),
            &[],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let expected = leader_year(&terms, YEAR, &RotationRules::default());
    let got = json(&app).await;
    assert_eq!(
        got["rows"].as_array().unwrap().len(),
        expected.leaders.len()
    );
    let due = got["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["due"] == true)
        .count() as u64;
    assert_eq!(due, expected.due);
    assert!(due > 0 && due < expected.leaders.len() as u64);
    let (_, page) = app.text("/teachers/leaders?year=2024").await;
    assert!(
        page.contains("id=\"leaders-counts\"") && page.contains("应交流"),
        "{page}"
    );
    // The download lists the same leaders.
    let xlsx = app
        .get("/teachers/leaders?year=2024&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let text = xlsx_text(&xlsx);
    assert!(text.contains(terms[0].person.as_str()), "{text}");

    // A second list waits for the confirmation, then replaces the first; withdrawing brings the
    // first back, after its own confirmation.
    let one = format!(
        "{HEADER}{},{},校长,2015,\n",
        terms[0].person, terms[0].school
    );
    let (status, body) = app
        .upload_with(
            "/teachers/leaders",
            "/teachers/leaders/import",
            "任职表2.csv",
            one.clone().into_bytes(),
            &[],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("确认替换"), "{body}");
    let (status, _) = app
        .upload_with(
            "/teachers/leaders",
            "/teachers/leaders/import",
            "任职表2.csv",
            one.into_bytes(),
            &[("replace", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(json(&app).await["rows"].as_array().unwrap().len(), 1);
    let (_, page) = app.text("/teachers/leaders").await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form("/teachers/leaders/withdraw", &[("csrf", &csrf)])
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_form(
            "/teachers/leaders/withdraw",
            &[("csrf", &csrf), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        json(&app).await["rows"].as_array().unwrap().len(),
        expected.leaders.len()
    );

    // A bad file lists every problem, located, and writes nothing.
    let bad = format!(
        "{HEADER}T1,{s},校长,2018,2022\nT1,{s},副校长,2022,\nT2,{s},主任,2020,\n",
        s = terms[0].school
    );
    let (status, page) = app
        .upload_with(
            "/teachers/leaders",
            "/teachers/leaders/import",
            "坏.csv",
            bad.into_bytes(),
            &[("replace", "1")],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"import-errors\""), "{page}");
    assert!(page.contains("leaders.post_invalid"), "{page}");
    assert_eq!(
        json(&app).await["rows"].as_array().unwrap().len(),
        expected.leaders.len()
    );
    let r = app.get("/teachers/leaders/template.xlsx").await;
    assert_eq!(r.status(), 200);
    assert!(xlsx_text(&r.bytes().await.unwrap()).contains("任职起始学年"));
    let (_, audit) = app.text("/audit").await;
    assert!(
        audit.contains("导入了校长副校长任职表") && audit.contains("撤回了校长副校长任职表"),
        "{audit}"
    );

    // A school's account sees its own school's leaders only, and may not import.
    let mine = terms[0].school.clone();
    app.add_user(
        "xz",
        "学校密码-123456",
        Role::School,
        Scope::School(mine.clone()),
    )
    .await;
    let school = app.logged_in("xz", "学校密码-123456").await;
    let got: serde_json::Value = school
        .get(app.url("/api/v1/teachers/leaders?year=2024"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = got["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["school"] == mine.as_str()), "{got}");
    let page = app.page_for(&school, "/teachers/leaders?year=2024").await;
    assert!(!page.contains("id=\"leaders-admin\""));
    let r = school
        .get(app.url("/teachers/leaders/template.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    drop(records);
}
