//! `junheng health …` on a district with a generated registry: a template filled in and
//! imported, its rates printed from the counts; bad files refused with every problem located
//! in every file and no file written (the round a refused first import made is told); the
//! erasure of leavers reported, applied only when confirmed.

use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Reader, Xlsx, open_workbook};
use junheng_core::demo::Rng;
use junheng_core::demo::health::fitness;
use junheng_core::health::fitness::{Item, Sex};

use crate::students::{District, code_of};
use crate::{junheng, on_database, p, printed, stderr, stdout, with_store};

const ROUND: &str = "2024学年体质健康测试";

/// The column of an item's results in the 体质健康 template.
fn column(item: Item) -> &'static str {
    match item {
        Item::Bmi => "",
        Item::VitalCapacity => "肺活量(ml)",
        Item::Run50m => "50米跑(秒)",
        Item::SitAndReach => "坐位体前屈(cm)",
        Item::RopeSkipping => "一分钟跳绳(次)",
        Item::Situp => "一分钟仰卧起坐(次)",
        Item::Shuttle50x8 => "50米×8往返跑",
        Item::StandingLongJump => "立定跳远(cm)",
        Item::PullUp => "引体向上(次)",
        Item::Endurance => "1000米跑/800米跑",
    }
}

fn fixed(v: i64, decimals: u32) -> String {
    if decimals == 0 {
        return v.to_string();
    }
    format!(
        "{}{}.{}",
        if v < 0 { "-" } else { "" },
        v.abs() / 10,
        v.abs() % 10
    )
}

