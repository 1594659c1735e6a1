//! 质量监测 in the browser (issue 15): an exam's report for the district, a school, a 班主任, a
//! 任课教师 and a group lead, on a phone and at desktop width — each fits the screen and shows only its units;
//! the 三线 board for the district's administrator, chosen again through its form.

use super::*;
use crate::exams::{board, imported};
use crate::health::{PW, config};
use crate::helpers::spawn_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_fits_a_phone_and_a_desktop_for_each_role() {
    // Cuts for every paper (水平Ⅱ, Ⅲ, Ⅳ at 40, 60, 80 % of full marks), so that the unified
    // exam shows 素养水平 too.
    let mut settings = config();
    settings.quality.levels.default_shares = Some([0.4, 0.6, 0.8]);
    let app = spawn_with(Backend::Sqlite, settings).await;
    let (j, k, exam) = imported(&app).await;
    let b = browser().await;
    let c = &b.client;
    let page = format!("/exams/{exam}");
    for user in ["admin", "xuexiao_j", "banzhuren_j", "renke_j", "zuzhang"] {
        c.delete_all_cookies().await.unwrap();
        log_in(c, &app, user, PW).await;
        logged_in(c).await;
        for (width, height) in [(390, 844), (1280, 900)] {
            c.set_window_size(width, height).await.unwrap();
            c.goto(&app.url(&page)).await.unwrap();
            assert!(fits(c).await, "{page} fits {width} px for {user}");
            let text = body_text(c).await;
            assert!(text.contains("全体") && text.contains(&j), "{user}: {text}");
            assert_eq!(text.contains(&k), user == "admin", "{user} and {k}: {text}");
            assert_eq!(text.contains("本地估算"), user == "admin", "{user}: {text}");
            // Both sections render with their charts: a box for the pool and each school shown
            // (J's 16 and K's 12 sat), none for a class.
            for section in ["#exams-levels-1 figure svg", "#exams-boxes-1 figure svg"] {
                let svg = c.find(Locator::Css(section)).await;
                assert!(svg.is_ok(), "{user} at {width} px: no {section}");
            }
            assert!(
                text.contains("素养水平") && text.contains("中位数"),
                "{user}: {text}"
            );
            let boxes = c
                .find_all(Locator::Css("#exams-boxes-1 rect.box"))
                .await
                .unwrap();
            let expected = match user {
                "admin" => 3,
                "banzhuren_j" | "renke_j" => 1,
                _ => 2,
            };
            assert_eq!(boxes.len(), expected, "{user}");
            // The teachers' rows: the district's and the school's, and the teacher's own.
            let teachers = ["admin", "xuexiao_j", "renke_j"].contains(&user);
            assert_eq!(
                text.contains("TJ01（3班、4班）"),
                teachers,
                "{user}: {text}"
            );
            assert_eq!(
                text.contains("TJ02"),
                user != "renke_j" && teachers,
                "{user}"
            );
        }
    }
    // The navigation offers the page.
    c.goto(&app.url("/dashboard")).await.unwrap();
    assert!(c.find(Locator::Css("nav a[href='/exams']")).await.is_ok());
    let _ = b.client.clone().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bands_board_fits_a_phone_and_a_desktop() {
    let app = spawn_with(Backend::Sqlite, crate::exams::bands_config()).await;
    let (j, k, code) = board(&app).await;
    let row = format!("tr#exams-bands-school-{code}");
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", PW).await;
    logged_in(c).await;
    for (width, height) in [(390, 844), (1280, 900)] {
        c.set_window_size(width, height).await.unwrap();
        c.goto(&app.url("/exams/bands")).await.unwrap();
        assert!(fits(c).await, "/exams/bands fits {width} px");
        let text = body_text(c).await;
        for shown in [j.as_str(), k.as_str(), "触及警戒线"] {
            assert!(text.contains(shown), "{width} px lacks {shown}: {text}");
        }
        let k_row = c
            .find(Locator::Css(&row))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            k_row.contains("未接入") && k_row.contains("约谈并制定帮扶计划"),
            "{k_row}"
        );
    }
    // Only the latest exam chosen: K at the 警戒线 once, a notice.
    for first in ["七年级起始统考", "七年级期中统考"] {
        let path = format!("//label[contains(., '{first}')]/input");
        c.find(Locator::XPath(&path))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    click_to_load(c, "#exams-bands-form button").await;
    let k_row = c
        .find(Locator::Css(&row))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        k_row.contains("提示预警") && !k_row.contains("约谈"),
        "{k_row}"
    );
    assert!(
        !k_row.contains("未接入"),
        "one exam, where K has scores: {k_row}"
    );
    assert!(fits(c).await);
    // The list of exams links to the board.
    c.goto(&app.url("/exams")).await.unwrap();
    assert!(c.find(Locator::Css("a#exams-bands-link")).await.is_ok());
    let _ = b.client.clone().close().await;
}
