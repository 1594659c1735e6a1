//! Small-cell suppression of the counts of children that district and city roles see: a cell
//! counting fewer than `k` children (but some) is hidden, and further cells are hidden where a
//! total would otherwise give a hidden cell back (**complementary suppression**).
//!
//! The table is rows × columns of counts with the row and column totals shown. A row (or column)
//! with exactly one hidden cell would reveal it as total − the others, so the smallest shown
//! non-zero cell of that line is hidden too (a shown 0 when the line has no other count; the
//! line's total when the line is that one cell, the total then being the cell itself). Hiding
//! one cell can leave another line with a single hidden cell, so the rule repeats until every
//! line has no hidden cell or at least two: a total then gives only the sum of two or more
//! hidden cells. A table of one column is a list with a total.
//!
//! The threshold `k` is a setting (default 10, [L]: statistics offices use 5 to 10; children's
//! data takes the stricter end). Cells of 0 are shown: a 0 reveals no child.

use serde::Serialize;

/// The default smallest count shown.
pub const DEFAULT_MIN_CELL: u64 = 10;

/// What a cell of a suppressed table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "shown", content = "count")]
pub enum Cell {
    /// The count.
    Count(u64),
    /// Hidden because it is small.
    Small,
    /// Hidden so that a total does not give a small cell back.
    Complement,
}

impl Cell {
    /// The count, `None` when hidden.
    pub fn count(self) -> Option<u64> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Small | Cell::Complement => None,
        }
    }

    /// What the cell shows in a table: the count, or `<10`-style / `*`.
    pub fn text(self, k: u64) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Small => format!("<{k}"),
            Cell::Complement => "*".to_owned(),
        }
    }
}

/// A table after suppression: its cells and totals, each a [`Cell`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// The cells, row by row.
    pub cells: Vec<Vec<Cell>>,
    /// Each row's total.
    pub row_totals: Vec<Cell>,
    /// Each column's total.
    pub column_totals: Vec<Cell>,
    /// The grand total (hidden when small).
    pub total: Cell,
}

/// Suppresses `counts` (rows of equal length) for the threshold `k`.
///
/// ```
/// use junheng_core::student::{Cell, suppress};
/// // 小学 / 初中 × 男 / 女: 3 girls in 初中 would be readable from the totals.
/// let t = suppress(&[vec![120, 118], vec![40, 3]], 10);
/// assert_eq!(t.cells[1][1], Cell::Small);
/// assert_eq!(t.cells[1][0], Cell::Complement); // its row
/// assert_eq!(t.cells[0][1], Cell::Complement); // its column
/// assert_eq!(t.cells[0][0], Cell::Complement); // and then theirs
/// assert_eq!(t.row_totals[1], Cell::Count(43));
/// assert_eq!(t.total, Cell::Count(281));
/// ```
pub fn suppress(counts: &[Vec<u64>], k: u64) -> Suppressed {
    let rows = counts.len();
    let columns = counts.first().map_or(0, Vec::len);
    assert!(
        counts.iter().all(|r| r.len() == columns),
        "every row has the same columns"
    );
    let small = |n: u64| n > 0 && n < k;
    let mut cells: Vec<Vec<Cell>> = counts
        .iter()
        .map(|r| {
            r.iter()
                .map(|&n| {
                    if small(n) {
                        Cell::Small
                    } else {
                        Cell::Count(n)
                    }
                })
                .collect()
        })
        .collect();
    let mut row_hidden = vec![false; rows];
    let mut column_hidden = vec![false; columns];
    loop {
        let mut changed = false;
        for r in 0..rows {
            let line: Vec<(usize, Cell)> = (0..columns).map(|c| (c, cells[r][c])).collect();
            changed |= complement(&line, &mut row_hidden[r], |c| {
                cells[r][c] = Cell::Complement
            });
        }
        for c in 0..columns {
            let line: Vec<(usize, Cell)> = (0..rows).map(|r| (r, cells[r][c])).collect();
            changed |= complement(&line, &mut column_hidden[c], |r| {
                cells[r][c] = Cell::Complement
            });
        }
        if !changed {
            break;
        }
    }
    let shown = |sum: u64, hidden: bool| {
        if hidden {
            Cell::Complement
        } else if small(sum) {
            Cell::Small
        } else {
            Cell::Count(sum)
        }
    };
    let row_totals = (0..rows)
        .map(|r| shown(counts[r].iter().sum(), row_hidden[r]))
        .collect();
    let column_totals = (0..columns)
        .map(|c| shown(counts.iter().map(|r| r[c]).sum(), column_hidden[c]))
        .collect();
    let grand: u64 = counts.iter().flatten().sum();
    Suppressed {
        cells,
        row_totals,
        column_totals,
        total: shown(grand, false),
    }
}

