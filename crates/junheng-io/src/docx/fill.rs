//! A district's own .docx template filled. In the body, headers, footers, footnotes and
//! endnotes each `{{字段}}` is replaced by its value — also when Word split it across runs (the
//! value takes the formatting of the run the field starts in) — and each body paragraph holding
//! only `{{章节:名称}}` by the blocks generated for that section. A field must lie within one
//! paragraph. Only the bytes of those texts and paragraphs change; the
//! styles the blocks need are added to `styles.xml` when the template has none of that name,
//! chart parts are added with their relationships and content types, a .dotx becomes a .docx,
//! and every other part is kept byte for byte. A section the template has no marker for is
//! left out (a district may drop one).

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::ops::Range;

use quick_xml::events::Event;

use super::body::{Body, ChartPart};
use super::package::chart_rel;
use super::scan::{Para, kind_of, open, paragraphs, unreadable, xml_of};
use super::styles::{StyleIds, ensure};
use super::text::{clean, escape};
use super::{Block, DocxError};
use crate::ooxml::{self, Part, placeholders};

/// Where a field is: the part (正文, 页眉, 页脚) and its paragraph there, from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// 正文, 页眉, 页脚, 脚注 or 尾注.
    pub part: String,
    /// The paragraph's number in that part (table cells' paragraphs counted in order).
    pub paragraph: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}第 {} 段", self.part, self.paragraph)
    }
}

/// What a template asks for: its fields and its section markers, each with where it is, in
/// the order of the parts and paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateFields {
    /// The `{{字段}}` names.
    pub fields: Vec<(String, Place)>,
    /// The `{{章节:名称}}` names.
    pub sections: Vec<(String, Place)>,
}

/// The section a placeholder marks (`章节:名称` or `章节：名称`), if it is a marker.
fn section_of(field: &str) -> Option<&str> {
    let rest = field.strip_prefix("章节")?;
    let name = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    Some(name.trim())
}

/// The fields and section markers of a template.
pub fn template_fields(template: &[u8]) -> Result<TemplateFields, DocxError> {
    let parts = open(template)?;
    let mut found = TemplateFields::default();
    for p in &parts {
        let Some(kind) = kind_of(&p.name) else {
            continue;
        };
        for para in paragraphs(xml_of(p)?, &p.name)?.paras {
            let text = para.text();
            for (_, field) in placeholders(&text) {
                let place = Place {
                    part: kind.to_owned(),
                    paragraph: para.number,
                };
                match section_of(field) {
                    Some(name) => found.sections.push((name.to_owned(), place)),
                    None => found.fields.push((field.to_owned(), place)),
                }
                if found.fields.len() + found.sections.len() > MAX_PLACEHOLDERS {
                    return Err(too_many());
                }
            }
        }
    }
    Ok(found)
}

/// `{{…}}` a template may hold: a report's template has a few dozen.
const MAX_PLACEHOLDERS: usize = 10_000;

fn too_many() -> DocxError {
    DocxError::TooLarge(format!("字段和章节标记超过 {MAX_PLACEHOLDERS} 个"))
}

/// A byte range of a part and what it becomes.
type Edit = (Range<usize>, String);

/// A paragraph to be replaced by a section's blocks.
struct Section<'b> {
    /// The paragraph's bytes.
    range: Range<usize>,
    blocks: &'b [Block],
    /// It holds the section's properties: it stays (emptied) after the blocks.
    keep: bool,
    /// It is in a table cell, which must keep a paragraph.
    in_cell: bool,
}

/// The edits of one paragraph's fields: each `w:t` the fields touch rewritten.
fn field_edits(para: &Para, fields: &BTreeMap<String, String>, edits: &mut Vec<Edit>) {
    let text = para.text();
    let found = placeholders(&text);
    if found.is_empty() {
        return;
    }
    // Both the pieces and the placeholders are in order: one pass over each.
    let (mut at, mut k) = (0, 0);
    for t in &para.texts {
        let span = at..at + t.text.len();
        at = span.end;
        while k < found.len() && found[k].0.end <= span.start {
            k += 1;
        }
        if k == found.len() || found[k].0.start >= span.end {
            continue;
        }
        let mut out = String::new();
        let mut i = span.start;
        for (r, name) in found[k..].iter().take_while(|(r, _)| r.start < span.end) {
            // Each piece cleaned on its own: a value's `\r` never joins the next one's `\n`.
            if r.start >= i {
                out.push_str(&clean(&text[i..r.start]));
                out.push_str(&clean(fields.get(*name).map_or("", String::as_str)));
            }
            // A placeholder begun in an earlier piece: its rest is dropped.
            i = i.max(r.end.min(span.end));
        }
        out.push_str(&clean(&text[i..span.end]));
        edits.push((t.tag.clone(), "<w:t xml:space=\"preserve\">".into()));
        edits.push((t.content.clone(), t_content(&out)));
    }
}

