//! The forecast's inputs (issue 16): births, the 学区 map, enrolment and capacity written and
//! read back, each file replacing what it covers and nothing else, bad rows writing nothing,
//! audited, kept in their district and carried by a backup.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_core::seats::forecast::BirthSeries;
use junheng_store::seats::forecast::{AreaZone, Birth, Capacity, Enrolment};
use junheng_store::{AuditFilter, Store};

use crate::helpers::{Home, chengkou, dux, sqlite_store};

store_tests!(
    inputs_round_trip_and_replace_what_they_cover,
    bad_inputs_write_nothing,
    inputs_stay_in_their_district_and_are_backed_up,
);

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

fn birth(area: &str, series: BirthSeries, year: i32, births: u32) -> Birth {
    Birth {
        area: area.into(),
        series,
        year,
        births,
    }
}

fn pupils(year: i32, school: u32, grade: u8, pupils: u32) -> Enrolment {
    Enrolment {
        year,
        school: code(school),
        grade,
        pupils,
        migrant: pupils / 10,
    }
}

fn capacity(year: i32, school: u32, classes: u32) -> Capacity {
    Capacity {
        year,
        school: code(school),
        primary_classes: Some(classes),
        junior_classes: None,
        primary_seats: None,
        junior_seats: Some(600),
        classrooms: Some(classes + 2),
    }
}

fn split() -> Vec<AreaZone> {
    vec![
        AreaZone {
            area: "龙山街道".into(),
            zone: "龙山学区".into(),
            share: 0.7,
        },
        AreaZone {
            area: "龙山街道".into(),
            zone: "新城学区".into(),
            share: 0.3,
        },
        AreaZone {
            area: "白沙镇".into(),
            zone: "白沙学区".into(),
            share: 1.0,
        },
    ]
}

async fn inputs_round_trip_and_replace_what_they_cover(store: Store) {
    let home = store.home().await;
    assert!(home.seat_inputs().await.unwrap().births.is_empty());
    let (r, h) = (BirthSeries::Resident, BirthSeries::Hukou);
    home.replace_births(
        &[
            birth("龙山街道", r, 2017, 900),
            birth("龙山街道", r, 2018, 950),
            birth("白沙镇", r, 2018, 300),
            birth("龙山街道", h, 2018, 700),
        ],
        &dux(),
    )
    .await
    .unwrap();
    // A file of 常住 2018 only replaces that pair: 2017 and 户籍 2018 stay.
    home.replace_births(&[birth("白沙镇", r, 2018, 310)], &dux())
        .await
        .unwrap();
    home.replace_area_zones(&split(), &dux()).await.unwrap();
    home.replace_enrolment(
        &[
            pupils(2023, 1, 1, 90),
            pupils(2023, 1, 2, 88),
            pupils(2024, 1, 1, 95),
        ],
        &dux(),
    )
    .await
    .unwrap();
    home.replace_enrolment(&[pupils(2024, 2, 7, 200)], &dux())
        .await
        .unwrap();
    home.replace_capacity(&[capacity(2024, 1, 24), capacity(2024, 2, 12)], &dux())
        .await
        .unwrap();
    let got = home.seat_inputs().await.unwrap();
    assert_eq!(
        got.births,
        [
            birth("白沙镇", r, 2018, 310),
            birth("龙山街道", h, 2018, 700),
            birth("龙山街道", r, 2017, 900),
        ]
    );
    assert_eq!(got.zones, split_sorted());
    // 2024 was replaced by the second file; 2023 stays.
    assert_eq!(
        got.enrolment,
        [
            pupils(2023, 1, 1, 90),
            pupils(2023, 1, 2, 88),
            pupils(2024, 2, 7, 200),
        ]
    );
    assert_eq!(got.capacity, [capacity(2024, 1, 24), capacity(2024, 2, 12)]);
    assert_eq!(
        got.enrolment_years().into_iter().collect::<Vec<_>>(),
        [2023, 2024]
    );
    assert_eq!(got.birth_years().len(), 3);
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("seats."))
        .collect();
    assert_eq!(actions.len(), 6, "{actions:?}");
    assert!(actions.contains(&"seats.zones".to_owned()));
}

fn split_sorted() -> Vec<AreaZone> {
    let mut z = split();
    z.sort_by(|a, b| (&a.area, &a.zone).cmp(&(&b.area, &b.zone)));
    z
}

async fn bad_inputs_write_nothing(store: Store) {
    let home = store.home().await;
    let r = BirthSeries::Resident;
    let twice = [birth("白沙镇", r, 2018, 1), birth("白沙镇", r, 2018, 2)];
    let e = home.replace_births(&twice, &dux()).await.unwrap_err();
    assert_eq!(e.code(), "store.conflict", "{e}");
    assert!(e.to_string().contains("白沙镇"), "{e}");
    let mut shares = split();
    shares[1].share = 0.2;
    let e = home.replace_area_zones(&shares, &dux()).await.unwrap_err();
    assert!(e.to_string().contains("龙山街道"), "{e}");
    let mut bad = pupils(2024, 1, 1, 10);
    bad.migrant = 11;
    assert!(home.replace_enrolment(&[bad], &dux()).await.is_err());
    assert!(
        home.replace_enrolment(&[pupils(2024, 1, 10, 1)], &dux())
            .await
            .is_err()
    );
    let mut none = capacity(2024, 1, 1);
    (none.primary_classes, none.junior_seats) = (None, None);
    assert!(home.replace_capacity(&[none], &dux()).await.is_err());
    assert!(home.replace_births(&[], &dux()).await.is_err());
    assert_eq!(home.seat_inputs().await.unwrap(), Default::default());
}

async fn inputs_stay_in_their_district_and_are_backed_up(store: Store) {
    let home = store.home().await;
    let other = chengkou(&store).await;
    home.replace_births(
        &[birth("龙山街道", BirthSeries::Resident, 2018, 950)],
        &dux(),
    )
    .await
    .unwrap();
    home.replace_area_zones(&split(), &dux()).await.unwrap();
    home.replace_enrolment(&[pupils(2024, 1, 1, 95)], &dux())
        .await
        .unwrap();
    home.replace_capacity(&[capacity(2024, 1, 24)], &dux())
        .await
        .unwrap();
    // The other district's file of the same year replaces nothing of ours.
    other
        .replace_enrolment(&[pupils(2024, 3, 1, 40)], &dux())
        .await
        .unwrap();
    let ours = home.seat_inputs().await.unwrap();
    assert_eq!(ours.enrolment, [pupils(2024, 1, 1, 95)]);
    assert_eq!(
        other.seat_inputs().await.unwrap().enrolment,
        [pupils(2024, 3, 1, 40)]
    );
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!(rows("seat_births"), 1);
    assert_eq!(rows("seat_area_zones"), 3);
    assert_eq!(rows("seat_enrolment"), 2);
    assert_eq!(rows("seat_capacity"), 1);
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    assert_eq!(
        copy.in_district(home.id()).seat_inputs().await.unwrap(),
        ours
    );
}
