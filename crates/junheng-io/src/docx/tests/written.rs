//! Any text in any field of a [`Document`] comes back from the written package as it was
//! ([`clean`]ed): the body through [`paragraph_texts`], the footer, the document properties and
//! the chart's cached texts through a plain XML reader.

use quick_xml::events::Event;

use super::*;

/// The text content of every element named `local` in `xml`, in order.
fn element_texts(xml: &str, local: &str) -> Vec<String> {
    let mut r = crate::ooxml::reader(xml);
    let (mut out, mut inside) = (Vec::new(), false);
    loop {
        match r.read_event().unwrap() {
            Event::Eof => return out,
            Event::Start(s) if s.local_name().as_ref() == local => {
                inside = true;
                out.push(String::new());
            }
            Event::End(s) if s.local_name().as_ref() == local => inside = false,
            Event::Text(t) if inside => {
                let text = t.xml10_content();
                out.last_mut().unwrap().push_str(&text);
            }
            Event::GeneralRef(g) if inside => {
                let c = match g.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&g)
                        .unwrap()
                        .to_owned(),
                };
                out.last_mut().unwrap().push_str(&c);
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn any_text_in_any_field_reads_back(t in prop::collection::vec(any_text(), 14)) {
        let doc = Document {
            core: Core {
                title: t[0].clone(),
                subject: t[1].clone(),
                creator: t[2].clone(),
                ..Core::default()
            },
            blocks: vec![
                Block::Cover(Cover {
                    title: t[3].clone(),
                    district: t[4].clone(),
                    date: t[5].clone(),
                    stamp: format!("印{}", t[6]),
                }),
                Block::Heading(1, t[7].clone()),
                Block::Paragraph(Paragraph::text(t[8].clone())),
                Block::Table(Table {
                    caption: format!("表{}", t[9]),
                    header: vec![t[10].clone()],
                    rows: vec![vec![t[11].clone()]],
                    widths: Vec::new(),
                }),
                Block::Chart(BarChart {
                    title: t[12].clone(),
                    categories: vec![t[13].clone()],
                    series: vec![Series { name: t[0].clone(), values: vec![1.5] }],
                    threshold: None,
                }),
            ],
            footer: Footer { stamp: format!("注{}", t[1]) },
        };
        let bytes = write(&doc);
        let c = |i: usize| clean(&t[i]);
        let body = paragraph_texts(&bytes).unwrap();
        // The cover ends with a page break: a paragraph without text.
        let wanted = [c(3), c(4), c(5), format!("印{}", c(6)), String::new(), c(7), c(8), format!("表{}", c(9)), c(10), c(11)];
        for (i, w) in wanted.iter().enumerate() {
            prop_assert_eq!(&body[i], w);
        }
        let footer = read::texts(&part(&bytes, "word/footer1.xml")).unwrap();
        prop_assert_eq!(&footer[1], &format!("注{}", c(1)));
        let core = part(&bytes, "docProps/core.xml");
        prop_assert_eq!(element_texts(&core, "title"), [c(0)]);
        prop_assert_eq!(element_texts(&core, "subject"), [c(1)]);
        prop_assert_eq!(element_texts(&core, "creator"), [c(2)]);
        let chart = part(&bytes, "word/charts/chart1.xml");
        // An empty title is no title.
        let title: Vec<String> = Some(c(12)).filter(|t| !t.is_empty()).into_iter().collect();
        prop_assert_eq!(element_texts(&chart, "t"), title);
        // The series' name, then the category.
        prop_assert_eq!(element_texts(&chart, "v"), [c(0), c(13), "1.5".to_owned()]);
    }
}
