use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;
use junheng_store::{Role, Scope};
use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, district};

/// GET `path` from `client` with a bearer token.
async fn bearer(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    token: &str,
) -> reqwest::Response {
    client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn the_evaluation_api_returns_the_cli_json(app: TestApp) {
    let records = district(90);
    app.seed(&records).await;
    app.add_user("api", "正确密码-5", Role::Supervisor, Scope::District)
        .await;
    let token = app.token("api").await;
    let stranger = app.stranger();
    let r = stranger
        .get(app.url("/api/v1/evaluation?year=2024"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "auth.unauthorized");
    assert!(body["message"].as_str().unwrap().contains("登录"));
    let r = bearer(&stranger, &app, "/api/v1/evaluation?year=2024", &token).await;
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    let stored = app.home().await.statistics(2024, None).await.unwrap();
    // Parsed back by the same JSON parser as the response, so floats compare alike.
    let cli =
        serde_json::to_string(&evaluate(&stored, &Rulebook::builtin("cn-2017").unwrap()).unwrap())
            .unwrap();
    let expected: Value = serde_json::from_str(&cli).unwrap();
    assert_eq!(got, expected);
    assert_eq!(stored, records);
    let r = bearer(
        &stranger,
        &app,
        "/api/v1/evaluation?year=2024&rulebook=cn-2012",
        &token,
    )
    .await;
    let basic: Value = r.json().await.unwrap();
    assert_eq!(basic["rulebook"], "cn-2012");
    let r = bearer(&stranger, &app, "/api/v1/evaluation?rulebook=x", &token).await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "request.invalid");
    let r = bearer(&stranger, &app, "/api/v1/evaluation", "not-a-token").await;
    assert_eq!(r.status(), 401);
    let years: Value = bearer(&stranger, &app, "/api/v1/years", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(years[0]["year"], 2024);
    assert_eq!(years[0]["version"], 1);
}
both!(evaluation, the_evaluation_api_returns_the_cli_json);

async fn school_tokens_are_scoped(app: TestApp) {
    let records = district(40);
    app.seed(&records).await;
    app.add_user(
        "s",
        "正确密码-6",
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    let token = app.token("s").await;
    let c = app.stranger();
    let r = bearer(&c, &app, "/api/v1/evaluation", &token).await;
    assert_eq!(r.status(), 403);
    let r = bearer(
        &c,
        &app,
        &format!("/api/v1/schools/{}", records[0].code),
        &token,
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = bearer(
        &c,
        &app,
        &format!("/api/v1/schools/{}", records[1].code),
        &token,
    )
    .await;
    assert_eq!(r.status(), 403);
    let spec: Value = c
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec["openapi"], "3.0.3");
    assert!(spec["paths"]["/api/v1/evaluation"]["get"].is_object());
    // Every API route of the router is described.
    for route in junheng_server::routes::routes() {
        if route.path.starts_with("/api/v1/") && route.path != "/api/v1/openapi.json" {
            let method = route.method.to_ascii_lowercase();
            assert!(
                spec["paths"][route.path][method.as_str()].is_object(),
                "{} {} is missing from openapi.json",
                route.method,
                route.path
            );
        }
    }
    let documented = &spec["components"]["parameters"]["Rulebook"]["schema"]["enum"];
    let builtin: Vec<&str> = junheng_core::rulebook::Rulebook::builtin_ids().collect();
    assert_eq!(
        documented,
        &serde_json::json!(builtin),
        "the spec lists every built-in rulebook"
    );
}
both!(scoped_tokens, school_tokens_are_scoped);
