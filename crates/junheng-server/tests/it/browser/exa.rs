//! 质量监测 in the browser (issue 15): an exam's report for the district, a school, a 班主任 and a
//! group lead, on a phone and at desktop width — each fits the screen and shows only its units.

use super::*;
use crate::exams::imported;
use crate::health::{PW, config};
use crate::helpers::spawn_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_fits_a_phone_and_a_desktop_for_each_role() {
    let app = spawn_with(Backend::Sqlite, config()).await;
    let (j, k, exam) = imported(&app).await;
    let b = browser().await;
    let c = &b.client;
    let page = format!("/exams/{exam}");
    for user in ["admin", "xuexiao_j", "banzhuren_j", "zuzhang"] {
        c.delete_all_cookies().await.unwrap();
        log_in(c, &app, user, PW).await;
        logged_in(c).await;
        for (width, height) in [(390, 844), (1280, 900)] {
            c.set_window_size(width, height).await.unwrap();
            c.goto(&app.url(&page)).await.unwrap();
            assert!(fits(c).await, "{page} fits {width} px for {user}");
            let text = body_text(c).await;
            assert!(text.contains("全体") && text.contains(&j), "{user}: {text}");
            assert_eq!(text.contains(&k), user == "admin", "{user} and {k}: {text}");
            assert_eq!(text.contains("本地估算"), user == "admin", "{user}: {text}");
        }
    }
    // The navigation offers the page.
    c.goto(&app.url("/dashboard")).await.unwrap();
    assert!(c.find(Locator::Css("nav a[href='/exams']")).await.is_ok());
    let _ = b.client.clone().close().await;
}
