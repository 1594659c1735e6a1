//! `GET /students/dropout/ledgers/{ledger}?school=&year=&format=xlsx`: the three ledgers of
//! 控辍保学 (`junheng_app::students::ledgers`) — 适龄儿童 as counts per school, 疑似辍学 and 辍学
//! as their cases (by name for those who see cases, counts per school for aggregate roles) with
//! the cases closed in the school year. Small cells are suppressed for aggregate roles; the
//! workbook holds the same selection and is audited.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::pairings::Caller;
use junheng_app::students::cases;
use junheng_app::students::ledgers::{self, Ledger};
use junheng_app::students::roster;
use junheng_core::school::SchoolCode;
use junheng_core::student::{DropoutState, Stage};
use junheng_store::{DropoutCase, NamedStudent, RegistryEntry};

use super::{
    Counts, Grid, GridCell, GridRow, Reach, export, keys, param, refusal, school_names,
    school_param, school_text, state_key, today, what,
};
use crate::access::Member;
use crate::error::AppError;
use crate::params::{Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

#[derive(Template)]
#[template(path = "dropout_ledger.html")]
struct LedgerPage {
    layout: Layout,
    /// The ledger's id and title key.
    ledger: &'static str,
    title: &'static str,
    today: String,
    nothing: bool,
    named: bool,
    /// The school year shown, and as people read it (2024–2025).
    year: i32,
    year_label: String,
    /// (href, label, on) of the years with a registry (适龄儿童).
    years: Vec<(String, String, bool)>,
    district: bool,
    school_shown: String,
    /// (code, shown, selected) of the school filter.
    schools: Vec<(String, String, bool)>,
    grids: Vec<Grid>,
    min_cell: u64,
    xlsx: String,
}

/// The catalogue key of a ledger's title.
fn ledger_key(l: Ledger) -> &'static str {
    match l {
        Ledger::SchoolAge => "dropout-ledger-school-age",
        Ledger::Suspected => "dropout-ledger-suspected",
        Ledger::Dropout => "dropout-ledger-dropout",
    }
}

/// The `year` of a query, refused when it is not a school year.
fn year_param(pairs: &[(String, String)]) -> Result<Option<i32>, AppError> {
    param(pairs, "year")
        .map(|v| {
            v.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    AppError::bad_request(crate::msg!("dropout-bad-year", v = crate::views::cut(v)))
                })
        })
        .transpose()
}

