//! 交流轮岗: uploads, quotas, the effect page, the rulebook switch, scopes, moves by hand and
//! the group page's bundled evaluation (the planner's page is in `plan.rs`).

use junheng_core::rulebook::{BackboneBase, Rulebook};
use junheng_core::school::SchoolRecord;
use junheng_rotation::{Move, Quota, Teacher, groups_of, rotation_year, synth};
use junheng_store::{Actor, LedgerEntry, MoveFilter, MoveSource, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};

pub const YEAR: i32 = 2024;

/// Statistics, roster and (optionally) a ledger of the demo district, stored.
pub async fn seeded(
    app: &TestApp,
    with_ledger: bool,
) -> (Vec<SchoolRecord>, Vec<Teacher>, Vec<Move>) {
    let records = district(40);
    app.seed(&records).await;
    let roster = synth::roster(&records, 77);
    app.home()
        .await
        .replace_roster(YEAR, &roster, &Actor::system())
        .await
        .unwrap();
    let ledger = if with_ledger {
        let l = synth::ledger(&records, &roster, &[YEAR], 0.05, 77);
        app.home()
            .await
            .add_moves(&l, MoveSource::Import, &Actor::system(), None)
            .await
            .unwrap();
        l
    } else {
        Vec::new()
    };
    (records, roster, ledger)
}

pub async fn admin(app: &TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
}

pub(crate) fn hidden(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = html
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + key.len();
    html[at..].split('"').next().unwrap().to_owned()
}

/// Every active move of the ledger.
pub(crate) async fn stored_moves(app: &TestApp) -> Vec<LedgerEntry> {
    app.home()
        .await
        .moves(&MoveFilter::default())
        .await
        .unwrap()
}

pub(crate) async fn confirm(app: &TestApp, page: &str) -> (u16, String) {
    let csrf = TestApp::csrf_of(page);
    let pending = hidden(page, "pending");
    app.post_form(
        "/rotation/confirm",
        &[("csrf", &csrf), ("pending", &pending)],
    )
    .await
}

async fn a_roster_is_previewed_with_every_error_then_stored_and_reconciled(app: TestApp) {
    admin(&app).await;
    let records = district(40);
    app.seed(&records).await;
    let mut roster = synth::roster(&records, 77);
    let mut csv = Vec::new();
    junheng_io::teacher::write_csv(&roster, &mut csv).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    let bad = text.replacen(roster[0].id.as_str(), "11010519491231002X", 1);
    let (status, page) = app
        .upload(
            "/rotation",
            "/rotation/roster",
            "花名册.csv",
            bad.into_bytes(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("import-errors") && page.contains("花名册.csv"),
        "{page}"
    );
    assert!(
        page.contains("身份证"),
        "the issue says what is wrong: {page}"
    );
    assert!(!page.contains("确认导入"));
    assert!(app.home().await.roster_years().await.unwrap().is_empty());

    roster.pop(); // one teacher fewer than the statistics count
    let mut csv = Vec::new();
    junheng_io::teacher::write_csv(&roster, &mut csv).unwrap();
    let (status, page) = app
        .upload("/rotation", "/rotation/roster", "花名册.csv", csv)
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("文件检查通过") && page.contains("确认导入"),
        "{page}"
    );
    assert!(
        app.home().await.roster_years().await.unwrap().is_empty(),
        "a preview stores nothing"
    );
    let (status, page) = confirm(&app, &page).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        app.home().await.roster(YEAR).await.unwrap().len(),
        roster.len()
    );
    assert!(
        page.contains("id=\"reconcile\"") && page.contains("项人数与学校统计数据不一致"),
        "{page}"
    );
}
both!(
    roster_upload,
    a_roster_is_previewed_with_every_error_then_stored_and_reconciled
);

