//! A district's own .xlsx template, filled: the container is read part by part under caps (a
//! template is a layout, never a data file), each worksheet rewritten ([`super::sheet`]), the
//! calculation chain dropped (Excel rebuilds it; a stale one makes it repair the file), every
//! other part copied as it was.
//!
//! What is not adjusted when rows are repeated: the references inside formulas (a row that is
//! repeated may hold no formula; formulas elsewhere keep their text), pictures and charts
//! anchored below the repeated row, and print areas. A template holding 表格 objects (套用表格
//! 格式) cannot have repeated rows, since their ranges would go stale. Macro-enabled templates
//! are refused.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::Values;
use super::sheet::{Fields, rewrite};

use crate::ooxml::{self, Caps, Part, Refused, Text, attr, reader};

/// Bytes of a template file.
const MAX_TEMPLATE_BYTES: usize = 16 << 20;
/// Bytes all its parts may inflate to.
const MAX_INFLATED_BYTES: u64 = 64 << 20;
/// Parts it may have; real workbooks have a few dozen.
const MAX_PARTS: usize = 10_000;

/// Why a district's template could not be filled. Each has a stable [`code`](Self::code);
/// the message, in Chinese, says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Not a readable .xlsx (another format, damaged, encrypted): why, in Chinese.
    #[error("无法读取上传的模板（{0}）；请上传用 Excel 或 WPS 保存的 .xlsx 文件")]
    Unreadable(String),
    /// Larger than a template may be: what passed the cap, in Chinese.
    #[error("模板过大（{0}）；模板只需包含版式和字段")]
    TooLarge(String),
    /// A macro-enabled workbook.
    #[error("模板含有宏；请另存为不含宏的 .xlsx 文件后重新上传")]
    Macros,
    /// No `{{字段}}` anywhere.
    #[error(
        "模板中没有字段；请在要填写的单元格中写入字段（如 {{{{学校名称}}}}），可用字段见报表的说明工作表"
    )]
    NoField,
    /// A `{{…}}` that names no field of the report.
    #[error(
        "工作表「{sheet}」{cell}中的「{{{{{field}}}}}」不是本报表的字段；可用字段见报表的说明工作表"
    )]
    UnknownField {
        /// The sheet's name.
        sheet: String,
        /// 「单元格 B7」, or 「第 7 行」 when the cell has no reference.
        cell: String,
        /// The field as written.
        field: String,
    },
    /// One row holds fields of two lists (个案 and 变动).
    #[error(
        "工作表「{sheet}」第 {row} 行同时含有「{first}」和「{second}」两类明细字段；一行只能按一类明细逐行复制"
    )]
    MixedLists {
        /// The sheet's name.
        sheet: String,
        /// The row in the template.
        row: u32,
        /// The first list named.
        first: String,
        /// The other.
        second: String,
    },
    /// A formula in a row that is repeated.
    #[error("工作表「{sheet}」第 {row} 行按明细逐行复制，不能含公式；请删除该行中的公式")]
    FormulaInList {
        /// The sheet's name.
        sheet: String,
        /// The row in the template.
        row: u32,
    },
    /// 表格 objects together with repeated rows.
    #[error(
        "模板含有“表格”对象（套用表格格式），不能与逐行复制的明细行同用；请先将表格转换为普通区域"
    )]
    TableObject,
}

impl TemplateError {
    /// Stable code (also the i18n key): `student.report_template_*`.
    pub const fn code(&self) -> &'static str {
        match self {
            TemplateError::Unreadable(_) => "student.report_template_unreadable",
            TemplateError::TooLarge(_) => "student.report_template_too_large",
            TemplateError::Macros => "student.report_template_macros",
            TemplateError::NoField => "student.report_template_no_field",
            TemplateError::UnknownField { .. } => "student.report_template_unknown_field",
            TemplateError::MixedLists { .. } => "student.report_template_mixed_lists",
            TemplateError::FormulaInList { .. } => "student.report_template_formula_in_list",
            TemplateError::TableObject => "student.report_template_table_object",
        }
    }
}

/// The part `part` could not be read: why.
pub(super) fn unreadable(part: &str, e: impl std::fmt::Display) -> TemplateError {
    TemplateError::Unreadable(format!("部件 {part}：{e}"))
}

/// The caps a template is read under: a template is a layout, never a data file.
const CAPS: Caps = Caps {
    file_bytes: MAX_TEMPLATE_BYTES,
    inflated_bytes: MAX_INFLATED_BYTES,
    parts: MAX_PARTS,
};

/// A part's XML text.
fn xml_of(part: &Part) -> Result<&str, TemplateError> {
    part.xml().map_err(|e| unreadable(&part.name, e))
}

/// Every part of the container, inflated under the caps.
fn parts(bytes: &[u8]) -> Result<Vec<Part>, TemplateError> {
    ooxml::unzip(bytes, CAPS).map_err(|r| match r {
        Refused::NotZip => TemplateError::Unreadable("不是 .xlsx 文件".into()),
        Refused::Encrypted | Refused::Damaged => {
            TemplateError::Unreadable("部件无法解压，文件可能已损坏或加密".into())
        }
        Refused::TooLarge(what) => TemplateError::TooLarge(what),
        Refused::Part(name, why) => unreadable(&name, why),
    })
}

