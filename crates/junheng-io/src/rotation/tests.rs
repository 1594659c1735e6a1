//! Unit tests of the ledger.

use super::parse::MAX_EXTRA_YEARS;
use super::*;

const HEADER: &str = "教师编号,调出学校标识码,调入学校标识码,开始学年,结束学年,类型";

fn read(rows: &[&str]) -> Result<ImportedLedger, ImportFailure> {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    read_ledger_bytes(text.as_bytes(), "台账.csv")
}

#[test]
fn the_template_reads_back_as_its_examples() {
    let ledger = read_ledger_bytes(&write_ledger_template(), "台账模板.xlsx").unwrap();
    assert_eq!(ledger.moves, write::examples());
    assert!(ledger.warnings.is_empty(), "{:?}", ledger.warnings);
}

#[test]
fn a_term_lasts_at_most_ten_school_years() {
    let last = 2024 + MAX_EXTRA_YEARS;
    let ok = read(&[&format!("T1,5001120001,5001120002,2024,{last},轮岗")]).unwrap();
    assert_eq!(ok.moves[0].end_year, last);
    let f = read(&[&format!("T1,5001120001,5001120002,2024,{},轮岗", last + 1)]).unwrap_err();
    assert_eq!(f.issues.len(), 1, "{f}");
    assert_eq!(f.issues[0].code, codes::TERM_TOO_LONG);
    assert_eq!(f.issues[0].column.as_deref(), Some("结束学年"));
}

#[test]
fn back_to_back_moves_do_not_overlap() {
    let ledger = read(&[
        "T1,5001120001,5001120002,2024,2026,交流",
        "T1,5001120001,5001120003,2027,2027,支教",
        "T2,5001120001,5001120003,2024,2027,走教",
    ])
    .unwrap();
    assert_eq!(ledger.moves.len(), 3);
}
