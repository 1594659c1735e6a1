//! 社会认可度自测 (issue 19 item 3) end to end: one code answers once — also two answers racing
//! with one code (both databases) — and a used code is answered like an unknown one; typed short
//! codes are limited per address and 1 000 guesses find nothing; no response or audit row
//! carries a code, a hash or a time finer than a day; an import keeps nothing of the export's
//! time, IP or 来源 columns; the results page, its JSON and XLSX agree; schools see nothing.

use junheng_app::pairings::Caller;
use junheng_app::survey::codes::{Slip, issue};
use junheng_app::survey::{Draft, create, set_status};
use junheng_core::survey::Weighting;
use junheng_labour::calendar::Day;
use junheng_store::survey::SurveyStatus;
use junheng_store::{Actor, Role, Scope};
use reqwest::Client;

use crate::both;
use crate::health::{audited, fetch, in_english};
use crate::helpers::{Backend, TestApp, district, spawn};

const PASSWORD: &str = "认可度测试-123456";

fn today() -> Day {
    Day::parse(&junheng_app::tasks::beijing_today()).unwrap()
}

/// An open survey of this school year with `n` codes for `group`.
async fn open_survey(app: &TestApp, group: &str, n: u32) -> (i64, Vec<Slip>) {
    let home = app.home().await;
    let actor = Actor::new("admin");
    let op = Caller::Operator(&actor);
    let t = today();
    let draft = Draft {
        year: t.school_year(),
        title: "社会认可度自测",
        questionnaire: None,
        weighting: Weighting::Equal,
        min_cell: 10,
        opens_on: t.plus(-1),
        closes_on: t.plus(7),
    };
    let id = create(&home, &op, &draft).await.unwrap();
    let batch = issue(&home, &op, id, group, None, n, |b| {
        getrandom::fill(b).unwrap()
    })
    .await
    .unwrap();
    set_status(&home, &op, id, SurveyStatus::Open)
        .await
        .unwrap();
    (id, batch.slips)
}

/// What the respondent's page says (its notice), if anything.
fn said(page: &str) -> Option<String> {
    page.split("id=\"survey-said\">")
        .nth(1)
        .map(|s| s[..s.find('<').unwrap()].to_owned())
}

