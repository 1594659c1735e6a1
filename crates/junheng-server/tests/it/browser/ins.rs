//! The 督导评估 in the browser (issue 19), on a phone (390 px): the administrator reads the
//! verdict with its four parts, opens an attested item, states it met (confirmed) and sees that
//! a statement without a document does not count yet; the page names the documents it needs.

use super::*;

const PASSWORD: &str = "督导评估浏览器-密码-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_reads_the_verdict_and_states_an_item_on_a_phone() {
    let app = spawn(Backend::Sqlite).await;
    app.seed(&district(20)).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "admin", PASSWORD).await;
    logged_in(c).await;
    c.goto(&app.url("/inspection?year=2024")).await.unwrap();
    assert!(fits(c).await, "the overview fits a phone");
    let text = body_text(c).await;
    for part in [
        "资源配置",
        "政府保障程度",
        "教育质量",
        "社会认可度",
        "一票否决",
        "差距清单",
    ] {
        assert!(text.contains(part), "{part}");
    }
    click_to_load(c, "#inspection-row-four_unified a").await;
    assert!(fits(c).await, "an item's page fits a phone");
    let text = body_text(c).await;
    assert!(
        text.contains("生均公用经费基准定额文件"),
        "the documents it needs: {text}"
    );
    assert!(text.contains("待认定"), "{text}");
    click(c, "#inspection-attest-form input[name='met'][value='1']").await;
    type_into(
        c,
        "#inspection-attest-form textarea[name='note']",
        "城乡学校执行同一标准",
    )
    .await;
    click(c, "#inspection-attest-form input[name='confirm']").await;
    click_to_load(c, "#inspection-attest").await;
    let text = body_text(c).await;
    assert!(text.contains("认定已提交"), "{text}");
    assert!(
        text.contains("未附佐证材料"),
        "a statement alone does not count: {text}"
    );
    assert!(text.contains("城乡学校执行同一标准"));
    assert!(fits(c).await, "the page with its statement fits a phone");
    let _ = b.client.clone().close().await;
}
