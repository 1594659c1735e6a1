//! Teacher development pages (issue 17), under `/teachers/…`: one module per capability.

pub(crate) mod honours;
pub(crate) mod leaders;
pub(crate) mod pipeline;
pub(crate) mod posts;
pub(crate) mod record;
pub(crate) mod studios;
pub(crate) mod training;

use serde::Deserialize;

use crate::access::Policy::{Admin, Member};
use crate::error::AppError;
use crate::routes::Body::{Form, Upload};
use crate::routes::{Entry, get, post};

/// `?year=` of the JSON answers.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct YearQuery {
    year: Option<String>,
}

/// A school year given as text (2000–2100), or a Chinese 400.
pub(crate) fn year_of(text: Option<&str>) -> Result<Option<i32>, AppError> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    AppError::bad_request(crate::msg!("tp-bad-year", v = crate::views::cut(t)))
                })
        })
        .transpose()
}

/// The routes of the pipeline, honours and the teacher's record.
pub(crate) fn routes() -> Vec<Entry> {
    vec![
        get("/teachers/pipeline", Member, pipeline::page),
        get("/api/v1/teachers/pipeline", Member, pipeline::json),
        get("/teachers/honours", Member, honours::page),
        get("/api/v1/teachers/honours", Member, honours::json),
        post("/teachers/honours/import", Admin, Upload, honours::import),
        post("/teachers/honours/withdraw", Admin, Form, honours::withdraw),
        get("/teachers/honours/template.xlsx", Admin, honours::template),
        get("/teachers/t/{teacher}", Member, record::page),
    ]
}
