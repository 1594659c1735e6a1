//! The sentences of 劳动教育's actions (issue 18), in the form of [`super::table`]'s rows.

use super::table::Said;
use super::table::Var::*;

/// The labour rows, searched after the teachers'.
pub(super) const LABOUR: &[Said] = &[
    Said::new(
        "labour.list_import",
        "audit-labour-list-import",
        &[
            ("school", Text("school")),
            ("version", Text("version")),
            ("file", Text("file")),
            ("items", Count("items")),
        ],
    ),
    Said::new(
        "labour.list_withdraw",
        "audit-labour-list-withdraw",
        &[("school", Text("school")), ("version", Text("version"))],
    ),
    Said::new(
        "labour.records_add",
        "audit-labour-records-add",
        &[("class", Text("class")), ("records", Count("records"))],
    ),
    Said::new(
        "labour.verify",
        "audit-labour-verify",
        &[("decision", Text("decision"))],
    ),
    Said::new(
        "labour.rate",
        "audit-labour-rate",
        &[("ratings", Count("ratings"))],
    ),
    Said::new(
        "labour.links_issue",
        "audit-labour-links-issue",
        &[("links", Count("links"))],
    ),
    Said::new(
        "labour.parent_answer",
        "audit-labour-parent-answer",
        &[("decision", Text("decision"))],
    ),
    Said::new(
        "labour.class_submit",
        "audit-labour-class-submit",
        &[("class", Text("class")), ("term", Text("term"))],
    ),
    Said::new(
        "labour.review_step",
        "audit-labour-review-step",
        &[
            ("school", Text("school")),
            ("term", Text("term")),
            ("step", Text("step")),
            ("day", Text("day")),
        ],
    ),
    Said::new(
        "labour.audit",
        "audit-labour-audit",
        &[
            ("school", Text("school")),
            ("term", Text("term")),
            ("student", Text("student")),
            ("result", Text("result")),
        ],
    ),
];
