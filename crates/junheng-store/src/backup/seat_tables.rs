//! The tables of 学位 (seats, issue 16) in a backup: the class tables of the school years.

use super::tables::{Int, Table, Text};

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
