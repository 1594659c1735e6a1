use junheng_core::evaluate::{Evaluation, GapTarget, SectionResult, format_amount};
use junheng_core::school::{Section, school_year};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::Styles;

type Result = std::result::Result<(), XlsxError>;

/// Landscape, fit to one page wide, header row repeated on every printed page.
pub(super) fn for_print(sheet: &mut Worksheet, name: &str, header_row: u32) -> Result {
    sheet.set_name(name)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

pub(super) fn header(
    sheet: &mut Worksheet,
    row: u32,
    titles: &[(&str, f64)],
    styles: &Styles,
) -> Result {
    for (col, (title, width)) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *title, &styles.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(row, 30)?;
    Ok(())
}

fn section_sheet_name(section: Section) -> &'static str {
    match section {
        Section::Primary => "小学",
        Section::Junior => "初中",
        Section::Senior => "高中",
    }
}

pub(super) fn summary(
    sheet: &mut Worksheet,
    e: &Evaluation<'_>,
    source: &str,
    s: &Styles,
) -> Result {
    sheet.set_name("汇总")?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.write_string_with_format(
        0,
        0,
        format!("{} 学年资源配置督导评估结果", school_year(e.year)),
        &s.title,
    )?;
    let facts = [
        (
            "评估规则",
            format!(
                "{}（{}，版本 {}）",
                e.rulebook_name, e.rulebook, e.rulebook_version
            ),
        ),
        ("数据文件", source.to_owned()),
        ("计算口径", e.policy.describe()),
    ];
    for (i, (label, value)) in facts.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, *label, &s.header)?;
        sheet.merge_range(row, 1, row, 7, value, &s.text)?;
    }
    let (text, format) = s.verdict(e.passes);
    sheet.write_string_with_format(5, 0, "结论", &s.header)?;
    sheet.merge_range(5, 1, 5, 7, text, format)?;
    let top = 7;
    header(
        sheet,
        top,
        &[
            ("学段", 10.0),
            ("评估单位数", 12.0),
            ("在校生数", 12.0),
            ("未达标单位数", 14.0),
            ("差异系数超限指标", 36.0),
            ("综合差异系数", 14.0),
            ("单位达标规则", 36.0),
            ("结论", 10.0),
        ],
        s,
    )?;
    for (i, section) in e.sections.iter().enumerate() {
        let row = top + 1 + i as u32;
        sheet.write_string_with_format(row, 0, section.section.label(), &s.text)?;
        sheet.write_number_with_format(row, 1, section.units.len() as f64, &s.int)?;
        sheet.write_number_with_format(row, 2, section.students as f64, &s.int)?;
        sheet.write_number_with_format(row, 3, section.failing_units as f64, &s.int)?;
        let over: Vec<&str> = section
            .indicators
            .iter()
            .filter(|i| i.passes == Some(false))
            .map(|i| i.short.as_str())
            .collect();
        let over = if e.balance_mode == junheng_core::rulebook::BalanceMode::Composite {
            "—（检验综合差异系数）".to_owned()
        } else if over.is_empty() {
            "无".to_owned()
        } else {
            over.join("、")
        };
        sheet.write_string_with_format(row, 4, over, &s.text)?;
        match section.composite.as_ref().and_then(|c| c.cv) {
            Some(cv) => sheet.write_number_with_format(row, 5, cv, &s.cv)?,
            None => sheet.write_string_with_format(row, 5, "—", &s.text)?,
        };
        let rule = e
            .unit_rule
            .map(|r| r.describe(section.indicators.len()))
            .unwrap_or_else(|| "—".into());
        sheet.write_string_with_format(row, 6, rule, &s.text)?;
        let (text, format) = s.verdict(section.passes);
        sheet.write_string_with_format(row, 7, text, format)?;
    }
    sheet.set_column_width(0, 12)?;
    Ok(())
}

