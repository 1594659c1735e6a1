//! The rotation ledger: moves added, refused, cancelled and filtered; and what holds for rosters
//! and ledger alike (stored words read back, audit in the same transaction, serialised writers).

use junheng_rotation::{Move, MoveKind, TeacherId};
use junheng_store::{Actor, LedgerEntry, MoveFilter, MoveSource, Store, StoreError, action};
use sqlx::{Connection, Executor};

use crate::helpers::{Home, dux};
use crate::roster::{audited, school, teachers};

store_tests!(
    moves_are_added_and_audited,
    an_overlapping_move_writes_nothing,
    cancelled_moves_stay_in_the_ledger,
    moves_are_filtered,
    concurrent_writers_are_serialised,
);

url_tests!(
    unknown_stored_words_fail_closed,
    a_refused_audit_entry_undoes_the_write
);

pub fn mv(teacher: &str, from: u32, to: u32, years: (i32, i32), kind: MoveKind) -> Move {
    Move {
        teacher: TeacherId::parse(teacher).unwrap(),
        from: school(from),
        to: school(to),
        start_year: years.0,
        end_year: years.1,
        kind,
    }
}

/// Adds moves as `dux`, without a note.
pub async fn add(
    store: &Store,
    moves: &[Move],
    source: MoveSource,
) -> Result<Vec<i64>, StoreError> {
    store
        .home()
        .await
        .add_moves(moves, source, &dux(), None)
        .await
}

/// Every move, cancelled ones too.
pub fn everything() -> MoveFilter<'static> {
    MoveFilter {
        include_cancelled: true,
        ..MoveFilter::default()
    }
}
async fn moves_are_added_and_audited(store: Store) {
    let moves = [
        mv("T1", 1, 2, (2024, 2026), MoveKind::Exchange),
        mv("T2", 3, 1, (2025, 2025), MoveKind::Support),
        mv("T1", 1, 4, (2027, 2027), MoveKind::Itinerant),
    ];
    let ids = store
        .home()
        .await
        .add_moves(&moves, MoveSource::Import, &dux(), Some("  2024 台账  "))
        .await
        .unwrap();
    assert_eq!(ids.len(), 3);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let plan_ids = store
        .home()
        .await
        .add_moves(
            &[mv("T3", 5, 2, (2025, 2027), MoveKind::Rotation)],
            MoveSource::Plan,
            &Actor::new("planner"),
            None,
        )
        .await
        .unwrap();
    let ledger = store
        .home()
        .await
        .moves(&MoveFilter::default())
        .await
        .unwrap();
    let mut expected: Vec<(i64, Move)> = ids.iter().copied().zip(moves.clone()).collect();
    expected.push((
        plan_ids[0],
        mv("T3", 5, 2, (2025, 2027), MoveKind::Rotation),
    ));
    let got: Vec<(i64, Move)> = ledger.iter().map(|e| (e.id, e.move_.clone())).collect();
    assert_eq!(got, expected);
    assert!(
        ledger
            .iter()
            .all(|e| e.is_active() && e.cancelled_by.is_none())
    );
    assert_eq!(ledger[0].source, MoveSource::Import);
    assert_eq!(ledger[0].note.as_deref(), Some("2024 台账"));
    assert_eq!(ledger[0].created_by, "dux");
    assert_eq!(
        (ledger[3].source, ledger[3].note.as_deref()),
        (MoveSource::Plan, None)
    );
    assert_eq!(ledger[3].created_by, "planner");

    let log = audited(&store, "ledger.").await;
    let details: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|e| (e.actor.as_str(), e.target.as_str(), e.detail.as_str()))
        .collect();
    assert_eq!(
        details,
        [
            ("dux", "ledger", "source=import moves=3 batch=1"),
            ("planner", "ledger", "source=plan moves=1 batch=4"),
        ]
    );
    assert!(log.iter().all(|e| e.action == action::LEDGER_ADD));

    for bad in [
        vec![],
        vec![mv("T9", 1, 2, (2026, 2025), MoveKind::Exchange)],
        vec![mv("T9", 2, 2, (2026, 2026), MoveKind::Exchange)],
    ] {
        let err = add(&store, &bad, MoveSource::Manual).await.unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{err}");
    }
    let long = "注".repeat(501);
    let err = store
        .home()
        .await
        .add_moves(
            &[mv("T9", 1, 2, (2026, 2026), MoveKind::Exchange)],
            MoveSource::Manual,
            &dux(),
            Some(&long),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert_eq!(
        store
            .home()
            .await
            .moves(&MoveFilter::default())
            .await
            .unwrap()
            .len(),
        4
    );
    assert_eq!(audited(&store, "ledger.").await.len(), 2);
}

