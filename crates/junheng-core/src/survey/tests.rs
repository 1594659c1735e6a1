use proptest::prelude::*;

use super::*;

fn resp(group: &str, school: Option<&str>, answers: &[Option<u8>]) -> Response {
    Response {
        group: group.into(),
        school: school.map(Into::into),
        answers: answers.to_vec(),
    }
}

/// `n` respondents of `group` answering `yes` of them 认可 (option 0) on all three counted
/// questions and the rest `other`.
fn block(group: &str, n: usize, yes: usize, other: u8) -> Vec<Response> {
    (0..n)
        .map(|i| {
            let a = if i < yes { 0 } else { other };
            resp(group, None, &[Some(a), Some(a), Some(a)])
        })
        .collect()
}

#[test]
fn the_builtin_questionnaire_has_seven_groups_and_supporting_questions_that_do_not_count() {
    let q = Questionnaire::builtin();
    let names: Vec<&str> = q.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "学生",
            "家长",
            "教师",
            "校长",
            "人大代表",
            "政协委员",
            "社会人士"
        ]
    );
    assert_eq!(q.unknown, UnknownRule::Against);
    for g in &q.groups {
        for t in [Topic::Policy, Topic::Sharing, Topic::Quality] {
            assert!(
                g.questions.iter().any(|x| x.topic == t && x.counts),
                "{}",
                g.id
            );
        }
        assert!(
            g.questions
                .iter()
                .filter(|x| !x.topic.may_count())
                .all(|x| !x.counts)
        );
    }
    let parent = q.group("parent").unwrap();
    assert_eq!(parent.questions[3].topic, Topic::Homework);
    assert!(!parent.questions[3].counts);
    assert_eq!(parent.questions[4].topic, Topic::Choice);
}

#[test]
fn exactly_85_percent_meets_and_just_under_does_not() {
    let q = Questionnaire::builtin();
    let s = Settings::default();
    // 17 of 20 principals recognise on every counted question: 51 / 60 = 0.85.
    let r = results(&q, &block("principal", 20, 17, 2), &s);
    assert_eq!(r.overall, Some(0.85));
    assert_eq!(r.meets, Some(true));
    let g = &r.groups[3];
    assert_eq!(
        (g.respondents, g.tally.recognised, g.tally.not),
        (20, 51, 9)
    );
    // One more 不认可 answer: 50 / 60 = 0.8333.
    let mut rs = block("principal", 20, 17, 2);
    rs[0].answers[0] = Some(2);
    let r = results(&q, &rs, &s);
    assert!((r.overall.unwrap() - 50.0 / 60.0).abs() < 1e-12);
    assert_eq!(r.meets, Some(false));
    // Two groups, equal weights: 0.9 and 0.8 average to 0.85 — met despite rounding.
    let mut two = block("principal", 10, 9, 2);
    two.extend(block("teacher", 10, 8, 2));
    let r = results(&q, &two, &s);
    assert!((r.overall.unwrap() - 0.85).abs() < 1e-12);
    assert_eq!(r.meets, Some(true));
    // 0.9 and 0.79 → 0.845: not met.
    let mut two = block("principal", 10, 9, 2);
    two.extend(block("teacher", 100, 79, 2));
    assert_eq!(results(&q, &two, &s).meets, Some(false));
}

#[test]
fn unknown_counts_against_by_default_and_can_be_excluded() {
    let mut q = Questionnaire::builtin();
    // 17 recognise, 3 不了解 (option 3).
    let rs = block("principal", 20, 17, 3);
    let r = results(&q, &rs, &Settings::default());
    assert_eq!(r.overall, Some(0.85));
    assert_eq!(r.groups[3].tally.unknown, 9);
    q.unknown = UnknownRule::Excluded;
    let r = results(&q, &rs, &Settings::default());
    assert_eq!(r.overall, Some(1.0));
}

#[test]
fn weighting_by_sample_follows_respondents_and_equal_ignores_them() {
    let q = Questionnaire::builtin();
    let mut rs = block("principal", 10, 10, 2); // 1.0
    rs.extend(block("parent", 30, 15, 2)); // 0.5
    let eq = results(&q, &rs, &Settings::default());
    assert!((eq.overall.unwrap() - 0.75).abs() < 1e-12);
    let by = results(
        &q,
        &rs,
        &Settings {
            weighting: Weighting::Sample,
            min_cell: 10,
        },
    );
    assert!((by.overall.unwrap() - (10.0 + 15.0) / 40.0).abs() < 1e-12);
    assert!((by.groups[1].weight - 0.75).abs() < 1e-12);
    // Groups without answers weigh nothing.
    assert_eq!(eq.groups[0].weight, 0.0);
}

#[test]
fn small_cells_are_withheld_but_counted_in_the_overall() {
    let q = Questionnaire::builtin();
    let mut rs = block("principal", 9, 0, 2); // 0.0, 9 < 10
    rs.extend(block("teacher", 10, 10, 2)); // 1.0
    for r in rs.iter_mut().take(3) {
        r.school = Some("5001120001".into());
    }
    let r = results(&q, &rs, &Settings::default());
    assert_eq!(r.overall, Some(0.5));
    let p = &r.groups[3];
    assert!(!p.shown);
    assert_eq!(
        (p.rate, p.interval, p.tally),
        (None, None, Tally::default())
    );
    assert_eq!(p.respondents, 9);
    assert!(
        r.questions
            .iter()
            .filter(|x| x.group == "principal")
            .all(|x| x.rate.is_none() && x.options.is_empty())
    );
    assert_eq!(r.schools[0].rate, None);
    let t = &r.groups[2];
    assert!(t.shown);
    assert_eq!(t.rate, Some(1.0));
}

