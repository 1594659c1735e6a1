//! The verdict of a generated district: every item has a status with its source; statements,
//! evidence and entered figures flip their items; a provincial override changes a computation;
//! a snapshot is kept once per data change.

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::inspection::{ItemStatus, Outcome, Overall, VetoStatus};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::rulebook::Rulebook;
use junheng_store::{Actor, DistrictStore, ImportSource, NewEvidence, Store, StoreError};
use junheng_teachers::training::Day;

use super::*;

/// A generated district of 12 schools with its 2024 statistics (also the board's tests').
pub(crate) async fn district() -> (tempfile::TempDir, DistrictStore) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("i.db").display());
    let store = Store::open(&url).await.unwrap();
    let home = store.in_district(store.only_district().await.unwrap().id);
    let records = generate(&DemoSpec {
        schools: 12,
        seed: 9,
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
    (dir, home)
}

fn today() -> Day {
    Day::new(2025, 5, 20).unwrap()
}

async fn run(home: &DistrictStore, rulebook: &Rulebook) -> Status {
    let resources = resources(home, 2024, rulebook).await.unwrap();
    status(
        home,
        2024,
        rulebook,
        &Settings::default(),
        today(),
        resources,
    )
    .await
    .unwrap()
}

fn admin() -> Actor {
    Actor::new("督导室")
}

#[tokio::test]
async fn every_item_has_a_status_and_a_source() {
    let (_dir, home) = district().await;
    let rb = Rulebook::builtin("cn-2017").unwrap();
    let s = run(&home, &rb).await;
    assert_eq!(s.items.len(), 33);
    assert!(s.resources.is_some(), "the statistics were evaluated");
    for item in &s.items {
        let r = s.verdict.item(&item.def.id).unwrap();
        assert!(!r.reason.is_empty(), "{}", item.def.id);
        match item.def.computation {
            Some(_) => assert!(item.input.computed.is_some(), "{} computed", item.def.id),
            None => assert!(item.input.computed.is_none()),
        }
    }
    // The statistics decide the size items; nothing else was imported.
    for id in ["music_art_rooms", "school_size"] {
        let c = s.item(id).unwrap().input.computed.as_ref().unwrap();
        assert_ne!(c.outcome, Outcome::NotConnected, "{id}");
        assert!(!c.provenance.is_empty());
    }
    for id in [
        "nearby_enrolment",
        "naeq",
        "recognition",
        "teacher_pay",
        "rotation",
    ] {
        let c = s.item(id).unwrap().input.computed.as_ref().unwrap();
        assert_eq!(c.outcome, Outcome::NotConnected, "{id}: {}", c.note);
    }
    assert_ne!(s.verdict.overall, Overall::Recognisable);
    assert_eq!(s.history, vec![(2024, s.verdict.overall)]);
}

#[tokio::test]
async fn statements_evidence_and_figures_flip_their_items() {
    let (_dir, home) = district().await;
    let rb = Rulebook::builtin("cn-2017").unwrap();
    // An attested item: a statement alone does not count; with a document it does.
    attest(
        &home,
        2024,
        &rb,
        "four_unified",
        true,
        "四个标准城乡统一",
        &admin(),
    )
    .await
    .unwrap();
    let s = run(&home, &rb).await;
    assert_eq!(
        s.verdict.item("four_unified").unwrap().status,
        ItemStatus::Undecided
    );
    let record = RecordRef {
        kind: RecordKind::SupervisionItem,
        key: evidence_key(2024, "four_unified"),
    };
    home.add_evidence(
        &NewEvidence {
            record: &record,
            title: "学校建设标准文件",
            note: "",
            file_name: "标准.pdf",
            media_type: "application/pdf",
            sha256: &"a".repeat(64),
            content: b"%PDF-1.4 test",
        },
        &admin(),
    )
    .await
    .unwrap();
    let s = run(&home, &rb).await;
    assert_eq!(
        s.verdict.item("four_unified").unwrap().status,
        ItemStatus::Met
    );
    assert_eq!(s.item("four_unified").unwrap().documents.len(), 1);
    // 撤回 of the statement brings the item back to undecided.
    let id = s.item("four_unified").unwrap().statements[0].id;
    withdraw_statement(&home, id, &admin()).await.unwrap();
    let s = run(&home, &rb).await;
    assert_eq!(
        s.verdict.item("four_unified").unwrap().status,
        ItemStatus::Undecided
    );

    // The official 社会认可度 at its edge: 0.85 met, 0.8499 a veto.
    set_input(
        &home,
        2024,
        "recognition_rate",
        0.85,
        "国家调查反馈",
        &admin(),
    )
    .await
    .unwrap();
    let s = run(&home, &rb).await;
    assert_eq!(
        s.verdict.item("recognition").unwrap().status,
        ItemStatus::Met
    );
    assert_eq!(
        s.verdict.item("low_recognition").unwrap().veto,
        Some(VetoStatus::Clear)
    );
    set_input(&home, 2024, "recognition_rate", 0.8499, "更正", &admin())
        .await
        .unwrap();
    let s = run(&home, &rb).await;
    assert_eq!(
        s.verdict.item("low_recognition").unwrap().veto,
        Some(VetoStatus::Triggered)
    );
    assert_eq!(s.verdict.overall, Overall::NotRecognisable);
    assert!(
        s.verdict.reasons[0].contains("社会认可度"),
        "{:?}",
        s.verdict.reasons
    );
    assert_eq!(s.figures.len(), 2);

    // Bad figures and unknown items are refused with what is expected.
    for (name, value) in [
        ("recognition_rate", 1.2),
        ("recognition_respondents", 10.5),
        ("x", 1.0),
    ] {
        let err = set_input(&home, 2024, name, value, "来源", &admin())
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{name}");
    }
    let err = attest(&home, 2024, &rb, "nothing", true, "", &admin())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nothing"), "{err}");
}

#[tokio::test]
async fn a_provincial_limit_changes_the_computation() {
    let (_dir, home) = district().await;
    let national = Rulebook::builtin("cn-2017").unwrap();
    let strict = Rulebook::from_toml(
        "extends = \"cn-2017\"\nid = \"strict\"\nversion = \"1\"\n\
         [items.school_size]\nlimits = { school_max = 100, through_school_max = 100 }\n",
        "strict.toml",
    )
    .unwrap();
    let before = run(&home, &national).await;
    let after = run(&home, &strict).await;
    let failing = |s: &Status| {
        s.item("school_size")
            .unwrap()
            .input
            .computed
            .as_ref()
            .unwrap()
            .failing
            .len()
    };
    assert!(failing(&after) > failing(&before));
    assert_eq!(
        after.verdict.item("school_size").unwrap().status,
        ItemStatus::NotMet
    );
    assert!(after.verdict.gaps.iter().any(|g| g.item == "school_size"));
}

#[tokio::test]
async fn a_snapshot_is_kept_once_per_data_change() {
    let (_dir, home) = district().await;
    let rb = Rulebook::builtin("cn-2017").unwrap();
    let first = run(&home, &rb).await;
    let again = run(&home, &rb).await;
    assert_eq!(first.stamp, again.stamp, "same data, same stamp");
    assert_eq!(home.snapshots("cn-2017").await.unwrap().len(), 1);
    set_input(
        &home,
        2024,
        "recognition_rate",
        0.9,
        "国家调查反馈",
        &admin(),
    )
    .await
    .unwrap();
    let changed = run(&home, &rb).await;
    assert_ne!(changed.stamp, first.stamp);
    // One kept verdict per year is shown; the store keeps both.
    assert_eq!(changed.history.len(), 1);
}

#[test]
fn item_keys_are_year_and_item() {
    assert_eq!(item_key("2024/class_size").unwrap(), (2024, "class_size"));
    for bad in ["2024", "x/class_size", "2024/Class", "1999/a", "2024/"] {
        assert!(item_key(bad).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn the_report_fills_every_section_and_is_the_same_for_the_same_data() {
    let (_dir, home) = district().await;
    let rb = Rulebook::builtin("cn-2017").unwrap();
    let s = run(&home, &rb).await;
    let records = home.statistics(2024, None).await.unwrap();
    let e = junheng_core::evaluate::evaluate(&records, &rb).unwrap();
    let of = report::ReportOf {
        district: "演示区",
        generated: "2026-12-06 16:30",
    };
    let bytes = report::write(&s, Some(&e), &of, None).unwrap();
    assert_eq!(
        bytes,
        report::write(&s, Some(&e), &of, None).unwrap(),
        "deterministic"
    );
    let text = junheng_io::docx::paragraph_texts(&bytes)
        .unwrap()
        .join("\n");
    for needle in [
        "演示区2024年义务教育优质均衡发展督导评估自评报告",
        "2026年12月6日",
        "一、基本情况",
        "九、结论",
        "小学各项指标的差异系数",
        "政府保障程度共 15 项",
        "教育质量共 9 项",
        "一票否决事项共 8 项",
        "本学年未在平台完成社会认可度自测",
        "差距清单",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    assert!(!text.contains("{{"), "every field and section filled");
}
