//! Headless Chromium through chromedriver (Debian's packages): the pages people use, clicked.
//! A missing browser fails the test loudly; `scripts/test.sh` installs it.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use junheng_store::{Role, Scope};
use serde_json::json;

use crate::helpers::{Backend, TestApp, district, spawn};

struct Browser {
    driver: Child,
    client: fantoccini::Client,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn browser() -> Browser {
    let driver_path = std::env::var("JUNHENG_TEST_CHROMEDRIVER")
        .unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let chromium =
        std::env::var("JUNHENG_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&driver_path).exists() && std::path::Path::new(&chromium).exists(),
        "browser tests need Debian's chromium and chromium-driver ({driver_path}, {chromium}); scripts/test.sh installs them"
    );
    let port = free_port();
    let driver = Command::new(&driver_path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    for _ in 0..50 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => {
                return Browser {
                    driver,
                    client,
                    _profile: profile,
                };
            }
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver did not start a session: {last:?}");
}

async fn body_text(c: &fantoccini::Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Clicks the element `css` finds (waiting for it to appear).
async fn click(c: &fantoccini::Client, css: &str) {
    c.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Clicks the element `css` finds — a button that loads a new page — and waits until the new
/// page has replaced the current one (waiting for an element the old page also has would race).
async fn click_to_load(c: &fantoccini::Client, css: &str) {
    c.execute("window.junhengOldPage = true;", vec![])
        .await
        .unwrap();
    click(c, css).await;
    for _ in 0..300 {
        let loaded = c
            .execute(
                "return window.junhengOldPage === undefined && document.readyState === 'complete';",
                vec![],
            )
            .await;
        if matches!(loaded, Ok(v) if v.as_bool() == Some(true)) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("clicking {css} did not load a new page within 30 s");
}

/// Types `text` into the element `css` finds (a file input takes a path).
async fn type_into(c: &fantoccini::Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// On the account page: changes the password from `current` to `new`, then waits for the login
/// page that follows and its message.
async fn change_password(c: &fantoccini::Client, current: &str, new: &str) {
    for (field, value) in [("current", current), ("new", new), ("confirm", new)] {
        type_into(c, &format!("input[name={field}]"), value).await;
    }
    click(c, "main form button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css("input[name=password]"))
        .await
        .expect("back at the login page");
    assert!(body_text(c).await.contains("密码已修改"));
}

async fn log_in(c: &fantoccini::Client, app: &TestApp, name: &str, password: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    type_into(c, "input[name=name]", name).await;
    type_into(c, "input[name=password]", password).await;
    click(c, "form button[type=submit]").await;
}

/// Waits for the page after a successful login (the logout form is in its header).
async fn logged_in(c: &fantoccini::Client) {
    c.wait()
        .for_element(Locator::Css("form.who"))
        .await
        .expect("logged in");
}

async fn upload(c: &fantoccini::Client, app: &TestApp, path: &std::path::Path) {
    upload_at(c, app, "/import", path).await;
}

/// Chooses a file on a page's upload form and submits it.
async fn upload_at(c: &fantoccini::Client, app: &TestApp, page: &str, path: &std::path::Path) {
    c.goto(&app.url(page)).await.unwrap();
    type_into(c, "input[type=file]", path.to_str().unwrap()).await;
    click(c, "main form button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_logs_in_imports_and_reads_the_dashboard() {
    let app = spawn(Backend::Sqlite).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "错误密码").await;
    let message = c
        .wait()
        .for_element(Locator::Css("p.error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(message.contains("用户名或密码不正确"), "{message}");
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    assert!(body_text(c).await.contains("还没有导入任何学年的数据"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("有错误.csv");
    std::fs::write(
        &bad,
        "学年,学校标识码,学校名称,办学类型,小学在校生数,小学专任教师数,小学骨干教师数\n2024,5001120001,甲小学,小学,500,30,40\n",
    )
    .unwrap();
    upload(c, &app, &bad).await;
    let errors = c
        .wait()
        .for_element(Locator::Id("import-errors"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(errors.contains("没有保存任何数据"), "{errors}");
    assert!(body_text(c).await.contains("import.exceeds_teachers"));
    assert!(app.home().await.years().await.unwrap().is_empty());

    let good = dir.path().join("学校基本情况表.xlsx");
    junheng_io::school::write_xlsx(&district(80), &good).unwrap();
    upload(c, &app, &good).await;
    let confirm = c.wait().for_element(Locator::Id("confirm")).await;
    let Ok(confirm) = confirm else {
        panic!("no confirmation button:\n{}", body_text(c).await)
    };
    confirm.click().await.unwrap();
    // The versions page says what was saved (browser/ver.rs has the rest of that flow).
    let saved = c
        .wait()
        .for_element(Locator::Id("saved"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(saved.contains("已保存为第 1 版"), "{saved}");
    c.goto(&app.url("/dashboard")).await.unwrap();
    let verdict = c
        .wait()
        .for_element(Locator::Id("verdict"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(verdict == "达标" || verdict == "未达标", "{verdict}");
    let charts = c.find_all(Locator::Css(".chart svg")).await.unwrap();
    assert!(charts.len() >= 3, "差异系数 charts and the trend are drawn");
    let shot = c.screenshot().await.unwrap();
    assert!(shot.len() > 10_000, "a real page was rendered");
    let _ = std::fs::write(std::env::temp_dir().join("junheng-dashboard.png"), shot);
    let _ = b.client.clone().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_user_is_refused_another_school() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(40);
    app.seed(&records).await;
    app.add_user(
        "school",
        "正确密码-3",
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "school", "正确密码-3").await;
    logged_in(c).await;
    c.goto(&app.url(&format!("/schools/{}", records[0].code)))
        .await
        .unwrap();
    assert!(body_text(c).await.contains(&records[0].name));
    c.goto(&app.url(&format!("/schools/{}", records[1].code)))
        .await
        .unwrap();
    let text = body_text(c).await;
    assert!(text.contains("没有权限"), "{text}");
    assert!(!text.contains(&records[1].name));
    let _ = b.client.clone().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lottery_ceremony_is_drawn_in_the_browser() {
    use junheng_lottery::synth::{SynthSpec, district as synth_district};
    let app = spawn(Backend::Sqlite).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let mut inputs = synth_district(&SynthSpec {
        applicants: 200,
        schools: 5,
        ..SynthSpec::default()
    });
    inputs.title = "2025 年民办初中电脑随机录取".into();
    let key = junheng_lottery::LotteryKey::from_bytes([21; 32]);
    let sealed = junheng_lottery::seal(&inputs, &key).unwrap();
    let frozen = junheng_lottery::freeze(&sealed.inputs).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("名单.json");
    std::fs::write(&list, &frozen.canonical).unwrap();
    let key_file = dir.path().join("派位密钥.key");
    std::fs::write(&key_file, key.to_file()).unwrap();

    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    c.goto(&app.url("/lottery")).await.unwrap();
    for (field, path) in [("inputs", &list), ("key", &key_file)] {
        type_into(c, &format!("input[name={field}]"), path.to_str().unwrap()).await;
    }
    click(c, "form[action='/lottery'] button[type=submit]").await;
    let digest = c
        .wait()
        .for_element(Locator::Id("digest"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        digest, frozen.digest,
        "the published digest is on the ceremony screen"
    );
    for (i, value) in ["20250620", "7391", "春风"].iter().enumerate() {
        type_into(c, &format!("input[name=value{i}]"), value).await;
    }
    click(c, "#draw").await;
    let seed = c
        .wait()
        .for_element(Locator::Id("seed"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(seed.len(), 64);
    let rows = c.find_all(Locator::Css("#results tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 5, "one row per school");
    let _ = std::fs::write(
        std::env::temp_dir().join("junheng-ceremony.png"),
        c.screenshot().await.unwrap(),
    );
    // A parent looks up with the 报名号 and the receipt's check code.
    let receipt = &sealed.receipts[3];
    let lookup = c.current_url().await.unwrap().path().to_owned() + "/lookup";
    c.goto(&app.url(&lookup)).await.unwrap();
    for (field, value) in [
        ("applicant", &receipt.registration),
        ("check", &receipt.check),
    ] {
        type_into(c, &format!("input[name={field}]"), value).await;
    }
    click(c, "main form button[type=submit]").await;
    let outcome = c
        .wait()
        .for_element(Locator::Id("outcome"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(outcome.contains(&receipt.code), "{outcome}");
    assert!(
        !c.current_url()
            .await
            .unwrap()
            .as_str()
            .contains(&receipt.check)
    );
    let _ = b.client.clone().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_makes_a_rotation_plan_and_accepts_it() {
    let app = spawn(Backend::Sqlite).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    crate::rotation::seeded(&app, false).await;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    c.goto(&app.url("/plan")).await.unwrap();
    click(c, "#run-plan").await;
    let moves = c.wait().for_element(Locator::Id("plan-moves")).await;
    let Ok(moves) = moves else {
        panic!("no plan:\n{}", body_text(c).await)
    };
    let table = moves.text().await.unwrap();
    let body = body_text(c).await;
    assert!(body.contains("差异系数：前后对比"), "{body}");
    let before = c
        .find(Locator::Css("#cv-changes td.cv-before"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let after = c
        .find(Locator::Css("#cv-changes td.cv-after"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!before.is_empty() && !after.is_empty());
    let teacher = c
        .find(Locator::Css("#plan-moves tbody td code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(table.contains(&teacher));
    click(c, "#accept").await;
    // The confirmation page (browser/ver.rs tests it in full).
    c.wait()
        .for_element(Locator::Id("accept-confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(c, "#accept-write").await;
    let ledger = c
        .wait()
        .for_element(Locator::Id("moves"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ledger.contains(&teacher), "{ledger}");
    assert!(ledger.contains("交流方案"), "{ledger}");
}

/// Whether the page fits the window's width (no sideways scrolling of the page itself).
async fn fits(c: &fantoccini::Client) -> bool {
    c.execute(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
        vec![],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap()
}

/// Accounts on a phone: an administrator deactivates a user from the users page, and a user
/// changes their own password from their account page (then logs in with the new one).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_managed_on_a_phone() {
    let app = spawn(Backend::Sqlite).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.add_user("dux", "正确密码-2", Role::Supervisor, Scope::District)
        .await;
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    c.goto(&app.url("/users")).await.unwrap();
    let wide = c
        .execute(
            "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ');",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        fits(c).await,
        "the users page scrolls its table, not the page: {wide}"
    );
    let dux = app
        .store
        .user_by_name("dux")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    click(c, &format!("#user-{dux} form[action$='/active'] button")).await;
    c.wait()
        .for_element(Locator::Css(&format!("#user-{dux} .fail")))
        .await
        .expect("dux is shown as 停用");
    assert!(
        !app.store
            .user_by_name("dux")
            .await
            .unwrap()
            .unwrap()
            .user
            .active
    );
    // The administrator's own password, from the account page.
    c.goto(&app.url("/account")).await.unwrap();
    assert!(fits(c).await);
    change_password(c, "正确密码-1", "新的密码-2468").await;
    log_in(c, &app, "admin", "新的密码-2468").await;
    logged_in(c).await;
    let _ = b.client.clone().close().await;
}

mod acc;
mod brd;
mod city;
mod eng;
mod exa;
mod fct;
mod fiv;
mod grp;
mod hea;
mod ins;
mod lab;
mod lcm;
mod pages;
mod prj;
mod r#pub;
mod rev;
mod sea;
mod stu;
mod sub;
mod svy;
mod tch;
mod tps;
mod tsk;
mod ver;
mod viz;
