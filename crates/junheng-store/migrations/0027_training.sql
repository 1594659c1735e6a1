-- 继续教育 (training, issue 17): the ledger of each teacher's training and the schools' training
-- budgets, for the 政府保障 item on 5 年 360 学时 and the 教育质量 item on ≥ 5 % of 公用经费 for
-- teacher training. A record names a teacher only by 教师编号 (no name, no ID number).

-- `training_files`: one batch of records — an imported ledger file, or one record entered on the
-- page (`kind` 'file' or 'entered'). `year` is the school year whose roster the teachers were
-- checked against; `records` the new records it added, `skipped` those already in the ledger
-- (same teacher, course and start date). Withdrawing a batch deletes its records.
CREATE TABLE training_files (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    records BIGINT NOT NULL,
    skipped BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX training_files_district ON training_files (district_id, id);

-- `training_records`: one training of one teacher. `level` national/city/district/school
-- (国培/市培/区培/校培), dates `YYYY-MM-DD`, `hours` in hundredths of a 学时, `source`
-- platform/entered. A teacher, course and start date is stored once in a district.
CREATE TABLE training_records (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    file_id BIGINT NOT NULL REFERENCES training_files (id),
    teacher TEXT NOT NULL,
    course TEXT NOT NULL,
    level TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    hours BIGINT NOT NULL,
    certificate TEXT,
    source TEXT NOT NULL,
    UNIQUE (district_id, teacher, course, start_date)
);
CREATE INDEX training_records_file ON training_records (file_id);

-- `training_budgets`: a school's 公用经费 budget of a calendar year and the part of it for
-- teacher training, whole 元; the latest entry of a school and year replaces the previous one.
CREATE TABLE training_budgets (
    district_id BIGINT NOT NULL REFERENCES districts (id),
    school TEXT NOT NULL,
    year BIGINT NOT NULL,
    public_funds BIGINT NOT NULL,
    training BIGINT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (district_id, school, year)
);
