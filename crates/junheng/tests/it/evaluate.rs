use std::fs;

use calamine::{Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::{demo_file, junheng, p, stderr, stdout};

fn json_of(args: &[&str]) -> (Value, Option<i32>) {
    let o = junheng(args);
    let code = o.status.code();
    assert!(matches!(code, Some(0 | 1)), "{}", stderr(&o));
    (
        serde_json::from_str(&stdout(&o)).expect("json on stdout"),
        code,
    )
}

#[test]
fn csv_and_xlsx_of_the_same_district_evaluate_identically() {
    let dir = tempfile::tempdir().unwrap();
    let csv = demo_file(dir.path(), "d.csv", 120, 7);
    let xlsx = demo_file(dir.path(), "d.xlsx", 120, 7);
    let (a, code_a) = json_of(&["evaluate", p(&csv), "--format", "json"]);
    let (b, code_b) = json_of(&["evaluate", p(&xlsx), "--format", "json"]);
    assert_eq!(a, b);
    assert_eq!(code_a, code_b);
}

#[test]
fn json_follows_the_interface_and_the_exit_code_follows_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let csv = demo_file(dir.path(), "d.csv", 150, 11);
    let (json, code) = json_of(&["evaluate", p(&csv), "--format", "json"]);
    assert_eq!(json["rulebook"], "cn-2017");
    assert_eq!(json["rulebook_version"], "2017.2");
    assert_eq!(json["year"], 2024);
    let passes = json["passes"].as_bool().unwrap();
    assert_eq!(code, Some(if passes { 0 } else { 1 }));
    let sections = json["sections"].as_array().unwrap();
    assert_eq!(sections[0]["section"], "primary");
    assert_eq!(sections[1]["section"], "junior");
    for s in sections {
        let indicators = s["indicators"].as_array().unwrap();
        assert_eq!(indicators.len(), 7);
        for i in indicators {
            let cv = i["cv"].as_f64().unwrap();
            assert_eq!(
                i["passes"].as_bool().unwrap(),
                cv <= i["cv_max"].as_f64().unwrap()
            );
        }
        let schools = s["schools"].as_array().unwrap();
        assert_eq!(schools.len() as u64, s["units"].as_u64().unwrap());
        for school in schools {
            assert_eq!(school["school_code"].as_str().unwrap().len(), 10);
            assert_eq!(school["values"].as_object().unwrap().len(), 7);
            let met = school["met"].as_u64().unwrap();
            if met < 6 {
                assert_eq!(school["passes"], false);
                assert!(!school["gaps"].as_array().unwrap().is_empty());
            }
        }
    }
}

#[test]
fn the_table_report_is_chinese_and_names_failing_units_with_their_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let csv = demo_file(dir.path(), "d.csv", 150, 11);
    let o = junheng(&["evaluate", p(&csv)]);
    let text = stdout(&o);
    assert!(text.contains("总体结论"));
    assert!(text.contains("未达标的评估单位"));
    assert!(text.contains("需增加") || text.contains("缺口"), "{text}");
    assert!(
        !text.contains('\x1b'),
        "no colour codes when NO_COLOR is set"
    );
}

