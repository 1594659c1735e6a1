use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::SchoolRecord;
use junheng_server::{Application, Config, hash_password, new_secret, secret_hash};
use junheng_store::{Actor, DistrictKind, ImportSource, NewDistrict, NewUser, Role, Scope, Store};
use reqwest::Client;
use reqwest::multipart::{Form, Part};
use reqwest::redirect::Policy;

/// A running server and a browser-like client (cookies kept, redirects not followed).
pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub client: Client,
    _db: Db,
}

/// Keeps the test database alive; PostgreSQL databases are dropped at the end.
enum Db {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Db::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Best effort, on a thread of its own: the test's runtime is shutting down.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    use sqlx::Connection;
                    if let Ok(mut c) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .execute(&mut c)
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test body once per backend (with a server configuration of its own, optionally).
#[macro_export]
macro_rules! both {
    ($name:ident, $body:path, $config:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app =
                    $crate::helpers::spawn_with($crate::helpers::Backend::Sqlite, $config).await;
                $body(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app =
                    $crate::helpers::spawn_with($crate::helpers::Backend::Postgres, $config).await;
                $body(app).await;
            }
        }
    };
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $body($crate::helpers::spawn($crate::helpers::Backend::Sqlite).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $body($crate::helpers::spawn($crate::helpers::Backend::Postgres).await).await;
            }
        }
    };
}

async fn open(backend: Backend) -> (Store, Db) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("junheng.db").display());
            (Store::open(&url).await.unwrap(), Db::Sqlite(dir))
        }
        Backend::Postgres => {
            let admin_url = std::env::var("JUNHENG_TEST_POSTGRES").expect(
                "JUNHENG_TEST_POSTGRES is not set: PostgreSQL tests never skip. Run scripts/test.sh, which starts a throwaway cluster (scripts/pg.sh start)",
            );
            open_postgres(admin_url).await
        }
    }
}

/// A fresh database on the PostgreSQL server of `admin_url`.
async fn open_postgres(admin_url: String) -> (Store, Db) {
    let name = format!("junheng_it_{}", &new_secret()[..16]);
    {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut c)
            .await
            .unwrap();
    }
    let (head, _) = admin_url.rsplit_once('/').unwrap();
    let url = format!("{head}/{name}");
    (
        Store::open(&url).await.unwrap(),
        Db::Postgres { admin_url, name },
    )
}

pub async fn spawn(backend: Backend) -> TestApp {
    spawn_with(backend, Config::default()).await
}

/// [`spawn`] with a configuration of the test's own (bound to a free port).
pub async fn spawn_with(backend: Backend, config: Config) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    spawn_on(backend, listener, config).await
}

/// [`spawn_with`] on a listener the test bound already (it knows the address first).
pub async fn spawn_on(
    backend: Backend,
    listener: tokio::net::TcpListener,
    config: Config,
) -> TestApp {
    let (store, db) = open(backend).await;
    serve(store, db, listener, config).await
}

/// A server on a fresh database of the PostgreSQL server `admin_url` (a cluster of the test's
/// own).
pub async fn spawn_on_postgres(admin_url: &str) -> TestApp {
    let (store, db) = open_postgres(admin_url.to_owned()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    serve(store, db, listener, Config::default()).await
}

async fn serve(store: Store, db: Db, listener: tokio::net::TcpListener, config: Config) -> TestApp {
    let app = Application::build_on(listener, store.clone(), config).unwrap();
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run());
    let client = Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    TestApp {
        base,
        store,
        client,
        _db: db,
    }
}

/// A district of 重庆市 (500100, in the province 500000).
pub fn in_chongqing(code: &str, name: &str) -> NewDistrict {
    NewDistrict {
        code: code.into(),
        name: name.into(),
        kind: DistrictKind::Qu,
        city: ("500100".into(), "重庆市".into()),
        province: ("500000".into(), "重庆市".into()),
    }
}

