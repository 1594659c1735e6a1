-- 名师工作室 and 师徒结对 (issue 17, items 3 and 4). Each import is a file: the latest file of a
-- kind is the district's current data of that kind; withdrawing it brings the previous one back.
-- `kind` is `studios` (工作室名册), `outputs` (工作室成果) or `mentors` (师徒结对). Teachers are
-- named by 教师编号 only (never a name, birth year or sex); dates are YYYY-MM-DD.
CREATE TABLE teacher_studio_files (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX teacher_studio_files_kind ON teacher_studio_files (district_id, kind, id);

-- A studio or project of a 工作室名册 file. `level` and `status` hold the identifiers of
-- `junheng_teachers::studios` (district, city; active, finished, revoked); `members` the
-- members' 教师编号 joined by commas (the host not included).
CREATE TABLE teacher_studios (
    file_id BIGINT NOT NULL REFERENCES teacher_studio_files (id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    subject TEXT NOT NULL,
    host TEXT NOT NULL,
    host_school TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT,
    status TEXT NOT NULL,
    members TEXT NOT NULL,
    PRIMARY KEY (file_id, position)
);

-- An output row of a 工作室成果 file: `kind` an identifier of `OutputKind` (lessons, research,
-- courses, trainings, outreach), `schools` the 学校标识码 reached joined by commas.
CREATE TABLE teacher_studio_outputs (
    file_id BIGINT NOT NULL REFERENCES teacher_studio_files (id),
    position BIGINT NOT NULL,
    studio TEXT NOT NULL,
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    count BIGINT NOT NULL,
    schools TEXT NOT NULL,
    PRIMARY KEY (file_id, position)
);

-- A pair of a 师徒结对 file. `outcome` is an identifier of `Outcome` (passed, excellent,
-- unfinished) once ended; ending a pair on the page updates `end_on` and `outcome`.
CREATE TABLE teacher_mentor_pairs (
    file_id BIGINT NOT NULL REFERENCES teacher_studio_files (id),
    position BIGINT NOT NULL,
    mentor TEXT NOT NULL,
    mentor_school TEXT NOT NULL,
    mentee TEXT NOT NULL,
    mentee_school TEXT NOT NULL,
    subject TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT,
    goals TEXT NOT NULL,
    meetings_held BIGINT NOT NULL,
    meetings_planned BIGINT NOT NULL,
    outcome TEXT,
    PRIMARY KEY (file_id, position)
);
