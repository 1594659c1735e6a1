//! `junheng exam` end to end on a synthetic district's registry: an exam created with its lines,
//! a school's file imported (its grade's registered students without a row count as 缺考), a
//! bad file refused with every problem located and nothing written, the report's figures equal
//! to a computation by hand from the file, its literacy levels (with level cuts in `--settings`)
//! and box plots in the text and the workbook, withdrawal only when confirmed, NAEQ results with
//! their unit.

use std::path::Path;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};

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

/// A district with its registry imported and the exam created (语文 150, 数学 100, 八年级): the
/// district and the creation's output.
fn district_with_exam() -> (District, std::process::Output) {
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
    (d, o)
}

#[test]
fn an_exam_is_imported_reported_and_withdrawn() {
    let (d, o) = district_with_exam();
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
    // No level cuts: no 素养水平; the box plots of 语文 (type 7 quartiles of the nine scores
    // 80, 87.5, …, 140: the 3rd, 5th and 7th), 数学 and 总分.
    let text = stdout(&o);
    assert!(!text.contains("素养水平"), "{text}");
    assert_eq!(text.matches("成绩分布（箱线图）").count(), 3, "{text}");
    assert!(
        text.contains("语文成绩分布（箱线图）\n单位\t实考\t最低分\t下四分位数(Q1)\t中位数")
            && text.contains("全体\t9\t80.00\t95.00\t110.00\t125.00\t140.00\n"),
        "{text}"
    );

    // 语文's levels cut at 90 / 110 / 130: Ⅰ 80, 87.5; Ⅱ 95, 102.5; Ⅲ 110, 117.5, 125;
    // Ⅳ 132.5, 140 — 5 of 9 at Ⅲ or above. 数学 has no cuts, so no levels.
    let settings = dir.join("quality.toml");
    std::fs::write(
        &settings,
        "[levels.subjects]\n\"语文\" = [90.0, 110.0, 130.0]\n",
    )
    .unwrap();
    let xlsx = dir.join("report.xlsx");
    let with_cuts = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "--exam",
            EXAM,
            "--keys",
            d.keys(),
            "--settings",
            p(&settings),
        ];
        args.extend_from_slice(extra);
        let o = exam(&d, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let text = with_cuts(&["--xlsx", p(&xlsx), "--min-cell", "5"]);
    assert_eq!(text.matches("素养水平：").count(), 1, "{text}");
    for line in [
        "语文素养水平：水平Ⅰ（低于 90 分），水平Ⅱ（90 分及以上、低于 110 分），\
         水平Ⅲ（110 分及以上、低于 130 分），水平Ⅳ（130 分及以上）",
        "单位\t实考\t水平Ⅰ人数\t水平Ⅰ比例%\t水平Ⅱ人数\t水平Ⅱ比例%\t水平Ⅲ人数\t水平Ⅲ比例%\t\
         水平Ⅳ人数\t水平Ⅳ比例%\t≥Ⅲ级%\n",
        "\n全体\t9\t2\t22.22\t2\t22.22\t3\t33.33\t2\t22.22\t55.56\n",
    ] {
        assert!(text.contains(line), "lacks {line}:\n{text}");
    }
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("a workbook");
    let names = book.sheet_names();
    assert!(
        names.iter().any(|n| n == "素养水平") && names.iter().any(|n| n == "箱线图"),
        "{names:?}"
    );
    let floats =
        |cells: &[Data]| -> Vec<f64> { cells.iter().map(|c| c.as_f64().unwrap()).collect() };
    let levels = book.worksheet_range("素养水平").unwrap();
    let mut rows = levels.rows();
    let head: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        head[8..12],
        ["水平Ⅰ人数", "水平Ⅱ人数", "水平Ⅲ人数", "水平Ⅳ人数"]
    );
    assert_eq!(head[16], "≥Ⅲ级(%)");
    let pool = rows.next().unwrap();
    assert_eq!(
        (pool[0].to_string(), pool[1].to_string()),
        ("语文".into(), "全体".into())
    );
    assert_eq!(
        floats(&pool[4..12]),
        [9.0, 90.0, 110.0, 130.0, 2.0, 2.0, 3.0, 2.0]
    );
    assert!((pool[16].as_f64().unwrap() - 500.0 / 9.0).abs() < 1e-9);
    assert!(rows.all(|r| r[0] == "语文"), "no levels without cuts");
    let boxes = book.worksheet_range("箱线图").unwrap();
    let head: Vec<String> = boxes
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        head[5..10],
        [
            "最低分",
            "下四分位数(Q1)",
            "中位数",
            "上四分位数(Q3)",
            "最高分"
        ]
    );
    let pool = boxes.rows().nth(1).unwrap();
    assert_eq!(pool[1].to_string(), "全体");
    assert_eq!(floats(&pool[4..10]), [9.0, 80.0, 95.0, 110.0, 125.0, 140.0]);
    // Under the default min_cell (10) the nine who sat are a small cell: neither is shown.
    let text = with_cuts(&[]);
    assert!(
        text.contains("水平Ⅳ比例%\t≥Ⅲ级%\n全体\t9\t人数过少，不显示\n")
            && text.contains("最高分\n全体\t9\t人数过少，不显示\n"),
        "{text}"
    );

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

#[test]
fn a_whole_exam_long_file_imports_every_school_at_once() {
    let (d, _) = district_with_exam();
    let (school, kids) = grade_eight(&d);
    let long = d.dir.path().join("全区成绩.csv");
    let import_long = || {
        exam(
            &d,
            &["import", p(&long), "--exam", EXAM, "--keys", d.keys()],
        )
    };
    // A child at another school than the registry's: located at its row, nothing written.
    let mut text = String::from("学校标识码,班级,学籍号,科目,分数,状态\n");
    text.push_str(&format!("5001129999,1班,{},语文,90,\n", kids[0].0));
    std::fs::write(&long, &text).unwrap();
    let o = import_long();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("全区成绩.csv 第 2 行「学校标识码」列"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stored_files(&d), 0);
    // Every child but the last, both subjects, one 缺考.
    let mut text = String::from("学校标识码,班级,学籍号,科目,分数,状态\n");
    for (i, (number, class)) in kids[..kids.len() - 1].iter().enumerate() {
        text.push_str(&format!(
            "{school},{class},{number},语文,{},\n",
            (90 + i) % 150
        ));
        let status = if i == 0 {
            ",缺考"
        } else {
            &format!("{},", (60 + i) % 100)[..]
        };
        text.push_str(&format!("{school},{class},{number},数学,{status}\n"));
    }
    std::fs::write(&long, &text).unwrap();
    let o = import_long();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("已导入 {school} 全区成绩.csv"))
            && out.contains(&format!("应考 {} 名", kids.len()))
            && out.contains("另有 1 名学生没有成绩行"),
        "{out}"
    );
    assert_eq!(stored_files(&d), 1);
}
