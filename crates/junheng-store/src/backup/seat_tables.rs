//! The tables of 学位 (seats, issue 16) in a backup: the class tables of the school years, and
//! their 划片, entrant and 指标到校 files.

use super::tables::{Flag, Int, OptText, Table, Text};

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
