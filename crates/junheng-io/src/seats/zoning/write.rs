//! Writing the three templates (.xlsx with example rows and a 说明 sheet).

use super::columns::*;
use super::{
    CATCHMENT_COLUMNS, CATCHMENT_SHEET, ENTRANT_COLUMNS, ENTRANT_SHEET, QUOTA_COLUMNS, QUOTA_SHEET,
};
use crate::table::write::{self, Sheet, V, int, t};

const ALL_OR_NOTHING: &str = "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录。再次导入同一学年会替换该学年的这类文件（须确认），替换后可撤回。";
const HEADER_RULE: &str = "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。学校标识码为 10 位文本，请保持文本格式。填写前请删除示例行。";

const CATCHMENT_RULES: &[&str] = &[
    "每个学段、每个地方（街道，或街道下的小区）、每所对口学校填一行；学年在导入时选择。小区留空表示整个街道都对口该校。",
    "一个地方只对口一所学校为单校划片；对口几所学校为多校划片，须填派位学区（与随机派位的学区名称一致）。",
    "用于督导评估政府保障程度「城区和镇区公办小学、初中（不含寄宿制学校）就近划片入学比例分别达到 100%、95% 以上」一项：城区、镇区取自学校统计表的城乡分类；民办学校和寄宿制学校不计入。",
    "办学性质、寄宿制按学校填写，同一学校各行相同；没有划片的民办学校填一行，街道留空。表中没有出现的学校按公办、非寄宿制计。",
    ALL_OR_NOTHING,
    HEADER_RULE,
];

const ENTRANT_RULES: &[&str] = &[
    "本学年一年级（小学）和七年级（初中）新生的来源：录取学校和家庭所在的街道、小区。可以每个学生一行（人数留空），也可以按学校和小区汇总后填人数。",
    "只保存按学校、学段和街道小区汇总的人数，不保存任何学生的姓名、身份证号等个人信息；请不要上传这些列（上传了也会被忽略）。",
    "家庭所在地方属于录取学校的划片范围（单校划片或多校划片之一）即为就近入学。",
    ALL_OR_NOTHING,
    HEADER_RULE,
];

const QUOTA_RULES: &[&str] = &[
    "每所优质普通高中分配到每所初中的名额填一行；没有分得名额的初中也可填一行、名额为 0，以便计算向农村初中倾斜的情况。",
    "用于督导评估政府保障程度「优质普通高中招生名额分配比例不低于 50%，并向农村初中倾斜」一项：分配名额合计 ÷ 招生计划；倾斜看乡村初中每名毕业生分得的名额是否不少于城区、镇区初中。",
    "招生计划按高中填写、毕业生数按初中填写，同一高中（初中）各行相同；一所高中分配的名额合计不能超过其招生计划。",
    ALL_OR_NOTHING,
    HEADER_RULE,
];

/// The 划片表 template: 划片 sheet (a 单校划片 street, a 多校划片 小区 of two schools and a 民办
/// school without a catchment) and a 说明 sheet.
pub fn write_catchments_template() -> Vec<u8> {
    let row =
        |section: &str, street: &str, community: &str, school: &str, zone: &str, own: &str| {
            let cell = |s: &str| if s.is_empty() { V::E } else { t(s) };
            vec![
                t(section),
                cell(street),
                cell(community),
                t(school),
                cell(zone),
                cell(own),
                t("否"),
            ]
        };
    let rows = vec![
        row("小学", "城南街道", "", "5001120001", "", "公办"),
        row(
            "初中",
            "城南街道",
            "桂花园",
            "5001120002",
            "第一学区",
            "公办",
        ),
        row(
            "初中",
            "城南街道",
            "桂花园",
            "5001120003",
            "第一学区",
            "公办",
        ),
        row("小学", "", "", "5001120009", "", "民办"),
    ];
    let sheet = Sheet::template(CATCHMENT_SHEET, CATCHMENT_COLUMNS, rows)
        .numbers_general(CATCHMENT_COLUMNS)
        .choose(SECTION, vec!["小学", "初中"])
        .choose(OWNERSHIP, vec!["公办", "民办"])
        .choose(BOARDING, vec!["是", "否"]);
    write::template(sheet, CATCHMENT_COLUMNS, CATCHMENT_RULES)
}

/// The 新生来源表 template: three example rows and a 说明 sheet.
pub fn write_entrants_template() -> Vec<u8> {
    let rows = vec![
        vec![
            t("小学"),
            t("5001120001"),
            t("城南街道"),
            t("桂花园"),
            int(38),
        ],
        vec![t("小学"), t("5001120001"), t("城北街道"), V::E, int(2)],
        vec![t("初中"), t("5001120002"), t("城南街道"), t("桂花园"), V::E],
    ];
    let sheet = Sheet::template(ENTRANT_SHEET, ENTRANT_COLUMNS, rows)
        .numbers_general(ENTRANT_COLUMNS)
        .choose(SECTION, vec!["小学", "初中"]);
    write::template(sheet, ENTRANT_COLUMNS, ENTRANT_RULES)
}

/// The 指标到校表 template: three example rows and a 说明 sheet.
pub fn write_quotas_template() -> Vec<u8> {
    let row = |high: &str, plan: i32, junior: &str, quota: i32, graduates: i32| {
        vec![t(high), int(plan), t(junior), int(quota), int(graduates)]
    };
    let rows = vec![
        row("第一中学", 600, "5001120002", 120, 400),
        row("第一中学", 600, "5001120003", 90, 250),
        row("第一中学", 600, "5001120004", 0, 120),
    ];
    let sheet = Sheet::template(QUOTA_SHEET, QUOTA_COLUMNS, rows).numbers_general(QUOTA_COLUMNS);
    write::template(sheet, QUOTA_COLUMNS, QUOTA_RULES)
}
