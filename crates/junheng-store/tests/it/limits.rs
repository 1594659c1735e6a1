//! Every free-text input of the store has a maximum: one character more is refused as
//! `store.invalid`, naming the field and its limit, and writes nothing; the audit log cuts
//! instead of refusing. Lookups by keys no row can have find nothing, even on PostgreSQL (which
//! refuses NUL characters in text).

use std::time::{Duration, SystemTime};

use junheng_core::school::SchoolRecord;
use junheng_rotation::MoveKind;
use junheng_store::GroupInfo;
use junheng_store::limits::{self, CUT_MARK};
use junheng_store::{
    Actor, AuditEntry, AuditFilter, ImportSource, MoveSource, NewUser, Role, Scope, Store,
    StoreError,
};

use crate::helpers::{Home, demo, dux, source};
use crate::roster::teachers;
use crate::rotation::mv;
use crate::users::new_user;

store_tests!(
    every_free_text_is_bounded,
    audit_entries_are_cut_not_refused,
    nul_characters_are_invalid_not_database_errors,
    a_user_name_with_a_space_is_invalid,
);

/// A free-text input of the store.
#[derive(Debug, Clone, Copy)]
enum Field {
    UserName,
    DisplayName,
    PasswordHash,
    ScopeGroup,
    GroupName,
    GroupKind,
    DistrictName,
    TokenName,
    TokenHash,
    Csrf,
    FileName,
    ImportNote,
    SchoolName,
    Zone,
    RecordGroup,
    SubmittedName,
    ReviewNote,
    LotteryTitle,
    LotteryDigest,
    Subject,
    LedgerNote,
    CancelReason,
    Actor,
}

/// Every field with its documented maximum.
const FIELDS: [(Field, usize); 23] = [
    (Field::UserName, limits::MAX_USER_NAME),
    (Field::DisplayName, limits::MAX_DISPLAY_NAME),
    (Field::PasswordHash, limits::MAX_PASSWORD_HASH),
    (Field::ScopeGroup, limits::MAX_GROUP_NAME),
    (Field::GroupName, limits::MAX_GROUP_NAME),
    (Field::GroupKind, limits::MAX_GROUP_KIND),
    (Field::DistrictName, limits::MAX_DISTRICT_NAME),
    (Field::TokenName, limits::MAX_TOKEN_NAME),
    (Field::TokenHash, limits::MAX_TOKEN_HASH),
    (Field::Csrf, limits::MAX_TOKEN_HASH),
    (Field::FileName, limits::MAX_FILE_NAME),
    (Field::ImportNote, limits::MAX_NOTE),
    (Field::SchoolName, limits::MAX_SCHOOL_TEXT),
    (Field::Zone, limits::MAX_SCHOOL_TEXT),
    (Field::RecordGroup, limits::MAX_GROUP_NAME),
    (Field::SubmittedName, limits::MAX_SCHOOL_TEXT),
    (Field::ReviewNote, limits::MAX_NOTE),
    (Field::LotteryTitle, limits::MAX_LOTTERY_TITLE),
    (Field::LotteryDigest, limits::MAX_DIGEST),
    (Field::Subject, limits::MAX_SUBJECT),
    (Field::LedgerNote, limits::MAX_NOTE),
    (Field::CancelReason, limits::MAX_NOTE),
    (Field::Actor, limits::MAX_USER_NAME),
];

/// What the writes need to exist already.
struct Ctx {
    user: i64,
    records: Vec<SchoolRecord>,
    submission: i64,
    cancel: i64,
}

async fn setup(store: &Store) -> Ctx {
    let user = store
        .create_home_user(&new_user("owner", Role::Admin, Scope::District), &dux())
        .await
        .unwrap();
    let records = demo(5, 3, 2024);
    store
        .home()
        .await
        .import_statistics(2024, &records, &source("base.csv"), &dux())
        .await
        .unwrap();
    let submission = store
        .home()
        .await
        .submit(&records[1], &dux())
        .await
        .unwrap();
    let cancel = store
        .home()
        .await
        .add_moves(
            &[mv("T9001", 1, 2, (2024, 2024), MoveKind::Rotation)],
            MoveSource::Manual,
            &dux(),
            None,
        )
        .await
        .unwrap()[0];
    Ctx {
        user: user.id,
        records,
        submission,
        cancel,
    }
}

