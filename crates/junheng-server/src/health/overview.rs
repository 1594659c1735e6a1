//! `GET /health[?format=xlsx]` and `GET /health/summary.json`: the viewer's health aggregates from
//! one scoped selection ([`scoped`]) — 体质健康 (the latest round's 合格率/优良率/优秀率 of the
//! district and each school, by grade and sex, across rounds, schools below the targets), 视力
//! (近视率 by school and grade, the degrees, 视力不良未验光, the district's target), 心理 (counts by
//! grade for the district's administrators, supervisors and crisis team, never by school) — and
//! the forms of who imports. The page's school list is sortable and filterable; the workbook holds
//! its selected rows and every table of the page.

use std::collections::BTreeMap;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::health::who::{Sight, may_administer, may_import};
use junheng_store::{HealthKind, Scope};
use serde::Serialize;

use super::panels::{
    Tile, fitness_tables, fitness_tiles, mental_tables, vision_tables, vision_tiles,
};
use super::scoped::{self, FitnessView, MentalView, VisionView};
use super::{Table, caller, export, kind_key, param, school_names, school_text, sight_of, today};
use crate::access::{Member, Viewer};
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The columns of the school list.
const COLUMNS: &[Column] = &[
    Column::plain("school", "health-col-school"),
    Column::plain("code", "health-col-code"),
    Column::plain("tested", "health-col-tested"),
    Column::plain("pass", "health-col-pass-rate"),
    Column::plain("good", "health-col-good-rate"),
    Column::plain("excellent", "health-col-excellent-rate"),
    Column::choice("flag", "health-col-flag"),
    Column::plain("screened", "health-col-screened"),
    Column::plain("myopia", "health-col-myopia-rate"),
    Column::plain("mild", "health-col-mild"),
    Column::plain("moderate", "health-col-moderate"),
    Column::plain("high", "health-col-high"),
    Column::plain("unrefracted", "health-col-unrefracted"),
];

/// What the viewer sees of each kind.
#[derive(Serialize)]
struct Sights {
    fitness: &'static str,
    vision: &'static str,
    mental: &'static str,
}

/// The scoped selection: what the page, its workbook and the JSON show.
#[derive(Serialize)]
struct Summary {
    today: String,
    /// Counts below this are hidden from the aggregate roles.
    min_cell: u64,
    sight: Sights,
    /// The one school the viewer is limited to, or none (the district).
    school: Option<String>,
    fitness: Option<FitnessView>,
    vision: Option<VisionView>,
    mental: Option<MentalView>,
}

/// The selection of `viewer`; refused when they see nothing of health.
async fn selection(state: &AppState, here: &Here, viewer: &Viewer) -> Result<Summary, AppError> {
    let (f, v, m) = (
        sight_of(viewer, HealthKind::Fitness),
        sight_of(viewer, HealthKind::Vision),
        sight_of(viewer, HealthKind::Mental),
    );
    if [&f, &v, &m].iter().all(|s| **s == Sight::Nothing) {
        return Err(AppError::Forbidden);
    }
    let names = school_names(here).await?;
    let k = state.config.students.min_cell;
    let settings = &state.config.health;
    Ok(Summary {
        today: today(),
        min_cell: k,
        sight: Sights {
            fitness: scoped::sight_id(&f),
            vision: scoped::sight_id(&v),
            mental: scoped::sight_id(&m),
        },
        school: f.school().or(m.school()).map(|s| school_text(&names, s)),
        fitness: scoped::fitness(here, &f, &names, settings, k).await?,
        vision: scoped::vision(here, &v, &names, settings, k).await?,
        mental: scoped::mental(here, &m, k).await?,
    })
}

/// `GET /health/summary.json`: the page's selection as data (never a name).
pub(crate) async fn summary(
    State(state): State<AppState>,
    viewer: Member,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    Ok(Json(selection(&state, &here, &viewer).await?).into_response())
}

/// What the forms of the page offer the viewer.
pub(crate) struct Forms {
    /// (kind id, key) of the kinds the viewer imports.
    pub kinds: Vec<(&'static str, &'static str)>,
    /// (code, shown) of the schools they import for.
    pub schools: Vec<(String, String)>,
    /// The names of the rounds there are.
    pub rounds: Vec<String>,
    /// The current school year.
    pub year: i32,
    pub today: String,
    /// Whether they load scoring packs.
    pub pack: bool,
}

async fn forms(here: &Here, viewer: &Viewer, today: &str) -> Result<Forms, AppError> {
    let c = caller(viewer);
    let mut names = school_names(here).await?;
    if let Scope::School(s) | Scope::Class { school: s, .. } = &viewer.user.scope {
        names.entry(s.clone()).or_insert_with(String::new);
    }
    let kinds: Vec<HealthKind> = HealthKind::ALL
        .into_iter()
        .filter(|k| names.keys().any(|s| may_import(&c, *k, s)))
        .collect();
    let mut rounds = Vec::new();
    if !kinds.is_empty() {
        for k in &kinds {
            rounds.extend(
                here.store
                    .health_rounds(*k)
                    .await?
                    .into_iter()
                    .rev()
                    .map(|r| r.name),
            );
        }
    }
    Ok(Forms {
        schools: names
            .keys()
            .filter(|s| kinds.iter().any(|k| may_import(&c, *k, s)))
            .map(|s| (s.to_string(), school_text(&names, s)))
            .collect(),
        // A 心理 wave takes PHQ-9/GAD-7 answers or a district instrument's (量表测评).
        kinds: kinds
            .iter()
            .map(|k| (k.id(), kind_key(*k)))
            .chain(
                kinds
                    .contains(&HealthKind::Mental)
                    .then_some(("scale", "health-kind-scale")),
            )
            .collect(),
        rounds,
        year: junheng_store::school_year(today).unwrap_or(2024),
        today: today.to_owned(),
        pack: may_administer(&c),
    })
}