/// One line's rule: with exactly one hidden cell and its total shown, hide the smallest shown
/// non-zero cell, else a shown 0, else (a line of one cell) the total. Returns whether it hid
/// something.
fn complement(
    line: &[(usize, Cell)],
    total_hidden: &mut bool,
    mut hide: impl FnMut(usize),
) -> bool {
    if *total_hidden || line.iter().filter(|(_, c)| c.count().is_none()).count() != 1 {
        return false;
    }
    // Non-zero counts first (smallest first), then zeros.
    match line
        .iter()
        .filter_map(|&(i, c)| c.count().map(|n| (n == 0, n, i)))
        .min()
        .map(|(_, n, i)| (n, i))
    {
        Some((_, i)) => hide(i),
        None => *total_hidden = true,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_list_with_one_small_cell_hides_its_smallest_neighbour() {
        let t = suppress(&[vec![4], vec![50], vec![30]], 10);
        assert_eq!(
            t.cells,
            [
                vec![Cell::Small],
                vec![Cell::Count(50)],
                vec![Cell::Complement]
            ]
        );
        assert_eq!(t.column_totals, [Cell::Count(84)]);
    }

    #[test]
    fn a_line_without_other_counts_hides_a_zero_and_a_single_cell_its_total() {
        let t = suppress(&[vec![4, 0, 0]], 10);
        assert_eq!(t.cells[0], [Cell::Small, Cell::Complement, Cell::Count(0)]);
        // Each column is one cell: its total is that cell, hidden with it.
        assert_eq!(
            t.column_totals,
            [Cell::Complement, Cell::Complement, Cell::Count(0)]
        );
        assert_eq!((t.row_totals[0], t.total), (Cell::Small, Cell::Small));
        assert_eq!(suppress(&[], 10).total, Cell::Count(0));
    }

    proptest! {
        #[test]
        fn no_hidden_cell_can_be_read_back_from_a_shown_total(
            table in (1usize..6, 1usize..6).prop_flat_map(|(r, c)| {
                prop::collection::vec(prop::collection::vec(
                    prop_oneof![Just(0u64), 1u64..10, 10u64..200], c), r)
            }),
        ) {
            let t = suppress(&table, 10);
            for (r, row) in table.iter().enumerate() {
                for (c, &n) in row.iter().enumerate() {
                    // Small counts are hidden, others shown as they are or hidden as complements.
                    if n > 0 && n < 10 {
                        prop_assert_eq!(t.cells[r][c], Cell::Small);
                    } else {
                        prop_assert!(matches!(t.cells[r][c], Cell::Count(m) if m == n) || t.cells[r][c] == Cell::Complement);
                    }
                }
                let hidden = t.cells[r].iter().filter(|c| c.count().is_none()).count();
                prop_assert!(hidden != 1 || t.row_totals[r].count().is_none());
            }
            for c in 0..table[0].len() {
                let hidden = t.cells.iter().filter(|row| row[c].count().is_none()).count();
                prop_assert!(hidden != 1 || t.column_totals[c].count().is_none());
            }
        }
    }
}