/// Writes `text` into `field`; every other input is valid.
async fn write(store: &Store, ctx: &Ctx, field: Field, text: &str) -> Result<(), StoreError> {
    let later = SystemTime::now() + Duration::from_secs(3600);
    let user = |name: &str, display: &str, hash: &str, scope: Scope| NewUser {
        name: name.into(),
        display_name: display.into(),
        role: if matches!(scope, Scope::Group(_)) {
            Role::GroupLead
        } else {
            Role::Supervisor
        },
        scope,
        district: None,
        password_hash: hash.into(),
    };
    let import = |records: Vec<SchoolRecord>, source: ImportSource| async move {
        store
            .home()
            .await
            .import_statistics(2024, &records, &source, &dux())
            .await
            .map(drop)
    };
    let with_record = |f: &dyn Fn(&mut SchoolRecord)| {
        let mut records = ctx.records.clone();
        f(&mut records[0]);
        records
    };
    let unique = format!("u{}", text.chars().count());
    match field {
        Field::UserName => {
            let new = user(text, "张三", "$argon2id$h", Scope::District);
            store.create_home_user(&new, &dux()).await.map(drop)
        }
        Field::DisplayName => {
            let new = user(&format!("d{unique}"), text, "$argon2id$h", Scope::District);
            store.create_home_user(&new, &dux()).await.map(drop)
        }
        Field::PasswordHash => {
            let new = user(&format!("p{unique}"), "张三", text, Scope::District);
            store.create_home_user(&new, &dux()).await.map(drop)
        }
        Field::ScopeGroup => {
            let scope = Scope::Group(text.into());
            let new = user(&format!("g{unique}"), "张三", "$argon2id$h", scope);
            store.create_home_user(&new, &dux()).await.map(drop)
        }
        Field::GroupName => {
            store
                .home()
                .await
                .save_group(text, &GroupInfo::new("紧密型", None), &dux())
                .await
        }
        Field::GroupKind => {
            store
                .home()
                .await
                .save_group("渝北区实验教育集团", &GroupInfo::new(text, None), &dux())
                .await
        }
        Field::DistrictName => store.set_home("500112", text, &dux()).await,
        Field::TokenName => store.create_token(ctx.user, text, &unique, &dux()).await,
        Field::TokenHash => store.create_token(ctx.user, "脚本", text, &dux()).await,
        Field::Csrf => store.create_session(&unique, ctx.user, text, later).await,
        Field::FileName => import(ctx.records.clone(), ImportSource::new(text, b"x", "")).await,
        Field::ImportNote => import(ctx.records.clone(), ImportSource::new("a", b"x", text)).await,
        Field::SchoolName => {
            let records = with_record(&|r| r.name = text.into());
            import(records, source("name.csv")).await
        }
        Field::Zone => {
            let records = with_record(&|r| r.zone = Some(text.into()));
            import(records, source("zone.csv")).await
        }
        Field::RecordGroup => {
            let records = with_record(&|r| r.group = Some(text.into()));
            import(records, source("group.csv")).await
        }
        Field::SubmittedName => {
            let mut record = ctx.records[2].clone();
            record.name = text.into();
            store.home().await.submit(&record, &dux()).await.map(drop)
        }
        Field::ReviewNote => store
            .home()
            .await
            .decide(ctx.submission, false, text, &dux())
            .await
            .map(drop),
        Field::LotteryTitle => store
            .home()
            .await
            .create_lottery(text, "{}", "ab12", None, &dux())
            .await
            .map(drop),
        Field::LotteryDigest => store
            .home()
            .await
            .create_lottery("派位", "{}", text, None, &dux())
            .await
            .map(drop),
        Field::Subject => {
            let mut roster = teachers(2024, 3);
            roster[1].subject = text.into();
            store
                .home()
                .await
                .replace_roster(2024, &roster, &dux())
                .await
                .map(drop)
        }
        Field::LedgerNote => {
            let moves = [mv("T9002", 1, 2, (2024, 2024), MoveKind::Rotation)];
            store
                .home()
                .await
                .add_moves(&moves, MoveSource::Manual, &dux(), Some(text))
                .await
                .map(drop)
        }
        Field::CancelReason => {
            store
                .home()
                .await
                .cancel_move(ctx.cancel, &dux(), text)
                .await
        }
        Field::Actor => store.set_home("500112", "渝北区", &Actor::new(text)).await,
    }
}

/// How many audit entries there are (every write appends one).
async fn entries(store: &Store) -> usize {
    let filter = AuditFilter {
        limit: AuditFilter::MAX_LIMIT,
        ..AuditFilter::default()
    };
    store.audit_log(&filter).await.unwrap().len()
}

