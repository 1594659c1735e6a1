-- 质量监测 (issue 15): exams, each school's scores as one sealed file, and the national
-- monitoring's (NAEQ) results as entered. Scores are children's data: each school's columns
-- (students by pseudonymous key, classes, every paper's scores and statuses) are stored only
-- sealed (AES-256-GCM under the student key, bound to the exam and the school). In clear: what
-- finds a file (exam, school, version) and how many students and sittings it holds.

-- `exams`: an exam of a school year (`year`, 2025 = 2025–2026学年) for one grade: its kind
-- (final 期末 / unified 统考 / joint 联考 / monitoring 监测), its scope (school / district /
-- joint / city) and its papers (JSON: subject, full marks and lines in tenths of a point).
CREATE TABLE exams (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    name TEXT NOT NULL,
    year BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    grade BIGINT NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    papers TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (district_id, name)
);
CREATE INDEX exams_year ON exams (district_id, year, grade);

-- `exam_files`: one school's scores of an exam, versioned (the latest version is the school's);
-- `sealed` holds the school's columns.
CREATE TABLE exam_files (
    id {{id}},
    exam_id BIGINT NOT NULL REFERENCES exams (id),
    school TEXT NOT NULL,
    version BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    students BIGINT NOT NULL,
    sittings BIGINT NOT NULL,
    sealed {{bytes}} NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (exam_id, school, version)
);

-- `naeq_results`: the national monitoring's result for the district in a year and subject, as
-- published to it: 学业水平 (1–4, optional) and the 校际差异率 with its unit explicit (`ratio`
-- 0.15 or `percent` 15). Only these values decide the 督导 item; local estimates never do.
CREATE TABLE naeq_results (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    subject TEXT NOT NULL,
    level BIGINT,
    between_school DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    UNIQUE (district_id, year, subject)
);
