//! A worksheet's XML in pieces — its rows of cells, and every other event as read — and where
//! its rows go when some are repeated ([`RowMap`]), with the tags whose ranges move with them.

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

use super::fill::{TemplateError, unreadable};
use crate::ooxml::{Text, reader};

/// Excel's last row.
pub(super) const MAX_ROW: u32 = 1_048_576;

/// A cell of a row: its start tag and what it holds.
pub(super) struct CellXml<'x> {
    pub start: BytesStart<'x>,
    pub inner: Vec<Event<'x>>,
    pub empty: bool,
}

/// What a row holds: cells, and anything else as read.
pub(super) enum Item<'x> {
    Cell(CellXml<'x>),
    Event(Event<'x>),
}

/// A row of `sheetData`, with its number as the file gives it (or implies it).
pub(super) struct RowXml<'x> {
    pub start: BytesStart<'x>,
    pub number: u32,
    pub items: Vec<Item<'x>>,
    pub empty: bool,
    /// The list it is repeated for.
    pub list: Option<&'static str>,
}

/// What a worksheet holds: rows, and anything else as read.
pub(super) enum Piece<'x> {
    Row(RowXml<'x>),
    Event(Event<'x>),
}

/// The value of a tag's attribute `key`, unescaped.
pub(super) fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    attrs
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

impl CellXml<'_> {
    /// The cell's text when it is a string (shared or inline).
    pub fn text(&self, strings: &[String]) -> Option<String> {
        match attr(&self.start, "t").as_deref() {
            Some("s") => {
                let mut v = Text {
                    in_t: 1,
                    ..Text::default()
                };
                let mut in_v = false;
                for e in &self.inner {
                    match e {
                        Event::Start(s) if s.local_name().as_ref() == "v" => in_v = true,
                        Event::End(s) if s.local_name().as_ref() == "v" => in_v = false,
                        e if in_v => v.feed(e),
                        _ => {}
                    }
                }
                strings.get(v.text.trim().parse::<usize>().ok()?).cloned()
            }
            Some("inlineStr") => {
                let mut t = Text::default();
                self.inner.iter().for_each(|e| t.feed(e));
                Some(t.text)
            }
            _ => None,
        }
    }

    pub fn has_formula(&self) -> bool {
        self.inner.iter().any(
            |e| matches!(e, Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == "f"),
        )
    }
}

/// The events of an element after its start tag, and its end tag.
fn element<'x>(
    r: &mut quick_xml::Reader<&'x [u8]>,
    part: &str,
) -> Result<(Vec<Event<'x>>, Event<'x>), TemplateError> {
    let mut depth = 0usize;
    let mut inner = Vec::new();
    loop {
        let e = r.read_event().map_err(|e| unreadable(part, e))?;
        match &e {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Ok((inner, e)),
            Event::End(_) => depth -= 1,
            Event::Eof => return Err(unreadable(part, "意外结束")),
            _ => {}
        }
        inner.push(e);
    }
}

/// The sheet's XML in pieces: its rows, and every other event.
pub(super) fn pieces<'x>(xml: &'x str, part: &str) -> Result<Vec<Piece<'x>>, TemplateError> {
    let mut r = reader(xml);
    let mut pieces = Vec::new();
    let mut in_data = false;
    let mut next = 1u32;
    loop {
        let e = r.read_event().map_err(|e| unreadable(part, e))?;
        let (start, empty) = match e {
            Event::Eof => break,
            Event::Start(ref s) if s.local_name().as_ref() == "sheetData" => {
                in_data = true;
                pieces.push(Piece::Event(e));
                continue;
            }
            Event::End(ref s) if s.local_name().as_ref() == "sheetData" => {
                in_data = false;
                pieces.push(Piece::Event(e));
                continue;
            }
            Event::Start(s) if in_data && s.local_name().as_ref() == "row" => (s, false),
            Event::Empty(s) if in_data && s.local_name().as_ref() == "row" => (s, true),
            e => {
                pieces.push(Piece::Event(e));
                continue;
            }
        };
        let number = attr(&start, "r")
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(next);
        next = number.saturating_add(1);
        let mut items = Vec::new();
        if !empty {
            let (inner, _) = element(&mut r, part)?;
            let mut events = inner.into_iter();
            while let Some(e) = events.next() {
                let item = match e {
                    Event::Start(s) if s.local_name().as_ref() == "c" => {
                        let mut inner = Vec::new();
                        let mut depth = 0usize;
                        for e in events.by_ref() {
                            match &e {
                                Event::Start(_) => depth += 1,
                                Event::End(_) if depth == 0 => break,
                                Event::End(_) => depth -= 1,
                                _ => {}
                            }
                            inner.push(e);
                        }
                        Item::Cell(CellXml {
                            start: s,
                            inner,
                            empty: false,
                        })
                    }
                    Event::Empty(s) if s.local_name().as_ref() == "c" => Item::Cell(CellXml {
                        start: s,
                        inner: Vec::new(),
                        empty: true,
                    }),
                    e => Item::Event(e),
                };
                items.push(item);
            }
        }
        pieces.push(Piece::Row(RowXml {
            start,
            number,
            items,
            empty,
            list: None,
        }));
    }
    Ok(pieces)
}

