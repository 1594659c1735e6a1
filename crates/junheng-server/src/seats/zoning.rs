//! 划片 and admission of a school year: `GET /seats/zoning?year=&format=` shows the catchment map
//! (sortable, filterable, downloadable with the other lists as one workbook), the 就近入学 item
//! per 学段 with its numerator, denominator and the schools below, and the 指标到校 share per
//! 优质高中 and overall with the tilt toward rural 初中; `GET /api/v1/seats/zoning?year=` gives
//! the same as JSON — both from one computation ([`junheng_app::seats::zoning::report`]).
//! Administrators import the three files (all or nothing; a year's file replaced only when
//! confirmed), withdraw them (the previous one is back), and download their templates.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::seats::zoning::{MapRow, ZoningReport, report};
use junheng_core::school::{Section, school_year};
use junheng_core::seats::zoning::{NearbyItem, QuotaReport, ZoningMode, ZoningRules, share_text};
use junheng_io::export::{Cell, Table};
use junheng_store::ZoningKind;
use serde::Deserialize;

use super::sizes::{YearQuery, YearUpload, problems, year_of, year_upload};
use crate::access::{Admin, DistrictReader};
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, is_admin, refusal};
use crate::params::{Form, Multipart, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The columns of the catchment map.
const COLUMNS: &[Column] = &[
    Column::choice("section", "zoning-section"),
    Column::plain("place", "zoning-place"),
    Column::choice("mode", "zoning-mode"),
    Column::plain("zone", "zoning-lottery-zone"),
    Column::plain("schools", "zoning-schools"),
];

fn section_key(s: Section) -> &'static str {
    match s {
        Section::Primary => "zoning-primary",
        _ => "zoning-junior",
    }
}

fn row(m: &MapRow) -> Row {
    let schools: Vec<String> = m
        .schools
        .iter()
        .map(|s| format!("{}（{}）", s.name, s.code))
        .collect();
    Row::new(vec![
        Value::Label(section_key(m.section)),
        Value::text(&m.place),
        Value::Label(match m.mode {
            ZoningMode::Single => "zoning-single",
            ZoningMode::Multi => "zoning-multi",
        }),
        Value::maybe(m.lottery_zone.as_ref().map(|z| match &m.lottery {
            Some(l) => format!(
                "{z} → 第 {} 号派位「{}」{}",
                l.id,
                l.title,
                if l.drawn { "（已派位）" } else { "" }
            ),
            None => format!("{z}（尚无派位）"),
        })),
        Value::text(schools.join("、")),
    ])
}

/// A school below its 学段's threshold.
pub(crate) struct Below {
    code: String,
    name: String,
    setting: &'static str,
    nearby: u64,
    entrants: u64,
    share: String,
}

/// The 就近入学 item of a 学段 as the page shows it.
pub(crate) struct NearbyCard {
    id: &'static str,
    section: &'static str,
    min_percent: u32,
    met: Option<bool>,
    nearby: u64,
    entrants: u64,
    share: String,
    eligible: usize,
    excluded: [usize; 4],
    outside: u64,
    below: Vec<Below>,
}

fn nearby_card(item: &NearbyItem) -> NearbyCard {
    let e = &item.excluded;
    NearbyCard {
        id: match item.section {
            Section::Primary => "zoning-nearby-primary",
            _ => "zoning-nearby-junior",
        },
        section: section_key(item.section),
        min_percent: item.min_percent,
        met: item.met,
        nearby: item.nearby,
        entrants: item.entrants,
        share: share_text(item.share()),
        eligible: item.schools.len(),
        excluded: [e.rural, e.unclassified, e.private, e.boarding],
        outside: item.homes_outside_map,
        below: item
            .below
            .iter()
            .map(|s| Below {
                code: s.code.to_string(),
                name: s.name.clone(),
                setting: s.urban_rural.map_or("", |u| u.label()),
                nearby: s.nearby,
                entrants: s.entrants,
                share: share_text(s.share()),
            })
            .collect(),
    }
}

/// The 指标到校 item as the page shows it.
pub(crate) struct QuotaCard {
    met: Option<bool>,
    min_percent: u32,
    allotted: u64,
    plan: u64,
    share: String,
    /// Name, plan, allotted, juniors, share, met.
    highs: Vec<(String, u64, u64, usize, String, bool)>,
    /// 城乡分类, schools, graduates, places, places per 100 graduates.
    tilt: Vec<(&'static str, usize, u64, u64, String)>,
    rural_tilt: Option<bool>,
}

fn per_hundred(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}", v * 100.0))
}

