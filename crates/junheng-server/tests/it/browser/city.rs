//! The city pages in the browser.

use super::*;

/// The coverage section shows its two tables, 城口县 (no statistics) as 无数据.
async fn coverage_renders(c: &fantoccini::Client) {
    for id in ["coverage-schools", "coverage-students"] {
        let table = c.find(Locator::Id(id)).await.unwrap();
        assert!(table.is_displayed().await.unwrap(), "{id}");
        let text = table.text().await.unwrap();
        assert!(text.contains("城口县") && text.contains("无数据"), "{text}");
    }
}

/// A 市级 official on a phone and on a desktop: the comparison fits the screen (its table
/// scrolls, not the page), sorts by a column, opens a district read-only and records a
/// creation step; the coverage tables render at both widths.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_official_compares_districts_on_a_phone_and_a_desktop() {
    let app = spawn(Backend::Sqlite).await;
    crate::city::city(&app).await;
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "shiji", crate::city::PASSWORD).await;
    logged_in(c).await;
    // No district chosen: the dashboard sends a city user to the comparison.
    assert!(c.current_url().await.unwrap().path().starts_with("/city"));
    assert!(fits(c).await, "the comparison fits a phone");
    let text = body_text(c).await;
    assert!(text.contains("渝北区") && text.contains("城口县"), "{text}");
    coverage_renders(c).await;
    c.find(Locator::LinkText("未达标单位"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .query()
            .unwrap()
            .contains("sort=failing")
    );
    c.set_window_size(1280, 900).await.unwrap();
    assert!(fits(c).await, "and a desktop");
    coverage_renders(c).await;
    c.find(Locator::LinkText("渝北区"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("p.regional"))
        .await
        .expect("the read-only banner");
    assert_eq!(c.current_url().await.unwrap().path(), "/dashboard");
    c.goto(&app.url("/city/phases")).await.unwrap();
    click(c, "section.phase summary").await;
    type_into(
        c,
        "section.phase input[name=document]",
        "渝北教督〔2026〕7号",
    )
    .await;
    click_to_load(c, "section.phase form[action$='/step'] button").await;
    c.wait()
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("the step is recorded");
    assert!(body_text(c).await.contains("渝北教督〔2026〕7号"));
}

/// A 市级 official on a phone receives a district's package from the upload page (the page fits
/// the screen, its tables scroll), then sees the same package refused the second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_official_receives_a_package_on_a_phone() {
    let app = spawn(Backend::Sqlite).await;
    let key = crate::packages::reporting_district(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("渝北区-2024.jhpkg");
    std::fs::write(&path, crate::packages::package(&key, 1)).unwrap();
    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "city", crate::packages::PASSWORD).await;
    logged_in(c).await;
    upload_at(c, &app, "/city/packages", &path).await;
    c.wait()
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("the package is received");
    let text = body_text(c).await;
    assert!(text.contains("已接收 500112 渝北区"), "{text}");
    assert!(fits(c).await, "the packages page fits a phone");
    upload_at(c, &app, "/city/packages", &path).await;
    c.wait()
        .for_element(Locator::Css("p.error"))
        .await
        .expect("the same package is refused");
    assert!(body_text(c).await.contains("未写入任何数据"));
    assert_eq!(app.store.received_packages(None).await.unwrap().len(), 1);
    let _ = b.client.clone().close().await;
}
