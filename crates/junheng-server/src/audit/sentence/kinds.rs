//! The kinds of action the log knows: their codes and names, for the action filter.

use crate::i18n::Lang;

/// Every action kind: its code and the catalogue key of its name (the action filter offers
/// these names).
pub(crate) const KINDS: &[(&str, &str)] = &[
    ("import.statistics", "audit-kind-import-statistics"),
    ("submission.create", "audit-kind-submission-create"),
    ("submission.approve", "audit-kind-submission-approve"),
    ("submission.reject", "audit-kind-submission-reject"),
    ("roster.replace", "audit-kind-roster-replace"),
    ("ledger.add", "audit-kind-ledger-add"),
    ("ledger.cancel", "audit-kind-ledger-cancel"),
    ("group.save", "audit-kind-group-save"),
    ("group.member_add", "audit-kind-group-member-add"),
    ("group.member_end", "audit-kind-group-member-end"),
    ("group.import", "audit-kind-group-import"),
    ("zone.save", "audit-kind-zone-save"),
    ("task.create", "audit-kind-task-create"),
    ("task.status", "audit-kind-task-status"),
    ("evidence.add", "audit-kind-evidence-add"),
    ("evidence.download", "audit-kind-evidence-download"),
    ("pairing.add", "audit-kind-pairing-add"),
    ("pairing.activity", "audit-kind-pairing-activity"),
    ("pairing.end", "audit-kind-pairing-end"),
    ("classroom.import", "audit-kind-classroom-import"),
    ("classroom.add", "audit-kind-classroom-add"),
    ("leaders.import", "audit-kind-leaders-import"),
    ("leaders.withdraw", "audit-kind-leaders-withdraw"),
    ("training.import", "audit-kind-training-import"),
    ("training.add", "audit-kind-training-add"),
    ("training.withdraw", "audit-kind-training-withdraw"),
    ("training.budgets", "audit-kind-training-budgets"),
    ("training.teacher_read", "audit-kind-training-teacher-read"),
    (
        "posts.certificates.import",
        "audit-kind-posts-certificates-import",
    ),
    (
        "posts.certificates.withdraw",
        "audit-kind-posts-certificates-withdraw",
    ),
    ("posts.staffing.import", "audit-kind-posts-staffing-import"),
    (
        "posts.staffing.withdraw",
        "audit-kind-posts-staffing-withdraw",
    ),
    ("posts.approved", "audit-kind-posts-approved"),
    ("posts.move", "audit-kind-posts-move"),
    ("posts.move.cancel", "audit-kind-posts-move-cancel"),
    ("posts.pay", "audit-kind-posts-pay"),
    ("seats.classes.import", "audit-kind-seats-classes-import"),
    (
        "seats.classes.withdraw",
        "audit-kind-seats-classes-withdraw",
    ),
    ("seats.zoning.import", "audit-kind-seats-zoning-import"),
    ("honours.import", "audit-kind-honours-import"),
    ("honours.withdraw", "audit-kind-honours-withdraw"),
    ("teachers.record_read", "audit-kind-teachers-record-read"),
    ("labour.list_import", "audit-kind-labour-list-import"),
    ("labour.list_withdraw", "audit-kind-labour-list-withdraw"),
    ("labour.records_add", "audit-kind-labour-records-add"),
    ("labour.verify", "audit-kind-labour-verify"),
    ("labour.rate", "audit-kind-labour-rate"),
    ("labour.links_issue", "audit-kind-labour-links-issue"),
    ("labour.parent_answer", "audit-kind-labour-parent-answer"),
    ("labour.import", "audit-kind-labour-import"),
    ("labour.withdraw", "audit-kind-labour-withdraw"),
    ("labour.class_submit", "audit-kind-labour-class-submit"),
    ("labour.review_step", "audit-kind-labour-review-step"),
    ("labour.audit", "audit-kind-labour-audit"),
    ("inspection.attest", "audit-kind-inspection-attest"),
    ("inspection.input", "audit-kind-inspection-input"),
    ("inspection.withdraw", "audit-kind-inspection-withdraw"),
    ("inspection.xlsx", "audit-kind-inspection-xlsx"),
    ("inspection.template", "audit-kind-inspection-template"),
    ("inspection.report", "audit-kind-inspection-report"),
    ("board.budget", "audit-kind-board-budget"),
    ("board.plan", "audit-kind-board-plan"),
    ("board.duty", "audit-kind-board-duty"),
    ("board.duty_withdraw", "audit-kind-board-duty-withdraw"),
    ("board.xlsx", "audit-kind-board-xlsx"),
    ("five.targets", "audit-kind-five-targets"),
    ("survey.create", "audit-kind-survey-create"),
    ("survey.status", "audit-kind-survey-status"),
    ("survey.codes", "audit-kind-survey-codes"),
    ("survey.answer", "audit-kind-survey-answer"),
    ("survey.import", "audit-kind-survey-import"),
    ("survey.withdraw", "audit-kind-survey-withdraw"),
    ("seats.zoning.withdraw", "audit-kind-seats-zoning-withdraw"),
    (
        "teachers.studios.import",
        "audit-kind-teachers-studios-import",
    ),
    (
        "teachers.studios.withdraw",
        "audit-kind-teachers-studios-withdraw",
    ),
    (
        "teachers.studio_outputs.import",
        "audit-kind-teachers-studio-outputs-import",
    ),
    (
        "teachers.studio_outputs.withdraw",
        "audit-kind-teachers-studio-outputs-withdraw",
    ),
    (
        "teachers.mentors.import",
        "audit-kind-teachers-mentors-import",
    ),
    (
        "teachers.mentors.withdraw",
        "audit-kind-teachers-mentors-withdraw",
    ),
    ("teachers.mentors.end", "audit-kind-teachers-mentors-end"),
    ("seats.births", "audit-kind-seats-births"),
    ("seats.zones", "audit-kind-seats-zones"),
    ("seats.enrolment", "audit-kind-seats-enrolment"),
    ("seats.capacity", "audit-kind-seats-capacity"),
    ("seat_project.add", "audit-kind-seat-project-add"),
    ("seat_project.update", "audit-kind-seat-project-update"),
    ("seat_project.delete", "audit-kind-seat-project-delete"),
    ("seat_project.import", "audit-kind-seat-project-import"),
    ("supervision.assign", "audit-kind-supervision-assign"),
    ("supervision.end", "audit-kind-supervision-end"),
    ("supervision.visit", "audit-kind-supervision-visit"),
    ("supervision.link", "audit-kind-supervision-link"),
    ("review.score", "audit-kind-review-score"),
    ("review.finalise", "audit-kind-review-finalise"),
    ("user.create", "audit-kind-user-create"),
    ("user.update", "audit-kind-user-update"),
    ("user.password", "audit-kind-user-password"),
    ("user.activate", "audit-kind-user-activate"),
    ("user.deactivate", "audit-kind-user-deactivate"),
    ("user.confirm", "audit-kind-user-confirm"),
    ("token.create", "audit-kind-token-create"),
    ("token.revoke", "audit-kind-token-revoke"),
    ("lottery.create", "audit-kind-lottery-create"),
    ("lottery.draw", "audit-kind-lottery-draw"),
    ("auth.login", "audit-kind-auth-login"),
    ("auth.login_failed", "audit-kind-auth-login-failed"),
    ("auth.login_locked", "audit-kind-auth-login-locked"),
    ("auth.logout", "audit-kind-auth-logout"),
    ("report.xlsx", "audit-kind-report-xlsx"),
    ("rotation.xlsx", "audit-kind-rotation-xlsx"),
    ("city.xlsx", "audit-kind-city-xlsx"),
    ("packages.xlsx", "audit-kind-packages-xlsx"),
    ("package.report", "audit-kind-package-report"),
    ("package.receive", "audit-kind-package-receive"),
    ("district_key.register", "audit-kind-district-key-register"),
    ("district_key.revoke", "audit-kind-district-key-revoke"),
    ("district.create", "audit-kind-district-create"),
    ("district.update", "audit-kind-district-update"),
    ("creation.target", "audit-kind-creation-target"),
    ("creation.step", "audit-kind-creation-step"),
    ("ledger.cancel_batch", "audit-kind-ledger-cancel-batch"),
    ("user.lock", "audit-kind-user-lock"),
    ("user.unlock", "audit-kind-user-unlock"),
    ("map.boundary", "audit-kind-map-boundary"),
    ("lottery.receipts", "audit-kind-lottery-receipts"),
    ("submit.template", "audit-kind-submit-template"),
    (
        "submissions.progress.xlsx",
        "audit-kind-submissions-progress-xlsx",
    ),
];

/// The name of an action code in `lang` (the code itself for one this version does not know).
pub(crate) fn kind_name(lang: Lang, code: &str) -> String {
    KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_owned(), |&(_, key)| lang.t(key).to_owned())
}

/// The action code of a name of [`KINDS`] in `lang`.
pub(crate) fn kind_code(lang: Lang, name: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|&&(_, key)| lang.t(key) == name)
        .map(|&(c, _)| c)
}

/// The action code of a code, or of a name in either language (a link made on a page of the
/// other language).
pub(crate) fn any_kind(text: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(c, _)| *c == text)
        .map(|&(c, _)| c)
        .or_else(|| kind_code(Lang::Zh, text))
        .or_else(|| kind_code(Lang::En, text))
}
