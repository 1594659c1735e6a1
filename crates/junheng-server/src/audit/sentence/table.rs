//! The sentence of each action as data: its message in the catalogue and where each of the
//! message's variables (besides `who`, the actor, always first) comes from in the entry.
//! [`super::sentence`] reads this table; the few sentences that do not fit it are written out
//! there.

use Var::*;

/// Where a variable of a message comes from in an audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Var {
    /// The target's object (`2025` of `statistics:2025`), as data.
    Object,
    /// The value of a `key=value` of the detail, as data (empty without it).
    Text(&'static str),
    /// The value of a `key=value` of the detail as a count (see `number`).
    Count(&'static str),
    /// An RFC 3339 time of the detail, in Beijing time.
    Time(&'static str),
    /// The person behind a login of the detail (see `Names::who`).
    Person(&'static str),
    /// A task state of the detail, in the viewer's language.
    Status(&'static str),
    /// The user whose id is the target's object.
    User,
    /// The group whose id is the target's object.
    Group,
    /// The whole detail, as data.
    Detail,
    /// `.1` when the detail contains `.0` anywhere, else `.2` (a word of the catalogue, not
    /// data).
    Flag(&'static str, &'static str, &'static str),
    /// The part of the whole target before (`0`) or after (`1`) its first `.0`, as data; the
    /// whole target is the part before when it has none.
    TargetPart(char, usize),
    /// As [`Var::TargetPart`], of the target's object.
    ObjectPart(char, usize),
}

/// Whether the entry was signed in through the district's single sign-on: `sso` or nothing.
const VIA: Var = Flag("via=sso", "sso", "");

/// The sentence of an action.
#[derive(Debug, Clone, Copy)]
pub(super) struct Said {
    /// The action code (`import.statistics`).
    pub action: &'static str,
    /// Only for entries whose detail says this `kind=` (a version restored or merged); `None`:
    /// any entry of the action (the table lists the kinds first).
    pub kind: Option<&'static str>,
    /// The message's key in the catalogue.
    pub key: &'static str,
    /// The message's variables besides `who`, in order: (name, where from).
    pub vars: &'static [(&'static str, Var)],
}

impl Said {
    pub(super) const fn new(
        action: &'static str,
        key: &'static str,
        vars: &'static [(&'static str, Var)],
    ) -> Said {
        Said {
            action,
            kind: None,
            key,
            vars,
        }
    }

    /// The same, for entries whose detail says `kind=<kind>` only.
    pub(super) const fn of_kind(self, kind: &'static str) -> Said {
        Said {
            kind: Some(kind),
            ..self
        }
    }
}

/// The sentence of `action` for an entry whose detail says `kind=<kind>` (`""` without one).
pub(super) fn said(action: &str, kind: &str) -> Option<&'static Said> {
    rows().find(|s| s.action == action && s.kind.is_none_or(|k| k == kind))
}

/// Every row: the table's, then the teachers' ([`super::teachers::TEACHERS`]).
fn rows() -> impl Iterator<Item = &'static Said> {
    SAID.iter()
        .chain(super::teachers::TEACHERS)
        .chain(super::labour::LABOUR)
        .chain(super::survey::SURVEY)
        .chain(super::inspection::INSPECTION)
        .chain(super::board::BOARD)
}

