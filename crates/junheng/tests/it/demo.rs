use crate::{junheng, stderr, stdout};

#[test]
fn the_bare_demo_prints_a_full_chinese_evaluation() {
    let o = junheng(&["demo", "report", "--schools", "80", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for phrase in [
        "资源配置督导评估",
        "总体结论",
        "【小学】",
        "【初中】",
        "差异系数",
        "cn-2017",
    ] {
        assert!(text.contains(phrase), "missing {phrase}:\n{text}");
    }
}

#[test]
fn generate_refuses_an_unknown_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.txt");
    let o = junheng(&[
        "demo",
        "generate",
        "--schools",
        "5",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".csv 或 .xlsx"));
    assert!(!out.exists());
}
