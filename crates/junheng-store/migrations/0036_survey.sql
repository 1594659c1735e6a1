-- 社会认可度自测 (issue 19 item 3): the district's own survey before the inspectors' one. Privacy
-- by design: a response names its group and (optionally) school, the day it came and its
-- answers — never the code that answered it, an address or a time finer than a day.

-- `surveys`: one survey of a district in a school year. `questionnaire` is the questionnaire's
-- TOML (the built-in one or the district's own, checked when the survey was created);
-- `weighting` equal|sample; `min_cell` the smallest group or school shown; `opens_on` and
-- `closes_on` YYYY-MM-DD (inclusive); `status` draft|open|closed.
CREATE TABLE surveys (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    weighting TEXT NOT NULL,
    min_cell BIGINT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX surveys_district ON surveys (district_id, year);

-- `survey_batches`: a batch of one-time codes printed for one respondent group (and school).
CREATE TABLE survey_batches (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    respondent_group TEXT NOT NULL,
    school TEXT,
    codes BIGINT NOT NULL,
    issued_by TEXT NOT NULL,
    issued_at TEXT NOT NULL
);

-- `survey_codes`: one code of a batch, as the SHA-256 of its link token (≥ 128 bits) and of
-- its typed short code (60 bits). `used` 0|1 — no time of use is kept.
CREATE TABLE survey_codes (
    token_hash TEXT PRIMARY KEY,
    short_hash TEXT NOT NULL UNIQUE,
    district_id BIGINT NOT NULL REFERENCES districts (id),
    batch_id BIGINT NOT NULL REFERENCES survey_batches (id),
    used BIGINT NOT NULL
);

-- `survey_imports`: an online survey's export (问卷星-style .xlsx) for one group (and school);
-- its time, IP and 来源 columns were dropped before anything was stored. 撤回 marks it
-- withdrawn: its responses no longer count.
CREATE TABLE survey_imports (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    respondent_group TEXT NOT NULL,
    school TEXT,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    responses BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT
);

-- `survey_responses`: one response. `source` code|import (`import_id` then names the file);
-- `received_on` the day (YYYY-MM-DD); `answers` JSON, the chosen option's index per question of
-- the group (null unanswered).
CREATE TABLE survey_responses (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    respondent_group TEXT NOT NULL,
    school TEXT,
    source TEXT NOT NULL,
    import_id BIGINT REFERENCES survey_imports (id),
    received_on TEXT NOT NULL,
    answers TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id);
