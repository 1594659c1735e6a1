//! 各区县比较: the city (or province) page. Every district of the viewer's region side by side
//! for a school year — verdict, each section's 差异系数 against its limit, failing units, the
//! rotation quota, data freshness and the creation phase — sortable, exportable (`/city.xlsx`,
//! `/api/v1/city`: the same [`scoped`] selection), with each district's trend over the years
//! and a drill-down into its pages (read-only: `/city/enter`).
//!
//! A row is a summary of a district: no school and no person is named.

mod phases;

pub(crate) use phases::{phases_page, record_step, set_target};

use std::sync::Arc;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use junheng_app::city::{self as app, CityRow, EvaluationSummary, RotationSummary, SortKey, Trend};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::school_year;
use junheng_rotation::{groups_of, rotation_year};
use junheng_store::{AuditEntry, District, Freshness, MoveFilter, Scope};
use serde::{Deserialize, Serialize};

use crate::access::Regional;
use crate::dashboard::{RulebookLink, rulebook, rulebook_links};
use crate::error::{ApiError, AppError};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// `?year=2024&rulebook=cn-2017&sort=failing&desc=1`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CityQuery {
    pub year: Option<i32>,
    pub rulebook: Option<String>,
    pub sort: Option<String>,
    pub desc: Option<String>,
}

impl CityQuery {
    fn descending(&self) -> bool {
        matches!(self.desc.as_deref(), Some("1" | "true"))
    }

    fn key(&self) -> Result<SortKey, AppError> {
        match self
            .sort
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(SortKey::Code),
            Some(name) => SortKey::parse(name).ok_or_else(|| {
                let names: Vec<&str> = SortKey::ALL.iter().map(|(_, n)| *n).collect();
                AppError::BadRequest(format!(
                    "无法按「{}」排序；可用：{}",
                    crate::views::cut(name),
                    names.join("、")
                ))
            }),
        }
    }
}

/// What the page, the workbook and the JSON show: one selection.
pub(crate) struct CityView {
    /// The region's name (重庆市).
    pub region: String,
    pub year: i32,
    /// Every school year any district of the region has, newest first.
    pub years: Vec<i32>,
    pub rulebook: Rulebook,
    pub key: SortKey,
    pub descending: bool,
    pub rows: Vec<CityRow>,
    /// Each district's evaluation of every year it has.
    pub trend: Vec<Trend>,
}

/// The comparison of the viewer's region for the year asked (the newest any district has by
/// default), sorted as asked.
pub(crate) async fn scoped(
    state: &AppState,
    region: &Scope,
    q: &CityQuery,
) -> Result<CityView, AppError> {
    let rulebook = rulebook(q.rulebook.as_deref())?;
    let (key, descending) = (q.key()?, q.descending());
    let cache_key = format!("{region:?}:{:?}:{}", q.year, rulebook.id);
    let view = match state.recent_city::<CityView>(&cache_key) {
        Some(v) => v,
        None => {
            let v = Arc::new(compute(state, region, q.year, rulebook).await?);
            state.remember_city(cache_key, v.clone());
            v
        }
    };
    let mut rows = view.rows.clone();
    app::sort(&mut rows, key, descending);
    Ok(CityView {
        region: view.region.clone(),
        year: view.year,
        years: view.years.clone(),
        rulebook: view.rulebook.clone(),
        key,
        descending,
        rows,
        trend: view.trend.clone(),
    })
}

