use junheng_lottery::synth::{SynthSpec, district as synth_district};
use junheng_lottery::{
    AuditPack, Inputs, LotteryKey, Receipt, Witness, draw, freeze, seal, verify,
};
use junheng_store::{Actor, Role, Scope};
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::helpers::TestApp;

/// A district of `n` applicants (报名号 `A0000000` …) and its sealed form, key and receipts.
fn district(n: usize) -> (Inputs, Inputs, LotteryKey, Vec<Receipt>) {
    let mut registered = synth_district(&SynthSpec {
        applicants: n,
        schools: 6,
        ..SynthSpec::default()
    });
    registered.title = "2025 年民办初中电脑随机录取".into();
    let key = LotteryKey::from_bytes([17; 32]);
    let sealed = seal(&registered, &key).unwrap();
    (registered, sealed.inputs, key, sealed.receipts)
}

/// Whether `text` shows any 报名号 of `registered`.
fn names_anyone(text: &str, registered: &Inputs) -> bool {
    registered.applicants.iter().any(|a| text.contains(&a.id))
}

/// Uploads a list and a key file (either may be left out) with the admin's form: the response.
async fn upload(app: &TestApp, list: Option<Vec<u8>>, key: Option<Vec<u8>>) -> reqwest::Response {
    let (_, page) = app.text("/lottery").await;
    let mut form = Form::new().text("csrf", TestApp::csrf_of(&page));
    if let Some(list) = list {
        form = form.part("inputs", Part::bytes(list).file_name("名单.json"));
    }
    if let Some(key) = key {
        form = form.part("key", Part::bytes(key).file_name("派位密钥.key"));
    }
    app.client
        .post(app.url("/lottery"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Stores and draws a version 2 lottery as the logged-in admin: its ceremony path.
async fn drawn(app: &TestApp, inputs: &Inputs, key: &LotteryKey) -> String {
    let r = upload(
        app,
        Some(freeze(inputs).unwrap().canonical),
        Some(key.to_file().into_bytes()),
    )
    .await;
    assert_eq!(r.status(), 303);
    let ceremony = r.headers()["location"].to_str().unwrap().to_owned();
    let (_, page) = app.text(&ceremony).await;
    let csrf = TestApp::csrf_of(&page);
    let witnesses = [
        ("csrf", csrf.as_str()),
        ("name0", "张代表"),
        ("value0", "20250620"),
        ("name1", "李公证"),
        ("value1", "7391"),
        ("name2", "王家长"),
        ("value2", "春风"),
    ];
    assert_eq!(
        app.post(&format!("{ceremony}/draw"), &witnesses)
            .await
            .status(),
        303
    );
    ceremony
}

/// A parent's lookup with a fresh client's form (cookie and token): status and page.
async fn look_up(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    applicant: &str,
    check: &str,
) -> (u16, String) {
    let page = app.page_for(client, path).await;
    let csrf = TestApp::csrf_of(&page);
    let r = client
        .post(app.url(path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("applicant", applicant),
            ("check", check),
        ])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The page without its (random) CSRF token.
fn without_token(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").map_or(0, |i| i + 19);
    format!("{}{}", &page[..at], &page[(at + 64).min(page.len())..])
}

async fn a_ceremony_publishes_codes_only_and_anyone_can_verify(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
    let (registered, inputs, key, receipts) = district(300);
    let ceremony = drawn(&app, &inputs, &key).await;
    let (status, page) = app.text(&ceremony).await;
    assert_eq!(status, 200);
    assert!(page.contains(&freeze(&inputs).unwrap().digest));
    // The drawn ceremony screen has no form: the token of the lottery list's.
    let (_, list) = app.text("/lottery").await;
    let again = app
        .post(
            &format!("{ceremony}/draw"),
            &[
                ("csrf", TestApp::csrf_of(&list).as_str()),
                ("name0", ""),
                ("value0", "1"),
                ("name1", ""),
                ("value1", "2"),
                ("name2", ""),
                ("value2", "3"),
            ],
        )
        .await;
    assert_eq!(again.status(), 409, "a lottery is drawn once");

    // Anyone: the record and the audit pack (which verifies), with codes and no 报名号.
    let stranger = app.stranger();
    let record = app.page_for(&stranger, &format!("{ceremony}/record")).await;
    assert!(record.contains("李公证") && record.contains("junheng-lottery-draw/2"));
    assert!(record.contains(&receipts[0].code) || record.contains(&receipts[1].code));
    assert!(
        !names_anyone(&record, &registered),
        "the record names nobody"
    );
    let pack_json = app
        .page_for(&stranger, &format!("{ceremony}/pack.json"))
        .await;
    assert!(
        !names_anyone(&pack_json, &registered),
        "the pack names nobody"
    );
    let pack = AuditPack::from_json(&pack_json).unwrap();
    verify(&pack).unwrap();
    assert_eq!(pack.format, "junheng-lottery-audit/2");
    assert_eq!(pack.inputs_digest, freeze(&inputs).unwrap().digest);

    // A parent: 报名号 and the right check code show that applicant's outcome only.
    let lookup = format!("{ceremony}/lookup");
    let form = app.page_for(&stranger, &lookup).await;
    assert!(form.contains("method=\"post\"") && !names_anyone(&form, &registered));
    let r = &receipts[7];
    let result = pack
        .results
        .applicants
        .iter()
        .find(|a| a.id == r.code)
        .unwrap();
    let (status, page) = look_up(&app, &stranger, &lookup, &r.registration, &r.check).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("公示编号 {}", r.code)), "{page}");
    assert!(page.contains(&format!("随机号 {}", result.rank)), "{page}");
    let others = receipts.iter().filter(|o| o.code != r.code);
    assert!(
        others.clone().all(|o| !page.contains(&o.code)),
        "only the asked applicant"
    );
    // Full-width digits typed on a phone are the same 报名号 and check code.
    let wide = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' | 'A'..='Z' => char::from_u32(c as u32 + 0xfee0).unwrap(),
                c => c,
            })
            .collect()
    };
    let (_, page) = look_up(
        &app,
        &stranger,
        &lookup,
        &wide(&r.registration),
        &wide(&r.check),
    )
    .await;
    assert!(page.contains(&format!("公示编号 {}", r.code)), "{page}");

    // A wrong check code and an unknown 报名号 get the same answer, which repeats neither.
    let wrong = format!("{:06}", (r.check.parse::<u32>().unwrap() + 1) % 1_000_000);
    let (_, bad_check) = look_up(&app, &stranger, &lookup, &r.registration, &wrong).await;
    let (_, unknown) = look_up(&app, &stranger, &lookup, "A9999999", &wrong).await;
    assert!(
        bad_check.contains("报名号或回执校验码不正确"),
        "{bad_check}"
    );
    assert!(!bad_check.contains(&r.code) && !bad_check.contains(&wrong));
    assert_eq!(
        without_token(&bad_check).replace(&r.registration, "X"),
        without_token(&unknown).replace("A9999999", "X")
    );
    // The check code never travels in a URL: a GET with one in the query shows just the form.
    let (_, page) = app
        .text(&format!(
            "{lookup}?applicant={}&check={}",
            r.registration, r.check
        ))
        .await;
    assert!(!page.contains(&r.code));
    // Without the form's own token (another site's form): refused, nothing looked up.
    let fresh = app.stranger();
    let posted = fresh
        .post(app.url(&lookup))
        .form(&[
            ("csrf", "0".repeat(64).as_str()),
            ("applicant", &r.registration),
            ("check", &r.check),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        posted.contains("CSRF") && !posted.contains(&r.code),
        "{posted}"
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
both!(
    ceremony,
    a_ceremony_publishes_codes_only_and_anyone_can_verify
);

async fn lookups_are_rate_limited_per_address(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
    let (_, inputs, key, receipts) = district(40);
    let lookup = format!("{}/lookup", drawn(&app, &inputs, &key).await);
    let parent = app.stranger();
    for i in 0..10 {
        let (status, page) = look_up(&app, &parent, &lookup, &format!("A{i:07}"), "000000").await;
        assert_eq!(status, 200, "attempt {i}");
        assert!(!page.contains("次数过多"));
    }
    // The 11th attempt — even with the right code, even from another browser — waits.
    let r = &receipts[0];
    let other = app.stranger();
    let (status, page) = look_up(&app, &other, &lookup, &r.registration, &r.check).await;
    assert_eq!(status, 429, "{page}");
    assert!(
        page.contains("查询次数过多") && page.contains("10 分钟后再试"),
        "{page}"
    );
    assert!(!page.contains(&r.code));
    let form = app.page_for(&other, &lookup).await;
    let csrf = TestApp::csrf_of(&form);
    let response = other
        .post(app.url(&lookup))
        .form(&[
            ("csrf", csrf.as_str()),
            ("applicant", &r.registration),
            ("check", &r.check),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((590..=600).contains(&retry), "{retry}");
    // The form and the published material stay available.
    assert!(app.page_for(&other, &lookup).await.contains("回执校验码"));
}
both!(rate_limit, lookups_are_rate_limited_per_address);

async fn lotteries_stored_before_version_2_are_for_administrators_only(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.add_user("dux", "正确密码-2", Role::Supervisor, Scope::District)
        .await;
    // As stored before version 2: a list and a pack naming 报名号, no key.
    let (registered, _, _, _) = district(60);
    let frozen = freeze(&registered).unwrap();
    let admin = Actor::new("admin");
    let canonical = String::from_utf8(frozen.canonical).unwrap();
    let id = app
        .home()
        .await
        .create_lottery("旧派位", &canonical, &frozen.digest, None, &admin)
        .await
        .unwrap();
    let witness = Witness {
        role: "公证员".into(),
        name: "李公证".into(),
        value: "7391".into(),
    };
    let pack = draw(&registered, &[witness]).unwrap();
    assert_eq!(pack.format, "junheng-lottery-audit/1");
    app.home()
        .await
        .record_draw(id, &pack.to_json_compact(), &admin)
        .await
        .unwrap();
    let undrawn = app
        .home()
        .await
        .create_lottery("旧名单", &canonical, &frozen.digest, None, &admin)
        .await
        .unwrap();

    let base = format!("/lottery/{id}");
    let stranger = app.stranger();
    let r = stranger
        .get(app.url(&format!("{base}/pack.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "anonymous: to the login");
    let dux = app.logged_in("dux", "正确密码-2").await;
    let r = dux
        .get(app.url(&format!("{base}/pack.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "not an administrator");
    let record = app.page_for(&stranger, &format!("{base}/record")).await;
    assert!(
        record.contains("只公布各校人数") && record.contains("counts-only"),
        "{record}"
    );
    assert!(
        !names_anyone(&record, &registered),
        "the public record names nobody"
    );
    let admitted = pack.results.schools[0].admitted.len().to_string();
    assert!(record.contains(&format!("<td class=\"num\">{admitted}</td>")));
    let lookup = app.page_for(&stranger, &format!("{base}/lookup")).await;
    assert!(lookup.contains("网上查询已停用") && !lookup.contains("<form method=\"post\""));
    let first = &registered.applicants[0].id;
    // With a valid form token (the anonymous forms' one, from the login page) it is still off.
    let token = TestApp::csrf_of(&app.page_for(&stranger, "/login").await);
    let posted = stranger
        .post(app.url(&format!("{base}/lookup")))
        .form(&[
            ("csrf", token.as_str()),
            ("applicant", first.as_str()),
            ("check", "000000"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        posted.contains("网上查询已停用") && !posted.contains("随机号"),
        "{posted}"
    );

    // Administrators still get the pack (it verifies) and the full record.
    app.login("admin", "正确密码-1").await;
    let (status, json) = app.text(&format!("{base}/pack.json")).await;
    assert_eq!(status, 200);
    verify(&AuditPack::from_json(&json).unwrap()).unwrap();
    let (_, record) = app.text(&format!("{base}/record")).await;
    assert!(names_anyone(&record, &registered) && !record.contains("counts-only"));
    // An undrawn old list is not drawn any more.
    let (_, page) = app.text(&format!("/lottery/{undrawn}")).await;
    assert!(
        page.contains("旧格式名单不能再派位") && !page.contains("开始派位"),
        "{page}"
    );
    let (_, list) = app.text("/lottery").await;
    let r = app
        .post(
            &format!("/lottery/{undrawn}/draw"),
            &[
                ("csrf", TestApp::csrf_of(&list).as_str()),
                ("name0", ""),
                ("value0", "1"),
                ("name1", ""),
                ("value1", "2"),
                ("name2", ""),
                ("value2", "3"),
            ],
        )
        .await;
    assert_eq!(r.status(), 409);
    assert!(
        app.home()
            .await
            .lottery(undrawn)
            .await
            .unwrap()
            .unwrap()
            .pack
            .is_none()
    );
}
both!(
    legacy,
    lotteries_stored_before_version_2_are_for_administrators_only
);

async fn uploads_are_refused_unless_a_version_2_list_and_its_own_key(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.login("admin", "正确密码-1").await;
    let (registered, inputs, key, _) = district(30);
    let list = freeze(&inputs).unwrap().canonical;
    let key_file = key.to_file().into_bytes();
    let refused = |page: &str, part: &str| {
        assert!(page.contains(part), "missing {part}: {page}");
    };
    let text = |r: reqwest::Response| async move {
        assert_eq!(r.status(), 200);
        r.text().await.unwrap()
    };
    // Invalid UTF-8 is refused with its place, never replaced.
    let mut bad = list.clone();
    bad[5] = 0xC0;
    let page = text(upload(&app, Some(bad), Some(key_file.clone())).await).await;
    refused(&page, "不是有效的 UTF-8 文本：第 1 行第 6 列（字节偏移 5）");
    let mut bad_key = key_file.clone();
    bad_key[30] = 0xFF;
    let page = text(upload(&app, Some(list.clone()), Some(bad_key)).await).await;
    refused(
        &page,
        "派位密钥文件不是有效的 UTF-8 文本：第 2 行第 9 列（字节偏移 30）",
    );
    let page = text(upload(&app, Some(list.clone()), None).await).await;
    refused(&page, "同时选择");
    let other = LotteryKey::from_bytes([18; 32]).to_file().into_bytes();
    let page = text(upload(&app, Some(list.clone()), Some(other)).await).await;
    refused(&page, "派位密钥与名单不匹配");
    let page = text(upload(&app, Some(list.clone()), Some(list.clone())).await).await;
    refused(&page, "派位密钥文件不是有效的派位密钥文件");
    let v1 = freeze(&registered).unwrap().canonical;
    let page = text(upload(&app, Some(v1), Some(key_file.clone())).await).await;
    refused(&page, "旧格式");
    assert!(!names_anyone(&page, &registered));
    assert!(
        app.home().await.lotteries().await.unwrap().is_empty(),
        "nothing stored"
    );
    // The right pair is stored with its key.
    assert_eq!(upload(&app, Some(list), Some(key_file)).await.status(), 303);
    let stored = app.home().await.lotteries().await.unwrap();
    let lottery = app
        .home()
        .await
        .lottery(stored[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lottery.lottery_key, Some(key.to_hex()));
    assert!(!names_anyone(&lottery.inputs, &registered));
}
both!(
    upload,
    uploads_are_refused_unless_a_version_2_list_and_its_own_key
);
