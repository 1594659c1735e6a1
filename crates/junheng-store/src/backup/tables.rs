//! What a backup contains: every table, its key and its columns, parents before children.

/// Type of a column as the backup carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    /// BIGINT.
    Int,
    /// BIGINT, nullable.
    OptInt,
    /// INTEGER 0/1.
    Flag,
    /// DOUBLE PRECISION NOT NULL.
    Real,
    /// DOUBLE PRECISION, nullable.
    OptReal,
    /// TEXT NOT NULL.
    Text,
    /// TEXT, nullable.
    OptText,
}

pub(super) struct Table {
    pub(super) name: &'static str,
    /// ORDER BY of the dump: the primary key.
    pub(super) key: &'static str,
    /// Whether `id` is an identity the database must move past restored ids.
    pub(super) identity: bool,
    pub(super) columns: &'static [(&'static str, Col)],
}

pub(super) use Col::{Flag, Int, OptInt, OptReal, OptText, Real, Text};

/// Every backed-up table, parents before children. `sessions` is left out on purpose.
pub(super) const TABLES: &[Table] = &[
    Table {
        name: "districts",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("code", Text),
            ("name", Text),
            ("created_at", Text),
        ],
    },
    Table {
        name: "imports",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("district_id", Int),
            ("year", Int),
            ("version", Int),
            ("file_name", Text),
            ("sha256", Text),
            ("note", Text),
            ("row_count", Int),
            ("imported_at", Text),
            ("imported_by", Text),
        ],
    },
    Table {
        name: "school_years",
        key: "import_id, school_code",
        identity: false,
        columns: &[
            ("import_id", Int),
            ("school_code", Text),
            ("name", Text),
            ("kind", Text),
            ("urban_rural", OptText),
            ("parent_code", OptText),
            ("zone", OptText),
            ("group_name", OptText),
            ("students_primary", Int),
            ("classes_primary", Int),
            ("teachers_primary", Int),
            ("qualified_teachers_primary", Int),
            ("backbone_teachers_primary", Int),
            ("pe_arts_teachers_primary", Int),
            ("intermediate_title_teachers_primary", Int),
            ("students_junior", Int),
            ("classes_junior", Int),
            ("teachers_junior", Int),
            ("qualified_teachers_junior", Int),
            ("backbone_teachers_junior", Int),
            ("pe_arts_teachers_junior", Int),
            ("intermediate_title_teachers_junior", Int),
            ("students_senior", Int),
            ("teaching_room_area", Real),
            ("gym_area", Real),
            ("sports_ground_area", Real),
            ("equipment_value", Real),
            ("multimedia_rooms", Int),
            ("music_rooms", Int),
            ("art_rooms", Int),
            ("computers", Int),
            ("books", Int),
            ("longitude", OptReal),
            ("latitude", OptReal),
        ],
    },
    Table {
        name: "edu_groups",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("name", Text),
            ("kind", Text),
            ("lead_school", OptText),
            ("created_at", Text),
        ],
    },
    Table {
        name: "group_members",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("group_id", Int),
            ("school_code", Text),
            ("joined_on", Text),
            ("left_on", OptText),
        ],
    },
    Table {
        name: "users",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("name", Text),
            ("display_name", Text),
            ("role", Text),
            ("scope_kind", Text),
            ("scope_ref", Text),
            ("password_hash", Text),
            ("active", Flag),
            ("created_at", Text),
        ],
    },
    Table {
        name: "api_tokens",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("name", Text),
            ("token_hash", Text),
            ("created_at", Text),
            ("last_used_at", OptText),
            ("revoked_at", OptText),
        ],
    },
    Table {
        name: "submissions",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("year", Int),
            ("school_code", Text),
            ("record", Text),
            ("submitted_by", Text),
            ("submitted_at", Text),
            ("status", Text),
            ("decided_by", OptText),
            ("decided_at", OptText),
            ("note", Text),
            ("import_id", OptInt),
        ],
    },
    Table {
        name: "lotteries",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("title", Text),
            ("inputs", Text),
            ("digest", Text),
            ("created_by", Text),
            ("created_at", Text),
            ("pack", OptText),
            ("drawn_by", OptText),
            ("drawn_at", OptText),
        ],
    },
    Table {
        name: "audit_log",
        key: "id",
        identity: true,
        columns: &[
            ("id", Int),
            ("at", Text),
            ("actor", Text),
            ("action", Text),
            ("target", Text),
            ("detail", Text),
        ],
    },
];

/// Tables checked for emptiness before a restore: the backed-up ones and sessions.
pub(super) const ALL_TABLES: [&str; 11] = [
    "districts",
    "imports",
    "school_years",
    "edu_groups",
    "group_members",
    "users",
    "api_tokens",
    "submissions",
    "lotteries",
    "audit_log",
    "sessions",
];
