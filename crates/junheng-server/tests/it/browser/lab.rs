//! 劳动教育 in the browser (issue 18), on a phone (390 px): the 班主任 enters one item for two
//! children on the class page, prints the week's parent slips, and a parent (no login) opens a
//! slip's link and confirms — each page fits the screen, the parent's page shows no name.

use super::*;
use crate::health::{PW, World, config, world};
use crate::helpers::spawn_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_teacher_enters_and_prints_slips_and_a_parent_confirms_on_a_phone() {
    let app = spawn_with(Backend::Sqlite, config()).await;
    let w = labour_world(&app).await;
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "banzhuren_a", PW).await;
    logged_in(c).await;
    c.goto(&app.url("/labour/class")).await.unwrap();
    assert!(fits(c).await, "the class page fits 390 px");
    c.find(Locator::Css("select[name='reporter']"))
        .await
        .unwrap()
        .select_by_value("student")
        .await
        .unwrap();
    for k in &w.a_kids[..2] {
        click(c, &format!("input[name='student'][value='{}']", k.id)).await;
    }
    click_to_load(c, "#labour-save").await;
    let text = body_text(c).await;
    assert!(text.contains("记录已保存"), "{text}");
    assert_eq!(text.matches("待确认").count(), 2, "{text}");
    click_to_load(c, "#labour-slips").await;
    assert!(fits(c).await, "the slips fit 390 px, their QR codes too");
    let slips = body_text(c).await;
    let link = slips
        .split_whitespace()
        .find(|t| t.contains("/labour/p/"))
        .expect("a slip's link")
        .to_owned();
    let path = &link[link.find("/labour/p/").unwrap()..];
    c.delete_all_cookies().await.unwrap();
    c.goto(&app.url(path)).await.unwrap();
    assert!(fits(c).await, "the parent's page fits 390 px");
    let text = body_text(c).await;
    assert!(text.contains("3年级2班"), "{text}");
    for k in &w.a_kids {
        assert!(
            !text.contains(k.name),
            "no name on the parent's page: {text}"
        );
    }
    click_to_load(c, "#labour-parent-confirm").await;
    let text = body_text(c).await;
    assert!(text.contains("已确认"), "{text}");
    let _ = b.client.clone().close().await;
}

/// The health tests' world with the demo district's 劳动清单 imported (the class pages need a
/// list).
pub(super) async fn labour_world(app: &crate::helpers::TestApp) -> World {
    let w = world(app).await;
    let file = junheng_io::labour::lists::ListFile {
        file: "区级.xlsx".into(),
        sheet: None,
        items: junheng_labour::synth::district_list(1).items,
        removals: Vec::new(),
        rows: Default::default(),
        warnings: Vec::new(),
    };
    let op = junheng_store::Actor::system();
    junheng_app::labour::lists::import(
        &w.home,
        &junheng_app::pairings::Caller::Operator(&op),
        None,
        &file,
        "",
        &junheng_labour::checklist::RequiredGroups::default(),
    )
    .await
    .unwrap();
    w
}
