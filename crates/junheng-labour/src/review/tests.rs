use super::*;
use crate::StudentKey;
use crate::calendar::{Semester, Term};
use crate::passport::{RatingMeans, Tenths, TermGrade, TermSummary, default_badges};
use crate::share::{Quota, Share};
use crate::testing::{child, day};

use ReviewEvent as E;

/// 2025 国庆: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
fn national_day_2025() -> WorkCalendar {
    WorkCalendar::new(
        (1..=8).map(|d| Day::new(2025, 10, d).unwrap()),
        [day("2025-09-28"), day("2025-10-11")],
    )
}

/// The state after summarising on `summarised` and publishing from `start`.
fn published(summarised: &str, start: &str, cal: &WorkCalendar) -> ReviewState {
    let s = ReviewSettings::default();
    let state = step(
        &ReviewState::Collecting,
        E::Summarise {
            on: day(summarised),
        },
        cal,
        &s,
    )
    .unwrap();
    step(&state, E::Publicise { start: day(start) }, cal, &s).unwrap()
}

#[test]
fn publicity_over_a_weekend_ends_on_the_fifth_working_day() {
    let cal = WorkCalendar::default();
    let s = ReviewSettings::default();
    // Thursday 11 December 2025: 11, 12, (13, 14), 15, 16, 17.
    let state = published("2025-12-10", "2025-12-11", &cal);
    assert_eq!(
        state,
        ReviewState::Publicity {
            start: day("2025-12-11"),
            ends: day("2025-12-17")
        }
    );
    let reviewed = step(
        &state,
        E::Review {
            on: day("2025-12-15"),
        },
        &cal,
        &s,
    )
    .unwrap();
    let last_day = step(
        &reviewed,
        E::Export {
            on: day("2025-12-17"),
        },
        &cal,
        &s,
    )
    .unwrap_err();
    assert_eq!(
        last_day,
        ReviewError::PublicityNotOver {
            ends: day("2025-12-17")
        }
    );
    assert!(last_day.to_string().contains("2025-12-17"));
    assert_eq!(
        step(
            &reviewed,
            E::Export {
                on: day("2025-12-18")
            },
            &cal,
            &s
        ),
        Ok(ReviewState::Exported {
            ends: day("2025-12-17"),
            reviewed: day("2025-12-15"),
            on: day("2025-12-18")
        })
    );
}

#[test]
fn publicity_over_a_holiday_skips_it_and_counts_make_up_days() {
    let cal = national_day_2025();
    let s = ReviewSettings::default();
    // Friday 26 September: 26, 28 (Sunday, worked), 29, 30, then 9 October.
    let state = published("2025-09-26", "2025-09-26", &cal);
    let reviewed = step(
        &state,
        E::Review {
            on: day("2025-09-30"),
        },
        &cal,
        &s,
    )
    .unwrap();
    for refused in ["2025-09-30", "2025-10-03", "2025-10-09"] {
        assert_eq!(
            step(&reviewed, E::Export { on: day(refused) }, &cal, &s)
                .unwrap_err()
                .code(),
            "review.publicity_not_over",
            "{refused}"
        );
    }
    assert!(
        step(
            &reviewed,
            E::Export {
                on: day("2025-10-10")
            },
            &cal,
            &s
        )
        .is_ok()
    );
    // Without the calendar the 公示 would have ended on 2 October, inside the holiday.
    let plain = published("2025-09-26", "2025-09-26", &WorkCalendar::default());
    assert!(matches!(plain, ReviewState::Publicity { ends, .. } if ends == day("2025-10-02")));
}

#[test]
fn export_needs_review_and_steps_keep_their_order() {
    let cal = WorkCalendar::default();
    let s = ReviewSettings::default();
    let state = published("2025-12-10", "2025-12-11", &cal);
    // After the 公示 but not reviewed.
    let err = step(
        &state,
        E::Export {
            on: day("2025-12-22"),
        },
        &cal,
        &s,
    )
    .unwrap_err();
    assert_eq!(err, ReviewError::NotReviewed);
    for early in [
        ReviewState::Collecting,
        ReviewState::Summarised {
            on: day("2025-12-10"),
        },
    ] {
        let err = step(
            &early,
            E::Export {
                on: day("2026-03-01"),
            },
            &cal,
            &s,
        )
        .unwrap_err();
        assert_eq!(err.code(), "review.not_reviewed");
    }
    let err = step(
        &ReviewState::Collecting,
        E::Review {
            on: day("2025-12-10"),
        },
        &cal,
        &s,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "当前状态为「班级小结中」，不能审核");
    let summarised = ReviewState::Summarised {
        on: day("2025-12-10"),
    };
    assert_eq!(
        step(
            &summarised,
            E::Publicise {
                start: day("2025-12-09")
            },
            &cal,
            &s
        )
        .unwrap_err()
        .code(),
        "review.day_before"
    );
    assert_eq!(
        step(
            &state,
            E::Review {
                on: day("2025-12-10")
            },
            &cal,
            &s
        )
        .unwrap_err()
        .code(),
        "review.day_before"
    );
    // An objection sends the term back; a new 公示 starts its own count.
    let reviewed = step(
        &state,
        E::Review {
            on: day("2025-12-12"),
        },
        &cal,
        &s,
    )
    .unwrap();
    let reopened = step(
        &reviewed,
        E::Reopen {
            on: day("2025-12-16"),
        },
        &cal,
        &s,
    )
    .unwrap();
    assert_eq!(
        reopened,
        ReviewState::Summarised {
            on: day("2025-12-16")
        }
    );
    let again = step(
        &reopened,
        E::Publicise {
            start: day("2025-12-17"),
        },
        &cal,
        &s,
    )
    .unwrap();
    assert!(matches!(again, ReviewState::Publicity { ends, .. } if ends == day("2025-12-23")));
    let exported = ReviewState::Exported {
        ends: day("2025-12-17"),
        reviewed: day("2025-12-15"),
        on: day("2025-12-18"),
    };
    for event in [
        E::Reopen {
            on: day("2025-12-19"),
        },
        E::Export {
            on: day("2025-12-19"),
        },
    ] {
        assert_eq!(
            step(&exported, event, &cal, &s).unwrap_err().code(),
            "review.out_of_order"
        );
    }
    let json = serde_json::to_value(again).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"state": "publicity", "start": "2025-12-17", "ends": "2025-12-23"})
    );
}