/// The template's header row, as a school reads it.
fn template_headers(dir: &Path) -> Vec<String> {
    let path = dir.join("体质健康模板.xlsx");
    let o = junheng(&["health", "template", "fitness", "--out", p(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    let sheet = book.worksheet_range("体质健康").expect("the data sheet");
    let header = sheet.rows().next().expect("a header row");
    header.iter().map(|c| c.to_string()).collect()
}

/// A child's row of the 体质健康 file under the template's headers, from their registry line:
/// tested on every item of their grade.
fn row(headers: &[String], registry_line: &str, rng: &mut Rng) -> String {
    let c: Vec<&str> = registry_line.split(',').collect();
    let (male, grade) = (c[2] == "男", c[5].parse::<u8>().unwrap());
    let sex = if male { Sex::Male } else { Sex::Female };
    let sample = fitness(rng, grade, sex, 0.3);
    let mut cells = vec![String::new(); headers.len()];
    let mut set = |h: &str, v: String| {
        let i = headers
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("{h}"));
        cells[i] = v;
    };
    set("学籍号", c[0].into());
    set("年级", grade.to_string());
    set("班级", c[6].into());
    set("性别", c[2].into());
    set("身高(cm)", fixed(sample.height_tenths_cm, 1));
    set("体重(kg)", fixed(sample.weight_tenths_kg, 1));
    for (item, v) in &sample.results {
        set(column(*item), fixed(*v, item.decimals()));
    }
    cells.join(",")
}

/// A school's 体质健康 file filled in from its registry file.
fn fill(headers: &[String], registry: &Path, out: &Path) -> PathBuf {
    let text = std::fs::read_to_string(registry).unwrap();
    let mut rng = Rng::new(11);
    let mut lines = vec![headers.join(",")];
    for line in text.lines().skip(1) {
        lines.push(row(headers, line, &mut rng));
    }
    let path = out.join(format!("{}.csv", code_of(registry)));
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

fn health(d: &District, args: &[&str]) -> Output {
    on_database(&d.db, "health", args)
}

/// `health import fitness` into [`ROUND`], before its files and their keys.
const IMPORT: [&str; 8] = [
    "import",
    "fitness",
    "--round",
    ROUND,
    "--year",
    "2024",
    "--date",
    "2024-10-15",
];

fn import(d: &District, files: &[&Path]) -> Output {
    let mut args = IMPORT.to_vec();
    args.extend(["--keys", d.keys()]);
    args.extend(files.iter().map(|f| p(f)));
    health(d, &args)
}

/// Health files in the database.
fn stored_files(d: &District) -> usize {
    with_store(&d.db, async |s| {
        let district = s.only_district().await.unwrap();
        let data = s.in_district(district.id);
        let mut n = 0;
        for r in data
            .health_rounds(junheng_store::HealthKind::Fitness)
            .await
            .unwrap()
        {
            n += data.health_files(r.id, true).await.unwrap().len();
        }
        n
    })
}

/// A district with its registry imported and two schools' 体质健康 files filled in.
fn ready() -> (District, Vec<PathBuf>) {
    let d = District::new();
    let o = d.import_all();
    assert!(o.status.success(), "{}", stderr(&o));
    let headers = template_headers(d.dir.path());
    assert_eq!(&headers[..4], ["学籍号", "年级", "班级", "性别"]);
    let out = d.dir.path().join("fitness");
    std::fs::create_dir(&out).unwrap();
    let filled = d
        .files
        .iter()
        .take(2)
        .map(|f| fill(&headers, f, &out))
        .collect();
    (d, filled)
}

#[test]
fn a_filled_template_is_imported_and_its_rates_come_from_the_counts() {
    let (d, files) = ready();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let o = import(&d, &refs);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for f in &files {
        let line = format!(
            "已导入 {} {}",
            code_of(f),
            f.file_name().unwrap().to_string_lossy()
        );
        assert!(out.contains(&line), "missing {line}:\n{out}");
    }
    assert!(out.contains("第 1 版") && out.contains("合计"), "{out}");
    assert_eq!(stored_files(&d), 2);

    let o = health(&d, &["rates", "fitness", "--round", ROUND]);
    printed(
        &o,
        &[
            "体质健康统计：2 所学校",
            "【区县】",
            "合格率",
            "优良率",
            "优秀率",
            "按年级和性别",
            "【各校】",
            &code_of(&files[0]),
        ],
    );
    let o = health(
        &d,
        &["rates", "fitness", "--round", ROUND, "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows: usize = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap().lines().count() - 1)
        .sum();
    assert_eq!(json["total"]["students"], rows as u64, "{json}");
    assert_eq!(json["schools"].as_array().unwrap().len(), 2);
    // One school's rates; an unknown round is named with the rounds there are.
    let school = code_of(&files[1]);
    let o = health(
        &d,
        &["rates", "fitness", "--round", ROUND, "--school", &school],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("【学校 {school}")),
        "{}",
        stdout(&o)
    );
    let o = health(&d, &["rates", "fitness", "--round", "没有这一轮"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(ROUND), "{}", stderr(&o));
    // 心理 results are never shown by school.
    let o = health(
        &d,
        &["rates", "mental", "--round", ROUND, "--school", &school],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不按学校"), "{}", stderr(&o));
}

#[test]
fn bad_files_print_every_located_problem_and_write_nothing() {
    let (d, files) = ready();
    // The first file: row 3's 50 m run is not a number. The second: row 2 is a child of
    // another school, row 4's height is out of range.
    let edit = |path: &Path, edits: &[(usize, &str, &str)]| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines: Vec<Vec<String>> = text
            .lines()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect();
        for (row, header, value) in edits {
            let i = lines[0].iter().position(|h| h == header).unwrap();
            lines[row - 1][i] = (*value).to_owned();
        }
        let text: Vec<String> = lines.iter().map(|l| l.join(",")).collect();
        std::fs::write(path, text.join("\n")).unwrap();
    };
    // A child of another school.
    let other = std::fs::read_to_string(&d.files[2]).unwrap();
    let stranger_line = other.lines().nth(1).unwrap().to_owned();
    let stranger = stranger_line.split(',').next().unwrap().to_owned();
    let run_row = 3;
    edit(&files[0], &[(run_row, "50米跑(秒)", "快")]);
    edit(&files[1], &[(4, "身高(cm)", "1725")]);

    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let o = import(&d, &refs);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("未写入任何数据"), "{err}");
    assert!(
        err.contains(&format!("第 {run_row} 行「50米跑(秒)」列")),
        "{err}"
    );
    assert!(err.contains("第 4 行「身高(cm)」列"), "{err}");
    assert!(err.contains("已建立轮次"), "the new round is told:\n{err}");
    assert_eq!(stored_files(&d), 0);

    // Fixed formats, a child of another school: located at the 学籍号, masked.
    edit(&files[0], &[(run_row, "50米跑(秒)", "9.9")]);
    edit(&files[1], &[(4, "身高(cm)", "172.5")]);
    let text = std::fs::read_to_string(&files[1]).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let headers: Vec<String> = lines[0].split(',').map(str::to_owned).collect();
    lines[1] = row(&headers, &stranger_line, &mut Rng::new(5));
    std::fs::write(&files[1], lines.join("\n")).unwrap();
    let o = import(&d, &refs);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("第 2 行「学籍号」列"), "{err}");
    assert!(!err.contains(&stranger), "the 学籍号 is masked:\n{err}");
    assert!(!err.contains("已建立轮次"), "{err}");
    assert_eq!(stored_files(&d), 0);
    // Without keys nothing is read.
    let o = health(&d, &[&IMPORT[..], &[p(&files[0])]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("尚未配置学生数据密钥"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn erasure_is_reported_and_applied_only_when_confirmed() {
    let (d, files) = ready();
    let o = import(&d, &[&files[0]]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = health(&d, &["erase", "--left-before", "2025-01-31"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("将删除 0 名学生"), "{}", stdout(&o));
    // A child of the file transfers out in November.
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    let o = d.students(&[
        "event",
        "--student",
        row[0],
        "--school",
        &code_of(&files[0]),
        "--kind",
        "转出",
        "--date",
        "2024-11-20",
        "--grade",
        row[1],
        "--confirmed",
        "--keys",
        d.keys(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = health(&d, &["erase", "--left-before", "2025-01-31"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("将删除 1 名学生的健康数据：健康记录 1 条"),
        "{}",
        stdout(&o)
    );
    let o = health(&d, &["erase", "--left-before", "2025-01-31", "--apply"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--apply --yes"), "{}", stderr(&o));
    let o = health(
        &d,
        &["erase", "--left-before", "2025-01-31", "--apply", "--yes"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已删除 1 名学生"), "{}", stdout(&o));
    let o = health(&d, &["erase", "--left-before", "2025-01-31"]);
    assert!(stdout(&o).contains("将删除 0 名学生"), "{}", stdout(&o));
}
