//! 劳动教育达标情况 in the browser (issue 18 item 4), on a phone (390 px): the 班主任's class
//! table with the children's names, and the administrator's district table and 星级学校 — each
//! page fits the screen.

use super::*;
use crate::health::{PW, config};
use crate::helpers::spawn_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compliance_and_stars_fit_a_phone() {
    let app = spawn_with(Backend::Sqlite, config()).await;
    let w = super::lab::labour_world(&app).await;
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "banzhuren_a", PW).await;
    logged_in(c).await;
    c.goto(&app.url("/labour/compliance")).await.unwrap();
    assert!(fits(c).await, "the class's compliance fits 390 px");
    let text = body_text(c).await;
    assert!(
        text.contains(w.a_kids[0].name) && text.contains("每周最低分钟"),
        "{text}"
    );
    c.delete_all_cookies().await.unwrap();
    log_in(c, &app, "admin", PW).await;
    logged_in(c).await;
    c.goto(&app.url("/labour/compliance")).await.unwrap();
    assert!(fits(c).await, "the district's compliance fits 390 px");
    let text = body_text(c).await;
    assert!(
        text.contains(w.a.as_str()) && text.contains("人数过少不显示"),
        "{text}"
    );
    c.goto(&app.url("/labour/stars")).await.unwrap();
    assert!(fits(c).await, "the stars fit 390 px");
    assert!(body_text(c).await.contains("星级学校"));
    let _ = b.client.clone().close().await;
}
