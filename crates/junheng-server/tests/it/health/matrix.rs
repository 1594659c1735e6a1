//! The privacy matrix, role by role, on the pages, the JSON and the workbooks.

use junheng_store::{Actor, HealthKind};

use super::{PW, World, audited, fetch, in_english, keys, post};
use crate::helpers::TestApp;

async fn rounds(w: &World) -> (i64, i64) {
    let f = w.home.health_rounds(HealthKind::Fitness).await.unwrap();
    let v = w.home.health_rounds(HealthKind::Vision).await.unwrap();
    (f[0].id, v[0].id)
}

/// The 校医 reads their school's children (list, workbook, report card, referrals) and nobody
/// else's, and nothing of 心理; the 班主任 their class's.
pub(super) async fn named_roles(app: &TestApp, w: &World) {
    let (fr, vr) = rounds(w).await;
    let doctor = app.logged_in("xiaoyi_a", PW).await;
    let (status, page) = fetch(app, &doctor, "/health").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"health-fitness-named\""), "{page}");
    assert!(!page.contains("id=\"health-mental\""), "{page}");
    let (status, page) = fetch(app, &doctor, &format!("/health/fitness/{fr}")).await;
    assert_eq!(status, 200, "{page}");
    for k in &w.a_kids {
        assert!(
            page.contains(k.name),
            "{} on the 校医's list: {page}",
            k.name
        );
    }
    assert!(
        page.contains(&format!("/health/child/{}", w.a_kids[0].id)),
        "{page}"
    );
    assert!(!page.contains(w.b_kids[0].name));
    // The workbook of the list, recorded under its file name.
    let before = w.home.student_access(w.a_kids[0].id, 1000).await.unwrap();
    let (status, book) = fetch(app, &doctor, &format!("/health/fitness/{fr}?format=xlsx")).await;
    assert_eq!(status, 200);
    assert!(
        book.contains(w.a_kids[1].name) && book.contains("等级"),
        "{book}"
    );
    let after = w.home.student_access(w.a_kids[0].id, 1000).await.unwrap();
    assert!(after.len() > before.len());
    assert!(after[0].what.ends_with(".xlsx"), "{:?}", after[0]);
    // A child's report card: fitness scores and vision.
    let (status, card) = fetch(app, &doctor, &format!("/health/child/{}", w.a_kids[0].id)).await;
    assert_eq!(status, 200, "{card}");
    assert!(
        card.contains(w.a_kids[0].name) && card.contains("轻度近视") && card.contains("肺活量"),
        "{card}"
    );
    // Another school's child and a child the district does not know: the same refusal.
    let (status, other) = fetch(app, &doctor, &format!("/health/child/{}", w.b_kids[0].id)).await;
    assert_eq!(status, 403);
    assert!(!other.contains(w.b_kids[0].name));
    assert_eq!(fetch(app, &doctor, "/health/child/999999").await.0, 403);
    assert_eq!(
        fetch(
            app,
            &doctor,
            &format!("/health/fitness/{fr}?school={}", w.b)
        )
        .await
        .0,
        403
    );
    // The referral list: the myopic child and the one to refract, not the others.
    let (status, list) = fetch(app, &doctor, &format!("/health/vision/{vr}/referrals")).await;
    assert_eq!(status, 200, "{list}");
    assert!(
        list.contains(w.a_kids[0].name) && list.contains(w.a_kids[2].name),
        "{list}"
    );
    assert!(!list.contains(w.a_kids[1].name), "{list}");
    assert!(list.contains("视力不良未验光"), "{list}");
    // Nothing of 心理.
    assert_eq!(fetch(app, &doctor, "/health/mental").await.0, 403);

    // The 班主任 of 三年级2班: their class only.
    let teacher = app.logged_in("banzhuren_a", PW).await;
    let (status, page) = fetch(app, &teacher, &format!("/health/fitness/{fr}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(w.a_kids[0].name) && page.contains(w.a_kids[3].name));
    assert!(
        !page.contains(w.a_kids[4].name),
        "三年级3班 is not theirs: {page}"
    );
    // Another class's rates are hidden when the class is small (its one child's level).
    assert!(
        page.contains("三年级3班</td><td class=\"num\">&#60;10</td><td class=\"num\">*</td>"),
        "{page}"
    );
    let other_class = format!(
        "/health/fitness/{fr}?class={}",
        percent_encoding::utf8_percent_encode("3年级3班", percent_encoding::NON_ALPHANUMERIC)
    );
    assert_eq!(fetch(app, &teacher, &other_class).await.0, 403);
    assert_eq!(
        fetch(app, &teacher, &format!("/health/child/{}", w.a_kids[4].id))
            .await
            .0,
        403
    );
    let (status, card) = fetch(app, &teacher, &format!("/health/child/{}", w.a_kids[1].id)).await;
    assert!(status == 200 && card.contains(w.a_kids[1].name), "{card}");
    let (_, list) = fetch(app, &teacher, &format!("/health/vision/{vr}/referrals")).await;
    assert!(list.contains(w.a_kids[0].name), "{list}");
    // Of 心理, their class's tiers: none here.
    let (status, page) = fetch(app, &teacher, "/health/mental").await;
    assert!(
        status == 200 && page.contains("id=\"health-mental-teacher-note\""),
        "{page}"
    );

    in_english(
        app,
        &doctor,
        &[
            "/health".into(),
            format!("/health/fitness/{fr}"),
            format!("/health/child/{}", w.a_kids[0].id),
            format!("/health/vision/{vr}/referrals"),
        ],
    )
    .await;

    // Every named read is recorded: the audit and the children's access logs.
    let reads = audited(app, "health.read").await;
    for who in ["xiaoyi_a", "banzhuren_a"] {
        assert!(reads.iter().any(|r| r.actor == who), "{who}: {reads:?}");
    }
    let log = w.home.student_access(w.a_kids[0].id, 1000).await.unwrap();
    for who in ["xiaoyi_a", "banzhuren_a"] {
        assert!(log.iter().any(|a| a.actor == who), "{who}: {log:?}");
    }
    let log = w.home.student_access(w.b_kids[0].id, 1000).await.unwrap();
    assert!(log.iter().all(|a| a.actor != "xiaoyi_a"), "{log:?}");
    let log = w.home.student_access(w.a_kids[4].id, 1000).await.unwrap();
    assert!(log.iter().all(|a| a.actor != "banzhuren_a"), "{log:?}");
}

/// The 班主任 sees name, tier and action of their class and never a score or a case page; the
/// 心理教师 keeps their school's cases with the answers; another school's 心理教师 nothing of
/// them; the crisis team every case.
pub(super) async fn mental_roles(app: &TestApp, w: &World) {
    let cases = w
        .home
        .mental_cases(
            &keys(),
            Some(&w.j),
            None,
            true,
            &Actor::system(),
            "测试核对",
        )
        .await
        .unwrap();
    let case_of = |id: i64| cases.iter().find(|c| c.student == id).map(|c| c.id);
    let (first, second) = (
        case_of(w.j_kids[0].id).unwrap(),
        case_of(w.j_kids[1].id).unwrap(),
    );
    assert!(case_of(w.j_kids[2].id).is_none(), "nothing flags the third");
    assert!(case_of(w.j_kids[3].id).is_some());

    let teacher = app.logged_in("banzhuren_j", PW).await;
    let (status, page) = fetch(app, &teacher, "/health/mental").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains(w.j_kids[0].name) && page.contains(w.j_kids[1].name),
        "{page}"
    );
    assert!(
        !page.contains(w.j_kids[3].name),
        "七年级4班 is not theirs: {page}"
    );
    assert!(page.contains("重点") && page.contains("当日复核"), "{page}");
    assert!(!page.contains("/health/mental/cases/"), "{page}");
    for path in [
        "/health/mental",
        "/health/mental?format=xlsx",
        "/health",
        "/health/summary.json",
        "/health?format=xlsx",
    ] {
        let (_, body) = fetch(app, &teacher, path).await;
        assert!(
            !body.contains("PHQ") && !body.contains("GAD") && !body.contains("总分 18"),
            "{path}: {body}"
        );
    }
    let (_, book) = fetch(app, &teacher, "/health/mental?format=xlsx").await;
    assert!(book.contains(w.j_kids[0].name), "{book}");
    for id in [first, 999_999] {
        assert_eq!(
            fetch(app, &teacher, &format!("/health/mental/cases/{id}"))
                .await
                .0,
            403
        );
    }
    let (status, ..) = post(
        app,
        &teacher,
        &format!("/health/mental/cases/{first}/record"),
        &[("kind", "follow_up"), ("text", "班主任想记录")],
    )
    .await;
    assert_eq!(status, 403);

    // The school's 心理教师: every case of the school with why, and a case with its answers.
    let psych = app.logged_in("xinli_j", PW).await;
    let (status, page) = fetch(app, &psych, "/health/mental").await;
    assert_eq!(status, 200, "{page}");
    for k in [&w.j_kids[0], &w.j_kids[1], &w.j_kids[3]] {
        assert!(page.contains(k.name), "{}: {page}", k.name);
    }
    assert!(
        page.contains("PHQ-9") && page.contains("id=\"health-same-day\""),
        "{page}"
    );
    let case_page = format!("/health/mental/cases/{first}");
    let (status, page) = fetch(app, &psych, &case_page).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains(w.j_kids[0].name)
            && page.contains("PHQ-9")
            && page.contains("<strong>18</strong>"),
        "{page}"
    );
    // A 复核 sets 危机; the crisis procedure moves a step; a case in crisis does not close.
    let record = format!("{case_page}/record");
    let (status, location, body) = post(
        app,
        &psych,
        &record,
        &[
            ("kind", "review"),
            ("tier", "crisis"),
            ("text", "面谈后判断为危机"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{case_page}?done=1").as_str()),
        "{body}"
    );
    let (status, ..) = post(
        app,
        &psych,
        &record,
        &[("kind", "step"), ("text", "已报告")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = fetch(app, &psych, &case_page).await;
    assert!(
        page.contains("id=\"case-steps\"") && page.contains("✓ 发现报告"),
        "{page}"
    );
    assert!(page.contains("面谈后判断为危机"), "{page}");
    let (status, _, body) =
        post(app, &psych, &record, &[("kind", "close"), ("text", "结案")]).await;
    assert_eq!(status, 400, "{body}");
    let (status, _, _) = post(
        app,
        &psych,
        &record,
        &[("kind", "review"), ("tier", "severe")],
    )
    .await;
    assert_eq!(status, 400);

    in_english(
        app,
        &psych,
        &[
            "/health".into(),
            "/health/mental?all=1".into(),
            case_page.clone(),
        ],
    )
    .await;
    in_english(app, &teacher, &["/health/mental".into()]).await;

    // Another school's 心理教师: nothing of J's cases.
    let psych_a = app.logged_in("xinli_a", PW).await;
    assert_eq!(fetch(app, &psych_a, &case_page).await.0, 403);
    let (status, page) = fetch(app, &psych_a, "/health/mental").await;
    assert_eq!(status, 200);
    assert!(!page.contains(w.j_kids[0].name), "{page}");
    // The district's crisis team: every case, any school.
    let team = app.logged_in("weiji", PW).await;
    let (status, page) = fetch(app, &team, "/health").await;
    assert!(
        status == 200
            && page.contains("id=\"mental-grades\"")
            && !page.contains("id=\"health-fitness\""),
        "{page}"
    );
    let (_, page) = fetch(app, &team, "/health/mental").await;
    assert!(
        page.contains(w.j_kids[0].name) && page.contains(w.j_kids[3].name),
        "{page}"
    );
    assert_eq!(
        fetch(app, &team, &format!("/health/mental/cases/{second}"))
            .await
            .0,
        200
    );

    let reads = audited(app, "health.read").await;
    for who in ["banzhuren_j", "xinli_j", "weiji"] {
        assert!(reads.iter().any(|r| r.actor == who), "{who}");
    }
    let log = w.home.student_access(w.j_kids[0].id, 1000).await.unwrap();
    assert!(
        log.iter()
            .any(|a| a.actor == "xinli_j" && a.what == case_page),
        "{log:?}"
    );
    assert!(log.iter().all(|a| a.actor != "xinli_a"), "{log:?}");
}

/// The administrator: the district's counts (心理 by grade, no school named there), never a
/// child's name; the 市级 user the same without 心理; school A's account its own school.
pub(super) async fn aggregate_roles(app: &TestApp, w: &World) {
    let (fr, vr) = rounds(w).await;
    let kids: Vec<&str> = w
        .a_kids
        .iter()
        .chain(&w.b_kids)
        .chain(&w.j_kids)
        .map(|k| k.name)
        .collect();
    let no_names = |path: &str, body: &str| {
        for n in &kids {
            assert!(!body.contains(n), "{path} names {n}: {body}");
        }
    };
    let names = junheng_app::students::rates::school_names(&w.home)
        .await
        .unwrap();
    let admin = app.logged_in("admin", PW).await;
    for path in [
        "/health".to_owned(),
        "/health/summary.json".to_owned(),
        "/health?format=xlsx".to_owned(),
        format!("/health/fitness/{fr}?school={}", w.a),
        format!("/health/fitness/{fr}"),
    ] {
        let (status, body) = fetch(app, &admin, &path).await;
        assert_eq!(status, 200, "{path}: {body}");
        no_names(&path, &body);
    }
    let (_, page) = fetch(app, &admin, "/health").await;
    // 体质健康 by item and by the schools' 城乡 category, for the district.
    for table in ["id=\"fitness-items\"", "id=\"fitness-urban\""] {
        assert!(page.contains(table), "{table}");
    }
    let doctor = app.logged_in("xiaoyi_a", PW).await;
    let (_, school_page) = fetch(app, &doctor, "/health").await;
    // A school's sight has no 城乡 rows (one school is not a category).
    let urban = school_page
        .split("id=\"fitness-urban\"")
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .unwrap_or("");
    assert!(!urban.contains("<td"), "{urban}");
    let mental = page
        .split("id=\"health-mental\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("the 心理 section");
    assert!(
        mental.contains("id=\"mental-grades\"") && mental.contains("七年级"),
        "{mental}"
    );
    for school in [&w.a, &w.b, &w.j] {
        assert!(!mental.contains(school.as_str()), "{mental}");
        assert!(!mental.contains(names[school].as_str()), "{mental}");
    }
    assert!(page.contains("id=\"fitness-pass\"") && page.contains(names[&w.a].as_str()));
    let json: serde_json::Value =
        serde_json::from_str(&fetch(app, &admin, "/health/summary.json").await.1).unwrap();
    assert_eq!(json["sight"]["mental"], "aggregates");
    assert_eq!(json["mental"]["grades"][0]["grade"], 7);
    assert_eq!(json["mental"]["grades"][0]["listed"], "<10");
    assert!(json["mental"].get("schools").is_none(), "{json}");
    assert_eq!(json["fitness"]["schools"][0]["code"], w.a.as_str());
    for path in [
        format!("/health/child/{}", w.a_kids[0].id),
        "/health/mental".to_owned(),
        format!("/health/vision/{vr}/referrals?school={}", w.a),
        "/health/mental/cases/1".to_owned(),
    ] {
        assert_eq!(fetch(app, &admin, &path).await.0, 403, "{path}");
    }

    // The templates, and a scoring pack: checked before it is stored, then every round rescored.
    let (status, book) = fetch(app, &admin, "/health/templates/mental.xlsx").await;
    assert!(status == 200 && book.contains("PHQ9_1"), "{book}");
    assert_eq!(
        fetch(app, &admin, "/health/templates/other.xlsx").await.0,
        404
    );
    let mut table = String::from("grade,sex,score,threshold\n");
    for (i, s) in junheng_core::health::fitness::STEPS.iter().enumerate() {
        table.push_str(&format!("7,M,{s},{}\n", 225 - 5 * i as i64));
    }
    for (file, status) in [("jump.csv", 400), ("standing_long_jump_cm.csv", 200)] {
        let form = reqwest::multipart::Form::new()
            .text("csrf", super::csrf(app, &admin).await)
            .text("version", "2024初中评分表")
            .part(
                "files",
                reqwest::multipart::Part::bytes(table.clone().into_bytes()).file_name(file),
            );
        let r = admin
            .post(app.url("/health/pack"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{file}");
        let body = r.text().await.unwrap();
        assert!(
            status == 400 || body.contains("id=\"health-pack-done\""),
            "{body}"
        );
    }
    assert_eq!(audited(app, "health.rescore").await.len(), 1);

    // The 市级 user: 体质健康 and 视力 aggregates, nothing of 心理.
    let city = app.logged_in_looking_into("shiji", PW, "500112").await;
    let (status, page) = fetch(app, &city, "/health").await;
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("id=\"health-mental\""), "{page}");
    no_names("/health", &page);
    let json: serde_json::Value =
        serde_json::from_str(&fetch(app, &city, "/health/summary.json").await.1).unwrap();
    assert!(json["mental"].is_null(), "{json}");
    assert_eq!(fetch(app, &city, "/health/mental").await.0, 403);

    // School A's account: its own school only.
    let school = app.logged_in("xuexiao_a", PW).await;
    let (status, page) = fetch(app, &school, "/health").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(names[&w.a].as_str()), "{page}");
    assert!(
        !page.contains(w.b.as_str()) && !page.contains(names[&w.b].as_str()),
        "{page}"
    );
    assert!(!page.contains("id=\"health-mental\""), "{page}");
    no_names("/health", &page);
    assert_eq!(
        fetch(
            app,
            &school,
            &format!("/health/fitness/{fr}?school={}", w.b)
        )
        .await
        .0,
        403
    );
    assert_eq!(
        fetch(app, &school, &format!("/health/child/{}", w.a_kids[0].id))
            .await
            .0,
        403
    );
}
