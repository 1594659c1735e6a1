//! 学位 (issue 16): the size items of a school year — rooms and school size from the statistics,
//! class size from the class table (imported whole, replaced only when confirmed, withdrawn to
//! the previous) — on the page, in its download and in the JSON, for the district's readers;
//! the catchment map with the 就近入学 and 指标到校 items from their three files.

use junheng_core::school::{SchoolKind, SchoolRecord, UrbanRural};
use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

both!(class_tables_are_imported_replaced_and_withdrawn, sizes);
both!(zoning_files_make_the_admission_items, zoning);

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

    // The audit log says what was done, in words.
    let (_, audit) = app.text("/audit").await;
    assert!(
        audit.contains("导入了 2024 学年的班级规模表")
            && audit.contains("撤回了 2024 学年的班级规模表"),
        "{audit}"
    );
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

/// The first town or urban school of a kind, not a teaching point.
fn town(records: &[SchoolRecord], kind: SchoolKind) -> &SchoolRecord {
    records
        .iter()
        .find(|r| {
            r.kind == kind
                && r.parent_code.is_none()
                && matches!(r.urban_rural, Some(UrbanRural::Urban | UrbanRural::Town))
        })
        .unwrap()
}

async fn zoning_json(app: &TestApp) -> serde_json::Value {
    let r = app.get("/api/v1/seats/zoning?year=2024").await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn zoning(app: TestApp) {
    let records = district(30);
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/seats/zoning?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"zoning-nearby\"") && page.contains("未接入"));
    assert!(zoning_json(&app).await["nearby"].is_null());

    let (p, j) = (
        town(&records, SchoolKind::Primary),
        town(&records, SchoolKind::Junior),
    );
    let page_url = "/seats/zoning?year=2024";
    let files = [
        (
            "catchments",
            "划片.csv",
            format!(
                "学段,街道,小区,学校标识码,派位学区,办学性质,寄宿制\n\
                 小学,城南街道,,{p},,,\n初中,城南街道,,{j},,,\n",
                p = p.code,
                j = j.code
            ),
        ),
        (
            "entrants",
            "新生.csv",
            format!(
                "学段,学校标识码,街道,小区,人数,姓名\n\
                 小学,{p},城南街道,桂花园,30,\n小学,{p},城北街道,,,张小明\n\
                 初中,{j},城南街道,,40,\n",
                p = p.code,
                j = j.code
            ),
        ),
        (
            "quotas",
            "指标.csv",
            format!(
                "高中学校,招生计划,初中学校标识码,分配名额,毕业生数\n第一中学,100,{j},55,300\n",
                j = j.code
            ),
        ),
    ];
    for (kind, name, text) in &files {
        let (status, body) = app
            .upload_with(
                page_url,
                "/seats/zoning/import",
                name,
                text.clone().into_bytes(),
                &[("year", "2024"), ("kind", kind)],
            )
            .await;
        assert_eq!(status, 303, "{kind}: {body}");
    }
    let got = zoning_json(&app).await;
    assert_eq!(got["map"].as_array().unwrap().len(), 2);
    let primary = &got["nearby"][0];
    assert_eq!(
        (&primary["nearby"], &primary["entrants"], &primary["met"]),
        (&30.into(), &31.into(), &false.into())
    );
    assert_eq!(primary["below"][0]["code"], p.code.as_str());
    assert_eq!(got["nearby"][1]["met"], true);
    assert_eq!(got["quotas"]["allotted"], 55);
    assert_eq!(got["quotas"]["met"], true);
    // No child's name is kept anywhere.
    assert!(!got.to_string().contains("张小明"));
    let (_, page) = app.text(page_url).await;
    assert!(page.contains("id=\"zoning-nearby-primary\"") && page.contains("96.7%"));
    assert!(page.contains(&p.name) && page.contains("id=\"zoning-tilt\""));
    assert!(page.contains("单校划片"));

    // The workbook holds the map, the schools' rates and the quotas.
    let r = app.get("/seats/zoning?year=2024&format=xlsx").await;
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(
        text.contains("城南街道") && text.contains(&p.name) && text.contains("第一中学"),
        "{text}"
    );

    // A second quota file waits for the confirmation; a bad one lists its problems.
    let (status, body) = app
        .upload_with(
            page_url,
            "/seats/zoning/import",
            "指标2.csv",
            files[2].2.clone().into_bytes(),
            &[("year", "2024"), ("kind", "quotas")],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    let bad = "高中学校,招生计划,初中学校标识码,分配名额,毕业生数\n第一中学,100,5009999999,10,50\n";
    let (status, page) = app
        .upload_with(
            page_url,
            "/seats/zoning/import",
            "坏.csv",
            bad.as_bytes().to_vec(),
            &[("year", "2024"), ("kind", "quotas"), ("replace", "1")],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("seats.zoning.school_unknown"), "{page}");

    // Withdrawing needs the CSRF token and the confirmation.
    let form = [("year", "2024"), ("kind", "entrants"), ("confirm", "1")];
    let r = app.post("/seats/zoning/withdraw", &form).await;
    assert_eq!(r.status(), 403);
    let (_, page) = app.text(page_url).await;
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(
            "/seats/zoning/withdraw",
            &[("csrf", &csrf), ("year", "2024"), ("kind", "entrants")],
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_form(
            "/seats/zoning/withdraw",
            &[
                ("csrf", &csrf),
                ("year", "2024"),
                ("kind", "entrants"),
                ("confirm", "1"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert!(zoning_json(&app).await["nearby"].is_null());
    let r = app.get("/seats/zoning/template.xlsx?kind=entrants").await;
    assert_eq!(r.status(), 200);
    assert!(xlsx_text(&r.bytes().await.unwrap()).contains("人数"));

    // A school's user sees neither the page nor the JSON.
    app.add_user(
        "principal",
        PASSWORD,
        Role::School,
        Scope::School(p.code.clone()),
    )
    .await;
    let client = app.logged_in("principal", PASSWORD).await;
    for url in ["/seats/zoning?year=2024", "/api/v1/seats/zoning?year=2024"] {
        let r = client.get(app.url(url)).send().await.unwrap();
        assert_eq!(r.status(), 403, "{url}");
    }
}
