//! The sentences of the 挂图作战 board's actions (issue 19), in the form of [`super::table`]'s
//! rows.

use super::table::Said;
use super::table::Var::*;

/// The board rows, searched after the inspection ones.
pub(super) const BOARD: &[Said] = &[
    Said::new(
        "board.budget",
        "audit-board-budget",
        &[("task", Object), ("fen", Text("fen"))],
    ),
    Said::new("board.plan", "audit-board-plan", &[("plan", Object)]),
    Said::new(
        "board.duty",
        "audit-board-duty",
        &[
            ("item", ObjectPart(':', 0)),
            ("department", ObjectPart(':', 1)),
        ],
    ),
    Said::new(
        "board.duty_withdraw",
        "audit-board-duty-withdraw",
        &[
            ("item", ObjectPart(':', 0)),
            ("department", ObjectPart(':', 1)),
        ],
    ),
    Said::new(
        "board.xlsx",
        "audit-board-xlsx",
        &[("day", TargetPart('/', 0))],
    ),
];
