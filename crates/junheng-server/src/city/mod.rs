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
use junheng_core::creation::{CreationStatus, Phase, Progress};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::school_year;
use junheng_rotation::{groups_of, rotation_year};
use junheng_store::{AuditEntry, District, DistrictKind, Freshness, MoveFilter, Scope};
use serde::{Deserialize, Serialize};

use crate::access::Regional;
use crate::dashboard::{self, RulebookLink, rulebook, rulebook_links};
use crate::error::{ApiError, AppError};
use crate::i18n::Lang;
use crate::i18n::marks;
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{self, Layout, render};

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
                AppError::bad_request(crate::msg!(
                    "city-bad-sort",
                    v = crate::views::cut(name),
                    keys = names.join(", "),
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
        Some(y) => {
            return Err(AppError::not_found(crate::msg!(
                "city-no-district-has-year",
                year = y.to_string(),
            )));
        }
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
    /// The district's name (data).
    name: String,
    /// 区, 县 or 功能区: a catalogue key.
    kind: &'static str,
    /// 达标, 未达标, or why there is no verdict (HTML: the engine's reason is data).
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

/// The catalogue key of a district's kind.
fn kind_key(kind: DistrictKind) -> &'static str {
    match kind {
        DistrictKind::Qu => "city-kind-qu",
        DistrictKind::Xian => "city-kind-xian",
        DistrictKind::Gongnengqu => "city-kind-gongnengqu",
    }
}

/// The catalogue key of a creation status.
pub(crate) fn status_key(status: CreationStatus) -> &'static str {
    match status {
        CreationStatus::NotStarted => "city-status-not-started",
        CreationStatus::SelfAssessed => "city-status-self-assessed",
        CreationStatus::CityProcess => "city-status-city-process",
        CreationStatus::CitySupervision => "city-status-city-supervision",
        CreationStatus::NationalRecognition => "city-status-national-recognition",
    }
}

/// A target year with its phase, `2028（整体推进）`, in `lang`; "not set" without a target.
pub(crate) fn target_text(lang: Lang, target: Option<i32>) -> String {
    let phase = |p: Phase| match p {
        Phase::Pilot => "city-phase-pilot",
        Phase::Whole => "city-phase-whole",
        Phase::Final => "city-phase-final",
    };
    match target.and_then(|t| Phase::of_target(t).map(|p| (t, p))) {
        Some((t, p)) => crate::tr!(
            lang,
            "city-target-phase",
            year = t.to_string(),
            phase = lang.t(phase(p)),
        ),
        None => lang.t("city-not-set").to_owned(),
    }
}

/// How far a district is from its target, in `lang` (as [`Progress::describe`] says it in
/// Chinese).
pub(crate) fn progress_text(lang: Lang, p: &Progress) -> String {
    let steps = p.steps_left;
    match p.years_left {
        _ if steps == 0 => lang.t("city-progress-recognised").to_owned(),
        None => crate::tr!(lang, "city-progress-no-target", steps = steps),
        Some(y) if p.overdue => {
            crate::tr!(lang, "city-progress-overdue", years = -y, steps = steps)
        }
        Some(0) => crate::tr!(lang, "city-progress-this-year", steps = steps),
        Some(y) => crate::tr!(lang, "city-progress-left", years = y, steps = steps),
    }
}

fn section_text(lang: Lang, e: Option<&EvaluationSummary>, label: &str) -> String {
    e.and_then(|e| e.section(label)).map_or("—".into(), |s| {
        let cv = s.cv.map_or("—".into(), |v| format!("{v:.3}"));
        let limit = format!("{:.2}", s.limit);
        if s.over_limit > 0 {
            crate::tr!(
                lang,
                "city-section-cv-over",
                cv = cv,
                limit = limit,
                n = s.over_limit,
            )
        } else {
            format!("{cv} / {limit}")
        }
    })
}

