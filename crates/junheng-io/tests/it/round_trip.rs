//! write_csv → read_bytes and write_xlsx → read_path give back identical records.

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::{
    Facilities, SchoolCode, SchoolKind, SchoolRecord, SectionStats, UrbanRural,
};
use junheng_io::school::{COLUMNS, read_bytes, read_path, write_csv, write_xlsx};

/// Records using every field, Options both set and unset, and awkward numbers.
fn handmade() -> Vec<SchoolRecord> {
    let code = |s: &str| SchoolCode::parse(s).unwrap();
    let full = SectionStats {
        students: 1234,
        classes: 30,
        teachers: 80,
        qualified_teachers: 79,
        backbone_teachers: 12,
        pe_arts_teachers: 9,
        intermediate_title_teachers: 41,
    };
    let center = SchoolRecord {
        year: 2024,
        code: code("0001120001"),
        name: "渝北区\"实验\",第一小学".to_owned(),
        kind: SchoolKind::NineYear,
        urban_rural: Some(UrbanRural::Town),
        parent_code: None,
        zone: Some("两路学区".to_owned()),
        group: Some("实验教育集团".to_owned()),
        primary: full,
        junior: SectionStats {
            students: 700,
            teachers: 90,
            ..full
        },
        senior_students: 0,
        facilities: Facilities {
            teaching_room_area: 12_345.678_901_234,
            gym_area: 0.1 + 0.2,
            sports_ground_area: 1e7 / 3.0,
            equipment_value: 123.45,
            multimedia_rooms: 40,
            music_rooms: 3,
            art_rooms: 2,
            music_room_area: None,
            art_room_area: None,
            computers: 250,
            books: 4_000_000,
        },
        location: Some(junheng_core::school::Location {
            longitude: 106.551_234_5,
            latitude: 29.562_1,
        }),
    };
    let point = SchoolRecord {
        code: code("0001120002"),
        name: "新华村小".to_owned(),
        kind: SchoolKind::TeachingPoint,
        urban_rural: None,
        parent_code: Some(code("0001120001")),
        zone: None,
        group: None,
        junior: SectionStats::default(),
        facilities: Facilities::default(),
        location: None,
        ..center.clone()
    };
    let complete = SchoolRecord {
        year: 2023,
        code: code("0001120001"),
        kind: SchoolKind::Complete,
        primary: SectionStats::default(),
        senior_students: 900,
        ..center.clone()
    };
    vec![center, point, complete]
}

fn records() -> Vec<SchoolRecord> {
    let mut all = handmade();
    all.extend(generate(&DemoSpec {
        schools: 1500,
        seed: 7,
        year: 2024,
    }));
    all
}

#[test]
fn csv_round_trip() {
    let records = records();
    let mut out = Vec::new();
    write_csv(&records, &mut out).unwrap();
    assert!(
        out.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 BOM for Excel and WPS"
    );
    let text = std::str::from_utf8(&out[3..]).unwrap();
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        COLUMNS
            .iter()
            .map(|c| c.header)
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!(text.contains("\r\n"));
    let imported = read_bytes(&out, "导出.csv").unwrap_or_else(|f| panic!("{f}"));
    assert!(imported.warnings.is_empty(), "{:#?}", imported.warnings);
    assert_eq!(imported.records, records);
}

#[test]
fn xlsx_round_trip() {
    let records = records();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("导出.xlsx");
    write_xlsx(&records, &path).unwrap();
    let imported = read_path(&path, &mut |_, _| {}).unwrap_or_else(|f| panic!("{f}"));
    assert!(imported.warnings.is_empty(), "{:#?}", imported.warnings);
    assert_eq!(imported.records, records);
}

#[test]
fn xlsx_bytes_read_back_and_fields_name_every_column() {
    let records = records();
    let bytes = junheng_io::school::write_xlsx_bytes(&records[..1]).unwrap();
    let imported = read_bytes(&bytes, "本校.xlsx").unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(imported.records, records[..1]);
    let fields = junheng_io::school::fields(&records[0]);
    assert_eq!(fields.len(), COLUMNS.len());
    assert_eq!(fields[1], ("学校标识码", records[0].code.to_string()));
    let students = fields.iter().find(|(h, _)| *h == "小学在校生数").unwrap();
    assert_eq!(students.1, records[0].primary.students.to_string());
}

#[test]
fn xlsx_has_the_template_sheet_with_codes_as_text() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("导出.xlsx");
    write_xlsx(&handmade(), &path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["学校基本情况表"]);
    let range = workbook.worksheet_range("学校基本情况表").unwrap();
    assert_eq!(
        range.get_value((1, 1)),
        Some(&Data::String("0001120001".into()))
    );
    assert_eq!(
        range.get_value((2, 5)),
        Some(&Data::String("0001120001".into()))
    );
    assert_eq!(range.get_value((1, 0)), Some(&Data::Float(2024.0)));
    // Codes carry the text number format "@"; the header is bold.
    let styles = workbook.worksheet_style("学校基本情况表").unwrap();
    let format = |pos| {
        styles
            .get(pos)
            .and_then(|s| s.number_format.clone())
            .map(|f| f.format_code)
    };
    assert_eq!(format((1, 1)).as_deref(), Some("@"));
    assert_eq!(format((2, 5)).as_deref(), Some("@"));
    assert_ne!(format((1, 8)).as_deref(), Some("@"));
    let bold = |pos| {
        styles
            .get(pos)
            .and_then(|s| s.font.clone())
            .is_some_and(|f| f.is_bold())
    };
    assert!(bold((0, 0)) && bold((0, 31)));
    assert!(!bold((1, 0)));
}

