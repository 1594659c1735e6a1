//! A template's parts opened under caps, and the paragraphs of a part found with the byte
//! ranges of their text (`w:t`), so that a fill changes those bytes and nothing else.

use std::ops::Range;

use quick_xml::events::Event;

use super::DocxError;
use crate::ooxml::{self, Caps, Part, Refused, attr, reader};

/// Bytes of a template file (a letterhead's pictures fit; a report template holds no data).
pub(super) const MAX_TEMPLATE_BYTES: usize = 16 << 20;
/// Bytes all its parts may inflate to.
pub(super) const MAX_INFLATED_BYTES: u64 = 64 << 20;
/// Parts it may have.
pub(super) const MAX_PARTS: usize = 2_000;
const CAPS: Caps = Caps {
    file_bytes: MAX_TEMPLATE_BYTES,
    inflated_bytes: MAX_INFLATED_BYTES,
    parts: MAX_PARTS,
};
/// Pieces of text (`w:t`) held at once while a part is scanned: those of the open paragraphs
/// and of the paragraphs kept (a report template has a few thousand in all).
pub(super) const MAX_HELD_TEXTS: usize = 200_000;
/// The signature of a compound file: what Word writes for an encrypted .docx (and a .doc).
const COMPOUND: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The part `part` could not be read: why.
pub(super) fn unreadable(part: &str, e: impl std::fmt::Display) -> DocxError {
    DocxError::Unreadable(format!("部件 {part}：{e}"))
}

/// The part's XML text.
pub(super) fn xml_of(part: &Part) -> Result<&str, DocxError> {
    part.xml().map_err(|e| unreadable(&part.name, e))
}

/// Every part of a .docx template, refused when it is not one, holds macros, is encrypted or
/// too large.
pub(super) fn open(bytes: &[u8]) -> Result<Vec<Part>, DocxError> {
    if bytes.starts_with(&COMPOUND) && bytes.len() <= MAX_TEMPLATE_BYTES {
        let encrypted = cfb::CompoundFile::open(std::io::Cursor::new(bytes))
            .map(|f| f.exists("EncryptionInfo") || f.exists("/EncryptionInfo"))
            .unwrap_or(false);
        return Err(if encrypted {
            DocxError::Encrypted
        } else {
            DocxError::Unreadable("这是旧版 Word（.doc）或其他格式的文件，请另存为 .docx".into())
        });
    }
    let parts = ooxml::unzip(bytes, CAPS).map_err(|r| match r {
        Refused::NotZip => DocxError::Unreadable("不是 .docx 文件".into()),
        Refused::Encrypted => DocxError::Encrypted,
        Refused::Damaged => DocxError::Unreadable("部件无法解压，文件可能已损坏".into()),
        Refused::TooLarge(what) => DocxError::TooLarge(what),
        Refused::Part(name, why) => unreadable(&name, why),
    })?;
    let lower = |p: &Part| p.name.to_ascii_lowercase();
    if parts.iter().any(|p| lower(p).ends_with("vbaproject.bin")) {
        return Err(DocxError::Macros);
    }
    let types = parts.iter().find(|p| p.name == "[Content_Types].xml");
    let Some(types) = types else {
        return Err(DocxError::Unreadable(
            "缺少内容类型部件，不是 .docx 文件".into(),
        ));
    };
    if xml_of(types)?.to_ascii_lowercase().contains("macroenabled") {
        return Err(DocxError::Macros);
    }
    if !parts.iter().any(|p| p.name == "word/document.xml") {
        return Err(DocxError::Unreadable(
            "缺少正文部件 word/document.xml，不是 Word 文档".into(),
        ));
    }
    Ok(parts)
}

/// What a part is, in words (正文, 页眉, 页脚, 脚注, 尾注), when it can hold fields.
pub(super) fn kind_of(name: &str) -> Option<&'static str> {
    let file = name.strip_prefix("word/")?;
    let numbered = |prefix: &str| {
        file.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(".xml"))
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
    };
    if file == "document.xml" {
        Some("正文")
    } else if file == "footnotes.xml" {
        Some("脚注")
    } else if file == "endnotes.xml" {
        Some("尾注")
    } else if numbered("header") {
        Some("页眉")
    } else if numbered("footer") {
        Some("页脚")
    } else {
        None
    }
}

