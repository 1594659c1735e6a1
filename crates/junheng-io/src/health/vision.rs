//! The 视力筛查 file (sheet 视力筛查): a row per child — 学籍号, 年级, 班级, 性别, each eye's
//! 裸眼视力 (five-point record, 4.0–5.3) and 球镜/柱镜 (non-cycloplegic autorefraction, in
//! dioptres), 戴镜 and 筛查日期 — read into [`VisionLine`]s, and its template written by
//! [`write_vision_template`]. What a screening finds (筛查性近视 …) is
//! `junheng_core::health::vision`'s.
//!
//! The rules of a row:
//! * Empty cells are not taken: no 裸眼视力, not screened; no 球镜, 未验光. A 球镜 without
//!   裸眼视力 is fine; a 柱镜 without 球镜 in the same eye is not
//!   ([`codes::CYLINDER_WITHOUT_SPHERE`]).
//! * 戴镜: 否 (or empty), 是 (框架眼镜), 角膜塑形镜 (OK镜).
//! * 筛查日期, optional: a real day, `YYYY-MM-DD` (or a date cell).
//! * A 学籍号 appears once in the file.

use std::fmt::Display;

use junheng_core::health::vision::{Acuity, Dioptres, Eye};
use junheng_core::student::StudentNumber;

use super::{HealthFile, Issue, codes};
use crate::pupil::{Cells, Family, Parsed, outcome};
use crate::table::date::Dates;
use crate::table::write::{self, labels};
use crate::table::{Codes, Column, col};

use columns::*;

/// Header names, in template order.
pub mod columns {
    pub use crate::pupil::columns::{CLASS, GRADE, NUMBER, SEX};
    /// 右眼裸眼视力.
    pub const RIGHT_ACUITY: &str = "右眼裸眼视力";
    /// 左眼裸眼视力.
    pub const LEFT_ACUITY: &str = "左眼裸眼视力";
    /// 右眼球镜.
    pub const RIGHT_SPHERE: &str = "右眼球镜";
    /// 右眼柱镜.
    pub const RIGHT_CYLINDER: &str = "右眼柱镜";
    /// 左眼球镜.
    pub const LEFT_SPHERE: &str = "左眼球镜";
    /// 左眼柱镜.
    pub const LEFT_CYLINDER: &str = "左眼柱镜";
    /// 戴镜.
    pub const GLASSES: &str = "戴镜";
    /// 筛查日期.
    pub const DATE: &str = "筛查日期";
}

/// Screening days fall in these years.
const DATES: Dates = Dates(2000..=2100);

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    crate::pupil::NUMBER_COLUMN,
    col(GRADE, true, "整数", "1–9；也可填 三年级、初一 等", "2"),
    crate::pupil::CLASS_COLUMN,
    crate::pupil::SEX_COLUMN,
    col(RIGHT_ACUITY, false, "一位小数", ACUITY_NOTE, "4.9"),
    col(LEFT_ACUITY, false, "一位小数", ACUITY_NOTE, "5.0"),
    col(RIGHT_SPHERE, false, "屈光度", DIOPTRES_NOTE, "-1.25"),
    col(RIGHT_CYLINDER, false, "屈光度", CYLINDER_NOTE, "-0.50"),
    col(LEFT_SPHERE, false, "屈光度", DIOPTRES_NOTE, "-0.75"),
    col(LEFT_CYLINDER, false, "屈光度", CYLINDER_NOTE, "0"),
    col(
        GLASSES,
        false,
        "否 | 是 | 角膜塑形镜",
        "是 指框架眼镜；留空表示否",
        "否",
    ),
    col(DATE, false, "日期", "写作 YYYY-MM-DD", "2024-09-10"),
];

const ACUITY_NOTE: &str = "五分记录（标准对数视力表），4.0–5.3；未查留空";
const DIOPTRES_NOTE: &str = "电脑验光，单位 D，如 -1.25、+0.50；未验光留空";
const CYLINDER_NOTE: &str = "电脑验光，单位 D；填柱镜时须填同一眼的球镜";

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "视力筛查";

/// The health codes, with this file's template name.
static TABLE: Codes = codes::TABLE.for_template("视力筛查模板");

const FAMILY: Family<'static> = super::family(
    SHEET_NAME,
    &TABLE,
    COLUMNS,
    |h| super::alias_in(COLUMNS, h),
    "每名学生只能有一行",
);

/// 戴镜.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Glasses {
    /// 否: none.
    None,
    /// 是: frame glasses (框架眼镜).
    Frame,
    /// 角膜塑形镜 (OK镜): orthokeratology lenses, worn at night; they lower the uncorrected
    /// acuity's meaning by day.
    OrthoK,
}

impl Glasses {
    /// Every value, as the template lists them.
    pub const ALL: [Glasses; 3] = [Glasses::None, Glasses::Frame, Glasses::OrthoK];

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Glasses::None => "否",
            Glasses::Frame => "是",
            Glasses::OrthoK => "角膜塑形镜",
        }
    }

    /// 否, 是 (框架眼镜), 角膜塑形镜 (OK镜).
    pub fn parse(text: &str) -> Option<Glasses> {
        match text {
            "否" => Some(Glasses::None),
            "是" | "框架眼镜" | "框架镜" => Some(Glasses::Frame),
            "角膜塑形镜" | "OK镜" | "ok镜" => Some(Glasses::OrthoK),
            _ => None,
        }
    }
}

/// One child's screening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisionLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 学籍号 (masked in `Debug`).
    pub number: StudentNumber,
    /// 年级, 1–9.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 性别: `true` for 男.
    pub male: bool,
    /// The right eye.
    pub right: Eye,
    /// The left eye.
    pub left: Eye,
    /// 戴镜.
    pub glasses: Glasses,
    /// 筛查日期, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// A 视力筛查 file read and checked.
