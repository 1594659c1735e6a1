//! The student registry template (学籍): one row per child of a school and year — 学籍号, 姓名,
//! 性别, 出生日期, 学段, 年级, 班级, 户籍, 残疾 and the 资助 flags — read from .xlsx, .xlsm, .xls,
//! .ods or .csv (the shared table reader) into [`StudentFile`], and the template written by
//! [`write_template`].
//!
//! Reading checks every row and reports every problem at once, each with a stable `student.*`
//! code (see [`codes`]) located as the user sees it: file, sheet, row, column, value and what is
//! expected, in Chinese. Nothing is returned when anything is wrong (all or nothing). Headers
//! are matched exactly after trimming spaces, in any column order; unknown columns are warnings.
//!
//! The file identifies children, so:
//! * 学籍号 is the one column where an ID-shaped value is accepted (`G` + 身份证号, checked to
//!   its check character, or a temporary `L…`); an issue only ever shows it masked
//!   (`G5001**********0015`).
//! * A column whose header holds 身份证 refuses the whole file ([`codes::NATIONAL_ID_COLUMN`]);
//!   a value shaped like a 身份证号 in any other column is refused
//!   ([`codes::NATIONAL_ID_VALUE`]) and shown masked.
//! * 姓名 is never echoed (an issue says 「第 N 行的姓名」), nor a 出生日期 that disagrees with the
//!   学籍号; [`StudentLine`]'s `Debug` hides the name.
//!
//! The rules of a row:
//! * 性别 (男 | 女) and 出生日期 agree with a national 学籍号.
//! * 年级 is 1–6 for 小学 and 7–9 for 初中 (also 三年级, 初一, 七年级 …).
//! * 户籍 随迁 names 户籍所在省份 (one of the 34 provincial-level divisions, short forms
//!   accepted); 本地 leaves it empty.
//! * 残疾类别 and 安置方式 are both filled or both empty.
//! * The flags (留守儿童 … 政府购买学位) are 是 or 否, empty meaning 否.
//! * A 学籍号 appears once in the file ([`codes::DUPLICATE_NUMBER`]).
//!
//! ```
//! use junheng_io::student::{Stage, read_students, write_template};
//! let file = read_students(&write_template(), "学籍.xlsx").unwrap();
//! assert_eq!(file.students.len(), 4);
//! assert_eq!(file.students[0].stage, Stage::Primary);
//! assert_eq!(file.students[0].number.masked(), "G5001**********0015");
//! ```

mod cells;
pub mod lists;
mod parse;
pub mod report;
mod words;
mod write;

use std::fmt;

use junheng_core::student::StudentNumber;

use crate::limits::Limits;
use crate::pupil::Family;
use crate::table::col;
use crate::table::rows::{Template, exact};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use words::{Disability, Flags, Hukou, PROVINCES, Placement, Stage, province};
pub use write::write_template;

/// Stable issue codes of the student file (also i18n keys): `student.*`.
pub mod codes {
    crate::table::table_codes!("student", "学籍模板", Some(SHEET_NOT_NAMED));
    crate::pupil::pupil_codes!("student");

