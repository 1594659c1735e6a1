-- A school's own data submitted for review (学校提交，管理员审核). Approval stores a new version
-- of the school year with the school's row replaced; the submission keeps the import it made.
CREATE TABLE submissions (
    id {{id}},
    year BIGINT NOT NULL,
    school_code TEXT NOT NULL,
    record TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by TEXT,
    decided_at TEXT,
    note TEXT NOT NULL,
    import_id BIGINT REFERENCES imports (id)
);
CREATE INDEX submissions_status ON submissions (status);
