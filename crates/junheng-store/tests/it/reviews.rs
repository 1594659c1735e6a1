//! 综合考核: scores entered and replaced (with the audit log keeping both), bad input writing
//! nothing, finalised results replaced whole, districts kept apart, and backups carrying both.

use std::io::Cursor;

use junheng_core::bands::{Band, EscalationLevel};
use junheng_core::review::Scorer;
use junheng_core::school::SchoolCode;
use junheng_store::{AuditFilter, NewReviewResult, NewReviewScore, ReviewUnit, Store};

use crate::helpers::{Home, dux, sqlite_store};

store_tests!(
    scores_are_replaced_and_audited,
    bad_scores_and_results_write_nothing,
    finalising_again_replaces_the_year,
    backups_carry_reviews,
);

fn school(n: u32) -> ReviewUnit {
    ReviewUnit::School(
        SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap(),
    )
}

fn score<'a>(unit: &'a ReviewUnit, scorer: Scorer, score: f64) -> NewReviewScore<'a> {
    NewReviewScore {
        year: 2025,
        unit,
        item: "management",
        scorer,
        score,
        note: " 制度健全 ",
    }
}

fn result(unit: ReviewUnit, value: Option<f64>, band: Option<Band>) -> NewReviewResult {
    NewReviewResult {
        name: format!("对象{}", unit.key()),
        unit,
        value,
        band,
        warning_periods: u32::from(band == Some(Band::Warning)),
        escalation: None,
        detail: "{\"total\":1}".into(),
    }
}

async fn scores_are_replaced_and_audited(store: Store) {
    let home = store.home().await;
    let a = school(1);
    let g = ReviewUnit::Group("第一教育集团".into());
    assert_eq!(
        home.set_review_score(&score(&a, Scorer::Own, 90.0), &dux())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        home.set_review_score(&score(&a, Scorer::Own, 85.5), &dux())
            .await
            .unwrap(),
        Some(90.0)
    );
    home.set_review_score(&score(&a, Scorer::District, 70.0), &dux())
        .await
        .unwrap();
    home.set_review_score(&score(&g, Scorer::Peer, 0.0), &dux())
        .await
        .unwrap();
    let mut other_year = score(&a, Scorer::Own, 60.0);
    other_year.year = 2024;
    home.set_review_score(&other_year, &dux()).await.unwrap();

    let scores = home.review_scores(2025).await.unwrap();
    let seen: Vec<(&ReviewUnit, Scorer, f64)> = scores
        .iter()
        .map(|s| (&s.unit, s.scorer, s.score))
        .collect();
    assert_eq!(
        seen,
        [
            (&g, Scorer::Peer, 0.0),
            (&a, Scorer::District, 70.0),
            (&a, Scorer::Own, 85.5)
        ]
    );
    assert_eq!(scores[2].note, "制度健全");
    assert_eq!(scores[2].entered_by, "dux");
    assert_eq!(home.review_scores(2024).await.unwrap().len(), 1);

    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("review.".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 5);
    let replaced = log.iter().find(|e| e.detail.contains("was=90")).unwrap();
    assert_eq!(replaced.target, format!("review:2025:{a}"));
    assert!(
        replaced.detail.contains("score=85.5"),
        "{}",
        replaced.detail
    );
}

