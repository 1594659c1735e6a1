//! One worksheet of a district's template rewritten: its placeholder cells filled, the rows
//! holding a list's fields repeated once per row of the list (one blank row when the list is
//! empty), the rows below moved down, and the cell ranges of the sheet (merged cells,
//! conditional formats, data validations, hyperlinks, shared formulas, the dimension) moved
//! with them. Everything else is copied event by event as it was.

use std::collections::HashMap;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use super::columns::of;
use super::fill::{TemplateError, unreadable};
use super::xml::{CellXml, Item, MAX_ROW, Piece, RowMap, RowXml, attr, moved_tag, pieces};
use super::{Val, Values};
use crate::ooxml::placeholders;

/// What the fields of a template name: the summary's items and the lists' columns.
pub(super) struct Fields<'v> {
    items: HashMap<&'static str, &'v Val>,
    /// Per list (its placeholder prefix): its column names and its rows.
    lists: HashMap<&'static str, (Vec<&'static str>, &'v [Vec<Val>])>,
}

/// What a field names.
enum Found<'v> {
    Item(&'v Val),
    /// A column of a list: the list and the column's index.
    Column(&'static str, usize),
}

impl<'v> Fields<'v> {
    pub fn new(values: &'v Values) -> Fields<'v> {
        let items = of(values.columns, values.summary)
            .map(|c| c.name)
            .zip(&values.items)
            .collect();
        let lists = values
            .lists
            .iter()
            .filter_map(|l| {
                let columns: Vec<_> = of(values.columns, l.sheet).collect();
                let prefix = columns.first()?.list?;
                let names = columns.iter().map(|c| c.name).collect();
                Some((prefix, (names, l.rows.as_slice())))
            })
            .collect();
        Fields { items, lists }
    }

    fn find(&self, field: &str) -> Option<Found<'v>> {
        if let Some(v) = self.items.get(field) {
            return Some(Found::Item(v));
        }
        let (list, name) = field.split_once('.')?;
        let (key, (names, _)) = self.lists.get_key_value(list.trim())?;
        let index = names.iter().position(|n| *n == name.trim())?;
        Some(Found::Column(key, index))
    }

    /// How many times a row of `list` is written.
    fn copies(&self, list: &str) -> u32 {
        let rows = self.lists.get(list).map_or(0, |(_, rows)| rows.len());
        u32::try_from(rows.max(1)).unwrap_or(MAX_ROW)
    }
}

/// What a sheet gave: its new XML, how many fields it held, whether rows were repeated.
pub(super) struct Rewritten {
    pub xml: Vec<u8>,
    pub fields: usize,
    pub repeated: bool,
}

/// Rewrites one worksheet (`part` names it in messages, `sheet` is its tab's name).
pub(super) fn rewrite(
    xml: &str,
    part: &str,
    sheet: &str,
    strings: &[String],
    fields: &Fields<'_>,
) -> Result<Rewritten, TemplateError> {
    let mut pieces = pieces(xml, part)?;
    let mut count = 0;
    let mut map = RowMap::default();
    for piece in &mut pieces {
        let Piece::Row(row) = piece else { continue };
        row.list = plan(row, sheet, strings, fields, &mut count)?;
        if let Some(list) = row.list {
            map.0.push((row.number, fields.copies(list)));
        }
    }
    let last = pieces.iter().filter_map(|p| match p {
        Piece::Row(row) => {
            let copies = row.list.map_or(1, |l| fields.copies(l));
            Some(map.moved(row.number).saturating_add(copies - 1))
        }
        Piece::Event(_) => None,
    });
    if last.max().is_some_and(|last| last > MAX_ROW) {
        return Err(TemplateError::TooLarge(format!(
            "填写后工作表「{sheet}」超过 Excel 的最大行数"
        )));
    }
    let mut w = Writer::new(Vec::with_capacity(xml.len() + xml.len() / 2));
    let put =
        |w: &mut Writer<Vec<u8>>, e: Event<'_>| w.write_event(e).map_err(|e| unreadable(part, e));
    let fill = Fill { strings, fields };
    for piece in pieces {
        match piece {
            Piece::Row(row) => {
                let copies = row.list.map_or(1, |l| fields.copies(l));
                for k in 0..copies {
                    let at = map.moved(row.number).saturating_add(k);
                    for e in fill.row(&row, at, row.list.map(|l| (l, k as usize)), &map) {
                        put(&mut w, e)?;
                    }
                }
            }
            Piece::Event(Event::Empty(e)) if e.local_name().as_ref() == "mergeCell" => {
                let range = attr(&e, "ref").unwrap_or_default();
                match map.repeated_row(&range) {
                    Some(row) => {
                        for k in 0..map.copies(row) {
                            let shift = |s: &str| {
                                let i = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
                                format!("{}{}", &s[..i], map.moved(row) + k)
                            };
                            let (a, b) = range.split_once(':').unwrap_or((&range, &range));
                            let mut tag = BytesStart::new(e.name().as_ref().to_owned());
                            tag.push_attribute((
                                "ref",
                                format!("{}:{}", shift(a), shift(b)).as_str(),
                            ));
                            put(&mut w, Event::Empty(tag))?;
                        }
                    }
                    None => put(&mut w, Event::Empty(moved_tag(&e, &map, false, None)))?,
                }
            }
            Piece::Event(Event::Start(e)) if e.local_name().as_ref() != "selection" => {
                let drop = e.local_name().as_ref() == "mergeCells";
                put(&mut w, Event::Start(moved_tag(&e, &map, drop, None)))?;
            }
            Piece::Event(Event::Empty(e)) if e.local_name().as_ref() != "selection" => {
                put(&mut w, Event::Empty(moved_tag(&e, &map, false, None)))?;
            }
            Piece::Event(e) => put(&mut w, e)?,
        }
    }
    Ok(Rewritten {
        xml: w.into_inner(),
        fields: count,
        repeated: !map.0.is_empty(),
    })
}

/// Checks the fields of a row and returns the list it is repeated for.
fn plan(
    row: &RowXml<'_>,
    sheet: &str,
    strings: &[String],
    fields: &Fields<'_>,
    count: &mut usize,
) -> Result<Option<&'static str>, TemplateError> {
    let mut list: Option<&'static str> = None;
    for item in &row.items {
        let Item::Cell(cell) = item else { continue };
        let Some(text) = cell.text(strings).filter(|t| t.contains("{{")) else {
            continue;
        };
        for (_, field) in placeholders(&text) {
            *count += 1;
            match fields.find(field) {
                Some(Found::Item(_)) => {}
                Some(Found::Column(l, _)) => match list {
                    Some(first) if first != l => {
                        return Err(TemplateError::MixedLists {
                            sheet: sheet.into(),
                            row: row.number,
                            first: first.into(),
                            second: l.into(),
                        });
                    }
                    _ => list = Some(l),
                },
                None => {
                    let cell = attr(&cell.start, "r").map_or_else(
                        || format!("第 {} 行", row.number),
                        |r| format!("单元格 {r}"),
                    );
                    return Err(TemplateError::UnknownField {
                        sheet: sheet.into(),
                        cell,
                        field: field.into(),
                    });
                }
            }
        }
    }
    let formula = row
        .items
        .iter()
        .any(|i| matches!(i, Item::Cell(c) if c.has_formula()));
    if list.is_some() && formula {
        return Err(TemplateError::FormulaInList {
            sheet: sheet.into(),
            row: row.number,
        });
    }
    Ok(list)
}

