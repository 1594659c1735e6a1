-- Students (issue 13). A child's data is sensitive personal information (PIPL): the name and
-- the 学籍号 are stored only sealed (AES-256-GCM under a key held outside the database, bound to
-- the row's pseudonym and column), and every other table names a child by `students.id` or by
-- the pseudonym (HMAC-SHA256 of the 学籍号 under a second key). No column holds a name, a
-- 学籍号 or an ID number in clear.
--
-- `students`: one row per child known to the district, matched across years and schools by the
-- pseudonym. `birth_month` (YYYY-MM) and `male` are what the statistics need of the birth date
-- and sex. `reduced_at` is set when retention reduced the record: the sealed name and number are
-- erased (emptied) and the child remains only as counts need it.
CREATE TABLE students (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    pseudonym TEXT NOT NULL,
    number_sealed {{bytes}} NOT NULL,
    name_sealed {{bytes}} NOT NULL,
    male BIGINT NOT NULL,
    birth_month TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reduced_at TEXT,
    UNIQUE (district_id, pseudonym)
);

-- `student_imports`: one registry (学籍) file of a school and school year (`year`: the year the
-- school year starts, 2024 = 2024–2025学年). A new file for the same school and year is the next
-- version; the latest version is the registry. `public` is the school's 办学性质 as the file was
-- imported (1 公办, 0 民办). `counts` is the JSON of the file's counts per grade and category,
-- written once, so rates never scan the registry. The file itself is not kept.
CREATE TABLE student_imports (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    school TEXT NOT NULL,
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    public BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    students BIGINT NOT NULL,
    counts TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (district_id, school, year, version)
);

-- `student_records`: the children of one registry file. `flags` is a bit set (see
-- junheng_store::students::Flags); `class` and the family flags are erased when retention
-- reduces the record.
CREATE TABLE student_records (
    import_id BIGINT NOT NULL REFERENCES student_imports (id),
    student_id BIGINT NOT NULL REFERENCES students (id),
    stage TEXT NOT NULL,
    grade BIGINT NOT NULL,
    class TEXT,
    migrant_from TEXT,
    disability TEXT,
    placement TEXT,
    flags BIGINT NOT NULL,
    PRIMARY KEY (import_id, student_id)
);
CREATE INDEX student_records_student ON student_records (student_id);

-- `student_events`: 入学, 转入, 转出, 休学, 复学, 辍学, 死亡, 毕业 and 无故缺勤 (absence, with
-- its days) of a child at a school, dated, with the school year (`year`) and the child's grade
-- then (`grade`), so a cohort's flows are counted without the registry. `other_place` is the other end of a transfer (a
-- school or a place, free text); `confirmed` says whether a 转出's destination confirmed it.
CREATE TABLE student_events (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    student_id BIGINT NOT NULL REFERENCES students (id),
    school TEXT NOT NULL,
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    year BIGINT NOT NULL,
    grade BIGINT NOT NULL,
    other_place TEXT NOT NULL,
    confirmed BIGINT NOT NULL,
    days BIGINT NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX student_events_student ON student_events (district_id, student_id, on_date);
CREATE INDEX student_events_day ON student_events (district_id, on_date);

-- `dropout_cases`: 控辍保学, one case per episode of a child at risk ("一人一案"): its current
-- state, owner and plan; `closed_on` when it ended (复学 销号 or another lawful situation).
-- `dropout_steps` is every transition (dated, by whom, why); `dropout_attempts` every 劝返.
CREATE TABLE dropout_cases (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    student_id BIGINT NOT NULL REFERENCES students (id),
    school TEXT NOT NULL,
    state TEXT NOT NULL,
    owner TEXT NOT NULL,
    plan TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    state_since TEXT NOT NULL,
    closed_on TEXT
);
CREATE INDEX dropout_cases_open ON dropout_cases (district_id, closed_on, school);
CREATE INDEX dropout_cases_student ON dropout_cases (student_id);

CREATE TABLE dropout_steps (
    id {{id}},
    case_id BIGINT NOT NULL REFERENCES dropout_cases (id),
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    on_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX dropout_steps_case ON dropout_steps (case_id, id);

CREATE TABLE dropout_attempts (
    id {{id}},
    case_id BIGINT NOT NULL REFERENCES dropout_cases (id),
    on_date TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX dropout_attempts_case ON dropout_attempts (case_id, id);

-- `student_inputs`: the figures rates need from outside the registry, per school year: the
-- 适龄人口 (`population`) and the 残联's count of 适龄三类残疾儿童少年 (`disabled`).
CREATE TABLE student_inputs (
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    name TEXT NOT NULL,
    value BIGINT NOT NULL,
    source TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (district_id, year, name)
);

-- `student_access`: every read of a named child and every export of a named list — who, which
-- child (by id only), what (the page or the file), when. The audit log holds one line per read
-- or export; this table the children it named.
CREATE TABLE student_access (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    what TEXT NOT NULL,
    student_id BIGINT NOT NULL
);
CREATE INDEX student_access_student ON student_access (student_id);
CREATE INDEX student_access_at ON student_access (district_id, at);