#[derive(Template)]
#[template(path = "health.html")]
struct Page {
    layout: Layout,
    s: Summary,
    fitness_tiles: Vec<Tile>,
    vision_tiles: Vec<Tile>,
    /// The scope's name (data), or empty for the district.
    scope: String,
    list: Option<ListView>,
    fitness_tables: Vec<Table>,
    vision_tables: Vec<Table>,
    mental_tables: Vec<Table>,
    forms: Forms,
}

/// A rate as the list holds it.
fn rate_value(status: &str, v: Option<f64>) -> Value {
    match (status, v) {
        ("rated", Some(v)) => Value::Decimal(v, 1),
        ("unscored", _) => Value::Label("health-unscored"),
        ("none", _) => Value::Empty,
        _ => Value::text("*"),
    }
}

/// A count as the list holds it (a hidden one as its text).
fn count_value(text: &str) -> Value {
    text.parse::<i64>()
        .map_or_else(|_| Value::text(text), Value::Int)
}

/// The school list: a row per school with a file in the latest 体质健康 or 视力 round.
fn school_rows(s: &Summary, names: &BTreeMap<String, String>) -> Vec<Row> {
    let mut codes: BTreeMap<&str, (Option<usize>, Option<usize>)> = BTreeMap::new();
    if let Some(f) = &s.fitness {
        for (i, x) in f.schools.iter().enumerate() {
            codes.entry(&x.code).or_default().0 = Some(i);
        }
    }
    if let Some(v) = &s.vision {
        for (i, x) in v.schools.iter().enumerate() {
            codes.entry(&x.code).or_default().1 = Some(i);
        }
    }
    let fitness_round = s.fitness.as_ref().and_then(|f| f.round.as_ref());
    codes
        .into_iter()
        .map(|(code, (fi, vi))| {
            let fit = fi.and_then(|i| s.fitness.as_ref().map(|f| &f.schools[i]));
            let vis = vi.and_then(|i| s.vision.as_ref().map(|v| &v.schools[i]));
            let mut values = vec![Value::maybe(names.get(code).cloned()), Value::text(code)];
            match fit {
                Some(f) => {
                    let r = &f.rates;
                    values.extend([
                        count_value(&r.tested),
                        rate_value(r.status, r.pass),
                        rate_value(r.status, r.good),
                        rate_value(r.status, r.excellent),
                        match (r.status, f.below.is_empty()) {
                            ("rated", false) => Value::Label("health-flag-below"),
                            ("rated", true) => Value::Label("health-flag-met"),
                            _ => Value::Empty,
                        },
                    ]);
                }
                None => values.extend(std::iter::repeat_n(Value::Empty, 5)),
            }
            match vis {
                Some(v) => {
                    let m = &v.myopia;
                    values.push(count_value(&m.screened));
                    values.push(rate_value(m.status, m.rate));
                    values.extend(m.degrees.iter().map(|d| count_value(d)));
                    values.push(count_value(&m.unrefracted));
                }
                None => values.extend(std::iter::repeat_n(Value::Empty, 6)),
            }
            let below = fit.is_some_and(|f| !f.below.is_empty());
            let mut row = Row::new(values);
            if let (Some(round), Some(_)) = (fitness_round, fit) {
                row = row.link(format!("/health/fitness/{}?school={code}", round.id));
            }
            if below {
                row = row.class(6, "fail");
            }
            row
        })
        .collect()
}

/// `GET /health[?format=xlsx|csv]`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let s = selection(&state, &here, &viewer).await?;
    let names: BTreeMap<String, String> = school_names(&here)
        .await?
        .into_iter()
        .map(|(c, n)| (c.to_string(), n))
        .collect();
    let rows = school_rows(&s, &names);
    let list = List::new(COLUMNS, pairs.clone(), &[])?;
    let fitness_tables = s.fitness.as_ref().map(fitness_tables).unwrap_or_default();
    let vision_tables = s.vision.as_ref().map(vision_tables).unwrap_or_default();
    let mental_tables = s.mental.as_ref().map(mental_tables).unwrap_or_default();
    let file = format!("学生健康-{}", s.today);
    if list.is_xlsx() || param(&pairs, "format") == Some("xlsx") {
        let mut sheets = vec![list.table(&rows, "学校一览")];
        sheets.extend(
            fitness_tables
                .iter()
                .chain(&vision_tables)
                .chain(&mental_tables)
                .map(Table::sheet),
        );
        let bytes = junheng_io::export::write_xlsx(&sheets)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        return export(
            &here,
            &viewer,
            "health.xlsx",
            "health".into(),
            &format!("{file}.xlsx"),
            bytes,
        )
        .await;
    }
    let forms = forms(&here, &viewer, &s.today).await?;
    let scope = s.school.clone().unwrap_or_default();
    let show_list = !rows.is_empty();
    list.respond(&rows, &file, "学校一览", move |view| {
        render(&Page {
            layout: Layout::new("health-title", &viewer),
            fitness_tiles: s.fitness.as_ref().map(fitness_tiles).unwrap_or_default(),
            vision_tiles: s.vision.as_ref().map(vision_tiles).unwrap_or_default(),
            s,
            scope,
            list: show_list.then_some(view),
            fitness_tables,
            vision_tables,
            mental_tables,
            forms,
        })
    })
}