pub(super) fn units(
    sheet: &mut Worksheet,
    e: &Evaluation<'_>,
    section: &SectionResult<'_>,
    s: &Styles,
) -> Result {
    for_print(sheet, section_sheet_name(section.section), 0)?;
    let fixed = [
        ("学校标识码", 13.0),
        ("评估单位", 20.0),
        ("学校名称", 28.0),
        ("办学类型", 14.0),
        ("在校生数", 10.0),
    ];
    let mut titles: Vec<(String, f64)> = fixed.iter().map(|(t, w)| ((*t).to_owned(), *w)).collect();
    for ind in &section.indicators {
        let standard = ind
            .standard
            .map(|v| format!("\n（标准 {v}）"))
            .unwrap_or_default();
        titles.push((format!("{}（{}）{standard}", ind.short, ind.unit), 13.0));
    }
    titles.push(("达标项数".into(), 9.0));
    titles.push(("结论".into(), 9.0));
    let borrowed: Vec<(&str, f64)> = titles.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    header(sheet, 0, &borrowed, s)?;
    sheet.set_row_height(0, 45)?;
    let floor_ratio = e.unit_rule.map(|r| r.floor_ratio);
    for (u, unit) in section.units.iter().enumerate() {
        let row = 1 + u as u32;
        sheet.write_string_with_format(row, 0, unit.school_code().as_str(), &s.code)?;
        sheet.write_string_with_format(row, 1, unit.id(), &s.code)?;
        sheet.write_string_with_format(row, 2, unit.name(), &s.text)?;
        sheet.write_string_with_format(row, 3, unit.kind().label(), &s.text)?;
        sheet.write_number_with_format(row, 4, unit.students as f64, &s.int)?;
        for (i, ind) in section.indicators.iter().enumerate() {
            let value = section.values[i][u];
            let format = value_format(value, ind.standard, floor_ratio, s);
            sheet.write_number_with_format(row, 5 + i as u16, value, format)?;
        }
        let col = 5 + section.indicators.len() as u16;
        let verdict = &section.verdicts[u];
        match verdict.met {
            Some(met) => sheet.write_number_with_format(row, col, met as f64, &s.int)?,
            None => sheet.write_string_with_format(row, col, "—", &s.text)?,
        };
        match verdict.passes {
            Some(passes) => {
                let (text, format) = s.verdict(passes);
                sheet.write_string_with_format(row, col + 1, text, format)?
            }
            None => sheet.write_string_with_format(row, col + 1, "—", &s.text)?,
        };
    }
    let last_col = 6 + section.indicators.len() as u16;
    sheet.autofilter(0, 0, section.units.len() as u32, last_col)?;
    Ok(())
}

/// Yellow below the standard, red below the floor of the unit rule.
fn value_format(value: f64, standard: Option<f64>, floor: Option<f64>, s: &Styles) -> &Format {
    match (standard, floor) {
        (Some(st), Some(f)) if value < st * f => &s.below_floor,
        (Some(st), _) if value < st => &s.below_standard,
        _ => &s.number,
    }
}

pub(super) fn spread(sheet: &mut Worksheet, e: &Evaluation<'_>, s: &Styles) -> Result {
    for_print(sheet, "差异系数", 0)?;
    header(
        sheet,
        0,
        &[
            ("学段", 8.0),
            ("指标", 40.0),
            ("单位", 6.0),
            ("标准", 9.0),
            ("达标单位数", 11.0),
            ("均值（学生加权）", 14.0),
            ("标准差", 11.0),
            ("差异系数", 11.0),
            ("上限", 8.0),
            ("结论", 9.0),
            ("主要来源（占方差比例）", 60.0),
        ],
        s,
    )?;
    let mut row = 1;
    for section in &e.sections {
        for ind in &section.indicators {
            sheet.write_string_with_format(row, 0, section.section.label(), &s.text)?;
            sheet.write_string_with_format(row, 1, &ind.name, &s.text)?;
            sheet.write_string_with_format(row, 2, &ind.unit, &s.text)?;
            optional_number(sheet, row, 3, ind.standard, &s.number, s)?;
            optional_number(
                sheet,
                row,
                4,
                ind.units_meeting.map(|n| n as f64),
                &s.int,
                s,
            )?;
            sheet.write_number_with_format(row, 5, ind.spread.mean, &s.number)?;
            sheet.write_number_with_format(row, 6, ind.spread.sd, &s.number)?;
            match ind.spread.cv {
                Some(cv) => sheet.write_number_with_format(row, 7, cv, &s.cv)?,
                None => sheet.write_string_with_format(row, 7, "不可计算（均值为 0）", &s.fail)?,
            };
            optional_number(sheet, row, 8, ind.cv_max, &s.number, s)?;
            match ind.passes {
                Some(p) => {
                    let (text, format) = s.verdict(p);
                    sheet.write_string_with_format(row, 9, text, format)?
                }
                None => sheet.write_string_with_format(row, 9, "—", &s.text)?,
            };
            let drivers: Vec<String> = ind
                .drivers
                .iter()
                .map(|d| format!("{} {:.1}%", section.units[d.unit].name(), d.share * 100.0))
                .collect();
            sheet.write_string_with_format(row, 10, drivers.join("；"), &s.text)?;
            row += 1;
        }
        if let Some(c) = &section.composite {
            sheet.write_string_with_format(row, 0, section.section.label(), &s.text)?;
            sheet.merge_range(
                row,
                1,
                row,
                6,
                "综合差异系数（各单项差异系数的平均值）",
                &s.header,
            )?;
            match c.cv {
                Some(cv) => sheet.write_number_with_format(row, 7, cv, &s.cv)?,
                None => sheet.write_string_with_format(row, 7, "不可计算", &s.fail)?,
            };
            sheet.write_number_with_format(row, 8, c.cv_max, &s.number)?;
            let (text, format) = s.verdict(c.passes);
            sheet.write_string_with_format(row, 9, text, format)?;
            sheet.write_string_with_format(row, 10, "", &s.text)?;
            row += 1;
        }
    }
    Ok(())
}

pub(super) fn optional_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
    f: &Format,
    s: &Styles,
) -> Result {
    match v {
        Some(v) => sheet.write_number_with_format(row, col, v, f)?,
        None => sheet.write_string_with_format(row, col, "—", &s.text)?,
    };
    Ok(())
}