async fn an_overlapping_move_writes_nothing(store: Store) {
    let ids = add(
        &store,
        &[mv("T1", 1, 2, (2024, 2026), MoveKind::Exchange)],
        MoveSource::Manual,
    )
    .await
    .unwrap();
    let before = store
        .home()
        .await
        .moves(&MoveFilter::default())
        .await
        .unwrap();
    let audit_before = audited(&store, "").await;

    // The second move of the batch overlaps the stored one in 2026; the first is fine alone.
    let batch = [
        mv("T2", 3, 4, (2024, 2025), MoveKind::Rotation),
        mv("T1", 3, 2, (2026, 2028), MoveKind::Support),
    ];
    let err = add(&store, &batch, MoveSource::Import).await.unwrap_err();
    match &err {
        StoreError::MoveOverlap {
            teacher,
            start_year,
            end_year,
            other_id,
            other_start,
            other_end,
        } => {
            assert_eq!(teacher.as_str(), "T1");
            assert_eq!((*start_year, *end_year), (2026, 2028));
            assert_eq!(*other_id, Some(ids[0]));
            assert_eq!((*other_start, *other_end), (2024, 2026));
        }
        other => panic!("not an overlap: {other:?}"),
    }
    assert_eq!(err.code(), "store.conflict");
    let text = err.to_string();
    assert!(
        text.contains("T1") && text.contains("2026–2028") && text.contains("2024–2026"),
        "{text}"
    );

    // Two moves of one teacher in the same batch that overlap each other.
    let err = add(
        &store,
        &[
            mv("T3", 1, 2, (2024, 2025), MoveKind::Exchange),
            mv("T3", 1, 5, (2025, 2025), MoveKind::Itinerant),
        ],
        MoveSource::Plan,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, StoreError::MoveOverlap { other_id: None, .. }),
        "{err:?}"
    );

    let after = store.home().await.moves(&everything()).await.unwrap();
    assert_eq!(after, before, "nothing written");
    assert_eq!(audited(&store, "").await, audit_before, "no audit entry");

    // Adjacent years do not overlap; a cancelled move no longer blocks.
    add(
        &store,
        &[mv("T1", 2, 3, (2027, 2028), MoveKind::Exchange)],
        MoveSource::Manual,
    )
    .await
    .unwrap();
    store
        .home()
        .await
        .cancel_move(ids[0], &dux(), "录入错误")
        .await
        .unwrap();
    add(&store, &batch[..1], MoveSource::Manual).await.unwrap();
    add(
        &store,
        &[mv("T1", 1, 4, (2025, 2026), MoveKind::Rotation)],
        MoveSource::Manual,
    )
    .await
    .unwrap();
}

