//! PostgreSQL restarted under load. A cluster of the test's own (`scripts/pg.sh start`) serves a
//! server while readers (pages and the API) and a writer (new users, one transaction each with
//! its audit entry) keep asking; the cluster is stopped, left down, and started again. During
//! the outage every answer is a clean 503 (the error page or the JSON error, never a 500 and
//! never a hang); once the database answers again, the server reconnects by itself and every
//! request succeeds; no write is half-applied.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use junheng_store::{AuditFilter, Role, Scope};
use tokio::sync::Mutex;

use crate::helpers::{TestApp, district, spawn_on_postgres};

const PASSWORD: &str = "韧性测试-123456";

/// A throwaway cluster of this test's own: stopping it does not disturb the other tests.
struct Cluster {
    dir: String,
    url: String,
}

fn pg_sh(args: &[&str], dir: Option<&str>) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg.sh");
    let mut c = Command::new("bash");
    c.arg(script).args(args);
    if let Some(d) = dir {
        c.env("JUNHENG_TEST_PG_DIR", d);
    }
    let out = c.output().expect("bash runs scripts/pg.sh");
    assert!(
        out.status.success(),
        "scripts/pg.sh {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

impl Cluster {
    fn start() -> Self {
        let out = pg_sh(&["start"], None);
        let value = |key: &str| {
            out.lines()
                .find_map(|l| l.strip_prefix(&format!("export {key}=")))
                .unwrap_or_else(|| panic!("pg.sh printed no {key}: {out}"))
                .to_owned()
        };
        Cluster {
            url: value("JUNHENG_TEST_POSTGRES"),
            dir: value("JUNHENG_TEST_PG_DIR"),
        }
    }

    fn pause(&self) {
        pg_sh(&["pause"], Some(&self.dir));
    }

    fn resume(&self) {
        pg_sh(&["resume"], Some(&self.dir));
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg.sh"))
            .arg("stop")
            .env("JUNHENG_TEST_PG_DIR", &self.dir)
            .output();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Before,
    Outage,
    /// After the database answers `/healthz` again.
    After,
}

#[derive(Debug)]
struct Answer {
    phase: Phase,
    what: &'static str,
    status: u16,
    /// The error code of a 503 (from the page's `data-code` or the JSON's `code`).
    code: String,
    took: Duration,
}

fn error_code(body: &str) -> String {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        return v["code"].as_str().unwrap_or_default().to_owned();
    }
    body.split("data-code=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_restart_under_load_gives_503s_then_recovers_without_half_writes() {
    let cluster = Cluster::start();
    let app = Arc::new(spawn_on_postgres(&cluster.url).await);
    app.seed(&district(30)).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let token = app.token("admin").await;
    app.login("admin", PASSWORD).await;
    let (_, page) = app.text("/users").await;
    let csrf = TestApp::csrf_of(&page);

    let phase = Arc::new(Mutex::new(Phase::Before));
    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(Mutex::new(Vec::<Answer>::new()));
    let created = Arc::new(Mutex::new(Vec::<(String, u16)>::new()));
    let mut tasks = Vec::new();
    for worker in 0..6 {
        let (app, phase, stop, answers) =
            (app.clone(), phase.clone(), stop.clone(), answers.clone());
        let (token, csrf, created) = (token.clone(), csrf.clone(), created.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let at = *phase.lock().await;
                let started = Instant::now();
                let (what, r) = match worker % 3 {
                    // The audit log is read from the database at every request; the
                    // evaluation comes from the server's cache once computed.
                    0 => ("page", app.get("/audit").await),
                    1 => (
                        "api",
                        app.client
                            .get(app.url("/api/v1/evaluation?year=2024"))
                            .bearer_auth(&token)
                            .send()
                            .await
                            .unwrap(),
                    ),
                    _ => {
                        let name = format!("w{worker}n{n}");
                        let r = app
                            .post(
                                "/users",
                                &[
                                    ("csrf", csrf.as_str()),
                                    ("name", name.as_str()),
                                    ("display_name", ""),
                                    ("role", "supervisor"),
                                    ("scope", ""),
                                    ("password", PASSWORD),
                                ],
                            )
                            .await;
                        created.lock().await.push((name, r.status().as_u16()));
                        ("write", r)
                    }
                };
                let status = r.status().as_u16();
                let body = r.text().await.unwrap_or_default();
                // Before: finished before the cluster was stopped; after: started once the
                // database answered again; the outage: everything in between.
                let end = *phase.lock().await;
                let at = match (at, end) {
                    (_, Phase::Before) => Phase::Before,
                    (Phase::After, _) => Phase::After,
                    _ => Phase::Outage,
                };
                answers.lock().await.push(Answer {
                    phase: at,
                    what,
                    status,
                    code: if status >= 500 {
                        error_code(&body)
                    } else {
                        String::new()
                    },
                    took: started.elapsed(),
                });
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    *phase.lock().await = Phase::Outage;
    let c = Arc::new(cluster);
    let c2 = c.clone();
    tokio::task::spawn_blocking(move || c2.pause())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(4)).await;
    let c2 = c.clone();
    tokio::task::spawn_blocking(move || c2.resume())
        .await
        .unwrap();
    // The database answers again: the server must find it by itself.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if app.get("/healthz").await.status() == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not reconnect within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    *phase.lock().await = Phase::After;
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }

    let answers = answers.lock().await;
    let of = |p: Phase| answers.iter().filter(move |a| a.phase == p);
    for a in answers.iter() {
        assert!(
            matches!(a.status, 200 | 303 | 503),
            "every answer is a success or a clean 503: {a:?}"
        );
        if a.status == 503 {
            assert_eq!(a.code, "server.busy", "{a:?}");
            assert!(
                a.took < Duration::from_secs(10),
                "a 503 comes quickly: {a:?}"
            );
        }
    }
    assert!(
        of(Phase::Before).all(|a| a.status != 503),
        "all served before the restart"
    );
    let outage: Vec<&Answer> = of(Phase::Outage).collect();
    // What needs the database is refused cleanly; what the server holds in its caches (an
    // evaluation, a known session or token) may still be served.
    for what in ["page", "write"] {
        let n = outage
            .iter()
            .filter(|a| a.what == what && a.status == 503)
            .count();
        assert!(n > 0, "the outage gave no {what} request a 503");
    }
    let after: Vec<&Answer> = of(Phase::After).collect();
    assert!(
        after.len() >= 6,
        "requests were made after the restart: {after:?}"
    );
    assert!(
        after.iter().all(|a| a.status != 503),
        "none fails after the restart: {after:?}"
    );

    // No write is half-applied: each user stored has its audit entry (one transaction), and
    // each write answered as done is stored.
    let created = created.lock().await;
    let users = app.store.users(None).await.unwrap();
    let log = app
        .store
        .audit_log(&AuditFilter {
            limit: AuditFilter::MAX_LIMIT,
            action_prefix: Some("user.create".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let stored: Vec<&str> = users
        .iter()
        .map(|u| u.name.as_str())
        .filter(|n| n.starts_with('w'))
        .collect();
    for u in users.iter().filter(|u| u.name.starts_with('w')) {
        let target = format!("user:{}", u.id);
        assert!(
            log.iter().any(|e| e.target == target),
            "user {} stored without its audit entry",
            u.name
        );
    }
    assert_eq!(
        log.len(),
        users.len(),
        "every audit entry of a new user has its user"
    );
    for (name, status) in created.iter() {
        if *status == 303 {
            assert!(
                stored.contains(&name.as_str()),
                "{name} was answered as created"
            );
        }
    }
    eprintln!(
        "restart under load: {} answers ({} during the outage, {} of them 503), {} users written",
        answers.len(),
        outage.len(),
        outage.iter().filter(|a| a.status == 503).count(),
        stored.len()
    );
}
