//! The map's boundaries: every upload a new row, the newest current, audited, per district.

use junheng_store::{Actor, AuditFilter, DistrictKind, NewBoundary, NewDistrict, Store};

use crate::helpers::Home;

store_tests!(boundaries_are_kept_per_district_newest_first);

async fn boundaries_are_kept_per_district_newest_first(store: Store) {
    let admin = Actor::new("admin");
    let home = store.home().await;
    assert_eq!(home.boundary().await.unwrap(), None);
    let first = NewBoundary {
        outline: r#"{"type":"MultiPolygon","coordinates":[]}"#,
        townships: None,
        township_count: 0,
        vertices: 5,
        file_name: "区界.geojson",
    };
    let one = home.save_boundary(&first, &admin).await.unwrap();
    let second = NewBoundary {
        townships: Some(r#"{"type":"FeatureCollection","features":[]}"#),
        township_count: 2,
        vertices: 12,
        file_name: "区界-2.geojson",
        ..first.clone()
    };
    let two = home.save_boundary(&second, &admin).await.unwrap();
    assert!(two > one);
    let current = home.boundary().await.unwrap().unwrap();
    assert_eq!(current.id, two);
    assert_eq!(current.townships.as_deref(), second.townships);
    assert_eq!((current.township_count, current.vertices), (2, 12));
    assert_eq!(
        (current.file_name.as_str(), current.uploaded_by.as_str()),
        ("区界-2.geojson", "admin")
    );
    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("map.".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].detail, "vertices=12 townships=2");

    let other = store
        .add_district(
            &NewDistrict {
                code: "500229".into(),
                name: "城口县".into(),
                kind: DistrictKind::Xian,
                city: ("500100".into(), "重庆市".into()),
                province: ("500000".into(), "重庆市".into()),
            },
            &admin,
        )
        .await
        .unwrap();
    assert_eq!(store.in_district(other.id).boundary().await.unwrap(), None);

    let empty = NewBoundary {
        outline: " ",
        ..first
    };
    let err = home.save_boundary(&empty, &admin).await.unwrap_err();
    assert_eq!(err.code(), "store.invalid");
}