async fn cancelled_moves_stay_in_the_ledger(store: Store) {
    let ids = add(
        &store,
        &[
            mv("T1", 1, 2, (2024, 2026), MoveKind::Exchange),
            mv("T2", 1, 3, (2024, 2024), MoveKind::Support),
        ],
        MoveSource::Import,
    )
    .await
    .unwrap();
    let alice = Actor::new("alice");
    store
        .home()
        .await
        .cancel_move(ids[0], &alice, "  教师调离本区  ")
        .await
        .unwrap();

    let active = store
        .home()
        .await
        .moves(&MoveFilter::default())
        .await
        .unwrap();
    assert_eq!(active.iter().map(|e| e.id).collect::<Vec<_>>(), [ids[1]]);
    let all = store.home().await.moves(&everything()).await.unwrap();
    assert_eq!(all.len(), 2);
    let cancelled: &LedgerEntry = &all[0];
    assert_eq!(cancelled.id, ids[0]);
    assert!(!cancelled.is_active());
    assert_eq!(cancelled.cancelled_by.as_deref(), Some("alice"));
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("教师调离本区"));
    assert!(cancelled.cancelled_at.as_deref().unwrap() >= cancelled.created_at.as_str());

    let twice = store
        .home()
        .await
        .cancel_move(ids[0], &dux(), "再撤一次")
        .await
        .unwrap_err();
    assert_eq!(twice.code(), "store.conflict", "{twice}");
    let missing = store
        .home()
        .await
        .cancel_move(9999, &dux(), "不存在")
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "store.not_found");
    let no_reason = store
        .home()
        .await
        .cancel_move(ids[1], &dux(), "  ")
        .await
        .unwrap_err();
    assert_eq!(no_reason.code(), "store.invalid");
    assert_eq!(
        store.home().await.moves(&everything()).await.unwrap()[0],
        all[0],
        "the second cancel changed nothing"
    );

    // The reason stays out of the audit log.
    let log = audited(&store, "ledger.cancel").await;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (
            log[0].actor.as_str(),
            log[0].target.clone(),
            log[0].detail.as_str()
        ),
        ("alice", format!("move:{}", ids[0]), "")
    );
}