/// A respondent's answer with `code` from a page of `/s…` they opened: (status, page).
async fn answer(app: &TestApp, client: &Client, csrf: &str, code: &str) -> (u16, String) {
    let r = client
        .post(app.url("/s/answer"))
        .form(&[
            ("csrf", csrf),
            ("code", code),
            ("q1", "0"),
            ("q2", "1"),
            ("q3", "0"),
        ])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

both!(survey_codes, one_code_answers_once_even_when_raced);

async fn one_code_answers_once_even_when_raced(app: TestApp) {
    let (id, slips) = open_survey(&app, "principal", 2).await;
    // Two phones open the same slip and submit at once: exactly one response.
    let (a, b) = (app.stranger(), app.stranger());
    let path = format!("/s/{}", slips[0].token);
    let (_, pa) = fetch(&app, &a, &path).await;
    let (_, pb) = fetch(&app, &b, &path).await;
    assert!(pa.contains("id=\"survey-answer\""), "{pa}");
    let (ca, cb) = (TestApp::csrf_of(&pa), TestApp::csrf_of(&pb));
    let token = slips[0].token.as_str();
    let ((sa, ra), (sb, rb)) =
        tokio::join!(answer(&app, &a, &ca, token), answer(&app, &b, &cb, token));
    assert_eq!((sa, sb), (200, 200));
    let thanks = [&ra, &rb].iter().filter(|p| p.contains("已提交")).count();
    assert_eq!(thanks, 1, "{ra}\n{rb}");
    let home = app.home().await;
    assert_eq!(home.survey_responses(id).await.unwrap().len(), 1);
    assert_eq!(home.survey_batches(id).await.unwrap()[0].used, 1);
    // Again with the used code, and with a code nobody issued: the same page.
    let (_, again) = answer(&app, &a, &ca, token).await;
    let (_, unknown) = answer(&app, &a, &ca, &"ab".repeat(16)).await;
    assert!(said(&again).is_some());
    assert_eq!(said(&again), said(&unknown));
    assert!(!again.contains("id=\"survey-answer\""));
    let (_, reopened) = fetch(&app, &a, &path).await;
    assert_eq!(said(&reopened), said(&unknown));
    assert_eq!(home.survey_responses(id).await.unwrap().len(), 1);
    assert_eq!(audited(&app, "survey.answer").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_imports_and_results_keep_nothing_that_names_a_respondent() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(12);
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user("sup", PASSWORD, Role::Supervisor, Scope::District)
        .await;
    let school = records.iter().find(|r| r.parent_code.is_none()).unwrap();
    app.add_user(
        "head",
        PASSWORD,
        Role::School,
        Scope::School(school.code.clone()),
    )
    .await;
    app.login("admin", PASSWORD).await;

    // Created on the page with the district's own questionnaire (the built-in text).
    let t = today();
    let (status, body) = app
        .upload_with(
            "/survey",
            "/survey",
            "问卷.toml",
            junheng_core::survey::Questionnaire::builtin_text().into(),
            &[
                ("title", "本学年自测"),
                ("year", &t.school_year().to_string()),
                ("opens_on", &t.plus(-1).to_string()),
                ("closes_on", &t.plus(7).to_string()),
                ("weighting", "equal"),
                ("min_cell", "10"),
            ],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let id = 1;
    let (_, page) = app.text(&format!("/survey/{id}")).await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            &format!("/survey/{id}/status"),
            &[("csrf", &csrf), ("to", "open")],
        )
        .await;
    assert_eq!(status, 303);
    // Slips: a QR and a typed code each.
    let (status, slips) = app
        .post_form(
            &format!("/survey/{id}/codes"),
            &[
                ("csrf", &csrf),
                ("group", "principal"),
                ("school", ""),
                ("count", "3"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{slips}");
    let tokens: Vec<String> = slips
        .split("/s/")
        .skip(1)
        .map(|t| t[..32].to_owned())
        .collect();
    let shorts: Vec<String> = slips
        .split("class=\"code\">")
        .skip(1)
        .map(|t| t[..14].to_owned())
        .collect();
    assert_eq!((tokens.len(), shorts.len()), (3, 3), "{slips}");
    assert_eq!(slips.matches("<div class=\"qr\"").count(), 3);

    // A respondent types a short code (lower case, spaces), then answers; another scans a QR.
    let phone = app.stranger();
    let (_, entry) = fetch(&app, &phone, "/s").await;
    let pcsrf = TestApp::csrf_of(&entry);
    let typed = shorts[0].to_lowercase().replace('-', " ");
    let r = phone
        .post(app.url("/s"))
        .form(&[("csrf", pcsrf.as_str()), ("code", typed.as_str())])
        .send()
        .await
        .unwrap();
    let form = r.text().await.unwrap();
    assert!(form.contains("id=\"survey-answer\""), "{form}");
    let (_, done) = answer(&app, &phone, &pcsrf, &typed).await;
    assert!(done.contains("已提交"), "{done}");
    let (_, done) = answer(&app, &phone, &pcsrf, &tokens[1]).await;
    assert!(done.contains("已提交"), "{done}");

    // An export of teachers' answers: its time, IP and 来源 are kept nowhere.
    let q = junheng_core::survey::Questionnaire::builtin();
    let mut csv = String::from("序号,提交答卷时间,所用时间,来源,来源详情,来自IP");
    for x in &q.group("teacher").unwrap().questions {
        csv.push_str(&format!(",{}、{}", x.no, x.text));
    }
    csv.push('\n');
    for i in 0..12 {
        let a = if i < 10 { "认可" } else { "不认可" };
        csv.push_str(&format!(
            "{i},2026/11/3 14:{:02}:17,8{i}秒,微信扫码XQ7,链接XQ7,172.31.254.{i}(重庆-渝北),{a},{a},满意,适量\n",
            i + 10
        ));
    }
    let (status, body) = app
        .upload_with(
            &format!("/survey/{id}"),
            &format!("/survey/{id}/import"),
            "教师问卷.csv",
            csv.clone().into_bytes(),
            &[("group", "teacher"), ("school", "")],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    // The same file again is refused; a file with a wrong option shows every problem, located.
    let (status, _) = app
        .upload_with(
            &format!("/survey/{id}"),
            &format!("/survey/{id}/import"),
            "教师问卷.csv",
            csv.clone().into_bytes(),
            &[("group", "teacher"), ("school", "")],
        )
        .await;
    assert_eq!(status, 409);
    let (status, body) = app
        .upload_with(
            &format!("/survey/{id}"),
            &format!("/survey/{id}/import"),
            "坏问卷.csv",
            csv.replacen("认可,认可,满意", "认可,随便,满意", 1)
                .into_bytes(),
            &[("group", "teacher"), ("school", "")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("id=\"import-errors\"") && body.contains("随便") && body.contains("基本认可"),
        "{body}"
    );

    // Results: the page, its JSON and its workbook.
    let (status, page) = app.text(&format!("/survey/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"survey-overall-rate\""), "{page}");
    let json: serde_json::Value = app
        .get(&format!("/api/v1/survey/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["results"]["respondents"], 14);
    let teachers = &json["results"]["groups"][2];
    assert_eq!(teachers["respondents"], 12);
    assert_eq!(teachers["shown"], true);
    // Two principals: their rate is withheld everywhere.
    let principals = &json["results"]["groups"][3];
    assert_eq!(
        (principals["shown"].as_bool(), principals["rate"].is_null()),
        (Some(false), true)
    );
    let (_, xlsx) = fetch(&app, &app.client, &format!("/survey/{id}?format=xlsx")).await;
    assert!(
        xlsx.contains("总体认可度") && xlsx.contains("样本不足"),
        "{xlsx}"
    );

    // Nothing stored names a respondent: no code, hash, address, time of answer or channel.
    let mut dump = Vec::new();
    app.store.backup(&mut dump, None).await.unwrap();
    let dump = String::from_utf8(dump).unwrap();
    for gone in ["172.31.254.", "微信扫码XQ7", "链接XQ7", "2026/11/3", "81秒"] {
        assert!(!dump.contains(gone), "{gone} is stored");
    }
    let secrets: Vec<String> = tokens
        .iter()
        .flat_map(|t| [t.clone(), junheng_app::survey::codes::token_hash(t)])
        .chain(shorts.iter().flat_map(|s| {
            let n = s.replace('-', "");
            [n.clone(), junheng_app::survey::codes::short_hash(&n)]
        }))
        .collect();
    for line in dump.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let table = row["table"].as_str().unwrap_or_default();
        let text = line.to_owned();
        if table == "survey_codes" {
            continue; // the hashes live here, and only here
        }
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{table} holds a code: {text}");
        }
        if table == "survey_responses" {
            assert_eq!(row["row"]["received_on"].as_str().unwrap().len(), 10);
        }
        if table == "audit_log" && row["row"]["action"] == "survey.answer" {
            assert!(
                row["row"]["at"]
                    .as_str()
                    .unwrap()
                    .ends_with("T00:00:00.000Z"),
                "{text}"
            );
            assert_eq!(row["row"]["detail"], "");
        }
    }

    // 1 000 typed guesses: none finds a form, and the limiter stops them.
    let guesser = app.stranger();
    let (_, entry) = fetch(&app, &guesser, "/s").await;
    let gcsrf = TestApp::csrf_of(&entry);
    let mut limited = 0;
    for i in 0..1000u64 {
        let guess = format!("{:012X}", i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16)
            .replace(['I', 'L', 'O', 'U'], "7");
        let r = guesser
            .post(app.url("/s"))
            .form(&[("csrf", gcsrf.as_str()), ("code", guess.as_str())])
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body = r.text().await.unwrap();
        assert!(
            !body.contains("id=\"survey-answer\""),
            "guess {guess} found a form"
        );
        if status == 429 {
            limited += 1;
        } else {
            assert_eq!(status, 200);
        }
    }
    // Tries are per address: the earlier respondent's count too.
    assert!(limited >= 1000 - 20, "{limited} of 1000 limited");

    // A school's account sees nothing; a 督学 reads without the forms.
    let head = app.logged_in("head", PASSWORD).await;
    let (status, _) = fetch(&app, &head, "/survey").await;
    assert_eq!(status, 403);
    let (status, _) = fetch(&app, &head, &format!("/api/v1/survey/{id}")).await;
    assert_eq!(status, 403);
    let sup = app.logged_in("sup", PASSWORD).await;
    let (status, page) = fetch(&app, &sup, &format!("/survey/{id}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("id=\"survey-codes-go\""));
    in_english(
        &app,
        &app.client,
        &["/survey".to_owned(), format!("/survey/{id}")],
    )
    .await;
    // 撤回 of the import: its responses no longer count.
    let import = app.home().await.survey_imports(id).await.unwrap()[0].id;
    let (_, page) = app.text(&format!("/survey/{id}")).await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            &format!("/survey/{id}/withdraw"),
            &[
                ("csrf", &csrf),
                ("import", &import.to_string()),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let json: serde_json::Value = app
        .get(&format!("/api/v1/survey/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["results"]["respondents"], 2);
}
