use calamine::{Data, Reader, Xlsx, open_workbook};
use junheng_core::demo::{DemoSpec, generate};
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;

use super::write_workbook;

#[test]
fn the_workbook_has_every_sheet_with_codes_as_text() {
    let schools = generate(&DemoSpec {
        schools: 150,
        seed: 11,
        year: 2024,
    });
    let e = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("评估.xlsx");
    write_workbook(&e, "demo.csv", &path).unwrap();

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names[..7],
        [
            "汇总",
            "小学",
            "初中",
            "差异系数",
            "差距",
            "差异系数改进",
            "城乡差异"
        ]
    );
    assert_eq!(names.len(), if e.excluded.is_empty() { 7 } else { 8 });

    let primary = book.worksheet_range("小学").unwrap();
    assert_eq!(primary.height(), 1 + e.sections[0].units.len());
    let first = &e.sections[0].units[0];
    assert_eq!(
        primary.get((1, 0)),
        Some(&Data::String(first.school_code().to_string()))
    );
    let value = e.sections[0].values[0][0];
    assert_eq!(primary.get((1, 5)), Some(&Data::Float(value)));

    let gaps = book.worksheet_range("差距").unwrap();
    let gap_count: usize = e
        .sections
        .iter()
        .flat_map(|s| &s.verdicts)
        .map(|v| v.gaps.len())
        .sum();
    assert!(gap_count > 0);
    assert_eq!(gaps.height(), 1 + gap_count);
    assert!(matches!(gaps.get((1, 1)), Some(Data::String(code)) if code.len() == 10));

    let spread = book.worksheet_range("差异系数").unwrap();
    assert_eq!(spread.height(), 1 + 7 * e.sections.len());
    let cv = e.sections[0].indicators[0].spread.cv.unwrap();
    assert_eq!(spread.get((1, 7)), Some(&Data::Float(cv)));

    // 城乡差异: a row per section, indicator and category, numbers as numbers.
    let urban = book.worksheet_range("城乡差异").unwrap();
    let split = junheng_core::urban::split(&e);
    let rows: usize = split
        .sections
        .iter()
        .flat_map(|s| &s.indicators)
        .map(|i| i.categories.len())
        .sum();
    assert_eq!(urban.height(), 1 + rows);
    let first = &split.sections[0].indicators[0];
    let rural = first
        .category(junheng_core::urban::UrbanRuralCategory::Rural)
        .unwrap();
    assert_eq!(urban.get((3, 3)), Some(&Data::String("乡村".into())));
    assert_eq!(urban.get((3, 4)), Some(&Data::Float(rural.units as f64)));
    let spread = rural.spread.unwrap();
    assert_eq!(urban.get((3, 6)), Some(&Data::Float(spread.mean)));
    assert_eq!(urban.get((3, 8)), Some(&Data::Float(spread.cv.unwrap())));
    assert_eq!(
        urban.get((1, 9)),
        Some(&Data::Float(first.rural_urban_ratio.unwrap()))
    );

    let summary = book.worksheet_range("汇总").unwrap();
    let verdict = if e.passes { "达标" } else { "未达标" };
    assert_eq!(summary.get((5, 1)), Some(&Data::String(verdict.into())));
}

#[test]
fn the_2012_workbook_shows_the_composite() {
    let schools = generate(&DemoSpec {
        schools: 60,
        seed: 3,
        year: 2024,
    });
    let e = evaluate(&schools, &Rulebook::builtin("cn-2012").unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("basic.xlsx");
    write_workbook(&e, "demo.csv", &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let spread = book.worksheet_range("差异系数").unwrap();
    assert_eq!(spread.height(), 1 + 9 * e.sections.len());
    let composite = e.sections[0].composite.as_ref().unwrap().cv.unwrap();
    assert_eq!(spread.get((9, 7)), Some(&Data::Float(composite)));
}
