//! The text of a .docx's paragraphs, read back: what a test compares a written or filled
//! document against, and what a later page may preview.

use quick_xml::events::Event;

use super::DocxError;
use super::scan::{open, unreadable, xml_of};
use crate::ooxml::{Text, reader};

/// The text of each paragraph of the body (table cells' included), in the order they end:
/// `w:br` and `w:cr` as `\n`, `w:tab` in a run as `\t`, a page break as nothing. The same
/// refusals as [`fill`](super::fill).
pub fn paragraph_texts(docx: &[u8]) -> Result<Vec<String>, DocxError> {
    let parts = open(docx)?;
    let part = parts
        .iter()
        .find(|p| p.name == "word/document.xml")
        .ok_or_else(|| DocxError::Unreadable("缺少正文部件".into()))?;
    texts(xml_of(part)?).map_err(|e| unreadable(&part.name, e))
}

/// The text of each paragraph of a part's XML (the body, a header, a footer).
pub(super) fn texts(xml: &str) -> Result<Vec<String>, quick_xml::Error> {
    let mut r = reader(xml);
    let (mut open, mut done): (Vec<Text>, Vec<String>) = (Vec::new(), Vec::new());
    let mut in_run = 0usize;
    loop {
        let e = r.read_event()?;
        match &e {
            Event::Eof => break,
            Event::Start(s) if s.name().as_ref() == "w:p" => open.push(Text::default()),
            Event::End(s) if s.name().as_ref() == "w:p" => {
                done.extend(open.pop().map(|t| t.text));
            }
            Event::Start(s) if s.name().as_ref() == "w:r" => in_run += 1,
            Event::End(s) if s.name().as_ref() == "w:r" => in_run = in_run.saturating_sub(1),
            Event::Empty(s) if s.name().as_ref() == "w:p" => done.push(String::new()),
            Event::Empty(s) if in_run > 0 => {
                let page = crate::ooxml::attr(s, "type").as_deref() == Some("page");
                let add = match s.name().as_ref() {
                    "w:br" if !page => "\n",
                    "w:cr" => "\n",
                    "w:tab" => "\t",
                    _ => "",
                };
                if let Some(t) = open.last_mut() {
                    t.text.push_str(add);
                }
            }
            e => {
                if let Some(t) = open.last_mut() {
                    t.feed(e);
                }
            }
        }
    }
    Ok(done)
}
