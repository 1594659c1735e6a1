//! Unit tests of the 四个一 workbooks.

use std::io::Cursor;

use calamine::{Data, DataType, Range, Reader, Xlsx};
use rust_xlsxwriter::{DataValidation, Format, Workbook};

use super::lists_tests::unzipped;
use super::report::*;

const BOY: &str = "G500112201609010015";

fn book(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn n(v: f64) -> Data {
    Data::Float(v)
}

fn s(v: &str) -> Data {
    Data::String(v.into())
}

/// The value of the summary sheet's item `name`.
fn item(range: &Range<Data>, name: &str) -> Data {
    (0..range.height())
        .find(|r| range.get((*r, 0)) == Some(&s(name)))
        .and_then(|r| range.get((r, 1)).cloned())
        .unwrap_or_else(|| panic!("no item {name}"))
}

fn case(number: &str, name: &str, state: &str, overdue: bool) -> CaseLine {
    CaseLine {
        number_masked: number.into(),
        name: name.into(),
        grade: 7,
        class: "2班".into(),
        state: state.into(),
        since: "2025-03-03".into(),
        risk_level: "重点".into(),
        owner: "王老师".into(),
        plan: "家访，联系父母".into(),
        attempts: 2,
        last_attempt: "2025-03-20".into(),
        overdue,
    }
}

fn monthly(cases: Vec<CaseLine>) -> MonthlyReport {
    let grade = |grade, students, dropped_out, absences| GradeLine {
        grade,
        students,
        entered: 1,
        transferred_in: 2,
        transferred_out: 3,
        dropped_out,
        absences,
        ..GradeLine::default()
    };
    MonthlyReport {
        school_code: "5001120001".into(),
        school_name: "示例中学".into(),
        month: "2025-03".into(),
        // Out of order: written by grade.
        grades: vec![
            grade(8, 410, 0, 5),
            grade(7, 420, 1, 12),
            grade(9, 398, 0, 0),
        ],
        cases,
        generated_at: "2025-03-28 09:00".into(),
    }
}

#[test]
fn the_monthly_report_has_its_sheets_totals_and_cases() {
    let r = monthly(vec![
        case("G5001**********0015", "张三", "劝返中", true),
        case("L5001122024000123", "李四", "复学（销号）", false),
    ]);
    let bytes = write_monthly(&r);
    let xml = unzipped(&bytes);
    assert!(!xml.contains(BOY) && !xml.contains("L5001122024000123"));
    let mut b = book(bytes);
    assert_eq!(b.sheet_names(), ["概况", "学籍变动", "个案", "说明"]);
    let o = b.worksheet_range("概况").unwrap();
    assert_eq!(item(&o, "学校名称"), s("示例中学"));
    assert_eq!(item(&o, "月份"), s("2025-03"));
    assert_eq!(item(&o, "在籍人数"), n(1228.0));
    assert_eq!(item(&o, "转出"), n(9.0));
    assert_eq!(item(&o, "辍学"), n(1.0));
    assert_eq!(item(&o, "无故缺勤人次"), n(17.0));
    assert_eq!(item(&o, "个案总数"), n(2.0));
    assert_eq!(item(&o, "未销号个案"), n(1.0));
    assert_eq!(item(&o, "本月销号个案"), n(1.0));
    assert_eq!(item(&o, "逾期个案"), n(1.0));
    assert_eq!(item(&o, "动态清零"), s("否"));

    let g = b.worksheet_range("学籍变动").unwrap();
    assert_eq!(g.height(), 5);
    let column = |name: &str| {
        (0..g.width())
            .find(|j| g.get((0, *j)) == Some(&s(name)))
            .unwrap()
    };
    assert_eq!(g.get((1, 0)), Some(&s("七年级")));
    assert_eq!(g.get((3, 0)), Some(&s("九年级")));
    assert_eq!(g.get((4, 0)), Some(&s("合计")));
    for j in 1..g.width() {
        let sum: f64 = (1..4)
            .map(|r| g.get((r, j)).and_then(|v| v.as_f64()).unwrap())
            .sum();
        assert_eq!(g.get((4, j)), Some(&n(sum)), "column {j}");
    }
    assert_eq!(g.get((4, column("在籍人数"))), Some(&n(1228.0)));

    let c = b.worksheet_range("个案").unwrap();
    assert_eq!(c.height(), 3);
    assert_eq!(c.get((1, 0)), Some(&s("G5001**********0015")));
    assert_eq!(c.get((2, 0)), Some(&s("L5001********0123")));
    assert_eq!(c.get((1, 1)), Some(&s("张三")));
    assert_eq!(c.get((1, 2)), Some(&s("七年级")));
    assert_eq!(c.get((1, 9)), Some(&n(2.0)));
    assert_eq!(
        (c.get((1, 12)), c.get((2, 12))),
        (Some(&s("否")), Some(&s("是")))
    );

    let guide = b.worksheet_range("说明").unwrap();
    assert!(guide.height() > MONTHLY_COLUMNS.len());
    assert_eq!(guide.get((1, 4)), Some(&s("{{学校代码}}")));
}

#[test]
fn a_full_number_given_is_masked_and_names_stay_out_of_debug() {
    let r = monthly(vec![case(BOY, "张三", "疑似辍学", false)]);
    let xml = unzipped(&write_monthly(&r));
    assert!(!xml.contains(BOY) && !xml.contains(&BOY[5..15]));
    assert!(xml.contains("G5001**********0015"));
    let shown = format!("{r:?}");
    assert!(!shown.contains("张三") && !shown.contains(BOY), "{shown}");
}

#[test]
fn zero_means_no_open_case() {
    let zero = |cases: Vec<CaseLine>| {
        let mut b = book(write_monthly(&monthly(cases)));
        item(&b.worksheet_range("概况").unwrap(), "动态清零")
    };
    assert_eq!(zero(vec![]), s("是"));
    let closed = vec![
        case("L000001", "甲", "复学（销号）", false),
        case("L000002", "乙", "其他合法情形：休学", false),
        case("L000003", "丙", "lawful:death", false),
        case("L000004", "丁", "returned", true),
    ];
    assert_eq!(zero(closed.clone()), s("是"));
    for open in ["缺勤待核", "suspected", "辍学", "劝返中", "待定"] {
        let mut cases = closed.clone();
        cases.push(case("L000005", "戊", open, false));
        assert_eq!(zero(cases), s("否"), "{open}");
    }
}

fn quarterly() -> QuarterlyReport {
    let school = |code: &str, name: &str, students, open: u64, zero| SchoolQuarterLine {
        school_code: code.into(),
        school_name: name.into(),
        students,
        open_cases: open,
        suspected: open,
        returned: 2,
        lawful: 1,
        unmatched_transfers: 1,
        zero,
        ..SchoolQuarterLine::default()
    };
    QuarterlyReport {
        district_name: "示例区".into(),
        quarter: "2025年第1季度".into(),
        schools: vec![
            school("5001120001", "一小", 1200, 0, true),
            school("5001120002", "二小", 800, 3, false),
            school("5001120003", "三中", 1500, 0, true),
        ],
        generated_at: "2025-04-05 10:00".into(),
    }
}

#[test]
fn the_quarterly_re_check_sums_schools_and_names_no_child() {
    let bytes = write_quarterly(&quarterly());
    let xml = unzipped(&bytes);
    assert!(!xml.contains("{{个案") && !xml.contains("*****"));
    assert!(
        QUARTERLY_COLUMNS
            .iter()
            .all(|c| c.name != "姓名" && c.name != "学籍号")
    );
    let mut b = book(bytes);
    assert_eq!(b.sheet_names(), ["汇总", "分校", "说明"]);
    let t = b.worksheet_range("汇总").unwrap();
    assert_eq!(item(&t, "区县"), s("示例区"));
    assert_eq!(item(&t, "学校数"), n(3.0));
    assert_eq!(item(&t, "在籍人数"), n(3500.0));
    assert_eq!(item(&t, "未销号个案"), n(3.0));
    assert_eq!(item(&t, "复学销号"), n(6.0));
    assert_eq!(item(&t, "动态清零学校数"), n(2.0));
    assert_eq!(item(&t, "未清零学校数"), n(1.0));
    assert_eq!(item(&t, "动态清零"), s("否"));
    let sc = b.worksheet_range("分校").unwrap();
    for j in 0..sc.width() {
        let header = sc.get((0, j)).unwrap().to_string();
        assert!(
            !header.contains("姓名") && !header.contains("学籍号"),
            "{header}"
        );
    }
    assert_eq!(sc.height(), 5);
    assert_eq!(sc.get((4, 0)), Some(&s("合计")));
    for j in 2..sc.width() - 1 {
        let sum: f64 = (1..4)
            .map(|r| sc.get((r, j)).and_then(|v| v.as_f64()).unwrap())
            .sum();
        assert_eq!(sc.get((4, j)), Some(&n(sum)), "column {j}");
    }
    assert_eq!(sc.get((2, sc.width() - 1)), Some(&s("否")));
    assert_eq!(sc.get((4, sc.width() - 1)), Some(&s("清零 2 校")));
}

#[test]
fn placeholders_are_unique_and_documented() {
    for table in [MONTHLY_COLUMNS, QUARTERLY_COLUMNS] {
        let mut all: Vec<String> = table.iter().map(ReportColumn::placeholder).collect();
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count);
        assert!(table.iter().all(|c| !c.kind.is_empty()));
    }
    assert!(
        MONTHLY_COLUMNS
            .iter()
            .any(|c| c.placeholder() == "{{未销号个案}}")
    );
}

