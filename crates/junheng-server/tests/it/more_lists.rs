//! The lists that adopted the list mechanism after the school list: users, the collection
//! progress, the decided submissions, the rotation ledger and the plan's moves — each sorts,
//! filters and downloads exactly its rows (XLSX with numeric cells, CSV) under a Chinese name.

use calamine::Data;
use junheng_core::school::SchoolRecord;
use junheng_store::{Actor, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};
use crate::lists::{download, junheng_server_query as enc, sheet};

const PASSWORD: &str = "正确密码-1";

/// The cells of `column` of a workbook's rows after the header, as text.
fn column(rows: &[Vec<Data>], column: usize) -> Vec<String> {
    rows[1..].iter().map(|r| r[column].to_string()).collect()
}

/// The CSV's first column after the header.
fn csv_first(bytes: Vec<u8>) -> Vec<String> {
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 with BOM");
    text.lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect()
}

/// Whether a `Content-Disposition` names `name` (RFC 5987).
fn names(disposition: &str, name: &str) -> bool {
    let encoded = enc(name).replace("%2D", "-").replace("%2E", ".");
    disposition.ends_with(&format!("filename*=UTF-8''{encoded}"))
}

/// The login names of the users page, in order.
fn user_names(page: &str) -> Vec<String> {
    page.split("<td><a href=\"/users/")
        .skip(1)
        .map(|s| {
            s.split("\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

async fn the_user_list_sorts_filters_and_exports(app: TestApp) {
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    for name in ["zhao", "qian", "sun"] {
        app.add_user(name, PASSWORD, Role::Supervisor, Scope::District)
            .await;
    }
    app.add_user("li", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;

    let (status, up) = app.text("/users?sort=name").await;
    assert_eq!(status, 200);
    assert_eq!(user_names(&up), ["admin", "li", "qian", "sun", "zhao"]);
    let (_, down) = app.text("/users?sort=name&desc=1").await;
    assert_eq!(user_names(&down), ["zhao", "sun", "qian", "li", "admin"]);
    // The page keeps its forms per row: tokens, activation, editing.
    assert!(down.contains("action=\"/users/") && down.contains("/active\""));

    let query = "role=role-supervisor&sort=name&desc=1";
    let (_, filtered) = app.text(&format!("/users?{query}")).await;
    assert_eq!(user_names(&filtered), ["zhao", "sun", "qian"]);
    let (_, found) = app.text("/users?q=qia").await;
    assert_eq!(user_names(&found), ["qian"]);

    let (disposition, bytes) = download(&app, &format!("/users?{query}&format=xlsx")).await;
    assert!(names(&disposition, "用户名单.xlsx"), "{disposition}");
    let rows = sheet(&bytes);
    assert_eq!(rows[0][0], Data::String("用户名".into()));
    assert_eq!(column(&rows, 0), ["zhao", "sun", "qian"]);
    assert_eq!(column(&rows, 2), ["督学", "督学", "督学"]);
    // Created at: Beijing time.
    assert!(
        crate::helpers::shows_minute_time(&rows[1][5].to_string()),
        "{:?}",
        rows[1][5]
    );
    let (disposition, bytes) = download(&app, &format!("/users?{query}&format=csv")).await;
    assert!(names(&disposition, "用户名单.csv"), "{disposition}");
    assert_eq!(csv_first(bytes), ["zhao", "sun", "qian"]);
    assert_eq!(app.get("/users?sort=nope").await.status(), 400);
}
both!(users_list, the_user_list_sorts_filters_and_exports);

/// The school codes a list page links to, in order.
fn school_codes(page: &str) -> Vec<String> {
    page.split("<td><a href=\"/schools/")
        .skip(1)
        .map(|s| s.split(['?', '"']).next().unwrap().to_owned())
        .collect()
}

/// Seeds 30 schools and an administrator (logged in); `records[0]` submits twice (the first
/// returned), `records[1]` and `records[2]` once; returns the records and the submissions'
/// numbers.
async fn collected(app: &TestApp) -> (Vec<SchoolRecord>, Vec<i64>) {
    let records = district(30);
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let home = app.home().await;
    let mut ids = Vec::new();
    for at in [0, 0, 1, 2] {
        let mut r = records[at].clone();
        r.facilities.books += 100 + ids.len() as u32;
        let id = junheng_app::submissions::submit(&home, &r.code.clone(), &[r], &Actor::new("s"))
            .await
            .unwrap();
        if ids.is_empty() {
            junheng_app::submissions::decide(&home, id, "reject", "重填", &Actor::new("admin"))
                .await
                .unwrap();
        }
        ids.push(id);
    }
    (records, ids)
}

async fn the_progress_list_sorts_filters_and_exports(app: TestApp) {
    let (records, _) = collected(&app).await;
    let (status, most) = app
        .text("/submissions/progress?sort=submissions&desc=1")
        .await;
    assert_eq!(status, 200);
    let codes = school_codes(&most);
    assert_eq!(codes.len(), 30);
    assert_eq!(codes[0], records[0].code.as_str(), "two submissions first");
    let (_, least) = app.text("/submissions/progress?sort=submissions").await;
    assert_ne!(school_codes(&least)[29], codes[29]);
    assert_eq!(school_codes(&least)[29], records[0].code.as_str());

    // The state drop-down, and the stage chips still filter.
    let query = "state=submissions-waiting-for-review&sort=code&desc=1";
    let (_, pending) = app.text(&format!("/submissions/progress?{query}")).await;
    let mut expected: Vec<String> = records[..3].iter().map(|r| r.code.to_string()).collect();
    expected.sort();
    expected.reverse();
    assert_eq!(school_codes(&pending), expected);
    let (_, chip) = app.text("/submissions/progress?stage=not_submitted").await;
    assert_eq!(school_codes(&chip).len(), 27);

    let (disposition, bytes) =
        download(&app, &format!("/submissions/progress?{query}&format=xlsx")).await;
    assert!(names(&disposition, "收集进度-2024.xlsx"), "{disposition}");
    let rows = sheet(&bytes);
    assert_eq!(column(&rows, 0), expected);
    let first = rows
        .iter()
        .find(|r| r[0] == Data::String(records[0].code.to_string()))
        .unwrap();
    assert_eq!(first[3], Data::Float(2.0), "submissions: a number");
    assert!(matches!(first[4], Data::Float(_)), "{:?}", first[4]);
    assert!(
        crate::helpers::shows_minute_time(&first[5].to_string()),
        "{:?}",
        first[5]
    );
    let (_, bytes) = download(
        &app,
        &format!("/submissions/progress?stage=pending&{query}&format=csv"),
    )
    .await;
    assert_eq!(csv_first(bytes), expected);
    // The workbook route keeps working.
    let (disposition, _) = download(&app, "/submissions/progress.xlsx?stage=pending").await;
    assert!(names(&disposition, "收集进度-2024.xlsx"), "{disposition}");
}
both!(progress_list, the_progress_list_sorts_filters_and_exports);

/// The numbers of the decided submissions on `/submissions`, in order.
fn decided_ids(page: &str) -> Vec<i64> {
    let table = &page[page.find("id=\"decided\"").expect("已处理")..];
    table
        .split("<tr id=\"s")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect()
}

async fn the_decided_submissions_sort_filter_and_export(app: TestApp) {
    let (_, ids) = collected(&app).await;
    // Submission ids[0] was returned; decide the other three.
    for (id, decision, note) in [
        (ids[1], "approve", ""),
        (ids[2], "reject", "图书册数有误"),
        (ids[3], "approve", ""),
    ] {
        let (_, page) = app.text("/submissions").await;
        let (status, _) = app
            .post_form(
                &format!("/submissions/{id}"),
                &[
                    ("csrf", &TestApp::csrf_of(&page)),
                    ("decision", decision),
                    ("note", note),
                ],
            )
            .await;
        assert!(status < 400, "{status}");
    }
    let (_, up) = app.text("/submissions?sort=id").await;
    let listed = decided_ids(&up);
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(listed.is_sorted(), "{listed:?}");
    let (_, down) = app.text("/submissions?sort=id&desc=1").await;
    let mut reversed = listed.clone();
    reversed.reverse();
    assert_eq!(decided_ids(&down), reversed);
    // The changes stay beside each decided row.
    let decided = &down[down.find("id=\"decided\"").unwrap()..];
    assert!(decided.contains("图书"), "{decided}");

    let query = "result=label-returned&sort=id";
    let (_, returned) = app.text(&format!("/submissions?{query}")).await;
    assert_eq!(decided_ids(&returned), [ids[0], ids[2]]);

    let (disposition, bytes) = download(&app, "/submissions?sort=id&desc=1&format=xlsx").await;
    assert!(names(&disposition, "已处理的提交.xlsx"), "{disposition}");
    let rows = sheet(&bytes);
    assert_eq!(rows[0][0], Data::String("编号".into()));
    let book: Vec<Data> = rows[1..].iter().map(|r| r[0].clone()).collect();
    let expected: Vec<Data> = reversed.iter().map(|id| Data::Float(*id as f64)).collect();
    assert_eq!(book, expected, "numbers as numbers, the page's order");
    let (_, bytes) = download(&app, &format!("/submissions?{query}&format=csv")).await;
    assert_eq!(csv_first(bytes), [ids[0].to_string(), ids[2].to_string()]);
}
both!(decided_list, the_decided_submissions_sort_filter_and_export);

/// The teacher ids of the ledger tab's moves, in order.
fn ledger_teachers(page: &str) -> Vec<String> {
    let table = &page[page.find("id=\"moves\"").expect("the ledger")..];
    table
        .split("<tr data-move=")
        .skip(1)
        .map(|r| {
            r.split("<code>")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

async fn the_rotation_ledger_sorts_searches_and_exports(app: TestApp) {
    crate::rotation::admin(&app).await;
    let (_, _, ledger) = crate::rotation::seeded(&app, true).await;
    assert!(ledger.len() > 3, "{}", ledger.len());
    let base = "/rotation?year=2024&tab=ledger";
    let (status, up) = app.text(&format!("{base}&sort=teacher")).await;
    assert_eq!(status, 200);
    let up = ledger_teachers(&up);
    assert!(up.is_sorted() && !up.is_empty(), "{up:?}");
    let (_, down) = app.text(&format!("{base}&sort=teacher&desc=1")).await;
    assert!(down.contains("aria-sort=\"descending\""));
    let down = ledger_teachers(&down);
    assert!(down.is_sorted_by(|a, b| a >= b), "{down:?}");
    assert_ne!(up[0], down[0]);

    // The search keeps the rows of one teacher; the school filter still applies.
    let one = &down[0];
    let (_, found) = app.text(&format!("{base}&q={one}")).await;
    assert!(ledger_teachers(&found).iter().all(|t| t == one));
    assert!(!ledger_teachers(&found).is_empty());

    // The workbook: every filtered row (not one page), the page's order, numbers as numbers.
    let (disposition, bytes) =
        download(&app, &format!("{base}&sort=teacher&desc=1&format=xlsx")).await;
    assert!(
        names(&disposition, "交流轮岗台账-2024.xlsx"),
        "{disposition}"
    );
    let rows = sheet(&bytes);
    assert_eq!(rows[0][2], Data::String("教师编号".into()));
    let teachers = column(&rows, 2);
    assert_eq!(teachers.len(), ledger.len(), "every move of the year");
    assert_eq!(teachers[..down.len()], down[..]);
    assert!(rows[1..].iter().all(|r| matches!(r[0], Data::Float(_))));
    assert!(rows[1..].iter().all(|r| matches!(r[1], Data::Float(_))));
    assert!(
        crate::helpers::shows_minute_time(&rows[1][10].to_string()),
        "{:?}",
        rows[1][10]
    );
    let (_, bytes) = download(&app, &format!("{base}&q={one}&format=csv")).await;
    let ids = csv_first(bytes);
    assert_eq!(ids.len(), ledger_teachers(&found).len());
    assert_eq!(app.get(&format!("{base}&sort=nope")).await.status(), 400);

    // The rotation workbook and the templates carry Chinese names.
    for (path, name) in [
        ("/rotation/2024.xlsx", "教师交流轮岗-2024.xlsx"),
        ("/rotation/template/roster.xlsx", "教师花名册模板.xlsx"),
        ("/rotation/template/ledger.xlsx", "交流轮岗台账模板.xlsx"),
        (
            "/plan.xlsx?year=2024&rulebook=cn-2017",
            "交流方案-2024.xlsx",
        ),
    ] {
        let (disposition, _) = download(&app, path).await;
        assert!(names(&disposition, name), "{path}: {disposition}");
    }
}
both!(ledger_list, the_rotation_ledger_sorts_searches_and_exports);

/// The rows of the plan's moves: (teacher, 学段, distance text), in order.
fn plan_moves(page: &str) -> Vec<(String, String, String)> {
    let table = &page[page.find("id=\"plan-moves\"").expect("the moves")..];
    let table = table.split("</table>").next().unwrap();
    table
        .split("<tr><td><code>")
        .skip(1)
        .map(|r| {
            let cells: Vec<&str> = r.split("<td").collect();
            let text = |c: &str| {
                c.split('>')
                    .nth(1)
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap()
                    .to_owned()
            };
            (
                r.split('<').next().unwrap().to_owned(),
                text(cells[1]),
                text(cells[9]),
            )
        })
        .collect()
}

async fn the_plan_moves_sort_filter_and_export(app: TestApp) {
    crate::rotation::admin(&app).await;
    crate::rotation::seeded(&app, false).await;
    let base = "/plan?year=2024&rulebook=cn-2017";
    let (status, near) = app.text(&format!("{base}&sort=distance")).await;
    assert_eq!(status, 200, "{near}");
    let near = plan_moves(&near);
    assert!(near.len() > 2, "{near:?}");
    let km = |rows: &[(String, String, String)]| -> Vec<f64> {
        rows.iter().filter_map(|r| r.2.parse().ok()).collect()
    };
    assert!(km(&near).is_sorted(), "{near:?}");
    let (_, far) = app.text(&format!("{base}&sort=distance&desc=1")).await;
    let far = plan_moves(&far);
    assert!(km(&far).is_sorted_by(|a, b| a >= b), "{far:?}");
    assert_ne!(near[0].0, far[0].0);

    let section = near[0].1.clone();
    let query = format!("section={}&sort=teacher", enc(&section));
    let (_, one) = app.text(&format!("{base}&{query}")).await;
    let one = plan_moves(&one);
    assert!(
        !one.is_empty() && one.iter().all(|r| r.1 == section),
        "{one:?}"
    );
    let teachers: Vec<String> = one.iter().map(|r| r.0.clone()).collect();
    assert!(teachers.is_sorted());

    let (disposition, bytes) = download(&app, &format!("{base}&{query}&format=xlsx")).await;
    assert!(names(&disposition, "交流名单-2024.xlsx"), "{disposition}");
    let rows = sheet(&bytes);
    assert_eq!(rows[0][9], Data::String("距离（公里）".into()));
    assert_eq!(column(&rows, 0)[..teachers.len()], teachers[..]);
    assert!(rows[1..].iter().all(|r| r[1].to_string() == section));
    assert!(
        rows[1..].iter().all(|r| matches!(r[6], Data::Float(_))),
        "years: numbers"
    );
    assert!(
        rows[1..]
            .iter()
            .all(|r| matches!(r[9], Data::Float(_) | Data::Empty)),
        "distances: numbers"
    );
    let (_, bytes) = download(&app, &format!("{base}&{query}&format=csv")).await;
    assert_eq!(csv_first(bytes)[..teachers.len()], teachers[..]);
}
both!(plan_list, the_plan_moves_sort_filter_and_export);
