//! 获奖与师德 (issue 17): 获奖 and 师德 files imported on the page (an unknown teacher refused
//! with nothing written), 师德 results replaced only when confirmed, a batch withdrawn only when
//! confirmed, the page, its download and the JSON agreeing, a school's administrator seeing only
//! their school, a group lead refused the page and a teacher's record, and a record read audited.

use junheng_store::{Actor, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

both!(honours_are_imported_replaced_withdrawn_and_scoped, honours);

const PASSWORD: &str = "获奖师德测试-123456";
const AWARDS: &str = "教师编号,学年,类别,级别,奖项名称\n";
const ETHICS: &str = "教师编号,学年,考核等次\n";

async fn upload(
    app: &TestApp,
    kind: &str,
    name: &str,
    csv: String,
    replace: bool,
) -> (u16, String) {
    let mut fields = vec![("kind", kind)];
    if replace {
        fields.push(("replace", "1"));
    }
    app.upload_with(
        "/teachers/honours",
        "/teachers/honours/import",
        name,
        csv.into_bytes(),
        &fields,
    )
    .await
}

/// A teacher's 师德 level of 2024 in the JSON.
async fn ethics_of(app: &TestApp, teacher: &str) -> String {
    let got: serde_json::Value = app
        .get("/api/v1/teachers/honours?year=2024")
        .await
        .json()
        .await
        .unwrap();
    got["ethics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[0]["teacher"] == teacher)
        .map(|e| e[0]["level"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn honours(app: TestApp) {
    let records = district(12);
    app.seed(&records).await;
    let roster = junheng_rotation::synth::roster(&records, 1);
    app.home()
        .await
        .replace_roster(2024, &roster, &Actor::system())
        .await
        .unwrap();
    let school = roster[0].school.clone();
    let ours = &roster[0];
    let theirs = roster.iter().find(|t| t.school != school).unwrap();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user(
        "head",
        PASSWORD,
        Role::School,
        Scope::School(school.clone()),
    )
    .await;
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    app.add_user("lead", PASSWORD, Role::GroupLead, Scope::Group(group))
        .await;
    app.login("admin", PASSWORD).await;

    // An unknown teacher: every problem listed, nothing written.
    let bad = format!("{AWARDS}NOBODY,2024,赛课,市级,市赛课一等奖\n");
    let (status, body) = upload(&app, "awards", "坏.csv", bad, false).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("NOBODY"), "{body}");
    let home = app.home().await;
    assert!(home.honour_files(None).await.unwrap().is_empty());

    let awards = format!(
        "{AWARDS}{},2024,赛课,市级,本校赛课一等奖\n{},2024,论文,区级,他校论文二等奖\n",
        ours.id, theirs.id
    );
    let (status, body) = upload(&app, "awards", "获奖.csv", awards, false).await;
    assert_eq!(status, 303, "{body}");
    let ethics = format!("{ETHICS}{},2024,合格\n{},2024,优秀\n", ours.id, theirs.id);
    let (status, body) = upload(&app, "ethics", "师德.csv", ethics, false).await;
    assert_eq!(status, 303, "{body}");

    // A second 师德 file for the same teachers replaces only with the tick.
    let again = format!("{ETHICS}{},2024,不合格\n", ours.id);
    let (status, body) = upload(&app, "ethics", "师德2.csv", again.clone(), false).await;
    assert_ne!(status, 303, "{body}");
    assert!(body.contains("确认替换"), "{body}");
    let (status, body) = upload(&app, "ethics", "师德2.csv", again, true).await;
    assert_eq!(status, 303, "{body}");

    // Page, download and JSON agree.
    let (status, page) = app.text("/teachers/honours?year=2024").await;
    assert_eq!(status, 200, "{page}");
    for s in [
        "本校赛课一等奖",
        "他校论文二等奖",
        "不合格",
        "id=\"th-batches\"",
    ] {
        assert!(page.contains(s), "{s}: {page}");
    }
    let got: serde_json::Value = app
        .get("/api/v1/teachers/honours?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["awards"].as_array().unwrap().len(), 2, "{got}");
    assert_eq!(got["ethics"].as_array().unwrap().len(), 2, "{got}");
    assert_eq!(ethics_of(&app, ours.id.as_str()).await, "不合格");
    let xlsx = app
        .get("/teachers/honours?year=2024&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let sheet = xlsx_text(&xlsx);
    for s in got["schools"].as_array().unwrap() {
        let code = s["school"].as_str().unwrap_or_default();
        assert!(sheet.contains(code), "{code}: {sheet}");
    }

    // Withdrawing the replacing batch needs the tick and brings the earlier result back.
    let latest = home.honour_files(Some("ethics")).await.unwrap();
    let batch = latest
        .iter()
        .find(|f| f.file_name == "师德2.csv")
        .unwrap()
        .id
        .to_string();
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            "/teachers/honours/withdraw",
            &[("csrf", &csrf), ("id", &batch)],
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_form(
            "/teachers/honours/withdraw",
            &[("csrf", &csrf), ("id", &batch), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(ethics_of(&app, ours.id.as_str()).await, "合格");

    // The school's administrator sees their school only; reading a record is audited.
    app.login("head", PASSWORD).await;
    let (status, page) = app.text("/teachers/honours?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("本校赛课一等奖") && !page.contains("他校论文二等奖"));
    let got: serde_json::Value = app
        .get("/api/v1/teachers/honours?year=2024")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["awards"].as_array().unwrap().len(), 1, "{got}");
    let (status, page) = app.text(&format!("/teachers/t/{}", ours.id)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("本校赛课一等奖"), "{page}");
    let (status, _) = app.text(&format!("/teachers/t/{}", theirs.id)).await;
    assert_eq!(status, 403);

    // A group lead holds no HonoursPass.
    app.login("lead", PASSWORD).await;
    assert_eq!(app.get("/teachers/honours").await.status(), 403);
    assert_eq!(app.get("/api/v1/teachers/honours").await.status(), 403);
    assert_eq!(
        app.get(&format!("/teachers/t/{}", ours.id)).await.status(),
        403
    );

    app.login("admin", PASSWORD).await;
    let (_, audit) = app.text("/audit").await;
    assert!(audit.contains("查看了教师档案"), "{audit}");
}
