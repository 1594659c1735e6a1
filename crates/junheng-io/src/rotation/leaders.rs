//! The 校长、副校长任职表 (leader terms): one row per post of a school leader — 教师编号,
//! school, 职务, first and last school year — read from .csv/.xlsx/.xls/.ods into
//! [`LeaderTerm`]s with every problem located (stable `leaders.*` codes), and written back.
//! Besides each row's own checks, the rows together must pass
//! [`junheng_rotation::check_terms`] (no person in two posts in one year, no school with two
//! 校长 in one year), reported on the later row.
//!
//! ```
//! use junheng_io::rotation::leaders::{read_leaders_bytes, write_leaders_csv};
//! let csv = "教师编号,学校标识码,职务,任职起始学年,离任学年\n\
//!            T0001,5001120001,校长,2018,\n";
//! let terms = read_leaders_bytes(csv.as_bytes(), "任职表.csv").unwrap().terms;
//! assert_eq!(terms[0].to_year, None);
//! let mut out = Vec::new();
//! write_leaders_csv(&terms, &mut out).unwrap();
//! assert_eq!(read_leaders_bytes(&out, "again.csv").unwrap().terms, terms);
//! ```

use std::io::{self, Write};

use junheng_core::school::SchoolCode;
use junheng_rotation::{LeaderPost, LeaderTerm, LeaderTermError, TeacherId, check_terms};
use rust_xlsxwriter::XlsxError;

use crate::limits::Limits;
use crate::school::{ImportFailure, Issue};
use crate::table::rows::{Template, exact, read_rows};
use crate::table::write::{self, Sheet, V, int, labels, t};
use crate::table::{Column, Row, Table, Value, col};

/// Stable issue codes of the leader terms (also i18n keys): `leaders.*`.
pub mod codes {
    crate::table::fields::template_codes!("leaders", "校长副校长任职表模板");

    /// 职务 is not 校长 or 副校长.
    pub const POST_INVALID: &str = "leaders.post_invalid";
    /// 离任学年 before 任职起始学年.
    pub const YEARS_REVERSED: &str = "leaders.years_reversed";
    /// One person in two posts in one year.
    pub const OVERLAP: &str = "leaders.overlap";
    /// Two 校长 of one school in one year.
    pub const TWO_PRINCIPALS: &str = "leaders.two_principals";
}

const PERSON: &str = "教师编号";
const SCHOOL: &str = "学校标识码";
const POST: &str = "职务";
const FROM: &str = "任职起始学年";
const TO: &str = "离任学年";

/// The template's columns, in order.
pub const LEADER_COLUMNS: &[Column] = &[
    col(
        PERSON,
        true,
        "文本",
        "与教师花名册一致的单位内部编号；不要填写身份证号",
        "T2024-0001",
    ),
    col(SCHOOL, true, "文本，10 位数字", "任职的学校", "5001120001"),
    col(
        POST,
        true,
        "校长 | 副校长",
        "书记兼校长、执行校长按校长填写",
        "校长",
    ),
    col(
        FROM,
        true,
        "整数",
        "在该校任此职务的第一个学年；2018 表示 2018–2019 学年",
        "2018",
    ),
    col(
        TO,
        false,
        "整数",
        "在该校任此职务的最后一个学年（含）；仍在任的留空",
        "",
    ),
];

/// The sheet read when present, and written.
pub const LEADER_SHEET_NAME: &str = "校长副校长任职表";

const TEMPLATE: Template<'static> = Template {
    sheet: LEADER_SHEET_NAME,
    codes: &codes::TABLE,
    columns: LEADER_COLUMNS,
    aliases: exact,
};

const RULES: &[&str] = &[
    "每位校长、副校长在每所学校的每个职务填一行；调任、提任各填一行，前一行填离任学年。",
    "同一人同一学年只能有一个职务；同一学校同一学年只能有一位校长。",
    "在同一学校连续任职的年数从连续任职的第一个学年算起（副校长提任校长不中断）。",
    "教师编号与教师花名册一致，必须是单位内部的编号。不要填写、不要上传居民身份证号。",
    "学校标识码为 10 位文本，请保持文本格式。",
];

/// Leader terms read and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedLeaders {
    /// The terms, in file order.
    pub terms: Vec<LeaderTerm>,
    /// Things worth telling that did not stop the import.
    pub warnings: Vec<Issue>,
}

/// Reads a leader-terms file held in memory; the format comes from `file_name`'s extension.
pub fn read_leaders_bytes(bytes: &[u8], file_name: &str) -> Result<ImportedLeaders, ImportFailure> {
    read_leaders_bytes_with(bytes, file_name, &Limits::default())
}

/// [`read_leaders_bytes`] within the given limits.
pub fn read_leaders_bytes_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<ImportedLeaders, ImportFailure> {
    let mut checked = read_rows(bytes, file_name, &TEMPLATE, limits, &mut |_, _| {}, one)?;
    let terms: Vec<LeaderTerm> = checked.rows.iter().map(|(_, t)| t.clone()).collect();
    if let Err(e) = check_terms(&terms) {
        let line_of = |i: usize| checked.rows[i - 1].0;
        let (code, at, column, value) = match &e {
            LeaderTermError::EndsBeforeStart(i) => (codes::YEARS_REVERSED, *i, TO, None),
            LeaderTermError::Overlap(_, j, _, y) => (codes::OVERLAP, *j, FROM, Some(*y)),
            LeaderTermError::TwoPrincipals(_, j, _, y) => {
                (codes::TWO_PRINCIPALS, *j, FROM, Some(*y))
            }
        };
        // The engine numbers terms from 1 in file order; the message names file lines instead.
        let message = match &e {
            LeaderTermError::EndsBeforeStart(_) => {
                "离任学年早于任职起始学年，应不早于起始学年".to_owned()
            }
            LeaderTermError::Overlap(i, _, p, y) => format!(
                "与第 {} 行重叠：{p} 在 {y} 学年同时任两个职务；前一职务应填离任学年",
                line_of(*i)
            ),
            LeaderTermError::TwoPrincipals(i, _, s, y) => format!(
                "与第 {} 行冲突：学校 {s} 在 {y} 学年有两位校长；前任应填离任学年",
                line_of(*i)
            ),
        };
        let value = value.map(|y| y.to_string());
        let issue = checked
            .table
            .issue(code, Some(line_of(at)), Some(column), value, message);
        checked.issues.push(issue);
    }
    let (terms, warnings) = checked.finish()?;
    Ok(ImportedLeaders { terms, warnings })
}

