//! `junheng inspection …` end to end: the verdict of a year printed (exit 1 while not
//! recognisable) and as JSON, a statement and a figure recorded and withdrawn, a provincial
//! rulebook file changing a limit, bad input refused with exit 2 and nothing written.

use crate::{db_url, demo_file, junheng, p, stderr, stdout};

#[test]
fn the_verdict_is_printed_and_statements_and_figures_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = junheng(&["inspection", "status", "--database", &db]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    for part in [
        "资源配置",
        "政府保障程度",
        "教育质量",
        "社会认可度",
        "一票否决",
        "数据戳",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }

    let o = junheng(&[
        "inspection",
        "input",
        "recognition_rate",
        "0.8499",
        "--year",
        "2024",
        "--source",
        "国家认可度调查反馈",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["inspection", "status", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["verdict"]["overall"], "not_recognisable");
    let low = json["verdict"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "low_recognition")
        .unwrap()
        .clone();
    assert_eq!(low["veto"], "triggered");
    let id = json["figures"][0]["id"].as_i64().unwrap().to_string();
    let o = junheng(&["inspection", "withdraw-input", &id, "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = junheng(&[
        "inspection",
        "attest",
        "key_classes",
        "--year",
        "2024",
        "--met",
        "--note",
        "均衡编班",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("key_classes"));

    // Refused with exit 2, nothing written: an unknown item, a rate above 1.
    let o = junheng(&[
        "inspection",
        "attest",
        "nothing",
        "--year",
        "2024",
        "--met",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing"), "{}", stderr(&o));
    let o = junheng(&[
        "inspection",
        "input",
        "recognition_rate",
        "1.2",
        "--year",
        "2024",
        "--source",
        "x",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = junheng(&["inspection", "status", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        json["figures"].as_array().unwrap().len(),
        1,
        "the withdrawn one only"
    );

    // A provincial file: a school of more than 100 pupils is too large.
    let toml = dir.path().join("省.toml");
    std::fs::write(
        &toml,
        "extends = \"cn-2017\"\nid = \"sheng\"\nversion = \"1\"\n[items.school_size]\nlimits = { school_max = 100, through_school_max = 100 }\n",
    )
    .unwrap();
    let o = junheng(&[
        "inspection",
        "status",
        "--json",
        "--rulebook",
        p(&toml),
        "--database",
        &db,
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let size = json["verdict"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "school_size")
        .unwrap()
        .clone();
    assert_eq!(size["status"], "not_met", "{size}");

    // The 自评报告 and the 申报 workbook; a template that is not a .docx is refused.
    let out = dir.path().join("自评报告.docx");
    let o = junheng(&["inspection", "report", "-o", p(&out), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("数据戳"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut body = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut body)
        .unwrap();
    for heading in ["一、基本情况", "三、政府保障程度", "九、结论"] {
        assert!(body.contains(heading), "{heading}");
    }
    let xlsx = dir.path().join("督导评估.xlsx");
    let o = junheng(&[
        "inspection",
        "report",
        "--format",
        "xlsx",
        "-o",
        p(&xlsx),
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["指标", "差距清单"]);
    let items = book.worksheet_range("指标").unwrap();
    assert_eq!(items.height(), 34, "a header and 33 items");
    let bad = dir.path().join("坏模板.docx");
    std::fs::write(&bad, b"not a docx").unwrap();
    let o = junheng(&[
        "inspection",
        "report",
        "--template",
        p(&bad),
        "-o",
        p(&out),
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("docx.template"), "{}", stderr(&o));
}

/// `inspection path` prints the five steps and the standing; `self-assess` records the 自评 (a bad
/// date refused with exit 2 and nothing written), and the path then shows it.
#[test]
fn the_path_is_printed_and_the_self_assessment_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["inspection", "path", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for s in [
        "未设目标年份",
        "未启动",
        "国家认定",
        "尚未计算",
        "未完成 0 项",
    ] {
        assert!(text.contains(s), "{s}: {text}");
    }
    let assess = |on: &str| {
        junheng(&[
            "inspection",
            "self-assess",
            "--on",
            on,
            "--document",
            "区教督〔2026〕7号",
            "--database",
            &db,
        ])
    };
    let o = assess("2026-02-30");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = assess("2026-06-30");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["inspection", "path", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["status"], "自评");
    assert_eq!(json["steps"][1]["step"]["document"], "区教督〔2026〕7号");
    assert_eq!(json["steps"][1]["step"]["reached_on"], "2026-06-30");
    assert_eq!(json["year"], 2024);
}
