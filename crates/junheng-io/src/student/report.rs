//! The 四个一 workbooks of 控辍保学 (`standard.md` §10, `practices.md` §6.2): the school's
//! monthly report (学校一月一报告, [`write_monthly`]) and the county's quarterly re-check
//! (县区一季度一复核, [`write_quarterly`]).
//!
//! No official layout of either is published, so these are designed: a summary sheet of
//! items (概况, 汇总), the detail sheets (学籍变动 with a 合计 row and 个案; 分校 with a 合计
//! row), and a 说明 sheet documenting every column with its type, meaning and template field.
//! Numbers are numeric cells, headers bold and frozen, every text in Chinese. The columns are
//! listed once, in [`MONTHLY_COLUMNS`] and [`QUARTERLY_COLUMNS`]. The monthly report names the
//! children of its cases (it stays within the school and its bureau) with their 学籍号
//! masked; the quarterly re-check is a district's and names no child.
//!
//! **A district may use its own layout.** [`write_monthly_with`] and [`write_quarterly_with`]
//! fill a district's .xlsx template instead: a cell whose text is `{{字段}}` gets the value
//! (numbers as numbers, in the cell's own format), a `{{字段}}` within other text is replaced
//! in it, and a row holding fields of a list (`{{个案.姓名}}`, `{{变动.转入}}`,
//! `{{学校.未销号个案}}`) is repeated once per row of that list. Everything else of the
//! template (styles, merged cells, widths, print settings, other sheets) is kept; merged
//! cells, validations and conditional formats below a repeated row move down with it. An empty
//! list leaves one blank row. The crate already reads and writes zip containers and XML (zip,
//! quick-xml), so no dependency was added. The fields are the columns'
//! [`ReportColumn::placeholder`]s; an unknown field, a formula in a repeated row, two lists in
//! one row, 表格 objects with repeated rows, macros or a template without any field are refused
//! ([`TemplateError`]). Not adjusted: the references inside formulas elsewhere, pictures and
//! print areas below a repeated row.
//!
//! ```
//! use junheng_io::student::report::{GradeLine, MonthlyReport, write_monthly};
//! let report = MonthlyReport {
//!     school_code: "5001120001".into(),
//!     school_name: "示例小学".into(),
//!     month: "2025-03".into(),
//!     grades: vec![GradeLine { grade: 1, students: 120, ..Default::default() }],
//!     cases: vec![],
//!     generated_at: "2025-03-28 09:00".into(),
//! };
//! assert_eq!(&write_monthly(&report)[..2], b"PK");
//! ```

mod columns;
mod fill;
mod sheet;
mod xml;

use std::fmt;

use junheng_core::privacy::shown;
use junheng_core::student::{DropoutState, LawfulReason};

pub use columns::{MONTHLY_COLUMNS, QUARTERLY_COLUMNS, ReportColumn};
pub use fill::TemplateError;

use super::lists::mask_number;
use crate::export::{Cell, Table, write_xlsx};
use columns::{CASES, CHANGES, MONTHLY_RULES, OVERVIEW, QUARTERLY_RULES, SCHOOLS, TOTALS, of};

/// A school's monthly 控辍保学 report (学校一月一报告).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MonthlyReport {
    /// 学校标识码.
    pub school_code: String,
    /// 学校名称.
    pub school_name: String,
    /// The month, `YYYY-MM`.
    pub month: String,
    /// The month's registry per grade.
    pub grades: Vec<GradeLine>,
    /// The cases open at the end of the month and those closed in it.
    pub cases: Vec<CaseLine>,
    /// When the report was made, as shown (`2025-03-28 09:00`).
    pub generated_at: String,
}

/// One grade of a school in a month: its registry at the end of the month and the month's
/// events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GradeLine {
    /// 年级, 1–9.
    pub grade: u8,
    /// 在籍人数 at the end of the month.
    pub students: u64,
    /// 新入学.
    pub entered: u64,
    /// 转入.
    pub transferred_in: u64,
    /// 转出.
    pub transferred_out: u64,
    /// 休学.
    pub suspended: u64,
    /// 复学 (after 休学).
    pub resumed: u64,
    /// 辍学 (recognised this month).
    pub dropped_out: u64,
    /// 死亡.
    pub died: u64,
    /// 无故缺勤, in 人次.
    pub absences: u64,
}

