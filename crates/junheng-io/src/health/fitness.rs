//! The 体质健康 file (sheet 体质健康): a row per child and sitting — 学籍号, 年级, 班级, 性别, 身高,
//! 体重 and the results of the 《国家学生体质健康标准》 items, 测试状态 and 补测 — read into
//! [`FitnessLine`]s, and its template written by [`write_fitness_template`].
//!
//! The rules of a row:
//! * Each result is held in its item's fixed-point units ([`Item::decimals`]): 50米跑 and
//!   坐位体前屈 in tenths, the others whole; 身高 and 体重 in tenths. BMI is no column: it is
//!   computed from 身高 and 体重.
//! * Times (50米×8往返跑, 1000米跑/800米跑) are seconds (`96`) or minutes and seconds (`1'36"`,
//!   `1′36″`, `1:36`, `1分36秒`), held in seconds.
//! * Every value lies in a plausible range (身高 80.0–220.0 cm …; see [`MEASURES`]'s bounds in
//!   the issue's message).
//! * 测试状态 empty or 正常: the child was tested and has every result `items(grade, sex)` asks
//!   for, and 身高 and 体重 for BMI. 免予执行 or 暂缓执行: no result is needed, and any given is
//!   dropped with a warning.
//! * A result for an item the grade is not tested on is a warning, and ignored.
//! * A 学籍号 appears once, or twice when exactly one of the rows is 补测 (是): both are kept,
//!   the 补测 replacing the first sitting later.

use std::ops::RangeInclusive;

use junheng_core::health::fitness::{Item, Sex, items};
use junheng_core::student::StudentNumber;

use super::{HealthFile, Issue, codes, decimal, decimal_text, shown_fixed};
use crate::pupil::{Cells, Family, Parsed, Sitting};
use crate::school::cell::as_whole;
use crate::table::write;
use crate::table::{Column, Value, col};

use columns::*;

/// Header names, in template order.
pub mod columns {
    pub use crate::pupil::columns::{CLASS, GRADE, NUMBER, SEX};
    /// 身高(cm).
    pub const HEIGHT: &str = "身高(cm)";
    /// 体重(kg).
    pub const WEIGHT: &str = "体重(kg)";
    /// 肺活量(ml).
    pub const VITAL_CAPACITY: &str = "肺活量(ml)";
    /// 50米跑(秒).
    pub const RUN_50M: &str = "50米跑(秒)";
    /// 坐位体前屈(cm).
    pub const SIT_AND_REACH: &str = "坐位体前屈(cm)";
    /// 一分钟跳绳(次).
    pub const ROPE_SKIPPING: &str = "一分钟跳绳(次)";
    /// 一分钟仰卧起坐(次).
    pub const SITUP: &str = "一分钟仰卧起坐(次)";
    /// 50米×8往返跑 (seconds or minutes'seconds").
    pub const SHUTTLE: &str = "50米×8往返跑";
    /// 立定跳远(cm).
    pub const LONG_JUMP: &str = "立定跳远(cm)";
    /// 引体向上(次).
    pub const PULL_UP: &str = "引体向上(次)";
    /// 1000米跑 (男) / 800米跑 (女), one column (seconds or minutes'seconds").
    pub const ENDURANCE: &str = "1000米跑/800米跑";
    /// 测试状态.
    pub const STATUS: &str = "测试状态";
    /// 补测.
    pub const RETEST: &str = "补测";
}

/// A measured column: its item (`None` for 身高 and 体重, kept for BMI), its decimals, its
/// plausible range in those units, its unit, and whether it is a time.
#[derive(Debug)]
pub struct Measure {
    /// The column's header.
    pub header: &'static str,
    /// The item (`None`: 身高 or 体重).
    pub item: Option<Item>,
    /// Decimals: the value is held in units of 10^-decimals.
    pub decimals: u32,
    /// Plausible values, in those units.
    pub range: RangeInclusive<i64>,
    /// The unit, in Chinese.
    pub unit: &'static str,
    /// Seconds, also written as minutes'seconds".
    pub time: bool,
}

