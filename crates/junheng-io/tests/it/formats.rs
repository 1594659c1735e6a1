//! .xls and .ods: real files made by xlwt and odfpy (fixtures/make_fixtures.py), whose rows are
//! repeated here as CSV.

use std::path::PathBuf;

use junheng_io::school::{codes, read_bytes, read_path};

use crate::common::{find, ok_csv};

const SAME_ROWS_AS_CSV: &str = "\
学年,学校标识码,学校名称,办学类型,城乡分类,上级学校标识码,学区,教育集团,小学在校生数,初中在校生数,高中在校生数,小学班数,初中班数,小学专任教师数,初中专任教师数,小学高于规定学历教师数,初中高于规定学历教师数,小学骨干教师数,初中骨干教师数,小学体育艺术专任教师数,初中体育艺术专任教师数,小学中级及以上职称教师数,初中中级及以上职称教师数,教学及辅助用房面积,体育馆面积,运动场地面积,教学仪器设备资产值,网络多媒体教室数,音乐专用教室数,美术专用教室数,计算机台数,图书册数
2024,5001120001,重庆市渝北区实验小学,小学,城区,,两路学区,,812,0,0,18,0,45,0,44,0,6,0,7,0,20,0,6500.5,800,9000,320.75,20,2,2,120,30000
2024,5001120002,渝北区大湾镇新华村小,教学点,乡村,5001120001,大湾学区,,35,0,0,3,0,4,0,4,0,0,0,1,0,2,0,420,0,600,12.5,1,0,0,5,2000
2024,5001120003,渝北区第二实验学校,九年一贯制学校,镇区,,,实验教育集团,900,600,0,20,12,50,40,49,40,5,4,8,6,22,18,12000.25,1500,15000,800,40,3,3,200,50000
";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixtures")
        .join(name)
}

#[test]
fn xls_and_ods_read_like_the_same_csv() {
    let expected = ok_csv(SAME_ROWS_AS_CSV).records;
    assert_eq!(expected.len(), 3);
    for name in ["template.xls", "template.ods"] {
        let imported =
            read_path(&fixture(name), &mut |_, _| {}).unwrap_or_else(|f| panic!("{name}:\n{f}"));
        assert_eq!(imported.records, expected, "{name}");
        assert!(
            imported.warnings.is_empty(),
            "{name}: {:#?}",
            imported.warnings
        );
        // From memory too, with the extension in any case.
        let bytes = std::fs::read(fixture(name)).unwrap();
        assert_eq!(
            read_bytes(&bytes, &name.to_uppercase()).unwrap().records,
            expected
        );
    }
}

#[test]
fn xls_and_ods_code_cells_holding_numbers() {
    for name in ["numeric_code.xls", "numeric_code.ods"] {
        let failure = read_path(&fixture(name), &mut |_, _| {}).unwrap_err();
        let issue = find(
            &failure.issues,
            codes::SCHOOL_CODE_NOT_TEXT,
            Some(3),
            Some("学校标识码"),
        );
        assert_eq!(issue.sheet.as_deref(), Some("学校基本情况表"), "{name}");
        assert_eq!(issue.value.as_deref(), Some("5001120002"));
        assert_eq!(failure.issues.len(), 1, "{name}: {failure}");
    }
}

#[test]
fn a_file_whose_extension_lies_is_unreadable_not_misread() {
    let bytes = std::fs::read(fixture("template.ods")).unwrap();
    let failure = read_bytes(&bytes, "学校.xls").unwrap_err();
    assert_eq!(failure.issues[0].code, codes::FILE_UNREADABLE);
    assert!(failure.issues[0].message.contains("扩展名"));
}

#[test]
fn workbook_without_worksheets() {
    // rust_xlsxwriter cannot save a workbook without worksheets; odfpy can.
    let failure = read_path(&fixture("no_sheet.ods"), &mut |_, _| {}).unwrap_err();
    assert_eq!(failure.issues.len(), 1, "{failure}");
    assert_eq!(failure.issues[0].code, codes::SHEET_MISSING);
}