/// The demo district used by the tests.
pub fn district(schools: usize) -> Vec<SchoolRecord> {
    generate(&DemoSpec {
        schools,
        seed: 77,
        year: 2024,
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The store of the test's one district (created as 本区县 when there is none).
    /// The store of the test's district: the first one (made on first use), where the
    /// helpers put users and data.
    pub async fn home(&self) -> junheng_store::DistrictStore {
        let all = self.store.districts().await.unwrap();
        let id = match all.iter().map(|d| d.id).min_by_key(|id| id.get()) {
            Some(id) => id,
            None => self.store.only_district().await.unwrap().id,
        };
        self.store.in_district(id)
    }

    /// Creates a user (in the one district when the role belongs to one); a sensitive role is
    /// confirmed by a second administrator at once.
    /// The district's staff of the task and supervision tests: `admin`, a supervisor `dux`,
    /// and the users `xz` of school `mine` and `xz2` of school `other`.
    pub async fn add_staff(
        &self,
        password: &str,
        mine: &junheng_core::school::SchoolCode,
        other: &junheng_core::school::SchoolCode,
    ) {
        self.add_user("admin", password, Role::Admin, Scope::District)
            .await;
        self.add_user("dux", password, Role::Supervisor, Scope::District)
            .await;
        self.add_user("xz", password, Role::School, Scope::School(mine.clone()))
            .await;
        self.add_user("xz2", password, Role::School, Scope::School(other.clone()))
            .await;
    }

    pub async fn add_user(&self, name: &str, password: &str, role: Role, scope: Scope) {
        let home = self.home().await.id();
        self.add_user_in(home, name, password, role, scope).await;
    }

    /// [`TestApp::add_user`] in district `district` (ignored for city and province roles).
    pub async fn add_user_in(
        &self,
        district: junheng_store::DistrictId,
        name: &str,
        password: &str,
        role: Role,
        scope: Scope,
    ) {
        let district = role.in_district().then_some(district);
        let new = NewUser {
            name: name.into(),
            display_name: format!("{name}老师"),
            role,
            scope,
            district,
            password_hash: hash_password(password).unwrap(),
        };
        let user = self
            .store
            .create_user(&new, &Actor::system())
            .await
            .unwrap();
        if user.pending_by.is_some() {
            self.store
                .confirm_user(user.id, &Actor::new("second-admin"))
                .await
                .unwrap();
        }
    }

    /// Stores a district directly (as `junheng import` does).
    pub async fn seed(&self, records: &[SchoolRecord]) {
        let source = ImportSource {
            file_name: "seed.csv".into(),
            sha256: "0".repeat(64),
            note: String::new(),
        };
        self.home()
            .await
            .import_statistics(records[0].year, records, &source, &Actor::system())
            .await
            .unwrap();
    }

    /// Stores `records` as the statistics of another district `district`.
    pub async fn seed_in(&self, district: junheng_store::DistrictId, records: &[SchoolRecord]) {
        let source = ImportSource {
            file_name: "seed.csv".into(),
            sha256: "0".repeat(64),
            note: String::new(),
        };
        self.store
            .in_district(district)
            .import_statistics(records[0].year, records, &source, &Actor::system())
            .await
            .unwrap();
    }

    /// A bearer token for a user.
    pub async fn token(&self, user: &str) -> String {
        let secret = new_secret();
        let id = self
            .store
            .user_by_name(user)
            .await
            .unwrap()
            .unwrap()
            .user
            .id;
        self.store
            .create_token(id, "测试", &secret_hash(&secret), &Actor::system())
            .await
            .unwrap();
        secret
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// POSTs a form with this app's client.
    pub async fn post(
        &self,
        path: &str,
        fields: &(impl serde::Serialize + ?Sized),
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// [`Self::post`]: the status and the body.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let r = self.post(path, fields).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Uploads file `name` to `path` with the CSRF token of the form on page `form_page`: the
    /// status and the body.
    pub async fn upload(
        &self,
        form_page: &str,
        path: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, String) {
        self.upload_with(form_page, path, name, bytes, &[]).await
    }

    /// [`TestApp::upload`] with other fields of the form.
    pub async fn upload_with(
        &self,
        form_page: &str,
        path: &str,
        name: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> (u16, String) {
        let (_, page) = self.text(form_page).await;
        let mut form = Form::new().text("csrf", Self::csrf_of(&page));
        for (k, v) in fields {
            form = form.text((*k).to_owned(), (*v).to_owned());
        }
        let form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
        let r = self
            .client
            .post(self.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The CSRF token in a page's forms.
    pub fn csrf_of(html: &str) -> String {
        let at = html
            .find("name=\"csrf\" value=\"")
            .expect("a form with a CSRF token")
            + 19;
        html[at..at + 64].to_owned()
    }

    pub async fn login(&self, name: &str, password: &str) -> reqwest::Response {
        self.login_with(&self.client, name, password).await
    }

    /// The status of a login from a fresh browser (303 logged in, 200 refused, 429 paused).
    pub async fn login_status(&self, name: &str, password: &str) -> u16 {
        let client = self.stranger();
        self.login_with(&client, name, password)
            .await
            .status()
            .as_u16()
    }

    /// A second browser, logged in as another user.
    pub async fn logged_in(&self, name: &str, password: &str) -> Client {
        let client = self.stranger();
        self.login_with(&client, name, password).await;
        client
    }

    /// The body of page `path` as `client` sees it.
    pub async fn page_for(&self, client: &Client, path: &str) -> String {
        client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn login_with(&self, client: &Client, name: &str, password: &str) -> reqwest::Response {
        let page = self.page_for(client, "/login").await;
        let csrf = Self::csrf_of(&page);
        client
            .post(self.url("/login"))
            .form(&[
                ("name", name),
                ("password", password),
                ("csrf", &csrf),
                ("next", "/dashboard"),
            ])
            .send()
            .await
            .unwrap()
    }

    /// A fresh client (no cookies) against the same server.
    pub fn stranger(&self) -> Client {
        Self::client(reqwest::header::HeaderMap::new())
    }

    fn client(headers: reqwest::header::HeaderMap) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .default_headers(headers)
            .build()
            .unwrap()
    }

    /// A city or province user's client that names district `code` in every request (the
    /// `x-junheng-district` header of API clients).
    pub async fn logged_in_looking_into(&self, name: &str, password: &str, code: &str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-junheng-district", code.parse().unwrap());
        let client = Self::client(headers);
        self.login_with(&client, name, password).await;
        client
    }
}

/// The text of every part of an .xlsx (cells as the workbook stores them), for scanning.
pub fn xlsx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx");
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        part.read_to_string(&mut text).unwrap();
    }
    text
}

/// Whether `text` shows a time as users read it: `2026-12-03 14:05` (Beijing time, to the minute).
pub fn shows_minute_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(16).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 => *c == b':',
            _ => c.is_ascii_digit(),
        })
    })
}

/// Where a redirect sends the browser (empty without a `Location`).
pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map_or(String::new(), |l| l.to_str().unwrap().to_owned())
}

/// Two school years (2023 and 2024) of a district, stored.
pub async fn two_years(app: &TestApp) -> Vec<SchoolRecord> {
    let records = district(60);
    let earlier: Vec<SchoolRecord> = records
        .iter()
        .map(|r| SchoolRecord {
            year: 2023,
            ..r.clone()
        })
        .collect();
    app.seed(&earlier).await;
    app.seed(&records).await;
    records
}
