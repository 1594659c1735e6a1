//! The demo's 社会认可度自测 (issue 19 item 3): one closed survey of the newest school year,
//! answered through one-time codes by all seven groups and, for parents, by an imported 问卷星
//! export (its time, IP and 来源 columns dropped like any import) — overall just above 85 %
//! with the parents below it, so the page shows both verdicts.

use junheng_app::pairings::Caller;
use junheng_app::survey::codes::issue;
use junheng_app::survey::results::Latest;
use junheng_app::survey::{
    Draft, answer::answer, create, import::import, latest_result, set_status,
};
use junheng_core::survey::{Group, Questionnaire, Weighting};
use junheng_io::export::{Cell, Table};
use junheng_labour::calendar::Day;
use junheng_store::survey::SurveyStatus;
use junheng_store::{Actor, DistrictStore, Store};

use crate::Failure;
use crate::pairing::refused;

/// Per group: (key, codes answered, of them recognising).
const CODES: [(&str, usize, usize); 7] = [
    ("student", 40, 34),
    ("parent", 60, 48),
    ("teacher", 30, 26),
    ("principal", 12, 11),
    ("deputy", 10, 9),
    ("cppcc", 10, 9),
    ("public", 20, 17),
];
/// Parents' answers imported: (responses, of them recognising).
const IMPORTED: (usize, usize) = (40, 30);

/// The answers of the `i`-th respondent of a group: recognising or not on every counted
/// question (不认可 and 不了解 alternating for those who do not), supporting questions answered.
fn answers(g: &Group, i: usize, yes: bool) -> Vec<Option<u8>> {
    g.questions
        .iter()
        .map(|q| {
            let pick = if !q.counts || yes { i % 2 } else { 2 + i % 2 };
            Some(u8::try_from(pick.min(q.options.len() - 1)).unwrap_or(0))
        })
        .collect()
}

/// The parents' export as an online survey writes it (with the columns that are dropped).
fn export(g: &Group) -> Vec<u8> {
    let mut headers: Vec<String> = junheng_io::survey::DROPPED
        .iter()
        .map(|h| (*h).to_owned())
        .collect();
    headers.extend(g.questions.iter().map(|q| format!("{}、{}", q.no, q.text)));
    let rows = (0..IMPORTED.0)
        .map(|i| {
            let mut row = vec![
                Cell::Integer(i as i64 + 1),
                Cell::text(format!("2026/11/{} 19:{:02}:00", 3 + i % 5, i % 60)),
                Cell::text(format!("{}秒", 60 + i)),
                Cell::text("微信"),
                Cell::text("N/A"),
                Cell::text(format!("10.20.{}.{}(演示)", i / 200, i % 200)),
            ];
            for (q, a) in g.questions.iter().zip(answers(g, i, i < IMPORTED.1)) {
                row.push(Cell::text(
                    a.map_or("", |a| q.options[usize::from(a)].label.as_str()),
                ));
            }
            row
        })
        .collect();
    junheng_io::export::write_xlsx(&[Table {
        sheet: "答卷",
        headers,
        rows,
    }])
    .unwrap_or_default()
}

/// Seeds the survey; returns its result.
pub(crate) async fn seed(
    store: &Store,
    data: &DistrictStore,
    actor: &Actor,
) -> Result<Option<Latest>, Failure> {
    let today = Day::parse(&junheng_app::tasks::beijing_today())
        .ok_or_else(|| Failure::Input("今天的日期无法确定".into()))?;
    // The school year the demo's statistics end with: the 督导评估 of that year shows it.
    let year = data
        .years()
        .await
        .map_err(crate::platform::store_error)?
        .iter()
        .map(|y| y.year)
        .max()
        .unwrap_or(today.school_year());
    let op = Caller::Operator(actor);
    let title = format!("{year}学年社会认可度自测");
    let id = create(
        data,
        &op,
        &Draft {
            year,
            title: &title,
            questionnaire: None,
            weighting: Weighting::Equal,
            min_cell: 10,
            opens_on: today.plus(-21),
            closes_on: today,
        },
    )
    .await
    .map_err(refused)?;
    set_status(data, &op, id, SurveyStatus::Open)
        .await
        .map_err(refused)?;
    let q = Questionnaire::builtin();
    // The demo's codes are never handed out: a fixed stream keeps the demo repeatable.
    let mut n: u64 = 0x2545_F491_4F6C_DD1D;
    let mut random = move |b: &mut [u8]| {
        for x in b.iter_mut() {
            n ^= n << 13;
            n ^= n >> 7;
            n ^= n << 17;
            *x = n as u8;
        }
    };
    for (key, n, yes) in CODES {
        let g = q
            .group(key)
            .ok_or_else(|| Failure::Input(format!("内置问卷没有 {key}")))?;
        let batch = issue(data, &op, id, key, None, n as u32 + 5, &mut random)
            .await
            .map_err(refused)?;
        for (i, slip) in batch.slips.iter().take(n).enumerate() {
            answer(store, &slip.token, &answers(g, i, i < yes), today)
                .await
                .map_err(refused)?;
        }
    }
    let parents = q
        .group("parent")
        .ok_or_else(|| Failure::Input("内置问卷没有家长".into()))?;
    import(
        data,
        &op,
        id,
        "parent",
        None,
        &export(parents),
        "家长问卷-问卷星导出.xlsx",
        today,
    )
    .await
    .map_err(refused)?;
    set_status(data, &op, id, SurveyStatus::Closed)
        .await
        .map_err(refused)?;
    latest_result(data, year)
        .await
        .map_err(|e| Failure::Input(e.to_string()))
}

/// What the demo prints of it.
pub(crate) fn print(latest: Option<&Latest>) {
    if let Some(l) = latest {
        println!(
            "社会认可度自测：{}，有效答卷 {}，总体认可度 {:.1}%（家长低于 85%）（/survey/{}）",
            l.title,
            l.respondents,
            l.overall.unwrap_or(0.0) * 100.0,
            l.survey
        );
    }
}
