//! Reporting upward: the key registry (rotation retires the old key, revocation, the history
//! kept) and received packages (sequence numbers only grow, a refusal writes nothing, the latest
//! package read back with its parts); a district's own report numbers.

use junheng_core::school::{SchoolCode, Section};
use junheng_rotation::{CountedLedger, RosterCounts};
use junheng_store::{
    Actor, AuditFilter, DistrictKind, ImportSource, NewDistrict, NewReceivedPackage, Store,
    StoreError,
};

use crate::helpers::{Home, demo, dux};

const FP1: &str = "0123456789abcdef";
const FP2: &str = "fedcba9876543210";

async fn keys_rotate_revoke_and_keep_their_history(store: Store) {
    store.set_home("500112", "渝北区", &dux()).await.unwrap();
    let d = store.home().await.id();
    let other = store
        .add_district(
            &NewDistrict {
                code: "500106".into(),
                name: "沙坪坝区".into(),
                kind: DistrictKind::Qu,
                city: Default::default(),
                province: Default::default(),
            },
            &dux(),
        )
        .await
        .unwrap();
    let first = store
        .register_district_key(
            d,
            "junheng-district-key/1:500112:aa",
            FP1,
            &Actor::new("city"),
        )
        .await
        .unwrap();
    assert!(first.in_use());
    assert_eq!(first.registered_by, "city");
    // A key is registered once, for any district.
    let again = store
        .register_district_key(other.id, "k", FP1, &dux())
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::Conflict(_)), "{again:?}");
    let bad = store
        .register_district_key(d, "k", "not-a-fingerprint", &dux())
        .await
        .unwrap_err();
    assert!(matches!(bad, StoreError::Invalid(_)), "{bad:?}");
    // Rotation: a new key retires the one in use.
    let second = store
        .register_district_key(d, "junheng-district-key/1:500112:bb", FP2, &dux())
        .await
        .unwrap();
    let history = store.district_keys(Some(d)).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(!history[0].in_use());
    assert_eq!(
        history[0].revoke_reason.as_deref(),
        Some(format!("更换为新密钥 {FP2}").as_str())
    );
    assert!(history[1].in_use());
    assert_eq!(history[1].id, second.id);
    assert!(
        store
            .district_keys(Some(other.id))
            .await
            .unwrap()
            .is_empty()
    );
    // Revocation keeps the row; a revoked or retired key cannot be revoked again, a key of
    // another district is not found.
    let revoked = store
        .revoke_district_key(d, FP2, "笔记本遗失", &dux())
        .await
        .unwrap();
    assert_eq!(revoked.revoke_reason.as_deref(), Some("笔记本遗失"));
    assert!(!revoked.in_use());
    for fp in [FP1, FP2] {
        let e = store
            .revoke_district_key(d, fp, "再次", &dux())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    }
    let e = store
        .revoke_district_key(other.id, FP1, "别区", &dux())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e:?}");
    let e = store
        .revoke_district_key(d, FP1, "  ", &dux())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    assert_eq!(store.district_keys(None).await.unwrap().len(), 2);
    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("district_key.".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 3, "two registrations and one revocation");
}

fn received(sequence: u64) -> NewReceivedPackage {
    let roster = vec![RosterCounts {
        school: SchoolCode::parse("5001120001").unwrap(),
        section: Section::Primary,
        teachers: 40,
        qualified: 30,
        backbone: 5,
        pe_arts: 4,
        intermediate: 12,
        on_staff: 38,
    }];
    NewReceivedPackage::new(
        2024,
        sequence,
        "a".repeat(64),
        FP1.into(),
        "2025-03-01T08:30:00.000Z".into(),
        "junheng test".into(),
        7,
        &roster,
        &CountedLedger::default(),
        r#"{"rulebook":"cn-2017","year":2024}"#.into(),
    )
}

fn package_source(sequence: u64) -> ImportSource {
    ImportSource::new(
        format!("渝北区-2024-{sequence}.jhpkg"),
        sequence.to_string().as_bytes(),
        format!("上报包 第 {sequence} 号（密钥 {FP1}）"),
    )
}

