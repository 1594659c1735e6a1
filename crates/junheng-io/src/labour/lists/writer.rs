//! The 劳动清单 written out: a list in the template's shape and the blank template.

use super::*;
use crate::table::write::{self, Sheet, V, int, t};

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每个劳动项目填一行；项目编号在各版本间保持不变。",
    "区级清单：列出全部项目，每个学段都要以必做项目覆盖规定的任务群（默认设置见 README）。",
    "校本清单：只填本校新增的项目、对区级项目的加强（填相同编号，频次、时长只能提高），以及不采用的区级选做项目（不采用 填 是）。区级必做项目不得删除、改为选做、降低频次或时长，也不得改任务群、年级或场所。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入。",
    "导入后成为新版本，旧版本保留；撤回本版本即恢复上一版本。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。填写前请删除示例行。",
];

/// A list in the template's shape (.xlsx): each item a row, each dropped code a row with
/// 不采用 = 是 — what `junheng labour lists show --xlsx` writes, and what [`read`] reads back.
pub fn write_list(list: &Checklist) -> Vec<u8> {
    let mut rows: Vec<Vec<V>> = list
        .items
        .iter()
        .map(|i| {
            let grades = match i.grades {
                Grades::Band(b) => b.label().to_owned(),
                Grades::Grade(g) => g.to_string(),
            };
            vec![
                t(i.code.as_str()),
                t(i.group.label()),
                t(&grades),
                t(i.place.label()),
                t(&i.content),
                t(i.frequency.unit.label()),
                int(i32::from(i.frequency.times)),
                int(i32::from(i.minutes)),
                t(if i.mandatory { "是" } else { "否" }),
                t(&i.safety_note),
                t(""),
            ]
        })
        .collect();
    rows.extend(list.removals.iter().map(|c| {
        let mut row = vec![t(c.as_str())];
        row.extend((0..9).map(|_| t("")));
        row.push(t("是"));
        row
    }));
    let sheet = Sheet::template(SHEET, COLUMNS, rows).numbers_general(COLUMNS);
    write::template(sheet, COLUMNS, RULES)
}

/// The template: an .xlsx with the list sheet (header with a note per column, four example
/// rows, drop-downs of the word columns) and a 说明 sheet.
pub fn write_template() -> Vec<u8> {
    let example = |code: &str,
                   group: &str,
                   grades: &str,
                   place: &str,
                   content: &str,
                   unit: &str,
                   times: i32,
                   minutes: i32,
                   mandatory: &str,
                   safety: &str| {
        vec![
            t(code),
            t(group),
            t(grades),
            t(place),
            t(content),
            t(unit),
            int(times),
            int(minutes),
            t(mandatory),
            t(safety),
            t(""),
        ]
    };
    let rows = vec![
        example(
            "Q1-01",
            "整理与收纳",
            "第一学段",
            "家庭",
            "整理自己的书包和文具",
            "每天",
            1,
            10,
            "是",
            "",
        ),
        example(
            "Q2-01",
            "清洁与卫生",
            "第二学段",
            "家庭",
            "洗自己的袜子和鞋",
            "每周",
            2,
            15,
            "是",
            "使用洗衣液后洗手",
        ),
        example(
            "Q2-02",
            "烹饪与营养",
            "第二学段",
            "家庭",
            "做一道凉拌菜",
            "每月",
            1,
            30,
            "否",
            "用刀须有家长在旁",
        ),
        example(
            "X3-01",
            "公益劳动与志愿服务",
            "5年级",
            "社会",
            "参加社区垃圾分类宣传",
            "每学期",
            2,
            60,
            "是",
            "由教师带队",
        ),
    ];
    let sheet = Sheet::template(SHEET, COLUMNS, rows)
        .numbers_general(COLUMNS)
        .choose(GROUP, labels(TaskGroup::ALL, TaskGroup::label))
        .choose(PLACE, labels(Place::ALL, Place::label))
        .choose(UNIT, labels(Unit::ALL, Unit::label))
        .choose(MANDATORY, vec!["是", "否"])
        .choose(DROP, vec!["是", "否"]);
    write::template(sheet, COLUMNS, RULES)
}
