//! Writing the studios and outputs files: the templates (.xlsx with example rows, drop-down
//! lists and a 说明 sheet) and the stored records in the same layouts, so that an exported file
//! imports again.

use junheng_core::school::SchoolCode;
use junheng_teachers::studios::{
    DEFAULT_KINDS, Level, Output, OutputKind, Status, Studio, StudioSettings,
};

use super::columns::*;
use super::{COLUMNS, OUTPUT_COLUMNS, OUTPUT_SHEET_NAME, SHEET_NAME};
use crate::table::write::{self, Sheet, V, int, labels, t};

/// Rules shown on the studios template's 说明 sheet.
const RULES: &[&str] = &[
    "每个名师工作室、领雁工程项目、学科工作室、学科中心组等填一行：名称、类型、级别、学科、主持人及其学校、起止日期、状态和成员。",
    "成员填教师编号（不是身份证号），可来自任何学校，用「、」分隔；成员的学校和骨干级别按当学年教师花名册计算。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录。导入的名册替换当前名册（须确认），可撤回。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；学校标识码为 10 位文本。数据填在「工作室」工作表中；填写前请删除示例行。",
];

/// Rules shown on the outputs template's 说明 sheet.
const OUTPUT_RULES: &[&str] = &[
    "每个工作室每学年每类成果填一行：公开课/示范课、课题、精品课、培训、送教下乡的数量和覆盖的学校。",
    "工作室名称须是已导入名册中的名称；覆盖学校填学校标识码，用「、」分隔，用于计算对乡村学校的辐射。",
    "一个文件全部导入或全部不导入；导入的成果表替换当前成果表（须确认），可撤回。数据填在「工作室成果」工作表中；填写前请删除示例行。",
];

fn text(s: &str) -> V {
    if s.is_empty() { V::E } else { t(s) }
}

fn joined<T: AsRef<str>>(items: impl Iterator<Item = T>) -> V {
    let s: Vec<String> = items.map(|i| i.as_ref().to_owned()).collect();
    text(&s.join("、"))
}

fn studio_row(s: &Studio) -> Vec<V> {
    vec![
        t(&s.name),
        t(&s.kind),
        t(s.level.label()),
        text(&s.subject),
        t(s.host.as_str()),
        t(s.host_school.as_str()),
        t(&s.start),
        s.end.as_deref().map_or(V::E, t),
        t(s.status.label()),
        joined(s.members.iter().map(|m| m.as_str())),
    ]
}

fn output_row(o: &Output) -> Vec<V> {
    vec![
        t(&o.studio),
        int(o.year),
        t(o.kind.label()),
        V::N(f64::from(o.count)),
        joined(o.schools.iter().map(SchoolCode::as_str)),
    ]
}

fn studios_sheet(studios: &[Studio], settings: &StudioSettings) -> Sheet {
    let sheet = Sheet::template(
        SHEET_NAME,
        COLUMNS,
        studios.iter().map(studio_row).collect(),
    )
    .numbers_general(COLUMNS);
    // The drop-down of kinds is the default vocabulary's; a district's own words are checked on
    // import.
    let sheet = if *settings == StudioSettings::default() {
        sheet.choose(KIND, DEFAULT_KINDS.to_vec())
    } else {
        sheet
    };
    sheet
        .choose(LEVEL, labels(Level::ALL, Level::label))
        .choose(STATUS, labels(Status::ALL, Status::label))
}

fn outputs_sheet(outputs: &[Output]) -> Sheet {
    Sheet::template(
        OUTPUT_SHEET_NAME,
        OUTPUT_COLUMNS,
        outputs.iter().map(output_row).collect(),
    )
    .numbers_general(OUTPUT_COLUMNS)
    .choose(OUTPUT_KIND, labels(OutputKind::ALL, OutputKind::label))
}

/// The studios of a district in the template's layout (with its 说明 sheet).
pub fn write_studios(studios: &[Studio], settings: &StudioSettings) -> Vec<u8> {
    write::template(studios_sheet(studios, settings), COLUMNS, RULES)
}

/// The outputs of a district in the template's layout.
pub fn write_outputs(outputs: &[Output]) -> Vec<u8> {
    write::template(outputs_sheet(outputs), OUTPUT_COLUMNS, OUTPUT_RULES)
}

fn examples() -> Vec<Studio> {
    let id = |s: &str| junheng_rotation::TeacherId::parse(s).expect("example id");
    let code = |c: &str| SchoolCode::parse(c).expect("example code");
    vec![
        Studio {
            name: "王虎名师工作室".into(),
            kind: "名师工作室".into(),
            level: Level::City,
            subject: "数学".into(),
            host: id("T0001"),
            host_school: code("5001120001"),
            start: "2023-09-01".into(),
            end: Some("2026-08-31".into()),
            status: Status::Active,
            members: vec![id("T0002"), id("T0003"), id("T0004")],
        },
        Studio {
            name: "小学语文学科中心组".into(),
            kind: "学科中心组".into(),
            level: Level::District,
            subject: "语文".into(),
            host: id("T0010"),
            host_school: code("5001120002"),
            start: "2024-09-01".into(),
            end: None,
            status: Status::Active,
            members: vec![id("T0011")],
        },
    ]
}

/// The studios template: an .xlsx with the 工作室 sheet (header with a note per column, two
/// example rows, drop-down lists) and a 说明 sheet.
pub fn write_template() -> Vec<u8> {
    write_studios(&examples(), &StudioSettings::default())
}

/// The outputs template: an .xlsx with the 工作室成果 sheet and a 说明 sheet.
pub fn write_outputs_template() -> Vec<u8> {
    let code = |c: &str| SchoolCode::parse(c).expect("example code");
    write_outputs(&[
        Output {
            studio: "王虎名师工作室".into(),
            year: 2024,
            kind: OutputKind::Lessons,
            count: 6,
            schools: vec![code("5001120001")],
        },
        Output {
            studio: "王虎名师工作室".into(),
            year: 2024,
            kind: OutputKind::Outreach,
            count: 4,
            schools: vec![code("5001120002"), code("5001120003")],
        },
    ])
}
