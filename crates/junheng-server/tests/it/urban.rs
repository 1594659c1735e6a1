//! 城乡差异: the split of every indicator by 城乡分类 on the indicator page (its numbers are the
//! engine's), the dashboard's card, the workbook's sheet, and a rural school's distance from the
//! district's 城区 mean — in Chinese and, marked, in English.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use junheng_core::demo::{DemoSpec, generate_years};
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolRecord, Section, UrbanRural};
use junheng_core::urban::{self, UrbanRuralCategory};
use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::TestApp;

const INDICATOR: &str = "backbone_teachers_per_100";

/// The HTML of the table row with id `id`.
fn row<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<tr id=\"{id}\""))
        .unwrap_or_else(|| panic!("no row {id}"));
    let rest = &page[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

async fn every_indicator_is_split_by_urban_and_rural(app: TestApp) {
    let records = generate_years(
        &DemoSpec {
            schools: 80,
            seed: 12,
            year: 2024,
        },
        2,
    );
    let of_year = |year| -> Vec<SchoolRecord> {
        records.iter().filter(|r| r.year == year).cloned().collect()
    };
    let (old, new) = (of_year(2023), of_year(2024));
    app.seed(&old).await;
    app.seed(&new).await;
    app.add_user("dux", "正确密码-8", Role::Supervisor, Scope::District)
        .await;
    let client = app.logged_in("dux", "正确密码-8").await;
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let e = evaluate(&new, &rulebook).unwrap();
    let split = urban::split(&e);
    let ind = split
        .section(Section::Primary)
        .unwrap()
        .indicator(INDICATOR)
        .unwrap();

    // The indicator page: each category's units, students, weighted mean and 差异系数, the ratio.
    let page = app
        .page_for(
            &client,
            &format!("/indicators/primary/{INDICATOR}?year=2024"),
        )
        .await;
    assert!(page.contains("城乡差异"), "{page}");
    for c in UrbanRuralCategory::CLASSIFIED {
        let figures = ind.category(c).unwrap();
        assert!(figures.units > 0, "the demo has {c} units");
        let spread = figures.spread.unwrap();
        let expected = format!(
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.3}</td>",
            figures.units,
            figures.students,
            spread.mean,
            spread.cv.unwrap()
        );
        let html = row(&page, &format!("urban-{}", c.id()));
        assert!(html.contains(&expected), "{c}: {html} ≠ {expected}");
    }
    let ratio = ind.rural_urban_ratio.unwrap();
    assert!(page.contains(&format!("乡村均值 ÷ 城区均值 = {ratio:.3}")));
    // The trend: both years, the older year's ratio as the engine computes it.
    let before = urban::split(&evaluate(&old, &rulebook).unwrap());
    let old_ratio = before.sections[0]
        .indicator(INDICATOR)
        .unwrap()
        .rural_urban_ratio
        .unwrap();
    let trend = &page[page.find("id=\"urban-trend\"").expect("a trend table")..];
    assert!(trend.contains("2023–2024") && trend.contains("2024–2025"));
    assert!(trend.contains(&format!("<td class=\"num\">{old_ratio:.3}</td>")));

    // The dashboard's card links to indicator pages of the year.
    let dashboard = app.page_for(&client, "/dashboard").await;
    let card = &dashboard[dashboard
        .find("<section class=\"card\" id=\"urban\"")
        .unwrap()..];
    assert!(
        card.contains("/indicators/primary/") && card.contains("?year=2024&#38;rulebook=cn-2017")
    );

    // The workbook: a 城乡差异 sheet of numbers.
    let bytes = client
        .get(app.url("/report.xlsx?year=2024"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("城乡差异").unwrap();
    let rural = ind.category(UrbanRuralCategory::Rural).unwrap();
    let found = sheet.rows().any(|r| {
        r[0] == Data::String("小学".into())
            && r[1] == Data::String(ind.name.clone())
            && r[3] == Data::String("乡村".into())
            && r[4] == Data::Float(rural.units as f64)
            && r[6] == Data::Float(rural.spread.unwrap().mean)
            && r[9] == Data::Float(ratio)
    });
    assert!(found, "the 乡村 row of {INDICATOR}");

    // A failing rural school: each gap also says how far it lies from the 城区 mean.
    let (unit, gap, section) = e
        .sections
        .iter()
        .find_map(|s| {
            s.units.iter().zip(&s.verdicts).find_map(|(u, v)| {
                (u.record.urban_rural == Some(UrbanRural::Rural) && !v.gaps.is_empty())
                    .then(|| (u, &v.gaps[0], s))
            })
        })
        .expect("a failing rural unit");
    let d = urban::distance_from_urban(
        &e,
        unit.school_code(),
        section.section,
        &section.indicators[gap.indicator].id,
    )
    .unwrap();
    let path = format!("/schools/{}?year=2024", unit.school_code());
    let school = app.page_for(&client, &path).await;
    let sentence = format!(
        "与城区比较（本校为乡村学校）：{}本校 {:.2}，本区县城区学校均值 {:.2}（按在校生加权），相差 {:+.2}，为城区均值的 {:.1}%。",
        section.indicators[gap.indicator].name,
        d.value,
        d.urban_mean,
        d.difference,
        d.ratio.unwrap() * 100.0
    );
    assert!(school.contains(&sentence), "{sentence}");

    // In English, the new texts are English and the data marked.
    let r = client
        .get(app.url("/lang?to=en&next=/"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success() || r.status().is_redirection());
    for path in [
        path.clone(),
        format!("/indicators/primary/{INDICATOR}?year=2024"),
        "/dashboard".into(),
        "/report?year=2024".into(),
    ] {
        let html = app.page_for(&client, &path).await;
        assert!(html.contains("<html lang=\"en\""), "{path}");
        let chinese = crate::english::chinese_outside_data(&html);
        assert!(chinese.is_empty(), "{path}: {chinese:?}");
    }
    let school = app.page_for(&client, &path).await;
    assert!(school.contains("Compared with urban schools (this school: Rural)"));
}
both!(urban_rural, every_indicator_is_split_by_urban_and_rural);
