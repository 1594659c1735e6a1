//! `junheng survey …` end to end: a survey created and opened, a batch of codes written to a
//! CSV (link and short code), two codes answered, an online survey's export imported for the
//! teachers (its time and IP columns kept nowhere), results printed (exit 1 below 85 %) and as
//! JSON, the survey closed; a questionnaire with a problem refused naming line and key.

use crate::{db_url, junheng, on_database, p, printed, stderr, stdout, with_store};

#[test]
fn a_survey_is_created_coded_imported_and_scored_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "s.db");
    let today = junheng_app::tasks::beijing_today();
    let o = on_database(
        &db,
        "survey",
        &[
            "create", "--title", "自测", "--year", "2026", "--opens", &today, "--closes", &today,
            "--open",
        ],
    );
    printed(&o, &["已新建", "自测问卷 1"]);
    let bad = dir.path().join("q.toml");
    std::fs::write(
        &bad,
        junheng_core::survey::Questionnaire::builtin_text().replacen(
            "scale = \"agree\"",
            "scale = \"nope\"",
            1,
        ),
    )
    .unwrap();
    let o = on_database(
        &db,
        "survey",
        &[
            "create",
            "--title",
            "坏",
            "--year",
            "2026",
            "--opens",
            &today,
            "--closes",
            &today,
            "--questionnaire",
            p(&bad),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("groups[2].questions[1].scale"),
        "{}",
        stderr(&o)
    );

    let codes = dir.path().join("codes.csv");
    let o = on_database(
        &db,
        "survey",
        &[
            "codes",
            "1",
            "--group",
            "principal",
            "--count",
            "2",
            "--base",
            "https://jy.example.gov.cn",
            p(&codes),
        ],
    );
    printed(&o, &["发放 2 个问卷码"]);
    let written = std::fs::read_to_string(&codes).unwrap();
    let lines: Vec<&str> = written.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{written}");
    // The first slip by its link, the second by its typed code.
    let (link, _) = lines[0].split_once(',').unwrap();
    let token = link.rsplit('/').next().unwrap().to_owned();
    let short = lines[1].split_once(',').unwrap().1.to_owned();
    let day = junheng_labour::calendar::Day::parse(&today).unwrap();
    with_store(&db, async |store| {
        for code in [token.as_str(), short.as_str()] {
            junheng_app::survey::answer::answer(store, code, &[Some(0), Some(2), Some(0)], day)
                .await
                .unwrap();
        }
    });

    let q = junheng_core::survey::Questionnaire::builtin();
    let mut csv = String::from("序号,提交答卷时间,所用时间,来源,来源详情,来自IP");
    for x in &q.group("teacher").unwrap().questions {
        csv.push_str(&format!(",{}、{}", x.no, x.text));
    }
    csv.push('\n');
    for i in 0..10 {
        csv.push_str(&format!(
            "{i},2026/11/3 10:2{i}:05,9{i}秒,微信,N/A,192.168.77.{i},认可,认可,不了解,偏多\n"
        ));
    }
    let export = dir.path().join("教师.csv");
    std::fs::write(&export, csv).unwrap();
    let o = on_database(
        &db,
        "survey",
        &["import", "1", p(&export), "--group", "teacher"],
    );
    printed(&o, &["10 份答卷"]);
    let o = junheng(&["survey", "results", "1", "--database", &db]);
    // Teachers 20/30, principals 4/6 (withheld: 2 < 10): overall below 85 % → exit 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("有效答卷 12") && text.contains("未达到 85%"),
        "{text}"
    );
    assert!(text.contains("样本不足"), "{text}");
    let o = junheng(&["survey", "results", "1", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["results"]["groups"][2]["respondents"], 10);
    printed(
        &on_database(&db, "survey", &["status", "1", "closed"]),
        &["已结束"],
    );
    printed(
        &on_database(&db, "survey", &["list"]),
        &["已结束", "有效答卷 12"],
    );
    // Nothing of the export's addresses or times is in the database file (nor its log).
    let mut stored = Vec::new();
    for name in ["s.db", "s.db-wal"] {
        if let Ok(bytes) = std::fs::read(dir.path().join(name)) {
            stored.extend(bytes);
        }
    }
    let stored = String::from_utf8_lossy(&stored);
    assert!(stored.contains("自测"), "the file is read");
    assert!(!stored.contains("192.168.77.") && !stored.contains("2026/11/3"));
}
