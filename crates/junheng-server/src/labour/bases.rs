//! `GET /labour/bases?year=&by=base|school|alliance|visit&format=` — the bases' use rates, the
//! schools' visits, the alliances' reach and the visits themselves over a school year, with the district's figures
//! (every member: bases and alliances are the district's facilities; the school rows are those
//! of the viewer's [`Sight`]); `GET /api/v1/labour/bases?year=` the same as JSON. Imports of
//! 基地 / 联盟 / 活动记录, entries of one base or one visit, 撤回 of a batch and the templates.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::labour::bases::{BasesView, view};
use junheng_app::labour::{Sight, batches};
use junheng_core::school::school_year;
use junheng_io::labour::Kind;
use junheng_store::labour::LabourBatch;

use super::{EntryForm, KindQuery, WithdrawForm, entry_forms, notices, percent, year_of};
use crate::access::{Admin, Member};
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, is_admin};
use crate::params::{Form, Multipart, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

const BACK: &str = "/labour/bases";

const BASE_COLUMNS: &[Column] = &[
    Column::plain("name", "lb-base"),
    Column::choice("kind", "lb-kind"),
    Column::plain("capacity", "lb-capacity"),
    Column::plain("host", "lb-host"),
    Column::plain("visits", "lb-visits"),
    Column::plain("students", "lb-students"),
    Column::plain("days", "lb-days"),
    Column::plain("use", "lb-use"),
    Column::plain("over", "lb-over"),
];
const SCHOOL_COLUMNS: &[Column] = &[
    Column::plain("code", "tp-school-code"),
    Column::plain("visits", "lb-visits"),
    Column::plain("students", "lb-students"),
    Column::plain("bases", "lb-bases-visited"),
    Column::plain("alliances", "lb-alliances"),
];
const VISIT_COLUMNS: &[Column] = &[
    Column::plain("day", "lb-day"),
    Column::choice("base", "lb-base"),
    Column::plain("code", "tp-school-code"),
    Column::plain("students", "lb-students"),
    Column::plain("note", "lb-note"),
];
const ALLIANCE_COLUMNS: &[Column] = &[
    Column::plain("name", "lb-alliance"),
    Column::plain("members", "lb-members"),
    Column::plain("bases", "lb-shared"),
    Column::plain("reach", "lb-reach"),
    Column::plain("students", "lb-students"),
    Column::plain("guests", "lb-guests"),
];

/// Which list the page shows (and downloads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    Base,
    School,
    Alliance,
    Visit,
}

impl By {
    fn of(text: Option<&str>) -> Result<By, AppError> {
        match text.unwrap_or("base") {
            "base" | "" => Ok(By::Base),
            "school" => Ok(By::School),
            "alliance" => Ok(By::Alliance),
            "visit" => Ok(By::Visit),
            _ => Err(AppError::bad_request(crate::msg!("lb-bad-by"))),
        }
    }

    fn id(self) -> &'static str {
        match self {
            By::Base => "base",
            By::School => "school",
            By::Alliance => "alliance",
            By::Visit => "visit",
        }
    }
}

