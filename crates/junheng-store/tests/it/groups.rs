use std::collections::BTreeSet;

use junheng_core::school::SchoolCode;
use junheng_store::{GroupInfo, GroupStatus, LegalForm, MemberLine, Membership, Store};

use crate::helpers::{Home, demo, dux, source};

store_tests!(
    groups_come_from_imports,
    membership_history,
    the_registry_decides_the_year_s_groups,
    a_group_records_what_the_bureau_knows,
    a_group_file_is_written_whole_or_not_at_all
);

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
        .save_group(name, &GroupInfo::new("紧密型", Some(&lead)), &dux())
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
        .add_member("名校+新校集团", &school, "2023-09-01", None, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");

    store
        .home()
        .await
        .save_group("名校+新校集团", &GroupInfo::new("名校+新校", None), &dux())
        .await
        .unwrap();
    store
        .home()
        .await
        .add_member("名校+新校集团", &school, "2023-09-01", None, &dux())
        .await
        .unwrap();
    store
        .home()
        .await
        .add_member("名校+新校集团", &other, "2023-09-01", None, &dux())
        .await
        .unwrap();
    let err = store
        .home()
        .await
        .add_member("名校+新校集团", &school, "2024-01-01", None, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    for bad in ["2024-02-30", "2024/09/01", "", "20240901"] {
        let err = store
            .home()
            .await
            .add_member("名校+新校集团", &other, bad, None, &dux())
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
        .add_member("名校+新校集团", &school, "2025-09-01", None, &dux())
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
        .save_group("  ", &GroupInfo::new("", None), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
}

/// The dated membership, not the statistics' 教育集团 column, names a record's group: the column
/// seeds the registry (a school never placed joins; an earlier year extends a membership back),
/// and once a school has left or moved, a file that still names its old group changes nothing.
async fn the_registry_decides_the_year_s_groups(store: Store) {
    let records = demo(120, 5, 2024);
    let earlier: Vec<_> = records
        .iter()
        .map(|r| junheng_core::school::SchoolRecord {
            year: 2023,
            ..r.clone()
        })
        .collect();
    let home = store.home().await;
    home.import_statistics(2024, &records, &source("a.csv"), &dux())
        .await
        .unwrap();
    home.import_statistics(2023, &earlier, &source("b.csv"), &dux())
        .await
        .unwrap();
    let named: Vec<_> = records.iter().filter(|r| r.group.is_some()).collect();
    let (leaver, mover, untouched) = (named[0], named[1], named[2]);
    let detail = home
        .group(untouched.group.as_deref().unwrap())
        .await
        .unwrap()
        .unwrap();
    let m = detail
        .members
        .iter()
        .find(|m| m.school == untouched.code)
        .unwrap();
    assert_eq!(
        m.joined_on, "2023-09-01",
        "extended back to the earlier year"
    );

    let group = leaver.group.clone().unwrap();
    home.end_membership(&group, &leaver.code, "2024-08-31", &dux())
        .await
        .unwrap();
    home.save_group("新建集团", &GroupInfo::new("联盟型", None), &dux())
        .await
        .unwrap();
    let from = mover.group.clone().unwrap();
    home.end_membership(&from, &mover.code, "2024-06-30", &dux())
        .await
        .unwrap();
    // Overlapping the mover's earlier membership (until 2024-06-30) is refused.
    let err = home
        .add_member("新建集团", &mover.code, "2024-06-01", None, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert!(err.to_string().contains(&from), "{err}");
    home.add_member("新建集团", &mover.code, "2024-07-01", None, &dux())
        .await
        .unwrap();
    // A new version of 2024 whose column still names the old groups changes nothing.
    home.import_statistics(2024, &records, &source("c.csv"), &dux())
        .await
        .unwrap();

    let group_of = |rows: &[junheng_core::school::SchoolRecord], code| {
        rows.iter().find(|r| &r.code == code).unwrap().group.clone()
    };
    let y2024 = home.statistics(2024, None).await.unwrap();
    assert_eq!(group_of(&y2024, &leaver.code), None);
    assert_eq!(group_of(&y2024, &mover.code).as_deref(), Some("新建集团"));
    assert_eq!(group_of(&y2024, &untouched.code), untouched.group);
    let y2023 = home.statistics(2023, None).await.unwrap();
    assert_eq!(group_of(&y2023, &leaver.code), leaver.group);
    assert_eq!(group_of(&y2023, &mover.code), mover.group);
}

async fn a_group_records_what_the_bureau_knows(store: Store) {
    let home = store.home().await;
    let lead = SchoolCode::parse("5001120001").unwrap();
    let info = GroupInfo {
        kind: "  领办型 ".into(),
        lead_school: Some(lead.clone()),
        founded_on: Some("2019-05-23".into()),
        status: GroupStatus::Cultivating,
        legal_form: LegalForm::Single,
        note: "五大指导中心".into(),
    };
    home.save_group("大坪小学教育集团", &info, &dux())
        .await
        .unwrap();
    let g = home.group("大坪小学教育集团").await.unwrap().unwrap().group;
    assert_eq!(g.kind, "领办型");
    assert_eq!(g.founded_on.as_deref(), Some("2019-05-23"));
    assert_eq!(g.status, GroupStatus::Cultivating);
    assert_eq!(g.legal_form, LegalForm::Single);
    assert_eq!(g.note, "五大指导中心");
    let bad = GroupInfo {
        founded_on: Some("2019-13-01".into()),
        ..info
    };
    let err = home
        .save_group("大坪小学教育集团", &bad, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(err.to_string().contains("成立日期"), "{err}");
    assert_eq!(
        GroupStatus::parse("培育集团"),
        Some(GroupStatus::Cultivating)
    );
    assert_eq!(LegalForm::parse("多法人"), Some(LegalForm::Multiple));
}

async fn a_group_file_is_written_whole_or_not_at_all(store: Store) {
    let home = store.home().await;
    let a = SchoolCode::parse("5001120001").unwrap();
    let b = SchoolCode::parse("5001120002").unwrap();
    let line = |group: &str, school: &SchoolCode, joined: &str, left: Option<&str>| MemberLine {
        group: group.into(),
        school: school.clone(),
        joined_on: joined.into(),
        left_on: left.map(str::to_owned),
    };
    let groups = vec![
        ("一集团".to_owned(), GroupInfo::new("紧密型", Some(&a))),
        ("二集团".to_owned(), GroupInfo::new("联盟型", None)),
    ];
    let members = vec![
        line("一集团", &a, "2020-09-01", None),
        line("一集团", &b, "2020-09-01", Some("2023-08-31")),
        line("二集团", &b, "2023-09-01", None),
    ];
    let done = home
        .import_groups(&groups, &members, "集团.xlsx", &dux())
        .await
        .unwrap();
    assert_eq!((done.groups_created, done.members_added), (2, 3));
    // Again: nothing new; closing a's membership is a change of the recorded line.
    let again = vec![line("一集团", &a, "2020-09-01", Some("2025-08-31"))];
    let done = home
        .import_groups(&groups, &again, "集团.xlsx", &dux())
        .await
        .unwrap();
    assert_eq!(
        (done.groups_updated, done.members_added, done.members_closed),
        (2, 0, 1)
    );
    // b in both groups at once: refused, and the new group of the same file is not written.
    let bad_groups = vec![("三集团".to_owned(), GroupInfo::new("", None))];
    let bad = vec![line("三集团", &b, "2024-09-01", None)];
    let err = home
        .import_groups(&bad_groups, &bad, "集团.xlsx", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert!(err.to_string().contains("二集团"), "{err}");
    assert!(home.group("三集团").await.unwrap().is_none());
    let on = home.groups_on("2024-09-01").await.unwrap();
    assert_eq!(on.get(&b).map(String::as_str), Some("二集团"));
    assert_eq!(on.get(&a).map(String::as_str), Some("一集团"));
    assert!(!home.groups_on("2025-09-01").await.unwrap().contains_key(&a));
}
