//! The tables of 继续教育 (training, issue 17) in a backup: the ledger's batches and records and
//! the schools' training budgets.

use super::tables::{Int, OptText, Table, Text};

pub(super) const TRAINING_FILES: Table = Table {
    name: "training_files",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("kind", Text),
        ("file_name", Text),
        ("sha256", Text),
        ("records", Int),
        ("skipped", Int),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const TRAINING_RECORDS: Table = Table {
    name: "training_records",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("file_id", Int),
        ("teacher", Text),
        ("course", Text),
        ("level", Text),
        ("start_date", Text),
        ("end_date", Text),
        ("hours", Int),
        ("certificate", OptText),
        ("source", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("file_id", "training_files")],
};

pub(super) const TRAINING_BUDGETS: Table = Table {
    name: "training_budgets",
    key: "district_id, school, year",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("school", Text),
        ("year", Int),
        ("public_funds", Int),
        ("training", Int),
        ("entered_by", Text),
        ("entered_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};
