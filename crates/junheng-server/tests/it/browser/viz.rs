//! Every main page on a phone, a tablet, a laptop and a wide screen: nothing scrolls sideways
//! and no two visible texts (chart labels included) overlap. One browser session, resized.

use fantoccini::actions::{InputSource, MouseActions, PointerAction};

use super::*;

const PASSWORD: &str = "屏幕测试-密码-1";

/// The page's horizontal overflow and its overlapping texts: `[scrollWidth, innerWidth,
/// [[text, text], …], whether it is a logged-in page of the site]`. A text box is a line box (client rect) of a leaf element with text that
/// is rendered and visible; two boxes overlap when they share more than a pixel each way.
const CHECK: &str = r#"
const boxes = [];
for (const el of document.body.querySelectorAll('*')) {
  if (el.children.length > 0 || !el.textContent.trim()) continue;
  if (['TITLE', 'OPTION', 'SCRIPT', 'STYLE', 'title'].includes(el.tagName)) continue;
  if (el.closest('select')) continue;
  // Not rendered: inside a closed <details> (its summary excepted), or hidden otherwise.
  const details = el.closest('details');
  if (details && !details.open && !el.closest('summary')) continue;
  if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
  const style = getComputedStyle(el);
  if (style.visibility !== 'visible' || style.display === 'none' || style.opacity === '0') continue;
  for (const r of el.getClientRects()) {
    if (r.width >= 1 && r.height >= 1) boxes.push([el, r]);
  }
}
const overlaps = [];
for (let i = 0; i < boxes.length && overlaps.length < 5; i++) {
  const [ea, a] = boxes[i];
  for (let j = i + 1; j < boxes.length; j++) {
    const [eb, b] = boxes[j];
    if (ea === eb) continue;
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
      overlaps.push([ea.tagName + ' ' + ea.textContent.trim().slice(0, 30), eb.tagName + ' ' + eb.textContent.trim().slice(0, 30)]);
      break;
    }
  }
}
return [document.scrollingElement.scrollWidth, window.innerWidth, overlaps,
  document.querySelector('header.top form.who') !== null];
"#;

const WIDTHS: [u32; 4] = [390, 768, 1280, 1920];

/// Loads each page at each width and collects every failure.
async fn check_pages(
    c: &fantoccini::Client,
    app: &TestApp,
    pages: &[String],
    failures: &mut Vec<String>,
) {
    for &width in &WIDTHS {
        c.set_window_size(width, 900).await.unwrap();
        for page in pages {
            c.goto(&app.url(page)).await.unwrap();
            let result = c.execute(CHECK, vec![]).await.unwrap();
            assert_eq!(
                result[3], true,
                "{page} is a page of the site, not an error"
            );
            let scroll = result[0].as_f64().unwrap();
            let inner = result[1].as_f64().unwrap();
            if scroll > inner {
                failures.push(format!(
                    "{page} at {width} px scrolls sideways ({scroll} > {inner})"
                ));
            }
            let overlaps = result[2].as_array().unwrap();
            if !overlaps.is_empty() {
                failures.push(format!(
                    "{page} at {width} px: overlapping texts {overlaps:?}"
                ));
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_or_overlaps_its_texts_at_any_width() {
    let app = spawn(Backend::Sqlite).await;
    let records = crate::city::city(&app).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let outline = junheng_io::geojson::write_shape(&junheng_core::demo::boundary(77).district);
    junheng_app::map::set_boundary(
        &app.home().await,
        outline.as_bytes(),
        None,
        "区界.geojson",
        &junheng_store::Actor::system(),
    )
    .await
    .unwrap();
    let school = &records[1].code;
    let pages: Vec<String> = [
        "/dashboard",
        "/schools",
        &format!("/schools/{school}"),
        "/indicators/primary/backbone_teachers_per_100",
        "/groups",
        "/map",
        "/rotation?year=2024",
        "/plan?year=2024",
        "/report",
        "/audit",
        "/users",
        "/import",
    ]
    .map(String::from)
    .to_vec();
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", PASSWORD).await;
    logged_in(c).await;
    let mut failures = Vec::new();
    check_pages(c, &app, &pages, &mut failures).await;

    // The menu on a phone: collapsed, opened by its button.
    c.set_window_size(390, 900).await.unwrap();
    c.goto(&app.url("/dashboard")).await.unwrap();
    let nav = c.find(Locator::Css("nav.main-nav")).await.unwrap();
    assert!(!nav.is_displayed().await.unwrap(), "collapsed on a phone");
    click(c, "label.nav-button").await;
    assert!(nav.is_displayed().await.unwrap(), "the button opens it");
    let groups = nav.text().await.unwrap();
    for g in ["评估", "交流轮岗", "招生", "管理"] {
        assert!(groups.contains(g), "{g} in {groups}");
    }

    // A school's name shows when the pointer rests on its dot (the last dot is on top).
    c.set_window_size(1280, 900).await.unwrap();
    c.goto(&app.url("/map")).await.unwrap();
    let dot = c.find_all(Locator::Css("a.site circle")).await.unwrap();
    let label = c
        .find_all(Locator::Css("a.site .hover-label"))
        .await
        .unwrap();
    let (dot, label) = (dot.last().unwrap().clone(), label.last().unwrap().clone());
    assert!(!label.is_displayed().await.unwrap(), "hidden until hovered");
    let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: dot,
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(hover).await.unwrap();
    assert!(label.is_displayed().await.unwrap(), "shown on hover");
    let name = label.text().await.unwrap();
    assert!(records.iter().any(|r| name.contains(&r.name)), "{name}");

    c.delete_all_cookies().await.unwrap();
    log_in(c, &app, "shiji", crate::city::PASSWORD).await;
    logged_in(c).await;
    check_pages(c, &app, &["/city?year=2024".to_owned()], &mut failures).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
