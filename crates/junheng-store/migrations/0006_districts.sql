-- Many districts in one deployment (a city): every district-owned table names its district,
-- and what must be unique is unique within a district (a group's name, a roster version). An
-- existing single-district database keeps every row, under its one district (created as
-- 本区县 000000 when it has data but no district yet).
--
-- The large tables (school_years, roster_teachers) are reached through their parent's id
-- (imports, roster_versions), which belongs to one district: their primary keys already cluster
-- them by district, so they are indexed, not partitioned.

ALTER TABLE districts ADD COLUMN kind TEXT NOT NULL DEFAULT '区';
ALTER TABLE districts ADD COLUMN city_code TEXT NOT NULL DEFAULT '';
ALTER TABLE districts ADD COLUMN city_name TEXT NOT NULL DEFAULT '';
ALTER TABLE districts ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
ALTER TABLE districts ADD COLUMN province_name TEXT NOT NULL DEFAULT '';

INSERT INTO districts (code, name, created_at)
SELECT '000000', '本区县', '{{now}}'
WHERE NOT EXISTS (SELECT 1 FROM districts)
  AND (EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM edu_groups)
       OR EXISTS (SELECT 1 FROM submissions) OR EXISTS (SELECT 1 FROM lotteries)
       OR EXISTS (SELECT 1 FROM roster_versions) OR EXISTS (SELECT 1 FROM rotation_moves));

-- Users: administrators, supervisors, group leads and school users belong to a district; city
-- and province users to none.
ALTER TABLE users ADD COLUMN district_id BIGINT REFERENCES districts (id);
UPDATE users SET district_id = (SELECT MIN(id) FROM districts);
CREATE INDEX users_district ON users (district_id);
-- A grant that reads named children waits, inactive, for a second administrator: the login name
-- of the administrator who asked for it.
ALTER TABLE users ADD COLUMN pending_by TEXT;

-- The audit log: entries of a district's data name it (logins of city users do not).
ALTER TABLE audit_log ADD COLUMN district_id BIGINT REFERENCES districts (id);
UPDATE audit_log SET district_id = (SELECT MIN(id) FROM districts);
CREATE INDEX audit_log_district ON audit_log (district_id, id);

ALTER TABLE submissions ADD COLUMN district_id BIGINT REFERENCES districts (id);
UPDATE submissions SET district_id = (SELECT MIN(id) FROM districts);
CREATE INDEX submissions_district ON submissions (district_id, status);

ALTER TABLE lotteries ADD COLUMN district_id BIGINT REFERENCES districts (id);
UPDATE lotteries SET district_id = (SELECT MIN(id) FROM districts);
CREATE INDEX lotteries_district ON lotteries (district_id);

ALTER TABLE rotation_moves ADD COLUMN district_id BIGINT REFERENCES districts (id);
UPDATE rotation_moves SET district_id = (SELECT MIN(id) FROM districts);
CREATE INDEX rotation_moves_district ON rotation_moves (district_id, teacher_id, start_year);

-- @only postgres
ALTER TABLE edu_groups ADD COLUMN district_id BIGINT REFERENCES districts (id);
UPDATE edu_groups SET district_id = (SELECT MIN(id) FROM districts);
ALTER TABLE edu_groups ALTER COLUMN district_id SET NOT NULL;
ALTER TABLE edu_groups DROP CONSTRAINT edu_groups_name_key;
ALTER TABLE edu_groups ADD CONSTRAINT edu_groups_district_name UNIQUE (district_id, name);

ALTER TABLE roster_versions ADD COLUMN district_id BIGINT REFERENCES districts (id);
UPDATE roster_versions SET district_id = (SELECT MIN(id) FROM districts);
ALTER TABLE roster_versions ALTER COLUMN district_id SET NOT NULL;
ALTER TABLE roster_versions DROP CONSTRAINT roster_versions_year_version_key;
ALTER TABLE roster_versions ADD CONSTRAINT roster_versions_district_year_version
    UNIQUE (district_id, year, version);

ALTER TABLE submissions ALTER COLUMN district_id SET NOT NULL;
ALTER TABLE lotteries ALTER COLUMN district_id SET NOT NULL;
ALTER TABLE rotation_moves ALTER COLUMN district_id SET NOT NULL;
-- @end

-- @only sqlite
-- SQLite changes a table's UNIQUE constraints only by rebuilding the table. A parent is renamed
-- away first (its children's foreign keys follow the new name), rebuilt under its own name, its
-- children rebuilt to reference it, and only then the old parent dropped: no statement ever
-- leaves a child row without its parent.
ALTER TABLE edu_groups RENAME TO edu_groups_0005;
CREATE TABLE edu_groups (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    lead_school TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (district_id, name)
);
INSERT INTO edu_groups (id, district_id, name, kind, lead_school, created_at)
SELECT id, (SELECT MIN(id) FROM districts), name, kind, lead_school, created_at
FROM edu_groups_0005;

CREATE TABLE group_members_0006 (
    id {{id}},
    group_id BIGINT NOT NULL REFERENCES edu_groups (id),
    school_code TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    left_on TEXT
);
INSERT INTO group_members_0006 (id, group_id, school_code, joined_on, left_on)
SELECT id, group_id, school_code, joined_on, left_on FROM group_members;
DROP TABLE group_members;
ALTER TABLE group_members_0006 RENAME TO group_members;
CREATE INDEX group_members_group_school ON group_members (group_id, school_code);
DROP TABLE edu_groups_0005;

ALTER TABLE roster_versions RENAME TO roster_versions_0005;
CREATE TABLE roster_versions (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    teacher_count BIGINT NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    UNIQUE (district_id, year, version)
);
INSERT INTO roster_versions
    (id, district_id, year, version, teacher_count, uploaded_at, uploaded_by)
SELECT id, (SELECT MIN(id) FROM districts), year, version, teacher_count, uploaded_at,
       uploaded_by
FROM roster_versions_0005;

CREATE TABLE roster_teachers_0006 (
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
INSERT INTO roster_teachers_0006 SELECT * FROM roster_teachers;
DROP TABLE roster_teachers;
ALTER TABLE roster_teachers_0006 RENAME TO roster_teachers;
CREATE INDEX roster_teachers_teacher ON roster_teachers (teacher_id);
DROP TABLE roster_versions_0005;
-- @end
