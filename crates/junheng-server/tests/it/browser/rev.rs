//! The school's labour review in the browser (issue 18 item 3), on a phone (390 px): the
//! school's account submits both class summaries, then 提交小结 and 开始公示 on the review page
//! (each confirmed); the page fits the screen and says why the export must wait.

use super::*;
use crate::health::{PW, config, world};
use crate::helpers::spawn_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_submits_its_summaries_and_starts_its_publicity_on_a_phone() {
    let app = spawn_with(Backend::Sqlite, config()).await;
    let w = world(&app).await;
    crate::labour_review::with_district_list(&w.home).await;
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "xuexiao_a", PW).await;
    logged_in(c).await;
    for class in ["3年级2班", "3年级3班"] {
        c.goto(&app.url("/labour/class/summary")).await.unwrap();
        c.find(Locator::Css("#labour-summary-pick select"))
            .await
            .unwrap()
            .select_by_value(class)
            .await
            .unwrap();
        click_to_load(c, "#labour-summary-pick button").await;
        assert!(fits(c).await, "the summary of {class} fits 390 px");
        click(c, "#labour-summary-submit input[name='confirm']").await;
        click_to_load(c, "#labour-summary-go").await;
        let text = body_text(c).await;
        assert!(text.contains("班级小结已提交"), "{text}");
    }
    c.goto(&app.url("/labour/review")).await.unwrap();
    assert!(fits(c).await, "the review page fits 390 px");
    click(c, "#labour-step-summarise input[name='confirm']").await;
    click_to_load(c, "#labour-step-summarise button").await;
    let text = body_text(c).await;
    assert!(text.contains("待公示"), "{text}");
    click(c, "#labour-step-publicise input[name='confirm']").await;
    click_to_load(c, "#labour-step-publicise button").await;
    let text = body_text(c).await;
    assert!(
        text.contains("公示中") && text.contains("公示期满后"),
        "{text}"
    );
    assert!(fits(c).await, "the review page in 公示 fits 390 px");
}
