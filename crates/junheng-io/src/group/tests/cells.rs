//! Each cell of a group or a member row checked, and every problem reported in order.

use super::*;

#[test]
fn group_cells_are_checked_one_by_one() {
    let member = &["巴蜀小学教育集团", "5001120002", "2019-09-01", ""][..];
    let with = |j: usize, v: &str| {
        let mut row = OK_GROUP.to_vec();
        row[j] = v;
        file(&[&row], &[member])
    };
    let long_name = "集".repeat(NAME_MAX_CHARS + 1);
    let long_note = "注".repeat(NOTE_MAX_CHARS + 1);
    let cases: &[(usize, &str, &str, &[&str])] = &[
        (
            1,
            "随便型",
            codes::KIND_UNKNOWN,
            &["集团类型应为", "紧密型", "项目驱动型"],
        ),
        (2, "试点", codes::STATUS, &["正式", "培育", "留空表示正式"]),
        (3, "2019-02-29", codes::DATE, &["成立日期", "YYYY-MM-DD"]),
        (3, "去年", codes::DATE, &["1900 至 2100"]),
        (4, "单法人", codes::LEGAL_FORM, &["一法人多校区", "多法人"]),
        (
            5,
            "500112000",
            codes::SCHOOL_CODE,
            &["牵头校标识码", "10 位"],
        ),
        (6, long_note.as_str(), codes::NOTE_TOO_LONG, &["501", "500"]),
    ];
    for (j, value, code, words) in cases {
        let i = only(&with(*j, value));
        located(
            &i,
            code,
            "集团",
            2,
            G[*j],
            Some(crate::guard::shown(value).as_str()),
        );
        for w in *words {
            assert!(i.message.contains(w), "{code}: {w} not in {}", i.message);
        }
    }
    // A long name: reported; its members are not reported again as of an unknown group.
    let mut row = OK_GROUP.to_vec();
    row[0] = &long_name;
    let m = &[long_name.as_str(), "5001120002", "2019-09-01", ""][..];
    let i = only(&file(&[&row], &[m]));
    located(
        &i,
        codes::NAME_TOO_LONG,
        "集团",
        2,
        "集团名称",
        Some(crate::guard::shown(&long_name).as_str()),
    );
    assert!(
        i.message.contains("101") && i.message.contains("100"),
        "{}",
        i.message
    );
    // A name of exactly the limits is fine.
    let mut row = OK_GROUP.to_vec();
    let name = "集".repeat(NAME_MAX_CHARS);
    row[0] = &name;
    let note = "注".repeat(NOTE_MAX_CHARS);
    row[6] = &note;
    let read = read_groups(&file(&[&row], &[]), "a.xlsx", &kinds()).unwrap();
    assert_eq!(read.groups[0].name, name);
    assert!(read.members.is_empty());
}

#[test]
fn a_group_needs_a_name_and_names_are_unique() {
    let i = only(&file(&[&["", "紧密型"]], &[]));
    located(&i, codes::NAME_REQUIRED, "集团", 2, "集团名称", None);
    assert!(i.message.contains("不能为空"), "{}", i.message);

    let second = &["巴蜀小学教育集团", "联盟型"][..];
    let i = only(&file(&[OK_GROUP, second], &[]));
    located(
        &i,
        codes::DUPLICATE_GROUP,
        "集团",
        3,
        "集团名称",
        Some("巴蜀小学教育集团"),
    );
    assert!(i.message.contains("第 2 行"), "{}", i.message);
}

/// A 成员 row and the problem it has.
type Case<'a> = (
    &'a [&'a str],
    &'a str,
    usize,
    Option<&'a str>,
    &'a [&'a str],
);

#[test]
fn member_cells_are_checked_one_by_one() {
    // (row, code, column index, value, words of the message)
    let cases: &[Case] = &[
        (
            &["", "5001120002", "2019-09-01", ""],
            codes::NAME_REQUIRED,
            0,
            None,
            &["不能为空"],
        ),
        (
            &["不存在的集团", "5001120002", "2019-09-01", ""],
            codes::MEMBER_GROUP_UNKNOWN,
            0,
            Some("不存在的集团"),
            &["「集团」工作表中没有这个集团"],
        ),
        (
            &["巴蜀小学教育集团", "50011200", "2019-09-01", ""],
            codes::SCHOOL_CODE,
            1,
            Some("50011200"),
            &["10 位", "开头的 0"],
        ),
        (
            &["巴蜀小学教育集团", "5001120002", "", ""],
            codes::REQUIRED_CELL_EMPTY,
            2,
            None,
            &["「加入日期」不能为空", "YYYY-MM-DD"],
        ),
        (
            &["巴蜀小学教育集团", "5001120002", "2019/9/31", ""],
            codes::DATE,
            2,
            Some("2019/9/31"),
            &["加入日期应为", "真实日期"],
        ),
        (
            &["巴蜀小学教育集团", "5001120002", "2019-09-01", "2019-09-01"],
            codes::LEFT_BEFORE_JOINED,
            3,
            Some("2019-09-01"),
            &["退出日期应晚于加入日期 2019-09-01"],
        ),
        (
            &["巴蜀小学教育集团", "5001120002", "2019-09-01", "2018-01-01"],
            codes::LEFT_BEFORE_JOINED,
            3,
            Some("2018-01-01"),
            &["应晚于"],
        ),
    ];
    for (row, code, j, value, words) in cases {
        let i = only(&file(&[OK_GROUP], &[row]));
        located(&i, code, "成员", 2, M[*j], *value);
        for w in *words {
            assert!(i.message.contains(w), "{code}: {w} not in {}", i.message);
        }
    }
}

#[test]
fn every_problem_is_reported_in_sheet_row_and_column_order() {
    let groups: &[&[&str]] = &[
        &["甲集团", "随便型", "试点"],
        &["乙集团", "", "", "2024-13-01", "", "12345"],
        &["甲集团"],
    ];
    let members: &[&[&str]] = &[
        &["丙集团", "5001120001", "2024-09-31"],
        &["甲集团", "5001120001", "2024-09-01", "2024-08-01"],
        &["甲集团", "123", ""],
    ];
    let issues = problems(&file(groups, members));
    let got: Vec<(&str, &str, usize, &str)> = issues
        .iter()
        .map(|i| {
            (
                i.code,
                i.sheet.as_deref().unwrap(),
                i.row.unwrap(),
                i.column.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (codes::KIND_UNKNOWN, "集团", 2, "集团类型"),
            (codes::STATUS, "集团", 2, "状态"),
            (codes::DATE, "集团", 3, "成立日期"),
            (codes::SCHOOL_CODE, "集团", 3, "牵头校标识码"),
            (codes::DUPLICATE_GROUP, "集团", 4, "集团名称"),
            (codes::MEMBER_GROUP_UNKNOWN, "成员", 2, "集团名称"),
            (codes::DATE, "成员", 2, "加入日期"),
            (codes::LEFT_BEFORE_JOINED, "成员", 3, "退出日期"),
            (codes::SCHOOL_CODE, "成员", 4, "学校标识码"),
            (codes::REQUIRED_CELL_EMPTY, "成员", 4, "加入日期"),
        ]
    );
}
