//! `GET /students/dropout?school=&state=&level=&q=&sort=&format=`: the 控辍保学 home — the
//! 动态清零 status, and for those who see cases the watch list by name (risk, days in state, SLA
//! breaches, next action; filtered by school, state and level; its XLSX/CSV audited), for
//! aggregate roles the open cases by state per school with small cells suppressed; and the forms
//! of what the viewer may do. `GET /students/dropout/summary.json`: the same counts, no name.

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::pairings::Caller;
use junheng_app::students::cases::{self, Watch};
use junheng_app::students::{ledgers, roster};
use junheng_core::school::SchoolCode;
use junheng_core::student::DropoutState;
use junheng_store::NamedStudent;
use serde::Serialize;

use super::forms::{Forms, forms};
use super::{
    Counts, Grid, GridCell, GridRow, OPEN_STATES, Reach, export, keys, level_id, level_key, param,
    refusal, school_names, school_param, school_text, state_key, today, what,
};
use crate::access::Member;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The columns of the watch list.
const COLUMNS: &[Column] = &[
    Column::plain("case", "dropout-col-case"),
    Column::plain("name", "dropout-col-name"),
    Column::plain("number", "dropout-col-number"),
    Column::plain("school_name", "dropout-col-school"),
    Column::plain("class", "dropout-col-class"),
    Column::choice("state", "dropout-col-state"),
    Column::choice("level", "dropout-col-level"),
    Column::plain("score", "dropout-col-score"),
    Column::plain("reasons", "dropout-col-reasons"),
    Column::plain("days", "dropout-col-days"),
    Column::plain("breach", "dropout-col-breach"),
    Column::plain("next", "dropout-col-next"),
    Column::plain("attempts", "dropout-col-attempts"),
];

