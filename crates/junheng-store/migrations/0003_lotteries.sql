-- Enrollment lotteries (随机派位): the frozen, canonical applicant list with its published
-- digest, and — once drawn at the ceremony — the audit pack anyone can re-run.
CREATE TABLE lotteries (
    id {{id}},
    title TEXT NOT NULL,
    inputs TEXT NOT NULL,
    digest TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    pack TEXT,
    drawn_by TEXT,
    drawn_at TEXT
);
