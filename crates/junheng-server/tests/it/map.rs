//! The map: an administrator uploads the district's boundary (and townships); bad files are
//! refused with what is wrong and write nothing; the map draws the boundary under the schools,
//! filtered, with the viewer's own school marked.

use junheng_core::geo::{Shape, Township};
use junheng_io::geojson::{write_shape, write_townships};
use junheng_store::{Role, Scope};
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::helpers::{TestApp, district};

const PASSWORD: &str = "地图测试-密码-1";

both!(boundaries_are_uploaded_checked_and_drawn, uploads);
both!(the_map_filters_and_marks_the_own_school, filters);

/// Posts the boundary form: the outline and, optionally, the townships.
async fn upload(app: &TestApp, outline: &str, townships: Option<&str>) -> (u16, String, String) {
    let (_, page) = app.text("/map").await;
    let mut form = Form::new().text("csrf", TestApp::csrf_of(&page)).part(
        "boundary",
        Part::bytes(outline.as_bytes().to_vec()).file_name("区界.geojson"),
    );
    if let Some(t) = townships {
        form = form.part(
            "townships",
            Part::bytes(t.as_bytes().to_vec()).file_name("乡镇.geojson"),
        );
    }
    let r = app
        .client
        .post(app.url("/map/boundary"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map_or(String::new(), |l| l.to_str().unwrap().to_owned());
    (status, location, r.text().await.unwrap())
}

/// Two townships: the west and the east half of the demo outline's extent.
fn townships(outline: &Shape) -> String {
    let e = junheng_core::geo::Extent::of(outline.positions());
    let mid = (e.min_lon + e.max_lon) / 2.0;
    let half = |name: &str, west: f64, east: f64| Township {
        name: name.into(),
        shape: Shape {
            polygons: vec![vec![vec![
                [west, e.min_lat],
                [east, e.min_lat],
                [east, e.max_lat],
                [west, e.max_lat],
                [west, e.min_lat],
            ]]],
        },
    };
    write_townships(&[
        half("西城街道", e.min_lon, mid),
        half("东岭镇", mid, e.max_lon),
    ])
}

async fn uploads(app: TestApp) {
    let records = district(40);
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/map").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("尚未上传") && page.contains(r#"action="/map/boundary""#));
    assert!(!page.contains(r#"class="district""#));

    // Refused files: each says what is wrong; nothing is stored.
    let swapped = r#"{"type":"Polygon","coordinates":[[[29.4,106.4],[29.7,106.4],[29.7,106.7],[29.4,106.4]]]}"#;
    for (file, says) in [
        (swapped, "不在中国范围内"),
        (
            r#"{"type":"Point","coordinates":[106.5,29.5]}"#,
            "不能是点或线",
        ),
        ("这不是 JSON", "不是有效的 GeoJSON"),
        (
            r#"{"type":"Polygon","coordinates":[[[106.4,29.4],[106.7,29.4],[106.7,29.7]]]}"#,
            "至少 4 个点",
        ),
    ] {
        let (status, _, body) = upload(&app, file, None).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(says), "{says}: {body}");
        assert!(body.contains("边界未保存"), "{body}");
    }
    assert_eq!(app.home().await.boundary().await.unwrap(), None);

    let outline = junheng_core::demo::boundary(77).district;
    let (status, location, body) =
        upload(&app, &write_shape(&outline), Some(&townships(&outline))).await;
    assert_eq!((status, location.as_str()), (303, "/map?saved=1"), "{body}");
    let (_, page) = app.text("/map?saved=1").await;
    assert!(page.contains("已保存区县边界"), "{page}");
    assert!(page.contains("2 个乡镇/街道") && page.contains("区界.geojson"));
    let district = page
        .find(r#"class="district""#)
        .expect("the outline is drawn");
    let first_school = page.find(r#"class="site""#).expect("schools are drawn");
    assert!(
        district < first_school,
        "the boundary lies under the schools"
    );
    assert!(page.contains("<title>西城街道</title>") && page.contains("<title>东岭镇</title>"));
    assert!(page.contains("区县边界</li>") && page.contains("乡镇（街道）边界</li>"));

    // A bad township file keeps the stored boundary.
    let unnamed = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[106.4,29.4],[106.7,29.4],[106.7,29.7],[106.4,29.4]]]}}]}"#;
    let (status, _, body) = upload(&app, &write_shape(&outline), Some(unnamed)).await;
    assert_eq!(status, 422);
    assert!(body.contains("没有名称"), "{body}");
    let kept = app.home().await.boundary().await.unwrap().unwrap();
    assert_eq!(kept.township_count, 2);
    let audit = app
        .store
        .audit_log(&junheng_store::AuditFilter {
            action_prefix: Some("map.".into()),
            ..junheng_store::AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "the one stored upload is audited");
}

async fn filters(app: TestApp) {
    let records = district(40);
    app.seed(&records).await;
    let own = &records[3];
    app.add_user("dux", PASSWORD, Role::Supervisor, Scope::District)
        .await;
    app.add_user(
        "xiao",
        PASSWORD,
        Role::School,
        Scope::School(own.code.clone()),
    )
    .await;
    app.login("dux", PASSWORD).await;
    let (status, all) = app.text("/map?year=2024").await;
    assert_eq!(status, 200);
    assert!(
        !all.contains(r#"action="/map/boundary""#),
        "only admins upload"
    );
    let drawn = |page: &str| page.matches(r#"class="site""#).count();
    assert_eq!(drawn(&all), records.len());
    let (_, failing) = app.text("/map?year=2024&verdict=fail").await;
    let (_, passing) = app.text("/map?year=2024&verdict=pass").await;
    assert!(drawn(&failing) > 0 && drawn(&passing) > 0);
    assert_eq!(drawn(&failing) + drawn(&passing), records.len());
    assert!(!failing.contains(r#"r="5" class="good""#));
    assert!(!passing.contains(r#"r="5" class="bad""#));
    let (_, junior) = app.text("/map?year=2024&section=junior").await;
    let juniors = records.iter().filter(|r| r.junior.students > 0).count();
    assert_eq!(drawn(&junior), juniors);
    let zone = records[0].zone.clone().unwrap();
    let (_, zoned) = app
        .text(&format!(
            "/map?year=2024&zone={}",
            percent_encoding::utf8_percent_encode(&zone, percent_encoding::NON_ALPHANUMERIC)
        ))
        .await;
    let in_zone = records
        .iter()
        .filter(|r| r.zone.as_deref() == Some(&zone))
        .count();
    assert_eq!(drawn(&zoned), in_zone);
    let (status, _) = app.text("/map?year=2024&section=primary&verdict=").await;
    assert_eq!(status, 200, "an empty choice means all");

    let school = app.logged_in("xiao", PASSWORD).await;
    let page = app.page_for(&school, "/map?year=2024").await;
    assert_eq!(drawn(&page), 1, "a school user sees their own school only");
    assert!(page.contains(&format!("{}（本校）", own.name)));
    assert!(
        page.contains(r#"r="8" class="#),
        "the own school is drawn larger"
    );
}
