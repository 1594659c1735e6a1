//! Nothing replaced by surprise, big writes confirmed and undoable (issue 11): a roster or
//! statistics file compared with the current version, removals confirmed, a file of some schools
//! merged; the versions pages and restoring; accepting a plan after a confirmation page, the
//! message after it, cancelling its batch; the `/rotation` tabs.

use junheng_core::school::SchoolCode;
use junheng_rotation::{Move, MoveKind, TeacherId, synth};
use junheng_server::Config;
use junheng_store::{Actor, AuditFilter, MoveFilter, MoveSource, VersionKind};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};
use crate::rotation::{YEAR, admin, hidden, seeded, stored_moves};

/// A roster as a CSV file.
fn roster_csv(teachers: &[junheng_rotation::Teacher]) -> Vec<u8> {
    let mut csv = Vec::new();
    junheng_io::teacher::write_csv(teachers, &mut csv).unwrap();
    csv
}

/// Posts the roster preview's confirmation form with `mode` and, when `confirm`, the ticked box.
async fn confirm_roster(app: &TestApp, page: &str, mode: &str, confirm: bool) -> (u16, String) {
    let csrf = TestApp::csrf_of(page);
    let pending = hidden(page, "pending");
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("pending", &pending),
        ("mode", mode),
    ];
    if confirm {
        fields.push(("confirm_removals", "1"));
    }
    app.post_form("/rotation/confirm", &fields).await
}

async fn roster_versions(app: &TestApp) -> Vec<(u32, u64, VersionKind)> {
    app.home()
        .await
        .roster_versions(YEAR)
        .await
        .unwrap()
        .iter()
        .map(|v| (v.version, v.teachers, v.kind))
        .collect()
}

