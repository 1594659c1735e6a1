//! Writing the group file: the 集团 and 成员 sheets (a note on each header, drop-down lists, every
//! cell text-formatted) and the 说明 sheet.

use rust_xlsxwriter::{ColNum, DataValidation, DataValidationErrorStyle, Workbook, XlsxError};

use junheng_core::group::{GroupStatus, LegalForm};

use super::columns::*;
use super::{GROUP_COLUMNS, GROUP_SHEET, GroupLine, MEMBER_COLUMNS, MEMBER_SHEET, MemberLine};
use crate::table::write::{Sheet, V, labels, t, workbook};

/// The rule of membership, as the 说明 sheet states it.
pub(super) const MEMBERSHIP_RULE: &str = "一所学校同一时间只属于一个集团；成员的加入、退出以日期记录，某学年的集团成员以该学年9月1日的成员关系为准";

/// Rules shown on the 说明 sheet.
const RULES: &[&str] = &[
    MEMBERSHIP_RULE,
    "退出日期当天起学校不再属于该集团，退出日期须晚于加入日期；转入另一个集团时，新集团的加入日期可与原集团的退出日期为同一天。",
    "「集团」工作表每个集团填一行，集团名称不能重复；「成员」工作表每段成员关系填一行，集团名称须与「集团」工作表中的一致，牵头校也应列为成员。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。",
    "学校标识码为 10 位文本，请保持文本格式，不要让 Excel 转成数字。日期写作 YYYY-MM-DD（如 2024-09-01），也可使用 Excel 日期单元格。",
    "导入时检查全部内容：有任何问题时整个文件都不导入，并列出每个问题所在的工作表、行、列和应填写的内容。",
];

/// Most characters of an .xlsx cell.
const CELL_MAX_CHARS: usize = 32_767;
/// Most characters of a header note.
const NOTE_MAX_CHARS: usize = 1_000;
/// Most data rows of an .xlsx worksheet (below its header).
const ROWS_MAX: usize = 1_048_575;

