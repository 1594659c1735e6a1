//! The 城乡差异 sheet: every indicator of every section split by 城乡分类 (see
//! [`junheng_core::urban`]), one row per category, numbers as numbers.

use junheng_core::evaluate::Evaluation;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::Styles;
use super::sheets::{for_print, header, optional_number};

/// The sheet's name.
pub(crate) const SHEET: &str = "城乡差异";

/// Writes the split of `e`: per section, indicator and category (城区, 镇区, 乡村, then 未分类
/// when some units have none) the units, their students, their student-weighted mean, standard
/// deviation and 差异系数, and on every row of the indicator the ratio 乡村均值 ÷ 城区均值.
pub(super) fn split(
    sheet: &mut Worksheet,
    e: &Evaluation<'_>,
    s: &Styles,
) -> Result<(), XlsxError> {
    for_print(sheet, SHEET, 0)?;
    header(
        sheet,
        0,
        &[
            ("学段", 8.0),
            ("指标", 40.0),
            ("单位", 6.0),
            ("城乡分类", 9.0),
            ("评估单位数", 10.0),
            ("在校生数", 10.0),
            ("均值（学生加权）", 14.0),
            ("标准差", 10.0),
            ("差异系数", 10.0),
            ("乡村均值÷城区均值", 16.0),
        ],
        s,
    )?;
    let split = junheng_core::urban::split(e);
    let mut row = 1;
    for section in &split.sections {
        for ind in &section.indicators {
            for c in &ind.categories {
                sheet.write_string_with_format(row, 0, section.label, &s.text)?;
                sheet.write_string_with_format(row, 1, &ind.name, &s.text)?;
                sheet.write_string_with_format(row, 2, &ind.unit, &s.text)?;
                sheet.write_string_with_format(row, 3, c.label, &s.text)?;
                sheet.write_number_with_format(row, 4, c.units as f64, &s.int)?;
                sheet.write_number_with_format(row, 5, c.students as f64, &s.int)?;
                optional_number(sheet, row, 6, c.spread.map(|x| x.mean), &s.number, s)?;
                optional_number(sheet, row, 7, c.spread.map(|x| x.sd), &s.number, s)?;
                match c.spread {
                    Some(x) if x.cv.is_none() => {
                        sheet.write_string_with_format(row, 8, "不可计算（均值为 0）", &s.text)?;
                    }
                    x => optional_number(sheet, row, 8, x.and_then(|x| x.cv), &s.cv, s)?,
                }
                optional_number(sheet, row, 9, ind.rural_urban_ratio, &s.cv, s)?;
                row += 1;
            }
        }
    }
    if row > 1 {
        sheet.autofilter(0, 0, row - 1, 9)?;
    }
    Ok(())
}
