//! 佐证材料: documents attached to a group and a school from their pages; refused files write
//! nothing; every version kept and listed; downloads with the exact headers, audited; who may
//! read and attach follows the record's place (a school user not another school's documents, a
//! group lead their group's charter).

use junheng_core::school::SchoolRecord;
use junheng_store::{AuditFilter, Role, Scope};
use reqwest::Client;
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::english::chinese_outside_data;
use crate::helpers::{TestApp, district, xlsx_text};

const PASSWORD: &str = "佐证测试-密码-1";

both!(documents_are_attached_listed_and_downloaded, attached);
both!(reading_and_attaching_follow_the_record_s_place, scoped);

fn pdf(n: u8) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    b.extend_from_slice(format!("% version {n}\n%%EOF\n").as_bytes());
    b
}

fn enc(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The answer to an upload: status, `Location`, body.
struct Answer {
    status: u16,
    location: String,
    body: String,
}

/// Posts the evidence form of page `page` (its CSRF token) as `client`.
#[allow(clippy::too_many_arguments)]
async fn attach(
    app: &TestApp,
    client: &Client,
    page: &str,
    kind: &str,
    key: &str,
    title: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> Answer {
    let html = app.page_for(client, page).await;
    let form = Form::new()
        .text("csrf", TestApp::csrf_of(&html))
        .text("kind", kind.to_owned())
        .text("key", key.to_owned())
        .text("back", page.to_owned())
        .text("title", title.to_owned())
        .text("note", "2024 年修订".to_owned())
        .part(
            "file",
            Part::bytes(bytes)
                .file_name(file_name.to_owned())
                // What the client says is never asked for.
                .mime_str("text/html")
                .unwrap(),
        );
    let r = client
        .post(app.url("/evidence"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    Answer {
        status: r.status().as_u16(),
        location: r
            .headers()
            .get("location")
            .map_or(String::new(), |l| l.to_str().unwrap().to_owned()),
        body: r.text().await.unwrap(),
    }
}

/// A group with at least two member schools, one member school, and a school outside it.
fn places(records: &[SchoolRecord]) -> (String, SchoolRecord, SchoolRecord) {
    let group = records
        .iter()
        .filter_map(|r| r.group.clone())
        .find(|g| {
            records
                .iter()
                .filter(|r| r.group.as_ref() == Some(g))
                .count()
                >= 2
        })
        .expect("a group of two schools");
    let member = records
        .iter()
        .find(|r| r.group.as_ref() == Some(&group))
        .unwrap()
        .clone();
    let outside = records
        .iter()
        .find(|r| r.group.as_ref() != Some(&group))
        .unwrap()
        .clone();
    (group, member, outside)
}

async fn documents_of(app: &TestApp, kind: &str, key: &str) -> Vec<junheng_store::Evidence> {
    let record = junheng_core::record::RecordRef::parse(kind, key).unwrap();
    app.home().await.evidence_versions(&record).await.unwrap()
}

async fn attached(app: TestApp) {
    let records = district(40);
    app.seed(&records).await;
    let (group, _, _) = places(&records);
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let group_page = format!("/groups/{}", enc(&group));
    let (status, page) = app.text(&group_page).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(r#"id="evidence""#) && page.contains("尚无佐证材料"));
    assert!(
        page.contains(r#"action="/evidence""#),
        "an admin may attach"
    );
    assert!(
        page.contains(r#"<option value="集团章程">"#),
        "slots are offered"
    );

    // A PDF: stored, and the browser sent back to the group's page.
    let a = attach(
        &app,
        &app.client,
        &group_page,
        "group",
        &group,
        "集团章程",
        "集团章程.pdf",
        pdf(1),
    )
    .await;
    assert_eq!(
        (a.status, a.location.as_str()),
        (303, group_page.as_str()),
        "{}",
        a.body
    );
    let stored = documents_of(&app, "group", &group).await;
    assert_eq!(stored.len(), 1);
    let first = stored[0].clone();
    assert_eq!(
        (
            first.version,
            first.media_type.as_str(),
            first.note.as_str()
        ),
        (1, "application/pdf", "2024 年修订")
    );
    let (_, page) = app.text(&group_page).await;
    assert!(
        page.contains("集团章程.pdf") && page.contains("第 1 版"),
        "{page}"
    );
    assert!(page.contains(&format!(r#"href="/evidence/{}""#, first.id)));

    // The download: the stored type, an attachment, and headers that let nothing run.
    let r = app.get(&format!("/evidence/{}", first.id)).await;
    assert_eq!(r.status(), 200);
    let header = |name: &str| {
        r.headers()
            .get(name)
            .map_or(String::new(), |v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"junheng.pdf\"; \
         filename*=UTF-8''%E9%9B%86%E5%9B%A2%E7%AB%A0%E7%A8%8B.pdf"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(
        header("content-security-policy"),
        "default-src 'none'; sandbox"
    );
    assert_eq!(header("cache-control"), "private, no-store");
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf(1));
    let downloads = app
        .store
        .audit_log(&AuditFilter {
            action_prefix: Some("evidence.download".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(downloads.len(), 1);
    assert_eq!(
        (downloads[0].actor.as_str(), downloads[0].target.clone()),
        ("admin", format!("evidence:{}", first.id))
    );

    // Refused: a web page named .pdf, a PNG named .pdf, nothing chosen; nothing is written.
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec();
    let a = attach(
        &app,
        &app.client,
        &group_page,
        "group",
        &group,
        "集团章程",
        "章程.pdf",
        html,
    )
    .await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("佐证材料未保存"), "{}", a.body);
    assert!(
        a.body.contains("不是可接受的佐证材料类型") && a.body.contains("章程.pdf"),
        "{}",
        a.body
    );
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0; 16]);
    let a = attach(
        &app,
        &app.client,
        &group_page,
        "group",
        &group,
        "集团章程",
        "章程.pdf",
        png,
    )
    .await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("扩展名应为 .png"), "{}", a.body);
    let a = attach(
        &app,
        &app.client,
        &group_page,
        "group",
        &group,
        "集团章程",
        "章程.pdf",
        vec![],
    )
    .await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("请选择要上传的文件"), "{}", a.body);
    assert_eq!(documents_of(&app, "group", &group).await.len(), 1);

    // Versions: a new file is version 2; the same file again is a conflict that names it.
    let a = attach(
        &app,
        &app.client,
        &group_page,
        "group",
        &group,
        "集团章程",
        "章程v2.pdf",
        pdf(2),
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    let a = attach(
        &app,
        &app.client,
        &group_page,
        "group",
        &group,
        "集团章程",
        "又一份.pdf",
        pdf(1),
    )
    .await;
    assert_eq!(a.status, 409, "{}", a.body);
    assert!(a.body.contains("第 1 版已是相同内容的文件"), "{}", a.body);
    let versions = documents_of(&app, "group", &group).await;
    assert_eq!(
        versions.iter().map(|e| e.version).collect::<Vec<_>>(),
        [2, 1]
    );
    let (_, page) = app.text(&group_page).await;
    assert!(page.contains("章程v2.pdf") && page.contains("第 2 版"));
    assert!(
        !page.contains("集团章程.pdf"),
        "the block shows the latest version"
    );

    // The record's list: every version, sorted, downloadable; the earlier version still opens.
    let list = format!("/evidence?kind=group&key={}", enc(&group));
    let (status, page) = app.text(&list).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("章程v2.pdf") && page.contains("集团章程.pdf"));
    let (status, _) = app.text(&format!("{list}&sort=version&desc=1")).await;
    assert_eq!(status, 200);
    let r = app.get(&format!("{list}&format=xlsx")).await;
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(
        text.contains("章程v2.pdf") && text.contains("材料名称"),
        "{text}"
    );
    let r = app.get(&format!("/evidence/{}", first.id)).await;
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf(1));
    let (status, all) = app.text("/evidence").await;
    assert_eq!(status, 200);
    assert!(all.contains("章程v2.pdf"));
    let (status, _) = app.text("/evidence?kind=group").await;
    assert_eq!(status, 400, "kind without key");
    let (status, _) = app.text("/evidence/999999").await;
    assert_eq!(status, 404);

    // In English, only data is Chinese.
    app.get("/lang?to=en&next=/").await;
    for path in [list.as_str(), group_page.as_str()] {
        let (_, page) = app.text(path).await;
        assert!(page.contains("<html lang=\"en\""));
        let chinese = chinese_outside_data(&page);
        assert!(chinese.is_empty(), "{path}: {chinese:?}");
    }
}

async fn scoped(app: TestApp) {
    let records = district(40);
    app.seed(&records).await;
    let (group, member, outside) = places(&records);
    let code = |r: &SchoolRecord| r.code.to_string();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user(
        "lead",
        PASSWORD,
        Role::GroupLead,
        Scope::Group(group.clone()),
    )
    .await;
    app.add_user(
        "xiao",
        PASSWORD,
        Role::School,
        Scope::School(member.code.clone()),
    )
    .await;
    app.add_user(
        "wai",
        PASSWORD,
        Role::School,
        Scope::School(outside.code.clone()),
    )
    .await;
    app.add_user("dux", PASSWORD, Role::Supervisor, Scope::District)
        .await;
    let lead = app.logged_in("lead", PASSWORD).await;
    let xiao = app.logged_in("xiao", PASSWORD).await;
    let wai = app.logged_in("wai", PASSWORD).await;
    let dux = app.logged_in("dux", PASSWORD).await;

    // A group lead attaches their group's charter and a member school's document.
    let group_page = format!("/groups/{}", enc(&group));
    let a = attach(
        &app,
        &lead,
        &group_page,
        "group",
        &group,
        "集团章程",
        "章程.pdf",
        pdf(1),
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    let charter = documents_of(&app, "group", &group).await[0].id;
    let member_page = format!("/schools/{}", code(&member));
    let a = attach(
        &app,
        &lead,
        &member_page,
        "school",
        &code(&member),
        "办学章程",
        "校章.pdf",
        pdf(2),
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    // …but not a school outside the group, nor does a supervisor attach to a group.
    let a = attach(
        &app,
        &lead,
        &group_page,
        "school",
        &code(&outside),
        "办学章程",
        "校章.pdf",
        pdf(3),
    )
    .await;
    assert_eq!(a.status, 403, "{}", a.body);
    let a = attach(
        &app,
        &dux,
        "/account",
        "group",
        &group,
        "集团章程",
        "章程.pdf",
        pdf(4),
    )
    .await;
    assert_eq!(a.status, 403, "{}", a.body);

    // The school user attaches to their own school only.
    let a = attach(
        &app,
        &xiao,
        &member_page,
        "school",
        &code(&member),
        "年度工作计划",
        "计划.pdf",
        pdf(5),
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    let a = attach(
        &app,
        &xiao,
        "/account",
        "school",
        &code(&outside),
        "年度工作计划",
        "计划.pdf",
        pdf(6),
    )
    .await;
    assert_eq!(a.status, 403, "{}", a.body);
    let a = attach(
        &app,
        &xiao,
        "/account",
        "group",
        &group,
        "集团章程",
        "章程.pdf",
        pdf(7),
    )
    .await;
    assert_eq!(a.status, 403, "{}", a.body);
    let own = documents_of(&app, "school", &code(&member)).await;
    assert_eq!(own.len(), 2);
    let school_doc = own[0].id;

    // Reading follows seeing.
    let status = |client: &Client, path: String| {
        let url = app.url(&path);
        let client = client.clone();
        async move { client.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(
        status(&lead, format!("/evidence/{charter}")).await,
        200,
        "the lead reads the charter"
    );
    assert_eq!(status(&dux, format!("/evidence/{charter}")).await, 200);
    assert_eq!(status(&xiao, format!("/evidence/{school_doc}")).await, 200);
    assert_eq!(status(&lead, format!("/evidence/{school_doc}")).await, 200);
    assert_eq!(
        status(&wai, format!("/evidence/{school_doc}")).await,
        403,
        "a school user cannot read another school's document"
    );
    assert_eq!(status(&wai, format!("/evidence/{charter}")).await, 403);
    assert_eq!(status(&xiao, format!("/evidence/{charter}")).await, 403);
    let member_list = format!("/evidence?kind=school&key={}", code(&member));
    assert_eq!(status(&wai, member_list.clone()).await, 403);
    assert_eq!(status(&xiao, member_list.clone()).await, 200);
    let listed = app.page_for(&wai, "/evidence").await;
    assert!(!listed.contains("校章.pdf") && !listed.contains(&code(&member)));
    let listed = app.page_for(&lead, "/evidence").await;
    assert!(listed.contains("校章.pdf") && listed.contains("章程.pdf"));
    let own_page = app.page_for(&xiao, &member_page).await;
    assert!(own_page.contains("计划.pdf") && own_page.contains(r#"action="/evidence""#));
    let outside_page = app
        .page_for(&wai, &format!("/schools/{}", code(&outside)))
        .await;
    assert!(outside_page.contains("尚无佐证材料") && !outside_page.contains("计划.pdf"));
    let dux_page = app.page_for(&dux, &member_page).await;
    assert!(
        dux_page.contains("计划.pdf"),
        "a supervisor reads every school's documents"
    );
    assert!(
        !dux_page.contains(r#"action="/evidence""#),
        "…without attaching"
    );
    let audited = app
        .store
        .audit_log(&AuditFilter {
            action_prefix: Some("evidence.download".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(audited.len(), 4, "refused downloads read nothing");
}
