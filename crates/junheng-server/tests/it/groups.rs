//! Groups as first-class records (issue 12): an administrator keeps the registry on the web
//! (record, joining and leaving on dates, a group file whole or not at all); a year's members are
//! the registry's on 1 September, everywhere; coverage's page, download and JSON agree; a zone
//! lead sees their 学区 only.

use junheng_core::group::{GroupStatus, LegalForm};
use junheng_io::group::{GroupLine, MemberLine, write_groups};
use junheng_store::{Role, Scope};
use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, district, location, xlsx_text};

const PASSWORD: &str = "集团测试-密码-1";

both!(the_registry_is_kept_on_the_web, registry);
both!(a_group_file_is_imported_whole_or_not_at_all, group_file);
both!(coverage_page_download_and_json_agree, coverage);
both!(a_zone_lead_sees_their_zone_only, zone_lead);

async fn admin(app: &TestApp) {
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
}

async fn registry(app: TestApp) {
    let records = district(40);
    app.seed(&records).await;
    admin(&app).await;
    let (_, page) = app.text("/groups").await;
    let csrf = TestApp::csrf_of(&page);
    let lead = records[0].code.to_string();
    let r = app
        .post(
            "/groups",
            &[
                ("csrf", csrf.as_str()),
                ("name", "玉林教育集团"),
                ("kind", "领办型"),
                ("status", "cultivating"),
                ("founded_on", "2019-05-23"),
                ("legal_form", "single"),
                ("lead", lead.as_str()),
                ("note", "五大指导中心"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let to = location(&r);
    assert!(to.contains("done=saved"), "{to}");
    let (status, page) = app.text(&to).await;
    assert_eq!(status, 200, "{page}");
    for text in [
        "领办型",
        "培育",
        "2019-05-23",
        "一法人多校区",
        "五大指导中心",
        "集团档案已保存",
    ] {
        assert!(
            page.contains(text),
            "{text}: {}",
            &page[page.find("<h1").unwrap_or(0)..][..1500]
        );
    }
    // A type outside the vocabulary is refused, naming the vocabulary.
    let (status, body) = app
        .post_form(
            "/groups",
            &[
                ("csrf", &csrf),
                ("name", "玉林教育集团"),
                ("kind", "随便型"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("随便型") && body.contains("紧密型"), "{body}");

    // A school joins before the year's 1 September and another after it: only the first is a
    // member of 2024–2025; the one that joined later is listed with its date.
    let free = ungrouped(&records);
    let (a, b) = (free[0].clone(), free[1].clone());
    let group = "/groups/%E7%8E%89%E6%9E%97%E6%95%99%E8%82%B2%E9%9B%86%E5%9B%A2";
    for (school, date) in [(a.as_str(), "2020-09-01"), (b.as_str(), "2024-10-01")] {
        let r = app
            .post(
                &format!("{group}/members"),
                &[
                    ("csrf", csrf.as_str()),
                    ("school", school),
                    ("joined_on", date),
                ],
            )
            .await;
        assert_eq!(r.status(), 303, "{school}");
    }
    // The same school in a second group at the same time is refused.
    app.post_form(
        "/groups",
        &[("csrf", &csrf), ("name", "第二集团"), ("kind", "联盟型")],
    )
    .await;
    let (status, body) = app
        .post_form(
            "/groups/%E7%AC%AC%E4%BA%8C%E9%9B%86%E5%9B%A2/members",
            &[("csrf", &csrf), ("school", &a), ("joined_on", "2023-09-01")],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("玉林教育集团"), "{body}");

    let json: Value = app
        .get("/api/v1/groups/%E7%8E%89%E6%9E%97%E6%95%99%E8%82%B2%E9%9B%86%E5%9B%A2?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["members_on"], "2024-09-01");
    assert_eq!(json["members"], serde_json::json!([a]));
    assert_eq!(json["history"].as_array().unwrap().len(), 2);
    assert_eq!(json["status"], "cultivating");

    // The school leaves: the page lists the date, and the history tells each change.
    let r = app
        .post(
            &format!("{group}/members/leave"),
            &[
                ("csrf", csrf.as_str()),
                ("school", a.as_str()),
                ("left_on", "2024-08-31"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, page) = app.text(group).await;
    assert!(page.contains("2024-08-31"));
    assert!(
        page.contains("变更记录") && page.contains("加入教育集团"),
        "{page}"
    );
    // 2024–2025 has no member left: the list says 0 members.
    let (_, list) = app.text("/groups?year=2024&format=csv").await;
    let line = list.lines().find(|l| l.contains("玉林教育集团")).unwrap();
    assert!(line.contains(",0,0,"), "{line}");
}

/// Codes of schools the demo puts in no group (free to join one).
fn ungrouped(records: &[junheng_core::school::SchoolRecord]) -> Vec<String> {
    let free: Vec<String> = records
        .iter()
        .filter(|r| r.group.is_none())
        .map(|r| r.code.to_string())
        .collect();
    assert!(free.len() >= 2, "the demo has schools outside groups");
    free
}

fn line(group: &str, school: &str, joined: &str, left: Option<&str>) -> MemberLine {
    MemberLine {
        row: 0,
        group: group.into(),
        school: junheng_core::school::SchoolCode::parse(school).unwrap(),
        joined_on: joined.into(),
        left_on: left.map(str::to_owned),
    }
}

fn group(name: &str, kind: &str) -> GroupLine {
    GroupLine {
        row: 0,
        name: name.into(),
        kind: kind.into(),
        status: GroupStatus::Formal,
        founded_on: Some("2018-09-01".into()),
        legal_form: LegalForm::Multiple,
        lead_school: None,
        note: String::new(),
    }
}

async fn group_file(app: TestApp) {
    let records = district(40);
    app.seed(&records).await;
    admin(&app).await;
    let kinds = junheng_app::groups::default_kinds();
    let free = ungrouped(&records);
    let (a, b) = (free[0].clone(), free[1].clone());
    let good = write_groups(
        &[group("南坪集团", "紧密型"), group("弹子石联盟", "联盟型")],
        &[
            line("南坪集团", &a, "2020-09-01", None),
            line("弹子石联盟", &b, "2021-09-01", None),
        ],
        &kinds,
    );
    let (status, body) = app
        .upload("/groups", "/groups/import", "名册.xlsx", good)
        .await;
    assert_eq!(status, 303, "{body}");
    let (_, page) = app
        .text("/groups?created=2&updated=0&added=2&closed=0")
        .await;
    assert!(page.contains("新建集团 2 个"), "{page}");
    // b in both groups at once: refused whole, the new group not written.
    let bad = write_groups(
        &[group("第三集团", "融合型")],
        &[line("第三集团", &b, "2023-09-01", None)],
        &kinds,
    );
    let (status, body) = app
        .upload("/groups", "/groups/import", "名册2.xlsx", bad)
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("弹子石联盟"), "{body}");
    let json: Value = app.get("/api/v1/groups").await.json().await.unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"第三集团"), "{names:?}");
    // The registry downloads as the same file.
    let r = app.get("/groups/template.xlsx").await;
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(text.contains("南坪集团") && text.contains(&a), "{text}");
}

async fn coverage(app: TestApp) {
    let records = district(60);
    app.seed(&records).await;
    admin(&app).await;
    let json: Value = app
        .get("/api/v1/coverage?year=2024")
        .await
        .json()
        .await
        .unwrap();
    let overall = &json["overall"];
    let (n, d) = (
        overall["schools"]["numerator"].as_u64().unwrap(),
        overall["schools"]["denominator"].as_u64().unwrap(),
    );
    let grouped = records
        .iter()
        .filter(|r| r.group.is_some() && r.kind != junheng_core::school::SchoolKind::Special)
        .count() as u64;
    assert_eq!(n, grouped, "the seeded groups' members");
    assert!(d >= n && d > 0);
    let (status, page) = app.text("/coverage?year=2024").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("学校参与率") && page.contains("特殊教育学校"),
        "{page}"
    );
    let (_, csv) = app.text("/coverage?year=2024&format=csv").await;
    let first = csv.lines().nth(1).unwrap();
    assert!(first.contains(&format!(",{n},{d},")), "{first}");
}

async fn zone_lead(app: TestApp) {
    let records = district(60);
    app.seed(&records).await;
    let zones: Vec<String> = {
        let mut z: Vec<String> = records.iter().filter_map(|r| r.zone.clone()).collect();
        z.sort();
        z.dedup();
        z
    };
    assert!(zones.len() >= 2, "{zones:?}");
    let (mine, theirs) = (&zones[0], &zones[1]);
    app.add_user("zone", PASSWORD, Role::ZoneLead, Scope::Zone(mine.clone()))
        .await;
    app.login("zone", PASSWORD).await;
    let (status, list) = app.text("/zones").await;
    assert_eq!(status, 200);
    assert!(list.contains(mine.as_str()) && !list.contains(theirs.as_str()));
    let enc = |z: &str| {
        percent_encoding::utf8_percent_encode(z, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let (status, page) = app.text(&format!("/zones/{}", enc(mine))).await;
    assert_eq!(status, 200, "{page}");
    let own: Vec<_> = records
        .iter()
        .filter(|r| r.zone.as_deref() == Some(mine.as_str()))
        .collect();
    assert!(own.iter().all(|r| page.contains(r.code.as_str())));
    let other = records
        .iter()
        .find(|r| r.zone.as_deref() == Some(theirs.as_str()))
        .unwrap();
    assert!(!page.contains(other.code.as_str()));
    assert_eq!(app.text(&format!("/zones/{}", enc(theirs))).await.0, 403);
    // The schools list shows the zone's schools only.
    let (_, schools) = app.text("/schools?format=csv").await;
    assert!(schools.contains(own[0].code.as_str()));
    assert!(!schools.contains(other.code.as_str()));
    assert_eq!(app.text(&format!("/schools/{}", other.code)).await.0, 403);
}
