use super::*;

#[test]
fn national_2017_has_the_seven_standards_and_limits() {
    let rb = Rulebook::builtin("cn-2017").unwrap();
    assert_eq!(rb.indicators.len(), 7);
    let std = |id: &str| rb.indicator(id).unwrap().standard.unwrap();
    assert_eq!(
        std("qualified_teachers_per_100"),
        PerSection {
            primary: 4.2,
            junior: 5.3
        }
    );
    assert_eq!(
        std("sports_area_per_student"),
        PerSection {
            primary: 7.5,
            junior: 10.2
        }
    );
    assert_eq!(
        std("equipment_value_per_student"),
        PerSection {
            primary: 2000.0,
            junior: 2500.0
        }
    );
    assert_eq!(
        std("multimedia_rooms_per_100"),
        PerSection {
            primary: 2.3,
            junior: 2.4
        }
    );
    assert_eq!(
        rb.unit_rule,
        Some(UnitRule {
            min_met: 6,
            floor_ratio: 0.85
        })
    );
    assert_eq!(rb.balance.mode, BalanceMode::PerIndicator);
    assert_eq!(
        rb.balance.cv_max,
        PerSection {
            primary: 0.5,
            junior: 0.45
        }
    );
    assert_eq!(rb.policy.teaching_points, TeachingPointPolicy::Separate);
    assert_eq!(
        rb.policy.apportion_weights,
        Weights {
            primary: 1.0,
            junior: 1.0,
            senior: 1.0
        }
    );
    assert!(!rb.policy.gym_in_teaching_rooms);
}

#[test]
fn basic_2012_tests_the_composite_of_eight() {
    let rb = Rulebook::builtin("cn-2012").unwrap();
    assert_eq!(rb.indicators.len(), 8);
    assert_eq!(rb.balance.mode, BalanceMode::Composite);
    assert_eq!(
        rb.balance.cv_max,
        PerSection {
            primary: 0.65,
            junior: 0.55
        }
    );
    assert!(rb.unit_rule.is_none());
}

#[test]
fn every_builtin_loads() {
    for id in Rulebook::builtin_ids() {
        let rb = Rulebook::builtin(id).unwrap();
        assert_eq!(rb.id, id);
    }
    assert_eq!(
        Rulebook::builtin("hebei-2017")
            .unwrap()
            .policy
            .teaching_points,
        TeachingPointPolicy::ExcludeBelow { min_students: 50 }
    );
}

#[test]
fn a_provincial_file_overrides_numbers_and_policies() {
    let text = r#"
        extends = "cn-2017"
        id = "cq-2025"
        version = "2025.1"
        name = "重庆试行"
        [policy]
        apportion_weights = "1:1.1:1.32"
        compare_decimals = 2
        [balance.cv_max]
        junior = 0.40
        [indicators.backbone_teachers_per_100.standard]
        primary = 1.2
    "#;
    let rb = Rulebook::from_toml(text, "cq.toml").unwrap();
    assert_eq!(rb.id, "cq-2025");
    assert_eq!(rb.extends, vec!["cn-2017".to_owned()]);
    assert_eq!(
        rb.policy.apportion_weights,
        Weights {
            primary: 1.0,
            junior: 1.1,
            senior: 1.32
        }
    );
    assert_eq!(rb.policy.compare_decimals, Some(2));
    assert_eq!(
        rb.balance.cv_max,
        PerSection {
            primary: 0.5,
            junior: 0.40
        }
    );
    let backbone = rb.indicator("backbone_teachers_per_100").unwrap();
    assert_eq!(
        backbone.standard,
        Some(PerSection {
            primary: 1.2,
            junior: 1.0
        })
    );
    // Order of the base rulebook is kept.
    assert_eq!(rb.indicators[0].id, "qualified_teachers_per_100");
    assert_eq!(rb.indicators.len(), 7);
}

#[test]
fn an_extension_can_drop_an_indicator_and_must_name_itself() {
    let text = "extends = \"cn-2012\"\nid = \"x\"\nversion = \"1\"\n[indicators.books_per_student]\nenabled = false\n";
    assert_eq!(
        Rulebook::from_toml(text, "x.toml")
            .unwrap()
            .indicators
            .len(),
        7
    );
    let unnamed = "extends = \"cn-2017\"\n[policy]\ngym_in_teaching_rooms = true\n";
    let err = Rulebook::from_toml(unnamed, "y.toml").unwrap_err();
    assert!(
        matches!(err, RulebookError::Invalid { ref key, .. } if key == "id"),
        "{err}"
    );
}

