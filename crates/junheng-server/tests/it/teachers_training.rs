//! 继续教育 (issue 17): the ledger imported on the page (teachers outside the roster refused,
//! nothing written), the rates and items on the page, in its download and in the JSON, a batch
//! withdrawn only when confirmed, and a school's admin seeing only their own teachers.

use junheng_store::{Actor, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

both!(the_ledger_makes_the_rates_and_item_9, training);

const PASSWORD: &str = "继续教育测试-123456";
const HEADER: &str = "教师编号,培训项目,培训级别,开始日期,结束日期,学时\n";

async fn training(app: TestApp) {
    let records = district(12);
    app.seed(&records).await;
    let roster = junheng_rotation::synth::roster(&records, 1);
    app.home()
        .await
        .replace_roster(2024, &roster, &Actor::system())
        .await
        .unwrap();
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/teachers/training").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"training-item9\"") && page.contains("未接入"));

    let year = [("year", "2024")];
    let bad = format!("{HEADER}NOBODY,课,国培,2022-01-01,2022-01-02,10\n");
    let (status, body) = app
        .upload_with(
            "/teachers/training",
            "/teachers/training/import",
            "坏.csv",
            bad.into_bytes(),
            &year,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("NOBODY") && body.contains("花名册"), "{body}");
    assert!(
        app.home()
            .await
            .training_records()
            .await
            .unwrap()
            .is_empty()
    );

    // The first teacher is 0.5 学时 short; everyone else completed 2021–2025.
    let mut ledger = String::from(HEADER);
    for (i, t) in roster.iter().enumerate() {
        let hours = if i == 0 { "359.5" } else { "360" };
        ledger.push_str(&format!(
            "{},国培研修,国,2023-07-01,2025-12-31,{hours}\n",
            t.id
        ));
    }
    let (status, body) = app
        .upload_with(
            "/teachers/training",
            "/teachers/training/import",
            "台账.csv",
            ledger.into_bytes(),
            &year,
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let got: serde_json::Value = app
        .get("/api/v1/teachers/training?cycle=2021")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["rates"]["item9"]["verdict"], "not_met", "{got}");
    assert_eq!(got["rates"]["item9"]["completed"], roster.len() - 1);
    let (_, page) = app.text("/teachers/training?imported=3").await;
    assert!(page.contains("id=\"training-imported\"") && page.contains("未达标"));
    let xlsx = app
        .get("/teachers/training?format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(!xlsx.is_empty());
    let _ = xlsx_text(&xlsx);

    // Withdrawal needs the tick.
    let batch = got["batches"][0]["id"].as_i64().unwrap().to_string();
    let (_, page) = app.text("/teachers/training").await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            "/teachers/training/withdraw",
            &[("csrf", &csrf), ("batch", &batch)],
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_form(
            "/teachers/training/withdraw",
            &[("csrf", &csrf), ("batch", &batch), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert!(
        app.home()
            .await
            .training_records()
            .await
            .unwrap()
            .is_empty()
    );

    // A school's admin sees their own teachers only, and cannot import.
    let school = roster[0].school.clone();
    let theirs = roster.iter().filter(|t| t.school == school).count();
    app.add_user(
        "head",
        PASSWORD,
        Role::School,
        Scope::School(school.clone()),
    )
    .await;
    app.login("head", PASSWORD).await;
    let got: serde_json::Value = app
        .get("/api/v1/teachers/training")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["rates"]["district"]["current"], theirs, "{got}");
    assert!(got["batches"].as_array().unwrap().is_empty());
    assert_eq!(
        app.get("/teachers/training/template.xlsx").await.status(),
        403
    );
}
