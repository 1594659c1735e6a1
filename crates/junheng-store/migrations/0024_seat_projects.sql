-- 一校一案 (issue 16): the district's building projects. `school_code` is the 学校标识码 the
-- project adds to (for a 新建 school, the code it will have in the statistics); `kind` and
-- `status` hold the identifiers of `junheng_core::seats::ledger` (new_school, extension,
-- expansion, renovation; planned, building, done); `additions` is the JSON of
-- `junheng_core::seats::project::Additions` (classes, ㎡, 万元 of equipment, rooms); `cost` is in
-- 元. `year_planned` and `year_opened` are school years (2024 = 2024–2025); dates are
-- YYYY-MM-DD. Names are unique per district (an imported ledger replaces projects by name).
CREATE TABLE seat_projects (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    name TEXT NOT NULL,
    school_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    year_planned BIGINT NOT NULL,
    year_opened BIGINT,
    additions TEXT NOT NULL,
    seats_added BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    funding TEXT NOT NULL,
    started_on TEXT,
    completed_on TEXT,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (district_id, name)
);
CREATE INDEX seat_projects_school ON seat_projects (district_id, school_code);

-- The money of a project per year (calendar year of the budget): planned and spent, in 元.
CREATE TABLE seat_project_money (
    project_id BIGINT NOT NULL REFERENCES seat_projects (id),
    year BIGINT NOT NULL,
    planned BIGINT NOT NULL,
    spent BIGINT NOT NULL,
    PRIMARY KEY (project_id, year)
);
