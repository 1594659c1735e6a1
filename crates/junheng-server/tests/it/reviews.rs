//! 年度综合考核 (issue 12 item 7): a school scores itself, the district scores it, a zone lead
//! gives 他评 within their 学区; the total is the rubric's renormalised mean with the resource
//! item from the school's evaluation and quality 未接入; an administrator finalises a year (again
//! only when confirmed) and the next year reads it as history; the list, its download and the
//! JSON agree and are scoped.

use junheng_core::review::{ReviewSettings, school_resource_score};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::SchoolRecord;
use junheng_store::{Role, Scope};
use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, location, two_years, xlsx_text};

const PASSWORD: &str = "考核测试-密码-1";

both!(reviews_are_scored_finalised_and_scoped, reviews);

async fn reviews(app: TestApp) {
    let records = two_years(&app).await;
    let earlier: Vec<SchoolRecord> = records
        .iter()
        .map(|r| SchoolRecord {
            year: 2023,
            ..r.clone()
        })
        .collect();
    let school = records
        .iter()
        .find(|r| r.parent_code.is_none() && r.group.is_some() && r.zone.is_some())
        .expect("a school in a group and a 学区");
    let other = records
        .iter()
        .find(|r| r.parent_code.is_none() && r.zone != school.zone && r.group != school.group)
        .expect("a school elsewhere");
    let (code, zone) = (school.code.to_string(), school.zone.clone().unwrap());
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user(
        "xiao",
        PASSWORD,
        Role::School,
        Scope::School(school.code.clone()),
    )
    .await;
    app.add_user("xuequ", PASSWORD, Role::ZoneLead, Scope::Zone(zone.clone()))
        .await;
    let sheet = format!("/reviews/school/{code}?year=2023");

    // The school scores itself; it may not give 他评 or see another school.
    let own = app.logged_in("xiao", PASSWORD).await;
    let page = app.page_for(&own, &sheet).await;
    assert!(page.contains("value=\"management|self\""), "{page}");
    assert!(!page.contains("management|peer"));
    let csrf = TestApp::csrf_of(&page);
    let post = |client: &reqwest::Client, pick: &str, score: &str| {
        let form = [
            ("csrf", csrf.clone()),
            ("year", "2023".to_owned()),
            ("pick", pick.to_owned()),
            ("score", score.to_owned()),
            ("note", "自查材料齐全".to_owned()),
        ];
        client
            .post(app.url(&format!("/reviews/school/{code}/scores")))
            .form(&form)
            .send()
    };
    let r = post(&own, "management|self", "80").await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(location(&r).ends_with("saved=80"), "{}", location(&r));
    // 他评 is not the school's; a computed item and a score above 100 are refused.
    for (pick, score, status) in [
        ("management|peer", "90", 403),
        ("resources|self", "90", 400),
        ("management|self", "101", 400),
    ] {
        let r = post(&own, pick, score).await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{pick} {score}");
    }
    let theirs = format!("/reviews/school/{}?year=2023", other.code);
    let r = own.get(app.url(&theirs)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);

    // The zone lead gives 他评 to a school of their 学区.
    let lead = app.logged_in("xuequ", PASSWORD).await;
    let page = app.page_for(&lead, &sheet).await;
    let csrf_lead = TestApp::csrf_of(&page);
    let r = lead
        .post(app.url(&format!("/reviews/school/{code}/scores")))
        .form(&[
            ("csrf", csrf_lead.as_str()),
            ("year", "2023"),
            ("item", "management"),
            ("scorer", "peer"),
            ("score", "60"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);

    // The district scores it, and finalises 2023.
    app.login("admin", PASSWORD).await;
    let (_, page) = app.text(&sheet).await;
    let csrf_admin = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            &format!("/reviews/school/{code}/scores"),
            &[
                ("csrf", &csrf_admin),
                ("year", "2023"),
                ("pick", "management|district"),
                ("score", "70"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let api: Value = app
        .get("/api/v1/reviews?year=2023")
        .await
        .json()
        .await
        .unwrap();
    let mine = api["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .unwrap()
        .clone();
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let e = junheng_core::evaluate::evaluate(&earlier, &rulebook).unwrap();
    let resource = school_resource_score(&e, &school.code).unwrap().value;
    // 自评 0.2 · 80, 他评 0.3 · 60, 区县 0.5 · 70; resources 25, management 20, the rest 未接入.
    let management = 0.2 * 80.0 + 0.3 * 60.0 + 0.5 * 70.0;
    let total = (25.0 * resource + 20.0 * management) / 45.0;
    assert!(
        (mine["review"]["total"].as_f64().unwrap() - total).abs() < 1e-9,
        "{mine}"
    );
    assert!(
        mine["review"]["unconnected"]
            .as_array()
            .unwrap()
            .contains(&Value::from("quality"))
    );
    assert_eq!(api["finalised_by"], Value::Null);
    let settings = ReviewSettings::default();
    assert_eq!(
        api["schools"].as_array().unwrap().len(),
        records.iter().filter(|r| r.parent_code.is_none()).count()
    );
    assert!(!api["groups"].as_array().unwrap().is_empty());
    assert_eq!(settings.rubric.items.len(), 5);

    let (status, _) = app
        .post_form(
            "/reviews/finalise",
            &[("csrf", &csrf_admin), ("year", "2023")],
        )
        .await;
    assert_eq!(status, 303);
    let (status, body) = app
        .post_form(
            "/reviews/finalise",
            &[("csrf", &csrf_admin), ("year", "2023")],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    let (status, _) = app
        .post_form(
            "/reviews/finalise",
            &[("csrf", &csrf_admin), ("year", "2023"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(status, 303);
    let api: Value = app
        .get("/api/v1/reviews?year=2023")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(api["finalised_by"], "admin");

    // 2024 reads 2023 as history: the sheet lists it, a group's members carry last year's total.
    let (_, page) = app.text(&format!("/reviews/school/{code}?year=2024")).await;
    assert!(page.contains("id=\"review-history\""));
    assert!(page.contains("2023"), "the finalised 2023 in the history");
    let api: Value = app
        .get("/api/v1/reviews?year=2024")
        .await
        .json()
        .await
        .unwrap();
    let group = school.group.clone().unwrap();
    let g = api["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == group.as_str())
        .unwrap();
    let row = g["composite"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["unit"] == code)
        .unwrap();
    assert!(
        (row["last_year"].as_f64().unwrap() - total).abs() < 1e-9,
        "{row}"
    );

    // The list, its download and the JSON come from one selection; a school user sees itself.
    let xlsx = app
        .get("/reviews?year=2023&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let text = xlsx_text(&xlsx);
    assert!(text.contains(&school.name) && text.contains(&other.name));
    let mine: Value = own
        .get(app.url("/api/v1/reviews?year=2023"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["schools"].as_array().unwrap().len(), 1);
    assert!(mine["groups"].as_array().unwrap().is_empty());
    let list = app.page_for(&own, "/reviews?year=2023&format=csv").await;
    assert!(list.contains(&code) && !list.contains(other.code.as_str()));
    let zone_list = app.page_for(&lead, "/reviews?year=2023&format=csv").await;
    assert!(zone_list.contains(&code) && !zone_list.contains(other.code.as_str()));
    // The group's page shows its 综合考核.
    let (_, page) = app
        .text(&format!("/groups/{}?year=2024", url_segment(&group)))
        .await;
    assert!(page.contains("id=\"group-review\""), "{page}");
}

fn url_segment(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
