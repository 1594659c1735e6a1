use std::collections::HashSet;

use junheng_core::bands::Band;
use junheng_core::demo::{DemoSpec, generate};
use junheng_core::evaluate::evaluate;
use junheng_core::review::{ReviewSettings, Scorer};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::{
    Actor, Group, GroupDetail, Membership, ReviewResult, ReviewScore, ReviewUnit, Role, Scope, User,
};

use super::*;

fn records() -> Vec<SchoolRecord> {
    generate(&DemoSpec {
        schools: 12,
        seed: 3,
        year: 2025,
    })
    .into_iter()
    .filter(|r| r.parent_code.is_none())
    .collect()
}

/// A group of the first three schools, the first leading, founded in 2023.
fn group(records: &[SchoolRecord]) -> GroupDetail {
    GroupDetail {
        group: Group {
            id: 1,
            name: "城东教育集团".into(),
            kind: "紧密型".into(),
            lead_school: Some(records[0].code.clone()),
            founded_on: Some("2023-06-01".into()),
            status: Default::default(),
            legal_form: Default::default(),
            note: String::new(),
            created_at: String::new(),
        },
        members: records[..3]
            .iter()
            .map(|r| Membership {
                school: r.code.clone(),
                joined_on: "2023-06-01".into(),
                left_on: None,
            })
            .collect(),
    }
}

fn scored(unit: &ReviewUnit, item: &str, scorer: Scorer, score: f64) -> ReviewScore {
    ReviewScore {
        year: 2025,
        unit: unit.clone(),
        item: item.into(),
        scorer,
        score,
        note: String::new(),
        entered_by: "t".into(),
        entered_at: "2026-01-01T00:00:00Z".into(),
    }
}

fn past(unit: ReviewUnit, year: i32, value: f64, band: Band) -> ReviewResult {
    ReviewResult {
        year,
        unit,
        name: String::new(),
        value: Some(value),
        band: Some(band),
        warning_periods: u32::from(band == Band::Warning),
        escalation: None,
        detail: String::new(),
        finalised_by: "t".into(),
        finalised_at: "2025-01-01T00:00:00Z".into(),
    }
}