/// `text` cut to `max` characters.
fn cut(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// A text cell (nothing when empty), within the format's cell length.
fn text(s: &str) -> V {
    if s.is_empty() {
        V::E
    } else {
        t(cut(s, CELL_MAX_CHARS))
    }
}

/// The cells of a group, in template order.
fn group_row(g: &GroupLine) -> Vec<V> {
    vec![
        text(&g.name),
        text(&g.kind),
        t(g.status.label()),
        g.founded_on.as_deref().map_or(V::E, text),
        match g.legal_form {
            LegalForm::Unknown => V::E,
            form => t(form.label()),
        },
        g.lead_school.as_ref().map_or(V::E, |c| t(c.as_str())),
        text(&g.note),
    ]
}

/// The cells of a membership, in template order.
fn member_row(m: &MemberLine) -> Vec<V> {
    vec![
        text(&m.group),
        t(m.school.as_str()),
        text(&m.joined_on),
        m.left_on.as_deref().map_or(V::E, text),
    ]
}

/// The vocabulary of 集团类型, trimmed, without blanks and repeats, in the caller's order.
fn vocabulary(kinds: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for k in kinds.iter().map(|k| crate::school::cell::trim(k)) {
        if !k.is_empty() && !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The vocabulary as one text, for notes and the 说明 sheet.
fn listed(kinds: &[&str]) -> String {
    if kinds.is_empty() {
        "（本系统没有设置集团类型，集团类型留空）".to_owned()
    } else {
        kinds.join("、")
    }
}

fn groups_sheet(groups: &[GroupLine], kinds: &[&str]) -> Sheet {
    let rows = groups.iter().take(ROWS_MAX).map(group_row).collect();
    let mut sheet = Sheet::template(GROUP_SHEET, GROUP_COLUMNS, rows)
        .choose(STATUS, labels(&GroupStatus::ALL, GroupStatus::label))
        .choose(
            LEGAL_FORM,
            labels(&[LegalForm::Single, LegalForm::Multiple], LegalForm::label),
        );
    if let Some(j) = sheet.headers.iter().position(|h| h == KIND) {
        let note = format!(
            "{KIND}（文本）选填。须为本系统集团类型表中的一种：{}；可留空",
            listed(kinds)
        );
        sheet.notes[j] = cut(&note, NOTE_MAX_CHARS).to_owned();
    }
    sheet
}

/// The 说明 sheet: the columns of both sheets, the words each list column takes, the rules.
fn guide(kinds: &[&str]) -> Sheet {
    let mut rows: Vec<Vec<V>> = Vec::new();
    for (sheet, columns) in [(GROUP_SHEET, GROUP_COLUMNS), (MEMBER_SHEET, MEMBER_COLUMNS)] {
        for c in columns {
            let required = if c.required { "必填" } else { "选填" };
            rows.push(vec![
                t(sheet),
                t(c.header),
                t(required),
                t(c.kind),
                t(c.note),
                t(c.example),
            ]);
        }
    }
    rows.push(Vec::new());
    let statuses = labels(&GroupStatus::ALL, GroupStatus::label).join("、");
    let values = [
        (KIND, text(&listed(kinds))),
        (
            STATUS,
            t(&format!(
                "{statuses}（也可填 培育集团、正式集团；留空表示正式）"
            )),
        ),
        (
            LEGAL_FORM,
            t(&format!(
                "{}、{}（可留空）",
                LegalForm::Single.label(),
                LegalForm::Multiple.label()
            )),
        ),
    ];
    for (column, words) in values {
        rows.push(vec![t("可选值"), t(column), V::E, V::E, words, V::E]);
    }
    rows.push(Vec::new());
    for rule in RULES {
        rows.push(vec![t("填表规则"), V::E, V::E, V::E, t(rule), V::E]);
    }
    Sheet::new(
        "说明",
        &["工作表", "列名", "是否必填", "类型", "说明", "示例"],
        rows,
    )
}

/// A drop-down list of the vocabulary on the 集团类型 column (other words only warn). Excel
/// keeps such a list in 255 characters, separated by commas: a vocabulary that does not fit
/// gets no list (the 说明 sheet and the header's note still give it).
fn kind_list(book: &mut Workbook, kinds: &[&str]) -> Result<(), XlsxError> {
    if kinds.is_empty() || kinds.iter().any(|k| k.contains(',')) {
        return Ok(());
    }
    let list = DataValidation::new()
        .allow_list_strings(kinds)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message("集团类型应为本系统集团类型表中的一种（见说明页），或留空")?;
    let col = GROUP_COLUMNS
        .iter()
        .position(|c| c.header == KIND)
        .unwrap_or(1) as ColNum;
    let sheet = book.worksheet_from_name(GROUP_SHEET)?;
    sheet.add_data_validation(1, col, ROWS_MAX as u32, col, &list)?;
    Ok(())
}

/// The group file as .xlsx: the 「集团」 sheet (one row per group), the 「成员」 sheet (one row
/// per membership), each header with a note explaining its column and every cell formatted as
/// text, drop-down lists of 状态, 法人形式 and the 集团类型 vocabulary; then the 说明 sheet
/// listing the columns of both sheets, the vocabulary `kinds`, the statuses and legal forms, and
/// the rules — among them 「一所学校同一时间只属于一个集团；成员的加入、退出以日期记录，某学年的
/// 集团成员以该学年9月1日的成员关系为准」.
///
/// With no groups and no members it is the empty template. What [`super::read_groups`] returned
/// (with the same `kinds`) reads back equal; row numbers are those of the lines' order, so lines
/// numbered from 2 in order read back as they are. Cells past Excel's 32 767 characters are cut
/// and rows past its 1 048 575 are not written.
pub fn write_groups(groups: &[GroupLine], members: &[MemberLine], kinds: &[String]) -> Vec<u8> {
    let kinds = vocabulary(kinds);
    let sheets = [
        groups_sheet(groups, &kinds),
        Sheet::template(
            MEMBER_SHEET,
            MEMBER_COLUMNS,
            members.iter().take(ROWS_MAX).map(member_row).collect(),
        ),
        guide(&kinds),
    ];
    let mut book = workbook(&sheets).expect("fixed sheet names and cells within the format");
    // The list is a convenience; its refusal (a vocabulary over 255 characters) costs nothing.
    let _ = kind_list(&mut book, &kinds);
    book.save_to_buffer()
        .expect("cells within the format's limits are always writable")
}
