//! The tables of 劳动教育 (issue 18) in a backup: the lists' versions, the passport's records,
//! their verifications and the ratings.

use super::tables::{Int, OptInt, OptText, Table, Text};

pub(super) const LABOUR_LISTS: Table = Table {
    name: "labour_lists",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("school", Text),
        ("version", Int),
        ("parent_version", OptInt),
        ("list", Text),
        ("items", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("created_by", Text),
        ("created_at", Text),
        ("withdrawn_by", OptText),
        ("withdrawn_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const LABOUR_RECORDS: Table = Table {
    name: "labour_records",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("student_id", Int),
        ("school", Text),
        ("class", Text),
        ("item", Text),
        ("day", Text),
        ("minutes", Int),
        ("evidence", Text),
        ("reporter", Text),
        ("batch", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("student_id", "students")],
};

pub(super) const LABOUR_VERIFICATIONS: Table = Table {
    name: "labour_verifications",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("record_id", Int),
        ("verifier", Text),
        ("decision", Text),
        ("day", Text),
        ("decided_by", Text),
        ("decided_at", Text),
    ],
    of_district: "record_id IN (SELECT id FROM labour_records WHERE district_id = $1)",
    refs: &[("record_id", "labour_records")],
};

pub(super) const LABOUR_RATINGS: Table = Table {
    name: "labour_ratings",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("student_id", Int),
        ("year", Int),
        ("semester", Text),
        ("rater", Text),
        ("ability", Int),
        ("habit", Int),
        ("quality", Int),
        ("item", OptText),
        ("rated_by", Text),
        ("rated_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("student_id", "students")],
};

pub(super) const LABOUR_LINKS: Table = Table {
    name: "labour_links",
    key: "token_hash",
    identity: false,
    columns: &[
        ("token_hash", Text),
        ("district_id", Int),
        ("record_id", Int),
        ("expires_on", Text),
        ("used_at", OptText),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[
        ("district_id", "districts"),
        ("record_id", "labour_records"),
    ],
};
