//! The 量表测评 file (sheet 量表测评) of a district-supplied instrument (MHT, MSSMHS, …; see
//! `junheng_core::health::instrument`): a row per child — 学籍号, 年级, 班级, 监护人同意, 量表 (the
//! instrument's id, e.g. MHT) and the answers 第1题 … 第200题 in item order, each a whole number
//! 0–10 — read into [`ScaleLine`]s. The instrument's rules (its number of items, its answers'
//! range, its grades) are the district's data and are checked where the instrument is known
//! (`junheng_app::health::mental`), each problem located at its row.
//!
//! Here: the answers are the filled items from 第1题 on, without a gap; 监护人同意 否 means no
//! answers; a 学籍号 appears once. Answers are never echoed.

use std::fmt;

use junheng_core::student::StudentNumber;

use super::{HealthFile, Issue, codes, decimal};
use crate::pupil::{Cells, Family, Parsed, outcome};
use crate::table::write;
use crate::table::{Codes, Column, col};

use columns::*;

/// Header names, in template order.
pub mod columns {
    pub use crate::health::mental::columns::CONSENT;
    pub use crate::pupil::columns::{CLASS, GRADE, NUMBER};
    /// 量表: the instrument's id.
    pub const INSTRUMENT: &str = "量表";
    /// The items, 第1题 … 第200题.
    pub const ITEMS: [&str; 200] = [
        "第1题",
        "第2题",
        "第3题",
        "第4题",
        "第5题",
        "第6题",
        "第7题",
        "第8题",
        "第9题",
        "第10题",
        "第11题",
        "第12题",
        "第13题",
        "第14题",
        "第15题",
        "第16题",
        "第17题",
        "第18题",
        "第19题",
        "第20题",
        "第21题",
        "第22题",
        "第23题",
        "第24题",
        "第25题",
        "第26题",
        "第27题",
        "第28题",
        "第29题",
        "第30题",
        "第31题",
        "第32题",
        "第33题",
        "第34题",
        "第35题",
        "第36题",
        "第37题",
        "第38题",
        "第39题",
        "第40题",
        "第41题",
        "第42题",
        "第43题",
        "第44题",
        "第45题",
        "第46题",
        "第47题",
        "第48题",
        "第49题",
        "第50题",
        "第51题",
        "第52题",
        "第53题",
        "第54题",
        "第55题",
        "第56题",
        "第57题",
        "第58题",
        "第59题",
        "第60题",
        "第61题",
        "第62题",
        "第63题",
        "第64题",
        "第65题",
        "第66题",
        "第67题",
        "第68题",
        "第69题",
        "第70题",
        "第71题",
        "第72题",
        "第73题",
        "第74题",
        "第75题",
        "第76题",
        "第77题",
        "第78题",
        "第79题",
        "第80题",
        "第81题",
        "第82题",
        "第83题",
        "第84题",
        "第85题",
        "第86题",
        "第87题",
        "第88题",
        "第89题",
        "第90题",
        "第91题",
        "第92题",
        "第93题",
        "第94题",
        "第95题",
        "第96题",
        "第97题",
        "第98题",
        "第99题",
        "第100题",
        "第101题",
        "第102题",
        "第103题",
        "第104题",
        "第105题",
        "第106题",
        "第107题",
        "第108题",
        "第109题",
        "第110题",
        "第111题",
        "第112题",
        "第113题",
        "第114题",
        "第115题",
        "第116题",
        "第117题",
        "第118题",
        "第119题",
        "第120题",
        "第121题",
        "第122题",
        "第123题",
        "第124题",
        "第125题",
        "第126题",
        "第127题",
        "第128题",
        "第129题",
        "第130题",
        "第131题",
        "第132题",
        "第133题",
        "第134题",
        "第135题",
        "第136题",
        "第137题",
        "第138题",
        "第139题",
        "第140题",
        "第141题",
        "第142题",
        "第143题",
        "第144题",
        "第145题",
        "第146题",
        "第147题",
        "第148题",
        "第149题",
        "第150题",
        "第151题",
        "第152题",
        "第153题",
        "第154题",
        "第155题",
        "第156题",
        "第157题",
        "第158题",
        "第159题",
        "第160题",
        "第161题",
        "第162题",
        "第163题",
        "第164题",
        "第165题",
        "第166题",
        "第167题",
        "第168题",
        "第169题",
        "第170题",
        "第171题",
        "第172题",
        "第173题",
        "第174题",
        "第175题",
        "第176题",
        "第177题",
        "第178题",
        "第179题",
        "第180题",
        "第181题",
        "第182题",
        "第183题",
        "第184题",
        "第185题",
        "第186题",
        "第187题",
        "第188题",
        "第189题",
        "第190题",
        "第191题",
        "第192题",
        "第193题",
        "第194题",
        "第195题",
        "第196题",
        "第197题",
        "第198题",
        "第199题",
        "第200题",
    ];
}

