-- 挂图作战 (issue 19): the rectification board on top of the tasks — what a task will cost and
-- who pays, the plans that gather tasks (一校一策, 一集团一案, 专项), and the 责任清单 naming which
-- department answers for which item of the 督导评估. Nothing here names a person other than the
-- operator who wrote it.

-- `task_budgets`: a task's budget in 分 and who funds it. Append-only: the newest row of a task
-- counts, the ones before are its history.
CREATE TABLE task_budgets (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    funded_by TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);
CREATE INDEX task_budgets_task ON task_budgets (district_id, task_id);

-- `task_plans`: a set of tasks with one owner and a school year: 一校一策 (a school's),
-- 一集团一案 (a group's) or 专项 (any owner). `kind` is `school`, `group` or `special`.
CREATE TABLE task_plans (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_key TEXT NOT NULL,
    year BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX task_plans_district ON task_plans (district_id, year);

-- `task_plan_members`: the tasks of a plan (a task belongs to any number of plans).
CREATE TABLE task_plan_members (
    plan_id BIGINT NOT NULL REFERENCES task_plans (id),
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, task_id)
);

-- `item_duties`: the 责任清单 — a department's duty on an item of the 督导评估 (`item`: the
-- rulebook's item id, or `resources` for 资源配置), `lead` 1 for the 牵头 department, 0 for a
-- 配合 one. 撤回 marks a row withdrawn; nothing is deleted.
CREATE TABLE item_duties (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    item TEXT NOT NULL,
    department TEXT NOT NULL,
    duty TEXT NOT NULL,
    lead BIGINT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT
);
CREATE INDEX item_duties_item ON item_duties (district_id, item);