#[test]
fn xlsx_writes_the_workbook_to_hand_in() {
    let dir = tempfile::tempdir().unwrap();
    let csv = demo_file(dir.path(), "d.csv", 60, 5);
    let out = dir.path().join("报告.xlsx");
    let o = junheng(&["evaluate", p(&csv), "--format", "xlsx", "-o", p(&out)]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    let names = book.sheet_names();
    for sheet in ["汇总", "小学", "初中", "差异系数", "差距"] {
        assert!(names.iter().any(|n| n == sheet), "{names:?}");
    }
}

#[test]
fn bad_input_reports_every_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    fs::write(
        &bad,
        "学年,学校标识码,学校名称,办学类型,小学在校生数,小学专任教师数,小学骨干教师数\n\
         2024,5001120001,甲小学,小学,500,30,40\n\
         2024,5.00112E+09,乙小学,小学,400,20,2\n\
         2024,5001120003,丙教学点,教学点,30,3,0\n\
         2024,5001120004,丁学校,职业学校,-5,3,0\n",
    )
    .unwrap();
    let out = dir.path().join("out.json");
    let o = junheng(&["evaluate", p(&bad), "--format", "json", "-o", p(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists(), "nothing is written on bad input");
    let err = stderr(&o);
    assert!(stdout(&o).is_empty());
    for needle in [
        "第 2 行",
        "第 3 行",
        "第 4 行",
        "第 5 行",
        "骨干",
        "科学计数法",
        "上级学校",
        "职业学校",
        "-5",
    ] {
        assert!(err.contains(needle), "missing {needle}:\n{err}");
    }
}

#[test]
fn a_provincial_rulebook_file_overrides_the_national_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let csv = demo_file(dir.path(), "d.csv", 100, 9);
    let rb = dir.path().join("cq.toml");
    fs::write(
        &rb,
        "extends = \"cn-2017\"\nid = \"cq-test\"\nversion = \"2025.1\"\nname = \"测试细则\"\n\
         [balance.cv_max]\nprimary = 0.12\n",
    )
    .unwrap();
    let (json, code) = json_of(&[
        "evaluate",
        p(&csv),
        "--format",
        "json",
        "--rulebook",
        p(&rb),
    ]);
    assert_eq!(json["rulebook"], "cq-test");
    assert_eq!(json["rulebook_version"], "2025.1");
    let first = &json["sections"][0]["indicators"][0];
    assert_eq!(first["cv_max"], 0.12);
    assert_eq!(first["passes"], false);
    assert_eq!(code, Some(1));
    assert!(
        !first["improvement"]["changes"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn policies_can_be_set_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = demo_file(dir.path(), "d.csv", 100, 13);
    let units = |extra: &[&str]| {
        let mut args = vec!["evaluate", p(&csv), "--format", "json"];
        args.extend_from_slice(extra);
        let (json, _) = json_of(&args);
        (json["sections"][0]["units"].as_u64().unwrap(), json)
    };
    let (separate, _) = units(&[]);
    let (merged, json) = units(&["--teaching-points", "merge", "--weights", "1:1.1:1.32"]);
    assert!(merged < separate);
    assert_eq!(json["policy"]["teaching_points"]["mode"], "merge");
    assert_eq!(json["policy"]["apportion_weights"]["junior"], 1.1);
    let (hebei, _) = units(&["--rulebook", "hebei-2017"]);
    assert!(hebei < separate);
    let o = junheng(&["evaluate", p(&csv), "--weights", "1:0:1"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_2012_rulebook_reports_the_composite() {
    let dir = tempfile::tempdir().unwrap();
    let csv = demo_file(dir.path(), "d.csv", 80, 2);
    let (json, code) = json_of(&[
        "evaluate",
        p(&csv),
        "--format",
        "json",
        "--rulebook",
        "cn-2012",
    ]);
    let s = &json["sections"][0];
    assert_eq!(s["indicators"].as_array().unwrap().len(), 8);
    let composite = s["composite"]["cv"].as_f64().unwrap();
    let mean: f64 = s["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["cv"].as_f64().unwrap())
        .sum::<f64>()
        / 8.0;
    assert!((composite - mean).abs() < 1e-12);
    assert_eq!(
        code,
        Some(if json["passes"].as_bool().unwrap() {
            0
        } else {
            1
        })
    );
}

#[test]
fn several_years_need_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_file(dir.path(), "a.csv", 20, 1);
    let text = fs::read_to_string(&a).unwrap();
    let next_year: String = text
        .lines()
        .skip(1)
        .map(|l| format!("{}\n", l.replacen("2024,", "2025,", 1)))
        .collect();
    let both = dir.path().join("both.csv");
    fs::write(&both, format!("{text}{next_year}")).unwrap();
    let o = junheng(&["evaluate", p(&both)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--year"), "{}", stderr(&o));
    let (json, _) = json_of(&["evaluate", p(&both), "--format", "json", "--year", "2025"]);
    assert_eq!(json["year"], 2025);
    let o = junheng(&["evaluate", p(&both), "--year", "2030"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_file_or_rulebook_is_bad_input() {
    let o = junheng(&["evaluate", "/nonexistent/学校.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let csv = demo_file(dir.path(), "d.csv", 10, 1);
    let o = junheng(&["evaluate", p(&csv), "--rulebook", "cn-1999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cn-1999"));
}

#[test]
fn xls_and_ods_files_evaluate_like_the_same_rows_in_csv() {
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../junheng-io/tests/it/fixtures");
    let (xls, _) = json_of(&[
        "evaluate",
        p(&fixtures.join("template.xls")),
        "--format",
        "json",
    ]);
    let (ods, _) = json_of(&[
        "evaluate",
        p(&fixtures.join("template.ods")),
        "--format",
        "json",
    ]);
    assert_eq!(xls["sections"], ods["sections"]);
    assert!(xls["sections"][0]["units"].as_u64().unwrap() > 0);
    let o = junheng(&["evaluate", p(&fixtures.join("numeric_code.xls"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("学校标识码"), "{}", stderr(&o));
}
