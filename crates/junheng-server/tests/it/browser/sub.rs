//! 学校填报 in the browser: a school uploads its edited row, an administrator sees what it
//! changes and returns it with a reason (not without one), and the school reads the reason.

use super::*;

/// Logs the current user out through the header's form.
async fn log_out(c: &fantoccini::Client) {
    click(c, "form.who button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css("input[name=password]"))
        .await
        .expect("the login page");
}

/// The computed background colour of the first element matching `css`.
async fn background(c: &fantoccini::Client, css: &str) -> String {
    c.execute(
        "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor;",
        vec![json!(css)],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap()
    .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_submits_the_administrator_returns_it_with_a_reason_and_the_school_reads_it() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(30);
    app.seed(&records).await;
    let mine = records
        .iter()
        .find(|r| r.kind == junheng_core::school::SchoolKind::Primary)
        .unwrap()
        .clone();
    app.add_user(
        "school",
        "正确密码-3",
        Role::School,
        Scope::School(mine.code.clone()),
    )
    .await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let b = browser().await;
    let c = &b.client;

    // The school: the page offers its pre-filled template; the edited file is uploaded.
    log_in(c, &app, "school", "正确密码-3").await;
    logged_in(c).await;
    c.goto(&app.url("/submit")).await.unwrap();
    let link = c
        .find(Locator::Css("a#template"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap();
    assert_eq!(link.as_deref(), Some("/submit/template.xlsx"));
    let mut edited = mine.clone();
    edited.primary.students += 40;
    edited.primary.teachers += 2;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("本校.xlsx");
    junheng_io::school::write_xlsx(std::slice::from_ref(&edited), &file).unwrap();
    upload_at(c, &app, "/submit", &file).await;
    let message = c
        .wait()
        .for_element(Locator::Css("#submit-message"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(message.contains("等待区教育局审核"), "{message}");
    log_out(c).await;

    // The administrator: the change before → after, two different buttons, a reason required.
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    c.goto(&app.url("/submissions")).await.unwrap();
    let card = c
        .find(Locator::Css("section.submission"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Table cells are separated by tabs in the text: compare words.
    let card = card.split_whitespace().collect::<Vec<_>>().join(" ");
    let teachers = format!(
        "小学专任教师数 {} → {}",
        mine.primary.teachers, edited.primary.teachers
    );
    assert!(card.contains(&teachers), "{card}");
    assert!(card.contains("对本校结论的影响"), "{card}");
    assert_ne!(
        background(c, "button.approve").await,
        background(c, "button.reject").await,
        "approve and return look different"
    );
    let valid = c
        .execute(
            "return document.querySelector('button.reject').form.checkValidity();",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(valid, json!(false), "the return form needs its reason");
    click(c, "button.reject").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/submissions",
        "an empty reason does not send the form"
    );
    assert_eq!(
        app.home()
            .await
            .submissions(Some("pending"))
            .await
            .unwrap()
            .len(),
        1
    );
    let reason = "小学在校生数与学籍系统不符，请核对";
    c.find(Locator::Css("button.reject"))
        .await
        .unwrap()
        .find(Locator::XPath("preceding-sibling::input[@name='note']"))
        .await
        .unwrap()
        .send_keys(reason)
        .await
        .unwrap();
    click(c, "button.reject").await;
    let decided = c
        .wait()
        .for_element(Locator::Css("table#decided"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        decided.contains(reason) && decided.contains("已退回"),
        "{decided}"
    );
    assert!(
        decided.contains("小学专任教师数"),
        "the changes stay: {decided}"
    );
    log_out(c).await;

    // The school reads the reason on its own page.
    log_in(c, &app, "school", "正确密码-3").await;
    logged_in(c).await;
    c.goto(&app.url("/submit")).await.unwrap();
    let shown = c
        .find(Locator::Css("#return-reason"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, reason);
    assert!(fits(c).await);
}