fn quota_card(q: &QuotaReport) -> QuotaCard {
    QuotaCard {
        met: q.met,
        min_percent: q.min_percent,
        allotted: q.allotted,
        plan: q.plan,
        share: share_text(q.share()),
        highs: q
            .high_schools
            .iter()
            .map(|h| {
                let share = share_text(h.share());
                (
                    h.high_school.clone(),
                    h.plan,
                    h.allotted,
                    h.juniors,
                    share,
                    h.met,
                )
            })
            .collect(),
        tilt: q
            .tilt
            .iter()
            .map(|t| {
                let per = per_hundred(t.per_graduate());
                (t.category.label(), t.schools, t.graduates, t.quota, per)
            })
            .collect(),
        rural_tilt: q.rural_tilt,
    }
}

/// A kind of file with the year's current one, for the admin forms.
pub(crate) struct FileForm {
    kind: &'static str,
    title: &'static str,
    current: Option<String>,
}

#[derive(Template)]
#[template(path = "seats_zoning.html")]
struct ZoningPage {
    layout: Layout,
    years: Vec<YearChip>,
    year_label: String,
    year: i32,
    nearby: Vec<NearbyCard>,
    quota: Option<QuotaCard>,
    has_map: bool,
    list: ListView,
    admin: bool,
    forms: Vec<FileForm>,
    /// Rows a file just wrote, or 0.
    imported: u64,
    withdrawn: bool,
}

fn kind_title(kind: ZoningKind) -> &'static str {
    match kind {
        ZoningKind::Catchments => "zoning-file-catchments",
        ZoningKind::Entrants => "zoning-file-entrants",
        ZoningKind::Quotas => "zoning-file-quotas",
    }
}

/// The year asked for (or the newest with statistics) and its report; `None` before any import.
async fn of_year(here: &Here, year: Option<i32>) -> Result<Option<ZoningReport>, AppError> {
    let Some(current) = here.current(year).await? else {
        return Ok(None);
    };
    Ok(Some(
        report(&here.store, current.year, &ZoningRules::default()).await?,
    ))
}

/// The workbook's sheets beside the map: each eligible school's 就近入学, each 优质高中's share
/// and the tilt.
fn sheets(r: &ZoningReport) -> Vec<Table> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let int = |n: u64| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let share = |v: Option<f64>| v.map_or(Cell::Empty, |v| Cell::Decimal(v, 4));
    let nearby = r.nearby.iter().flatten().flat_map(|item| {
        item.schools.iter().map(|s| {
            vec![
                text(item.section.label()),
                text(s.code.as_str()),
                text(&s.name),
                text(s.urban_rural.map_or("", |u| u.label())),
                int(s.nearby),
                int(s.entrants),
                share(s.share()),
            ]
        })
    });
    let headers = |h: &[&str]| h.iter().map(|s| (*s).to_owned()).collect();
    let mut out = vec![Table {
        sheet: "就近入学",
        headers: headers(&[
            "学段",
            "学校标识码",
            "学校名称",
            "城乡分类",
            "划片内入学人数",
            "入学人数",
            "就近入学比例",
        ]),
        rows: nearby.collect(),
    }];
    if let Some(q) = &r.quotas {
        out.push(Table {
            sheet: "指标到校",
            headers: headers(&[
                "高中学校",
                "招生计划",
                "分配到校名额",
                "分得名额的初中数",
                "分配比例",
            ]),
            rows: q
                .high_schools
                .iter()
                .map(|h| {
                    vec![
                        text(&h.high_school),
                        int(h.plan),
                        int(h.allotted),
                        int(h.juniors as u64),
                        share(h.share()),
                    ]
                })
                .collect(),
        });
        out.push(Table {
            sheet: "向农村初中倾斜",
            headers: headers(&[
                "城乡分类",
                "初中数",
                "毕业生数",
                "分配名额",
                "每名毕业生名额",
            ]),
            rows: q
                .tilt
                .iter()
                .map(|t| {
                    vec![
                        text(t.category.label()),
                        int(t.schools as u64),
                        int(t.graduates),
                        int(t.quota),
                        share(t.per_graduate()),
                    ]
                })
                .collect(),
        });
    }
    out
}

