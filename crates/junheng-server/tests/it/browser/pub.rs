//! The public and the parents in the browser: a lottery built from the three tables, its
//! ceremony on a 1920×1080 projector, a parent's lookup on a phone from the public home page.

use super::*;
use crate::public::{APPLICANTS, REGISTRATIONS, SEATS, TITLE, ZONES};

/// The bounding boxes (left, top, right, bottom) of the elements `css` selects.
async fn boxes(c: &fantoccini::Client, css: &str) -> Vec<[f64; 4]> {
    let js = "return Array.from(document.querySelectorAll(arguments[0])).map(e => { \
              const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });";
    let value = c.execute(js, vec![json!(css)]).await.unwrap();
    serde_json::from_value(value).unwrap()
}

fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The computed font size of the first element `css` selects, in CSS pixels.
async fn font_size(c: &fantoccini::Client, css: &str) -> f64 {
    let js = "return parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize);";
    c.execute(js, vec![json!(css)])
        .await
        .unwrap()
        .as_f64()
        .unwrap()
}

/// Fills the build form with the title and the three tables (学区, 学位计划, 报名) and sends it.
async fn build(c: &fantoccini::Client, app: &TestApp, tables: [&std::path::PathBuf; 3]) {
    c.goto(&app.url("/lottery")).await.unwrap();
    type_into(c, "input[name=title]", TITLE).await;
    for (field, path) in ["zones", "seats", "applicants"].into_iter().zip(tables) {
        let css = format!("form[action='/lottery/build'] input[name={field}]");
        type_into(c, &css, path.to_str().unwrap()).await;
    }
    click(c, "#build").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lottery_is_built_drawn_on_a_projector_and_looked_up_on_a_phone() {
    let app = spawn(Backend::Sqlite).await;
    app.seed(&district(40)).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let bad = file(
        "学区-有误.csv",
        "学区代码,学区名称,派位方式\nZ1,城南学区,抽签\n",
    );
    let zones = file("学区.csv", ZONES);
    let seats = file("学位计划.csv", SEATS);
    let applicants = file("报名.csv", APPLICANTS);

    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    // A table with a problem: the cell table, nothing frozen.
    build(c, &app, [&bad, &seats, &applicants]).await;
    let problems = c
        .wait()
        .for_element(Locator::Css("table.issues"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        problems.contains("学区-有误.csv") && problems.contains("抽签"),
        "{problems}"
    );
    assert!(app.home().await.lotteries().await.unwrap().is_empty());
    // The good tables: frozen, the digest shown.
    build(c, &app, [&zones, &seats, &applicants]).await;
    let digest = c
        .wait()
        .for_element(Locator::Id("frozen-digest"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let stored = app.home().await.lotteries().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(digest, stored[0].digest);
    let id = stored[0].id;

    // The ceremony still works on a phone: the witnesses stacked, nothing wider than the screen.
    c.set_window_size(390, 844).await.unwrap();
    c.find(Locator::LinkText("打开派位现场页面"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Id("draw")).await.unwrap();
    assert!(fits(c).await, "the ceremony fits a phone");
    let stacked = boxes(c, ".witnesses fieldset").await;
    assert!(
        stacked.windows(2).all(|w| w[0][3] <= w[1][1]),
        "{stacked:?}"
    );
    // On a projector: full screen, no navigation, large type, the three witnesses side by side.
    c.set_window_size(1920, 1080).await.unwrap();
    assert!(fits(c).await, "no sideways scrolling on the projector");
    assert!(
        c.find_all(Locator::Css("header, nav"))
            .await
            .unwrap()
            .is_empty(),
        "no admin navigation"
    );
    assert!(font_size(c, "body").await >= 28.0, "large type");
    let fieldsets = boxes(c, ".witnesses fieldset").await;
    let inputs = boxes(c, ".witnesses fieldset input").await;
    assert_eq!((fieldsets.len(), inputs.len()), (3, 6));
    for (i, a) in fieldsets.iter().enumerate() {
        for b in &fieldsets[i + 1..] {
            assert!(!overlap(a, b), "witness boxes overlap: {a:?} {b:?}");
            assert!((a[1] - b[1]).abs() < 1.0, "side by side: {a:?} {b:?}");
        }
    }
    for (i, a) in inputs.iter().enumerate() {
        for b in &inputs[i + 1..] {
            assert!(!overlap(a, b), "witness inputs overlap: {a:?} {b:?}");
        }
    }
    for (i, value) in ["20261203", "7391", "春风"].iter().enumerate() {
        type_into(c, &format!("input[name=value{i}]"), value).await;
    }
    click(c, "#draw").await;
    c.wait().for_element(Locator::Id("seed")).await.unwrap();
    assert!(fits(c).await, "the results fit the projector");
    assert!(
        font_size(c, "#results td").await >= 28.0,
        "results readable from the back"
    );
    let _ = std::fs::write(
        std::env::temp_dir().join("junheng-ceremony-1920.png"),
        c.screenshot().await.unwrap(),
    );

    // A parent on a phone: the public home, the lookup, the outcome — never a login.
    c.delete_all_cookies().await.unwrap();
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&app.url("/")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/");
    let wide = c
        .execute(
            "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));",
            vec![],
        )
        .await
        .unwrap();
    assert!(fits(c).await, "the public page fits a phone: {wide}");
    assert!(body_text(c).await.contains(&digest));
    c.find(Locator::LinkText("家长查询"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("/lottery/{id}/lookup")
    );
    let lottery = app.home().await.lottery(id).await.unwrap().unwrap();
    let key =
        junheng_lottery::LotteryKey::from_hex(lottery.lottery_key.as_deref().unwrap()).unwrap();
    let check = key.check_code(REGISTRATIONS[0]);
    for (field, value) in [("applicant", REGISTRATIONS[0]), ("check", check.as_str())] {
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
    assert!(
        outcome.contains(&key.public_code(REGISTRATIONS[0])),
        "{outcome}"
    );
    assert!(
        outcome.contains("已录取") || outcome.contains("公办兜底"),
        "{outcome}"
    );
    assert!(fits(c).await, "the outcome fits a phone");
    let _ = b.client.clone().close().await;
}
