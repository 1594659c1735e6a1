//! The 心理测评 file (sheet 心理测评): a row per child — 学籍号, 年级, 班级, 监护人同意 and the
//! answers to PHQ-9 (PHQ9_1 … PHQ9_9) and GAD-7 (GAD7_1 … GAD7_7), each 0–3 — read into
//! [`MentalLine`]s, and its template written by [`write_mental_template`]. Scoring and what a
//! screen suggests are `junheng_core::health::mental`'s.
//!
//! The rules of a row:
//! * An instrument's items are all answered or all empty (some of each is
//!   [`codes::ANSWERS_PARTIAL`], naming the empty items).
//! * PHQ-9 and GAD-7 are for 初中 and up (`Instrument::valid_for_grade`): answers of a younger
//!   child are refused.
//! * 监护人同意 is 是, 否 or empty (未记录); a child whose 监护人同意 is 否 has no answers.
//! * A 学籍号 appears once in the file.
//!
//! Answers are never echoed: an issue names the row and the item, and a line's `Debug` shows
//! "…" for them.

use std::fmt;

use junheng_core::health::mental::Instrument;
use junheng_core::student::StudentNumber;

use super::{HealthFile, Issue, codes, decimal};
use crate::pupil::{Cells, Family, Parsed, outcome};
use crate::table::write;
use crate::table::{Codes, Column, col};

use columns::*;

/// Header names, in template order.
pub mod columns {
    pub use crate::pupil::columns::{CLASS, GRADE, NUMBER};
    /// 监护人同意.
    pub const CONSENT: &str = "监护人同意";
    /// PHQ-9's items, PHQ9_1 … PHQ9_9.
    pub const PHQ9: [&str; 9] = [
        "PHQ9_1", "PHQ9_2", "PHQ9_3", "PHQ9_4", "PHQ9_5", "PHQ9_6", "PHQ9_7", "PHQ9_8", "PHQ9_9",
    ];
    /// GAD-7's items, GAD7_1 … GAD7_7.
    pub const GAD7: [&str; 7] = [
        "GAD7_1", "GAD7_2", "GAD7_3", "GAD7_4", "GAD7_5", "GAD7_6", "GAD7_7",
    ];
}

/// The instruments of the file, in column order.
pub const INSTRUMENTS: [Instrument; 2] = [Instrument::Phq9, Instrument::Gad7];

/// The columns of an instrument's items, in order.
pub fn item_columns(instrument: Instrument) -> &'static [&'static str] {
    match instrument {
        Instrument::Phq9 => &PHQ9,
        Instrument::Gad7 => &GAD7,
    }
}

/// An instrument's short name: PHQ-9, GAD-7.
fn short(instrument: Instrument) -> &'static str {
    match instrument {
        Instrument::Phq9 => "PHQ-9",
        Instrument::Gad7 => "GAD-7",
    }
}

const ANSWERS: &str = "0 完全不会，1 有几天，2 一半以上的天数，3 几乎每天";

/// The template's columns: 学籍号, 年级, 班级, 监护人同意, then the items.
const ALL_COLUMNS: [Column; 20] = {
    let mut all = [col(NUMBER, true, "", "", ""); 20];
    all[0] = crate::pupil::NUMBER_COLUMN;
    all[1] = col(
        GRADE,
        true,
        "整数",
        "7–9（初中）；也可填 初一、七年级 等",
        "7",
    );
    all[2] = col(CLASS, true, "文本", "最多 20 个字", "3班");
    all[3] = col(
        CONSENT,
        false,
        "是 | 否",
        "留空表示未记录；为否时不应有作答",
        "是",
    );
    let mut k = 0;
    while k < PHQ9.len() {
        all[4 + k] = col(
            PHQ9[k],
            false,
            "整数",
            "PHQ-9 的一题：填 0–3（见说明）",
            "0",
        );
        k += 1;
    }
    k = 0;
    while k < GAD7.len() {
        all[4 + PHQ9.len() + k] = col(
            GAD7[k],
            false,
            "整数",
            "GAD-7 的一题：填 0–3（见说明）",
            "0",
        );
        k += 1;
    }
    all
};

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &ALL_COLUMNS;

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "心理测评";

/// The health codes, with this file's template name.
static TABLE: Codes = codes::TABLE.for_template("心理测评模板");

const FAMILY: Family<'static> = super::family(
    SHEET_NAME,
    &TABLE,
    COLUMNS,
    |h| super::alias_in(COLUMNS, h),
    "每名学生只能有一行",
);

/// One child's answers.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MentalLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 学籍号 (masked in `Debug`).
    pub number: StudentNumber,
    /// 年级, 1–9.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 监护人同意: `None` when not recorded.
    pub consent: Option<bool>,
    /// The instruments answered, each with its answers (0–3) in item order (hidden in
    /// `Debug`).
    pub answers: Vec<(Instrument, Vec<u8>)>,
}

impl fmt::Debug for MentalLine {
    /// The answers are shown as "…" and the 学籍号 masked, so that a stray `{:?}` leaks neither.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MentalLine")
            .field("row", &self.row)
            .field("number", &self.number)
            .field("grade", &self.grade)
            .field("class", &self.class)
            .field("consent", &self.consent)
            .field("answers", &"…")
            .finish()
    }
}

/// A 心理测评 file read and checked.
pub type MentalFile = HealthFile<MentalLine>;

