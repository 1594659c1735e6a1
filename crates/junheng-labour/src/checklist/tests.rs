use junheng_core::school::SchoolCode;

use super::*;
use crate::groups::{GradeBand, TaskGroup};
use crate::testing::code;

fn item(c: &str, group: TaskGroup, band: GradeBand, mandatory: bool) -> ChecklistItem {
    crate::testing::item(c, group, band, Place::Home, mandatory)
}

fn required() -> RequiredGroups {
    RequiredGroups {
        first: vec![TaskGroup::Cleaning],
        second: vec![TaskGroup::Cleaning, TaskGroup::Cooking],
        third: vec![],
        fourth: vec![],
    }
}

fn school() -> SchoolCode {
    crate::testing::school(1)
}

fn district() -> Checklist {
    Checklist {
        owner: Owner::District,
        version: 2,
        parent_version: Some(1),
        items: vec![
            item("A1", TaskGroup::Cleaning, GradeBand::First, true),
            item("B1", TaskGroup::Cleaning, GradeBand::Second, true),
            item("B2", TaskGroup::Cooking, GradeBand::Second, true),
            item("B3", TaskGroup::Crafts, GradeBand::Second, false),
        ],
        removals: vec![],
    }
}

fn own(items: Vec<ChecklistItem>, removals: &[&str]) -> Checklist {
    Checklist {
        owner: Owner::School(school()),
        version: 1,
        parent_version: None,
        items,
        removals: removals.iter().map(|c| code(c)).collect(),
    }
}

fn problems(list: &Checklist) -> Vec<&'static str> {
    effective(&school(), &district(), Some(list), &required())
        .unwrap_err()
        .iter()
        .map(ListProblem::code)
        .collect()
}

#[test]
fn the_district_list_reaches_its_groups_and_a_school_without_a_list_takes_it() {
    assert_eq!(check_district(&district(), &required()), []);
    let list = effective(&school(), &district(), None, &required()).unwrap();
    assert_eq!((list.district_version, list.school_version), (2, None));
    assert!(list.items().iter().all(|l| l.origin == Origin::District));
    let cooking: Vec<_> = list
        .mandatory(GradeBand::Second, TaskGroup::Cooking)
        .collect();
    assert_eq!(cooking.len(), 1);
}

#[test]
fn a_district_list_missing_a_required_group_names_band_and_group() {
    let mut d = district();
    d.items.retain(|i| i.code.as_str() != "B2");
    let found = check_district(&d, &required());
    assert_eq!(
        found,
        [ListProblem::GroupMissing {
            band: GradeBand::Second,
            group: TaskGroup::Cooking
        }]
    );
    assert!(found[0].message().contains("第二学段") && found[0].message().contains("烹饪与营养"));
    // An optional item does not reach a group.
    d.items
        .push(item("B9", TaskGroup::Cooking, GradeBand::Second, false));
    assert_eq!(check_district(&d, &required()).len(), 1);
    // And a school cannot repair the district's list: its schools are refused too.
    assert!(effective(&school(), &d, None, &required()).is_err());
}

#[test]
fn removing_a_district_mandatory_item_is_refused_and_an_optional_one_allowed() {
    let removed = own(vec![], &["B1"]);
    assert_eq!(problems(&removed), ["checklist.removed_mandatory"]);
    let message =
        effective(&school(), &district(), Some(&removed), &required()).unwrap_err()[0].message();
    assert!(message.contains("B1") && message.contains("必做"));
    let list = effective(
        &school(),
        &district(),
        Some(&own(vec![], &["B3"])),
        &required(),
    )
    .unwrap();
    assert!(list.item(&code("B3")).is_none());
    assert_eq!(list.items().len(), 3);
    assert_eq!(
        problems(&own(vec![], &["Z9"])),
        ["checklist.unknown_removal"]
    );
}

#[test]
fn weakening_a_district_mandatory_item_is_refused_with_what_is_expected() {
    let base = || item("B1", TaskGroup::Cleaning, GradeBand::Second, true);
    let optional = ChecklistItem {
        mandatory: false,
        ..base()
    };
    assert_eq!(
        problems(&own(vec![optional], &[])),
        ["checklist.made_optional"]
    );
    let fewer = ChecklistItem {
        frequency: Frequency {
            unit: Unit::Week,
            times: 1,
        },
        ..base()
    };
    let found = effective(
        &school(),
        &district(),
        Some(&own(vec![fewer], &[])),
        &required(),
    )
    .unwrap_err();
    assert!(
        matches!(&found[..], [ListProblem::FewerTimes { expected, .. }] if expected.times == 2)
    );
    assert!(found[0].message().contains("每周 2 次"));
    let rarer = ChecklistItem {
        frequency: Frequency {
            unit: Unit::Month,
            times: 9,
        },
        ..base()
    };
    assert_eq!(problems(&own(vec![rarer], &[])), ["checklist.fewer_times"]);
    let shorter = ChecklistItem {
        minutes: 19,
        ..base()
    };
    assert_eq!(
        problems(&own(vec![shorter], &[])),
        ["checklist.fewer_minutes"]
    );
    let moved = ChecklistItem {
        group: TaskGroup::Tidying,
        grades: Grades::Grade(crate::Grade::new(3).unwrap()),
        place: Place::School,
        ..base()
    };
    let found = effective(
        &school(),
        &district(),
        Some(&own(vec![moved], &[])),
        &required(),
    )
    .unwrap_err();
    let fields: Vec<_> = found
        .iter()
        .filter_map(|p| match p {
            ListProblem::Moved { field, .. } => Some(*field),
            _ => None,
        })
        .collect();
    assert_eq!(fields, ["任务群", "年级或学段", "场所"]);
}

