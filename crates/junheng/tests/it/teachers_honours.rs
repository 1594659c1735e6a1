//! `junheng honours …` and `junheng pipeline` end to end: templates written, a bad file refused
//! with its problem located (exit 2, nothing written), files imported, a 师德 result replaced
//! only with `--replace`, a batch withdrawn, the lists and the pipeline printed and as JSON.

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn honours_are_imported_listed_and_withdrawn_and_the_pipeline_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["pipeline", "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "no roster yet");
    let ids: Vec<String> = with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        let records = home.statistics(2024, None).await.unwrap();
        let roster = junheng_rotation::synth::roster(&records, 5);
        let actor = junheng_store::Actor::new("system");
        let mut earlier = roster.clone();
        for t in &mut earlier {
            t.year = 2023;
        }
        earlier.truncate(earlier.len() - 3);
        home.replace_roster(2023, &earlier, &actor).await.unwrap();
        home.replace_roster(2024, &roster, &actor).await.unwrap();
        roster.iter().take(2).map(|t| t.id.to_string()).collect()
    });
    for kind in ["awards", "ethics", "titles"] {
        let template = dir.path().join(format!("{kind}.xlsx"));
        let o = junheng(&["honours", "template", kind, p(&template)]);
        assert!(o.status.success() && template.exists(), "{}", stderr(&o));
    }
    let o = junheng(&["honours", "template", "bogus", "x.xlsx"]);
    assert_eq!(o.status.code(), Some(2));

    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let (a, b) = (&ids[0], &ids[1]);
    let bad = write(
        "bad.csv",
        format!("教师编号,学年,考核等次\n{a},2024,良好\n"),
    );
    let o = junheng(&["honours", "import-ethics", p(&bad), "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("考核等次"), "{}", stderr(&o));
    let ethics = write(
        "e.csv",
        format!("教师编号,学年,考核等次\n{a},2024,优秀\n{b},2024,不合格\n"),
    );
    let o = junheng(&["honours", "import-ethics", p(&ethics), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["honours", "import-ethics", p(&ethics), "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = junheng(&[
        "honours",
        "import-ethics",
        p(&ethics),
        "--replace",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let awards = write(
        "a.csv",
        format!("教师编号,学年,类别,级别,奖项名称\n{a},2024,赛课,市级,市赛课一等奖\n"),
    );
    let o = junheng(&["honours", "import-awards", p(&awards), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let titles = write(
        "t.csv",
        format!("教师编号,称号,级别,认定年份,认定单位\n{a},特级教师,特级,2024,市教委\n"),
    );
    let o = junheng(&["honours", "import-titles", p(&titles), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = junheng(&["honours", "list", "--json", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["batches"].as_array().unwrap().len(), 4);
    let failing: u64 = v["view"]["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["failing"].as_u64().unwrap())
        .sum();
    assert_eq!(failing, 1);
    let newest = v["batches"][0]["id"].as_i64().unwrap().to_string();
    let o = junheng(&["honours", "withdraw", &newest, "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["honours", "list", "--database", &db]);
    assert!(stdout(&o).contains("不合格"), "{}", stdout(&o));

    let o = junheng(&["pipeline", "--json", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["year"].as_i64(), v["previous"].as_i64()),
        (Some(2024), Some(2023))
    );
    assert!(v["district"]["flows"].is_object());
    let o = junheng(&["pipeline", "--year", "2024", "--database", &db]);
    assert!(stdout(&o).contains("骨干梯队"), "{}", stdout(&o));
}
