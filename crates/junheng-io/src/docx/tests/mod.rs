use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use proptest::prelude::*;

use super::*;

mod order;
mod written;

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let caps = crate::ooxml::Caps {
        file_bytes: usize::MAX,
        inflated_bytes: u64::MAX >> 1,
        parts: usize::MAX,
    };
    let parts = crate::ooxml::unzip(bytes, caps).unwrap();
    parts.into_iter().map(|p| (p.name, p.data)).collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    let found = unzip(bytes).into_iter().find(|(n, _)| n == name);
    String::from_utf8(found.unwrap_or_else(|| panic!("no {name}")).1).unwrap()
}

/// The default template's parts with `name` replaced (or added) by `data`.
fn with_part(name: &str, data: &[u8]) -> Vec<u8> {
    let mut parts = unzip(&default_template());
    match parts.iter_mut().find(|(n, _)| n == name) {
        Some(p) => p.1 = data.to_vec(),
        None => parts.push((name.to_owned(), data.to_vec())),
    }
    crate::ooxml::zip(parts.iter().map(|(n, d)| (n.as_str(), d.as_slice()))).unwrap()
}

/// A template whose body is `body` (paragraphs' XML).
fn with_body(body: &str) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{}\" xmlns:r=\"{}\"><w:body>{body}<w:sectPr/></w:body></w:document>",
        package::W,
        package::R
    );
    with_part("word/document.xml", xml.as_bytes())
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn all_fields() -> BTreeMap<String, String> {
    fields(&[
        ("区县", "渝北区"),
        ("年度", "2026"),
        ("日期", "2026年12月6日"),
        ("生成信息", "规则 2026@3 · 数据 v12 · 2026-12-06 08:00"),
    ])
}

fn sections(make: impl Fn(&str) -> Vec<Block>) -> BTreeMap<String, Vec<Block>> {
    SECTIONS
        .iter()
        .map(|s| ((*s).to_owned(), make(s)))
        .collect()
}

fn chart() -> BarChart {
    BarChart {
        title: "生师比".into(),
        categories: vec!["一小".into(), "二小".into()],
        series: vec![Series {
            name: "2026".into(),
            values: vec![12.0, 14.5],
        }],
        threshold: Some(Threshold {
            name: "标准".into(),
            value: 13.5,
        }),
    }
}

#[test]
fn text_is_cleaned_and_escaped() {
    assert_eq!(clean("a\u{0}b\r\nc\rd\u{fffe}\u{b}e\tf"), "ab\nc\nde\tf");
    assert_eq!(
        text::escape("<a & \"b\" 'c'>"),
        "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;"
    );
    assert_eq!(
        text::run_content("x\ny\tz"),
        "<w:t xml:space=\"preserve\">x</w:t><w:br/><w:t xml:space=\"preserve\">y</w:t><w:tab/><w:t xml:space=\"preserve\">z</w:t>"
    );
}

#[test]
fn numerals_count_in_chinese() {
    let shown: Vec<String> = [1, 9, 10, 11, 20, 23, 100, 105, 110, 999, 1000]
        .iter()
        .map(|n| numeral(*n))
        .collect();
    assert_eq!(
        shown,
        [
            "一",
            "九",
            "十",
            "十一",
            "二十",
            "二十三",
            "一百",
            "一百零五",
            "一百一十",
            "九百九十九",
            "1000"
        ]
    );
}

#[test]
fn writing_is_deterministic_and_the_time_is_a_field() {
    let mut doc = template::default_document();
    doc.core.created = "2026-12-06T08:00:00Z".into();
    doc.blocks.push(Block::Chart(chart()));
    assert_eq!(write(&doc), write(&doc));
    let core = part(&write(&doc), "docProps/core.xml");
    assert!(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-12-06T08:00:00Z"));
    let mut later = doc.clone();
    later.core.created = "2026-12-06T09:00:00Z".into();
    assert_ne!(write(&doc), write(&later));
    later.core.created = "明天".into();
    assert!(!part(&write(&later), "docProps/core.xml").contains("dcterms:created"));
    let names: Vec<String> = unzip(&write(&doc)).into_iter().map(|p| p.0).collect();
    for wanted in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/_rels/document.xml.rels",
        "word/footer1.xml",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/charts/chart1.xml",
    ] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
}

