//! 劳动清单: a list file imported as the next version of the district's list or of a school's
//! list — checked by the engine (`check_district`, `effective`) and refused with every problem
//! located (row and column of the file) — or written whole with its audit entry; the current
//! version withdrawn (撤回); the district's view (its list, each school's list and its check) and
//! a school's (its effective list and its problems).

use junheng_core::school::SchoolCode;
use junheng_io::labour::lists::{ListFile, columns};
use junheng_io::school::{ImportFailure, Issue};
use junheng_labour::checklist::{
    Checklist, EffectiveList, ItemFault, ListProblem, Owner, RequiredGroups, check_district,
    effective,
};
use junheng_store::labour::lists::{ListVersion, StoredList};
use junheng_store::{DistrictStore, StoreError};
use serde::Serialize;

use super::LabourPass;
use crate::pairings::{Caller, Refused};

/// The column of the template a problem is about, if one.
fn column_of(p: &ListProblem) -> Option<&'static str> {
    use columns::*;
    Some(match p {
        ListProblem::DuplicateItem { .. } | ListProblem::UnknownRemoval { .. } => CODE,
        ListProblem::InvalidItem { fault, .. } => match fault {
            ItemFault::EmptyContent | ItemFault::ContentTooLong => CONTENT,
            ItemFault::SafetyNoteTooLong => SAFETY,
            ItemFault::Minutes => MINUTES,
            ItemFault::Times => TIMES,
        },
        ListProblem::RemovalInDistrictList { .. } | ListProblem::RemovedMandatory { .. } => DROP,
        ListProblem::MadeOptional { .. } => MANDATORY,
        ListProblem::FewerTimes { .. } => TIMES,
        ListProblem::FewerMinutes { .. } => MINUTES,
        ListProblem::Moved { field, .. } => match *field {
            "任务群" => GROUP,
            "场所" => PLACE,
            _ => GRADES,
        },
        ListProblem::GroupMissing { .. } => GROUP,
        ListProblem::NotDistrictList
        | ListProblem::NotSchoolList { .. }
        | ListProblem::BadVersion { .. } => return None,
    })
}

/// The item a problem names, if one.
fn item_of(p: &ListProblem) -> Option<&junheng_labour::checklist::ItemCode> {
    match p {
        ListProblem::DuplicateItem { code }
        | ListProblem::InvalidItem { code, .. }
        | ListProblem::RemovalInDistrictList { code }
        | ListProblem::UnknownRemoval { code }
        | ListProblem::RemovedMandatory { code }
        | ListProblem::MadeOptional { code }
        | ListProblem::FewerTimes { code, .. }
        | ListProblem::FewerMinutes { code, .. }
        | ListProblem::Moved { code, .. } => Some(code),
        _ => None,
    }
}

/// The engine's problems of a file's list, located in the file (row of the item, column of
/// the rule), by row.
pub fn located(file: &ListFile, problems: &[ListProblem]) -> Vec<Issue> {
    let mut issues: Vec<Issue> = problems
        .iter()
        .map(|p| {
            let code = item_of(p);
            let row = code.and_then(|c| file.rows.get(c).copied());
            file.issue(
                p.code(),
                row,
                column_of(p),
                code.map(ToString::to_string),
                p.message(),
            )
        })
        .collect();
    issues.sort_by_key(|i| i.row.unwrap_or(usize::MAX));
    issues
}

/// Imports a read file as the next version of the district's list (`school` `None`) or of a
/// school's list: the district's administrators any list, a school's account its own
/// ([`Refused::Denied`] otherwise). A school's list needs the district's list first. Every
/// problem the engine finds (a mandatory item dropped, minutes lowered, a task group missing
/// …) refuses the file ([`Refused::Problems`], located); nothing is written then.
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    school: Option<&SchoolCode>,
    file: &ListFile,
    sha256: &str,
    required: &RequiredGroups,
) -> Result<ListVersion, Refused> {
    if !LabourPass::of(caller).is_some_and(|p| p.writes_list(school)) {
        return Err(Refused::Denied);
    }
    if let Some(s) = school
        && !crate::pairings::known_schools(store).await?.contains(s)
    {
        return Err(Refused::Store(StoreError::NotFound(
            "该学校（学校标识码不在任何学年的统计数据中）",
        )));
    }
    let versions = store.labour_list_versions(school).await?;
    let current = versions.iter().find(|v| v.version.withdrawn.is_none());
    let list = Checklist {
        owner: school.map_or(Owner::District, |s| Owner::School(s.clone())),
        version: versions.first().map_or(1, |v| v.version.version + 1),
        parent_version: current.map(|c| c.version.version),
        items: file.items.clone(),
        removals: file.removals.clone(),
    };
    let problems = match school {
        None => check_district(&list, required),
        Some(s) => {
            let district = store.labour_list(None).await?.ok_or_else(|| {
                Refused::Store(StoreError::Conflict(
                    "区级劳动清单尚未导入：校本清单建立在区级清单之上，请先由区管理员导入区级清单"
                        .into(),
                ))
            })?;
            effective(s, &district.list, Some(&list), required)
                .err()
                .unwrap_or_default()
        }
    };
    if !problems.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues: located(file, &problems),
            warnings: file.warnings.clone(),
        }));
    }
    Ok(store
        .add_labour_list(&list, &file.file, sha256, &caller.actor())
        .await?)
}

