//! 质量监测 score files in and out:
//!
//! * the per-school **wide** template (.xlsx, .xlsm, .xls, .ods, .csv): 学籍号, 姓名 (optional,
//!   not kept), 班级, then one column per paper of the exam — a score (`86.5`) or 缺考, 免考,
//!   作弊 (违纪) — and optionally per paper its 任课教师 (`数学任课教师`: the 教师编号 of the
//!   class's teacher, one per class and paper); [`read_school_scores`], [`write_exam_template`];
//! * the whole-exam **long** format (.csv, and .parquet where a vendor or a city delivers large
//!   files): 考试 (optional), 区县 (optional), 学校标识码, 学校名称 (optional), 班级, 学籍号 or
//!   学生标识 (the registry's pseudonym, hex), 科目, 分数, 状态 (empty = sat when a score is
//!   present), 任课教师 (optional: the 教师编号, one per class and subject). [`read_long_csv`] and [`read_long_parquet`] stream each valid sitting into a
//!   caller's sink with borrowed text (nothing is kept per row); [`load_long_csv`] and
//!   [`load_long_parquet`] build the exams themselves, columnar, for 10⁸-row files;
//!   [`write_long_csv`] and [`write_long_parquet`] write exams (the benchmark files).
//!
//! Every problem is reported at once (up to [`crate::Limits::max_issues`], the rest counted)
//! with a stable `exam.*` code (see [`codes`]) located as the user sees it: file, sheet, row
//! (the spreadsheet's row, the CSV line, or a Parquet file's record number from 1), column and
//! value. A 学籍号 is only ever shown masked; a 身份证 column refuses the whole file as the
//! other files about children do. Nothing is returned when anything is wrong; writing nothing
//! on bad input is then the caller's part (a streaming reader's sink must stage what it gets).
//!
//! Students are matched to the registry by their pseudonymous key ([`Registry`]); a student the
//! registry does not know is reported (`exam.student_unmatched`), never dropped.
//!
//! ```
//! use junheng_core::exam::{Mark, PaperSpec, Tenths};
//! use junheng_io::exam::{read_school_scores, write_exam_template};
//! let papers = vec![
//!     PaperSpec::with_default_lines("语文", Tenths::points(150)),
//!     PaperSpec::with_default_lines("数学", Tenths::points(150)),
//! ];
//! let file = read_school_scores(&write_exam_template(&papers), "成绩.xlsx", &papers).unwrap();
//! assert_eq!(file.lines[0].marks[0], Some(Mark::Score(Tenths(1125))));
//! assert_eq!(file.lines[1].marks[1], Some(Mark::Absent));
//! ```

mod load;
mod long;
#[cfg(feature = "parquet")]
mod parquet_long;
#[cfg(test)]
mod tests;
mod wide;

use junheng_core::exam::{Mark, PaperIx, StudentKey};
use junheng_core::student::StudentNumber;

pub use crate::school::{ImportFailure, Issue};
pub use load::{LoadedExam, load_long_csv};
pub use long::{read_long_csv, write_long_csv};
#[cfg(feature = "parquet")]
pub use parquet_long::{load_long_parquet, read_long_parquet, write_long_parquet};
pub use wide::{
    SchoolScores, WideLine, read_school_scores, read_school_scores_with, write_exam_template,
};

/// Stable issue codes of the score files (also i18n keys): `exam.*`.
pub mod codes {
    crate::table::table_codes!("exam", "成绩模板", Some(SHEET_NOT_NAMED));
    crate::pupil::pupil_codes!("exam");

    /// Warning: no sheet is named 成绩; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "exam.sheet_not_named";
    /// A score that is not a number of points with at most one decimal (`86.5`), or is
    /// negative, or finer than a tenth of a point (`86.25`).
    pub const SCORE_INVALID: &str = "exam.score_invalid";
    /// A score above the paper's full marks.
    pub const SCORE_ABOVE_FULL: &str = "exam.score_above_full";
    /// 状态 (or a wide score cell's text) is not 缺考, 免考, 作弊 (违纪) or empty.
    pub const STATUS_INVALID: &str = "exam.status_invalid";
    /// A score and a status 缺考, 免考 or 作弊 on the same row.
    pub const SCORE_WITH_STATUS: &str = "exam.score_with_status";
    /// A long row with neither a score nor a status.
    pub const SCORE_MISSING: &str = "exam.score_missing";
    /// A teachers' cell (`数学任课教师`) that is not a 教师编号 (or holds a 身份证号).
    pub const TEACHER_INVALID: &str = "exam.teacher_invalid";
    /// Two teachers named for the same class and paper (the issue names the earlier row).
    pub const TEACHER_CONFLICT: &str = "exam.teacher_conflict";
    /// A subject (a wide column, a long row's 科目) that is not a paper of the exam.
    pub const UNKNOWN_SUBJECT: &str = "exam.unknown_subject";
    /// A paper of the exam without its column in a wide file.
    pub const SUBJECT_COLUMN_MISSING: &str = "exam.subject_column_missing";
    /// The same student and subject twice in one exam (the issue names the earlier row).
    pub const DUPLICATE_SITTING: &str = "exam.duplicate_sitting";
    /// The same student in two classes (or schools) of one exam.
    pub const STUDENT_CLASS_CONFLICT: &str = "exam.student_class_conflict";
    /// A long file with neither 学籍号 nor 学生标识 (or with both).
    pub const STUDENT_COLUMN_MISSING: &str = "exam.student_column_missing";
    /// 学生标识 is not 32 or 64 hexadecimal digits.
    pub const STUDENT_ID_INVALID: &str = "exam.student_id_invalid";
    /// A student the registry does not know (by pseudonym, or by 学籍号).
    pub const STUDENT_UNMATCHED: &str = "exam.student_unmatched";
    /// 学校标识码 is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "exam.school_code_invalid";
    /// A Parquet column of a type the format does not allow (e.g. 分数 as text, 学生标识 as a
    /// number) or nested.
    pub const COLUMN_TYPE_INVALID: &str = "exam.column_type_invalid";
}

