use junheng_core::demo::{DemoSpec, generate};
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;
use junheng_core::school::SchoolRecord;
use junheng_io::seats::projects::{read_ledger, write_ledger};
use junheng_store::{Actor, ImportSource, Store};

use super::whatif::{inputs, plan_of, what_if_of};
use super::*;

async fn district() -> (tempfile::TempDir, DistrictStore, Vec<SchoolRecord>) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("p.db").display());
    let store = Store::open(&url).await.unwrap();
    let home = store.in_district(store.only_district().await.unwrap().id);
    let records = generate(&DemoSpec {
        schools: 30,
        seed: 11,
        year: 2024,
    });
    home.import_statistics(
        2024,
        &records,
        &ImportSource::new("t.csv", b"t", ""),
        &Actor::new("admin"),
    )
    .await
    .unwrap();
    (dir, home, records)
}

fn entry(name: &str, record: &SchoolRecord, cost: i64) -> ProjectEntry {
    ProjectEntry {
        name: name.into(),
        school: record.code.clone(),
        kind: ProjectKind::Extension,
        status: ProjectStatus::Planned,
        year_planned: 2024,
        year_opened: Some(2025),
        adds: Additions {
            teaching_room_area: 1500.0,
            gym_area: 600.0,
            sports_ground_area: 5115.9,
            equipment_value: 80.0,
            multimedia_rooms: 6,
            music_rooms: 1,
            art_rooms: 1,
            ..Additions::default()
        },
        seats_added: 0,
        cost,
        funding: "改薄资金".into(),
        started_on: None,
        completed_on: None,
        note: String::new(),
        money: vec![ProjectMoney {
            year: 2024,
            planned: cost,
            spent: cost / 2,
        }],
    }
}

fn operator() -> Actor {
    Actor::new("operator")
}

#[tokio::test]
async fn the_what_if_equals_evaluating_the_edited_statistics() {
    let (_dir, store, records) = district().await;
    let op = operator();
    let caller = Caller::Operator(&op);
    let a = add(&store, &caller, &entry("甲", &records[2], 3_000_000))
        .await
        .unwrap();
    let b = add(&store, &caller, &entry("乙", &records[5], 1_000_000))
        .await
        .unwrap();
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let inputs = inputs(&store, &caller, None).await.unwrap();
    assert_eq!((inputs.year, inputs.version), (2024, 1));
    let report = what_if_of(&inputs, &[a.id, b.id], &rulebook).unwrap();
    assert_eq!(report.applied.len(), 2);
    let mut by_hand = records.clone();
    for i in [2, 5] {
        let f = &mut by_hand[i].facilities;
        f.teaching_room_area += 2100.0;
        f.gym_area += 600.0;
        f.sports_ground_area += 5115.9;
        f.equipment_value += 80.0;
        f.multimedia_rooms += 6;
        f.music_rooms += 1;
        f.art_rooms += 1;
    }
    let expected = evaluate(&by_hand, &rulebook).unwrap();
    assert_eq!(report.result.passes.1, expected.passes);
    let failing: usize = expected.sections.iter().map(|s| s.failing_units).sum();
    assert_eq!(report.result.failing.1, failing);
    for s in &report.result.spreads {
        let section = expected
            .sections
            .iter()
            .find(|x| x.section == s.section)
            .unwrap();
        let i = section
            .indicators
            .iter()
            .find(|i| i.id == s.indicator)
            .unwrap();
        assert_eq!(s.after, i.spread.cv);
    }
    assert_eq!(report.effects.len(), 2);
    assert!(report.effects.iter().all(|e| e.units_changed >= 1));
    // A new school not yet in the statistics is left out, not guessed.
    let mut new = entry("新校", &records[0], 9_000_000);
    new.kind = ProjectKind::NewSchool;
    new.school = SchoolCode::parse("5001129999").unwrap();
    let n = add(&store, &caller, &new).await.unwrap();
    let inputs = whatif::inputs(&store, &caller, Some(2024)).await.unwrap();
    let report = what_if_of(&inputs, &[n.id], &rulebook).unwrap();
    assert!(report.applied.is_empty());
    assert_eq!(report.left_out[0].id, n.id);
}

