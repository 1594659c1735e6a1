-- 劳动教育 compliance's inputs (issue 18, item 4): 劳动课 课时 given per class and week, and a
-- school's 劳动周 per school year. Both come in batches of `labour_batches` (kinds `lessons` and
-- `weeks`: an imported file or an entry made on a page); withdrawing (撤回) a batch deletes its
-- rows. For a class and week (a school and school year) the newest batch's row counts, so a
-- re-import corrects and a withdrawal brings the earlier row back. No child is named.

-- `labour_lessons`: `class` as the labour records name it (`3年级1班`); `week` the week's
-- Monday, YYYY-MM-DD; `lessons` the 课时 given that week.
CREATE TABLE labour_lessons (
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    line BIGINT NOT NULL,
    school TEXT NOT NULL,
    class TEXT NOT NULL,
    week TEXT NOT NULL,
    lessons BIGINT NOT NULL
);
CREATE INDEX labour_lessons_week ON labour_lessons (week, school);
CREATE INDEX labour_lessons_batch ON labour_lessons (batch_id);

-- `labour_weeks`: a school's 劳动周 in school year `year` (its first year), from `first_day`
-- to `last_day` (YYYY-MM-DD).
CREATE TABLE labour_weeks (
    batch_id BIGINT NOT NULL REFERENCES labour_batches (id),
    line BIGINT NOT NULL,
    school TEXT NOT NULL,
    year BIGINT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL
);
CREATE INDEX labour_weeks_year ON labour_weeks (year, school);
CREATE INDEX labour_weeks_batch ON labour_weeks (batch_id);
