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

#[test]
fn a_class_s_records_are_imported_whole_or_refused_and_listed() {
    let d = crate::students::District::new();
    let o = d.import_all();
    assert!(o.status.success(), "{}", stderr(&o));
    let good = d.dir.path().join("区级清单.xlsx");
    std::fs::write(
        &good,
        junheng_io::labour::lists::write_list(&junheng_labour::synth::district_list(1)),
    )
    .unwrap();
    let o = junheng(&["labour", "lists", "import", p(&good), "--database", &d.db]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The first child of the first school's file: 学籍号, grade 1, its class.
    let file = &d.files[0];
    let school = crate::students::code_of(file);
    let text = std::fs::read_to_string(file).unwrap();
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    let (number, grade, class) = (row[0], row[5], row[6]);
    let label = format!("{grade}年级{class}");
    let band = match grade.parse::<u8>().unwrap() {
        1 | 2 => 1,
        3 | 4 => 2,
        5 | 6 => 3,
        _ => 4,
    };
    let head = "学籍号,项目编号,日期,分钟,佐证,报告人\n";
    let write = |name: &str, body: String| {
        let path = d.dir.path().join(name);
        std::fs::write(&path, format!("{head}{body}")).unwrap();
        path
    };
    let class_args = |cmd: &'static str, extra: Vec<String>| {
        let mut args: Vec<String> = ["labour", "records", cmd].map(String::from).to_vec();
        args.extend(extra);
        args.extend(
            [
                "--school",
                &school,
                "--class",
                &label,
                "--today",
                "2025-10-17",
                "--keys",
                d.keys(),
                "--database",
                &d.db,
            ]
            .map(String::from),
        );
        args
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        junheng(&refs)
    };
    let other = if band == 4 { 1 } else { band + 1 };
    let bad = write(
        "bad.csv",
        format!(
            "{number},B{band}-01,2025-10-15,20,洗袜子,家长\n{number},B{other}-01,2025-10-15,20,,学生\n{number},B{band}-01,2025-10-18,20,,学生\n"
        ),
    );
    let o = run(class_args("import", vec![p(&bad).to_owned()]));
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("labour.records.rule") && err.contains("第 3 行") || err.contains("3"),
        "{err}"
    );
    let ok = write(
        "ok.csv",
        format!(
            "{number},B{band}-01,2025-10-15,20,洗袜子,家长\n{number},B{band}-01,2025-10-16,15,,学生\n"
        ),
    );
    let o = run(class_args("import", vec![p(&ok).to_owned()]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2 条"), "{}", stdout(&o));
    let o = run(class_args("list", vec!["--json".into()]));
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let statuses: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["parent_confirmed", "pending"]);
    assert!(!stdout(&o).contains(number), "no 学籍号 printed");

    // Compliance and 星级 read the children's records: with the keys they answer for the term
    // (the school's class among them, no 学籍号), without them nothing is read.
    let term = ["--term", "2025-1", "--database", &d.db];
    let o = junheng(
        &[
            &[
                "labour",
                "compliance",
                "--school",
                &school,
                "--json",
                "--keys",
                d.keys(),
            ][..],
            &term[..],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(json.to_string().contains(&label), "{json}");
    assert!(!stdout(&o).contains(number), "no 学籍号 printed");
    let o = junheng(
        &[
            &["labour", "stars", "--json", "--keys", d.keys()][..],
            &term[..],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(
        &[
            &["labour", "compliance", "--school", &school][..],
            &term[..],
        ]
        .concat(),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("学生数据密钥"), "{}", stderr(&o));
}

/// `junheng labour review …`: 提交小结 refused until every class has submitted; each class
/// submitted, 公示 and 审核; the file refused until exported, and export refused on the 公示's
/// last day; then the file (keys only, a row per child); the district's sample the same twice.
#[test]
fn a_school_s_review_runs_through_its_publicity_to_the_file_and_the_sample_is_reproducible() {
    let d = crate::students::District::new();
    let o = d.import_all();
    assert!(o.status.success(), "{}", stderr(&o));
    let list = d.dir.path().join("区级清单.xlsx");
    std::fs::write(
        &list,
        junheng_io::labour::lists::write_list(&junheng_labour::synth::district_list(1)),
    )
    .unwrap();
    let o = junheng(&["labour", "lists", "import", p(&list), "--database", &d.db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = &d.files[0];
    let school = crate::students::code_of(file);
    let text = std::fs::read_to_string(file).unwrap();
    let mut classes: Vec<String> = text
        .lines()
        .skip(1)
        .map(|l| {
            let row: Vec<&str> = l.split(',').collect();
            format!("{}年级{}", row[5], row[6])
        })
        .collect();
    classes.sort();
    classes.dedup();
    let children = text.lines().skip(1).count();
    let review = |args: &[&str]| {
        let mut all = vec!["labour", "review"];
        all.extend_from_slice(args);
        all.extend_from_slice(&[
            "--school",
            &school,
            "--term",
            "2024-1",
            "--today",
            "2025-02-20",
            "--database",
            &d.db,
        ]);
        junheng(&all)
    };
    let o = review(&["step", "--action", "summarise", "--day", "2025-01-06"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("未提交班级小结"), "{}", stderr(&o));
    for class in &classes {
        let o = review(&["submit", "--class", class]);
        assert!(o.status.success(), "{class}: {}", stderr(&o));
    }
    for (action, day) in [
        ("summarise", "2025-01-06"),
        ("publicise", "2025-01-08"),
        ("review", "2025-01-10"),
    ] {
        let o = review(&["step", "--action", action, "--day", day]);
        assert!(o.status.success(), "{action}: {}", stderr(&o));
    }
    let out = d.dir.path().join("综合素质评价.csv");
    let o = review(&["export", p(&out), "--keys", d.keys()]);
    assert!(!o.status.success() && !out.exists());
    assert!(stderr(&o).contains("公示期满后"), "{}", stderr(&o));
    let o = review(&["step", "--action", "export", "--day", "2025-01-14"]);
    assert!(stderr(&o).contains("公示期至 2025-01-14"), "{}", stderr(&o));
    let o = review(&["step", "--action", "export", "--day", "2025-01-15"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = review(&["export", p(&out), "--keys", d.keys()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.starts_with("\u{feff}学生编号,学年,学期,劳动素养等级"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + children);
    let o = review(&["show", "--json"]);
    assert!(stdout(&o).contains("\"exported\""), "{}", stdout(&o));
    let sample = || review(&["sample", "--keys", d.keys()]);
    let (a, b) = (sample(), sample());
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(stdout(&a).contains("抽取"), "{}", stdout(&a));
    assert_eq!(stdout(&a), stdout(&b));
}
