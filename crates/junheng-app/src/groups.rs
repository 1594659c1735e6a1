//! Education groups (教育集团) as a bureau keeps them: a group's record saved (its type from the
//! deployment's vocabulary), schools joining and leaving on dates, a group file (教育集团名册)
//! imported whole or not at all, and the coverage of a school year.
//!
//! The dated membership is the source of truth for a year's groups (see
//! [`junheng_store::membership_date`]); every check here is against the district's statistics:
//! a lead school or member must be a school of some stored school year.

use std::collections::{BTreeSet, HashSet};

use crate::pairings::known_schools;
use junheng_core::coverage::{Coverage, coverage};
use junheng_core::school::SchoolCode;
use junheng_io::group::{GroupFile, GroupLine, read_groups, write_groups};
use junheng_store::{
    Actor, DistrictStore, GroupImport, GroupInfo, MemberLine, StoreError, membership_date,
};

/// The group types offered when the deployment names none (setting `group_kinds`): the
/// vocabulary of the source reports (紧密型 / 融合型 / 领办型 / 联盟型; 法人统筹型 / 品牌引领型 /
/// 项目驱动型; 名校+新校). Local practice, not a national list.
pub const DEFAULT_KINDS: [&str; 8] = [
    "紧密型",
    "融合型",
    "领办型",
    "联盟型",
    "法人统筹型",
    "品牌引领型",
    "项目驱动型",
    "名校+新校",
];

/// [`DEFAULT_KINDS`] as owned strings.
pub fn default_kinds() -> Vec<String> {
    DEFAULT_KINDS.iter().map(|k| (*k).to_owned()).collect()
}

fn check_kind(kind: &str, kinds: &[String]) -> Result<(), StoreError> {
    let kind = kind.trim();
    if kind.is_empty() || kinds.iter().any(|k| k == kind) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "集团类型“{}”不在本系统的类型表中，应为：{}",
            kind.chars().take(50).collect::<String>(),
            kinds.join("、")
        )))
    }
}

fn unknown_school(code: &SchoolCode, what: &str) -> StoreError {
    StoreError::Invalid(format!(
        "{what} {code} 不在本区县任何学年的学校统计数据中；请先导入该校的统计数据"
    ))
}

/// Creates a group or sets what is recorded about it: the type must be one of `kinds` (or
/// empty) and the lead school a school of the district.
pub async fn save(
    store: &DistrictStore,
    name: &str,
    info: &GroupInfo,
    kinds: &[String],
    actor: &Actor,
) -> Result<(), StoreError> {
    check_kind(&info.kind, kinds)?;
    if let Some(lead) = &info.lead_school
        && !known_schools(store).await?.contains(lead)
    {
        return Err(unknown_school(lead, "牵头校"));
    }
    store.save_group(name, info, actor).await
}

/// Records that `school` (a school of the district) joined `group` on `joined_on`, until
/// `left_on` when given.
pub async fn join(
    store: &DistrictStore,
    group: &str,
    school: &SchoolCode,
    joined_on: &str,
    left_on: Option<&str>,
    actor: &Actor,
) -> Result<(), StoreError> {
    if !known_schools(store).await?.contains(school) {
        return Err(unknown_school(school, "学校"));
    }
    store
        .add_member(group, school, joined_on, left_on, actor)
        .await
}

/// Records that `school` left `group` on `left_on`.
pub async fn leave(
    store: &DistrictStore,
    group: &str,
    school: &SchoolCode,
    left_on: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    store.end_membership(group, school, left_on, actor).await
}

/// Reads a group file (教育集团名册, checked by `junheng_io::group`) against the type
/// vocabulary: every problem, each naming its sheet, row, column and value.
pub fn read(bytes: &[u8], file_name: &str, kinds: &[String]) -> Result<GroupFile, StoreError> {
    read_groups(bytes, file_name, kinds).map_err(|failure| StoreError::Invalid(failure.to_string()))
}

