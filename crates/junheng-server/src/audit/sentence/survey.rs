//! The sentences of 社会认可度自测's actions (issue 19), in the form of [`super::table`]'s rows.
//! An answer's entry names the survey only.

use super::table::Said;
use super::table::Var::*;

/// The survey rows, searched after the labour ones.
pub(super) const SURVEY: &[Said] = &[
    Said::new(
        "survey.create",
        "audit-survey-create",
        &[("survey", Object), ("year", Text("year"))],
    ),
    Said::new(
        "survey.status",
        "audit-survey-status",
        &[("survey", Object), ("status", Text("status"))],
    ),
    Said::new(
        "survey.codes",
        "audit-survey-codes",
        &[
            ("survey", Object),
            ("group", Text("group")),
            ("codes", Count("codes")),
        ],
    ),
    Said::new(
        "survey.answer",
        "audit-survey-answer",
        &[("survey", Object)],
    ),
    Said::new(
        "survey.import",
        "audit-survey-import",
        &[
            ("survey", Object),
            ("group", Text("group")),
            ("responses", Count("responses")),
        ],
    ),
    Said::new(
        "survey.withdraw",
        "audit-survey-withdraw",
        &[("survey", Object), ("import", Text("import"))],
    ),
];
