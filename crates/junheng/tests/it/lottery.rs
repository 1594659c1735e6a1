//! `junheng lottery`: template → freeze → draw → verify (and the Python verifier) → simulate.

use std::path::Path;
use std::process::Command;

use crate::{junheng, p, stderr, stdout};

const ZONES: &str =
    "学区代码,学区名称,派位方式\nZ1,城东学区,平行志愿\nZ2,城西学区,顺序志愿\nZ3,民办,单校派位\n";
const SEATS: &str = "学校代码,学校名称,学区代码,计划数,类别,类别计划数\n\
S1,东一小,Z1,2,直升,1\nS2,东二小,Z1,2,,\nS3,西一小,Z2,1,,\nS4,西二小,Z2,2,,\nP1,民办实验,Z3,1,,\n";
const APPLICANTS: &str = "报名号,学区代码,优先级,志愿1,志愿2,同胞报名号,类别\n\
A01,Z1,三对口,S1,S2,,直升\nA02,Z1,随迁子女,S1,S2,,\nA03,Z1,0,S1,,,\nA04,Z1,其他,S2,S1,A05,\n\
A05,Z1,其他,S2,S1,A04,\nA06,Z2,0,S3,S4,,\nA07,Z2,1,S3,S4,,\nA08,Z2,0,S3,,,\nA09,Z3,0,P1,,,\nA10,Z3,0,P1,,,\n";

/// Appends rows to a template CSV written by `lottery template`, keeping its header.
fn fill(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    let template = std::fs::read_to_string(&path).unwrap();
    let header = content.lines().next().unwrap();
    assert_eq!(template.trim_start_matches('\u{feff}').trim_end(), header);
    std::fs::write(
        &path,
        format!("{}{}", template, content.split_once('\n').unwrap().1),
    )
    .unwrap();
}

fn python_verify(pack: &Path, inputs: &Path) -> std::process::Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/lottery_verify.py");
    Command::new("python3")
        .arg(script)
        .arg(pack)
        .args(["--inputs", p(inputs)])
        .output()
        .expect("python3 runs (scripts/test.sh installs it)")
}

fn freeze(dir: &Path, applicants: &str) -> std::process::Output {
    junheng(&[
        "lottery",
        "freeze",
        "--zones",
        p(&dir.join("学区.csv")),
        "--seats",
        p(&dir.join("学位计划.csv")),
        "--applicants",
        p(&dir.join(applicants)),
        "--title",
        "测试派位",
        "-o",
        p(&dir.join("frozen.json")),
    ])
}