/// Writes a read group file: every lead school and member must be a school of the district;
/// all of it or nothing (a school in two groups at once refuses the whole file).
pub async fn import(
    store: &DistrictStore,
    file: &GroupFile,
    file_name: &str,
    actor: &Actor,
) -> Result<GroupImport, StoreError> {
    let known = known_schools(store).await?;
    let unknown: BTreeSet<String> = file
        .groups
        .iter()
        .filter_map(|g| g.lead_school.as_ref())
        .chain(file.members.iter().map(|m| &m.school))
        .filter(|c| !known.contains(*c))
        .map(ToString::to_string)
        .collect();
    if !unknown.is_empty() {
        return Err(StoreError::Invalid(format!(
            "{file_name}：学校标识码 {} 不在本区县任何学年的学校统计数据中；请先导入这些学校的统计数据，\
             本次未写入任何内容",
            unknown.into_iter().collect::<Vec<_>>().join("、")
        )));
    }
    let groups: Vec<(String, GroupInfo)> = file
        .groups
        .iter()
        .map(|g| {
            (
                g.name.clone(),
                GroupInfo {
                    kind: g.kind.clone(),
                    lead_school: g.lead_school.clone(),
                    founded_on: g.founded_on.clone(),
                    status: g.status,
                    legal_form: g.legal_form,
                    note: g.note.clone(),
                },
            )
        })
        .collect();
    let members: Vec<MemberLine> = file
        .members
        .iter()
        .map(|m| MemberLine {
            group: m.group.clone(),
            school: m.school.clone(),
            joined_on: m.joined_on.clone(),
            left_on: m.left_on.clone(),
        })
        .collect();
    store
        .import_groups(&groups, &members, file_name, actor)
        .await
}

/// The registry as a group file (教育集团名册): every group and every membership, the template
/// a bureau fills and imports again.
pub async fn workbook(store: &DistrictStore, kinds: &[String]) -> Result<Vec<u8>, StoreError> {
    let details = store.group_details().await?;
    let groups: Vec<GroupLine> = details
        .iter()
        .enumerate()
        .map(|(i, d)| GroupLine {
            row: i + 2,
            name: d.group.name.clone(),
            kind: d.group.kind.clone(),
            status: d.group.status,
            founded_on: d.group.founded_on.clone(),
            legal_form: d.group.legal_form,
            lead_school: d.group.lead_school.clone(),
            note: d.group.note.clone(),
        })
        .collect();
    let members: Vec<junheng_io::group::MemberLine> = details
        .iter()
        .flat_map(|d| {
            d.members.iter().map(|m| junheng_io::group::MemberLine {
                row: 0,
                group: d.group.name.clone(),
                school: m.school.clone(),
                joined_on: m.joined_on.clone(),
                left_on: m.left_on.clone(),
            })
        })
        .enumerate()
        .map(|(i, m)| junheng_io::group::MemberLine { row: i + 2, ..m })
        .collect();
    Ok(write_groups(&groups, &members, kinds))
}

/// The coverage of 集团化办学 in school year `year` (latest version): a school is covered when
/// the registry places it in a group on the year's [`membership_date`].
pub async fn coverage_of(store: &DistrictStore, year: i32) -> Result<Coverage, StoreError> {
    let records = store.statistics(year, None).await?;
    let covered: HashSet<SchoolCode> = store
        .groups_on(&membership_date(year))
        .await?
        .into_keys()
        .collect();
    coverage(&records, &covered).map_err(|e| StoreError::Invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_outside_the_vocabulary_is_refused_with_the_vocabulary() {
        let kinds = default_kinds();
        assert!(check_kind("紧密型", &kinds).is_ok());
        assert!(check_kind(" ", &kinds).is_ok());
        let err = check_kind("随便型", &kinds).unwrap_err().to_string();
        assert!(err.contains("随便型") && err.contains("联盟型"), "{err}");
    }
}
