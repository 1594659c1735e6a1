-- Reporting upward (数据上报): the keys a city registered for its districts, the packages it
-- received from them, and on a district's own database the packages it reported.
--
-- A key is never deleted: registering a new key for a district retires the one in use
-- (revoked_at/by/reason say when, by whom and that a new key replaced it), and a revocation
-- keeps the row, so the registration history stays readable.
CREATE TABLE district_keys (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE,
    registered_at TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT,
    revoke_reason TEXT
);
CREATE INDEX district_keys_district ON district_keys (district_id, id);

-- A package received: the statistics it carried became the import `import_id` (a new version
-- of that district's year); the other parts are kept as JSON. Per district and year the
-- sequence numbers only grow: the highest is the current package, the others are superseded.
CREATE TABLE received_packages (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES imports (id),
    file_name TEXT NOT NULL,
    package_sha256 TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    producer TEXT NOT NULL,
    statistics_version BIGINT NOT NULL,
    roster_json TEXT NOT NULL,
    ledger_json TEXT NOT NULL,
    evaluation_json TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    UNIQUE (district_id, year, sequence)
);

-- A package a district made (`junheng report-up`): its sequence numbers per year, so that the
-- next one carries the next number.
CREATE TABLE reported_packages (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    statistics_version BIGINT NOT NULL,
    package_sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    UNIQUE (district_id, year, sequence)
);
