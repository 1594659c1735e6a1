//! The city pages: every district of the city side by side (page, workbook and JSON of one
//! selection, sorted as asked, no school named), drill-down into a district read-only, the
//! creation phases a city user sets, the limits of the region, and the 集团化办学 coverage of
//! each district and of the city (summed counts) on the page, in the JSON and the workbook.

use calamine::{Data, DataType, Reader, Xlsx};
use junheng_core::school::{SchoolCode, SchoolKind, SchoolRecord, UrbanRural};
use junheng_rotation::synth;
use junheng_store::{Actor, DistrictKind, NewDistrict, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district, xlsx_text};

pub(crate) const PASSWORD: &str = "市级密码-123456";

fn in_city(code: &str, name: &str, city: &str) -> NewDistrict {
    NewDistrict {
        code: code.into(),
        name: name.into(),
        kind: if name.ends_with('县') {
            DistrictKind::Xian
        } else {
            DistrictKind::Qu
        },
        city: (city.into(), format!("市{city}")),
        province: ("500000".into(), "重庆市".into()),
    }
}

/// 渝北区 (the test's home district, with statistics and a roster), 城口县 (no data) in city
/// 500100, and 成华区 (with statistics) in another city.
pub(crate) async fn city(app: &TestApp) -> Vec<SchoolRecord> {
    let records = district(40);
    app.seed(&records).await;
    let home = app.home().await;
    home.replace_roster(2024, &synth::roster(&records, 5), &Actor::system())
        .await
        .unwrap();
    let system = Actor::system();
    app.store
        .update_district(home.id(), &in_city("500112", "渝北区", "500100"), &system)
        .await
        .unwrap();
    app.store
        .add_district(&in_city("500229", "城口县", "500100"), &system)
        .await
        .unwrap();
    let other = app
        .store
        .add_district(&in_city("510108", "成华区", "510100"), &system)
        .await
        .unwrap();
    app.seed_in(other.id, &district(10)).await;
    app.add_user("shiji", PASSWORD, Role::City, Scope::City("500100".into()))
        .await;
    records
}

/// 渝北区's 督导评估 opened once (its verdict kept), its target 2028 and two open tasks, one of
/// them overdue; 城口县 has none of these.
pub(crate) async fn with_standing(app: &TestApp) {
    let home = app.home().await;
    let rb = junheng_core::rulebook::Rulebook::builtin("cn-2017").unwrap();
    junheng_app::inspection::status(
        &home,
        2024,
        &rb,
        &junheng_app::inspection::Settings::default(),
        junheng_teachers::training::Day::new(2025, 5, 20).unwrap(),
        None,
    )
    .await
    .unwrap();
    app.store
        .set_creation_target(home.id(), 2028, &Actor::system())
        .await
        .unwrap();
    let owner = junheng_store::TaskOwner::new(junheng_store::OwnerKind::User, "admin").unwrap();
    for deadline in ["2020-01-01", "2099-12-31"] {
        let task = junheng_store::NewTask {
            title: "补足骨干教师",
            detail: "",
            owner: &owner,
            deadline,
            source: None,
        };
        home.create_task(&task, &Actor::system()).await.unwrap();
    }
}

