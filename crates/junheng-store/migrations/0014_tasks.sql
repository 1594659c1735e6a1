-- Tasks (任务): what someone must do by a date — the 整改 of a 督导 finding or of a school's gap
-- first, later 三线 escalations and the 督导评估 board. A task names its owner (a person, a
-- school, a group, a 学区 or a 科室: `owner_kind`, `owner_key`), its deadline (YYYY-MM-DD) and,
-- optionally, the record it comes from (`source_kind`, `source_key`: a RecordRef). Its status
-- moves through a checked state machine; a task is cancelled, never deleted.
CREATE TABLE tasks (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    title TEXT NOT NULL,
    detail TEXT NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_key TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL,
    source_kind TEXT,
    source_key TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((source_kind IS NULL) = (source_key IS NULL))
);
CREATE INDEX tasks_district ON tasks (district_id, status, deadline);
CREATE INDEX tasks_owner ON tasks (district_id, owner_kind, owner_key);
CREATE INDEX tasks_source ON tasks (district_id, source_kind, source_key);

-- Every status change of a task (its creation too: no `from_status`), with who, when and the
-- note; a closing event carries the re-check of the task's source (`check_outcome`: resolved,
-- still_open or not_checkable; `check_note` why) and whether it was closed despite a source
-- still open (`despite`).
CREATE TABLE task_events (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL,
    check_outcome TEXT,
    check_note TEXT,
    despite INTEGER NOT NULL CHECK (despite IN (0, 1))
);
CREATE INDEX task_events_task ON task_events (task_id, id);
