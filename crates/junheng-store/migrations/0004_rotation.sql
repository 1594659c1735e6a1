-- Teacher rotation (交流轮岗): the roster of every school year and the rotation ledger.
--
-- Enums are stored as their snake_case serde names. No national ID numbers: teacher_id is the
-- bureau's own 教师编号 (junheng-rotation refuses ID-number shapes).

-- One row per upload of a school year's roster (教师花名册): a re-upload is a new version, the
-- earlier ones stay readable.
CREATE TABLE roster_versions (
    id {{id}},
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    teacher_count BIGINT NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    UNIQUE (year, version)
);

-- One row per teacher per roster version.
CREATE TABLE roster_teachers (
    version_id BIGINT NOT NULL REFERENCES roster_versions (id),
    teacher_id TEXT NOT NULL,
    school_code TEXT NOT NULL,
    section TEXT NOT NULL,
    subject TEXT NOT NULL,
    degree TEXT NOT NULL,
    backbone TEXT NOT NULL,
    pe_arts INTEGER NOT NULL CHECK (pe_arts IN (0, 1)),
    start_year BIGINT NOT NULL,
    birth_year BIGINT NOT NULL,
    sex TEXT NOT NULL,
    on_staff INTEGER NOT NULL CHECK (on_staff IN (0, 1)),
    title TEXT,
    PRIMARY KEY (version_id, teacher_id)
);
CREATE INDEX roster_teachers_teacher ON roster_teachers (teacher_id);

-- The ledger (交流轮岗台账): a move is cancelled, never deleted or edited.
CREATE TABLE rotation_moves (
    id {{id}},
    teacher_id TEXT NOT NULL,
    from_school TEXT NOT NULL,
    to_school TEXT NOT NULL,
    start_year BIGINT NOT NULL,
    end_year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    note TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    cancelled_by TEXT,
    cancel_reason TEXT,
    CHECK (start_year <= end_year),
    CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL))
);
CREATE INDEX rotation_moves_teacher ON rotation_moves (teacher_id, start_year);
CREATE INDEX rotation_moves_years ON rotation_moves (start_year, end_year);