async fn compares_the_citys_districts_and_nothing_else(app: TestApp) {
    let records = city(&app).await;
    with_standing(&app).await;
    app.login("shiji", PASSWORD).await;
    let (status, page) = app.text("/city?sort=failing&desc=1").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("渝北区") && page.contains("城口县"), "{page}");
    assert!(
        !page.contains("成华区"),
        "another city's district is not compared"
    );
    assert!(page.contains("没有 2024 学年的数据"), "城口县 has no data");
    assert!(
        page.contains("个方面达标") && page.contains("尚未计算"),
        "{page}"
    );
    assert!(
        page.contains("未完成任务 2 项，逾期 1 项") && page.contains("距目标期限"),
        "{page}"
    );
    assert!(page.contains("未完成任务 0 项，逾期 0 项") && page.contains("未设目标年份"));
    for r in &records {
        assert!(
            !page.contains(r.code.as_str()) && !page.contains(&r.name),
            "the city page names no school ({})",
            r.name
        );
    }
    let (status, text) = app.text("/city?sort=nonsense").await;
    assert_eq!(status, 400);
    assert!(text.contains("failing"), "the sort keys are listed");

    // The JSON and the workbook are the same selection as the page.
    let json: serde_json::Value = app
        .get("/api/v1/city?sort=code")
        .await
        .json()
        .await
        .unwrap();
    let rows = json["districts"].as_array().unwrap();
    let codes: Vec<&str> = rows
        .iter()
        .map(|r| r["district"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["500112", "500229"]);
    assert!(rows[0]["inspection"]["overall"].is_string());
    assert!(rows[0]["inspection"]["parts_met"].as_u64().unwrap() <= 4);
    assert!(rows[1]["inspection"].is_null());
    assert_eq!(rows[0]["tasks"]["open"], 2);
    assert_eq!(rows[0]["tasks"]["overdue"], 1);
    let days = rows[0]["days_to_target"].as_i64().unwrap();
    let today = junheng_app::tasks::beijing_today();
    assert_eq!(
        Some(days),
        junheng_app::inspection::path::days_left(2028, &today)
    );
    assert_eq!(rows[1]["tasks"]["open"], 0);
    assert!(rows[1]["days_to_target"].is_null());
    assert_eq!(json["year"], 2024);
    let yubei = &rows[0];
    assert!(
        !yubei["evaluation"]["sections"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let rotation = &yubei["rotation"];
    assert!(rotation["eligible"].as_u64().unwrap() > 0, "{rotation}");
    assert!(
        rows[1]["problem"]
            .as_str()
            .unwrap()
            .contains("没有 2024 学年的数据")
    );
    assert!(rows[1].get("evaluation").is_none());
    let r = app.get("/city.xlsx?sort=code").await;
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(text.contains("渝北区") && text.contains("城口县") && !text.contains("成华区"));
    assert!(text.contains("历年趋势"));
    assert!(text.contains("逾期任务数") && text.contains("距目标期限天数"));

    // Drill-down: the district's own pages, read-only.
    let (status, _) = app.text("/dashboard").await;
    assert_eq!(status, 303, "no district chosen yet: back to the city page");
    let r = app.get("/city/enter?district=510108").await;
    assert_eq!(
        r.status(),
        404,
        "a district of another city cannot be entered"
    );
    let r = app.get("/city/enter?district=500112").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/dashboard");
    let (status, page) = app.text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(page.contains("正在查看（只读）") && page.contains("渝北区"));
    assert_eq!(app.get("/import").await.status(), 403, "read-only");
    assert_eq!(app.get("/users").await.status(), 403);
    let r = app.get("/city/enter").await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.get("/dashboard").await.status(),
        303,
        "left the district"
    );
}
both!(compares, compares_the_citys_districts_and_nothing_else);

async fn the_city_sets_targets_and_records_steps(app: TestApp) {
    city(&app).await;
    app.login("shiji", PASSWORD).await;
    let (_, page) = app.text("/city/phases").await;
    let csrf = TestApp::csrf_of(&page);
    let target = |district: &'static str, year: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("district", district.into()),
            ("year", year.into()),
        ]
    };
    let r = app
        .post("/city/phases/target", &target("500112", "2028"))
        .await;
    assert_eq!(r.status(), 303);
    let r = app
        .post("/city/phases/target", &target("500112", "2027"))
        .await;
    assert_eq!(r.status(), 400);
    let r = app
        .post("/city/phases/target", &target("510108", "2028"))
        .await;
    assert_eq!(r.status(), 404, "another city's district is out of reach");
    let step = [
        ("csrf", csrf.clone()),
        ("district", "500112".into()),
        ("status", "自评".into()),
        ("reached_on", "2025-06-30".into()),
        ("document", "渝北教督〔2025〕3号".into()),
        ("note", String::new()),
    ];
    let r = app.post("/city/phases/step", &step).await;
    assert_eq!(r.status(), 303);
    let (_, page) = app.text("/city/phases").await;
    assert!(page.contains("渝北教督〔2025〕3号") && page.contains("2028（整体推进）"));
    let json: serde_json::Value = app.get("/api/v1/city").await.json().await.unwrap();
    let yubei = &json["districts"][0];
    assert_eq!(yubei["status"], "自评");
    assert_eq!(yubei["phase"], "整体推进");
    assert_eq!(yubei["progress"]["steps_left"], 3);
    let c = app.store.creation(app.home().await.id()).await.unwrap();
    assert_eq!(c.steps.len(), 1);
}
both!(phases, the_city_sets_targets_and_records_steps);

/// A school of `kind` with `students` (小学, 初中), its 城乡分类 and its group (the statistics'
/// column seeds the registry on the year's 1 September).
fn school(
    code: &str,
    kind: SchoolKind,
    students: (u32, u32),
    urban_rural: Option<UrbanRural>,
    group: Option<&str>,
) -> SchoolRecord {
    let mut r = district(1).remove(0);
    r.code = SchoolCode::parse(code).unwrap();
    r.name = format!("覆盖率测试学校{code}");
    r.kind = kind;
    r.primary.students = students.0;
    r.junior.students = students.1;
    r.senior_students = 0;
    r.urban_rural = urban_rural;
    r.group = group.map(str::to_owned);
    (r.zone, r.parent_code) = (None, None);
    r
}

