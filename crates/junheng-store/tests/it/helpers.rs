//! Fresh databases for every test, on both backends.
//!
//! A test is written once, as `async fn name(store: Store)`; `store_tests!(name, …)` makes a
//! module `name` with two tests, `sqlite` (a new file in a temporary directory) and `postgres`
//! (a new database `junheng_test_…` on the server named by `JUNHENG_TEST_POSTGRES`, dropped
//! afterwards). Filter with `cargo test -p junheng-store sqlite` or `… postgres`.
//!
//! Without `JUNHENG_TEST_POSTGRES` the PostgreSQL tests fail: a suite that skips its second
//! backend silently would report green for code that was never run there.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::SchoolRecord;
use junheng_store::{
    Actor, DistrictKind, DistrictStore, ImportSource, NewDistrict, NewUser, Store, StoreError, User,
};
use sqlx::{Connection, Executor};

/// Environment variable holding the maintenance database URL of a PostgreSQL server.
pub const POSTGRES_ENV: &str = "JUNHENG_TEST_POSTGRES";

/// Generates the SQLite and PostgreSQL tests of `async fn name(store: Store)`.
macro_rules! store_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                crate::helpers::on_sqlite(crate::helpers::with_store(super::$name)).await;
            }
            #[tokio::test]
            async fn postgres() {
                crate::helpers::on_postgres(crate::helpers::with_store(super::$name)).await;
            }
        }
    )*};
}

/// Generates the SQLite and PostgreSQL tests of `async fn name(url: String)`: a fresh, empty
/// database that nothing has opened yet.
macro_rules! url_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                crate::helpers::on_sqlite(super::$name).await;
            }
            #[tokio::test]
            async fn postgres() {
                crate::helpers::on_postgres(super::$name).await;
            }
        }
    )*};
}

/// Adapts a store test to a URL test: opens the store, runs the test, closes the store.
pub fn with_store<F, Fut>(
    test: F,
) -> impl FnOnce(String) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>>
where
    F: FnOnce(Store) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    move |url| {
        Box::pin(async move {
            let store = Store::open(&url).await.expect("open the test database");
            test(store.clone()).await;
            store.close().await;
        })
    }
}

/// Runs a URL test on a new SQLite file.
pub async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("junheng.db").display());
    // Spawned so that the test's future must be Send, as the server's handlers need.
    let result = tokio::spawn(test(url)).await;
    drop(dir);
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Runs a URL test on a new PostgreSQL database, dropped afterwards (best effort).
pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let db = PgTestDb::create().await;
    let result = tokio::spawn(test(db.url.clone())).await;
    db.drop().await;
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// A database of its own on the test server.
pub struct PgTestDb {
    admin_url: String,
    name: String,
    /// URL of the new database.
    pub url: String,
}

impl PgTestDb {
    /// Creates `junheng_test_<random>`; panics with instructions if no server is configured.
    pub async fn create() -> PgTestDb {
        let admin_url = std::env::var(POSTGRES_ENV).unwrap_or_else(|_| {
            panic!(
                "{POSTGRES_ENV} is not set: the store suite runs on PostgreSQL too. Set \
                 {POSTGRES_ENV} to a postgres:// URL of a maintenance database, e.g. \
                 `eval \"$(scripts/pg.sh start)\"` (scripts/test.sh starts a throwaway cluster)."
            )
        });
        let name = format!("junheng_test_{}", unique_suffix());
        let mut conn = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {POSTGRES_ENV}: {e}"));
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .expect("create the test database");
        conn.close().await.ok();
        let url = with_database(&admin_url, &name);
        PgTestDb {
            admin_url,
            name,
            url,
        }
    }

    /// Drops the database, ignoring failures (a leftover database costs nothing here).
    pub async fn drop(self) {
        if let Ok(mut conn) = sqlx::PgConnection::connect(&self.admin_url).await {
            let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
            let _ = conn.execute(sqlx::AssertSqlSafe(sql)).await;
            let _ = conn.close().await;
        }
    }
}

/// The URL with its database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host}/{name}?{q}"),
        None => format!("{host}/{name}"),
    }
}

fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let h = RandomState::new().hash_one((nanos, std::process::id(), n));
    format!("{:016x}", h)
}

/// A fresh SQLite store for tests that need more than one database.
pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("junheng.db").display());
    (Store::open(&url).await.expect("open SQLite"), dir)
}

/// A fresh PostgreSQL store for tests that need more than one database.
pub async fn postgres_store() -> (Store, PgTestDb) {
    let db = PgTestDb::create().await;
    (Store::open(&db.url).await.expect("open PostgreSQL"), db)
}

/// A realistic district of `schools` schools.
pub fn demo(schools: usize, seed: u64, year: i32) -> Vec<SchoolRecord> {
    generate(&DemoSpec {
        schools,
        seed,
        year,
    })
}

/// Records sorted by school code, as the store returns them.
pub fn by_code(mut records: Vec<SchoolRecord>) -> Vec<SchoolRecord> {
    records.sort_by(|a, b| a.code.cmp(&b.code));
    records
}

/// An import source for a fake file.
pub fn source(file_name: &str) -> ImportSource {
    ImportSource::new(file_name, file_name.as_bytes(), "测试")
}

/// The one district of a test's database, as most tests use it.
pub trait Home {
    /// The store of the only district (created as 本区县 when there is none).
    fn home(&self) -> impl Future<Output = DistrictStore> + Send;
    /// Sets the only district's code and name (created when there is none).
    fn set_home(
        &self,
        code: &str,
        name: &str,
        actor: &Actor,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Creates a user, in the only district when the role belongs to one.
    fn create_home_user(
        &self,
        new: &NewUser,
        actor: &Actor,
    ) -> impl Future<Output = Result<User, StoreError>> + Send;
}

impl Home for Store {
    async fn home(&self) -> DistrictStore {
        let district = self.only_district().await.expect("the only district");
        self.in_district(district.id)
    }

    async fn set_home(&self, code: &str, name: &str, actor: &Actor) -> Result<(), StoreError> {
        let district = self.only_district().await?;
        let new = NewDistrict {
            code: code.into(),
            name: name.into(),
            kind: DistrictKind::Qu,
            city: Default::default(),
            province: Default::default(),
        };
        self.update_district(district.id, &new, actor).await
    }

    async fn create_home_user(&self, new: &NewUser, actor: &Actor) -> Result<User, StoreError> {
        let mut new = new.clone();
        if new.role.in_district() && new.district.is_none() {
            new.district = Some(self.only_district().await?.id);
        }
        self.create_user(&new, actor).await
    }
}

/// The actor of most tests.
/// A second district of the store (城口县), to check that records stay in their own.
pub async fn chengkou(store: &Store) -> DistrictStore {
    let other = store
        .add_district(
            &junheng_store::NewDistrict {
                code: "500229".into(),
                name: "城口县".into(),
                kind: junheng_store::DistrictKind::Xian,
                city: ("500100".into(), "重庆市".into()),
                province: ("500000".into(), "重庆市".into()),
            },
            &dux(),
        )
        .await
        .unwrap();
    store.in_district(other.id)
}

pub fn dux() -> Actor {
    Actor::new("dux")
}

#[test]
fn database_name_replaces_the_maintenance_database() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h/postgres?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h:1", "x"), "postgres://h:1/x");
}
