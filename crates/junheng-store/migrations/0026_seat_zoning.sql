-- Seats (issue 16): 划片 (catchments), the 就近入学 item (城区/镇区 公办 schools, 寄宿制 excluded:
-- 小学 100 %, 初中 ≥ 95 %) and the 指标到校 item (≥ 50 % of the 优质高中 plans, tilted to rural
-- 初中). Three files per district and school year; the latest file of a kind is the year's, and
-- withdrawing it brings the previous one back. No child is named anywhere: entrants are counts.

-- `seat_zoning_files`: one imported file; `kind` is `catchments` (划片表), `entrants` (新生来源表,
-- counted on import) or `quotas` (指标到校表); `row_count` the rows stored. The file itself is not kept.
CREATE TABLE seat_zoning_files (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('catchments', 'entrants', 'quotas')),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX seat_zoning_files_year ON seat_zoning_files (district_id, year, kind);

-- `seat_catchments`: a place (`street`, `community` '' for the whole 街道; `street` '' when the
-- row only declares a school) of a 学段 (`primary`, `junior`) and one of its schools, with the
-- lottery's zone of a 多校划片 place and the school's terms (`private` 民办, `boarding` 寄宿制).
CREATE TABLE seat_catchments (
    file_id BIGINT NOT NULL REFERENCES seat_zoning_files (id),
    section TEXT NOT NULL,
    street TEXT NOT NULL,
    community TEXT NOT NULL,
    school TEXT NOT NULL,
    lottery_zone TEXT,
    private INTEGER NOT NULL CHECK (private IN (0, 1)),
    boarding INTEGER NOT NULL CHECK (boarding IN (0, 1)),
    PRIMARY KEY (file_id, section, street, community, school)
);

-- `seat_entrants`: how many entrants of a 学段 a school admitted from one home place
-- (`community` '' when only the 街道 is known).
CREATE TABLE seat_entrants (
    file_id BIGINT NOT NULL REFERENCES seat_zoning_files (id),
    section TEXT NOT NULL,
    school TEXT NOT NULL,
    street TEXT NOT NULL,
    community TEXT NOT NULL,
    pupils BIGINT NOT NULL,
    PRIMARY KEY (file_id, section, school, street, community)
);

-- `seat_quotas`: the places a 优质高中 (by name, with its whole plan `high_plan`) allots to one 初中
-- school (`junior`), and that school's graduating pupils.
CREATE TABLE seat_quotas (
    file_id BIGINT NOT NULL REFERENCES seat_zoning_files (id),
    high_school TEXT NOT NULL,
    high_plan BIGINT NOT NULL,
    junior TEXT NOT NULL,
    quota BIGINT NOT NULL,
    graduates BIGINT NOT NULL,
    PRIMARY KEY (file_id, high_school, junior)
);
