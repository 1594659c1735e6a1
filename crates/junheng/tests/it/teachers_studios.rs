//! `junheng studios …` and `junheng mentors …` end to end: templates written, a bad file refused
//! with its problem located (exit 2, nothing written), files imported, a second import only with
//! `--replace`, the lists printed and as JSON, `mentors list` exiting 1 on an over-limit mentor,
//! a pair ended, files withdrawn.

use junheng_core::school::Section;
use junheng_rotation::{BackboneLevel, Degree, Sex, Teacher, TeacherId, Title};

use crate::{db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn studios_and_mentors_are_imported_listed_ended_and_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 12, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let schools = with_store(&db, async |store| {
        let home = store.in_district(store.only_district().await.unwrap().id);
        let records = home.statistics(2024, None).await.unwrap();
        let codes: Vec<_> = records.iter().map(|r| r.code.clone()).collect();
        let roster: Vec<Teacher> = (0..8)
            .map(|i| Teacher {
                year: 2024,
                id: TeacherId::parse(&format!("T{i}")).unwrap(),
                school: codes[i % 2].clone(),
                section: Section::Primary,
                subject: "数学".into(),
                degree: Degree::Bachelor,
                backbone: if i == 0 {
                    BackboneLevel::City
                } else {
                    BackboneLevel::None
                },
                pe_arts: false,
                start_year: if i == 0 { 2005 } else { 2024 },
                birth_year: 1990,
                sex: Sex::Female,
                on_staff: true,
                title: Some(Title::Second),
            })
            .collect();
        home.replace_roster(2024, &roster, &junheng_store::Actor::system())
            .await
            .unwrap();
        codes
    });
    let (a, b) = (schools[0].as_str(), schools[1].as_str());

    for (args, name) in [
        (vec!["studios", "template"], "s.xlsx"),
        (vec!["studios", "template", "--outputs"], "o.xlsx"),
        (vec!["mentors", "template"], "m.xlsx"),
    ] {
        let path = dir.path().join(name);
        let mut all = args.clone();
        all.push(p(&path));
        let o = junheng(&all);
        assert!(o.status.success() && path.exists(), "{}", stderr(&o));
    }

    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let head =
        "名称,类型,级别,学科,主持人教师编号,主持人学校标识码,开始日期,结束日期,状态,成员教师编号\n";
    let bad = write(
        "bad.csv",
        format!("{head}甲,兴趣小组,区级,,T0,{a},2024-09-01,,运行中,T1\n"),
    );
    let o = junheng(&["studios", "import", p(&bad), "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("类型") && stderr(&o).contains("第 2 行"),
        "{}",
        stderr(&o)
    );
    let good = write(
        "good.csv",
        format!("{head}甲工作室,领雁工程项目,市级,数学,T0,{a},2024-09-01,,运行中,T1、T2\n"),
    );
    let o = junheng(&["studios", "import", p(&good), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["studios", "import", p(&good), "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--replace"), "{}", stderr(&o));
    let o = junheng(&[
        "studios",
        "import",
        p(&good),
        "--replace",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let outputs = write(
        "out.csv",
        format!("工作室名称,学年,成果类型,数量,覆盖学校标识码\n甲工作室,2024,送教下乡,3,{b}\n"),
    );
    let o = junheng(&[
        "studios",
        "import",
        p(&outputs),
        "--outputs",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["studios", "list", "--year", "2024", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("甲工作室"), "{}", stdout(&o));
    let o = junheng(&["studios", "list", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["studios"][0]["figures"]["people"], 3);
    assert_eq!(json["district"]["studios"], 1);

    let mhead = "师傅教师编号,师傅学校标识码,徒弟教师编号,徒弟学校标识码,学科,开始日期,结束日期,目标,已开展活动次数,计划活动次数,结果\n";
    let mut rows = String::from(mhead);
    for i in 1..=4 {
        let school = if i % 2 == 0 { a } else { b };
        rows.push_str(&format!("T0,{a},T{i},{school},数学,2024-09-01,,,,,\n"));
    }
    let pairs = write("m.csv", rows);
    let o = junheng(&["mentors", "import", p(&pairs), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["mentors", "list", "--database", &db]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("超过上限 3 名"), "{}", stdout(&o));
    // With a limit of 4 the year passes.
    let o = junheng(&["mentors", "list", "--max-mentees", "4", "--database", &db]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = junheng(&[
        "mentors",
        "end",
        "1",
        "--on",
        "2024-08-31",
        "--outcome",
        "合格",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = junheng(&[
        "mentors",
        "end",
        "1",
        "--on",
        "2025-06-30",
        "--outcome",
        "优秀",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["mentors", "list", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["pairs"][0]["pair"]["outcome"], "excellent");
    assert_eq!(json["pairs"][1]["scope"], "school");
    let o = junheng(&["mentors", "withdraw", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["studios", "withdraw", "--outputs", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["mentors", "withdraw", "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
