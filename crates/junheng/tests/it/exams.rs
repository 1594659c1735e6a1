//! `junheng exam` end to end on a synthetic district's registry: an exam created with its lines,
//! a school's file imported (its grade's registered students without a row count as 缺考), a
//! bad file refused with every problem located and nothing written, the report's figures equal
//! to a computation by hand from the file, withdrawal only when confirmed, NAEQ results with
//! their unit.

use std::path::Path;

use crate::students::{District, code_of};
use crate::{p, stderr, stdout, with_store};

const EXAM: &str = "2024学年八年级上期期末";

fn exam(d: &District, args: &[&str]) -> std::process::Output {
    let mut all = vec!["exam"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--database", &d.db]);
    crate::junheng(&all)
}

/// The grade-8 children of the first registry file that has any: (school, [(学籍号, 班级)]).
fn grade_eight(d: &District) -> (String, Vec<(String, String)>) {
    for file in &d.files {
        let text = std::fs::read_to_string(file).unwrap();
        let kids: Vec<(String, String)> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|c| c[5] == "8")
            .map(|c| (c[0].to_owned(), c[6].to_owned()))
            .collect();
        if kids.len() >= 12 {
            return (code_of(file), kids);
        }
    }
    panic!("no registry file with grade 8");
}

/// `exam import FILE` into the exam for `school`.
fn import(d: &District, file: &Path, school: &str) -> std::process::Output {
    exam(
        d,
        &[
            "import",
            p(file),
            "--exam",
            EXAM,
            "--school",
            school,
            "--keys",
            d.keys(),
        ],
    )
}

fn stored_files(d: &District) -> usize {
    with_store(&d.db, async |s| {
        let data = s.in_district(s.only_district().await.unwrap().id);
        let e = data.exam_named(EXAM).await.unwrap().unwrap();
        data.exam_files(e.id, true).await.unwrap().len()
    })
}