pub(super) fn gaps(sheet: &mut Worksheet, e: &Evaluation<'_>, s: &Styles) -> Result {
    for_print(sheet, "差距", 0)?;
    header(
        sheet,
        0,
        &[
            ("学段", 8.0),
            ("学校标识码", 13.0),
            ("学校名称", 28.0),
            ("达标项数", 9.0),
            ("指标", 36.0),
            ("现值", 10.0),
            ("目标值", 10.0),
            ("目标", 12.0),
            ("需增加", 10.0),
            ("单位", 6.0),
            ("说明", 60.0),
        ],
        s,
    )?;
    let mut row = 1;
    for section in &e.sections {
        for (u, verdict) in section.verdicts.iter().enumerate() {
            let unit = &section.units[u];
            for gap in &verdict.gaps {
                let name = &section.indicators[gap.indicator].name;
                sheet.write_string_with_format(row, 0, section.section.label(), &s.text)?;
                sheet.write_string_with_format(row, 1, unit.school_code().as_str(), &s.code)?;
                sheet.write_string_with_format(row, 2, unit.name(), &s.text)?;
                optional_number(sheet, row, 3, verdict.met.map(|m| m as f64), &s.int, s)?;
                sheet.write_string_with_format(row, 4, name, &s.text)?;
                sheet.write_number_with_format(row, 5, gap.value, &s.number)?;
                sheet.write_number_with_format(row, 6, gap.target_value, &s.number)?;
                let target = match gap.target {
                    GapTarget::Standard => "达到标准",
                    GapTarget::Floor => "达到最低比例",
                };
                sheet.write_string_with_format(row, 7, target, &s.text)?;
                let amount: f64 = format_amount(gap.amount, gap.quantity)
                    .parse()
                    .unwrap_or(gap.amount);
                sheet.write_number_with_format(row, 8, amount, &s.number)?;
                sheet.write_string_with_format(row, 9, gap.quantity.action_unit(), &s.text)?;
                sheet.write_string_with_format(row, 10, gap.describe(&e.policy), &s.text)?;
                row += 1;
            }
        }
    }
    if row > 1 {
        sheet.autofilter(0, 0, row - 1, 10)?;
    } else {
        sheet.merge_range(
            1,
            0,
            1,
            10,
            "所有评估单位均达到单位达标规则，无差距。",
            &s.text,
        )?;
    }
    Ok(())
}

pub(super) fn improvements(sheet: &mut Worksheet, e: &Evaluation<'_>, s: &Styles) -> Result {
    for_print(sheet, "差异系数改进", 0)?;
    header(
        sheet,
        0,
        &[
            ("学段", 8.0),
            ("指标", 36.0),
            ("当前差异系数", 12.0),
            ("目标差异系数", 12.0),
            ("改进后差异系数", 13.0),
            ("学校标识码", 13.0),
            ("学校名称", 28.0),
            ("现值", 10.0),
            ("改进后", 10.0),
            ("需增加", 10.0),
            ("单位", 6.0),
        ],
        s,
    )?;
    let mut row = 1;
    for section in &e.sections {
        for ind in &section.indicators {
            let Some(plan) = &ind.improvement else {
                continue;
            };
            for change in &plan.changes {
                let unit = &section.units[change.unit];
                sheet.write_string_with_format(row, 0, section.section.label(), &s.text)?;
                sheet.write_string_with_format(row, 1, &ind.name, &s.text)?;
                optional_number(sheet, row, 2, ind.spread.cv, &s.cv, s)?;
                sheet.write_number_with_format(row, 3, plan.target_cv, &s.cv)?;
                sheet.write_number_with_format(row, 4, plan.cv_after, &s.cv)?;
                sheet.write_string_with_format(row, 5, unit.school_code().as_str(), &s.code)?;
                sheet.write_string_with_format(row, 6, unit.name(), &s.text)?;
                sheet.write_number_with_format(row, 7, change.from, &s.number)?;
                sheet.write_number_with_format(row, 8, change.to, &s.number)?;
                sheet.write_number_with_format(row, 9, change.amount, &s.number)?;
                sheet.write_string_with_format(row, 10, ind.quantity.action_unit(), &s.text)?;
                row += 1;
            }
        }
    }
    if row == 1 {
        sheet.merge_range(1, 0, 1, 10, "所有差异系数均在上限以内，无需改进。", &s.text)?;
    } else {
        sheet.autofilter(0, 0, row - 1, 10)?;
    }
    Ok(())
}

pub(super) fn excluded(sheet: &mut Worksheet, e: &Evaluation<'_>, s: &Styles) -> Result {
    for_print(sheet, "未参评", 0)?;
    header(
        sheet,
        0,
        &[("学校标识码", 13.0), ("学校名称", 30.0), ("原因", 60.0)],
        s,
    )?;
    for (i, x) in e.excluded.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string_with_format(row, 0, x.school_code.as_str(), &s.code)?;
        sheet.write_string_with_format(row, 1, &x.name, &s.text)?;
        sheet.write_string_with_format(row, 2, x.reason.describe(), &s.text)?;
    }
    Ok(())
}
