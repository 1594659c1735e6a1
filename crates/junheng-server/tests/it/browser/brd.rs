//! 挂图作战 in the browser (issue 19), on a phone (390 px): the 责任部门 区财政局 opens its board,
//! sees its overdue task in red words, opens it and starts it; its 责任清单 shows its own duty.

use super::*;

const PASSWORD: &str = "挂图作战浏览器-密码-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_works_its_board_on_a_phone() {
    let app = spawn(Backend::Sqlite).await;
    app.seed(&district(12)).await;
    app.add_user(
        "caizheng",
        PASSWORD,
        Role::Department,
        Scope::Department("区财政局".into()),
    )
    .await;
    let home = app.home().await;
    let admin = junheng_store::Actor::new("admin");
    let owner =
        junheng_store::TaskOwner::new(junheng_store::OwnerKind::Department, "区财政局").unwrap();
    let task = home
        .create_task(
            &junheng_store::NewTask {
                title: "足额拨付薄弱学校改造专项资金",
                detail: "督导评估整改：经费保障",
                owner: &owner,
                deadline: "2025-01-31",
                source: None,
            },
            &admin,
        )
        .await
        .unwrap();
    home.set_task_budget(task.id, 360_000_000, "区本级财政", &admin)
        .await
        .unwrap();
    home.set_duty(
        &junheng_store::NewDuty {
            item: "four_unified",
            department: "区财政局",
            duty: "保障城乡统一的经费标准",
            lead: false,
        },
        &admin,
    )
    .await
    .unwrap();

    let b = browser().await;
    let c = &b.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app, "caizheng", PASSWORD).await;
    logged_in(c).await;
    c.goto(&app.url("/board")).await.unwrap();
    assert!(fits(c).await, "the board fits a phone");
    let text = body_text(c).await;
    assert!(
        text.contains("区财政局") && text.contains("逾期 1 项"),
        "{text}"
    );
    assert!(text.contains("3,600,000.00"), "{text}");
    click_to_load(c, &format!("#board-grid a[href='/tasks/{}']", task.id)).await;
    assert!(fits(c).await, "the task fits a phone");
    let text = body_text(c).await;
    assert!(text.contains("足额拨付薄弱学校改造专项资金"), "{text}");
    c.goto(&app.url("/board/duties")).await.unwrap();
    let text = body_text(c).await;
    assert!(
        text.contains("保障城乡统一的经费标准") && text.contains("配合"),
        "{text}"
    );
    c.goto(&app.url("/inspection")).await.unwrap();
    assert!(body_text(c).await.contains("403") || body_text(c).await.contains("权限"));
}
