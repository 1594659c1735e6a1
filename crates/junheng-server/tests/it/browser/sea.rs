//! 学位 in the browser (issue 16): the administrator reads the size items on a phone and at
//! desktop width — each fits the screen, the failing schools and the classes above their limit
//! are listed — and withdraws the year's class table after ticking its confirmation.

use junheng_core::school::SchoolKind;
use junheng_store::{Actor, ClassEntry};

use super::*;

const PASSWORD: &str = "学位浏览器-密码-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_size_items_fit_a_phone_and_a_desktop_and_the_class_table_is_withdrawn() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(40);
    app.seed(&records).await;
    let school = records
        .iter()
        .find(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none())
        .unwrap();
    let class = |name: &str, pupils| ClassEntry {
        school: school.code.clone(),
        grade: 1,
        class: name.into(),
        pupils,
    };
    app.home()
        .await
        .import_class_table(
            2024,
            &[class("1班", 44), class("2班", 58), class("3班", 70)],
            "班级规模表.xlsx",
            &"e".repeat(64),
            &Actor::new("admin"),
        )
        .await
        .unwrap();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", PASSWORD).await;
    logged_in(c).await;
    for (width, height) in [(390, 844), (1280, 900)] {
        c.set_window_size(width, height).await.unwrap();
        c.goto(&app.url("/seats?year=2024")).await.unwrap();
        assert!(fits(c).await, "/seats fits {width} px");
        let text = body_text(c).await;
        for item in [
            "音乐、美术专用教室",
            "学校规模",
            "班额",
            "超大班额",
            "大班额",
        ] {
            assert!(text.contains(item), "{item} at {width} px: {text}");
        }
        assert!(text.contains(&school.name), "{text}");
    }
    assert!(c.find(Locator::Css("nav a[href='/seats']")).await.is_ok());
    // Withdrawing the table needs the box ticked; then the class size is 未接入 (no registry).
    click(c, "#seats-withdraw-form input[name=confirm]").await;
    click_to_load(c, "#seats-withdraw").await;
    let text = body_text(c).await;
    assert!(
        text.contains("已撤回班级规模表") && text.contains("未接入"),
        "{text}"
    );
    let _ = b.client.clone().close().await;
}
