//! Writing the 师徒结对 file: the template and the stored pairs in the same layout.

use junheng_teachers::mentors::{Outcome, Pair};

use super::columns::*;
use super::{COLUMNS, SHEET_NAME};
use crate::table::write::{self, Sheet, V, labels, t};

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每对师徒填一行：师傅和徒弟的教师编号（不是身份证号）及其在结对开始时所在的学校、学科、起止日期、目标、活动次数和结果。",
    "结对范围按开始日期自动判断：同校为校内；两校同属一个教育集团为集团内；两校在一项结对帮扶中为结对帮扶；其余为跨校。",
    "每位徒弟每个学科只能有一位在带师傅；每位师傅同时带徒不超过规定人数（默认 3 名）；师傅应为骨干教师或一级及以上职称。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容。导入的文件替换当前的结对（须确认），可撤回。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；学校标识码为 10 位文本。数据填在「师徒结对」工作表中；填写前请删除示例行。",
];

fn row(p: &Pair) -> Vec<V> {
    let text = |s: &str| if s.is_empty() { V::E } else { t(s) };
    vec![
        t(p.mentor.as_str()),
        t(p.mentor_school.as_str()),
        t(p.mentee.as_str()),
        t(p.mentee_school.as_str()),
        t(&p.subject),
        t(&p.start),
        p.end.as_deref().map_or(V::E, t),
        text(&p.goals),
        V::N(f64::from(p.meetings_held)),
        V::N(f64::from(p.meetings_planned)),
        p.outcome.map_or(V::E, |o| t(o.label())),
    ]
}

/// Pairs in the template's layout (with its 说明 sheet).
pub fn write_pairs(pairs: &[Pair]) -> Vec<u8> {
    let sheet = Sheet::template(SHEET_NAME, COLUMNS, pairs.iter().map(row).collect())
        .numbers_general(COLUMNS)
        .choose(OUTCOME, labels(Outcome::ALL, Outcome::label));
    write::template(sheet, COLUMNS, RULES)
}

/// The template: two example pairs, one running and one ended 优秀.
pub fn write_template() -> Vec<u8> {
    let id = |s: &str| junheng_rotation::TeacherId::parse(s).expect("example id");
    let code = |c: &str| junheng_core::school::SchoolCode::parse(c).expect("example code");
    write_pairs(&[
        Pair {
            mentor: id("T0001"),
            mentor_school: code("5001120001"),
            mentee: id("T0100"),
            mentee_school: code("5001120001"),
            subject: "数学".into(),
            start: "2024-09-01".into(),
            end: None,
            goals: "一年内独立承担公开课".into(),
            meetings_held: 6,
            meetings_planned: 20,
            outcome: None,
        },
        Pair {
            mentor: id("T0002"),
            mentor_school: code("5001120001"),
            mentee: id("T0101"),
            mentee_school: code("5001120003"),
            subject: "语文".into(),
            start: "2023-09-01".into(),
            end: Some("2024-07-10".into()),
            goals: String::new(),
            meetings_held: 12,
            meetings_planned: 12,
            outcome: Some(Outcome::Excellent),
        },
    ])
}
