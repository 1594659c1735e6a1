//! Writing the student template (.xlsx with example rows, drop-down lists and a 说明 sheet).

use super::columns::*;
use super::{COLUMNS, Disability, Placement, SHEET_NAME, Stage};
use crate::table::write::{self, Sheet, V, int, labels, t};

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每名学生填一行；同一文件中学籍号不能重复。",
    "学籍号填全国学籍号（G 加 18 位身份证号）或临时学籍号（L 开头），请保持文本格式，不要让 Excel 转成数字或科学计数法。全国学籍号的性别、出生日期须与性别、出生日期两列一致。",
    "请不要上传身份证号列：学籍号已含所需信息。含身份证号列的文件会被整体拒绝；其他列（如姓名、班级）中像身份证号的内容也会被拒绝。",
    "学生信息仅用于督导评估的统计，导入时的问题提示不会显示姓名，学籍号只显示部分字符。",
    "户籍为随迁（进城务工人员随迁子女）时填写户籍所在省份；残疾学生同时填写残疾类别和安置方式。是/否列留空表示否。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列和应填的内容，本次不写入任何记录。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。数据填在「学籍」工作表中；填写前请删除示例行（示例中的学生均为虚构）。",
];

/// The example rows of the template: invented children, with 学籍号 of valid check characters.
pub(super) fn examples() -> Vec<Vec<V>> {
    let text = |s: &str| if s.is_empty() { V::E } else { t(s) };
    // 学籍号, 姓名, 性别, 出生日期, 学段, 年级, 班级, 户籍所在省份 (empty: 本地), then 留守儿童,
    // 残疾类别, 安置方式, 脱贫户, 低保, 孤儿, 事实无人抚养, 困境儿童, 寄宿, 政府购买学位.
    type Example<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        Stage,
        i32,
        &'a str,
        &'a str,
    );
    let row = |(number, name, sex, birth, stage, grade, class, province): Example<'_>,
               rest: [&str; 10]| {
        let mut cells = vec![
            t(number),
            t(name),
            t(sex),
            t(birth),
            t(stage.label()),
            int(grade),
            t(class),
            t(if province.is_empty() {
                "本地"
            } else {
                "随迁"
            }),
            text(province),
        ];
        cells.extend(rest.map(text));
        cells
    };
    let (physical, regular) = (Disability::Physical.label(), Placement::Regular.label());
    vec![
        row(
            (
                "G500112201609010015",
                "张示例",
                "男",
                "2016-09-01",
                Stage::Primary,
                2,
                "(1)班",
                "",
            ),
            ["是", "", "", "", "", "", "", "", "", ""],
        ),
        row(
            (
                "G500112201505200025",
                "李示例",
                "女",
                "2015-05-20",
                Stage::Primary,
                4,
                "(2)班",
                "四川省",
            ),
            ["否", "", "", "是", "", "", "", "", "", ""],
        ),
        row(
            (
                "G500112201111110035",
                "王示例",
                "男",
                "2011-11-11",
                Stage::Junior,
                7,
                "3班",
                "",
            ),
            ["", physical, regular, "", "", "", "", "", "是", ""],
        ),
        row(
            (
                "L5001122024000123",
                "赵示例",
                "女",
                "2011-02-14",
                Stage::Junior,
                8,
                "1班",
                "贵州省",
            ),
            ["", "", "", "", "", "", "", "", "", "是"],
        ),
    ]
}

/// The student template: an .xlsx with the 学籍 sheet (header with a note per column,
/// drop-down lists, four example rows of invented children) and a 说明 sheet explaining each
/// column and the rules — among them that 身份证号 must not be uploaded.
pub fn write_template() -> Vec<u8> {
    let yes_no = || vec!["是", "否"];
    let mut sheet = Sheet::template(SHEET_NAME, COLUMNS, examples())
        .numbers_general(COLUMNS)
        .choose(SEX, vec!["男", "女"])
        .choose(STAGE, labels(&Stage::ALL, Stage::label))
        .choose(GRADE, vec!["1", "2", "3", "4", "5", "6", "7", "8", "9"])
        .choose(HUKOU, vec!["本地", "随迁"])
        .choose(PROVINCE, super::PROVINCES.to_vec())
        .choose(DISABILITY, labels(&Disability::ALL, Disability::label))
        .choose(PLACEMENT, labels(&Placement::ALL, Placement::label));
    for label in super::Flags::LABELS {
        sheet = sheet.choose(label, yes_no());
    }
    write::template(sheet, COLUMNS, RULES)
}
