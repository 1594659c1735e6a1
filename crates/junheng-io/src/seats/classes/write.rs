//! Writing the class table template (.xlsx with example rows and a 说明 sheet).

use super::{COLUMNS, SHEET_NAME};
use crate::table::write::{self, Sheet, V, int, t};

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每个班填一行：学校标识码、年级（1–9，一至六年级为小学，七至九年级为初中）、班级名称和在籍学生数。学年在导入时选择。",
    "用于督导评估政府保障程度「所有小学、初中每个班级学生数分别不超过 45 人、50 人」一项；56 人及以上为大班额，66 人及以上为超大班额。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录。再次导入同一学年会替换该学年的班级表（须确认）。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。学校标识码为 10 位文本，请保持文本格式。",
    "数据填在「班级规模」工作表中；填写前请删除示例行。",
];

/// The class table template: an .xlsx with the 班级规模 sheet (header with a note per column,
/// four example rows) and a 说明 sheet.
pub fn write_template() -> Vec<u8> {
    let row = |school: &str, grade: i32, class: &str, pupils: i32| -> Vec<V> {
        vec![t(school), int(grade), t(class), int(pupils)]
    };
    let rows = vec![
        row("5001120001", 1, "1班", 44),
        row("5001120001", 1, "2班", 45),
        row("5001120002", 7, "七（1）班", 50),
        row("5001120002", 7, "七（2）班", 57),
    ];
    let sheet = Sheet::template(SHEET_NAME, COLUMNS, rows).numbers_general(COLUMNS);
    write::template(sheet, COLUMNS, RULES)
}
