//! What every health import shares: who may, the round, the children matched to the registry of
//! the round's school year (by pseudonym, at the file's school and grade — every child who does
//! not match is a located problem, nothing written), and the file written as the next version.

use std::collections::HashMap;

use junheng_core::school::SchoolCode;
use junheng_core::student::StudentNumber;
use junheng_io::school::{ImportFailure, Issue};
use junheng_store::{
    DistrictStore, HealthFile, HealthFileInput, HealthKind, HealthRound, NewHealthRecord,
    StoreError, StudentKeys,
};

use super::Refused;
use super::who::may_import;
use crate::classroom::digest;
use crate::pairings::{Caller, known_schools};

/// What importing a file did.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The stored file (its version, its counts).
    pub file: HealthFile,
    /// Children of the version it replaced, if any.
    pub replaced: Option<u64>,
    /// The file's warnings.
    pub warnings: Vec<Issue>,
    /// 心理 cases opened (or raised) by a screening.
    pub cases: usize,
}

/// Where a line of a file sits, for matching and for its problems.
pub(crate) struct LineAt<'a> {
    pub row: usize,
    pub number: &'a StudentNumber,
    pub grade: u8,
}

/// The keys, when `caller` may import `kind` files of `school` and the deployment has keys.
pub(crate) fn admit<'k>(
    caller: &Caller<'_>,
    kind: HealthKind,
    school: &SchoolCode,
    keys: Option<&'k StudentKeys>,
) -> Result<&'k StudentKeys, Refused> {
    if !may_import(caller, kind, school) {
        return Err(Refused::Denied);
    }
    keys.ok_or(Refused::NoKeys)
}

/// A file to import: its school, name and bytes.
#[derive(Debug, Clone, Copy)]
pub struct FileIn<'a> {
    /// The school.
    pub school: &'a SchoolCode,
    /// The file's name.
    pub name: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// A file read, matched and made into records, ready to write.
pub(crate) struct Prepared {
    pub school: SchoolCode,
    pub name: String,
    pub sha256: String,
    pub records: Vec<NewHealthRecord>,
    pub counts: String,
    pub warnings: Vec<Issue>,
    pub cases: usize,
}

/// The registry of a school year by pseudonym: (child, school, grade) — of every school, or of
/// the one school whose file is read (`whole` false).
pub(crate) struct Registry {
    map: HashMap<String, (i64, SchoolCode, u8)>,
    whole: bool,
}

/// The registry of `year`, for files of `schools` (each must be a school of the district).
pub(crate) async fn registry(
    store: &DistrictStore,
    schools: &[&SchoolCode],
    year: i32,
) -> Result<Registry, Refused> {
    let known = known_schools(store).await?;
    if let Some(school) = schools.iter().find(|s| !known.contains(**s)) {
        return Err(Refused::Store(StoreError::Invalid(format!(
            "学校标识码 {school} 不在本区县任何学年的学校统计数据中；请核对学校标识码"
        ))));
    }
    // One school's file needs that school's registry only.
    let keys = match schools {
        [one] => store.school_registry_keys(year, one).await?,
        _ => store.registry_keys(year).await?,
    };
    let map: HashMap<String, (i64, SchoolCode, u8)> = keys
        .into_iter()
        .map(|(p, (id, s, g, _))| (p, (id, s, g)))
        .collect();
    if map.is_empty() {
        return Err(Refused::Store(StoreError::Invalid(format!(
            "{year} 学年还没有导入学籍：请先导入各校学籍，再导入健康数据"
        ))));
    }
    Ok(Registry {
        map,
        whole: schools.len() != 1,
    })
}

