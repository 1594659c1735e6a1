//! `junheng board …` end to end: a duty recorded, the gap list previewed then raised once (a
//! second raise adds nothing), a budget set, a 专项 plan made, the board printed and as JSON; bad
//! input refused with nothing written.

use crate::{db_url, demo_file, junheng, p, stderr, stdout};

#[test]
fn the_board_is_raised_once_budgeted_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "b.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&[
        "inspection",
        "attest",
        "four_unified",
        "--year",
        "2024",
        "--not-met",
        "--note",
        "编制标准城乡不一",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&[
        "board",
        "duty",
        "add",
        "four_unified",
        "区委编办",
        "统一城乡编制标准",
        "--lead",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = junheng(&[
        "board",
        "raise",
        "--deadline",
        "2025-06-30",
        "--dry-run",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let preview = stdout(&o);
    assert!(
        preview.contains("将新建") && preview.contains("区委编办"),
        "{preview}"
    );
    let o = junheng(&["board", "show", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["counts"]["total"], 0, "a dry run writes nothing");

    let o = junheng(&[
        "board",
        "raise",
        "--deadline",
        "2025-13-01",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = junheng(&[
        "board",
        "raise",
        "--deadline",
        "2025-06-30",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("项差距已有未完成任务"));
    let o = junheng(&[
        "board",
        "raise",
        "--deadline",
        "2025-06-30",
        "--database",
        &db,
    ]);
    assert!(stdout(&o).contains("新建 0 项任务"), "{}", stdout(&o));

    let o = junheng(&["board", "show", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let total = json["counts"]["total"].as_u64().unwrap();
    assert!(total > 0);
    let first = json["rows"][0]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c.as_array().unwrap().clone())
        .next()
        .unwrap()
        .to_string();
    let o = junheng(&[
        "board",
        "budget",
        &first,
        "3,500.50",
        "--funded-by",
        "区本级财政",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&[
        "board",
        "budget",
        &first,
        "-1",
        "--funded-by",
        "x",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = junheng(&[
        "board",
        "plan",
        "--title",
        "编制专项",
        "--kind",
        "special",
        "--owner-kind",
        "department",
        "--owner",
        "区委编办",
        "--year",
        "2024",
        &first,
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = junheng(&["board", "show", "--database", &db]);
    let text = stdout(&o);
    assert!(
        text.contains("挂图作战") && text.contains("已逾期"),
        "{text}"
    );
    assert!(
        text.contains("编制专项") && text.contains("3500.50"),
        "{text}"
    );
    let o = junheng(&["board", "duty", "list", "--database", &db]);
    assert!(stdout(&o).contains("区委编办（牵头）"));
}
