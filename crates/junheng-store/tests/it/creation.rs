//! 优质均衡创建 of each district (targets and steps), and the freshness a city compares.

use junheng_core::creation::CreationStatus;
use junheng_rotation::MoveKind;
use junheng_store::{Actor, DistrictKind, MoveSource, NewDistrict, NewStep, Store};

use crate::helpers::{demo, source};
use crate::roster::teachers;
use crate::rotation::mv;

store_tests!(
    targets_and_steps_keep_their_history,
    freshness_names_each_districts_latest_versions
);

fn yubei() -> NewDistrict {
    NewDistrict {
        code: "500112".into(),
        name: "渝北区".into(),
        kind: DistrictKind::Qu,
        city: ("500100".into(), "重庆市".into()),
        province: ("500000".into(), "重庆市".into()),
    }
}

fn step(status: CreationStatus, on: &str, document: &str) -> NewStep {
    NewStep {
        status,
        reached_on: on.into(),
        document: document.into(),
        note: String::new(),
    }
}

async fn targets_and_steps_keep_their_history(store: Store) {
    let city = Actor::new("city");
    let d = store.add_district(&yubei(), &city).await.unwrap();
    assert_eq!(
        store.creation(d.id).await.unwrap().status(),
        CreationStatus::NotStarted
    );
    let err = store
        .set_creation_target(d.id, 2026, &city)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("2028"), "{err}");
    store.set_creation_target(d.id, 2030, &city).await.unwrap();
    store.set_creation_target(d.id, 2028, &city).await.unwrap();
    let s = CreationStatus::SelfAssessed;
    for (bad, why) in [
        (step(s, "2025-02-30", "渝北教发〔2025〕1号"), "YYYY-MM-DD"),
        (step(s, "2025-03-01", " "), "文件"),
        (
            step(CreationStatus::NotStarted, "2025-03-01", "x"),
            "未启动",
        ),
    ] {
        let err = store
            .record_creation_step(d.id, &bad, &city)
            .await
            .unwrap_err();
        assert!(err.to_string().contains(why), "{err}");
    }
    store
        .record_creation_step(d.id, &step(s, "2025-03-01", "渝北教发〔2025〕1号"), &city)
        .await
        .unwrap();
    let p = CreationStatus::CityProcess;
    store
        .record_creation_step(d.id, &step(p, "2025-11-20", "渝教督〔2025〕9号"), &city)
        .await
        .unwrap();
    // Going back is refused; a second document of the current status is a re-assessment.
    let err = store
        .record_creation_step(d.id, &step(s, "2025-12-01", "再次自评"), &city)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("市级过程评估"), "{err}");
    store
        .record_creation_step(d.id, &step(p, "2026-05-01", "渝教督〔2026〕2号"), &city)
        .await
        .unwrap();
    let c = store.creation(d.id).await.unwrap();
    assert_eq!(c.target.as_ref().unwrap().year, 2028);
    assert_eq!(c.steps.len(), 3);
    assert_eq!(c.status(), p);
    assert_eq!(c.latest().unwrap().document, "渝教督〔2026〕2号");
    let log = store
        .audit_log(&junheng_store::AuditFilter::default())
        .await
        .unwrap();
    let creation = log
        .iter()
        .filter(|e| e.action.starts_with("creation."))
        .count();
    assert_eq!(creation, 5, "two targets and three steps are audited");
}

async fn freshness_names_each_districts_latest_versions(store: Store) {
    let admin = Actor::new("admin");
    let d = store.add_district(&yubei(), &admin).await.unwrap();
    let home = store.in_district(d.id);
    home.import_statistics(2023, &demo(5, 1, 2023), &source("a.xlsx"), &admin)
        .await
        .unwrap();
    home.import_statistics(2024, &demo(5, 1, 2024), &source("b.xlsx"), &admin)
        .await
        .unwrap();
    home.import_statistics(2024, &demo(5, 2, 2024), &source("c.xlsx"), &admin)
        .await
        .unwrap();
    home.replace_roster(2024, &teachers(2024, 4), &admin)
        .await
        .unwrap();
    let f = store.freshness().await.unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(
        (f[0].year, f[0].version, f[0].roster_version),
        (2024, 2, Some(1))
    );
    assert_eq!(f[0].file_name, "c.xlsx");
    assert_eq!(
        (f[1].year, f[1].version, f[1].roster_version),
        (2023, 1, None)
    );
    assert!(store.ledger_marks().await.unwrap().is_empty());
    let m = [mv("T0001", 1, 2, (2024, 2026), MoveKind::Exchange)];
    home.add_moves(&m, MoveSource::Manual, &admin, None)
        .await
        .unwrap();
    let before = store.ledger_marks().await.unwrap();
    assert_eq!(before.len(), 1);
    let id = home.moves(&crate::rotation::everything()).await.unwrap()[0].id;
    home.cancel_move(id, &admin, "录错").await.unwrap();
    assert!(
        store.ledger_marks().await.unwrap().is_empty(),
        "a cancelled move leaves the mark"
    );
}
