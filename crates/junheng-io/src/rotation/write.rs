//! Writing the ledger: the template (.xlsx with examples and a 说明 sheet), CSV and .xlsx.

use std::io::{self, Write};

use junheng_core::school::SchoolCode;
use junheng_rotation::{Move, MoveKind, TeacherId};
use rust_xlsxwriter::XlsxError;

use super::columns::KIND;
use super::{LEDGER_COLUMNS, LEDGER_SHEET_NAME};
use crate::table::write::{self, Sheet, V, int, labels, t};

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每次交流轮岗填一行：开始学年到结束学年（含），最长 10 个学年。",
    "同一教师的多条记录不能有重叠的学年。",
    "教师编号与教师花名册一致，必须是单位内部的编号。不要填写、不要上传居民身份证号。",
    "学校标识码为 10 位文本，请保持文本格式，不要让 Excel 转成数字。",
    "数据填在「交流轮岗台账」工作表中；填写前请删除示例行。",
];

/// The cells of a move, in template order.
fn row(m: &Move) -> Vec<V> {
    vec![
        t(m.teacher.as_str()),
        t(m.from.as_str()),
        t(m.to.as_str()),
        int(m.start_year),
        int(m.end_year),
        t(m.kind.label()),
    ]
}

fn sheet(moves: &[Move]) -> Sheet {
    Sheet::template(
        LEDGER_SHEET_NAME,
        LEDGER_COLUMNS,
        moves.iter().map(row).collect(),
    )
    .numbers_general(LEDGER_COLUMNS)
    .choose(KIND, labels(MoveKind::ALL, MoveKind::label))
}

/// The example rows of the template.
pub(super) fn examples() -> Vec<Move> {
    let code = |c| SchoolCode::parse(c).expect("example code");
    let id = |i| TeacherId::parse(i).expect("example id");
    vec![
        Move {
            teacher: id("T2024-0001"),
            from: code("5001120001"),
            to: code("5001120002"),
            start_year: 2024,
            end_year: 2026,
            kind: MoveKind::Exchange,
        },
        Move {
            teacher: id("T2024-0101"),
            from: code("5001120002"),
            to: code("5001120003"),
            start_year: 2024,
            end_year: 2024,
            kind: MoveKind::Support,
        },
    ]
}

/// The ledger template: an .xlsx with the 交流轮岗台账 sheet (header with a note per column, a
/// drop-down list for 类型, two example rows) and a 说明 sheet explaining each column and the
/// rules, among them that ID numbers (身份证号) must not be uploaded.
pub fn write_ledger_template() -> Vec<u8> {
    write::template(sheet(&examples()), LEDGER_COLUMNS, RULES)
}

/// Writes moves as CSV in the template: UTF-8 with a BOM, CRLF, the header in template order,
/// then one row per move. It reads back to the same moves.
pub fn write_ledger_csv(moves: &[Move], out: &mut dyn Write) -> io::Result<()> {
    write::records_csv(LEDGER_COLUMNS, moves, row, out)
}

/// Writes moves as an .xlsx ledger (sheet 交流轮岗台账, codes and ids as text cells). It reads
/// back to the same moves. Fails only past the format's limits (more than 1 048 575 moves).
pub fn write_ledger_xlsx(moves: &[Move]) -> Result<Vec<u8>, XlsxError> {
    write::xlsx(&[sheet(moves)])
}