/// The child (id, pseudonym) of each line, matched to the registry at `school`: every line not
/// on it, or on it in another grade, is a problem located at its row.
pub(crate) fn match_lines(
    registry: &Registry,
    keys: &StudentKeys,
    school: &SchoolCode,
    year: i32,
    file_name: &str,
    lines: &[LineAt<'_>],
) -> Result<Vec<(i64, String)>, Refused> {
    let mut issues = Vec::new();
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let p = keys.pseudonym(l.number);
        let issue = |code, message: String| Issue {
            code,
            file: file_name.to_owned(),
            sheet: None,
            row: Some(l.row),
            column: Some("学籍号".into()),
            value: Some(l.number.masked()),
            message,
        };
        match registry.map.get(&p) {
            Some((id, s, g)) if s == school && *g == l.grade => out.push((*id, p)),
            Some((_, s, g)) if s == school => issues.push(issue(
                "health.grade_mismatch",
                format!(
                    "学籍中这名学生在 {g} 年级，文件写的是 {} 年级：请核对年级",
                    l.grade
                ),
            )),
            Some(_) => issues.push(issue(
                "health.other_school",
                format!("这名学生在 {year} 学年的学籍中不在本校（{school}）：请由其所在学校导入"),
            )),
            None if registry.whole => issues.push(issue(
                "health.not_in_registry",
                format!("{year} 学年的学籍中没有这个学籍号：请核对学籍号，或先导入学籍"),
            )),
            None => issues.push(issue(
                "health.not_in_registry",
                format!(
                    "本校（{school}）{year} 学年的学籍中没有这个学籍号：请核对学籍号；在他校就读的学生由其所在学校导入"
                ),
            )),
        }
    }
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: Vec::new(),
        }));
    }
    Ok(out)
}

/// Writes the prepared files of `round`, all in one transaction.
pub(crate) async fn write_all(
    store: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
    round: &HealthRound,
    prepared: Vec<Prepared>,
) -> Result<Vec<Imported>, Refused> {
    let current: HashMap<SchoolCode, u64> = store
        .health_files(round.id, false)
        .await?
        .into_iter()
        .map(|f| (f.school, f.records))
        .collect();
    let inputs: Vec<HealthFileInput<'_>> = prepared
        .iter()
        .map(|p| HealthFileInput {
            school: &p.school,
            file_name: &p.name,
            sha256: &p.sha256,
            records: &p.records,
            counts: &p.counts,
        })
        .collect();
    let files = store
        .import_health_files(keys, round, &inputs, &caller.actor())
        .await?;
    Ok(files
        .into_iter()
        .zip(prepared)
        .map(|(file, p)| Imported {
            replaced: current.get(&p.school).copied(),
            file,
            warnings: p.warnings,
            cases: p.cases,
        })
        .collect())
}

/// The keys, when `caller` may import `kind` files of every one of `files`' schools.
pub(crate) fn admit_all<'k>(
    caller: &Caller<'_>,
    kind: HealthKind,
    files: &[FileIn<'_>],
    keys: Option<&'k StudentKeys>,
) -> Result<&'k StudentKeys, Refused> {
    if files.is_empty() {
        return Err(Refused::Store(StoreError::invalid("没有要导入的文件")));
    }
    let mut seen = std::collections::HashSet::new();
    for f in files {
        if !seen.insert(f.school) {
            return Err(Refused::Store(StoreError::Invalid(format!(
                "学校 {} 有多个文件：每所学校每轮一个文件",
                f.school
            ))));
        }
        admit(caller, kind, f.school, keys)?;
    }
    keys.ok_or(Refused::NoKeys)
}

/// Reads every file on the machine's cores; the first refusal (its problems located) stops.
pub(crate) fn read_all<T: Send>(
    files: &[FileIn<'_>],
    read: impl Fn(&FileIn<'_>) -> Result<T, Refused> + Sync,
) -> Result<Vec<T>, Refused> {
    junheng_core::parallel::each(files, |f| read(f))
        .into_iter()
        .collect()
}

/// A file's SHA-256.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    digest(bytes)
}

/// The round a file goes to, created for an administrator when it does not exist.
pub async fn round(
    store: &DistrictStore,
    caller: &Caller<'_>,
    kind: HealthKind,
    name: &str,
    year: i32,
    on_date: &str,
) -> Result<HealthRound, Refused> {
    if let Some(r) = store
        .health_rounds(kind)
        .await?
        .into_iter()
        .find(|r| r.name == name.trim())
    {
        return Ok(r);
    }
    if !super::who::may_administer(caller)
        && !matches!(caller, Caller::User(u) if u.role == junheng_store::Role::CrisisTeam && kind == HealthKind::Mental)
    {
        return Err(Refused::Store(StoreError::Invalid(format!(
            "没有名为「{}」的{}：请由管理员先建立轮次",
            name.trim(),
            kind.label()
        ))));
    }
    Ok(store
        .health_round(kind, name, year, on_date, &caller.actor())
        .await?)
}
