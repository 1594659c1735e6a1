//! The sentences of the 督导评估's actions (issue 19), in the form of [`super::table`]'s rows.

use super::table::Said;
use super::table::Var::*;

/// The inspection rows, searched after the labour ones.
pub(super) const INSPECTION: &[Said] = &[
    Said::new(
        "inspection.attest",
        "audit-inspection-attest",
        &[
            ("year", ObjectPart(':', 0)),
            ("item", ObjectPart(':', 1)),
            (
                "met",
                Flag(
                    "met=true",
                    "audit-inspection-met",
                    "audit-inspection-not-met",
                ),
            ),
        ],
    ),
    Said::new(
        "inspection.input",
        "audit-inspection-input",
        &[
            ("year", ObjectPart(':', 0)),
            ("name", ObjectPart(':', 1)),
            ("value", Text("value")),
        ],
    ),
    Said::new(
        "inspection.withdraw",
        "audit-inspection-withdraw",
        &[("year", ObjectPart(':', 0)), ("item", ObjectPart(':', 1))],
    ),
    Said::new(
        "inspection.template",
        "audit-inspection-template",
        &[("file", Text("file"))],
    ),
    Said::new(
        "inspection.report",
        "audit-inspection-report",
        &[
            ("year", TargetPart('/', 0)),
            ("rulebook", TargetPart('/', 1)),
        ],
    ),
    Said::new(
        "inspection.xlsx",
        "audit-inspection-xlsx",
        &[
            ("year", TargetPart('/', 0)),
            ("rulebook", TargetPart('/', 1)),
        ],
    ),
];
