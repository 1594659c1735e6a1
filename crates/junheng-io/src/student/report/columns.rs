//! The columns of the 四个一 reports, documented once: the 说明 sheet lists them, the sheets are
//! written in their order, and a district template names them in its placeholders.

/// A column of a report (on 概况 and 汇总, an item), as its 说明 sheet documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportColumn {
    /// The sheet.
    pub sheet: &'static str,
    /// The list whose rows the sheet holds, as a template's placeholders prefix its fields
    /// (`个案` in `{{个案.姓名}}`); `None` on the summary sheet, whose items are single values.
    pub list: Option<&'static str>,
    /// The header (the item on the summary sheet), also the field of the placeholder.
    pub name: &'static str,
    /// The type, in Chinese: 文本, 整数, 是 | 否 ….
    pub kind: &'static str,
    /// What it holds.
    pub note: &'static str,
}

impl ReportColumn {
    /// The placeholder a district template writes for it: `{{在籍人数}}` for an item,
    /// `{{个案.姓名}}` for a column of a list.
    ///
    /// ```
    /// use junheng_io::student::report::MONTHLY_COLUMNS;
    /// let name = MONTHLY_COLUMNS.iter().find(|c| c.name == "姓名").unwrap();
    /// assert_eq!(name.placeholder(), "{{个案.姓名}}");
    /// ```
    pub fn placeholder(&self) -> String {
        match self.list {
            Some(list) => format!("{{{{{list}.{}}}}}", self.name),
            None => format!("{{{{{}}}}}", self.name),
        }
    }
}

/// The columns of `sheet`, in order.
pub(super) fn of<'a>(
    table: &'a [ReportColumn],
    sheet: &'a str,
) -> impl Iterator<Item = &'a ReportColumn> {
    table.iter().filter(move |c| c.sheet == sheet)
}

const INT: &str = "整数";
const TEXT: &str = "文本";
const YES_NO: &str = "是 | 否";

const fn item(
    sheet: &'static str,
    name: &'static str,
    kind: &'static str,
    note: &'static str,
) -> ReportColumn {
    ReportColumn {
        sheet,
        list: None,
        name,
        kind,
        note,
    }
}

const fn column(
    sheet: &'static str,
    list: &'static str,
    name: &'static str,
    kind: &'static str,
    note: &'static str,
) -> ReportColumn {
    ReportColumn {
        sheet,
        list: Some(list),
        name,
        kind,
        note,
    }
}

/// The monthly report's summary sheet.
pub(super) const OVERVIEW: &str = "概况";
/// The monthly report's sheet of the registry's changes by grade.
pub(super) const CHANGES: &str = "学籍变动";
/// The monthly report's sheet of cases.
pub(super) const CASES: &str = "个案";
/// The quarterly re-check's summary sheet.
pub(super) const TOTALS: &str = "汇总";
/// The quarterly re-check's sheet of schools.
pub(super) const SCHOOLS: &str = "分校";

const G: &str = OVERVIEW;
const B: &str = CHANGES;
const C: &str = CASES;

/// Every column of the 学校控辍保学月报, sheet by sheet (概况, 学籍变动, 个案).
pub const MONTHLY_COLUMNS: &[ReportColumn] = &[
    item(G, "学校代码", TEXT, "学校标识码"),
    item(G, "学校名称", TEXT, ""),
    item(G, "月份", TEXT, "YYYY-MM"),
    item(G, "在籍人数", INT, "月末各年级在籍学生合计"),
    item(G, "新入学", INT, "本月新入学（含补录）人数"),
    item(G, "转入", INT, "本月转入人数"),
    item(G, "转出", INT, "本月转出人数"),
    item(G, "休学", INT, "本月办理休学人数"),
    item(G, "复学", INT, "本月休学后复学人数"),
    item(G, "辍学", INT, "本月认定辍学人数"),
    item(G, "死亡", INT, "本月死亡人数"),
    item(G, "无故缺勤人次", INT, "本月登记的无故缺勤（缺勤待核）人次"),
    item(G, "个案总数", INT, "个案工作表的行数"),
    item(
        G,
        "未销号个案",
        INT,
        "月末仍为缺勤待核、疑似辍学、辍学或劝返中的个案",
    ),
    item(
        G,
        "本月销号个案",
        INT,
        "本月复学（销号）或确认为其他合法情形的个案",
    ),
    item(G, "逾期个案", INT, "未销号且超过处置时限的个案"),
    item(G, "动态清零", YES_NO, "没有未销号个案时为“是”"),
    item(G, "生成时间", TEXT, "本表由系统生成的时间"),
    column(B, "变动", "年级", TEXT, "一年级至九年级；最后一行为合计"),
    column(B, "变动", "在籍人数", INT, "月末在籍学生数"),
    column(B, "变动", "新入学", INT, "本月新入学（含补录）人数"),
    column(B, "变动", "转入", INT, "本月转入人数"),
    column(B, "变动", "转出", INT, "本月转出人数"),
    column(B, "变动", "休学", INT, "本月办理休学人数"),
    column(B, "变动", "复学", INT, "本月休学后复学人数"),
    column(B, "变动", "辍学", INT, "本月认定辍学人数"),
    column(B, "变动", "死亡", INT, "本月死亡人数"),
    column(B, "变动", "无故缺勤人次", INT, "本月登记的无故缺勤人次"),
    column(C, "个案", "学籍号", TEXT, "只显示部分字符"),
    column(C, "个案", "姓名", TEXT, ""),
    column(C, "个案", "年级", TEXT, ""),
    column(C, "个案", "班级", TEXT, ""),
    column(
        C,
        "个案",
        "状态",
        TEXT,
        "缺勤待核、疑似辍学、辍学、劝返中、复学（销号）或其他合法情形",
    ),
    column(C, "个案", "起始日期", TEXT, "进入当前状态的日期"),
    column(C, "个案", "风险等级", "一般 | 关注 | 重点", ""),
    column(C, "个案", "责任人", TEXT, "包保责任人"),
    column(C, "个案", "劝返措施", TEXT, "劝返或帮扶措施（一生一案）"),
    column(C, "个案", "劝返次数", INT, "已记录的劝返次数"),
    column(C, "个案", "最近劝返", TEXT, "最近一次劝返的日期"),
    column(C, "个案", "是否逾期", YES_NO, "超过处置时限仍未销号"),
    column(
        C,
        "个案",
        "是否销号",
        YES_NO,
        "复学（销号）或其他合法情形为“是”",
    ),
];

