-- 结对帮扶 (pairings, issue 12 item 5): who helps whom. The helper is a school of the district
-- (`helper_school`), a partner outside it (`helper_name` and `helper_place`, its 区县 or 省: no
-- code), or an expert team (`helper_name`, `team_teachers`); the helped schools are schools of
-- the district (`pairing_schools`). `kind` and `help_kinds` hold the stable identifiers of
-- `junheng_core::pairing` (kinds of help comma-separated). Dates are YYYY-MM-DD; a pairing
-- without `ended_on` is still running. Activities are added, never edited.
CREATE TABLE pairings (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    kind TEXT NOT NULL,
    helper_school TEXT,
    helper_name TEXT NOT NULL,
    helper_place TEXT NOT NULL,
    team_teachers BIGINT,
    help_kinds TEXT NOT NULL,
    started_on TEXT NOT NULL,
    ended_on TEXT,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX pairings_district ON pairings (district_id, started_on);

CREATE TABLE pairing_schools (
    pairing_id BIGINT NOT NULL REFERENCES pairings (id),
    school_code TEXT NOT NULL,
    PRIMARY KEY (pairing_id, school_code)
);

CREATE TABLE pairing_activities (
    id {{id}},
    pairing_id BIGINT NOT NULL REFERENCES pairings (id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    hours DOUBLE PRECISION NOT NULL,
    participants BIGINT NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX pairing_activities_pairing ON pairing_activities (pairing_id, held_on);

-- 三个课堂 usage (issue 12 item 6): sessions of 专递课堂, 名师课堂, 名校网络课堂 and 同步课堂,
-- given by a school of the district (`giver_school`) or an outside giver (`giver_name`), received
-- by a school of the district. A session file is imported whole or not at all
-- (`classroom_imports`, one row per file; the same file twice is refused by its digest);
-- sessions entered on the web have no import.
CREATE TABLE classroom_imports (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    sessions BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (district_id, sha256)
);

CREATE TABLE classroom_sessions (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    import_id BIGINT REFERENCES classroom_imports (id),
    kind TEXT NOT NULL,
    giver_school TEXT,
    giver_name TEXT NOT NULL,
    receiver_school TEXT NOT NULL,
    subject TEXT NOT NULL,
    held_on TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX classroom_sessions_district ON classroom_sessions (district_id, held_on);
