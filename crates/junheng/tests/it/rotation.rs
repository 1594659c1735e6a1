//! Teacher rotation end to end on a fresh SQLite database: templates, roster and ledger imports,
//! `rotation check` and `plan rotation` (also accepted into the ledger).

use std::path::PathBuf;
use std::process::{Command, Output};

use calamine::{Reader, Xlsx, open_workbook};
use junheng_core::demo::{DemoSpec, generate};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::SchoolRecord;
use junheng_rotation::{Move, MoveKind, Quota, Teacher, groups_of, rotation_year, synth};
use serde_json::Value;

use crate::{add_user, db_url, demo_file, junheng, p, stderr, stdout};

const SEED: u64 = 3;
const CHECK: &str = "rotation check";
const PLAN: &str = "plan rotation";

/// A fresh database holding the 2024 statistics of a demo district, with the same records and
/// their synthesized roster in memory.
pub(crate) struct District {
    dir: tempfile::TempDir,
    db: String,
    records: Vec<SchoolRecord>,
    pub(crate) roster: Vec<Teacher>,
}

impl District {
    pub(crate) fn new(schools: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = db_url(dir.path(), "j.db");
        let csv = demo_file(dir.path(), "statistics.csv", schools, SEED);
        let o = junheng(&["import", p(&csv), "--database", &db]);
        assert!(o.status.success(), "{}", stderr(&o));
        let records = generate(&DemoSpec {
            schools: schools as usize,
            seed: SEED,
            year: 2024,
        });
        let roster = synth::roster(&records, SEED);
        District {
            dir,
            db,
            records,
            roster,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs the binary with `--database` of this district appended.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        let mut all = args.to_vec();
        all.extend(["--database", &self.db]);
        junheng(&all)
    }

    pub(crate) fn write_roster(&self, name: &str, teachers: &[Teacher]) -> PathBuf {
        let path = self.path(name);
        let mut file = std::fs::File::create(&path).unwrap();
        junheng_io::teacher::write_csv(teachers, &mut file).unwrap();
        path
    }

    fn write_ledger(&self, name: &str, moves: &[Move]) -> PathBuf {
        let path = self.path(name);
        let mut file = std::fs::File::create(&path).unwrap();
        junheng_io::rotation::write_ledger_csv(moves, &mut file).unwrap();
        path
    }

    pub(crate) fn import_roster(&self) {
        let file = self.write_roster("roster.csv", &self.roster);
        let o = self.run(&["roster", "import", p(&file)]);
        assert!(o.status.success(), "{}", stderr(&o));
    }

    /// Runs `rotation check` or `plan rotation` (`command`) for 2024 with more arguments.
    fn year(&self, command: &str, more: &[&str]) -> Output {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.extend(["--year", "2024"]);
        args.extend(more);
        self.run(&args)
    }

    /// Writes the workbook of `command` for 2024 and returns its sheet names.
    fn workbook(&self, command: &str, name: &str) -> Vec<String> {
        let path = self.path(name);
        let o = self.year(command, &["--format", "xlsx", "-o", p(&path)]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        let book: Xlsx<_> = open_workbook(&path).expect("a workbook");
        book.sheet_names()
    }

    /// Runs `command` for 2024 with JSON output; returns it with the exit code.
    fn json(&self, command: &str, more: &[&str]) -> (Value, i32) {
        let mut args = vec!["--format", "json"];
        args.extend(more);
        let o = self.year(command, &args);
        let code = o.status.code().unwrap();
        assert!(matches!(code, 0 | 1), "{}", stderr(&o));
        (serde_json::from_str(&stdout(&o)).expect("JSON"), code)
    }
}

fn assert_quota(json: &Value, q: &Quota) {
    for (key, n) in [
        ("eligible", q.eligible),
        ("rotated", q.rotated),
        ("backbone_rotated", q.backbone_rotated),
        ("required", q.required),
        ("backbone_required", q.backbone_required),
    ] {
        assert_eq!(json[key].as_u64(), Some(n), "{key} in {json}");
    }
    assert_eq!(json["rotated_ok"], q.rotated_ok);
    assert_eq!(json["backbone_ok"], q.backbone_ok);
    let share = json["share"].as_f64().unwrap();
    assert!((share - q.share.unwrap()).abs() < 1e-12);
}

#[test]
fn templates_are_written_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    for (command, default) in [
        ("roster", "教师花名册模板.xlsx"),
        ("ledger", "交流轮岗台账模板.xlsx"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_junheng"))
            .args([command, "template"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            dir.path().join(default).exists(),
            "{command} writes {default}"
        );
        let bad = dir.path().join("x.csv");
        let o = junheng(&[command, "template", "-o", p(&bad)]);
        assert_eq!(o.status.code(), Some(2));
        assert!(!bad.exists());
    }
    let named = dir.path().join("花名册.xlsx");
    assert!(
        junheng(&["roster", "template", "-o", p(&named)])
            .status
            .success()
    );
    let roster = junheng_io::teacher::read_path(&named, &mut |_, _| {}).unwrap();
    assert!(!roster.teachers.is_empty());
    let ledger = junheng_io::rotation::read_ledger_path(
        &dir.path().join("交流轮岗台账模板.xlsx"),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(!ledger.moves.is_empty());
}

#[test]
fn a_bad_roster_writes_nothing_and_a_good_one_reconciles() {
    let d = District::new(30);
    let good = d.write_roster("good.csv", &d.roster);
    let text = std::fs::read_to_string(&good).unwrap();
    let first_id = d.roster[0].id.to_string();
    let bad = d.path("bad.csv");
    std::fs::write(&bad, text.replacen(&first_id, "11010519491231002X", 1)).unwrap();
    let o = d.run(&["roster", "import", p(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("身份证号"), "{}", stderr(&o));
    assert!(stderr(&o).contains("未写入任何数据"), "{}", stderr(&o));
    let o = d.year(CHECK, &[]);
    assert_eq!(o.status.code(), Some(2), "the bad file stored no roster");
    assert!(stderr(&o).contains("没有教师花名册"), "{}", stderr(&o));

    let o = d.run(&["roster", "import", p(&good)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "已导入本区县 2024 学年教师花名册：{} 名教师，第 1 版",
            d.roster.len()
        )),
        "{out}"
    );
    assert!(
        out.contains("花名册与学校统计数据一致") && !out.contains("不一致"),
        "{out}"
    );

    // A roster that lacks a teacher still imports, with the difference as a warning.
    let short = d.write_roster("short.csv", &d.roster[1..]);
    let o = d.run(&["roster", "import", p(&short), "--as", "nobody"]);
    assert_eq!(o.status.code(), Some(2), "--as names an existing user");
    let o = d.run(&["roster", "import", p(&short)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("第 2 版") && out.contains("处不一致"), "{out}");
    assert!(
        out.contains("专任教师数") && out.contains(d.roster[0].school.as_str()),
        "{out}"
    );
}

#[test]
fn the_ledger_imports_and_refuses_overlaps_whole() {
    let d = District::new(20);
    d.import_roster();
    let (t, other) = (&d.roster[0], &d.roster[1]);
    let host = d
        .records
        .iter()
        .find(|r| r.code != t.school && r.code != other.school && r.kind.has(t.section))
        .unwrap();
    let first = Move {
        teacher: t.id.clone(),
        from: t.school.clone(),
        to: host.code.clone(),
        start_year: 2024,
        end_year: 2026,
        kind: MoveKind::Exchange,
    };
    let file = d.write_ledger("ledger.csv", std::slice::from_ref(&first));
    let o = d.run(&["ledger", "import", p(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已导入交流轮岗台账：1 条记录"),
        "{}",
        stdout(&o)
    );

    let fine = Move {
        teacher: other.id.clone(),
        from: other.school.clone(),
        ..first.clone()
    };
    let overlapping = Move {
        start_year: 2025,
        end_year: 2025,
        ..first.clone()
    };
    let file = d.write_ledger("again.csv", &[fine, overlapping]);
    let o = d.run(&["ledger", "import", p(&file)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(t.id.as_str()) && err.contains("2025–2025") && err.contains("2024–2026"),
        "{err}"
    );
    let (json, _) = d.json(CHECK, &[]);
    assert_eq!(
        json["quota"]["rotated"], 1,
        "the refused file added nothing"
    );
}

#[test]
fn check_reports_what_the_engine_computes() {
    let d = District::new(40);
    d.import_roster();
    let ledger = synth::ledger(&d.records, &d.roster, &[2024], 0.05, SEED);
    assert!(!ledger.is_empty());
    let file = d.write_ledger("ledger.csv", &ledger);
    assert!(d.run(&["ledger", "import", p(&file)]).status.success());
    let groups = groups_of(&d.records, 2024);
    for rulebook in ["cn-2017", "anhui-2018"] {
        let rules = Rulebook::builtin(rulebook).unwrap().rotation;
        let ry = rotation_year(
            2024,
            &d.roster,
            &ledger,
            &groups,
            &Default::default(),
            &rules,
        );
        let (json, code) = d.json(CHECK, &["--rulebook", rulebook]);
        assert_quota(&json["quota"], &ry.district);
        assert_eq!(code, if ry.district.met() { 0 } else { 1 });
        assert_eq!(json["met"], ry.district.met());
        let schools = json["schools"].as_array().unwrap();
        assert_eq!(schools.len(), ry.schools.len());
        for s in schools {
            let code = s["school"].as_str().unwrap();
            let (_, q) = ry.schools.iter().find(|(c, _)| c.as_str() == code).unwrap();
            assert_quota(&s["quota"], q);
        }
        let waiting: Vec<&str> = json["eligible_not_rotated"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["teacher"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = ry
            .eligible_not_rotated(|_| true)
            .iter()
            .map(|s| s.teacher.id.as_str())
            .collect();
        assert_eq!(waiting, expected);
        assert!(json["mismatches"].as_array().unwrap().is_empty());
        let effect = json["effect"].as_array().unwrap();
        assert!(!effect.is_empty() && effect.iter().all(|i| i["teacher"] == true));
    }
    let rules = Rulebook::builtin("cn-2017").unwrap().rotation;
    let ry = rotation_year(
        2024,
        &d.roster,
        &ledger,
        &groups,
        &Default::default(),
        &rules,
    );
    let (group, quota) = ry.groups.iter().next().unwrap();
    let (json, _) = d.json(CHECK, &["--group", group]);
    assert_quota(&json["quota"], quota);
    assert_eq!(json["scope"], group.as_str());

    let out = stdout(&d.year(CHECK, &[]));
    for phrase in [
        "【配额】",
        "【各学校】",
        "【花名册核对】",
        "【台账对评估的影响】",
        "差异系数",
    ] {
        assert!(out.contains(phrase), "missing {phrase}:\n{out}");
    }
    let o = d.year(CHECK, &["--group", "没有这个集团"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        d.workbook(CHECK, "check.xlsx")
            .contains(&"待交流教师".to_owned())
    );
    let o = d.run(&["rotation", "check", "--year", "2023"]);
    assert_eq!(o.status.code(), Some(2), "no statistics for 2023");
}

#[test]
fn plans_meet_the_quota_repeatably_and_only_admins_accept_them() {
    let d = District::new(40);
    d.import_roster();
    let (before, code) = d.json(CHECK, &[]);
    assert_eq!((code, before["quota"]["rotated"].as_u64()), (1, Some(0)));

    let first = d.year(PLAN, &["--format", "json"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let again = d.year(PLAN, &["--format", "json"]);
    assert_eq!(
        stdout(&first),
        stdout(&again),
        "the same data give the same plan"
    );
    let plan: Value = serde_json::from_str(&stdout(&first)).unwrap();
    assert_eq!(plan["quota_after"]["rotated_ok"], true);
    assert_eq!(plan["quota_after"]["backbone_ok"], true);
    let moves = plan["moves"].as_array().unwrap().len();
    assert!(moves > 0);
    assert_eq!(plan["quota_after"]["rotated"].as_u64(), Some(moves as u64));

    let table = stdout(&d.year(PLAN, &[]));
    for phrase in ["【交流比例】", "【交流名单】", "方案前", "方案后", " → "] {
        assert!(table.contains(phrase), "missing {phrase}:\n{table}");
    }
    assert!(
        d.workbook(PLAN, "plan.xlsx")
            .contains(&"交流名单".to_owned())
    );

    assert!(
        add_user(
            &d.db,
            &["--name", "dux", "--role", "supervisor"],
            "长密码-12345"
        )
        .status
        .success()
    );
    assert!(
        add_user(
            &d.db,
            &["--name", "chief", "--role", "admin"],
            "长密码-12345"
        )
        .status
        .success()
    );
    for login in ["dux", "nobody"] {
        let o = d.year(PLAN, &["--accept-as", login]);
        assert_eq!(o.status.code(), Some(2), "{login}");
        assert!(
            stderr(&o).contains("不能把方案写入台账") || stderr(&o).contains("只有管理员"),
            "{}",
            stderr(&o)
        );
    }
    let (json, code) = d.json(CHECK, &[]);
    assert_eq!(
        (code, json["quota"]["rotated"].as_u64()),
        (1, Some(0)),
        "refusals wrote nothing"
    );

    let o = d.year(PLAN, &["--format", "json", "--accept-as", "chief"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&first));
    assert!(
        stderr(&o).contains(&format!("已将方案的 {moves} 项交流写入台账")),
        "{}",
        stderr(&o)
    );
    let (json, code) = d.json(CHECK, &[]);
    assert_eq!(code, 0, "the accepted plan meets the quota");
    assert_eq!(json["quota"]["rotated"].as_u64(), Some(moves as u64));
    assert_eq!(json["met"], true);
}
