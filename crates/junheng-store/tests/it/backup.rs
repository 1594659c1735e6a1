use std::io::Cursor;
use std::time::{Duration, SystemTime};

use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_rotation::{MoveKind, Teacher};
use junheng_store::{
    Actor, ApiToken, AuditFilter, District, GroupDetail, GroupInfo, ImportInfo, LedgerEntry,
    MoveSource, Role, RosterVersion, SCHEMA_VERSION, Scope, Store, User, YearSummary,
};

use crate::helpers::{Home, demo, dux, postgres_store, source, sqlite_store};
use crate::roster::teachers;
use crate::rotation::{add, everything, mv};
use crate::users::new_user;

store_tests!(
    restore_refuses_a_database_with_data,
    restore_refuses_damaged_files
);

/// Fills a store with a bit of everything.
pub async fn populate(store: &Store) {
    let admin = Actor::new("admin");
    store.set_home("500112", "渝北区", &admin).await.unwrap();
    let mut y2024 = demo(300, 21, 2024);
    y2024[0].facilities.teaching_room_area = 0.1 + 0.2;
    y2024[1].facilities.books = u32::MAX;
    let mut edges = crate::statistics::extremes();
    edges.iter_mut().for_each(|r| r.year = 2022);
    store
        .home()
        .await
        .import_statistics(2022, &edges, &source("edges.csv"), &admin)
        .await
        .unwrap();
    store
        .home()
        .await
        .import_statistics(2023, &demo(280, 21, 2023), &source("2023.xlsx"), &admin)
        .await
        .unwrap();
    store
        .home()
        .await
        .import_statistics(2024, &y2024, &source("2024.xlsx"), &admin)
        .await
        .unwrap();
    y2024[5].primary.teachers += 3;
    store
        .home()
        .await
        .import_statistics(2024, &y2024, &source("2024b.xlsx"), &admin)
        .await
        .unwrap();
    let group = y2024
        .iter()
        .find_map(|r| r.group.clone())
        .expect("demo groups");
    let member = y2024
        .iter()
        .find(|r| r.group.as_ref() == Some(&group))
        .unwrap()
        .code
        .clone();
    store
        .home()
        .await
        .save_group(&group, &GroupInfo::new("紧密型", Some(&member)), &admin)
        .await
        .unwrap();
    store
        .home()
        .await
        .end_membership(&group, &member, "2025-01-31", &admin)
        .await
        .unwrap();
    store
        .home()
        .await
        .save_group("空集团", &GroupInfo::new("", None), &admin)
        .await
        .unwrap();
    let lead = store
        .create_home_user(
            &new_user("lead", Role::GroupLead, Scope::Group(group.clone())),
            &admin,
        )
        .await
        .unwrap();
    let school = store
        .create_home_user(
            &new_user("school", Role::School, Scope::School(member.clone())),
            &admin,
        )
        .await
        .unwrap();
    store.set_active(school.id, false, &admin).await.unwrap();
    // A user of the identity service: its issuer and subject come back with it.
    store
        .external_login(
            &junheng_store::ExternalIdentity {
                issuer: "https://id.example.cn".into(),
                subject: "sub-1".into(),
                name: "sso-user".into(),
                display_name: "李四".into(),
                role: Role::Supervisor,
                scope: Scope::District,
                district: Some(store.only_district().await.unwrap().id),
            },
            &admin,
        )
        .await
        .unwrap();
    store
        .create_token(lead.id, "同步", "token-hash-1", &admin)
        .await
        .unwrap();
    store.token_user("token-hash-1").await.unwrap().unwrap();
    store
        .create_token(lead.id, "旧的", "token-hash-2", &admin)
        .await
        .unwrap();
    let old = store.tokens(lead.id).await.unwrap()[1].id;
    store.revoke_token(old, &admin).await.unwrap();
    store
        .create_session(
            "session-hash",
            lead.id,
            "csrf",
            SystemTime::now() + Duration::from_secs(600),
        )
        .await
        .unwrap();
    populate_rotation(store, &admin).await;
    crate::tasks::populate_tasks(store, &admin).await;
    // A version 2 lottery with its key, drawn; one stored before version 2, without a key.
    let key = "0f".repeat(32);
    let id = store
        .home()
        .await
        .create_lottery("派位", "{\"v\":2}", "d2", Some(&key), &admin)
        .await
        .unwrap();
    store
        .home()
        .await
        .record_draw(id, "{\"pack\":2}", &admin)
        .await
        .unwrap();
    store
        .home()
        .await
        .create_lottery("旧派位", "{\"v\":1}", "d1", None, &admin)
        .await
        .unwrap();
}

