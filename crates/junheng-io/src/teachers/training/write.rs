//! Writing the training templates (.xlsx with example rows and a 说明 sheet).

use junheng_teachers::training::Level;

use super::columns::{LEVEL, SOURCE};
use super::{BUDGET_COLUMNS, BUDGET_SHEET_NAME, COLUMNS, SHEET_NAME};
use crate::table::write::{self, Sheet, V, labels, t};

/// Rules shown on the ledger template's 说明 sheet.
const RULES: &[&str] = &[
    "每次培训填一行：教师编号、培训项目、培训级别（国培、市培、区培、校培）、开始和结束日期、学时、证书编号（可不填）和来源（平台导出或手工录入，不填为平台导出）。",
    "教师编号须在导入时所选学年的教师花名册中；不要填写身份证号、姓名等个人信息。",
    "用于督导评估政府保障程度「教师 5 年 360 学时培训完成率 100%」一项：每个周期为 5 个自然年（2021–2025、2026–2030），记录计入结束日期所在的周期，学时达到 360 即完成；周期中途入职的教师按剩余整年数折算。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录。同一教师、同一培训项目、同一开始日期为同一条记录，重复导入不会重复计算。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。数据填在「培训台账」工作表中；填写前请删除示例行。",
];

/// Rules shown on the budget template's 说明 sheet.
const BUDGET_RULES: &[&str] = &[
    "每校每个预算年度填一行：学校标识码、年度、公用经费预算（元）和其中用于教师培训的经费（元）。",
    "用于督导评估教育质量「所有学校按照不低于学校年度公用经费预算总额的 5% 安排教师培训经费」一项。",
    "一个文件全部导入或全部不导入；已填报的学校和年度会被新文件中的同一学校、同一年度替换（须确认）。",
    "学校标识码为 10 位文本，请保持文本格式。数据填在「培训经费」工作表中；填写前请删除示例行。",
];

fn num(v: f64) -> V {
    V::N(v)
}

/// The ledger template: an .xlsx with the 培训台账 sheet (header with a note per column, four
/// example rows, one per level) and a 说明 sheet.
pub fn write_template() -> Vec<u8> {
    let row = |id: &str,
               course: &str,
               level: &str,
               start: &str,
               end: &str,
               hours: f64,
               cert: &str,
               source: &str|
     -> Vec<V> {
        vec![
            t(id),
            t(course),
            t(level),
            t(start),
            t(end),
            num(hours),
            if cert.is_empty() { V::E } else { t(cert) },
            t(source),
        ]
    };
    let rows = vec![
        row(
            "T0001",
            "国培计划·乡村教师访名校",
            "国培",
            "2024-07-08",
            "2024-07-12",
            40.0,
            "GP2024-001",
            "平台导出",
        ),
        row(
            "T0001",
            "市级骨干教师研修",
            "市培",
            "2024-10-12",
            "2024-10-13",
            16.0,
            "",
            "平台导出",
        ),
        row(
            "T0002",
            "区级新课标专题培训",
            "区培",
            "2025-03-01",
            "2025-03-01",
            6.0,
            "",
            "平台导出",
        ),
        row(
            "T0002",
            "校本研修：作业设计",
            "校培",
            "2025-04-10",
            "2025-04-10",
            2.5,
            "",
            "手工录入",
        ),
    ];
    let sheet = Sheet::template(SHEET_NAME, COLUMNS, rows)
        .numbers_general(COLUMNS)
        .choose(LEVEL, labels(&Level::ALL, Level::label))
        .choose(SOURCE, vec!["平台导出", "手工录入"]);
    write::template(sheet, COLUMNS, RULES)
}

/// The budget template: an .xlsx with the 培训经费 sheet (two example rows, one of them below
/// 5 %) and a 说明 sheet.
pub fn write_budget_template() -> Vec<u8> {
    let rows = vec![
        vec![
            t("5001120001"),
            num(2025.0),
            num(1_200_000.0),
            num(60_000.0),
        ],
        vec![t("5001120002"), num(2025.0), num(800_000.0), num(32_000.0)],
    ];
    let sheet =
        Sheet::template(BUDGET_SHEET_NAME, BUDGET_COLUMNS, rows).numbers_general(BUDGET_COLUMNS);
    write::template(sheet, BUDGET_COLUMNS, BUDGET_RULES)
}
