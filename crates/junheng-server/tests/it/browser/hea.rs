//! Student health in the browser (issue 14): the administrator's overview and the 班主任's 心理
//! page, on a phone and at desktop width — each fits the screen, the administrator sees counts
//! and no child, the 班主任 their class's names with tier and action and never a score.

use super::*;
use crate::health::{PW, World, config, imported, world};
use crate::helpers::spawn_with;

async fn as_user(c: &fantoccini::Client, app: &TestApp, name: &str) {
    c.delete_all_cookies().await.unwrap();
    log_in(c, app, name, PW).await;
    logged_in(c).await;
}

fn names(w: &World) -> Vec<&'static str> {
    w.a_kids
        .iter()
        .chain(&w.b_kids)
        .chain(&w.j_kids)
        .map(|k| k.name)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_and_the_class_teachers_cases_fit_a_phone_and_a_desktop() {
    let app = spawn_with(Backend::Sqlite, config()).await;
    let w = world(&app).await;
    imported(&app, &w).await;
    let b = browser().await;
    let c = &b.client;
    for (user, page) in [("admin", "/health"), ("banzhuren_j", "/health/mental")] {
        as_user(c, &app, user).await;
        for (width, height) in [(390, 844), (1280, 900)] {
            c.set_window_size(width, height).await.unwrap();
            c.goto(&app.url(page)).await.unwrap();
            assert!(fits(c).await, "{page} fits {width} px for {user}");
            let text = body_text(c).await;
            if user == "admin" {
                assert!(
                    text.contains("体质健康测试") && text.contains("视力筛查"),
                    "{text}"
                );
                for n in names(&w) {
                    assert!(!text.contains(n), "{user} sees no name: {text}");
                }
            } else {
                assert!(
                    text.contains(w.j_kids[0].name) && text.contains("重点"),
                    "{text}"
                );
                assert!(!text.contains(w.j_kids[3].name), "{text}");
                assert!(!text.contains("PHQ") && !text.contains("GAD"), "{text}");
            }
        }
    }
    // The navigation offers the page to both.
    c.goto(&app.url("/dashboard")).await.unwrap();
    assert!(c.find(Locator::Css("nav a[href='/health']")).await.is_ok());
    let _ = b.client.clone().close().await;
}