#[test]
fn bad_rulebooks_are_rejected_with_the_key() {
    let cases = [
        (
            "[policy]\napportion_weights = \"1:0:1\"",
            "policy.apportion_weights",
        ),
        (
            "[policy]\nteaching_points = \"drop\"",
            "policy.teaching_points",
        ),
        (
            "[policy]\nteaching_points = \"exclude_below\"",
            "policy.teaching_point_min_students",
        ),
        ("[unit_rule]\nmin_met = 9", "unit_rule.min_met"),
        ("[unit_rule]\nfloor_ratio = 1.5", "unit_rule.floor_ratio"),
        ("[balance.cv_max]\nprimary = -1", "balance.cv_max"),
        (
            "[indicators.sports_area_per_student]\nper = 0",
            "indicators.sports_area_per_student.per",
        ),
    ];
    for (over, key) in cases {
        let text = format!("extends = \"cn-2017\"\nid = \"t\"\nversion = \"1\"\n{over}\n");
        match Rulebook::from_toml(&text, "t.toml") {
            Err(RulebookError::Invalid { key: k, .. }) => assert_eq!(k, key, "{over}"),
            other => panic!("{over}: {other:?}"),
        }
    }
}

#[test]
fn unknown_keys_and_unknown_parents_are_errors() {
    let typo = "extends = \"cn-2017\"\nid = \"t\"\nversion = \"1\"\n[policy]\ngym_counts = true\n";
    assert!(matches!(
        Rulebook::from_toml(typo, "t.toml"),
        Err(RulebookError::Syntax { .. })
    ));
    let parent = "extends = \"cn-1999\"\nid = \"t\"\nversion = \"1\"\n";
    assert_eq!(
        Rulebook::from_toml(parent, "t.toml"),
        Err(RulebookError::UnknownBuiltin("cn-1999".into()))
    );
}

#[test]
fn weights_parse_with_full_width_colons() {
    assert_eq!(
        Weights::parse("1：1.1：1.32"),
        Some(Weights {
            primary: 1.0,
            junior: 1.1,
            senior: 1.32
        })
    );
    assert_eq!(Weights::parse("1:1"), None);
    assert_eq!(Weights::parse("1:x:1"), None);
}

#[test]
fn rotation_rules_default_to_the_national_ones_and_anhui_counts_the_eligible() {
    let national = Rulebook::builtin("cn-2017").unwrap().rotation;
    assert_eq!(national, RotationRules::default());
    assert_eq!(national.min_years, 6);
    assert_eq!(national.backbone_base, BackboneBase::Rotated);
    // cn-2012 has no [rotation] table: the national defaults apply.
    assert_eq!(
        Rulebook::builtin("cn-2012").unwrap().rotation,
        RotationRules::default()
    );
    let anhui = Rulebook::builtin("anhui-2018").unwrap();
    assert_eq!(anhui.rotation.backbone_base, BackboneBase::Eligible);
    assert_eq!(anhui.rotation.quota_share, 0.10);
    assert_eq!(anhui.indicators.len(), 7);
    assert!(national.describe().contains("连续任教满 6 年"));
}

#[test]
fn bad_rotation_settings_name_their_key() {
    let file =
        "extends = \"cn-2017\"\nid = \"x\"\nversion = \"1\"\n[rotation]\nquota_share = 1.5\n";
    let err = Rulebook::from_toml(file, "x.toml").unwrap_err();
    assert!(err.to_string().contains("rotation.quota_share"), "{err}");
    let file = "extends = \"cn-2017\"\nid = \"x\"\nversion = \"1\"\n[rotation]\nmin_year = 5\n";
    assert!(Rulebook::from_toml(file, "x.toml").is_err());
    let file =
        "extends = \"cn-2017\"\nid = \"x\"\nversion = \"1\"\n[rotation]\nbackbone_base = \"all\"\n";
    assert!(Rulebook::from_toml(file, "x.toml").is_err());
}
