//! 学位 in the browser (issue 16): the administrator reads the size items on a phone and at
//! desktop width — each fits the screen, the failing schools and the classes above their limit
//! are listed — and withdraws the year's class table after ticking its confirmation; the same
//! two widths show /seats/zoning (the 就近入学 items, the 指标到校 share with its tilt and the
//! catchment map), and a zoning file is withdrawn after ticking its confirmation.

use junheng_core::school::{SchoolKind, Section, UrbanRural};
use junheng_core::seats::zoning::{CatchmentRow, EntrantCount, Place, QuotaRow};
use junheng_store::{Actor, ClassEntry, ZoningRows};

use super::*;

const PASSWORD: &str = "学位浏览器-密码-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_size_items_fit_a_phone_and_a_desktop_and_the_class_table_is_withdrawn() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(40);
    app.seed(&records).await;
    let school = records
        .iter()
        .find(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none())
        .unwrap();
    let class = |name: &str, pupils| ClassEntry {
        school: school.code.clone(),
        grade: 1,
        class: name.into(),
        pupils,
    };
    app.home()
        .await
        .import_class_table(
            2024,
            &[class("1班", 44), class("2班", 58), class("3班", 70)],
            "班级规模表.xlsx",
            &"e".repeat(64),
            &Actor::new("admin"),
        )
        .await
        .unwrap();
    seed_zoning(&app, &records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", PASSWORD).await;
    logged_in(c).await;
    for (width, height) in [(390, 844), (1280, 900)] {
        c.set_window_size(width, height).await.unwrap();
        c.goto(&app.url("/seats?year=2024")).await.unwrap();
        assert!(fits(c).await, "/seats fits {width} px");
        let text = body_text(c).await;
        for item in [
            "音乐、美术专用教室",
            "学校规模",
            "班额",
            "超大班额",
            "大班额",
        ] {
            assert!(text.contains(item), "{item} at {width} px: {text}");
        }
        assert!(text.contains(&school.name), "{text}");

        c.goto(&app.url("/seats/zoning?year=2024")).await.unwrap();
        assert!(fits(c).await, "/seats/zoning fits {width} px");
        let text = body_text(c).await;
        for item in [
            "就近划片入学",
            "未达标",
            "96.6%",
            "指标到校",
            "向农村初中倾斜",
            "城南街道·桂花园",
            "多校划片",
        ] {
            assert!(text.contains(item), "{item} at {width} px: {text}");
        }
    }
    assert!(
        c.find(Locator::Css("nav a[href='/seats/zoning']"))
            .await
            .is_ok()
    );
    // Withdrawing the entrants needs the box ticked; then 就近入学 is 未接入.
    click(c, "#zoning-withdraw-entrants input[name=confirm]").await;
    click_to_load(c, "#zoning-withdraw-entrants button").await;
    let text = body_text(c).await;
    assert!(
        text.contains("已撤回该文件") && text.contains("未接入"),
        "{text}"
    );
    c.goto(&app.url("/seats?year=2024")).await.unwrap();
    assert!(c.find(Locator::Css("nav a[href='/seats']")).await.is_ok());
    // Withdrawing the table needs the box ticked; then the class size is 未接入 (no registry).
    click(c, "#seats-withdraw-form input[name=confirm]").await;
    click_to_load(c, "#seats-withdraw").await;
    let text = body_text(c).await;
    assert!(
        text.contains("已撤回班级规模表") && text.contains("未接入"),
        "{text}"
    );
    let _ = b.client.clone().close().await;
}

/// A town 小学 with 29 of 30 entrants from its catchment, two 初中 sharing a 多校划片 小区, and
/// one 优质高中's places.
async fn seed_zoning(app: &TestApp, records: &[junheng_core::school::SchoolRecord]) {
    let town = |kind: SchoolKind| {
        records
            .iter()
            .filter(|r| {
                r.kind == kind
                    && r.parent_code.is_none()
                    && matches!(r.urban_rural, Some(UrbanRural::Urban | UrbanRural::Town))
            })
            .map(|r| r.code.clone())
            .collect::<Vec<_>>()
    };
    let (primary, juniors) = (
        town(SchoolKind::Primary)[0].clone(),
        town(SchoolKind::Junior),
    );
    let place = |community: &str| Some(Place::new("城南街道", Some(community)));
    let row = |section, place, school: &junheng_core::school::SchoolCode, zone: Option<&str>| {
        CatchmentRow {
            section,
            place,
            school: school.clone(),
            lottery_zone: zone.map(str::to_owned),
            private: false,
            boarding: false,
        }
    };
    let catchments = vec![
        row(Section::Primary, place("桂花园"), &primary, None),
        row(
            Section::Junior,
            place("学府小区"),
            &juniors[0],
            Some("城南派位区"),
        ),
        row(
            Section::Junior,
            place("学府小区"),
            &juniors[1],
            Some("城南派位区"),
        ),
    ];
    let entrants = vec![
        EntrantCount {
            section: Section::Primary,
            school: primary.clone(),
            home: Place::new("城南街道", Some("桂花园")),
            pupils: 29,
        },
        EntrantCount {
            section: Section::Primary,
            school: primary.clone(),
            home: Place::new("外区", None),
            pupils: 1,
        },
    ];
    let quotas = vec![QuotaRow {
        high_school: "第一中学".into(),
        plan: 100,
        junior: juniors[0].clone(),
        quota: 60,
        graduates: 300,
    }];
    let home = app.home().await;
    for (rows, sha) in [
        (ZoningRows::Catchments(&catchments), "a"),
        (ZoningRows::Entrants(&entrants), "b"),
        (ZoningRows::Quotas(&quotas), "c"),
    ] {
        home.import_zoning_file(
            2024,
            rows,
            "演示.xlsx",
            &sha.repeat(64),
            &Actor::new("admin"),
        )
        .await
        .unwrap();
    }
}
