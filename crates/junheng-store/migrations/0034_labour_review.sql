-- 劳动教育 (issue 18, item 3): the 区/校/班 three-level review. A child is named by
-- `students.id` only. `year` is the school year's first year, `semester` first or second.

-- `labour_class_submissions`: a class teacher marked the class's term summary as submitted
-- (班级小结已提交). `class` is the class as records name it (`3年级1班`), `children` how many
-- children the summary had. A class may submit again (after a correction); the newest counts.
CREATE TABLE labour_class_submissions (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    school TEXT NOT NULL,
    class TEXT NOT NULL,
    year BIGINT NOT NULL,
    semester TEXT NOT NULL,
    children BIGINT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL
);
CREATE INDEX labour_class_submissions_term ON labour_class_submissions (district_id, school, year, semester);

-- `labour_reviews`: a school's term review as its log of events (the engine's `ReviewEvent`:
-- `event` summarise, publicise, review, reopen or export; `day` its day, YYYY-MM-DD). The state
-- is the fold of the engine's `step` over the events in `seq` order, so only an event the
-- engine accepted is written; `seq` (1, 2, …) is unique per school and term, so two steps
-- racing from the same state cannot both be written.
CREATE TABLE labour_reviews (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    school TEXT NOT NULL,
    year BIGINT NOT NULL,
    semester TEXT NOT NULL,
    seq BIGINT NOT NULL,
    event TEXT NOT NULL,
    day TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (district_id, school, year, semester, seq)
);

-- `labour_audits`: the district's term audit (区级抽查) of a sampled child of a school:
-- `outcome` match (符合) or mismatch (不符合) with a short `note`. A later outcome of the same
-- child, school and term supersedes the earlier one; the earlier row is kept.
CREATE TABLE labour_audits (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    school TEXT NOT NULL,
    year BIGINT NOT NULL,
    semester TEXT NOT NULL,
    student_id BIGINT NOT NULL REFERENCES students (id),
    outcome TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX labour_audits_term ON labour_audits (district_id, year, semester, school);
