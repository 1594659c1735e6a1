//! The 督导评估 in the browser (issue 19), on a phone (390 px): the administrator reads the
//! verdict with its four parts, opens an attested item, states it met (confirmed) and sees that
//! a statement without a document does not count yet; the page names the documents it needs. A
//! school account is refused the verdict and reads its own gaps; the city reads every district's
//! standing, tasks and days to target.

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

/// A school's account on a phone: the district's 督导评估 is refused (the 403 page), its own
/// school page shows its gaps.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_user_is_refused_the_inspection_and_sees_its_own_gaps_on_a_phone() {
    let app = spawn(Backend::Sqlite).await;
    let mut records = district(20);
    let i = records
        .iter()
        .position(|r| {
            r.kind == junheng_core::school::SchoolKind::Primary && r.parent_code.is_none()
        })
        .unwrap();
    records[i].primary.backbone_teachers = 0;
    app.seed(&records).await;
    let code = records[i].code.clone();
    app.add_user("xz", PASSWORD, Role::School, Scope::School(code.clone()))
        .await;
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "xz", PASSWORD).await;
    logged_in(c).await;
    for page in ["/inspection?year=2024", "/inspection/path"] {
        c.goto(&app.url(page)).await.unwrap();
        let text = body_text(c).await;
        assert!(text.contains("没有权限"), "{page}: {text}");
        assert!(
            !text.contains("一票否决") && !text.contains("创建步骤"),
            "{text}"
        );
    }
    c.goto(&app.url(&format!("/schools/{code}"))).await.unwrap();
    assert!(fits(c).await, "the school page fits a phone");
    let text = body_text(c).await;
    assert!(text.contains(&records[i].name), "{text}");
    let gaps = c.find(Locator::Css("ul.gaps")).await.unwrap();
    assert!(gaps.is_displayed().await.unwrap());
    let gaps = gaps.text().await.unwrap();
    assert!(gaps.contains("骨干"), "its own gap: {gaps}");
    let _ = b.client.clone().close().await;
}

/// The city's official at desktop width: each district's 督导评估 standing, its open and overdue
/// tasks and its days to the target, on the comparison.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_city_sees_each_districts_standing_tasks_and_days_on_a_desktop() {
    let app = spawn(Backend::Sqlite).await;
    crate::city::city(&app).await;
    crate::city::with_standing(&app).await;
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(1280, 900).await.unwrap();
    log_in(c, &app, "shiji", crate::city::PASSWORD).await;
    logged_in(c).await;
    c.goto(&app.url("/city?sort=code")).await.unwrap();
    assert!(fits(c).await, "the comparison fits a desktop");
    let row = |code: &'static str| async move {
        c.find(Locator::XPath(&format!(
            "//td[@id='city-path-{code}']/parent::tr"
        )))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
    };
    let yubei = row("500112").await;
    assert!(yubei.contains("个方面达标"), "its standing: {yubei}");
    assert!(yubei.contains("未完成任务 2 项，逾期 1 项"), "{yubei}");
    assert!(
        yubei.contains("距目标期限") && yubei.contains("天"),
        "{yubei}"
    );
    let chengkou = row("500229").await;
    assert!(chengkou.contains("尚未计算"), "{chengkou}");
    assert!(chengkou.contains("未完成任务 0 项") && chengkou.contains("未设目标年份"));
    let late = c
        .find(Locator::Id("city-path-500112"))
        .await
        .unwrap()
        .attr("class")
        .await
        .unwrap();
    assert_eq!(late.as_deref(), Some("fail"), "an overdue task shows red");
    let _ = b.client.clone().close().await;
}

/// The administrator on a phone: from the verdict to the 创建路径 (the stepper and the days fit
/// the screen), records the 自评 and sees it reached with its document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_records_the_self_assessment_on_the_path_on_a_phone() {
    let app = spawn(Backend::Sqlite).await;
    app.seed(&district(12)).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let home = app.home().await.id();
    app.store
        .set_creation_target(home, 2028, &junheng_store::Actor::system())
        .await
        .unwrap();
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "admin", PASSWORD).await;
    logged_in(c).await;
    c.goto(&app.url("/inspection?year=2024")).await.unwrap();
    click_to_load(c, "#inspection-path-link").await;
    assert!(fits(c).await, "the path fits a phone");
    let text = body_text(c).await;
    assert!(
        text.contains("2028") && text.contains("距目标期限"),
        "{text}"
    );
    type_into(
        c,
        "#inspection-path-form input[name=document]",
        "渝北教督〔2026〕7号",
    )
    .await;
    click_to_load(c, "#inspection-path-submit").await;
    let done = c.find(Locator::Id("inspection-path-done")).await.unwrap();
    assert!(done.text().await.unwrap().contains("自评已记录"));
    let step = c.find(Locator::Id("inspection-path-step-2")).await.unwrap();
    assert_eq!(
        step.attr("class").await.unwrap().as_deref(),
        Some("reached")
    );
    assert!(step.text().await.unwrap().contains("渝北教督〔2026〕7号"));
    assert!(fits(c).await, "with its step recorded");
    let shot = c.screenshot().await.unwrap();
    let _ = std::fs::write(std::env::temp_dir().join("junheng-path.png"), shot);
    let _ = b.client.clone().close().await;
}