/// Withdraws the current version of the district's list (`None`) or of a school's list (who
/// may import it may withdraw it); the version before is the list again.
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    school: Option<&SchoolCode>,
) -> Result<ListVersion, Refused> {
    if !LabourPass::of(caller).is_some_and(|p| p.writes_list(school)) {
        return Err(Refused::Denied);
    }
    Ok(store.withdraw_labour_list(school, &caller.actor()).await?)
}

/// A school's list and its check against the district's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolList {
    /// The school.
    pub school: SchoolCode,
    /// Its current version, if it has one (else the district's list applies as it is).
    pub own: Option<StoredList>,
    /// Its effective list, when it passes.
    pub effective: Option<EffectiveList>,
    /// What the engine finds wrong (the district's list changed since, or never imported).
    pub problems: Vec<ListProblem>,
}

/// The lists as a pass sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListsView {
    /// The district's current list.
    pub district: Option<StoredList>,
    /// Its problems (a district list stored before a setting was raised may fall short).
    pub district_problems: Vec<ListProblem>,
    /// The versions of the district's list, newest first (withdrawn ones marked).
    pub district_versions: Vec<junheng_store::labour::lists::ListVersion>,
    /// For the district: every school with its own list; for a school: its own, always.
    pub schools: Vec<SchoolList>,
    /// For a school: the versions of its list, newest first.
    pub school_versions: Vec<junheng_store::labour::lists::ListVersion>,
}

/// A school's list checked: its effective list, or the problems.
pub async fn school_list(
    store: &DistrictStore,
    school: &SchoolCode,
    district: Option<&StoredList>,
    required: &RequiredGroups,
) -> Result<SchoolList, StoreError> {
    let own = store.labour_list(Some(school)).await?;
    let (effective, problems) = match district {
        None => (None, Vec::new()),
        Some(d) => match effective(school, &d.list, own.as_ref().map(|o| &o.list), required) {
            Ok(e) => (Some(e), Vec::new()),
            Err(p) => (None, p),
        },
    };
    Ok(SchoolList {
        school: school.clone(),
        own,
        effective,
        problems,
    })
}

/// The effective list of a school, or `None` when the district has no list or the school's
/// list fails the check (the page of lists says why).
pub async fn effective_of(
    store: &DistrictStore,
    school: &SchoolCode,
    required: &RequiredGroups,
) -> Result<Option<EffectiveList>, StoreError> {
    let district = store.labour_list(None).await?;
    Ok(school_list(store, school, district.as_ref(), required)
        .await?
        .effective)
}

/// The lists a pass sees: the district's, and every school's list (district) or the pass's
/// school's (school).
pub async fn view(
    store: &DistrictStore,
    pass: &LabourPass,
    required: &RequiredGroups,
) -> Result<ListsView, StoreError> {
    let versions = store.labour_list_versions(None).await?;
    let district = versions
        .iter()
        .find(|v| v.version.withdrawn.is_none())
        .cloned();
    let district_problems = district
        .as_ref()
        .map(|d| check_district(&d.list, required))
        .unwrap_or_default();
    let mut schools = Vec::new();
    let mut school_versions = Vec::new();
    match pass.school() {
        None => {
            for own in store.school_labour_lists().await? {
                if let Some(s) = own.version.school.clone() {
                    schools.push(school_list(store, &s, district.as_ref(), required).await?);
                }
            }
        }
        Some(s) => {
            schools.push(school_list(store, s, district.as_ref(), required).await?);
            school_versions = store
                .labour_list_versions(Some(s))
                .await?
                .into_iter()
                .map(|v| v.version)
                .collect();
        }
    }
    Ok(ListsView {
        district,
        district_problems,
        district_versions: versions.into_iter().map(|v| v.version).collect(),
        schools,
        school_versions,
    })
}