    /// Warning: no sheet is named 学籍; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "student.sheet_not_named";
    /// 姓名 longer than [`super::NAME_MAX_CHARS`] characters, or only digits.
    pub const NAME_INVALID: &str = "student.name_invalid";
    /// 出生日期 is not a real day between 1990 and 2100.
    pub const BIRTH_DATE_INVALID: &str = "student.birth_date_invalid";
    /// 出生日期 disagrees with the national 学籍号.
    pub const BIRTH_MISMATCH: &str = "student.birth_mismatch";
    /// 学段 is not 小学 or 初中.
    pub const STAGE_INVALID: &str = "student.stage_invalid";
    /// 年级 is not a grade of the 学段.
    pub const GRADE_STAGE_MISMATCH: &str = "student.grade_stage_mismatch";
    /// 户籍 is not 本地 or 随迁.
    pub const HUKOU_INVALID: &str = "student.hukou_invalid";
    /// 户籍所在省份 is not a provincial-level division.
    pub const PROVINCE_INVALID: &str = "student.province_invalid";
    /// 户籍 随迁 without 户籍所在省份.
    pub const PROVINCE_MISSING: &str = "student.province_missing";
    /// 户籍 本地 with 户籍所在省份.
    pub const PROVINCE_UNEXPECTED: &str = "student.province_unexpected";
    /// A flag (留守儿童 … 政府购买学位) is not 是 or 否.
    pub const YES_NO_INVALID: &str = "student.yes_no_invalid";
    /// 残疾类别 is not one of the categories.
    pub const DISABILITY_INVALID: &str = "student.disability_invalid";
    /// 安置方式 is not 随班就读, 特教班 or 送教上门.
    pub const PLACEMENT_INVALID: &str = "student.placement_invalid";
    /// 残疾类别 without 安置方式.
    pub const PLACEMENT_MISSING: &str = "student.placement_missing";
    /// 安置方式 without 残疾类别.
    pub const PLACEMENT_UNEXPECTED: &str = "student.placement_unexpected";
    /// Warning: no sheet of a comparison list ([`super::lists`]) is named 名单; the first of
    /// several was read.
    pub const LIST_SHEET_NOT_NAMED: &str = "student.list_sheet_not_named";
    /// 乡镇（街道） of a comparison list is longer than [`super::lists::TOWNSHIP_MAX_CHARS`].
    pub const LIST_TOWNSHIP_INVALID: &str = "student.list_township_invalid";
    /// 备注 of a comparison list is longer than [`super::lists::NOTE_MAX_CHARS`].
    pub const LIST_NOTE_INVALID: &str = "student.list_note_invalid";
}

/// Header names, in template order.
pub mod columns {
    pub use crate::pupil::columns::{CLASS, GRADE, NAME, NUMBER, SEX};
    /// 出生日期.
    pub const BIRTH: &str = "出生日期";
    /// 学段.
    pub const STAGE: &str = "学段";
    /// 户籍.
    pub const HUKOU: &str = "户籍";
    /// 户籍所在省份.
    pub const PROVINCE: &str = "户籍所在省份";
    /// 留守儿童.
    pub const LEFT_BEHIND: &str = "留守儿童";
    /// 残疾类别.
    pub const DISABILITY: &str = "残疾类别";
    /// 安置方式.
    pub const PLACEMENT: &str = "安置方式";
    /// 脱贫户.
    pub const POVERTY: &str = "脱贫户";
    /// 低保.
    pub const DIBAO: &str = "低保";
    /// 孤儿.
    pub const ORPHAN: &str = "孤儿";
    /// 事实无人抚养.
    pub const UNSUPPORTED: &str = "事实无人抚养";
    /// 困境儿童.
    pub const HARDSHIP: &str = "困境儿童";
    /// 寄宿.
    pub const BOARDING: &str = "寄宿";
    /// 政府购买学位.
    pub const PURCHASED: &str = "政府购买学位";
}

/// Most characters of a 姓名.
pub const NAME_MAX_CHARS: usize = 30;
/// Most characters of a 班级.
pub const CLASS_MAX_CHARS: usize = crate::pupil::CLASS_MAX_CHARS;