#[test]
fn written_text_is_escaped_and_reads_back() {
    let doc = Document {
        blocks: vec![
            Block::Heading(1, "一、<基本> & \"情况\"".into()),
            Block::Paragraph(Paragraph {
                runs: vec![
                    Run::plain("甲\u{1}乙\n丙"),
                    Run {
                        text: "加粗".into(),
                        bold: true,
                        colour: Some("c00000".into()),
                        size: Some(28),
                        ..Run::default()
                    },
                ],
                ..Paragraph::default()
            }),
            Block::Table(Table {
                caption: "表 1".into(),
                header: vec!["学校".into(), "生师比".into()],
                rows: vec![vec!["一小".into(), "12.5".into(), "多".into()]],
                widths: vec![3, 1],
            }),
        ],
        ..Document::default()
    };
    let bytes = write(&doc);
    let xml = part(&bytes, "word/document.xml");
    assert!(xml.contains("一、&lt;基本&gt; &amp; &quot;情况&quot;"));
    assert!(xml.contains("<w:color w:val=\"C00000\"/><w:sz w:val=\"28\"/>"));
    assert!(xml.contains("<w:tblHeader/>"));
    // The widths were for two columns and a row has three: equal widths.
    assert!(
        xml.contains("<w:gridCol w:w=\"2948\"/><w:gridCol w:w=\"2948\"/><w:gridCol w:w=\"2948\"/>")
    );
    let texts = paragraph_texts(&bytes).unwrap();
    assert_eq!(texts[0], "一、<基本> & \"情况\"");
    assert_eq!(texts[1], "甲乙\n丙加粗");
    assert!(texts.contains(&"12.5".to_owned()) && texts.contains(&"多".to_owned()));
}

