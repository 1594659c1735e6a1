//! A [`Document`] as a .docx package: the content types, the relationships, the document, its
//! styles, settings and footer, the document properties and the chart parts, zipped with fixed
//! timestamps.

use super::body::{Body, ChartPart};
use super::styles::{StyleIds, styles_xml};
use super::text::{clean, escape, run_content};
use super::{Block, Core, Document, Footer};

/// The WordprocessingML namespace.
pub(super) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace of parts.
pub(super) const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// A relationship's type: `{REL}/styles` and so on.
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The content type of a chart part.
pub(super) const CHART_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
/// The relationship type of a chart.
pub(super) const CHART_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// A4 with the margins of GB/T 9704 (37/35 mm top/bottom, 28/26 mm left/right).
const PAGE: &str = "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>";

/// The document as .docx bytes. The same document gives the same bytes.
pub fn write(doc: &Document) -> Vec<u8> {
    let styles = StyleIds::ours();
    let taken = ["rIdStyles", "rIdSettings", "rIdFooter1"].map(String::from);
    let mut body = Body::new(&styles, 1, taken.into_iter().collect(), 1);
    body.blocks(&doc.blocks);
    // The cover page shows no footer.
    let title_page = if matches!(doc.blocks.first(), Some(Block::Cover(_))) {
        "<w:titlePg/>"
    } else {
        ""
    };
    let document = format!(
        "{XML_HEAD}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{}<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>{PAGE}{title_page}</w:sectPr></w:body></w:document>",
        body.xml
    );
    let charts = body.charts;
    let mut rels = vec![
        rel("rIdStyles", "styles", "styles.xml"),
        rel("rIdSettings", "settings", "settings.xml"),
        rel("rIdFooter1", "footer", "footer1.xml"),
    ];
    rels.extend(charts.iter().map(chart_rel));
    let document_rels = relationships(&rels);
    let content_types = content_types(&charts);
    let package_rels = relationships(&[
        format!(
            "<Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/>"
        ),
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>".to_owned(),
        format!(
            "<Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/>"
        ),
    ]);
    let parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), content_types),
        ("_rels/.rels".into(), package_rels),
        ("docProps/core.xml".into(), core_xml(&doc.core)),
        ("docProps/app.xml".into(), APP.into()),
        ("word/document.xml".into(), document),
        ("word/_rels/document.xml.rels".into(), document_rels),
        ("word/styles.xml".into(), styles_xml()),
        ("word/settings.xml".into(), SETTINGS.into()),
        ("word/footer1.xml".into(), footer_xml(&doc.footer)),
    ];
    let mut parts: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .map(|(n, x)| (n, x.into_bytes()))
        .collect();
    parts.extend(charts.iter().flat_map(ChartPart::parts));
    crate::ooxml::zip(parts.iter().map(|(n, x)| (n.as_str(), x.as_slice())))
        .expect("zipping into memory does not fail")
}

/// A relationship of the document to one of its parts in `word/`.
fn rel(id: &str, kind: &str, target: &str) -> String {
    format!("<Relationship Id=\"{id}\" Type=\"{REL}/{kind}\" Target=\"{target}\"/>")
}

/// The document's relationship to a chart part.
pub(super) fn chart_rel(c: &ChartPart) -> String {
    let target = c.name.strip_prefix("word/").unwrap_or(&c.name);
    format!(
        "<Relationship Id=\"{}\" Type=\"{CHART_REL}\" Target=\"{target}\"/>",
        c.rel_id
    )
}

fn relationships(rels: &[String]) -> String {
    format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
        rels.concat()
    )
}

fn content_types(charts: &[ChartPart]) -> String {
    const O: &str = "application/vnd.openxmlformats-officedocument";
    let charts: String = charts.iter().map(ChartPart::content_types).collect();
    format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"{O}.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"{O}.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"{O}.wordprocessingml.settings+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"{O}.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"{O}.extended-properties+xml\"/>{charts}</Types>"
    )
}

/// Whether `t` is a UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
fn is_utc_time(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

fn core_xml(c: &Core) -> String {
    let dates = if is_utc_time(&c.created) {
        format!(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{0}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{0}</dcterms:modified>",
            c.created
        )
    } else {
        String::new()
    };
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:description>{}</dc:description><cp:lastModifiedBy>{}</cp:lastModifiedBy>{dates}</cp:coreProperties>",
        escape(&c.title),
        escape(&c.subject),
        escape(&c.creator),
        escape(&c.keywords),
        escape(&c.description),
        escape(&c.creator),
    )
}

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>Junheng</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/><w:drawingGridVerticalSpacing w:val=\"156\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:settings>";

/// A field (PAGE, NUMPAGES) with `shown` as its value until Word updates it.
fn field(code: &str, shown: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {code} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    )
}

fn footer_xml(f: &Footer) -> String {
    let text = |t: &str| format!("<w:r>{}</w:r>", run_content(t));
    let pages = format!(
        "{}{}{}{}{}",
        text("第 "),
        field("PAGE", "1"),
        text(" 页 共 "),
        field("NUMPAGES", "1"),
        text(" 页")
    );
    let stamp = if clean(&f.stamp).is_empty() {
        String::new()
    } else {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{}</w:p>",
            text(&f.stamp)
        )
    };
    format!(
        "{XML_HEAD}<w:ftr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{pages}</w:p>{stamp}</w:ftr>"
    )
}
