//! The tables of the 督导评估 (issue 19) in a backup: the district's statements on items, the
//! figures it entered for them, and the verdict's history.

use super::tables::{Bytes, Int, OptText, Real, Table, Text};

pub(super) const INSPECTION_ATTESTATIONS: Table = Table {
    name: "inspection_attestations",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("item", Text),
        ("met", Int),
        ("note", Text),
        ("made_by", Text),
        ("made_at", Text),
        ("withdrawn_by", OptText),
        ("withdrawn_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const INSPECTION_INPUTS: Table = Table {
    name: "inspection_inputs",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("name", Text),
        ("value", Real),
        ("source", Text),
        ("entered_by", Text),
        ("entered_at", Text),
        ("withdrawn_by", OptText),
        ("withdrawn_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const INSPECTION_SNAPSHOTS: Table = Table {
    name: "inspection_snapshots",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("rulebook", Text),
        ("rulebook_version", Text),
        ("stamp", Text),
        ("overall", Text),
        ("verdict", Text),
        ("computed_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const INSPECTION_TEMPLATES: Table = Table {
    name: "inspection_templates",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("content", Bytes),
        ("uploaded_by", Text),
        ("uploaded_at", Text),
        ("withdrawn_by", OptText),
        ("withdrawn_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};
