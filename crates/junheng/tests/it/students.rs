//! `junheng students …` and `junheng retention report` on a fresh SQLite database: the keys
//! written once and never printed; a generated registry imported and its rates printed with
//! their definitions or what is missing; a bad file refused with every problem located and
//! nothing written; 控辍保学 from an absence to the watch list, names only on request and the
//! read recorded; retention reported, applied only when confirmed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::{db_url, junheng, on_database, p, printed, stderr, stdout, with_store};

#[test]
fn student_keys_are_generated_once_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let o = junheng(&["students", "keygen", "--dir", p(dir.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("seal.key"), "{}", stdout(&o));
    let seal = std::fs::read_to_string(dir.path().join("seal.key")).unwrap();
    let pseudonym = std::fs::read_to_string(dir.path().join("pseudonym.key")).unwrap();
    assert_eq!((seal.trim().len(), pseudonym.trim().len()), (64, 64));
    assert_ne!(seal, pseudonym);
    // The key never reaches the output.
    assert!(!stdout(&o).contains(seal.trim()) && !stdout(&o).contains(pseudonym.trim()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("seal.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0);
    }
    // A second run overwrites nothing.
    let o = junheng(&["students", "keygen", "--dir", p(dir.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未覆盖"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("seal.key")).unwrap(),
        seal
    );
}

/// A district with statistics and a generated registry of school year 2024 (about 3 000
/// children in a dozen schools): its database, its keys directory and its registry files.
pub(crate) struct District {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) db: String,
    pub(crate) keys: PathBuf,
    pub(crate) files: Vec<PathBuf>,
}

impl District {
    pub(crate) fn new() -> District {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        std::fs::create_dir(&keys).unwrap();
        let o = junheng(&["students", "keygen", "--dir", p(&keys)]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = dir.path().join("synth");
        let o = junheng(&[
            "students",
            "synth",
            "--districts",
            "1",
            "--students",
            "3000",
            "--out",
            p(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let district = out.join("519001");
        let db = db_url(dir.path(), "j.db");
        let o = junheng(&[
            "import",
            p(&district.join("statistics.csv")),
            "--database",
            &db,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut files: Vec<PathBuf> = std::fs::read_dir(district.join("registry"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        District {
            dir,
            db,
            keys,
            files,
        }
    }

    /// Runs `junheng students …` on the district's database.
    pub(crate) fn students(&self, args: &[&str]) -> Output {
        on_database(&self.db, "students", args)
    }

    pub(crate) fn keys(&self) -> &str {
        p(&self.keys)
    }

    pub(crate) fn import_all(&self) -> Output {
        let mut args = vec!["import", "--year", "2024", "--keys", self.keys()];
        args.extend(self.files.iter().map(|f| p(f)));
        self.students(&args)
    }

    /// The first child of a registry file: (学籍号, 姓名, 年级).
    fn first_child(&self, file: &Path) -> (String, String, String) {
        let text = std::fs::read_to_string(file).unwrap();
        let line = text.lines().nth(1).unwrap();
        let cells: Vec<&str> = line.split(',').collect();
        (cells[0].into(), cells[1].into(), cells[5].into())
    }

    /// How many registry files the database holds.
    fn versions(&self) -> usize {
        with_store(&self.db, async |s| {
            let d = s.only_district().await.unwrap();
            s.in_district(d.id)
                .student_imports(None)
                .await
                .unwrap()
                .len()
        })
    }
}

pub(crate) fn code_of(file: &Path) -> String {
    file.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn a_generated_registry_is_imported_and_its_rates_are_printed_with_what_is_missing() {
    let d = District::new();
    assert!(d.files.len() >= 3, "{:?}", d.files);
    let o = d.import_all();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("合计") && out.contains("名学生"), "{out}");
    assert!(out.contains("第 1 版"), "{out}");
    assert_eq!(d.versions(), d.files.len());
    // The key never reaches the output.
    let seal = std::fs::read_to_string(d.keys.join("seal.key")).unwrap();
    assert!(!out.contains(seal.trim()));

    let o = d.students(&["rates", "--year", "2024"]);
    printed(
        &o,
        &[
            "2024–2025 学年学生比率",
            "在籍",
            "初中三年巩固率：未计算——缺少 2022 学年的学籍",
            "入学率：未计算——缺少 2024 学年的适龄人口",
            "随迁子女在公办学校或政府购买学位就读比例：",
            "定义：",
            "【各校】",
            &code_of(&d.files[0]),
        ],
    );
    // With the inputs, 入学率 and 残疾儿童少年入学率 are computed.
    let o = d.students(&[
        "input",
        "--year",
        "2024",
        "--population",
        "3100",
        "--disabled",
        "20",
        "--source",
        "区公安分局户籍统计",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = d.students(&["rates", "--year", "2024", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let lines = json["district"]["lines"].as_array().unwrap();
    let enrolment = lines.iter().find(|l| l["id"] == "enrolment").unwrap();
    assert_eq!(enrolment["rate"]["denominator"], 3100);
    assert!(enrolment["missing"].is_null());
    assert_eq!(
        json["schools"].as_array().unwrap().len(),
        d.files.len(),
        "{json}"
    );
}

#[test]
fn a_bad_file_exits_non_zero_with_every_problem_located_and_writes_nothing() {
    let d = District::new();
    let good = &d.files[0];
    let text = std::fs::read_to_string(good).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Row 3: a broken 学籍号; row 4: grade 12.
    lines[2] = lines[2].replacen(lines[2].split(',').next().unwrap(), "G123", 1);
    let cells: Vec<&str> = lines[3].split(',').collect();
    let mut cells: Vec<String> = cells.into_iter().map(str::to_owned).collect();
    cells[5] = "12".into();
    lines[3] = cells.join(",");
    let bad = d.dir.path().join(format!("{}.csv", code_of(good)));
    std::fs::write(&bad, lines.join("\n")).unwrap();

    let o = d.students(&["import", "--year", "2024", "--keys", d.keys(), p(&bad)]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("未写入任何数据"), "{err}");
    assert!(err.contains("共发现 2 个问题"), "{err}");
    assert!(err.contains("第 3 行「学籍号」列"), "{err}");
    assert!(err.contains("第 4 行「年级」列"), "{err}");
    assert_eq!(d.versions(), 0);

    // Several files: the bad one stops them all before anything is written.
    let mut args = vec!["import", "--year", "2024", "--keys", d.keys(), p(&bad)];
    args.extend(d.files.iter().skip(1).map(|f| p(f)));
    let o = d.students(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("第 3 行「学籍号」列"), "{}", stderr(&o));
    assert_eq!(d.versions(), 0);

    // Without keys nothing is read or written, and the message says how to give them.
    let o = d.students(&["import", "--year", "2024", p(good)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("尚未配置学生数据密钥"),
        "{}",
        stderr(&o)
    );
    assert_eq!(d.versions(), 0);

    // The keys from the environment; the same file twice is refused the second time.
    let seal = std::fs::read_to_string(d.keys.join("seal.key")).unwrap();
    let pseudonym = std::fs::read_to_string(d.keys.join("pseudonym.key")).unwrap();
    let with_env = || {
        Command::new(env!("CARGO_BIN_EXE_junheng"))
            .args([
                "students",
                "import",
                "--year",
                "2024",
                p(good),
                "--database",
                &d.db,
            ])
            .env("NO_COLOR", "1")
            .env("JUNHENG_STUDENT_SEAL_KEY", seal.trim())
            .env("JUNHENG_STUDENT_PSEUDONYM_KEY", pseudonym.trim())
            .output()
            .unwrap()
    };
    let o = with_env();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.versions(), 1);
    let o = with_env();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未重复导入"), "{}", stderr(&o));
    assert_eq!(d.versions(), 1);
}

#[test]
fn an_absence_becomes_a_case_on_the_watch_list_and_names_are_shown_only_when_asked() {
    let d = District::new();
    assert!(d.import_all().status.success());
    let file = d.files.iter().find(|f| {
        let (_, _, grade) = d.first_child(f);
        grade == "1"
    });
    let file = file.unwrap_or(&d.files[0]);
    let (number, name, grade) = d.first_child(file);
    let school = code_of(file);
    let o = d.students(&[
        "absence",
        "--student",
        &number,
        "--school",
        &school,
        "--grade",
        &grade,
        "--date",
        "2025-03-03",
        "--days",
        "3",
        "--keys",
        d.keys(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("缺勤待核"), "{}", stdout(&o));
    // The 学籍号 needs the keys.
    let o = d.students(&[
        "absence",
        "--student",
        &number,
        "--school",
        &school,
        "--grade",
        &grade,
        "--date",
        "2025-03-03",
        "--days",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(2));

    // Two weeks later the calendar has made it 疑似辍学.
    let o = d.students(&["refresh", "--today", "2025-03-17"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("升级个案 1 次"), "{}", stdout(&o));
    let o = d.students(&["watch", "--today", "2025-03-17"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = stdout(&o);
    assert!(
        list.contains("疑似辍学") && list.contains(&school),
        "{list}"
    );
    assert!(!list.contains(&name), "no name without --names:\n{list}");
    assert!(!list.contains(&number[5..]));

    let o = d.students(&["watch", "--today", "2025-03-17", "--names"]);
    assert_eq!(o.status.code(), Some(2), "names need the keys");
    let o = d.students(&[
        "watch",
        "--today",
        "2025-03-17",
        "--names",
        "--keys",
        d.keys(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let named = stdout(&o);
    assert!(named.contains(&name), "{named}");
    assert!(!named.contains(&number), "the 学籍号 is masked:\n{named}");
    // The read is recorded, as read on the command line.
    let read = with_store(&d.db, async |s| {
        let district = s.only_district().await.unwrap();
        let data = s.in_district(district.id);
        let case = data.dropout_cases(true, None).await.unwrap().pop().unwrap();
        data.student_access(case.student, 10).await.unwrap()
    });
    assert!(read.iter().any(|a| a.what == "命令行"), "{read:?}");

    // A 转出 recorded by the school, and the quarterly re-check written without names.
    let o = d.students(&[
        "event",
        "--student",
        &number,
        "--school",
        &school,
        "--kind",
        "转出",
        "--date",
        "2025-03-20",
        "--grade",
        &grade,
        "--place",
        "四川省某校",
        "--keys",
        d.keys(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = d.dir.path().join("q.xlsx");
    let o = d.students(&[
        "report",
        "quarterly",
        "--year",
        "2025",
        "--quarter",
        "1",
        "--today",
        "2025-03-31",
        "--out",
        p(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.exists());
}

#[test]
fn retention_reports_the_cutoff_and_applies_only_when_confirmed() {
    let d = District::new();
    assert!(d.import_all().status.success());
    let o = junheng(&[
        "retention",
        "report",
        "--month",
        "2028-07",
        "--database",
        &d.db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("截止日期 2025-07-31"), "{}", stdout(&o));
    assert!(stdout(&o).contains("将精简 0 名"), "{}", stdout(&o));
    // Two children graduate in June 2025.
    for file in d.files.iter().take(2) {
        let (number, _, grade) = d.first_child(file);
        let o = d.students(&[
            "event",
            "--student",
            &number,
            "--school",
            &code_of(file),
            "--kind",
            "毕业",
            "--date",
            "2025-06-28",
            "--grade",
            &grade,
            "--keys",
            d.keys(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = junheng(&[
        "retention",
        "report",
        "--month",
        "2028-07",
        "--database",
        &d.db,
    ]);
    assert!(stdout(&o).contains("将精简 2 名"), "{}", stdout(&o));
    // Not yet: a month too early.
    let o = junheng(&[
        "retention",
        "report",
        "--month",
        "2028-05",
        "--database",
        &d.db,
    ]);
    assert!(stdout(&o).contains("将精简 0 名"), "{}", stdout(&o));
    let o = junheng(&[
        "retention",
        "report",
        "--month",
        "2028-07",
        "--apply",
        "--database",
        &d.db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    let o = junheng(&[
        "retention",
        "report",
        "--month",
        "2028-07",
        "--apply",
        "--yes",
        "--database",
        &d.db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已精简 2 名"), "{}", stdout(&o));
    let o = junheng(&[
        "retention",
        "report",
        "--month",
        "2028-07",
        "--database",
        &d.db,
    ]);
    assert!(
        stdout(&o).contains("将精简 0 名学生的记录（此前已精简 2 名）"),
        "{}",
        stdout(&o)
    );
}