/// One case of the monthly report.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct CaseLine {
    /// 学籍号, masked ([`junheng_core::student::StudentNumber::masked`]); a full number given
    /// here is masked anyway.
    pub number_masked: String,
    /// 姓名 (hidden in `Debug`).
    pub name: String,
    /// 年级, 1–9.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// The state, as [`DropoutState::text`] writes it (复学（销号）, 其他合法情形：休学) or its
    /// [`DropoutState::id`]. A state that is neither counts as open, so that 动态清零 is never
    /// claimed on a word this module does not know.
    pub state: String,
    /// Since when, `YYYY-MM-DD`.
    pub since: String,
    /// 风险等级 (一般, 关注, 重点).
    pub risk_level: String,
    /// 责任人.
    pub owner: String,
    /// 劝返或帮扶措施.
    pub plan: String,
    /// How many 劝返 attempts are recorded.
    pub attempts: u32,
    /// The day of the last attempt (empty: none).
    pub last_attempt: String,
    /// Past its deadline.
    pub overdue: bool,
}

impl fmt::Debug for CaseLine {
    /// The name is shown as "…" and the 学籍号 masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaseLine")
            .field("number_masked", &mask_number(&self.number_masked))
            .field("name", &"…")
            .field("grade", &self.grade)
            .field("class", &self.class)
            .field("state", &self.state)
            .field("since", &self.since)
            .field("risk_level", &self.risk_level)
            .field("owner", &self.owner)
            .field("attempts", &self.attempts)
            .field("overdue", &self.overdue)
            .finish_non_exhaustive()
    }
}

/// A county's quarterly 控辍保学 re-check (县区一季度一复核): counts per school, no child named.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuarterlyReport {
    /// 区县名称.
    pub district_name: String,
    /// The quarter, as shown (`2025年第1季度`).
    pub quarter: String,
    /// One line per school.
    pub schools: Vec<SchoolQuarterLine>,
    /// When the report was made, as shown.
    pub generated_at: String,
}

/// One school of the quarterly re-check.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchoolQuarterLine {
    /// 学校标识码.
    pub school_code: String,
    /// 学校名称.
    pub school_name: String,
    /// 在籍人数 at the end of the quarter.
    pub students: u64,
    /// Cases open at the end of the quarter.
    pub open_cases: u64,
    /// Of them, 缺勤待核.
    pub absence_pending: u64,
    /// Of them, 疑似辍学.
    pub suspected: u64,
    /// Of them, 辍学.
    pub dropout: u64,
    /// Of them, 劝返中.
    pub persuading: u64,
    /// Cases closed as 复学（销号） in the quarter.
    pub returned: u64,
    /// Cases closed as 其他合法情形 in the quarter.
    pub lawful: u64,
    /// Open cases past their deadline.
    pub overdue: u64,
    /// 转出 without a receiving school's confirmation after 30 days.
    pub unmatched_transfers: u64,
    /// 动态清零: no open case.
    pub zero: bool,
}

/// A value of a report: a cell of the designed sheets, or what a template's field becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Val {
    Text(String),
    Count(u64),
}

/// A text value: a 身份证号 masked, cut to the 32 767 characters a cell holds.
fn text(s: &str) -> Val {
    Val::Text(shown(s).chars().take(32_767).collect())
}

fn yes_no(flag: bool) -> Val {
    text(if flag { "是" } else { "否" })
}

/// A report as values, in the order of its columns: the summary sheet's items and each detail
/// sheet's rows.
struct Values {
    columns: &'static [ReportColumn],
    summary: &'static str,
    items: Vec<Val>,
    lists: Vec<List>,
    rules: &'static [&'static str],
}

/// The rows of a detail sheet, and its 合计 row.
struct List {
    sheet: &'static str,
    rows: Vec<Vec<Val>>,
    total: Option<Vec<Val>>,
}

