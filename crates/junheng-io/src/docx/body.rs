//! Blocks as the XML of a document's body: cover, headings, paragraphs, tables and the drawings
//! that show charts (whose parts are collected in [`Body::charts`]).

use std::collections::HashSet;

use super::chart::{chart_workbook, chart_xml};
use super::styles::{Kind, StyleIds};
use super::text::{clean, escape, run, run_content};
use super::{Align, Block, Cover, Paragraph, Table};

/// Width of the text on an A4 page with the margins of GB/T 9704 (28 mm left, 26 mm right), in
/// twentieths of a point.
pub(super) const TEXT_TWIPS: u32 = 8844;
/// The same in EMU (a chart's width).
const TEXT_EMU: u64 = 5_615_940;
/// A chart's height: 90 mm.
const CHART_EMU: u64 = 3_240_000;
/// Single line spacing, for what a fixed 28 pt line would clip.
const SINGLE: &str = "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>";

/// A chart's part, to be added to the package.
pub(super) struct ChartPart {
    /// Its relationship id from the document.
    pub rel_id: String,
    /// Its name in the package (`word/charts/chart1.xml`).
    pub name: String,
    /// Its XML.
    pub xml: String,
    /// Its data sheet, embedded (`word/embeddings/chartN.xlsx`).
    pub workbook: Option<Vec<u8>>,
}

impl ChartPart {
    /// The embedded workbook's part name.
    fn workbook_name(&self) -> String {
        self.name
            .replace("word/charts/", "word/embeddings/")
            .replace(".xml", ".xlsx")
    }

    /// The parts it adds to the package: the chart, and with its workbook the chart's
    /// relationships and the workbook.
    pub fn parts(&self) -> Vec<(String, Vec<u8>)> {
        let mut parts = vec![(self.name.clone(), self.xml.clone().into_bytes())];
        if let Some(book) = &self.workbook {
            let file = self.name.rsplit('/').next().unwrap_or_default();
            let target = self.workbook_name().replace("word/", "../");
            let rels = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{}/package\" Target=\"{target}\"/></Relationships>",
                super::package::R
            );
            parts.push((format!("word/charts/_rels/{file}.rels"), rels.into_bytes()));
            parts.push((self.workbook_name(), book.clone()));
        }
        parts
    }

    /// Its content types (the chart's, and its workbook's).
    pub fn content_types(&self) -> String {
        let mut types = format!(
            "<Override PartName=\"/{}\" ContentType=\"{}\"/>",
            self.name,
            super::package::CHART_TYPE
        );
        if self.workbook.is_some() {
            types.push_str(&format!(
                "<Override PartName=\"/{}\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>",
                self.workbook_name()
            ));
        }
        types
    }
}

/// Blocks written out, with the chart parts they need.
pub(super) struct Body<'s> {
    styles: &'s StyleIds,
    /// The XML so far.
    pub xml: String,
    /// The chart parts so far.
    pub charts: Vec<ChartPart>,
    /// The number the next chart part gets, and its relationship id's prefix.
    next_chart: u32,
    /// The relationship ids in use.
    taken: HashSet<String>,
    /// The drawing ids start here (ids must be unique within the document).
    drawing_base: u32,
}

impl<'s> Body<'s> {
    /// An empty body: chart parts numbered from `first_chart`, relationship ids `rIdJh{n}`
    /// (with `x`s added while one is `taken`), drawing ids from `drawing_base`.
    pub fn new(
        styles: &'s StyleIds,
        first_chart: u32,
        taken: HashSet<String>,
        drawing_base: u32,
    ) -> Self {
        Body {
            styles,
            xml: String::new(),
            charts: Vec::new(),
            next_chart: first_chart,
            taken,
            drawing_base,
        }
    }