/// The most items an instrument may have.
pub const MAX_ITEMS: usize = 200;

const ALL_COLUMNS: [Column; 205] = {
    let mut all = [col(NUMBER, true, "", "", ""); 205];
    all[0] = crate::pupil::NUMBER_COLUMN;
    all[1] = col(GRADE, true, "整数", "1–9；也可填 四年级、初一 等", "5");
    all[2] = col(CLASS, true, "文本", "最多 20 个字", "3班");
    all[3] = col(
        CONSENT,
        false,
        "是 | 否",
        "留空表示未记录；为否时不应有作答",
        "是",
    );
    all[4] = col(
        INSTRUMENT,
        true,
        "文本",
        "区县载入的量表标识，如 MHT",
        "MHT",
    );
    let mut k = 0;
    while k < ITEMS.len() {
        all[5 + k] = col(
            ITEMS[k],
            false,
            "整数",
            "该量表的一题：按量表的计分填写",
            "0",
        );
        k += 1;
    }
    all
};

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &ALL_COLUMNS;

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "量表测评";

/// The health codes, with this file's template name.
static TABLE: Codes = codes::TABLE.for_template("量表测评模板");

const FAMILY: Family<'static> = super::family(
    SHEET_NAME,
    &TABLE,
    COLUMNS,
    |h| super::alias_in(COLUMNS, h),
    "每名学生只能有一行",
);

/// One child's answers to a district instrument.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ScaleLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 学籍号 (masked in `Debug`).
    pub number: StudentNumber,
    /// 年级, 1–9.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 监护人同意: `None` when not recorded.
    pub consent: Option<bool>,
    /// The instrument's id.
    pub instrument: String,
    /// The answers in item order (hidden in `Debug`); empty when not answered.
    pub answers: Vec<u8>,
}

impl fmt::Debug for ScaleLine {
    /// The answers are shown as "…" and the 学籍号 masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScaleLine")
            .field("row", &self.row)
            .field("number", &self.number)
            .field("grade", &self.grade)
            .field("instrument", &self.instrument)
            .field("answers", &"…")
            .finish_non_exhaustive()
    }
}

/// A 量表测评 file read and checked.
pub type ScaleFile = HealthFile<ScaleLine>;

super::readers!(
    "量表测评",
    ScaleFile,
    read_scale,
    read_scale_with,
    |l: &ScaleLine| (&l.number, false)
);