#[test]
fn an_exam_is_imported_reported_and_withdrawn() {
    let d = District::new();
    assert!(d.import_all().status.success());
    let o = exam(
        &d,
        &[
            "create",
            "--name",
            EXAM,
            "--year",
            "2024",
            "--date",
            "2025-01-10",
            "--grade",
            "8",
            "--subject",
            "语文:150",
            "--subject",
            "数学:100",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // The default lines: 85 / 70 / 60 / 40 % of full marks, never rounded down.
    assert!(stdout(&o).contains("语文 满分 150：优秀 ≥ 127.5，良好 ≥ 105，及格 ≥ 90，低分 < 60"));
    let (school, kids) = grade_eight(&d);
    let dir = d.dir.path();
    let template = dir.join("模板.xlsx");
    let o = exam(&d, &["template", "--exam", EXAM, "--out", p(&template)]);
    assert!(o.status.success(), "{}", stderr(&o));

    // A bad file: a score above full marks, a finer-than-tenth score, a child not on the roster.
    let bad = dir.join("bad.csv");
    let stranger = junheng_core::student::StudentNumber::national("500112", "2010-01-01", 997)
        .unwrap()
        .expose()
        .to_owned();
    std::fs::write(
        &bad,
        format!(
            "学籍号,姓名,班级,语文,数学\n{},,{},151,80\n{},,{},90.25,80\n{stranger},,1班,90,80\n",
            kids[0].0, kids[0].1, kids[1].0, kids[1].1
        ),
    )
    .unwrap();
    let o = import(&d, &bad, &school);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("bad.csv 第 2 行「语文」列，值「151」：超过「语文」的满分 150"),
        "{err}"
    );
    assert!(err.contains("第 3 行「语文」列，值「90.25」"), "{err}");
    assert_eq!(stored_files(&d), 0, "nothing written");
    // A well-formed file with a child not on the school's grade-8 roster: located, nothing written.
    std::fs::write(
        &bad,
        format!(
            "学籍号,姓名,班级,语文,数学\n{},,{},90,80\n{stranger},,1班,90,80\n",
            kids[0].0, kids[0].1
        ),
    )
    .unwrap();
    let o = import(&d, &bad, &school);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("bad.csv 第 3 行「学籍号」列") && err.contains("没有这个学籍号"),
        "{err}"
    );
    assert_eq!(stored_files(&d), 0, "nothing written");

    // A good file: the first ten children; the rest of the grade have no row (缺考).
    let mut text = String::from("学籍号,姓名,班级,语文,数学\n");
    let mut chinese = Vec::new();
    for (i, (number, class)) in kids.iter().take(10).enumerate() {
        if i == 9 {
            text.push_str(&format!("{number},,{class},缺考,缺考\n"));
            continue;
        }
        let score = 80.0 + 7.5 * i as f64;
        chinese.push(score);
        text.push_str(&format!("{number},,{class},{score},{}\n", 50 + i));
    }
    let good = dir.join("good.csv");
    std::fs::write(&good, text).unwrap();
    let o = import(&d, &good, &school);
    assert!(o.status.success(), "{}", stderr(&o));
    let missing = kids.len() - 10;
    assert!(
        stdout(&o).contains(&format!("应考 {} 名", kids.len())),
        "{}",
        stdout(&o)
    );
    if missing > 0 {
        assert!(stdout(&o).contains(&format!("另有 {missing} 名学生没有成绩行")));
    }

    // The report's pool equals a hand computation from the file.
    let json = dir.join("report.json");
    let o = exam(
        &d,
        &[
            "report",
            "--exam",
            EXAM,
            "--keys",
            d.keys(),
            "--json",
            p(&json),
            "--min-cell",
            "5",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let pool = &report["papers"][0]["rows"][0];
    assert_eq!(report["papers"][0]["subject"], "语文");
    assert_eq!(pool["sat"], 9);
    assert_eq!(pool["enrolled"], kids.len());
    let mean = chinese.iter().sum::<f64>() / chinese.len() as f64;
    assert!((pool["mean"].as_f64().unwrap() - mean).abs() < 1e-9);
    // 优秀 (≥ 127.5): 80 + 7.5·i ≥ 127.5 for i ≥ 7 (i = 7, 8): 2 of 9 under 实考.
    let excellent = pool["rates"][0].as_f64().unwrap();
    assert!((excellent - 2.0 / 9.0).abs() < 1e-9, "{excellent}");
    assert_eq!(
        report["papers"].as_array().unwrap().len(),
        3,
        "two papers and 总分"
    );
    let xlsx = dir.join("report.xlsx");
    let o = exam(
        &d,
        &[
            "report",
            "--exam",
            EXAM,
            "--keys",
            d.keys(),
            "--xlsx",
            p(&xlsx),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(Path::new(&xlsx).exists());

    // Withdrawal only when confirmed.
    let o = exam(&d, &["withdraw", "--exam", EXAM, "--school", &school]);
    assert!(o.status.success() && stdout(&o).contains("确认请加 --yes"));
    assert_eq!(stored_files(&d), 1);
    let o = exam(
        &d,
        &["withdraw", "--exam", EXAM, "--school", &school, "--yes"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stored_files(&d), 0);

    // NAEQ: the unit is explicit; 12 % is below the line.
    let o = exam(
        &d,
        &[
            "naeq",
            "set",
            "--year",
            "2024",
            "--subject",
            "数学",
            "--between-school",
            "12",
            "--unit",
            "percent",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = exam(&d, &["naeq", "list"]);
    assert!(stdout(&o).contains("0.1200") && stdout(&o).contains("达到（< 0.15）"));
    let o = exam(
        &d,
        &[
            "naeq",
            "set",
            "--year",
            "2024",
            "--subject",
            "语文",
            "--between-school",
            "12",
            "--unit",
            "ratio",
        ],
    );
    assert!(!o.status.success(), "12 as a ratio is refused");
}