/// The regression of issue 11: a 3-row roster file silently replaced 7 310 teachers. Now the
/// preview shows what it would remove, proposes "update the listed schools", and replacing
/// needs the box ticked.
async fn a_three_row_roster_against_a_big_roster_demands_confirmation(app: TestApp) {
    admin(&app).await;
    let (_, roster, _) = seeded(&app, false).await;
    assert!(roster.len() > 1000, "a big roster: {}", roster.len());
    let mut three: Vec<_> = roster.iter().take(3).cloned().collect();
    three[0].subject = "科学".into();
    let (status, page) = app
        .upload(
            "/rotation",
            "/rotation/roster",
            "三行.csv",
            roster_csv(&three),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"compare\""), "{page}");
    assert!(
        page.contains("value=\"listed\" checked"),
        "a file of some schools proposes updating them only: {page}"
    );
    assert!(page.contains("id=\"confirm-removals\""), "{page}");
    assert!(
        page.contains(&format!("<td class=\"num\">{}</td>", roster.len())),
        "the current count is shown: {page}"
    );

    // Replacing without the box: nothing stored, the preview again with the reason.
    let (status, again) = confirm_roster(&app, &page, "replace", false).await;
    assert_eq!(status, 200, "{again}");
    assert!(again.contains("id=\"confirm-error\"") && again.contains("--confirm-removals"));
    assert!(
        again.contains("value=\"replace\" checked"),
        "the choice is kept"
    );
    assert_eq!(
        roster_versions(&app).await,
        [(1, roster.len() as u64, VersionKind::Replace)]
    );

    // Updating the listed schools keeps every other school's teachers; it still replaces the
    // listed schools' rosters, and the teachers it drops there must be confirmed too.
    let (status, listed) = confirm_roster(&app, &again, "listed", false).await;
    assert_eq!(status, 200, "{listed}");
    assert!(listed.contains("id=\"confirm-error\""), "{listed}");
    assert_eq!(roster_versions(&app).await.len(), 1);
    let (status, stored) = confirm_roster(&app, &listed, "listed", true).await;
    assert_eq!(status, 200, "{stored}");
    assert!(
        stored.contains("id=\"saved\"") && stored.contains("已保存为第 2 版"),
        "{stored}"
    );
    let now = app.home().await.roster(YEAR).await.unwrap();
    let listed: std::collections::BTreeSet<_> = three.iter().map(|t| &t.school).collect();
    let kept = roster
        .iter()
        .filter(|t| !listed.contains(&t.school))
        .count();
    assert!(kept > 1000);
    assert_eq!(now.len(), kept + 3);
    assert!(
        now.iter()
            .any(|t| t.id == three[0].id && t.subject == "科学")
    );
    let versions = app.home().await.roster_versions(YEAR).await.unwrap();
    assert_eq!(
        (
            versions[0].kind,
            versions[0].based_on,
            versions[0].file_name.as_str()
        ),
        (VersionKind::Merge, Some(1), "三行.csv")
    );

    // Replacing, confirmed: the year holds the file's three teachers.
    let (_, page) = app
        .upload(
            "/rotation",
            "/rotation/roster",
            "三行.csv",
            roster_csv(&three),
        )
        .await;
    let (status, stored) = confirm_roster(&app, &page, "replace", true).await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(app.home().await.roster(YEAR).await.unwrap().len(), 3);

    // The versions page, and the first version restored as a new one.
    let (status, versions) = app.text("/versions/roster?year=2024").await;
    assert_eq!(status, 200, "{versions}");
    assert!(versions.contains("三行.csv") && versions.contains("只更新文件中的学校"));
    assert!(versions.contains("data-version=\"3\""), "{versions}");
    let csrf = TestApp::csrf_of(&versions);
    let restore = |confirm: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("year", "2024".to_owned()),
            ("version", "1".to_owned()),
            ("confirm", confirm.to_owned()),
        ]
    };
    let fields = restore("");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = app.post_form("/versions/roster/restore", &pairs).await;
    assert_eq!(status, 400, "a restore needs the box ticked: {body}");
    let fields = restore("1");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post("/versions/roster/restore", &pairs).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        "/versions/roster?year=2024&saved=4"
    );
    assert_eq!(
        app.home().await.roster(YEAR).await.unwrap().len(),
        roster.len()
    );
    let (_, versions) = app.text("/versions/roster?year=2024&saved=4").await;
    assert!(versions.contains("已保存为第 4 版"), "{versions}");
    let audit = app
        .store
        .audit_log(&AuditFilter {
            action_prefix: Some("roster.replace".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert!(
        audit[0].detail.ends_with("kind=restore based_on=1"),
        "{audit:?}"
    );
}
both!(
    three_rows,
    a_three_row_roster_against_a_big_roster_demands_confirmation
);

/// Posts the statistics preview's confirmation.
async fn confirm_import(app: &TestApp, page: &str, mode: &str, confirm: bool) -> reqwest::Response {
    let csrf = TestApp::csrf_of(page);
    let pending = hidden(page, "pending");
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("pending", &pending),
        ("mode", mode),
    ];
    if confirm {
        fields.push(("confirm_removals", "1"));
    }
    app.post("/import/confirm", &fields).await
}

async fn statistics_of_some_schools_update_them_or_replace_when_confirmed(app: TestApp) {
    admin(&app).await;
    let records = district(50);
    app.seed(&records).await;
    let mut five = records[..5].to_vec();
    five[0].primary.students += 7;
    let mut csv = Vec::new();
    junheng_io::school::write_csv(&five, &mut csv).unwrap();
    let (status, page) = app
        .upload("/import", "/import", "五所.csv", csv.clone())
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("value=\"listed\" checked") && page.contains("整校删除"));
    let r = confirm_import(&app, &page, "replace", false).await;
    assert_eq!(r.status(), 200);
    let again = r.text().await.unwrap();
    assert!(again.contains("id=\"confirm-error\""), "{again}");
    assert_eq!(app.home().await.years().await.unwrap()[0].latest_version, 1);

    let r = confirm_import(&app, &again, "listed", false).await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(to, "/versions/statistics?year=2024&saved=2");
    let (_, versions) = app.text(&to).await;
    assert!(
        versions.contains("已保存为第 2 版") && versions.contains("五所.csv"),
        "{versions}"
    );
    let stored = app.home().await.statistics(2024, None).await.unwrap();
    assert_eq!(stored.len(), 50);
    assert_eq!(stored[0].primary.students, records[0].primary.students + 7);

    let (_, page) = app.upload("/import", "/import", "五所.csv", csv).await;
    let r = confirm_import(&app, &page, "replace", true).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.home().await.statistics(2024, None).await.unwrap().len(),
        5
    );
    let (_, versions) = app.text("/versions/statistics?year=2024").await;
    // Version 3 removed 45 schools against version 2.
    assert!(versions.contains("<td class=\"num\">45</td>"), "{versions}");
    let (status, detail) = app.text("/versions/statistics?year=2024&detail=2").await;
    assert_eq!(status, 200);
    let section = detail.split("id=\"detail\"").nth(1).expect("the detail");
    assert!(section.contains(records[0].code.as_str()), "{section}");
    assert!(
        !section.contains(records[1].code.as_str()),
        "only the changed school"
    );
}
both!(
    statistics_versions,
    statistics_of_some_schools_update_them_or_replace_when_confirmed
);

