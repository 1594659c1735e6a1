-- The registry, statistics versions, education groups, users, sessions, API tokens, audit log.
--
-- Portable SQL for SQLite and PostgreSQL. The runner replaces {{id}} with the backend's integer
-- identity primary key. Integers are BIGINT (they decode as i64 on both), booleans INTEGER 0/1,
-- timestamps TEXT in RFC 3339 UTC with milliseconds (fixed width, so they compare as text),
-- dates TEXT 'YYYY-MM-DD'. Nothing is deleted except sessions: a re-import is a new version.

CREATE TABLE districts (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- One row per import of a school year's statistics: the version and where it came from.
CREATE TABLE imports (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    note TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    UNIQUE (district_id, year, version)
);

-- One row per school per import: every field of the school statistics template.
CREATE TABLE school_years (
    import_id BIGINT NOT NULL REFERENCES imports (id),
    school_code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    urban_rural TEXT,
    parent_code TEXT,
    zone TEXT,
    group_name TEXT,
    students_primary BIGINT NOT NULL,
    classes_primary BIGINT NOT NULL,
    teachers_primary BIGINT NOT NULL,
    qualified_teachers_primary BIGINT NOT NULL,
    backbone_teachers_primary BIGINT NOT NULL,
    pe_arts_teachers_primary BIGINT NOT NULL,
    intermediate_title_teachers_primary BIGINT NOT NULL,
    students_junior BIGINT NOT NULL,
    classes_junior BIGINT NOT NULL,
    teachers_junior BIGINT NOT NULL,
    qualified_teachers_junior BIGINT NOT NULL,
    backbone_teachers_junior BIGINT NOT NULL,
    pe_arts_teachers_junior BIGINT NOT NULL,
    intermediate_title_teachers_junior BIGINT NOT NULL,
    students_senior BIGINT NOT NULL,
    teaching_room_area DOUBLE PRECISION NOT NULL,
    gym_area DOUBLE PRECISION NOT NULL,
    sports_ground_area DOUBLE PRECISION NOT NULL,
    equipment_value DOUBLE PRECISION NOT NULL,
    multimedia_rooms BIGINT NOT NULL,
    music_rooms BIGINT NOT NULL,
    art_rooms BIGINT NOT NULL,
    computers BIGINT NOT NULL,
    books BIGINT NOT NULL,
    longitude DOUBLE PRECISION,
    latitude DOUBLE PRECISION,
    PRIMARY KEY (import_id, school_code),
    CHECK ((longitude IS NULL) = (latitude IS NULL))
);
CREATE INDEX school_years_school_code ON school_years (school_code);

-- 教育集团. `groups` is a keyword in both dialects, hence the prefix.
CREATE TABLE edu_groups (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    lead_school TEXT,
    created_at TEXT NOT NULL
);

-- Membership history: a school leaves by getting left_on; rows are never deleted.
CREATE TABLE group_members (
    id {{id}},
    group_id BIGINT NOT NULL REFERENCES edu_groups (id),
    school_code TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    left_on TEXT
);
CREATE INDEX group_members_group_school ON group_members (group_id, school_code);

CREATE TABLE users (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_ref TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

-- Server-side sessions, keyed by the SHA-256 of the cookie secret.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- API tokens, keyed by the SHA-256 of the secret; revoked, never deleted.
CREATE TABLE api_tokens (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id {{id}},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
