//! The tables of the practices around the evaluation in a backup: 佐证材料, tasks (整改),
//! 结对帮扶 and 三个课堂, 责任督学 and the annual review.

use super::tables::{Bytes, Flag, Int, OptInt, OptReal, OptText, Real, Table, Text};

pub(super) const EVIDENCE: Table = Table {
    name: "evidence",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("record_kind", Text),
        ("record_key", Text),
        ("title", Text),
        ("version", Int),
        ("file_name", Text),
        ("media_type", Text),
        ("size", Int),
        ("sha256", Text),
        ("content", Bytes),
        ("note", Text),
        ("uploaded_by", Text),
        ("uploaded_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const TASKS: Table = Table {
    name: "tasks",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("title", Text),
        ("detail", Text),
        ("owner_kind", Text),
        ("owner_key", Text),
        ("deadline", Text),
        ("status", Text),
        ("source_kind", OptText),
        ("source_key", OptText),
        ("created_by", Text),
        ("created_at", Text),
        ("updated_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const TASK_EVENTS: Table = Table {
    name: "task_events",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("task_id", Int),
        ("at", Text),
        ("actor", Text),
        ("from_status", OptText),
        ("to_status", Text),
        ("note", Text),
        ("check_outcome", OptText),
        ("check_note", OptText),
        ("despite", Flag),
    ],
    of_district: "task_id IN (SELECT id FROM tasks WHERE district_id = $1)",
    refs: &[("task_id", "tasks")],
};

pub(super) const PAIRINGS: Table = Table {
    name: "pairings",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("kind", Text),
        ("helper_school", OptText),
        ("helper_name", Text),
        ("helper_place", Text),
        ("team_teachers", OptInt),
        ("help_kinds", Text),
        ("started_on", Text),
        ("ended_on", OptText),
        ("note", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const PAIRING_SCHOOLS: Table = Table {
    name: "pairing_schools",
    key: "pairing_id, school_code",
    identity: false,
    columns: &[("pairing_id", Int), ("school_code", Text)],
    of_district: "pairing_id IN (SELECT id FROM pairings WHERE district_id = $1)",
    refs: &[("pairing_id", "pairings")],
};

pub(super) const PAIRING_ACTIVITIES: Table = Table {
    name: "pairing_activities",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("pairing_id", Int),
        ("held_on", Text),
        ("kind", Text),
        ("hours", Real),
        ("participants", Int),
        ("note", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "pairing_id IN (SELECT id FROM pairings WHERE district_id = $1)",
    refs: &[("pairing_id", "pairings")],
};

pub(super) const CLASSROOM_IMPORTS: Table = Table {
    name: "classroom_imports",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("sessions", Int),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const CLASSROOM_SESSIONS: Table = Table {
    name: "classroom_sessions",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("import_id", OptInt),
        ("kind", Text),
        ("giver_school", OptText),
        ("giver_name", Text),
        ("receiver_school", Text),
        ("subject", Text),
        ("held_on", Text),
        ("minutes", Int),
        ("note", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[
        ("district_id", "districts"),
        ("import_id", "classroom_imports"),
    ],
};

pub(super) const SUPERVISOR_ASSIGNMENTS: Table = Table {
    name: "supervisor_assignments",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("supervisor", Text),
        ("unit_kind", Text),
        ("unit_name", Text),
        ("since", Text),
        ("until", OptText),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SUPERVISION_VISITS: Table = Table {
    name: "supervision_visits",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("school_code", Text),
        ("visited_on", Text),
        ("supervisor", Text),
        ("summary", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SUPERVISION_FINDINGS: Table = Table {
    name: "supervision_findings",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("visit_id", Int),
        ("seq", Int),
        ("content", Text),
        ("severity", Text),
        ("deadline", Text),
        ("task_id", OptInt),
    ],
    of_district: "visit_id IN (SELECT id FROM supervision_visits WHERE district_id = $1)",
    refs: &[("visit_id", "supervision_visits"), ("task_id", "tasks")],
};

pub(super) const REVIEW_SCORES: Table = Table {
    name: "review_scores",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("unit_kind", Text),
        ("unit", Text),
        ("item", Text),
        ("scorer", Text),
        ("score", Real),
        ("note", Text),
        ("entered_by", Text),
        ("entered_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const REVIEW_RESULTS: Table = Table {
    name: "review_results",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("unit_kind", Text),
        ("unit", Text),
        ("name", Text),
        ("value", OptReal),
        ("band", OptText),
        ("warning_periods", Int),
        ("escalation", OptText),
        ("detail", Text),
        ("finalised_by", Text),
        ("finalised_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};