/// A stricter threshold from the settings: 2 % of the teachers fewer, spread over the schools,
/// passes under the default 5 % and must be confirmed under 1 %.
async fn the_threshold_is_a_setting(app: TestApp) {
    admin(&app).await;
    let (_, roster, _) = seeded(&app, false).await;
    let fewer: Vec<_> = roster
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 50 != 0)
        .map(|(_, t)| t.clone())
        .collect();
    let (_, page) = app
        .upload(
            "/rotation",
            "/rotation/roster",
            "少几人.csv",
            roster_csv(&fewer),
        )
        .await;
    assert!(page.contains("value=\"replace\" checked"), "{page}");
    assert!(page.contains("1.0%"), "the threshold is shown: {page}");
    let (status, again) = confirm_roster(&app, &page, "replace", false).await;
    assert_eq!(status, 200);
    assert!(again.contains("id=\"confirm-error\""), "{again}");
    let (status, stored) = confirm_roster(&app, &again, "replace", true).await;
    assert_eq!(status, 200);
    assert!(stored.contains("已保存为第 2 版"), "{stored}");
    assert_eq!(
        app.home().await.roster(YEAR).await.unwrap().len(),
        fewer.len()
    );
}
both!(
    threshold,
    the_threshold_is_a_setting,
    Config {
        removal_threshold: 0.01,
        ..Config::default()
    }
);

async fn a_plan_is_confirmed_saved_as_a_batch_and_cancelled_in_one_step(app: TestApp) {
    admin(&app).await;
    seeded(&app, false).await;
    let (status, page) = app.text("/plan?year=2024&group=&max_moves=&max_km=").await;
    assert_eq!(status, 200, "{page}");
    let hash = hidden(&page, "hash");
    let csrf = TestApp::csrf_of(&page);
    let form = [
        ("csrf", csrf.as_str()),
        ("year", "2024"),
        ("rulebook", "cn-2017"),
        ("hash", hash.as_str()),
        ("note", "第一批"),
    ];
    let (status, confirm_page) = app.post_form("/plan/accept", &form).await;
    assert_eq!(status, 200, "{confirm_page}");
    assert!(
        confirm_page.contains("id=\"accept-list\"")
            && confirm_page.contains("id=\"accept-confirm\"")
    );
    assert!(
        stored_moves(&app).await.is_empty(),
        "the confirmation page writes nothing"
    );
    assert_eq!(hidden(&confirm_page, "hash"), hash);

    let mut confirmed = form.to_vec();
    confirmed.push(("confirm", "1"));
    let r = app.post("/plan/accept", &confirmed).await;
    assert_eq!(r.status(), 303);
    let moves = stored_moves(&app).await;
    assert!(moves.len() > 1);
    let batch = moves[0].batch;
    assert!(
        moves
            .iter()
            .all(|e| e.batch == batch && e.source == MoveSource::Plan)
    );
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let (_, ledger) = app.text(&to).await;
    assert!(
        ledger.contains(&format!(
            "已写入台账：{} 条交流，批次 #{batch}",
            moves.len()
        )),
        "{ledger}"
    );
    assert!(ledger.contains(&format!("data-batch=\"{batch}\"")));

    let cancel = format!("/rotation/batches/{batch}/cancel");
    let csrf = TestApp::csrf_of(&ledger);
    let (status, _) = app
        .post_form(&cancel, &[("csrf", &csrf), ("reason", " ")])
        .await;
    assert_eq!(status, 400, "a reason is required");
    let (status, _) = app
        .post_form(
            &cancel,
            &[("csrf", &csrf), ("reason", "方案作废"), ("year", "2024")],
        )
        .await;
    assert_eq!(status, 303);
    assert!(stored_moves(&app).await.is_empty());
    let (status, _) = app
        .post_form(&cancel, &[("csrf", &csrf), ("reason", "再撤一次")])
        .await;
    assert_eq!(status, 409);
    let (_, cancelled) = app
        .text("/rotation?year=2024&tab=ledger&status=cancelled")
        .await;
    assert!(
        cancelled.contains("class=\"cancelled\"") && cancelled.contains("方案作废"),
        "cancelled moves stay visible with the reason: {cancelled}"
    );
    let r = app.get("/rotation/2024.xlsx").await;
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(
        text.contains("方案作废") && text.contains("已撤销"),
        "the workbook's ledger"
    );
    let all = app
        .home()
        .await
        .moves(&MoveFilter {
            include_cancelled: true,
            ..MoveFilter::default()
        })
        .await
        .unwrap();
    assert!(
        all.iter()
            .all(|e| e.cancelled_by.as_deref() == Some("admin"))
    );
}
both!(
    plan_batch,
    a_plan_is_confirmed_saved_as_a_batch_and_cancelled_in_one_step
);

