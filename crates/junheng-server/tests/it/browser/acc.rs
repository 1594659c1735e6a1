//! Accounts in the browser (issue 11): the inbox in the header, a one-time password reset by an
//! administrator, and the user forced to choose their own before anything else.

use super::*;

/// An administrator sees a submission waiting in the header, opens the inbox, resets a
/// supervisor's password to a one-time password; the supervisor logs in with it, lands on the
/// account page whatever they ask for, changes it, and logs in with their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_resets_a_password_and_the_user_must_change_it() {
    let app = spawn(Backend::Sqlite).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.add_user("dux", "正确密码-2", Role::Supervisor, Scope::District)
        .await;
    let records = district(8);
    app.seed(&records).await;
    let mut changed = records[3].clone();
    changed.facilities.books += 10;
    app.home()
        .await
        .submit(&changed, &junheng_store::Actor::new("xz"))
        .await
        .unwrap();
    let dux = app
        .store
        .user_by_name("dux")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let b = browser().await;
    let c = &b.client;
    log_in(c, &app, "admin", "正确密码-1").await;
    logged_in(c).await;
    let count = c
        .find(Locator::Css("header a.inbox #inbox-count"))
        .await
        .expect("the inbox shows a count")
        .text()
        .await
        .unwrap();
    assert_eq!(count, "1");
    click(c, "header a.inbox").await;
    c.wait()
        .for_element(Locator::LinkText("去处理"))
        .await
        .expect("the inbox lists the submission");
    assert!(body_text(c).await.contains("待审核的提交"));
    // The user's page: reset to a one-time password, shown once.
    c.goto(&app.url(&format!("/users/{dux}"))).await.unwrap();
    click(c, "#reset-password").await;
    let one_time = c
        .wait()
        .for_element(Locator::Css("#one-time .one-time"))
        .await
        .expect("the one-time password is shown")
        .text()
        .await
        .unwrap();
    assert_eq!(one_time.chars().count(), 12, "{one_time}");
    click(c, "form.who button").await;
    c.wait()
        .for_element(Locator::Css("input[name=password]"))
        .await
        .expect("logged out");
    // The user logs in with it and is held on the account page.
    log_in(c, &app, "dux", &one_time).await;
    c.wait()
        .for_element(Locator::Css("#must-change"))
        .await
        .expect("the account page asks for a new password");
    assert_eq!(c.current_url().await.unwrap().path(), "/account");
    c.goto(&app.url("/schools")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/account");
    for (field, value) in [
        ("current", one_time.as_str()),
        ("new", "自己的密码-1357"),
        ("confirm", "自己的密码-1357"),
    ] {
        type_into(c, &format!("input[name={field}]"), value).await;
    }
    click(c, "main form button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css("input[name=password]"))
        .await
        .expect("back at the login page");
    assert!(body_text(c).await.contains("密码已修改"));
    log_in(c, &app, "dux", "自己的密码-1357").await;
    logged_in(c).await;
    c.goto(&app.url("/schools")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/schools");
    assert!(
        !app.store
            .user(dux)
            .await
            .unwrap()
            .unwrap()
            .must_change_password
    );
    let _ = b.client.clone().close().await;
}