/// The 动态清零 status as the page shows it (counts suppressed for aggregate roles).
pub(crate) struct Zero {
    pub zero: bool,
    pub open: String,
    /// (state key, count).
    pub by_state: Vec<(&'static str, String)>,
    pub schools_open: u64,
}

/// The open cases by state of every school the viewer reaches (rows of all the district's
/// schools are suppressed together, then those of `school` kept).
struct StateTable {
    schools: Vec<SchoolCode>,
    counts: Counts,
    zero: Zero,
}

async fn state_table(
    here: &Here,
    reach: &Reach,
    school: Option<&SchoolCode>,
    names: &BTreeMap<SchoolCode, String>,
) -> Result<StateTable, AppError> {
    let open = here.store.dropout_cases(true, None).await?;
    let mut all: BTreeSet<SchoolCode> = names.keys().cloned().collect();
    all.extend(open.iter().map(|c| c.school.clone()));
    let all: Vec<SchoolCode> = all.into_iter().collect();
    let rows: Vec<Vec<u64>> = all
        .iter()
        .map(|s| {
            OPEN_STATES
                .iter()
                .map(|st| {
                    open.iter()
                        .filter(|c| c.school == *s && c.state == *st)
                        .count() as u64
                })
                .collect()
        })
        .collect();
    let k = here.config.students.min_cell;
    let full = Counts::of(&rows, OPEN_STATES.len(), reach.named(), k);
    let keep: Vec<usize> = (0..all.len())
        .filter(|&i| school.is_none_or(|s| all[i] == *s) && reach.covers(&all[i]))
        .collect();
    let zero = match school {
        None => {
            let status = ledgers::zero_status(&here.store).await?;
            Zero {
                zero: status.zero(),
                open: full.total.clone(),
                by_state: OPEN_STATES
                    .iter()
                    .zip(&full.column_totals)
                    .map(|(s, c)| (super::state_key(*s), c.clone()))
                    .collect(),
                schools_open: status.schools_open,
            }
        }
        Some(_) => {
            let i = keep.first().copied();
            let open_here = i.is_some_and(|i| rows[i].iter().sum::<u64>() > 0);
            Zero {
                zero: !open_here,
                open: i.map_or_else(|| "0".into(), |i| full.row_totals[i].clone()),
                by_state: OPEN_STATES
                    .iter()
                    .enumerate()
                    .map(|(j, s)| {
                        (
                            super::state_key(*s),
                            i.map_or_else(|| "0".into(), |i| full.cells[i][j].clone()),
                        )
                    })
                    .collect(),
                schools_open: u64::from(open_here),
            }
        }
    };
    Ok(StateTable {
        schools: keep.iter().map(|&i| all[i].clone()).collect(),
        counts: Counts {
            cells: keep.iter().map(|&i| full.cells[i].clone()).collect(),
            row_totals: keep.iter().map(|&i| full.row_totals[i].clone()).collect(),
            column_totals: full.column_totals,
            total: full.total,
        },
        zero,
    })
}

#[derive(Template)]
#[template(path = "dropout.html")]
struct HomePage {
    layout: Layout,
    today: String,
    nothing: bool,
    named: bool,
    /// Whether the viewer reaches every school (the school filter is offered).
    district: bool,
    /// The school shown (data), empty for every school.
    school_shown: String,
    /// (code, shown, selected) of the school filter.
    schools: Vec<(String, String, bool)>,
    zero: Zero,
    list: Option<ListView>,
    grid: Option<Grid>,
    min_cell: u64,
    forms: Forms,
    /// What was just done (`?done=`), a catalogue key, or empty.
    done: &'static str,
}

/// The watch list's rows.
fn watch_rows(
    watch: &[Watch],
    named: &std::collections::HashMap<i64, NamedStudent>,
    names: &BTreeMap<SchoolCode, String>,
) -> Vec<Row> {
    watch
        .iter()
        .map(|w| {
            let n = named.get(&w.case.student);
            let reasons: Vec<String> = w
                .risk
                .reasons
                .iter()
                .map(|(why, points)| format!("{why} {points}"))
                .collect();
            let class = if w.grade == 0 {
                w.class.clone()
            } else {
                format!(
                    "{}{}",
                    junheng_app::students::who::grade_label(w.grade),
                    w.class
                )
            };
            let row = Row::new(vec![
                Value::text(format!("#{}", w.case.id)),
                Value::maybe(n.map(|n| n.name.clone())),
                Value::maybe(n.map(|n| n.number_masked.clone())),
                Value::text(school_text(names, &w.case.school)),
                Value::maybe(Some(class)),
                Value::Label(state_key(w.case.state)),
                Value::Label(level_key(w.risk.level)),
                Value::Int(i64::from(w.risk.score)),
                Value::text(reasons.join("、")),
                Value::Int(w.days_in_state.max(0)),
                Value::maybe(w.breach.clone()),
                Value::text(w.next_action),
                Value::Int(i64::from(w.attempts)),
            ])
            .link(format!("/students/cases/{}", w.case.id));
            if w.breach.is_some() {
                row.class(10, "fail")
            } else {
                row
            }
        })
        .collect()
}

/// The query's filters by stable id (`state=suspected`, `level=priority`) as the list's keys.
fn list_pairs(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "state" => match DropoutState::from_id(v.trim()) {
                Some(s) => (k, state_key(s).to_owned()),
                None => (k, v),
            },
            "level" => {
                let level = [
                    junheng_core::student::RiskLevel::Ordinary,
                    junheng_core::student::RiskLevel::Watch,
                    junheng_core::student::RiskLevel::Priority,
                ]
                .into_iter()
                .find(|l| level_id(*l) == v.trim());
                match level {
                    Some(l) => (k, level_key(l).to_owned()),
                    None => (k, v),
                }
            }
            _ => (k, v),
        })
        .collect()
}

