//! Counts of children shown without their names: per school or per grade, by category (在校生,
//! 随迁, 残疾, 留守, 寄宿, 困难), every small cell hidden with complementary suppression
//! (`junheng_core::student::suppress`, the `min_cell` of the settings) so that neither a cell
//! nor the totals line gives a small count back.

use junheng_core::student::suppress;
use junheng_store::{GradeCounts, RegistryCounts};

/// A category counted: the catalogue key of its header and its count.
type Category = (&'static str, fn(&GradeCounts) -> u64);

/// The categories, in the order of the tables.
pub(crate) const CATEGORIES: [Category; 6] = [
    ("students-count-students", |c| c.students),
    ("students-count-migrant", |c| c.migrant),
    ("students-count-disabled", |c| c.disabled),
    ("students-count-left-behind", |c| c.left_behind),
    ("students-count-boarding", |c| c.boarding),
    ("students-count-needy", |c| c.needy),
];

/// A line of a table: its label (a school's name is data, a grade an interface text), where it
/// links to (empty: nowhere) and its cells (`<10`, `*` where hidden).
pub(crate) struct CountRow {
    pub label: String,
    pub data: bool,
    pub href: String,
    pub cells: Vec<String>,
}

/// A suppressed table of counts.
pub(crate) struct CountTable {
    /// The catalogue key of the first column's header (学校, 年级).
    pub first: &'static str,
    /// The smallest count shown.
    pub k: u64,
    /// The catalogue keys of the category headers.
    pub headers: Vec<&'static str>,
    pub rows: Vec<CountRow>,
    /// The totals of each category (hidden as the cells are).
    pub totals: Vec<String>,
}

impl CountTable {
    /// The table of `lines` — (label, label is data, link, counts) — under a first column
    /// named by `first`, each small cell hidden below `k`.
    pub(crate) fn of(
        first: &'static str,
        lines: Vec<(String, bool, String, GradeCounts)>,
        k: u64,
    ) -> CountTable {
        let counts: Vec<Vec<u64>> = lines
            .iter()
            .map(|(.., c)| CATEGORIES.iter().map(|(_, f)| f(c)).collect())
            .collect();
        let hidden = suppress(&counts, k);
        CountTable {
            first,
            k,
            headers: CATEGORIES.iter().map(|(key, _)| *key).collect(),
            rows: lines
                .into_iter()
                .zip(&hidden.cells)
                .map(|((label, data, href, _), cells)| CountRow {
                    label,
                    data,
                    href,
                    cells: cells.iter().map(|c| c.text(k)).collect(),
                })
                .collect(),
            totals: hidden.column_totals.iter().map(|c| c.text(k)).collect(),
        }
    }

    /// The table of a registry's grades (those with children), labelled in `lang`.
    pub(crate) fn by_grade(lang: crate::i18n::Lang, counts: &RegistryCounts, k: u64) -> Self {
        let lines = (1..=9u8)
            .map(|g| (g, counts.grade(g)))
            .filter(|(_, c)| c.students > 0)
            .map(|(g, c)| (grade_text(lang, g), false, String::new(), c))
            .collect();
        CountTable::of("students-grade-column", lines, k)
    }
}

/// A grade as the interface says it: 七年级 / Grade 7.
pub(crate) fn grade_text(lang: crate::i18n::Lang, grade: u8) -> String {
    crate::tr!(lang, "students-grade", n = u32::from(grade))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(students: u64, migrant: u64) -> GradeCounts {
        GradeCounts {
            students,
            migrant,
            ..GradeCounts::default()
        }
    }

    #[test]
    fn small_cells_and_what_would_give_them_back_are_hidden() {
        let t = CountTable::of(
            "common-school-name",
            vec![
                ("甲".into(), true, String::new(), counts(120, 40)),
                ("乙".into(), true, String::new(), counts(80, 3)),
            ],
            10,
        );
        assert_eq!(t.rows[1].cells[1], "<10");
        assert_ne!(t.rows[0].cells[1], "40", "its column would give it back");
        assert_eq!(t.rows[0].cells[2], "0", "a zero reveals nobody");
    }
}