impl Val {
    fn cell(&self) -> Cell {
        match self {
            Val::Text(s) => Cell::text(s.as_str()),
            Val::Count(n) => Cell::Integer(i64::try_from(*n).unwrap_or(i64::MAX)),
        }
    }
}

impl Values {
    /// The designed workbook: the summary sheet, the detail sheets, 说明.
    fn workbook(&self) -> Vec<u8> {
        let items = of(self.columns, self.summary)
            .zip(&self.items)
            .map(|(c, v)| vec![Cell::text(c.name), v.cell()])
            .collect();
        let mut tables = vec![Table {
            sheet: self.summary,
            headers: vec!["项目".into(), "内容".into()],
            rows: items,
        }];
        for list in &self.lists {
            let rows = list.rows.iter().chain(&list.total);
            tables.push(Table {
                sheet: list.sheet,
                headers: of(self.columns, list.sheet)
                    .map(|c| c.name.into())
                    .collect(),
                rows: rows.map(|r| r.iter().map(Val::cell).collect()).collect(),
            });
        }
        let mut guide: Vec<Vec<Cell>> = self
            .columns
            .iter()
            .map(|c| {
                [c.sheet, c.name, c.kind, c.note, &c.placeholder()]
                    .map(Cell::text)
                    .to_vec()
            })
            .collect();
        guide.push(Vec::new());
        guide.extend(self.rules.iter().map(|r| {
            vec![
                Cell::text("口径"),
                Cell::Empty,
                Cell::Empty,
                Cell::text(*r),
                Cell::Empty,
            ]
        }));
        tables.push(Table {
            sheet: "说明",
            headers: ["工作表", "列", "类型", "说明", "模板字段"]
                .map(String::from)
                .to_vec(),
            rows: guide,
        });
        write_xlsx(&tables).expect("a report's sheets are fixed and its texts within a cell's size")
    }

    /// The designed workbook, or the district's template filled.
    fn write(&self, template: Option<&[u8]>) -> Result<Vec<u8>, TemplateError> {
        match template {
            None => Ok(self.workbook()),
            Some(bytes) => fill::fill(bytes, self),
        }
    }
}

/// Whether a case in `state` (see [`CaseLine::state`]) is open.
fn case_open(state: &str) -> bool {
    let state = state.trim();
    if let Some(s) = DropoutState::from_id(state) {
        return s.open();
    }
    let closed = state == DropoutState::Returned.label()
        || state == DropoutState::InSchool.label()
        || state == "复学"
        || state == DropoutState::Lawful(LawfulReason::Death).label()
        || state.starts_with("其他合法情形：")
        || LawfulReason::ALL.iter().any(|r| r.label() == state);
    !closed
}

fn grade_label(grade: u8) -> String {
    const NUMERALS: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match grade {
        1..=9 => format!("{}年级", NUMERALS[usize::from(grade - 1)]),
        g => format!("{g}年级"),
    }
}

fn monthly(r: &MonthlyReport) -> Values {
    let mut grades = r.grades.clone();
    grades.sort_by_key(|g| g.grade);
    let counts = |g: &GradeLine| {
        [
            g.students,
            g.entered,
            g.transferred_in,
            g.transferred_out,
            g.suspended,
            g.resumed,
            g.dropped_out,
            g.died,
            g.absences,
        ]
    };
    let mut sums = [0u64; 9];
    for g in &grades {
        for (s, v) in sums.iter_mut().zip(counts(g)) {
            *s = s.saturating_add(v);
        }
    }
    let row = |label: String, values: [u64; 9]| {
        std::iter::once(text(&label))
            .chain(values.map(Val::Count))
            .collect::<Vec<_>>()
    };
    let open = r.cases.iter().filter(|c| case_open(&c.state)).count() as u64;
    let overdue = r
        .cases
        .iter()
        .filter(|c| c.overdue && case_open(&c.state))
        .count() as u64;
    let all = r.cases.len() as u64;
    let mut items = vec![text(&r.school_code), text(&r.school_name), text(&r.month)];
    items.extend(sums.map(Val::Count));
    items.extend([
        Val::Count(all),
        Val::Count(open),
        Val::Count(all - open),
        Val::Count(overdue),
        yes_no(open == 0),
        text(&r.generated_at),
    ]);
    let cases = r
        .cases
        .iter()
        .map(|c| {
            vec![
                text(&mask_number(&c.number_masked)),
                text(&c.name),
                text(&grade_label(c.grade)),
                text(&c.class),
                text(&c.state),
                text(&c.since),
                text(&c.risk_level),
                text(&c.owner),
                text(&c.plan),
                Val::Count(u64::from(c.attempts)),
                text(&c.last_attempt),
                yes_no(c.overdue),
                yes_no(!case_open(&c.state)),
            ]
        })
        .collect();
    Values {
        columns: MONTHLY_COLUMNS,
        summary: OVERVIEW,
        items,
        lists: vec![
            List {
                sheet: CHANGES,
                rows: grades
                    .iter()
                    .map(|g| row(grade_label(g.grade), counts(g)))
                    .collect(),
                total: Some(row("合计".into(), sums)),
            },
            List {
                sheet: CASES,
                rows: cases,
                total: None,
            },
        ],
        rules: MONTHLY_RULES,
    }
}

