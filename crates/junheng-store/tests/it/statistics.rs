use std::time::Instant;

use junheng_core::school::{
    Facilities, Location, SchoolCode, SchoolKind, SchoolRecord, SectionStats, UrbanRural,
};
use junheng_store::{AuditFilter, ImportSource, Store, action};

use crate::helpers::{Home, by_code, demo, dux, source};

store_tests!(
    reimport_is_a_new_version,
    every_field_round_trips_exactly,
    school_history_spans_versions_and_years,
    import_is_all_or_nothing,
    bad_input_is_refused_before_writing,
    concurrent_imports_get_distinct_versions,
    ten_thousand_schools,
);

async fn reimport_is_a_new_version(store: Store) {
    let v1 = demo(200, 1, 2024);
    let mut v2 = v1.clone();
    v2[7].primary.students += 100;
    v2[8].name.push_str("（更正）");
    v2.pop();

    let first = store
        .home()
        .await
        .import_statistics(
            2024,
            &v1,
            &ImportSource::new("2024.xlsx", b"one", "初报"),
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!((first.year, first.version, first.rows), (2024, 1, 200));
    let second = store
        .home()
        .await
        .import_statistics(
            2024,
            &v2,
            &ImportSource::new("2024更正.xlsx", b"two", "更正"),
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!((second.version, second.rows), (2, 199));
    let other_year = store
        .home()
        .await
        .import_statistics(2023, &demo(50, 2, 2023), &source("2023.csv"), &dux())
        .await
        .unwrap();
    assert_eq!(other_year.version, 1, "versions count per year");

    assert_eq!(
        store.home().await.statistics(2024, None).await.unwrap(),
        by_code(v2.clone())
    );
    assert_eq!(
        store.home().await.statistics(2024, Some(2)).await.unwrap(),
        by_code(v2)
    );
    assert_eq!(
        store.home().await.statistics(2024, Some(1)).await.unwrap(),
        by_code(v1)
    );
    assert_eq!(
        store
            .home()
            .await
            .statistics(2024, Some(3))
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    assert_eq!(
        store
            .home()
            .await
            .statistics(2022, None)
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );

    let years = store.home().await.years().await.unwrap();
    assert_eq!(
        years.iter().map(|y| y.year).collect::<Vec<_>>(),
        [2024, 2023]
    );
    assert_eq!(
        (years[0].latest_version, years[0].versions, years[0].schools),
        (2, 2, 199)
    );
    assert_eq!(years[0].imported_at, second.imported_at);
    assert_eq!(years[0].imported_by, "dux");
    assert_eq!(
        (years[1].latest_version, years[1].versions, years[1].schools),
        (1, 1, 50)
    );

    let history = store.home().await.imports(Some(2024)).await.unwrap();
    assert_eq!(history, vec![second.clone(), first.clone()]);
    assert_eq!(history[1].file_name, "2024.xlsx");
    assert_eq!(history[1].note, "初报");
    assert_eq!(history[1].sha256, ImportSource::new("", b"one", "").sha256);
    let all = store.home().await.imports(None).await.unwrap();
    assert_eq!(all, vec![other_year, second, first]);
}

/// A record with every field set to something a careless store would lose.
pub fn extreme(code: &str, kind: SchoolKind, n: u32, area: f64) -> SchoolRecord {
    let stats = |k: u32| SectionStats {
        students: n.wrapping_add(k),
        classes: n / 3 + k,
        teachers: n / 5 + k,
        qualified_teachers: n / 6 + k,
        backbone_teachers: n / 7 + k,
        pe_arts_teachers: n / 8 + k,
        intermediate_title_teachers: n / 9 + k,
    };
    SchoolRecord {
        year: 2024,
        code: SchoolCode::parse(code).unwrap(),
        name: format!("重庆市第{code}中学 \"引号\" 'apostrophe' ; DROP TABLE users; --"),
        kind,
        urban_rural: None,
        parent_code: None,
        zone: None,
        group: None,
        primary: stats(1),
        junior: stats(2),
        senior_students: n,
        facilities: Facilities {
            teaching_room_area: area,
            gym_area: area / 3.0,
            sports_ground_area: 0.1 + 0.2,
            equipment_value: 1.0 / 3.0,
            multimedia_rooms: n,
            music_rooms: n,
            art_rooms: n,
            music_room_area: None,
            art_room_area: None,
            computers: n,
            books: u32::MAX,
        },
        location: None,
    }
}

/// Records whose every field is at an edge: kinds, empty and missing texts, 0 and u32::MAX,
/// subnormal and huge reals, locations.
pub fn extremes() -> Vec<SchoolRecord> {
    let mut records = vec![
        extreme("0000000001", SchoolKind::Primary, 0, 0.0),
        extreme("0000000002", SchoolKind::Junior, u32::MAX - 10, f64::MAX),
        extreme("0000000003", SchoolKind::NineYear, 12345, f64::MIN_POSITIVE),
        extreme("0000000004", SchoolKind::TwelveYear, 1, 5e-324),
        extreme(
            "0000000005",
            SchoolKind::Complete,
            4_000_000_000,
            123_456.789_012_345_67,
        ),
        extreme(
            "0000000006",
            SchoolKind::TeachingPoint,
            7,
            2.0_f64.powi(60) + 1.0,
        ),
        extreme("0000000007", SchoolKind::Special, 8, 1e300),
    ];
    records[0].urban_rural = Some(UrbanRural::Urban);
    records[1].urban_rural = Some(UrbanRural::Town);
    records[2].urban_rural = Some(UrbanRural::Rural);
    records[5].parent_code = Some(SchoolCode::parse("0000000001").unwrap());
    records[2].zone = Some("两江新区学区".into());
    records[3].zone = Some(String::new());
    records[4].group = Some("渝北区第一教育集团".into());
    records[0].location = Some(Location {
        longitude: 106.551_556_789_123_4,
        latitude: 29.563_009_876_543_21,
    });
    records[6].location = Some(Location {
        longitude: -0.000_001,
        latitude: 90.0,
    });
    records
}

async fn every_field_round_trips_exactly(store: Store) {
    let records = extremes();
    let info = store
        .home()
        .await
        .import_statistics(2024, &records, &source("extreme.xlsx"), &dux())
        .await
        .unwrap();
    let read = store
        .home()
        .await
        .statistics(2024, Some(info.version))
        .await
        .unwrap();
    assert_eq!(read, records);
    for (a, b) in read.iter().zip(&records) {
        let (fa, fb) = (&a.facilities, &b.facilities);
        assert_eq!(
            fa.teaching_room_area.to_bits(),
            fb.teaching_room_area.to_bits()
        );
        assert_eq!(fa.equipment_value.to_bits(), fb.equipment_value.to_bits());
    }

    // And a realistic district, every field of every school.
    let district = demo(500, 9, 2025);
    store
        .home()
        .await
        .import_statistics(2025, &district, &source("2025.csv"), &dux())
        .await
        .unwrap();
    assert_eq!(
        store.home().await.statistics(2025, None).await.unwrap(),
        by_code(district)
    );
}

async fn school_history_spans_versions_and_years(store: Store) {
    let y2023 = demo(30, 5, 2023);
    let mut y2024 = demo(30, 5, 2024);
    store
        .home()
        .await
        .import_statistics(2023, &y2023, &source("2023.csv"), &dux())
        .await
        .unwrap();
    let v1 = store
        .home()
        .await
        .import_statistics(2024, &y2024, &source("2024.csv"), &dux())
        .await
        .unwrap();
    let code = y2024[3].code.clone();
    y2024[3].junior.backbone_teachers += 2;
    y2024[3].facilities.books = 3_000_000_000;
    let v2 = store
        .home()
        .await
        .import_statistics(2024, &y2024, &source("2024b.csv"), &dux())
        .await
        .unwrap();

    let history = store.home().await.school_history(&code).await.unwrap();
    let keys: Vec<_> = history
        .iter()
        .map(|h| (h.year, h.version, h.import_id))
        .collect();
    let first_2023 = y2023
        .iter()
        .find(|r| r.code == code)
        .expect("demo codes repeat by seed");
    assert_eq!(keys[..2], [(2024, 2, v2.id), (2024, 1, v1.id)]);
    assert_eq!(history.len(), 3);
    assert_eq!(history[2].year, 2023);
    assert_eq!(&history[2].record, first_2023);
    assert_eq!(history[0].record, y2024[3]);
    assert_eq!(history[0].record.facilities.books, 3_000_000_000);
    assert_eq!(
        history[1].record.junior.backbone_teachers + 2,
        y2024[3].junior.backbone_teachers
    );
    assert_eq!(history[0].imported_by, "dux");
    assert_eq!(history[0].imported_at, v2.imported_at);

    let nobody = SchoolCode::parse("9999999999").unwrap();
    assert!(
        store
            .home()
            .await
            .school_history(&nobody)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn import_is_all_or_nothing(store: Store) {
    // 1 200 rows go in three INSERTs; the duplicate sits in the last one, so the first two have
    // been written when the database refuses it.
    let mut records = demo(1200, 11, 2024);
    let duplicate = records[5].code.clone();
    records[1100].code = duplicate.clone();
    let err = store
        .home()
        .await
        .import_statistics(2024, &records, &source("dup.xlsx"), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert!(err.to_string().contains(duplicate.as_str()), "{err}");
    assert!(err.to_string().contains("第 6 条和第 1101 条"), "{err}");

    assert!(store.home().await.years().await.unwrap().is_empty());
    assert!(store.home().await.imports(None).await.unwrap().is_empty());
    assert!(store.home().await.groups().await.unwrap().is_empty());
    let log = store.audit_log(&AuditFilter::default()).await.unwrap();
    assert!(
        log.iter().all(|e| e.action != action::IMPORT_STATISTICS),
        "{log:?}"
    );
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!(
        (rows("school_years"), rows("imports"), rows("group_members")),
        (0, 0, 0)
    );

    // The corrected file is then version 1, as if the failed attempt never happened.
    records[1100] = demo(1201, 11, 2024).pop().unwrap();
    let info = store
        .home()
        .await
        .import_statistics(2024, &records, &source("ok.xlsx"), &dux())
        .await
        .unwrap();
    assert_eq!(info.version, 1);
    assert_eq!(
        store
            .home()
            .await
            .statistics(2024, None)
            .await
            .unwrap()
            .len(),
        1200
    );
}

async fn bad_input_is_refused_before_writing(store: Store) {
    let records = demo(10, 1, 2024);
    let err = store
        .home()
        .await
        .import_statistics(2024, &[], &source("x"), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    let err = store
        .home()
        .await
        .import_statistics(2025, &records, &source("x"), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(err.to_string().contains("第 1 条记录"), "{err}");
    let mut bad_hash = source("x");
    bad_hash.sha256 = "ABC".into();
    let err = store
        .home()
        .await
        .import_statistics(2024, &records, &bad_hash, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    let mut nan = records.clone();
    nan[2].facilities.gym_area = f64::NAN;
    let err = store
        .home()
        .await
        .import_statistics(2024, &nan, &source("x"), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(store.home().await.imports(None).await.unwrap().is_empty());
}

async fn ten_thousand_schools(store: Store) {
    let records = demo(10_000, 2024, 2024);
    let backend = store.backend();
    let started = Instant::now();
    let info = store
        .home()
        .await
        .import_statistics(2024, &records, &source("10k.xlsx"), &dux())
        .await
        .unwrap();
    let import = started.elapsed();
    let started = Instant::now();
    let read = store.home().await.statistics(2024, None).await.unwrap();
    let read_time = started.elapsed();
    println!(
        "{backend}: import of 10 000 schools {:.0} ms, read back {:.0} ms",
        import.as_secs_f64() * 1e3,
        read_time.as_secs_f64() * 1e3
    );
    assert_eq!(info.rows, 10_000);
    assert_eq!(read, by_code(records));
}

async fn concurrent_imports_get_distinct_versions(store: Store) {
    // Four imports of one year at once, starting on an empty database (the default district is
    // created by whichever comes first).
    let records = demo(300, 6, 2024);
    let imports = (0..4).map(|i| {
        let (store, records) = (store.clone(), records.clone());
        tokio::spawn(async move {
            let file = format!("{i}.csv");
            store
                .home()
                .await
                .import_statistics(2024, &records, &source(&file), &dux())
                .await
                .unwrap()
        })
    });
    let mut versions: Vec<u32> = futures_util::future::join_all(imports)
        .await
        .into_iter()
        .map(|r| r.unwrap().version)
        .collect();
    versions.sort();
    assert_eq!(versions, [1, 2, 3, 4]);
    assert_eq!(store.home().await.years().await.unwrap()[0].versions, 4);
}