#[test]
fn a_field_split_across_runs_is_replaced_with_the_first_runs_formatting() {
    let t = with_body(
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>前{{区</w:t></w:r><w:r><w:t xml:space=\"preserve\">县 }}</w:t></w:r><w:r><w:t>人民{{年</w:t></w:r><w:r><w:t>度}}后</w:t></w:r></w:p><w:p><w:r><w:t>不变 &amp; 原样</w:t></w:r></w:p>",
    );
    let filled = fill(
        &t,
        &fields(&[("区县", "A&B\n第二行"), ("年度", "2026"), ("生成信息", "")]),
        &BTreeMap::new(),
    )
    .unwrap();
    let texts = paragraph_texts(&filled).unwrap();
    assert_eq!(texts, ["前A&B\n第二行人民2026后", "不变 & 原样"]);
    let xml = part(&filled, "word/document.xml");
    assert!(xml.contains("<w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">前A&amp;B</w:t><w:br/><w:t xml:space=\"preserve\">第二行</w:t>"));
    let three = with_body(
        "<w:p><w:r><w:t>{</w:t></w:r><w:r><w:t>{区</w:t></w:r><w:r><w:t>县}</w:t></w:r><w:r><w:t>}{{年度}}-{{年度}}</w:t></w:r></w:p>",
    );
    let values = fields(&[("区县", "甲"), ("年度", "乙"), ("生成信息", "")]);
    let filled_three = fill(&three, &values, &BTreeMap::new()).unwrap();
    assert_eq!(paragraph_texts(&filled_three).unwrap(), ["甲乙-乙"]);
    // The untouched paragraph keeps its bytes.
    assert!(xml.contains("<w:p><w:r><w:t>不变 &amp; 原样</w:t></w:r></w:p>"));
}

#[test]
fn the_default_template_filled_keeps_every_other_part_and_reuses_its_styles() {
    let template = default_template();
    let listed = template_fields(&template).unwrap();
    let names: Vec<&str> = listed.fields.iter().map(|f| f.0.as_str()).collect();
    for f in FIELDS {
        assert!(names.contains(&f), "{f} in {names:?}");
    }
    let listed_sections: Vec<&str> = listed.sections.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(listed_sections, SECTIONS);
    assert_eq!(listed.fields.last().unwrap().1.part, "页脚");
    let blocks = sections(|s| {
        vec![
            Block::Heading(2, format!("（一）{s}概况")),
            Block::Paragraph(Paragraph::text(format!("{s}的正文。"))),
            Block::Chart(chart()),
        ]
    });
    let filled = fill(&template, &all_fields(), &blocks).unwrap();
    assert_eq!(filled, fill(&template, &all_fields(), &blocks).unwrap());
    let texts = paragraph_texts(&filled).unwrap();
    assert!(texts.contains(&"渝北区2026年义务教育优质均衡发展督导评估自评报告".to_owned()));
    assert!(texts.contains(&"四、教育质量".to_owned()));
    assert!(texts.contains(&"教育质量的正文。".to_owned()));
    assert!(!texts.iter().any(|t| t.contains("{{")), "{texts:?}");
    assert!(part(&filled, "word/footer1.xml").contains("规则 2026@3 · 数据 v12"));
    let styles = part(&filled, "word/styles.xml");
    assert_eq!(styles.matches("w:styleId=\"Heading2\"").count(), 1);
    let before = unzip(&template);
    let after = unzip(&filled);
    for (name, data) in &before {
        let changed = [
            "word/document.xml",
            "word/footer1.xml",
            "word/_rels/document.xml.rels",
            "[Content_Types].xml",
        ];
        if !changed.contains(&name.as_str()) {
            let kept = after.iter().find(|(n, _)| n == name).unwrap();
            assert_eq!(&kept.1, data, "{name} kept byte for byte");
        }
    }
    let count = |prefix: &str, suffix: &str| {
        after
            .iter()
            .filter(|(n, _)| n.starts_with(prefix) && n.ends_with(suffix))
            .count()
    };
    assert_eq!(count("word/charts/chart", ".xml"), 9);
    assert_eq!(count("word/charts/_rels/chart", ".xml.rels"), 9);
    assert_eq!(count("word/embeddings/chart", ".xlsx"), 9);
    assert!(part(&filled, "[Content_Types].xml").contains("/word/embeddings/chart9.xlsx"));
    assert!(part(&filled, "[Content_Types].xml").contains("/word/charts/chart9.xml"));
    assert!(part(&filled, "word/_rels/document.xml.rels").contains("Id=\"rIdJh9\""));
    // A filled report used as a template again: fresh chart names and relationship ids.
    let again = with_part(
        "word/document.xml",
        part(
            &with_body("<w:p><w:r><w:t>{{章节:结论}}</w:t></w:r></w:p>"),
            "word/document.xml",
        )
        .as_bytes(),
    );
    let again =
        {
            let mut parts = unzip(&again);
            parts.retain(|(n, _)| n != "word/_rels/document.xml.rels");
            parts.extend(unzip(&filled).into_iter().filter(|(n, _)| {
                n.starts_with("word/charts/") || n == "word/_rels/document.xml.rels"
            }));
            crate::ooxml::zip(parts.iter().map(|(n, d)| (n.as_str(), d.as_slice()))).unwrap()
        };
    let one = BTreeMap::from([("结论".to_owned(), vec![Block::Chart(chart())])]);
    let twice = fill(&again, &all_fields(), &one).unwrap();
    assert!(part(&twice, "word/_rels/document.xml.rels").contains("Id=\"rIdJh10\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart10.xml\""));
}

#[test]
fn a_template_without_our_styles_gets_them_and_its_own_are_used_by_name() {
    let styles = format!(
        "<?xml version=\"1.0\"?><w:styles xmlns:w=\"{}\"><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"某样式\"/></w:style></w:styles>",
        package::W
    );
    let t = with_part("word/styles.xml", styles.as_bytes());
    let blocks = sections(|_| {
        vec![
            Block::Heading(1, "甲".into()),
            Block::Heading(2, "乙".into()),
        ]
    });
    let filled = fill(&t, &all_fields(), &blocks).unwrap();
    let xml = part(&filled, "word/document.xml");
    assert!(xml.contains("<w:pStyle w:val=\"1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">甲"));
    assert!(
        xml.contains("<w:pStyle w:val=\"JhHeading2\"/></w:pPr><w:r><w:t xml:space=\"preserve\">乙")
    );
    let styles = part(&filled, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"JhHeading2\"><w:name w:val=\"heading 2\"/>"));
    assert!(!styles.contains("w:styleId=\"Heading1\""));
}

#[test]
fn unknown_fields_and_sections_are_listed_with_where_they_are() {
    let t = with_body(
        "<w:p><w:r><w:t>{{区县}}{{校长}}</w:t></w:r></w:p><w:p><w:r><w:t>{{章节:附录}}</w:t></w:r></w:p>",
    );
    let e = fill(&t, &all_fields(), &BTreeMap::new()).unwrap_err();
    assert_eq!(e.code(), "docx.template_unknown_fields");
    let DocxError::UnknownFields(found) = &e else {
        unreachable!()
    };
    let shown: Vec<String> = found.iter().map(|(f, p)| format!("{f}@{p}")).collect();
    assert_eq!(shown, ["校长@正文第 1 段", "章节:附录@正文第 2 段"]);
    assert!(e.to_string().contains("「{{校长}}」（正文第 1 段）"), "{e}");
    let t = with_body("<w:p><w:r><w:t>见下：{{章节:结论}}</w:t></w:r></w:p>");
    let e = fill(&t, &all_fields(), &sections(|_| Vec::new())).unwrap_err();
    assert_eq!(e.code(), "docx.template_marker_not_alone");
    assert!(e.to_string().contains("正文第 1 段"), "{e}");
    let note = format!(
        "<w:footnotes xmlns:w=\"{}\"><w:footnote w:id=\"1\"><w:p><w:r><w:t>{{{{出处}}}}</w:t></w:r></w:p></w:footnote></w:footnotes>",
        package::W
    );
    let in_note = fill(
        &with_part("word/footnotes.xml", note.as_bytes()),
        &all_fields(),
        &sections(|_| Vec::new()),
    )
    .unwrap_err();
    assert_eq!(
        in_note.to_string(),
        "模板中有系统不认识的字段：「{{出处}}」（脚注第 1 段）；可用字段和章节见默认模板"
    );
    let plain = {
        let mut parts = unzip(&with_body("<w:p><w:r><w:t>无字段</w:t></w:r></w:p>"));
        parts.retain(|(n, _)| n != "word/footer1.xml");
        crate::ooxml::zip(parts.iter().map(|(n, d)| (n.as_str(), d.as_slice()))).unwrap()
    };
    assert_eq!(
        fill(&plain, &all_fields(), &BTreeMap::new())
            .unwrap_err()
            .code(),
        "docx.template_no_field"
    );
}

#[test]
fn a_marker_in_a_table_cell_or_beside_the_section_properties_keeps_the_document_valid() {
    let t = with_body(
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{章节:结论}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>{{章节:基本情况}}</w:t></w:r></w:p>",
    );
    let mut blocks = sections(|_| vec![Block::Paragraph(Paragraph::text("段落"))]);
    blocks.insert("结论".into(), Vec::new());
    let filled = fill(&t, &all_fields(), &blocks).unwrap();
    let xml = part(&filled, "word/document.xml");
    assert!(xml.contains("<w:tc><w:p/></w:tc>"), "{xml}");
    assert!(
        xml.contains(
            "段落</w:t></w:r></w:p><w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t></w:t></w:r></w:p>"
        ),
        "{xml}"
    );
}

#[test]
fn refusals_each_carry_their_code() {
    let none = BTreeMap::new();
    let code = |bytes: &[u8]| fill(bytes, &none, &BTreeMap::new()).unwrap_err().code();
    assert_eq!(code(b"PK\x03\x04 not really"), "docx.template_unreadable");
    assert_eq!(code("{{区县}}".as_bytes()), "docx.template_unreadable");
    let xlsx = crate::ooxml::zip([
        ("[Content_Types].xml", &b"<Types/>"[..]),
        ("xl/workbook.xml", &b"<w/>"[..]),
    ])
    .unwrap();
    assert_eq!(code(&xlsx), "docx.template_unreadable");
    assert_eq!(
        code(&with_part("word/vbaProject.bin", b"\0")),
        "docx.template_macros"
    );
    let docm = part(&default_template(), "[Content_Types].xml").replace(
        "wordprocessingml.document.main+xml",
        "ms-word.document.macroEnabled.main+xml",
    );
    assert_eq!(
        code(&with_part("[Content_Types].xml", docm.as_bytes())),
        "docx.template_macros"
    );
    // An encrypted .docx is a compound file holding EncryptionInfo; a .doc is one without.
    let compound = |stream: &str| {
        let mut c = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        c.create_stream(stream).unwrap().write_all(b"x").unwrap();
        c.flush().unwrap();
        c.into_inner().into_inner()
    };
    assert_eq!(
        code(&compound("/EncryptionInfo")),
        "docx.template_encrypted"
    );
    assert_eq!(code(&compound("/WordDocument")), "docx.template_unreadable");
    assert_eq!(
        code(&vec![0u8; scan::MAX_TEMPLATE_BYTES + 1]),
        "docx.template_too_large"
    );
    let bomb = with_part(
        "word/media/image1.png",
        &vec![0u8; scan::MAX_INFLATED_BYTES as usize + 1],
    );
    assert!(bomb.len() < 1 << 20);
    assert_eq!(code(&bomb), "docx.template_too_large");
    let many = with_body(&"<w:p><w:r><w:t>{{区县}}</w:t></w:r></w:p>".repeat(10_001));
    assert_eq!(code(&many), "docx.template_too_large");
    assert_eq!(
        template_fields(&many).unwrap_err().code(),
        "docx.template_too_large"
    );
    let pieces = "<w:r><w:t>{a</w:t></w:r>".repeat(scan::MAX_HELD_TEXTS + 1);
    let pieces = with_body(&format!("<w:p>{pieces}</w:p>"));
    assert_eq!(code(&pieces), "docx.template_too_large");
    let broken = with_body("<w:p><w:r><w:t>{{区县}}</w:r></w:p>");
    assert_eq!(code(&broken), "docx.template_unreadable");
    assert_eq!(
        template_fields(b"nope").unwrap_err().code(),
        "docx.template_unreadable"
    );
}

#[test]
fn a_dotx_template_becomes_a_document() {
    let dotx = part(&default_template(), "[Content_Types].xml").replace(
        "wordprocessingml.document.main+xml",
        "wordprocessingml.template.main+xml",
    );
    let t = with_part("[Content_Types].xml", dotx.as_bytes());
    let filled = fill(&t, &all_fields(), &sections(|_| Vec::new())).unwrap();
    let types = part(&filled, "[Content_Types].xml");
    assert!(
        types.contains("wordprocessingml.document.main+xml") && !types.contains("template.main")
    );
}

/// Text of every kind: CJK, emoji, markup characters, controls, spaces at the ends.
fn any_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        any::<char>(),
        prop::sample::select(vec![
            '<', '&', '>', '"', '\'', '{', '}', '\n', '\t', '\r', '\0', ' ', '县', '😀', '\u{fffe}'
        ]),
        (0x4e00u32..0x9fa5).prop_map(|c| char::from_u32(c).unwrap_or('中')),
    ];
    prop::collection::vec(c, 0..30).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn any_text_round_trips_through_write_fill_and_read(
        district in any_text(), year in any_text(), date in any_text(), stamp in any_text(),
        heading in any_text(), body in any_text(), cell in any_text(),
    ) {
        let values = fields(&[("区县", &district), ("年度", &year), ("日期", &date), ("生成信息", &stamp)]);
        let blocks = sections(|_| vec![
            Block::Heading(2, heading.clone()),
            Block::Paragraph(Paragraph::text(body.clone())),
            Block::Table(Table { header: vec!["项".into()], rows: vec![vec![cell.clone()]], ..Table::default() }),
        ]);
        let filled = fill(&default_template(), &values, &blocks).unwrap();
        let texts = paragraph_texts(&filled).unwrap();
        let (d, y) = (clean(&district), clean(&year));
        prop_assert_eq!(&texts[0], &format!("{d}{y}年义务教育优质均衡发展督导评估自评报告"));
        prop_assert_eq!(&texts[1], &format!("{d}人民政府"));
        prop_assert_eq!(&texts[2], &clean(&date));
        for wanted in [clean(&heading), clean(&body), clean(&cell)] {
            prop_assert!(texts.contains(&wanted), "{:?} in {:?}", wanted, texts);
        }
        let footer = read::texts(&part(&filled, "word/footer1.xml")).unwrap();
        prop_assert_eq!(&footer[1], &clean(&stamp));
    }
}
