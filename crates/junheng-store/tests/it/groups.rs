use std::collections::BTreeSet;

use junheng_core::school::SchoolCode;
use junheng_store::{Membership, Store};

use crate::helpers::{Home, demo, dux, source};

store_tests!(groups_come_from_imports, membership_history);

async fn groups_come_from_imports(store: Store) {
    let records = demo(300, 4, 2024);
    let named: BTreeSet<&str> = records.iter().filter_map(|r| r.group.as_deref()).collect();
    assert!(named.len() >= 2, "the demo district has groups");
    store
        .home()
        .await
        .import_statistics(2024, &records, &source("a.csv"), &dux())
        .await
        .unwrap();
    // A second version and the next year open nothing twice.
    store
        .home()
        .await
        .import_statistics(2024, &records, &source("b.csv"), &dux())
        .await
        .unwrap();

    let groups = store.home().await.groups().await.unwrap();
    let names: BTreeSet<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, named);
    assert!(
        groups
            .iter()
            .all(|g| g.kind.is_empty() && g.lead_school.is_none())
    );

    let name = *named.iter().next().unwrap();
    let detail = store.home().await.group(name).await.unwrap().unwrap();
    let mut expected: Vec<Membership> = records
        .iter()
        .filter(|r| r.group.as_deref() == Some(name))
        .map(|r| Membership {
            school: r.code.clone(),
            joined_on: "2024-09-01".into(),
            left_on: None,
        })
        .collect();
    expected.sort_by(|a, b| a.school.cmp(&b.school));
    assert_eq!(detail.members, expected);
    assert_eq!(detail.group.name, name);

    let lead = expected[0].school.clone();
    store
        .home()
        .await
        .save_group(name, "紧密型", Some(&lead), &dux())
        .await
        .unwrap();
    let detail = store.home().await.group(name).await.unwrap().unwrap();
    assert_eq!(detail.group.kind, "紧密型");
    assert_eq!(detail.group.lead_school, Some(lead));
    assert_eq!(detail.members.len(), expected.len());
    assert!(
        store
            .home()
            .await
            .group("没有这个集团")
            .await
            .unwrap()
            .is_none()
    );

    let json = serde_json::to_value(&detail).unwrap();
    assert_eq!(
        json["name"], name,
        "the group's fields are flattened: {json}"
    );
    assert_eq!(json["members"][0]["joined_on"], "2024-09-01");
}

async fn membership_history(store: Store) {
    let school = SchoolCode::parse("5001120001").unwrap();
    let other = SchoolCode::parse("5001120002").unwrap();
    let err = store
        .home()
        .await
        .add_member("名校+新校集团", &school, "2023-09-01", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");

    store
        .home()
        .await
        .save_group("名校+新校集团", "名校+新校", None, &dux())
        .await
        .unwrap();
    store
        .home()
        .await
        .add_member("名校+新校集团", &school, "2023-09-01", &dux())
        .await
        .unwrap();
    store
        .home()
        .await
        .add_member("名校+新校集团", &other, "2023-09-01", &dux())
        .await
        .unwrap();
    let err = store
        .home()
        .await
        .add_member("名校+新校集团", &school, "2024-01-01", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    for bad in ["2024-02-30", "2024/09/01", "", "20240901"] {
        let err = store
            .home()
            .await
            .add_member("名校+新校集团", &other, bad, &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{bad}");
    }

    let err = store
        .home()
        .await
        .end_membership("名校+新校集团", &school, "2023-08-31", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    store
        .home()
        .await
        .end_membership("名校+新校集团", &school, "2024-07-15", &dux())
        .await
        .unwrap();
    let err = store
        .home()
        .await
        .end_membership("名校+新校集团", &school, "2024-07-16", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    // Rejoining opens a second membership; the first stays in the history.
    store
        .home()
        .await
        .add_member("名校+新校集团", &school, "2025-09-01", &dux())
        .await
        .unwrap();

    let members = store
        .home()
        .await
        .group("名校+新校集团")
        .await
        .unwrap()
        .unwrap()
        .members;
    let rows: Vec<(&str, &str, Option<&str>)> = members
        .iter()
        .map(|m| {
            (
                m.school.as_str(),
                m.joined_on.as_str(),
                m.left_on.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("5001120001", "2023-09-01", Some("2024-07-15")),
            ("5001120002", "2023-09-01", None),
            ("5001120001", "2025-09-01", None),
        ]
    );
    let err = store
        .home()
        .await
        .save_group("  ", "", None, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
}
