//! The tables of 学位 (issue 16) in a backup: the building projects (一校一案) and their money.

use super::tables::{Int, OptInt, OptText, Table, Text};

pub(super) const SEAT_PROJECTS: Table = Table {
    name: "seat_projects",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("name", Text),
        ("school_code", Text),
        ("kind", Text),
        ("status", Text),
        ("year_planned", Int),
        ("year_opened", OptInt),
        ("additions", Text),
        ("seats_added", Int),
        ("cost", Int),
        ("funding", Text),
        ("started_on", OptText),
        ("completed_on", OptText),
        ("note", Text),
        ("created_by", Text),
        ("created_at", Text),
        ("updated_by", Text),
        ("updated_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_PROJECT_MONEY: Table = Table {
    name: "seat_project_money",
    key: "project_id, year",
    identity: false,
    columns: &[
        ("project_id", Int),
        ("year", Int),
        ("planned", Int),
        ("spent", Int),
    ],
    of_district: "project_id IN (SELECT id FROM seat_projects WHERE district_id = $1)",
    refs: &[("project_id", "seat_projects")],
};
