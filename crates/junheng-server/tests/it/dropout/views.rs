//! What aggregate roles see of 控辍保学 (counts, small cells suppressed, never a name) and what
//! named reads leave behind (the access log, `student.read`, the workbooks' contents).

use super::*;

async fn aggregate_roles_see_counts_and_never_a_name(app: TestApp) {
    let w = world(&app).await;
    let officer = app.logged_in("kongchuo", PW).await;
    let mut ids = Vec::new();
    for kid in [w.a_kids[0], w.a_kids[1], w.a_kids[2], w.b_kids[0]] {
        ids.push(absence(&app, &officer, &w, kid).await);
    }
    let (case, ..) = w.home.dropout_case(ids[3]).await.unwrap();
    assert_eq!(case.school, w.b, "the school comes from the registry");
    let admin = app.logged_in("admin", PW).await;
    let city = app.logged_in_looking_into("shiji", PW, "500112").await;
    let names: Vec<&str> = A_NAMES.iter().chain(&B_NAMES).copied().collect();
    let a = w.a.to_string();
    let mut paths: Vec<String> = [
        "/students/dropout",
        "/students/dropout?format=xlsx",
        "/students/dropout/summary.json",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .collect();
    paths.push(format!("/students/dropout?school={a}"));
    paths.push(format!("/students/dropout/summary.json?school={a}"));
    for ledger in ["school_age", "suspected", "dropout"] {
        paths.push(format!("/students/dropout/ledgers/{ledger}"));
        paths.push(format!("/students/dropout/ledgers/{ledger}?format=xlsx"));
    }
    for (who, client) in [("admin", &admin), ("city", &city)] {
        for path in &paths {
            let (status, body) = fetch(&app, client, path).await;
            assert_eq!(status, 200, "{who} {path}: {body}");
            for n in &names {
                assert!(!body.contains(n), "{who} {path} names {n}");
            }
            for (number, masked) in &w.numbers {
                assert!(
                    !body.contains(number.as_str()) && !body.contains(masked.as_str()),
                    "{who} {path} shows a 学籍号"
                );
            }
        }
        // Counts, the small ones suppressed.
        let page = app.page_for(client, "/students/dropout").await;
        assert!(
            page.contains("&#60;10") || page.contains("&lt;10"),
            "{who}: {page}"
        );
        for id in &ids {
            assert_eq!(
                status_of(&app, client, &format!("/students/cases/{id}")).await,
                403,
                "{who}"
            );
        }
        let json: serde_json::Value = serde_json::from_str(
            &app.page_for(
                client,
                &format!("/students/dropout/summary.json?school={a}"),
            )
            .await,
        )
        .unwrap();
        assert_eq!(json["sight"], "counts");
        let counts = json["schools"][0]["states"][0]["count"].as_str().unwrap();
        assert_eq!(counts, "<10", "{json}");
        assert_ne!(json["schools"][0]["open"], "3", "{json}");
    }
    // The district officer's counts are exact.
    let json: serde_json::Value = serde_json::from_str(
        &app.page_for(
            &officer,
            &format!("/students/dropout/summary.json?school={a}"),
        )
        .await,
    )
    .unwrap();
    assert_eq!(json["sight"], "named");
    assert_eq!(json["schools"][0]["open"], "3", "{json}");
    assert_eq!(json["zero"], false);
    // The school-age ledger counts the registry: exact for the officer.
    let page = app
        .page_for(&officer, "/students/dropout/ledgers/school_age")
        .await;
    assert!(page.contains(&format!("<td>{a}</td>")), "{page}");

    // An administrator records no absence and compares no list, but records enrolment events.
    let (status, _, _) = post(
        &app,
        &admin,
        "/students/dropout/absence",
        &[
            ("student", &w.a_kids[3].to_string()),
            ("on_date", &w.today),
            ("days", "1"),
        ],
    )
    .await;
    assert_eq!(status, 403);
    let (status, _, body) = post(
        &app,
        &admin,
        "/students/dropout/events",
        &[
            ("student", &w.b_kids[1].to_string()),
            ("kind", "transfer_out"),
            ("on_date", &w.today),
        ],
    )
    .await;
    assert_eq!(status, 400, "a transfer out says where to: {body}");
    assert!(body.contains("去向"), "{body}");
    let (status, location, body) = post(
        &app,
        &admin,
        "/students/dropout/events",
        &[
            ("student", &w.b_kids[1].to_string()),
            ("kind", "transfer_out"),
            ("on_date", &w.today),
            ("other_place", "四川省某县实验小学"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/students/dropout?done=events"),
        "{body}"
    );
    // School B's care officer confirms it; school A's may not.
    let care_a = app.logged_in("guanai_a", PW).await;
    let care_b = app.logged_in("guanai_b", PW).await;
    assert!(
        !app.page_for(&care_a, "/students/dropout")
            .await
            .contains("四川省某县实验小学")
    );
    let page = app.page_for(&care_b, "/students/dropout").await;
    assert!(page.contains("四川省某县实验小学"), "{page}");
    let event: i64 = page
        .split("/students/dropout/transfers/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .parse()
        .unwrap();
    let confirm = format!("/students/dropout/transfers/{event}/confirm");
    let student = w.b_kids[1].to_string();
    let (status, _, _) = post(&app, &care_a, &confirm, &[("student", &student)]).await;
    assert_eq!(status, 403);
    let (status, _, _) = post(&app, &care_b, &confirm, &[("student", &student)]).await;
    assert_eq!(status, 303);
    assert!(
        !app.page_for(&care_b, "/students/dropout")
            .await
            .contains("四川省某县实验小学")
    );
    // A care officer records no enrolment event.
    let (status, _, _) = post(
        &app,
        &care_b,
        "/students/dropout/events",
        &[
            ("student", &student),
            ("kind", "graduate"),
            ("on_date", &w.today),
        ],
    )
    .await;
    assert_eq!(status, 403);
}
both!(
    aggregate_roles_see_counts_and_never_a_name_test,
    aggregate_roles_see_counts_and_never_a_name,
    config()
);

async fn named_reads_are_recorded_and_files_hold_what_they_should(app: TestApp) {
    let w = world(&app).await;
    let care_a = app.logged_in("guanai_a", PW).await;
    let care_b = app.logged_in("guanai_b", PW).await;
    let officer = app.logged_in("kongchuo", PW).await;
    let admin = app.logged_in("admin", PW).await;
    let kid = w.a_kids[0];
    let id = absence(&app, &care_a, &w, kid).await;
    // Every named page and download adds a row to the child's access log, and an audit entry.
    let case_page = format!("/students/cases/{id}");
    for (path, what) in [
        (
            "/students/dropout".to_owned(),
            "/students/dropout".to_owned(),
        ),
        (case_page.clone(), case_page.clone()),
        (
            "/students/dropout/ledgers/suspected".to_owned(),
            "/students/dropout/ledgers/suspected".to_owned(),
        ),
        (
            "/students/dropout?format=xlsx".to_owned(),
            format!("控辍保学关注名单-{}.xlsx", w.today),
        ),
    ] {
        let before = w.home.student_access(kid, 1000).await.unwrap().len();
        let reads = audited(&app, "student.read").await.len();
        let (status, body) = fetch(&app, &officer, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(A_NAMES[0]), "{path}: {body}");
        let log = w.home.student_access(kid, 1000).await.unwrap();
        assert_eq!(log.len(), before + 1, "{path}");
        assert_eq!(
            (log[0].actor.as_str(), log[0].what.as_str()),
            ("kongchuo", what.as_str())
        );
        assert_eq!(
            audited(&app, "student.read").await.len(),
            reads + 1,
            "{path}"
        );
    }
    let audit = audited(&app, "dropout.xlsx").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor, "kongchuo");

    // The monthly report of school A names the case, its 学籍号 masked.
    let month = &w.today[..7];
    let monthly = format!(
        "/students/dropout/reports/monthly.xlsx?school={}&month={month}",
        w.a
    );
    let r = care_a.get(app.url(&monthly)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    let text = xlsx_text(&r.bytes().await.unwrap());
    let (number, masked) = &w.numbers[0];
    assert!(
        text.contains(A_NAMES[0]) && text.contains(masked.as_str()),
        "{text}"
    );
    assert!(!text.contains(number.as_str()));
    assert_eq!(status_of(&app, &officer, &monthly).await, 200);
    for client in [&care_b, &admin] {
        assert_eq!(status_of(&app, client, &monthly).await, 403);
    }
    // The quarterly re-check names nobody, and is the district officer's.
    let q = w.today[5..7].parse::<u8>().unwrap().div_ceil(3);
    let quarterly = format!(
        "/students/dropout/reports/quarterly.xlsx?year={}&q={q}",
        &w.today[..4]
    );
    let (status, text) = fetch(&app, &officer, &quarterly).await;
    assert_eq!(status, 200);
    assert!(text.contains(w.a.as_str()), "the school's line");
    for n in A_NAMES.iter().chain(&B_NAMES) {
        assert!(!text.contains(n), "{n}");
    }
    for (number, masked) in &w.numbers {
        assert!(!text.contains(number.as_str()) && !text.contains(masked.as_str()));
    }
    for client in [&care_a, &admin] {
        assert_eq!(status_of(&app, client, &quarterly).await, 403);
    }

    // 四查三比对: a 户籍 list of school A's children and one the registry does not have.
    let outside = child(900, OUTSIDE, 3);
    let mut csv = "学籍号,姓名\n".to_owned();
    for (i, n) in A_NAMES.iter().enumerate() {
        csv.push_str(&format!("{},{n}\n", w.numbers[i].0));
    }
    csv.push_str(&format!("{},{OUTSIDE}\n", outside.number.expose()));
    let year = junheng_store::school_year(&w.today).unwrap();
    let upload = |client: &Client, csrf: String| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf)
            .text("kind", "hukou")
            .text("year", year.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv.clone().into_bytes()).file_name("户籍名单.csv"),
            );
        client
            .post(app.url("/students/dropout/compare"))
            .multipart(form)
            .send()
    };
    let form_page = app.page_for(&officer, "/students/dropout").await;
    assert!(form_page.contains("id=\"compare-form\""));
    assert!(form_page.contains(&format!("name=\"year\" value=\"{year}\"")));
    let r = upload(&officer, TestApp::csrf_of(&form_page))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(text.contains(OUTSIDE), "{text}");
    assert!(text.contains(&outside.number.masked()), "{text}");
    assert!(!text.contains(outside.number.expose()));
    assert_eq!(audited(&app, "dropout.compare").await.len(), 1);
    // Nobody else compares.
    let csrf = TestApp::csrf_of(&app.page_for(&care_a, "/account").await);
    let r = upload(&care_a, csrf).await.unwrap();
    assert_eq!(r.status(), 403);
    let (status, text) = fetch(&app, &admin, "/students/dropout/lists/template.xlsx").await;
    assert_eq!(status, 200);
    assert!(text.contains("学籍号"));

    // In English, the officer's pages say nothing in Chinese but data.
    officer
        .get(app.url("/lang?to=en&next=/"))
        .send()
        .await
        .unwrap();
    for path in [
        "/students/dropout",
        case_page.as_str(),
        "/students/dropout/ledgers/school_age",
        "/students/dropout/ledgers/suspected",
        "/students/dropout/ledgers/dropout",
    ] {
        let page = app.page_for(&officer, path).await;
        assert!(page.contains("<html lang=\"en\""), "{path}");
        assert_eq!(chinese_outside_data(&page), Vec::<String>::new(), "{path}");
    }
}
both!(
    named_reads_are_recorded_and_files_hold_what_they_should_test,
    named_reads_are_recorded_and_files_hold_what_they_should,
    config()
);