/// The answers of a row: the filled items from 第1题 on, each 0–10, without a gap.
fn answers(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Result<Vec<u8>, ()> {
    let mut out = Vec::new();
    let mut gap: Option<&str> = None;
    let mut ok = true;
    for header in ITEMS {
        if c.refused(header) {
            ok = false;
            continue;
        }
        if c.empty(header) {
            gap.get_or_insert(header);
            continue;
        }
        if let Some(empty) = gap {
            let m = format!(
                "第 {} 行的 {empty} 未填，但其后的题目有作答：各题应从第1题起连续作答",
                c.row.line
            );
            c.report(issues, codes::ANSWERS_PARTIAL, empty, None, m);
            return Err(());
        }
        match decimal(c.value(header), 0).and_then(|v| u8::try_from(v).ok()) {
            Some(v) if v <= 10 => out.push(v),
            _ => {
                let m = format!("第 {} 行的 {header} 应为 0 到 10 的整数", c.row.line);
                c.report(issues, codes::ANSWER_INVALID, header, None, m);
                ok = false;
            }
        }
    }
    if ok { Ok(out) } else { Err(()) }
}

/// One row, checked.
fn line(c: &Cells<'_>, issues: &mut Vec<Issue>, _: &mut Vec<Issue>) -> Option<Parsed<ScaleLine>> {
    let number = c.number(issues);
    let grade = c.grade(issues);
    let class = c.class(issues);
    let consent = super::yes_or_no(c, CONSENT, issues);
    let instrument = c.word(
        INSTRUMENT,
        |t| {
            let t = t.trim();
            (!t.is_empty() && t.len() <= 12 && t.chars().all(|ch| ch.is_ascii_alphanumeric()))
                .then(|| t.to_ascii_uppercase())
        },
        || "区县载入的量表标识（英文字母或数字，如 MHT）".into(),
        codes::VALUE_INVALID,
        issues,
    );
    let answers = answers(c, issues);
    let mut ok = answers.is_ok();
    ok &= super::consented(
        c,
        answers.as_ref().is_ok_and(|a| !a.is_empty()),
        &consent,
        issues,
    );
    let line = (|| {
        ok.then_some(())?;
        Some(ScaleLine {
            row: c.row.line,
            number: number.clone()?,
            grade: grade?,
            class: class?,
            consent: consent.ok()?,
            instrument: instrument?,
            answers: answers.ok()?,
        })
    })();
    outcome(line, number)
}

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    super::ONE_ROW,
    "量表填区县载入的量表标识（如 MHT）；第1题起按题号填写该量表的作答，按该量表的计分方式（如 MHT 是=1、否=0）。",
    "各题从第1题起连续填写，题数须与该量表一致；量表只适用于它规定的年级。",
    "监护人同意填 是 或 否，留空表示未记录；为否时该生不应有作答。",
    "筛查结果只是提示，不是诊断；作答内容属于敏感信息，导入时的问题提示不显示作答。",
    super::ALL_OR_NOTHING,
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。数据填在「量表测评」工作表中；填写前请删除示例行（示例中的学生均为虚构）。",
];

/// The template's example rows (in column order, `|` between cells): invented children.
const EXAMPLES: [&str; 2] = [
    "G500112201111110035|5|3班|是|MHT|0|1|0|1",
    "L5001122024000456|5|1班|否|MHT",
];

/// The 量表测评 template: an .xlsx with the 量表测评 sheet and a 说明 sheet.
pub fn write_scale_template() -> Vec<u8> {
    // Each example row has a cell per column: the items it does not answer are empty.
    let rows: Vec<String> = EXAMPLES
        .iter()
        .map(|r| format!("{r}{}", "|".repeat(COLUMNS.len() - r.split('|').count())))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let sheet =
        super::data_sheet(SHEET_NAME, COLUMNS, &rows, None).choose(CONSENT, vec!["是", "否"]);
    write::template(sheet, COLUMNS, RULES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_back_and_answers_are_the_filled_items_without_a_gap() {
        let file = read_scale(&write_scale_template(), "量表.xlsx").unwrap();
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        assert_eq!(file.lines.len(), 2);
        assert_eq!(file.lines[0].instrument, "MHT");
        assert_eq!(file.lines[0].answers, [0, 1, 0, 1]);
        assert!(file.lines[1].answers.is_empty());
        assert!(!format!("{:?}", file.lines[0]).contains("[0, 1"));

        let csv = "学籍号,年级,班级,监护人同意,量表,第1题,第2题,第3题\n\
                   G500112201111110035,5,3班,是,mht,1,,1\n\
                   L5001122024000456,5,1班,是,MHT,1,11,0\n";
        let e = read_scale(csv.as_bytes(), "量表.csv").unwrap_err();
        let codes: Vec<(&str, Option<usize>, Option<&str>)> = e
            .issues
            .iter()
            .map(|i| (i.code, i.row, i.column.as_deref()))
            .collect();
        assert!(
            codes.contains(&(codes::ANSWERS_PARTIAL, Some(2), Some("第2题"))),
            "{codes:?}"
        );
        assert!(
            codes.contains(&(codes::ANSWER_INVALID, Some(3), Some("第2题"))),
            "{codes:?}"
        );
        // Answers are never echoed.
        assert!(e.issues.iter().all(|i| i.value.is_none()));
    }
}
