-- 劳动教育基地与联盟, and 五育 coverage (issue 18, items 5 and 6). School-level figures only:
-- no child is named in any of these tables.

-- `labour_batches`: one batch of a district: an imported file or an entry made on a page
-- (`file_name` 手工录入, `sha256` empty). `kind` is `bases`, `alliances`, `visits`, `breaks`,
-- `arts`, `specialties`, `football` or `trips`. Withdrawing (撤回) a batch deletes it and its
-- rows; a batch of bases still used by a visit or an alliance cannot be withdrawn.
CREATE TABLE labour_batches (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    records BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX labour_batches_kind ON labour_batches (district_id, kind);

-- `labour_bases`: a base, named once in its district; `kind` is the engine's id (school,
-- community, farm, enterprise); `school` the host school's 学校标识码, empty for none.
CREATE TABLE labour_bases (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    school TEXT NOT NULL,
    UNIQUE (district_id, name)
);

-- `labour_alliances`: a 劳动教育联盟, named once in its district, its member schools and the
-- bases its members share.
CREATE TABLE labour_alliances (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    name TEXT NOT NULL,
    UNIQUE (district_id, name)
);
CREATE TABLE labour_alliance_schools (
    alliance_id BIGINT NOT NULL REFERENCES labour_alliances (id),
    school TEXT NOT NULL,
    PRIMARY KEY (alliance_id, school)
);
CREATE TABLE labour_alliance_bases (
    alliance_id BIGINT NOT NULL REFERENCES labour_alliances (id),
    base_id BIGINT NOT NULL REFERENCES labour_bases (id),
    PRIMARY KEY (alliance_id, base_id)
);

-- `labour_visits`: children of a school at a base on a day (`day` YYYY-MM-DD).
CREATE TABLE labour_visits (
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    line BIGINT NOT NULL,
    base_id BIGINT NOT NULL REFERENCES labour_bases (id),
    school TEXT NOT NULL,
    day TEXT NOT NULL,
    students BIGINT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (batch_id, line)
);
CREATE INDEX labour_visits_base ON labour_visits (base_id, day);

-- `five_breaks`: 大课间 days held of school days, per school and term (`semester` first or
-- second); the newest batch's record of a school and term is the record.
CREATE TABLE five_breaks (
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    line BIGINT NOT NULL,
    school TEXT NOT NULL,
    year BIGINT NOT NULL,
    semester TEXT NOT NULL,
    days_held BIGINT NOT NULL,
    school_days BIGINT NOT NULL,
    PRIMARY KEY (batch_id, line)
);

-- `five_arts`: children reached by 美育 practice of the school's children, per school and
-- year; the newest batch's record of a school and year is the record.
CREATE TABLE five_arts (
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    line BIGINT NOT NULL,
    school TEXT NOT NULL,
    year BIGINT NOT NULL,
    students_reached BIGINT NOT NULL,
    students BIGINT NOT NULL,
    PRIMARY KEY (batch_id, line)
);

-- `five_specialties`: 特色学校 recognitions (`kind` sports, arts, science, labour; `level`
-- national, provincial, city, district), from a school year until one (`until_year` 0: still).
CREATE TABLE five_specialties (
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    line BIGINT NOT NULL,
    school TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    since BIGINT NOT NULL,
    until_year BIGINT NOT NULL,
    PRIMARY KEY (batch_id, line)
);

-- `five_football`: 校园足球特色学校 recognitions, likewise.
CREATE TABLE five_football (
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    line BIGINT NOT NULL,
    school TEXT NOT NULL,
    level TEXT NOT NULL,
    since BIGINT NOT NULL,
    until_year BIGINT NOT NULL,
    PRIMARY KEY (batch_id, line)
);

-- `five_trips`: 研学 trips: the day they left, where, children who went of those invited.
CREATE TABLE five_trips (
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    line BIGINT NOT NULL,
    school TEXT NOT NULL,
    day TEXT NOT NULL,
    destination TEXT NOT NULL,
    participants BIGINT NOT NULL,
    students BIGINT NOT NULL,
    PRIMARY KEY (batch_id, line)
);

-- `five_targets`: the district's 五育 targets, per mille (0: no target); absent: the defaults.
CREATE TABLE five_targets (
    district_id BIGINT PRIMARY KEY REFERENCES districts (id),
    breaks_per_mille BIGINT NOT NULL,
    arts_per_mille BIGINT NOT NULL,
    specialty_per_mille BIGINT NOT NULL,
    football_per_mille BIGINT NOT NULL,
    trips_per_mille BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