fn summary() -> TermSummary {
    let c = child(42, 1, "三(2)班", 3);
    TermSummary {
        student: c.student,
        class: c.class,
        band: c.grade.band(),
        term: Term {
            year: 2025,
            semester: Semester::First,
        },
        records: 30,
        minutes: 900,
        points: 126,
        groups: vec![],
        ratings: RatingMeans {
            count: 2,
            ability: Tenths::mean(43, 10),
            habit: Tenths::mean(4, 1),
            quality: Tenths::mean(9, 2),
            overall: None,
        },
        badges: vec!["group_cleaning".into(), "retired_badge".into()],
        grade: TermGrade::Good,
    }
}

#[test]
fn rows_are_exported_only_after_publicity_and_review_in_the_documented_shape() {
    let badges = default_badges();
    let reviewed = ReviewState::Reviewed {
        start: day("2025-12-11"),
        ends: day("2025-12-17"),
        on: day("2025-12-15"),
    };
    assert_eq!(
        export_rows(&reviewed, &[summary()], &badges)
            .unwrap_err()
            .code(),
        "review.publicity_not_over"
    );
    let exported = ReviewState::Exported {
        ends: day("2025-12-17"),
        reviewed: day("2025-12-15"),
        on: day("2025-12-18"),
    };
    let rows = export_rows(&exported, &[summary()], &badges).unwrap();
    assert_eq!(
        serde_json::to_value(&rows[0]).unwrap(),
        serde_json::json!({"student": 42, "year": 2025, "semester": "first", "grade": "good",
            "grade_label": "良好", "points": 126, "badges": ["清洁与卫生勋章", "retired_badge"],
            "ability": 4.3, "habit": 4.0, "quality": 4.5})
    );
}

#[test]
fn the_district_audits_a_reproducible_sample_of_each_school() {
    let s = AuditSettings::default();
    let children: Vec<StudentKey> = (1..=300).map(StudentKey).collect();
    let sample = audit_sample(&children, &s, b"district 2025-1 school 0001");
    assert_eq!(sample.len(), 15); // 5 % of 300
    assert_eq!(
        sample,
        audit_sample(&children, &s, b"district 2025-1 school 0001")
    );
    assert!(sample.iter().all(|k| children.contains(k)));
    let small: Vec<StudentKey> = (1..=7).map(StudentKey).collect();
    assert_eq!(audit_sample(&small, &s, b"x").len(), 7);
    assert_eq!(audit_sample(&[], &s, b"x").len(), 0);
    let count_only = AuditSettings {
        share_per_mille: 0,
        at_least: 20,
    };
    assert_eq!(audit_size(300, &count_only), 20);
    let share_only = AuditSettings {
        share_per_mille: 100,
        at_least: 0,
    };
    assert_eq!(audit_size(9, &share_only), 1);
    // The same seed samples differently for the spot check.
    let spot = crate::sample::draw(&children, b"x", crate::sample::Purpose::SpotCheck, 15);
    assert_ne!(spot, audit_sample(&children, &s, b"x"));
}

#[test]
fn stars_follow_the_highest_level_reached_at_its_boundaries() {
    let s = StarSettings::default();
    let input = |meeting, coverage, done, week| StarInput {
        meeting: Share::new(meeting, 1000),
        coverage: Share::new(coverage, 1000),
        lessons: Quota { done, required: 18 },
        labour_week: week,
    };
    assert_eq!(rate_school(&input(950, 900, 18, true), &s).stars, 5);
    assert_eq!(rate_school(&input(949, 900, 18, true), &s).stars, 4);
    assert_eq!(rate_school(&input(950, 900, 17, true), &s).stars, 3); // 944 ‰ of 课时
    assert_eq!(rate_school(&input(950, 900, 18, false), &s).stars, 2);
    assert_eq!(rate_school(&input(499, 900, 18, true), &s).stars, 1);
    let rating = rate_school(&input(700, 600, 18, true), &s);
    assert_eq!(rating.stars, 3);
    assert_eq!(
        rating.checks.iter().map(|c| c.stars).collect::<Vec<_>>(),
        [5, 4, 3, 2]
    );
    assert!(!rating.checks[1].meeting && rating.checks[1].lessons);
    // No children: no share reaches anything.
    assert_eq!(rate_school(&input(0, 0, 18, true), &s).stars, 1);
    let empty = StarInput {
        meeting: Share::default(),
        ..input(0, 0, 18, true)
    };
    assert_eq!(rate_school(&empty, &s).stars, 1);
}