/// Writing rows with their fields filled.
struct Fill<'a> {
    strings: &'a [String],
    fields: &'a Fields<'a>,
}

impl Fill<'_> {
    /// The events of `row` written at row `at`; `entry` is the list and the index of its row
    /// for a repeated row.
    fn row<'x>(
        &self,
        row: &RowXml<'x>,
        at: u32,
        entry: Option<(&'static str, usize)>,
        map: &RowMap,
    ) -> Vec<Event<'x>> {
        let number = at.to_string();
        let start = moved_tag(&row.start, map, false, Some(&number));
        if row.empty {
            return vec![Event::Empty(start)];
        }
        let mut out = vec![Event::Start(start)];
        for item in &row.items {
            match item {
                Item::Event(e) => out.push(e.clone()),
                Item::Cell(cell) => self.cell(cell, at, entry, map, &mut out),
            }
        }
        out.push(Event::End(BytesEnd::new(
            row.start.name().as_ref().to_owned(),
        )));
        out
    }

    fn cell<'x>(
        &self,
        cell: &CellXml<'x>,
        at: u32,
        entry: Option<(&'static str, usize)>,
        map: &RowMap,
        out: &mut Vec<Event<'x>>,
    ) {
        let r = attr(&cell.start, "r").map(|r| {
            let i = r.find(|c: char| c.is_ascii_digit()).unwrap_or(r.len());
            format!("{}{at}", &r[..i])
        });
        let name = cell.start.name().as_ref().to_owned();
        let text = cell.text(self.strings).filter(|t| t.contains("{{"));
        let Some(text) = text else {
            let start = moved_tag(&cell.start, map, false, r.as_deref());
            if cell.empty {
                out.push(Event::Empty(start));
                return;
            }
            out.push(Event::Start(start));
            for e in &cell.inner {
                out.push(match e {
                    Event::Start(f) if f.local_name().as_ref() == "f" => {
                        Event::Start(moved_tag(f, map, false, None))
                    }
                    Event::Empty(f) if f.local_name().as_ref() == "f" => {
                        Event::Empty(moved_tag(f, map, false, None))
                    }
                    e => e.clone(),
                });
            }
            out.push(Event::End(BytesEnd::new(name)));
            return;
        };
        let value = |field: &str| match self.fields.find(field)? {
            Found::Item(v) => Some(v.clone()),
            Found::Column(list, i) => {
                let (_, rows) = self.fields.lists.get(list)?;
                let k = entry.filter(|(l, _)| *l == list)?.1;
                rows.get(k)?.get(i).cloned()
            }
        };
        let found = placeholders(&text);
        let whole = match found.as_slice() {
            [(range, field)]
                if text[..range.start].trim().is_empty() && text[range.end..].trim().is_empty() =>
            {
                Some(value(field))
            }
            _ => None,
        };
        let prefix = &name[..name.len().saturating_sub(1)];
        let mut start = BytesStart::new(name.clone());
        let mut attrs = cell.start.attributes();
        attrs.with_checks(false);
        for a in attrs.flatten() {
            match a.key.as_ref() {
                "t" => {}
                "r" => start.push_attribute(("r", r.as_deref().unwrap_or_default())),
                _ => start.push_attribute(Attribute {
                    key: a.key,
                    value: a.value.into_owned().into(),
                }),
            }
        }
        let shown = match whole {
            Some(None) => {
                out.push(Event::Empty(start));
                return;
            }
            Some(Some(Val::Count(n))) => {
                out.push(Event::Start(start));
                out.push(Event::Start(BytesStart::new(format!("{prefix}v"))));
                out.push(Event::Text(BytesText::from_escaped(n.to_string())));
                out.push(Event::End(BytesEnd::new(format!("{prefix}v"))));
                out.push(Event::End(BytesEnd::new(name)));
                return;
            }
            Some(Some(Val::Text(s))) => s,
            None => {
                let mut s = String::with_capacity(text.len());
                let mut at = 0;
                for (range, field) in &found {
                    s.push_str(&text[at..range.start]);
                    match value(field) {
                        Some(Val::Text(v)) => s.push_str(&v),
                        Some(Val::Count(n)) => s.push_str(&n.to_string()),
                        None => {}
                    }
                    at = range.end;
                }
                s.push_str(&text[at..]);
                s
            }
        };
        let shown: String = shown
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
            .take(32_767)
            .collect();
        start.push_attribute(("t", "inlineStr"));
        let mut t = BytesStart::new(format!("{prefix}t"));
        t.push_attribute(("xml:space", "preserve"));
        out.push(Event::Start(start));
        out.push(Event::Start(BytesStart::new(format!("{prefix}is"))));
        out.push(Event::Start(t));
        out.push(Event::Text(BytesText::new(&shown).into_owned()));
        out.push(Event::End(BytesEnd::new(format!("{prefix}t"))));
        out.push(Event::End(BytesEnd::new(format!("{prefix}is"))));
        out.push(Event::End(BytesEnd::new(name)));
    }
}
