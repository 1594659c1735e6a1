//! The class's term summary (班级学期小结, `/labour/class/summary?class=&term=`): one line per
//! child of the class (`junheng_app::labour::review::class_summary`, the engine's `summarise`),
//! its XLSX/CSV from the same selection, and the class teacher's 提交班级小结. A 班主任 sees their
//! own class; a school's account picks a class of its school. Names only through the store's
//! audited named read, as on the class page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::labour::records::{ClassSeat, class_label, classes, seat};
use junheng_app::labour::review::{class_summary, submit_class};
use junheng_labour::calendar::Term;
use junheng_labour::passport::Tenths;

use crate::access::Member;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, refusal};
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

const COLUMNS: &[Column] = &[
    Column::plain("student", "labour-child"),
    Column::plain("key", "labour-key"),
    Column::plain("records", "labour-verified-records"),
    Column::plain("minutes", "labour-minutes-done"),
    Column::plain("points", "labour-points"),
    Column::plain("groups", "labour-groups"),
    Column::plain("ability", "labour-ability"),
    Column::plain("habit", "labour-habit"),
    Column::plain("quality", "labour-quality"),
    Column::plain("badges", "labour-badges"),
    Column::choice("grade", "labour-term-grade"),
];

/// A form's or a query's value of `key`.
pub(super) fn field<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The term of `term=` (`2025-1`), this term without one, or a Chinese 400.
pub(super) fn term_param(pairs: &[(String, String)]) -> Result<Term, AppError> {
    match field(pairs, "term")
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => Ok(Term::of(super::class::today())),
        Some(t) => Term::parse(t).ok_or_else(|| {
            AppError::bad_request(crate::msg!("labour-bad-term", v = crate::views::cut(t)))
        }),
    }
}

fn tenths(t: Option<Tenths>) -> Value {
    t.map_or(Value::Empty, |t| {
        Value::Decimal(f64::from(t.get()) / 10.0, 1)
    })
}

#[derive(Template)]
#[template(path = "labour_summary.html")]
struct SummaryPage {
    layout: Layout,
    label: String,
    class_value: String,
    classes: Vec<String>,
    term: String,
    term_label: String,
    prev: String,
    next: String,
    list: ListView,
    submitted: String,
    done: bool,
}

fn encoded(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `GET /labour/class/summary?class=&term=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let own = super::pass(&viewer)?.school().cloned();
    let is_teacher = viewer.user.role == junheng_store::Role::ClassTeacher;
    if !is_teacher && viewer.user.role != junheng_store::Role::School {
        return Err(AppError::Forbidden);
    }
    let here = state.here(viewer.district()?);
    let term = term_param(&pairs)?;
    let listed: Vec<String> = match (&own, is_teacher) {
        (Some(s), false) => classes(&here.store, s)
            .await?
            .into_iter()
            .map(|(g, c)| class_label(g, &c))
            .collect(),
        _ => Vec::new(),
    };
    let wanted = field(&pairs, "class").map(str::to_owned);
    let done = field(&pairs, "done").is_some();
    let list = List::new(COLUMNS, pairs, &["class", "term"])?;
    let (t_prev, t_next) = (prev_term(term), term.next());
    let frame =
        |label: String, class_value: String, list: ListView, submitted: String| SummaryPage {
            label,
            class_value,
            classes: listed.clone(),
            term: Term::id(term),
            term_label: term.to_string(),
            prev: Term::id(t_prev),
            next: Term::id(t_next),
            list,
            submitted,
            done,
            layout: Layout::new("labour-summary-title", &viewer),
        };
    if !is_teacher && wanted.as_deref().is_none_or(|c| c.trim().is_empty()) {
        return list.respond(&[], "班级劳动小结", "班级小结", |view| {
            render(&frame(String::new(), String::new(), view, String::new()))
        });
    }
    let seat: ClassSeat = seat(&here.store, &caller(&viewer), None, wanted.as_deref())
        .await
        .map_err(refusal)?;
    let settings = super::settings(&state);
    let keys = super::keys(&state)?;
    let summary = class_summary(&here.store, keys, &seat, term, settings)
        .await
        .map_err(refusal)?;
    let names: HashMap<i64, String> = here
        .store
        .named_students(
            keys,
            &seat.children,
            &viewer.actor(),
            &crate::students::what(&viewer),
        )
        .await?
        .into_iter()
        .map(|n| {
            let shown = if n.name.is_empty() {
                n.number_masked
            } else {
                n.name
            };
            (n.id, shown)
        })
        .collect();
    let badge_names: HashMap<&str, &str> = settings
        .passport
        .badges
        .iter()
        .map(|b| (b.id.as_str(), b.name.as_str()))
        .collect();
    let rows: Vec<Row> = summary
        .summaries
        .iter()
        .map(|s| {
            let id = s.student.0;
            Row::new(vec![
                Value::text(names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))),
                Value::Int(id),
                Value::Int(i64::from(s.records)),
                Value::Int(i64::from(s.minutes)),
                Value::Int(i64::from(s.points)),
                Value::Int(s.groups.len() as i64),
                tenths(s.ratings.ability),
                tenths(s.ratings.habit),
                tenths(s.ratings.quality),
                Value::text(
                    s.badges
                        .iter()
                        .map(|b| badge_names.get(b.as_str()).copied().unwrap_or(b))
                        .collect::<Vec<_>>()
                        .join("、"),
                ),
                Value::text(s.grade.label()),
            ])
            .link(format!("/labour/students/{id}"))
        })
        .collect();
    let submitted = summary.submitted.as_ref().map_or(String::new(), |s| {
        format!("{}（{}）", crate::views::time(&s.at), s.by)
    });
    let name = format!("{}-{}-劳动小结", seat.label, Term::id(term));
    let class_value = if is_teacher {
        String::new()
    } else {
        seat.label.clone()
    };
    list.respond(&rows, &name, "班级小结", |view| {
        render(&frame(seat.label.clone(), class_value, view, submitted))
    })
}

/// The term before `term`.
pub(super) fn prev_term(term: Term) -> Term {
    use junheng_labour::calendar::Semester;
    match term.semester {
        Semester::First => Term {
            year: term.year - 1,
            semester: Semester::Second,
        },
        Semester::Second => Term {
            year: term.year,
            semester: Semester::First,
        },
    }
}

/// `POST /labour/class/summary/submit` (form `term`, `class` for a school's account, `confirm`):
/// marks the class's term summary as submitted.
pub(crate) async fn submit(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let term = field(&form, "term")
        .and_then(Term::parse)
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-choose-term")))?;
    if field(&form, "confirm") != Some("1") {
        return Err(AppError::bad_request(crate::msg!("labour-confirm-step")));
    }
    let here = state.here(viewer.district()?);
    let who = caller(&viewer);
    let seat = seat(&here.store, &who, None, field(&form, "class"))
        .await
        .map_err(refusal)?;
    submit_class(&here.store, &who, &seat, term, super::settings(&state))
        .await
        .map_err(refusal)?;
    let mut url = format!("/labour/class/summary?term={}&done=1", Term::id(term));
    if viewer.user.role != junheng_store::Role::ClassTeacher {
        url.push_str(&format!("&class={}", encoded(&seat.label)));
    }
    Ok(Redirect::to(&url).into_response())
}
