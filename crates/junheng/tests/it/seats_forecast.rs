//! `junheng forecast template|import|backtest|run|export` end to end: the templates written,
//! a bad file refused with its problem located (exit 2, nothing written), the four files
//! imported, a year replaced only with `--replace`, the back-test and the forecast printed and
//! written as a workbook.

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn files_are_imported_and_the_forecast_is_run() {
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
    let o = junheng(&["forecast", "template", "capacity", p(&template)]);
    assert!(o.status.success() && template.exists(), "{}", stderr(&o));
    let o = junheng(&["forecast", "template", "bogus", p(&template)]);
    assert_eq!(o.status.code(), Some(2));

    let zones: Vec<String> = {
        let mut z: Vec<String> = records.iter().filter_map(|r| r.zone.clone()).collect();
        z.sort();
        z.dedup();
        z
    };
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let mut births = String::from("街道/乡镇,口径,出生年份,出生数\n");
    let mut map = String::from("街道/乡镇,学区\n");
    for z in &zones {
        for year in 2012..=2024 {
            births.push_str(&format!("{z}街道,常住,{year},300\n"));
        }
        map.push_str(&format!("{z}街道,{z}\n"));
    }
    let mut enrolment = String::from("学年,学校标识码,年级,在校生数\n");
    let mut capacity = String::from("学年,学校标识码,小学核定班数,初中核定班数\n");
    for r in &records {
        for year in 2020..=2024 {
            for g in 1..=6 {
                if r.primary.students > 0 {
                    enrolment.push_str(&format!(
                        "{year},{},{g},{}\n",
                        r.code,
                        r.primary.students / 6
                    ));
                }
            }
            for g in 7..=9 {
                if r.junior.students > 0 {
                    enrolment.push_str(&format!(
                        "{year},{},{g},{}\n",
                        r.code,
                        r.junior.students / 3
                    ));
                }
            }
        }
        capacity.push_str(&format!(
            "2024,{},{},{}\n",
            r.code,
            r.primary.students / 40 + 1,
            r.junior.students / 45 + 1
        ));
    }
    // A problem located: nothing written.
    let bad = write(
        "bad.csv",
        "学年,学校标识码,年级,在校生数\n2024,5009999999,1,10\n".into(),
    );
    let o = junheng(&[
        "forecast",
        "import",
        "enrolment",
        p(&bad),
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("5009999999") && stderr(&o).contains("第 2 行"),
        "{}",
        stderr(&o)
    );
    for (kind, text) in [
        ("births", births),
        ("zones", map),
        ("enrolment", enrolment.clone()),
        ("capacity", capacity),
    ] {
        let file = write(&format!("{kind}.csv"), text);
        let o = junheng(&["forecast", "import", kind, p(&file), "--database", &db]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
    }
    // The same years again: only with --replace.
    let file = write("again.csv", enrolment);
    let o = junheng(&[
        "forecast",
        "import",
        "enrolment",
        p(&file),
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--replace"), "{}", stderr(&o));
    let o = junheng(&[
        "forecast",
        "import",
        "enrolment",
        p(&file),
        "--replace",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("替换"), "{}", stdout(&o));

    let o = junheng(&["forecast", "backtest", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("全区\t小学\tMAPE"), "{}", stdout(&o));
    let o = junheng(&["forecast", "run", "--zone", &zones[0], "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("2035") && text.contains("首个超出年份"),
        "{text}"
    );
    let o = junheng(&[
        "forecast",
        "run",
        "--json",
        "--horizon",
        "2030",
        "--database",
        &db,
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json[0]["years"].as_array().unwrap().len(), 6);
    let out = dir.path().join("f.xlsx");
    let o = junheng(&["forecast", "export", p(&out), "--database", &db]);
    assert!(o.status.success() && out.exists(), "{}", stderr(&o));
}
