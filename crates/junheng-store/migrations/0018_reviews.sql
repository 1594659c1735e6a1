-- 年度综合考核 (issue 12 item 7). A unit is a school (`unit_kind` school, `unit` its 学校标识码)
-- or an education group (`unit_kind` group, `unit` its name).
--
-- `review_scores`: the manual scores of the year, one per unit, rubric item and scorer (`scorer`:
-- self 自评, peer 他评, district 区县评价), 0–100. A score entered again replaces the earlier
-- one; the audit log keeps every entry with the value it replaced.
CREATE TABLE review_scores (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    unit_kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    item TEXT NOT NULL,
    scorer TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    UNIQUE (district_id, year, unit_kind, unit, item, scorer)
);

-- `review_results`: the results of a year as the district finalised them (定稿), one per unit:
-- the value placed in the 三线 (a school's 考核总分, a group's 捆绑 composite G; NULL when
-- 未接入), its band (development, basic, below_basic, warning; NULL when not placed), the
-- consecutive years at the 警戒线 and the escalation reached, and the whole computed result as
-- JSON (`detail`). Finalising a year again replaces its rows in one transaction (audited).
CREATE TABLE review_results (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    unit_kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    name TEXT NOT NULL,
    value DOUBLE PRECISION,
    band TEXT,
    warning_periods BIGINT NOT NULL,
    escalation TEXT,
    detail TEXT NOT NULL,
    finalised_by TEXT NOT NULL,
    finalised_at TEXT NOT NULL,
    UNIQUE (district_id, year, unit_kind, unit)
);
CREATE INDEX review_results_unit ON review_results (district_id, unit_kind, unit, year);
