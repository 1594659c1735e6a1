//! 学位预测 (issue 16): an administrator imports the four files (previewed, every problem
//! located, years replaced only when ticked); the district's and a 学区's pages show the
//! back-test before the charts and the schools; the JSON and the workbook agree; a school user
//! is refused, and another district's administrator sees none of it.

use junheng_core::school::SchoolRecord;
use junheng_store::{Role, Scope};
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, district, in_chongqing, location, xlsx_text};

const PASSWORD: &str = "学位预测-密码-1";

both!(forecast_files_pages_and_scope, forecast);

/// The 学区 of the records and their areas (`X学区` → `X街道`).
fn zones(records: &[SchoolRecord]) -> Vec<String> {
    let mut z: Vec<String> = records.iter().filter_map(|r| r.zone.clone()).collect();
    z.sort();
    z.dedup();
    z
}

fn area(zone: &str) -> String {
    format!("{}街道", zone.trim_end_matches("学区"))
}

/// Births 2010–2024 of each area: a sixth of its 学区's pupils a year.
fn births(records: &[SchoolRecord]) -> String {
    let mut csv = String::from("街道/乡镇,口径,出生年份,出生数\n");
    for z in zones(records) {
        let pupils: u32 = records
            .iter()
            .filter(|r| r.zone.as_deref() == Some(z.as_str()))
            .map(|r| r.primary.students)
            .sum();
        for year in 2010..=2024 {
            csv.push_str(&format!("{},常住,{year},{}\n", area(&z), pupils / 6 + 5));
        }
    }
    csv
}

fn map(records: &[SchoolRecord]) -> String {
    let mut csv = String::from("街道/乡镇,学区,比例\n");
    for z in zones(records) {
        csv.push_str(&format!("{},{z},\n", area(&z)));
    }
    csv
}

/// Five school years of each school: its pupils spread evenly over its grades.
fn enrolment(records: &[SchoolRecord], years: std::ops::RangeInclusive<i32>) -> String {
    let mut csv = String::from("学年,学校标识码,年级,在校生数,随迁子女数\n");
    for year in years {
        for r in records {
            for (grades, pupils) in [(1..=6, r.primary.students), (7..=9, r.junior.students)] {
                if pupils == 0 {
                    continue;
                }
                let n = pupils / grades.clone().count() as u32;
                for g in grades {
                    csv.push_str(&format!("{year},{},{g},{n},{}\n", r.code, n / 10));
                }
            }
        }
    }
    csv
}

fn capacity(records: &[SchoolRecord]) -> String {
    let mut csv = String::from("学年,学校标识码,小学核定班数,初中核定班数\n");
    for r in records {
        let classes = |pupils: u32, limit: u32| {
            if pupils == 0 {
                String::new()
            } else {
                (pupils / limit + 1).to_string()
            }
        };
        csv.push_str(&format!(
            "2024,{},{},{}\n",
            r.code,
            classes(r.primary.students, 45),
            classes(r.junior.students, 50)
        ));
    }
    csv
}

