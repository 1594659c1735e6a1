//! The 劳动清单 template: one row per item, read from .xlsx, .xlsm, .xls, .ods or .csv (the
//! shared table reader) into a [`ListFile`], and written by [`write_template`].
//!
//! Every problem is reported at once with a stable `labour.lists.*` code, located as the user
//! sees it (file, sheet, row, column, value, what is expected); nothing is returned when
//! anything is wrong. The rules of a row:
//! * 项目编号: 1–32 letters, digits, `-`, `_` or `.`, kept across versions (a school changes a
//!   district item by writing a row with its code).
//! * 任务群: one of the ten of the 课标; 年级或学段: 第一学段 … 第四学段 (or 1–2年级 …), or one
//!   grade (`3`, `3年级`); 场所: 家庭, 校内 or 社会; 频次: 每天, 每周, 每月, 每学期, 每学年 or
//!   每学段, with 次数 1–99; 每次分钟 1–600; 必做: 是 or 否.
//! * 内容 and 安全提示: at most 200 characters (安全提示 may be empty).
//! * 不采用 (a school's list only): 是 drops the district's optional item of that code; the
//!   row's other cells are then ignored. The engine refuses dropping a mandatory item.
//! * The same 项目编号 twice is refused (`duplicate`, naming the earlier row).
//!
//! ```
//! use junheng_io::labour::lists::{read, write_template};
//! let file = read(&write_template(), "劳动清单.xlsx").unwrap();
//! assert_eq!(file.items.len(), 4);
//! assert!(file.removals.is_empty());
//! ```

use std::collections::HashMap;

use junheng_labour::Grade;
use junheng_labour::checklist::{
    Checklist, ChecklistItem, Frequency, Grades, ItemCode, MAX_ITEM_MINUTES, MAX_TEXT_CHARS, Place,
    Unit,
};
use junheng_labour::groups::{GradeBand, TaskGroup};

use crate::limits::Limits;
use crate::table::fields::yes_no;
use crate::table::rows::{Template, exact, read_rows};
use crate::table::write::labels;
use crate::table::{Row, Table, col};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use writer::{write_list, write_template};

mod writer;

/// Stable issue codes of the template: `labour.lists.*`.
pub mod codes {
    crate::table::table_codes!("labour.lists", "劳动清单模板", Some(SHEET_NOT_NAMED));
    /// Warning: no sheet is named 劳动清单; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "labour.lists.sheet_not_named";
    /// A 项目编号 that is not 1–32 letters, digits, `-`, `_` or `.`.
    pub const CODE_INVALID: &str = "labour.lists.code_invalid";
    /// A 任务群, 年级或学段, 场所, 频次 or 必做 that is not one of the accepted words.
    pub const WORD_INVALID: &str = "labour.lists.word_invalid";
    /// 次数 not 1–99, or 每次分钟 not 1–600.
    pub const NUMBER_INVALID: &str = "labour.lists.number_invalid";
    /// 内容 or 安全提示 longer than the engine allows.
    pub const TEXT_TOO_LONG: &str = "labour.lists.text_too_long";
    /// The same 项目编号 twice (the issue, on the later row, names the earlier).
    pub const DUPLICATE: &str = "labour.lists.duplicate";
    /// A rule of the lists broken (found by the engine through the use-case layer).
    pub const RULE: &str = "labour.lists.rule";
}

/// Header names.
pub mod columns {
    /// 项目编号.
    pub const CODE: &str = "项目编号";
    /// 任务群.
    pub const GROUP: &str = "任务群";
    /// 年级或学段.
    pub const GRADES: &str = "年级或学段";
    /// 场所.
    pub const PLACE: &str = "场所";
    /// 内容.
    pub const CONTENT: &str = "内容";
    /// 频次.
    pub const UNIT: &str = "频次";
    /// 次数.
    pub const TIMES: &str = "次数";
    /// 每次分钟.
    pub const MINUTES: &str = "每次分钟";
    /// 必做.
    pub const MANDATORY: &str = "必做";
    /// 安全提示.
    pub const SAFETY: &str = "安全提示";
    /// 不采用 (a school's list only).
    pub const DROP: &str = "不采用";
}

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET: &str = "劳动清单";