async fn a_ledger_file_is_previewed_then_added(app: TestApp) {
    admin(&app).await;
    let (records, roster, _) = seeded(&app, false).await;
    let ledger = synth::ledger(&records, &roster, &[YEAR], 0.05, 77);
    assert!(!ledger.is_empty());
    let mut csv = Vec::new();
    junheng_io::rotation::write_ledger_csv(&ledger, &mut csv).unwrap();
    let (status, page) = app
        .upload("/rotation", "/rotation/ledger", "台账.csv", csv)
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("文件检查通过"), "{page}");
    assert!(stored_moves(&app).await.is_empty());
    let (status, page) = confirm(&app, &page).await;
    assert_eq!(status, 200, "{page}");
    let stored = stored_moves(&app).await;
    assert_eq!(stored.len(), ledger.len());
    assert!(
        page.contains(&format!(
            "已写入台账：{} 条交流，批次 #{}",
            ledger.len(),
            stored[0].batch
        )),
        "{page}"
    );
}
both!(ledger_upload, a_ledger_file_is_previewed_then_added);

/// A page with its `&` escapes undone, to look for links.
pub(crate) fn ampersands(page: &str) -> String {
    page.replace("&#38;", "&").replace("&amp;", "&")
}

/// The name of the district's quota row (it names no group or school).
pub(crate) const DISTRICT: &str = "";

/// The number in cell `class` of a quota row.
pub(crate) fn quota_cell(page: &str, name: &str, class: &str) -> u64 {
    let at = page
        .find(&format!("data-name=\"{name}\""))
        .unwrap_or_else(|| panic!("no quota row {name}"));
    let row = &page[at..];
    let key = format!("class=\"num {class}\">");
    let i = row.find(&key).unwrap() + key.len();
    row[i..].split('<').next().unwrap().parse().unwrap()
}

/// The numbers of a quota row: (rotated, required).
pub(crate) fn quota_cells(page: &str, name: &str) -> (u64, u64) {
    (
        quota_cell(page, name, "rotated"),
        quota_cell(page, name, "required"),
    )
}

async fn the_quota_page_shows_what_the_engine_computes(app: TestApp) {
    admin(&app).await;
    let (records, roster, ledger) = seeded(&app, true).await;
    let groups = groups_of(&records, YEAR);
    let rules = Rulebook::builtin("cn-2017").unwrap().rotation;
    let ry = rotation_year(YEAR, &roster, &ledger, &groups, &Default::default(), &rules);
    let (status, page) = app.text("/rotation?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&rules.describe()));
    assert_eq!(
        quota_cells(&page, DISTRICT),
        (ry.district.rotated, ry.district.required)
    );
    let (g, q) = ry.groups.iter().next().expect("the demo has groups");
    assert_eq!(quota_cells(&page, g), (q.rotated, q.required));
    let (status, page) = app.text("/rotation?year=2024&tab=ledger").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"moves\""));
    assert!(
        page.contains(ledger[0].teacher.as_str()),
        "the ledger is listed"
    );
    let (status, _) = app.text("/rotation/2024.xlsx").await;
    assert_eq!(status, 200);
    let (status, _) = app.text("/rotation/template/roster.xlsx").await;
    assert_eq!(status, 200);
}
both!(quota, the_quota_page_shows_what_the_engine_computes);

async fn the_effect_page_compares_with_and_without_the_ledger(app: TestApp) {
    admin(&app).await;
    seeded(&app, true).await;
    let (status, page) = app.text("/rotation/effect?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"cv-changes\"") && page.contains("id=\"unit-changes\""));
    assert!(page.contains("→"), "before → after");
}
both!(effect, the_effect_page_compares_with_and_without_the_ledger);

