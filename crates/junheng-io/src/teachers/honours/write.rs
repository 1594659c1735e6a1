//! Writing the honours templates (.xlsx with example rows, drop-downs and a 说明 sheet).

use junheng_teachers::honours::{AwardKind, AwardLevel, HonoursSettings};

use super::Kind;
use super::columns::*;
use crate::table::write::{self, Sheet, V, int, labels, t};

/// What a template's sheet gets besides its rows (its drop-downs).
type Dress = fn(Sheet) -> Sheet;

/// 师德 levels a drop-down can offer.
const KNOWN_LEVELS: &[&str] = &[
    "优秀",
    "良好",
    "合格",
    "基本合格",
    "不合格",
    "称职",
    "基本称职",
    "不称职",
];

/// Rules shown on every template's 说明 sheet.
const RULES: &[&str] = &[
    "每条记录填一行；教师编号与教师花名册一致，不要填身份证号、姓名、出生年或性别。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录。",
    "称号：级别决定教师在骨干梯队中的位置（培养对象 → 区级 → 市级 → 特级/名师/学科带头人），自认定年份起计入。",
    "获奖：类别和级别按下拉选项填写；同一条记录已导入过的会被指出。",
    "师德考核：每位教师每学年一条；再次导入同一教师同一学年的结果会替换原结果（须确认），撤回本批后恢复原结果。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。填写前请删除示例行。",
];

/// The template of a kind: an .xlsx with its sheet (header with a note per column, three
/// example rows, drop-downs of the word columns) and a 说明 sheet. The 师德 drop-down lists the
/// district's levels.
pub fn write_template(kind: Kind, settings: &HonoursSettings) -> Vec<u8> {
    let columns = kind.columns();
    let (rows, sheet): (Vec<Vec<V>>, Dress) = match kind {
        Kind::Titles => (
            vec![
                vec![
                    t("T2024-0007"),
                    t("区级骨干教师培养对象"),
                    t("培养对象"),
                    int(2022),
                    t("区教委"),
                ],
                vec![
                    t("T2024-0007"),
                    t("区级骨干教师"),
                    t("区级"),
                    int(2023),
                    t("区教委"),
                ],
                vec![
                    t("T2024-0011"),
                    t("市级学科带头人"),
                    t("学科带头人"),
                    int(2024),
                    t("市教委"),
                ],
            ],
            |s| s,
        ),
        Kind::Awards => (
            vec![
                vec![
                    t("T2024-0007"),
                    int(2024),
                    t("赛课"),
                    t("市级"),
                    t("市青年教师赛课一等奖"),
                ],
                vec![
                    t("T2024-0011"),
                    int(2024),
                    t("精品课"),
                    t("部级"),
                    t("部级精品课"),
                ],
                vec![
                    t("T2024-0011"),
                    int(2023),
                    t("论文"),
                    t("区级"),
                    t("区教学论文评选二等奖"),
                ],
            ],
            |s| {
                s.choose(KIND, labels(AwardKind::ALL, AwardKind::label))
                    .choose(LEVEL, labels(AwardLevel::ALL, AwardLevel::label))
            },
        ),
        Kind::Ethics => (
            vec![
                vec![t("T2024-0007"), int(2024), t("优秀")],
                vec![t("T2024-0011"), int(2024), t("合格")],
                vec![t("T2024-0012"), int(2024), t("合格")],
            ],
            |s| s,
        ),
    };
    let mut data = sheet(Sheet::template(kind.sheet(), columns, rows).numbers_general(columns));
    if kind == Kind::Ethics {
        // A drop-down when every level of the district is a known word (the list keeps static
        // words); other levels are still accepted, typed in.
        let words: Option<Vec<&'static str>> = settings
            .ethics_levels
            .iter()
            .map(|l| KNOWN_LEVELS.iter().copied().find(|k| k == l))
            .collect();
        if let Some(words) = words {
            data = data.choose(ETHICS, words);
        }
    }
    write::template(data, columns, RULES)
}
