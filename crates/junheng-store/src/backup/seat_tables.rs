//! The tables of 学位 (seats, issue 16) in a backup: the class tables of the school years and
//! their 划片, entrant and 指标到校 files, the building projects (一校一案) with their money, and
//! the forecast's births, 学区 map, enrolment and capacity.

use super::tables::{Flag, Int, OptInt, OptText, Real, Table, Text};

pub(super) const SEAT_CLASS_FILES: Table = Table {
    name: "seat_class_files",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("classes", Int),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_CLASSES: Table = Table {
    name: "seat_classes",
    key: "file_id, school, grade, class",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("school", Text),
        ("grade", Int),
        ("class", Text),
        ("pupils", Int),
    ],
    of_district: "file_id IN (SELECT id FROM seat_class_files WHERE district_id = $1)",
    refs: &[("file_id", "seat_class_files")],
};

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

pub(super) const SEAT_BIRTHS: Table = Table {
    name: "seat_births",
    key: "district_id, area, series, year",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("area", Text),
        ("series", Text),
        ("year", Int),
        ("births", Int),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_AREA_ZONES: Table = Table {
    name: "seat_area_zones",
    key: "district_id, area, zone",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("area", Text),
        ("zone", Text),
        ("share", Real),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_ENROLMENT: Table = Table {
    name: "seat_enrolment",
    key: "district_id, year, school, grade",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("year", Int),
        ("school", Text),
        ("grade", Int),
        ("pupils", Int),
        ("migrant", Int),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_CAPACITY: Table = Table {
    name: "seat_capacity",
    key: "district_id, year, school",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("year", Int),
        ("school", Text),
        ("primary_classes", OptInt),
        ("junior_classes", OptInt),
        ("primary_seats", OptInt),
        ("junior_seats", OptInt),
        ("classrooms", OptInt),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_ZONING_FILES: Table = Table {
    name: "seat_zoning_files",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("kind", Text),
        ("file_name", Text),
        ("sha256", Text),
        ("row_count", Int),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

const OF_ZONING_FILE: &str = "file_id IN (SELECT id FROM seat_zoning_files WHERE district_id = $1)";

pub(super) const SEAT_CATCHMENTS: Table = Table {
    name: "seat_catchments",
    key: "file_id, section, street, community, school",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("section", Text),
        ("street", Text),
        ("community", Text),
        ("school", Text),
        ("lottery_zone", OptText),
        ("private", Flag),
        ("boarding", Flag),
    ],
    of_district: OF_ZONING_FILE,
    refs: &[("file_id", "seat_zoning_files")],
};

pub(super) const SEAT_ENTRANTS: Table = Table {
    name: "seat_entrants",
    key: "file_id, section, school, street, community",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("section", Text),
        ("school", Text),
        ("street", Text),
        ("community", Text),
        ("pupils", Int),
    ],
    of_district: OF_ZONING_FILE,
    refs: &[("file_id", "seat_zoning_files")],
};

pub(super) const SEAT_QUOTAS: Table = Table {
    name: "seat_quotas",
    key: "file_id, high_school, junior",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("high_school", Text),
        ("high_plan", Int),
        ("junior", Text),
        ("quota", Int),
        ("graduates", Int),
    ],
    of_district: OF_ZONING_FILE,
    refs: &[("file_id", "seat_zoning_files")],
};