/// The comparison of `region` for `year` (the newest any district has by default), by code.
async fn compute(
    state: &AppState,
    region: &Scope,
    year: Option<i32>,
    rulebook: Rulebook,
) -> Result<CityView, AppError> {
    let districts: Vec<District> = state
        .districts()
        .await?
        .iter()
        .filter(|d| d.in_region(region))
        .cloned()
        .collect();
    let fresh = state.store.freshness().await?;
    let fresh: Vec<Freshness> = fresh
        .into_iter()
        .filter(|f| districts.iter().any(|d| d.id == f.district))
        .collect();
    let mut years: Vec<i32> = fresh.iter().map(|f| f.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let year = match year {
        Some(y) if years.contains(&y) => y,
        Some(y) => return Err(AppError::NotFound(format!("没有区县有 {y} 学年的数据"))),
        None => years.first().copied().unwrap_or_else(app::this_year),
    };
    let marks = state.store.ledger_marks().await?;
    let creations = state.store.creations().await?;
    let packages = state.store.received_packages(None).await?;
    let this_year = app::this_year();
    let mut rows = Vec::with_capacity(districts.len());
    let mut trend = Vec::with_capacity(districts.len());
    for d in districts {
        let here = state.here(&d);
        let mark = marks
            .iter()
            .find(|(id, _)| *id == d.id)
            .map_or("0", |(_, m)| m.as_str());
        let mut history = Vec::new();
        for f in fresh.iter().filter(|f| f.district == d.id).rev() {
            history.push((f.year, summary(&here, f, &rulebook).await?.as_ref().clone()));
        }
        let this = fresh.iter().find(|f| f.district == d.id && f.year == year);
        let (evaluation, rotation) = match this {
            None => (Err(format!("没有 {year} 学年的数据")), None),
            Some(f) => (
                history
                    .iter()
                    .find(|(y, _)| *y == year)
                    .map(|(_, s)| s.clone())
                    .expect("the year's freshness is in its history"),
                *quota(&here, f, mark, &rulebook).await?,
            ),
        };
        let creation = creations
            .iter()
            .find(|(id, _)| *id == d.id)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        trend.push((d.clone(), history));
        rows.push(CityRow::new(
            d,
            this.cloned(),
            evaluation,
            rotation,
            creation,
            &packages,
            this_year,
        ));
    }
    Ok(CityView {
        region: region_name(&rows, region),
        year,
        years,
        rulebook,
        key: SortKey::Code,
        descending: false,
        rows,
        trend,
    })
}

fn region_name(rows: &[CityRow], region: &Scope) -> String {
    let named = rows.first().map(|r| match region {
        Scope::Province(_) => r.district.province.1.clone(),
        _ => r.district.city.1.clone(),
    });
    named
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| match region {
            Scope::Province(code) | Scope::City(code) => code.clone(),
            _ => String::new(),
        })
}

type Summary = Result<EvaluationSummary, String>;

/// The evaluation summary of a district's year (cached by version and rulebook).
async fn summary(
    here: &Here,
    f: &Freshness,
    rulebook: &Rulebook,
) -> Result<Arc<Summary>, AppError> {
    let key = format!("city:summary:{}:{}:{}", f.year, f.version, rulebook.id);
    let (here2, rulebook, f) = (here.clone(), rulebook.clone(), f.clone());
    here.city_view(key, async move {
        let evaluated = here2.evaluation_of(f.year, f.version, &rulebook).await?;
        Ok(evaluated
            .evaluation()
            .map(EvaluationSummary::of)
            .map_err(|e| e.to_string()))
    })
    .await
}

