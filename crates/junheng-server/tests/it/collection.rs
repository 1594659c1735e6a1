//! 学校填报与收集进度: the pre-filled template's round trip, a return that needs its reason and
//! reaches the school, and the collection progress with its workbook.

use junheng_core::school::SchoolRecord;
use junheng_store::{Actor, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

/// Seeds 30 schools, a school account for `records[at]` and an administrator; logs the school in
/// with the app's client and returns the records and the administrator's client.
async fn setup(app: &TestApp, at: usize) -> (Vec<SchoolRecord>, reqwest::Client) {
    let records = district(30);
    app.seed(&records).await;
    app.add_user(
        "school",
        "正确密码-3",
        Role::School,
        Scope::School(records[at].code.clone()),
    )
    .await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("school", "正确密码-3").await;
    let admin = app.logged_in("admin", "正确密码-1").await;
    (records, admin)
}

/// Posts a decision on submission `id` as `admin`: the status and the body.
async fn decide(
    app: &TestApp,
    admin: &reqwest::Client,
    id: i64,
    decision: &str,
    note: &str,
) -> (u16, String) {
    let page = app.page_for(admin, "/submissions").await;
    let r = admin
        .post(app.url(&format!("/submissions/{id}")))
        .form(&[
            ("csrf", TestApp::csrf_of(&page).as_str()),
            ("decision", decision),
            ("note", note),
        ])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn the_pre_filled_template_comes_back_as_a_submission(app: TestApp) {
    let (records, admin) = setup(&app, 4).await;
    let mine = records[4].clone();
    let r = app.get("/submit/template.xlsx").await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap().to_vec();
    let filled = junheng_io::school::read_bytes(&bytes, "本校.xlsx")
        .unwrap_or_else(|f| panic!("{f}"))
        .records;
    assert_eq!(
        filled,
        std::slice::from_ref(&mine),
        "the template holds the school's row"
    );
    assert_eq!(app.home().await.years().await.unwrap()[0].latest_version, 1);

    // An edit with a problem is refused with the import's cell table.
    let mut bad = mine.clone();
    bad.name = String::new();
    let (status, page) = app
        .upload(
            "/submit",
            "/submit",
            "本校.xlsx",
            junheng_io::school::write_xlsx_bytes(&[bad]).unwrap(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("class=\"issues\""), "{page}");
    assert!(page.contains(">学校名称</td>"), "{page}");
    assert!(app.home().await.submissions(None).await.unwrap().is_empty());

    let mut edited = mine.clone();
    edited.facilities.multimedia_rooms += 3;
    edited.facilities.books += 500;
    let (status, page) = app
        .upload(
            "/submit",
            "/submit",
            "本校.xlsx",
            junheng_io::school::write_xlsx_bytes(&[edited.clone()]).unwrap(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("等待区教育局审核"), "{page}");
    let stored = &app.home().await.submissions(None).await.unwrap()[0];
    assert_eq!(stored.record, edited);

    // The review names the fields in Chinese, before → after, and the verdict's effect.
    let review = app.page_for(&admin, "/submissions").await;
    let rooms = format!(
        "<td lang=\"zh-CN\">网络多媒体教室数</td><td class=\"num\">{}</td><td>→</td><td class=\"num\">{}</td>",
        mine.facilities.multimedia_rooms, edited.facilities.multimedia_rooms
    );
    assert!(review.contains(&rooms), "{review}");
    assert!(review.contains(">图书册数</td>"), "{review}");
    assert!(review.contains("对本校结论的影响："), "{review}");
    assert!(review.contains("class=\"approve\"") && review.contains("class=\"reject\""));
}
both!(
    prefilled_template,
    the_pre_filled_template_comes_back_as_a_submission
);

async fn a_return_needs_its_reason_and_the_school_reads_it(app: TestApp) {
    let (records, admin) = setup(&app, 2).await;
    let mut changed = records[2].clone();
    changed.primary.classes += 6;
    let id = junheng_app::submissions::submit(
        &app.home().await,
        &changed.code,
        std::slice::from_ref(&changed),
        &Actor::new("school"),
    )
    .await
    .unwrap();
    for blank in ["", "   "] {
        let (status, page) = decide(&app, &admin, id, "reject", blank).await;
        assert_eq!(status, 400, "{page}");
        assert!(page.contains("退回须写明原因"), "{page}");
    }
    assert_eq!(
        app.home()
            .await
            .submissions(Some("pending"))
            .await
            .unwrap()
            .len(),
        1,
        "a refused return changes nothing"
    );
    let reason = "小学班数比学籍系统多 6 个班，请核对";
    assert_eq!(decide(&app, &admin, id, "reject", reason).await.0, 303);

    let page = app.text("/submit").await.1;
    assert!(page.contains("最近一次提交已退回"), "{page}");
    assert!(
        page.contains(&format!("<strong id=\"return-reason\">{reason}</strong>")),
        "{page}"
    );
    // The decided submission keeps its changes and outcome.
    let review = app.page_for(&admin, "/submissions").await;
    let decided = &review[review.find("id=\"decided\"").expect("已处理")..];
    assert!(decided.contains(">小学班数</td>"), "{decided}");
    assert!(
        decided.contains("已退回") && decided.contains(reason),
        "{decided}"
    );
    assert!(review.contains("没有待审核的提交"), "{review}");
    assert_eq!(app.home().await.years().await.unwrap()[0].latest_version, 1);
}
both!(
    return_reason,
    a_return_needs_its_reason_and_the_school_reads_it
);

async fn the_progress_page_counts_every_stage(app: TestApp) {
    let (records, admin) = setup(&app, 0).await;
    let home = app.home().await;
    let submit = |r: SchoolRecord| {
        let home = home.clone();
        async move {
            let mut r = r;
            r.facilities.books += 100;
            junheng_app::submissions::submit(&home, &r.code.clone(), &[r], &Actor::new("school"))
                .await
                .unwrap()
        }
    };
    let approved = submit(records[0].clone()).await;
    let returned = submit(records[1].clone()).await;
    submit(records[2].clone()).await;
    submit(records[3].clone()).await;
    assert_eq!(decide(&app, &admin, approved, "approve", "").await.0, 303);
    assert_eq!(
        decide(&app, &admin, returned, "reject", "图书册数有误")
            .await
            .0,
        303
    );

    let page = app.page_for(&admin, "/submissions/progress").await;
    let count = |stage: &str| {
        let at = page
            .find(&format!("id=\"stage-{stage}\""))
            .unwrap_or_else(|| panic!("{stage}: {page}"));
        let rest = &page[at..];
        let from = rest.find("<span class=\"count\">").unwrap() + 20;
        rest[from..from + rest[from..].find('<').unwrap()].to_owned()
    };
    assert_eq!(
        [
            count("not_submitted"),
            count("pending"),
            count("returned"),
            count("approved")
        ],
        ["26", "2", "1", "1"]
    );
    assert!(page.contains("全区 30 所学校，已提交 4 所。"), "{page}");
    assert!(page.contains("图书册数有误"), "{page}");

    let only = app
        .page_for(&admin, "/submissions/progress?stage=returned")
        .await;
    assert_eq!(only.matches("<td class=\"fail\">已退回</td>").count(), 1);
    assert!(!only.contains("<td class=\"muted\">未提交</td>"), "{only}");
    let r = admin
        .get(app.url("/submissions/progress?stage=lost"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    let r = admin
        .get(app.url("/submissions/progress.xlsx?year=2024"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(text.contains("收集进度") && text.contains("图书册数有误"));
    assert_eq!(
        text.matches("<row ").count(),
        31,
        "a header and every school"
    );
    let r = admin
        .get(app.url("/submissions/progress.xlsx?stage=not_submitted"))
        .send()
        .await
        .unwrap();
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert_eq!(text.matches("<row ").count(), 27, "the page's filter");

    // Schools do not see the district's progress.
    assert_eq!(app.get("/submissions/progress").await.status(), 403);
    assert_eq!(app.get("/submissions/progress.xlsx").await.status(), 403);
}
both!(progress, the_progress_page_counts_every_stage);

/// The demo's three years as the demo command stores them: 2022 fails the 骨干教师 差异系数, so
/// its indicator page shows the least-addition plan; a school's page shows its raw inputs and, for
/// a school with several sections, how its shared facilities are apportioned.
async fn the_demo_shows_its_plan_and_a_schools_inputs(app: TestApp) {
    let spec = junheng_core::demo::DemoSpec {
        schools: 160,
        seed: 2024,
        year: 2024,
    };
    let records = junheng_core::demo::generate_years(&spec, 3);
    for year in 2022..=2024 {
        let rows: Vec<SchoolRecord> = records.iter().filter(|r| r.year == year).cloned().collect();
        app.seed(&rows).await;
    }
    app.add_user("dux", "正确密码-2", Role::Supervisor, Scope::District)
        .await;
    app.login("dux", "正确密码-2").await;
    for (year, plan) in [(2022, true), (2024, false)] {
        let (status, page) = app
            .text(&format!(
                "/indicators/primary/backbone_teachers_per_100?year={year}"
            ))
            .await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page.contains("最少补充方案"), plan, "{year}");
    }
    let shared = records
        .iter()
        .find(|r| r.year == 2024 && r.kind == junheng_core::school::SchoolKind::Complete)
        .expect("a 完全中学");
    let (status, page) = app.text(&format!("/schools/{}", shared.code)).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains(&format!(
            "<dt>高中在校生数</dt><dd>{}</dd>",
            shared.senior_students
        )),
        "{page}"
    );
    assert!(page.contains("共用设施如何分摊到本学段"), "{page}");
    assert!(
        page.contains(&format!("初中在校生 {} 人", shared.junior.students)),
        "{page}"
    );
}
both!(demo_plan, the_demo_shows_its_plan_and_a_schools_inputs);
