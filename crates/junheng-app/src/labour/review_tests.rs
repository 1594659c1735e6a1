//! The rules of the 区/校/班 review at the seam: export refused before the review and before the
//! 公示 ends, a refused step writes nothing, only the school steps its own review, and the
//! district's sample is reproducible and at least the settings' share.

use std::collections::HashMap;

use junheng_core::school::SchoolKind;
use junheng_io::labour::lists::ListFile;
use junheng_labour::calendar::{Day, Semester, Term};
use junheng_labour::checklist::ItemCode;
use junheng_labour::passport::Reporter;
use junheng_labour::review::{AuditSettings, ReviewError, ReviewState};
use junheng_labour::sample::sample_size;
use junheng_labour::settings::LabourSettings;
use junheng_store::labour::review::AuditOutcome;
use junheng_store::{Actor, Role, Scope, StoreError, StudentKeys};

use super::lists::import;
use super::records::{NewEntry, enter, seat};
use super::review::*;
use crate::pairings::{Caller, Refused};
use crate::testing::{Fixture, fixture, keys, user};

fn day(t: &str) -> Day {
    Day::parse(t).unwrap()
}

const TERM: Term = Term {
    year: 2024,
    semester: Semester::First,
};

async fn with_list(f: &Fixture, settings: &LabourSettings) {
    let actor = Actor::new("operator");
    let list = junheng_labour::synth::district_list(1);
    let file = ListFile {
        file: "区级.xlsx".into(),
        sheet: None,
        items: list.items.clone(),
        removals: Vec::new(),
        rows: HashMap::new(),
        warnings: Vec::new(),
    };
    import(
        &f.store,
        &Caller::Operator(&actor),
        None,
        &file,
        "",
        &settings.checklist.required_groups,
    )
    .await
    .unwrap();
}

/// The conflict message of a refusal (the engine's words for a refused step).
fn said(r: Result<impl std::fmt::Debug, Refused>) -> String {
    match r {
        Err(Refused::Store(StoreError::Conflict(m))) => m,
        other => panic!("a conflict, not {other:?}"),
    }
}

