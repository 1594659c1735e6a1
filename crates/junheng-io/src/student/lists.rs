//! The comparison lists of 四查三比对 (`standard.md` §10): a list another department keeps — the
//! 户籍适龄儿童 of 公安, the 脱贫户/低保 children of 乡村振兴 and 民政, the roll call of the
//! schools — uploaded to be compared with the 学籍 registry, and the comparison written back as
//! a workbook.
//!
//! The list is read as the registry is ([`super::read_students`]), with the same cell readers
//! and the same rules of privacy: 学籍号 is the one column where an ID-shaped value is accepted
//! (and shown masked), a 身份证 column refuses the whole file, a 身份证号 in any other cell is
//! refused, 姓名 is never echoed, every problem is located (file, sheet, row, column) and
//! nothing is returned when anything is wrong. Template sheet 名单, columns 学籍号 and 姓名
//! (required), 出生日期 (checked against a national 学籍号), 乡镇（街道） and 备注; the same
//! 学籍号 twice is refused.
//!
//! The comparison itself (pseudonyms against the registry) is the app layer's; this module
//! writes its result with [`write_comparison`]: the rows of the list that did not match, with
//! the 学籍号 masked.
//!
//! ```
//! use junheng_io::student::lists::{ListKind, read_list, write_list_template};
//! let file = read_list(&write_list_template(), "名单.xlsx").unwrap();
//! assert_eq!(file.lines.len(), 3);
//! assert_eq!(file.lines[0].number.masked(), "G5001**********0015");
//! assert_eq!(ListKind::from_id("hukou"), Some(ListKind::Hukou));
//! ```

use std::fmt;

use junheng_core::student::StudentNumber;

use super::cells::{birth_date, name};
use super::{ImportFailure, Issue, codes};
use crate::limits::Limits;
use crate::pupil::{Cells, Family, Parsed, outcome, read_numbered};
use crate::table::rows::{Template, exact};
use crate::table::write::looks_like_formula;
use crate::table::{Codes, Column, col};

mod write;

use columns::{BIRTH, NAME, NOTE, NUMBER, TOWNSHIP};
pub(crate) use write::mask_number;
pub use write::{Mismatch, write_comparison, write_list_template};

/// Which list is compared with the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// 户籍适龄儿童名单 (公安): children of compulsory-school age with 户籍 in the district;
    /// one not in the registry may be 失学.
    Hukou,
    /// 脱贫户/低保家庭适龄子女名单 (乡村振兴, 民政): one not in the registry may be a 脱贫户辍学.
    Poverty,
    /// 在校学生名单 (the schools' roll call): the registry against who is really at school
    /// (名在人不在 → 辍学).
    Attendance,
}

impl ListKind {
    /// Every kind.
    pub const ALL: [ListKind; 3] = [ListKind::Hukou, ListKind::Poverty, ListKind::Attendance];

    /// Stable id, as stored and in URLs.
    pub const fn id(self) -> &'static str {
        match self {
            ListKind::Hukou => "hukou",
            ListKind::Poverty => "poverty",
            ListKind::Attendance => "attendance",
        }
    }

    /// Parses an [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            ListKind::Hukou => "户籍适龄儿童名单",
            ListKind::Poverty => "脱贫户适龄子女名单",
            ListKind::Attendance => "在校学生名单",
        }
    }

    /// What the comparison looks for, in Chinese (the 比对依据 of [`write_comparison`]).
    pub const fn purpose(self) -> &'static str {
        match self {
            ListKind::Hukou => "户籍比学籍：户籍适龄儿童中没有学籍的，核查是否失学",
            ListKind::Poverty => {
                "脱贫户比学籍：脱贫户、低保家庭适龄子女中没有学籍或已辍学的，核查是否脱贫户辍学"
            }
            ListKind::Attendance => "学籍比在校：在校名单与学籍不一致的，核查是否辍学或名在人不在",
        }
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Header names, in template order.
pub mod columns {
    pub use super::super::columns::{BIRTH, NAME, NUMBER};
    /// 乡镇（街道）.
    pub const TOWNSHIP: &str = "乡镇（街道）";
    /// 备注.
    pub const NOTE: &str = "备注";
}

/// Most characters of a 乡镇（街道）.
pub const TOWNSHIP_MAX_CHARS: usize = 30;
/// Most characters of a 备注.
pub const NOTE_MAX_CHARS: usize = 100;

