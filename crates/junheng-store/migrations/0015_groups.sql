-- Groups as first-class records (issue 12): a group's founding date, status (培育 / 正式), legal
-- form (one legal person with several campuses, or several legal persons) and a note beside its
-- type and lead school; its documents (章程, 三年发展规划, 考核办法) are evidence. Dated
-- membership (`group_members`) is the source of truth for the year's groups.
-- 学区 (zones) as records of their own: a name, a head school, a note; a school's 学区 of a year
-- is the statistics' 学区 column.
ALTER TABLE edu_groups ADD COLUMN founded_on TEXT;
ALTER TABLE edu_groups ADD COLUMN status TEXT NOT NULL DEFAULT 'formal';
ALTER TABLE edu_groups ADD COLUMN legal_form TEXT NOT NULL DEFAULT '';
ALTER TABLE edu_groups ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TABLE zones (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    name TEXT NOT NULL,
    head_school TEXT,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (district_id, name)
);
