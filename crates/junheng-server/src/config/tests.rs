//! The settings' checks: the README's sections read (a broken one refused), the layers applied
//! in order, unknown keys and passwords in argv refused.

use super::*;

/// An environment of `(name, value)` pairs.
pub(in crate::config) fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn the_review_section_of_the_readme_is_read_and_a_broken_one_refused() {
    let readme = include_str!("../../../../README.md");
    let start = readme
        .find("[review.rubric]")
        .expect("the README shows [review]");
    let end = start + readme[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junheng.toml");
    std::fs::write(&file, &readme[start..end]).unwrap();
    let loaded = Settings::load(Some(&file), &[], &Flags::default()).unwrap();
    // The README shows the defaults, all of them.
    assert_eq!(
        loaded.config.review,
        junheng_core::review::ReviewSettings::default()
    );
    std::fs::write(&file, "[review.composite.weights]\nlevel = -0.3\n").unwrap();
    let e = Settings::load(Some(&file), &[], &Flags::default()).unwrap_err();
    assert!(e.0.contains("[review]"), "{}", e.0);
}

#[test]
fn the_health_section_is_read_and_a_broken_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junheng.toml");
    std::fs::write(
        &file,
        "[health.fitness]\ngood_rate_target = 0.6\n[health.mental]\nconsent_required = false\n",
    )
    .unwrap();
    let loaded = Settings::load(Some(&file), &[], &Flags::default()).unwrap();
    assert_eq!(loaded.config.health.fitness.good_rate_target, 0.6);
    assert!(!loaded.config.health.mental.consent_required);
    assert_eq!(loaded.config.health.mental.priority_days, 5);
    for broken in [
        "[health.fitness]\ngood_rate_target = 60\n",
        "[health.mental]\ncrisis_steps = []\n",
        "[health.vision]\nbaseline = 2020\n",
    ] {
        std::fs::write(&file, broken).unwrap();
        let e = Settings::load(Some(&file), &[], &Flags::default()).unwrap_err();
        assert!(
            e.0.contains("health") || e.0.contains("baseline"),
            "{broken}: {}",
            e.0
        );
    }
}

#[test]
fn the_quality_section_is_read_and_a_broken_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junheng.toml");
    std::fs::write(
        &file,
        "[quality]\ndenominator = \"enrolled\"\n[quality.lines]\nexcellent = 0.9\n",
    )
    .unwrap();
    let loaded = Settings::load(Some(&file), &[], &Flags::default()).unwrap();
    assert_eq!(
        loaded.config.quality.denominator,
        junheng_core::exam::Denominator::Enrolled
    );
    assert_eq!(loaded.config.quality.lines.excellent, 0.9);
    for broken in [
        "[quality.lines]\nexcellent = 85\n",
        "[quality.value_added]\nz = 0\n",
        "[quality]\nmin_cells = 5\n",
        "[quality.bands]\nhigher_is_better = true\nbasic = { method = \"district_percentile\", p = 25 }\ndevelopment = { method = \"district_median\" }\nwarning = { method = \"district_percentile\", p = 40 }\nescalation = []\n",
    ] {
        std::fs::write(&file, broken).unwrap();
        let e = Settings::load(Some(&file), &[], &Flags::default()).unwrap_err();
        assert!(
            e.0.contains("quality") || e.0.contains("min_cells"),
            "{broken}: {}",
            e.0
        );
    }
}

#[test]
fn the_labour_section_is_read_and_a_lowered_national_minimum_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junheng.toml");
    std::fs::write(
        &file,
        "[labour.review]\npublicity_working_days = 7\n[labour.compliance]\nweekly_minutes = 240\n",
    )
    .unwrap();
    let loaded = Settings::load(Some(&file), &[], &Flags::default()).unwrap();
    assert_eq!(loaded.config.labour.review.publicity_working_days, 7);
    assert_eq!(loaded.config.labour.compliance.weekly_minutes, 240);
    for (broken, named) in [
        (
            "[labour.compliance]\nweekly_minutes = 150\n",
            "weekly_minutes",
        ),
        (
            "[labour.passport]\nspot_check_per_mille = 0\n",
            "spot_check_per_mille",
        ),
        ("[labour]\nfive = 1\n", "five"),
    ] {
        std::fs::write(&file, broken).unwrap();
        let e = Settings::load(Some(&file), &[], &Flags::default()).unwrap_err();
        assert!(e.0.contains(named), "{broken}: {}", e.0);
    }
}

#[test]
fn layers_apply_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junheng.toml");
    std::fs::write(&file, "bind = \"0.0.0.0:9000\"\nmax_upload_mb = 32\n").unwrap();
    let loaded = Settings::load(
        Some(&file),
        &env(&[("JUNHENG_MAX_UPLOAD_MB", "16"), ("JUNHENG_LOG", "debug")]),
        &Flags {
            max_upload_mb: Some(8),
            trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
            ..Flags::default()
        },
    )
    .unwrap();
    assert_eq!(loaded.settings.bind.port(), 9000, "the file");
    assert_eq!(loaded.config.max_upload_bytes, 8 << 20, "flags last");
    assert_eq!(loaded.config.trusted_proxies.len(), 1);
    let loaded = Settings::load(
        Some(&file),
        &env(&[("JUNHENG_MAX_UPLOAD_MB", "16")]),
        &Flags::default(),
    )
    .unwrap();
    assert_eq!(
        loaded.settings.max_upload_mb, 16,
        "the environment over the file"
    );
}

#[test]
fn unknown_keys_and_passwords_in_argv_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junheng.toml");
    std::fs::write(&file, "max_uplaod_mb = 32\n").unwrap();
    let e = Settings::load(Some(&file), &[], &Flags::default()).unwrap_err();
    assert!(e.0.contains("max_uplaod_mb"), "{e}");
    let e = Settings::load(None, &env(&[("JUNHENG_BINDD", "x")]), &Flags::default()).unwrap_err();
    assert!(e.0.contains("JUNHENG_BINDD"), "{e}");
    let flags = Flags {
        database: Some("postgres://app:secret@db/junheng".into()),
        ..Flags::default()
    };
    let e = Settings::load(None, &[], &flags).unwrap_err();
    assert!(!e.0.contains("secret") && e.0.contains("JUNHENG_DATABASE_PASSWORD"));
    // From the environment the password joins the URL, percent-encoded.
    let flags = Flags {
        database: Some("postgres://app@db/junheng".into()),
        ..Flags::default()
    };
    let loaded = Settings::load(
        None,
        &env(&[("JUNHENG_DATABASE_PASSWORD", "p@ss:1")]),
        &flags,
    )
    .unwrap();
    assert_eq!(loaded.database_url, "postgres://app:p%40ss%3A1@db/junheng");
    // Values out of range name the key.
    let e = Settings::load(
        None,
        &env(&[("JUNHENG_MAX_CONNECTIONS", "1")]),
        &Flags::default(),
    )
    .unwrap_err();
    assert!(e.0.contains("max_connections"));
}
