-- 优质均衡 creation, per district: the target year the city sets (2024 试点推进, 2028 整体推进,
-- 2030 攻坚推进) and each step the district reached (自评, 市级过程评估, 市级督导评估, 国家认定),
-- with its date and document. Steps are appended, never edited: the history is the record.

CREATE TABLE creation_targets (
    district_id BIGINT PRIMARY KEY REFERENCES districts (id),
    target_year BIGINT NOT NULL,
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL
);

CREATE TABLE creation_steps (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    status TEXT NOT NULL,
    reached_on TEXT NOT NULL,
    document TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX creation_steps_district ON creation_steps (district_id, id);