/// A `w:t` of a paragraph: its start tag's and its content's byte ranges, and its text.
pub(super) struct TextSpan {
    pub tag: Range<usize>,
    pub content: Range<usize>,
    pub text: String,
}

/// A paragraph: its byte range, its number in the part (from 1) and its text pieces.
pub(super) struct Para {
    pub range: Range<usize>,
    pub number: usize,
    pub texts: Vec<TextSpan>,
    /// It holds the properties of a section (`w:sectPr`): it must stay.
    pub has_section: bool,
    /// It holds other paragraphs (a text box).
    pub has_nested: bool,
    /// It is in a table cell.
    pub in_cell: bool,
}

impl Para {
    /// Its text.
    pub fn text(&self) -> String {
        self.texts.iter().map(|t| t.text.as_str()).collect()
    }
}

/// What a part's scan found: its paragraphs and the largest drawing id.
pub(super) struct Scan {
    pub paras: Vec<Para>,
    pub max_drawing_id: u32,
}

fn drawing_id(s: &quick_xml::events::BytesStart<'_>) -> u32 {
    attr(s, "id").and_then(|i| i.parse().ok()).unwrap_or(0)
}

/// The paragraphs of a part that hold `{` or `}` (those that may hold a field), in the order
/// they end; at most [`MAX_HELD_TEXTS`] pieces of text held at once.
pub(super) fn paragraphs(xml: &str, part: &str) -> Result<Scan, DocxError> {
    let bad = |e: &dyn std::fmt::Display| unreadable(part, e);
    let mut r = reader(xml);
    let (mut open, mut done): (Vec<Para>, Vec<Para>) = (Vec::new(), Vec::new());
    let (mut cells, mut number, mut max_drawing_id) = (0usize, 0usize, 0u32);
    let mut text_at: Option<(Range<usize>, usize)> = None;
    let mut held = 0usize;
    loop {
        let before = r.buffer_position() as usize;
        let e = r.read_event().map_err(|e| bad(&e))?;
        let after = r.buffer_position() as usize;
        match &e {
            Event::Eof => break,
            Event::Start(s) | Event::Empty(s) if s.name().as_ref() == "w:sectPr" => {
                if let Some(p) = open.last_mut() {
                    p.has_section = true;
                }
            }
            Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == "docPr" => {
                max_drawing_id = max_drawing_id.max(drawing_id(s));
            }
            Event::Start(s) => match s.name().as_ref() {
                "w:p" => {
                    if let Some(outer) = open.last_mut() {
                        outer.has_nested = true;
                    }
                    number += 1;
                    open.push(Para {
                        range: before..after,
                        number,
                        texts: Vec::new(),
                        has_section: false,
                        has_nested: false,
                        in_cell: cells > 0,
                    });
                }
                "w:tc" => cells += 1,
                "w:t" => text_at = Some((before..after, after)),
                _ => {}
            },
            Event::Empty(s) if s.name().as_ref() == "w:p" => number += 1,
            Event::End(s) => match s.name().as_ref() {
                "w:p" => {
                    let Some(mut p) = open.pop() else {
                        return Err(bad(&"段落不配对"));
                    };
                    p.range.end = after;
                    // Only paragraphs that may hold a field are kept.
                    if p.texts
                        .iter()
                        .any(|t| t.text.contains('{') || t.text.contains('}'))
                    {
                        done.push(p);
                    } else {
                        held -= p.texts.len();
                    }
                }
                "w:tc" => cells = cells.saturating_sub(1),
                "w:t" => {
                    let Some((tag, start)) = text_at.take() else {
                        return Err(bad(&"文字元素不配对"));
                    };
                    let raw = &xml[start..before];
                    let text = quick_xml::escape::unescape(raw).map_err(|e| bad(&e))?;
                    if let Some(p) = open.last_mut() {
                        held += 1;
                        if held > MAX_HELD_TEXTS {
                            let what = format!("含字段的段落中文字片段超过 {MAX_HELD_TEXTS} 个");
                            return Err(DocxError::TooLarge(what));
                        }
                        p.texts.push(TextSpan {
                            tag,
                            content: start..before,
                            text: text.into_owned(),
                        });
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(bad(&"段落未结束"));
    }
    Ok(Scan {
        paras: done,
        max_drawing_id,
    })
}
