//! `junheng leaders template|import|list|withdraw` end to end: the template written, a bad file
//! refused with its problem located (exit 2, nothing written), a list imported, replaced only
//! with `--replace`, listed under the term rule (table and JSON) and withdrawn.

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn terms_are_imported_listed_and_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let records = with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        home.statistics(2024, None).await.unwrap()
    });
    let template = dir.path().join("t.xlsx");
    let o = junheng(&["leaders", "template", p(&template)]);
    assert!(o.status.success() && template.exists(), "{}", stderr(&o));

    let school = &records[0].code;
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let head = "教师编号,学校标识码,职务,任职起始学年,离任学年\n";
    let bad = write("bad.csv", format!("{head}T1,{school},校长,2020,2019\n"));
    let o = junheng(&["leaders", "import", p(&bad), "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("离任学年"), "{}", stderr(&o));

    let good = write(
        "good.csv",
        format!(
            "{head}T1,{school},副校长,2015,2019\nT1,{school},校长,2020,\nT2,{school},副校长,2023,\n"
        ),
    );
    let o = junheng(&["leaders", "import", p(&good), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("3 条"), "{}", stdout(&o));
    let o = junheng(&["leaders", "import", p(&good), "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "a second list needs --replace");
    let o = junheng(&["leaders", "list", "--year", "2024", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    // T1 has served since 2015 (副校长, then 校长): 9 years, due; T2 for 1 year.
    assert!(stdout(&o).contains("应交流 1 人"), "{}", stdout(&o));
    let o = junheng(&[
        "leaders",
        "list",
        "--year",
        "2024",
        "--json",
        "--database",
        &db,
    ]);
    let got: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(got["rows"][0]["since"], 2015);
    assert_eq!(got["rows"][0]["due"], true);
    let o = junheng(&["leaders", "withdraw", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["leaders", "list", "--year", "2024", "--database", &db]);
    assert!(stdout(&o).contains("未接入"), "{}", stdout(&o));
}
