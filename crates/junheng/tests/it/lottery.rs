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
        "--key-out",
        p(&dir.join("派位密钥.key")),
        "--receipts",
        p(&dir.join("回执.csv")),
    ])
}

/// The 报名号 of the test tables.
fn registrations() -> Vec<String> {
    (1..=10).map(|i| format!("A{i:02}")).collect()
}

/// Whether `text` names any 报名号 of the test tables (as a JSON string or a CSV cell).
fn names_anyone(text: &str) -> bool {
    registrations()
        .iter()
        .any(|r| text.contains(&format!("\"{r}\"")) || text.contains(&format!(",{r},")))
}

/// The receipts CSV: (报名号, 公示编号, 回执校验码) per row.
fn receipts(path: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].into(), cells[1].into(), cells[2].into())
        })
        .collect()
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

    // Published: codes only. Private: the key (owner-only, never printed) and the receipts.
    let frozen = dir.join("frozen.json");
    let published = std::fs::read_to_string(&frozen).unwrap();
    assert!(published.contains("\"format\":\"junheng-lottery-inputs/2\""));
    assert!(!names_anyone(&published), "{published}");
    assert!(!published.contains("三对口") && !published.contains("随迁子女"));
    let key_path = dir.join("派位密钥.key");
    let key = std::fs::read_to_string(&key_path).unwrap();
    assert!(key.starts_with("junheng-lottery-key/2\n") && key.len() == 87);
    assert!(!out.contains(&key[22..86]) && !stderr(&o).contains(&key[22..86]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let receipts = receipts(&dir.join("回执.csv"));
    assert_eq!(receipts.len(), 10);
    for (registration, code, check) in &receipts {
        assert!(
            published.contains(&format!("\"id\":\"{code}\"")),
            "{registration}"
        );
        assert!(check.len() == 6 && check.bytes().all(|b| b.is_ascii_digit()));
    }

    let pack = dir.join("pack.json");
    let results = dir.join("结果.csv");
    let draw = |expect: &str, out: &Path, extra: &[&str]| {
        let mut args = vec![
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
        ];
        args.extend_from_slice(extra);
        junheng(&args)
    };
    let o = draw(&digest, &pack, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The outcome depends on the random key freeze made (codes order the draw): the summary is
    // checked against the pack itself.
    let drawn: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&pack).unwrap()).unwrap();
    let fallback = drawn["results"]["fallback"].as_array().unwrap().len();
    assert!(
        stdout(&o).contains(&format!(
            "录取 {} 人，公办兜底 {fallback} 人",
            10 - fallback
        )),
        "{}",
        stdout(&o)
    );
    let public_results = std::fs::read_to_string(&results).unwrap();
    assert!(!names_anyone(&public_results), "{public_results}");
    assert!(!names_anyone(&std::fs::read_to_string(&pack).unwrap()));
    // The bureau's copy lists 报名号 beside the codes: from the receipts, or the key and table.
    let (receipts_path, table_path) = (dir.join("回执.csv"), dir.join("报名.csv"));
    let receipts_arg = ["--receipts", p(&receipts_path)];
    let o = draw(&digest, &dir.join("pack2.json"), &receipts_arg);
    assert!(o.status.success(), "{}", stderr(&o));
    let named = std::fs::read_to_string(&results).unwrap();
    assert!(named.lines().next().unwrap().contains("报名号,公示编号"));
    for (registration, code, _) in &receipts {
        assert!(
            named.contains(&format!(",{registration},{code},")),
            "{named}"
        );
    }
    let key_arg = ["--key-file", p(&key_path), "--applicants", p(&table_path)];
    let o = draw(&digest, &dir.join("pack3.json"), &key_arg);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&results).unwrap(), named);
    let wrong = draw(&"0".repeat(64), &dir.join("wrong.json"), &[]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("名单摘要不符"));

    let o = junheng(&["lottery", "verify", p(&pack), "--inputs", p(&frozen)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("核验通过"));
    assert!(stdout(&o).contains("junheng-lottery-draw/2"));
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
    let probabilities = std::fs::read_to_string(dir.join("概率.csv")).unwrap();
    assert!(probabilities.contains("学区优先级"));
    assert!(!names_anyone(&probabilities));
}