const fn measure(
    header: &'static str,
    item: Option<Item>,
    decimals: u32,
    range: RangeInclusive<i64>,
    unit: &'static str,
) -> Measure {
    Measure {
        header,
        item,
        decimals,
        range,
        unit,
        time: false,
    }
}

const fn time(header: &'static str, item: Item, range: RangeInclusive<i64>) -> Measure {
    Measure {
        time: true,
        ..measure(header, Some(item), 0, range, "秒")
    }
}

/// The measured columns, in the standard's order, with their plausible ranges.
pub const MEASURES: [Measure; 11] = [
    measure(HEIGHT, None, 1, 800..=2200, "厘米"),
    measure(WEIGHT, None, 1, 100..=2000, "千克"),
    measure(
        VITAL_CAPACITY,
        Some(Item::VitalCapacity),
        0,
        100..=9999,
        "毫升",
    ),
    measure(RUN_50M, Some(Item::Run50m), 1, 50..=300, "秒"),
    measure(
        SIT_AND_REACH,
        Some(Item::SitAndReach),
        1,
        -300..=400,
        "厘米",
    ),
    measure(ROPE_SKIPPING, Some(Item::RopeSkipping), 0, 0..=400, "次"),
    measure(SITUP, Some(Item::Situp), 0, 0..=100, "次"),
    time(SHUTTLE, Item::Shuttle50x8, 60..=400),
    measure(LONG_JUMP, Some(Item::StandingLongJump), 0, 50..=350, "厘米"),
    measure(PULL_UP, Some(Item::PullUp), 0, 0..=60, "次"),
    time(ENDURANCE, Item::Endurance, 120..=900),
];

/// The column holding an item's results (`None` for BMI, which is computed).
///
/// ```
/// use junheng_io::health::{Item, fitness::header};
/// assert_eq!(header(Item::Endurance), Some("1000米跑/800米跑"));
/// assert_eq!(header(Item::Bmi), None);
/// ```
pub fn header(item: Item) -> Option<&'static str> {
    MEASURES
        .iter()
        .find(|m| m.item == Some(item))
        .map(|m| m.header)
}

const TIMES: &str = "秒数（如 96）或 分'秒\"（如 1'36\"，也可写 1′36″、1:36、1分36秒）";
const YES_NO: &str = "是 | 否";

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    crate::pupil::NUMBER_COLUMN,
    col(GRADE, true, "整数", "1–9；也可填 三年级、初一 等", "2"),
    crate::pupil::CLASS_COLUMN,
    crate::pupil::SEX_COLUMN,
    col(HEIGHT, false, "一位小数", "厘米，80.0–220.0", "125.4"),
    col(WEIGHT, false, "一位小数", "千克，10.0–200.0", "24.6"),
    col(VITAL_CAPACITY, false, "整数", "毫升，100–9999", "1180"),
    col(RUN_50M, false, "一位小数", "秒，5.0–30.0", "11.2"),
    col(
        SIT_AND_REACH,
        false,
        "一位小数",
        "厘米，-30.0–40.0，可为负数",
        "9.5",
    ),
    col(ROPE_SKIPPING, false, "整数", "次，0–400（小学）", "105"),
    col(
        SITUP,
        false,
        "整数",
        "次，0–100（小学三年级起；初中女生）",
        "32",
    ),
    col(
        SHUTTLE,
        false,
        "时间",
        "小学五、六年级；60–400 秒",
        "1'52\"",
    ),
    col(LONG_JUMP, false, "整数", "厘米，50–350（初中）", "205"),
    col(PULL_UP, false, "整数", "次，0–60（初中男生）", "6"),
    col(
        ENDURANCE,
        false,
        "时间",
        "初中男生 1000 米、女生 800 米；120–900 秒",
        "4'05\"",
    ),
    col(
        STATUS,
        false,
        "正常 | 免予执行 | 暂缓执行",
        "留空表示正常；免予执行、暂缓执行的学生不填成绩",
        "正常",
    ),
    col(
        RETEST,
        false,
        YES_NO,
        "补测成绩另起一行并填 是；留空表示否",
        "否",
    ),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "体质健康";

