//! The backed-up tables of 社会认可度自测 (migration 0036).

use super::tables::{Int, OptInt, OptText, Table, Text};

pub(super) const SURVEYS: Table = Table {
    name: "surveys",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("title", Text),
        ("questionnaire", Text),
        ("weighting", Text),
        ("min_cell", Int),
        ("opens_on", Text),
        ("closes_on", Text),
        ("status", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SURVEY_BATCHES: Table = Table {
    name: "survey_batches",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("survey_id", Int),
        ("respondent_group", Text),
        ("school", OptText),
        ("codes", Int),
        ("issued_by", Text),
        ("issued_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("survey_id", "surveys")],
};

pub(super) const SURVEY_CODES: Table = Table {
    name: "survey_codes",
    key: "token_hash",
    identity: false,
    columns: &[
        ("token_hash", Text),
        ("short_hash", Text),
        ("district_id", Int),
        ("batch_id", Int),
        ("used", Int),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("batch_id", "survey_batches")],
};

pub(super) const SURVEY_IMPORTS: Table = Table {
    name: "survey_imports",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("survey_id", Int),
        ("respondent_group", Text),
        ("school", OptText),
        ("file_name", Text),
        ("sha256", Text),
        ("responses", Int),
        ("imported_by", Text),
        ("imported_at", Text),
        ("withdrawn_by", OptText),
        ("withdrawn_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("survey_id", "surveys")],
};

pub(super) const SURVEY_RESPONSES: Table = Table {
    name: "survey_responses",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("survey_id", Int),
        ("respondent_group", Text),
        ("school", OptText),
        ("source", Text),
        ("import_id", OptInt),
        ("received_on", Text),
        ("answers", Text),
    ],
    of_district: "district_id = $1",
    refs: &[
        ("district_id", "districts"),
        ("survey_id", "surveys"),
        ("import_id", "survey_imports"),
    ],
};