/// Text inside an open `w:t`: escaped, with `\n` and `\t` as breaks and tabs between `w:t`s.
fn t_content(text: &str) -> String {
    const OPEN: &str = "<w:t xml:space=\"preserve\">";
    let mut out = String::new();
    for (i, line) in clean(text).split('\n').enumerate() {
        if i > 0 {
            out.push_str(&format!("</w:t><w:br/>{OPEN}"));
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str(&format!("</w:t><w:tab/>{OPEN}"));
            }
            out.push_str(&escape(piece));
        }
    }
    out
}

/// The part's text with the edits made (they do not overlap).
fn apply(xml: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(xml.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut at = 0;
    for (r, with) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&xml[at..r.start]);
        out.push_str(&with);
        at = r.end;
    }
    out.push_str(&xml[at..]);
    out
}

/// The relationship ids of a part's relationships.
fn relationship_ids(rels: &str) -> HashSet<String> {
    let mut r = ooxml::reader(rels);
    let mut ids = HashSet::new();
    while let Ok(e) = r.read_event() {
        match e {
            Event::Eof => break,
            Event::Start(s) | Event::Empty(s) => ids.extend(ooxml::attr(&s, "Id")),
            _ => {}
        }
    }
    ids
}

/// What filling a part changes: its fields' text, and the paragraphs sections replace.
#[derive(Default)]
struct Plan<'b> {
    edits: Vec<Edit>,
    sections: Vec<Section<'b>>,
}

/// What a template asks for, checked against what is given.
struct Check<'b> {
    /// Per part (its index) that changes, the plan.
    plans: BTreeMap<usize, Plan<'b>>,
    /// `{{…}}` that name nothing given, with where.
    unknown: Vec<(String, Place)>,
    /// Whether any `{{…}}` was found, and how many.
    any: bool,
    count: usize,
    max_drawing_id: u32,
}

impl<'b> Check<'b> {
    /// One paragraph of a part of `kind`: its fields and its marker.
    fn paragraph(
        &mut self,
        para: &Para,
        kind: &str,
        fields: &BTreeMap<String, String>,
        blocks: &'b BTreeMap<String, Vec<Block>>,
        plan: &mut Plan<'b>,
    ) -> Result<(), DocxError> {
        let text = para.text();
        let found = placeholders(&text);
        let place = || Place {
            part: kind.to_owned(),
            paragraph: para.number,
        };
        self.any |= !found.is_empty();
        self.count += found.len();
        if self.count > MAX_PLACEHOLDERS {
            return Err(too_many());
        }
        let marker = found
            .iter()
            .find_map(|(range, f)| Some((range, section_of(f)?)))
            .filter(|_| kind == "正文");
        let Some((range, name)) = marker else {
            for (_, field) in &found {
                if !fields.contains_key(*field) {
                    self.unknown.push(((*field).to_owned(), place()));
                }
            }
            field_edits(para, fields, &mut plan.edits);
            return Ok(());
        };
        let alone = found.len() == 1 && text.trim() == &text[range.clone()] && !para.has_nested;
        if !alone {
            return Err(DocxError::MarkerNotAlone {
                name: name.to_owned(),
                place: place(),
            });
        }
        let Some(blocks) = blocks.get(name) else {
            self.unknown.push((found[0].1.to_owned(), place()));
            return Ok(());
        };
        plan.sections.push(Section {
            range: para.range.clone(),
            blocks,
            keep: para.has_section,
            in_cell: para.in_cell,
        });
        if para.has_section {
            // The paragraph holds the section's properties: it stays, emptied.
            for t in &para.texts {
                plan.edits.push((t.content.clone(), String::new()));
            }
        }
        Ok(())
    }
}

/// The number the first added chart part gets: one past the template's own.
fn first_chart(parts: &[Part]) -> u32 {
    let numbers = parts.iter().filter_map(|p| {
        let n = p
            .name
            .strip_prefix("word/charts/chart")?
            .strip_suffix(".xml")?;
        n.parse::<u32>().ok()
    });
    numbers.max().unwrap_or(0).saturating_add(1)
}

