//! The tables of the 挂图作战 board (issue 19) in a backup: tasks' budgets, plans and their
//! members, and the 责任清单.

use super::tables::{Int, OptText, Table, Text};

pub(super) const TASK_BUDGETS: Table = Table {
    name: "task_budgets",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("task_id", Int),
        ("amount_fen", Int),
        ("funded_by", Text),
        ("set_by", Text),
        ("set_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("task_id", "tasks")],
};

pub(super) const TASK_PLANS: Table = Table {
    name: "task_plans",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("title", Text),
        ("kind", Text),
        ("owner_kind", Text),
        ("owner_key", Text),
        ("year", Int),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const TASK_PLAN_MEMBERS: Table = Table {
    name: "task_plan_members",
    key: "plan_id, task_id",
    identity: false,
    columns: &[
        ("plan_id", Int),
        ("task_id", Int),
        ("added_by", Text),
        ("added_at", Text),
    ],
    of_district: "plan_id IN (SELECT id FROM task_plans WHERE district_id = $1)",
    refs: &[("plan_id", "task_plans"), ("task_id", "tasks")],
};

pub(super) const ITEM_DUTIES: Table = Table {
    name: "item_duties",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("item", Text),
        ("department", Text),
        ("duty", Text),
        ("lead", Int),
        ("set_by", Text),
        ("set_at", Text),
        ("withdrawn_by", OptText),
        ("withdrawn_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};