async fn packages_only_supersede_with_higher_sequences(store: Store) {
    store.set_home("500112", "渝北区", &dux()).await.unwrap();
    let home = store.home().await;
    let records = demo(8, 3, 2024);
    let city = Actor::new("city");
    assert!(home.latest_package(2024).await.unwrap().is_none());
    let (info, first) = home
        .receive_package(&records, &package_source(2), &received(2), &city)
        .await
        .unwrap();
    assert_eq!((info.version, info.rows), (1, 8));
    assert_eq!(info.note, format!("上报包 第 2 号（密钥 {FP1}）"));
    assert_eq!(
        (first.sequence, first.current, first.import_id),
        (2, true, info.id)
    );
    assert_eq!(first.district_code, "500112");
    assert_eq!(first.statistics_version, 7);
    assert_eq!(first.received_by, "city");

    let audit_before = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .len();
    // Equal or lower: refused, nothing written (no import, no record, no audit entry).
    for sequence in [2, 1] {
        let e = home
            .receive_package(
                &records,
                &package_source(sequence),
                &received(sequence),
                &city,
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    }
    // Invalid parts are refused too, before anything is written.
    let mut broken = received(5);
    broken.ledger_json = "{not json".into();
    let e = home
        .receive_package(&records, &package_source(5), &broken, &city)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    // A statistics row of another year fails the import: the record is not written either.
    let mut wrong = records.clone();
    wrong[0].year = 2023;
    let e = home
        .receive_package(&wrong, &package_source(6), &received(6), &city)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    assert_eq!(home.imports(Some(2024)).await.unwrap().len(), 1);
    assert_eq!(store.received_packages(None).await.unwrap().len(), 1);
    assert_eq!(
        store
            .audit_log(&AuditFilter::default())
            .await
            .unwrap()
            .len(),
        audit_before
    );

    // Higher: a correction, the district's next statistics version.
    let mut corrected = records.clone();
    corrected[0].primary.students += 10;
    let (info, third) = home
        .receive_package(&corrected, &package_source(3), &received(3), &city)
        .await
        .unwrap();
    assert_eq!(info.version, 2);
    assert!(third.current);
    let all = store.received_packages(None).await.unwrap();
    assert_eq!(
        all.iter()
            .map(|p| (p.sequence, p.current))
            .collect::<Vec<_>>(),
        [(3, true), (2, false)]
    );
    assert_eq!(store.received_packages(Some(home.id())).await.unwrap(), all);
    let latest = home.latest_package(2024).await.unwrap().unwrap();
    assert_eq!(latest.package, third);
    assert_eq!(latest.package.import_version, 2);
    assert_eq!(latest.parts.roster[0].teachers, 40);
    assert_eq!(latest.parts.ledger, CountedLedger::default());
    assert_eq!(latest.parts.evaluation["rulebook"], "cn-2017");
    assert_eq!(home.statistics(2024, None).await.unwrap()[0].year, 2024);
    assert!(home.latest_package(2023).await.unwrap().is_none());
}

async fn a_district_numbers_its_reports(store: Store) {
    let home = store.home().await;
    assert_eq!(home.next_report_sequence(2024).await.unwrap(), 1);
    home.record_report(2024, 1, 1, &"b".repeat(64), FP1, &dux())
        .await
        .unwrap();
    assert_eq!(home.next_report_sequence(2024).await.unwrap(), 2);
    assert_eq!(home.next_report_sequence(2023).await.unwrap(), 1);
    let e = home
        .record_report(2024, 1, 1, &"b".repeat(64), FP1, &dux())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    home.record_report(2024, 2, 2, &"c".repeat(64), FP1, &dux())
        .await
        .unwrap();
    assert_eq!(home.next_report_sequence(2024).await.unwrap(), 3);
}

store_tests!(
    keys_rotate_revoke_and_keep_their_history,
    packages_only_supersede_with_higher_sequences,
    a_district_numbers_its_reports,
);
