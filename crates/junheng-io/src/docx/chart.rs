//! A bar chart as a DrawingML chart part (`word/charts/chartN.xml`): clustered columns, one
//! series each, and a threshold as a line series on the same axes. Every series carries its
//! values in a cache (`strCache`, `numCache`), which Word and LibreOffice draw from; the formulas
//! name the columns of the data sheet Word would make for it (categories in A, series from B).

use super::text::{clean, escape};
use super::{BarChart, Series};
use crate::guard::column_letters;

const PALETTE: [&str; 6] = ["4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"];
const CAT_AXIS: u32 = 500_000_001;
const VAL_AXIS: u32 = 500_000_002;

fn str_cache(values: &[String]) -> String {
    let points: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", escape(v)))
        .collect();
    format!(
        "<c:strCache><c:ptCount val=\"{}\"/>{points}</c:strCache>",
        values.len()
    )
}

fn num_cache(values: &[f64], count: usize) -> String {
    let points: String = values
        .iter()
        .take(count)
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, v)| format!("<c:pt idx=\"{i}\"><c:v>{v}</c:v></c:pt>"))
        .collect();
    format!(
        "<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{count}\"/>{points}</c:numCache>"
    )
}

/// One series: its name, the categories, its values; `props` its look.
fn series(i: usize, s: &Series, categories: &[String], props: &str) -> String {
    let col = column_letters(i as u32 + 1);
    let n = categories.len();
    let last = n + 1;
    format!(
        "<c:ser><c:idx val=\"{i}\"/><c:order val=\"{i}\"/><c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f>{}</c:strRef></c:tx>{props}<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${last}</c:f>{}</c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${last}</c:f>{}</c:numRef></c:val></c:ser>",
        str_cache(std::slice::from_ref(&s.name)),
        str_cache(categories),
        num_cache(&s.values, n),
    )
}

fn rich(text: &str, size: u32, bold: bool) -> String {
    let b = u8::from(bold);
    format!(
        "<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{size}\" b=\"{b}\"/></a:pPr><a:r><a:rPr lang=\"zh-CN\" sz=\"{size}\" b=\"{b}\"><a:latin typeface=\"黑体\"/><a:ea typeface=\"黑体\"/></a:rPr><a:t>{}</a:t></a:r></a:p></c:rich>",
        escape(text)
    )
}

/// The chart's data sheet as Word keeps it (an embedded workbook: categories in column A, each
/// series in the next column, the threshold last), so that 编辑数据 in Word opens it. Its own
/// date is fixed, keeping the document's bytes the same. `None` when a value cannot be written
/// (a text longer than a cell holds): the chart is then drawn from its cache alone.
pub(super) fn chart_workbook(c: &BarChart) -> Option<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).ok()?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date));
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").ok()?;
    let threshold = c.threshold.as_ref().map(|t| Series {
        name: t.name.clone(),
        values: vec![t.value; c.categories.len()],
    });
    for (row, category) in c.categories.iter().enumerate() {
        sheet
            .write_string(row as u32 + 1, 0, clean(category))
            .ok()?;
    }
    for (col, s) in c.series.iter().chain(threshold.as_ref()).enumerate() {
        let col = u16::try_from(col + 1).ok()?;
        sheet.write_string(0, col, clean(&s.name)).ok()?;
        for (row, v) in s.values.iter().take(c.categories.len()).enumerate() {
            if v.is_finite() {
                sheet.write_number(row as u32 + 1, col, *v).ok()?;
            }
        }
    }
    book.save_to_buffer().ok()
}

/// The chart part's XML; `data` when its workbook is embedded (relationship `rId1`).
pub(super) fn chart_xml(c: &BarChart, data: bool) -> String {
    let bars: String = c
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let fill = PALETTE[i % PALETTE.len()];
            let look = format!(
                "<c:spPr><a:solidFill><a:srgbClr val=\"{fill}\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>"
            );
            series(i, s, &c.categories, &look)
        })
        .collect();
    let line = c.threshold.as_ref().map_or(String::new(), |t| {
        let s = Series {
            name: t.name.clone(),
            values: vec![t.value; c.categories.len()],
        };
        let look = "<c:spPr><a:ln w=\"22225\"><a:solidFill><a:srgbClr val=\"C00000\"/></a:solidFill><a:prstDash val=\"dash\"/></a:ln></c:spPr><c:marker><c:symbol val=\"none\"/></c:marker>";
        format!(
            "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>{}<c:marker val=\"1\"/><c:axId val=\"{CAT_AXIS}\"/><c:axId val=\"{VAL_AXIS}\"/></c:lineChart>",
            series(c.series.len(), &s, &c.categories, look)
        )
    });
    let title = if clean(&c.title).is_empty() {
        "<c:autoTitleDeleted val=\"1\"/>".to_owned()
    } else {
        format!(
            "<c:title><c:tx>{}</c:tx><c:overlay val=\"0\"/></c:title><c:autoTitleDeleted val=\"0\"/>",
            rich(&c.title, 1400, true)
        )
    };
    let axis = "<c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/>";
    let ticks = "<c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>";
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"{R}\"><c:date1904 val=\"0\"/><c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/><c:chart>{title}<c:plotArea><c:layout/><c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>{bars}<c:gapWidth val=\"80\"/><c:axId val=\"{CAT_AXIS}\"/><c:axId val=\"{VAL_AXIS}\"/></c:barChart>{line}<c:catAx><c:axId val=\"{CAT_AXIS}\"/>{axis}<c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>{ticks}<c:crossAx val=\"{VAL_AXIS}\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx><c:valAx><c:axId val=\"{VAL_AXIS}\"/>{axis}<c:axPos val=\"l\"/><c:majorGridlines/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>{ticks}<c:crossAx val=\"{CAT_AXIS}\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx></c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"宋体\"/><a:ea typeface=\"宋体\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>{external}</c:chartSpace>",
        R = super::package::R,
        external = if data {
            "<c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData>"
        } else {
            ""
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cached_and_non_finite_ones_left_out() {
        let c = BarChart {
            title: "生师比".into(),
            categories: vec!["一小".into(), "二小 <&>".into()],
            series: vec![Series {
                name: "2025".into(),
                values: vec![12.5, f64::NAN, 9.0],
            }],
            threshold: Some(super::super::Threshold {
                name: "标准".into(),
                value: 13.0,
            }),
        };
        let xml = chart_xml(&c, true);
        assert!(xml.contains("<c:externalData r:id=\"rId1\">"));
        let book = chart_workbook(&c).unwrap();
        assert_eq!(book, chart_workbook(&c).unwrap());
        assert!(
            xml.contains(
                "<c:ptCount val=\"2\"/><c:pt idx=\"0\"><c:v>12.5</c:v></c:pt></c:numCache>"
            )
        );
        assert!(xml.contains("<c:v>二小 &lt;&amp;&gt;</c:v>"));
        assert!(xml.contains("<c:lineChart>"));
        assert!(xml.contains("<c:v>13</c:v></c:pt><c:pt idx=\"1\"><c:v>13</c:v>"));
        assert!(xml.contains("Sheet1!$C$2:$C$3"));
    }
}
