//! `junheng labour lists …` end to end: the template written, a list that misses a required
//! task group refused with its problem located (exit 2, nothing written), the district's list
//! imported, shown (text, JSON, .xlsx that reads back), a second version withdrawn.

use crate::{db_url, demo_file, junheng, p, stderr, stdout};

#[test]
fn labour_lists_are_imported_shown_and_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let template = dir.path().join("清单模板.xlsx");
    let o = junheng(&["labour", "lists", "template", p(&template)]);
    assert!(o.status.success() && template.exists(), "{}", stderr(&o));

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "项目编号,任务群,年级或学段,场所,内容,频次,次数,每次分钟,必做\nA-1,清洁与卫生,第二学段,家庭,扫地,每周,1,15,是\n",
    )
    .unwrap();
    let o = junheng(&["labour", "lists", "import", p(&bad), "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("checklist.group_missing") || stderr(&o).contains("任务群"),
        "{}",
        stderr(&o)
    );

    let good = dir.path().join("区级清单.xlsx");
    std::fs::write(
        &good,
        junheng_io::labour::lists::write_list(&junheng_labour::synth::district_list(1)),
    )
    .unwrap();
    for _ in 0..2 {
        let o = junheng(&["labour", "lists", "import", p(&good), "--database", &db]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = junheng(&["labour", "lists", "withdraw", "--database", &db]);
    assert!(
        o.status.success() && stdout(&o).contains("第 2 版"),
        "{}",
        stderr(&o)
    );
    let out = dir.path().join("现行.xlsx");
    let o = junheng(&[
        "labour",
        "lists",
        "show",
        "--xlsx",
        p(&out),
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("第 1 版") && stdout(&o).contains("B2-01"),
        "{}",
        stdout(&o)
    );
    let back = junheng_io::labour::lists::read(&std::fs::read(&out).unwrap(), "现行.xlsx").unwrap();
    assert_eq!(back.items, junheng_labour::synth::district_list(1).items);
    let o = junheng(&["labour", "lists", "show", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        json["view"]["district_versions"].as_array().unwrap().len(),
        2
    );
}