/// One row, validated; `None` when anything is wrong (and reported).
fn one(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<LeaderTerm> {
    let f = &codes::FIELDS;
    let person = t.teacher_id(row, PERSON, f, issues);
    let school = t.school_code(row, SCHOOL, f, issues);
    let post = t.word(
        row,
        POST,
        true,
        LeaderPost::parse,
        LeaderPost::expected,
        codes::POST_INVALID,
        issues,
    );
    let from_year = t.year(row, FROM, f, issues);
    let to_year = match Table::cell(row, t.column(TO)) {
        Value::Empty => Some(None),
        _ => t.year(row, TO, f, issues).map(Some),
    };
    Some(LeaderTerm {
        person: person?,
        school: school?,
        post: post?,
        from_year: from_year?,
        to_year: to_year?,
    })
}

fn row(l: &LeaderTerm) -> Vec<V> {
    vec![
        t(l.person.as_str()),
        t(l.school.as_str()),
        t(l.post.label()),
        int(l.from_year),
        l.to_year.map_or(V::E, int),
    ]
}

fn sheet(terms: &[LeaderTerm]) -> Sheet {
    Sheet::template(
        LEADER_SHEET_NAME,
        LEADER_COLUMNS,
        terms.iter().map(row).collect(),
    )
    .numbers_general(LEADER_COLUMNS)
    .choose(POST, labels(LeaderPost::ALL, LeaderPost::label))
}

/// The template: the 校长副校长任职表 sheet with two example rows (a 副校长 promoted to 校长 at
/// the same school) and a 说明 sheet.
pub fn write_leaders_template() -> Vec<u8> {
    let code = SchoolCode::parse("5001120001").expect("example code");
    let person = TeacherId::parse("T2024-0001").expect("example id");
    let examples = [
        LeaderTerm {
            person: person.clone(),
            school: code.clone(),
            post: LeaderPost::VicePrincipal,
            from_year: 2015,
            to_year: Some(2019),
        },
        LeaderTerm {
            person,
            school: code,
            post: LeaderPost::Principal,
            from_year: 2020,
            to_year: None,
        },
    ];
    write::template(sheet(&examples), LEADER_COLUMNS, RULES)
}

/// Writes terms as CSV in the template (UTF-8 with a BOM); it reads back to the same terms.
pub fn write_leaders_csv(terms: &[LeaderTerm], out: &mut dyn Write) -> io::Result<()> {
    write::records_csv(LEADER_COLUMNS, terms, row, out)
}

/// Writes terms as an .xlsx in the template; it reads back to the same terms.
pub fn write_leaders_xlsx(terms: &[LeaderTerm]) -> Result<Vec<u8>, XlsxError> {
    write::xlsx(&[sheet(terms)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> Result<ImportedLeaders, ImportFailure> {
        read_leaders_bytes(csv.as_bytes(), "任职表.csv")
    }
    const HEAD: &str = "教师编号,学校标识码,职务,任职起始学年,离任学年\n";

    #[test]
    fn the_template_and_an_xlsx_read_back() {
        let terms = read_leaders_bytes(&write_leaders_template(), "模板.xlsx")
            .unwrap()
            .terms;
        assert_eq!(terms.len(), 2);
        let again = write_leaders_xlsx(&terms).unwrap();
        assert_eq!(read_leaders_bytes(&again, "x.xlsx").unwrap().terms, terms);
    }

    #[test]
    fn every_problem_is_located_and_nothing_is_returned() {
        let csv = format!(
            "{HEAD}T1,5001120001,教导主任,2018,\nT2,5001120001,校长,2020,2019\n11010519491231002X,5001120002,校长,2020,\n"
        );
        let issues = read(&csv).unwrap_err().issues;
        let codes: Vec<_> = issues.iter().map(|i| (i.code, i.row)).collect();
        assert!(codes.contains(&(codes::POST_INVALID, Some(2))), "{codes:?}");
        assert!(
            codes.iter().any(|c| c.0 == codes::TEACHER_ID_NATIONAL_ID),
            "{codes:?}"
        );
    }

    #[test]
    fn overlaps_and_two_principals_name_both_lines() {
        let csv = format!("{HEAD}T1,5001120001,校长,2018,2022\nT1,5001120002,副校长,2022,\n");
        let issues = read(&csv).unwrap_err().issues;
        assert_eq!(issues[0].code, codes::OVERLAP);
        assert_eq!(issues[0].row, Some(3));
        assert!(
            issues[0].message.contains("第 2 行"),
            "{}",
            issues[0].message
        );
        let csv = format!("{HEAD}T1,5001120001,校长,2018,\nT2,5001120001,校长,2020,2021\n");
        assert_eq!(
            read(&csv).unwrap_err().issues[0].code,
            codes::TWO_PRINCIPALS
        );
        let csv = format!("{HEAD}T1,5001120001,校长,2020,2019\n");
        assert_eq!(
            read(&csv).unwrap_err().issues[0].code,
            codes::YEARS_REVERSED
        );
    }
}
