-- The map's boundaries: a district's outline (a GeoJSON MultiPolygon geometry) and, optionally,
-- its townships (a GeoJSON FeatureCollection with a name per feature), both in the canonical
-- form junheng-io writes after checking an upload. An upload adds a row; the highest id of a
-- district is its current boundary, earlier ones stay readable.
CREATE TABLE district_boundaries (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    outline TEXT NOT NULL,
    townships TEXT,
    township_count BIGINT NOT NULL,
    vertices BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX district_boundaries_district ON district_boundaries (district_id, id);