/// Two roster versions of 2024, one of 2023, and a ledger with a cancelled move.
async fn populate_rotation(store: &Store, admin: &Actor) {
    store
        .home()
        .await
        .replace_roster(2023, &teachers(2023, 120), admin)
        .await
        .unwrap();
    store
        .home()
        .await
        .replace_roster(2024, &teachers(2024, 150), admin)
        .await
        .unwrap();
    store
        .home()
        .await
        .replace_roster(2024, &teachers(2024, 140), admin)
        .await
        .unwrap();
    let ids = store
        .home()
        .await
        .add_moves(
            &[
                mv("T0001", 1, 2, (2023, 2025), MoveKind::Exchange),
                mv("T0002", 3, 4, (2024, 2024), MoveKind::Support),
            ],
            MoveSource::Import,
            admin,
            Some("台账"),
        )
        .await
        .unwrap();
    store
        .home()
        .await
        .cancel_move(ids[1], admin, "录入错误")
        .await
        .unwrap();
    store
        .home()
        .await
        .add_moves(
            &[mv("T0003", 5, 1, (2024, 2026), MoveKind::Rotation)],
            MoveSource::Plan,
            admin,
            None,
        )
        .await
        .unwrap();
}

/// Everything the API reads.
#[derive(Debug, PartialEq)]
pub struct Reads {
    district: District,
    years: Vec<YearSummary>,
    imports: Vec<ImportInfo>,
    statistics: Vec<Vec<SchoolRecord>>,
    history: Vec<Vec<(i32, u32, String, SchoolRecord)>>,
    groups: Vec<GroupDetail>,
    users: Vec<(User, String)>,
    tokens: Vec<Vec<ApiToken>>,
    rosters: Vec<(RosterVersion, Vec<Teacher>)>,
    moves: Vec<LedgerEntry>,
    lotteries: Vec<junheng_store::Lottery>,
    tasks: Vec<(junheng_store::Task, Vec<junheng_store::TaskEvent>)>,
    audit: Vec<junheng_store::AuditRecord>,
}

pub async fn reads(store: &Store) -> Reads {
    let imports = store.home().await.imports(None).await.unwrap();
    let mut statistics = Vec::new();
    for i in &imports {
        statistics.push(
            store
                .home()
                .await
                .statistics(i.year, Some(i.version))
                .await
                .unwrap(),
        );
    }
    let mut history = Vec::new();
    for code in statistics[0].iter().step_by(37).map(|r| r.code.clone()) {
        let h = store.home().await.school_history(&code).await.unwrap();
        history.push(
            h.into_iter()
                .map(|v| (v.year, v.version, v.imported_at, v.record))
                .collect(),
        );
    }
    let mut groups = Vec::new();
    for g in store.home().await.groups().await.unwrap() {
        groups.push(store.home().await.group(&g.name).await.unwrap().unwrap());
    }
    let mut users = Vec::new();
    let mut tokens = Vec::new();
    for u in store.users(None).await.unwrap() {
        let hash = store
            .user_by_name(&u.name)
            .await
            .unwrap()
            .unwrap()
            .password_hash;
        tokens.push(store.tokens(u.id).await.unwrap());
        users.push((u, hash));
    }
    let mut rosters = Vec::new();
    for year in store.home().await.roster_years().await.unwrap() {
        for v in store.home().await.roster_versions(year.year).await.unwrap() {
            let teachers = store
                .home()
                .await
                .roster_at(v.year, v.version)
                .await
                .unwrap();
            rosters.push((v, teachers));
        }
    }
    let moves = store.home().await.moves(&everything()).await.unwrap();
    let mut lotteries = Vec::new();
    for l in store.home().await.lotteries().await.unwrap() {
        lotteries.push(store.home().await.lottery(l.id).await.unwrap().unwrap());
    }
    let mut tasks = Vec::new();
    for t in store
        .home()
        .await
        .tasks(&junheng_store::TaskFilter::default())
        .await
        .unwrap()
    {
        let events = store.home().await.task_events(t.id).await.unwrap();
        tasks.push((t, events));
    }
    Reads {
        district: store.only_district().await.unwrap(),
        years: store.home().await.years().await.unwrap(),
        imports,
        statistics,
        history,
        groups,
        users,
        tokens,
        rosters,
        moves,
        lotteries,
        tasks,
        audit: store
            .audit_log(&AuditFilter {
                limit: 1000,
                ..AuditFilter::default()
            })
            .await
            .unwrap(),
    }
}

