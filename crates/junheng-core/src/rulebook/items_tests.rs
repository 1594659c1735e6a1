use super::*;

fn ext(body: &str) -> Result<Rulebook, RulebookError> {
    Rulebook::from_toml(
        &format!("extends = \"cn-2017\"\nid = \"p\"\nversion = \"1\"\n{body}"),
        "p.toml",
    )
}

fn bad_key(body: &str) -> String {
    match ext(body) {
        Err(RulebookError::Invalid { key, .. }) => key,
        other => panic!("{body}: expected an invalid key, got {other:?}"),
    }
}

#[test]
fn national_2017_has_every_item_in_order() {
    let rb = Rulebook::builtin("cn-2017").unwrap();
    let count = |d| rb.items_of(d).count();
    assert_eq!(
        [
            count(Dimension::Guarantee),
            count(Dimension::Quality),
            count(Dimension::Recognition),
            count(Dimension::Veto)
        ],
        [15, 9, 1, 8]
    );
    let numbers: Vec<u32> = rb.items_of(Dimension::Guarantee).map(|i| i.no).collect();
    assert_eq!(numbers, (1..=15).collect::<Vec<_>>());
    let class = rb.item("class_size").unwrap();
    assert_eq!(class.computation, Some(Computation::ClassSize));
    assert_eq!(class.limit("primary_max"), Some(45.0));
    assert_eq!(class.label(), "政府保障程度 5");
    // A limit with no national value stays empty: the province sets the 基准定额.
    let small = rb.item("small_school_funding").unwrap();
    assert_eq!(small.limit("per_student"), None);
    assert_eq!(small.limit("min_students"), Some(100.0));
    assert_eq!(rb.item("naeq").unwrap().limit("line"), Some(0.15));
    assert_eq!(rb.item("recognition").unwrap().limit("min"), Some(0.85));
    assert_eq!(rb.item("layout_plan").unwrap().decision, Decision::Attested);
    assert!(rb.item("rotation").unwrap().limits.is_empty());
    // The built-in settings equal the engines' national defaults.
    assert_eq!(rb.class_rules(), ClassRules::default());
    assert_eq!(rb.zoning_rules(), ZoningRules::default());
    // Every computation the collector knows is used by the national rulebook.
    for c in Computation::ALL {
        assert!(rb.items.iter().any(|i| i.computation == Some(c)), "{c}");
        assert_eq!(Computation::parse(c.id()), Some(c));
    }
    // Provinces that extend it inherit the items; the 2012 rulebook has none.
    assert_eq!(Rulebook::builtin("hebei-2017").unwrap().items.len(), 33);
    assert!(Rulebook::builtin("cn-2012").unwrap().items.is_empty());
}

#[test]
fn a_province_overrides_drops_and_adds_items() {
    let rb = ext("[items.class_size]\nlimits = { primary_max = 40 }\n\
         [items.homework]\nenabled = false\n\
         [items.nearby_enrolment]\nlimits = { junior = 0.9 }\n\
         [items.small_school_funding]\nlimits = { per_student = 650 }\n\
         [items.boarding]\ndimension = \"quality\"\nno = 10\nname = \"寄宿制学校管理\"\n\
         requirement = \"寄宿制学校生活设施达标\"\ndecision = \"attested\"\n\
         evidence = [\"寄宿制学校评估\"]\ntag = \"L\"\n")
    .unwrap();
    let class = rb.item("class_size").unwrap();
    assert_eq!(class.limit("primary_max"), Some(40.0));
    assert_eq!(class.limit("junior_max"), Some(50.0), "other keys stay");
    assert_eq!(class.name, "班额", "other fields stay");
    assert_eq!(rb.class_rules().primary_max, 40);
    assert_eq!(rb.zoning_rules().junior_min_percent, 90);
    assert_eq!(
        rb.item("small_school_funding")
            .unwrap()
            .limit("per_student"),
        Some(650.0)
    );
    assert!(rb.item("homework").is_none());
    let added = rb.item("boarding").unwrap();
    assert_eq!(added.tag, Tag::L);
    let quality: Vec<&str> = rb
        .items_of(Dimension::Quality)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(quality.len(), 9);
    assert_eq!(quality.last(), Some(&"boarding"));
}

#[test]
fn bad_items_name_their_key() {
    assert_eq!(
        bad_key("[items.class_size]\nlimits = { primary = 40 }\n"),
        "items.class_size.limits.primary"
    );
    assert_eq!(
        bad_key("[items.class_size]\ncomputation = \"class_sizes\"\n"),
        "items.class_size.computation"
    );
    assert_eq!(
        bad_key("[items.class_size]\nlimits = { primary_max = 40.5 }\n"),
        "items.class_size.limits.primary_max"
    );
    assert_eq!(
        bad_key("[items.nearby_enrolment]\nlimits = { junior = 0.955 }\n"),
        "items.nearby_enrolment.limits.junior"
    );
    assert_eq!(
        bad_key("[items.recognition]\nlimits = { min = 85 }\n"),
        "items.recognition.limits.min"
    );
    assert_eq!(
        bad_key("[items.layout_plan]\ndecision = \"computed\"\n"),
        "items.layout_plan.computation"
    );
    assert_eq!(
        bad_key("[items.homework]\nno = 5\n"),
        "items.homework.no",
        "two items of one dimension may not share a number"
    );
    assert_eq!(
        bad_key("[items.homework]\nname = \" \"\n"),
        "items.homework.name"
    );
    assert_eq!(bad_key("[items.homework]\nno = 0\n"), "items.homework.no");
    let message = ext("[items.class_size]\ncomputation = \"x\"\n")
        .unwrap_err()
        .to_string();
    assert!(message.contains("未知的计算方法「x」"), "{message}");
    assert!(message.contains("class_size"), "{message}");
    // Unknown fields and dimensions are syntax errors.
    assert!(matches!(
        ext("[items.homework]\nweight = 2\n"),
        Err(RulebookError::Syntax { .. })
    ));
    assert!(matches!(
        ext("[items.homework]\ndimension = \"resources\"\n"),
        Err(RulebookError::Syntax { .. })
    ));
}