#[test]
fn empty_record_list_writes_a_header_only_template() {
    let mut out = Vec::new();
    write_csv(&[], &mut out).unwrap();
    assert_eq!(std::str::from_utf8(&out[3..]).unwrap().lines().count(), 1);
    let dir = tempfile::tempdir().unwrap();
    write_xlsx(&[], &dir.path().join("空模板.xlsx")).unwrap();
}

mod property {
    use super::*;
    use junheng_core::school::Section;
    use proptest::prelude::*;

    /// Text that survives trimming and is not an Excel error literal: quotes, commas and line
    /// breaks inside included.
    fn text() -> impl Strategy<Value = String> {
        "[一-龥A-Za-z][一-龥A-Za-z0-9（）,\" \n]{0,10}[一-龥A-Za-z]"
    }

    fn section(has: bool) -> impl Strategy<Value = SectionStats> {
        (
            0u32..5000,
            0u32..100,
            0u32..300,
            [0.0f64..=1.0, 0.0..=1.0, 0.0..=1.0, 0.0..=1.0],
        )
            .prop_map(move |(students, classes, teachers, shares)| {
                let part = |s: f64| (f64::from(teachers) * s).floor() as u32;
                let stats = SectionStats {
                    students,
                    classes,
                    teachers,
                    qualified_teachers: part(shares[0]),
                    backbone_teachers: part(shares[1]),
                    pe_arts_teachers: part(shares[2]),
                    intermediate_title_teachers: part(shares[3]),
                };
                if has { stats } else { SectionStats::default() }
            })
    }

    fn record(index: usize) -> impl Strategy<Value = SchoolRecord> {
        let kinds: Vec<SchoolKind> = SchoolKind::ALL
            .into_iter()
            .filter(|k| *k != SchoolKind::TeachingPoint)
            .collect();
        (proptest::sample::select(kinds), 2000i32..=2100).prop_flat_map(move |(kind, year)| {
            (
                text(),
                proptest::option::of(proptest::sample::select(vec![
                    UrbanRural::Urban,
                    UrbanRural::Town,
                    UrbanRural::Rural,
                ])),
                proptest::option::of(text()),
                proptest::option::of(text()),
                section(kind.has(Section::Primary)),
                section(kind.has(Section::Junior)),
                0u32..3000,
                (0.0f64..1e7, 0.0f64..=1.0, 0.0f64..1e7, 0.0f64..1e5),
                [0u32..100, 0..10, 0..10, 0..2000, 0..u32::MAX],
            )
                .prop_map(
                    move |(
                        name,
                        urban_rural,
                        zone,
                        group,
                        primary,
                        junior,
                        senior,
                        reals,
                        counts,
                    )| {
                        let code =
                            SchoolCode::parse(&format!("{:010}", 5_001_120_000 + index)).unwrap();
                        SchoolRecord {
                            year,
                            code,
                            name,
                            kind,
                            urban_rural,
                            parent_code: None,
                            zone,
                            group,
                            primary,
                            junior,
                            senior_students: if kind.has(Section::Senior) { senior } else { 0 },
                            facilities: Facilities {
                                teaching_room_area: reals.0,
                                gym_area: reals.0 * reals.1,
                                sports_ground_area: reals.2,
                                equipment_value: reals.3,
                                multimedia_rooms: counts[0],
                                music_rooms: counts[1],
                                art_rooms: counts[2],
                                music_room_area: None,
                                art_room_area: None,
                                computers: counts[3],
                                books: counts[4],
                            },
                            location: (reals.1 > 0.5).then_some(junheng_core::school::Location {
                                longitude: 73.0 + reals.1 * 63.0,
                                latitude: 3.0 + reals.1 * 51.0,
                            }),
                        }
                    },
                )
        })
    }

    fn records() -> impl Strategy<Value = Vec<SchoolRecord>> {
        (1usize..8).prop_flat_map(|n| (0..n).map(record).collect::<Vec<_>>())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_valid_records_survive_a_csv_round_trip(records in records()) {
            let mut out = Vec::new();
            write_csv(&records, &mut out).unwrap();
            let imported = read_bytes(&out, "p.csv").map_err(|f| TestCaseError::fail(f.to_string()))?;
            prop_assert_eq!(imported.records, records);
        }
    }
}

/// A file large enough to be read in parallel parts gives the same records and the same line
/// numbers in its error messages as a small one.
#[test]
fn a_large_csv_read_in_parts_is_read_exactly() {
    let records = junheng_core::demo::generate(&junheng_core::demo::DemoSpec {
        schools: 40_000,
        seed: 4,
        year: 2024,
    });
    let mut bytes = Vec::new();
    junheng_io::school::write_csv(&records, &mut bytes).unwrap();
    assert!(bytes.len() > 5 << 20, "large enough to be split");
    let imported = junheng_io::school::read_bytes(&bytes, "big.csv").unwrap();
    assert_eq!(imported.records, records);

    // Break one row near the end: its line number must be exact.
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let target = lines.len() - 10;
    let mut fields: Vec<&str> = lines[target].split(',').collect();
    fields[3] = "职业学校"; // 办学类型 is the fourth column written
    lines[target] = fields.join(",");
    let broken = lines.join("\n");
    let failure = junheng_io::school::read_bytes(broken.as_bytes(), "big.csv").unwrap_err();
    assert!(
        failure.issues.iter().any(|i| i.row == Some(target + 1)),
        "{failure}"
    );
}