/// Where the rows of the sheet go: the repeated rows and how many copies each gets.
#[derive(Default)]
pub(super) struct RowMap(pub Vec<(u32, u32)>);

impl RowMap {
    /// The first row a template row is written to.
    pub fn moved(&self, row: u32) -> u32 {
        let below = self
            .0
            .iter()
            .filter(|(q, _)| *q < row)
            .fold(0u32, |sum, (_, n)| sum.saturating_add(n - 1));
        row.saturating_add(below)
    }

    pub fn copies(&self, row: u32) -> u32 {
        self.0
            .iter()
            .find(|(q, _)| *q == row)
            .map_or(1, |(_, n)| *n)
    }

    /// A cell reference (`B7`, `$B$7`) moved; the last copy when `end`.
    fn cell(&self, at: &str, end: bool) -> String {
        let Some(i) = at.find(|c: char| c.is_ascii_digit()) else {
            return at.to_owned();
        };
        let Ok(row) = at[i..].parse::<u32>() else {
            return at.to_owned();
        };
        let last = if end { self.copies(row) - 1 } else { 0 };
        // Whole-column ranges (`B2:B1048576`) stay within the sheet.
        let moved = self.moved(row).saturating_add(last).min(MAX_ROW);
        format!("{}{moved}", &at[..i])
    }

    /// A list of ranges (`A1:C1 B7`) moved: a range ending on a repeated row covers its copies.
    fn ranges(&self, text: &str) -> String {
        text.split_whitespace()
            .map(|r| match r.split_once(':') {
                Some((a, b)) => format!("{}:{}", self.cell(a, false), self.cell(b, true)),
                None if self.cell(r, true) != self.cell(r, false) => {
                    format!("{}:{}", self.cell(r, false), self.cell(r, true))
                }
                None => self.cell(r, false),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The rows a single-row range sits on, when that row is repeated.
    pub fn repeated_row(&self, range: &str) -> Option<u32> {
        let (a, b) = range.split_once(':')?;
        let row = |s: &str| {
            s.trim_start_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        };
        let (ra, rb): (u32, u32) = (row(a)?, row(b)?);
        (ra == rb && self.copies(ra) > 1).then_some(ra)
    }
}

/// A start tag with its `ref`/`sqref` ranges moved, its `count` dropped when `drop_count`, and
/// `r` set when given.
pub(super) fn moved_tag(
    e: &BytesStart<'_>,
    map: &RowMap,
    drop_count: bool,
    r: Option<&str>,
) -> BytesStart<'static> {
    let name = e.name().as_ref().to_owned();
    let mut out = BytesStart::new(name);
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    for a in attrs.flatten() {
        match a.key.as_ref() {
            "r" if r.is_some() => out.push_attribute(("r", r.unwrap_or_default())),
            "ref" | "sqref" => {
                let key = a.key.as_ref().to_owned();
                out.push_attribute((key.as_str(), map.ranges(&a.value).as_str()));
            }
            "count" if drop_count => {}
            _ => out.push_attribute(Attribute {
                key: a.key,
                value: a.value.into_owned().into(),
            }),
        }
    }
    out
}