#[test]
fn the_wilson_interval_matches_a_hand_computation() {
    // p = 0.5, n = 4: centre (0.5 + 1.9208/4)/(1 + 3.8415/4) = 0.5; half = 1.95996/1.96036 ·
    // sqrt(0.0625 + 0.060024) = 0.34996 ...
    let i = wilson(0.5, 4).unwrap();
    assert!((i.low - 0.1500).abs() < 1e-3, "{i:?}");
    assert!((i.high - 0.8500).abs() < 1e-3, "{i:?}");
    assert_eq!(wilson(0.5, 0), None);
    let one = wilson(1.0, 10).unwrap();
    assert!((one.high - 1.0).abs() < 1e-12);
    assert!(one.low > 0.69 && one.low < 0.73);
}

#[test]
fn responses_of_unknown_groups_are_ignored_and_answers_are_checked() {
    let q = Questionnaire::builtin();
    let r = results(&q, &[resp("alien", None, &[Some(0)])], &Settings::default());
    assert_eq!((r.ignored, r.respondents, r.overall), (1, 0, None));
    let g = q.group("parent").unwrap();
    assert!(check_answers(g, &[Some(0), None, Some(3), Some(0), Some(1)]).is_ok());
    assert_eq!(
        check_answers(g, &[Some(0), None, Some(4), Some(0), Some(1)]),
        Err(3)
    );
    assert_eq!(check_answers(g, &[None; 6]), Err(6));
    assert!(!answered_any(g, &[None, None, None, Some(0), Some(0)]));
    assert!(answered_any(g, &[None, Some(1), None, None, None]));
}

fn problem(text: &str) -> QuestionnaireError {
    Questionnaire::parse(text).unwrap_err()
}

#[test]
fn problems_of_a_questionnaire_name_line_and_key() {
    let base = Questionnaire::builtin_text();
    // An unknown scale on a question of the third group.
    let bad = base.replacen(
        "{ topic = \"quality\", scale = \"satisfied\", text = \"您对本校",
        "{ topic = \"quality\", scale = \"nope\", text = \"您对本校",
        1,
    );
    let e = problem(&bad);
    assert_eq!(e.key, "groups[3].questions[3].scale");
    let line = bad
        .lines()
        .position(|l| l.contains("scale = \"nope\""))
        .unwrap()
        + 1;
    assert_eq!(e.line, line);
    assert!(e.to_string().contains("nope"), "{e}");
    // A supporting question marked as counting.
    let bad = base.replacen(
        "scale = \"homework\", counts = false",
        "scale = \"homework\", counts = true",
        1,
    );
    let e = problem(&bad);
    assert_eq!(e.key, "groups[1].questions[4].counts");
    // A syntax error and an unknown key: the line of the parser.
    let e = problem(&base.replacen("version = 1", "version = 1\ncolour = 2", 1));
    assert!(e.message.contains("colour"), "{e}");
    assert_eq!(
        e.line,
        base.lines().position(|l| l == "version = 1").unwrap() + 2
    );
    // Duplicate groups, empty text, too long a file.
    let dup = format!(
        "{base}\n[[groups]]\nid = \"parent\"\nname = \"家长2\"\nquestions = [{{ topic = \"policy\", scale = \"agree\", text = \"x\" }}]\n"
    );
    assert_eq!(problem(&dup).key, "groups[8].id");
    assert!(problem(&"#".repeat(MAX_TEXT + 1)).message.contains("KB"));
    let e = problem(&base.replacen(
        "title = \"义务教育优质均衡发展社会认可度调查问卷\"",
        "title = \" \"",
        1,
    ));
    assert_eq!(e.key, "title");
}

proptest! {
    #[test]
    fn rates_stay_within_0_and_1_and_weights_sum_to_1(
        answers in proptest::collection::vec((0usize..7, 0u8..5, 0u8..5, 0u8..5), 0..120),
        sample in any::<bool>(),
        excluded in any::<bool>(),
    ) {
        let mut q = Questionnaire::builtin();
        if excluded { q.unknown = UnknownRule::Excluded; }
        let rs: Vec<Response> = answers.iter().map(|(g, a, b, c)| {
            let id = q.groups[*g].id.clone();
            resp(&id, Some("s"), &[Some(*a), Some(*b), Some(*c)])
        }).collect();
        let s = Settings {
            weighting: if sample { Weighting::Sample } else { Weighting::Equal },
            min_cell: 0,
        };
        let r = results(&q, &rs, &s);
        let weights: f64 = r.groups.iter().map(|g| g.weight).sum();
        if let Some(o) = r.overall {
            prop_assert!((0.0..=1.0).contains(&o));
            prop_assert!((weights - 1.0).abs() < 1e-9);
            let lo = r.groups.iter().filter_map(|g| g.rate).fold(1.0, f64::min);
            let hi = r.groups.iter().filter_map(|g| g.rate).fold(0.0, f64::max);
            prop_assert!(o >= lo - 1e-9 && o <= hi + 1e-9);
        } else {
            prop_assert_eq!(weights, 0.0);
        }
        for g in &r.groups {
            if let Some(p) = g.rate { prop_assert!((0.0..=1.0).contains(&p)); }
            if let Some(i) = g.interval {
                prop_assert!(0.0 <= i.low && i.low <= g.rate.unwrap() + 1e-12);
                prop_assert!(g.rate.unwrap() <= i.high + 1e-12 && i.high <= 1.0);
            }
        }
        for x in &r.questions {
            if let Some(p) = x.rate { prop_assert!((0.0..=1.0).contains(&p)); }
        }
    }
}
