//! The sentences of the teachers' actions (issue 17: 继续教育, 资格证 and 编制, 名师工作室 and
//! 师徒结对, honours and 师德, 校长、副校长任职), in the form of [`super::table`]'s rows.

use super::table::Said;
use super::table::Var::*;

/// The teachers' rows, searched after the table's.
pub(super) const TEACHERS: &[Said] = &[
    Said::new(
        "leaders.import",
        "audit-leaders-import",
        &[("file", Text("file")), ("terms", Count("terms"))],
    ),
    Said::new(
        "leaders.withdraw",
        "audit-leaders-withdraw",
        &[("terms", Count("terms"))],
    ),
    Said::new(
        "honours.import",
        "audit-honours-import",
        &[
            ("kind", Text("kind")),
            ("file", Text("file")),
            ("records", Count("records")),
        ],
    ),
    Said::new(
        "honours.withdraw",
        "audit-honours-withdraw",
        &[("kind", Text("kind")), ("records", Count("records"))],
    ),
    Said::new(
        "labour.import",
        "audit-labour-import",
        &[
            ("kind", Text("kind")),
            ("file", Text("file")),
            ("records", Count("records")),
        ],
    ),
    Said::new(
        "labour.withdraw",
        "audit-labour-withdraw",
        &[("kind", Text("kind")), ("records", Count("records"))],
    ),
    Said::new(
        "five.targets",
        "audit-five-targets",
        &[("from", Text("from")), ("to", Text("to"))],
    ),
    Said::new(
        "teachers.record_read",
        "audit-teachers-record-read",
        &[("sections", Text("sections"))],
    ),
    Said::new(
        "posts.certificates.import",
        "audit-posts-certificates-import",
        &[
            ("year", Text("year")),
            ("file", Text("file")),
            ("rows", Count("rows")),
        ],
    ),
    Said::new(
        "posts.certificates.withdraw",
        "audit-posts-certificates-withdraw",
        &[("year", Text("year")), ("rows", Count("rows"))],
    ),
    Said::new(
        "posts.staffing.import",
        "audit-posts-staffing-import",
        &[
            ("year", Text("year")),
            ("file", Text("file")),
            ("rows", Count("rows")),
        ],
    ),
    Said::new(
        "posts.staffing.withdraw",
        "audit-posts-staffing-withdraw",
        &[("year", Text("year")), ("rows", Count("rows"))],
    ),
    Said::new(
        "posts.approved",
        "audit-posts-approved",
        &[
            ("year", Text("year")),
            ("posts", Text("posts")),
            ("positions", Text("positions")),
        ],
    ),
    Said::new(
        "posts.move",
        "audit-posts-move",
        &[
            ("from", Text("from")),
            ("to", Text("to")),
            ("posts", Text("posts")),
        ],
    ),
    Said::new(
        "posts.move.cancel",
        "audit-posts-move-cancel",
        &[("move", Object)],
    ),
    Said::new(
        "posts.pay",
        "audit-posts-pay",
        &[
            ("year", Text("year")),
            ("teachers", Text("teachers")),
            ("civil", Text("civil_servants")),
        ],
    ),
    Said::new(
        "training.import",
        "audit-training-import",
        &[
            ("year", Text("year")),
            ("file", Text("file")),
            ("records", Count("records")),
            ("skipped", Count("skipped")),
        ],
    ),
    Said::new(
        "training.add",
        "audit-training-add",
        &[("year", Text("year")), ("records", Count("records"))],
    ),
    Said::new(
        "training.withdraw",
        "audit-training-withdraw",
        &[("year", Text("year")), ("records", Count("records"))],
    ),
    Said::new(
        "training.budgets",
        "audit-training-budgets",
        &[("schools", Count("schools"))],
    ),
    Said::new(
        "training.teacher_read",
        "audit-training-teacher-read",
        &[("teacher", Object), ("via", Text("via"))],
    ),
    Said::new(
        "teachers.studios.import",
        "audit-teachers-studios-import",
        &[("file", Text("file")), ("rows", Count("rows"))],
    ),
    Said::new(
        "teachers.studios.withdraw",
        "audit-teachers-studios-withdraw",
        &[("rows", Count("rows"))],
    ),
    Said::new(
        "teachers.studio_outputs.import",
        "audit-teachers-studio-outputs-import",
        &[("file", Text("file")), ("rows", Count("rows"))],
    ),
    Said::new(
        "teachers.studio_outputs.withdraw",
        "audit-teachers-studio-outputs-withdraw",
        &[("rows", Count("rows"))],
    ),
    Said::new(
        "teachers.mentors.import",
        "audit-teachers-mentors-import",
        &[("file", Text("file")), ("rows", Count("rows"))],
    ),
    Said::new(
        "teachers.mentors.withdraw",
        "audit-teachers-mentors-withdraw",
        &[("rows", Count("rows"))],
    ),
    Said::new(
        "teachers.mentors.end",
        "audit-teachers-mentors-end",
        &[("date", Text("end")), ("outcome", Text("outcome"))],
    ),
];
