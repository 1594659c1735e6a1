//! Word documents (.docx, WordprocessingML) written from a small model of a formal Chinese
//! government report, and a district's own .docx template filled — no Word, no LibreOffice, no
//! crate beyond `zip` and `quick-xml`.
//!
//! - [`write`](fn@write): a [`Document`] (cover page, headings, body paragraphs, tables, native bar charts,
//!   page breaks, a footer with 第 X 页 共 Y 页 and a stamp line) as .docx bytes. Deterministic:
//!   the same document gives the same bytes (the generation time is a field, never the clock).
//! - [`fill`]: a template's `{{字段}}` replaced (also when Word split one across runs) and each
//!   paragraph holding only `{{章节:名称}}` replaced by generated [`Block`]s; every other part of
//!   the template kept byte for byte. [`template_fields`] lists what a template asks for.
//! - [`default_template`]: the 自评报告 template a district downloads, edits and uploads back.
//! - [`paragraph_texts`]: the text of a .docx's paragraphs, as this module writes it.
//!
//! Fonts are named, never embedded: 黑体 (headings, table headers), 仿宋 (body), 宋体 (title,
//! tables); Word substitutes what a machine lacks.

mod body;
mod chart;
mod fill;
mod package;
mod read;
mod scan;
mod styles;
mod template;
mod text;

#[cfg(test)]
mod tests;

pub use fill::{Place, TemplateFields, fill, template_fields};
pub use package::write;
pub use read::paragraph_texts;
pub use template::{FIELDS, SECTIONS, default_template};
pub use text::{clean, numeral};

/// A report: its properties, its blocks in order, and the footer of every page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// The document properties (文件 → 属性).
    pub core: Core,
    /// What the body holds, in order.
    pub blocks: Vec<Block>,
    /// The footer of every page.
    pub footer: Footer,
}

/// The document properties (`docProps/core.xml`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Core {
    /// 标题.
    pub title: String,
    /// 主题.
    pub subject: String,
    /// 作者: who made it (a district, a department).
    pub creator: String,
    /// 关键词.
    pub keywords: String,
    /// 备注.
    pub description: String,
    /// When it was generated, RFC 3339 in UTC (`2026-12-06T08:00:00Z`); empty leaves the
    /// dates out. Given by the caller, never read from the clock.
    pub created: String,
}

/// The footer of every page: 第 X 页 共 Y 页, and under it a stamp line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Footer {
    /// What made the report: rulebook@version · data version · generated time (may be empty).
    pub stamp: String,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The cover page; a page break follows it.
    Cover(Cover),
    /// A heading of level 1–3 (styles 标题 1–3, shown in Word's navigation pane), its text as
    /// shown — numbers included (`一、基本情况`, `（一）…`; see [`numeral`]).
    Heading(u8, String),
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
    /// A native bar chart (Word and LibreOffice draw it; Word can reformat it).
    Chart(BarChart),
    /// A page break.
    PageBreak,
}

/// A cover page, centred: the title, then under it who and when, then the stamp line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cover {
    /// The report's title (二号 宋体, bold).
    pub title: String,
    /// Who reports: the district's government.
    pub district: String,
    /// The date, as written (`2026年12月6日`).
    pub date: String,
    /// The line for a seal or a signature (`（盖章）`); may be empty.
    pub stamp: String,
}

/// How a paragraph is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Both edges (the body's default).
    #[default]
    Justify,
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A paragraph of runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// Its text, in runs of one formatting each.
    pub runs: Vec<Run>,
    /// How it is aligned.
    pub align: Align,
    /// Whether its first line is indented by two characters (body text).
    pub indent: bool,
}

impl Paragraph {
    /// A body paragraph of plain text: justified, first line indented.
    pub fn text(text: impl Into<String>) -> Paragraph {
        Paragraph {
            runs: vec![Run::plain(text)],
            align: Align::Justify,
            indent: true,
        }
    }
}

