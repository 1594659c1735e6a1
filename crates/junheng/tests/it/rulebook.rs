use crate::{junheng, stderr, stdout};

#[test]
fn lists_and_shows_the_builtin_rulebooks() {
    let o = junheng(&["rulebook", "list"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for id in ["cn-2017", "cn-2012", "hebei-2017"] {
        assert!(text.contains(id), "{text}");
    }
    let o = junheng(&["rulebook", "show", "cn-2017"]);
    assert!(stdout(&o).contains("[indicators.backbone_teachers_per_100]"));
    let o = junheng(&["rulebook", "show", "cn-1999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cn-1999"));
}

#[test]
fn the_template_is_listed_and_written_empty() {
    let o = junheng(&["template"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for header in ["学校标识码", "办学类型", "体育馆面积", "图书册数"] {
        assert!(text.contains(header), "{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("模板.xlsx");
    let o = junheng(&["template", "-o", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // An empty template imports as "no data rows", not as a broken file.
    let o = junheng(&["evaluate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("import.no_data_rows") || stderr(&o).contains("没有"),
        "{}",
        stderr(&o)
    );
}
