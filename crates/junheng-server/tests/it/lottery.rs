use junheng_lottery::synth::{SynthSpec, district as synth_district};
use junheng_lottery::{AuditPack, freeze, verify};
use junheng_store::{Role, Scope};
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::helpers::TestApp;

async fn a_ceremony_draws_once_and_anyone_can_verify(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
    let mut inputs = synth_district(&SynthSpec {
        applicants: 300,
        schools: 6,
        ..SynthSpec::default()
    });
    inputs.title = "2025 年民办初中电脑随机录取".into();
    let frozen = freeze(&inputs).unwrap();

    let (_, page) = app.text("/lottery").await;
    let csrf = TestApp::csrf_of(&page);
    let form = Form::new().text("csrf", csrf.clone()).part(
        "file",
        Part::bytes(frozen.canonical.clone()).file_name("名单.json"),
    );
    let r = app
        .client
        .post(app.url("/lottery"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let ceremony = r.headers()["location"].to_str().unwrap().to_owned();
    let (status, page) = app.text(&ceremony).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&frozen.digest),
        "the published digest is shown"
    );
    assert!(page.contains("开始派位"));

    let draw = format!("{ceremony}/draw");
    let witnesses = [
        ("csrf", csrf.as_str()),
        ("name0", "张代表"),
        ("value0", "20250620"),
        ("name1", "李公证"),
        ("value1", "7391"),
        ("name2", "王家长"),
        ("value2", "春风"),
    ];
    let r = app.post(&draw, &witnesses).await;
    assert_eq!(r.status(), 303);
    let again = app.post(&draw, &witnesses).await;
    assert_eq!(again.status(), 409, "a lottery is drawn once");

    // Anyone: the record, the audit pack (which verifies), one applicant's outcome.
    let stranger = app.stranger();
    let record = app.page_for(&stranger, &format!("{ceremony}/record")).await;
    assert!(record.contains(&frozen.digest) && record.contains("李公证"));
    let pack_json = app
        .page_for(&stranger, &format!("{ceremony}/pack.json"))
        .await;
    let pack = AuditPack::from_json(&pack_json).unwrap();
    verify(&pack).unwrap();
    assert_eq!(pack.inputs_digest, frozen.digest);
    let first = &pack.results.applicants[0];
    let lookup = app
        .page_for(
            &stranger,
            &format!("{ceremony}/lookup?applicant={}", first.id),
        )
        .await;
    assert!(
        lookup.contains(&format!("随机序号 {}", first.rank)),
        "{lookup}"
    );
    let other = &pack.results.applicants[1].id;
    assert!(
        !lookup.contains(&format!(">{other}<")),
        "only the asked applicant"
    );
    // The ceremony itself is for administrators.
    assert_eq!(
        stranger
            .get(app.url(&ceremony))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
}
both!(ceremony, a_ceremony_draws_once_and_anyone_can_verify);
