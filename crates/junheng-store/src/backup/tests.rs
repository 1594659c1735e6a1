//! The backup's own checks: JSON cells survive exactly, and the table list covers the schema.

use super::*;

#[test]
fn reals_survive_json_exactly() {
    // xorshift64*: reproducible bit patterns over the whole range of finite doubles.
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut checked = 0;
    while checked < 200_000 {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        let v = f64::from_bits(x.wrapping_mul(0x2545_F491_4F6C_DD1D));
        let Some(n) = serde_json::Number::from_f64(v) else {
            continue;
        };
        let text = serde_json::to_string(&Value::Number(n)).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back.as_f64().unwrap().to_bits(), v.to_bits(), "{text}");
        checked += 1;
    }
}

#[test]
fn tables_cover_the_schema_in_dependency_order() {
    let schema = concat!(
        include_str!("../../migrations/0001_init.sql"),
        include_str!("../../migrations/0002_submissions.sql"),
        include_str!("../../migrations/0003_lotteries.sql"),
        include_str!("../../migrations/0004_rotation.sql"),
        include_str!("../../migrations/0005_lottery_keys.sql"),
        include_str!("../../migrations/0006_districts.sql"),
        include_str!("../../migrations/0007_creation.sql"),
        include_str!("../../migrations/0008_packages.sql"),
        include_str!("../../migrations/0009_external_users.sql"),
        include_str!("../../migrations/0010_account_states.sql"),
        include_str!("../../migrations/0011_versions.sql"),
        include_str!("../../migrations/0012_boundaries.sql"),
        include_str!("../../migrations/0013_evidence.sql"),
        include_str!("../../migrations/0014_tasks.sql"),
        include_str!("../../migrations/0015_groups.sql"),
        include_str!("../../migrations/0016_pairings.sql"),
        include_str!("../../migrations/0017_supervision.sql"),
        include_str!("../../migrations/0018_reviews.sql"),
        include_str!("../../migrations/0019_students.sql"),
        include_str!("../../migrations/0020_student_event_kinds.sql"),
        include_str!("../../migrations/0021_health.sql"),
        include_str!("../../migrations/0022_exams.sql"),
        include_str!("../../migrations/0023_seats.sql"),
        include_str!("../../migrations/0024_seat_projects.sql"),
        include_str!("../../migrations/0025_seat_forecast.sql"),
        include_str!("../../migrations/0026_seat_zoning.sql"),
        include_str!("../../migrations/0027_training.sql"),
        include_str!("../../migrations/0028_posts.sql"),
        include_str!("../../migrations/0029_studios.sql"),
        include_str!("../../migrations/0030_honours.sql"),
        include_str!("../../migrations/0031_leaders.sql"),
        include_str!("../../migrations/0032_five.sql"),
        include_str!("../../migrations/0033_labour.sql"),
        include_str!("../../migrations/0034_labour_review.sql"),
        include_str!("../../migrations/0035_labour_lessons.sql"),
        include_str!("../../migrations/0036_survey.sql"),
        include_str!("../../migrations/0037_inspection.sql"),
        include_str!("../../migrations/0038_board.sql")
    );
    for t in TABLES {
        assert!(
            schema.contains(&format!("CREATE TABLE {} (", t.name)),
            "{}",
            t.name
        );
        for (col, _) in t.columns {
            let added = format!("ALTER TABLE {} ADD COLUMN {col} ", t.name);
            assert!(
                schema.contains(&format!("    {col} ")) || schema.contains(&added),
                "{}.{col}",
                t.name
            );
        }
    }
    // SQLite rebuilds four tables, two under a temporary name (0006).
    let created = schema.matches("CREATE TABLE ").count() - 4;
    assert_eq!(created, ALL_TABLES.len());
    // Every REFERENCES points to a table that comes earlier.
    for (i, t) in TABLES.iter().enumerate() {
        let body = schema
            .split(&format!("CREATE TABLE {} (", t.name))
            .nth(1)
            .unwrap();
        let body = body.split(");").next().unwrap();
        for parent in body.split("REFERENCES ").skip(1) {
            let parent = parent.split_whitespace().next().unwrap();
            let p = TABLES.iter().position(|t| t.name == parent).unwrap();
            assert!(p < i, "{} before {parent}", t.name);
        }
    }
}
