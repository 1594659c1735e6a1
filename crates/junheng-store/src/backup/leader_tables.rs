//! The tables of 校长、副校长任职 (issue 17 item 8) in a backup: the imported 任职表 and their terms.

use super::tables::{Int, OptInt, Table, Text};

pub(super) const LEADER_FILES: Table = Table {
    name: "leader_files",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("terms", Int),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const LEADER_TERMS: Table = Table {
    name: "leader_terms",
    key: "file_id, position",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("position", Int),
        ("person", Text),
        ("school", Text),
        ("post", Text),
        ("from_year", Int),
        ("to_year", OptInt),
    ],
    of_district: "file_id IN (SELECT id FROM leader_files WHERE district_id = $1)",
    refs: &[("file_id", "leader_files")],
};