/// A district's template: a title row, items, a repeated case row with merged cells, and a
/// footer with a merged range below it.
fn template(case_row: &[&str]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("月报").unwrap();
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, "{{学校名称}}控辍保学月报（{{月份}}）", &bold)
        .unwrap();
    ws.write_string(1, 0, "在籍人数").unwrap();
    ws.write_string(1, 1, "{{在籍人数}}").unwrap();
    ws.write_string(1, 2, "{{动态清零}}").unwrap();
    ws.write_string(3, 0, "学籍号").unwrap();
    for (j, text) in case_row.iter().enumerate() {
        ws.write_string(4, j as u16, *text).unwrap();
    }
    ws.merge_range(4, 3, 4, 4, "{{个案.状态}}", &Format::new())
        .unwrap();
    ws.write_string(5, 0, "未销号").unwrap();
    ws.write_string(5, 1, "{{未销号个案}}").unwrap();
    ws.merge_range(6, 0, 6, 2, "校长签字：", &Format::new())
        .unwrap();
    // A whole-column list: its range stays within the sheet.
    let yes_no = DataValidation::new()
        .allow_list_strings(&["是", "否"])
        .unwrap();
    ws.add_data_validation(1, 5, 1_048_575, 5, &yes_no).unwrap();
    wb.save_to_buffer().unwrap()
}