const YES_NO: &str = "是 | 否";

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    crate::pupil::NUMBER_COLUMN,
    col(
        columns::NAME,
        true,
        "文本",
        "学生姓名，最多 30 个字",
        "张示例",
    ),
    crate::pupil::SEX_COLUMN,
    col(
        columns::BIRTH,
        true,
        "日期",
        "写作 YYYY-MM-DD；须与全国学籍号一致",
        "2016-09-01",
    ),
    col(columns::STAGE, true, "小学 | 初中", "", "小学"),
    col(
        columns::GRADE,
        true,
        "整数",
        "小学 1–6，初中 7–9；也可填 三年级、初一 等",
        "2",
    ),
    crate::pupil::CLASS_COLUMN,
    col(
        columns::HUKOU,
        true,
        "本地 | 随迁",
        "随迁指进城务工人员随迁子女",
        "本地",
    ),
    col(
        columns::PROVINCE,
        false,
        "省份",
        "户籍为随迁时必填（如 四川省，也可写 四川）；本地户籍不填",
        "四川省",
    ),
    col(columns::LEFT_BEHIND, false, YES_NO, "留空表示否", "否"),
    col(
        columns::DISABILITY,
        false,
        "视力 | 听力 | 言语 | 肢体 | 智力 | 精神 | 多重",
        "残疾学生填写，其他留空",
        "肢体",
    ),
    col(
        columns::PLACEMENT,
        false,
        "随班就读 | 特教班 | 送教上门",
        "填写残疾类别时必填，否则留空",
        "随班就读",
    ),
    col(
        columns::POVERTY,
        false,
        YES_NO,
        "脱贫家庭（含监测对象）学生；留空表示否",
        "否",
    ),
    col(
        columns::DIBAO,
        false,
        YES_NO,
        "最低生活保障家庭学生；留空表示否",
        "否",
    ),
    col(columns::ORPHAN, false, YES_NO, "留空表示否", "否"),
    col(
        columns::UNSUPPORTED,
        false,
        YES_NO,
        "事实无人抚养儿童；留空表示否",
        "否",
    ),
    col(
        columns::HARDSHIP,
        false,
        YES_NO,
        "困境儿童；留空表示否",
        "否",
    ),
    col(
        columns::BOARDING,
        false,
        YES_NO,
        "在校寄宿；留空表示否",
        "否",
    ),
    col(
        columns::PURCHASED,
        false,
        YES_NO,
        "在民办学校就读、由政府购买学位；留空表示否",
        "否",
    ),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "学籍";

const FAMILY: Family<'static> = Family {
    template: Template {
        sheet: SHEET_NAME,
        codes: &codes::TABLE,
        columns: COLUMNS,
        aliases: exact,
    },
    codes: &codes::PUPIL,
    each: "每名学生只能有一行",
};

/// One child of the file.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StudentLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 学籍号 (masked in `Debug`).
    pub number: StudentNumber,
    /// 姓名 (hidden in `Debug`).
    pub name: String,
    /// 性别: `true` for 男.
    pub male: bool,
    /// 出生日期, `YYYY-MM-DD`.
    pub birth_date: String,
    /// 学段.
    pub stage: Stage,
    /// 年级, 1–9 (within the stage's grades).
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 户籍.
    pub hukou: Hukou,
    /// 残疾类别 and 安置方式.
    pub disability: Option<(Disability, Placement)>,
    /// The yes/no columns.
    pub flags: Flags,
}

impl fmt::Debug for StudentLine {
    /// The name is shown as "…" and the 学籍号 masked, so that a stray `{:?}` leaks neither.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StudentLine")
            .field("row", &self.row)
            .field("number", &self.number)
            .field("name", &"…")
            .field("male", &self.male)
            .field("birth_date", &self.birth_date)
            .field("stage", &self.stage)
            .field("grade", &self.grade)
            .field("class", &self.class)
            .field("hukou", &self.hukou)
            .field("disability", &self.disability)
            .field("flags", &self.flags)
            .finish()
    }
}

/// A student file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The children, in file order.
    pub students: Vec<StudentLine>,
    /// Things worth telling that did not stop the reading (unknown columns, sheet chosen).
    pub warnings: Vec<Issue>,
}

/// Reads a student file held in memory (an upload) within [`Limits::default`]; the format comes
/// from `file_name`'s extension.
pub fn read_students(bytes: &[u8], file_name: &str) -> Result<StudentFile, ImportFailure> {
    read_students_with(bytes, file_name, &Limits::default())
}

/// [`read_students`] within the given limits.
pub fn read_students_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<StudentFile, ImportFailure> {
    parse::read(bytes, file_name, limits)
}

#[cfg(test)]
mod lists_tests;
#[cfg(test)]
mod report_tests;
#[cfg(test)]
mod tests;