async fn bad_scores_and_results_write_nothing(store: Store) {
    let home = store.home().await;
    let a = school(1);
    for bad in [-0.1, 100.5, f64::NAN] {
        let e = home
            .set_review_score(&score(&a, Scorer::Own, bad), &dux())
            .await;
        assert_eq!(e.unwrap_err().code(), "store.invalid", "{bad}");
    }
    let mut year = score(&a, Scorer::Own, 50.0);
    year.year = 1999;
    assert!(home.set_review_score(&year, &dux()).await.is_err());
    let mut long = score(&a, Scorer::Own, 50.0);
    let note = "很".repeat(600);
    long.note = &note;
    assert!(home.set_review_score(&long, &dux()).await.is_err());
    assert!(home.review_scores(2025).await.unwrap().is_empty());

    let twice = [
        result(a.clone(), Some(80.0), None),
        result(a.clone(), Some(70.0), None),
    ];
    assert!(home.finalise_reviews(2025, &twice, &dux()).await.is_err());
    let nan = [result(a.clone(), Some(f64::NAN), None)];
    assert!(home.finalise_reviews(2025, &nan, &dux()).await.is_err());
    assert!(home.finalise_reviews(2025, &[], &dux()).await.is_err());
    assert!(home.review_results(None).await.unwrap().is_empty());
    assert_eq!(ReviewUnit::parse("school", "12"), None);
    assert_eq!(ReviewUnit::parse("zone", "一学区"), None);
    assert_eq!(
        ReviewUnit::parse("group", " 一集团 "),
        Some(ReviewUnit::Group("一集团".into()))
    );
}

async fn finalising_again_replaces_the_year(store: Store) {
    let home = store.home().await;
    let (a, b) = (school(1), school(2));
    let g = ReviewUnit::Group("第一教育集团".into());
    let first = [
        result(a.clone(), Some(91.0), Some(Band::Development)),
        result(b.clone(), None, None),
    ];
    assert_eq!(
        home.finalise_reviews(2024, &first, &dux()).await.unwrap(),
        0
    );
    let mut warned = result(b.clone(), Some(41.0), Some(Band::Warning));
    warned.warning_periods = 2;
    warned.escalation = Some(EscalationLevel::Interview);
    let second = [
        result(a.clone(), Some(88.0), Some(Band::Basic)),
        warned.clone(),
        result(g.clone(), Some(77.0), Some(Band::Basic)),
    ];
    assert_eq!(
        home.finalise_reviews(2025, &second, &dux()).await.unwrap(),
        0
    );
    let again = [
        result(a.clone(), Some(89.0), Some(Band::Basic)),
        warned,
        result(g.clone(), Some(77.0), Some(Band::Basic)),
    ];
    assert_eq!(
        home.finalise_reviews(2025, &again, &dux()).await.unwrap(),
        3
    );

    let all = home.review_results(None).await.unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(
        (all[0].year, all[0].value, all[1].value),
        (2024, Some(91.0), None)
    );
    let of_b = home.review_results(Some(&b)).await.unwrap();
    assert_eq!(
        of_b.iter().map(|r| r.year).collect::<Vec<_>>(),
        [2024, 2025]
    );
    assert_eq!(of_b[1].band, Some(Band::Warning));
    assert_eq!(
        (of_b[1].warning_periods, of_b[1].escalation),
        (2, Some(EscalationLevel::Interview))
    );
    let of_a = home.review_results(Some(&a)).await.unwrap();
    assert_eq!(of_a[1].value, Some(89.0));
    assert_eq!(of_a[1].finalised_by, "dux");
    assert_eq!(home.review_results(Some(&g)).await.unwrap().len(), 1);

    // Another district sees none of it.
    let there = crate::helpers::chengkou(&store).await;
    assert!(there.review_results(None).await.unwrap().is_empty());
    assert!(there.review_scores(2025).await.unwrap().is_empty());
}

async fn backups_carry_reviews(store: Store) {
    let home = store.home().await;
    let a = school(1);
    home.set_review_score(&score(&a, Scorer::Own, 88.0), &dux())
        .await
        .unwrap();
    home.finalise_reviews(
        2025,
        &[result(a.clone(), Some(88.0), Some(Band::Basic))],
        &dux(),
    )
    .await
    .unwrap();
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!((rows("review_scores"), rows("review_results")), (1, 1));
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    let there = copy.home().await;
    assert_eq!(
        there.review_scores(2025).await.unwrap(),
        home.review_scores(2025).await.unwrap()
    );
    assert_eq!(
        there.review_results(None).await.unwrap(),
        home.review_results(None).await.unwrap()
    );
    copy.close().await;
}
