//! The English switch in the browser: an administrator clicks "English" and reads the pages
//! officials use most; the browser's own DOM holds no Chinese outside elements marked
//! `lang="zh-CN"` (data), on a phone and on a desktop.

use super::*;

/// Every Chinese text the page shows outside data, as the browser's DOM holds it (text nodes
/// and the attributes people read).
async fn chinese_outside_data(c: &fantoccini::Client) -> Vec<String> {
    let found = c
        .execute(
            r#"const cjk = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const data = el => { const z = el && el.closest('[lang]:not(html)'); return !!z && (z.getAttribute('lang') || '').startsWith('zh'); };
const out = [];
const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
for (let n = walk.nextNode(); n; n = walk.nextNode()) {
  const p = n.parentElement;
  if (!p || ['SCRIPT', 'STYLE'].includes(p.tagName) || data(p)) continue;
  if (cjk.test(n.textContent)) out.push(n.textContent.trim());
}
for (const el of document.querySelectorAll('[title],[placeholder],[aria-label],[alt]')) {
  if (data(el)) continue;
  for (const a of ['title', 'placeholder', 'aria-label', 'alt']) {
    const v = el.getAttribute(a);
    if (v && cjk.test(v)) out.push(a + '=' + v);
  }
}
return out;"#,
            vec![],
        )
        .await
        .unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_official_reads_the_pages_in_english() {
    let app = spawn(Backend::Sqlite).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let records = district(24);
    app.seed(&records).await;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    click_to_load(c, "a[href^='/lang?to=en']").await;
    assert_eq!(
        c.execute("return document.documentElement.lang;", vec![])
            .await
            .unwrap(),
        "en"
    );
    let school = format!("/schools/{}", records[0].code);
    let pages = [
        "/dashboard",
        "/schools",
        school.as_str(),
        "/groups",
        "/map",
        "/rotation",
        "/users",
        "/audit",
        "/import",
        "/report",
        "/nonexistent",
    ];
    for width in [390, 1280] {
        c.set_window_size(width, 900).await.unwrap();
        for page in pages {
            c.goto(&app.url(page)).await.unwrap();
            let chinese = chinese_outside_data(c).await;
            assert!(
                chinese.is_empty(),
                "{page} at {width} px shows Chinese outside data: {chinese:?}"
            );
            let title = c.title().await.unwrap();
            assert!(title.ends_with("Junheng"), "{page}: title {title}");
        }
    }
    // Back to Chinese: the same page speaks Chinese again.
    click_to_load(c, "a[href^='/lang?to=zh']").await;
    assert!(body_text(c).await.contains("页面不存在") || body_text(c).await.contains("概览"));
    let _ = b.client.clone().close().await;
}