const FAMILY: Family<'static> = super::family(
    SHEET_NAME,
    &codes::TABLE,
    COLUMNS,
    |h| super::alias_in(COLUMNS, h),
    "每名学生只能有一行成绩；补测成绩可另起一行并在「补测」列填「是」（每名学生至多一行补测）",
);

/// Whether and how a child was tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FitnessStatus {
    /// Tested (测试状态 empty or 正常).
    Tested,
    /// 免予执行: exempt (illness, disability), no results.
    Exempt,
    /// 暂缓执行: deferred, no results.
    Deferred,
}

impl FitnessStatus {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            FitnessStatus::Tested => "正常",
            FitnessStatus::Exempt => "免予执行",
            FitnessStatus::Deferred => "暂缓执行",
        }
    }

    /// 正常, 免予执行 (免测), 暂缓执行 (缓测).
    pub fn parse(text: &str) -> Option<FitnessStatus> {
        match text {
            "正常" => Some(FitnessStatus::Tested),
            "免予执行" | "免测" => Some(FitnessStatus::Exempt),
            "暂缓执行" | "缓测" => Some(FitnessStatus::Deferred),
            _ => None,
        }
    }
}

/// One child's sitting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FitnessLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 学籍号 (masked in `Debug`).
    pub number: StudentNumber,
    /// 年级, 1–9.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 性别.
    pub sex: Sex,
    /// 测试状态.
    pub status: FitnessStatus,
    /// 补测: this sitting replaces the first.
    pub retest: bool,
    /// 身高 in tenths of a centimetre.
    pub height_tenths_cm: Option<i64>,
    /// 体重 in tenths of a kilogram.
    pub weight_tenths_kg: Option<i64>,
    /// The results of the items the grade is tested on, in the standard's order, each in its
    /// item's units ([`Item::decimals`]); empty when not tested.
    pub results: Vec<(Item, i64)>,
}

/// A 体质健康 file read and checked.
pub type FitnessFile = HealthFile<FitnessLine>;

super::readers!(
    "体质健康",
    FitnessFile,
    read_fitness,
    read_fitness_with,
    |l: &FitnessLine| (&l.number, l.retest)
);

/// A time in seconds: `96`, `96秒`, `1'36"`, `1′36″`, `1'36''`, `1:36`, `1分36秒`.
///
/// ```
/// use junheng_io::health::fitness::seconds;
/// assert_eq!(seconds("1'36\""), Some(96));
/// assert_eq!(seconds("1:36"), seconds("96"));
/// assert_eq!(seconds("1'75\""), None);
/// ```
pub fn seconds(text: &str) -> Option<i64> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '′' | '’' | '‘' => '\'',
            '″' | '”' | '“' => '"',
            '：' => ':',
            c => c,
        })
        .collect();
    let digits = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    match text.split_once(['\'', ':', '分']) {
        Some((minutes, rest)) => {
            let rest = rest
                .strip_suffix("''")
                .or_else(|| rest.strip_suffix(['"', '秒']))
                .unwrap_or(rest);
            let (m, s) = (digits(minutes)?, digits(rest)?);
            (s < 60).then_some(m * 60 + s)
        }
        None => decimal_text(text.strip_suffix('秒').unwrap_or(&text), 0),
    }
}

/// A measured cell: the value in its units within its range, else `None` (reported).
fn measured(c: &Cells<'_>, m: &Measure, issues: &mut Vec<Issue>) -> Option<i64> {
    let value = c.value(m.header);
    let read = match value {
        Value::Number(v) if m.time => as_whole(*v).map(|v| v as i64),
        Value::Text(text) if m.time => seconds(text),
        _ if m.time => None,
        _ => decimal(value, m.decimals),
    };
    let name = m.header.split('(').next().unwrap_or(m.header);
    let Some(v) = read else {
        let (code, expected) = if m.time {
            let hint = "；若表格把它当成了时刻，请把该列设为文本后重新填写";
            (codes::TIME_INVALID, format!("{TIMES}{hint}"))
        } else if m.decimals == 0 {
            (codes::VALUE_INVALID, format!("整数（单位：{}）", m.unit))
        } else {
            (
                codes::VALUE_INVALID,
                format!("最多一位小数的数（单位：{}）", m.unit),
            )
        };
        c.report(
            issues,
            code,
            m.header,
            value.shown(),
            format!("{name}应为{expected}"),
        );
        return None;
    };
    if !m.range.contains(&v) {
        let shown = |v: i64| shown_fixed(v, m.decimals);
        let (low, high) = (shown(*m.range.start()), shown(*m.range.end()));
        let message = format!(
            "{name}为 {}{unit}，不在合理范围 {low}–{high}{unit} 内；请核对单位和小数点",
            shown(v),
            unit = m.unit
        );
        c.report(
            issues,
            codes::VALUE_OUT_OF_RANGE,
            m.header,
            value.shown(),
            message,
        );
        return None;
    }
    Some(v)
}