fn is_sheet(name: &str) -> bool {
    name.starts_with("xl/worksheets/") && name.ends_with(".xml") && !name.contains("/_rels/")
}

/// The elements named `local` of a part: their start tags.
fn tags<'x>(xml: &'x str, local: &str) -> Vec<BytesStart<'x>> {
    let mut r = reader(xml);
    let mut found = Vec::new();
    while let Ok(e) = r.read_event() {
        match e {
            Event::Eof => break,
            Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == local => found.push(s),
            _ => {}
        }
    }
    found
}

/// The tab's name of each worksheet part (by the workbook and its relationships).
fn sheet_names(parts: &[Part]) -> HashMap<String, String> {
    let xml = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.xml().ok())
    };
    let (Some(book), Some(rels)) = (xml("xl/workbook.xml"), xml("xl/_rels/workbook.xml.rels"))
    else {
        return HashMap::new();
    };
    let targets: HashMap<String, String> = tags(rels, "Relationship")
        .iter()
        .filter_map(|r| {
            let target = attr(r, "Target")?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("xl/{target}"),
            };
            Some((attr(r, "Id")?, path))
        })
        .collect();
    tags(book, "sheet")
        .iter()
        .filter_map(|s| Some((targets.get(&attr(s, "id")?)?.clone(), attr(s, "name")?)))
        .collect()
}

/// The shared strings, as text.
fn shared_strings(part: &Part) -> Result<Vec<String>, TemplateError> {
    let mut r = reader(xml_of(part)?);
    let mut strings = Vec::new();
    let mut current: Option<Text> = None;
    loop {
        let e = r.read_event().map_err(|e| unreadable(&part.name, e))?;
        match &e {
            Event::Eof => return Ok(strings),
            Event::Start(s) if s.local_name().as_ref() == "si" => current = Some(Text::default()),
            Event::Empty(s) if s.local_name().as_ref() == "si" => strings.push(String::new()),
            Event::End(s) if s.local_name().as_ref() == "si" => {
                strings.push(current.take().map(|t| t.text).unwrap_or_default());
            }
            e => {
                if let Some(t) = &mut current {
                    t.feed(e);
                }
            }
        }
    }
}

/// A part's XML without the elements that point at the calculation chain.
fn without_calc_chain(part: &Part) -> Result<Vec<u8>, TemplateError> {
    let mut r = reader(xml_of(part)?);
    let mut w = quick_xml::Writer::new(Vec::with_capacity(part.data.len()));
    loop {
        let e = r.read_event().map_err(|e| unreadable(&part.name, e))?;
        let chain = matches!(&e, Event::Empty(s) if s.attributes().flatten().any(|a| a.value.ends_with("calcChain.xml")));
        match e {
            Event::Eof => return Ok(w.into_inner()),
            _ if chain => {}
            e => w.write_event(e).map_err(|e| unreadable(&part.name, e))?,
        }
    }
}

/// The template with the report's values.
pub(super) fn fill(bytes: &[u8], values: &Values) -> Result<Vec<u8>, TemplateError> {
    let parts = parts(bytes)?;
    if !parts.iter().any(|p| p.name == "xl/workbook.xml") {
        return Err(TemplateError::Unreadable(
            "缺少工作簿部件，不是 .xlsx 文件".into(),
        ));
    }
    if parts
        .iter()
        .any(|p| p.name.to_ascii_lowercase().ends_with("vbaproject.bin"))
    {
        return Err(TemplateError::Macros);
    }
    let strings = match parts.iter().find(|p| p.name == "xl/sharedStrings.xml") {
        Some(p) => shared_strings(p)?,
        None => Vec::new(),
    };
    let names = sheet_names(&parts);
    let fields = Fields::new(values);
    let (mut found, mut repeated) = (0, false);
    let mut out = Vec::with_capacity(parts.len());
    for p in &parts {
        let data = if is_sheet(&p.name) {
            let fallback = || p.name.rsplit('/').next().unwrap_or_default().to_owned();
            let sheet = names.get(&p.name).cloned().unwrap_or_else(fallback);
            let done = rewrite(xml_of(p)?, &p.name, &sheet, &strings, &fields)?;
            found += done.fields;
            repeated |= done.repeated;
            done.xml
        } else if p.name == "xl/calcChain.xml" {
            continue;
        } else if p.name == "[Content_Types].xml" || p.name == "xl/_rels/workbook.xml.rels" {
            without_calc_chain(p)?
        } else {
            p.data.clone()
        };
        out.push((p.name.as_str(), data));
    }
    if found == 0 {
        return Err(TemplateError::NoField);
    }
    if repeated && parts.iter().any(|p| p.name.starts_with("xl/tables/")) {
        return Err(TemplateError::TableObject);
    }
    ooxml::zip(out.iter().map(|(name, data)| (*name, data.as_slice())))
        .map_err(|e| unreadable("（写出）", e))
}