/// `GET /seats/zoning?year=&q=&section=&mode=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let year = year_of(given("year").as_deref())?;
    let imported = given("imported").and_then(|n| n.parse().ok()).unwrap_or(0);
    let withdrawn = given("withdrawn").is_some();
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let found = of_year(&here, year).await?;
    let rows: Vec<Row> = found
        .as_ref()
        .map_or_else(Vec::new, |r| r.map.iter().map(row).collect());
    let name = match &found {
        Some(r) => format!("划片与入学-{}", r.year),
        None => "划片与入学".to_owned(),
    };
    if list.is_xlsx()
        && let Some(r) = &found
    {
        return list.workbook(&rows, "划片", sheets(r), &name);
    }
    let all_years = here.years().await?;
    let shown = found.as_ref().map(|r| r.year);
    list.respond(&rows, &name, "划片", |list| {
        render(&ZoningPage {
            layout: Layout::new("zoning-title", &viewer),
            years: year_switch(
                &all_years
                    .iter()
                    .map(|y| YearLink {
                        year: y.year,
                        label: school_year(y.year),
                        selected: Some(y.year) == shown,
                    })
                    .collect::<Vec<_>>(),
                |y| format!("/seats/zoning?year={y}"),
            ),
            year_label: shown.map_or(String::new(), school_year),
            year: shown.unwrap_or(0),
            nearby: found
                .as_ref()
                .and_then(|r| r.nearby.as_ref())
                .map_or_else(Vec::new, |items| items.iter().map(nearby_card).collect()),
            quota: found
                .as_ref()
                .and_then(|r| r.quotas.as_ref())
                .map(quota_card),
            has_map: !rows.is_empty(),
            list,
            admin: is_admin(&viewer),
            forms: ZoningKind::ALL
                .into_iter()
                .map(|k| FileForm {
                    kind: k.id(),
                    title: kind_title(k),
                    current: found.as_ref().and_then(|r| r.file(k)).map(|f| {
                        format!(
                            "{}（{} 行，{}）",
                            f.file_name,
                            f.rows,
                            junheng_core::date::beijing_text(&f.imported_at)
                        )
                    }),
                })
                .collect(),
            imported,
            withdrawn,
        })
    })
}

/// `GET /api/v1/seats/zoning?year=`: the report the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    caller: DistrictReader,
    Query(q): Query<YearQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(caller.district()?);
    let year = year_of(q.year.as_deref())?;
    let found = of_year(&here, year)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("seats-no-data")))?;
    Ok(Json(found).into_response())
}

fn kind_of(text: Option<&str>) -> Result<ZoningKind, AppError> {
    text.and_then(ZoningKind::from_id).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "zoning-bad-kind",
            v = crate::views::cut(text.unwrap_or(""))
        ))
    })
}

/// `POST /seats/zoning/import` (multipart `kind`, `file`, `year`, `replace`): one of the year's
/// three files, written whole or refused with every problem listed.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let YearUpload {
        fields,
        year,
        replace,
        file_name,
        bytes,
        sha256,
    } = year_upload(multipart, crate::msg!("zoning-choose-file")).await?;
    let kind = kind_of(
        fields
            .iter()
            .find(|(key, _)| key == "kind")
            .map(|(_, v)| v.as_str()),
    )?;
    let read = crate::upload::parse(&state, bytes, file_name.clone(), move |bytes, name| {
        junheng_app::seats::zoning::read(kind, bytes, name, &junheng_io::Limits::default())
    })
    .await?;
    let done = match read {
        Ok(parsed) => {
            junheng_app::seats::zoning::import(
                &here.store,
                &caller(&viewer),
                year,
                &parsed,
                &sha256,
                replace,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(stored) => Ok(Redirect::to(&format!(
            "/seats/zoning?year={year}&imported={}",
            stored.rows
        ))
        .into_response()),
        Err(Refused::Problems(failure)) => Ok(problems(
            &viewer,
            "zoning-import-title",
            file_name,
            &failure,
            "/seats/zoning",
        )),
        Err(e) => Err(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    kind: String,
    year: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /seats/zoning/withdraw` (form `kind`, `year`, `confirm`): withdraws the year's current
/// file of a kind.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let kind = kind_of(Some(&form.kind))?;
    let year = year_of(Some(&form.year))?
        .ok_or_else(|| AppError::bad_request(crate::msg!("seats-choose-year")))?;
    if form.confirm != "1" {
        return Err(AppError::bad_request(crate::msg!(
            "zoning-confirm-withdraw"
        )));
    }
    junheng_app::seats::zoning::withdraw(&here.store, &caller(&viewer), year, kind)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/seats/zoning?year={year}&withdrawn=1")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct KindQuery {
    kind: Option<String>,
}

/// `GET /seats/zoning/template.xlsx?kind=catchments|entrants|quotas`: a file's template with
/// examples and a 说明 sheet.
pub(crate) async fn template(
    viewer: Admin,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    viewer.district()?;
    let (bytes, name) = junheng_app::seats::zoning::template(kind_of(q.kind.as_deref())?);
    Ok(crate::views::download(crate::views::XLSX, &name, bytes))
}