/// `GET /students/dropout`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let reach = Reach::of(&viewer.user);
    let school = reach.school(school_param(&pairs)?)?;
    let today = today();
    let names = school_names(&here).await?;
    let format = param(&pairs, "format").unwrap_or("html").to_owned();
    let done = match param(&pairs, "done") {
        Some("absence") => "dropout-done-absence",
        Some("events") => "dropout-done-events",
        Some("transfer") => "dropout-done-transfer",
        _ => "",
    };
    let district = matches!(reach, Reach::Named(None) | Reach::Counts(None));
    let schools = if district {
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
    };
    let school_shown = school
        .as_ref()
        .map(|s| school_text(&names, s))
        .unwrap_or_default();
    let frame = |zero: Zero, forms: Forms| HomePage {
        layout: Layout::new("dropout-title", &viewer),
        today: today.clone(),
        nothing: reach == Reach::Nothing,
        named: reach.named(),
        district,
        school_shown: school_shown.clone(),
        schools: schools.clone(),
        zero,
        list: None,
        grid: None,
        min_cell: state.config.students.min_cell,
        forms,
        done,
    };
    if reach == Reach::Nothing {
        let zero = Zero {
            zero: true,
            open: String::new(),
            by_state: Vec::new(),
            schools_open: 0,
        };
        if format != "html" {
            // The same selection: nothing.
            let grid = counts_grid(
                &StateTable {
                    schools: Vec::new(),
                    counts: Counts::of(&[], OPEN_STATES.len(), false, 1),
                    zero,
                },
                &names,
                false,
            );
            let bytes = junheng_io::export::write_xlsx(&[grid.table()])
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let name = format!("控辍保学-{today}.xlsx");
            return export(
                &here,
                &viewer,
                "dropout.xlsx",
                "counts".into(),
                &name,
                bytes,
            )
            .await;
        }
        let forms = forms(&here, &viewer, &names, &pairs, None, &today).await?;
        return Ok(render(&frame(zero, forms)));
    }
    cases::refresh(&here.store, &today, &state.config.students.dropout)
        .await
        .map_err(refusal)?;
    let table = state_table(&here, &reach, school.as_ref(), &names).await?;
    if !reach.named() {
        let grid = counts_grid(&table, &names, school.is_none());
        if format != "html" {
            let bytes = junheng_io::export::write_xlsx(&[grid.table()])
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let name = format!("控辍保学个案统计-{today}.xlsx");
            return export(
                &here,
                &viewer,
                "dropout.xlsx",
                "counts".into(),
                &name,
                bytes,
            )
            .await;
        }
        let forms = forms(&here, &viewer, &names, &pairs, school.as_ref(), &today).await?;
        let mut page = frame(table.zero, forms);
        page.grid = Some(grid);
        return Ok(render(&page));
    }
    // Those who see cases: the watch list by name.
    let settings = &state.config.students;
    let watch = cases::watch_list(
        &here.store,
        school.as_ref(),
        &today,
        &settings.dropout,
        &settings.risk,
    )
    .await
    .map_err(refusal)?;
    let file = format!("控辍保学关注名单-{today}");
    let list = List::new(COLUMNS, list_pairs(pairs.clone()), &["school"])?.with_inputs(&["school"]);
    let read_as = if list.is_download() {
        format!("{file}.{}", if format == "csv" { "csv" } else { "xlsx" })
    } else {
        what(&viewer)
    };
    let refs: Vec<&junheng_store::DropoutCase> = watch.iter().map(|w| &w.case).collect();
    let named = roster::case_names(
        &here.store,
        keys(&here),
        &Caller::User(&viewer.user),
        &refs,
        &read_as,
    )
    .await
    .map_err(refusal)?;
    let rows = watch_rows(&watch, &named, &names);
    if list.is_download() {
        here.audit(junheng_store::AuditEntry {
            district: None,
            actor: viewer.user.name.clone(),
            action: "dropout.xlsx",
            target: "watch_list".into(),
            detail: format!("file={read_as} rows={}", rows.len()),
        })
        .await?;
    }
    let forms = forms(&here, &viewer, &names, &pairs, school.as_ref(), &today).await?;
    let zero = table.zero;
    list.respond(&rows, &file, "关注名单", move |view| {
        let mut page = frame(zero, forms);
        page.list = Some(view);
        render(&page)
    })
}

