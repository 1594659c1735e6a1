//! `junheng training template|import|withdraw|budgets|status` end to end: the templates written,
//! a file with a teacher outside the roster refused with the row named (exit 2, nothing written),
//! a ledger imported once however often it comes, withdrawn only with `--confirm`, budgets
//! entered, and the status with items 9 and 4 (exit 1 while either fails, `--json`).

use serde_json::Value;

use crate::rotation::District;
use crate::{junheng, p, stderr, stdout};

#[test]
fn a_ledger_and_budgets_give_items_9_and_4() {
    let d = District::new(6);
    d.import_roster();
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("台账.xlsx");
    let o = junheng(&["training", "template", p(&template)]);
    assert!(o.status.success() && template.exists(), "{}", stderr(&o));
    let o = junheng(&[
        "training",
        "template",
        "--budgets",
        p(&dir.path().join("经费.xlsx")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let head = "教师编号,培训项目,培训级别,开始日期,结束日期,学时\n";
    let bad = write(
        "bad.csv",
        format!("{head}NOBODY,课,国培,2022-01-01,2022-01-02,10\n"),
    );
    let o = d.run(&["training", "import", p(&bad), "--year", "2024"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("第 2 行") || stderr(&o).contains("行 2"),
        "{}",
        stderr(&o)
    );

    // Every teacher of the roster completes 2021–2025 but the first, who has 359.5.
    let mut ledger = String::from(head);
    for (i, t) in d.roster.iter().enumerate() {
        let hours = if i == 0 { "359.5" } else { "360" };
        ledger.push_str(&format!(
            "{},国培研修,国培,2023-07-01,2025-12-31,{hours}\n",
            t.id
        ));
    }
    let file = write("ledger.csv", ledger);
    let o = d.run(&["training", "import", p(&file), "--year", "2024"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = d.run(&["training", "import", p(&file), "--year", "2024"]);
    assert!(stdout(&o).contains("都已在台账中"), "{}", stdout(&o));

    let first = &d.roster[0];
    let top_up = write(
        "top.csv",
        format!("{head}{},校本研修,校,2025-12-31,2025-12-31,0.5\n", first.id),
    );
    let o = d.run(&["training", "import", p(&top_up), "--year", "2024"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let status = |extra: &[&str]| {
        let mut args = vec![
            "training",
            "status",
            "--as-of",
            "2026-03-01",
            "--budget-year",
            "2026",
            "--json",
        ];
        args.extend(extra);
        d.run(&args)
    };
    let o = status(&[]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["rates"]["item9"]["verdict"], "met", "{}", stdout(&o));
    // Item 4 has no budgets: 未接入, so the command fails.
    assert_eq!(v["item4"]["verdict"], "not_connected");
    assert_eq!(o.status.code(), Some(1));
    let top_batch = v["batches"][0]["id"].as_i64().unwrap().to_string();

    // Withdrawing the top-up needs --confirm; then item 9 fails again.
    let o = d.run(&["training", "withdraw", &top_batch]);
    assert_eq!(o.status.code(), Some(2));
    let o = d.run(&["training", "withdraw", &top_batch, "--confirm"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&status(&[]))).unwrap();
    assert_eq!(v["rates"]["item9"]["verdict"], "not_met");

    // Budgets: every school of the statistics at exactly 5 %.
    let schools: Vec<String> = v["item4"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["school"].as_str().unwrap().to_owned())
        .collect();
    let mut budgets = String::from("学校标识码,年度,公用经费预算（元）,其中教师培训经费（元）\n");
    for s in &schools {
        budgets.push_str(&format!("'{s},2026,100000,5000\n"));
    }
    let file = write("budgets.csv", budgets);
    let o = d.run(&["training", "budgets", p(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = d.run(&["training", "budgets", p(&file)]);
    assert_eq!(o.status.code(), Some(2), "replacing needs --replace");
    let v: Value = serde_json::from_str(&stdout(&status(&[]))).unwrap();
    assert_eq!(v["item4"]["verdict"], "met");
    let o = d.run(&[
        "training",
        "status",
        "--as-of",
        "2026-03-01",
        "--budget-year",
        "2026",
    ]);
    assert!(stdout(&o).contains("政府保障第 9 项"), "{}", stdout(&o));
    assert!(stdout(&o).contains("未达标"));
}

#[test]
fn a_record_is_entered_and_a_teachers_progress_shown() {
    let d = District::new(6);
    d.import_roster();
    let first = d.roster[0].id.to_string();
    let add = |teacher: &str, hours: &str| {
        d.run(&[
            "training",
            "add",
            "--year",
            "2024",
            "--teacher",
            teacher,
            "--course",
            "校本研修",
            "--level",
            "校",
            "--start",
            "2025-12-31",
            "--end",
            "2025-12-31",
            "--hours",
            hours,
        ])
    };
    // A bad field names its option and what it expects; nothing is written.
    let o = add(&first, "0");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--hours 学时：学时应为大于 0、不超过 360 的数"),
        "{}",
        stderr(&o)
    );
    let o = add("NOBODY", "2");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--teacher 教师编号：教师编号不在 2024 学年的教师花名册中"));
    // Entered once; the same record again writes nothing.
    let o = add(&first, "2.5");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已录入"), "{}", stdout(&o));
    let o = add(&first, "2.5");
    assert!(stdout(&o).contains("已在"), "{}", stdout(&o));

    // The teacher's progress: the record counts in 2021–2025.
    let o = d.run(&["training", "teacher", &first, "--as-of", "2026-03-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("上一周期 2021–2025：已完成 2.5 学时"),
        "{text}"
    );
    assert!(text.contains("当前周期 2026–2030") && text.contains("校本研修"));
    let o = d.run(&[
        "training",
        "teacher",
        &first,
        "--as-of",
        "2026-03-01",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["records"][0]["source"], "entered", "{v}");
    assert_eq!(v["previous"]["done"], 2.5);
    let o = d.run(&["training", "teacher", "NOBODY"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有教师编号 NOBODY"), "{}", stderr(&o));
    // Undone like a file: the entered batch withdrawn.
    let v: Value =
        serde_json::from_str(&stdout(&d.run(&["training", "status", "--json"]))).unwrap();
    let batch = &v["batches"][0];
    assert_eq!(batch["file_name"], "页面录入");
    let id = batch["id"].as_i64().unwrap().to_string();
    let o = d.run(&["training", "withdraw", &id, "--confirm"]);
    assert!(o.status.success(), "{}", stderr(&o));
}