use columns::*;

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(
        CODE,
        true,
        "文本",
        "项目的固定编号，新版本沿用；学校修改区级项目时填写相同编号",
        "Q2-01",
    ),
    col(
        GROUP,
        true,
        "文本",
        "课标十个任务群之一，如 清洁与卫生、烹饪与营养",
        "清洁与卫生",
    ),
    col(
        GRADES,
        true,
        "文本",
        "第一学段、第二学段、第三学段、第四学段（或 1–2年级 等），或单个年级如 3年级",
        "第二学段",
    ),
    col(PLACE, true, "文本", "家庭、校内或社会", "家庭"),
    col(
        CONTENT,
        true,
        "文本",
        "做什么，最多 200 字",
        "洗自己的袜子和鞋",
    ),
    col(
        UNIT,
        true,
        "文本",
        "每天、每周、每月、每学期、每学年或每学段",
        "每周",
    ),
    col(TIMES, true, "整数", "每个频次单位内的次数，1 到 99", "2"),
    col(MINUTES, true, "整数", "每次的分钟数，1 到 600", "15"),
    col(MANDATORY, true, "文本", "是（必做）或 否（选做）", "是"),
    col(
        SAFETY,
        false,
        "文本",
        "安全提示，最多 200 字，可空",
        "使用洗衣液后洗手",
    ),
    col(
        DROP,
        false,
        "文本",
        "仅校本清单：填 是 表示本校不采用该区级选做项目（只需填项目编号）",
        "",
    ),
];

/// A list file read and checked, row by row (the list's own rules come after, in the engine).
#[derive(Debug, Clone, PartialEq)]
pub struct ListFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The items, in file order.
    pub items: Vec<ChecklistItem>,
    /// The codes dropped (不采用 = 是), in file order.
    pub removals: Vec<ItemCode>,
    /// The row of each code (items and removals).
    pub rows: HashMap<ItemCode, usize>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

impl ListFile {
    /// An issue of this file at a row (if known) and column (the use-case layer's own checks).
    pub fn issue(
        &self,
        code: &'static str,
        row: Option<usize>,
        column: Option<&str>,
        value: Option<String>,
        message: String,
    ) -> Issue {
        crate::school::issue::Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
        }
        .issue(code, row, column, value, message)
    }
}

/// One row: an item or a removal.
enum Line {
    Item(ChecklistItem),
    Drop(ItemCode),
}

impl Line {
    fn code(&self) -> &ItemCode {
        match self {
            Line::Item(i) => &i.code,
            Line::Drop(c) => c,
        }
    }
}

/// Reads a list file held in memory (an upload) within [`Limits::default`]; the format comes
/// from `file_name`'s extension.
pub fn read(bytes: &[u8], file_name: &str) -> Result<ListFile, ImportFailure> {
    let template = Template {
        sheet: SHEET,
        codes: &codes::TABLE,
        columns: COLUMNS,
        aliases: exact,
    };
    let mut checked = read_rows(
        bytes,
        file_name,
        &template,
        &Limits::default(),
        &mut |_, _| {},
        line,
    )?;
    let mut seen: HashMap<ItemCode, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (row, l) in &checked.rows {
        let first = *seen.entry(l.code().clone()).or_insert(*row);
        if first != *row {
            duplicates.push((*row, first, l.code().to_string()));
        }
    }
    for (row, first, code) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes::DUPLICATE,
                Some(row),
                Some(CODE),
                Some(code),
                format!("与第 {first} 行的项目编号重复；每个项目只填一行"),
            )
        });
    }
    let place = checked.table.place.clone();
    let (lines, warnings) = checked.finish()?;
    let mut items = Vec::new();
    let mut removals = Vec::new();
    for l in lines {
        match l {
            Line::Item(i) => items.push(i),
            Line::Drop(c) => removals.push(c),
        }
    }
    Ok(ListFile {
        file: place.file,
        sheet: place.sheet,
        items,
        removals,
        rows: seen,
        warnings,
    })
}

fn bad(t: &Table, row: &Row, code: &'static str, header: &str, message: String) -> Issue {
    let value = Table::cell(row, t.column(header)).shown();
    t.issue(code, Some(row.line), Some(header), value, message)
}

