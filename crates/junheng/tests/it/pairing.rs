//! `junheng pairing list|add` and `junheng classroom import|report|template` end to end: a
//! pairing recorded and listed, a session file refused with every problem (exit 2) or imported
//! whole, the same file refused again, and the report of a school year.

use junheng_core::school::UrbanRural;

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn pairings_and_sessions_are_recorded_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 40, 3);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (urban, rural) = with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        let records = home.statistics(2024, None).await.unwrap();
        let of = |u| {
            records
                .iter()
                .filter(|r| r.urban_rural == Some(u) && r.primary.classes > 0)
                .map(|r| r.code.to_string())
                .collect::<Vec<_>>()
        };
        (of(UrbanRural::Urban), of(UrbanRural::Rural))
    });
    let schools = rural[..2].join(",");
    let o = junheng(&[
        "pairing",
        "add",
        "--kind",
        "城乡结对",
        "--helper-school",
        &urban[0],
        "--schools",
        &schools,
        "--help-kinds",
        "送教,师徒结对",
        "--from",
        "2024-09-01",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("#1"), "{}", stdout(&o));
    // A cross-province partner is named, never coded.
    let o = junheng(&[
        "pairing",
        "add",
        "--kind",
        "跨省联盟",
        "--helper-school",
        &urban[1],
        "--schools",
        &rural[0],
        "--help-kinds",
        "联合教研",
        "--from",
        "2024-04-01",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("跨省联盟的帮扶方"), "{}", stderr(&o));
    let o = junheng(&["pairing", "list", "--database", &db]);
    assert!(stdout(&o).contains("城乡结对") && stdout(&o).contains(&rural[1]));

    let header = "课堂类型,授课学校标识码,授课单位,接收学校标识码,学科,日期,时长（分钟）,备注\n";
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{header}专递课堂,{},,5009999999,音乐,2024-09-10,40,\n",
            urban[0]
        ),
    )
    .unwrap();
    let o = junheng(&["classroom", "import", p(&bad), "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("5009999999") && stderr(&o).contains("第 2 行"));
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "{header}专递课堂,{u},,{r},音乐,2024-09-10,40,\n专递课堂,{u},,{r},音乐,2024-09-17,40,\n",
            u = urban[0],
            r = rural[0]
        ),
    )
    .unwrap();
    let o = junheng(&["classroom", "import", p(&good), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2 节课"));
    let again = junheng(&["classroom", "import", p(&good), "--database", &db]);
    assert_eq!(again.status.code(), Some(2));
    let o = junheng(&["classroom", "report", "--json", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let usage: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let music = usage["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["school"] == rural[0].as_str() && r["subject"] == "音乐")
        .unwrap();
    assert_eq!(music["sessions"], 2);
    let o = junheng(&["classroom", "report", "--weeks", "36", "--database", &db]);
    assert!(stdout(&o).contains("每学年 36 个教学周"), "{}", stdout(&o));
    let template = dir.path().join("t.xlsx");
    let o = junheng(&["classroom", "template", p(&template)]);
    assert!(o.status.success() && template.exists());
}