#[tokio::test]
async fn the_planner_takes_the_planned_projects_and_their_costs() {
    let (_dir, store, records) = district().await;
    let op = operator();
    let caller = Caller::Operator(&op);
    for (i, r) in records.iter().take(4).enumerate() {
        add(
            &store,
            &caller,
            &entry(&format!("项目{i}"), r, 1_000_000 * (i as i64 + 1)),
        )
        .await
        .unwrap();
    }
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let inputs = whatif::inputs(&store, &caller, None).await.unwrap();
    let report = plan_of(&inputs, None, &rulebook).unwrap();
    assert_eq!(report.candidates.len(), 4);
    assert!(report.exact());
    assert_eq!(
        report.cost,
        report.chosen.iter().map(|p| p.entry.cost).sum::<i64>()
    );
    assert_eq!(
        report.plan.passes,
        report.still_failing.is_empty() && report.spreads_over.is_empty()
    );
    // A project in progress is no candidate.
    let first = report.candidates[0].id;
    change_status(
        &store,
        &caller,
        first,
        ProjectStatus::Building,
        &StatusChange {
            started_on: Some("2024-03-01".into()),
            ..StatusChange::default()
        },
    )
    .await
    .unwrap();
    let inputs = whatif::inputs(&store, &caller, None).await.unwrap();
    assert_eq!(
        plan_of(&inputs, None, &rulebook).unwrap().candidates.len(),
        3
    );
    assert_eq!(
        plan_of(&inputs, Some(&[first]), &rulebook)
            .unwrap()
            .candidates
            .len(),
        1
    );
}

#[tokio::test]
async fn writes_need_an_administrator_and_known_schools() {
    let (_dir, store, records) = district().await;
    let dux = crate::testing::user("dux", Role::Supervisor, Scope::District);
    let err = add(&store, &Caller::User(&dux), &entry("甲", &records[0], 1))
        .await
        .unwrap_err();
    assert!(matches!(err, Refused::Denied));
    assert!(list(&store, &Caller::User(&dux)).await.unwrap().is_empty());
    let school = crate::testing::user("s", Role::School, Scope::School(records[0].code.clone()));
    assert!(matches!(
        list(&store, &Caller::User(&school)).await.unwrap_err(),
        Refused::Denied
    ));
    let op = operator();
    let mut stranger = entry("甲", &records[0], 1);
    stranger.school = SchoolCode::parse("5001129999").unwrap();
    let err = add(&store, &Caller::Operator(&op), &stranger)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("5001129999"), "{err}");
    // Done without its dates is refused by the store.
    let mut done = entry("乙", &records[0], 1);
    done.status = ProjectStatus::Done;
    let err = add(&store, &Caller::Operator(&op), &done)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
}

#[tokio::test]
async fn an_import_replacing_projects_waits_for_confirmation() {
    let (_dir, store, records) = district().await;
    let op = operator();
    let caller = Caller::Operator(&op);
    let first = add(&store, &caller, &entry("甲", &records[0], 100))
        .await
        .unwrap();
    let mut lines = vec![line_of(&first), line_of(&first)];
    lines[1].name = "乙".into();
    lines[0].cost = 999;
    let file = read_ledger(&write_ledger(&lines), "台账.xlsx").unwrap();
    let waiting = import(&store, &caller, &file, false).await.unwrap();
    assert_eq!(
        waiting,
        Imported::NeedsConfirmation {
            added: 1,
            replaced: vec!["甲".into()]
        }
    );
    assert_eq!(store.seat_projects().await.unwrap().len(), 1);
    let done = import(&store, &caller, &file, true).await.unwrap();
    assert!(matches!(
        done,
        Imported::Done(ProjectImport {
            added: 1,
            replaced: 1
        })
    ));
    let ledger = store.seat_projects().await.unwrap();
    assert_eq!(ledger.len(), 2);
    let first = ledger.iter().find(|p| p.entry.name == "甲").unwrap();
    assert_eq!(first.entry.cost, 999);
    let totals = money::execution(&ledger);
    assert_eq!(totals.total.planned, 200);
    assert_eq!(totals.by_source[0].source, "改薄资金");
    assert_eq!(opened_additions(&store, 2025).await.unwrap().len(), 2);
    assert!(opened_additions(&store, 2024).await.unwrap().is_empty());
    // An unknown school is located in the file.
    lines[1].school = SchoolCode::parse("5001129999").unwrap();
    let file = read_ledger(&write_ledger(&lines), "台账.xlsx").unwrap();
    let Refused::Problems(f) = import(&store, &caller, &file, true).await.unwrap_err() else {
        panic!("problems expected");
    };
    assert_eq!(f.issues[0].code, codes::SCHOOL_UNKNOWN);
    assert_eq!(f.issues[0].row, Some(3));
}
