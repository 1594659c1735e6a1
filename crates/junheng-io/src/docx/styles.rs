//! The paragraph styles the blocks use — 标题 1–3 (with outline levels, so Word's navigation
//! pane lists them), 标题 (the cover's title) and 题注 (table captions) — written whole for a
//! new document, or added to a template's `styles.xml` when it lacks them. A template's own
//! style of the same name is used as it is (Chinese Word gives built-in styles ids like `1`,
//! so styles are matched by name, never by id).

use std::collections::{HashMap, HashSet};

use quick_xml::events::Event;

use crate::ooxml::{attr, reader};

/// The styles a block may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Heading1,
    Heading2,
    Heading3,
    Title,
    Caption,
}

/// Each style: its kind, built-in name, our id, and its properties.
const STYLES: [(Kind, &str, &str, &str); 5] = [
    (
        Kind::Heading1,
        "heading 1",
        "Heading1",
        "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"160\" w:after=\"160\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"黑体\" w:eastAsia=\"黑体\" w:hAnsi=\"黑体\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>",
    ),
    (
        Kind::Heading2,
        "heading 2",
        "Heading2",
        "<w:pPr><w:keepNext/><w:keepLines/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/><w:b/><w:bCs/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>",
    ),
    (
        Kind::Heading3,
        "heading 3",
        "Heading3",
        "<w:pPr><w:keepNext/><w:keepLines/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>",
    ),
    (
        Kind::Title,
        "Title",
        "Title",
        "<w:pPr><w:spacing w:before=\"240\" w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"宋体\" w:eastAsia=\"宋体\" w:hAnsi=\"宋体\"/><w:b/><w:bCs/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr>",
    ),
    (
        Kind::Caption,
        "caption",
        "Caption",
        "<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"黑体\" w:eastAsia=\"黑体\" w:hAnsi=\"黑体\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr>",
    ),
];

/// The style id a document uses for each kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StyleIds(HashMap<&'static str, String>);

impl StyleIds {
    /// Our own ids (a document [`write`](super::write) makes).
    pub fn ours() -> StyleIds {
        StyleIds(STYLES.iter().map(|s| (s.1, s.2.to_owned())).collect())
    }

    /// The id of `kind`'s style.
    pub fn id(&self, kind: Kind) -> &str {
        let name = STYLES.iter().find(|s| s.0 == kind).map_or("", |s| s.1);
        self.0.get(name).map_or("", String::as_str)
    }
}

fn style(name: &str, id: &str, props: &str) -> String {
    format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>{props}</w:style>"
    )
}

/// A new document's `word/styles.xml`: 仿宋 三号 body at a fixed 28 pt line, and our styles.
pub(super) fn styles_xml() -> String {
    let ours: String = STYLES
        .iter()
        .map(|(_, name, id, props)| style(name, id, props))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"仿宋\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style><w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style><w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>{ours}<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"宋体\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style></w:styles>",
        W = super::package::W
    )
}

/// A template's styles with ours added where it has none of that name, and the id of each.
/// `None` when the part is not XML the reader can follow.
pub(super) fn ensure(xml: &str) -> Option<(String, StyleIds)> {
    let mut r = reader(xml);
    let (mut names, mut ids) = (HashMap::new(), HashSet::new());
    let mut current: Option<String> = None;
    loop {
        match r.read_event().ok()? {
            Event::Eof => break,
            Event::Start(s) if s.local_name().as_ref() == "style" => {
                current = attr(&s, "styleId");
                ids.extend(current.clone());
            }
            Event::Empty(s) if s.local_name().as_ref() == "name" => {
                if let (Some(id), Some(name)) = (current.take(), attr(&s, "val")) {
                    names.entry(name.to_lowercase()).or_insert(id);
                }
            }
            _ => {}
        }
    }
    let end = xml.rfind("</w:styles>")?;
    let (mut added, mut map) = (String::new(), HashMap::new());
    for (_, name, id, props) in STYLES {
        let chosen = match names.get(&name.to_lowercase()) {
            Some(theirs) => theirs.clone(),
            None => {
                let mut ours = id.to_owned();
                while ids.contains(&ours) {
                    ours.insert_str(0, "Jh");
                }
                added.push_str(&style(name, &ours, props));
                ids.insert(ours.clone());
                ours
            }
        };
        map.insert(name, chosen);
    }
    let xml = format!("{}{added}{}", &xml[..end], &xml[end..]);
    Some((xml, StyleIds(map)))
}
