//! 资格证, 编制 and 岗位, pay (issue 17 items 2 and 7) on /teachers/posts: the two yearly files
//! imported whole or refused with located problems, replaced only when ticked and withdrawn when
//! confirmed; the approved total, a move of posts and its cancelling, the pay figures; the page,
//! its download and the JSON from one scoped selection (a school's account sees its own school
//! and may not write); every write in the audit log.

use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, xlsx_text};
use crate::rotation::{admin, seeded};

both!(posts_are_imported_entered_shown_and_withdrawn, posts);

const CERTS: &str = "教师编号,资格种类,任教学科,证书号码\n";
const STAFFING: &str = "学校标识码,核定编制,在编教职工,编外教师\n";

async fn json(app: &TestApp) -> serde_json::Value {
    let r = app.get("/api/v1/teachers/posts?year=2024").await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn upload(app: &TestApp, path: &str, name: &str, body: &str, replace: bool) -> (u16, String) {
    let mut fields = vec![("year", "2024")];
    if replace {
        fields.push(("replace", "1"));
    }
    app.upload_with(
        "/teachers/posts",
        path,
        name,
        body.as_bytes().to_vec(),
        &fields,
    )
    .await
}

async fn form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let (_, page) = app.text("/teachers/posts?year=2024").await;
    let csrf = TestApp::csrf_of(&page);
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    app.post_form(path, &all).await
}