super::readers!(
    "心理测评",
    MentalFile,
    read_mental,
    read_mental_with,
    |l: &MentalLine| (&l.number, false)
);

/// One answer: `Ok(None)` when empty, `Err` when not 0–3 (reported, not echoed).
fn answer(c: &Cells<'_>, header: &str, issues: &mut Vec<Issue>) -> Result<Option<u8>, ()> {
    if c.refused(header) {
        return Err(());
    }
    if c.empty(header) {
        return Ok(None);
    }
    match decimal(c.value(header), 0).and_then(|v| u8::try_from(v).ok()) {
        Some(v) if v <= 3 => Ok(Some(v)),
        _ => {
            let m = format!(
                "第 {} 行的 {header} 应为 0、1、2 或 3（{ANSWERS}）",
                c.row.line
            );
            c.report(issues, codes::ANSWER_INVALID, header, None, m);
            Err(())
        }
    }
}

/// An instrument's answers on a row: `Ok(None)` when all empty, `Ok(Some)` when all given and
/// valid for `grade`, `Err` when wrong (reported).
fn instrument(
    c: &Cells<'_>,
    instrument: Instrument,
    grade: Option<u8>,
    issues: &mut Vec<Issue>,
) -> Result<Option<Vec<u8>>, ()> {
    let headers = item_columns(instrument);
    let got: Vec<Result<Option<u8>, ()>> = headers.iter().map(|h| answer(c, h, issues)).collect();
    let got: Vec<Option<u8>> = got.into_iter().collect::<Result<_, _>>()?;
    let empty: Vec<&str> = headers
        .iter()
        .zip(&got)
        .filter(|(_, a)| a.is_none())
        .map(|(h, _)| *h)
        .collect();
    if empty.len() == headers.len() {
        return Ok(None);
    }
    let name = short(instrument);
    if let Some(first) = empty.first() {
        let m = format!(
            "{name} 的各题须全部作答或全部留空：{} 未填",
            empty.join("、")
        );
        c.report(issues, codes::ANSWERS_PARTIAL, first, None, m);
        return Err(());
    }
    if let Some(grade) = grade
        && !instrument.valid_for_grade(grade)
    {
        let m = format!("{name} 只适用于初中及以上（7 年级起），{grade} 年级学生不应有作答");
        c.report(issues, codes::INSTRUMENT_GRADE, headers[0], None, m);
        return Err(());
    }
    Ok(Some(got.into_iter().flatten().collect()))
}

/// One row, checked: the answers when everything is right, else (all reported) its 学籍号 if
/// that is valid.
fn line(c: &Cells<'_>, issues: &mut Vec<Issue>, _: &mut Vec<Issue>) -> Option<Parsed<MentalLine>> {
    let number = c.number(issues);
    let grade = c.grade(issues);
    let class = c.class(issues);
    let consent = super::yes_or_no(c, CONSENT, issues);
    let mut ok = true;
    let mut answers = Vec::new();
    let mut answered = false;
    for i in INSTRUMENTS {
        answered |= item_columns(i).iter().any(|h| !c.empty(h));
        match instrument(c, i, grade, issues) {
            Ok(Some(a)) => answers.push((i, a)),
            Ok(None) => {}
            Err(()) => ok = false,
        }
    }
    ok &= super::consented(c, answered, &consent, issues);
    let line = (|| {
        ok.then_some(())?;
        Some(MentalLine {
            row: c.row.line,
            number: number.clone()?,
            grade: grade?,
            class: class?,
            consent: consent.ok()?,
            answers,
        })
    })();
    outcome(line, number)
}

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    super::ONE_ROW,
    "PHQ-9（抑郁筛查，9 题）和 GAD-7（焦虑筛查，7 题）只用于初中及以上学生；每题填 0–3：0 完全不会，1 有几天，2 一半以上的天数，3 几乎每天。",
    "一个量表的各题须全部作答或全部留空；未做某个量表时，该量表各列留空。",
    "监护人同意填 是 或 否，留空表示未记录；为否时该生不应有作答。",
    "筛查结果只是提示，不是诊断；作答内容属于敏感信息，导入时的问题提示不显示作答。",
    super::ALL_OR_NOTHING,
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。数据填在「心理测评」工作表中；填写前请删除示例行（示例中的学生均为虚构）。",
];

/// The template's example rows (in column order, `|` between cells): invented children.
const EXAMPLES: [&str; 3] = [
    "G500112201111110035|7|3班|是|0|1|0|1|0|0|1|0|0|1|0|0|1|0|0|0",
    "L5001122024000123|8|1班|是||||||||||1|1|0|0|1|0|0",
    "L5001122024000456|8|1班|否||||||||||||||||",
];

/// The 心理测评 template: an .xlsx with the 心理测评 sheet (header with a note per column,
/// drop-down lists, three example rows of invented children) and a 说明 sheet.
pub fn write_mental_template() -> Vec<u8> {
    let mut sheet = super::data_sheet(SHEET_NAME, COLUMNS, &EXAMPLES, Some(&["7", "8", "9"]))
        .choose(CONSENT, vec!["是", "否"]);
    for header in PHQ9.iter().chain(&GAD7) {
        sheet = sheet.choose(header, vec!["0", "1", "2", "3"]);
    }
    write::template(sheet, COLUMNS, RULES)
}