#[test]
fn a_key_is_reused_only_on_purpose_and_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("学区.csv"), ZONES).unwrap();
    std::fs::write(dir.join("学位计划.csv"), SEATS).unwrap();
    std::fs::write(dir.join("报名.csv"), APPLICANTS).unwrap();
    assert!(freeze(dir, "报名.csv").status.success());
    let first = std::fs::read(dir.join("frozen.json")).unwrap();
    let key = std::fs::read(dir.join("派位密钥.key")).unwrap();
    std::fs::remove_file(dir.join("frozen.json")).unwrap();

    // Freezing again with --key-out onto the existing key: refused, nothing written.
    let o = freeze(dir, "报名.csv");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不会被覆盖"), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.join("派位密钥.key")).unwrap(), key);
    assert!(!dir.join("frozen.json").exists());

    // --key-file reuses it: the same codes, the same published list and digest.
    let again = |key_file: &Path| {
        junheng(&[
            "lottery",
            "freeze",
            "--zones",
            p(&dir.join("学区.csv")),
            "--seats",
            p(&dir.join("学位计划.csv")),
            "--applicants",
            p(&dir.join("报名.csv")),
            "--title",
            "测试派位",
            "-o",
            p(&dir.join("frozen.json")),
            "--key-file",
            p(key_file),
            "--receipts",
            p(&dir.join("回执2.xlsx")),
        ])
    };
    let o = again(&dir.join("派位密钥.key"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.join("frozen.json")).unwrap(), first);
    assert!(stdout(&o).contains("派位密钥（沿用）"));
    assert!(dir.join("回执2.xlsx").exists());

    // A key file that is not exactly what freeze writes is refused, invalid UTF-8 located.
    let mut bad = key.clone();
    bad[40] = 0xFF;
    std::fs::write(dir.join("坏密钥.key"), &bad).unwrap();
    let o = again(&dir.join("坏密钥.key"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("第 2 行第 19 列（字节偏移 40）"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        dir.join("坏密钥.key"),
        String::from_utf8(key).unwrap().trim_end(),
    )
    .unwrap();
    let o = again(&dir.join("坏密钥.key"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("不是有效的派位密钥文件"),
        "{}",
        stderr(&o)
    );

    // Neither --key-out nor --key-file: a usage error.
    let o = junheng(&[
        "lottery",
        "freeze",
        "--zones",
        p(&dir.join("学区.csv")),
        "--seats",
        p(&dir.join("学位计划.csv")),
        "--applicants",
        p(&dir.join("报名.csv")),
        "-o",
        p(&dir.join("x.json")),
        "--receipts",
        p(&dir.join("x.csv")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.join("x.json").exists());
}

#[test]
fn version_1_lists_are_not_drawn_but_version_1_packs_still_verify() {
    use junheng_io::lottery::engine::{Witness, draw, freeze as freeze_inputs};
    use junheng_io::lottery::{ReadOptions, Source, read_sources};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let source = |text: &'static str, file| Source {
        bytes: text.as_bytes(),
        file,
    };
    let registered = read_sources(
        source(ZONES, "学区.csv"),
        source(SEATS, "学位计划.csv"),
        source(APPLICANTS, "报名.csv"),
        &ReadOptions::default(),
    )
    .unwrap()
    .inputs;
    // As written before version 2: inputs and a pack naming applicants by 报名号.
    let v1 = dir.join("旧名单.json");
    std::fs::write(&v1, freeze_inputs(&registered).unwrap().canonical).unwrap();
    let witness = Witness {
        role: "公证员".into(),
        name: String::new(),
        value: "0815".into(),
    };
    let pack = dir.join("旧审计包.json");
    std::fs::write(&pack, draw(&registered, &[witness]).unwrap().to_json()).unwrap();

    let o = junheng(&[
        "lottery",
        "draw",
        p(&v1),
        "--witness",
        "公证员:1",
        "-o",
        p(&dir.join("x.json")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("旧格式名单"), "{}", stderr(&o));
    assert!(!dir.join("x.json").exists());

    let o = junheng(&["lottery", "verify", p(&pack), "--inputs", p(&v1)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("junheng-lottery-draw/1"));
    let py = python_verify(&pack, &v1);
    assert!(py.status.success(), "{}", stdout(&py));

    // Invalid UTF-8 in a pack is refused with its place, not replaced.
    let mut bytes = std::fs::read(&pack).unwrap();
    let at = bytes.iter().position(|&b| b == b'A').unwrap();
    bytes[at] = 0xFE;
    std::fs::write(&pack, &bytes).unwrap();
    let o = junheng(&["lottery", "verify", p(&pack)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("字节偏移 {at}")),
        "{}",
        stderr(&o)
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
    assert!(!dir.join("派位密钥.key").exists() && !dir.join("回执.csv").exists());
    // 报名号 holding an ID number or a formula: refused, the ID number never shown.
    let risky = "报名号,学区代码,优先级,志愿1,同胞报名号\n\
110101199003077777,Z1,0,S1,\n=1+1,Z1,0,S1,\nA03,Z1,0,S1,@A01\n";
    std::fs::write(dir.join("风险报名.csv"), risky).unwrap();
    let o = freeze(dir, "风险报名.csv");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(!err.contains("110101199003077777"), "{err}");
    for part in [
        "第 2 行「报名号」列，值「110…」",
        "第 3 行「报名号」列，值「=1+1」",
        "第 4 行「同胞报名号」列，值「@A01」",
        "未写出任何文件",
    ] {
        assert!(err.contains(part), "missing {part}:\n{err}");
    }
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