async fn the_rulebook_chosen_sets_the_backbone_quota(app: TestApp) {
    admin(&app).await;
    let (records, roster, ledger) = seeded(&app, true).await;
    let groups = groups_of(&records, YEAR);
    let anhui = Rulebook::builtin("anhui-2018").unwrap().rotation;
    let national = Rulebook::builtin("cn-2017").unwrap().rotation;
    assert_eq!(anhui.backbone_base, BackboneBase::Eligible);
    let d = rotation_year(YEAR, &roster, &ledger, &groups, &Default::default(), &anhui).district;
    let expected = Quota::new(d.eligible, d.rotated, d.backbone_rotated, &anhui);
    let national_required = rotation_year(
        YEAR,
        &roster,
        &ledger,
        &groups,
        &Default::default(),
        &national,
    )
    .district
    .backbone_required;
    assert_ne!(expected.backbone_required, national_required);

    let (status, page) = app.text("/rotation?year=2024&rulebook=anhui-2018").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&anhui.describe()), "{page}");
    assert_eq!(
        quota_cell(&page, DISTRICT, "backbone-required"),
        expected.backbone_required
    );
    let links = ampersands(&page);
    assert!(
        links.contains(
            "class=\"chip on\" href=\"/rotation?year=2024&rulebook=anhui-2018&tab=quota\""
        ),
        "the switch shows the rulebook: {page}"
    );
    assert!(
        links.contains("/rotation/effect?year=2024&rulebook=anhui-2018")
            && links.contains("/rotation/2024.xlsx?rulebook=anhui-2018")
            && links.contains("/rotation?year=2024&rulebook=anhui-2018&tab=teachers&school="),
        "links keep the rulebook"
    );
    let (_, teachers) = app
        .text("/rotation?year=2024&rulebook=anhui-2018&tab=teachers")
        .await;
    assert!(
        teachers.contains("name=\"rulebook\" value=\"anhui-2018\""),
        "forms keep the rulebook"
    );
    let (_, page) = app.text("/rotation?year=2024").await;
    assert!(page.contains(&national.describe()));
    assert_eq!(
        quota_cell(&page, DISTRICT, "backbone-required"),
        national_required
    );
    for path in [
        "/rotation/effect?year=2024&rulebook=anhui-2018",
        "/rotation/2024.xlsx?rulebook=anhui-2018",
    ] {
        assert_eq!(app.text(path).await.0, 200, "{path}");
    }
    let (status, json) = app.text("/api/v1/rotation/2024?rulebook=anhui-2018").await;
    assert_eq!(status, 200, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["rulebook"], "anhui-2018");
    assert_eq!(
        v["district"]["backbone_required"],
        expected.backbone_required
    );

    for path in [
        "/rotation?rulebook=nope",
        "/rotation/effect?year=2024&rulebook=nope",
        "/rotation/2024.xlsx?rulebook=nope",
        "/plan?rulebook=nope",
        "/plan?year=2024&rulebook=nope",
        "/plan.xlsx?year=2024&rulebook=nope",
        "/plan.json?year=2024&rulebook=nope",
        "/api/v1/rotation/2024?rulebook=nope",
    ] {
        let (status, body) = app.text(path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(
            body.contains("没有名为「nope」的评估规则")
                && body.contains("cn-2017")
                && body.contains("anhui-2018"),
            "{path}: {body}"
        );
    }
}
both!(rulebook_switch, the_rulebook_chosen_sets_the_backbone_quota);

