//! Writing the session template (.xlsx with example rows, drop-down lists and a 说明 sheet).

use junheng_core::classroom::ClassroomKind;

use super::columns::*;
use super::{COLUMNS, SHEET_NAME};
use crate::table::write::{self, Sheet, V, int, labels, t};

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每节课填一行：谁上的课（本区县学校填「授课学校标识码」，区县外的授课方填「授课单位」，二者只填其一）、哪所学校接收、学科、日期和分钟数。",
    "专递课堂：为缺少音乐、美术、科学等学科教师的学校输送的课；名师课堂：名师上课或教研；名校网络课堂：名校的网络课程；同步课堂：教育集团内学校之间的同步互动课堂（两所学校须在同一集团）。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录；同一个文件不能重复导入。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。学校标识码为 10 位文本，请保持文本格式。",
    "数据填在「三个课堂」工作表中；填写前请删除示例行。",
];

/// The example rows of the template.
fn examples() -> Vec<Vec<V>> {
    let row = |kind: ClassroomKind,
               giver: &str,
               name: &str,
               receiver: &str,
               subject: &str,
               day: &str,
               minutes: i32,
               note: &str| {
        let text = |s: &str| if s.is_empty() { V::E } else { t(s) };
        vec![
            t(kind.label()),
            text(giver),
            text(name),
            t(receiver),
            t(subject),
            t(day),
            int(minutes),
            text(note),
        ]
    };
    vec![
        row(
            ClassroomKind::Remote,
            "5001120001",
            "",
            "5001120031",
            "音乐",
            "2024-09-10",
            40,
            "",
        ),
        row(
            ClassroomKind::Remote,
            "5001120001",
            "",
            "5001120031",
            "美术",
            "2024-09-12",
            40,
            "",
        ),
        row(
            ClassroomKind::FamousSchool,
            "",
            "重庆市巴蜀小学",
            "5001120032",
            "科学",
            "2024-09-13",
            40,
            "",
        ),
        row(
            ClassroomKind::Synchronous,
            "5001120002",
            "",
            "5001120033",
            "音乐",
            "2024-09-13",
            40,
            "三年级（1）班",
        ),
    ]
}

/// The session template: an .xlsx with the 三个课堂 sheet (header with a note per column, a
/// drop-down of 课堂类型, four example rows) and a 说明 sheet explaining each column and the
/// rules.
pub fn write_template() -> Vec<u8> {
    let sheet = Sheet::template(SHEET_NAME, COLUMNS, examples())
        .numbers_general(COLUMNS)
        .choose(KIND, labels(&ClassroomKind::ALL, ClassroomKind::label));
    write::template(sheet, COLUMNS, RULES)
}
