//! The public and the parents: the anonymous home page, a lottery built on the web from the three
//! tables, its notarial record and the parents' lookup.

use junheng_lottery::{AuditPack, LotteryKey};
use junheng_store::{Role, Scope};
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

/// 学区: one zone of 平行志愿.
pub(crate) const ZONES: &str = "学区代码,学区名称,派位方式\nZ1,城南学区,平行志愿\n";
/// 学位计划: two schools of one seat each.
pub(crate) const SEATS: &str =
    "学校代码,学校名称,学区代码,计划数,类别,类别计划数\nS1,城南一小,Z1,1,,\nS2,城南二小,Z1,1,,\n";
/// 报名: four children for two seats, each listing both schools: two placed, two to 公办兜底.
pub(crate) const APPLICANTS: &str = "报名号,学区代码,优先级,志愿1,志愿2\nB2026001,Z1,其他,S1,S2\nB2026002,Z1,其他,S1,S2\nB2026003,Z1,其他,S2,S1\nB2026004,Z1,其他,S1,S2\n";
/// The 报名号 of [`APPLICANTS`].
pub(crate) const REGISTRATIONS: [&str; 4] = ["B2026001", "B2026002", "B2026003", "B2026004"];
pub(crate) const TITLE: &str = "2026年城南小学一年级派位";

/// Posts the build form with these three tables (as CSV files): the response.
async fn build(app: &TestApp, zones: &str, seats: &str, applicants: &str) -> reqwest::Response {
    let (_, page) = app.text("/lottery").await;
    let form = Form::new()
        .text("csrf", TestApp::csrf_of(&page))
        .text("title", TITLE)
        .part(
            "zones",
            Part::bytes(zones.as_bytes().to_vec()).file_name("学区.csv"),
        )
        .part(
            "seats",
            Part::bytes(seats.as_bytes().to_vec()).file_name("学位计划.csv"),
        )
        .part(
            "applicants",
            Part::bytes(applicants.as_bytes().to_vec()).file_name("报名.csv"),
        );
    app.client
        .post(app.url("/lottery/build"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Logs in an administrator, builds the lottery of the good tables and draws it: its number,
/// its key and its audit pack.
async fn built_and_drawn(app: &TestApp) -> (i64, LotteryKey, AuditPack) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
    let r = build(app, ZONES, SEATS, APPLICANTS).await;
    assert_eq!(r.status(), 303);
    let id: i64 = r.headers()["location"]
        .to_str()
        .unwrap()
        .strip_prefix("/lottery?frozen=")
        .unwrap()
        .parse()
        .unwrap();
    let (_, ceremony) = app.text(&format!("/lottery/{id}")).await;
    let csrf = TestApp::csrf_of(&ceremony);
    let witnesses = [
        ("csrf", csrf.as_str()),
        ("name0", "张代表"),
        ("value0", "20261203"),
        ("name1", "李公证"),
        ("value1", "7391"),
        ("name2", "王家长"),
        ("value2", "春风"),
    ];
    let drawn = app.post(&format!("/lottery/{id}/draw"), &witnesses).await;
    assert_eq!(drawn.status(), 303);
    let stored = app.home().await.lottery(id).await.unwrap().unwrap();
    let key = LotteryKey::from_hex(stored.lottery_key.as_deref().unwrap()).unwrap();
    let pack = AuditPack::from_json(stored.pack.as_deref().unwrap()).unwrap();
    (id, key, pack)
}

async fn bad_tables_are_shown_cell_by_cell_and_good_ones_are_frozen(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
    let bad_zones = "学区代码,学区名称,派位方式\nZ1,城南学区,抽签\n";
    let bad_applicants = APPLICANTS.replace("B2026004,Z1,其他,S1,S2", "B2026004,Z1,其他,S9,S2");
    let r = build(&app, bad_zones, SEATS, &bad_applicants).await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("未冻结，未保存任何内容"), "{page}");
    assert!(page.contains("class=\"issues\""), "the cell table");
    for cell in ["学区.csv", "报名.csv", "派位方式", "抽签", "S9"] {
        assert!(page.contains(cell), "{cell} in {page}");
    }
    assert!(
        app.home().await.lotteries().await.unwrap().is_empty(),
        "nothing written"
    );
    // Good tables: frozen with a new key, the digest shown, nothing named but by 公示编号.
    let r = build(&app, ZONES, SEATS, APPLICANTS).await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let stored = app.home().await.lotteries().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(location, format!("/lottery?frozen={}", stored[0].id));
    let (_, frozen) = app.text(&location).await;
    assert!(frozen.contains(&stored[0].digest) && frozen.contains(TITLE));
    let lottery = app
        .home()
        .await
        .lottery(stored[0].id)
        .await
        .unwrap()
        .unwrap();
    assert!(REGISTRATIONS.iter().all(|r| !lottery.inputs.contains(r)));
    // The receipts, from the same 报名 table: 报名号, 公示编号 and check code of each child.
    let key = LotteryKey::from_hex(lottery.lottery_key.as_deref().unwrap()).unwrap();
    let csrf = TestApp::csrf_of(&frozen);
    let receipts = |table: &str| {
        Form::new().text("csrf", csrf.clone()).part(
            "applicants",
            Part::bytes(table.as_bytes().to_vec()).file_name("报名.csv"),
        )
    };
    let path = format!("/lottery/{}/receipts", stored[0].id);
    let r = app
        .client
        .post(app.url(&path))
        .multipart(receipts(APPLICANTS))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    for reg in REGISTRATIONS {
        for value in [reg.to_owned(), key.public_code(reg), key.check_code(reg)] {
            assert!(text.contains(&value), "{value} in the receipts");
        }
    }
    // Another 报名 table is refused: the receipts belong to the frozen list only.
    let other = APPLICANTS.replace("B2026004", "B2026009");
    let r = app
        .client
        .post(app.url(&path))
        .multipart(receipts(&other))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("与名单不符"));
}
both!(
    web_build,
    bad_tables_are_shown_cell_by_cell_and_good_ones_are_frozen
);

