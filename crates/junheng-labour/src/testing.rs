//! Fixtures of the tests: one school, a small district list, records and entries.

use junheng_core::school::SchoolCode;

use crate::calendar::Day;
use crate::checklist::{
    Checklist, ChecklistItem, EffectiveList, Frequency, Grades, ItemCode, Owner, Place,
    RequiredGroups, Unit, effective,
};
use crate::groups::{GradeBand, TaskGroup};
use crate::passport::{Entry, Evidence, LabourRecord, RecordId, Reporter, Status};
use crate::roster::{ClassRef, Grade, RosterEntry, StudentKey};
use crate::settings::LabourSettings;

/// School `n`: `5001120000` + n.
pub fn school(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

/// A day.
pub fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

/// An item code.
pub fn code(text: &str) -> ItemCode {
    ItemCode::parse(text).unwrap()
}

/// An item of `band`, weekly 2 × 20 minutes.
pub fn item(
    c: &str,
    group: TaskGroup,
    band: GradeBand,
    place: Place,
    mandatory: bool,
) -> ChecklistItem {
    ChecklistItem {
        code: code(c),
        group,
        grades: Grades::Band(band),
        place,
        content: format!("{}（{}）", group.label(), place.label()),
        frequency: Frequency {
            unit: Unit::Week,
            times: 2,
        },
        minutes: 20,
        mandatory,
        safety_note: String::new(),
    }
}

/// The groups of the tests: grades 1–2 清洁 and 整理; grades 3–4 清洁, 整理, 烹饪, 公益.
pub fn required() -> RequiredGroups {
    use TaskGroup::*;
    RequiredGroups {
        first: vec![Cleaning, Tidying],
        second: vec![Cleaning, Tidying, Cooking, Volunteering],
        third: vec![],
        fourth: vec![],
    }
}

/// The default settings with the tests' required groups.
pub fn settings() -> LabourSettings {
    let mut s = LabourSettings::default();
    s.checklist.required_groups = required();
    s
}

/// The district list: grades 3–4 H1 清洁 (home), H2 烹饪 (home), C1 整理 (campus), S1 公益
/// (community), F1 农业 (community, optional); grades 1–2 L1 清洁 and L2 整理 (home).
pub fn district() -> Checklist {
    use GradeBand::{First, Second};
    use TaskGroup::*;
    Checklist {
        owner: Owner::District,
        version: 1,
        parent_version: None,
        items: vec![
            item("H1", Cleaning, Second, Place::Home, true),
            item("H2", Cooking, Second, Place::Home, true),
            item("C1", Tidying, Second, Place::School, true),
            item("S1", Volunteering, Second, Place::Society, true),
            item("F1", Farming, Second, Place::Society, false),
            item("L1", Cleaning, First, Place::Home, true),
            item("L2", Tidying, First, Place::Home, true),
        ],
        removals: vec![],
    }
}

/// School `n`'s effective list (the district's).
pub fn list(n: u32) -> EffectiveList {
    effective(&school(n), &district(), None, &required()).unwrap()
}

/// A record.
pub fn record(
    id: i64,
    student: i64,
    item: &str,
    on: &str,
    minutes: u16,
    reporter: Reporter,
) -> LabourRecord {
    LabourRecord {
        id: RecordId(id),
        student: StudentKey(student),
        item: code(item),
        day: day(on),
        minutes,
        evidence: Evidence::parse("做完了").unwrap(),
        reporter,
    }
}

/// An entry of a student's record with a status.
pub fn entry(id: i64, student: i64, item: &str, on: &str, minutes: u16, status: Status) -> Entry {
    Entry {
        record: record(id, student, item, on, minutes, Reporter::Student),
        status,
    }
}

/// A child of school `n`'s class `class` in `grade`.
pub fn child(student: i64, n: u32, class: &str, grade: u8) -> RosterEntry {
    RosterEntry {
        student: StudentKey(student),
        class: ClassRef {
            school: school(n),
            class: class.into(),
        },
        grade: Grade::new(grade).unwrap(),
    }
}
