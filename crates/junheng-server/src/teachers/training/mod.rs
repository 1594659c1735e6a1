//! 继续教育 (training): `GET /teachers/training?cycle=&budget_year=&format=` shows the district's
//! schools' completion and on-track rates, 政府保障 item 9, 教育质量 item 4 and the teachers behind
//! schedule (a school's users: their teachers only), the list downloadable as XLSX or CSV;
//! `GET /api/v1/teachers/training` gives the same as JSON — both from one scoped computation
//! ([`junheng_app::teachers::training::status`]). Administrators import the ledger (all or
//! nothing), withdraw a batch (confirmed) and download the template.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::teachers::training::{
    TrainingStatus, import as import_ledger, status, withdraw as withdraw_batch,
};
use junheng_core::school::SchoolCode;
use junheng_teachers::training::{Day, Level, RateGroup, TrainingRules};
use serde::Deserialize;

use crate::access::{Admin, Member, Sees};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, is_admin, refusal};
use crate::params::{Form, Multipart, Query};
use crate::seats::{problems, year_upload};
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

/// Today, UTC.
pub(crate) fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = junheng_core::date::civil_from_days((secs / 86_400) as i64);
    Day::new(y as i32, m, d).unwrap_or(Day::first_of(2026))
}

/// The school a viewer is limited to (`None`: the district); other scopes see nothing here.
fn scope(sees: Sees) -> Result<Option<SchoolCode>, AppError> {
    match sees {
        Sees::District => Ok(None),
        Sees::School(code) => Ok(Some(code)),
        _ => Err(AppError::Forbidden),
    }
}

fn year_param(text: Option<&str>) -> Result<Option<i32>, AppError> {
    crate::seats::year_of(text)
}

/// The page's and the JSON's one computation.
async fn scoped(
    state: &AppState,
    viewer: &Member,
    pairs: &[(String, String)],
) -> Result<TrainingStatus, AppError> {
    let here = state.here(viewer.district()?);
    let school = scope(viewer.sees())?;
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let cycle = year_param(given("cycle"))?;
    let budget_year = year_param(given("budget_year"))?;
    Ok(status(
        &here.store,
        school.as_ref(),
        &TrainingRules::default(),
        cycle,
        budget_year,
        today(),
    )
    .await?)
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
}

/// A line of the rates table: name, completed/assessed, rate, on track/current, rate, 学时 by level.
pub(crate) struct RateLine {
    pub name: String,
    pub completed: String,
    pub completion: String,
    pub on_track: String,
    pub on_track_rate: String,
    pub levels: String,
}

fn line(name: String, g: &RateGroup) -> RateLine {
    RateLine {
        name,
        completed: format!("{}/{}", g.completed, g.assessed),
        completion: percent(g.completion_rate),
        on_track: format!("{}/{}", g.on_track, g.current),
        on_track_rate: percent(g.on_track_rate),
        levels: Level::ALL
            .iter()
            .zip(g.by_level)
            .map(|(l, h)| format!("{} {h}", l.label()))
            .collect::<Vec<_>>()
            .join(" · "),
    }
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
    imported: Option<u64>,
    withdrawn: bool,
}

fn verdict_class(v: junheng_teachers::training::Verdict) -> &'static str {
    match v {
        junheng_teachers::training::Verdict::Met => "pass",
        junheng_teachers::training::Verdict::NotMet => "fail",
        junheng_teachers::training::Verdict::NotConnected => "muted",
    }
}

/// `GET /teachers/training?cycle=&budget_year=&q=&school=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = scoped(&state, &viewer, &pairs).await?;
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let imported = given("imported").and_then(|n| n.parse().ok());
    let withdrawn = given("withdrawn").is_some();
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
            .link(format!("/teachers/training/{}", p.teacher))
        })
        .collect();
    let r = &s.rates;
    let i9 = &r.item9;
    let i4 = &s.item4;
    let mut rates: Vec<RateLine> = r
        .schools
        .iter()
        .map(|g| {
            let name = SchoolCode::parse(&g.key).map_or(g.key.clone(), |c| s.name(&c));
            line(name, g)
        })
        .collect();
    rates.extend(r.urban.iter().map(|g| line(g.key.clone(), g)));
    rates.push(line("全区".into(), &r.district));
    let name = format!("进度落后教师-{}", r.current.label());
    list.respond(&rows, &name, "进度落后教师", |list| {
        render(&TrainingPage {
            layout: Layout::new("training-title", &viewer),
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
                .map(|l| {
                    (
                        l.school.to_string(),
                        s.name(&l.school),
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
                        ),
                    )
                })
                .collect(),
            rates,
            list,
            admin: is_admin(&viewer),
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
            imported,
            withdrawn,
        })
    })
}

/// `GET /api/v1/teachers/training?cycle=&budget_year=`: what the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    Ok(Json(scoped(&state, &viewer, &pairs).await?).into_response())
}

/// `POST /teachers/training/import` (multipart `file`, `year`): the ledger, written whole or
/// refused with every problem listed.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = year_upload(multipart, crate::msg!("seats-choose-file")).await?;
    let name = upload.file_name.clone();
    let read = crate::upload::parse(&state, upload.bytes.clone(), name.clone(), |bytes, n| {
        junheng_io::teachers::training::read_training(bytes, n).map_err(Refused::Problems)
    })
    .await?;
    let done = match read {
        Ok(file) => {
            import_ledger(
                &here.store,
                &caller(&viewer),
                upload.year,
                &file,
                &upload.bytes,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(d) => Ok(Redirect::to(&format!(
            "/teachers/training?imported={}",
            d.batch.map_or(0, |b| b.records)
        ))
        .into_response()),
        Err(Refused::Problems(failure)) => Ok(problems(
            &viewer,
            "training-import-title",
            name,
            &failure,
            "/teachers/training",
        )),
        Err(e) => Err(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    batch: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /teachers/training/withdraw` (form `batch`, `confirm`): withdraws a batch.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let id: i64 = form
        .batch
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request(crate::msg!("training-bad-batch")))?;
    withdraw_batch(&here.store, &caller(&viewer), id, form.confirm == "1")
        .await
        .map_err(refusal)?;
    Ok(Redirect::to("/teachers/training?withdrawn=1").into_response())
}

/// `GET /teachers/training/template.xlsx`: the ledger template.
pub(crate) async fn template(viewer: Admin) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "培训台账模板.xlsx",
        junheng_io::teachers::training::write_template(),
    ))
}
