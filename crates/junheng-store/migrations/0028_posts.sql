-- 资格证, 编制 and 岗位 (区管校聘), teachers' pay (issue 17 items 2 and 7): 政府保障 items 8, 10
-- and 12 and the 有编不补 veto risk. Names no teacher beyond the roster's 教师编号.

-- `post_certificate_files`: one imported 教师资格证 file of a school year (`year`, 2024 =
-- 2024–2025学年); the latest of a year is current, withdrawing it brings the previous back.
CREATE TABLE post_certificate_files (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    rows_count BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX post_certificate_files_year ON post_certificate_files (district_id, year);

-- `post_certificates`: the certificates of one file; `kind` the engine's id (primary, junior…).
CREATE TABLE post_certificates (
    file_id BIGINT NOT NULL REFERENCES post_certificate_files (id),
    teacher TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    number TEXT,
    PRIMARY KEY (file_id, teacher, kind)
);

-- `post_staffing_files`: one imported 编制 file of a school year (核定编制, 在编教职工, 编外教师
-- per school); the latest of a year is current.
CREATE TABLE post_staffing_files (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    rows_count BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX post_staffing_files_year ON post_staffing_files (district_id, year);

CREATE TABLE post_staffing (
    file_id BIGINT NOT NULL REFERENCES post_staffing_files (id),
    school TEXT NOT NULL,
    approved BIGINT NOT NULL,
    on_post BIGINT NOT NULL,
    outside BIGINT NOT NULL,
    PRIMARY KEY (file_id, school)
);

-- `post_approved`: the district's approved totals of a school year (区管校聘); entering a year
-- again replaces it (the old figures stay in the audit log).
CREATE TABLE post_approved (
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    posts BIGINT NOT NULL,
    positions BIGINT,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (district_id, year)
);

-- `post_moves`: moves of approved posts between schools, recorded like rotation moves:
-- cancelled (`cancelled_at`), never edited; `year` is the school year of `moved_on`.
CREATE TABLE post_moves (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    from_school TEXT NOT NULL,
    to_school TEXT NOT NULL,
    posts BIGINT NOT NULL,
    moved_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    cancelled_by TEXT,
    cancelled_at TEXT
);
CREATE INDEX post_moves_year ON post_moves (district_id, year);

-- `teacher_pay`: a year's average pay of teachers and of local civil servants (元, item 8);
-- entering a year again replaces it (the old figures stay in the audit log).
CREATE TABLE teacher_pay (
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    teachers BIGINT NOT NULL,
    civil_servants BIGINT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (district_id, year)
);
