//! `POST /exams/bands/raise` (administrators): the exams (`exam`, at least one) and `days`
//! (1–365, default 30). The first post shows which schools escalated in the latest exam would get
//! a task — naming those that already have an unfinished one — and asks again; the post with
//! `confirm=1` raises them (`junheng_app::exams::bands::raise`: owned by the school, closed by
//! the 督导室, never a second unfinished task of the same warning) and shows the tasks made.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::exams::bands::{raise, warning_ref};
use junheng_app::tasks::{add_days, beijing_today, raised_from};

use super::{DAYS, asked, level_key, query_of, selection};
use crate::access::Admin;
use crate::error::AppError;
use crate::exams::refusal;
use crate::params::Form;
use crate::state::AppState;
use crate::students::param;
use crate::views::{Layout, render};

/// A school the raise would reach: its name, level, run, and the open task it already has.
pub(crate) struct PendingView {
    pub school: String,
    pub level: &'static str,
    pub runs: u32,
    /// An unfinished task of the same warning (0: none): no new one is made.
    pub open_id: i64,
    pub open_title: String,
}

/// A task made.
pub(crate) struct MadeView {
    pub id: i64,
    pub title: String,
    pub deadline: String,
}

#[derive(Template)]
#[template(path = "exams_bands_raise.html")]
struct RaisePage {
    layout: Layout,
    chosen: Vec<i64>,
    query: String,
    latest: String,
    days: i64,
    deadline: String,
    pending: Vec<PendingView>,
    /// Schools that would get a task now.
    new: usize,
    /// After the raise: the tasks made.
    made: Option<Vec<MadeView>>,
}

/// The `days` of the form: 1–365, [`DAYS`] when empty.
fn days_field(form: &[(String, String)]) -> Result<i64, AppError> {
    match param(form, "days").map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(DAYS),
        Some(v) => v
            .parse()
            .ok()
            .filter(|d| (1..=365).contains(d))
            .ok_or_else(|| {
                AppError::bad_request(crate::msg!(
                    "exams-bands-bad-days",
                    v = crate::views::cut(v)
                ))
            }),
    }
}

/// `POST /exams/bands/raise`: the exams (`exam`, at least one) and `days`; with `confirm=1` it
/// raises, else it shows what would be raised and asks.
pub(crate) async fn raise_tasks(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if asked(&form)?.is_empty() {
        return Err(AppError::bad_request(crate::msg!(
            "exams-field-missing",
            v = "exam"
        )));
    }
    let days = days_field(&form)?;
    let confirmed = param(&form, "confirm") == Some("1");
    let here = state.here(viewer.district()?);
    let s = selection(&state, &here, &viewer, &form).await?;
    let chosen: Vec<i64> = s.board.periods.iter().map(|p| p.exam.id).collect();
    let deadline = add_days(&beijing_today(), days).unwrap_or_else(beijing_today);
    let mut page = RaisePage {
        layout: Layout::new("exams-bands-raise-title", &viewer),
        query: query_of(&chosen),
        chosen,
        latest: s
            .board
            .periods
            .last()
            .map_or_else(String::new, |p| p.exam.name.clone()),
        days,
        deadline,
        pending: Vec::new(),
        new: 0,
        made: None,
    };
    if confirmed {
        let who = crate::tasks::who(&here, &viewer).await?;
        let made = raise(&here.store, &who, &s.board, days)
            .await
            .map_err(refusal)?;
        page.made = Some(
            made.into_iter()
                .map(|t| MadeView {
                    id: t.id,
                    title: t.title,
                    deadline: t.deadline,
                })
                .collect(),
        );
        return Ok(render(&page));
    }
    for (code, name, level, runs) in s.board.escalated() {
        let open = raised_from(&here.store, &warning_ref(&code))
            .await?
            .into_iter()
            .next()
            .map(|t| (t.id, t.title));
        page.new += usize::from(open.is_none());
        let (open_id, open_title) = open.unwrap_or_default();
        page.pending.push(PendingView {
            school: format!("{name}（{code}）"),
            level: level_key(level),
            runs,
            open_id,
            open_title,
        });
    }
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::super::MOST;
    use super::*;

    #[test]
    fn days_are_bounded_and_ids_read() {
        let form = |v: &str| vec![("days".to_owned(), v.to_owned())];
        assert_eq!(days_field(&[]).unwrap(), DAYS);
        assert_eq!(days_field(&form("7")).unwrap(), 7);
        for bad in ["0", "366", "-3", "x"] {
            assert!(days_field(&form(bad)).is_err(), "{bad}");
        }
        let pairs: Vec<(String, String)> = ["3", "1", "3"]
            .iter()
            .map(|v| ("exam".to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(asked(&pairs).unwrap(), vec![3, 1]);
        assert!(asked(&[("exam".into(), "a".into())]).is_err());
        let many: Vec<(String, String)> = (0..=MOST)
            .map(|i| ("exam".to_owned(), i.to_string()))
            .collect();
        assert!(asked(&many).is_err());
    }
}
