-- Teachers (issue 17, items 5, 6 and 9): the 骨干 pipeline's titles, honours and 师德.
-- The roster stays in `rosters`; these tables name teachers by 教师编号 only (never a name, a
-- national ID number, 出生年 or 性别).

-- `honour_files`: one batch of a district: an imported file or an entry made on a page
-- (`file_name` 手工录入, `sha256` empty). `kind` is `titles`, `awards` or `ethics`. Withdrawing
-- a batch deletes it and its rows; for 师德 the newest batch's result of a teacher and year is
-- the result, so withdrawing brings the previous one back.
CREATE TABLE honour_files (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    records BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX honour_files_kind ON honour_files (district_id, kind);

-- `honour_titles`: 称号 of the 骨干 pipeline; `stage` candidate, district, city or top.
CREATE TABLE honour_titles (
    file_id BIGINT NOT NULL REFERENCES honour_files (id),
    line BIGINT NOT NULL,
    teacher TEXT NOT NULL,
    title TEXT NOT NULL,
    stage TEXT NOT NULL,
    year BIGINT NOT NULL,
    issuer TEXT NOT NULL,
    PRIMARY KEY (file_id, line)
);
CREATE INDEX honour_titles_teacher ON honour_titles (teacher);

-- `honour_awards`: 赛课, 精品课, 论文…; `kind` and `level` are the engine's ids.
CREATE TABLE honour_awards (
    file_id BIGINT NOT NULL REFERENCES honour_files (id),
    line BIGINT NOT NULL,
    teacher TEXT NOT NULL,
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (file_id, line)
);
CREATE INDEX honour_awards_teacher ON honour_awards (teacher);

-- `honour_ethics`: 师德考核 results; `level` is one of the district's levels (settings).
CREATE TABLE honour_ethics (
    file_id BIGINT NOT NULL REFERENCES honour_files (id),
    teacher TEXT NOT NULL,
    year BIGINT NOT NULL,
    level TEXT NOT NULL,
    PRIMARY KEY (file_id, teacher, year)
);
CREATE INDEX honour_ethics_teacher ON honour_ethics (teacher, year);
