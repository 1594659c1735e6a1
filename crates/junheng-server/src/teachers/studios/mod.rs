//! 名师工作室 and 师徒结对 (issue 17, items 3 and 4): `/teachers/studios` (the year's studios
//! with their figures, a studio's page, the 工作室名册 and 工作室成果 files) and
//! `/teachers/mentors` (the year's pairs with their scope and problems, new teachers covered,
//! the 师徒结对 file, ending a pair), each list downloadable (`?format=xlsx|csv`) and as JSON
//! under `/api/v1/teachers/…`, all from one scoped report (`junheng_app::teachers::studios`).
//! Every user of the district reads (a school's users: the studios with a host or member of
//! their school, the pairs involving it); administrators import, withdraw and end pairs.

mod files;
mod mentors;
mod register;

use junheng_app::pairings::{Caller, Reach, Refused};
use junheng_store::teachers::studios::StudioFileKind;

use crate::access::Policy::{Admin, Member};
use crate::access::Viewer;
use crate::error::AppError;
use crate::routes::Body::{Form, Upload};
use crate::routes::{Entry, get, post};
use crate::state::Here;

/// The routes of both pages, their files and their JSON.
pub(crate) fn routes() -> Vec<Entry> {
    vec![
        get("/teachers/studios", Member, register::page),
        get(
            "/teachers/studios/template.xlsx",
            Admin,
            files::studios_template,
        ),
        get(
            "/teachers/studios/outputs-template.xlsx",
            Admin,
            files::outputs_template,
        ),
        post(
            "/teachers/studios/import",
            Admin,
            Upload,
            files::studios_import,
        ),
        post(
            "/teachers/studios/withdraw",
            Admin,
            Form,
            files::studios_withdraw,
        ),
        get("/teachers/studios/{id}", Member, register::detail),
        get("/api/v1/teachers/studios", Member, register::json),
        get("/teachers/mentors", Member, mentors::page),
        get(
            "/teachers/mentors/template.xlsx",
            Admin,
            files::mentors_template,
        ),
        post(
            "/teachers/mentors/import",
            Admin,
            Upload,
            files::mentors_import,
        ),
        post(
            "/teachers/mentors/withdraw",
            Admin,
            Form,
            files::mentors_withdraw,
        ),
        post("/teachers/mentors/end", Admin, Form, mentors::end),
        get("/api/v1/teachers/mentors", Member, mentors::json),
    ]
}

/// The caller of the use-case layer.
fn caller(viewer: &Viewer) -> Caller<'_> {
    Caller::User(&viewer.user)
}

/// Whether the viewer keeps the files.
fn is_admin(viewer: &Viewer) -> bool {
    junheng_app::teachers::studios::may_write(&caller(viewer))
}

/// The schools the viewer sees.
async fn sees(here: &Here, viewer: &Viewer) -> Result<Reach, AppError> {
    Ok(Reach::of(&here.store, &caller(viewer)).await?)
}

/// A refusal of the use-case layer as the server says it.
fn refusal(e: Refused) -> AppError {
    crate::pairings::refusal(e)
}

/// `?year=`: a school year 2000–2100, or none.
fn year_of(text: Option<&str>) -> Result<Option<i32>, AppError> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    AppError::bad_request(crate::msg!("studios-bad-year", v = crate::views::cut(t)))
                })
        })
        .transpose()
}

/// The value of a query parameter.
fn given(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// The catalogue key of a file kind.
fn kind_key(k: StudioFileKind) -> &'static str {
    match k {
        StudioFileKind::Studios => "studios-file-studios",
        StudioFileKind::Outputs => "studios-file-outputs",
        StudioFileKind::Mentors => "studios-file-mentors",
    }
}

/// A number with `d` decimals, or a dash.
fn decimal(x: Option<f64>, d: usize) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{x:.d$}"))
}