/// The XML of the first worksheet.
fn sheet_xml(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    let mut part = zip.by_name("xl/worksheets/sheet1.xml").unwrap();
    part.read_to_string(&mut xml).unwrap();
    xml
}

const CASE_ROW: [&str; 3] = ["{{个案.学籍号}}", "{{个案.姓名}}", "{{个案.劝返次数}}"];

#[test]
fn a_district_template_is_filled_and_its_case_row_repeated() {
    let r = monthly(vec![
        case("G5001**********0015", "张三", "劝返中", true),
        case("L000001", "李四", "疑似辍学", false),
        case("L000002", "王五", "复学（销号）", false),
    ]);
    let bytes = write_monthly_with(&r, Some(&template(&CASE_ROW))).unwrap();
    let xml = sheet_xml(&bytes);
    assert!(!xml.contains("{{"), "a placeholder left");
    for merged in ["D5:E5", "D6:E6", "D7:E7", "A9:C9"] {
        assert!(xml.contains(&format!("ref=\"{merged}\"")), "{merged}");
    }
    assert!(xml.contains("sqref=\"F2:F1048576\""), "{xml}");
    let mut b = book(bytes);
    assert_eq!(b.sheet_names(), ["月报"]);
    let m = b.worksheet_range("月报").unwrap();
    assert_eq!(
        m.get_value((0, 0)),
        Some(&s("示例中学控辍保学月报（2025-03）"))
    );
    assert_eq!(m.get_value((1, 1)), Some(&n(1228.0)));
    assert_eq!(m.get_value((1, 2)), Some(&s("否")));
    assert_eq!(m.get_value((4, 0)), Some(&s("G5001**********0015")));
    assert_eq!(m.get_value((5, 1)), Some(&s("李四")));
    assert_eq!(m.get_value((6, 1)), Some(&s("王五")));
    assert_eq!(m.get_value((6, 2)), Some(&n(2.0)));
    assert_eq!(m.get_value((5, 3)), Some(&s("疑似辍学")));
    assert_eq!(m.get_value((7, 0)), Some(&s("未销号")));
    assert_eq!(m.get_value((7, 1)), Some(&n(2.0)));
    assert_eq!(m.get_value((8, 0)), Some(&s("校长签字：")));

    // No case: one blank row stays.
    let bytes = write_monthly_with(&monthly(vec![]), Some(&template(&CASE_ROW))).unwrap();
    let m = book(bytes).worksheet_range("月报").unwrap();
    assert!(matches!(m.get_value((4, 0)), None | Some(Data::Empty)));
    assert_eq!(m.get_value((5, 1)), Some(&n(0.0)));
    assert_eq!(m.get_value((1, 2)), Some(&s("是")));
}

