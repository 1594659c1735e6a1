//! `junheng posts …` end to end: the templates written, a bad 编制 file refused with its problem
//! located (exit 2, nothing written), a year imported, approved totals, a post move and pay
//! entered, and the status printed (exit 1 while item 8 fails) and as JSON.

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn staffing_moves_and_pay_reach_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let records = with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        home.statistics(2024, None).await.unwrap()
    });
    for kind in ["certificates", "staffing"] {
        let template = dir.path().join(format!("{kind}.xlsx"));
        let o = junheng(&["posts", "template", kind, p(&template)]);
        assert!(o.status.success() && template.exists(), "{}", stderr(&o));
    }
    let (a, b) = (records[0].code.to_string(), records[1].code.to_string());
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!("学校标识码,核定编制,在编教职工,编外教师\n{a},x,1,0\n"),
    )
    .unwrap();
    let o = junheng(&[
        "posts",
        "import-staffing",
        p(&bad),
        "--year",
        "2024",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("核定编制"), "{}", stderr(&o));
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!("学校标识码,核定编制,在编教职工,编外教师\n{a},50,40,3\n{b},30,30,0\n"),
    )
    .unwrap();
    let o = junheng(&[
        "posts",
        "import-staffing",
        p(&good),
        "--year",
        "2024",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for args in [
        vec!["posts", "approved", "--year", "2024", "--posts", "80"],
        vec![
            "posts",
            "move",
            "--from",
            &a,
            "--to",
            &b,
            "--count",
            "2",
            "--date",
            "2024-10-01",
            "--reason",
            "学位增长",
        ],
        vec![
            "posts",
            "pay",
            "--year",
            "2024",
            "--teachers",
            "99000",
            "--civil-servants",
            "100000",
        ],
    ] {
        let mut args = args.clone();
        args.extend(["--database", &db]);
        let o = junheng(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let o = junheng(&["posts", "status", "--year", "2024", "--database", &db]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("编制总额（第 10 项）：达标"), "{out}");
    assert!(out.contains("有空编仍聘用编外教师"), "{out}");
    assert!(out.contains("未达标"), "{out}");
    let o = junheng(&[
        "posts",
        "status",
        "--year",
        "2024",
        "--json",
        "--database",
        &db,
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["staffing"][0]["input"]["approved"], 48);
    assert_eq!(json["approved"]["met"], true);
    let o = junheng(&["posts", "cancel-move", "1", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["posts", "cancel-move", "1", "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
