-- 督导评估 (issue 19): what the district states on the items of the 2017 办法 and the figures it
-- enters for them, and the history of the verdict. Nothing here names a person other than the
-- operator who wrote it.

-- `inspection_attestations`: a statement (认定) on an item of a school year (`year`, 2024 =
-- 2024–2025学年): met or not, with a note; its evidence is the `evidence` table's documents of
-- record kind `supervision_item` and key `{year}/{item}`. Append-only: the newest statement not
-- withdrawn counts, so 撤回 brings the one before back.
CREATE TABLE inspection_attestations (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    item TEXT NOT NULL,
    met BIGINT NOT NULL,
    note TEXT NOT NULL,
    made_by TEXT NOT NULL,
    made_at TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT
);
CREATE INDEX inspection_attestations_item ON inspection_attestations (district_id, year, item);

-- `inspection_inputs`: a figure entered for a school year (`name`: the official 社会认可度 and
-- its sample size, a 生均公用经费基准定额 …) with its source. Append-only like statements.
CREATE TABLE inspection_inputs (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    name TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT
);
CREATE INDEX inspection_inputs_name ON inspection_inputs (district_id, year, name);

-- `inspection_snapshots`: the verdict of a school year under a rulebook, kept each time its
-- data stamp (a digest of everything the verdict was decided from) changes: the history shown
-- beside the verdict. `verdict` is the verdict as JSON.
CREATE TABLE inspection_snapshots (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    rulebook TEXT NOT NULL,
    rulebook_version TEXT NOT NULL,
    stamp TEXT NOT NULL,
    overall TEXT NOT NULL,
    verdict TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
CREATE INDEX inspection_snapshots_year ON inspection_snapshots (district_id, year, rulebook);

-- `inspection_templates`: a district's own 自评报告 template (.docx with fields and section
-- markers), versioned; the newest not withdrawn is used, none means the default template.
CREATE TABLE inspection_templates (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content {{bytes}} NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT
);
CREATE INDEX inspection_templates_district ON inspection_templates (district_id);