async fn posts(app: TestApp) {
    let (records, roster, _) = seeded(&app, false).await;
    admin(&app).await;
    // Before any file: the items are 未接入.
    let (status, page) = app.text("/teachers/posts?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"posts-item12\""), "{page}");
    assert!(page.contains("未接入"), "{page}");

    // Every teacher but the first holds a 高级中学 certificate (it covers every 学段).
    let mut certs = CERTS.to_owned();
    for t in &roster[1..] {
        certs.push_str(&format!("{},高级中学,{},\n", t.id.as_str(), t.subject));
    }
    let cert_path = "/teachers/posts/certificates/import";
    let (status, body) = upload(&app, cert_path, "资格证.csv", &certs, false).await;
    assert_eq!(status, 303, "{body}");
    let got = json(&app).await;
    let gaps = got["certificates"]["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{got}");
    assert_eq!(gaps[0]["teacher"], roster[0].id.as_str());
    assert!(gaps[0].get("birth_year").is_none() && gaps[0].get("sex").is_none());

    // A second file waits for the tick, then replaces the first.
    let one = format!("{CERTS}{},小学,语文,\n", roster[0].id.as_str());
    let (status, body) = upload(&app, cert_path, "资格证2.csv", &one, false).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("确认替换"), "{body}");
    let (status, _) = upload(&app, cert_path, "资格证2.csv", &one, true).await;
    assert_eq!(status, 303);
    assert_eq!(
        json(&app).await["certificate_file"]["file_name"],
        "资格证2.csv"
    );
    // Withdrawing needs the confirmation, then brings the first file back.
    let (status, _) = form(
        &app,
        "/teachers/posts/withdraw",
        &[("year", "2024"), ("kind", "certificates")],
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = form(
        &app,
        "/teachers/posts/withdraw",
        &[("year", "2024"), ("kind", "certificates"), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        json(&app).await["certificate_file"]["file_name"],
        "资格证.csv"
    );

    // A bad 编制 file lists every problem, located, and writes nothing.
    let (a, b) = (records[0].code.as_str(), records[1].code.as_str());
    let bad = format!("{STAFFING}{a},五十,40,3\n9999999999,10,10,0\n");
    let staffing_path = "/teachers/posts/staffing/import";
    let (status, page) = upload(&app, staffing_path, "坏.csv", &bad, false).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"import-errors\""), "{page}");
    assert!(page.contains("posts.staffing.not_integer"), "{page}");
    assert!(json(&app).await["staffing_file"].is_null());
    let good = format!("{STAFFING}{a},50,40,3\n{b},30,30,0\n");
    let (status, body) = upload(&app, staffing_path, "编制.csv", &good, false).await;
    assert_eq!(status, 303, "{body}");

    // The approved total, a move of posts and the pay.
    for (path, fields) in [
        (
            "/teachers/posts/approved",
            vec![("year", "2024"), ("posts", "80")],
        ),
        (
            "/teachers/posts/moves",
            vec![
                ("from", a),
                ("to", b),
                ("count", "2"),
                ("date", "2024-10-01"),
                ("reason", "学位增长"),
            ],
        ),
        (
            "/teachers/posts/pay",
            vec![
                ("year", "2024"),
                ("teachers", "99000"),
                ("civil_servants", "100000"),
            ],
        ),
    ] {
        let (status, body) = form(&app, path, &fields).await;
        assert_eq!(status, 303, "{path}: {body}");
    }
    // A move of more posts than the school holds is refused.
    let (status, _) = form(
        &app,
        "/teachers/posts/moves",
        &[
            ("from", b),
            ("to", a),
            ("count", "500"),
            ("date", "2024-10-02"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    let got = json(&app).await;
    assert_eq!(got["approved"]["met"], true, "{got}");
    assert_eq!(got["moves"].as_array().unwrap().len(), 1);
    assert_eq!(got["pay"][0]["met"], false);
    let rows = got["staffing"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let first = rows.iter().find(|r| r["input"]["school"] == a).unwrap();
    assert_eq!(first["input"]["approved"], 48);

    // The page, its download and the JSON agree.
    let (_, page) = app.text("/teachers/posts?year=2024").await;
    for id in [
        "posts-item8",
        "posts-item10",
        "posts-item12",
        "posts-staffing",
        "posts-moves",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(
        page.contains("有空编仍聘用编外教师") && page.contains("学位增长"),
        "{page}"
    );
    assert!(page.contains(roster[0].id.as_str()));
    let xlsx = app
        .get("/teachers/posts?year=2024&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let text = xlsx_text(&xlsx);
    assert!(text.contains(a) && text.contains(b), "{text}");
    assert!(!text.contains(records[2].code.as_str()), "{text}");
    let csv = app
        .get("/teachers/posts?year=2024&format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");

    // Cancelling the move gives the posts back.
    let id = got["moves"][0]["id"].as_i64().unwrap();
    let (status, _) = form(
        &app,
        &format!("/teachers/posts/moves/{id}/cancel"),
        &[("year", "2024")],
    )
    .await;
    assert_eq!(status, 303);
    let got = json(&app).await;
    assert_eq!(got["moves"][0]["by_move"]["cancelled"], true);
    let first = got["staffing"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["input"]["school"] == a)
        .unwrap()
        .clone();
    assert_eq!(first["input"]["approved"], 50);

    for template in [
        "/teachers/posts/certificates/template.xlsx",
        "/teachers/posts/staffing/template.xlsx",
    ] {
        let r = app.get(template).await;
        assert_eq!(r.status(), 200);
        assert!(!r.bytes().await.unwrap().is_empty());
    }
    let (_, audit) = app.text("/audit").await;
    for said in [
        "导入了 2024 学年的教师资格证表",
        "撤回了 2024 学年的教师资格证表",
        "导入了 2024 学年的编制表",
        "设定了 2024 学年的核定编制总量 80",
        "记录了编制调整",
        "撤销了编制调整",
        "录入了 2024 年教师平均工资 99000 元",
    ] {
        assert!(audit.contains(said), "{said}: {audit}");
    }

    // A school's account sees its own school only, and may not write.
    app.add_user(
        "xz",
        "学校密码-123456",
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    let school = app.logged_in("xz", "学校密码-123456").await;
    let got: serde_json::Value = school
        .get(app.url("/api/v1/teachers/posts?year=2024"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = got["staffing"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{got}");
    assert_eq!(rows[0]["input"]["school"], a);
    assert!(got["pay"].as_array().unwrap().is_empty());
    let page = app.page_for(&school, "/teachers/posts?year=2024").await;
    assert!(!page.contains("id=\"posts-admin\""), "{page}");
    assert!(!page.contains("id=\"posts-item8\""), "{page}");
    let csrf = TestApp::csrf_of(&page);
    let r = school
        .post(app.url("/teachers/posts/pay"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("year", "2024"),
            ("teachers", "1"),
            ("civil_servants", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // A 集团 lead sees the schools of its group only, without the district's items.
    if let Some(group) = records.iter().find_map(|r| r.group.clone()) {
        app.add_user(
            "jt",
            "集团密码-123456",
            Role::GroupLead,
            Scope::Group(group.clone()),
        )
        .await;
        let lead = app.logged_in("jt", "集团密码-123456").await;
        let got: serde_json::Value = lead
            .get(app.url("/api/v1/teachers/posts?year=2024"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let inside: Vec<&str> = records
            .iter()
            .filter(|r| r.group.as_ref() == Some(&group))
            .map(|r| r.code.as_str())
            .collect();
        let rows = got["staffing"].as_array().unwrap();
        let expected = [a, b].iter().filter(|c| inside.contains(c)).count();
        assert_eq!(rows.len(), expected, "{got}");
        assert!(got["pay"].as_array().unwrap().is_empty());
        assert!(got["approved"]["met"].is_null());
    }
}