#[test]
fn a_year_scores_schools_bundles_groups_and_reads_the_history() {
    let records = records();
    let settings = ReviewSettings::default();
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let evaluation = evaluate(&records, &rulebook).unwrap();
    let groups = [group(&records)];
    let a = ReviewUnit::School(records[0].code.clone());
    let weak = ReviewUnit::School(records[2].code.clone());
    let g = ReviewUnit::Group("城东教育集团".into());
    let scores = vec![
        scored(&a, "management", Scorer::Own, 90.0),
        scored(&a, "management", Scorer::District, 80.0),
        scored(&weak, "management", Scorer::District, 30.0),
        scored(&g, "management", Scorer::Own, 88.0),
    ];
    let evidence: HashSet<(ReviewUnit, String)> = [(a.clone(), "management".into())].into();
    // The weak school was at the 警戒线 in 2024 (finalised); 2023 was finalised too.
    let mut history = vec![
        past(a.clone(), 2023, 70.0, Band::Basic),
        past(a.clone(), 2024, 72.0, Band::Basic),
        past(weak.clone(), 2024, 35.0, Band::Warning),
    ];
    for r in &records[3..] {
        history.push(past(
            ReviewUnit::School(r.code.clone()),
            2024,
            75.0,
            Band::Basic,
        ));
    }
    // The two other members in 2023, weighted by their 2023 students (not this year's).
    history.push(past(
        ReviewUnit::School(records[1].code.clone()),
        2023,
        60.0,
        Band::Basic,
    ));
    history.push(past(weak.clone(), 2023, 40.0, Band::Warning));
    history.sort_by_key(|r| r.year);
    let enrolment: std::collections::BTreeMap<i32, std::collections::HashMap<SchoolCode, u64>> = [
        (
            2023,
            [
                (records[0].code.clone(), 900),
                (records[1].code.clone(), 100),
                (records[2].code.clone(), 300),
            ]
            .into(),
        ),
        (2024, Default::default()),
    ]
    .into();
    let review = compute(&Inputs {
        year: 2025,
        settings: &settings,
        evaluation: Some(&evaluation),
        records: &records,
        groups: &groups,
        scores: &scores,
        evidence: &evidence,
        history: &history,
        enrolment: &enrolment,
        quality: &Default::default(),
    })
    .unwrap();
    assert_eq!(review.schools.len(), records.len());
    assert_eq!(review.history_years, [2023, 2024]);

    // School A: resources from its evaluation, management 自评 0.2 / 区县 0.5 renormalised,
    // quality 未接入, the others unscored.
    let sa = review.school(&records[0].code).unwrap();
    let resource = junheng_core::review::school_resource_score(&evaluation, &records[0].code)
        .unwrap()
        .value;
    let management = (90.0 * 2.0 + 80.0 * 5.0) / 7.0;
    let expected = (25.0 * resource + 20.0 * management) / 45.0;
    assert!((sa.review.total.unwrap() - expected).abs() < 1e-9);
    assert!(sa.review.unconnected.contains(&"quality".to_owned()));
    assert!(
        !sa.review
            .evidence_missing
            .contains(&"management".to_owned())
    );
    // The weak school's management score has no evidence: flagged (the default policy).
    let sw = review.school(&records[2].code).unwrap();
    assert!(
        sw.review
            .evidence_missing
            .contains(&"management".to_owned())
    );

    // The group: three members, the lead is the core; last year's totals from 2024.
    let gr = review.group("城东教育集团").unwrap();
    assert_eq!(gr.members.len(), 3);
    let rows = &gr.composite.members;
    assert!(rows.iter().any(|m| m.core && m.unit == records[0].code));
    assert_eq!(rows.iter().find(|m| m.core).unwrap().last_year, Some(72.0));
    assert!(
        gr.review
            .items
            .iter()
            .any(|i| i.id == "management" && i.score == Some(88.0))
    );
    // The gap's baseline is 2023, the first finalised year since the founding: core 70 against
    // the 2023-enrolment-weighted mean of the others, (60·100 + 40·300) / 400 = 45.
    assert_eq!(gr.composite.gap.baseline_year, Some(2023));
    assert!((gr.composite.gap.baseline.unwrap() - 25.0).abs() < 1e-9);
    assert!(gr.composite.value.is_some());

    // Results carry bands; the weak school, at the 警戒线 again, escalates.
    let results = results(&review);
    assert_eq!(results.len(), records.len() + 1);
    let weak_result = results.iter().find(|r| r.unit == weak).unwrap();
    // At the 警戒线 again its run is three years long (2023 and 2024 counted); else no run.
    let run = if weak_result.band == Some(Band::Warning) {
        3
    } else {
        0
    };
    assert_eq!(weak_result.warning_periods, run);
    assert_eq!(weak_result.escalation, settings.bands.escalation_for(run));
    assert!(results.iter().any(|r| r.unit == g));
}

#[test]
fn a_year_without_scores_or_statistics_makes_nothing_up() {
    let records = records();
    let settings = ReviewSettings::default();
    let review = compute(&Inputs {
        year: 2025,
        settings: &settings,
        evaluation: None,
        records: &records,
        groups: &[],
        scores: &[],
        evidence: &HashSet::new(),
        history: &[],
        enrolment: &Default::default(),
        quality: &Default::default(),
    })
    .unwrap();
    assert!(review.schools.iter().all(|s| s.review.total.is_none()));
    assert!(review.school_bands.units.iter().all(|u| u.band().is_none()));
    assert!(review.groups.is_empty());
    assert!(review.history_years.is_empty());
}

fn user(role: Role, scope: Scope) -> User {
    crate::testing::user("u", role, scope)
}

