//! 学位 (issue 16): the size items of a school year — rooms and school size from the statistics,
//! class size from the class table (imported whole, replaced only when confirmed, withdrawn to
//! the previous) — on the page, in its download and in the JSON, for the district's readers.

use junheng_core::school::{SchoolKind, SchoolRecord};
use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

both!(class_tables_are_imported_replaced_and_withdrawn, sizes);

const PASSWORD: &str = "学位测试-123456";
const HEADER: &str = "学校标识码,年级,班级,学生数\n";

fn first(records: &[SchoolRecord], kind: SchoolKind) -> &SchoolRecord {
    records
        .iter()
        .find(|r| r.kind == kind && r.parent_code.is_none())
        .unwrap()
}

async fn json(app: &TestApp) -> serde_json::Value {
    let r = app.get("/api/v1/seats/sizes?year=2024").await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn sizes(app: TestApp) {
    let records = district(30);
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    // No class table and no registry: class size is not connected; the other two items are.
    let (status, page) = app.text("/seats?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("id=\"seats-item-rooms\"") && page.contains("id=\"seats-item-school-size\"")
    );
    assert!(
        page.contains("未接入"),
        "class size is 未接入 without classes"
    );
    let got = json(&app).await;
    assert!(got["class_size"].is_null());
    let assessed = records
        .iter()
        .filter(|r| !matches!(r.kind, SchoolKind::TeachingPoint | SchoolKind::Special))
        .count();
    assert_eq!(got["rooms"]["assessed"], assessed);

    let (primary, junior) = (
        first(&records, SchoolKind::Primary),
        first(&records, SchoolKind::Junior),
    );
    let table = format!(
        "{HEADER}{p},1,1班,44\n{p},1,2班,60\n{j},7,1班,50\n{j},8,1班,67\n",
        p = primary.code,
        j = junior.code
    );
    let year = [("year", "2024")];
    let (status, body) = app
        .upload_with(
            "/seats?year=2024",
            "/seats/classes/import",
            "班级.csv",
            table.clone().into_bytes(),
            &year,
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let (_, page) = app.text("/seats?year=2024&imported=4").await;
    assert!(page.contains("id=\"seats-imported\""));
    assert!(page.contains("超大班额") && page.contains("大班额"));
    let got = json(&app).await;
    let counts = &got["class_size"]["counts"];
    assert_eq!(
        (
            &counts["classes"],
            &counts["over_limit"],
            &counts["large"],
            &counts["very_large"]
        ),
        (&4.into(), &2.into(), &1.into(), &1.into())
    );
    assert_eq!(got["class_size"]["source"]["kind"], "table");
    let failing: Vec<&str> = got["class_size"]["item"]["failing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(failing.len(), 2);
    // The download lists the same classes as the page.
    let xlsx = app
        .get("/seats?year=2024&format=xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let text = xlsx_text(&xlsx);
    assert!(
        text.contains(&primary.name) && text.contains(&junior.name),
        "{text}"
    );
    assert!(text.contains("超大班额"));

    // A second table waits for the confirmation, then replaces the first.
    let one = format!("{HEADER}{p},1,1班,40\n", p = primary.code);
    let (status, body) = app
        .upload_with(
            "/seats?year=2024",
            "/seats/classes/import",
            "班级2.csv",
            one.clone().into_bytes(),
            &year,
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("确认替换"));
    let (status, _) = app
        .upload_with(
            "/seats?year=2024",
            "/seats/classes/import",
            "班级2.csv",
            one.into_bytes(),
            &[("year", "2024"), ("replace", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(json(&app).await["class_size"]["counts"]["classes"], 1);
    // Withdrawing needs its confirmation and brings the first table back.
    let (_, page) = app.text("/seats?year=2024").await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            "/seats/classes/withdraw",
            &[("csrf", &csrf), ("year", "2024")],
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_form(
            "/seats/classes/withdraw",
            &[("csrf", &csrf), ("year", "2024"), ("confirm", "1")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(json(&app).await["class_size"]["counts"]["classes"], 4);

    // A bad file lists every problem and writes nothing.
    let bad = format!(
        "{HEADER}5009999999,1,1班,40\n{p},8,1班,40\n{p},1,1班,四十\n",
        p = primary.code
    );
    let (status, page) = app
        .upload_with(
            "/seats?year=2024",
            "/seats/classes/import",
            "坏.csv",
            bad.into_bytes(),
            &year,
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"import-errors\""), "{page}");
    assert!(page.contains("seats.classes.not_integer"), "{page}");
    let bad = format!(
        "{HEADER}5009999999,1,1班,40\n{p},8,1班,40\n",
        p = primary.code
    );
    let (_, page) = app
        .upload_with(
            "/seats?year=2024",
            "/seats/classes/import",
            "坏.csv",
            bad.into_bytes(),
            &year,
        )
        .await;
    assert!(
        page.contains("seats.classes.school_unknown")
            && page.contains("seats.classes.section_absent"),
        "{page}"
    );
    assert_eq!(json(&app).await["class_size"]["counts"]["classes"], 4);
    // The template is an .xlsx.
    let r = app.get("/seats/classes/template.xlsx").await;
    assert_eq!(r.status(), 200);
    assert!(xlsx_text(&r.bytes().await.unwrap()).contains("学生数"));

    // A school's user does not see every school's classes.
    app.add_user(
        "principal",
        PASSWORD,
        Role::School,
        Scope::School(primary.code.clone()),
    )
    .await;
    let client = app.logged_in("principal", PASSWORD).await;
    let r = client
        .get(app.url("/seats?year=2024"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}