fn sex_label(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "男",
        Sex::Female => "女",
    }
}

/// One row, checked: the sitting when everything is right, else (all reported) who it is about
/// if that is known.
fn line(
    c: &Cells<'_>,
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> Option<Parsed<FitnessLine>> {
    let number = c.number(issues);
    let grade = c.grade(issues);
    let class = c.class(issues);
    let male = c.sex(issues);
    let mut ok = match (&number, male) {
        (Some(n), Some(male)) => c.sex_agrees(n, male, issues),
        _ => true,
    };
    let status = c.optional(
        STATUS,
        FitnessStatus::parse,
        || "正常、免予执行、暂缓执行（留空表示正常）".into(),
        codes::STATUS_INVALID,
        issues,
    );
    let retest = super::yes_or_no(c, RETEST, issues);
    let sex = male.map(|m| if m { Sex::Male } else { Sex::Female });
    // The items of the grade; while the grade or the sex is unknown every cell is checked.
    let tested: Option<(u8, Sex, Vec<Item>)> = grade
        .zip(sex)
        .map(|(g, s)| (g, s, items(g, s).into_iter().map(|(i, _)| i).collect()));
    let mut values: Vec<(&Measure, i64)> = Vec::new();
    for m in &MEASURES {
        if c.refused(m.header) {
            ok = false;
            continue;
        }
        if c.empty(m.header) {
            continue;
        }
        if let (Some(item), Some((g, s, tested))) = (m.item, &tested)
            && !tested.contains(&item)
        {
            let message = format!(
                "{g} 年级{}生不测{}，该成绩已忽略",
                sex_label(*s),
                item.label()
            );
            let value = c.value(m.header).shown();
            c.warn(warnings, codes::RESULT_NOT_TESTED, m.header, value, message);
            continue;
        }
        match measured(c, m, issues) {
            Some(v) => values.push((m, v)),
            None => ok = false,
        }
    }
    let status = status.map(|s| s.unwrap_or(FitnessStatus::Tested));
    match (status, &tested) {
        (Ok(FitnessStatus::Tested), Some((g, s, tested))) => {
            ok &= complete(c, (*g, *s), tested, issues);
        }
        (Ok(FitnessStatus::Exempt | FitnessStatus::Deferred), _) => {
            let dropped: Vec<&str> = values
                .iter()
                .filter(|(m, _)| m.item.is_some())
                .map(|(m, _)| m.header)
                .collect();
            if let Some(first) = dropped.first() {
                let message = format!(
                    "测试状态为{}，不需要成绩；{}的成绩已忽略",
                    status.map_or("", FitnessStatus::label),
                    dropped.join("、")
                );
                c.warn(warnings, codes::RESULTS_DROPPED, first, None, message);
                values.retain(|(m, _)| m.item.is_none());
            }
        }
        _ => {}
    }
    let of = |header: &str| {
        values
            .iter()
            .find(|(m, _)| m.header == header)
            .map(|(_, v)| *v)
    };
    let (height_tenths_cm, weight_tenths_kg) = (of(HEIGHT), of(WEIGHT));
    let results = values
        .iter()
        .filter_map(|(m, v)| m.item.map(|i| (i, *v)))
        .collect();
    let sitting = |retest| number.clone().map(|number| Sitting { number, retest });
    let line = (|| {
        ok.then_some(())?;
        Some(FitnessLine {
            row: c.row.line,
            number: number.clone()?,
            grade: grade?,
            class: class?,
            sex: sex?,
            status: status.ok()?,
            retest: retest.ok()?.unwrap_or(false),
            height_tenths_cm,
            weight_tenths_kg,
            results,
        })
    })();
    match line {
        Some(line) => Some(Ok(line)),
        None => sitting(matches!(retest, Ok(Some(true)))).map(Err),
    }
}

/// Whether a tested child has every result of their grade, and 身高 and 体重 for BMI (each
/// one missing reported).
fn complete(
    c: &Cells<'_>,
    (grade, sex): (u8, Sex),
    tested: &[Item],
    issues: &mut Vec<Issue>,
) -> bool {
    let mut ok = true;
    for m in &MEASURES {
        let needed = match m.item {
            None => tested.contains(&Item::Bmi),
            Some(item) => tested.contains(&item),
        };
        if !needed || !c.empty(m.header) {
            continue;
        }
        let what = m
            .item
            .map_or("体重指数（BMI，由身高和体重算出）", Item::label);
        let message = format!(
            "「{}」未填：{grade} 年级{}生须测{what}；不参加测试的学生请在「{STATUS}」填 免予执行 或 暂缓执行",
            m.header,
            sex_label(sex)
        );
        c.report(issues, codes::RESULT_MISSING, m.header, None, message);
        ok = false;
    }
    ok
}

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每名学生每次测试填一行；同一文件中学籍号不能重复，补测成绩另起一行并在「补测」列填「是」（每名学生至多一行补测）。",
    "学籍号填全国学籍号（G 加 18 位身份证号）或临时学籍号（L 开头），请保持文本格式。请不要上传身份证号列，含身份证号的文件会被整体拒绝。",
    "按年级和性别填写《国家学生体质健康标准》规定的项目：1–2 年级 肺活量、50米跑、坐位体前屈、一分钟跳绳；3–4 年级 加一分钟仰卧起坐；5–6 年级 再加50米×8往返跑；初中 肺活量、50米跑、坐位体前屈、立定跳远、引体向上（男）或一分钟仰卧起坐（女）、1000米跑（男）或800米跑（女）。各年级都须填身高和体重（用于计算体重指数）。",
    "本年级不测的项目留空，填了也会被忽略。测试状态为免予执行或暂缓执行的学生不填成绩。",
    "时间可写秒数（如 96）或 分'秒\"（如 1'36\"）；请把时间列保持为文本，不要让表格把 1:36 当成时刻。",
    super::ALL_OR_NOTHING,
    "表头须位于第一行，列名与模板一致（列的顺序不限，单位括号可省略）；模板以外的列会被忽略。数据填在「体质健康」工作表中；填写前请删除示例行（示例中的学生均为虚构）。",
];

/// The template's example rows (in column order, `|` between cells): invented children, with
/// 学籍号 of valid check characters.
const EXAMPLES: [&str; 5] = [
    "G500112201609010015|2|(1)班|男|125.4|24.6|1180|11.2|9.5|105||||||正常|",
    "G500112201505200025|4|(2)班|女|136.8|31.2|1450|10.4|14.0|128|35||||||",
    "L5001122024000123|5|(3)班|女|142.0|35.5|1620|9.8|12.5|140|38|1'52\"|||||",
    "G500112201111110035|7|3班|男|158.3|48.0|2650|8.4|6.0||||205|6|4'05\"||",
    "L5001122024000456|8|1班|女||||||||||||免予执行|",
];

/// The 体质健康 template: an .xlsx with the 体质健康 sheet (header with a note per column,
/// drop-down lists, five example rows of invented children) and a 说明 sheet explaining each
/// column and the rules.
pub fn write_fitness_template() -> Vec<u8> {
    let sheet = super::data_sheet(SHEET_NAME, COLUMNS, &EXAMPLES, None)
        .choose(STATUS, vec!["正常", "免予执行", "暂缓执行"])
        .choose(RETEST, vec!["是", "否"]);
    write::template(sheet, COLUMNS, RULES)
}