async fn every_free_text_is_bounded(store: Store) {
    let ctx = setup(&store).await;
    // One character over, first: the refused write leaves the submission pending and the move
    // active for the write at the limit.
    for (field, max) in FIELDS {
        let before = entries(&store).await;
        let err = write(&store, &ctx, field, &"字".repeat(max + 1))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{field:?}: {err}");
        let message = err.to_string();
        assert!(message.contains(&max.to_string()), "{field:?}: {message}");
        assert_eq!(entries(&store).await, before, "{field:?} wrote nothing");
    }
    for (field, max) in FIELDS {
        write(&store, &ctx, field, &"字".repeat(max))
            .await
            .unwrap_or_else(|e| panic!("{field:?} at its limit {max}: {e}"));
    }
    let groups = store.home().await.groups().await.unwrap();
    assert!(
        groups
            .iter()
            .any(|g| g.name == "字".repeat(limits::MAX_GROUP_NAME))
    );
    let district = store.only_district().await.unwrap();
    assert_eq!(district.name, "渝北区", "the longest actor wrote last");
}

async fn audit_entries_are_cut_not_refused(store: Store) {
    // An anonymous failed login under a 10 MB name.
    let huge = "名".repeat(10 * 1024 * 1024 / 3);
    store
        .audit(&AuditEntry {
            district: None,
            actor: huge.clone(),
            action: "login.failed",
            target: format!("user:{huge}"),
            detail: huge.clone(),
        })
        .await
        .unwrap();
    let entry = &store.audit_log(&AuditFilter::default()).await.unwrap()[0];
    assert_eq!(entry.action, "login.failed");
    for (text, max) in [
        (&entry.actor, limits::MAX_USER_NAME),
        (&entry.target, limits::MAX_AUDIT_TARGET),
        (&entry.detail, limits::MAX_AUDIT_DETAIL),
    ] {
        assert_eq!(text.chars().count(), max, "{text}");
        assert!(text.ends_with(CUT_MARK), "the cut is marked: {text}");
    }
    assert!(entry.actor.starts_with("名名名"));
    assert!(entry.target.starts_with("user:名"));

    // What fits is kept as given, unmarked; NUL characters are replaced, not refused.
    let name = "x".repeat(limits::MAX_USER_NAME);
    store
        .audit(&AuditEntry {
            district: None,
            actor: name.clone(),
            action: "login.failed",
            target: "a\0b".into(),
            detail: String::new(),
        })
        .await
        .unwrap();
    let entry = &store.audit_log(&AuditFilter::default()).await.unwrap()[0];
    assert_eq!(
        (entry.actor.as_str(), entry.target.as_str()),
        (name.as_str(), "a\u{FFFD}b")
    );
}

async fn nul_characters_are_invalid_not_database_errors(store: Store) {
    let ctx = setup(&store).await;
    for (field, _) in FIELDS {
        // A user name refuses every control character already; the rest name the NUL.
        let err = write(&store, &ctx, field, "a\0b").await.unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{field:?}: {err}");
    }
    // Lookups by a key no row can have find nothing.
    assert!(store.user_by_name("a\0b").await.unwrap().is_none());
    assert!(store.user_by_name(&"x".repeat(65)).await.unwrap().is_none());
    assert!(store.home().await.group("集团\0").await.unwrap().is_none());
    assert!(store.token_user("h\0").await.unwrap().is_none());
    assert!(
        store
            .session("h\0", SystemTime::now())
            .await
            .unwrap()
            .is_none()
    );
    store.delete_session("h\0").await.unwrap();
    let code = store
        .home()
        .await
        .add_member("集团\0", &ctx.records[0].code, "2024-09-01", None, &dux())
        .await
        .unwrap_err()
        .code();
    assert_eq!(code, "store.not_found");
    let filter = AuditFilter {
        actor: Some("a\0".into()),
        ..AuditFilter::default()
    };
    assert_eq!(
        store.audit_log(&filter).await.unwrap_err().code(),
        "store.invalid"
    );
}

async fn a_user_name_with_a_space_is_invalid(store: Store) {
    let err = store
        .create_home_user(&new_user("zhang san", Role::Admin, Scope::District), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(err.to_string().contains("空格"), "{err}");
    // Nor a national ID number as a login name, and the refusal does not repeat it.
    let err = store
        .create_home_user(
            &new_user("T110101199003077777", Role::Admin, Scope::District),
            &dux(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(err.to_string().contains("身份证") && !err.to_string().contains("1990"));
    assert!(store.users(None).await.unwrap().is_empty());
}
