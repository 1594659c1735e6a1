//! The class teacher's phone page (`/labour/class`): one item entered for many children at once,
//! the week's records with their status, the week's spot check to audit with one tap, and the
//! term's ratings (能力/习惯/品质). A 班主任 works on their own class; a school's account picks a
//! class of its school. Children's names are opened through the store's audited named read;
//! every write is audited by the store.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::labour::records::{
    ClassSeat, NewEntry, WeekView, class_label, classes, decide, enter, rate, seat, week,
};
use junheng_labour::calendar::Day;
use junheng_labour::checklist::ItemCode;
use junheng_labour::passport::{Decision, Reporter, Status};

use crate::access::Member;
use crate::error::AppError;
use crate::pairings::{caller, refusal};
use crate::params::{Form, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// A form's or a query's value of `key`.
fn field<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Today in Beijing.
pub(crate) fn today() -> Day {
    Day::parse(&junheng_app::tasks::beijing_today())
        .or_else(|| Day::new(2026, 1, 1))
        .expect("a day")
}

/// A day of a form (`YYYY-MM-DD`), or a Chinese 400.
fn day_of(text: Option<&str>, default: Day) -> Result<Day, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(default),
        Some(t) => Day::parse(t).ok_or_else(|| {
            AppError::bad_request(crate::msg!("labour-bad-day", v = crate::views::cut(t)))
        }),
    }
}

/// The class of the request (`class=` for a school's account).
async fn seat_of(
    here: &Here,
    viewer: &Member,
    pairs: &[(String, String)],
) -> Result<ClassSeat, AppError> {
    seat(&here.store, &caller(viewer), None, field(pairs, "class"))
        .await
        .map_err(refusal)
}

struct ChildRow {
    id: i64,
    name: String,
}

struct RecordRow {
    id: i64,
    name: String,
    item: String,
    content: String,
    day: String,
    minutes: u16,
    evidence: String,
    reporter: &'static str,
    status: &'static str,
    settled: bool,
    sampled: bool,
}

struct ItemOption {
    code: String,
    text: String,
    minutes: u16,
}

#[derive(Template)]
#[template(path = "labour_class.html")]
struct ClassPage {
    layout: Layout,
    label: String,
    /// The class query of links and forms (`&class=…` for a school's account, else empty).
    class_param: String,
    class_value: String,
    classes: Vec<String>,
    week_first: String,
    week_last: String,
    prev_week: String,
    next_week: String,
    today: String,
    items: Vec<ItemOption>,
    children: Vec<ChildRow>,
    records: Vec<RecordRow>,
    population: usize,
    sampled: usize,
    reporters: Vec<(&'static str, &'static str)>,
    done: String,
}

pub(crate) fn status_key(s: Status) -> &'static str {
    match s {
        Status::Pending => "labour-status-pending",
        Status::ParentConfirmed => "labour-status-parent",
        Status::TeacherVerified => "labour-status-teacher",
        Status::Rejected => "labour-status-rejected",
    }
}