/// The list template's columns, in order.
pub const COLUMNS: &[Column] = &[
    crate::pupil::NUMBER_COLUMN,
    col(NAME, true, "文本", "学生姓名，最多 30 个字", "张示例"),
    col(
        BIRTH,
        false,
        "日期",
        "写作 YYYY-MM-DD；填写时须与全国学籍号一致",
        "2016-09-01",
    ),
    col(
        TOWNSHIP,
        false,
        "文本",
        "户籍或居住地所在乡镇（街道），最多 30 个字",
        "示例镇",
    ),
    col(NOTE, false, "文本", "最多 100 个字", "父母在外务工"),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "名单";

/// The student codes, with the list's own template name and sheet warning.
static TABLE: Codes = Codes {
    sheet_not_named: Some(codes::LIST_SHEET_NOT_NAMED),
    template: "名单模板",
    limits: crate::guard::LimitCodes {
        ..codes::TABLE.limits
    },
    ..codes::TABLE
};

const FAMILY: Family<'static> = Family {
    template: Template {
        sheet: SHEET_NAME,
        codes: &TABLE,
        columns: COLUMNS,
        aliases: exact,
    },
    codes: &codes::PUPIL,
    each: "名单中每名学生只能有一行",
};

/// One child of a list.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ListLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 学籍号 (masked in `Debug`).
    pub number: StudentNumber,
    /// 姓名 (hidden in `Debug`).
    pub name: String,
    /// 乡镇（街道）, empty when not given.
    pub township: String,
    /// 备注, empty when not given (hidden in `Debug`: it may speak of the family).
    pub note: String,
}

impl fmt::Debug for ListLine {
    /// The name and the note are shown as "…" and the 学籍号 masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let note = if self.note.is_empty() { "" } else { "…" };
        f.debug_struct("ListLine")
            .field("row", &self.row)
            .field("number", &self.number)
            .field("name", &"…")
            .field("township", &self.township)
            .field("note", &note)
            .finish()
    }
}

/// A list read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ListFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The children, in file order.
    pub lines: Vec<ListLine>,
    /// Things worth telling that did not stop the reading (unknown columns, sheet chosen).
    pub warnings: Vec<Issue>,
}

/// Reads a list held in memory (an upload) within [`Limits::default`]; the format (.xlsx,
/// .xlsm, .xls, .ods, .csv) comes from `file_name`'s extension.
pub fn read_list(bytes: &[u8], file_name: &str) -> Result<ListFile, ImportFailure> {
    read_list_with(bytes, file_name, &Limits::default())
}

/// [`read_list`] within the given limits.
pub fn read_list_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<ListFile, ImportFailure> {
    let read = read_numbered(
        bytes,
        file_name,
        &FAMILY,
        limits,
        |c, issues, _| line(c, issues),
        |l: &ListLine| (&l.number, false),
    )?;
    Ok(ListFile {
        file: read.place.file,
        sheet: read.place.sheet,
        lines: read.records,
        warnings: read.warnings,
    })
}

/// An optional free text: `Some("")` when empty, `None` when wrong (and reported). The value is
/// echoed in an issue only when `echo`.
fn free_text(
    c: &Cells<'_>,
    header: &str,
    max: usize,
    code: &'static str,
    echo: bool,
    issues: &mut Vec<Issue>,
) -> Option<String> {
    if c.refused(header) {
        return None;
    }
    if c.empty(header) {
        return Some(String::new());
    }
    let text = c.t.text(c.row, header, false, issues)?;
    let n = text.chars().count();
    let what = if echo {
        header.to_owned()
    } else {
        format!("第 {} 行的{header}", c.row.line)
    };
    let (code, message) = if looks_like_formula(&text) {
        let m = format!("{what}以 = + - @ 开头，会被表格软件当作公式，请改写");
        (codes::TEXT_FORMULA, m)
    } else if n > max {
        (code, format!("{what}有 {n} 个字，应不超过 {max} 个字"))
    } else {
        return Some(text);
    };
    c.report(issues, code, header, echo.then_some(text), message);
    None
}

/// One row, checked: the child when everything is right, else (all reported) its 学籍号 if
/// that at least is valid.
fn line(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Option<Parsed<ListLine>> {
    let row = c.row;
    let number = c.number(issues);
    let name = name(c, issues);
    let birth = if c.empty(BIRTH) {
        Some(None)
    } else {
        birth_date(c, issues).map(Some)
    };
    let township = free_text(
        c,
        TOWNSHIP,
        TOWNSHIP_MAX_CHARS,
        codes::LIST_TOWNSHIP_INVALID,
        true,
        issues,
    );
    let note = free_text(
        c,
        NOTE,
        NOTE_MAX_CHARS,
        codes::LIST_NOTE_INVALID,
        false,
        issues,
    );
    let mut ok = true;
    if let (Some(n), Some(Some(birth))) = (&number, &birth)
        && n.birth_date().is_some_and(|b| b != *birth)
    {
        let m = format!(
            "第 {} 行的出生日期与学籍号中身份证号的出生日期不一致，请核对",
            row.line
        );
        c.report(issues, codes::BIRTH_MISMATCH, BIRTH, None, m);
        ok = false;
    }
    let line = (|| {
        ok.then_some(())?;
        birth?;
        Some(ListLine {
            row: row.line,
            number: number.clone()?,
            name: name?,
            township: township?,
            note: note?,
        })
    })();
    outcome(line, number)
}
