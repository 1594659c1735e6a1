use junheng_store::{Actor, AuditFilter, Store};

use crate::helpers::{Home, demo, dux, source};

store_tests!(approval_makes_a_new_version, rejection_changes_nothing);

async fn approval_makes_a_new_version(store: Store) {
    let records = demo(40, 9, 2024);
    store
        .home()
        .await
        .import_statistics(2024, &records, &source("a.csv"), &dux())
        .await
        .unwrap();
    let mut changed = records[3].clone();
    changed.facilities.books += 1000;
    let school = Actor::new("school-3");
    let id = store.home().await.submit(&changed, &school).await.unwrap();
    let again = store
        .home()
        .await
        .submit(&changed, &school)
        .await
        .unwrap_err();
    assert_eq!(
        again.code(),
        "store.conflict",
        "one pending submission per school and year"
    );
    assert_eq!(
        store
            .home()
            .await
            .submissions(Some("pending"))
            .await
            .unwrap()[0]
            .record,
        changed
    );
    let import = store
        .home()
        .await
        .decide(id, true, "核实无误", &dux())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(import.version, 2);
    let latest = store.home().await.statistics(2024, None).await.unwrap();
    assert_eq!(
        latest.iter().find(|r| r.code == changed.code).unwrap(),
        &changed
    );
    assert_eq!(latest.len(), records.len());
    assert_eq!(
        store.home().await.statistics(2024, Some(1)).await.unwrap(),
        records
    );
    let decided = &store.home().await.submissions(None).await.unwrap()[0];
    assert_eq!(
        (decided.status.as_str(), decided.import_id),
        ("approved", Some(import.id))
    );
    assert_eq!(
        store
            .home()
            .await
            .decide(id, false, "", &dux())
            .await
            .unwrap_err()
            .code(),
        "store.conflict"
    );
    let log = store.audit_log(&AuditFilter::default()).await.unwrap();
    for action in ["submission.create", "submission.approve"] {
        assert!(log.iter().any(|e| e.action == action), "{action}");
    }
}

async fn rejection_changes_nothing(store: Store) {
    let records = demo(20, 2, 2024);
    store
        .home()
        .await
        .import_statistics(2024, &records, &source("a.csv"), &dux())
        .await
        .unwrap();
    let id = store
        .home()
        .await
        .submit(&records[0], &Actor::new("s"))
        .await
        .unwrap();
    assert!(
        store
            .home()
            .await
            .decide(id, false, "数据有误", &dux())
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.home().await.years().await.unwrap()[0].latest_version,
        1
    );
    let s = &store
        .home()
        .await
        .submissions(Some("rejected"))
        .await
        .unwrap()[0];
    assert_eq!(s.note, "数据有误");
    // A backup carries the submissions.
    let mut out = Vec::new();
    let summary = store.backup(&mut out, None).await.unwrap();
    assert!(
        summary
            .tables
            .iter()
            .any(|t| t.table == "submissions" && t.rows == 1),
        "{summary:?}"
    );
}