fn row_view(lang: Lang, year: i32, r: &CityRow) -> RowView {
    let e = r.evaluation.as_ref().ok();
    RowView {
        code: r.district.code.clone(),
        name: r.district.name.clone(),
        kind: kind_key(r.district.kind),
        verdict: match (&r.evaluation, &r.freshness) {
            (Ok(e), _) => views::escape(dashboard::verdict(lang, e.passes)),
            (Err(_), None) => views::escape(&crate::tr!(
                lang,
                "city-no-data-for-year",
                year = year.to_string(),
            )),
            (Err(why), Some(_)) => marks::zh(lang, why),
        },
        class: match e {
            Some(e) if e.passes => "pass",
            Some(_) => "fail",
            None => "none",
        },
        primary: section_text(lang, e, "小学"),
        junior: section_text(lang, e, "初中"),
        failing: e.map_or("—".into(), |e| e.failing_units.to_string()),
        rotation: r.rotation.map_or(lang.t("city-no-roster").into(), |q| {
            let share = q.share.map_or("—".into(), |s| format!("{:.1}%", s * 100.0));
            crate::tr!(
                lang,
                "city-rotation",
                rotated = q.rotated,
                required = q.required,
                share = share,
            )
        }),
        rotation_class: match r.rotation {
            Some(q) if q.met => "pass",
            Some(_) => "fail",
            None => "none",
        },
        fresh: r.freshness.as_ref().map_or("—".into(), |f| {
            let time = crate::views::time(&f.imported_at);
            match &r.package {
                Some(p) => crate::tr!(
                    lang,
                    "city-fresh-package",
                    version = f.version,
                    time = time,
                    package = p.sequence,
                ),
                None => crate::tr!(lang, "city-fresh", version = f.version, time = time),
            }
        }),
        phase: target_text(lang, r.creation.target.as_ref().map(|t| t.year)),
        status: match r.creation.latest() {
            Some(s) => format!("{} · {}", lang.t(status_key(s.status)), s.reached_on),
            None => lang.t(status_key(r.status)).into(),
        },
        progress: progress_text(lang, &r.progress),
        overdue: r.progress.overdue,
    }
}

/// A sortable column header.
struct Column {
    /// A catalogue key.
    label: &'static str,
    href: String,
    /// ▲ / ▼ on the sorted column.
    mark: &'static str,
}

/// A district's code, name (data), and each year's verdict with its colour class.
type TrendRow = (String, String, Vec<(String, &'static str)>);

#[derive(Template)]
#[template(path = "city.html")]
struct CityPage {
    layout: Layout,
    /// The city's or province's name (data).
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
        ("city-column-district", SortKey::Code),
        ("city-column-verdict", SortKey::Verdict),
        ("city-column-primary-cv", SortKey::PrimaryCv),
        ("city-column-junior-cv", SortKey::JuniorCv),
        ("city-column-failing", SortKey::Failing),
        ("city-column-rotation", SortKey::Rotation),
        ("city-column-freshness", SortKey::Freshness),
        ("city-column-status", SortKey::Status),
        ("city-column-target", SortKey::Target),
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
    let lang = viewer.lang;
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
                    Some((_, Ok(e))) if e.passes => {
                        (dashboard::verdict(lang, true).to_owned(), "pass")
                    }
                    Some((_, Ok(e))) => (
                        crate::tr!(lang, "city-trend-failing", n = e.failing_units),
                        "fail",
                    ),
                    Some((_, Err(_))) => (lang.t("city-trend-bad-data").to_owned(), "fail"),
                })
                .collect();
            (d.code.clone(), d.name.clone(), cells)
        })
        .collect();
    let page = CityPage {
        layout: Layout::new("city-district-comparison", &viewer),
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
        rows: v.rows.iter().map(|r| row_view(lang, v.year, r)).collect(),
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
                AppError::not_found(crate::msg!(
                    "city-no-district-in-scope",
                    v = crate::views::cut(code),
                ))
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

#[cfg(test)]
mod tests {
    use junheng_core::creation::progress;
    use proptest::prelude::*;

    use super::*;

    /// Each key says in Chinese what the creation vocabulary says, and English says it in
    /// English.
    #[test]
    fn keys_say_what_the_labels_say() {
        for s in CreationStatus::ALL {
            assert_eq!(Lang::Zh.t(status_key(s)), s.label());
            assert!(Lang::En.t(status_key(s)).is_ascii());
        }
        for k in DistrictKind::ALL {
            assert_eq!(Lang::Zh.t(kind_key(k)), k.label());
            assert!(Lang::En.t(kind_key(k)).is_ascii());
        }
        for p in Phase::ALL {
            let year = p.target_year();
            assert_eq!(
                target_text(Lang::Zh, Some(year)),
                format!("{year}（{}）", p.label())
            );
            assert!(target_text(Lang::En, Some(year)).is_ascii());
        }
        assert_eq!(target_text(Lang::Zh, Some(2026)), "未设定");
        assert_eq!(target_text(Lang::En, None), "not set");
    }

    proptest! {
        #[test]
        fn progress_reads_as_the_creation_vocabulary_says_it(
            status in 0usize..5,
            target in prop::option::of(2020i32..2035),
            year in 2020i32..2035,
        ) {
            let p = progress(target, CreationStatus::ALL[status], year);
            prop_assert_eq!(progress_text(Lang::Zh, &p), p.describe());
            prop_assert!(progress_text(Lang::En, &p).is_ascii());
        }
    }
}
