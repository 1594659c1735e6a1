//! 一校一案: projects with their money written, changed, deleted and imported by name, each
//! write audited, every district its own, backups carrying them.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_core::seats::ledger::{ProjectKind, ProjectStatus};
use junheng_core::seats::project::Additions;
use junheng_store::{AuditFilter, ProjectEntry, ProjectImport, ProjectMoney, Store};

use crate::helpers::{Home, dux, sqlite_store};

store_tests!(
    projects_keep_their_figures_money_and_status,
    bad_projects_write_nothing,
    imports_replace_by_name_and_districts_keep_their_own,
    backups_carry_projects,
);

fn entry(name: &str) -> ProjectEntry {
    ProjectEntry {
        name: format!(" {name} "),
        school: SchoolCode::parse("5001120001").unwrap(),
        kind: ProjectKind::Expansion,
        status: ProjectStatus::Building,
        year_planned: 2023,
        year_opened: Some(2024),
        adds: Additions {
            sports_ground_area: 5115.9,
            equipment_value: 12.5,
            music_rooms: 1,
            ..Additions::default()
        },
        seats_added: 90,
        cost: 304_000_000,
        funding: "改薄资金".into(),
        started_on: Some("2023-11-01".into()),
        completed_on: None,
        note: String::new(),
        money: vec![
            ProjectMoney {
                year: 2024,
                planned: 104_000_000,
                spent: 22_000_000,
            },
            ProjectMoney {
                year: 2023,
                planned: 200_000_000,
                spent: 200_000_000,
            },
        ],
    }
}

async fn projects_keep_their_figures_money_and_status(store: Store) {
    let home = store.home().await;
    let id = home
        .add_seat_project(&entry("操场挖潜扩容"), &dux())
        .await
        .unwrap();
    let stored = home.seat_project(id).await.unwrap().unwrap();
    assert_eq!(stored.entry.name, "操场挖潜扩容");
    assert_eq!(stored.entry.adds.sports_ground_area, 5115.9);
    assert_eq!(stored.entry.money[0].year, 2023, "money by year");
    assert_eq!(stored.entry.cost, 304_000_000);
    assert_eq!(stored.created_by, dux().name);
    let mut done = stored.entry.clone();
    done.status = ProjectStatus::Done;
    done.completed_on = Some("2024-08-01".into());
    done.money.truncate(1);
    home.update_seat_project(id, &done, &dux()).await.unwrap();
    let again = home.seat_project(id).await.unwrap().unwrap();
    assert_eq!(again.entry, done);
    assert_eq!(home.seat_projects().await.unwrap(), vec![again]);
    home.delete_seat_project(id, &dux()).await.unwrap();
    assert!(home.seat_projects().await.unwrap().is_empty());
    assert_eq!(
        home.delete_seat_project(id, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("seat_project.".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "seat_project.delete",
            "seat_project.update",
            "seat_project.add"
        ]
    );
}

async fn bad_projects_write_nothing(store: Store) {
    let home = store.home().await;
    home.add_seat_project(&entry("甲"), &dux()).await.unwrap();
    let err = home
        .add_seat_project(&entry("甲"), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    let mut done = entry("乙");
    done.status = ProjectStatus::Done;
    let err = home.add_seat_project(&done, &dux()).await.unwrap_err();
    assert!(err.to_string().contains("竣工日期"), "{err}");
    let mut twice = entry("丙");
    twice.money[1].year = 2024;
    assert!(home.add_seat_project(&twice, &dux()).await.is_err());
    let mut negative = entry("丁");
    negative.adds.gym_area = -1.0;
    assert!(home.add_seat_project(&negative, &dux()).await.is_err());
    let mut early = entry("戊");
    early.year_opened = Some(2020);
    assert!(home.add_seat_project(&early, &dux()).await.is_err());
    assert_eq!(home.seat_projects().await.unwrap().len(), 1);
}

async fn imports_replace_by_name_and_districts_keep_their_own(store: Store) {
    let home = store.home().await;
    let id = home.add_seat_project(&entry("甲"), &dux()).await.unwrap();
    let mut changed = entry("甲");
    changed.cost = 1;
    let done = home
        .import_seat_projects(&[changed, entry("乙")], "台账.xlsx", &dux())
        .await
        .unwrap();
    assert_eq!(
        done,
        ProjectImport {
            added: 1,
            replaced: 1
        }
    );
    let all = home.seat_projects().await.unwrap();
    assert_eq!(all.len(), 2);
    let first = all.iter().find(|p| p.id == id).unwrap();
    assert_eq!((first.entry.name.as_str(), first.entry.cost), ("甲", 1));
    // A file naming a project twice, or with a bad one, writes nothing.
    let err = home
        .import_seat_projects(&[entry("丙"), entry("丙")], "x.csv", &dux())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("两次"), "{err}");
    let mut bad = entry("丁");
    bad.status = ProjectStatus::Done;
    assert!(
        home.import_seat_projects(&[entry("丙"), bad], "x.csv", &dux())
            .await
            .is_err()
    );
    assert_eq!(home.seat_projects().await.unwrap().len(), 2);
    let there = crate::helpers::chengkou(&store).await;
    assert!(there.seat_projects().await.unwrap().is_empty());
    assert_eq!(there.seat_project(id).await.unwrap(), None);
    assert_eq!(
        there
            .update_seat_project(id, &entry("甲"), &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    assert_eq!(
        there
            .delete_seat_project(id, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    // The same name in another district is another project.
    there.add_seat_project(&entry("甲"), &dux()).await.unwrap();
    assert_eq!(home.seat_projects().await.unwrap().len(), 2);
}

async fn backups_carry_projects(store: Store) {
    let home = store.home().await;
    let id = home.add_seat_project(&entry("甲"), &dux()).await.unwrap();
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!(rows("seat_projects"), 1);
    assert_eq!(rows("seat_project_money"), 2);
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    let there = copy.home().await;
    assert_eq!(
        there.seat_projects().await.unwrap(),
        home.seat_projects().await.unwrap()
    );
    let next = there.add_seat_project(&entry("乙"), &dux()).await.unwrap();
    assert!(next > id);
}
