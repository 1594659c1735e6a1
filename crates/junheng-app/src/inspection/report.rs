//! The 自评报告 (self-assessment report) of a school year: the status ([`super::Status`]) and the
//! evaluation of 资源配置 written into the sections of a .docx template (the district's own, or
//! [`default_template`]) — 基本情况, 资源配置 (per 学段 差异系数 table and chart, every unit's
//! result), 政府保障程度 (15 rows), 教育质量 (9), 社会认可度, 一票否决, 佐证材料清单, 存在问题与整改,
//! 结论 — with the rulebook, the data stamp and the generation time in the footer. The same data,
//! template and time give the same bytes.

use std::collections::BTreeMap;

use junheng_core::evaluate::Evaluation;
use junheng_core::rulebook::Dimension;
use junheng_core::school::school_year;
use junheng_io::docx::{
    BarChart, Block, DocxError, FIELDS, Paragraph, SECTIONS, Series, Table, Threshold,
    default_template, fill, numeral,
};
use junheng_io::export::{Cell as X, Table as XTable};
use junheng_store::{Actor, DistrictStore, ReportTemplate, StoreError};
use sha2::{Digest, Sha256};

use super::{INPUTS, Status};

/// Most lines of the gap list written into the report; the rest are in the workbook.
pub const MAX_GAP_LINES: usize = 300;

/// What the report is generated for and when.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOf<'a> {
    /// The district's name (区县).
    pub district: &'a str,
    /// When it is generated, Beijing time, `YYYY-MM-DD HH:MM` (printed, never read from the
    /// clock here).
    pub generated: &'a str,
}

/// The report: `template` (the district's, or the default when `None`) filled from `status`
/// and the evaluation of the same year.
pub fn write(
    status: &Status,
    evaluation: Option<&Evaluation<'_>>,
    of: &ReportOf<'_>,
    template: Option<&[u8]>,
) -> Result<Vec<u8>, DocxError> {
    let default;
    let template = match template {
        Some(t) => t,
        None => {
            default = default_template();
            &default
        }
    };
    let sections = blocks(status, evaluation, of)
        .into_iter()
        .map(|(name, b)| (name.to_owned(), b))
        .collect();
    fill(template, &fields(status, of), &sections)
}

/// The footer's stamp: rulebook and version · data stamp · generation time.
pub fn stamp(status: &Status, generated: &str) -> String {
    format!(
        "{}@{} · 数据戳 {} · 生成于 {generated}",
        status.verdict.rulebook, status.verdict.rulebook_version, status.stamp
    )
}

