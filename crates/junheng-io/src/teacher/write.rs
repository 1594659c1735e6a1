//! Writing the roster: the template (.xlsx with examples and a 说明 sheet), CSV and .xlsx.

use std::io::{self, Write};

use junheng_core::school::SchoolCode;
use junheng_rotation::{BackboneLevel, Degree, Sex, Teacher, TeacherId, Title};
use rust_xlsxwriter::XlsxError;

use super::columns::*;
use super::{COLUMNS, SHEET_NAME};
use crate::table::write::{self, Sheet, V, int, labels, t, yes_no};

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每位教师每个学年填一行；同一学年内教师编号不能重复。",
    "教师编号必须是单位内部的教师编号。不要填写、不要上传居民身份证号：形如身份证号的编号会被拒绝导入。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。",
    "学校标识码为 10 位文本，请保持文本格式，不要让 Excel 转成数字。",
    "数据填在「教师花名册」工作表中；填写前请删除示例行。",
];

/// The cells of a teacher, in template order.
fn row(teacher: &Teacher) -> Vec<V> {
    vec![
        int(teacher.year),
        t(teacher.id.as_str()),
        t(teacher.school.as_str()),
        t(teacher.section.label()),
        t(&teacher.subject),
        t(teacher.degree.label()),
        t(teacher.backbone.label()),
        yes_no(teacher.pe_arts),
        int(teacher.start_year),
        int(teacher.birth_year),
        t(teacher.sex.label()),
        yes_no(teacher.on_staff),
        teacher.title.map_or(V::E, |x| t(x.label())),
    ]
}

fn sheet(teachers: &[Teacher]) -> Sheet {
    Sheet::template(SHEET_NAME, COLUMNS, teachers.iter().map(row).collect())
        .numbers_general(COLUMNS)
        .choose(SECTION, vec!["小学", "初中"])
        .choose(DEGREE, labels(Degree::ALL, Degree::label))
        .choose(BACKBONE, labels(BackboneLevel::ALL, BackboneLevel::label))
        .choose(PE_ARTS, vec!["是", "否"])
        .choose(SEX, labels(Sex::ALL, Sex::label))
        .choose(ON_STAFF, vec!["是", "否"])
        .choose(TITLE, labels(Title::ALL, Title::label))
}

/// The example rows of the template.
pub(super) fn examples() -> Vec<Teacher> {
    let example = |id: &str, school: &str, section, subject: &str| Teacher {
        year: 2024,
        id: TeacherId::parse(id).expect("example id"),
        school: SchoolCode::parse(school).expect("example code"),
        section,
        subject: subject.to_owned(),
        degree: Degree::Bachelor,
        backbone: BackboneLevel::None,
        pe_arts: false,
        start_year: 2015,
        birth_year: 1990,
        sex: Sex::Female,
        on_staff: true,
        title: None,
    };
    use junheng_core::school::Section::{Junior, Primary};
    vec![
        Teacher {
            backbone: BackboneLevel::District,
            title: Some(Title::First),
            ..example("T2024-0001", "5001120001", Primary, "语文")
        },
        Teacher {
            degree: Degree::College,
            pe_arts: true,
            start_year: 2020,
            birth_year: 1998,
            sex: Sex::Male,
            ..example("T2024-0002", "5001120001", Primary, "体育")
        },
        Teacher {
            degree: Degree::Graduate,
            backbone: BackboneLevel::City,
            start_year: 2012,
            birth_year: 1985,
            on_staff: false,
            title: Some(Title::Senior),
            ..example("T2024-0101", "5001120002", Junior, "数学")
        },
    ]
}

/// The roster template: an .xlsx with the 教师花名册 sheet (header with a note per column,
/// drop-down lists, three example rows) and a 说明 sheet explaining each column and the rules —
/// among them that ID numbers (身份证号) must not be uploaded.
pub fn write_template() -> Vec<u8> {
    write::template(sheet(&examples()), COLUMNS, RULES)
}

/// Writes teachers as CSV in the template: UTF-8 with a BOM, CRLF, the header of every column
/// in template order, then one row per teacher. It reads back to the same teachers.
pub fn write_csv(teachers: &[Teacher], out: &mut dyn Write) -> io::Result<()> {
    write::records_csv(COLUMNS, teachers, row, out)
}

/// Writes teachers as an .xlsx roster (sheet 教师花名册, codes and ids as text cells, years as
/// numbers, drop-down lists). It reads back to the same teachers. Fails only past the format's
/// limits (more than 1 048 575 teachers, a cell over 32 767 characters).
pub fn write_xlsx(teachers: &[Teacher]) -> Result<Vec<u8>, XlsxError> {
    write::xlsx(&[sheet(teachers)])
}
