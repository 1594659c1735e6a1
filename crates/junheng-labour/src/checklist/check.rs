//! The checks of a list and the building of a school's effective list.

use std::collections::{BTreeSet, HashMap};

use junheng_core::school::SchoolCode;
use serde::Serialize;

use super::{
    Checklist, ChecklistItem, EffectiveList, ItemCode, ListedItem, MAX_ITEM_MINUTES,
    MAX_TEXT_CHARS, Origin, Owner, RequiredGroups,
};
use crate::groups::{GradeBand, TaskGroup};

/// What is wrong with one item by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemFault {
    /// 内容 is empty.
    EmptyContent,
    /// 内容 is longer than [`MAX_TEXT_CHARS`].
    ContentTooLong,
    /// 安全提示 is longer than [`MAX_TEXT_CHARS`].
    SafetyNoteTooLong,
    /// Minutes are not 1–[`MAX_ITEM_MINUTES`].
    Minutes,
    /// 频次's times are not 1–99.
    Times,
}

impl ItemFault {
    fn expected(self) -> String {
        match self {
            ItemFault::EmptyContent => "内容不能为空".into(),
            ItemFault::ContentTooLong => format!("内容不超过 {MAX_TEXT_CHARS} 字"),
            ItemFault::SafetyNoteTooLong => format!("安全提示不超过 {MAX_TEXT_CHARS} 字"),
            ItemFault::Minutes => format!("每次时长应为 1 到 {MAX_ITEM_MINUTES} 分钟"),
            ItemFault::Times => "频次次数应为 1 到 99 次".into(),
        }
    }
}

/// A problem of a list: the item (or band and group) and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ListProblem {
    /// A list given as the district's is not.
    NotDistrictList,
    /// A list given as a school's is not that school's.
    NotSchoolList {
        /// The school expected.
        school: SchoolCode,
    },
    /// The version replaced is not lower than the version.
    BadVersion {
        /// The list's version.
        version: u32,
        /// The version it says it replaces.
        parent_version: u32,
    },
    /// A code appears twice in one list (or is both changed and dropped).
    DuplicateItem {
        /// The code.
        code: ItemCode,
    },
    /// An item is malformed.
    InvalidItem {
        /// The code.
        code: ItemCode,
        /// What is wrong.
        fault: ItemFault,
    },
    /// A district list drops items (a new version lists all its items instead).
    RemovalInDistrictList {
        /// The code.
        code: ItemCode,
    },
    /// A school drops a code the district list does not have.
    UnknownRemoval {
        /// The code.
        code: ItemCode,
    },
    /// A school drops a district mandatory item.
    RemovedMandatory {
        /// The code.
        code: ItemCode,
    },
    /// A school makes a district mandatory item optional.
    MadeOptional {
        /// The code.
        code: ItemCode,
    },
    /// A school lowers a district mandatory item's frequency.
    FewerTimes {
        /// The code.
        code: ItemCode,
        /// The district's frequency (the least allowed).
        expected: super::Frequency,
        /// The school's.
        found: super::Frequency,
    },
    /// A school lowers a district mandatory item's minutes.
    FewerMinutes {
        /// The code.
        code: ItemCode,
        /// The district's minutes (the least allowed).
        expected: u16,
        /// The school's.
        found: u16,
    },
    /// A school moves a district mandatory item to another task group, grade or place.
    Moved {
        /// The code.
        code: ItemCode,
        /// 任务群, 年级/学段 or 场所.
        field: &'static str,
        /// The district's.
        expected: String,
        /// The school's.
        found: String,
    },
    /// A band has no mandatory item of a required task group.
    GroupMissing {
        /// The band.
        band: GradeBand,
        /// The group.
        group: TaskGroup,
    },
}

