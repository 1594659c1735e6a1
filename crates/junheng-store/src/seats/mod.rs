//! 学位 (seats, issue 16): what the district keeps to plan its seats — the class table of a
//! school year ([`classes`]) and its 划片, entrant and 指标到校 files ([`zoning`]), the forecast's
//! births, 学区 map, enrolment and capacity ([`forecast`]), and the building projects
//! ([`projects`]).

use crate::StoreError;
use crate::limits::{MAX_FILE_NAME, check_required};

pub(crate) mod classes;
pub mod forecast;
pub mod projects;
pub(crate) mod zoning;

/// The school year, name and SHA-256 of an imported file, checked.
pub(crate) fn check_file(year: i32, file_name: &str, sha256: &str) -> Result<(), StoreError> {
    check_required(file_name, "文件名", MAX_FILE_NAME)?;
    if !(2000..=2100).contains(&year) {
        return Err(StoreError::Invalid(format!(
            "学年 {year} 应在 2000 至 2100 之间"
        )));
    }
    check_digest(sha256)
}

/// The name and SHA-256 of an imported file (of no school year), checked.
pub(crate) fn check_named_file(file_name: &str, sha256: &str) -> Result<(), StoreError> {
    check_required(file_name, "文件名", MAX_FILE_NAME)?;
    check_digest(sha256)
}

/// A file's SHA-256: 64 lower-case hexadecimal digits.
fn check_digest(sha256: &str) -> Result<(), StoreError> {
    let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    if sha256.len() != 64 || !sha256.bytes().all(hex) {
        return Err(StoreError::invalid(
            "文件摘要应为 64 位小写十六进制的 SHA-256",
        ));
    }
    Ok(())
}
