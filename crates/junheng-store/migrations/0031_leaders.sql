-- 校长、副校长任职 (issue 17 item 8): the posts of the district's school leaders, for the term rule
-- ("在同一所学校连续任职满两届" → due to rotate). A term names a leader by the roster's 教师编号
-- only (never a name or a national ID).

-- `leader_files`: one imported 校长副校长任职表 of a district. The latest file is the district's
-- current list of terms; withdrawing it brings the previous one back. The file is not kept.
CREATE TABLE leader_files (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    terms BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX leader_files_district ON leader_files (district_id);

-- `leader_terms`: the terms of one file in file order (`position` from 1); `post` is `principal`
-- or `vice_principal`; `to_year` NULL while serving.
CREATE TABLE leader_terms (
    file_id BIGINT NOT NULL REFERENCES leader_files (id),
    position BIGINT NOT NULL,
    person TEXT NOT NULL,
    school TEXT NOT NULL,
    post TEXT NOT NULL,
    from_year BIGINT NOT NULL,
    to_year BIGINT,
    PRIMARY KEY (file_id, position)
);