async fn anonymous_visitors_land_on_the_public_page(app: TestApp) {
    let records = district(60);
    app.seed(&records).await;
    let (id, _, pack) = built_and_drawn(&app).await;
    let visitor = app.stranger();
    let r = visitor.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 200, "no redirect to a login");
    let page = r.text().await.unwrap();
    assert!(page.contains("差异系数"), "the published aggregates");
    assert!(page.contains(TITLE) && page.contains(&pack.inputs_digest));
    assert!(page.contains(&format!("href=\"/lottery/{id}/lookup\"")));
    assert!(page.contains(&format!("href=\"/lottery/{id}/record\"")));
    assert_eq!(
        page.matches("href=\"/login").count(),
        1,
        "only the staff link"
    );
    assert!(page.contains("<a class=\"staff\" href=\"/login\">工作人员登录</a>"));
    // Every other link stays on public ground (no indicator or school page, which are staff's).
    let public = |href: &str| {
        href == "/"
            || href == "/login"
            || ["/lang?", "/public", "/static/", "/api/v1/openapi.json"]
                .iter()
                .any(|p| href.starts_with(p))
            || href.starts_with(&format!("/lottery/{id}/"))
    };
    for link in page.split("href=\"").skip(1) {
        let href = link.split('"').next().unwrap();
        assert!(public(href), "{href} on the public page");
    }
    for r in &records {
        assert!(!page.contains(&r.name), "no school's own data: {}", r.name);
    }
    // The pages a parent reaches from there lead to no login either.
    for path in [
        format!("/lottery/{id}/lookup"),
        format!("/lottery/{id}/record"),
    ] {
        let r = visitor.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let page = r.text().await.unwrap();
        assert_eq!(page.matches("href=\"/login").count(), 1, "{path}");
    }
    // Staff still go to their dashboard.
    let r = app.get("/").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/dashboard");
}
both!(home, anonymous_visitors_land_on_the_public_page);