/// Uploads `csv` as a file of `kind`: the preview's status and body.
async fn upload(app: &TestApp, kind: &str, csv: &str) -> (u16, String) {
    let (_, page) = app.text("/seats/forecast/import").await;
    let form = Form::new()
        .text("csrf", TestApp::csrf_of(&page))
        .text("kind", kind.to_owned())
        .part(
            "file",
            Part::bytes(csv.as_bytes().to_vec()).file_name(format!("{kind}.csv")),
        );
    let r = app
        .client
        .post(app.url("/seats/forecast/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The value of hidden field `name` in a page.
fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + name.len()
        + 15;
    page[at..].split('"').next().unwrap().to_owned()
}

/// Previews and confirms a file; `replace` ticks the box.
async fn import(app: &TestApp, kind: &str, csv: &str, replace: bool) -> reqwest::Response {
    let (status, page) = upload(app, kind, csv).await;
    assert_eq!(status, 200, "{page}");
    let mut form = vec![
        ("csrf", TestApp::csrf_of(&page)),
        ("pending", hidden(&page, "pending")),
        ("kind", kind.to_owned()),
    ];
    if replace {
        form.push(("replace", "1".to_owned()));
    }
    app.post("/seats/forecast/import/confirm", &form).await
}

async fn forecast(app: TestApp) {
    let records = district(16);
    app.seed(&records).await;
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user(
        "xz",
        PASSWORD,
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    app.login("admin", PASSWORD).await;
    let (status, page) = app.text("/seats/forecast").await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"seats-forecast-none\""), "{page}");

    // Every problem located; nothing written.
    let (_, bad) = upload(
        &app,
        "births",
        "街道/乡镇,口径,出生年份,出生数\n龙山街道,流动,2018,1\n",
    )
    .await;
    assert!(
        bad.contains("seats.series_invalid") && bad.contains("流动"),
        "{bad}"
    );
    let unknown = "学年,学校标识码,年级,在校生数\n2024,5009999999,1,10\n";
    let (_, bad) = upload(&app, "enrolment", unknown).await;
    assert!(
        bad.contains("seats.school_unknown") && bad.contains("5009999999"),
        "{bad}"
    );
    assert!(!bad.contains("name=\"pending\""));

    for (kind, csv) in [
        ("births", births(&records)),
        ("zones", map(&records)),
        ("enrolment", enrolment(&records, 2020..=2024)),
        ("capacity", capacity(&records)),
    ] {
        let r = import(&app, kind, &csv, false).await;
        assert_eq!(r.status(), 303, "{kind}");
        assert_eq!(location(&r), format!("/seats/forecast/import?done={kind}"));
    }
    // A year imported already is replaced only when ticked.
    let again = enrolment(&records, 2024..=2024);
    let (_, preview) = upload(&app, "enrolment", &again).await;
    assert!(preview.contains("id=\"seats-forecast-replaces\"") && preview.contains("2024"));
    let r = import(&app, "enrolment", &again, false).await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("id=\"seats-forecast-unconfirmed\"")
    );
    assert_eq!(import(&app, "enrolment", &again, true).await.status(), 303);
    let audit = app.store.audit_log(&Default::default()).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "seats.enrolment")
            .count(),
        2
    );

    // The district: the back-test before the charts, the 学区 and the schools.
    let (status, page) = app.text("/seats/forecast").await;
    assert_eq!(status, 200);
    let back = page
        .find("id=\"seats-forecast-backtest\"")
        .expect("the back-test");
    let charts = page
        .find("id=\"seats-forecast-charts\"")
        .expect("the charts");
    assert!(back < charts);
    assert!(page.contains("<svg") && page.contains("class=\"band\""));
    assert!(page.contains("MAPE"));
    let zone = zones(&records)[0].clone();
    assert!(page.contains(&zone));
    assert!(page.contains(records[0].code.as_str()));
    let href = format!(
        "/seats/forecast/zones/{}",
        percent_encoding::utf8_percent_encode(&zone, percent_encoding::NON_ALPHANUMERIC)
    );
    let (status, zpage) = app.text(&href).await;
    assert_eq!(status, 200);
    assert!(zpage.contains("id=\"seats-forecast-backtest\""));
    assert_eq!(app.text("/seats/forecast/zones/无此学区").await.0, 404);
    // Settings as query parameters: the horizon moves the last year.
    let (_, short) = app.text("/seats/forecast?horizon=2030").await;
    assert!(short.contains("2030") && !short.contains("<th>2031</th>"));
    assert_eq!(app.text("/seats/forecast?series=x").await.0, 400);

    // The same forecast as data and as a workbook.
    let json: Value = app
        .get("/api/v1/seats/forecast")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["base_year"], 2024);
    assert_eq!(json["unit"]["years"].as_array().unwrap().len(), 11);
    assert!(json["unit"]["model"]["back_test"][0]["mape"].is_number());
    let schools = json["schools"].as_array().unwrap();
    assert_eq!(schools.len(), records.len());
    let zone_json: Value = app
        .get(&format!("/api/v1{}", &href))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(zone_json["unit"]["name"], zone.as_str());
    let r = app.get("/seats/forecast/export.xlsx").await;
    assert_eq!(r.status(), 200);
    let text = xlsx_text(&r.bytes().await.unwrap());
    assert!(text.contains("回测与系数") && text.contains(&zone));
    assert!(text.contains(records[0].code.as_str()));
    let template = app.get("/seats/forecast/template/capacity").await;
    assert_eq!(template.status(), 200);
    assert!(xlsx_text(&template.bytes().await.unwrap()).contains("小学核定班数"));

    // Scope: a school user is refused; another district's administrator sees only theirs.
    let school = app.logged_in("xz", PASSWORD).await;
    let r = school.get(app.url("/seats/forecast")).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let r = school
        .get(app.url("/api/v1/seats/forecast"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let other = app
        .store
        .add_district(
            &in_chongqing("500229", "城口县"),
            &junheng_store::Actor::system(),
        )
        .await
        .unwrap();
    app.add_user_in(other.id, "other", PASSWORD, Role::Admin, Scope::District)
        .await;
    let other = app.logged_in("other", PASSWORD).await;
    let page = app.page_for(&other, "/seats/forecast").await;
    assert!(page.contains("id=\"seats-forecast-none\""));
    assert!(!page.contains(records[0].code.as_str()));
    let r = other.get(app.url(&href)).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

/// A district of 16 schools with statistics and the four files imported through the use case
/// (for the browser's tests).
pub(crate) async fn seeded(app: &TestApp) -> Vec<SchoolRecord> {
    use junheng_app::pairings::Caller;
    use junheng_io::seats::forecast::SeatFileKind;
    let records = district(16);
    app.seed(&records).await;
    let home = app.home().await;
    let actor = junheng_store::Actor::system();
    for (kind, csv) in [
        (SeatFileKind::Births, births(&records)),
        (SeatFileKind::Zones, map(&records)),
        (SeatFileKind::Enrolment, enrolment(&records, 2020..=2024)),
        (SeatFileKind::Capacity, capacity(&records)),
    ] {
        let limits = junheng_io::Limits::default();
        let file =
            junheng_app::seats::forecast::read(kind, csv.as_bytes(), "f.csv", &limits).unwrap();
        junheng_app::seats::forecast::import(&home, &Caller::Operator(&actor), &file, true)
            .await
            .unwrap();
    }
    records
}
