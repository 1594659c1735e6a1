//! `junheng task list|add|close` end to end: a task raised from a gap, listed (overdue said in
//! words, an Excel copy), closed only once submitted, a gap still open closed only with
//! `--confirm`.

use junheng_app::tasks::{GapKey, Recheck, gap_status};
use junheng_core::rulebook::Rulebook;
use junheng_store::{TaskChange, TaskStatus};

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn tasks_are_added_listed_and_closed_with_their_recheck() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 40, 3);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A gap the stored statistics still show.
    let key = with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        let records = home.statistics(2024, None).await.unwrap();
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        records
            .iter()
            .flat_map(|r| {
                rulebook.indicators.iter().map(|i| GapKey {
                    school: r.code.clone(),
                    indicator: i.id.clone(),
                })
            })
            .find(|k| matches!(gap_status(&records, &rulebook, k), Recheck::StillOpen(_)))
            .expect("the demo district has a gap")
    });
    let code = key.school.to_string();
    let source = key.to_string();
    let o = junheng(&[
        "task",
        "add",
        "--title",
        "补足差距",
        "--owner-kind",
        "school",
        "--owner",
        &code,
        "--deadline",
        "2020-01-31",
        "--source-kind",
        "gap",
        "--source-key",
        &source,
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已新建任务 #1"), "{}", stdout(&o));
    let o = junheng(&[
        "task",
        "add",
        "--title",
        "x",
        "--owner-kind",
        "team",
        "--owner",
        "y",
        "--deadline",
        "2026-01-01",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("负责方类型"), "{}", stderr(&o));

    let xlsx = dir.path().join("任务.xlsx");
    let o = junheng(&["task", "list", "--xlsx", p(&xlsx), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("补足差距") && out.contains("已逾期"), "{out}");
    assert!(out.contains("共 1 项任务，其中 1 项已逾期"), "{out}");
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    let o = junheng(&["task", "list", "--status", "done", "--database", &db]);
    assert!(stdout(&o).contains("共 0 项任务"), "{}", stdout(&o));

    // Not submitted yet: the machine refuses, in Chinese.
    let o = junheng(&["task", "close", "1", "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("当前为“待办”"), "{}", stderr(&o));
    with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        for (from, to, note) in [
            (TaskStatus::Open, TaskStatus::InProgress, ""),
            (TaskStatus::InProgress, TaskStatus::Submitted, "已整改"),
        ] {
            let change = TaskChange {
                from,
                to,
                note,
                check: None,
            };
            let actor = junheng_store::Actor::new("xz");
            home.transition_task(1, &change, &actor).await.unwrap();
        }
    });
    // The gap is still open: not closed without --confirm (exit 1), then closed despite it.
    let o = junheng(&["task", "close", "1", "--database", &db]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("未关闭：复查发现问题仍未解决"),
        "{}",
        stdout(&o)
    );
    let o = junheng(&[
        "task",
        "close",
        "1",
        "--confirm",
        "--note",
        "先行验收",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("经确认仍然关闭"), "{}", stdout(&o));
    let o = junheng(&["task", "list", "--status", "done", "--database", &db]);
    assert!(stdout(&o).contains("已完成"), "{}", stdout(&o));
}
