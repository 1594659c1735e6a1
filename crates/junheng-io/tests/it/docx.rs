//! .docx written and filled by `junheng_io::docx`, read back by python-docx (an independent
//! implementation, `docx_read.py`): headings and levels, tables, footer, properties, charts.
//! The interpreter is `JUNHENG_TEST_DOCX_PYTHON` (default `/usr/bin/python3`, Debian's, with
//! `python3-docx`); without it the test fails — `scripts/test.sh` installs it.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use junheng_io::docx::{
    Align, BarChart, Block, Core, Cover, Document, Footer, Paragraph, Run, SECTIONS, Series, Table,
    Threshold, default_template, fill, numeral, write,
};
use serde_json::Value;

const STAMP: &str = "规则 优质均衡2026@3 · 数据 v42 · 生成于 2026-12-06 08:00";

fn table(caption: &str, rows: usize) -> Table {
    Table {
        caption: caption.into(),
        header: vec![
            "序号".into(),
            "学校".into(),
            "生师比".into(),
            "是否达标".into(),
        ],
        rows: (1..=rows)
            .map(|i| {
                vec![
                    i.to_string(),
                    format!("第{}小学 <&>", numeral(i as u32)),
                    format!("{:.1}", 10.0 + i as f64 / 2.0),
                    if i % 3 == 0 { "否" } else { "是" }.into(),
                ]
            })
            .collect(),
        widths: vec![1, 4, 2, 2],
    }
}

fn chart() -> BarChart {
    BarChart {
        title: "各校生均教学仪器设备值（元）".into(),
        categories: (1..=9).map(|i| format!("第{}小学", numeral(i))).collect(),
        series: vec![
            Series {
                name: "2025年".into(),
                values: (1..=9).map(|i| 1800.0 + f64::from(i) * 130.0).collect(),
            },
            Series {
                name: "2026年".into(),
                values: (1..=9).map(|i| 2000.0 + f64::from(i) * 120.0).collect(),
            },
        ],
        threshold: Some(Threshold {
            name: "标准 2000 元".into(),
            value: 2000.0,
        }),
    }
}

/// A report as the 自评报告 will be: cover, numbered headings, body text, two tables, a chart.
fn report() -> Document {
    let mut blocks = vec![Block::Cover(Cover {
        title: "渝北区2026年义务教育优质均衡发展督导评估自评报告".into(),
        district: "渝北区人民政府".into(),
        date: "2026年12月6日".into(),
        stamp: "（盖章）".into(),
    })];
    blocks.push(Block::Heading(1, "一、基本情况".into()));
    blocks.push(Block::Paragraph(Paragraph::text(
        "全区共有义务教育学校 15 所，其中小学 9 所、初中 6 所。",
    )));
    blocks.push(Block::Heading(2, "（一）资源配置".into()));
    blocks.push(Block::Paragraph(Paragraph {
        runs: vec![
            Run::plain("七项指标中，"),
            Run {
                text: "六项达标".into(),
                bold: true,
                colour: Some("C00000".into()),
                ..Run::default()
            },
            Run {
                text: "，一项未达标。".into(),
                italic: true,
                size: Some(28),
                ..Run::default()
            },
        ],
        align: Align::Justify,
        indent: true,
    }));
    blocks.push(Block::Table(table("表 1 各校生师比", 15)));
    blocks.push(Block::Heading(3, "1. 小学".into()));
    blocks.push(Block::Table(table("表 2 小学生师比", 9)));
    blocks.push(Block::Chart(chart()));
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading(1, "二、结论".into()));
    blocks.push(Block::Paragraph(Paragraph::text(
        "经自评，渝北区达到评估标准。",
    )));
    Document {
        core: Core {
            title: "渝北区自评报告".into(),
            subject: "义务教育优质均衡发展督导评估".into(),
            creator: "渝北区教育委员会".into(),
            created: "2026-12-06T08:00:00Z".into(),
            ..Core::default()
        },
        blocks,
        footer: Footer {
            stamp: STAMP.into(),
        },
    }
}

/// python-docx's reading of each file, by path.
fn python_docx(files: &[&Path]) -> Value {
    let args: Vec<&std::ffi::OsStr> = files.iter().map(|f| f.as_os_str()).collect();
    serde_json::from_slice(&run_python(&args)).unwrap()
}

