//! Requests: slow clients, bad input, links, operations endpoints, an inflating upload.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use junheng_server::Config;
use junheng_store::{Role, Scope};

use super::PW;
use crate::both;
use crate::helpers::{TestApp, district};

/// Defect 5: ≈ 20 000 half-sent requests exhausted the server's descriptors. With a small cap
/// and a short header timeout, half-sent connections are closed and a normal request still gets
/// its answer.
async fn slow_clients_are_cut_off(app: TestApp) {
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut slow = Vec::new();
    for _ in 0..24 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    // More than the cap are half-open: a normal request waits for a slot, then is answered.
    let started = Instant::now();
    let r = app
        .stranger()
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(20));
    // Each half-sent request's connection is closed by the server.
    for mut s in slow {
        let mut buf = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "a half-sent request's connection stays open");
    }
}
both!(
    slow_clients,
    slow_clients_are_cut_off,
    Config {
        max_connections: 16,
        header_read_timeout: Duration::from_secs(1),
        ..Config::default()
    }
);

/// Defect 13: bad input is a 4xx with a Chinese message (JSON under /api/), never a 500 or the
/// framework's plain text; a store validation failure (a user name with a space) too.
async fn bad_input_is_a_chinese_4xx(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.seed(&district(20)).await;
    let token = app.token("admin").await;
    app.login("admin", PW).await;
    for (path, status) in [
        ("/lottery/abc", 404),
        ("/schools?year=abc", 400),
        ("/dashboard?year=99999999999", 400),
        ("/rotation/moves/x/cancel", 405),
        ("/no/such/page", 404),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
        let body = r.text().await.unwrap();
        assert!(
            ct.starts_with("text/html") && body.contains("lang=\"zh-CN\""),
            "{path}: {body}"
        );
        assert!(body.contains("data-code="), "{path}");
    }
    for path in ["/api/v1/rotation/abc", "/api/v1/evaluation?year=x"] {
        let r = app
            .client
            .get(app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{path}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(
            v["code"].is_string() && v["message"].is_string(),
            "{path}: {v}"
        );
    }
    let (_, page) = app.text("/users").await;
    let csrf = TestApp::csrf_of(&page);
    let (status, page) = app
        .post_form(
            "/users",
            &[
                ("csrf", &csrf),
                ("name", "zhang san"),
                ("display_name", ""),
                ("role", "supervisor"),
                ("scope", ""),
                ("password", "足够长的密码-1"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("不含空格"), "{page}");
    assert!(app.store.user_by_name("zhang san").await.unwrap().is_none());
}
both!(bad_input, bad_input_is_a_chinese_4xx);

/// Defect 19: a 教育集团 whose name holds `/` had a broken link.
async fn group_names_with_slashes_have_working_links(app: TestApp) {
    let mut records = district(30);
    let group = "城区/一集团 A&B".to_owned();
    for r in records.iter_mut().take(3) {
        r.group = Some(group.clone());
    }
    app.seed(&records).await;
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.login("admin", PW).await;
    let (_, page) = app.text("/groups").await;
    let href = page
        .split("href=\"/groups/")
        .skip(1)
        .map(|h| h.split('"').next().unwrap())
        .find(|h| h.contains("%2F"))
        .expect("the group's link encodes its slash");
    let (status, page) = app.text(&format!("/groups/{href}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<h1><span lang=\"zh-CN\">城区/一集团 A&#38;B"),
        "{page}"
    );
}
both!(group_slash, group_names_with_slashes_have_working_links);

/// Operations: health, metrics, request ids, security headers.
async fn operations_endpoints_answer(app: TestApp) {
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-request-id"));
    assert_eq!(
        r.text().await.unwrap(),
        r#"{"status":"ok","database":"ok"}"#
    );
    app.get("/login").await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains(
            "junheng_http_requests_total{route=\"/login\",method=\"GET\",status=\"200\"}"
        ),
        "{text}"
    );
    assert!(text.contains("junheng_db_pool_connections_open"));
    let r = app.get("/login").await;
    for h in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
    ] {
        assert!(r.headers().contains_key(h), "{h}");
    }
}
both!(operations, operations_endpoints_answer);

/// Defect 2 through the web: a school user's `/submit` of a small .xlsx whose one cell inflates
/// to 64 MB is refused with a located problem and a short page, without the server inflating it.
async fn an_inflating_upload_is_refused_with_a_short_page(app: TestApp) {
    let records = district(10);
    app.seed(&records).await;
    app.add_user(
        "xiao",
        PW,
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    app.login("xiao", PW).await;
    let bomb = inflated_xlsx(64 << 20);
    assert!(bomb.len() < 200 << 10, "{}", bomb.len());
    let (status, page) = app.upload("/submit", "/submit", "炸弹.xlsx", bomb).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("未提交") && page.contains("炸弹.xlsx"),
        "{}",
        &page[..page.len().min(2000)]
    );
    assert!(page.len() < 64 << 10, "the page is {} bytes", page.len());
    assert!(app.home().await.submissions(None).await.unwrap().is_empty());
}
both!(
    inflating_upload,
    an_inflating_upload_is_refused_with_a_short_page
);

/// A minimal .xlsx whose one sheet holds a cell of `bytes` letters (deflated to ~1 KB per MB).
fn inflated_xlsx(bytes: usize) -> Vec<u8> {
    use std::io::Write;
    let mut sheet = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>",
    );
    sheet.push_str(&"x".repeat(bytes));
    sheet.push_str("</t></is></c></row></sheetData></worksheet>");
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="学校基本情况表" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(name, options).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}