/// 渝北区: 小学 800 (城区, in 渝北一集团), 九年一贯制 300 + 200 (乡村, in it), 初中 400 (镇区, none)
/// and a special school in the group (not counted) — schools 2/3, students 1300/1700.
/// 南岸区: 小学 1000 (城区), 200 (乡村) and 100 (no 城乡分类, none), 初中 600 (城区) and 300
/// (镇区), all but the 100 in 南岸集团 — schools 4/5, students 2100/2200.
/// 城口县 has no statistics; 成华区 (another city) has groups that must not count.
async fn grouped_city(app: &TestApp) -> Vec<SchoolRecord> {
    use SchoolKind::{Junior, NineYear, Primary, Special};
    use UrbanRural::{Rural, Town, Urban};
    let g1 = Some("渝北一集团");
    let yubei = vec![
        school("5001120001", Primary, (800, 0), Some(Urban), g1),
        school("5001120002", NineYear, (300, 200), Some(Rural), g1),
        school("5001120003", Junior, (0, 400), Some(Town), None),
        school("5001120004", Special, (30, 0), Some(Urban), g1),
    ];
    let g2 = Some("南岸集团");
    let nanan = vec![
        school("5001080001", Primary, (1000, 0), Some(Urban), g2),
        school("5001080002", Primary, (200, 0), Some(Rural), g2),
        school("5001080003", Junior, (0, 600), Some(Urban), g2),
        school("5001080004", Primary, (100, 0), None, None),
        school("5001080005", Junior, (0, 300), Some(Town), g2),
    ];
    app.seed(&yubei).await;
    let system = Actor::system();
    let home = app.home().await;
    app.store
        .update_district(home.id(), &in_city("500112", "渝北区", "500100"), &system)
        .await
        .unwrap();
    let second = app
        .store
        .add_district(&in_city("500108", "南岸区", "500100"), &system)
        .await
        .unwrap();
    app.seed_in(second.id, &nanan).await;
    app.store
        .add_district(&in_city("500229", "城口县", "500100"), &system)
        .await
        .unwrap();
    let other = app
        .store
        .add_district(&in_city("510108", "成华区", "510100"), &system)
        .await
        .unwrap();
    let chenghua = vec![school("5101080001", Primary, (5000, 0), Some(Urban), None)];
    app.seed_in(other.id, &chenghua).await;
    app.add_user("shiji", PASSWORD, Role::City, Scope::City("500100".into()))
        .await;
    yubei.into_iter().chain(nanan).chain(chenghua).collect()
}