async fn moves_are_filtered(store: Store) {
    let ids = add(
        &store,
        &[
            mv("T1", 1, 2, (2023, 2025), MoveKind::Exchange),
            mv("T2", 3, 1, (2024, 2024), MoveKind::Support),
            mv("T3", 4, 5, (2024, 2026), MoveKind::Rotation),
            mv("T4", 2, 3, (2026, 2027), MoveKind::Itinerant),
        ],
        MoveSource::Manual,
    )
    .await
    .unwrap();
    store
        .home()
        .await
        .cancel_move(ids[2], &dux(), "取消")
        .await
        .unwrap();
    let s1 = school(1);
    let s3 = school(3);
    let cases: [(MoveFilter<'_>, Vec<i64>); 8] = [
        (MoveFilter::default(), vec![ids[0], ids[1], ids[3]]),
        (
            MoveFilter {
                year_active: Some(2024),
                ..MoveFilter::default()
            },
            vec![ids[0], ids[1]],
        ),
        (
            MoveFilter {
                year_active: Some(2024),
                include_cancelled: true,
                ..MoveFilter::default()
            },
            vec![ids[0], ids[1], ids[2]],
        ),
        (
            MoveFilter {
                year_active: Some(2026),
                ..MoveFilter::default()
            },
            vec![ids[3]],
        ),
        (
            MoveFilter {
                start_year: Some(2024),
                include_cancelled: true,
                ..MoveFilter::default()
            },
            vec![ids[1], ids[2]],
        ),
        (
            MoveFilter {
                school: Some(&s1),
                ..MoveFilter::default()
            },
            vec![ids[0], ids[1]],
        ),
        (
            MoveFilter {
                school: Some(&s3),
                year_active: Some(2027),
                ..MoveFilter::default()
            },
            vec![ids[3]],
        ),
        (
            MoveFilter {
                school: Some(&s3),
                start_year: Some(2023),
                ..MoveFilter::default()
            },
            vec![],
        ),
    ];
    for (filter, expected) in cases {
        let got: Vec<i64> = store
            .home()
            .await
            .moves(&filter)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(got, expected, "{filter:?}");
    }
}
async fn unknown_stored_words_fail_closed(url: String) {
    let store = Store::open(&url).await.unwrap();
    store
        .home()
        .await
        .replace_roster(2024, &teachers(2024, 3), &dux())
        .await
        .unwrap();
    add(
        &store,
        &[mv("T1", 1, 2, (2024, 2024), MoveKind::Exchange)],
        MoveSource::Manual,
    )
    .await
    .unwrap();
    store.close().await;
    execute(
        &url,
        &[
            "UPDATE roster_teachers SET degree = 'doctor'",
            "UPDATE rotation_moves SET source = 'rumour'",
        ],
    )
    .await;
    let store = Store::open(&url).await.unwrap();
    let err = store.home().await.roster(2024).await.unwrap_err();
    assert_eq!(err.code(), "store.corrupt");
    assert!(err.to_string().contains("degree"), "{err}");
    let err = store
        .home()
        .await
        .moves(&MoveFilter::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.corrupt");
    assert!(err.to_string().contains("source"), "{err}");
    store.close().await;
}

/// Runs statements on the database behind `url`, outside the store.
async fn execute(url: &str, statements: &[&'static str]) {
    if url.starts_with("sqlite") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        for &sql in statements {
            conn.execute(sql).await.unwrap();
        }
        conn.close().await.unwrap();
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        for &sql in statements {
            conn.execute(sql).await.unwrap();
        }
        conn.close().await.unwrap();
    }
}

/// The audit entry is written in the write's own transaction: when the database refuses the
/// entry, the roster upload, the moves and the cancellation are not written either.
async fn a_refused_audit_entry_undoes_the_write(url: String) {
    let store = Store::open(&url).await.unwrap();
    let ids = add(
        &store,
        &[mv("T1", 1, 2, (2024, 2024), MoveKind::Exchange)],
        MoveSource::Manual,
    )
    .await
    .unwrap();
    let refuse = if url.starts_with("sqlite") {
        "CREATE TRIGGER refuse_rotation BEFORE INSERT ON audit_log \
         WHEN NEW.action IN ('roster.replace', 'ledger.add', 'ledger.cancel') \
         BEGIN SELECT RAISE(ABORT, 'refused'); END"
    } else {
        "ALTER TABLE audit_log ADD CONSTRAINT refuse_rotation \
         CHECK (action NOT IN ('roster.replace', 'ledger.add', 'ledger.cancel')) NOT VALID"
    };
    execute(&url, &[refuse]).await;
    let before = store.home().await.moves(&everything()).await.unwrap();

    let failed = [
        store
            .home()
            .await
            .replace_roster(2024, &teachers(2024, 50), &dux())
            .await
            .unwrap_err(),
        add(
            &store,
            &[mv("T2", 1, 2, (2024, 2024), MoveKind::Exchange)],
            MoveSource::Manual,
        )
        .await
        .unwrap_err(),
        store
            .home()
            .await
            .cancel_move(ids[0], &dux(), "录入错误")
            .await
            .unwrap_err(),
    ];
    for err in failed {
        assert_eq!(err.code(), "store.database", "{err}");
    }
    assert!(store.home().await.roster_years().await.unwrap().is_empty());
    assert!(store.home().await.roster(2024).await.unwrap().is_empty());
    let after = store.home().await.moves(&everything()).await.unwrap();
    assert_eq!(after, before);
    assert!(after[0].is_active());
    store.close().await;
}

/// Concurrent uploads get distinct versions; of two concurrent overlapping moves, one is refused.
async fn concurrent_writers_are_serialised(store: Store) {
    let (a, b) = (store.home().await, store.home().await);
    let actor = dux();
    let roster = teachers(2024, 200);
    let (ra, rb) = tokio::join!(
        a.replace_roster(2024, &roster, &actor),
        b.replace_roster(2024, &roster[..100], &actor)
    );
    let mut versions = [ra.unwrap().version, rb.unwrap().version];
    versions.sort();
    assert_eq!(versions, [1, 2]);

    for round in 0..5 {
        let year = 2030 + round * 10;
        let first = [mv("T7", 1, 2, (year, year + 2), MoveKind::Exchange)];
        let second = [mv("T7", 3, 4, (year + 1, year + 3), MoveKind::Support)];
        let (ra, rb) = tokio::join!(
            a.add_moves(&first, MoveSource::Manual, &actor, None),
            b.add_moves(&second, MoveSource::Plan, &actor, None)
        );
        assert!(ra.is_ok() != rb.is_ok(), "round {round}: {ra:?} {rb:?}");
        let refused = ra.err().or(rb.err()).unwrap();
        assert!(
            matches!(refused, StoreError::MoveOverlap { .. }),
            "{refused:?}"
        );
    }
    assert_eq!(
        store
            .home()
            .await
            .moves(&MoveFilter::default())
            .await
            .unwrap()
            .len(),
        5
    );
}