/// The template filled with `fields` and, at each section marker, the `blocks` of that name.
/// Refused when a `{{…}}` names no field and no section given (all listed, with where), when a
/// marker shares its paragraph, and when the file is not a .docx, holds macros, is encrypted
/// or passes the caps.
pub fn fill(
    template: &[u8],
    fields: &BTreeMap<String, String>,
    blocks: &BTreeMap<String, Vec<Block>>,
) -> Result<Vec<u8>, DocxError> {
    let parts = open(template)?;
    let mut check = Check {
        plans: BTreeMap::new(),
        unknown: Vec::new(),
        any: false,
        count: 0,
        max_drawing_id: 0,
    };
    for (index, p) in parts.iter().enumerate() {
        let Some(kind) = kind_of(&p.name) else {
            continue;
        };
        let scan = paragraphs(xml_of(p)?, &p.name)?;
        check.max_drawing_id = check.max_drawing_id.max(scan.max_drawing_id);
        let mut plan = Plan::default();
        for para in &scan.paras {
            check.paragraph(para, kind, fields, blocks, &mut plan)?;
        }
        if !plan.edits.is_empty() || !plan.sections.is_empty() {
            check.plans.insert(index, plan);
        }
    }
    if !check.any {
        return Err(DocxError::NoField);
    }
    if !check.unknown.is_empty() {
        return Err(DocxError::UnknownFields(check.unknown));
    }
    let needs_styles = check.plans.values().any(|p| !p.sections.is_empty());
    let (styles, ids) = match parts.iter().find(|p| p.name == "word/styles.xml") {
        Some(s) if needs_styles => {
            let found = ensure(xml_of(s)?).ok_or_else(|| unreadable(&s.name, "无法读取样式"))?;
            (Some(found.0), found.1)
        }
        None if needs_styles => {
            return Err(DocxError::Unreadable("缺少样式部件 word/styles.xml".into()));
        }
        _ => (None, StyleIds::ours()),
    };
    let rels = parts
        .iter()
        .find(|p| p.name == "word/_rels/document.xml.rels")
        .map(xml_of)
        .transpose()?
        .unwrap_or_default();
    let taken = relationship_ids(rels);
    let drawing_base = check.max_drawing_id.max(1000);
    let mut body = Body::new(&ids, first_chart(&parts), taken, drawing_base);
    let mut out: Vec<(String, Vec<u8>)> = Vec::with_capacity(parts.len() + 4);
    for (index, p) in parts.iter().enumerate() {
        let data = match check.plans.remove(&index) {
            Some(mut plan) => {
                for s in plan.sections {
                    body.blocks(s.blocks);
                    let mut xml = std::mem::take(&mut body.xml);
                    if s.keep {
                        plan.edits.push((s.range.start..s.range.start, xml));
                    } else {
                        if xml.is_empty() && s.in_cell {
                            xml.push_str("<w:p/>");
                        }
                        plan.edits.push((s.range, xml));
                    }
                }
                apply(xml_of(p)?, plan.edits).into_bytes()
            }
            None => match (&styles, p.name.as_str()) {
                (Some(styles), "word/styles.xml") => styles.clone().into_bytes(),
                // A .dotx becomes a document.
                (_, "[Content_Types].xml") => xml_of(p)?
                    .replace(
                        "wordprocessingml.template.main+xml",
                        "wordprocessingml.document.main+xml",
                    )
                    .into_bytes(),
                _ => p.data.clone(),
            },
        };
        out.push((p.name.clone(), data));
    }
    add_charts(&mut out, &body.charts)?;
    out.extend(body.charts.iter().flat_map(ChartPart::parts));
    ooxml::zip(out.iter().map(|(n, d)| (n.as_str(), d.as_slice())))
        .map_err(|e| unreadable("（写出）", e))
}

/// The chart parts' relationships and content types added.
fn add_charts(out: &mut [(String, Vec<u8>)], charts: &[ChartPart]) -> Result<(), DocxError> {
    if charts.is_empty() {
        return Ok(());
    }
    let insert = |data: &[u8], part: &str, end: &str, what: String| {
        let text = std::str::from_utf8(data).map_err(|e| unreadable(part, e))?;
        let at = text
            .rfind(end)
            .ok_or_else(|| unreadable(part, "结构不完整"))?;
        Ok::<_, DocxError>(format!("{}{what}{}", &text[..at], &text[at..]).into_bytes())
    };
    let mut rels = false;
    for (name, data) in out.iter_mut() {
        if name == "word/_rels/document.xml.rels" {
            *data = insert(
                data,
                name,
                "</Relationships>",
                charts.iter().map(chart_rel).collect(),
            )?;
            rels = true;
        } else if name == "[Content_Types].xml" {
            *data = insert(
                data,
                name,
                "</Types>",
                charts.iter().map(ChartPart::content_types).collect(),
            )?;
        }
    }
    if rels {
        Ok(())
    } else {
        Err(DocxError::Unreadable(
            "缺少正文的关系部件 word/_rels/document.xml.rels".into(),
        ))
    }
}
