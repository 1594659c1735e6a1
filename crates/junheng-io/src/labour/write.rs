//! Writing the templates (.xlsx with example rows, drop-downs and a 说明 sheet).

use junheng_labour::bases::BaseKind;
use junheng_labour::five::{Level, SpecialtyKind};

use super::Kind;
use super::columns::*;
use crate::table::write::{self, Sheet, V, int, labels, t};

/// Rules shown on every template's 说明 sheet.
const RULES: &[&str] = &[
    "每条记录填一行；这些是学校层面的数字，不要填写任何学生的姓名或学籍号。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录。",
    "学校标识码须是本区已登记的学校；基地名称须先在「劳动基地」模板中导入。",
    "大课间、美育：同一学校同一学期（学年）再次导入时，以最新一批为准；撤回该批后恢复原记录。",
    "劳动课时：同一班级同一周、劳动周：同一学校同一学年，再次导入时以最新一批为准；年级和班级须与学籍一致。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。填写前请删除示例行。",
];

const A: &str = "5001130001";
const B: &str = "5001130002";

/// The template of a kind: an .xlsx with its sheet (header with a note per column, three
/// example rows, drop-downs of the word columns) and a 说明 sheet.
pub fn write_template(kind: Kind) -> Vec<u8> {
    let columns = kind.columns();
    let levels = || labels(Level::ALL, Level::label);
    let rows: Vec<Vec<V>> = match kind {
        Kind::Bases => vec![
            vec![t("巴南区蚕桑劳动教育基地"), t("农场"), int(120), t("")],
            vec![t("花溪街道社区服务站"), t("社区"), int(40), t("")],
            vec![t("实验小学校园农场"), t("校内"), int(60), t(A)],
        ],
        Kind::Alliances => vec![
            vec![
                t("巴南区劳动教育第一联盟"),
                t(&format!("{A}、{B}")),
                t("巴南区蚕桑劳动教育基地"),
            ],
            vec![t("巴南区劳动教育第二联盟"), t(B), t("花溪街道社区服务站")],
            vec![t("巴南区劳动教育第三联盟"), t(A), t("")],
        ],
        Kind::Visits => vec![
            vec![
                t("巴南区蚕桑劳动教育基地"),
                t(A),
                t("2025-10-15"),
                int(45),
                t("采桑养蚕"),
            ],
            vec![
                t("巴南区蚕桑劳动教育基地"),
                t(B),
                t("2025-10-15"),
                int(50),
                t(""),
            ],
            vec![
                t("花溪街道社区服务站"),
                t(A),
                t("2025-11-03"),
                int(30),
                t("垃圾分类宣传"),
            ],
        ],
        Kind::Breaks => vec![
            vec![t(A), int(2025), t("第一学期"), int(88), int(90)],
            vec![t(A), int(2025), t("第二学期"), int(92), int(92)],
            vec![t(B), int(2025), t("第一学期"), int(85), int(90)],
        ],
        Kind::Arts => vec![
            vec![t(A), int(2025), int(1180), int(1250)],
            vec![t(B), int(2025), int(610), int(640)],
            vec![t(A), int(2024), int(1100), int(1230)],
        ],
        Kind::Specialties => vec![
            vec![t(A), t("艺术"), t("市级"), int(2023), t("")],
            vec![t(A), t("劳动"), t("区级"), int(2024), t("")],
            vec![t(B), t("科技"), t("区级"), int(2021), int(2024)],
        ],
        Kind::Football => vec![
            vec![t(A), t("国家级"), int(2019), t("")],
            vec![t(B), t("区级"), int(2022), t("")],
            vec![t("5001130003"), t("市级"), int(2020), int(2023)],
        ],
        Kind::Trips => vec![
            vec![
                t(A),
                t("2025-11-06"),
                t("重庆自然博物馆"),
                int(230),
                int(240),
            ],
            vec![
                t(B),
                t("2025-11-12"),
                t("巴南区蚕桑劳动教育基地"),
                int(118),
                int(120),
            ],
            vec![
                t(A),
                t("2026-04-20"),
                t("红岩革命纪念馆"),
                int(260),
                int(262),
            ],
        ],
        Kind::Lessons => vec![
            vec![t(A), int(3), t("1班"), t("2025-09-01"), int(1)],
            vec![t(A), int(3), t("1班"), t("2025-09-08"), int(2)],
            vec![t(A), int(3), t("2班"), t("2025-09-01"), int(1)],
        ],
        Kind::Weeks => vec![
            vec![t(A), t("2025-11-03"), t("2025-11-07")],
            vec![t(B), t("2026-04-27"), t("2026-04-30")],
            vec![t("5001130003"), t("2025-12-15"), t("2025-12-19")],
        ],
    };
    let sheet = Sheet::template(kind.label(), columns, rows).numbers_general(columns);
    let sheet = match kind {
        Kind::Bases => sheet.choose(KIND, labels(BaseKind::ALL, BaseKind::label)),
        Kind::Breaks => sheet.choose(SEMESTER, vec!["第一学期", "第二学期"]),
        Kind::Specialties => sheet
            .choose(KIND, labels(SpecialtyKind::ALL, SpecialtyKind::label))
            .choose(LEVEL, levels()),
        Kind::Football => sheet.choose(LEVEL, levels()),
        _ => sheet,
    };
    write::template(sheet, columns, RULES)
}
