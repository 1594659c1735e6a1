//! `/teachers/training`: the items, the rates, the teachers behind schedule (each linked to their
//! own page) and, for the district's administrators, the ledger's and the budgets' forms; the
//! XLSX download is a workbook of three sheets (进度落后教师, 完成率, 培训经费未达标); the JSON is
//! the same computation.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::teachers::training::TrainingStatus;
use junheng_core::school::SchoolCode;
use junheng_io::export::{Cell, Table};
use junheng_teachers::training::{BudgetLine, Level, RateGroup};

use super::entry::{BudgetForm, RecordForm, school_choices};
use super::{given, percent, scoped, verdict_class};
use crate::access::Member;
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::is_admin;
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// The columns of the behind-schedule list.
const COLUMNS: &[Column] = &[
    Column::plain("teacher", "training-teacher"),
    Column::choice("school", "training-school"),
    Column::plain("done", "training-done"),
    Column::plain("expected", "training-expected"),
    Column::plain("required", "training-required"),
];

/// A line of the rates table: name, completed/assessed, rate, on track/current, rate, 学时 by level.
pub(crate) struct RateLine {
    pub name: String,
    pub completed: String,
    pub completion: String,
    pub on_track: String,
    pub on_track_rate: String,
    pub levels: String,
}

fn levels(g: &RateGroup) -> String {
    Level::ALL
        .iter()
        .zip(g.by_level)
        .map(|(l, h)| format!("{} {h}", l.label()))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn line(name: String, g: &RateGroup) -> RateLine {
    RateLine {
        name,
        completed: format!("{}/{}", g.completed, g.assessed),
        completion: percent(g.completion_rate),
        on_track: format!("{}/{}", g.on_track, g.current),
        on_track_rate: percent(g.on_track_rate),
        levels: levels(g),
    }
}

/// Every group of the rates table with its name: the schools, 城乡, then 全区.
fn groups(s: &TrainingStatus) -> Vec<(String, &RateGroup)> {
    let r = &s.rates;
    let mut out: Vec<(String, &RateGroup)> = r
        .schools
        .iter()
        .map(|g| {
            let name = SchoolCode::parse(&g.key).map_or(g.key.clone(), |c| s.name(&c));
            (name, g)
        })
        .collect();
    out.extend(r.urban.iter().map(|g| (g.key.clone(), g)));
    out.push(("全区".into(), &r.district));
    out
}

/// How a failing budget line reads: 未填报, or training / funds 元 = share.
fn budget_text(l: &BudgetLine) -> String {
    l.budget.as_ref().map_or_else(
        || "未填报".to_owned(),
        |b| {
            format!(
                "{} / {} 元 = {}",
                b.training,
                b.public_funds,
                percent(l.share)
            )
        },
    )
}

/// The rates and the failing budgets as the workbook's second and third sheets.
fn sheets(s: &TrainingStatus) -> Vec<Table> {
    let text = |t: &str| Cell::Text(t.to_owned());
    let rate = |r: Option<f64>| r.map_or(Cell::Empty, |r| Cell::Decimal(r * 100.0, 1));
    let headers = |h: &[&str]| h.iter().map(|s| (*s).to_owned()).collect();
    let rates = groups(s)
        .into_iter()
        .map(|(name, g)| {
            vec![
                text(&name),
                text(&format!("{}/{}", g.completed, g.assessed)),
                rate(g.completion_rate),
                text(&format!("{}/{}", g.on_track, g.current)),
                rate(g.on_track_rate),
                text(&levels(g)),
            ]
        })
        .collect();
    let i4 = &s.item4;
    let failing = i4
        .failing()
        .map(|l| {
            let amount = |f: fn(&junheng_teachers::training::Budget) -> i64| {
                l.budget
                    .as_ref()
                    .map_or(Cell::Empty, |b| Cell::Integer(f(b)))
            };
            vec![
                text(l.school.as_str()),
                text(&s.name(&l.school)),
                Cell::Number(f64::from(i4.year)),
                amount(|b| b.public_funds),
                amount(|b| b.training),
                rate(l.share),
                text(if l.budget.is_some() {
                    "未达标"
                } else {
                    "未填报"
                }),
            ]
        })
        .collect();
    vec![
        Table {
            sheet: "完成率",
            headers: headers(&[
                "学校/城乡/全区",
                "完成/应完成",
                "完成率（%）",
                "进度正常/当前教师",
                "进度正常率（%）",
                "各级学时",
            ]),
            rows: rates,
        },
        Table {
            sheet: "培训经费未达标",
            headers: headers(&[
                "学校标识码",
                "学校",
                "年度",
                "公用经费预算（元）",
                "其中教师培训经费（元）",
                "占比（%）",
                "状态",
            ]),
            rows: failing,
        },
    ]
}

#[derive(Template)]
#[template(path = "teachers_training.html")]
struct TrainingPage {
    layout: Layout,
    district: bool,
    cycle: String,
    current: String,
    item9: String,
    item9_class: &'static str,
    item9_detail: String,
    item4: String,
    item4_class: &'static str,
    item4_detail: String,
    failing: Vec<(String, String, String)>,
    rates: Vec<RateLine>,
    list: ListView,
    admin: bool,
    batches: Vec<(i64, String, u64, String)>,
    /// The notice of what the last write did (a catalogue text, said in the viewer's language).
    notice: Option<String>,
    record: RecordForm,
    budget: BudgetForm,
    schools: Vec<(String, String)>,
}

/// The notice of a redirect after a write (`?imported=n`, `?entered=0|1`, `?withdrawn=1`,
/// `?budgets=n`).
fn notice(layout: &Layout, pairs: &[(String, String)]) -> Option<String> {
    let n = |k: &str| given(pairs, k).and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = n("imported") {
        Some(layout.t_n("training-imported", n))
    } else if let Some(n) = n("entered") {
        Some(
            layout
                .t(if n > 0 {
                    "training-entered"
                } else {
                    "training-entered-already"
                })
                .to_owned(),
        )
    } else if given(pairs, "withdrawn").is_some() {
        Some(layout.t("training-withdrawn").to_owned())
    } else {
        n("budgets").map(|n| layout.t_n("training-budgets-saved", n))
    }
}

/// `GET /teachers/training?cycle=&budget_year=&q=&school=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = scoped(&state, &viewer, &pairs).await?;
    let layout = Layout::new("training-title", &viewer);
    let notice = notice(&layout, &pairs);
    let list = List::new(COLUMNS, pairs, &["cycle", "budget_year"])?;
    let rows: Vec<Row> = s
        .rates
        .behind()
        .map(|p| {
            Row::new(vec![
                Value::text(p.teacher.as_str()),
                Value::text(s.name(&p.school)),
                Value::Decimal(p.done.as_f64(), 1),
                Value::Decimal(p.expected.as_f64(), 1),
                Value::Decimal(p.required.as_f64(), 1),
            ])
            .class(2, "fail")
            .link(super::teacher::href(&p.teacher))
        })
        .collect();
    let r = &s.rates;
    let name = format!("继续教育-{}", r.current.label());
    if list.is_xlsx() {
        return list.workbook(&rows, "进度落后教师", sheets(&s), &name);
    }
    let (i9, i4) = (&r.item9, &s.item4);
    let admin = is_admin(&viewer);
    list.respond(
        &rows,
        &format!("进度落后教师-{}", r.current.label()),
        "进度落后教师",
        |list| {
            render(&TrainingPage {
                layout,
                district: s.school.is_none(),
                cycle: r.cycle.label(),
                current: r.current.label(),
                item9: i9.verdict.label().into(),
                item9_class: verdict_class(i9.verdict),
                item9_detail: format!(
                    "{} 周期：完成 {}/{} 人，完成率 {}{}",
                    i9.cycle.label(),
                    i9.completed,
                    i9.assessed,
                    percent(i9.rate),
                    if i9.ended {
                        ""
                    } else {
                        "（周期尚未结束）"
                    }
                ),
                item4: i4.verdict.label().into(),
                item4_class: verdict_class(i4.verdict),
                item4_detail: format!(
                    "{} 年度，各校教师培训经费不低于公用经费预算的 {}%",
                    i4.year, i4.percent
                ),
                failing: i4
                    .failing()
                    .map(|l| (l.school.to_string(), s.name(&l.school), budget_text(l)))
                    .collect(),
                rates: groups(&s).into_iter().map(|(n, g)| line(n, g)).collect(),
                list,
                admin,
                batches: s
                    .batches
                    .iter()
                    .map(|b| {
                        (
                            b.id,
                            b.file_name.clone(),
                            b.records,
                            crate::views::time(&b.imported_at),
                        )
                    })
                    .collect(),
                notice,
                record: RecordForm::blank(s.roster_year),
                budget: BudgetForm::blank(i4.year),
                schools: school_choices(&s.names),
            })
        },
    )
}

/// `GET /api/v1/teachers/training?cycle=&budget_year=`: what the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    Ok(Json(scoped(&state, &viewer, &pairs).await?).into_response())
}
