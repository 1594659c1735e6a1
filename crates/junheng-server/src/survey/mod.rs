//! 社会认可度自测 (issue 19 item 3) on the web. The district's administrators keep surveys; 督学
//! and city or province users looking into the district read them; schools and every other role
//! see nothing (`junheng_app::survey`). Respondents need no account.
//!
//! | route | what |
//! |---|---|
//! | `GET /survey` ([`admin::list`]), `GET /api/v1/survey` | the district's surveys; for administrators the form to create one |
//! | `POST /survey` ([`admin::create`], multipart) | a survey: year, title, dates, weighting, smallest cell, the built-in questionnaire or the district's own TOML |
//! | `GET /survey/questionnaire.toml` ([`admin::questionnaire`]) | the built-in questionnaire, the template of a district's own |
//! | `GET /survey/{id}?format=xlsx|csv` ([`admin::page`]), `GET /api/v1/survey/{id}` | results: overall against 85 %, per group with sample sizes and 95 % intervals, per question, per school (small cells withheld); batches and imports |
//! | `POST /survey/{id}/status` ([`admin::status`]) | open or close |
//! | `POST /survey/{id}/codes` ([`slips::issue`]) | a batch of one-time codes, printed as slips with QR (shown once) |
//! | `POST /survey/{id}/import`, `POST /survey/{id}/withdraw`, `GET /survey/{id}/template.xlsx?group=` ([`admin`]) | a 问卷星 export (all or nothing, time/IP/来源 dropped), its 撤回, the template |
//! | `GET`, `POST /s`; `GET /s/{token}`; `POST /s/answer` ([`public`]) | the respondent's page, no login: a typed short code or the QR link, the questionnaire, one answer |

pub(crate) mod admin;
pub(crate) mod public;
pub(crate) mod slips;

use junheng_labour::calendar::Day;

use crate::access::Policy::{Admin, DistrictReader, Public};
use crate::access::Viewer;
use crate::routes::Body::{Form as FormBody, Upload};
use crate::routes::{Entry, get, post};

/// Today in Beijing.
pub(crate) fn today() -> Day {
    crate::labour::class::today()
}

/// Whether the viewer reads surveys (the nav's entry).
pub(crate) fn sees_any(viewer: &Viewer) -> bool {
    junheng_app::survey::may_read(&crate::pairings::caller(viewer))
}

/// A rate as a percentage with one decimal, `—` for none.
pub(crate) fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// The routes of 社会认可度自测.
pub(crate) fn routes() -> Vec<Entry> {
    vec![
        get("/survey", DistrictReader, admin::list),
        get("/api/v1/survey", DistrictReader, admin::list_json),
        post("/survey", Admin, Upload, admin::create),
        get(
            "/survey/questionnaire.toml",
            DistrictReader,
            admin::questionnaire,
        ),
        get("/survey/{id}", DistrictReader, admin::page),
        get("/api/v1/survey/{id}", DistrictReader, admin::json),
        post("/survey/{id}/status", Admin, FormBody, admin::status),
        post("/survey/{id}/codes", Admin, FormBody, slips::issue),
        post("/survey/{id}/import", Admin, Upload, admin::import),
        post("/survey/{id}/withdraw", Admin, FormBody, admin::withdraw),
        get("/survey/{id}/template.xlsx", Admin, admin::template),
        get("/s", Public, public::enter),
        post("/s", Public, FormBody, public::lookup),
        get("/s/{token}", Public, public::show),
        post("/s/answer", Public, FormBody, public::answer),
    ]
}