const H: &str = TOTALS;
const S: &str = SCHOOLS;

/// Every column of the 区县控辍保学季度复核, sheet by sheet (汇总, 分校). No child is named.
pub const QUARTERLY_COLUMNS: &[ReportColumn] = &[
    item(H, "区县", TEXT, ""),
    item(H, "季度", TEXT, "如 2025年第1季度"),
    item(H, "学校数", INT, "分校工作表的学校数"),
    item(H, "在籍人数", INT, "季末各校在籍学生合计"),
    item(H, "未销号个案", INT, "季末仍未销号的个案"),
    item(H, "缺勤待核", INT, "季末处于缺勤待核的个案"),
    item(H, "疑似辍学", INT, "季末处于疑似辍学的个案"),
    item(H, "辍学", INT, "季末处于辍学的个案"),
    item(H, "劝返中", INT, "季末处于劝返中的个案"),
    item(H, "复学销号", INT, "本季度复学（销号）的个案"),
    item(H, "其他合法情形", INT, "本季度确认为其他合法情形的个案"),
    item(H, "逾期个案", INT, "未销号且超过处置时限的个案"),
    item(H, "转出未接续", INT, "转出满 30 天仍无转入学校确认的学生"),
    item(H, "动态清零学校数", INT, "没有未销号个案的学校数"),
    item(H, "未清零学校数", INT, "有未销号个案的学校数"),
    item(H, "动态清零", YES_NO, "全部学校动态清零时为“是”"),
    item(H, "生成时间", TEXT, "本表由系统生成的时间"),
    column(S, "学校", "学校代码", TEXT, "学校标识码；最后一行为合计"),
    column(S, "学校", "学校名称", TEXT, ""),
    column(S, "学校", "在籍人数", INT, "季末在籍学生数"),
    column(S, "学校", "未销号个案", INT, "季末仍未销号的个案"),
    column(S, "学校", "缺勤待核", INT, ""),
    column(S, "学校", "疑似辍学", INT, ""),
    column(S, "学校", "辍学", INT, ""),
    column(S, "学校", "劝返中", INT, ""),
    column(S, "学校", "复学销号", INT, "本季度复学（销号）的个案"),
    column(
        S,
        "学校",
        "其他合法情形",
        INT,
        "本季度确认为其他合法情形的个案",
    ),
    column(S, "学校", "逾期个案", INT, ""),
    column(
        S,
        "学校",
        "转出未接续",
        INT,
        "转出满 30 天仍无转入学校确认的学生",
    ),
    column(S, "学校", "动态清零", YES_NO, "合计行写清零学校数"),
];

/// The monthly report's 口径, on its 说明 sheet.
pub(super) const MONTHLY_RULES: &[&str] = &[
    "本表为学校控辍保学月报（“四个一”中的学校一月一报告）。官方未发布统一格式，版式由本系统设计；区县可上传自己的 .xlsx 模板，在单元格中写“模板字段”列的字段即可。",
    "在籍人数为月末在籍学生数；新入学、转入、转出、休学、复学、辍学、死亡为本月学籍变动人数；无故缺勤人次为本月登记的无故缺勤次数。",
    "个案包括月末仍未销号的个案和本月销号的个案。未销号指状态为缺勤待核、疑似辍学、辍学或劝返中；复学（销号）和其他合法情形（转学已确认、送教上门、休学、出国（境）、死亡）为已销号。",
    "动态清零：本校没有未销号个案时为“是”，否则为“否”。疑似辍学、辍学的认定时限按本区县的设置。",
    "本表含学生姓名，仅供学校和教育主管部门控辍保学工作使用，不得公开或转发；学籍号只显示部分字符。",
];

/// The quarterly re-check's 口径, on its 说明 sheet.
pub(super) const QUARTERLY_RULES: &[&str] = &[
    "本表为区县控辍保学季度复核（“四个一”中的县区一季度一复核）。官方未发布统一格式，版式由本系统设计；区县可上传自己的 .xlsx 模板，在单元格中写“模板字段”列的字段即可。",
    "各状态个案数为季末数；复学销号、其他合法情形为本季度销号的个案数；转出未接续指转出满 30 天仍无转入学校确认的学生，应按疑似失学、辍学核查。",
    "动态清零学校数为没有未销号个案的学校数；全部学校动态清零时，区县动态清零为“是”。",
    "本表只有学校层面的人数，不含学生姓名、学籍号等个人信息。",
];
