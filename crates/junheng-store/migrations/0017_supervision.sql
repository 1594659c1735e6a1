-- 责任督学 (issue 12 item 3): supervisors (督学, users of role `supervisor`) assigned to a 学区
-- or an education group (`unit_kind`: zone or group; `unit_name` its name), from `since` to
-- `until` (YYYY-MM-DD; `until` NULL while the assignment runs; ended, never deleted).
CREATE TABLE supervisor_assignments (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    supervisor TEXT NOT NULL,
    unit_kind TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX supervisor_assignments_district
    ON supervisor_assignments (district_id, unit_kind, unit_name);

-- A supervisor's visit to a school of the district (`visited_on` YYYY-MM-DD) with what was seen
-- (`summary`), recorded by `created_by` under the supervisor's login (`supervisor`).
CREATE TABLE supervision_visits (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    school_code TEXT NOT NULL,
    visited_on TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX supervision_visits_district ON supervision_visits (district_id, visited_on);

-- The findings (督导发现) of a visit, in the order written (`seq` from 1): the text, its
-- severity (general 一般, serious 较重, severe 严重), the 整改 deadline given with it, and the
-- task (整改任务) raised from it once raised (`task_id`; the task's source is `finding:<id>`).
CREATE TABLE supervision_findings (
    id {{id}},
    visit_id BIGINT NOT NULL REFERENCES supervision_visits (id),
    seq BIGINT NOT NULL,
    content TEXT NOT NULL,
    severity TEXT NOT NULL,
    deadline TEXT NOT NULL,
    task_id BIGINT REFERENCES tasks (id),
    UNIQUE (visit_id, seq)
);
CREATE INDEX supervision_findings_task ON supervision_findings (task_id);
