-- 佐证材料 (evidence): documents attached to a record of a district (a school, an education
-- group, a finding, a task … named by `junheng_core::record::RecordRef`: kind and key) under a
-- title (集团章程, 三年发展规划 …). A new upload of the same record and title is the next
-- version; earlier versions stay and stay downloadable. The content is kept whole, checked by
-- junheng-io before it is stored (its type decided by content, its size bounded).
CREATE TABLE evidence (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    record_kind TEXT NOT NULL,
    record_key TEXT NOT NULL,
    title TEXT NOT NULL,
    version BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content {{bytes}} NOT NULL,
    note TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    UNIQUE (district_id, record_kind, record_key, title, version)
);