/// Backs `from` up, restores into the empty `to`, and checks that both read the same; then that
/// `to` takes new writes (its identities moved past the restored ids).
async fn round_trip(from: &Store, to: &Store) {
    populate(from).await;
    let mut dump = Vec::new();
    let written = from.backup(&mut dump, None).await.unwrap();
    let text = String::from_utf8(dump.clone()).unwrap();
    assert!(
        text.starts_with("{\"format\":\"junheng-backup/1\""),
        "{}",
        &text[..80]
    );
    assert!(!text.contains("session-hash"), "sessions are not backed up");
    assert!(written.rows() > 900);
    let rows = |table: &str| {
        written
            .tables
            .iter()
            .find(|t| t.table == table)
            .unwrap()
            .rows
    };
    assert_eq!(
        (
            rows("roster_versions"),
            rows("roster_teachers"),
            rows("rotation_moves")
        ),
        (3, 120 + 150 + 140, 3)
    );

    let read = to.restore(&mut Cursor::new(dump), None).await.unwrap();
    assert_eq!(read, written);

    // A backup of the restored database is the same file but for its creation time.
    let mut again = Vec::new();
    to.backup(&mut again, None).await.unwrap();
    let again = String::from_utf8(again).unwrap();
    let (old, new): (Vec<&str>, Vec<&str>) = (
        text.lines().skip(1).collect(),
        again.lines().skip(1).collect(),
    );
    if let Some((a, b)) = old.iter().zip(&new).find(|(a, b)| a != b) {
        panic!("backups differ:\n{a}\n{b}");
    }
    assert_eq!(old.len(), new.len());

    let (a, b) = (reads(from).await, reads(to).await);
    assert!(a == b, "reads differ after restore");
    assert_eq!(
        (b.rosters.len(), b.rosters[0].1.len(), b.moves.len()),
        (3, 140, 3)
    );
    assert!(b.moves.iter().any(|m| !m.is_active()));
    // Tasks with their events, the re-check of a closing included.
    assert_eq!((rows("tasks"), rows("task_events")), (3, 7));
    let closed = b
        .tasks
        .iter()
        .find(|t| t.0.status == junheng_store::TaskStatus::Done);
    let check = closed.unwrap().1.last().unwrap().check.clone().unwrap();
    assert!(check.despite && check.text.contains("骨干教师"));
    let after = crate::tasks::task(
        to,
        &junheng_store::TaskOwner::new(junheng_store::OwnerKind::Department, "督导室").unwrap(),
        "2026-09-01",
        None,
    )
    .await;
    assert!(after.id > b.tasks.iter().map(|t| t.0.id).max().unwrap());
    let keys: Vec<Option<&str>> = b
        .lotteries
        .iter()
        .map(|l| l.lottery_key.as_deref())
        .collect();
    assert_eq!(keys, [None, Some("0f".repeat(32).as_str())]);
    assert!(
        to.session("session-hash", SystemTime::now())
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        to.token_user("token-hash-1").await.unwrap().unwrap().name,
        "lead"
    );

    // New rows get new ids.
    let max_user = b.users.iter().map(|u| u.0.id).max().unwrap();
    let u = to
        .create_home_user(&new_user("after", Role::Admin, Scope::District), &dux())
        .await
        .unwrap();
    assert_eq!(u.id, max_user + 1);
    let info = to
        .home()
        .await
        .import_statistics(2024, &demo(10, 1, 2024), &source("new.csv"), &dux())
        .await
        .unwrap();
    assert_eq!(info.version, 3);
    assert!(info.id > b.imports[0].id);
    to.home()
        .await
        .save_group("新集团", &GroupInfo::new("", None), &dux())
        .await
        .unwrap();
    to.home()
        .await
        .add_member(
            "新集团",
            &SchoolCode::parse("1234567890").unwrap(),
            "2025-09-01",
            None,
            &dux(),
        )
        .await
        .unwrap();
    to.audit(&junheng_store::AuditEntry {
        district: None,
        actor: "x".into(),
        action: "x",
        target: String::new(),
        detail: String::new(),
    })
    .await
    .unwrap();
    to.create_token(u.id, "新", "token-hash-3", &dux())
        .await
        .unwrap();
    // The identity-service user is found by its issuer and subject, as before.
    let again = to
        .external_login(
            &junheng_store::ExternalIdentity {
                issuer: "https://id.example.cn".into(),
                subject: "sub-1".into(),
                name: "other-name".into(),
                display_name: "李四".into(),
                role: Role::Supervisor,
                scope: Scope::District,
                district: Some(to.only_district().await.unwrap().id),
            },
            &dux(),
        )
        .await
        .unwrap();
    assert!(
        matches!(&again, junheng_store::ExternalLogin::Ready { user, created: false } if user.name == "sso-user"),
        "{again:?}"
    );
    let roster = to
        .home()
        .await
        .replace_roster(2024, &teachers(2024, 3), &dux())
        .await
        .unwrap();
    assert_eq!(roster.version, 3);
    assert!(roster.id > b.rosters.iter().map(|r| r.0.id).max().unwrap());
    let moved = add(
        to,
        &[mv("T0002", 3, 4, (2024, 2025), MoveKind::Support)],
        MoveSource::Manual,
    )
    .await
    .unwrap();
    assert!(moved[0] > b.moves.iter().map(|m| m.id).max().unwrap());
    // The restored ledger still refuses overlaps.
    let err = add(
        to,
        &[mv("T0003", 1, 2, (2026, 2026), MoveKind::Exchange)],
        MoveSource::Manual,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
}

#[tokio::test]
async fn sqlite_backup_restores_into_postgres() {
    let (from, _dir) = sqlite_store().await;
    let (to, db) = postgres_store().await;
    round_trip(&from, &to).await;
    to.close().await;
    db.drop().await;
}

#[tokio::test]
async fn postgres_backup_restores_into_sqlite() {
    let (from, db) = postgres_store().await;
    let (to, _dir) = sqlite_store().await;
    round_trip(&from, &to).await;
    from.close().await;
    db.drop().await;
}

#[tokio::test]
async fn sqlite_backup_restores_into_sqlite() {
    let (from, _a) = sqlite_store().await;
    let (to, _b) = sqlite_store().await;
    round_trip(&from, &to).await;
}

async fn restore_refuses_a_database_with_data(store: Store) {
    populate(&store).await;
    let mut dump = Vec::new();
    store.backup(&mut dump, None).await.unwrap();
    let before = reads(&store).await;
    let err = store
        .restore(&mut Cursor::new(dump.clone()), None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert!(reads(&store).await == before);
}

async fn restore_refuses_damaged_files(store: Store) {
    let (source_store, _dir) = sqlite_store().await;
    populate(&source_store).await;
    let mut dump = Vec::new();
    source_store.backup(&mut dump, None).await.unwrap();
    let text = String::from_utf8(dump).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    let truncated = lines[..lines.len() - 1].join("\n");
    let cut_mid_table = lines[..lines.len() / 2].join("\n");
    let mut wrong_count = lines.clone();
    let end = wrong_count
        .pop()
        .unwrap()
        .replace("\"districts\":1", "\"districts\":2");
    wrong_count.push(&end);
    let wrong_count = wrong_count.join("\n");
    let other_version = text.replacen(
        &format!("\"schema_version\":{SCHEMA_VERSION},"),
        "\"schema_version\":99,",
        1,
    );
    let mut out_of_order = lines.clone();
    let district_line = out_of_order.remove(1);
    out_of_order.insert(out_of_order.len() - 1, district_line);
    let out_of_order = out_of_order.join("\n");
    let bad_column = text.replacen("\"code\":\"500112\"", "\"code\":500112", 1);
    for (what, file) in [
        ("empty", String::new()),
        ("not a backup", "hello\n".to_owned()),
        ("no end line", truncated),
        ("cut in the middle", cut_mid_table),
        ("wrong count", wrong_count),
        ("other schema version", other_version),
        ("tables out of order", out_of_order),
        ("wrong column type", bad_column),
    ] {
        let err = store
            .restore(&mut Cursor::new(file), None)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.backup", "{what}: {err}");
        let mut check = Vec::new();
        let summary = store.backup(&mut check, None).await.unwrap();
        assert_eq!(summary.rows(), 0, "{what}: nothing written");
    }
    // The intact file then restores.
    store.restore(&mut Cursor::new(text), None).await.unwrap();
    assert_eq!(store.only_district().await.unwrap().code, "500112");
    source_store.close().await;
}