#[test]
fn strengthening_and_adding_are_allowed_and_marked() {
    let stronger = ChecklistItem {
        minutes: 30,
        frequency: Frequency {
            unit: Unit::Day,
            times: 1,
        },
        content: "每天洗自己的袜子".into(),
        ..item("B1", TaskGroup::Cleaning, GradeBand::Second, true)
    };
    // An optional district item may be changed freely, even made shorter.
    let shorter_optional = ChecklistItem {
        minutes: 5,
        ..item("B3", TaskGroup::Crafts, GradeBand::Second, false)
    };
    let added = item("S1", TaskGroup::Farming, GradeBand::Third, false);
    let list = own(vec![stronger, shorter_optional, added], &[]);
    let eff = effective(&school(), &district(), Some(&list), &required()).unwrap();
    let origins: Vec<_> = eff
        .items()
        .iter()
        .map(|l| (l.item.code.as_str(), l.origin))
        .collect();
    assert_eq!(
        origins,
        [
            ("A1", Origin::District),
            ("B1", Origin::DistrictChanged),
            ("B2", Origin::District),
            ("B3", Origin::DistrictChanged),
            ("S1", Origin::School),
        ]
    );
    assert_eq!(eff.item(&code("B1")).unwrap().minutes, 30);
    assert_eq!(eff.school_version, Some(1));
}

#[test]
fn malformed_lists_are_named() {
    let mut bad = item("S1", TaskGroup::Farming, GradeBand::Third, false);
    bad.content = "  ".into();
    bad.minutes = 0;
    bad.frequency.times = 0;
    bad.safety_note = "注".repeat(201);
    let mut list = own(
        vec![
            bad,
            item("S2", TaskGroup::Farming, GradeBand::Third, false),
            item("S2", TaskGroup::Farming, GradeBand::Third, false),
            item("B3", TaskGroup::Crafts, GradeBand::Second, false),
        ],
        &["B3"],
    );
    list.parent_version = Some(1);
    list.owner = Owner::School(SchoolCode::parse("5001120002").unwrap());
    assert_eq!(
        problems(&list),
        [
            "checklist.not_school_list",
            "checklist.bad_version",
            "checklist.invalid_item",
            "checklist.invalid_item",
            "checklist.invalid_item",
            "checklist.invalid_item",
            "checklist.duplicate_item",
            "checklist.duplicate_item",
        ]
    );
    let mut d = district();
    d.owner = Owner::School(school());
    d.removals.push(code("A1"));
    let codes: Vec<_> = check_district(&d, &required())
        .iter()
        .map(ListProblem::code)
        .collect();
    assert_eq!(
        codes,
        [
            "checklist.not_district_list",
            "checklist.removal_in_district_list"
        ]
    );
}

#[test]
fn default_required_groups_grow_with_the_bands_to_all_ten() {
    let r = RequiredGroups::default();
    for pair in GradeBand::ALL.windows(2) {
        let (lower, upper) = (r.of(pair[0]), r.of(pair[1]));
        assert!(lower.iter().all(|g| upper.contains(g)), "{pair:?}");
    }
    assert_eq!(r.fourth, TaskGroup::ALL);
    assert_eq!(r.third.len(), 8);
}

#[test]
fn lists_read_from_json_and_problems_serialise_with_their_kind() {
    let json = r#"{"owner": {"school": "5001120001"}, "version": 2, "parent_version": 1,
        "items": [{"code": "S1", "group": "farming", "grades": {"grade": 5}, "place": "society",
                   "content": "种植一种蔬菜", "frequency": {"unit": "term", "times": 1},
                   "minutes": 40, "mandatory": false}],
        "removals": ["B3"]}"#;
    let list: Checklist = serde_json::from_str(json).unwrap();
    assert_eq!(list.owner, Owner::School(school()));
    assert!(effective(&school(), &district(), Some(&list), &required()).is_ok());
    let bad = json.replace("\"grade\": 5", "\"grade\": 12");
    assert!(serde_json::from_str::<Checklist>(&bad).is_err());
    let p = serde_json::to_value(ListProblem::RemovedMandatory { code: code("B1") }).unwrap();
    assert_eq!(
        p,
        serde_json::json!({"kind": "removed_mandatory", "code": "B1"})
    );
}