fn mv(teacher: &str, from: &SchoolCode, to: &SchoolCode, years: (i32, i32)) -> Move {
    Move {
        teacher: TeacherId::parse(teacher).unwrap(),
        from: from.clone(),
        to: to.clone(),
        start_year: years.0,
        end_year: years.1,
        kind: MoveKind::Rotation,
    }
}

/// A roster of three teachers of one school, and moves from schools without any: those schools
/// read 无名册, never 达到; a move begun last year reads 在岗交流中.
async fn the_rotation_tabs_show_scopes_without_roster_and_running_moves(app: TestApp) {
    admin(&app).await;
    let records = district(20);
    app.seed(&records).await;
    let roster = synth::roster(&records, 5);
    let one = &roster[0].school;
    let three: Vec<_> = roster
        .iter()
        .filter(|t| &t.school == one)
        .take(3)
        .cloned()
        .collect();
    let home = app.home().await;
    home.replace_roster(YEAR, &three, &Actor::system())
        .await
        .unwrap();
    let other = records.iter().find(|r| &r.code != one).unwrap();
    let third = records
        .iter()
        .find(|r| &r.code != one && r.code != other.code)
        .unwrap();
    home.add_moves(
        &[
            mv("X001", &other.code, &third.code, (YEAR, YEAR + 2)),
            mv("X002", &third.code, &other.code, (YEAR - 1, YEAR + 1)),
        ],
        MoveSource::Manual,
        &Actor::system(),
        None,
    )
    .await
    .unwrap();
    let (status, page) = app.text("/rotation?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"summary\"") && page.contains("id=\"tabs\""));
    let row = page
        .split("<tr data-scope=\"rotation-scope-school\"")
        .skip(1)
        .find(|r| r.contains(other.code.as_str()))
        .expect("the school with a move and no roster");
    let row = row.split("</tr>").next().unwrap();
    assert!(row.contains("无名册") && !row.contains("达到"), "{row}");
    assert!(page.contains("id=\"no-roster\""), "the summary names it");
    let (_, ledger) = app.text("/rotation?year=2024&tab=ledger").await;
    let running = ledger
        .split("<tr data-move=")
        .find(|r| r.contains("X002"))
        .unwrap();
    assert!(running.contains("在岗交流中"), "{running}");
    let (_, filtered) = app
        .text(&format!("/rotation?year=2024&tab=ledger&school={}", one))
        .await;
    assert!(!filtered.contains("X001"), "the school filter");
    let (_, teachers) = app.text("/rotation?year=2024&tab=teachers").await;
    assert!(teachers.contains("id=\"eligible\"") && !teachers.contains("id=\"quota\""));
}
both!(
    rotation_tabs,
    the_rotation_tabs_show_scopes_without_roster_and_running_moves
);
