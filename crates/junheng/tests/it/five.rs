//! `junheng labour bases …` and `junheng five …` end to end: templates written, a file naming an
//! unknown school refused (exit 2, nothing written), bases and visits imported (a day above
//! capacity told), the use rates and the 五育 figures printed and as JSON, the targets set and a
//! batch withdrawn.

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn bases_and_five_are_imported_shown_targeted_and_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let codes: Vec<String> = with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        let mut codes: Vec<String> = home
            .statistics(2024, None)
            .await
            .unwrap()
            .iter()
            .filter(|r| r.parent_code.is_none())
            .map(|r| r.code.to_string())
            .collect();
        codes.sort();
        codes
    });
    let (a, b) = (&codes[0], &codes[1]);
    for (command, kind) in [("labour", "visits"), ("five", "breaks")] {
        let template = dir.path().join(format!("{kind}.xlsx"));
        let args: Vec<&str> = if command == "labour" {
            vec!["labour", "bases", "template", kind, p(&template)]
        } else {
            vec!["five", "template", kind, p(&template)]
        };
        let o = junheng(&args);
        assert!(o.status.success() && template.exists(), "{}", stderr(&o));
    }
    let o = junheng(&["five", "template", "visits", "x.xlsx"]);
    assert_eq!(o.status.code(), Some(2), "visits are a bases template");

    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let bases = write("b.csv", "基地名称,类别,每日容量\n蚕桑基地,农场,50\n".into());
    let o = junheng(&[
        "labour",
        "bases",
        "import",
        "bases",
        p(&bases),
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let head = "基地名称,学校标识码,日期,学生数\n";
    let bad = write(
        "v0.csv",
        format!("{head}蚕桑基地,5001139999,2025-10-15,20\n"),
    );
    let o = junheng(&[
        "labour",
        "bases",
        "import",
        "visits",
        p(&bad),
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("5001139999"), "{}", stderr(&o));
    let visits = write(
        "v.csv",
        format!("{head}蚕桑基地,{a},2025-10-15,40\n蚕桑基地,{b},2025-10-15,20\n"),
    );
    let o = junheng(&[
        "labour",
        "bases",
        "import",
        "visits",
        p(&visits),
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("超过每日容量"), "{}", stderr(&o));
    let o = junheng(&["labour", "bases", "list", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("蚕桑基地") && stdout(&o).contains("超容量"),
        "{}",
        stdout(&o)
    );
    let o = junheng(&["labour", "bases", "list", "--json", "--database", &db]);
    let got: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(got["view"]["district"]["students"], 60, "{got}");

    let breaks = write(
        "k.csv",
        format!(
            "学校标识码,学年,学期,大课间开展天数,在校天数\n{a},2025,第一学期,85,90\n{b},2025,第一学期,90,90\n"
        ),
    );
    let o = junheng(&["five", "import", "breaks", p(&breaks), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["five", "show", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("85/90 (94.4%)\t未达标"),
        "{}",
        stdout(&o)
    );
    let o = junheng(&["five", "targets", "--breaks", "94", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("大课间 94.0%"), "{}", stdout(&o));
    let o = junheng(&["five", "targets", "--breaks", "94.55", "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    let o = junheng(&["five", "show", "--json", "--database", &db]);
    let got: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        got["view"]["report"]["schools"][0]["met"]["breaks"], true,
        "{got}"
    );
    let id = got["batches"][0]["id"].as_i64().unwrap().to_string();
    let o = junheng(&["five", "withdraw", &id, "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["five", "show", "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "no record left");
}