#[tokio::test]
async fn export_waits_for_review_and_the_end_of_publicity_and_refused_steps_write_nothing() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let settings = LabourSettings::default();
    with_list(&f, &settings).await;
    let head = user("head", Role::School, Scope::School(f.school.clone()));
    let school = Caller::User(&head);
    let today = day("2025-02-20");
    let go = |action, on: &str| {
        step_review(
            &f.store,
            &school,
            None,
            TERM,
            action,
            day(on),
            today,
            &settings,
        )
    };
    let log_len = || async { f.store.labour_review_log(None, TERM).await.unwrap().len() };

    // A record and a summary for class 1.
    let one = seat(&f.store, &school, None, Some("3年级1班"))
        .await
        .unwrap();
    let two = seat(&f.store, &school, None, Some("3年级2班"))
        .await
        .unwrap();
    let entry = NewEntry {
        day: day("2024-10-15"),
        item: ItemCode::parse("B2-01").unwrap(),
        minutes: 30,
        evidence: "扫地".into(),
        reporter: Reporter::Teacher,
        students: one.children.clone(),
    };
    enter(
        &f.store,
        &school,
        &one,
        &entry,
        crate::labour::records::Context {
            today: day("2024-10-16"),
            required: &settings.checklist.required_groups,
            keys: &keys(),
        },
    )
    .await
    .unwrap();
    let summary = class_summary(&f.store, &keys(), &one, TERM, &settings)
        .await
        .unwrap();
    assert_eq!(summary.summaries.len(), 2);
    assert!(summary.summaries.iter().all(|s| s.records == 1));
    assert!(summary.submitted.is_none());

    // Not every class has submitted: 提交小结 refused, nothing written; export refused.
    submit_class(&f.store, &school, &one, TERM, &settings)
        .await
        .unwrap();
    assert!(said(go(Action::Summarise, "2025-01-06").await).contains("3年级2班"));
    let not_reviewed = ReviewError::NotReviewed.to_string();
    assert_eq!(said(go(Action::Export, "2025-01-06").await), not_reviewed);
    assert_eq!(
        said(export(&f.store, &keys(), &school, None, TERM, &settings).await),
        not_reviewed
    );
    assert_eq!(log_len().await, 0);

    submit_class(&f.store, &school, &two, TERM, &settings)
        .await
        .unwrap();
    go(Action::Summarise, "2025-01-06").await.unwrap();
    // A 公示 from Wednesday 8 January: 8, 9, 10, 13, 14.
    let s = go(Action::Publicise, "2025-01-08").await.unwrap();
    let ends = day("2025-01-14");
    assert_eq!(
        s,
        ReviewState::Publicity {
            start: day("2025-01-08"),
            ends
        }
    );
    // Out of order and before the 公示's first day: refused, nothing written.
    assert!(said(go(Action::Publicise, "2025-01-09").await).contains("公示中"));
    assert_eq!(
        said(go(Action::Review, "2025-01-07").await),
        ReviewError::DayBefore {
            day: day("2025-01-07"),
            earliest: day("2025-01-08")
        }
        .to_string()
    );
    let not_over = ReviewError::PublicityNotOver { ends }.to_string();
    assert_eq!(said(go(Action::Export, "2025-01-16").await), not_reviewed);
    assert_eq!(log_len().await, 2);

    // Reviewed during the 公示: export on its last day refused, the day after allowed.
    go(Action::Review, "2025-01-10").await.unwrap();
    assert_eq!(said(go(Action::Export, "2025-01-14").await), not_over);
    assert_eq!(
        said(export(&f.store, &keys(), &school, None, TERM, &settings).await),
        not_over
    );
    assert_eq!(log_len().await, 3);
    // A class cannot submit again once reviewed.
    assert!(said(submit_class(&f.store, &school, &one, TERM, &settings).await).contains("已审核"));
    go(Action::Export, "2025-01-15").await.unwrap();
    let rows = export(&f.store, &keys(), &school, None, TERM, &settings)
        .await
        .unwrap();
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter()
            .all(|r| r.year == 2024 && r.semester == Semester::First)
    );
    // A day after today is refused (but for a planned 公示).
    let later = step_review(
        &f.store,
        &school,
        None,
        TERM.next(),
        Action::Summarise,
        day("2025-02-21"),
        today,
        &settings,
    )
    .await;
    assert!(matches!(later, Err(Refused::Store(StoreError::Invalid(_)))));
}

