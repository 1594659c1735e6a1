//! The tables of honours (issue 17: the 骨干 pipeline's titles, awards and 师德) in a backup.

use super::tables::{Int, Table, Text};

pub(super) const HONOUR_FILES: Table = Table {
    name: "honour_files",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("kind", Text),
        ("file_name", Text),
        ("sha256", Text),
        ("records", Int),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

const OF_FILES: &str = "file_id IN (SELECT id FROM honour_files WHERE district_id = $1)";

pub(super) const HONOUR_TITLES: Table = Table {
    name: "honour_titles",
    key: "file_id, line",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("line", Int),
        ("teacher", Text),
        ("title", Text),
        ("stage", Text),
        ("year", Int),
        ("issuer", Text),
    ],
    of_district: OF_FILES,
    refs: &[("file_id", "honour_files")],
};

pub(super) const HONOUR_AWARDS: Table = Table {
    name: "honour_awards",
    key: "file_id, line",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("line", Int),
        ("teacher", Text),
        ("year", Int),
        ("kind", Text),
        ("level", Text),
        ("title", Text),
    ],
    of_district: OF_FILES,
    refs: &[("file_id", "honour_files")],
};

pub(super) const HONOUR_ETHICS: Table = Table {
    name: "honour_ethics",
    key: "file_id, teacher, year",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("teacher", Text),
        ("year", Int),
        ("level", Text),
    ],
    of_district: OF_FILES,
    refs: &[("file_id", "honour_files")],
};
