//! 学位预测 in the browser (issue 16): the district's forecast on a phone and at desktop width —
//! the page fits, the back-test comes first, the charts are drawn and visible, and the tables
//! scroll inside their cards rather than the page.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_forecast_fits_a_phone_and_a_desktop() {
    let app = spawn(Backend::Sqlite).await;
    let records = crate::seats_forecast::seeded(&app).await;
    app.add_user("admin", "学位-浏览器-1", Role::Admin, Scope::District)
        .await;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "学位-浏览器-1").await;
    logged_in(c).await;
    for (width, height) in [(390, 844), (1280, 900)] {
        c.set_window_size(width, height).await.unwrap();
        c.goto(&app.url("/seats/forecast")).await.unwrap();
        assert!(fits(c).await, "/seats/forecast fits {width} px");
        let text = body_text(c).await;
        assert!(text.contains("回测") && text.contains("MAPE"), "{text}");
        assert!(text.contains(records[0].code.as_str()), "{width}: {text}");
        let svg = c
            .find(Locator::Css("#seats-forecast-charts figure svg"))
            .await
            .expect("a chart");
        let (_, _, w, h) = svg.rectangle().await.unwrap();
        assert!(
            w > 200.0 && h > 80.0,
            "the chart is drawn at {width} px: {w}×{h}"
        );
        assert!(w <= f64::from(width), "the chart fits {width} px: {w}");
        let band = c
            .find(Locator::Css("#seats-forecast-charts polygon.band"))
            .await;
        assert!(band.is_ok(), "the 高/低 band at {width} px");
        // The schools' table is readable: its cells are not squeezed below a few characters.
        let cell = c
            .find(Locator::Css("#seats-forecast-schools tbody td"))
            .await
            .unwrap();
        let (_, _, cw, _) = cell.rectangle().await.unwrap();
        assert!(cw >= 40.0, "a school cell is {cw} px wide at {width} px");
    }
    // The navigation offers the page.
    c.goto(&app.url("/dashboard")).await.unwrap();
    assert!(
        c.find(Locator::Css("nav a[href='/seats/forecast']"))
            .await
            .is_ok()
    );
    let _ = b.client.clone().close().await;
}