/// The script's output, run with `args`.
fn run_python(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let python =
        std::env::var("JUNHENG_TEST_DOCX_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/docx_read.py");
    let out = Command::new(&python)
        .arg(&script)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{python} does not run ({e}): the .docx read-back needs Debian's python3 with python3-docx (apt-get install python3-docx; scripts/test.sh installs it), or JUNHENG_TEST_DOCX_PYTHON set to an interpreter that has python-docx")
        });
    assert!(
        out.status.success(),
        "{python} {} failed: {}\nthe .docx read-back needs python-docx: apt-get install python3-docx (scripts/test.sh installs it)",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn headings(v: &Value) -> Vec<(u64, String)> {
    v["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["level"].as_u64().unwrap(),
                h["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn python_docx_reads_a_written_report_and_a_filled_default_template() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("自评报告.docx");
    std::fs::write(&written, write(&report())).unwrap();
    let fields: BTreeMap<String, String> = [
        ("区县", "渝北区"),
        ("年度", "2026"),
        ("日期", "2026年12月6日"),
        ("生成信息", STAMP),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let sections: BTreeMap<String, Vec<Block>> = SECTIONS
        .iter()
        .map(|s| {
            let blocks = vec![
                Block::Heading(2, format!("（一）{s}")),
                Block::Paragraph(Paragraph::text(format!("{s}：正文。"))),
            ];
            ((*s).to_owned(), blocks)
        })
        .chain([(
            "资源配置".to_owned(),
            vec![Block::Table(table("表 1", 15)), Block::Chart(chart())],
        )])
        .collect();
    let filled = dir.path().join("填好的模板.docx");
    std::fs::write(
        &filled,
        fill(&default_template(), &fields, &sections).unwrap(),
    )
    .unwrap();

    let read = python_docx(&[&written, &filled]);
    let w = &read[written.to_str().unwrap()];
    assert_eq!(
        headings(w),
        [
            (1, "一、基本情况".to_owned()),
            (2, "（一）资源配置".to_owned()),
            (3, "1. 小学".to_owned()),
            (1, "二、结论".to_owned()),
        ]
    );
    let tables = w["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    for (t, rows) in tables.iter().zip([15, 9]) {
        assert_eq!(t["rows"], rows + 1);
        assert_eq!(t["cols"], 4);
        assert_eq!(
            strings(&t["cells"][0]),
            ["序号", "学校", "生师比", "是否达标"]
        );
        assert_eq!(strings(&t["cells"][3]), ["3", "第三小学 <&>", "11.5", "否"]);
        let repeated = t["repeated_header"].as_array().unwrap();
        assert_eq!(repeated[0], true);
        assert!(repeated[1..].iter().all(|r| r == false));
    }
    assert_eq!(strings(&w["footer"]), ["第 1 页 共 1 页", STAMP]);
    assert_eq!(w["core"]["title"], "渝北区自评报告");
    assert_eq!(w["core"]["subject"], "义务教育优质均衡发展督导评估");
    assert_eq!(w["core"]["author"], "渝北区教育委员会");
    assert_eq!(w["core"]["created"], "2026-12-06T08:00:00Z");
    assert_eq!(w["charts"], 1);
    let paragraphs = strings(&w["paragraphs"]);
    assert_eq!(
        paragraphs[0],
        "渝北区2026年义务教育优质均衡发展督导评估自评报告"
    );
    assert!(paragraphs.contains(&"七项指标中，六项达标，一项未达标。".to_owned()));

    let f = &read[filled.to_str().unwrap()];
    let mut wanted = Vec::new();
    for (i, s) in SECTIONS.iter().enumerate() {
        wanted.push((1, format!("{}、{s}", numeral(i as u32 + 1))));
        if *s != "资源配置" {
            wanted.push((2, format!("（一）{s}")));
        }
    }
    assert_eq!(headings(f), wanted);
    let paragraphs = strings(&f["paragraphs"]);
    assert_eq!(
        paragraphs[0],
        "渝北区2026年义务教育优质均衡发展督导评估自评报告"
    );
    assert_eq!(paragraphs[1], "渝北区人民政府");
    assert_eq!(paragraphs[2], "2026年12月6日");
    assert!(paragraphs.contains(&"结论：正文。".to_owned()));
    assert!(
        !paragraphs.iter().any(|p| p.contains("{{")),
        "{paragraphs:?}"
    );
    assert_eq!(f["tables"].as_array().unwrap().len(), 1);
    assert_eq!(f["tables"][0]["rows"], 16);
    assert_eq!(strings(&f["footer"]), ["第 1 页 共 1 页", STAMP]);
    assert_eq!(f["charts"], 1);
}

#[test]
fn a_template_made_by_python_docx_is_filled_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("模板.docx");
    run_python(&["--make-template".as_ref(), template.as_os_str()]);
    let template = std::fs::read(&template).unwrap();
    let listed = junheng_io::docx::template_fields(&template).unwrap();
    let sections: Vec<&str> = listed.sections.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(sections, ["基本情况", "佐证材料清单"]);
    let fields: BTreeMap<String, String> = [
        ("区县", "渝北区"),
        ("日期", "2026年12月6日"),
        ("生成信息", STAMP),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let sections: BTreeMap<String, Vec<Block>> = [
        (
            "基本情况".to_owned(),
            vec![
                Block::Heading(2, "（一）学校概况".into()),
                Block::Table(table("表 1", 9)),
            ],
        ),
        (
            "佐证材料清单".to_owned(),
            vec![Block::Paragraph(Paragraph::text("材料一"))],
        ),
    ]
    .into();
    let filled = dir.path().join("填好.docx");
    std::fs::write(&filled, fill(&template, &fields, &sections).unwrap()).unwrap();
    let read = python_docx(&[&filled]);
    let f = &read[filled.to_str().unwrap()];
    assert_eq!(
        headings(f),
        [
            (1, "一、基本情况".to_owned()),
            (2, "（一）学校概况".to_owned())
        ]
    );
    let paragraphs = strings(&f["paragraphs"]);
    assert_eq!(paragraphs[0], "渝北区自评报告");
    assert_eq!(paragraphs[1], "本报告由渝北区人民政府于2026年12月6日报送。");
    let tables = f["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    // The generated table, then the template's own with the section in its cell.
    assert_eq!(tables[0]["rows"], 10);
    assert_eq!(strings(&tables[1]["cells"][0]), ["附表", "材料一"]);
    assert_eq!(strings(&f["footer"]), [STAMP]);
}
