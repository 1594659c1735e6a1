//! Writing the four templates (.xlsx with example rows, a drop-down of 口径 and a 说明 sheet).

use junheng_core::seats::forecast::BirthSeries;

use super::SeatFileKind;
use super::columns::SERIES;
use crate::table::write::{self, Sheet, V, int, labels, t};

/// Rules every template's 说明 sheet shows.
const COMMON: &[&str] = &[
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何数据。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。学校标识码为 10 位文本，请保持文本格式。",
    "已导入过的年份再次导入时，会先列出将被替换的年份，确认后整年替换。填写前请删除示例行。",
];

/// The rules of one file.
fn rules(kind: SeatFileKind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        SeatFileKind::Births => &[
            "每个街道/乡镇每年每个口径填一行。常住出生数为默认口径；户籍出生数用于按户籍口径预测（随迁子女另计）。预测至 2035 年需要 2029 年及以前的出生数，之后按情景推算。",
        ],
        SeatFileKind::Zones => &[
            "每个街道/乡镇的出生人口划入哪个学区。一个街道/乡镇分属几个学区时写几行，比例之和为 1。导入时整表替换原有对应关系。",
        ],
        SeatFileKind::Enrolment => &[
            "每所学校每个学年每个年级填一行（1–6 年级为小学，7–9 年级为初中），至少需要 4 个学年才能校准年级升级比例并回测。学校的学区取自学校统计数据。",
        ],
        SeatFileKind::Capacity => &[
            "每所学校每个学年填一行核定规模。学位供给 = 核定学位；未填核定学位时按核定班数 × 班额上限（小学 45、初中 50）计算。以后各年沿用最近一年的核定规模，另加届时建成的新建、改扩建项目。",
        ],
    };
    own.iter().chain(COMMON).copied().collect()
}

/// The example rows of a template.
fn examples(kind: SeatFileKind) -> Vec<Vec<V>> {
    let e = V::E;
    match kind {
        SeatFileKind::Births => vec![
            vec![t("龙山街道"), t("常住"), int(2018), int(1250)],
            vec![t("龙山街道"), t("户籍"), int(2018), int(980)],
            vec![t("白沙镇"), t("常住"), int(2018), int(310)],
        ],
        SeatFileKind::Zones => vec![
            vec![t("龙山街道"), t("龙山学区"), V::N(0.7)],
            vec![t("龙山街道"), t("新城学区"), V::N(0.3)],
            vec![t("白沙镇"), t("白沙学区"), e],
        ],
        SeatFileKind::Enrolment => vec![
            vec![int(2024), t("5001120001"), int(1), int(182), int(21)],
            vec![int(2024), t("5001120001"), int(2), int(176), int(19)],
            vec![int(2024), t("5001120002"), int(7), int(410), e],
        ],
        SeatFileKind::Capacity => vec![
            vec![
                int(2024),
                t("5001120001"),
                int(24),
                e.clone(),
                e.clone(),
                e.clone(),
                int(26),
            ],
            vec![
                int(2024),
                t("5001120002"),
                e.clone(),
                int(30),
                e.clone(),
                int(1500),
                int(30),
            ],
        ],
    }
}

/// The template of `kind`: its data sheet (a note per column, examples, the 口径 drop-down of
/// the births file) and its 说明 sheet.
pub fn write_template(kind: SeatFileKind) -> Vec<u8> {
    let columns = kind.columns();
    let mut sheet = Sheet::template(kind.label(), columns, examples(kind)).numbers_general(columns);
    if kind == SeatFileKind::Births {
        sheet = sheet.choose(SERIES, labels(&BirthSeries::ALL, BirthSeries::label));
    }
    write::template(sheet, columns, &rules(kind))
}