#[tokio::test]
async fn only_the_school_steps_its_review() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let settings = LabourSettings::default();
    let today = day("2025-02-20");
    let other = user("other", Role::School, Scope::School(f.other.clone()));
    let teacher = user(
        "bzr",
        Role::ClassTeacher,
        Scope::Class {
            school: f.school.clone(),
            class: "3年级1班".into(),
        },
    );
    let admin = user("admin", Role::Admin, Scope::District);
    for who in [&other, &teacher, &admin] {
        let r = step_review(
            &f.store,
            &Caller::User(who),
            Some(&f.school),
            TERM,
            Action::Summarise,
            today,
            today,
            &settings,
        )
        .await;
        assert!(matches!(r, Err(Refused::Denied)), "{}", who.name);
    }
    // Another school's account cannot read ours either; the district can.
    assert!(matches!(
        school_review(
            &f.store,
            &Caller::User(&other),
            Some(&f.school),
            TERM,
            &settings
        )
        .await,
        Err(Refused::Denied)
    ));
    let seen = school_review(
        &f.store,
        &Caller::User(&admin),
        Some(&f.school),
        TERM,
        &settings,
    )
    .await
    .unwrap();
    assert_eq!(seen.state, ReviewState::Collecting);
    assert_eq!(seen.missing(), ["3年级1班", "3年级2班"]);
    assert!(
        f.store
            .labour_review_log(None, TERM)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_district_sample_is_reproducible_at_least_its_share_and_only_sampled_children_are_recorded()
 {
    let f = fixture(SchoolKind::Primary, 3, 60).await;
    let mut settings = LabourSettings::default();
    settings.review.audit = AuditSettings {
        share_per_mille: 200,
        at_least: 5,
    };
    let admin = user("admin", Role::Admin, Scope::District);
    let district = Caller::User(&admin);
    let k = keys();
    let a = sample(&f.store, &district, &k, &f.school, TERM, &settings)
        .await
        .unwrap();
    assert_eq!(a.children, 60);
    assert!(a.sampled.len() >= sample_size(60, 200));
    assert_eq!(a.sampled.len(), 12);
    let again = sample(&f.store, &district, &k, &f.school, TERM, &settings)
        .await
        .unwrap();
    assert_eq!(a, again);
    let next = sample(&f.store, &district, &k, &f.school, TERM.next(), &settings)
        .await
        .unwrap();
    assert_ne!(
        a.sampled.iter().map(|c| c.student).collect::<Vec<_>>(),
        next.sampled.iter().map(|c| c.student).collect::<Vec<_>>()
    );
    let other_keys = StudentKeys::from_bytes(&[7; 32], &[9; 32]).unwrap();
    let elsewhere = sample(&f.store, &district, &other_keys, &f.school, TERM, &settings)
        .await
        .unwrap();
    assert_ne!(a.sampled, elsewhere.sampled);

    // A school sees no sample; a child outside it is not recorded; a 督学 records nothing.
    let head = user("head", Role::School, Scope::School(f.school.clone()));
    assert!(matches!(
        sample(
            &f.store,
            &Caller::User(&head),
            &k,
            &f.school,
            TERM,
            &settings
        )
        .await,
        Err(Refused::Denied)
    ));
    let chosen = a.sampled[0].student;
    let outside = (1..=1000)
        .find(|id| !a.sampled.iter().any(|c| c.student == *id))
        .unwrap();
    assert!(matches!(
        record_outcome(
            &f.store,
            &district,
            &k,
            &f.school,
            TERM,
            outside,
            AuditOutcome::Match,
            "",
            &settings
        )
        .await,
        Err(Refused::Denied)
    ));
    let supervisor = user("dx", Role::Supervisor, Scope::District);
    assert!(matches!(
        record_outcome(
            &f.store,
            &Caller::User(&supervisor),
            &k,
            &f.school,
            TERM,
            chosen,
            AuditOutcome::Match,
            "",
            &settings
        )
        .await,
        Err(Refused::Denied)
    ));
    // 不符合 needs a note.
    assert!(matches!(
        record_outcome(
            &f.store,
            &district,
            &k,
            &f.school,
            TERM,
            chosen,
            AuditOutcome::Mismatch,
            "",
            &settings
        )
        .await,
        Err(Refused::Store(StoreError::Invalid(_)))
    ));
    record_outcome(
        &f.store,
        &district,
        &k,
        &f.school,
        TERM,
        chosen,
        AuditOutcome::Mismatch,
        "记录与家长反馈不一致",
        &settings,
    )
    .await
    .unwrap();
    let after = sample(&f.store, &district, &k, &f.school, TERM, &settings)
        .await
        .unwrap();
    assert_eq!(
        after.sampled[0].outcome.as_ref().map(|o| o.outcome),
        Some(AuditOutcome::Mismatch)
    );
    let view = district_review(&f.store, &district, TERM, &settings)
        .await
        .unwrap();
    assert_eq!((view.totals.sampled, view.totals.mismatches), (1, 1));
    let line = view.schools.iter().find(|l| l.school == f.school).unwrap();
    assert_eq!((line.sample_size, line.audited), (12, 1));
    assert!(matches!(
        district_review(&f.store, &Caller::User(&head), TERM, &settings).await,
        Err(Refused::Denied)
    ));
}
