-- Student health (issue 14): 体质健康, 视力筛查 and 心理测评. Health data of a child is the most
-- sensitive data Junheng holds (PIPL §28): every measurement, score, answer and note is stored
-- only sealed (AES-256-GCM under the student key, bound to the child's pseudonym, the round and
-- the column), and the tables name a child by `students.id` only. What stays in clear is what
-- the queries need to find rows (round, school, grade, class, dates) and the aggregate counts
-- of each file, which name nobody.

-- `health_packs`: 体质健康 scoring packs a district loaded (the standard's tables as data),
-- each a version; `files` is the JSON object of the pack's CSV files by name. The shipped pack
-- is built in and not stored; the latest loaded pack, if any, scores the district's rounds.
CREATE TABLE health_packs (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    version TEXT NOT NULL,
    files TEXT NOT NULL,
    loaded_by TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    UNIQUE (district_id, version)
);

-- `health_rounds`: a 体质健康 test round, a 视力筛查 round or a 心理测评 wave (`kind`
-- fitness / vision / mental) of a school year (`year`, 2024 = 2024–2025学年), dated.
CREATE TABLE health_rounds (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    year BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (district_id, kind, name)
);
CREATE INDEX health_rounds_kind ON health_rounds (district_id, kind, on_date);

-- `health_files`: one school's file of a round, versioned (the latest version is the school's
-- round). `counts` is the JSON of the file's aggregate counts, written at import (and again
-- when a new scoring pack is loaded), so rates never open a sealed row. The file is not kept.
CREATE TABLE health_files (
    id {{id}},
    round_id BIGINT NOT NULL REFERENCES health_rounds (id),
    school TEXT NOT NULL,
    version BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    records BIGINT NOT NULL,
    counts TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (round_id, school, version)
);

-- `health_records`: a child's record in a file; `sealed` holds the measurements or answers
-- (JSON) sealed to the child's pseudonym and the round. Erasure deletes the row.
CREATE TABLE health_records (
    file_id BIGINT NOT NULL REFERENCES health_files (id),
    student_id BIGINT NOT NULL REFERENCES students (id),
    grade BIGINT NOT NULL,
    class TEXT NOT NULL,
    sealed {{bytes}} NOT NULL,
    PRIMARY KEY (file_id, student_id)
);
CREATE INDEX health_records_student ON health_records (student_id);

-- `mental_cases`: 心理 follow-up of a child, one per episode (一生一策). In clear: the child,
-- the school and class, when it opened, when the current tier's next action is due (its SLA)
-- and when it closed; the tier, the owner, the plan and the crisis procedure's step are sealed.
CREATE TABLE mental_cases (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    student_id BIGINT NOT NULL REFERENCES students (id),
    school TEXT NOT NULL,
    class TEXT NOT NULL,
    round_id BIGINT REFERENCES health_rounds (id),
    opened_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    closed_on TEXT,
    sealed {{bytes}} NOT NULL
);
CREATE INDEX mental_cases_open ON mental_cases (district_id, closed_on, school);
CREATE INDEX mental_cases_student ON mental_cases (student_id);

-- `mental_notes`: every entry of a case (复核, tier change, plan, referral, a step of the crisis
-- procedure, a follow-up), dated and attributed; its content sealed.
CREATE TABLE mental_notes (
    id {{id}},
    case_id BIGINT NOT NULL REFERENCES mental_cases (id),
    on_date TEXT NOT NULL,
    sealed {{bytes}} NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX mental_notes_case ON mental_notes (case_id, id);