#[test]
fn the_quarterly_template_repeats_its_school_row() {
    let row = [
        "{{学校.学校名称}}",
        "{{学校.未销号个案}}",
        "{{学校.动态清零}}",
    ];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "{{区县}} {{季度}} 复核").unwrap();
    for (j, text) in row.iter().enumerate() {
        ws.write_string(1, j as u16, *text).unwrap();
    }
    ws.write_string(2, 0, "清零学校").unwrap();
    ws.write_string(2, 1, "{{动态清零学校数}}").unwrap();
    let bytes = write_quarterly_with(&quarterly(), Some(&wb.save_to_buffer().unwrap())).unwrap();
    let m = book(bytes).worksheet_range("Sheet1").unwrap();
    assert_eq!(m.get_value((0, 0)), Some(&s("示例区 2025年第1季度 复核")));
    assert_eq!(m.get_value((2, 0)), Some(&s("二小")));
    assert_eq!(m.get_value((2, 1)), Some(&n(3.0)));
    assert_eq!(m.get_value((3, 2)), Some(&s("是")));
    assert_eq!(m.get_value((4, 1)), Some(&n(2.0)));
}

#[test]
fn a_bad_template_is_refused_with_its_reason() {
    let r = monthly(vec![]);
    let err = |bytes: &[u8]| write_monthly_with(&r, Some(bytes)).unwrap_err();
    assert_eq!(
        err(b"not a workbook").code(),
        "student.report_template_unreadable"
    );
    let e = err(&template(&["{{个案.学籍号}}", "{{个案.名字}}", ""]));
    assert_eq!(
        e,
        TemplateError::UnknownField {
            sheet: "月报".into(),
            cell: "单元格 B5".into(),
            field: "个案.名字".into()
        }
    );
    assert!(e.to_string().contains("{{个案.名字}}"), "{e}");
    let e = err(&template(&["{{个案.学籍号}}", "{{变动.年级}}", ""]));
    assert_eq!(e.code(), "student.report_template_mixed_lists");

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "{{个案.姓名}}").unwrap();
    ws.write_formula(0, 1, "=1+1").unwrap();
    let e = err(&wb.save_to_buffer().unwrap());
    assert_eq!(
        e,
        TemplateError::FormulaInList {
            sheet: "Sheet1".into(),
            row: 1
        }
    );

    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "月报").unwrap();
    assert_eq!(err(&wb.save_to_buffer().unwrap()), TemplateError::NoField);
    // Without a template, the designed workbook.
    let designed = book(write_monthly_with(&r, None).unwrap());
    assert_eq!(designed.sheet_names(), ["概况", "学籍变动", "个案", "说明"]);
}
