//! 社会认可度自测 in the browser (issue 19 item 3): a respondent on a phone (390 px) opens a
//! slip's link without logging in, taps one option per question and submits; another types a
//! short code on `/s` and answers; the administrator reads the results page on a phone and at
//! desktop width (each fits the screen).

use junheng_app::pairings::Caller;
use junheng_app::survey::codes::issue;
use junheng_app::survey::{Draft, create, set_status};
use junheng_core::survey::Weighting;
use junheng_labour::calendar::Day;
use junheng_store::Actor;
use junheng_store::survey::SurveyStatus;

use super::*;

const PASSWORD: &str = "认可度浏览器-密码-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_respondent_answers_on_a_phone_and_the_results_fit_every_width() {
    let app = spawn(Backend::Sqlite).await;
    app.seed(&district(12)).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let home = app.home().await;
    let actor = Actor::new("admin");
    let op = Caller::Operator(&actor);
    let today = Day::parse(&junheng_app::tasks::beijing_today()).unwrap();
    let draft = Draft {
        year: today.school_year(),
        title: "本学年社会认可度自测",
        questionnaire: None,
        weighting: Weighting::Equal,
        min_cell: 10,
        opens_on: today,
        closes_on: today.plus(3),
    };
    let id = create(&home, &op, &draft).await.unwrap();
    let slips = issue(&home, &op, id, "parent", None, 12, |b| {
        getrandom::fill(b).unwrap()
    })
    .await
    .unwrap()
    .slips;
    set_status(&home, &op, id, SurveyStatus::Open)
        .await
        .unwrap();
    for s in &slips[..10] {
        junheng_app::survey::answer::answer(
            &app.store,
            &s.token,
            &[Some(0), Some(1), Some(0), Some(0), Some(0)],
            today,
        )
        .await
        .unwrap();
    }

    let br = browser().await;
    let c = &br.client;
    c.set_window_size(390, 844).await.unwrap();
    // By the slip's link: no login.
    c.goto(&app.url(&format!("/s/{}", slips[10].token)))
        .await
        .unwrap();
    assert!(fits(c).await, "the questionnaire fits 390 px");
    for (q, option) in [(1, 0), (2, 2), (3, 3), (4, 1), (5, 0)] {
        click(c, &format!("#survey-q{q} input[value='{option}']")).await;
    }
    click_to_load(c, "#survey-submit").await;
    assert!(body_text(c).await.contains("已提交"));
    // By the typed short code.
    c.goto(&app.url("/s")).await.unwrap();
    type_into(c, "#survey-code", &slips[11].short.to_lowercase()).await;
    click_to_load(c, "#survey-enter-go").await;
    assert!(fits(c).await, "the typed code's questionnaire fits 390 px");
    click(c, "#survey-q1 input[value='0']").await;
    click_to_load(c, "#survey-submit").await;
    assert!(body_text(c).await.contains("已提交"));

    // The administrator's results.
    log_in(c, &app, "admin", PASSWORD).await;
    logged_in(c).await;
    for (width, height) in [(390, 844), (1280, 900)] {
        c.set_window_size(width, height).await.unwrap();
        c.goto(&app.url(&format!("/survey/{id}"))).await.unwrap();
        assert!(fits(c).await, "the results fit {width} px");
        for section in ["survey-overall", "survey-groups", "survey-questions"] {
            assert!(c.find(Locator::Id(section)).await.is_ok(), "#{section}");
        }
        let text = body_text(c).await;
        assert!(text.contains("有效答卷 12 份"), "{text}");
    }
    let _ = br.client.clone().close().await;
}
