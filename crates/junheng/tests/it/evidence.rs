//! `junheng evidence add|list|get`: a document checked by content, versioned, listed, taken out
//! again byte for byte; refusals exit with status 2 and say why.

use crate::{db_url, demo_file, junheng, p, stderr, stdout};

#[test]
fn documents_are_added_listed_and_taken_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 20, 4);
    assert!(
        junheng(&["import", p(&csv), "--database", &db])
            .status
            .success()
    );
    let code = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').nth(1).map(str::to_owned))
        .unwrap();
    let pdf = dir.path().join("办学章程.pdf");
    let bytes = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".to_vec();
    std::fs::write(&pdf, &bytes).unwrap();
    let add = |file: &std::path::Path, key: &str| {
        junheng(&[
            "evidence",
            "add",
            p(file),
            "--kind",
            "school",
            "--key",
            key,
            "--title",
            "办学章程",
            "--database",
            &db,
        ])
    };
    let o = add(&pdf, &code);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("“办学章程” 第 1 版"), "{}", stdout(&o));

    // Refused: the same content again, a web page named .pdf, a school the district lacks.
    let o = add(&pdf, &code);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("第 1 版已是相同内容"), "{}", stderr(&o));
    let page = dir.path().join("章程.pdf");
    std::fs::write(&page, "<html><script>x()</script></html>").unwrap();
    let o = add(&page, &code);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("不是可接受的佐证材料类型"),
        "{}",
        stderr(&o)
    );
    let o = add(&pdf, "5009999999");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未找到该学校"), "{}", stderr(&o));

    let o = junheng(&[
        "evidence",
        "list",
        "--kind",
        "school",
        "--key",
        &code,
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listed = stdout(&o);
    assert!(
        listed.contains("办学章程.pdf") && listed.contains(&code),
        "{listed}"
    );
    let o = junheng(&["evidence", "list", "--json", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let id = json[0]["id"].as_i64().unwrap();

    let out = dir.path().join("取出.pdf");
    let o = junheng(&[
        "evidence",
        "get",
        &id.to_string(),
        "-o",
        p(&out),
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let o = junheng(&[
        "evidence",
        "get",
        &id.to_string(),
        "-o",
        p(&out),
        "--database",
        &db,
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an existing file is never overwritten"
    );
    let o = junheng(&[
        "evidence",
        "get",
        "999",
        "-o",
        p(&dir.path().join("x.pdf")),
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未找到"), "{}", stderr(&o));
}
