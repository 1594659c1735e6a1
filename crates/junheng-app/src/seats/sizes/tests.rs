use junheng_core::school::SchoolKind;
use junheng_store::{Actor, Role, Scope};

use super::*;
use crate::testing::{fixture, user};

fn csv(rows: &[String]) -> Vec<u8> {
    let mut text = "学校标识码,年级,班级,学生数\n".to_owned();
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

const OPERATOR: &str = "operator";

#[tokio::test]
async fn the_registry_counts_when_a_year_has_no_class_table_and_a_table_replaces_it() {
    // 100 children of grade 3: 1班 and 2班 of 50 each, both above 45.
    let f = fixture(SchoolKind::Primary, 3, 100).await;
    let rules = ClassRules::default();
    let got = items(&f.store, 2024, &rules).await.unwrap();
    let statistics = f.store.statistics(2024, None).await.unwrap();
    let [rooms, size] = district_items(&rules, &statistics);
    assert_eq!((got.rooms, got.school_size), (rooms, size));
    let classes = got.class_size.unwrap();
    assert_eq!(classes.source, ClassSource::Registry);
    assert_eq!((classes.counts.classes, classes.counts.over_limit), (3, 2));
    assert_eq!(classes.counts.large, 0);
    assert_eq!(classes.item.failing.len(), 1);
    assert_eq!(classes.item.failing[0].code, f.school);
    assert!(
        classes
            .large
            .iter()
            .all(|c| c.pupils == 50 && c.limit == 45)
    );

    let actor = Actor::new(OPERATOR);
    let caller = Caller::Operator(&actor);
    let rows = [
        format!("{},3,1班,60", f.school),
        format!("{},3,2班,40", f.school),
        format!("{},3,3班,70", f.other),
    ];
    let file = read(&csv(&rows), "班级.csv", &Limits::default()).unwrap();
    let stored = import(&f.store, &caller, 2024, &file, &"a".repeat(64), false)
        .await
        .unwrap();
    let got = items(&f.store, 2024, &rules).await.unwrap();
    let classes = got.class_size.unwrap();
    assert_eq!(classes.source, ClassSource::Table { file: stored });
    assert_eq!(
        (
            classes.counts.classes,
            classes.counts.over_limit,
            classes.counts.large,
            classes.counts.very_large
        ),
        (3, 2, 1, 1)
    );
    // Largest first, each in its band.
    let shown: Vec<(u32, &str)> = classes
        .large
        .iter()
        .map(|c| (c.pupils, c.band_label()))
        .collect();
    assert_eq!(shown, vec![(70, "超大班额"), (60, "大班额")]);
    assert_eq!(classes.item.failing.len(), 2);

    // A second table is refused until the caller confirms the replacement.
    let again = read(&csv(&rows[..1]), "班级2.csv", &Limits::default()).unwrap();
    let err = import(&f.store, &caller, 2024, &again, &"b".repeat(64), false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("确认替换"), "{err}");
    import(&f.store, &caller, 2024, &again, &"b".repeat(64), true)
        .await
        .unwrap();
    let one = items(&f.store, 2024, &rules).await.unwrap();
    assert_eq!(one.class_size.unwrap().counts.classes, 1);
    // Withdrawing brings the first table back, then the registry.
    withdraw(&f.store, &caller, 2024).await.unwrap();
    let back = items(&f.store, 2024, &rules).await.unwrap();
    assert_eq!(back.class_size.unwrap().counts.classes, 3);
    withdraw(&f.store, &caller, 2024).await.unwrap();
    let registry = items(&f.store, 2024, &rules).await.unwrap();
    assert_eq!(registry.class_size.unwrap().source, ClassSource::Registry);
}

#[tokio::test]
async fn classes_of_unknown_schools_or_absent_sections_write_nothing() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let actor = Actor::new(OPERATOR);
    let rows = [
        format!("{},3,1班,40", f.school),
        // 3: a school not in the statistics
        "5009999999,3,1班,40".to_owned(),
        // 4: a 初中 class at a 小学
        format!("{},8,1班,40", f.school),
    ];
    let file = read(&csv(&rows), "班级.csv", &Limits::default()).unwrap();
    let Err(Refused::Problems(failure)) = import(
        &f.store,
        &Caller::Operator(&actor),
        2024,
        &file,
        &"c".repeat(64),
        false,
    )
    .await
    else {
        panic!("refused with problems");
    };
    let got: Vec<(Option<usize>, Option<&str>, &str)> = failure
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_deref(), i.code))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(3), Some("学校标识码"), codes::SCHOOL_UNKNOWN),
            (Some(4), Some("年级"), codes::SECTION_ABSENT),
        ]
    );
    assert!(
        failure.issues[1].message.contains("没有初中"),
        "{}",
        failure.issues[1].message
    );
    assert!(f.store.class_tables(None).await.unwrap().is_empty());
    // A year without statistics is not found.
    let err = import(
        &f.store,
        &Caller::Operator(&actor),
        2023,
        &file,
        &"c".repeat(64),
        false,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Refused::Store(StoreError::NotFound(_))),
        "{err}"
    );
}

#[tokio::test]
async fn only_a_district_administrator_writes_a_class_table() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let file = read(
        &csv(&[format!("{},3,1班,40", f.school)]),
        "班级.csv",
        &Limits::default(),
    )
    .unwrap();
    for who in [
        user("principal", Role::School, Scope::School(f.school.clone())),
        user("inspector", Role::Supervisor, Scope::District),
    ] {
        let caller = Caller::User(&who);
        let err = import(&f.store, &caller, 2024, &file, &"d".repeat(64), true)
            .await
            .unwrap_err();
        assert!(matches!(err, Refused::Denied));
        assert!(matches!(
            withdraw(&f.store, &caller, 2024).await.unwrap_err(),
            Refused::Denied
        ));
    }
    let admin = user("admin", Role::Admin, Scope::District);
    import(
        &f.store,
        &Caller::User(&admin),
        2024,
        &file,
        &"d".repeat(64),
        true,
    )
    .await
    .unwrap();
}
