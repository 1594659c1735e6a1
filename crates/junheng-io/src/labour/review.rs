//! The 综合素质评价 file of a school's term (issue 18 item 3): one row per child, the engine's
//! `ExportRow` in a plain documented shape, written as XLSX (sheet `劳动素养`) or CSV (UTF-8
//! with BOM) by [`crate::export`].
//!
//! | column | what |
//! |---|---|
//! | 学生编号 | Junheng's opaque student key (`students.id`); the school maps it to 学籍号 through its registry — no name and no 学籍号 are in the file |
//! | 学年 | the school year's first year (`2025` = 2025–2026学年) |
//! | 学期 | 第一学期 or 第二学期 |
//! | 劳动素养等级 | 优秀, 良好, 合格 or 待合格 |
//! | 积分 | the term's points |
//! | 勋章 | the badges earned by the term's end, joined with `、` |
//! | 劳动能力, 劳动习惯, 劳动品质 | the term's mean ratings, 1.0–5.0 with one decimal, empty without ratings |

use junheng_labour::calendar::Semester;
use junheng_labour::passport::Tenths;
use junheng_labour::review::ExportRow;

use crate::export::{Cell, Table};

/// The file's columns, in order.
pub const HEADERS: [&str; 9] = [
    "学生编号",
    "学年",
    "学期",
    "劳动素养等级",
    "积分",
    "勋章",
    "劳动能力",
    "劳动习惯",
    "劳动品质",
];

fn tenths(t: Option<Tenths>) -> Cell {
    t.map_or(Cell::Empty, |t| Cell::Decimal(f64::from(t.get()) / 10.0, 1))
}

/// The rows as the file's one table.
pub fn export_table(rows: &[ExportRow]) -> Table {
    Table {
        sheet: "劳动素养",
        headers: HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Integer(r.student.0),
                    Cell::Integer(i64::from(r.year)),
                    Cell::text(match r.semester {
                        Semester::First => "第一学期",
                        Semester::Second => "第二学期",
                    }),
                    Cell::text(r.grade_label),
                    Cell::Integer(i64::from(r.points)),
                    Cell::text(r.badges.join("、")),
                    tenths(r.ability),
                    tenths(r.habit),
                    tenths(r.quality),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use junheng_labour::StudentKey;
    use junheng_labour::calendar::Semester;
    use junheng_labour::passport::{Tenths, TermGrade};

    use super::*;
    use crate::export::write_csv;

    #[test]
    fn the_file_has_the_documented_columns_and_keys_only() {
        let row = ExportRow {
            student: StudentKey(42),
            year: 2025,
            semester: Semester::First,
            grade: TermGrade::Good,
            grade_label: TermGrade::Good.label(),
            points: 126,
            badges: vec!["清洁与卫生勋章".into(), "劳动新星".into()],
            ability: Tenths::mean(43, 10),
            habit: None,
            quality: Tenths::mean(45, 10),
        };
        let mut out = Vec::new();
        write_csv(&export_table(&[row]), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}学生编号,学年,学期,劳动素养等级,积分,勋章,劳动能力,劳动习惯,劳动品质\r\n\
             42,2025,第一学期,良好,126,清洁与卫生勋章、劳动新星,4.3,,4.5\r\n"
        );
    }
}
