//! Importing a school's registry (学籍) file for a school year: read and checked by
//! `junheng_io::student` (every problem located, nothing written on any), the school checked
//! against the district's statistics, then written by the store as the next version of that
//! school and year with names and numbers sealed.

use junheng_core::school::SchoolCode;
use junheng_io::student::{StudentFile, StudentLine};
use std::collections::HashMap;

use junheng_store::{
    DistrictStore, NewStudent, RegistryFile, StoreError, StudentImport, StudentKeys,
};

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

fn new_student(line: StudentLine) -> NewStudent {
    NewStudent {
        number: line.number,
        name: line.name,
        male: line.male,
        birth_date: line.birth_date,
        grade: line.grade,
        class: line.class,
        hukou: line.hukou,
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
    // Refused before the file is read.
    admit(caller, std::slice::from_ref(school), keys)?;
    let file = read(bytes, file_name, limits)?;
    let file = Read {
        file,
        name: file_name,
        sha256: digest(bytes),
    };
    let mut done = import_reads(
        store,
        keys,
        caller,
        year,
        public,
        vec![(school.clone(), file)],
    )
    .await?;
    Ok(done.remove(0))
}

/// The keys, when `caller` may import the registry of every one of `schools` and the
/// deployment has keys.
fn admit<'k>(
    caller: &Caller<'_>,
    schools: &[SchoolCode],
    keys: Option<&'k StudentKeys>,
) -> Result<&'k StudentKeys, Refused> {
    if schools.iter().any(|school| !may_import(caller, school)) {
        return Err(Refused::Denied);
    }
    keys.ok_or(Refused::NoKeys)
}

/// A registry file already read and checked, with its name and SHA-256.
pub struct Read<'a> {
    pub file: StudentFile,
    pub name: &'a str,
    pub sha256: String,
}

/// Imports files already read (a command reads and checks every file before it writes any),
/// each the registry of its school for school year `year` (公办 when `public`), in one
/// transaction: all of them or none.
pub async fn import_reads(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    year: i32,
    public: bool,
    reads: Vec<(SchoolCode, Read<'_>)>,
) -> Result<Vec<Imported>, Refused> {
    let schools: Vec<SchoolCode> = reads.iter().map(|(s, _)| s.clone()).collect();
    let keys = admit(caller, &schools, keys)?;
    let known = known_schools(store).await?;
    if let Some((school, _)) = reads.iter().find(|(s, _)| !known.contains(s)) {
        return Err(Refused::Store(StoreError::Invalid(format!(
            "学校标识码 {school} 不在本区县任何学年的学校统计数据中；请先导入学校统计数据，或核对学校标识码"
        ))));
    }
    let replaced: HashMap<SchoolCode, u64> = store
        .current_registries(year, None)
        .await?
        .into_iter()
        .map(|i| (i.school, i.students))
        .collect();
    let mut parts = Vec::with_capacity(reads.len());
    for (school, read) in reads {
        let StudentFile {
            students, warnings, ..
        } = read.file;
        let students: Vec<NewStudent> = students.into_iter().map(new_student).collect();
        parts.push((school, read.name, read.sha256, students, warnings));
    }
    let files: Vec<RegistryFile<'_>> = parts
        .iter()
        .map(|(school, name, sha256, students, _)| RegistryFile {
            school,
            public,
            students,
            file_name: name,
            sha256,
        })
        .collect();
    let imports = store
        .import_registries(keys, year, &files, &caller.actor())
        .await?;
    Ok(imports
        .into_iter()
        .zip(parts)
        .map(|(import, (school, _, _, _, warnings))| Imported {
            replaced: replaced.get(&school).copied(),
            import,
            warnings,
        })
        .collect())
}
