//! The long format: its header ([`layout`]), the checks of one row shared by CSV and Parquet
//! ([`check`]), the streaming CSV reader and the CSV writer ([`stream`]).
use super::columns::*;
use super::{Refused, ScoreLine, codes};
use crate::guard::Capped;
use crate::school::issue::Place;
use crate::school::{ImportFailure, Issue};

mod check;
mod stream;

/// A file that cannot be read at all: one issue naming the file, with `message`.
pub(super) fn unreadable(place: &Place, message: String) -> ImportFailure {
    ImportFailure {
        issues: vec![place.file_issue(codes::FILE_UNREADABLE, message)],
        warnings: Vec::new(),
    }
}

pub(crate) use check::{Checker, RawRow, RawScore, hex_of_key};
// The fast Parquet path's.
#[cfg(feature = "parquet")]
pub(crate) use check::{class_problem, key_of_hex};
pub use stream::{read_long_csv, write_long_csv};

/// The sink a streaming reader hands each valid line to.
pub type Sink<'s> = dyn FnMut(&ScoreLine<'_>) -> Result<(), Refused> + 's;

/// The file columns of the long format's headers.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Layout {
    pub exam: Option<usize>,
    pub district: Option<usize>,
    pub school_code: usize,
    pub school_name: Option<usize>,
    pub class: usize,
    /// The student's column and whether it holds 学籍号 (else 学生标识).
    pub student: (usize, bool),
    pub subject: usize,
    pub score: usize,
    pub status: Option<usize>,
    pub teacher: Option<usize>,
}

const KNOWN: [&str; 11] = [
    EXAM,
    DISTRICT,
    SCHOOL_CODE,
    SCHOOL_NAME,
    CLASS,
    NUMBER,
    STUDENT_ID,
    SUBJECT,
    SCORE,
    STATUS,
    TEACHER,
];

/// Maps the headers (trimmed; a UTF-8 BOM dropped) to the format's columns: duplicates, missing
/// columns and 身份证 columns are issues, unknown columns warnings.
pub(crate) fn layout(
    headers: &[String],
    place: &Place,
    issues: &mut Capped,
    warnings: &mut Vec<Issue>,
) -> Option<Layout> {
    let find = |name: &str| headers.iter().position(|h| h == name);
    for (j, h) in headers.iter().enumerate() {
        if h.contains("身份证") {
            issues.push_with(|| {
                place.issue(
                    codes::NATIONAL_ID_COLUMN,
                    Some(1),
                    Some(h),
                    None,
                    "请不要上传身份证号列，学籍号已含所需信息；删除该列后重新导入，本次未读取文件内容"
                        .into(),
                )
            });
        } else if find(h) != Some(j) && !h.is_empty() {
            issues.push_with(|| {
                place.issue(
                    codes::DUPLICATE_COLUMN,
                    Some(1),
                    Some(h),
                    None,
                    format!("表头「{h}」出现了两次，每列只能出现一次"),
                )
            });
        } else if !KNOWN.contains(&h.as_str()) && warnings.len() < 100 {
            warnings.push(place.issue(
                codes::UNKNOWN_COLUMN,
                Some(1),
                Some(h),
                None,
                format!("「{h}」不是成绩长表的列，已忽略"),
            ));
        }
    }
    let mut required = |name: &'static str| {
        let j = find(name);
        if j.is_none() {
            issues.push_with(|| {
                place.issue(
                    codes::REQUIRED_COLUMN_MISSING,
                    None,
                    Some(name),
                    None,
                    format!("缺少必填列「{name}」；表头须位于第一行，且与格式说明的列名完全一致"),
                )
            });
        }
        j
    };
    let school_code = required(SCHOOL_CODE);
    let class = required(CLASS);
    let subject = required(SUBJECT);
    let score = required(SCORE);
    let student = match (find(NUMBER), find(STUDENT_ID)) {
        (Some(j), None) => Some((j, true)),
        (None, Some(j)) => Some((j, false)),
        (both, _) => {
            let message = if both.is_some() {
                "「学籍号」和「学生标识」只能有一列：已匿名化的文件只保留学生标识"
            } else {
                "缺少学生列：应有「学生标识」（学籍库的匿名标识，32 或 64 位十六进制）或「学籍号」"
            };
            issues.push_with(|| {
                place.issue(
                    codes::STUDENT_COLUMN_MISSING,
                    None,
                    Some(STUDENT_ID),
                    None,
                    message.into(),
                )
            });
            None
        }
    };
    if !issues.list.is_empty() || issues.dropped > 0 {
        return None;
    }
    Some(Layout {
        exam: find(EXAM),
        district: find(DISTRICT),
        school_code: school_code?,
        school_name: find(SCHOOL_NAME),
        class: class?,
        student: student?,
        subject: subject?,
        score: score?,
        status: find(STATUS),
        teacher: find(TEACHER),
    })
}

/// The layout of the headers, or every header problem.
pub(crate) fn layout_or_fail(
    headers: &[String],
    place: &Place,
    checker: &mut Checker<'_>,
    warnings: &mut Vec<Issue>,
) -> Result<Layout, ImportFailure> {
    let mut issues = Capped::new(crate::Limits::default().max_issues);
    match layout(headers, place, &mut issues, warnings) {
        Some(l) => {
            checker.by_number = l.student.1;
            Ok(l)
        }
        None => Err(ImportFailure {
            issues: issues.into_list(codes::MORE_ISSUES, place, "个问题"),
            warnings: std::mem::take(warnings),
        }),
    }
}

/// The long format's headers as the writers write them.
pub(crate) const WRITTEN: [&str; 9] = [
    EXAM,
    DISTRICT,
    SCHOOL_CODE,
    SCHOOL_NAME,
    CLASS,
    STUDENT_ID,
    SUBJECT,
    SCORE,
    STATUS,
];