impl ListProblem {
    /// The stable code (an i18n key).
    pub fn code(&self) -> &'static str {
        match self {
            ListProblem::NotDistrictList => "checklist.not_district_list",
            ListProblem::NotSchoolList { .. } => "checklist.not_school_list",
            ListProblem::BadVersion { .. } => "checklist.bad_version",
            ListProblem::DuplicateItem { .. } => "checklist.duplicate_item",
            ListProblem::InvalidItem { .. } => "checklist.invalid_item",
            ListProblem::RemovalInDistrictList { .. } => "checklist.removal_in_district_list",
            ListProblem::UnknownRemoval { .. } => "checklist.unknown_removal",
            ListProblem::RemovedMandatory { .. } => "checklist.removed_mandatory",
            ListProblem::MadeOptional { .. } => "checklist.made_optional",
            ListProblem::FewerTimes { .. } => "checklist.fewer_times",
            ListProblem::FewerMinutes { .. } => "checklist.fewer_minutes",
            ListProblem::Moved { .. } => "checklist.moved",
            ListProblem::GroupMissing { .. } => "checklist.group_missing",
        }
    }

    /// The problem in Chinese: the item and what is expected.
    pub fn message(&self) -> String {
        match self {
            ListProblem::NotDistrictList => "这不是区级劳动清单".into(),
            ListProblem::NotSchoolList { school } => format!("这不是学校 {school} 的校本劳动清单"),
            ListProblem::BadVersion {
                version,
                parent_version,
            } => format!("清单版本 {version} 应大于它所替代的版本 {parent_version}"),
            ListProblem::DuplicateItem { code } => {
                format!("项目编号 {code} 重复（同一清单中每个编号只能出现一次）")
            }
            ListProblem::InvalidItem { code, fault } => {
                format!("项目 {code}：{}", fault.expected())
            }
            ListProblem::RemovalInDistrictList { code } => {
                format!("区级清单不能“删除”项目 {code}：新版本应直接列出全部项目")
            }
            ListProblem::UnknownRemoval { code } => {
                format!("要删除的项目 {code} 不在区级清单中")
            }
            ListProblem::RemovedMandatory { code } => {
                format!("校本清单删除了区级必做项目 {code}：必做项目不得删除，只能增加或加强")
            }
            ListProblem::MadeOptional { code } => {
                format!("校本清单把区级必做项目 {code} 改为选做：应保持必做")
            }
            ListProblem::FewerTimes {
                code,
                expected,
                found,
            } => format!("项目 {code} 的频次「{found}」低于区级要求「{expected}」：频次不得降低"),
            ListProblem::FewerMinutes {
                code,
                expected,
                found,
            } => format!(
                "项目 {code} 每次 {found} 分钟，少于区级要求的 {expected} 分钟：时长不得减少"
            ),
            ListProblem::Moved {
                code,
                field,
                expected,
                found,
            } => format!(
                "项目 {code} 的{field}由「{expected}」改为「{found}」：区级必做项目的任务群、年级和场所不得更改"
            ),
            ListProblem::GroupMissing { band, group } => format!(
                "{band}没有「{group}」任务群的必做项目：每个学段应以必做项目覆盖规定的任务群"
            ),
        }
    }
}

/// The problems of the district's list: its owner and version, its items, and the task groups
/// each band must reach. Empty when the list is sound.
pub fn check_district(list: &Checklist, required: &RequiredGroups) -> Vec<ListProblem> {
    let mut problems = Vec::new();
    if list.owner != Owner::District {
        problems.push(ListProblem::NotDistrictList);
    }
    check_own(list, &mut problems);
    problems.extend(
        list.removals
            .iter()
            .map(|code| ListProblem::RemovalInDistrictList { code: code.clone() }),
    );
    groups_reached(&list.items, required, &mut problems);
    problems
}

/// The effective list of `school`: the district's list with the school's own list (if any)
/// applied, or every problem of both (the district's first) when either would lower the
/// minimum.
///
/// ```
/// # use junheng_labour::checklist::*;
/// # use junheng_labour::groups::{GradeBand, TaskGroup};
/// # use junheng_core::school::SchoolCode;
/// # let item = ChecklistItem { code: ItemCode::parse("Q2-01").unwrap(), group: TaskGroup::Cleaning,
/// #     grades: Grades::Band(GradeBand::Second), place: Place::Home, content: "洗袜子".into(),
/// #     frequency: Frequency { unit: Unit::Week, times: 2 }, minutes: 15, mandatory: true, safety_note: String::new() };
/// # let required = RequiredGroups { first: vec![], second: vec![TaskGroup::Cleaning], third: vec![], fourth: vec![] };
/// let school = SchoolCode::parse("5001120001").unwrap();
/// let district = Checklist { owner: Owner::District, version: 3, parent_version: Some(2), items: vec![item.clone()], removals: vec![] };
/// let weaker = ChecklistItem { minutes: 10, ..item };
/// let own = Checklist { owner: Owner::School(school.clone()), version: 1, parent_version: None, items: vec![weaker], removals: vec![] };
/// let problems = effective(&school, &district, Some(&own), &required).unwrap_err();
/// assert_eq!(problems[0].code(), "checklist.fewer_minutes");
/// assert_eq!(effective(&school, &district, None, &required).unwrap().items().len(), 1);
/// ```
pub fn effective(
    school: &SchoolCode,
    district: &Checklist,
    own: Option<&Checklist>,
    required: &RequiredGroups,
) -> Result<EffectiveList, Vec<ListProblem>> {
    let mut problems = check_district(district, required);
    let Some(own) = own else {
        return if problems.is_empty() {
            let items = district
                .items
                .iter()
                .map(|item| ListedItem {
                    item: item.clone(),
                    origin: Origin::District,
                })
                .collect();
            Ok(EffectiveList::new(
                school.clone(),
                district.version,
                None,
                items,
            ))
        } else {
            Err(problems)
        };
    };
    if own.owner != Owner::School(school.clone()) {
        problems.push(ListProblem::NotSchoolList {
            school: school.clone(),
        });
    }
    check_own(own, &mut problems);
    let by_code: HashMap<&ItemCode, &ChecklistItem> =
        district.items.iter().map(|i| (&i.code, i)).collect();
    let changes: HashMap<&ItemCode, &ChecklistItem> =
        own.items.iter().map(|i| (&i.code, i)).collect();
    let dropped: BTreeSet<&ItemCode> = own.removals.iter().collect();
    for code in &own.removals {
        match by_code.get(code) {
            None => problems.push(ListProblem::UnknownRemoval { code: code.clone() }),
            Some(d) if d.mandatory => {
                problems.push(ListProblem::RemovedMandatory { code: code.clone() })
            }
            Some(_) if changes.contains_key(code) => {
                problems.push(ListProblem::DuplicateItem { code: code.clone() })
            }
            Some(_) => {}
        }
    }
    for item in &own.items {
        if let Some(d) = by_code.get(&item.code).filter(|d| d.mandatory) {
            weakened(d, item, &mut problems);
        }
    }
    let mut items: Vec<ListedItem> = district
        .items
        .iter()
        .filter(|d| !dropped.contains(&d.code))
        .map(|d| match changes.get(&d.code) {
            Some(&c) if c != d => ListedItem {
                item: c.clone(),
                origin: Origin::DistrictChanged,
            },
            _ => ListedItem {
                item: d.clone(),
                origin: Origin::District,
            },
        })
        .collect();
    items.extend(
        own.items
            .iter()
            .filter(|i| !by_code.contains_key(&i.code))
            .map(|i| ListedItem {
                item: i.clone(),
                origin: Origin::School,
            }),
    );
    if problems.is_empty() {
        let effective_items: Vec<ChecklistItem> = items.iter().map(|l| l.item.clone()).collect();
        groups_reached(&effective_items, required, &mut problems);
    }
    if problems.is_empty() {
        Ok(EffectiveList::new(
            school.clone(),
            district.version,
            Some(own.version),
            items,
        ))
    } else {
        Err(problems)
    }
}

