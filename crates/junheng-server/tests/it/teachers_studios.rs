//! 名师工作室 and 师徒结对 (issue 17): the files imported on the pages (a bad file's problems
//! listed, nothing written; a current file replaced only when confirmed; withdrawn when
//! confirmed), the pages, their downloads and JSON from one report, a pair ended, and a school
//! administrator who sees only the studios and pairs of their school.

use junheng_core::school::{SchoolRecord, Section};
use junheng_rotation::{BackboneLevel, Degree, Sex, Teacher, TeacherId, Title};
use junheng_store::{Actor, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

both!(studios_and_mentors_on_the_pages, studios);

const PASSWORD: &str = "工作室测试-123456";

async fn roster(app: &TestApp, records: &[SchoolRecord]) {
    let teachers: Vec<Teacher> = (0..10)
        .map(|i| Teacher {
            year: 2024,
            id: TeacherId::parse(&format!("T{i}")).unwrap(),
            school: records[i % 3].code.clone(),
            section: Section::Primary,
            subject: "数学".into(),
            degree: Degree::Bachelor,
            backbone: if i < 2 {
                BackboneLevel::City
            } else {
                BackboneLevel::None
            },
            pe_arts: false,
            start_year: if i < 2 { 2008 } else { 2024 },
            birth_year: 1988,
            sex: Sex::Female,
            on_staff: true,
            title: Some(Title::Second),
        })
        .collect();
    app.home()
        .await
        .replace_roster(2024, &teachers, &Actor::system())
        .await
        .unwrap();
}

async fn studios(app: TestApp) {
    let records = district(12);
    app.seed(&records).await;
    roster(&app, &records).await;
    let (a, b, c) = (&records[0].code, &records[1].code, &records[2].code);
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user("school", PASSWORD, Role::School, Scope::School(c.clone()))
        .await;
    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/teachers/studios").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"studios-none\""));

    let head =
        "名称,类型,级别,学科,主持人教师编号,主持人学校标识码,开始日期,结束日期,状态,成员教师编号\n";
    let bad = format!("{head}甲,兴趣小组,区级,,T0,{a},2024-09-01,,运行中,T1\n");
    let (status, body) = app
        .upload_with(
            "/teachers/studios",
            "/teachers/studios/import",
            "坏.csv",
            bad.into_bytes(),
            &[("kind", "studios")],
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("id=\"import-errors\"") && body.contains("类型"),
        "{body}"
    );
    let good = format!(
        "{head}甲工作室,领雁工程项目,市级,数学,T0,{a},2024-09-01,,运行中,T3、T5\n乙工作室,学科工作室,区级,语文,T1,{b},2024-09-01,,运行中,T4\n"
    );
    let (status, _) = app
        .upload_with(
            "/teachers/studios",
            "/teachers/studios/import",
            "工作室.csv",
            good.clone().into_bytes(),
            &[("kind", "studios")],
        )
        .await;
    assert_eq!(status, 303);
    // Again without the confirmation: refused.
    let (status, _) = app
        .upload_with(
            "/teachers/studios",
            "/teachers/studios/import",
            "工作室.csv",
            good.into_bytes(),
            &[("kind", "studios")],
        )
        .await;
    assert_eq!(status, 409);
    let outputs = format!(
        "工作室名称,学年,成果类型,数量,覆盖学校标识码\n甲工作室,2024,送教下乡,3,{b}、{c}\n"
    );
    let (status, _) = app
        .upload_with(
            "/teachers/studios",
            "/teachers/studios/import",
            "成果.csv",
            outputs.into_bytes(),
            &[("kind", "outputs")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = app.text("/teachers/studios?year=2024").await;
    assert!(
        page.contains("甲工作室") && page.contains("id=\"studios-figures\""),
        "{page}"
    );
    let json: serde_json::Value = app
        .get("/api/v1/teachers/studios?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["district"]["studios"], 2);
    assert_eq!(json["studios"][0]["figures"]["people"], 3);
    let xlsx = app
        .get("/teachers/studios?year=2024&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(xlsx_text(&xlsx).contains("甲工作室"));
    let (status, page) = app.text("/teachers/studios/1?year=2024").await;
    assert_eq!(status, 200);
    assert!(page.contains("T3") && page.contains("送教下乡"), "{page}");
    assert_eq!(app.get("/teachers/studios/9").await.status(), 404);

    let mhead = "师傅教师编号,师傅学校标识码,徒弟教师编号,徒弟学校标识码,学科,开始日期,结束日期,目标,已开展活动次数,计划活动次数,结果\n";
    let pairs = format!(
        "{mhead}T0,{a},T3,{a},数学,2024-09-01,,,,,\nT0,{a},T6,{a},数学,2024-09-01,,,,,\nT0,{a},T9,{a},数学,2024-09-01,,,,,\nT0,{a},T5,{c},数学,2024-09-01,,,,,\nT1,{b},T4,{b},语文,2024-09-01,,,,,\n"
    );
    let (status, _) = app
        .upload(
            "/teachers/mentors",
            "/teachers/mentors/import",
            "师徒.csv",
            pairs.into_bytes(),
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = app.text("/teachers/mentors?year=2024").await;
    assert!(
        page.contains("id=\"mentors-findings\"") && page.contains("超过上限 3 名"),
        "{page}"
    );
    let json: serde_json::Value = app
        .get("/api/v1/teachers/mentors?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["pairs"].as_array().unwrap().len(), 5);
    let csv = app
        .get("/teachers/mentors?year=2024&format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("T9"));
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            "/teachers/mentors/end",
            &[
                ("csrf", &csrf),
                ("n", "1"),
                ("on", "2025-06-30"),
                ("outcome", "优秀"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let json: serde_json::Value = app
        .get("/api/v1/teachers/mentors?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["pairs"][0]["pair"]["outcome"], "excellent");

    // The school's administrator sees the studio reaching their school's teacher and the pair
    // of their school, without the district's figures.
    app.login("school", PASSWORD).await;
    let json: serde_json::Value = app
        .get("/api/v1/teachers/studios?year=2024")
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = json["studios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["studio"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["甲工作室"]);
    assert!(json["district"].is_null());
    let json: serde_json::Value = app
        .get("/api/v1/teachers/mentors?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["pairs"].as_array().unwrap().len(), 1);
    let (status, _) = app
        .post_form(
            "/teachers/mentors/withdraw",
            &[("csrf", &csrf), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 403);

    app.login("admin", PASSWORD).await;
    let (_, page) = app.text("/teachers/mentors").await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form("/teachers/mentors/withdraw", &[("csrf", &csrf)])
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_form(
            "/teachers/mentors/withdraw",
            &[("csrf", &csrf), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = app.text("/teachers/mentors").await;
    assert!(page.contains("id=\"mentors-none\""));
}
