//! Students (issue 13): the registry (学籍) imported per school and year, the rates the 督导评估
//! computes from it, 控辍保学 (cases, ledgers, the watch list, the comparisons of 四查三比对, the
//! 四个一 reports), and retention — for the server and the command line.
//!
//! Who sees and does what is [`who`]'s; every read of a named child goes through
//! `DistrictStore::named_students`, which records it. Aggregates shown to district and city roles
//! are suppressed below `min_cell` ([`suppressed`]).

pub mod cases;
pub mod compare;
pub mod import;
pub mod ledgers;
pub mod rates;
pub mod reports;
pub mod roster;
pub mod who;

use std::fmt;

use junheng_io::school::ImportFailure;
use junheng_store::StoreError;

pub use junheng_core::student::StudentSettings;

/// Why a student operation did nothing.
#[derive(Debug)]
pub enum Refused {
    /// The caller may not do this (HTTP 403, exit status 2).
    Denied,
    /// The student data keys are not configured: nothing about named children can be done.
    NoKeys,
    /// A file breaks rules: every problem, located (stable `student.*` codes).
    Problems(ImportFailure),
    /// The store refused (not found, invalid, conflict) or failed.
    Store(StoreError),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Denied => f.write_str("无权查看或办理这些学生数据"),
            Refused::NoKeys => f.write_str(
                "尚未配置学生数据密钥：请按 README“学生数据的密钥”生成并配置两把密钥后再导入或查看学生",
            ),
            Refused::Problems(failure) => write!(f, "{failure}"),
            Refused::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Refused {}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

impl Refused {
    /// A stable code: `student.denied`, `student.no_keys`, the first problem's code, or the
    /// store's.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::Denied => "student.denied",
            Refused::NoKeys => "student.no_keys",
            Refused::Problems(f) => f.issues.first().map_or("student.invalid", |i| i.code),
            Refused::Store(e) => e.code(),
        }
    }
}

/// Counts as a district or city role sees them: each below `k` suppressed, with complementary
/// suppression along rows and columns (`junheng_core::student::suppress`). `rows[i][j]`.
pub fn suppressed(rows: &[Vec<u64>], k: u64) -> Vec<Vec<String>> {
    let s = junheng_core::student::suppress(rows, k);
    s.cells
        .iter()
        .map(|row| row.iter().map(|c| c.text(k)).collect())
        .collect()
}

#[cfg(test)]
mod tests;
