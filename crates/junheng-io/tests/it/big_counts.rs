//! Counts up to `u32::MAX` per cell are valid: the template reads and writes them as they are,
//! and the evaluation workbook shows the totals of such counts (a unit with merged teaching
//! points, a section) exactly.

use calamine::{Data, Reader, Xlsx, open_workbook};
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::{Rulebook, TeachingPointPolicy};
use junheng_core::school::{Facilities, SchoolCode, SchoolKind, SchoolRecord, SectionStats};
use junheng_io::evaluate::write_workbook;
use junheng_io::school::{read_bytes, write_csv};

const MAX: u32 = u32::MAX;

fn full() -> SectionStats {
    SectionStats {
        students: MAX,
        classes: MAX,
        teachers: MAX,
        qualified_teachers: MAX,
        backbone_teachers: MAX,
        pe_arts_teachers: MAX,
        intermediate_title_teachers: MAX,
    }
}

fn school(n: u64, kind: SchoolKind, parent: Option<u64>) -> SchoolRecord {
    let code = |n: u64| SchoolCode::parse(&format!("{}", 5_001_120_000 + n)).unwrap();
    let has = |s| kind.has(s);
    SchoolRecord {
        year: 2024,
        code: code(n),
        name: format!("大数学校{n}"),
        kind,
        urban_rural: None,
        parent_code: parent.map(code),
        zone: None,
        group: None,
        primary: if has(junheng_core::school::Section::Primary) {
            full()
        } else {
            SectionStats::default()
        },
        junior: if has(junheng_core::school::Section::Junior) {
            full()
        } else {
            SectionStats::default()
        },
        senior_students: 0,
        facilities: Facilities {
            teaching_room_area: 1e11,
            gym_area: 1e9,
            sports_ground_area: 1e11,
            equipment_value: 1e9,
            multimedia_rooms: MAX,
            music_rooms: MAX,
            art_rooms: MAX,
            music_room_area: None,
            art_room_area: None,
            computers: MAX,
            books: MAX,
        },
        location: None,
    }
}

/// A 小学 with three teaching points merged into it, another 小学 and a 九年一贯制 school: every
/// count at `u32::MAX`.
fn district() -> Vec<SchoolRecord> {
    vec![
        school(1, SchoolKind::Primary, None),
        school(2, SchoolKind::TeachingPoint, Some(1)),
        school(3, SchoolKind::TeachingPoint, Some(1)),
        school(4, SchoolKind::TeachingPoint, Some(1)),
        school(5, SchoolKind::Primary, None),
        school(6, SchoolKind::NineYear, None),
    ]
}

#[test]
fn maximal_counts_read_back_as_written() {
    let records = district();
    let mut csv = Vec::new();
    write_csv(&records, &mut csv).unwrap();
    let imported = read_bytes(&csv, "大数.csv").unwrap();
    assert_eq!(imported.records, records);
}

#[test]
fn the_workbook_shows_totals_of_maximal_counts_exactly() {
    let records = district();
    let mut rulebook = Rulebook::builtin("cn-2017").unwrap();
    rulebook.policy.teaching_points = TeachingPointPolicy::Merge;
    let e = evaluate(&records, &rulebook).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("大数.xlsx");
    write_workbook(&e, "大数.csv", &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();

    let max = u64::from(MAX);
    let primary = book.worksheet_range("小学").unwrap();
    let students_of = |code: &str| {
        (1..primary.height())
            .find(|&r| primary.get((r, 1)) == Some(&Data::String(code.into())))
            .and_then(|r| primary.get((r, 4)).cloned())
    };
    // Totals below 2⁵³ are exact in a spreadsheet number.
    assert_eq!(
        students_of("5001120001"),
        Some(Data::Float((4 * max) as f64))
    );
    assert_eq!(students_of("5001120005"), Some(Data::Float(max as f64)));

    let summary = book.worksheet_range("汇总").unwrap();
    let total_of = |label: &str| {
        (0..summary.height())
            .find(|&r| summary.get((r, 0)) == Some(&Data::String(label.into())))
            .and_then(|r| summary.get((r, 2)).cloned())
    };
    assert_eq!(total_of("小学"), Some(Data::Float((6 * max) as f64)));
    assert_eq!(total_of("初中"), Some(Data::Float(max as f64)));
}
