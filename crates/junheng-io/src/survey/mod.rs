//! An online survey's export (问卷星-style .xlsx, also .xls, .ods or .csv) read against one
//! respondent group of a questionnaire: columns 序号, 提交答卷时间, 所用时间, 来源, 来源详情,
//! 来自IP, then one column per question headed `1、题目` (an option in brackets after it,
//! `2、题目(选项)`, is accepted), each cell the chosen option's text or its number.
//!
//! Privacy: the time, IP and 来源 columns (and any other column that is not a question) are
//! dropped here — the reader returns only the chosen options, so nothing else of the file can
//! reach the store. Questions are matched by number **and** text; every problem is reported at
//! once with a stable `survey.*` code, located (file, sheet, row, column, value, what is
//! expected), and nothing is returned when anything is wrong.
//!
//! ```
//! use junheng_core::survey::Questionnaire;
//! use junheng_io::survey::{read, write_template};
//! let q = Questionnaire::builtin();
//! let g = q.group("principal").unwrap();
//! // The template has the header only: no response.
//! let e = read(g, &write_template(g), "模板.xlsx").unwrap_err();
//! assert_eq!(e.issues[0].code, "survey.no_data_rows");
//! ```

mod template;
mod wjx;

pub use crate::school::{ImportFailure, Issue};
pub use template::write_template;
pub use wjx::{DROPPED, read, read_with};

/// Stable issue codes of the reader.
pub mod codes {
    crate::table::table_codes!("survey", "问卷星导出文件（或“问卷模板”）", None);
    /// A question column whose number is not a question of the group.
    pub const QUESTION_UNKNOWN: &str = "survey.question_unknown";
    /// A question of the group has no column.
    pub const QUESTION_MISSING: &str = "survey.question_missing";
    /// A question column whose text is not the question of that number.
    pub const QUESTION_TEXT: &str = "survey.question_text";
    /// An answer that is not one of the question's options.
    pub const OPTION_UNKNOWN: &str = "survey.option_unknown";
    /// A row that answers no question.
    pub const EMPTY_RESPONSE: &str = "survey.empty_response";
    /// Warning: a column that is neither a question nor one of the dropped columns (ignored).
    pub const COLUMN_IGNORED: &str = "survey.column_ignored";
}

/// A read file: one response per data row, the chosen option's index per question of the group
/// (`None` unanswered), and the warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyFile {
    /// The responses.
    pub answers: Vec<Vec<Option<u8>>>,
    /// Warnings (ignored columns).
    pub warnings: Vec<Issue>,
}

#[cfg(test)]
mod tests;
