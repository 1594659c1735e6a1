//! Word refuses a document whose property lists are out of the schema's order: every list of a
//! written and of a filled document is walked.

use super::*;

/// The children of `w:pPr`, `w:rPr`, `w:tblPr`, `w:tcPr` and `w:sectPr` in the order the schema
/// (ECMA-376 Part 1) fixes: Word refuses a document whose properties are out of order.
const ORDERS: [(&str, &[&str]); 5] = [
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "widowControl",
            "numPr",
            "pBdr",
            "shd",
            "tabs",
            "spacing",
            "ind",
            "jc",
            "outlineLvl",
            "rPr",
            "sectPr",
        ],
    ),
    (
        "rPr",
        &[
            "rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "kern", "sz", "szCs", "lang",
        ],
    ),
    (
        "tblPr",
        &[
            "tblStyle",
            "tblW",
            "jc",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
        ],
    ),
    (
        "tcPr",
        &["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "vAlign"],
    ),
    (
        "sectPr",
        &[
            "headerReference",
            "footerReference",
            "type",
            "pgSz",
            "pgMar",
            "pgNumType",
            "cols",
            "titlePg",
            "docGrid",
        ],
    ),
];

fn check_order(xml: &str, part: &str) {
    use quick_xml::events::Event;
    let mut r = crate::ooxml::reader(xml);
    // Per open element: its local name and the index of its last child in the order.
    let mut open: Vec<(String, usize)> = Vec::new();
    loop {
        let e = r.read_event().unwrap();
        let (name, empty) = match &e {
            Event::Eof => break,
            Event::Start(s) => (s.local_name().as_ref().to_owned(), false),
            Event::Empty(s) => (s.local_name().as_ref().to_owned(), true),
            Event::End(_) => {
                open.pop();
                continue;
            }
            _ => continue,
        };
        if let Some((parent, last)) = open.last_mut()
            && let Some((_, order)) = ORDERS.iter().find(|(p, _)| p == parent)
        {
            let at = order.iter().position(|c| *c == name);
            let at = at.unwrap_or_else(|| panic!("{part}: {name} in {parent} not in the order"));
            assert!(
                at >= *last,
                "{part}: {name} after a later sibling in {parent}"
            );
            *last = at;
        }
        if !empty {
            open.push((name, 0));
        }
    }
}

#[test]
fn properties_are_in_the_schemas_order() {
    let mut doc = template::default_document();
    doc.blocks.push(Block::Table(Table {
        caption: "表".into(),
        header: vec!["甲".into()],
        rows: vec![vec!["1".into()]],
        widths: Vec::new(),
    }));
    doc.blocks.push(Block::Chart(chart()));
    doc.blocks.push(Block::Paragraph(Paragraph {
        runs: vec![Run {
            text: "x".into(),
            bold: true,
            italic: true,
            size: Some(20),
            colour: Some("112233".into()),
        }],
        ..Paragraph::default()
    }));
    let bytes = write(&doc);
    for name in ["word/document.xml", "word/styles.xml", "word/footer1.xml"] {
        check_order(&part(&bytes, name), name);
    }
    let filled = fill(&bytes, &all_fields(), &sections(|_| Vec::new())).unwrap();
    check_order(&part(&filled, "word/document.xml"), "filled");
}
