//! `/city/packages`: a city user uploads a district's signed package (stored as the district's
//! new statistics version, shown with its provenance); the same package again, a tampered one
//! and a district administrator are refused, and nothing is written.

use junheng_io::package::{DistrictCode, DistrictSigningKey, PackageContents, Timestamp};
use junheng_store::{Actor, DistrictKind, NewDistrict, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};

pub(crate) const PASSWORD: &str = "上报密码-123456";

/// A small signed package of 渝北区 2024.
pub(crate) fn package(key: &DistrictSigningKey, sequence: u64) -> Vec<u8> {
    let contents = PackageContents {
        district: key.district().clone(),
        district_name: "渝北区".into(),
        school_year: 2024,
        sequence,
        created_at: Timestamp::parse("2025-03-01T08:30:00.000Z").unwrap(),
        producer: "junheng test".into(),
        statistics_version: 1,
        statistics: district(6),
        roster: vec![],
        ledger: Default::default(),
        evaluation: r#"{"rulebook":"cn-2017","year":2024}"#.into(),
    };
    junheng_io::package::write_package(&contents, key).unwrap()
}

/// 渝北区 of 重庆市 with a registered key, and a 市级 user `city`: the key.
pub(crate) async fn reporting_district(app: &TestApp) -> DistrictSigningKey {
    let home = app.home().await.id();
    let yubei = NewDistrict {
        code: "500112".into(),
        name: "渝北区".into(),
        kind: DistrictKind::Qu,
        city: ("500100".into(), "重庆市".into()),
        province: ("500000".into(), "重庆市".into()),
    };
    app.store
        .update_district(home, &yubei, &Actor::system())
        .await
        .unwrap();
    let key = DistrictSigningKey::from_seed(DistrictCode::parse("500112").unwrap(), [5; 32]);
    let public = key.public();
    app.store
        .register_district_key(
            home,
            &public.to_text(),
            &public.fingerprint(),
            &Actor::system(),
        )
        .await
        .unwrap();
    app.add_user("city", PASSWORD, Role::City, Scope::City("500100".into()))
        .await;
    key
}

async fn city_receives_packages_and_others_cannot(app: TestApp) {
    let key = reporting_district(&app).await;
    let public = key.public();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;

    // A district administrator may neither see nor post the page.
    let admin = app.logged_in("admin", PASSWORD).await;
    let r = admin.get(app.url("/city/packages")).send().await.unwrap();
    assert_eq!(r.status(), 403);

    app.login("city", PASSWORD).await;
    let (status, page) = app.text("/city/packages").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("尚未接收任何数据包"), "{page}");
    assert!(
        page.contains(&public.fingerprint()),
        "the key registry is shown"
    );

    let (status, city) = app.text("/city").await;
    assert_eq!(status, 200);
    assert!(!city.contains("/city?year=2024\""), "no data yet");
    let bytes = package(&key, 1);
    let (status, page) = app
        .upload(
            "/city/packages",
            "/city/packages",
            "渝北区-2024.jhpkg",
            bytes.clone(),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已接收 500112 渝北区"), "{page}");
    let received = app.store.received_packages(None).await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!((received[0].sequence, received[0].current), (1, true));
    let latest = app
        .home()
        .await
        .latest_package(2024)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.package.file_name, "渝北区-2024.jhpkg");
    assert_eq!(
        app.home().await.statistics(2024, None).await.unwrap().len(),
        6
    );

    // The same package again: refused, nothing written.
    let (status, page) = app
        .upload(
            "/city/packages",
            "/city/packages",
            "again.jhpkg",
            bytes.clone(),
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("package.sequence_not_newer"), "{page}");
    // A tampered byte in a part: refused as tampered, nothing written.
    let mut tampered = package(&key, 2);
    let at = tampered.len() / 2;
    tampered[at] ^= 1;
    let (status, page) = app
        .upload(
            "/city/packages",
            "/city/packages",
            "tampered.jhpkg",
            tampered,
        )
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("未写入任何数据"), "{page}");
    assert_eq!(app.store.received_packages(None).await.unwrap().len(), 1);
    assert_eq!(app.home().await.imports(Some(2024)).await.unwrap().len(), 1);

    // A correction supersedes.
    let (status, page) = app
        .upload(
            "/city/packages",
            "/city/packages",
            "更正.jhpkg",
            package(&key, 2),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已被更正取代"), "{page}");
    let (_, city) = app.text("/city?year=2024").await;
    assert!(
        city.contains("第 2 版 ·") && city.contains("上报包 第 2 号"),
        "the comparison shows the correction at once, with its provenance"
    );
    let json: serde_json::Value = app.get("/api/v1/city").await.json().await.unwrap();
    assert_eq!(json["districts"][0]["package"]["sequence"], 2);

    // The export is the page's selection.
    let r = app.get("/city/packages.xlsx").await;
    assert_eq!(r.status(), 200);
    let text = crate::helpers::xlsx_text(&r.bytes().await.unwrap());
    assert!(text.contains("更正.jhpkg") && text.contains(&public.fingerprint()));

    // Another city's user sees nothing of this district and cannot receive its packages.
    app.add_user(
        "chengdu",
        PASSWORD,
        Role::City,
        Scope::City("510100".into()),
    )
    .await;
    let chengdu = app.logged_in("chengdu", PASSWORD).await;
    let page = app.page_for(&chengdu, "/city/packages").await;
    assert!(page.contains("尚未接收任何数据包"), "{page}");
    assert!(!page.contains(&public.fingerprint()), "{page}");
    let form = reqwest::multipart::Form::new()
        .text("csrf", TestApp::csrf_of(&page))
        .part(
            "file",
            reqwest::multipart::Part::bytes(package(&key, 3)).file_name("x.jhpkg"),
        );
    let r = chengdu
        .post(app.url("/city/packages"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("不是您所辖范围内的区县"));
    assert_eq!(app.store.received_packages(None).await.unwrap().len(), 2);

    // The administrator's upload is refused before anything is read.
    let csrf = TestApp::csrf_of(&app.page_for(&admin, "/account").await);
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
        "file",
        reqwest::multipart::Part::bytes(package(&key, 3)).file_name("x.jhpkg"),
    );
    let r = admin
        .post(app.url("/city/packages"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.store.received_packages(None).await.unwrap().len(), 2);
}
both!(city_receives, city_receives_packages_and_others_cannot);
