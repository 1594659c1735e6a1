//! 一校一案 in the browser (issue 16): an administrator records a project on a phone and reads
//! the ledger with its totals; at desktop width picks projects with check boxes on the what-if
//! page and sees the school's unit pass and the gap marked closed. Every page fits both widths.

use super::*;

const PASSWORD: &str = "项目浏览器-密码-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_and_the_what_if_on_a_phone_and_a_desktop() {
    let app = spawn(Backend::Sqlite).await;
    let mut records = district(30);
    // A school that met every indicator left without sports area: it fails on that alone.
    let rulebook = junheng_core::rulebook::Rulebook::builtin("cn-2017").unwrap();
    let e = junheng_core::evaluate::evaluate(&records, &rulebook).unwrap();
    let code = e.sections[0]
        .units
        .iter()
        .zip(&e.sections[0].verdicts)
        .find(|(u, v)| {
            v.met == Some(7) && u.merged.is_empty() && !u.is_section_of_multi_section_school()
        })
        .map(|(u, _)| u.school_code().clone())
        .unwrap();
    let i = records.iter().position(|r| r.code == code).unwrap();
    let sports = records[i].facilities.sports_ground_area + records[i].facilities.gym_area;
    records[i].facilities.sports_ground_area = 0.0;
    records[i].facilities.teaching_room_area -= records[i].facilities.gym_area;
    records[i].facilities.gym_area = 0.0;
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let b = browser().await;
    let c = &b.client;

    // On a phone: record a 挖潜扩容 giving the sports ground back.
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "admin", PASSWORD).await;
    logged_in(c).await;
    c.goto(&app.url("/seats/projects")).await.unwrap();
    assert!(fits(c).await, "the empty ledger fits a phone");
    type_into(c, "#projects-new input[name=name]", "操场挖潜扩容").await;
    type_into(c, "#projects-new input[name=school]", code.as_str()).await;
    c.find(Locator::Css("#projects-new select[name=kind]"))
        .await
        .unwrap()
        .select_by_value("expansion")
        .await
        .unwrap();
    type_into(c, "#projects-new input[name=year_planned]", "2024").await;
    type_into(
        c,
        "#projects-new input[name=sports_ground_area]",
        &format!("{:.1}", sports.ceil()),
    )
    .await;
    type_into(c, "#projects-new input[name=cost]", "3040000").await;
    type_into(c, "#projects-new input[name=funding]", "改薄资金").await;
    type_into(
        c,
        "#projects-new textarea[name=money]",
        "2024,3040000,2220000",
    )
    .await;
    click_to_load(c, "#projects-add").await;
    let text = body_text(c).await;
    assert!(text.contains("已登记") && text.contains("73.0%"), "{text}");
    assert!(fits(c).await, "a project's page fits a phone");
    c.goto(&app.url("/seats/projects")).await.unwrap();
    let text = body_text(c).await;
    assert!(
        text.contains("操场挖潜扩容") && text.contains("改薄资金"),
        "{text}"
    );
    assert!(fits(c).await, "the ledger scrolls its table, not the page");

    // At desktop width: the what-if with the project ticked.
    c.set_window_size(1280, 900).await.unwrap();
    c.goto(&app.url("/seats/projects/what-if")).await.unwrap();
    assert!(fits(c).await);
    click(c, "#projects-choices input[type=checkbox]").await;
    click_to_load(c, "#projects-what-if-run").await;
    let text = body_text(c).await;
    assert!(
        text.contains("差距消除") && text.contains(&records[i].name),
        "{text}"
    );
    assert!(fits(c).await, "the what-if fits a desktop");
    c.set_window_size(390, 844).await.unwrap();
    assert!(fits(c).await, "the what-if scrolls its tables on a phone");
}