/// The open cases by state per school, as a grid (with the district's totals when every school
/// is shown).
fn counts_grid(table: &StateTable, names: &BTreeMap<SchoolCode, String>, totals: bool) -> Grid {
    let rows = table
        .schools
        .iter()
        .zip(&table.counts.cells)
        .zip(&table.counts.row_totals)
        .map(|((code, cells), total)| {
            let mut row = vec![
                GridCell::text(names.get(code).cloned().unwrap_or_default()),
                GridCell::text(code.to_string()),
            ];
            row.extend(cells.iter().map(|c| GridCell::count(c.clone())));
            row.push(GridCell::count(total.clone()));
            GridRow::new(row)
        })
        .collect();
    let mut headers = vec!["dropout-col-school", "dropout-col-code"];
    headers.extend(OPEN_STATES.iter().map(|s| state_key(*s)));
    headers.push("dropout-col-open");
    Grid {
        id: "grid-counts",
        title: "dropout-by-school-title",
        sheet: "个案统计",
        headers,
        rows,
        totals: totals.then(|| {
            let mut t = vec![
                GridCell::label("dropout-district-total"),
                GridCell::text(String::new()),
            ];
            t.extend(
                table
                    .counts
                    .column_totals
                    .iter()
                    .map(|c| GridCell::count(c.clone())),
            );
            t.push(GridCell::count(table.counts.total.clone()));
            t
        }),
    }
}

/// A state's count in the summary.
#[derive(Serialize)]
struct StateCount {
    /// `absence_pending`, `suspected`, `dropout`, `persuading`.
    state: String,
    label: &'static str,
    /// The count, or `<10` / `*` when suppressed.
    count: String,
}

/// A school's open cases in the summary.
#[derive(Serialize)]
struct SchoolCount {
    code: String,
    name: String,
    open: String,
    states: Vec<StateCount>,
}

/// `GET /students/dropout/summary.json`.
#[derive(Serialize)]
struct Summary {
    today: String,
    /// `named` (exact counts: the viewer sees the cases), `counts` (small cells suppressed) or
    /// `nothing`.
    sight: &'static str,
    min_cell: u64,
    /// 动态清零: no open case in what the viewer reaches.
    zero: Option<bool>,
    open: Option<String>,
    schools_open: Option<u64>,
    by_state: Vec<StateCount>,
    schools: Vec<SchoolCount>,
}

fn state_counts(counts: &[String]) -> Vec<StateCount> {
    OPEN_STATES
        .iter()
        .zip(counts)
        .map(|(s, c)| StateCount {
            state: s.id(),
            label: s.label(),
            count: c.clone(),
        })
        .collect()
}

/// `GET /students/dropout/summary.json?school=`: the counts of the home page, never a name.
pub(crate) async fn summary(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let reach = Reach::of(&viewer.user);
    let school = reach.school(school_param(&pairs)?)?;
    let today = today();
    let min_cell = state.config.students.min_cell;
    if reach == Reach::Nothing {
        return Ok(Json(Summary {
            today,
            sight: "nothing",
            min_cell,
            zero: None,
            open: None,
            schools_open: None,
            by_state: Vec::new(),
            schools: Vec::new(),
        })
        .into_response());
    }
    cases::refresh(&here.store, &today, &state.config.students.dropout)
        .await
        .map_err(refusal)?;
    let names = school_names(&here).await?;
    let table = state_table(&here, &reach, school.as_ref(), &names).await?;
    let by_state: Vec<String> = table.zero.by_state.iter().map(|(_, c)| c.clone()).collect();
    Ok(Json(Summary {
        sight: if reach.named() { "named" } else { "counts" },
        min_cell,
        zero: Some(table.zero.zero),
        open: Some(table.zero.open.clone()),
        schools_open: Some(table.zero.schools_open),
        by_state: state_counts(&by_state),
        schools: table
            .schools
            .iter()
            .zip(&table.counts.cells)
            .zip(&table.counts.row_totals)
            .map(|((code, cells), total)| SchoolCount {
                code: code.to_string(),
                name: names.get(code).cloned().unwrap_or_default(),
                open: total.clone(),
                states: state_counts(cells),
            })
            .collect(),
        today,
    })
    .into_response())
}