/// The texts of the cells of the row of table `id` whose first cell contains `name`.
fn row_cells(page: &str, id: &str, name: &str) -> Vec<String> {
    let table = page
        .split(&format!("id=\"{id}\""))
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or_else(|| panic!("table {id} in {page}"));
    let row = table
        .split("<tr>")
        .find(|r| {
            r.split("</t")
                .next()
                .is_some_and(|first| first.contains(name))
        })
        .unwrap_or_else(|| panic!("row {name} in {table}"));
    row.split("</tr>")
        .next()
        .unwrap()
        .split("<t")
        .skip(1)
        .filter(|c| c.starts_with('d') || c.starts_with('h'))
        .skip(1)
        .map(|c| {
            let mut text = String::new();
            let mut inside = true;
            for ch in c.chars() {
                match ch {
                    '<' => inside = true,
                    '>' => inside = false,
                    _ if !inside => text.push(ch),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// (numerator, denominator) of a rate in the JSON.
fn counts(rate: &serde_json::Value) -> (u64, u64) {
    let n = |k: &str| rate[k].as_u64().unwrap_or_else(|| panic!("{k} of {rate}"));
    (n("numerator"), n("denominator"))
}

async fn coverage_of_each_district_and_the_city(app: TestApp) {
    let records = grouped_city(&app).await;
    app.login("shiji", PASSWORD).await;
    let (status, page) = app.text("/city?sort=code").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("学校参与率 = 覆盖的学校数 ÷ 学校总数"),
        "the definition"
    );
    assert!(
        page.contains("不是国家标准"),
        "the target is local practice"
    );
    // Columns: 总体, 小学, 初中, 城区, 镇区, 乡村, 未分类 (南岸 has a school without one).
    let schools = |name| row_cells(&page, "coverage-schools", name);
    let students = |name| row_cells(&page, "coverage-students", name);
    assert_eq!(
        schools("南岸区"),
        [
            "80.0% 4/5",
            "66.7% 2/3",
            "100.0% 2/2",
            "100.0% 2/2",
            "100.0% 1/1",
            "100.0% 1/1",
            "0.0% 0/1"
        ]
    );
    assert_eq!(
        schools("渝北区"),
        [
            "66.7% 2/3",
            "100.0% 2/2",
            "50.0% 1/2",
            "100.0% 1/1",
            "0.0% 0/1",
            "100.0% 1/1",
            "—"
        ]
    );
    assert_eq!(
        students("渝北区")[..3],
        ["76.5% 1300/1700", "100.0% 1100/1100", "33.3% 200/600"]
    );
    assert_eq!(
        schools("城口县"),
        ["无数据"],
        "no statistics: no data, not 0 %"
    );
    // The city: summed counts (6/8, 3400/3900), not the mean of 66.7 % and 80 %.
    assert_eq!(
        schools("合计"),
        [
            "75.0% 6/8",
            "80.0% 4/5",
            "75.0% 3/4",
            "100.0% 3/3",
            "50.0% 1/2",
            "100.0% 2/2",
            "0.0% 0/1"
        ]
    );
    assert_eq!(
        students("合计"),
        [
            "87.2% 3400/3900",
            "95.8% 2300/2400",
            "73.3% 1100/1500",
            "100.0% 2400/2400",
            "42.9% 300/700",
            "100.0% 700/700",
            "0.0% 0/100"
        ]
    );
    // Against the city target: 南岸's 80.0 % reaches it, the city's 75.0 % does not.
    assert!(page.contains("<td class=\"num pass\">80.0% <small>4/5</small>"));
    assert!(page.contains("<th class=\"num fail\">75.0% <small>6/8</small>"));
    assert!(!page.contains("成华区"));
    for r in &records {
        assert!(!page.contains(r.code.as_str()) && !page.contains(&r.name));
    }

    // The JSON: the same figures, a district without data null.
    let json: serde_json::Value = app
        .get("/api/v1/city?sort=code")
        .await
        .json()
        .await
        .unwrap();
    let rows = json["districts"].as_array().unwrap();
    let codes: Vec<&str> = rows
        .iter()
        .map(|r| r["district"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["500108", "500112", "500229"]);
    let nanan = &rows[0]["coverage"];
    assert_eq!(counts(&nanan["overall"]["schools"]), (4, 5));
    assert_eq!(counts(&nanan["overall"]["students"]), (2100, 2200));
    assert_eq!(nanan["urban_rural"][3]["label"], "未分类");
    assert_eq!(
        counts(&rows[1]["coverage"]["sections"][1]["rates"]["students"]),
        (200, 600)
    );
    assert!(rows[2]["coverage"].is_null(), "城口县: no data");
    let c = &json["coverage"];
    assert_eq!(c["target_percent"], 80);
    assert_eq!(c["target_kind"], "local_practice");
    assert_eq!(c["districts_with_data"], 2);
    let total = &c["total"];
    assert_eq!(counts(&total["overall"]["schools"]), (6, 8));
    assert_eq!(counts(&total["overall"]["students"]), (3400, 3900));
    assert_eq!(total["overall"]["schools"]["value"], 0.75);
    assert_eq!(counts(&total["sections"][0]["rates"]["schools"]), (4, 5));
    assert_eq!(
        counts(&total["urban_rural"][1]["rates"]["students"]),
        (300, 700)
    );
    assert!(!json.to_string().contains("5001120004"), "no school named");

    // The workbook: a line per district and bucket, then the city's.
    let r = app.get("/city.xlsx?sort=code").await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("集团化办学覆盖率").unwrap();
    let line = |code: &str, bucket: &str| -> Vec<Data> {
        sheet
            .rows()
            .find(|r| r[0] == Data::String(code.into()) && r[3] == Data::String(bucket.into()))
            .unwrap_or_else(|| panic!("{code} {bucket}"))
            .to_vec()
    };
    let numbers = |row: &[Data]| -> Vec<f64> {
        row[4..10]
            .iter()
            .map(|d| d.as_f64().unwrap_or(f64::NAN))
            .collect()
    };
    let total = line("合计", "全部");
    assert_eq!(total[1], Data::String("市500100".into()));
    assert_eq!(numbers(&total)[..2], [6.0, 8.0]);
    assert!((numbers(&total)[2] - 75.0).abs() < 1e-9);
    assert_eq!(numbers(&total)[3..5], [3400.0, 3900.0]);
    assert_eq!(
        total[10..12],
        [Data::String("否".into()), Data::String("是".into())]
    );
    let nanan = line("500108", "全部");
    assert_eq!(numbers(&nanan)[..2], [4.0, 5.0]);
    assert_eq!(nanan[10], Data::String("是".into()));
    assert_eq!(numbers(&line("500112", "镇区"))[3..5], [0.0, 400.0]);
    let chengkou: Vec<_> = sheet
        .rows()
        .filter(|r| r[0] == Data::String("500229".into()))
        .collect();
    assert_eq!(chengkou.len(), 1);
    assert_eq!(chengkou[0][2], Data::String("无数据".into()));
    assert!(
        book.worksheet_range("覆盖率口径").is_ok(),
        "the definitions"
    );
}
both!(coverage, coverage_of_each_district_and_the_city);
