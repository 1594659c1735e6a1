//! A whole exam's long file through the exam page's import form.

use super::*;

/// A whole exam's long file through the same form (`school` = `*`): the administrator only;
/// every school at once, each its next version; a row at the wrong school located, nothing
/// written.
async fn a_whole_exam_long_file_is_imported_at_once(app: TestApp) {
    let s = setup(&app).await;
    let admin = app.logged_in("admin", PW).await;
    let school = app.logged_in("xuexiao_j", PW).await;
    let exam = create(
        &app,
        &admin,
        &s.w,
        "七年级期中统考",
        &format!("{}-11-10", s.w.year),
    )
    .await;
    let (_, page) = fetch(&app, &admin, &format!("/exams/{exam}")).await;
    assert!(
        page.contains("value=\"*\"") && page.contains(".parquet"),
        "the option"
    );
    let (_, page) = fetch(&app, &school, &format!("/exams/{exam}")).await;
    assert!(!page.contains("value=\"*\""), "not for a school");
    let mut long = String::from("学校标识码,班级,学籍号,科目,分数,状态\n");
    for (code, pupils) in [(&s.w.j, &s.j), (&s.k, &s.k_pupils)] {
        for (i, p) in pupils.iter().enumerate() {
            for (subject, score) in [("语文", 40 + i), ("数学", 50 + i)] {
                let row = format!(
                    "{code},{},{},{subject},{score},\n",
                    p.class,
                    p.number.expose()
                );
                long.push_str(&row);
            }
        }
    }
    // K's first child under J: located at its row (the header is row 1), nothing written.
    let stray = format!("{},3班,{},语文,50,\n", s.w.j, s.k_pupils[0].number.expose());
    let bad = format!("{long}{stray}");
    let rows = long.lines().count() + 1;
    let (status, body) = import_as(&app, &admin, exam, "*", "全区.csv", bad).await;
    assert!(
        status == 200 && body.contains("id=\"import-errors\""),
        "{body}"
    );
    let located = format!(
        "<td lang=\"zh-CN\">全区.csv</td><td lang=\"zh-CN\"></td><td class=\"num\">{rows}</td><td lang=\"zh-CN\">学校标识码</td>"
    );
    assert!(body.contains(&located), "{body}");
    assert!(s.w.home.exam_files(exam, true).await.unwrap().is_empty());
    let (status, _) = import_as(&app, &school, exam, "*", "全区.csv", long.clone()).await;
    assert_eq!(status, 403);
    let (status, body) = import_as(&app, &admin, exam, "*", "全区.csv", long).await;
    assert!(
        status == 200 && body.contains("已导入 2 所学校的成绩"),
        "{body}"
    );
    let files = s.w.home.exam_files(exam, false).await.unwrap();
    assert_eq!(files.len(), 2);
    let rows = one_selection(&app, &admin, exam).await;
    assert!(rows.iter().any(|(_, n)| n == &s.k_name), "{rows:?}");
}

both!(
    a_whole_exam_long_file_is_imported_at_once_test,
    a_whole_exam_long_file_is_imported_at_once,
    config()
);