#[test]
fn a_whole_ceremony_is_verified_by_both_verifiers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let o = junheng(&["lottery", "template", "-o", p(dir)]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["学区.xlsx", "学位计划.xlsx", "报名.xlsx"] {
        assert!(dir.join(name).exists());
    }
    fill(dir, "学区.csv", ZONES);
    fill(dir, "学位计划.csv", SEATS);
    fill(dir, "报名.csv", APPLICANTS);
    let o = freeze(dir, "报名.csv");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("学区 3 个，学校 5 所，报名 10 人"), "{out}");
    let digest = out
        .lines()
        .find_map(|l| l.strip_prefix("名单摘要（SHA-256）："))
        .unwrap()
        .to_owned();
    assert_eq!(digest.len(), 64);

    let frozen = dir.join("frozen.json");
    let pack = dir.join("pack.json");
    let results = dir.join("结果.xlsx");
    let draw = |expect: &str, out: &Path| {
        junheng(&[
            "lottery",
            "draw",
            p(&frozen),
            "--witness",
            "人大代表:张三:4711",
            "--witness",
            "公证员:李四:0815",
            "--witness",
            "家长代表：王五：9999",
            "--expect-digest",
            expect,
            "-o",
            p(out),
            "--results",
            p(&results),
        ])
    };
    let o = draw(&digest, &pack);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("录取 8 人，公办兜底 2 人"),
        "{}",
        stdout(&o)
    );
    assert!(results.exists());
    let wrong = draw(&"0".repeat(64), &dir.join("wrong.json"));
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("名单摘要不符"));

    let o = junheng(&["lottery", "verify", p(&pack), "--inputs", p(&frozen)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("核验通过"));
    let py = python_verify(&pack, &frozen);
    assert!(py.status.success(), "{}{}", stdout(&py), stderr(&py));
    assert!(stdout(&py).starts_with("核验通过"));

    // Swap two admitted applicants' schools in the recorded results: both verifiers object.
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&pack).unwrap()).unwrap();
    let admitted = json["results"]["schools"][1]["admitted"]
        .as_array_mut()
        .unwrap();
    admitted.reverse();
    let tampered = dir.join("tampered.json");
    std::fs::write(&tampered, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let o = junheng(&["lottery", "verify", p(&tampered)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("核验失败"), "{}", stdout(&o));
    let py = python_verify(&tampered, &frozen);
    assert_eq!(py.status.code(), Some(1), "{}", stdout(&py));
    assert!(stdout(&py).contains("核验失败"));
    // A changed witness value changes the seed: caught too.
    json["witnesses"][0]["value"] = "4712".into();
    std::fs::write(&tampered, json.to_string()).unwrap();
    let o = junheng(&["lottery", "verify", p(&tampered)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(python_verify(&tampered, &frozen).status.code(), Some(1));

    let o = junheng(&[
        "lottery",
        "simulate",
        p(&frozen),
        "--draws",
        "1200",
        "--seed",
        "公示前模拟",
        "-o",
        p(&dir.join("概率.csv")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for phrase in [
        "模拟派位 1200 次",
        "【各学校】",
        "【各学区、各优先级】",
        "东一小",
        "第一志愿录取概率",
    ] {
        assert!(text.contains(phrase), "missing {phrase}:\n{text}");
    }
    // The sole 三对口 applicant in Z1 ranks first at S1 in every draw.
    assert!(text.contains("0:100.0%"), "{text}");
    assert!(
        std::fs::read_to_string(dir.join("概率.csv"))
            .unwrap()
            .contains("学区优先级")
    );
}

#[test]
fn bad_input_files_exit_2_with_every_problem_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("学区.csv"), ZONES).unwrap();
    std::fs::write(dir.join("学位计划.csv"), SEATS).unwrap();
    let bad = "报名号,学区代码,优先级,志愿1,志愿2,同胞报名号\n\
A01,Z1,三对口,S1,S3,\nA01,Z1,0,S1,,\nA02,Z9,0,S1,,\nA03,Z1,特殊,S2,,A99\nA04,Z1,0,,,\n";
    std::fs::write(dir.join("坏报名.csv"), bad).unwrap();
    let o = freeze(dir, "坏报名.csv");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for part in [
        "坏报名.csv 第 2 行「志愿2」列，值「S3」",
        "第 3 行「报名号」列，值「A01」",
        "第 4 行「学区代码」列，值「Z9」",
        "第 5 行「优先级」列，值「特殊」",
        "第 5 行「同胞报名号」列，值「A99」",
        "第 6 行「志愿1」列",
    ] {
        assert!(err.contains(part), "missing {part}:\n{err}");
    }
    assert!(!dir.join("frozen.json").exists());
    let o = junheng(&[
        "lottery",
        "simulate",
        p(&dir.join("学区.csv")),
        "--seed",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = junheng(&["lottery", "verify", p(&dir.join("学区.csv"))]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn template_without_a_directory_lists_the_columns() {
    let o = junheng(&["lottery", "template"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for phrase in [
        "【学区】",
        "派位方式",
        "【学位计划】",
        "类别计划数",
        "【报名】",
        "同胞报名号",
    ] {
        assert!(text.contains(phrase), "missing {phrase}");
    }
}
