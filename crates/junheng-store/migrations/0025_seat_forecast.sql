-- 学位预测 (issue 16): what the school-age forecast reads — births by 街道/乡镇, the 街道/乡镇 →
-- 学区 map, pupils by school, year and grade, and each school's approved capacity by year. Each
-- file replaces what it covers (its years; the map as a whole); nothing here is personal data.

-- `seat_births`: births of a 街道/乡镇 (`area`) in a calendar year, by series: `resident` (常住)
-- or `hukou` (户籍).
CREATE TABLE seat_births (
    district_id BIGINT NOT NULL REFERENCES districts (id),
    area TEXT NOT NULL,
    series TEXT NOT NULL,
    year BIGINT NOT NULL,
    births BIGINT NOT NULL,
    PRIMARY KEY (district_id, area, series, year)
);

-- `seat_area_zones`: the 学区 a 街道/乡镇's births belong to; an area split between 学区 has one
-- row per 学区, its shares summing to 1.
CREATE TABLE seat_area_zones (
    district_id BIGINT NOT NULL REFERENCES districts (id),
    area TEXT NOT NULL,
    zone TEXT NOT NULL,
    share DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (district_id, area, zone)
);

-- `seat_enrolment`: pupils of a school in a school year (2024 = 2024–2025) and grade (1–9), and
-- the 随迁子女 among them.
CREATE TABLE seat_enrolment (
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    school TEXT NOT NULL,
    grade BIGINT NOT NULL,
    pupils BIGINT NOT NULL,
    migrant BIGINT NOT NULL,
    PRIMARY KEY (district_id, year, school, grade)
);

-- `seat_capacity`: a school's approved size in a school year: 核定班数 and 核定学位 per 学段
-- (either may be missing), and its ordinary classrooms.
CREATE TABLE seat_capacity (
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    school TEXT NOT NULL,
    primary_classes BIGINT,
    junior_classes BIGINT,
    primary_seats BIGINT,
    junior_seats BIGINT,
    classrooms BIGINT,
    PRIMARY KEY (district_id, year, school)
);