/// Who a long row is about: the registry's pseudonymous key, or a 学籍号 the caller's registry
/// maps to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Student<'a> {
    /// 学生标识: the first 128 bits of the pseudonym.
    Key(StudentKey),
    /// 学籍号 (its `Debug` is masked).
    Number(&'a StudentNumber),
}

/// One valid sitting of a long file, its text borrowed from the reader's buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreLine<'a> {
    /// The row as issues show it: the CSV line, or the Parquet record number from 1.
    pub row: u64,
    /// 考试 (empty when the file has no such column: one exam).
    pub exam: &'a str,
    /// 区县 (empty when the file has none).
    pub district: &'a str,
    /// 学校标识码, 10 digits.
    pub school_code: &'a str,
    /// 学校名称 (empty when the file has none).
    pub school_name: &'a str,
    /// 班级.
    pub class: &'a str,
    /// The student.
    pub student: Student<'a>,
    /// The paper (index into the papers the reader was given).
    pub paper: PaperIx,
    /// The score or status.
    pub mark: Mark,
    /// 任课教师 (a checked 教师编号; empty when the file has no such column or the cell is empty).
    pub teacher: &'a str,
}

/// Why a sink refused a line: reported at the line's row, in `column`, without a value (the
/// reader knows no safe way to show it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// A stable code (`exam.student_unmatched` …).
    pub code: &'static str,
    /// The column the problem is in.
    pub column: &'static str,
    /// What is wrong and expected, in Chinese.
    pub message: String,
}

/// The student registry as the loaders match against it.
pub trait Registry {
    /// Whether the registry holds a student of this key.
    fn knows(&self, key: StudentKey) -> bool;
    /// The key of a 学籍号, when the registry holds it.
    fn key_of(&self, number: &StudentNumber) -> Option<StudentKey>;
    /// Whether the student of `key` may have scores at school `school` (学校标识码): asked once
    /// per student as the rows come; every school by default.
    fn admits(&self, key: StudentKey, school: &str) -> bool {
        let _ = (key, school);
        true
    }
}

/// A registry that accepts every 学生标识 and resolves no 学籍号: for files whose keys were
/// already matched (the benchmark files), or to read before matching.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyKey;

impl Registry for AnyKey {
    fn knows(&self, _: StudentKey) -> bool {
        true
    }
    fn key_of(&self, _: &StudentNumber) -> Option<StudentKey> {
        None
    }
}

/// The long format's headers.
pub mod columns {
    /// 考试 (optional: a file of one exam may leave it out).
    pub const EXAM: &str = "考试";
    /// 区县 (optional).
    pub const DISTRICT: &str = "区县";
    /// 学校标识码.
    pub const SCHOOL_CODE: &str = "学校标识码";
    /// 学校名称 (optional).
    pub const SCHOOL_NAME: &str = "学校名称";
    /// 班级.
    pub const CLASS: &str = "班级";
    /// 学籍号 (a file of a district that has not pseudonymised it).
    pub const NUMBER: &str = "学籍号";
    /// 学生标识: the registry's pseudonym, 32 or 64 hex digits.
    pub const STUDENT_ID: &str = "学生标识";
    /// 科目.
    pub const SUBJECT: &str = "科目";
    /// 分数.
    pub const SCORE: &str = "分数";
    /// 状态: empty (sat), 缺考, 免考, 作弊 or 违纪.
    pub const STATUS: &str = "状态";
    /// 任课教师 (optional): the 教师编号 of the class's teacher of the row's subject.
    pub const TEACHER: &str = "任课教师";
}

/// A status as written: `Ok(None)` for empty (sat), `Err` for a word outside the list.
pub(crate) fn status_of(text: &str) -> Result<Option<Mark>, ()> {
    match text.trim() {
        "" | "正常" | "参考" => Ok(None),
        "缺考" => Ok(Some(Mark::Absent)),
        "免考" => Ok(Some(Mark::Exempt)),
        "作弊" | "违纪" => Ok(Some(Mark::Cheat)),
        _ => Err(()),
    }
}

/// What 状态 accepts, for messages.
pub(crate) const STATUS_WORDS: &str = "空（参考）、缺考、免考、作弊（违纪）";