fn quarterly(r: &QuarterlyReport) -> Values {
    let counts = |s: &SchoolQuarterLine| {
        [
            s.students,
            s.open_cases,
            s.absence_pending,
            s.suspected,
            s.dropout,
            s.persuading,
            s.returned,
            s.lawful,
            s.overdue,
            s.unmatched_transfers,
        ]
    };
    let mut sums = [0u64; 10];
    for s in &r.schools {
        for (t, v) in sums.iter_mut().zip(counts(s)) {
            *t = t.saturating_add(v);
        }
    }
    let n = r.schools.len() as u64;
    let zero = r.schools.iter().filter(|s| s.zero).count() as u64;
    let mut items = vec![text(&r.district_name), text(&r.quarter), Val::Count(n)];
    items.extend(sums.map(Val::Count));
    items.extend([
        Val::Count(zero),
        Val::Count(n - zero),
        yes_no(zero == n),
        text(&r.generated_at),
    ]);
    let row = |code: &str, name: &str, values: [u64; 10], zero: Val| {
        [text(code), text(name)]
            .into_iter()
            .chain(values.map(Val::Count))
            .chain([zero])
            .collect::<Vec<_>>()
    };
    let rows = r
        .schools
        .iter()
        .map(|s| row(&s.school_code, &s.school_name, counts(s), yes_no(s.zero)))
        .collect();
    let total = row(
        "合计",
        &format!("{n} 所学校"),
        sums,
        text(&format!("清零 {zero} 校")),
    );
    Values {
        columns: QUARTERLY_COLUMNS,
        summary: TOTALS,
        items,
        lists: vec![List {
            sheet: SCHOOLS,
            rows,
            total: Some(total),
        }],
        rules: QUARTERLY_RULES,
    }
}

/// The school's monthly report: 概况 (the school, the month, the month's totals, the cases
/// open and closed, 动态清零 = 是 when no case is open), 学籍变动 (one row per grade and a 合计
/// row), 个案 (one row per case, 学籍号 masked) and 说明.
pub fn write_monthly(r: &MonthlyReport) -> Vec<u8> {
    monthly(r).workbook()
}

/// [`write_monthly`], or, given a district's .xlsx `template`, that template filled (see the
/// module's notes). Without a template it cannot fail.
pub fn write_monthly_with(
    r: &MonthlyReport,
    template: Option<&[u8]>,
) -> Result<Vec<u8>, TemplateError> {
    monthly(r).write(template)
}

/// The county's quarterly re-check: 汇总 (the district's totals, the schools at 动态清零, the
/// open cases by state), 分校 (one row per school and a 合计 row) and 说明. No child is named.
pub fn write_quarterly(r: &QuarterlyReport) -> Vec<u8> {
    quarterly(r).workbook()
}

/// [`write_quarterly`], or, given a district's .xlsx `template`, that template filled.
pub fn write_quarterly_with(
    r: &QuarterlyReport,
    template: Option<&[u8]>,
) -> Result<Vec<u8>, TemplateError> {
    quarterly(r).write(template)
}