async fn a_school_user_sees_only_their_own_schools_rotation(app: TestApp) {
    let (records, roster, ledger) = seeded(&app, true).await;
    let own = &records[0].code;
    let other = roster
        .iter()
        .find(|t| {
            &t.school != own
                && !ledger
                    .iter()
                    .any(|m| m.teacher == t.id && (&m.from == own || &m.to == own))
        })
        .unwrap();
    app.add_user(
        "xuexiao",
        "正确密码-3",
        Role::School,
        Scope::School(own.clone()),
    )
    .await;
    app.login("xuexiao", "正确密码-3").await;
    let (status, page) = app.text("/rotation?year=2024&tab=teachers").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        !page.contains(&format!("<code>{}</code>", other.id)),
        "another school's teacher"
    );
    assert!(!page.contains("data-scope=\"rotation-scope-district\""));
    let (status, _) = app
        .text(&format!("/rotation?year=2024&school={}", other.school))
        .await;
    assert_eq!(status, 403);
    for path in ["/plan", "/plan?year=2024", "/plan.json?year=2024"] {
        assert_eq!(app.text(path).await.0, 403, "{path}");
    }
    // The workbook is the page's own selection: this school's teachers only.
    let r = app.get("/rotation/2024.xlsx").await;
    assert_eq!(r.status(), 200);
    let text = crate::helpers::xlsx_text(&r.bytes().await.unwrap());
    assert!(
        !text.contains(other.id.as_str()),
        "another school's teacher"
    );
    assert!(!text.contains(other.school.as_str()), "another school");
    let (_, page) = app.text("/rotation?year=2024").await;
    let (status, _) = app
        .post_form(
            "/rotation/moves",
            &[
                ("csrf", &TestApp::csrf_of(&page)),
                ("teacher", "T1"),
                ("from", own.as_str()),
                ("to", other.school.as_str()),
                ("start_year", "2024"),
                ("end_year", "2025"),
                ("kind", "交流"),
            ],
        )
        .await;
    assert_eq!(status, 403, "only administrators write");
    let anonymous = app.stranger();
    let r = anonymous.get(app.url("/rotation")).send().await.unwrap();
    assert_eq!(
        r.status().as_u16(),
        303,
        "anonymous users are sent to log in"
    );
}
both!(
    school_scope,
    a_school_user_sees_only_their_own_schools_rotation
);

async fn the_group_page_shows_the_bundled_evaluation_and_rotation(app: TestApp) {
    admin(&app).await;
    let (records, _, _) = seeded(&app, true).await;
    let name = records.iter().find_map(|r| r.group.clone()).unwrap();
    let path = format!("/groups/{}?year=2024", crate::plan::encode(&name));
    let (status, page) = app.text(&path).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("id=\"bundled\"") && page.contains("集团内差异系数"),
        "{page}"
    );
    assert!(page.contains("id=\"group-rotation\"") && page.contains("id=\"plan-link\""));
    let (status, page) = app
        .text(&format!(
            "/plan?year=2024&group={}",
            crate::plan::encode(&name)
        ))
        .await;
    assert_eq!(status, 200, "{page}");
}
both!(
    group_page,
    the_group_page_shows_the_bundled_evaluation_and_rotation
);

async fn a_move_entered_by_hand_is_listed_and_cancelled_with_a_reason(app: TestApp) {
    admin(&app).await;
    let (records, roster, _) = seeded(&app, false).await;
    let t = &roster[0];
    let to = records.iter().find(|r| r.code != t.school).unwrap();
    let (_, page) = app.text("/rotation?year=2024").await;
    let csrf = TestApp::csrf_of(&page);
    let fields = [
        ("csrf", csrf.as_str()),
        ("teacher", t.id.as_str()),
        ("from", t.school.as_str()),
        ("to", to.code.as_str()),
        ("start_year", "2024"),
        ("end_year", "2025"),
        ("kind", "支教"),
        ("note", ""),
    ];
    assert_eq!(app.post_form("/rotation/moves", &fields).await.0, 303);
    let (status, body) = app.post_form("/rotation/moves", &fields).await;
    assert_eq!(status, 409, "an overlapping move is refused: {body}");
    let (status, _) = app
        .post_form("/rotation/moves", &[("csrf", "x"), ("teacher", "T9")])
        .await;
    assert_eq!(status, 403, "a forged form token");
    let (status, _) = app
        .post_form("/rotation/moves", &[("csrf", &csrf), ("teacher", "T9")])
        .await;
    assert_eq!(status, 400, "a form with missing fields");
    let id = stored_moves(&app).await[0].id;
    let (status, _) = app
        .post_form(
            &format!("/rotation/moves/{id}/cancel"),
            &[("csrf", &csrf), ("reason", "录入有误"), ("year", "2024")],
        )
        .await;
    assert_eq!(status, 303);
    assert!(stored_moves(&app).await.is_empty());
}
both!(
    manual_move,
    a_move_entered_by_hand_is_listed_and_cancelled_with_a_reason
);