/// The version, duplicate codes and malformed items of one list.
fn check_own(list: &Checklist, problems: &mut Vec<ListProblem>) {
    if let Some(parent_version) = list.parent_version.filter(|&p| p >= list.version) {
        problems.push(ListProblem::BadVersion {
            version: list.version,
            parent_version,
        });
    }
    let mut seen = BTreeSet::new();
    for item in &list.items {
        if !seen.insert(&item.code) {
            problems.push(ListProblem::DuplicateItem {
                code: item.code.clone(),
            });
        }
        let content = item.content.trim().chars().count();
        let faults = [
            (content == 0, ItemFault::EmptyContent),
            (content > MAX_TEXT_CHARS, ItemFault::ContentTooLong),
            (
                item.safety_note.chars().count() > MAX_TEXT_CHARS,
                ItemFault::SafetyNoteTooLong,
            ),
            (
                !(1..=MAX_ITEM_MINUTES).contains(&item.minutes),
                ItemFault::Minutes,
            ),
            (!(1..=99).contains(&item.frequency.times), ItemFault::Times),
        ];
        problems.extend(
            faults
                .into_iter()
                .filter(|(bad, _)| *bad)
                .map(|(_, fault)| ListProblem::InvalidItem {
                    code: item.code.clone(),
                    fault,
                }),
        );
    }
}

/// How a school's version of a district mandatory item lowers it, if it does.
fn weakened(district: &ChecklistItem, school: &ChecklistItem, problems: &mut Vec<ListProblem>) {
    let code = || district.code.clone();
    if !school.mandatory {
        problems.push(ListProblem::MadeOptional { code: code() });
    }
    if school.frequency.lower_than(district.frequency) {
        problems.push(ListProblem::FewerTimes {
            code: code(),
            expected: district.frequency,
            found: school.frequency,
        });
    }
    if school.minutes < district.minutes {
        problems.push(ListProblem::FewerMinutes {
            code: code(),
            expected: district.minutes,
            found: school.minutes,
        });
    }
    let moves = [
        (
            "任务群",
            district.group.label().to_owned(),
            school.group.label().to_owned(),
        ),
        (
            "年级或学段",
            district.grades.to_string(),
            school.grades.to_string(),
        ),
        (
            "场所",
            district.place.label().to_owned(),
            school.place.label().to_owned(),
        ),
    ];
    problems.extend(
        moves
            .into_iter()
            .filter(|(_, expected, found)| expected != found)
            .map(|(field, expected, found)| ListProblem::Moved {
                code: code(),
                field,
                expected,
                found,
            }),
    );
}

/// A problem for each band and required group without a mandatory item.
fn groups_reached(
    items: &[ChecklistItem],
    required: &RequiredGroups,
    problems: &mut Vec<ListProblem>,
) {
    let reached: BTreeSet<(GradeBand, TaskGroup)> = items
        .iter()
        .filter(|i| i.mandatory)
        .map(|i| (i.grades.band(), i.group))
        .collect();
    for &band in GradeBand::ALL {
        problems.extend(
            required
                .of(band)
                .iter()
                .filter(|&&group| !reached.contains(&(band, group)))
                .map(|&group| ListProblem::GroupMissing { band, group }),
        );
    }
}
