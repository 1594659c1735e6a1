//! Groups, 学区, coverage and the 综合考核 in the browser (issue 12): an administrator edits a
//! group's record on a phone, reads the coverage at desktop width and finalises the year's
//! review; a school scores itself on a phone, a zone lead gives 他评; a group lead, a zone lead,
//! a supervisor and a school user each see their own scope only.

use super::*;

const PASSWORD: &str = "集团浏览器-密码-1";

/// Logs `name` out of and into a fresh session.
async fn as_user(c: &fantoccini::Client, app: &TestApp, name: &str) {
    c.delete_all_cookies().await.unwrap();
    log_in(c, app, name, PASSWORD).await;
    logged_in(c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_zones_and_coverage_by_role_on_a_phone_and_a_desktop() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(80);
    app.seed(&records).await;
    let mut groups: Vec<&str> = records.iter().filter_map(|r| r.group.as_deref()).collect();
    groups.sort_unstable();
    groups.dedup();
    let (mine, theirs) = (groups[0], groups[1]);
    let school = records
        .iter()
        .find(|r| r.group.as_deref() == Some(mine) && r.zone.is_some())
        .unwrap();
    let zone = school.zone.clone().unwrap();
    let other_zone = records
        .iter()
        .filter_map(|r| r.zone.clone())
        .find(|z| *z != zone)
        .unwrap();
    for (name, role, scope) in [
        ("admin", Role::Admin, Scope::District),
        ("dux", Role::Supervisor, Scope::District),
        ("lead", Role::GroupLead, Scope::Group(mine.to_owned())),
        ("zone", Role::ZoneLead, Scope::Zone(zone.clone())),
        ("xz", Role::School, Scope::School(school.code.clone())),
    ] {
        app.add_user(name, PASSWORD, role, scope).await;
    }
    let b = browser().await;
    let c = &b.client;

    // The administrator, on a phone: the group list fits, a group's record is edited.
    c.set_window_size(390, 844).await.unwrap();
    as_user(c, &app, "admin").await;
    c.goto(&app.url("/groups")).await.unwrap();
    assert!(
        fits(c).await,
        "the group list scrolls its table, not the page"
    );
    assert!(body_text(c).await.contains(theirs));
    c.goto(&app.url(&format!("/groups/{}", urlencode(mine))))
        .await
        .unwrap();
    assert!(fits(c).await, "a group's page fits a phone");
    click(c, "#group-edit summary").await;
    c.find(Locator::Css("#group-edit select[name=status]"))
        .await
        .unwrap()
        .select_by_value("cultivating")
        .await
        .unwrap();
    // A date field takes its value as the browser's picker would set it.
    c.execute(
        "document.querySelector('#group-edit input[name=founded_on]').value = '2019-05-23';",
        vec![],
    )
    .await
    .unwrap();
    click_to_load(c, "#group-save").await;
    let text = body_text(c).await;
    assert!(
        text.contains("集团档案已保存") && text.contains("培育"),
        "{text}"
    );
    assert!(text.contains("变更记录"));

    // At desktop width: the coverage, with its definitions.
    c.set_window_size(1280, 1000).await.unwrap();
    c.goto(&app.url("/coverage")).await.unwrap();
    let text = body_text(c).await;
    assert!(
        text.contains("学校参与率") && text.contains("学生受益率"),
        "{text}"
    );
    assert!(text.contains("城乡分类") && text.contains("学区"));

    // The supervisor reads the coverage and every group.
    as_user(c, &app, "dux").await;
    c.goto(&app.url("/coverage")).await.unwrap();
    assert!(body_text(c).await.contains("学校参与率"));
    c.goto(&app.url("/groups")).await.unwrap();
    let text = body_text(c).await;
    assert!(text.contains(mine) && text.contains(theirs));

    // The group lead: their own group only.
    as_user(c, &app, "lead").await;
    c.goto(&app.url("/groups")).await.unwrap();
    let text = body_text(c).await;
    assert!(text.contains(mine) && !text.contains(theirs), "{text}");

    // The zone lead: their own 学区 only, its schools on its page.
    as_user(c, &app, "zone").await;
    c.goto(&app.url("/zones")).await.unwrap();
    let text = body_text(c).await;
    assert!(
        text.contains(&zone) && !text.contains(&other_zone),
        "{text}"
    );
    c.goto(&app.url(&format!("/zones/{}", urlencode(&zone))))
        .await
        .unwrap();
    assert!(body_text(c).await.contains(school.code.as_str()));

    // The zone lead gives 他评 to a school of their 学区, at desktop width.
    let sheet = format!("/reviews/school/{}", school.code);
    c.goto(&app.url(&sheet)).await.unwrap();
    assert!(body_text(c).await.contains("综合考核评分表"));
    score(c, "management|peer", "66").await;
    c.goto(&app.url("/reviews")).await.unwrap();
    let text = body_text(c).await;
    assert!(
        text.contains(school.code.as_str()) && text.contains("考核总分"),
        "{text}"
    );

    // The group lead: their group's review, not another's.
    as_user(c, &app, "lead").await;
    c.goto(&app.url("/reviews?unit=group")).await.unwrap();
    let text = body_text(c).await;
    assert!(text.contains(mine) && !text.contains(theirs), "{text}");
    c.goto(&app.url(&format!("/reviews/group/{}", urlencode(mine))))
        .await
        .unwrap();
    let text = body_text(c).await;
    assert!(
        text.contains("捆绑综合得分 G") && text.contains("成员校"),
        "{text}"
    );

    // The school user, on a phone: its own sheet fits, it scores itself.
    c.set_window_size(390, 844).await.unwrap();
    as_user(c, &app, "xz").await;
    c.goto(&app.url(&sheet)).await.unwrap();
    assert!(fits(c).await, "a score sheet fits a phone");
    score(c, "management|self", "88").await;
    let text = body_text(c).await;
    assert!(text.contains("已保存评分 88.0"), "{text}");
    assert!(
        text.contains("自评（0.2）88.0") && text.contains("他评（0.3）66.0"),
        "{text}"
    );
    c.goto(&app.url("/reviews")).await.unwrap();
    assert!(
        fits(c).await,
        "the review list scrolls its table, not the page"
    );

    // The administrator finalises the year on the phone; the supervisor reads it, finalised.
    as_user(c, &app, "admin").await;
    c.goto(&app.url("/reviews")).await.unwrap();
    click_to_load(c, "#review-finalise button").await;
    assert!(body_text(c).await.contains("已定稿"), "finalised");
    as_user(c, &app, "dux").await;
    c.set_window_size(1280, 1000).await.unwrap();
    c.goto(&app.url(&sheet)).await.unwrap();
    let text = body_text(c).await;
    assert!(
        text.contains("历年定稿结果") && text.contains("区县评价"),
        "{text}"
    );

    // The school user: no group's page, no district coverage.
    as_user(c, &app, "xz").await;
    c.goto(&app.url("/groups")).await.unwrap();
    assert!(!body_text(c).await.contains(theirs));
    c.goto(&app.url("/coverage")).await.unwrap();
    let text = body_text(c).await;
    assert!(
        !text.contains("学校参与率") && text.contains("返回概览"),
        "{text}"
    );
    let _ = b.client.clone().close().await;
}

/// Enters a score on the open score sheet: `pick` is `item|scorer`.
async fn score(c: &fantoccini::Client, pick: &str, value: &str) {
    c.find(Locator::Css("#review-pick"))
        .await
        .unwrap()
        .select_by_value(pick)
        .await
        .unwrap();
    type_into(c, "#review-enter input[name=score]", value).await;
    click_to_load(c, "#review-save").await;
}

fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
