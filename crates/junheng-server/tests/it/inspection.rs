//! 督导评估 (issue 19) on the web: the overview and an item's page for the district's readers
//! only; a statement needs a confirmation and counts only with a document; the official
//! 社会认可度 at 0.8499 is a veto on the page, in the JSON and in the workbook; 撤回 restores
//! the state before; every write audited.

use junheng_core::school::SchoolCode;
use junheng_store::{Role, Scope};
use reqwest::multipart::{Form, Part};

use crate::helpers::{Backend, TestApp, district, location, spawn, xlsx_text};

const PASSWORD: &str = "督导评估-123456";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verdict_follows_statements_evidence_and_figures() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(12);
    app.seed(&records).await;
    let school = SchoolCode::parse(&records[0].code.to_string()).unwrap();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user("dux", PASSWORD, Role::Supervisor, Scope::District)
        .await;
    app.add_user("head", PASSWORD, Role::School, Scope::School(school))
        .await;

    // A school's account does not see the district's verdict.
    let head = app.logged_in("head", PASSWORD).await;
    let r = head
        .get(app.url("/inspection?year=2024"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/inspection?year=2024").await;
    assert_eq!(status, 200, "{page}");
    for part in [
        "资源配置",
        "政府保障程度",
        "教育质量",
        "社会认可度",
        "一票否决",
        "差距清单",
    ] {
        assert!(page.contains(part), "{part}");
    }
    assert!(page.contains("尚待认定") || page.contains("未达到优质均衡认定标准"));

    // An attested item: the statement needs its confirmation, then counts only with a document.
    let item = "/inspection/items/four_unified?year=2024";
    let (_, html) = app.text(item).await;
    let csrf = TestApp::csrf_of(&html);
    let attest = |confirm: bool| {
        let mut f = vec![
            ("csrf", csrf.clone()),
            ("year", "2024".to_owned()),
            ("rulebook", "cn-2017".to_owned()),
            ("met", "1".to_owned()),
            ("note", "四个标准城乡统一".to_owned()),
        ];
        if confirm {
            f.push(("confirm", "1".to_owned()));
        }
        f
    };
    let r = app
        .post("/inspection/items/four_unified/attest", &attest(false))
        .await;
    assert_eq!(r.status(), 400);
    assert!(app.home().await.statements(2024).await.unwrap().is_empty());
    let r = app
        .post("/inspection/items/four_unified/attest", &attest(true))
        .await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/inspection/items/four_unified?"));
    let (_, html) = app.text(item).await;
    assert!(
        html.contains("未附佐证材料"),
        "a statement without a document"
    );
    let form = Form::new()
        .text("csrf", TestApp::csrf_of(&html))
        .text("kind", "supervision_item")
        .text("key", "2024/four_unified")
        .text("back", item)
        .text("title", "学校建设标准文件")
        .text("note", "")
        .part(
            "file",
            Part::bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec())
                .file_name("标准.pdf"),
        );
    let r = app
        .client
        .post(app.url("/evidence"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let json: serde_json::Value = app
        .get("/api/v1/inspection?year=2024")
        .await
        .json()
        .await
        .unwrap();
    let four = json["verdict"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "four_unified")
        .unwrap()
        .clone();
    assert_eq!(four["status"], "met");
    assert_eq!(four["basis"], "evidence");

    // The official 社会认可度 just under 85 %: a veto, on every view.
    let (_, html) = app.text("/inspection?year=2024").await;
    let figure = |value: &str| {
        vec![
            ("csrf", TestApp::csrf_of(&html)),
            ("year", "2024".to_owned()),
            ("rulebook", "cn-2017".to_owned()),
            ("name", "recognition_rate".to_owned()),
            ("value", value.to_owned()),
            ("source", "国家认可度调查反馈（2025-05）".to_owned()),
        ]
    };
    let r = app.post("/inspection/inputs", &figure("1.3")).await;
    assert_eq!(r.status(), 400, "a rate above 1 is refused");
    let r = app.post("/inspection/inputs", &figure("0.8499")).await;
    assert_eq!(r.status(), 303);
    let json: serde_json::Value = app
        .get("/api/v1/inspection?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["verdict"]["overall"], "not_recognisable");
    assert!(
        json["verdict"]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("社会认可度低于 85%"),
        "{}",
        json["verdict"]["reasons"]
    );
    let (_, page) = app.text("/inspection?year=2024").await;
    assert!(page.contains("未达到优质均衡认定标准"));
    let xlsx = app
        .get("/inspection.xlsx?year=2024")
        .await
        .bytes()
        .await
        .unwrap();
    let text = xlsx_text(&xlsx);
    assert!(text.contains("差距清单") && text.contains("社会认可度低于 85%"));

    // 撤回 of the figure: the veto is gone again.
    let id = app.home().await.inspection_inputs(2024).await.unwrap()[0].id;
    let r = app
        .post(
            &format!("/inspection/inputs/{id}/withdraw"),
            &[
                ("csrf", TestApp::csrf_of(&page)),
                ("rulebook", "cn-2017".to_owned()),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let json: serde_json::Value = app
        .get("/api/v1/inspection?year=2024")
        .await
        .json()
        .await
        .unwrap();
    let reasons = json["verdict"]["reasons"].to_string();
    assert!(!reasons.contains("社会认可度"), "{reasons}");

    // A supervisor reads, but has no form to write with and is refused when trying.
    let dux = app.logged_in("dux", PASSWORD).await;
    let html = dux
        .get(app.url(item))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("四个标准城乡统一") && !html.contains("inspection-attest-form"));
    let r = dux
        .post(app.url("/inspection/items/four_unified/attest"))
        .form(&[("csrf", TestApp::csrf_of(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Every write is in the log.
    let log = app.text("/audit").await.1;
    for sentence in [
        "认定 2024 学年督导评估指标 four_unified",
        "录入了 2024 学年督导评估数据",
        "撤回了 2024 学年督导评估",
    ] {
        assert!(log.contains(sentence), "{sentence}");
    }
}

/// Runs python-docx (`crates/junheng-io/tests/it/docx_read.py`) on a file: its JSON.
fn read_back(path: &std::path::Path) -> serde_json::Value {
    let python =
        std::env::var("JUNHENG_TEST_DOCX_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../junheng-io/tests/it/docx_read.py");
    let out = std::process::Command::new(&python)
        .arg(&script)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("{python} does not run ({e}): the read-back needs python3-docx (scripts/test.sh installs it)"));
    assert!(
        out.status.success(),
        "python-docx failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    all[path.to_str().unwrap()].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_self_report_is_word_read_back_independently_in_the_district_s_template() {
    let app = spawn(Backend::Sqlite).await;
    app.seed(&district(12)).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let dir = tempfile::tempdir().unwrap();

    let r = app.get("/inspection/report.docx?year=2024").await;
    assert_eq!(r.status(), 200);
    let path = dir.path().join("报告.docx");
    std::fs::write(&path, r.bytes().await.unwrap()).unwrap();
    let doc = read_back(&path);
    let headings: Vec<String> = doc["headings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["level"] == 1)
        .map(|h| h["text"].as_str().unwrap().to_owned())
        .collect();
    for (i, name) in junheng_io::docx::SECTIONS.iter().enumerate() {
        let heading = format!("{}、{name}", junheng_io::docx::numeral(i as u32 + 1));
        assert!(headings.contains(&heading), "{heading}: {headings:?}");
    }
    // The 15, 9 and 8 item rows (and a header row each).
    let rows: Vec<u64> = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["rows"].as_u64().unwrap())
        .collect();
    for n in [16, 10, 9] {
        assert!(rows.contains(&n), "a table of {n} rows: {rows:?}");
    }
    let footer = doc["footer"].to_string();
    assert!(
        footer.contains("cn-2017@2017.2") && footer.contains("数据戳"),
        "{footer}"
    );
    assert!(doc["charts"].as_u64().unwrap() >= 1);
    let text = doc["paragraphs"].to_string();
    assert!(!text.contains("{{"), "every field filled");

    // A refused template says why, with its code; nothing is stored.
    let (status, body) = app
        .upload(
            "/inspection/report",
            "/inspection/report/template",
            "模板.docx",
            b"not a zip".to_vec(),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("docx.template"), "{body}");
    assert!(app.home().await.report_template().await.unwrap().is_none());

    // The district's own template: made by python-docx, uploaded, used.
    let own = dir.path().join("自己的模板.docx");
    let python =
        std::env::var("JUNHENG_TEST_DOCX_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../junheng-io/tests/it/docx_read.py");
    let made = std::process::Command::new(&python)
        .arg(&script)
        .arg("--make-template")
        .arg(&own)
        .status()
        .unwrap();
    assert!(made.success());
    let (status, body) = app
        .upload(
            "/inspection/report",
            "/inspection/report/template",
            "自己的模板.docx",
            std::fs::read(&own).unwrap(),
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let (_, page) = app.text("/inspection/report?year=2024").await;
    assert!(page.contains("自己的模板.docx"));
    let r = app.get("/inspection/report.docx?year=2024").await;
    let path = dir.path().join("按模板.docx");
    std::fs::write(&path, r.bytes().await.unwrap()).unwrap();
    let doc = read_back(&path);
    let text = doc["paragraphs"].to_string();
    assert!(
        text.contains("人民政府于") && !text.contains("{{"),
        "{text}"
    );
    assert!(doc["footer"].to_string().contains("数据戳"));
    let log = app.text("/audit").await.1;
    assert!(log.contains("上传了自评报告模板") && log.contains("学年自评报告"));
}

/// The 创建路径: the target, the days and the five steps; the district records its 自评 once it
/// is there to record (not behind a later step the city recorded), an administrator only; the
/// page, its JSON and the audit log agree.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_path_shows_target_steps_and_days_and_records_the_self_assessment() {
    use junheng_core::creation::CreationStatus;
    let app = spawn(Backend::Sqlite).await;
    app.seed(&district(12)).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user("dux", PASSWORD, Role::Supervisor, Scope::District)
        .await;
    let home = app.home().await.id();
    let system = junheng_store::Actor::system();
    app.store
        .set_creation_target(home, 2028, &system)
        .await
        .unwrap();

    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/inspection/path?year=2024").await;
    assert_eq!(status, 200, "{page}");
    for text in [
        "2028（整体推进）",
        "2028-12-31",
        "距目标期限",
        "未启动",
        "市级过程评估",
        "国家认定",
        "尚未计算",
        "inspection-path-form",
        "/tasks?overdue=1",
    ] {
        assert!(page.contains(text), "{text}: {page}");
    }
    let self_assess = |csrf: &str, on: &str| {
        vec![
            ("csrf", csrf.to_owned()),
            ("on", on.to_owned()),
            ("document", "渝北教督〔2026〕7号".to_owned()),
            ("note", "自评报告已报市教委".to_owned()),
        ]
    };
    let csrf = TestApp::csrf_of(&page);
    let r = app
        .post(
            "/inspection/path/self-assessment",
            &self_assess(&csrf, "2026-06-31"),
        )
        .await;
    assert_eq!(r.status(), 400, "no such day");
    let r = app
        .post(
            "/inspection/path/self-assessment",
            &self_assess(&csrf, "2026-06-30"),
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/inspection/path?done=self-assessed");
    let (_, page) = app.text("/inspection/path?done=self-assessed").await;
    assert!(page.contains("自评已记录") && page.contains("渝北教督〔2026〕7号"));
    assert!(page.contains("2026-06-30") && page.contains("自评报告已报市教委"));

    // The JSON: the same path.
    let json: serde_json::Value = app
        .get("/api/v1/inspection/path?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["target"], 2028);
    assert_eq!(json["phase"], "整体推进");
    assert_eq!(json["status"], "自评");
    assert_eq!(json["year"], 2024);
    assert!(json["readiness"].is_null());
    assert_eq!(json["steps"].as_array().unwrap().len(), 5);
    assert_eq!(json["steps"][1]["step"]["document"], "渝北教督〔2026〕7号");
    assert!(json["steps"][2]["step"].is_null());
    assert_eq!(json["tasks"]["open"], 0);
    let today = junheng_app::tasks::beijing_today();
    assert_eq!(
        json["days_left"].as_i64(),
        junheng_app::inspection::path::days_left(2028, &today)
    );

    // A supervisor reads the path but records nothing.
    let dux = app.logged_in("dux", PASSWORD).await;
    let page = app.page_for(&dux, "/inspection/path").await;
    assert!(page.contains("渝北教督〔2026〕7号") && !page.contains("inspection-path-form"));
    let r = dux
        .post(app.url("/inspection/path/self-assessment"))
        .form(&self_assess(&TestApp::csrf_of(&page), "2026-07-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Once the city recorded a later step, no 自评 is recorded behind it.
    app.store
        .record_creation_step(
            home,
            &junheng_store::NewStep {
                status: CreationStatus::CityProcess,
                reached_on: "2026-10-15".into(),
                document: "渝教督〔2026〕21号".into(),
                note: String::new(),
            },
            &system,
        )
        .await
        .unwrap();
    let (_, page) = app.text("/inspection/path").await;
    let r = app
        .post(
            "/inspection/path/self-assessment",
            &self_assess(&TestApp::csrf_of(&page), "2026-11-01"),
        )
        .await;
    assert_eq!(r.status(), 400);
    let c = app.store.creation(home).await.unwrap();
    assert_eq!(
        c.steps.len(),
        2,
        "the self-assessment once, the city's step"
    );
    assert_eq!(c.steps[0].recorded_by, "admin");

    // The standing once the verdict was opened; the overview links to the path.
    let (_, overview) = app.text("/inspection?year=2024").await;
    assert!(overview.contains("/inspection/path?year=2024"));
    let (_, page) = app.text("/inspection/path?year=2024").await;
    assert!(
        page.contains("达标方面") && !page.contains("尚未计算"),
        "{page}"
    );
    let log = app.text("/audit").await.1;
    assert!(log.contains("渝北教督〔2026〕7号"), "the step is audited");

    // In English, with its steps and standing: no Chinese outside data.
    let failures = crate::english::every_page_in_english(
        &app,
        &[&app.client],
        &[(0, "/inspection/path".into())],
    )
    .await;
    assert!(failures.is_empty(), "{failures:?}");
}
