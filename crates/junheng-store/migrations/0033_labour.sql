-- 劳动教育 (issue 18, items 1, 2 and 7): the 劳动清单 of the district and of its schools, the
-- records of the labour passport with their verifications, and the children's ratings. A child
-- is named by `students.id` only (never a name or a 学籍号).

-- `labour_lists`: one version of a list. `school` is '' for the district's list, else the
-- school's 学校标识码. `list` is the JSON of the engine's `Checklist` (items and, for a school,
-- the codes it drops). Nothing is deleted: a new version replaces the owner's list, and
-- withdrawing (撤回) marks the newest version withdrawn, so the one before is the list again.
CREATE TABLE labour_lists (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    school TEXT NOT NULL,
    version BIGINT NOT NULL,
    parent_version BIGINT,
    list TEXT NOT NULL,
    items BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT,
    UNIQUE (district_id, school, version)
);

-- `labour_records`: one doing of a list item by a child (the engine's `LabourRecord`). `school`
-- and `class` are where the child was when it was recorded; `item` the code on the school's
-- effective list; `day` YYYY-MM-DD; `reporter` student, parent, teacher or base; `batch` the
-- entry on the class page or the imported file it came with (`entry:<n>` or `file:<sha256>`).
-- `evidence` is the evidence text sealed under the district's student key (context
-- `labour.evidence:<the child's pseudonym>`): it is free text a parent or teacher wrote.
CREATE TABLE labour_records (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    student_id BIGINT NOT NULL REFERENCES students (id),
    school TEXT NOT NULL,
    class TEXT NOT NULL,
    item TEXT NOT NULL,
    day TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    evidence {{bytes}} NOT NULL,
    reporter TEXT NOT NULL,
    batch TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX labour_records_class ON labour_records (district_id, school, class, day);
CREATE INDEX labour_records_student ON labour_records (student_id, day);

-- `labour_verifications`: one decision on a record (the engine's `Verification`): `verifier`
-- parent, class_teacher or labour_teacher; `decision` confirmed or rejected; `day` the day of
-- the decision. A record's status is the fold of its decisions (engine `status_of`).
CREATE TABLE labour_verifications (
    id {{id}},
    record_id BIGINT NOT NULL REFERENCES labour_records (id),
    verifier TEXT NOT NULL,
    decision TEXT NOT NULL,
    day TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX labour_verifications_record ON labour_verifications (record_id);

-- `labour_ratings`: a rating of a child in a term (能力, 习惯, 品质, 1–5 each); `year` the
-- school year's first year, `semester` first or second, `rater` student, peer, parent or teacher,
-- `item` the item rated (NULL: the term as a whole).
-- A new rating by the same rater in the same term replaces the earlier one for the means; the
-- earlier row is kept.
CREATE TABLE labour_ratings (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    student_id BIGINT NOT NULL REFERENCES students (id),
    year BIGINT NOT NULL,
    semester TEXT NOT NULL,
    rater TEXT NOT NULL,
    ability BIGINT NOT NULL,
    habit BIGINT NOT NULL,
    quality BIGINT NOT NULL,
    item TEXT,
    rated_by TEXT NOT NULL,
    rated_at TEXT NOT NULL
);
CREATE INDEX labour_ratings_student ON labour_ratings (student_id, year, semester);

-- `labour_links`: one-time links for a parent to confirm (or dispute, 有误) one home record,
-- printed on slips the school hands out. Only the SHA-256 of the random token (≥ 128 bits) is
-- kept; `expires_on` is the last day it works (YYYY-MM-DD); `used_at` is set by the one answer.
-- A used, expired or unknown link answers alike.
CREATE TABLE labour_links (
    token_hash TEXT PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts (id),
    record_id BIGINT NOT NULL REFERENCES labour_records (id),
    expires_on TEXT NOT NULL,
    used_at TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX labour_links_record ON labour_links (record_id);