pub type VisionFile = HealthFile<VisionLine>;

super::readers!(
    "视力筛查",
    VisionFile,
    read_vision,
    read_vision_with,
    |l: &VisionLine| (&l.number, false)
);

/// An optional cell read by `parse` from its text (a number cell as it shows): `Ok(None)` when
/// empty, `Err` when wrong (reported with `code` and `parse`'s message).
fn parsed<T, E: Display>(
    c: &Cells<'_>,
    header: &str,
    parse: impl Fn(&str) -> Result<T, E>,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Result<Option<T>, ()> {
    if c.refused(header) {
        return Err(());
    }
    let Some(text) = c.value(header).shown() else {
        return Ok(None);
    };
    parse(&text).map(Some).map_err(|e| {
        c.report(issues, code, header, Some(text), format!("{header}：{e}"));
    })
}

/// One eye's columns: 裸眼视力, 球镜, 柱镜.
fn eye(
    c: &Cells<'_>,
    [acuity, sphere, cylinder]: [&str; 3],
    issues: &mut Vec<Issue>,
) -> Option<Eye> {
    let uncorrected = parsed(c, acuity, Acuity::parse, codes::ACUITY_INVALID, issues);
    let dioptres = |header, issues: &mut Vec<Issue>| {
        parsed(c, header, Dioptres::parse, codes::DIOPTRES_INVALID, issues)
    };
    let (s, cyl) = (dioptres(sphere, issues), dioptres(cylinder, issues));
    if let (Ok(None), Ok(Some(cyl))) = (s, cyl) {
        let message =
            format!("填了{cylinder}却没有{sphere}：请填写同一眼的球镜（没有球镜度数时填 0）");
        let code = codes::CYLINDER_WITHOUT_SPHERE;
        c.report(issues, code, cylinder, Some(cyl.to_string()), message);
        return None;
    }
    Some(Eye {
        uncorrected: uncorrected.ok()?,
        sphere: s.ok()?,
        cylinder: cyl.ok()?,
    })
}

/// 筛查日期, optional.
fn date(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Result<Option<String>, ()> {
    if c.refused(DATE) {
        return Err(());
    }
    if c.empty(DATE) {
        return Ok(None);
    }
    let value = c.value(DATE);
    DATES.value(value).map(Some).ok_or_else(|| {
        let m = "筛查日期应为 2000 至 2100 年间的真实日期，写作 YYYY-MM-DD（如 2024-09-10）".into();
        c.report(issues, codes::DATE_INVALID, DATE, value.shown(), m);
    })
}

/// One row, checked: the screening when everything is right, else (all reported) its 学籍号 if
/// that is valid.
fn line(c: &Cells<'_>, issues: &mut Vec<Issue>, _: &mut Vec<Issue>) -> Option<Parsed<VisionLine>> {
    let number = c.number(issues);
    let grade = c.grade(issues);
    let class = c.class(issues);
    let male = c.sex(issues);
    let ok = match (&number, male) {
        (Some(n), Some(male)) => c.sex_agrees(n, male, issues),
        _ => true,
    };
    let right = eye(c, [RIGHT_ACUITY, RIGHT_SPHERE, RIGHT_CYLINDER], issues);
    let left = eye(c, [LEFT_ACUITY, LEFT_SPHERE, LEFT_CYLINDER], issues);
    let glasses = c.optional(
        GLASSES,
        Glasses::parse,
        || "否、是、角膜塑形镜（留空表示否）".into(),
        codes::GLASSES_INVALID,
        issues,
    );
    let date = date(c, issues);
    let line = (|| {
        ok.then_some(())?;
        Some(VisionLine {
            row: c.row.line,
            number: number.clone()?,
            grade: grade?,
            class: class?,
            male: male?,
            right: right?,
            left: left?,
            glasses: glasses.ok()?.unwrap_or(Glasses::None),
            date: date.ok()?,
        })
    })();
    outcome(line, number)
}

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    super::ONE_ROW,
    "裸眼视力用五分记录（标准对数视力表，如 4.9、5.0），不用小数记录（如 0.8）；未查的眼留空。",
    "球镜、柱镜为非睫状肌麻痹下电脑验光的结果，单位 D，近视为负数（如 -1.25）；未验光留空。填柱镜时须同时填同一眼的球镜。",
    "筛查性近视按 WS/T 663-2020 判定：裸眼视力低于 5.0 且同一眼等效球镜（球镜 + 柱镜/2）不高于 -0.50 D。",
    super::ALL_OR_NOTHING,
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。数据填在「视力筛查」工作表中；填写前请删除示例行（示例中的学生均为虚构）。",
];

/// The template's example rows (in column order, `|` between cells): invented children.
const EXAMPLES: [&str; 3] = [
    "G500112201609010015|2|(1)班|男|5.0|5.0|||||否|2024-09-10",
    "G500112201505200025|4|(2)班|女|4.8|4.9|-1.25|-0.50|-0.75||是|2024-09-10",
    "G500112201111110035|7|3班|男|4.6|4.7|-2.00|-0.25|-1.75|0|角膜塑形镜|2024-09-11",
];

/// The 视力筛查 template: an .xlsx with the 视力筛查 sheet (header with a note per column,
/// drop-down lists, three example rows of invented children) and a 说明 sheet.
pub fn write_vision_template() -> Vec<u8> {
    let sheet = super::data_sheet(SHEET_NAME, COLUMNS, &EXAMPLES, None)
        .choose(GLASSES, labels(&Glasses::ALL, Glasses::label));
    write::template(sheet, COLUMNS, RULES)
}
