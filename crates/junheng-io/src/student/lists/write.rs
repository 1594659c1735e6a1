//! Writing the list template and the result of a comparison.

use std::fmt;

use junheng_core::privacy::shown;
use junheng_core::student::StudentNumber;

use super::{COLUMNS, ListKind, NAME, NUMBER, SHEET_NAME, TOWNSHIP};
use crate::export::{Cell, Table as Out, write_xlsx};
use crate::table::write::{self, Sheet, V, t};

/// Rules shown on the list template's 说明 sheet.
const RULES: &[&str] = &[
    "本模板用于“四查三比对”：把公安的户籍适龄儿童名单、乡村振兴或民政部门的脱贫户（低保）家庭适龄子女名单、学校的在校学生名单与学籍比对。上传时选择名单类型，各类名单使用同一模板。",
    "每名学生填一行；同一文件中学籍号不能重复。学籍号填全国学籍号（G 加 18 位身份证号）或临时学籍号（L 开头），请保持文本格式。",
    "请不要上传身份证号列：学籍号已含所需信息。含身份证号列的文件会被整体拒绝；其他列中像身份证号的内容也会被拒绝。",
    "出生日期可不填；填写时须与全国学籍号一致。导入时的问题提示不会显示姓名和备注，学籍号只显示部分字符；比对结果中的学籍号同样部分隐藏。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列和应填的内容。表头须位于第一行，列的顺序不限；数据填在「名单」工作表中，填写前请删除示例行（示例中的学生均为虚构）。",
];

/// The list template: an .xlsx with the 名单 sheet (a note per column, three invented
/// children) and a 说明 sheet explaining each column and the rules.
pub fn write_list_template() -> Vec<u8> {
    let row = |cells: [&str; 5]| -> Vec<V> {
        cells
            .iter()
            .map(|c| if c.is_empty() { V::E } else { t(c) })
            .collect()
    };
    let examples = vec![
        row(["G500112201609010015", "张示例", "2016-09-01", "示例镇", ""]),
        row([
            "G500112201505200025",
            "李示例",
            "2015-05-20",
            "示例街道",
            "父母在外务工",
        ]),
        row(["L5001122024000123", "赵示例", "", "示例镇", "临时学籍号"]),
    ];
    write::template(
        Sheet::template(SHEET_NAME, COLUMNS, examples),
        COLUMNS,
        RULES,
    )
}

/// A row of an uploaded list that did not match the registry, as [`write_comparison`] writes it.
#[derive(Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Its row in the uploaded list.
    pub row: usize,
    /// 学籍号, masked ([`StudentNumber::masked`]); a full number given here is masked anyway.
    pub number_masked: String,
    /// 姓名, from the uploaded list itself (hidden in `Debug`).
    pub name: String,
    /// 乡镇（街道）, from the uploaded list.
    pub township: String,
    /// What the comparison found, in Chinese (「学籍中无此学生，疑似失学」).
    pub finding: String,
}

impl fmt::Debug for Mismatch {
    /// The name is shown as "…".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mismatch")
            .field("row", &self.row)
            .field("number_masked", &mask_number(&self.number_masked))
            .field("name", &"…")
            .field("township", &self.township)
            .field("finding", &self.finding)
            .finish()
    }
}

/// A 学籍号 as the comparison shows it: masked whatever the caller passed.
pub(crate) fn mask_number(text: &str) -> String {
    match StudentNumber::parse(text.trim()) {
        Ok(n) => n.masked(),
        Err(_) => shown(text).into_owned(),
    }
}

/// A text cell that never shows a 身份证号, cut to the 32 767 characters a cell may hold.
fn safe(text: &str) -> Cell {
    Cell::text(shown(text).chars().take(32_767).collect::<String>())
}

/// The comparison of one list with the registry as a workbook: 比对结果 (the list, the file,
/// the day, how many rows matched and did not), 未匹配 (one row per row of the list that did not
/// match: 行号, 学籍号 masked, 姓名 and 乡镇（街道） from the list, 比对发现) and 说明. No
/// 学籍号 is written in full, whatever `mismatches` holds.
pub fn write_comparison(
    kind: ListKind,
    file: &str,
    compared_on: &str,
    matched: usize,
    mismatches: &[Mismatch],
) -> Vec<u8> {
    let count = |n: usize| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let summary = vec![
        vec![Cell::text("名单类型"), Cell::text(kind.label())],
        vec![Cell::text("比对依据"), Cell::text(kind.purpose())],
        vec![Cell::text("上传文件"), safe(file)],
        vec![Cell::text("比对日期"), safe(compared_on)],
        vec![
            Cell::text("名单人数"),
            count(matched.saturating_add(mismatches.len())),
        ],
        vec![Cell::text("与学籍一致"), count(matched)],
        vec![Cell::text("未匹配"), count(mismatches.len())],
    ];
    let rows = mismatches
        .iter()
        .map(|m| {
            vec![
                count(m.row),
                safe(&mask_number(&m.number_masked)),
                safe(&m.name),
                safe(&m.township),
                safe(&m.finding),
            ]
        })
        .collect();
    let guide = [
        "本表为“四查三比对”的比对结果：列出上传名单中与学籍不一致的行，请逐一核查并登记处置情况。",
        "行号为上传名单中的行号；姓名、乡镇（街道）取自上传名单；学籍号只显示部分字符。",
        "本表含学生姓名，仅供控辍保学工作使用，不得公开或转发。",
    ];
    let tables = [
        Out {
            sheet: "比对结果",
            headers: vec!["项目".into(), "内容".into()],
            rows: summary,
        },
        Out {
            sheet: "未匹配",
            headers: ["行号", NUMBER, NAME, TOWNSHIP, "比对发现"]
                .map(String::from)
                .to_vec(),
            rows,
        },
        Out {
            sheet: "说明",
            headers: vec!["说明".into()],
            rows: guide.iter().map(|g| vec![Cell::text(*g)]).collect(),
        },
    ];
    write_xlsx(&tables).expect("the comparison's sheets and texts are always writable")
}
