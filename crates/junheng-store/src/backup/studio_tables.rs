//! The tables of 名师工作室 and 师徒结对 (issue 17) in a backup: the imported files and their
//! studios, outputs and pairs.

use super::tables::{Int, OptText, Table, Text};

pub(super) const TEACHER_STUDIO_FILES: Table = Table {
    name: "teacher_studio_files",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
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

const OF_FILE: &str = "file_id IN (SELECT id FROM teacher_studio_files WHERE district_id = $1)";

pub(super) const TEACHER_STUDIOS: Table = Table {
    name: "teacher_studios",
    key: "file_id, position",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("position", Int),
        ("name", Text),
        ("kind", Text),
        ("level", Text),
        ("subject", Text),
        ("host", Text),
        ("host_school", Text),
        ("start_on", Text),
        ("end_on", OptText),
        ("status", Text),
        ("members", Text),
    ],
    of_district: OF_FILE,
    refs: &[("file_id", "teacher_studio_files")],
};

pub(super) const TEACHER_STUDIO_OUTPUTS: Table = Table {
    name: "teacher_studio_outputs",
    key: "file_id, position",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("position", Int),
        ("studio", Text),
        ("year", Int),
        ("kind", Text),
        ("count", Int),
        ("schools", Text),
    ],
    of_district: OF_FILE,
    refs: &[("file_id", "teacher_studio_files")],
};

pub(super) const TEACHER_MENTOR_PAIRS: Table = Table {
    name: "teacher_mentor_pairs",
    key: "file_id, position",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("position", Int),
        ("mentor", Text),
        ("mentor_school", Text),
        ("mentee", Text),
        ("mentee_school", Text),
        ("subject", Text),
        ("start_on", Text),
        ("end_on", OptText),
        ("goals", Text),
        ("meetings_held", Int),
        ("meetings_planned", Int),
        ("outcome", OptText),
    ],
    of_district: OF_FILE,
    refs: &[("file_id", "teacher_studio_files")],
};
