//! `GET /students/child/{id}`: one child's record for whoever may read it by name (the care
//! roles of the child's school or class, whoever keeps one of the child's cases) — name and
//! masked 学籍号, where the latest registry lists them, their events, their cases (linked to the
//! 控辍保学 pages) and who read their name. The read is recorded; a child the district does not
//! know is refused exactly as one the viewer may not read.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::students::roster::record;
use junheng_core::school::school_year;

use super::counts::grade_text;
use super::school::{disability_text, flags_text, hukou_text};
use super::{caller, refusal, what};
use crate::access::Member;
use crate::error::AppError;
use crate::params::Path;
use crate::state::AppState;
use crate::views::{Layout, render};

/// The child's place on the latest registry.
struct Place {
    school: String,
    school_href: String,
    year: String,
    grade: String,
    class: String,
    sex: &'static str,
    birth_month: String,
    hukou: String,
    disability: String,
    flags: String,
}

/// An event of the child (its texts are data).
struct EventRow {
    on: String,
    kind: &'static str,
    grade: String,
    other_place: String,
    days: String,
    confirmed: bool,
    note: String,
    by: String,
}

/// A case of the child.
struct CaseRow {
    href: String,
    id: i64,
    state: &'static str,
    opened_on: String,
    closed_on: String,
}

#[derive(Template)]
#[template(path = "students_child.html")]
struct ChildPage {
    layout: Layout,
    name: String,
    number: String,
    reduced: bool,
    place: Option<Place>,
    events: Vec<EventRow>,
    cases: Vec<CaseRow>,
    /// Who read the name: (when, who, on what).
    access: Vec<(String, String, String)>,
}

/// `GET /students/child/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let r = record(
        &here.store,
        here.config.student_keys.as_deref(),
        &caller(&viewer),
        id,
        &what(&viewer),
    )
    .await
    .map_err(refusal)?;
    let lang = viewer.lang;
    let names = junheng_app::students::rates::school_names(&here.store).await?;
    let place = r.place.as_ref().map(|(school, year, e)| Place {
        school: names
            .get(school)
            .cloned()
            .unwrap_or_else(|| school.to_string()),
        school_href: format!("/students/school/{school}?year={year}"),
        year: school_year(*year),
        grade: grade_text(lang, e.grade),
        class: e.class.clone(),
        sex: if e.male {
            "students-male"
        } else {
            "students-female"
        },
        birth_month: e.birth_month.clone(),
        hukou: hukou_text(e.migrant_from.as_deref()),
        disability: disability_text(e.disability),
        flags: flags_text(e.flags),
    });
    let events = r
        .events
        .iter()
        .map(|e| EventRow {
            on: e.on_date.clone(),
            kind: e.kind.label(),
            grade: grade_text(lang, e.grade),
            other_place: e.other_place.clone(),
            days: if e.days > 0 {
                e.days.to_string()
            } else {
                String::new()
            },
            confirmed: e.confirmed,
            note: e.note.clone(),
            by: e.created_by.clone(),
        })
        .collect();
    let cases = r
        .cases
        .iter()
        .map(|c| CaseRow {
            href: format!("/students/cases/{}", c.id),
            id: c.id,
            state: c.state.label(),
            opened_on: c.opened_on.clone(),
            closed_on: c.closed_on.clone().unwrap_or_default(),
        })
        .collect();
    let title = if r.named.reduced {
        "students-reduced".to_owned()
    } else {
        r.named.name.clone()
    };
    Ok(render(&ChildPage {
        layout: Layout::new(title, &viewer),
        name: r.named.name.clone(),
        number: r.named.number_masked.clone(),
        reduced: r.named.reduced,
        place,
        events,
        cases,
        access: r
            .access
            .iter()
            .map(|a| (crate::views::time(&a.at), a.actor.clone(), a.what.clone()))
            .collect(),
    }))
}