/// `GET /labour/class?class=&week=&done=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    super::pass(&viewer)?;
    if !matches!(
        viewer.user.role,
        junheng_store::Role::ClassTeacher | junheng_store::Role::School
    ) {
        return Err(AppError::Forbidden);
    }
    let here = state.here(viewer.district()?);
    let layout = Layout::new("labour-class-title", &viewer);
    // A school's account without a class chosen: the picker only.
    let own_school = super::pass(&viewer)?.school().cloned();
    let is_teacher = matches!(viewer.user.role, junheng_store::Role::ClassTeacher);
    let listed = match (&own_school, is_teacher) {
        (Some(s), false) => classes(&here.store, s)
            .await?
            .into_iter()
            .map(|(g, c)| class_label(g, &c))
            .collect(),
        _ => Vec::new(),
    };
    if !is_teacher && field(&pairs, "class").is_none_or(|c| c.trim().is_empty()) {
        return Ok(render(&empty_page(layout, listed)));
    }
    let seat = seat_of(&here, &viewer, &pairs).await?;
    let keys = super::keys(&state)?;
    let settings = super::settings(&state);
    let today = today();
    let at = day_of(field(&pairs, "week"), today)?;
    let w = week(
        &here.store,
        &seat,
        at,
        keys,
        settings.passport.spot_check_per_mille,
        &settings.checklist.required_groups,
    )
    .await
    .map_err(refusal)?;
    let named = here
        .store
        .named_students(
            keys,
            &seat.children,
            &viewer.actor(),
            &crate::students::what(&viewer),
        )
        .await?;
    let names: HashMap<i64, String> = named
        .into_iter()
        .map(|n| {
            (
                n.id,
                if n.name.is_empty() {
                    n.number_masked
                } else {
                    n.name
                },
            )
        })
        .collect();
    let name_of = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let class_param = if is_teacher {
        String::new()
    } else {
        format!(
            "&class={}",
            percent_encoding::utf8_percent_encode(&seat.label, percent_encoding::NON_ALPHANUMERIC)
        )
    };
    let done = match field(&pairs, "done") {
        Some("entered") => layout.t("labour-entered").to_owned(),
        Some("decided") => layout.t("labour-decided").to_owned(),
        Some("rated") => layout.t("labour-rated").to_owned(),
        _ => String::new(),
    };
    let page = ClassPage {
        label: seat.label.clone(),
        class_value: if is_teacher {
            String::new()
        } else {
            seat.label.clone()
        },
        classes: listed,
        week_first: w.span.first.to_string(),
        week_last: w.span.last.to_string(),
        prev_week: w.span.first.plus(-7).to_string(),
        next_week: w.span.first.plus(7).to_string(),
        today: today.to_string(),
        items: items_for(&w, &seat),
        children: seat
            .children
            .iter()
            .map(|&id| ChildRow {
                id,
                name: name_of(id),
            })
            .collect(),
        records: w
            .entries
            .iter()
            .map(|e| {
                let r = &e.record;
                RecordRow {
                    id: r.id.0,
                    name: name_of(r.student.0),
                    item: r.item.to_string(),
                    content: w
                        .list
                        .item(&r.item)
                        .map_or(String::new(), |i| i.content.clone()),
                    day: r.day.to_string(),
                    minutes: r.minutes,
                    evidence: r.evidence.as_str().to_owned(),
                    reporter: r.reporter.label(),
                    status: layout.t(status_key(e.status)),
                    settled: matches!(e.status, Status::TeacherVerified | Status::Rejected),
                    sampled: w.spot.chosen.contains(&r.id),
                }
            })
            .collect(),
        population: w.spot.population,
        sampled: w.spot.chosen.len(),
        reporters: Reporter::ALL.iter().map(|r| (r.id(), r.label())).collect(),
        class_param,
        done,
        layout,
    };
    Ok(render(&page))
}

fn items_for(w: &WeekView, seat: &ClassSeat) -> Vec<ItemOption> {
    w.list
        .items()
        .iter()
        .filter(|l| l.item.grades.includes(seat.grade))
        .map(|l| ItemOption {
            code: l.item.code.to_string(),
            text: format!(
                "{} {}（{}，{}）",
                l.item.code, l.item.content, l.item.place, l.item.frequency
            ),
            minutes: l.item.minutes,
        })
        .collect()
}

fn empty_page(layout: Layout, classes: Vec<String>) -> ClassPage {
    ClassPage {
        layout,
        label: String::new(),
        class_param: String::new(),
        class_value: String::new(),
        classes,
        week_first: String::new(),
        week_last: String::new(),
        prev_week: String::new(),
        next_week: String::new(),
        today: String::new(),
        items: Vec::new(),
        children: Vec::new(),
        records: Vec::new(),
        population: 0,
        sampled: 0,
        reporters: Vec::new(),
        done: String::new(),
    }
}

/// Back to the class page (its class for a school's account).
fn back(seat: &ClassSeat, viewer: &Member, done: &str, week: Option<Day>) -> Response {
    let mut url = format!("/labour/class?done={done}");
    if !matches!(viewer.user.role, junheng_store::Role::ClassTeacher) {
        url.push_str("&class=");
        url.push_str(
            &percent_encoding::utf8_percent_encode(&seat.label, percent_encoding::NON_ALPHANUMERIC)
                .to_string(),
        );
    }
    if let Some(w) = week {
        url.push_str(&format!("&week={w}"));
    }
    Redirect::to(&url).into_response()
}