/// Text of one formatting. `\n` breaks the line, `\t` is a tab; characters XML forbids are
/// dropped ([`clean`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Size in half-points (32 = 16 pt = 三号); `None` keeps the paragraph's.
    pub size: Option<u16>,
    /// Colour as `RRGGBB` hex; `None` keeps the paragraph's (anything but six hex digits is
    /// ignored).
    pub colour: Option<String>,
}

impl Run {
    /// Text without formatting of its own.
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            ..Run::default()
        }
    }
}

/// A table with borders; its header row is repeated on every page it spans and no row is
/// split across pages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The caption above it (`表 1 …`); may be empty.
    pub caption: String,
    /// The header row.
    pub header: Vec<String>,
    /// The data rows; a short row is padded with empty cells, a long one keeps its cells.
    pub rows: Vec<Vec<String>>,
    /// Relative widths of the columns (`[3, 1, 1]`); empty or wrong-length means equal.
    pub widths: Vec<u32>,
}

/// A clustered bar (column) chart, with an optional horizontal threshold line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    /// The title above it.
    pub title: String,
    /// The categories along the horizontal axis (schools, indicators).
    pub categories: Vec<String>,
    /// The series, one bar per category each; a non-finite value is left out.
    pub series: Vec<Series>,
    /// A line across the chart at a value (a standard), with its name.
    pub threshold: Option<Threshold>,
}

/// A named series of values, one per category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Its name (the legend).
    pub name: String,
    /// Its values, one per category.
    pub values: Vec<f64>,
}

/// A horizontal line at a value (a standard to reach), with its name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Threshold {
    /// Its name (the legend).
    pub name: String,
    /// The value.
    pub value: f64,
}

/// Why a template could not be read or filled. Each has a stable [`code`](Self::code); the
/// message, in Chinese, says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    /// Not a readable .docx (another format, damaged): why, in Chinese.
    #[error("无法读取上传的模板（{0}）；请上传用 Word 或 WPS 保存的 .docx 文件")]
    Unreadable(String),
    /// Larger than a template may be: what passed the cap, in Chinese.
    #[error("模板过大（{0}）；模板只需包含版式、字段和章节标记")]
    TooLarge(String),
    /// A macro-enabled document.
    #[error("模板含有宏；请另存为不含宏的 .docx 文件（Word 文档）后重新上传")]
    Macros,
    /// Protected by a password.
    #[error("模板已加密（设置了打开密码）；请取消密码后另存为 .docx 文件重新上传")]
    Encrypted,
    /// Neither a field nor a section marker anywhere.
    #[error("模板中没有字段和章节标记；请从系统下载默认模板，在其基础上修改后上传")]
    NoField,
    /// `{{…}}` that name no field or section: each with where it is.
    #[error("模板中有系统不认识的字段：{}；可用字段和章节见默认模板", list(.0))]
    UnknownFields(Vec<(String, Place)>),
    /// A `{{章节:…}}` that shares its paragraph with other text.
    #[error("{place}的章节标记「{{{{章节:{name}}}}}」须单独成段；请删除同一段中的其他文字")]
    MarkerNotAlone {
        /// The section named.
        name: String,
        /// Where it is.
        place: Place,
    },
}

fn list(found: &[(String, Place)]) -> String {
    let mut shown: Vec<String> = found
        .iter()
        .take(20)
        .map(|(name, place)| format!("「{{{{{name}}}}}」（{place}）"))
        .collect();
    if found.len() > 20 {
        shown.push(format!("等共 {} 处", found.len()));
    }
    shown.join("、")
}

impl DocxError {
    /// Stable code (also the i18n key): `docx.template_*`.
    pub const fn code(&self) -> &'static str {
        match self {
            DocxError::Unreadable(_) => "docx.template_unreadable",
            DocxError::TooLarge(_) => "docx.template_too_large",
            DocxError::Macros => "docx.template_macros",
            DocxError::Encrypted => "docx.template_encrypted",
            DocxError::NoField => "docx.template_no_field",
            DocxError::UnknownFields(_) => "docx.template_unknown_fields",
            DocxError::MarkerNotAlone { .. } => "docx.template_marker_not_alone",
        }
    }
}
