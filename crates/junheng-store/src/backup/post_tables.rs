//! The tables of 资格证, 编制 and 岗位, teachers' pay (issue 17, `posts`) in a backup.

use super::tables::{Int, OptInt, OptText, Table, Text};

/// A file table of `posts` (same columns for certificates and staffing).
const fn file_table(name: &'static str) -> Table {
    Table {
        name,
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("district_id", Int),
            ("year", Int),
            ("file_name", Text),
            ("sha256", Text),
            ("rows_count", Int),
            ("imported_by", Text),
            ("imported_at", Text),
        ],
        of_district: "district_id = $1",
        refs: &[("district_id", "districts")],
    }
}

pub(super) const POST_CERTIFICATE_FILES: Table = file_table("post_certificate_files");

pub(super) const POST_CERTIFICATES: Table = Table {
    name: "post_certificates",
    key: "file_id, teacher, kind",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("teacher", Text),
        ("kind", Text),
        ("subject", Text),
        ("number", OptText),
    ],
    of_district: "file_id IN (SELECT id FROM post_certificate_files WHERE district_id = $1)",
    refs: &[("file_id", "post_certificate_files")],
};

pub(super) const POST_STAFFING_FILES: Table = file_table("post_staffing_files");

pub(super) const POST_STAFFING: Table = Table {
    name: "post_staffing",
    key: "file_id, school",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("school", Text),
        ("approved", Int),
        ("on_post", Int),
        ("outside", Int),
    ],
    of_district: "file_id IN (SELECT id FROM post_staffing_files WHERE district_id = $1)",
    refs: &[("file_id", "post_staffing_files")],
};

pub(super) const POST_APPROVED: Table = Table {
    name: "post_approved",
    key: "district_id, year",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("year", Int),
        ("posts", Int),
        ("positions", OptInt),
        ("entered_by", Text),
        ("entered_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const POST_MOVES: Table = Table {
    name: "post_moves",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("from_school", Text),
        ("to_school", Text),
        ("posts", Int),
        ("moved_on", Text),
        ("reason", Text),
        ("recorded_by", Text),
        ("recorded_at", Text),
        ("cancelled_by", OptText),
        ("cancelled_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const TEACHER_PAY: Table = Table {
    name: "teacher_pay",
    key: "district_id, year",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("year", Int),
        ("teachers", Int),
        ("civil_servants", Int),
        ("entered_by", Text),
        ("entered_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};