/// A 400 said by a text of the catalogue without variables.
fn bad(key: &'static str) -> AppError {
    AppError::bad_request(crate::error::Message {
        key,
        args: Vec::new(),
    })
}

/// `POST /labour/class/records` (form `class`, `day`, `item`, `minutes`, `evidence`,
/// `reporter`, `student` repeated): one record per child, all or nothing.
pub(crate) async fn records(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let item = field(&form, "item")
        .and_then(ItemCode::parse)
        .ok_or_else(|| bad("labour-choose-item"))?;
    let minutes: u16 = field(&form, "minutes")
        .and_then(|m| m.trim().parse().ok())
        .ok_or_else(|| bad("labour-bad-minutes"))?;
    let reporter = field(&form, "reporter")
        .and_then(Reporter::from_id)
        .ok_or_else(|| bad("labour-choose-reporter"))?;
    let students: Vec<i64> = form
        .iter()
        .filter(|(k, _)| k == "student")
        .map(|(_, v)| v.trim().parse().map_err(|_| bad("labour-choose-students")))
        .collect::<Result<_, _>>()?;
    if students.is_empty() {
        return Err(bad("labour-choose-students"));
    }
    let today = today();
    let day = day_of(field(&form, "day"), today)?;
    let here = state.here(viewer.district()?);
    let seat = seat_of(&here, &viewer, &form).await?;
    let entry = NewEntry {
        day,
        item,
        minutes,
        evidence: field(&form, "evidence").unwrap_or_default().to_owned(),
        reporter,
        students,
    };
    enter(
        &here.store,
        &caller(&viewer),
        &seat,
        &entry,
        super::context(&state, today)?,
    )
    .await
    .map_err(refusal)?;
    Ok(back(&seat, &viewer, "entered", Some(day)))
}

/// `POST /labour/class/decide` (form `class`, `record`, `decision` confirmed|rejected, `week`).
pub(crate) async fn decide_record(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let record: i64 = field(&form, "record")
        .and_then(|r| r.trim().parse().ok())
        .ok_or_else(|| bad("labour-bad-record"))?;
    let decision = field(&form, "decision")
        .and_then(Decision::from_id)
        .ok_or_else(|| bad("labour-bad-record"))?;
    let here = state.here(viewer.district()?);
    let seat = seat_of(&here, &viewer, &form).await?;
    let today = today();
    decide(
        &here.store,
        &caller(&viewer),
        &seat,
        record,
        decision,
        super::context(&state, today)?,
    )
    .await
    .map_err(refusal)?;
    let week = day_of(field(&form, "week"), today)?;
    Ok(back(&seat, &viewer, "decided", Some(week)))
}

/// `POST /labour/class/rate` (form `class`, `r-<child>-ability|habit|quality` 1–5; a child
/// with all three given is rated).
pub(crate) async fn rate_children(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut by_child: HashMap<i64, [u8; 3]> = HashMap::new();
    for (k, v) in &form {
        let Some(rest) = k.strip_prefix("r-") else {
            continue;
        };
        let Some((child, dim)) = rest.split_once('-') else {
            continue;
        };
        let (Ok(child), Ok(stars)) = (child.parse::<i64>(), v.trim().parse::<u8>()) else {
            continue;
        };
        let at = match dim {
            "ability" => 0,
            "habit" => 1,
            "quality" => 2,
            _ => continue,
        };
        by_child.entry(child).or_insert([0; 3])[at] = stars;
    }
    let ratings: Vec<(i64, [u8; 3])> = by_child
        .into_iter()
        .filter(|(_, s)| s.iter().all(|&n| n > 0))
        .collect();
    if ratings.is_empty() {
        return Err(AppError::bad_request(crate::msg!("labour-no-ratings")));
    }
    let here = state.here(viewer.district()?);
    let seat = seat_of(&here, &viewer, &form).await?;
    rate(&here.store, &caller(&viewer), &seat, &ratings, today())
        .await
        .map_err(refusal)?;
    Ok(back(&seat, &viewer, "rated", None))
}

