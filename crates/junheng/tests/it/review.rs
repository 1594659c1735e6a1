//! `junheng review show|score|finalise` end to end: scores entered as the operator (a score the
//! rubric does not have refused with exit 2), the year shown as text and JSON, finalised, and
//! finalised again only with --confirm; a settings file that breaks the rules is refused.

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn a_year_is_scored_shown_and_finalised() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 30, 4);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let code = with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        let records = home.statistics(2024, None).await.unwrap();
        records
            .iter()
            .find(|r| r.parent_code.is_none())
            .unwrap()
            .code
            .to_string()
    });
    let unit = format!("school:{code}");
    let score = |scorer: &str, value: &str| {
        junheng(&[
            "review",
            "score",
            "--unit",
            &unit,
            "--item",
            "management",
            "--scorer",
            scorer,
            "--score",
            value,
            "--database",
            &db,
        ])
    };
    let o = score("self", "90");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("自评：90"), "{}", stdout(&o));
    let o = score("district", "70");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = score("self", "85");
    assert!(stdout(&o).contains("（原为 90）"), "{}", stdout(&o));
    // Not an item of the rubric, a computed item, a score out of range: refused, nothing written.
    for (item, value) in [
        ("nonexistent", "50"),
        ("resources", "50"),
        ("management", "120"),
    ] {
        let o = junheng(&[
            "review",
            "score",
            "--unit",
            &unit,
            "--item",
            item,
            "--scorer",
            "district",
            "--score",
            value,
            "--database",
            &db,
        ]);
        assert_eq!(o.status.code(), Some(2), "{item}: {}", stdout(&o));
    }

    let o = junheng(&["review", "show", "--json", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let school = v["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code.as_str())
        .unwrap();
    let management = school["review"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "management")
        .unwrap();
    // 自评 0.2 · 85 and 区县 0.5 · 70, renormalised over the two.
    let expected = (0.2 * 85.0 + 0.5 * 70.0) / 0.7;
    assert!((management["score"].as_f64().unwrap() - expected).abs() < 1e-9);
    let o = junheng(&["review", "show", "--database", &db]);
    assert!(stdout(&o).contains("草稿，未定稿"), "{}", stdout(&o));

    let o = junheng(&["review", "finalise", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["review", "finalise", "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--confirm"), "{}", stderr(&o));
    let o = junheng(&["review", "finalise", "--confirm", "--database", &db]);
    assert!(stdout(&o).contains("替换原定稿结果"), "{}", stdout(&o));
    let o = junheng(&["review", "show", "--database", &db]);
    assert!(stdout(&o).contains("已定稿：system"), "{}", stdout(&o));

    let bad = dir.path().join("review.toml");
    std::fs::write(&bad, "[composite.weights]\nlevel = -1\n").unwrap();
    let o = junheng(&["review", "show", "--settings", p(&bad), "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("权重"), "{}", stderr(&o));
}
