//! `junheng district` and `junheng city` end to end: a laptop's district given its real code,
//! a second district beside it, the city's comparison on the terminal and as files, creation
//! targets and steps.

use crate::{db_url, demo_file, junheng, p, stderr, stdout};

#[test]
fn a_city_of_two_districts_is_compared_and_its_phases_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "city.db");
    let a = demo_file(dir.path(), "a.csv", 30, 1);
    let b = demo_file(dir.path(), "b.csv", 20, 2);
    // A laptop's one district, imported without --district, then given its real code.
    let o = junheng(&["import", p(&a), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&[
        "district",
        "update",
        "000000",
        "--code",
        "500112",
        "--name",
        "渝北区",
        "--city",
        "500100:重庆市",
        "--province",
        "500000:重庆市",
        "--actor",
        "市教委",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&[
        "district",
        "add",
        "--code",
        "500229",
        "--name",
        "城口县",
        "--city",
        "500100:重庆市",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("城口县（县）"), "{}", stdout(&o));
    let o = junheng(&[
        "district",
        "add",
        "--code",
        "500229",
        "--name",
        "重复",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2), "a code is unique");
    let o = junheng(&[
        "district",
        "add",
        "--code",
        "1",
        "--name",
        "x",
        "--database",
        &db,
    ]);
    assert!(stderr(&o).contains("区县代码"), "{}", stderr(&o));
    let o = junheng(&["district", "list", "--database", &db]);
    let list = stdout(&o);
    assert!(
        list.contains("500112") && list.contains("城口县") && list.contains("重庆市（500100）")
    );

    // With two districts, a write must say which.
    let o = junheng(&["import", p(&b), "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--district"), "{}", stderr(&o));
    let o = junheng(&["import", p(&b), "--district", "500229", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已导入城口县 2024 学年"),
        "{}",
        stdout(&o)
    );

    let o = junheng(&[
        "city",
        "target",
        "500229",
        "--year",
        "2030",
        "--actor",
        "市教委",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&[
        "city",
        "target",
        "500229",
        "--year",
        "2029",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = junheng(&[
        "city",
        "step",
        "500229",
        "--status",
        "自评",
        "--on",
        "2026-03-01",
        "--document",
        "城口教督〔2026〕1号",
        "--actor",
        "市教委",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = junheng(&[
        "city",
        "compare",
        "--year",
        "2024",
        "--city",
        "500100",
        "--sort",
        "code",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let (yubei, chengkou) = (
        out.find("500112 渝北区").unwrap(),
        out.find("500229 城口县").unwrap(),
    );
    assert!(yubei < chengkou, "sorted by code:\n{out}");
    assert!(out.contains("自评 · 距目标"), "{out}");
    // 城口县's days to the end of 2030, its tasks (none) and its 督导评估 not yet computed.
    let chengkou_line = out[chengkou..].lines().next().unwrap();
    assert!(
        chengkou_line.contains("距目标期限还有")
            && chengkou_line.contains("0/0")
            && chengkou_line.contains("尚未计算"),
        "{chengkou_line}"
    );
    assert!(
        out.contains("a.csv") && out.contains("b.csv"),
        "freshness names the file:\n{out}"
    );
    let o = junheng(&[
        "city",
        "compare",
        "--year",
        "2024",
        "--sort",
        "nonsense",
        "--database",
        &db,
    ]);
    assert!(stderr(&o).contains("failing"), "{}", stderr(&o));
    for name in ["c.csv", "c.xlsx"] {
        let out = dir.path().join(name);
        let o = junheng(&[
            "city",
            "compare",
            "--year",
            "2024",
            "--province",
            "500000",
            "-o",
            p(&out),
            "--database",
            &db,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stdout(&o).contains("1 个区县"),
            "only 渝北区 names the province: {}",
            stdout(&o)
        );
    }
    let csv = std::fs::read_to_string(dir.path().join("c.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}区县代码,区县名称")
            && csv.contains("渝北区")
            && csv.contains("未完成任务数,逾期任务数"),
        "{csv}"
    );
}

#[test]
fn the_city_demo_has_a_district_that_reports_by_signed_packages() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "city.db");
    let o = junheng(&[
        "demo",
        "--city",
        "--build-only",
        "--districts",
        "8",
        "--city-schools",
        "10",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("明月县（509908）"), "{}", stdout(&o));
    let o = junheng(&["city", "compare", "--year", "2024", "--database", &db]);
    let out = stdout(&o);
    let line = out.lines().find(|l| l.contains("明月县")).unwrap();
    assert!(
        line.contains("上报包 第 1 号") && line.contains("无花名册"),
        "{line}"
    );
    let o = junheng(&["district", "key", "list", "509908", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
}