/// A text of at most [`MAX_TEXT_CHARS`] characters.
fn bounded(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    issues: &mut Vec<Issue>,
) -> Option<String> {
    let text = t.text(row, header, required, issues)?;
    let n = text.trim().chars().count();
    if n > MAX_TEXT_CHARS {
        t.push(issues, || {
            bad(
                t,
                row,
                codes::TEXT_TOO_LONG,
                header,
                format!("{header}有 {n} 个字，应不超过 {MAX_TEXT_CHARS} 个字"),
            )
        });
        return None;
    }
    Some(text.trim().to_owned())
}

/// A whole number in `range`.
fn number(
    t: &Table,
    row: &Row,
    header: &str,
    range: std::ops::RangeInclusive<i64>,
    issues: &mut Vec<Issue>,
) -> Option<i64> {
    let what = || format!("{} 到 {} 的整数", range.start(), range.end());
    let v = t.whole(row, header, true, what, codes::NUMBER_INVALID, issues)?;
    if !range.contains(&v) {
        t.push(issues, || {
            bad(
                t,
                row,
                codes::NUMBER_INVALID,
                header,
                format!("{header}应为{}", what()),
            )
        });
        return None;
    }
    Some(v)
}

/// 年级或学段: a band's word, or one grade (`3`, `3年级`).
fn grades(text: &str) -> Option<Grades> {
    if let Some(b) = GradeBand::parse(text) {
        return Some(Grades::Band(b));
    }
    let digits = text.trim().trim_end_matches("年级").trim();
    digits
        .parse::<u8>()
        .ok()
        .and_then(Grade::new)
        .map(Grades::Grade)
}

fn line(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Line> {
    let code_text = t.text(row, CODE, true, issues)?;
    let Some(code) = ItemCode::parse(&code_text) else {
        t.push(issues, || {
            bad(
                t,
                row,
                codes::CODE_INVALID,
                CODE,
                "项目编号应为 1 到 32 个英文字母、数字或 - _ .".into(),
            )
        });
        return None;
    };
    let dropped = if t.column(DROP).is_some() {
        t.word(
            row,
            DROP,
            false,
            yes_no,
            || "是、否".into(),
            codes::WORD_INVALID,
            issues,
        )
    } else {
        None
    };
    if dropped == Some(true) {
        return Some(Line::Drop(code));
    }
    let group = t.word(
        row,
        GROUP,
        true,
        TaskGroup::parse,
        || labels(TaskGroup::ALL, TaskGroup::label).join("、"),
        codes::WORD_INVALID,
        issues,
    );
    let grades = t.word(
        row,
        GRADES,
        true,
        grades,
        || "第一学段、第二学段、第三学段、第四学段，或 1 到 9 年级".into(),
        codes::WORD_INVALID,
        issues,
    );
    let place = t.word(
        row,
        PLACE,
        true,
        Place::parse,
        || labels(Place::ALL, Place::label).join("、"),
        codes::WORD_INVALID,
        issues,
    );
    let content = bounded(t, row, CONTENT, true, issues);
    let unit = t.word(
        row,
        UNIT,
        true,
        Unit::parse,
        || labels(Unit::ALL, Unit::label).join("、"),
        codes::WORD_INVALID,
        issues,
    );
    let times = number(t, row, TIMES, 1..=99, issues);
    let minutes = number(t, row, MINUTES, 1..=i64::from(MAX_ITEM_MINUTES), issues);
    let mandatory = t.word(
        row,
        MANDATORY,
        true,
        yes_no,
        || "是、否".into(),
        codes::WORD_INVALID,
        issues,
    );
    let safety = if t.column(SAFETY).is_some() {
        bounded(t, row, SAFETY, false, issues)
    } else {
        None
    };
    Some(Line::Item(ChecklistItem {
        code,
        group: group?,
        grades: grades?,
        place: place?,
        content: content?,
        frequency: Frequency {
            unit: unit?,
            times: u8::try_from(times?).ok()?,
        },
        minutes: u16::try_from(minutes?).ok()?,
        mandatory: mandatory?,
        safety_note: safety.unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests;
