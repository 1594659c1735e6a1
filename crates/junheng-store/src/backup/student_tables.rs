//! The tables of the student capabilities (issues 13 and 14) in a backup: the registry, events,
//! 控辍保学 cases and the access log, then the health rounds, files, sealed records and 心理
//! cases, and the exams of 质量监测 (issue 15) with their sealed files. Sealed columns are carried
//! sealed (the key never is).

use super::tables::{Bytes, Int, OptInt, OptText, Real, Table, Text};

pub(super) const STUDENTS: Table = Table {
    name: "students",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("pseudonym", Text),
        ("number_sealed", Bytes),
        ("name_sealed", Bytes),
        ("male", Int),
        ("birth_month", Text),
        ("created_at", Text),
        ("reduced_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const STUDENT_IMPORTS: Table = Table {
    name: "student_imports",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("school", Text),
        ("year", Int),
        ("version", Int),
        ("public", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("students", Int),
        ("counts", Text),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const STUDENT_RECORDS: Table = Table {
    name: "student_records",
    key: "import_id, student_id",
    identity: false,
    columns: &[
        ("import_id", Int),
        ("student_id", Int),
        ("stage", Text),
        ("grade", Int),
        ("class", OptText),
        ("migrant_from", OptText),
        ("disability", OptText),
        ("placement", OptText),
        ("flags", Int),
    ],
    of_district: "import_id IN (SELECT id FROM student_imports WHERE district_id = $1)",
    refs: &[("import_id", "student_imports"), ("student_id", "students")],
};

pub(super) const STUDENT_EVENTS: Table = Table {
    name: "student_events",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("student_id", Int),
        ("school", Text),
        ("kind", Text),
        ("on_date", Text),
        ("year", Int),
        ("grade", Int),
        ("other_place", Text),
        ("confirmed", Int),
        ("days", Int),
        ("note", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("student_id", "students")],
};

pub(super) const DROPOUT_CASES: Table = Table {
    name: "dropout_cases",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("student_id", Int),
        ("school", Text),
        ("state", Text),
        ("owner", Text),
        ("plan", Text),
        ("opened_on", Text),
        ("state_since", Text),
        ("closed_on", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("student_id", "students")],
};

pub(super) const DROPOUT_STEPS: Table = Table {
    name: "dropout_steps",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("case_id", Int),
        ("from_state", Text),
        ("to_state", Text),
        ("on_date", Text),
        ("reason", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "case_id IN (SELECT id FROM dropout_cases WHERE district_id = $1)",
    refs: &[("case_id", "dropout_cases")],
};

pub(super) const DROPOUT_ATTEMPTS: Table = Table {
    name: "dropout_attempts",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("case_id", Int),
        ("on_date", Text),
        ("by_whom", Text),
        ("outcome", Text),
        ("note", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "case_id IN (SELECT id FROM dropout_cases WHERE district_id = $1)",
    refs: &[("case_id", "dropout_cases")],
};

pub(super) const STUDENT_INPUTS: Table = Table {
    name: "student_inputs",
    key: "district_id, year, name",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("year", Int),
        ("name", Text),
        ("value", Int),
        ("source", Text),
        ("entered_by", Text),
        ("entered_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const STUDENT_ACCESS: Table = Table {
    name: "student_access",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("at", Text),
        ("actor", Text),
        ("what", Text),
        ("student_id", Int),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("student_id", "students")],
};

pub(super) const HEALTH_PACKS: Table = Table {
    name: "health_packs",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("version", Text),
        ("files", Text),
        ("loaded_by", Text),
        ("loaded_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const HEALTH_ROUNDS: Table = Table {
    name: "health_rounds",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("kind", Text),
        ("name", Text),
        ("year", Int),
        ("on_date", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const HEALTH_FILES: Table = Table {
    name: "health_files",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("round_id", Int),
        ("school", Text),
        ("version", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("records", Int),
        ("counts", Text),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "round_id IN (SELECT id FROM health_rounds WHERE district_id = $1)",
    refs: &[("round_id", "health_rounds")],
};

pub(super) const HEALTH_RECORDS: Table = Table {
    name: "health_records",
    key: "file_id, student_id",
    identity: false,
    columns: &[
        ("file_id", Int),
        ("student_id", Int),
        ("grade", Int),
        ("class", Text),
        ("sealed", Bytes),
    ],
    of_district: "file_id IN (SELECT f.id FROM health_files f JOIN health_rounds r \
                  ON r.id = f.round_id WHERE r.district_id = $1)",
    refs: &[("file_id", "health_files"), ("student_id", "students")],
};

pub(super) const MENTAL_CASES: Table = Table {
    name: "mental_cases",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("student_id", Int),
        ("school", Text),
        ("class", Text),
        ("round_id", OptInt),
        ("opened_on", Text),
        ("due_on", Text),
        ("closed_on", OptText),
        ("sealed", Bytes),
    ],
    of_district: "district_id = $1",
    refs: &[
        ("district_id", "districts"),
        ("student_id", "students"),
        ("round_id", "health_rounds"),
    ],
};

pub(super) const MENTAL_NOTES: Table = Table {
    name: "mental_notes",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("case_id", Int),
        ("on_date", Text),
        ("sealed", Bytes),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "case_id IN (SELECT id FROM mental_cases WHERE district_id = $1)",
    refs: &[("case_id", "mental_cases")],
};

pub(super) const EXAMS: Table = Table {
    name: "exams",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("name", Text),
        ("year", Int),
        ("on_date", Text),
        ("grade", Int),
        ("kind", Text),
        ("scope", Text),
        ("papers", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const EXAM_FILES: Table = Table {
    name: "exam_files",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("exam_id", Int),
        ("school", Text),
        ("version", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("students", Int),
        ("sittings", Int),
        ("sealed", Bytes),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "exam_id IN (SELECT id FROM exams WHERE district_id = $1)",
    refs: &[("exam_id", "exams")],
};

pub(super) const NAEQ_RESULTS: Table = Table {
    name: "naeq_results",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("year", Int),
        ("subject", Text),
        ("level", OptInt),
        ("between_school", Real),
        ("unit", Text),
        ("entered_by", Text),
        ("entered_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};
