//! List pages (sort, filter, page, XLSX/CSV of exactly the filtered rows, Chinese file
//! names), the audit log's sentences and filters, error pages in the site's frame, the
//! dashboard's verdict sentence and KPI tiles.

use calamine::{Data, Reader, Xlsx};
use junheng_core::school::SchoolRecord;
use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};

const PASSWORD: &str = "正确密码-1";

async fn admin(app: &TestApp) -> Vec<SchoolRecord> {
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let records = district(60);
    app.seed(&records).await;
    app.login("admin", PASSWORD).await;
    records
}

/// The school codes of a list page, in order.
fn codes(page: &str) -> Vec<String> {
    page.split("<td><a href=\"/schools/")
        .skip(1)
        .map(|s| s.split('?').next().unwrap().to_owned())
        .collect()
}

/// The numbers of the right-aligned cells of a list page, in order.
fn numbers(page: &str) -> Vec<i64> {
    page.split("<td class=\"num\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().parse().unwrap())
        .collect()
}

/// The first sheet of a workbook: its rows of cells.
pub(crate) fn sheet(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

pub(crate) async fn download(app: &TestApp, path: &str) -> (String, Vec<u8>) {
    let r = app.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    (disposition, r.bytes().await.unwrap().to_vec())
}

async fn the_school_list_sorts_filters_and_exports_the_same_rows(app: TestApp) {
    let records = admin(&app).await;
    let students = |r: &SchoolRecord| i64::from(r.primary.students) + i64::from(r.junior.students);

    // Sorting by a column orders the rows by it, both ways.
    let (status, up) = app.text("/schools?sort=students").await;
    assert_eq!(status, 200);
    let up_numbers = numbers(&up);
    assert_eq!(up_numbers.len(), 50, "one page of 50");
    assert!(up_numbers.is_sorted(), "{up_numbers:?}");
    let (_, down) = app.text("/schools?sort=students&desc=1").await;
    let down_numbers = numbers(&down);
    assert!(down_numbers.is_sorted_by(|a, b| a >= b), "{down_numbers:?}");
    let most = records.iter().map(students).max().unwrap();
    assert_eq!(down_numbers[0], most);
    assert_ne!(codes(&up), codes(&down));
    assert!(down.contains("aria-sort=\"descending\""));
    // The second page holds the rest.
    let (_, second) = app.text("/schools?sort=students&page=2").await;
    assert_eq!(numbers(&second).len(), records.len() - 50);

    // A column filter and the search keep only matching rows.
    let kind = records[0].kind.label();
    let of_kind: Vec<&SchoolRecord> = records.iter().filter(|r| r.kind.label() == kind).collect();
    let query = format!("kind={}&sort=students&desc=1", junheng_server_query(kind));
    let (_, filtered) = app.text(&format!("/schools?{query}")).await;
    let shown = codes(&filtered);
    assert_eq!(shown.len(), of_kind.len().min(50));
    assert!(
        shown
            .iter()
            .all(|c| of_kind.iter().any(|r| r.code.as_str() == c))
    );
    let (_, found) = app.text(&format!("/schools?q={}", records[3].code)).await;
    assert_eq!(codes(&found), [records[3].code.to_string()]);

    // The workbook holds exactly the filtered rows, in the page's order, numbers as numbers.
    let (disposition, bytes) = download(&app, &format!("/schools?{query}&format=xlsx")).await;
    assert!(
        disposition.contains("filename*=UTF-8''%E5%AD%A6%E6%A0%A1%E5%90%8D%E5%8D%95-2024.xlsx")
            && disposition.contains("filename=\"junheng-2024.xlsx\""),
        "{disposition}"
    );
    let rows = sheet(&bytes);
    assert_eq!(rows[0][0], Data::String("学校标识码".into()));
    assert_eq!(
        rows.len() - 1,
        of_kind.len(),
        "every filtered row, not one page"
    );
    let book_codes: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(book_codes[..shown.len()], shown[..]);
    for row in &rows[1..] {
        let code = row[0].to_string();
        let record = records.iter().find(|r| r.code.as_str() == code).unwrap();
        assert_eq!(
            row[5],
            Data::Float(students(record) as f64),
            "a numeric cell"
        );
    }
    // The CSV too: UTF-8 with BOM, the same rows.
    let (disposition, bytes) = download(&app, &format!("/schools?{query}&format=csv")).await;
    assert!(disposition.contains("filename*=UTF-8''%E5%AD%A6%E6%A0%A1"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("\u{feff}学校标识码,学校名称,办学类型"));
    let csv_codes: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(csv_codes, book_codes);

    // Bad list parameters are 400s that say what is expected.
    let (status, page) = app.text("/schools?sort=nope").await;
    assert_eq!(status, 400);
    assert!(page.contains("可用的列"));
    assert_eq!(app.get("/schools?format=pdf").await.status(), 400);
}
both!(
    school_list,
    the_school_list_sorts_filters_and_exports_the_same_rows
);

/// A query value, percent-encoded.
pub(crate) fn junheng_server_query(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn every_download_names_its_file_in_chinese(app: TestApp) {
    admin(&app).await;
    for (path, name) in [
        ("/report.xlsx", "评估报告-2024-cn-2017.xlsx"),
        ("/groups?format=xlsx", "教育集团.xlsx"),
        ("/dashboard?format=csv", "未达标评估单位-2024.csv"),
        ("/audit?format=xlsx", "审计日志.xlsx"),
    ] {
        let (disposition, _) = download(&app, path).await;
        let encoded = junheng_server_query(name)
            .replace("%2D", "-")
            .replace("%2E", ".");
        assert!(
            disposition.starts_with("attachment; filename=\"junheng")
                && disposition.ends_with(&format!("filename*=UTF-8''{encoded}")),
            "{path}: {disposition}"
        );
    }
    // The failing units: a CSV of the dashboard's list.
    let (_, bytes) = download(&app, "/dashboard?format=csv").await;
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("\u{feff}学校标识码,学校,学段,达标项,需要补足\r\n"));
}
both!(downloads, every_download_names_its_file_in_chinese);

/// Today's date in Beijing, `YYYY-MM-DD`, and the day after.
fn beijing_today() -> (String, String) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 8 * 3600;
    let day = |d: i64| {
        let (y, m, d) = junheng_core::date::civil_from_days(d);
        format!("{y:04}-{m:02}-{d:02}")
    };
    (day(secs / 86_400), day(secs / 86_400 + 1))
}

async fn the_audit_log_reads_as_sentences_and_filters(app: TestApp) {
    admin(&app).await;
    let (status, page) = app.text("/audit").await;
    assert_eq!(status, 200);
    // Who did what to what, in Chinese, at Beijing time.
    assert!(
        page.contains("系统 导入了 2024 学年统计数据（第 1 版，60 所学校）"),
        "{page}"
    );
    assert!(page.contains("系统 创建了用户「admin老师」"));
    assert!(page.contains("admin老师 登录了系统"));
    assert!(crate::helpers::shows_minute_time(&page) && !page.contains("T0"));

    // By action (its Chinese name), by person, by date range.
    let login = junheng_server_query("登录");
    let (_, logins) = app.text(&format!("/audit?action={login}")).await;
    assert!(logins.contains("登录了系统") && !logins.contains("导入了"));
    let (_, system) = app.text("/audit?actor=system").await;
    assert!(system.contains("导入了") && !system.contains("登录了系统"));
    let (today, tomorrow) = beijing_today();
    let (_, now) = app.text(&format!("/audit?from={today}&to={today}")).await;
    assert!(now.contains("导入了"));
    let (_, later) = app.text(&format!("/audit?from={tomorrow}")).await;
    assert!(later.contains("没有符合条件的记录") && !later.contains("导入了"));
    let (status, bad) = app.text("/audit?from=2026-02-30").await;
    assert_eq!(status, 400);
    assert!(bad.contains("起始日期应写作"));

    // The download holds the filtered entries as sentences.
    let (_, bytes) = download(&app, "/audit?actor=system&format=csv").await;
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("\u{feff}时间,操作人,操作,记录\r\n"));
    assert!(text.contains("system,导入统计数据,系统 导入了 2024 学年统计数据"));
    assert!(!text.contains("登录了系统"));
}
both!(
    audit_sentences,
    the_audit_log_reads_as_sentences_and_filters
);

async fn error_pages_are_chinese_pages_in_the_frame(app: TestApp) {
    let records = admin(&app).await;
    // Logged in: the viewer's own frame (navigation, name) and a way back.
    let (status, page) = app.text("/no-such-page").await;
    assert_eq!(status, 404);
    assert!(page.contains("<header class=\"top\">") && page.contains("href=\"/schools\""));
    assert!(page.contains("未找到") && page.contains("页面不存在") && page.contains("返回概览"));
    assert!(page.contains("admin老师"));
    // Anonymous: the public frame.
    let stranger = app.stranger();
    let r = stranger
        .get(app.url("/lottery/999/record"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let page = r.text().await.unwrap();
    assert!(page.contains("<header class=\"top\">") && page.contains("返回首页"));
    // Refused by role: 403 in the frame; the API answers JSON.
    app.add_user(
        "school",
        PASSWORD,
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    let school = app.logged_in("school", PASSWORD).await;
    let r = school.get(app.url("/audit")).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let page = r.text().await.unwrap();
    assert!(page.contains("<header class=\"top\">") && page.contains("没有权限"));
    assert!(page.contains("data-code=\"auth.forbidden\""));
    let r = school
        .get(app.url("/api/v1/evaluation"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "auth.forbidden");
    let r = app.get("/api/v1/schools/0000000000").await;
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
}
both!(error_pages, error_pages_are_chinese_pages_in_the_frame);

async fn the_dashboard_explains_its_verdict_and_compares_years(app: TestApp) {
    let records = admin(&app).await;
    let mut before = records.clone();
    for r in &mut before {
        r.year = 2023;
        if r.primary.students > 0 {
            r.primary.students += 10;
        }
    }
    app.seed(&before).await;
    let (status, page) = app.text("/dashboard?year=2024").await;
    assert_eq!(status, 200);
    let sentence = page
        .split("id=\"verdict-sentence\" lang=\"zh-CN\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert!(
        sentence.starts_with("未达标：") || sentence.starts_with("达标："),
        "{sentence}"
    );
    if page.contains("<span id=\"verdict\">未达标") {
        assert!(sentence.contains("超过上限") || sentence.contains("个评估单位"));
    }
    // 2024 has fewer students than 2023: the tile says so, without colour (neither better
    // nor worse).
    let tile = page
        .split("<div class=\"tile")
        .find(|t| t.contains("在校生</span>"))
        .unwrap();
    assert!(
        tile.starts_with(" \">") && tile.contains("tile-change\">↓ "),
        "{tile}"
    );
    assert!(page.contains("较 2023–2024"));
    // Every year page has the year switch and the rulebooks show their names.
    assert!(page.contains("class=\"year-switch\"") && page.contains("/dashboard?year=2023"));
    assert!(page.contains("title=\"cn-2017\" lang=\"zh-CN\">县域义务教育优质均衡发展督导评估办法"));
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    for path in [
        "/schools?year=2023".to_owned(),
        format!("/schools/{}", records[0].code),
        "/report".to_owned(),
        "/map".to_owned(),
        "/indicators/primary/backbone_teachers_per_100".to_owned(),
        format!("/groups/{group}"),
    ] {
        let (status, page) = app.text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            page.contains("class=\"year-switch\"")
                && page.contains("?year=2023&#38;rulebook=cn-2017"),
            "{path} has the year switch: {}",
            page.split("year-switch")
                .nth(1)
                .unwrap_or(&page)
                .chars()
                .take(300)
                .collect::<String>()
        );
    }
}
both!(
    dashboard_summary,
    the_dashboard_explains_its_verdict_and_compares_years
);
