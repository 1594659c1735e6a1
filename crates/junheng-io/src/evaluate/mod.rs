//! The evaluation workbook a 督导室 hands in: 汇总, one sheet of units per section, 差异系数, 差距,
//! 差异系数改进, 城乡差异 and 未参评 — formatted for print, codes as text.

mod sheets;
mod urban;

use std::path::Path;

use junheng_core::evaluate::Evaluation;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// Writes the evaluation workbook. `source` names the data file in the header.
pub fn write_workbook(evaluation: &Evaluation, source: &str, path: &Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let styles = Styles::new();
    sheets::summary(workbook.add_worksheet(), evaluation, source, &styles)?;
    for section in &evaluation.sections {
        sheets::units(workbook.add_worksheet(), evaluation, section, &styles)?;
    }
    sheets::spread(workbook.add_worksheet(), evaluation, &styles)?;
    sheets::gaps(workbook.add_worksheet(), evaluation, &styles)?;
    sheets::improvements(workbook.add_worksheet(), evaluation, &styles)?;
    urban::split(workbook.add_worksheet(), evaluation, &styles)?;
    if !evaluation.excluded.is_empty() {
        sheets::excluded(workbook.add_worksheet(), evaluation, &styles)?;
    }
    workbook.save(path)
}

/// The cell formats of the workbook.
pub(crate) struct Styles {
    title: Format,
    header: Format,
    text: Format,
    code: Format,
    int: Format,
    number: Format,
    cv: Format,
    pass: Format,
    fail: Format,
    below_standard: Format,
    below_floor: Format,
}

impl Styles {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_size(10.5);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDE7F3)),
            text: cell.clone(),
            code: cell.clone().set_num_format("@"),
            int: cell.clone().set_num_format("0"),
            number: cell.clone().set_num_format("0.00"),
            cv: cell.clone().set_num_format("0.0000"),
            pass: cell
                .clone()
                .set_font_color(Color::RGB(0x1E7B34))
                .set_align(FormatAlign::Center),
            fail: cell
                .clone()
                .set_bold()
                .set_font_color(Color::RGB(0xB42318))
                .set_align(FormatAlign::Center),
            below_standard: cell
                .clone()
                .set_num_format("0.00")
                .set_background_color(Color::RGB(0xFFF1C2)),
            below_floor: cell
                .set_num_format("0.00")
                .set_background_color(Color::RGB(0xF8C9C4)),
        }
    }

    /// 达标 / 未达标 cell text and format.
    fn verdict(&self, passes: bool) -> (&'static str, &Format) {
        if passes {
            ("达标", &self.pass)
        } else {
            ("未达标", &self.fail)
        }
    }
}

#[cfg(test)]
mod tests;
