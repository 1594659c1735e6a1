use junheng_store::{Backend, SCHEMA_VERSION, Store};
use sqlx::{Connection, Executor};

use crate::helpers::{Home, demo, dux, source};

url_tests!(opening_twice_migrates_once, a_newer_schema_is_refused);

async fn opening_twice_migrates_once(url: String) {
    let store = Store::open(&url).await.unwrap();
    let expected = if url.starts_with("sqlite") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    assert_eq!(store.backend(), expected);
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    let records = demo(20, 3, 2024);
    store
        .home()
        .await
        .import_statistics(2024, &records, &source("a.csv"), &dux())
        .await
        .unwrap();
    store.close().await;

    let again = Store::open(&url).await.unwrap();
    assert_eq!(again.schema_version().await.unwrap(), SCHEMA_VERSION);
    assert_eq!(
        again
            .home()
            .await
            .statistics(2024, None)
            .await
            .unwrap()
            .len(),
        20
    );
    // Two stores on one database at once, as two server processes would be.
    let third = Store::open(&url).await.unwrap();
    assert_eq!(third.home().await.years().await.unwrap().len(), 1);
    third.close().await;
    again.close().await;
}

async fn a_newer_schema_is_refused(url: String) {
    Store::open(&url).await.unwrap().close().await;
    let insert = "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')";
    if url.starts_with("sqlite") {
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        conn.execute(insert).await.unwrap();
        conn.close().await.unwrap();
    } else {
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        conn.execute(insert).await.unwrap();
        conn.close().await.unwrap();
    }
    let err = Store::open(&url).await.unwrap_err();
    assert_eq!(err.code(), "store.schema_too_new");
    assert!(err.to_string().contains("999"), "{err}");
}

#[tokio::test]
async fn unknown_urls_are_refused_without_echoing_them() {
    let err = Store::open("mysql://root:secret@host/db")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.unsupported_url");
    assert!(!err.to_string().contains("secret"));
}

#[tokio::test]
async fn an_unreachable_server_is_a_connect_error() {
    // Port 1 on localhost: nothing listens there.
    let url = "postgres://postgres:secret@127.0.0.1:1/postgres?connect_timeout=2";
    let err = Store::open(url).await.unwrap_err();
    assert_eq!(err.code(), "store.connect");
    assert!(!err.to_string().contains("secret"));
}

#[tokio::test]
async fn an_unwritable_sqlite_path_is_a_connect_error() {
    let err = Store::open("sqlite:///proc/junheng/none.db")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.connect");
}

#[tokio::test]
async fn an_in_memory_database_keeps_its_data() {
    let store = Store::open("sqlite::memory:").await.unwrap();
    let records = demo(5, 1, 2024);
    store
        .home()
        .await
        .import_statistics(2024, &records, &source("m.csv"), &dux())
        .await
        .unwrap();
    assert_eq!(
        store
            .home()
            .await
            .statistics(2024, None)
            .await
            .unwrap()
            .len(),
        5
    );
}