/// The template's fields: 区县, 年度, 日期 (in Chinese), 生成信息 (the stamp).
pub fn fields(status: &Status, of: &ReportOf<'_>) -> BTreeMap<String, String> {
    let date = of.generated.get(..10).unwrap_or(of.generated);
    let chinese_date = match date.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => format!(
            "{y}年{}月{}日",
            m.trim_start_matches('0'),
            d.trim_start_matches('0')
        ),
        _ => date.to_owned(),
    };
    [
        ("区县", of.district.to_owned()),
        ("年度", status.year.to_string()),
        ("日期", chinese_date),
        ("生成信息", stamp(status, of.generated)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn text(t: impl Into<String>) -> Block {
    Block::Paragraph(Paragraph::text(t))
}

fn table(caption: &str, header: &[&str], rows: Vec<Vec<String>>, widths: &[u32]) -> Block {
    Block::Table(Table {
        caption: caption.to_owned(),
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows,
        widths: widths.to_vec(),
    })
}

/// Every section's blocks, in the order of [`SECTIONS`] (the print page shows the same).
pub fn blocks(
    status: &Status,
    evaluation: Option<&Evaluation<'_>>,
    of: &ReportOf<'_>,
) -> Vec<(&'static str, Vec<Block>)> {
    SECTIONS
        .iter()
        .map(|&name| {
            let b = match name {
                "基本情况" => basics(status, evaluation, of),
                "资源配置" => resources(evaluation),
                "政府保障程度" => items(status, Dimension::Guarantee),
                "教育质量" => items(status, Dimension::Quality),
                "社会认可度" => recognition(status),
                "一票否决" => items(status, Dimension::Veto),
                "佐证材料清单" => evidence(status),
                "存在问题与整改" => gaps(status),
                _ => conclusion(status),
            };
            (name, b)
        })
        .collect()
}

fn basics(status: &Status, evaluation: Option<&Evaluation<'_>>, of: &ReportOf<'_>) -> Vec<Block> {
    let v = &status.verdict;
    let mut blocks = vec![text(format!(
        "本报告依据《{}》（规则 {}，版本 {}），对{}{}的义务教育优质均衡发展情况进行自评。报告中的数据均由均衡（Junheng）平台依据已导入和录入的数据计算，每项指标的计算依据、未达标单位和佐证材料可在平台的“督导评估”页面逐项查看。",
        status_rulebook_name(status),
        v.rulebook,
        v.rulebook_version,
        of.district,
        school_year(status.year)
    ))];
    if let Some(e) = evaluation {
        let rows = e
            .sections
            .iter()
            .map(|s| {
                vec![
                    s.section.label().to_owned(),
                    s.units.len().to_string(),
                    s.students.to_string(),
                    (s.units.len() - s.failing_units).to_string(),
                ]
            })
            .collect();
        blocks.push(table(
            &format!("表 1 {} 参评单位与学生", school_year(status.year)),
            &["学段", "参评单位（所）", "在校生（人）", "单校达标（所）"],
            rows,
            &[2, 2, 2, 2],
        ));
        let excluded = e.excluded.len();
        if excluded > 0 {
            blocks.push(text(format!(
                "另有 {excluded} 所学校未形成参评单位（如特殊教育学校、按规则不参评的教学点），见平台“未参评”清单。"
            )));
        }
    }
    blocks
}

fn status_rulebook_name(status: &Status) -> String {
    junheng_core::rulebook::Rulebook::builtin(&status.verdict.rulebook)
        .map_or_else(|_| status.verdict.rulebook.clone(), |r| r.name)
}

fn resources(evaluation: Option<&Evaluation<'_>>) -> Vec<Block> {
    let Some(e) = evaluation else {
        return vec![text("该学年没有可评估的学校统计数据，资源配置尚未评估。")];
    };
    let mut blocks = vec![text(if e.passes {
        "各学段单校达标和校际差异系数均达到标准，资源配置达标。".to_owned()
    } else {
        let failing: usize = e.sections.iter().map(|s| s.failing_units).sum();
        format!(
            "资源配置未达标：有 {failing} 个参评单位未达到单校标准，或有差异系数超过上限（见下表与“存在问题与整改”）。"
        )
    })];
    for (k, s) in e.sections.iter().enumerate() {
        let label = s.section.label();
        blocks.push(Block::Heading(
            2,
            format!("（{}）{label}", numeral(k as u32 + 1)),
        ));
        let rows = s
            .indicators
            .iter()
            .map(|i| {
                vec![
                    i.name.clone(),
                    i.standard
                        .map_or_else(|| "—".to_owned(), |x| format!("{x}")),
                    i.units_meeting
                        .map_or_else(|| "—".to_owned(), |n| n.to_string()),
                    i.spread
                        .cv
                        .map_or_else(|| "不可计算".to_owned(), |c| format!("{c:.3}")),
                    i.cv_max
                        .map_or_else(|| "—".to_owned(), |c| format!("{c:.2}")),
                    match i.passes {
                        Some(true) => "达标",
                        Some(false) => "未达标",
                        None => "—",
                    }
                    .to_owned(),
                ]
            })
            .collect();
        blocks.push(table(
            &format!("{label}各项指标的差异系数"),
            &["指标", "标准", "达标单位", "差异系数", "上限", "结论"],
            rows,
            &[5, 1, 1, 1, 1, 1],
        ));
        let limit = s.indicators.iter().find_map(|i| i.cv_max);
        blocks.push(Block::Chart(BarChart {
            title: format!("{label}各项指标差异系数"),
            categories: s.indicators.iter().map(|i| i.short.clone()).collect(),
            series: vec![Series {
                name: "差异系数".to_owned(),
                values: s
                    .indicators
                    .iter()
                    .map(|i| i.spread.cv.unwrap_or(f64::NAN))
                    .collect(),
            }],
            threshold: limit.map(|value| Threshold {
                name: "上限".to_owned(),
                value,
            }),
        }));
        let rows = s
            .units
            .iter()
            .zip(&s.verdicts)
            .map(|(u, v)| {
                vec![
                    u.school_code().to_string(),
                    u.record.name.clone(),
                    v.met.map_or_else(
                        || "—".to_owned(),
                        |m| format!("{m} / {}", s.indicators.len()),
                    ),
                    match v.passes {
                        Some(true) => "达标",
                        Some(false) => "未达标",
                        None => "—",
                    }
                    .to_owned(),
                ]
            })
            .collect();
        blocks.push(table(
            &format!("{label}各校（单位）达标情况"),
            &["学校标识码", "学校", "达标指标数", "单校结论"],
            rows,
            &[2, 4, 1, 1],
        ));
    }
    blocks
}

fn items(status: &Status, dimension: Dimension) -> Vec<Block> {
    let v = &status.verdict;
    let rows: Vec<Vec<String>> = status
        .items
        .iter()
        .filter(|i| i.def.dimension == dimension)
        .filter_map(|i| {
            let r = v.item(&i.def.id)?;
            Some(vec![
                i.def.no.to_string(),
                i.def.name.clone(),
                i.def.requirement.clone(),
                r.veto.map_or(r.status.label(), |x| x.label()).to_owned(),
                r.reason.clone(),
            ])
        })
        .collect();
    if rows.is_empty() {
        return vec![text(format!("所用规则未列入{}的指标。", dimension.label()))];
    }
    let summary = match v
        .parts
        .iter()
        .find(|p| p.part.dimension() == Some(dimension))
    {
        Some(p) => format!(
            "{}共 {} 项：达标 {} 项，未达标 {} 项，待认定 {} 项；结论：{}。",
            dimension.label(),
            rows.len(),
            p.met,
            p.not_met,
            p.undecided,
            p.status.label()
        ),
        None => {
            let clear = status
                .verdict
                .vetoes()
                .filter(|i| i.veto == Some(junheng_core::inspection::VetoStatus::Clear))
                .count();
            format!(
                "一票否决事项共 {} 项，其中经认定无此情形 {clear} 项。",
                rows.len()
            )
        }
    };
    vec![
        text(summary),
        table(
            &format!("{}指标", dimension.label()),
            &["序号", "指标", "要求", "结论", "依据与说明"],
            rows,
            &[1, 2, 5, 1, 5],
        ),
    ]
}

/// The self-check survey in one sentence (informative: it never decides the item).
pub fn self_check_line(status: &Status) -> String {
    match &status.self_check {
        None => "本学年未在平台完成社会认可度自测。".to_owned(),
        Some(l) => format!(
            "区县自测（仅供参考，不作为认定依据）：“{}”于 {} 结束，有效答卷 {} 份，总体认可度 {}{}。",
            l.title,
            l.closes_on,
            l.respondents,
            l.overall.map_or_else(
                || "无法计算".to_owned(),
                junheng_core::inspection::share::percent
            ),
            match l.meets {
                Some(true) => "，达到 85%",
                Some(false) => "，低于 85%",
                None => "",
            }
        ),
    }
}

fn recognition(status: &Status) -> Vec<Block> {
    let mut blocks = Vec::new();
    match status
        .item("recognition")
        .and_then(|i| i.input.computed.as_ref())
    {
        Some(c) if c.value.is_some() => {
            blocks.push(text(format!("国家社会认可度调查：{}。", c.note)));
        }
        _ => blocks.push(text("尚未录入国家社会认可度调查结果。")),
    }
    let entered: Vec<Vec<String>> = status
        .figures
        .iter()
        .filter(|f| f.withdrawn.is_none() && f.name.starts_with("recognition"))
        .map(|f| {
            vec![
                INPUTS
                    .iter()
                    .find(|i| i.id == f.name)
                    .map_or_else(|| f.name.clone(), |i| i.label.to_owned()),
                f.value.to_string(),
                f.source.clone(),
            ]
        })
        .collect();
    if !entered.is_empty() {
        blocks.push(table(
            "录入的调查数据",
            &["数据项", "数值", "来源"],
            entered,
            &[3, 1, 4],
        ));
    }
    blocks.push(text(self_check_line(status)));
    blocks
}

fn evidence(status: &Status) -> Vec<Block> {
    let rows: Vec<Vec<String>> = status
        .items
        .iter()
        .flat_map(|i| {
            i.documents.iter().map(move |d| {
                vec![
                    format!("{} {}", i.def.label(), i.def.name),
                    d.title.clone(),
                    d.file_name.clone(),
                    format!(
                        "{} {}",
                        d.uploaded_by,
                        d.uploaded_at.get(..10).unwrap_or_default()
                    ),
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        return vec![text("尚未上传佐证材料。")];
    }
    vec![
        text(format!(
            "共 {} 份佐证材料（每个材料名称的最新版本）。",
            rows.len()
        )),
        table(
            "佐证材料清单",
            &["指标", "材料名称", "文件", "上传人与日期"],
            rows,
            &[3, 3, 3, 2],
        ),
    ]
}

fn gaps(status: &Status) -> Vec<Block> {
    let g = &status.verdict.gaps;
    if g.is_empty() {
        return vec![text("未发现未达标的学校、指标或一票否决情形。")];
    }
    let rows = g
        .iter()
        .take(MAX_GAP_LINES)
        .map(|l| {
            vec![
                l.part.clone(),
                l.label.clone(),
                l.unit
                    .as_ref()
                    .map_or_else(|| "—".to_owned(), |u| u.name.clone()),
                l.remedy.clone(),
            ]
        })
        .collect();
    let mut blocks = vec![
        text(format!("共 {} 处差距，逐项列出整改方向如下。", g.len())),
        table(
            "差距清单",
            &["方面", "指标", "单位", "差距与整改"],
            rows,
            &[2, 2, 3, 6],
        ),
    ];
    if g.len() > MAX_GAP_LINES {
        blocks.push(text(format!(
            "此处列出前 {MAX_GAP_LINES} 处，完整清单见平台导出的督导评估表（差距清单工作表）。"
        )));
    }
    blocks
}

fn conclusion(status: &Status) -> Vec<Block> {
    let v = &status.verdict;
    let mut blocks = vec![text(format!(
        "综上，{}义务教育优质均衡发展自评结论：{}。",
        school_year(status.year),
        v.overall.label()
    ))];
    blocks.extend(v.reasons.iter().map(|r| text(r.clone())));
    blocks
}

/// Checks a district's own template — a .docx whose `{{…}}` are all fields of [`FIELDS`] or
/// sections of [`SECTIONS`], without macros, within the caps — by filling it once with empty
/// sections. The refusal says, in Chinese, what to change, with its code.
pub fn check_template(bytes: &[u8]) -> Result<(), DocxError> {
    let fields = FIELDS
        .iter()
        .map(|f| ((*f).to_owned(), String::new()))
        .collect();
    let sections = SECTIONS
        .iter()
        .map(|s| ((*s).to_owned(), Vec::new()))
        .collect();
    fill(bytes, &fields, &sections).map(|_| ())
}

/// Stores a district's own template after [`check_template`]; audited.
pub async fn upload_template(
    store: &DistrictStore,
    file_name: &str,
    bytes: &[u8],
    actor: &Actor,
) -> Result<ReportTemplate, StoreError> {
    check_template(bytes).map_err(|e| StoreError::Invalid(format!("{e}（{}）", e.code())))?;
    let sha256 = hex::encode(Sha256::digest(bytes));
    store
        .save_report_template(file_name, &sha256, bytes, actor)
        .await
}

/// The template a report of the district is written with: its own, else the default.
pub async fn template(store: &DistrictStore) -> Result<(String, Vec<u8>), StoreError> {
    Ok(match store.report_template().await? {
        Some((t, bytes)) => (t.file_name, bytes),
        None => ("自评报告模板.docx".to_owned(), default_template()),
    })
}

/// The 申报 tables: every item (part, number, name, decision, status, basis, reason) and the gap
/// list, as sheets of a workbook (`/inspection.xlsx`, `junheng inspection report --format xlsx`).
pub fn tables(s: &Status) -> Vec<XTable> {
    let items = XTable {
        sheet: "指标",
        headers: ["方面", "序号", "指标", "认定方式", "状态", "依据", "说明"]
            .map(str::to_owned)
            .to_vec(),
        rows: s
            .items
            .iter()
            .filter_map(|i| {
                let r = s.verdict.item(&i.def.id)?;
                Some(vec![
                    X::text(i.def.dimension.label()),
                    X::Integer(i64::from(i.def.no)),
                    X::text(i.def.name.clone()),
                    X::text(i.def.decision.label()),
                    X::text(r.veto.map_or(r.status.label(), |v| v.label())),
                    X::text(r.basis.label()),
                    X::text(r.reason.clone()),
                ])
            })
            .collect(),
    };
    let gaps = XTable {
        sheet: "差距清单",
        headers: ["方面", "指标", "单位代码", "单位", "差距与整改"]
            .map(str::to_owned)
            .to_vec(),
        rows: s
            .verdict
            .gaps
            .iter()
            .map(|g| {
                vec![
                    X::text(g.part.clone()),
                    X::text(g.label.clone()),
                    X::text(g.unit.as_ref().map_or("", |u| u.unit.as_str())),
                    X::text(g.unit.as_ref().map_or("", |u| u.name.as_str())),
                    X::text(g.remedy.clone()),
                ]
            })
            .collect(),
    };
    vec![items, gaps]
}
