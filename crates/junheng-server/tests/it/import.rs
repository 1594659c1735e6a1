use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};

async fn a_bad_file_shows_every_error_and_stores_nothing(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
    let bad = "学年,学校标识码,学校名称,办学类型,小学在校生数,小学专任教师数,小学骨干教师数\n\
               2024,5001120001,甲小学,小学,500,30,40\n\
               2024,5.00112E+09,乙小学,小学,400,20,2\n";
    let (status, page) = app
        .upload("/import", "/import", "坏数据.csv", bad.as_bytes().to_vec())
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("发现 2 个问题"), "{page}");
    assert!(
        page.contains("import.exceeds_teachers") && page.contains("import.school_code_scientific")
    );
    assert!(!page.contains("确认导入"));
    assert!(
        app.home().await.years().await.unwrap().is_empty(),
        "nothing stored"
    );
}
both!(bad_import, a_bad_file_shows_every_error_and_stores_nothing);

async fn a_good_file_is_previewed_then_stored_as_a_new_version(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
    let records = district(50);
    let mut csv = Vec::new();
    junheng_io::school::write_csv(&records, &mut csv).unwrap();
    let (status, page) = app
        .upload("/import", "/import", "学校.csv", csv.clone())
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("文件检查通过") && page.contains("确认导入"),
        "{page}"
    );
    assert!(
        app.home().await.years().await.unwrap().is_empty(),
        "a preview stores nothing"
    );
    let at = page.find("name=\"pending\" value=\"").unwrap() + 22;
    let pending = page[at..at + 64].to_owned();
    let csrf = TestApp::csrf_of(&page);
    let r = app
        .post(
            "/import/confirm",
            &[("csrf", csrf.as_str()), ("pending", pending.as_str())],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.home().await.statistics(2024, None).await.unwrap(),
        records
    );
    // The same preview cannot be confirmed twice; a re-import is version 2.
    let again = app
        .post(
            "/import/confirm",
            &[("csrf", csrf.as_str()), ("pending", pending.as_str())],
        )
        .await;
    assert_eq!(again.status(), 400);
    let (_, page) = app.upload("/import", "/import", "学校.csv", csv).await;
    let at = page.find("name=\"pending\" value=\"").unwrap() + 22;
    let pending = page[at..at + 64].to_owned();
    app.post(
        "/import/confirm",
        &[("csrf", csrf.as_str()), ("pending", pending.as_str())],
    )
    .await;
    let years = app.home().await.years().await.unwrap();
    assert_eq!(years[0].latest_version, 2);
    let (status, dashboard) = app.text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(dashboard.contains("数据第 2 版"));
}
both!(
    good_import,
    a_good_file_is_previewed_then_stored_as_a_new_version
);