/// The district quota of a year with a roster (cached by statistics and roster versions and
/// the ledger's mark).
async fn quota(
    here: &Here,
    f: &Freshness,
    mark: &str,
    rulebook: &Rulebook,
) -> Result<Arc<Option<RotationSummary>>, AppError> {
    let Some(roster_version) = f.roster_version else {
        return Ok(Arc::new(None));
    };
    let key = format!(
        "city:quota:{}:{}:{roster_version}:{mark}:{}",
        f.year, f.version, rulebook.id
    );
    let (here2, rules, f) = (here.clone(), rulebook.rotation, f.clone());
    here.city_view(key, async move {
        let records = here2.records(f.year, f.version).await?;
        let roster = here2.store.roster_at(f.year, roster_version).await?;
        let ledger: Vec<_> = here2
            .store
            .moves(&MoveFilter::default())
            .await?
            .into_iter()
            .map(|e| e.move_)
            .collect();
        tokio::task::spawn_blocking(move || {
            let groups = groups_of(&records, f.year);
            let ry = rotation_year(f.year, &roster, &ledger, &groups, &rules);
            Some(RotationSummary::of(&ry.district))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
}

/// One row of the page.
struct RowView {
    code: String,
    name: String,
    kind: &'static str,
    verdict: String,
    /// 达标 / 未达标 / 无数据 (for the colour).
    class: &'static str,
    primary: String,
    junior: String,
    failing: String,
    rotation: String,
    rotation_class: &'static str,
    fresh: String,
    phase: String,
    status: String,
    progress: String,
    overdue: bool,
}

fn section_text(e: Option<&EvaluationSummary>, label: &str) -> String {
    e.and_then(|e| e.section(label)).map_or("—".into(), |s| {
        let cv = s.cv.map_or("—".into(), |v| format!("{v:.3}"));
        let over = if s.over_limit > 0 {
            format!("，{} 项超标", s.over_limit)
        } else {
            String::new()
        };
        format!("{cv} / {:.2}{over}", s.limit)
    })
}

fn row_view(r: &CityRow) -> RowView {
    let e = r.evaluation.as_ref().ok();
    RowView {
        code: r.district.code.clone(),
        name: r.district.name.clone(),
        kind: r.district.kind.label(),
        verdict: app::verdict(r),
        class: match e {
            Some(e) if e.passes => "pass",
            Some(_) => "fail",
            None => "none",
        },
        primary: section_text(e, "小学"),
        junior: section_text(e, "初中"),
        failing: e.map_or("—".into(), |e| e.failing_units.to_string()),
        rotation: r.rotation.map_or("无花名册".into(), |q| {
            let share = q.share.map_or("—".into(), |s| format!("{:.1}%", s * 100.0));
            format!("{}/{}（{share}）", q.rotated, q.required)
        }),
        rotation_class: match r.rotation {
            Some(q) if q.met => "pass",
            Some(_) => "fail",
            None => "none",
        },
        fresh: r.freshness.as_ref().map_or("—".into(), |f| {
            let from = r
                .package
                .as_ref()
                .map_or(String::new(), |p| format!(" · {}", p.describe()));
            format!(
                "第 {} 版 · {}{from}",
                f.version,
                crate::views::time(&f.imported_at)
            )
        }),
        phase: match (&r.creation.target, r.phase) {
            (Some(t), Some(p)) => format!("{}（{}）", t.year, p),
            _ => "未设定".into(),
        },
        status: match r.creation.latest() {
            Some(s) => format!("{} · {}", s.status, s.reached_on),
            None => r.status.label().into(),
        },
        progress: r.progress.describe(),
        overdue: r.progress.overdue,
    }
}

/// A sortable column header.
struct Column {
    label: &'static str,
    href: String,
    /// ▲ / ▼ on the sorted column.
    mark: &'static str,
}

/// A district's code, name, and each year's verdict with its colour class.
type TrendRow = (String, String, Vec<(String, &'static str)>);

#[derive(Template)]
#[template(path = "city.html")]
struct CityPage {
    layout: Layout,
    region: String,
    year_label: String,
    years: Vec<(i32, String, bool)>,
    rulebooks: Vec<RulebookLink>,
    query: String,
    columns: Vec<Column>,
    rows: Vec<RowView>,
    passing: usize,
    with_data: usize,
    trend_years: Vec<i32>,
    trend: Vec<TrendRow>,
}

fn query_string(v: &CityView, key: SortKey, descending: bool) -> String {
    format!(
        "year={}&rulebook={}&sort={}{}",
        v.year,
        v.rulebook.id,
        key.name(),
        if descending { "&desc=1" } else { "" }
    )
}

fn columns(v: &CityView) -> Vec<Column> {
    [
        ("区县", SortKey::Code),
        ("结论", SortKey::Verdict),
        ("小学差异系数/限值", SortKey::PrimaryCv),
        ("初中差异系数/限值", SortKey::JuniorCv),
        ("未达标单位", SortKey::Failing),
        ("交流轮岗", SortKey::Rotation),
        ("数据版本", SortKey::Freshness),
        ("创建状态", SortKey::Status),
        ("距目标", SortKey::Target),
    ]
    .into_iter()
    .map(|(label, key)| {
        let on = v.key == key;
        Column {
            label,
            href: format!("/city?{}", query_string(v, key, on && !v.descending)),
            mark: match (on, v.descending) {
                (false, _) => "",
                (true, false) => "▲",
                (true, true) => "▼",
            },
        }
    })
    .collect()
}

/// `GET /city`
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<CityQuery>,
) -> Result<Response, AppError> {
    let v = scoped(&state, &viewer.region, &q).await?;
    let mut trend_years: Vec<i32> = v.years.clone();
    trend_years.reverse();
    let trend = v
        .trend
        .iter()
        .map(|(d, ys)| {
            let cells = trend_years
                .iter()
                .map(|y| match ys.iter().find(|(yy, _)| yy == y) {
                    None => ("—".to_owned(), "none"),
                    Some((_, Ok(e))) if e.passes => ("达标".to_owned(), "pass"),
                    Some((_, Ok(e))) => (format!("{} 个单位未达标", e.failing_units), "fail"),
                    Some((_, Err(_))) => ("数据有误".to_owned(), "fail"),
                })
                .collect();
            (d.code.clone(), d.name.clone(), cells)
        })
        .collect();
    let page = CityPage {
        layout: Layout::new("各区县比较", &viewer),
        region: v.region.clone(),
        year_label: school_year(v.year),
        years: v
            .years
            .iter()
            .map(|y| (*y, school_year(*y), *y == v.year))
            .collect(),
        rulebooks: rulebook_links(&v.rulebook.id, |id| {
            format!("/city?year={}&rulebook={id}", v.year)
        }),
        query: query_string(&v, v.key, v.descending),
        columns: columns(&v),
        passing: v
            .rows
            .iter()
            .filter(|r| r.evaluation.as_ref().is_ok_and(|e| e.passes))
            .count(),
        with_data: v.rows.iter().filter(|r| r.has_data()).count(),
        rows: v.rows.iter().map(row_view).collect(),
        trend_years,
        trend,
    };
    Ok(render(&page))
}

/// `GET /city.xlsx`: the comparison and the trend, as shown.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<CityQuery>,
) -> Result<Response, AppError> {
    let v = scoped(&state, &viewer.region, &q).await?;
    let tables = [app::comparison(&v.rows), app::trend(&v.trend)];
    let bytes = tokio::task::spawn_blocking(move || junheng_io::export::write_xlsx(&tables))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .audit(&AuditEntry {
            district: None,
            actor: viewer.user.name.clone(),
            action: "city.xlsx",
            target: format!("{}/{}", v.year, v.rulebook.id),
            detail: format!("{} 个区县", v.rows.len()),
        })
        .await?;
    let name = format!("各区县比较-{}-{}.xlsx", v.year, v.rulebook.id);
    Ok(crate::views::download(crate::views::XLSX, &name, bytes))
}

/// The JSON of `/api/v1/city`.
#[derive(Serialize)]
pub(crate) struct CityJson {
    region: String,
    year: i32,
    years: Vec<i32>,
    rulebook: String,
    sort: &'static str,
    descending: bool,
    districts: Vec<CityRow>,
}

/// `GET /api/v1/city`
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<CityQuery>,
) -> Result<Json<CityJson>, ApiError> {
    let v = scoped(&state, &viewer.region, &q).await?;
    Ok(Json(CityJson {
        region: v.region,
        year: v.year,
        years: v.years,
        rulebook: v.rulebook.id,
        sort: v.key.name(),
        descending: v.descending,
        districts: v.rows,
    }))
}

/// `?district=500112`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Enter {
    pub district: Option<String>,
}

/// `GET /city/enter?district=CODE`: look into a district of the region (read-only), its
/// dashboard first; without a code, back to the city page with no district chosen.
pub(crate) async fn enter(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<Enter>,
) -> Result<Response, AppError> {
    let code = q.district.as_deref().map(str::trim).unwrap_or_default();
    let (value, age, to) = if code.is_empty() {
        (String::new(), Some(std::time::Duration::ZERO), "/city")
    } else {
        let all = state.districts().await?;
        let d = all
            .iter()
            .find(|d| d.code == code && d.in_region(&viewer.region))
            .ok_or_else(|| {
                AppError::NotFound(format!("您的范围内没有区县 {}", crate::views::cut(code)))
            })?;
        (d.code.clone(), None, "/dashboard")
    };
    let cookie = crate::auth::set_cookie(&state, crate::access::DISTRICT_COOKIE, &value, age);
    Ok((
        axum::http::StatusCode::SEE_OTHER,
        [
            (SET_COOKIE, cookie),
            (LOCATION, to.parse().expect("a path")),
        ],
    )
        .into_response())
}