/// Every action's sentence but those [`super::sentence`] writes out.
const SAID: &[Said] = &[
    Said::new(
        "import.statistics",
        "audit-import-statistics-restore",
        &[
            ("year", Object),
            ("base", Text("based_on")),
            ("version", Text("version")),
            ("rows", Count("rows")),
        ],
    )
    .of_kind("restore"),
    Said::new(
        "import.statistics",
        "audit-import-statistics-merge",
        &[
            ("year", Object),
            ("version", Text("version")),
            ("rows", Count("rows")),
        ],
    )
    .of_kind("merge"),
    Said::new(
        "import.statistics",
        "audit-import-statistics",
        &[
            ("year", Object),
            ("version", Text("version")),
            ("rows", Count("rows")),
        ],
    ),
    Said::new(
        "submission.create",
        "audit-submission-create",
        &[
            ("school", Object),
            ("year", Text("year")),
            ("submission", Text("submission")),
        ],
    ),
    Said::new(
        "submission.approve",
        "audit-submission-approve",
        &[("school", Object), ("submission", Text("submission"))],
    ),
    Said::new(
        "submission.reject",
        "audit-submission-reject",
        &[("school", Object), ("submission", Text("submission"))],
    ),
    Said::new(
        "roster.replace",
        "audit-roster-restore",
        &[
            ("year", Object),
            ("base", Text("based_on")),
            ("version", Text("version")),
            ("teachers", Count("teachers")),
        ],
    )
    .of_kind("restore"),
    Said::new(
        "roster.replace",
        "audit-roster-merge",
        &[
            ("year", Object),
            ("version", Text("version")),
            ("teachers", Count("teachers")),
        ],
    )
    .of_kind("merge"),
    Said::new(
        "roster.replace",
        "audit-roster-replace",
        &[
            ("year", Object),
            ("version", Text("version")),
            ("teachers", Count("teachers")),
        ],
    ),
    Said::new(
        "ledger.add",
        "audit-ledger-add",
        &[("moves", Count("moves"))],
    ),
    Said::new(
        "ledger.cancel",
        "audit-ledger-cancel",
        &[("record", Object)],
    ),
    Said::new(
        "ledger.cancel_batch",
        "audit-ledger-cancel-batch",
        &[("batch", Object), ("moves", Count("moves"))],
    ),
    Said::new(
        "user.lock",
        "audit-user-lock",
        &[("user", User), ("until", Time("until"))],
    ),
    Said::new("user.unlock", "audit-user-unlock", &[("user", User)]),
    Said::new(
        "map.boundary",
        "audit-map-boundary",
        &[
            ("vertices", Count("vertices")),
            ("townships", Count("townships")),
        ],
    ),
    Said::new(
        "lottery.receipts",
        "audit-lottery-receipts",
        &[("lottery", Object)],
    ),
    Said::new(
        "submit.template",
        "audit-submit-template",
        &[("school", Object)],
    ),
    Said::new(
        "group.save",
        "audit-group-save",
        &[("group", Group), ("kind", Text("kind"))],
    ),
    Said::new(
        "group.member_add",
        "audit-group-member-add",
        &[
            ("school", Text("school")),
            ("group", Group),
            ("date", Text("joined_on")),
        ],
    ),
    Said::new(
        "group.member_end",
        "audit-group-member-end",
        &[
            ("school", Text("school")),
            ("group", Group),
            ("date", Text("left_on")),
        ],
    ),
    Said::new(
        "group.import",
        "audit-group-import",
        &[
            ("file", Text("file")),
            ("created", Text("created")),
            ("updated", Text("updated")),
            ("added", Text("added")),
            ("closed", Text("closed")),
        ],
    ),
    Said::new(
        "zone.save",
        "audit-zone-save",
        &[("zone", Text("name")), ("head", Text("head"))],
    ),
    Said::new(
        "supervision.end",
        "audit-supervision-end",
        &[("assignment", Object), ("until", Text("until"))],
    ),
    Said::new(
        "supervision.visit",
        "audit-supervision-visit",
        &[
            ("supervisor", Person("supervisor")),
            ("school", Text("school")),
            ("date", Text("date")),
            ("findings", Count("findings")),
        ],
    ),
    Said::new(
        "supervision.link",
        "audit-supervision-link",
        &[("finding", Object), ("task", Text("task"))],
    ),
    Said::new(
        "task.create",
        "audit-task-create",
        &[
            ("task", Object),
            ("owner", Text("owner")),
            ("deadline", Text("deadline")),
        ],
    ),
    Said::new(
        "task.status",
        "audit-task-status",
        &[
            ("task", Object),
            ("from", Status("from")),
            ("to", Status("to")),
        ],
    ),
    Said::new(
        "evidence.add",
        "audit-evidence-add",
        &[("document", Object)],
    ),
    Said::new(
        "evidence.download",
        "audit-evidence-download",
        &[("document", Object)],
    ),
    Said::new(
        "pairing.add",
        "audit-pairing-add",
        &[("pairing", Object), ("schools", Count("schools"))],
    ),
    Said::new(
        "pairing.activity",
        "audit-pairing-activity",
        &[("pairing", Object), ("date", Text("date"))],
    ),
    Said::new(
        "pairing.end",
        "audit-pairing-end",
        &[("pairing", Object), ("date", Text("ended_on"))],
    ),
    Said::new(
        "classroom.import",
        "audit-classroom-import",
        &[("file", Text("file")), ("sessions", Count("sessions"))],
    ),
    Said::new(
        "classroom.add",
        "audit-classroom-add",
        &[("school", Text("receiver")), ("date", Text("date"))],
    ),
    Said::new(
        "seats.classes.import",
        "audit-seats-classes-import",
        &[
            ("year", Text("year")),
            ("file", Text("file")),
            ("classes", Count("classes")),
        ],
    ),
    Said::new(
        "seats.classes.withdraw",
        "audit-seats-classes-withdraw",
        &[("year", Text("year")), ("classes", Count("classes"))],
    ),
    Said::new(
        "seats.zoning.import",
        "audit-seats-zoning-import",
        &[
            ("year", Text("year")),
            ("file", Text("file")),
            ("rows", Count("rows")),
        ],
    ),
    Said::new(
        "seats.zoning.withdraw",
        "audit-seats-zoning-withdraw",
        &[("year", Text("year")), ("rows", Count("rows"))],
    ),
    Said::new(
        "seats.births",
        "audit-seats-births",
        &[("years", Text("years")), ("rows", Count("rows"))],
    ),
    Said::new(
        "seats.zones",
        "audit-seats-zones",
        &[("rows", Count("rows"))],
    ),
    Said::new(
        "seats.enrolment",
        "audit-seats-enrolment",
        &[("years", Text("years")), ("rows", Count("rows"))],
    ),
    Said::new(
        "seats.capacity",
        "audit-seats-capacity",
        &[("years", Text("years")), ("rows", Count("rows"))],
    ),
    Said::new(
        "seat_project.add",
        "audit-seat-project-add",
        &[("project", Object), ("school", Text("school"))],
    ),
    Said::new(
        "seat_project.update",
        "audit-seat-project-update",
        &[("project", Object), ("school", Text("school"))],
    ),
    Said::new(
        "seat_project.delete",
        "audit-seat-project-delete",
        &[("project", Object)],
    ),
    Said::new(
        "seat_project.import",
        "audit-seat-project-import",
        &[
            ("file", Object),
            ("added", Count("added")),
            ("replaced", Count("replaced")),
        ],
    ),
    Said::new(
        "review.score",
        "audit-review-score",
        &[
            ("year", ObjectPart(':', 0)),
            ("unit", ObjectPart(':', 1)),
            ("item", Text("item")),
            ("scorer", Text("scorer")),
            ("score", Text("score")),
            ("was", Text("was")),
        ],
    ),
    Said::new(
        "review.finalise",
        "audit-review-finalise",
        &[
            ("year", Object),
            ("results", Count("results")),
            ("replaced", Count("replaced")),
        ],
    ),
    Said::new(
        "user.create",
        "audit-user-create",
        &[
            ("user", User),
            ("via", VIA),
            ("pending", Flag("pending", "yes", "no")),
        ],
    ),
    Said::new(
        "user.update",
        "audit-user-update",
        &[("user", User), ("via", VIA)],
    ),
    Said::new("user.password", "audit-user-password", &[("user", User)]),
    Said::new("user.activate", "audit-user-activate", &[("user", User)]),
    Said::new(
        "user.deactivate",
        "audit-user-deactivate",
        &[("user", User)],
    ),
    Said::new(
        "user.confirm",
        "audit-user-confirm",
        &[("user", User), ("requester", Person("requested_by"))],
    ),
    Said::new("token.create", "audit-token-create", &[("user", User)]),
    Said::new("token.revoke", "audit-token-revoke", &[("user", User)]),
    Said::new(
        "lottery.create",
        "audit-lottery-create",
        &[("lottery", Object)],
    ),
    Said::new("lottery.draw", "audit-lottery-draw", &[("lottery", Object)]),
    Said::new("auth.login", "audit-login", &[("via", VIA)]),
    Said::new("auth.login_failed", "audit-login-failed", &[("via", VIA)]),
    Said::new("auth.login_locked", "audit-login-locked", &[]),
    Said::new("auth.logout", "audit-logout", &[]),
    Said::new(
        "report.xlsx",
        "audit-report-xlsx",
        &[
            ("year", TargetPart('/', 0)),
            ("rulebook", TargetPart('/', 1)),
        ],
    ),
    Said::new("rotation.xlsx", "audit-rotation-xlsx", &[("year", Object)]),
    Said::new(
        "city.xlsx",
        "audit-city-xlsx",
        &[("year", TargetPart('/', 0))],
    ),
    Said::new("packages.xlsx", "audit-packages-xlsx", &[]),
    Said::new(
        "package.report",
        "audit-package-report",
        &[
            ("year", ObjectPart(':', 0)),
            ("sequence", ObjectPart(':', 1)),
        ],
    ),
    Said::new(
        "package.receive",
        "audit-package-receive",
        &[
            ("year", ObjectPart(':', 0)),
            ("sequence", ObjectPart(':', 1)),
        ],
    ),
    Said::new(
        "district_key.register",
        "audit-district-key-register",
        &[("key", Object)],
    ),
    Said::new(
        "district_key.revoke",
        "audit-district-key-revoke",
        &[("key", Object), ("reason", Detail)],
    ),
    Said::new(
        "district.create",
        "audit-district-create",
        &[("district", Object)],
    ),
    Said::new(
        "district.update",
        "audit-district-update",
        &[("district", Object)],
    ),
    Said::new(
        "creation.target",
        "audit-creation-target",
        &[("detail", Detail)],
    ),
    Said::new(
        "creation.step",
        "audit-creation-step",
        &[("detail", Detail)],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::sentence::KINDS;

    #[test]
    fn every_row_can_be_chosen_and_names_a_kind() {
        let all: Vec<&Said> = rows().collect();
        for (i, s) in all.iter().enumerate() {
            assert!(KINDS.iter().any(|k| k.0 == s.action), "{}", s.action);
            // A row after its action's catch-all would never be chosen.
            assert!(
                all[..i]
                    .iter()
                    .all(|e| e.action != s.action || e.kind.is_some()),
                "{} {:?}",
                s.action,
                s.kind
            );
            assert_eq!(
                said(s.action, s.kind.unwrap_or("")).map(|x| x.key),
                Some(s.key)
            );
        }
    }
}
