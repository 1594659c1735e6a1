//! 交流方案: the planner's page, accepting a plan (admin only, under the rulebook and data it was
//! made with), and a group lead planning inside their group.

use std::collections::BTreeMap;

use junheng_core::rulebook::Rulebook;
use junheng_rotation::{PlanInput, PlanOptions, groups_of, plan};
use junheng_store::{AuditFilter, MoveSource, Role, Scope};

use crate::both;
use crate::helpers::TestApp;
use crate::rotation::{YEAR, admin, ampersands, hidden, seeded, stored_moves};

async fn a_plan_is_accepted_under_the_rulebook_it_was_made_with_only(app: TestApp) {
    admin(&app).await;
    seeded(&app, false).await;
    let anhui = Rulebook::builtin("anhui-2018").unwrap().rotation;
    let (status, page) = app
        .text("/plan?year=2024&rulebook=anhui-2018&group=&max_moves=&max_km=")
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&anhui.describe()), "{page}");
    assert!(ampersands(&page).contains("/plan.xlsx?year=2024&rulebook=anhui-2018"));
    assert_eq!(hidden(&page, "rulebook"), "anhui-2018");
    let hash = hidden(&page, "hash");
    let csrf = TestApp::csrf_of(&page);
    let as_national = [
        ("csrf", csrf.as_str()),
        ("year", "2024"),
        ("rulebook", "cn-2017"),
        ("group", ""),
        ("max_moves", ""),
        ("max_km", ""),
        ("hash", hash.as_str()),
        ("confirm", "1"),
    ];
    let (status, body) = app.post_form("/plan/accept", &as_national).await;
    assert_eq!(
        status, 409,
        "a plan made under anhui-2018 is not one of cn-2017: {body}"
    );
    assert!(stored_moves(&app).await.is_empty());
    let r = app
        .post(
            "/plan/accept",
            &[
                ("csrf", csrf.as_str()),
                ("year", "2024"),
                ("rulebook", "anhui-2018"),
                ("hash", hash.as_str()),
                ("confirm", "1"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let to = r.headers()["location"].to_str().unwrap();
    let batch = stored_moves(&app).await[0].batch;
    assert_eq!(
        to,
        format!("/rotation?year=2024&rulebook=anhui-2018&tab=ledger&batch={batch}#ledger")
    );
    assert!(!stored_moves(&app).await.is_empty());
}
both!(
    plan_rulebook,
    a_plan_is_accepted_under_the_rulebook_it_was_made_with_only
);

async fn a_plan_is_shown_and_accepted_into_the_ledger_by_an_administrator_only(app: TestApp) {
    admin(&app).await;
    app.add_user("duxue", "正确密码-2", Role::Supervisor, Scope::District)
        .await;
    seeded(&app, false).await;
    // As the server reads them back from the store.
    let records = app.home().await.statistics(YEAR, None).await.unwrap();
    let roster = app.home().await.roster(YEAR).await.unwrap();
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let groups: BTreeMap<_, _> = groups_of(&records, YEAR);
    let expected = plan(
        &PlanInput {
            records: &records,
            roster: &roster,
            ledger: &[],
            groups: &groups,
            rulebook: &rulebook,
        },
        &PlanOptions {
            year: YEAR,
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert!(!expected.moves.is_empty());
    let (status, page) = app.text("/plan?year=2024&group=&max_moves=&max_km=").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"plan-moves\"") && page.contains("id=\"cv-changes\""));
    assert!(page.contains(expected.moves[0].teacher.as_str()));
    let hash = hidden(&page, "hash");
    let csrf = TestApp::csrf_of(&page);
    let form = |hash: &str| {
        vec![
            ("csrf".to_owned(), csrf.clone()),
            ("year".to_owned(), "2024".to_owned()),
            ("group".to_owned(), String::new()),
            ("max_moves".to_owned(), String::new()),
            ("max_km".to_owned(), String::new()),
            ("hash".to_owned(), hash.to_owned()),
            ("confirm".to_owned(), "1".to_owned()),
        ]
    };
    let (status, _) = app.text("/plan.json?year=2024").await;
    assert_eq!(status, 200);

    let supervisor = app.logged_in("duxue", "正确密码-2").await;
    let (_, sup_page) = {
        let r = supervisor
            .get(app.url("/plan?year=2024"))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert!(sup_page.contains("id=\"plan-moves\"") && !sup_page.contains("id=\"accept\""));
    let mut sup_form = form(&hash);
    sup_form[0].1 = TestApp::csrf_of(&sup_page);
    let r = supervisor
        .post(app.url("/plan/accept"))
        .form(&sup_form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);

    let r = app.post("/plan/accept", &form(&"0".repeat(64))).await;
    assert_eq!(r.status().as_u16(), 409, "a stale plan is refused");
    assert!(r.text().await.unwrap().contains("方案已变化"));
    assert!(stored_moves(&app).await.is_empty());

    let r = app.post("/plan/accept", &form(&hash)).await;
    assert_eq!(r.status().as_u16(), 303);
    let stored = stored_moves(&app).await;
    assert_eq!(stored.len(), expected.moves.len());
    assert!(stored.iter().all(|e| e.source == MoveSource::Plan));
    assert_eq!(
        stored.iter().map(|e| e.move_.clone()).collect::<Vec<_>>(),
        expected.as_ledger()
    );
    let audit = app
        .store
        .audit_log(&AuditFilter {
            district: None,
            limit: 20,
            before_id: None,
            action_prefix: Some("ledger.add".into()),
            actor: Some("admin".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert!(
        audit.iter().any(|e| e.detail.contains("source=plan")),
        "{audit:?}"
    );

    let r = app.post("/plan/accept", &form(&hash)).await;
    assert_eq!(
        r.status().as_u16(),
        409,
        "the ledger changed: the same plan is stale now"
    );
    let (_, page) = app.text("/rotation?year=2024&tab=ledger").await;
    assert!(page.contains(expected.moves[0].teacher.as_str()));
}
both!(
    plan_accept,
    a_plan_is_shown_and_accepted_into_the_ledger_by_an_administrator_only
);

async fn a_group_lead_plans_for_their_group_only(app: TestApp) {
    let (records, _, _) = seeded(&app, true).await;
    let groups = groups_of(&records, YEAR);
    let own = groups
        .values()
        .next()
        .expect("the demo has a group")
        .clone();
    let other = "另一个教育集团".to_owned();
    app.add_user(
        "jituan",
        "正确密码-4",
        Role::GroupLead,
        Scope::Group(own.clone()),
    )
    .await;
    app.login("jituan", "正确密码-4").await;
    let (status, page) = app.text("/plan?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains(&format!("<option lang=\"zh-CN\" selected>{own}</option>")),
        "{page}"
    );
    assert!(!page.contains("id=\"accept\""), "group leads do not write");
    let (status, _) = app
        .text(&format!("/plan?year=2024&group={}", encode(&other)))
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        app.text("/rotation/2024.xlsx").await.0,
        200,
        "their group's workbook"
    );
    let (status, json) = app.text("/api/v1/rotation/2024").await;
    assert_eq!(status, 200, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["district"].is_null(),
        "the district quota is for district users"
    );
    assert!(v["groups"][own.as_str()]["eligible"].is_u64());
    assert!(v["groups"].get(other.as_str()).is_none());
}
both!(group_lead, a_group_lead_plans_for_their_group_only);

/// Percent-encodes a path segment.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