async fn the_lookup_says_placement_waitlists_and_fallback(app: TestApp) {
    let (id, key, pack) = built_and_drawn(&app).await;
    let visitor = app.stranger();
    let path = format!("/lottery/{id}/lookup");
    for reg in REGISTRATIONS {
        let code = key.public_code(reg);
        let result = pack
            .results
            .applicants
            .iter()
            .find(|a| a.id == code)
            .unwrap();
        let page = visitor.get(app.url(&path)).send().await.unwrap();
        let csrf = TestApp::csrf_of(&page.text().await.unwrap());
        let check = key.check_code(reg);
        let r = visitor
            .post(app.url(&path))
            .form(&[
                ("csrf", csrf.as_str()),
                ("applicant", reg),
                ("check", check.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert!(page.contains(&format!("公示编号 {code}")), "{page}");
        let waiting: Vec<&str> = pack
            .results
            .schools
            .iter()
            .filter(|s| s.waitlist.contains(&code))
            .map(|s| {
                if s.id == "S1" {
                    "城南一小（S1）"
                } else {
                    "城南二小（S2）"
                }
            })
            .collect();
        match (&result.school, result.round) {
            (Some(school), Some(round)) => {
                let name = if school == "S1" {
                    "城南一小"
                } else {
                    "城南二小"
                };
                assert!(
                    page.contains(&format!("已录取：{name}（{school}）")),
                    "{page}"
                );
                assert!(page.contains(&format!("第 {round} 志愿录取")), "{page}");
                assert!(!page.contains("id=\"fallback\""));
            }
            _ => {
                assert!(page.contains("未被所填志愿学校录取"), "{page}");
                assert!(page.contains("公办兜底：未派中的孩子由教育局统筹安排"));
                assert_eq!(waiting.len(), 2, "unplaced: on both waitlists");
            }
        }
        for school in &waiting {
            let s = pack
                .results
                .schools
                .iter()
                .find(|s| school.contains(&s.id))
                .unwrap();
            let place = s.waitlist.iter().position(|w| *w == code).unwrap() + 1;
            let line = format!("{school}：候补第 {place} 位（共 {} 位）", s.waitlist.len());
            assert!(page.contains(&line), "{line} in {page}");
        }
        for other in REGISTRATIONS.iter().filter(|o| **o != reg) {
            assert!(
                !page.contains(&key.public_code(other)),
                "only the asked child"
            );
        }
    }
    assert_eq!(
        pack.results.fallback.len(),
        2,
        "the tables leave two children"
    );
}
both!(lookup, the_lookup_says_placement_waitlists_and_fallback);

async fn the_record_is_in_chinese_with_beijing_time(app: TestApp) {
    let (id, _, pack) = built_and_drawn(&app).await;
    let r = app
        .stranger()
        .get(app.url(&format!("/lottery/{id}/record")))
        .send()
        .await;
    let page = r.unwrap().text().await.unwrap();
    assert!(
        page.contains("城南学区（Z1）：平行志愿（deferred_acceptance/1）"),
        "{page}"
    );
    assert!(page.contains("派位时间（北京时间）") && !page.contains("UTC"));
    let stored = app.home().await.lottery(id).await.unwrap().unwrap();
    let utc = stored.info.drawn_at.unwrap();
    let hour: u32 = utc[11..13].parse().unwrap();
    let shown = format!("{:02}:{}（admin）", (hour + 8) % 24, &utc[14..16]);
    assert!(page.contains(&shown), "{shown} in {page}");
    assert!(crate::helpers::shows_minute_time(&page));
    for s in &pack.results.schools {
        for code in s.admitted.iter().chain(&s.waitlist) {
            assert!(page.contains(code.as_str()));
        }
    }
    let fallback = &page[page.find("id=\"fallback\"").unwrap()..];
    for code in &pack.results.fallback {
        assert!(
            fallback.contains(code.as_str()),
            "{code} among the fallback"
        );
    }
    assert!(REGISTRATIONS.iter().all(|r| !page.contains(r)), "no 报名号");
}
both!(record, the_record_is_in_chinese_with_beijing_time);