    /// Adds `blocks`.
    pub fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Cover(c) => self.cover(c),
            Block::Heading(level, text) => {
                let kind = match level {
                    0 | 1 => Kind::Heading1,
                    2 => Kind::Heading2,
                    _ => Kind::Heading3,
                };
                self.styled(kind, "", text);
            }
            Block::Paragraph(p) => self.paragraph(p),
            Block::Table(t) => self.table(t),
            Block::Chart(c) => {
                let n = self.next_chart;
                self.next_chart += 1;
                let mut rel_id = format!("rIdJh{n}");
                while self.taken.contains(&rel_id) {
                    rel_id.push('x');
                }
                self.taken.insert(rel_id.clone());
                let id = self.drawing_base + self.charts.len() as u32 + 1;
                self.xml.push_str(&format!(
                    "<w:p><w:pPr>{SINGLE}<w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><wp:extent cx=\"{TEXT_EMU}\" cy=\"{CHART_EMU}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"图表 {n}\" descr=\"{}\"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:r=\"{R}\" r:id=\"{rel_id}\"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
                    escape(&c.title),
                    R = super::package::R,
                ));
                let workbook = chart_workbook(c);
                self.charts.push(ChartPart {
                    rel_id,
                    name: format!("word/charts/chart{n}.xml"),
                    xml: chart_xml(c, workbook.is_some()),
                    workbook,
                });
            }
            Block::PageBreak => self.xml.push_str(PAGE_BREAK),
        }
    }

    /// A paragraph of style `kind`, extra paragraph properties `props`, one run of `text`.
    fn styled(&mut self, kind: Kind, props: &str, text: &str) {
        self.xml.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{}\"/>{props}</w:pPr><w:r>{}</w:r></w:p>",
            escape(self.styles.id(kind)),
            run_content(text)
        ));
    }

    fn cover(&mut self, c: &Cover) {
        self.styled(
            Kind::Title,
            "<w:spacing w:before=\"3600\" w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/>",
            &c.title,
        );
        let line = |before: u32, text: &str| {
            format!(
                "<w:p><w:pPr><w:spacing w:before=\"{before}\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"楷体\" w:eastAsia=\"楷体\" w:hAnsi=\"楷体\"/><w:sz w:val=\"32\"/></w:rPr>{}</w:r></w:p>",
                run_content(text)
            )
        };
        self.xml.push_str(&line(4800, &c.district));
        self.xml.push_str(&line(240, &c.date));
        if !clean(&c.stamp).is_empty() {
            self.xml.push_str(&line(480, &c.stamp));
        }
        self.xml.push_str(PAGE_BREAK);
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let jc = match p.align {
            Align::Justify => "both",
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
        };
        let ind = if p.indent {
            "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"
        } else {
            ""
        };
        let runs: String = p.runs.iter().map(run).collect();
        self.xml.push_str(&format!(
            "<w:p><w:pPr>{ind}<w:jc w:val=\"{jc}\"/></w:pPr>{runs}</w:p>"
        ));
    }

    fn table(&mut self, t: &Table) {
        if !clean(&t.caption).is_empty() {
            self.styled(Kind::Caption, "", &t.caption);
        }
        let columns = t
            .rows
            .iter()
            .map(Vec::len)
            .chain([t.header.len(), 1])
            .max()
            .unwrap_or(1);
        let widths = widths(&t.widths, columns);
        let border = |side: &str| {
            format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
        };
        let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|s| border(s))
            .collect();
        let grid: String = widths
            .iter()
            .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
            .collect();
        self.xml.push_str(&format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_TWIPS}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        ));
        if !t.header.is_empty() {
            self.row(&t.header, &widths, true);
        }
        for r in &t.rows {
            self.row(r, &widths, false);
        }
        self.xml.push_str("</w:tbl>");
        // A paragraph after the table keeps two tables apart and ends a cell that held one.
        self.xml
            .push_str(&format!("<w:p><w:pPr>{SINGLE}</w:pPr></w:p>"));
    }

    fn row(&mut self, cells: &[String], widths: &[u32], header: bool) {
        let props = if header {
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        } else {
            "<w:trPr><w:cantSplit/></w:trPr>"
        };
        self.xml.push_str(&format!("<w:tr>{props}"));
        for (i, w) in widths.iter().enumerate() {
            let text = cells.get(i).map_or("", String::as_str);
            let centred = header || is_number(text);
            let jc = if centred { "center" } else { "left" };
            let font = if header { "黑体" } else { "宋体" };
            let shade = if header {
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>"
            } else {
                ""
            };
            self.xml.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{shade}<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr>{SINGLE}<w:jc w:val=\"{jc}\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:eastAsia=\"{font}\" w:hAnsi=\"{font}\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr>{}</w:r></w:p></w:tc>",
                run_content(text)
            ));
        }
        self.xml.push_str("</w:tr>");
    }
}

/// A page break.
const PAGE_BREAK: &str = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";

/// Whether a cell holds a number (`12`, `-3.5`, `98.2%`, `1,234`): such cells are centred.
fn is_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches('%').replace(',', "");
    !t.is_empty() && t.parse::<f64>().is_ok()
}

/// The columns' widths in twips: `relative` scaled to the text's width, or equal.
pub(super) fn widths(relative: &[u32], columns: usize) -> Vec<u32> {
    let total: u64 = relative.iter().map(|w| u64::from(*w)).sum();
    if relative.len() != columns || total == 0 {
        let each = TEXT_TWIPS / columns.max(1) as u32;
        return vec![each; columns];
    }
    relative
        .iter()
        .map(|w| (u64::from(*w) * u64::from(TEXT_TWIPS) / total) as u32)
        .collect()
}