/// `POST /labour/class/import` (multipart `class`, `file`): a 劳动记录 file into the class, all
/// or nothing; refused with every problem located.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Member,
    multipart: crate::params::Multipart,
) -> Result<Response, AppError> {
    let upload = crate::upload::read(multipart).await?;
    let (file_name, bytes) = upload
        .file
        .clone()
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-choose-file")))?;
    let here = state.here(viewer.district()?);
    let seat = seat_of(&here, &viewer, &upload.fields).await?;
    // No keys, no child: refused before the file is read.
    super::keys(&state)?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let parsed = crate::upload::parse(
        &state,
        bytes,
        file_name.clone(),
        junheng_io::labour::records::read,
    )
    .await?;
    let done = match parsed {
        Ok(f) => {
            junheng_app::labour::import::import_records(
                &here.store,
                &caller(&viewer),
                &seat,
                &f,
                &sha256,
                super::context(&state, today())?,
            )
            .await
        }
        Err(e) => Err(junheng_app::pairings::Refused::Problems(e)),
    };
    match done {
        Ok(_) => Ok(back(&seat, &viewer, "entered", None)),
        Err(junheng_app::pairings::Refused::Problems(failure)) => Ok(render(&super::IssuesPage {
            layout: Layout::new("labour-import-records-title", &viewer),
            file_name,
            issue_count: failure.issue_count(),
            issues: failure
                .issues
                .iter()
                .take(500)
                .map(crate::import::IssueRow::from)
                .collect(),
            back: "/labour/class",
        })),
        Err(e) => Err(refusal(e)),
    }
}

/// `GET /labour/class/template.xlsx`: the 劳动记录 template.
pub(crate) async fn template(viewer: Member) -> Result<Response, AppError> {
    viewer.district()?;
    super::pass(&viewer)?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "劳动记录模板.xlsx",
        junheng_io::labour::records::write_template(),
    ))
}

struct SlipRow {
    class: String,
    day: String,
    content: String,
    minutes: u16,
    token: String,
    expires: String,
    /// The link's QR code (SVG drawn by us from the link only).
    qr: String,
}

#[derive(Template)]
#[template(path = "labour_slips.html")]
struct SlipsPage {
    layout: Layout,
    label: String,
    base: String,
    slips: Vec<SlipRow>,
}

/// Where parents reach this deployment: the configured public origin (`public_origin`, the
/// public address parents use), else the address the teacher's browser used.
pub(crate) fn link_base(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(origin) = &state.config.public_origin {
        return origin.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.len() <= 255 && !h.contains(['/', ' ', '<', '>', '"']))
        .unwrap_or("localhost");
    let https = headers
        .get("x-forwarded-proto")
        .is_some_and(|p| p.as_bytes() == b"https");
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// `POST /labour/class/slips` (form `class`, `week`): one-time links for the week's home
/// records still waiting for a parent, on a print-friendly page of slips (the link written out).
pub(crate) async fn slips(
    State(state): State<AppState>,
    viewer: Member,
    headers: axum::http::HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // The week is part of the form (an incomplete form is refused before anything is read).
    let week = field(&form, "week")
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-bad-day", v = "")))?;
    let week_of = day_of(Some(week), today())?;
    let here = state.here(viewer.district()?);
    let seat = seat_of(&here, &viewer, &form).await?;
    let made = junheng_app::labour::links::issue(
        &here.store,
        &caller(&viewer),
        &seat,
        week_of,
        here.config.labour_link_days,
        super::context(&state, today())?,
        || crate::auth::new_secret()[..32].to_owned(),
    )
    .await
    .map_err(refusal)?;
    let base = link_base(&state, &headers);
    let page = SlipsPage {
        layout: Layout::new("labour-slips-title", &viewer),
        label: seat.label.clone(),
        slips: made
            .into_iter()
            .map(|s| SlipRow {
                class: s.class,
                day: s.record.day.to_string(),
                content: s.content,
                minutes: s.record.minutes,
                qr: super::qr::svg(&format!("{base}/labour/p/{}", s.token)),
                token: s.token,
                expires: s.expires_on.to_string(),
            })
            .collect(),
        base,
    };
    Ok(render(&page))
}