/// The columns of the 适龄儿童 ledger: (header key, count of a school's registry).
type Measure = (&'static str, fn(&junheng_store::RegistryCounts) -> u64);

const SCHOOL_AGE: [Measure; 7] = [
    ("dropout-col-primary", |c| {
        c.total(Some(Stage::Primary)).students
    }),
    ("dropout-col-junior", |c| {
        c.total(Some(Stage::Junior)).students
    }),
    ("dropout-col-migrant", |c| c.total(None).migrant),
    ("dropout-col-disabled", |c| c.total(None).disabled),
    ("dropout-col-home-teaching", |c| c.total(None).home_teaching),
    ("dropout-col-left-behind", |c| c.total(None).left_behind),
    ("dropout-col-needy", |c| c.total(None).needy),
];

/// Rows of `codes` kept for `school` and the reach, after suppression over every row.
fn kept(codes: &[SchoolCode], reach: &Reach, school: Option<&SchoolCode>) -> Vec<usize> {
    (0..codes.len())
        .filter(|&i| school.is_none_or(|s| codes[i] == *s) && reach.covers(&codes[i]))
        .collect()
}

/// A grid of counts per school: the school's name and code, then the counts.
#[allow(clippy::too_many_arguments)]
fn count_grid(
    id: &'static str,
    title: &'static str,
    sheet: &'static str,
    measures: &[&'static str],
    codes: &[SchoolCode],
    counts: &Counts,
    keep: &[usize],
    names: &BTreeMap<SchoolCode, String>,
    totals: bool,
) -> Grid {
    let mut headers = vec!["dropout-col-school", "dropout-col-code"];
    headers.extend_from_slice(measures);
    Grid {
        id,
        title,
        sheet,
        headers,
        rows: keep
            .iter()
            .map(|&i| {
                let mut cells = vec![
                    GridCell::text(names.get(&codes[i]).cloned().unwrap_or_default()),
                    GridCell::text(codes[i].to_string()),
                ];
                cells.extend(counts.cells[i].iter().map(|c| GridCell::count(c.clone())));
                GridRow::new(cells)
            })
            .collect(),
        totals: totals.then(|| {
            let mut t = vec![
                GridCell::label("dropout-district-total"),
                GridCell::text(String::new()),
            ];
            t.extend(
                counts
                    .column_totals
                    .iter()
                    .map(|c| GridCell::count(c.clone())),
            );
            t
        }),
    }
}

/// A child's grade and class as data (七年级3班).
fn class_text(entry: Option<&RegistryEntry>) -> String {
    entry.map_or_else(String::new, |e| {
        format!(
            "{}{}",
            junheng_app::students::who::grade_label(e.grade),
            e.class
        )
    })
}

/// The named grid of a ledger's cases (`closed`: the cases closed in the year).
fn case_grid(
    closed: bool,
    cases: &[DropoutCase],
    named: &HashMap<i64, NamedStudent>,
    entries: &HashMap<i64, (SchoolCode, i32, RegistryEntry)>,
    names: &BTreeMap<SchoolCode, String>,
) -> Grid {
    let mut headers = vec![
        "dropout-col-case",
        "dropout-col-name",
        "dropout-col-number",
        "dropout-col-school",
        "dropout-col-class",
        "dropout-col-state",
        "dropout-col-opened",
    ];
    if closed {
        headers.push("dropout-col-closed");
    } else {
        headers.extend(["dropout-col-since", "dropout-col-owner", "dropout-col-plan"]);
    }
    let rows = cases
        .iter()
        .map(|c| {
            let n = named.get(&c.student);
            let mut cells = vec![
                GridCell::text(format!("#{}", c.id)),
                GridCell::text(n.map(|n| n.name.clone()).unwrap_or_default()),
                GridCell::text(n.map(|n| n.number_masked.clone()).unwrap_or_default()),
                GridCell::text(school_text(names, &c.school)),
                GridCell::text(class_text(entries.get(&c.student).map(|(_, _, e)| e))),
                GridCell::label(state_key(c.state)),
                GridCell::text(c.opened_on.clone()),
            ];
            if closed {
                cells.push(GridCell::text(c.closed_on.clone().unwrap_or_default()));
            } else {
                cells.extend([
                    GridCell::text(c.state_since.clone()),
                    GridCell::text(c.owner.clone()),
                    GridCell::text(c.plan.clone()),
                ]);
            }
            GridRow::new(cells).link(format!("/students/cases/{}", c.id))
        })
        .collect();
    Grid {
        id: if closed {
            "grid-ledger-closed"
        } else {
            "grid-ledger-cases"
        },
        title: if closed {
            "dropout-closed-title"
        } else {
            "dropout-open-title"
        },
        sheet: if closed {
            "本学年销号"
        } else {
            "在册个案"
        },
        headers,
        rows,
        totals: None,
    }
}

/// The grids of a ledger of cases.
#[allow(clippy::too_many_arguments)]
async fn case_grids(
    here: &Here,
    viewer: &Member,
    ledger: Ledger,
    reach: &Reach,
    school: Option<&SchoolCode>,
    year: i32,
    names: &BTreeMap<SchoolCode, String>,
    read_as: &str,
) -> Result<Vec<Grid>, AppError> {
    let states: [DropoutState; 2] = match ledger {
        Ledger::Suspected => [DropoutState::AbsencePending, DropoutState::Suspected],
        _ => [DropoutState::Dropout, DropoutState::Persuading],
    };
    if reach.named() {
        let open = ledgers::cases(&here.store, ledger, school).await?;
        let closed = ledgers::closed_in(&here.store, year, school).await?;
        let refs: Vec<&DropoutCase> = open.iter().chain(&closed).collect();
        let named = roster::case_names(
            &here.store,
            keys(here),
            &Caller::User(&viewer.user),
            &refs,
            read_as,
        )
        .await
        .map_err(refusal)?;
        let ids: Vec<i64> = refs.iter().map(|c| c.student).collect();
        let entries = here.store.latest_entries(&ids).await?;
        return Ok(vec![
            case_grid(false, &open, &named, &entries, names),
            case_grid(true, &closed, &named, &entries, names),
        ]);
    }
    // Aggregate roles: the ledger's open cases and the year's closings per school.
    let open = ledgers::cases(&here.store, ledger, None).await?;
    let closed = ledgers::closed_in(&here.store, year, None).await?;
    let mut all: BTreeSet<SchoolCode> = names.keys().cloned().collect();
    all.extend(open.iter().chain(&closed).map(|c| c.school.clone()));
    let codes: Vec<SchoolCode> = all.into_iter().collect();
    let rows: Vec<Vec<u64>> = codes
        .iter()
        .map(|s| {
            let of = |f: &dyn Fn(&DropoutCase) -> bool, list: &[DropoutCase]| {
                list.iter().filter(|c| c.school == *s && f(c)).count() as u64
            };
            vec![
                of(&|c: &DropoutCase| c.state == states[0], &open),
                of(&|c: &DropoutCase| c.state == states[1], &open),
                of(
                    &|c: &DropoutCase| c.state == DropoutState::Returned,
                    &closed,
                ),
                of(
                    &|c: &DropoutCase| matches!(c.state, DropoutState::Lawful(_)),
                    &closed,
                ),
            ]
        })
        .collect();
    let counts = Counts::of(&rows, 4, false, here.config.students.min_cell);
    let keep = kept(&codes, reach, school);
    Ok(vec![count_grid(
        "grid-ledger-counts",
        "dropout-ledger-by-school",
        "个案统计",
        &[
            state_key(states[0]),
            state_key(states[1]),
            "dropout-col-closed-returned",
            "dropout-col-closed-lawful",
        ],
        &codes,
        &counts,
        &keep,
        names,
        school.is_none(),
    )])
}

/// `GET /students/dropout/ledgers/{ledger}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let ledger = Ledger::from_id(&id)
        .ok_or_else(|| AppError::not_found(crate::msg!("dropout-no-ledger")))?;
    let reach = Reach::of(&viewer.user);
    let school = reach.school(school_param(&pairs)?)?;
    let asked_year = year_param(&pairs)?;
    let today = today();
    let names = school_names(&here).await?;
    let xlsx = param(&pairs, "format") == Some("xlsx");
    let current = junheng_store::school_year(&today).unwrap_or_default();
    let mut year = asked_year.unwrap_or(current);
    let mut years = Vec::new();
    let file = format!("{}-{today}.xlsx", ledger.label());
    let mut grids = Vec::new();
    if reach != Reach::Nothing {
        match ledger {
            Ledger::SchoolAge => {
                let known = here.store.registry_years().await?;
                if asked_year.is_none()
                    && !known.contains(&year)
                    && let Some(newest) = known.iter().max()
                {
                    year = *newest;
                }
                years = known
                    .iter()
                    .map(|y| {
                        (
                            format!("/students/dropout/ledgers/school_age?year={y}"),
                            junheng_core::school::school_year(*y),
                            *y == year,
                        )
                    })
                    .collect();
                let registry = ledgers::school_age(&here.store, year).await?;
                let codes: Vec<SchoolCode> = registry.keys().cloned().collect();
                let rows: Vec<Vec<u64>> = registry
                    .values()
                    .map(|c| SCHOOL_AGE.iter().map(|(_, f)| f(c)).collect())
                    .collect();
                let counts = Counts::of(
                    &rows,
                    SCHOOL_AGE.len(),
                    reach.named(),
                    state.config.students.min_cell,
                );
                let keep = kept(&codes, &reach, school.as_ref());
                let measures: Vec<&'static str> = SCHOOL_AGE.iter().map(|(k, _)| *k).collect();
                grids.push(count_grid(
                    "grid-school-age",
                    "dropout-ledger-school-age",
                    "适龄儿童",
                    &measures,
                    &codes,
                    &counts,
                    &keep,
                    &names,
                    school.is_none() && reach.own().is_none(),
                ));
            }
            _ => {
                cases::refresh(&here.store, &today, &state.config.students.dropout)
                    .await
                    .map_err(refusal)?;
                let read_as = if xlsx { file.clone() } else { what(&viewer) };
                grids = case_grids(
                    &here,
                    &viewer,
                    ledger,
                    &reach,
                    school.as_ref(),
                    year,
                    &names,
                    &read_as,
                )
                .await?;
            }
        }
    }
    if xlsx {
        let tables: Vec<_> = grids.iter().map(Grid::table).collect();
        let bytes = junheng_io::export::write_xlsx(&tables)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        return export(
            &here,
            &viewer,
            "dropout.ledger.xlsx",
            format!("ledger:{}", ledger.id()),
            &file,
            bytes,
        )
        .await;
    }
    let district = matches!(reach, Reach::Named(None) | Reach::Counts(None));
    let mut query = Vec::new();
    if let Some(s) = &school {
        query.push(format!("school={s}"));
    }
    if let Some(y) = asked_year {
        query.push(format!("year={y}"));
    }
    query.push("format=xlsx".into());
    Ok(render(&LedgerPage {
        layout: Layout::new(ledger_key(ledger), &viewer),
        ledger: ledger.id(),
        title: ledger_key(ledger),
        today,
        nothing: reach == Reach::Nothing,
        named: reach.named(),
        year,
        year_label: junheng_core::school::school_year(year),
        years,
        district,
        school_shown: school
            .as_ref()
            .map(|s| school_text(&names, s))
            .unwrap_or_default(),
        schools: if district {
            names
                .keys()
                .map(|c| {
                    (
                        c.to_string(),
                        school_text(&names, c),
                        school.as_ref() == Some(c),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        grids,
        min_cell: state.config.students.min_cell,
        xlsx: format!("?{}", query.join("&")),
    }))
}