#[test]
fn who_scores_what_follows_the_table() {
    let code = SchoolCode::parse("5001120001").unwrap();
    let school = ReviewUnit::School(code.clone());
    let group = ReviewUnit::Group("一集团".into());
    let seat = Seat {
        group: Some("一集团"),
        zone: Some("一学区"),
    };
    let can = |u: &User, unit: &ReviewUnit, s: Scorer| may_score(&Caller::User(u), unit, s, seat);
    let admin = user(Role::Admin, Scope::District);
    let sup = user(Role::Supervisor, Scope::District);
    let lead = user(Role::GroupLead, Scope::Group("一集团".into()));
    let other_lead = user(Role::GroupLead, Scope::Group("二集团".into()));
    let zone = user(Role::ZoneLead, Scope::Zone("一学区".into()));
    let own = user(Role::School, Scope::School(code.clone()));
    let city = user(Role::City, Scope::City("500100".into()));
    assert!(
        Scorer::ALL
            .iter()
            .all(|&s| can(&admin, &school, s) && can(&admin, &group, s))
    );
    assert!(!can(&sup, &school, Scorer::Own) && can(&sup, &group, Scorer::Peer));
    assert!(can(&lead, &group, Scorer::Own) && !can(&lead, &group, Scorer::District));
    assert!(!can(&lead, &school, Scorer::Own) && !can(&other_lead, &group, Scorer::Own));
    assert!(can(&zone, &school, Scorer::Peer) && !can(&zone, &school, Scorer::Own));
    assert!(!can(&zone, &group, Scorer::Peer));
    assert!(can(&own, &school, Scorer::Own) && !can(&own, &school, Scorer::Peer));
    assert!(Scorer::ALL.iter().all(|&s| !can(&city, &school, s)));
    assert!(may_finalise(&Caller::User(&admin)) && !may_finalise(&Caller::User(&sup)));
    assert!(may_finalise(&Caller::Operator(&Actor::new("op"))));

    let sees = |u: &User, unit: &ReviewUnit| standing(&Caller::User(u)).sees(unit, seat);
    assert!(sees(&city, &school) && sees(&lead, &school) && sees(&lead, &group));
    assert!(!sees(&other_lead, &school) && sees(&zone, &school) && !sees(&zone, &group));
    let elsewhere = ReviewUnit::School(SchoolCode::parse("5001120002").unwrap());
    assert!(sees(&own, &school) && !sees(&own, &elsewhere) && !sees(&own, &group));
}

#[test]
fn the_quality_item_and_the_cores_lead_come_from_the_exams() {
    use junheng_core::review::{QualityScore, WarningDetail};
    let records = records();
    let settings = ReviewSettings::default();
    let groups = [group(&records)];
    let q = |value: f64, sat: u64| QualityScore {
        value,
        exams: 2,
        sat,
    };
    let code = |i: usize| records[i].code.clone();
    // 2024: core 90, the others 70 and 70; 2025: core 92, one other 71, the third no scores.
    let quality: std::collections::BTreeMap<i32, std::collections::HashMap<SchoolCode, _>> = [
        (
            2024,
            [
                (code(0), q(90.0, 300)),
                (code(1), q(70.0, 100)),
                (code(2), q(70.0, 100)),
            ]
            .into(),
        ),
        (
            2025,
            [(code(0), q(92.0, 300)), (code(1), q(71.0, 100))].into(),
        ),
    ]
    .into();
    let review = compute(&Inputs {
        year: 2025,
        settings: &settings,
        evaluation: None,
        records: &records,
        groups: &groups,
        scores: &[],
        evidence: &HashSet::new(),
        history: &[],
        enrolment: &Default::default(),
        quality: &quality,
    })
    .unwrap();
    let item = |r: &junheng_core::review::UnitReview| {
        r.items.iter().find(|i| i.id == "quality").unwrap().score
    };
    // A school's quality item is its year's score; without scores it is 未接入.
    let sa = review.school(&code(0)).unwrap();
    assert_eq!(item(&sa.review), Some(92.0));
    assert_eq!(sa.review.total, Some(92.0));
    let sc = review.school(&code(2)).unwrap();
    assert_eq!(item(&sc.review), None);
    assert!(sc.review.unconnected.contains(&"quality".to_owned()));
    // The group's bundles its members' by the students who sat: (92·300 + 71·100) / 400.
    let gr = review.group("城东教育集团").unwrap();
    assert_eq!(
        item(&gr.review),
        Some((92.0 * 300.0 + 71.0 * 100.0) / 400.0)
    );
    // The core's lead: 20 in 2024, 21 in 2025 — not narrowing, warned.
    let gaps: Vec<(i32, f64)> = gr.quality_gap.iter().map(|g| (g.year, g.gap)).collect();
    assert_eq!(gaps, [(2024, 20.0), (2025, 21.0)]);
    assert!(gr.cohesion.warnings.iter().any(|w| matches!(
        w.detail,
        WarningDetail::CoreGapNotNarrowed {
            from_year: 2024,
            to_year: 2025,
            ..
        }
    )));
}
