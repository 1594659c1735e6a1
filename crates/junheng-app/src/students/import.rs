//! Importing a school's registry (学籍) file for a school year: read and checked by
//! `junheng_io::student` (every problem located, nothing written on any), the school checked
//! against the district's statistics, then written by the store as the next version of that
//! school and year with names and numbers sealed.

use junheng_core::school::SchoolCode;
use junheng_io::student::{StudentFile, StudentLine};
use junheng_store::{DistrictStore, NewStudent, StoreError, StudentImport, StudentKeys};

use super::Refused;
use super::who::may_import;
use crate::classroom::digest;
use crate::pairings::{Caller, known_schools};

/// What importing a file did.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The stored file (its version, its counts).
    pub import: StudentImport,
    /// The version it replaced as the registry of the school and year (its children count).
    pub replaced: Option<u64>,
    /// Warnings of the file (unknown columns …).
    pub warnings: Vec<junheng_io::school::Issue>,
}

fn new_student(line: &StudentLine) -> NewStudent {
    NewStudent {
        number: line.number.clone(),
        name: line.name.clone(),
        male: line.male,
        birth_date: line.birth_date.clone(),
        grade: line.grade,
        class: line.class.clone(),
        hukou: line.hukou.clone(),
        disability: line.disability,
        flags: line.flags,
    }
}

/// Reads a registry file within `limits`: every problem, located, as [`Refused::Problems`].
pub fn read(
    bytes: &[u8],
    file_name: &str,
    limits: &junheng_io::Limits,
) -> Result<StudentFile, Refused> {
    junheng_io::student::read_students_with(bytes, file_name, limits).map_err(Refused::Problems)
}

/// Imports `bytes` (a file named `file_name`) as the registry of `school` for school year
/// `year` (公办 when `public`) for `caller`, with `keys` sealing names and numbers.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    school: &SchoolCode,
    year: i32,
    public: bool,
    bytes: &[u8],
    file_name: &str,
    limits: &junheng_io::Limits,
) -> Result<Imported, Refused> {
    if !may_import(caller, school) {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    if !known_schools(store).await?.contains(school) {
        return Err(Refused::Store(StoreError::Invalid(format!(
            "学校标识码 {school} 不在本区县任何学年的学校统计数据中；请先导入学校统计数据，或核对学校标识码"
        ))));
    }
    let file = read(bytes, file_name, limits)?;
    let students: Vec<NewStudent> = file.students.iter().map(new_student).collect();
    let replaced = store
        .current_registries(year, Some(school))
        .await?
        .first()
        .map(|i| i.students);
    let import = store
        .import_students(
            keys,
            school,
            year,
            public,
            &students,
            file_name,
            &digest(bytes),
            &caller.actor(),
        )
        .await?;
    Ok(Imported {
        import,
        replaced,
        warnings: file.warnings,
    })
}
