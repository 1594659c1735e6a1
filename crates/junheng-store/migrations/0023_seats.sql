-- Seats (issue 16): the music and art rooms' areas of the statistics (㎡, all rooms of a kind
-- together; NULL where the statistics do not give them), for the 政府保障 item on arts rooms (each
-- music room ≥ 96 ㎡, each art room ≥ 90 ㎡).
ALTER TABLE school_years ADD COLUMN music_room_area DOUBLE PRECISION;
ALTER TABLE school_years ADD COLUMN art_room_area DOUBLE PRECISION;

-- The class table of a school year (班级规模表), for the 政府保障 item on class
-- size (小学 ≤ 45, 初中 ≤ 50; 大班额 ≥ 56, 超大班额 ≥ 66). A class names no child: a school, a
-- grade, a class and how many pupils it has.

-- `seat_class_files`: one imported class table of a district and school year (`year`, 2024 =
-- 2024–2025学年). The latest file of a year is the year's class table; withdrawing it brings the
-- previous one back. The file itself is not kept.
CREATE TABLE seat_class_files (
    id {{id}},
    district_id BIGINT NOT NULL REFERENCES districts (id),
    year BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    classes BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX seat_class_files_year ON seat_class_files (district_id, year);

-- `seat_classes`: the classes of one file; `grade` 1–9 (一至六年级 小学, 七至九年级 初中).
CREATE TABLE seat_classes (
    file_id BIGINT NOT NULL REFERENCES seat_class_files (id),
    school TEXT NOT NULL,
    grade BIGINT NOT NULL,
    class TEXT NOT NULL,
    pupils BIGINT NOT NULL,
    PRIMARY KEY (file_id, school, grade, class)
);