fn rows(v: &BasesView, by: By) -> Vec<Row> {
    let n = |x: u64| Value::Int(i64::try_from(x).unwrap_or(i64::MAX));
    match by {
        By::Base => v
            .bases
            .iter()
            .map(|l| {
                let over = l.used.over_capacity.len() as u64;
                let row = Row::new(vec![
                    Value::text(&l.base.name),
                    Value::text(l.base.kind.label()),
                    n(l.base.capacity.into()),
                    Value::maybe(l.base.school.as_ref().map(ToString::to_string)),
                    n(l.used.visits.into()),
                    n(l.used.students),
                    n(l.used.days_used.into()),
                    percent(l.used.use_rate),
                    n(over),
                ]);
                if over > 0 { row.class(8, "fail") } else { row }
            })
            .collect(),
        By::School => v
            .schools
            .iter()
            .map(|s| {
                let row = Row::new(vec![
                    Value::text(s.school.as_str()),
                    n(s.visits.into()),
                    n(s.students),
                    n(s.bases.into()),
                    Value::text(s.alliances.join("、")),
                ]);
                if s.visits == 0 {
                    row.class(1, "fail")
                } else {
                    row
                }
            })
            .collect(),
        By::Visit => {
            let name_of = |id| {
                v.bases
                    .iter()
                    .find(|l| l.base.id == id)
                    .map_or_else(String::new, |l| l.base.name.clone())
            };
            v.visits
                .iter()
                .map(|s| {
                    Row::new(vec![
                        Value::text(s.visit.day.to_string()),
                        Value::text(name_of(s.visit.base)),
                        Value::text(s.visit.school.as_str()),
                        n(s.visit.students.into()),
                        Value::maybe(Some(s.note.clone())),
                    ])
                })
                .collect()
        }
        By::Alliance => v
            .alliances
            .iter()
            .map(|a| {
                Row::new(vec![
                    Value::text(&a.alliance.name),
                    n(a.alliance.schools.len() as u64),
                    Value::text(a.base_names.join("、")),
                    Value::text(format!(
                        "{}/{}",
                        a.reach.schools.part, a.reach.schools.whole
                    )),
                    n(a.reach.students),
                    n(a.reach.guests),
                ])
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "labour_bases.html")]
struct BasesPage {
    layout: Layout,
    years: Vec<YearChip>,
    year_label: String,
    /// `year=…&` of the tabs' links (empty without a year).
    year_q: String,
    by: &'static str,
    list: ListView,
    /// Schools visiting, pooled use rate, visits, children, days over capacity.
    district: [String; 5],
    open_days: u32,
    forms: Vec<EntryForm>,
    admin: bool,
    batches: Vec<LabourBatch>,
    imported: u64,
    warned: u64,
    withdrawn: bool,
}

/// `GET /labour/bases?year=&by=&q=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = caller(&viewer);
    let sight = Sight::of(&who);
    let year = year_of(&pairs)?;
    let by = By::of(
        pairs
            .iter()
            .find(|(k, _)| k == "by")
            .map(|(_, v)| v.as_str()),
    )?;
    let (imported, warned, withdrawn) = notices(&pairs);
    let columns = match by {
        By::Base => BASE_COLUMNS,
        By::School => SCHOOL_COLUMNS,
        By::Alliance => ALLIANCE_COLUMNS,
        By::Visit => VISIT_COLUMNS,
    };
    let list = List::new(columns, pairs, &["year", "by"])?;
    let v = view(&here.store, &sight, year).await?;
    let rows = rows(&v, by);
    let admin = is_admin(&viewer);
    let batches = batches(&here.store, &who, &Kind::BASES).await?;
    let school_user = viewer.user.role == junheng_store::Role::School;
    let name = v.year.map_or_else(
        || "劳动基地".to_owned(),
        |y| format!("劳动基地-{}-{y}", by.id()),
    );
    let d = &v.district;
    let share = |s: junheng_labour::Share| {
        s.value().map_or_else(
            || "—".to_owned(),
            |x| format!("{}/{} ({:.1}%)", s.part, s.whole, x * 100.0),
        )
    };
    list.respond(&rows, &name, "劳动基地", |list| {
        render(&BasesPage {
            years: year_switch(
                &v.years
                    .iter()
                    .map(|y| YearLink {
                        year: *y,
                        label: school_year(*y),
                        selected: Some(*y) == v.year,
                    })
                    .collect::<Vec<_>>(),
                |y| format!("/labour/bases?year={y}&by={}", by.id()),
            ),
            layout: Layout::new("lb-title", &viewer),
            year_label: v.year.map_or(String::new(), school_year),
            year_q: v.year.map_or_else(String::new, |y| format!("year={y}&")),
            by: by.id(),
            list,
            district: [
                share(d.schools_visiting),
                share(d.use_rate),
                d.visits.to_string(),
                d.students.to_string(),
                d.over_capacity.to_string(),
            ],
            open_days: v.open_days,
            forms: if admin {
                entry_forms(&[Kind::Bases, Kind::Visits], None)
            } else if school_user {
                entry_forms(&[Kind::Visits], sight.school())
            } else {
                Vec::new()
            },
            admin,
            batches,
            imported,
            warned,
            withdrawn,
        })
    })
}

/// `GET /api/v1/labour/bases?year=`: the view the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let year = year_of(&pairs)?;
    let v = view(&here.store, &Sight::of(&caller(&viewer)), year).await?;
    Ok(Json(v).into_response())
}

/// `POST /labour/bases/import` (multipart `kind` bases|alliances|visits, `file`).
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Member,
    multipart: Multipart,
) -> Result<Response, AppError> {
    super::upload(&state, &viewer, multipart, &Kind::BASES, BACK).await
}

/// `POST /labour/bases/entry` (form `kind` bases|visits and the template's cells).
pub(crate) async fn enter(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    super::enter_one(&state, &viewer, form, &[Kind::Bases, Kind::Visits], BACK).await
}

/// `POST /labour/bases/withdraw` (form `id`, `confirm`).
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    super::withdraw_one(&state, &viewer, form, &Kind::BASES).await?;
    Ok(Redirect::to("/labour/bases?withdrawn=1").into_response())
}

/// `GET /labour/bases/template.xlsx?kind=bases|alliances|visits`.
pub(crate) async fn template(
    viewer: Member,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    super::template_of(&viewer, &q, &Kind::BASES)
}
