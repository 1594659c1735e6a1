//! The official results of the national monitoring (国家义务教育质量监测, NAEQ): `POST
//! /exams/naeq` enters a 校际差异率 with its unit said explicitly (比值 0.15 or 15 %, never
//! guessed; a percentage below 1 asks for a confirmation first). Only this official value marks
//! the 督导 item (< 0.15) met; the local estimates of a report never do.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::exams::who::may_administer;
use junheng_core::exam::NAEQ_LINE;
use junheng_io::export::Cell as X;
use junheng_store::{NaeqEntry, NaeqUnit};

use super::caller;
use super::list::field;
use crate::access::Admin;
use crate::error::AppError;
use crate::params::Form;
use crate::state::AppState;

/// A NAEQ result as the list shows it.
pub(crate) struct NaeqRow {
    pub year: i32,
    pub subject: String,
    pub level: String,
    /// The value as entered, with its unit.
    pub entered: String,
    /// As a ratio.
    pub ratio: f64,
    /// As a ratio, three decimals.
    pub ratio_text: String,
    /// Strictly below the 督导 line.
    pub met: bool,
    pub by: String,
    pub at: String,
}

impl NaeqRow {
    pub(crate) fn of(e: &NaeqEntry) -> NaeqRow {
        let ratio = ratio(e);
        NaeqRow {
            year: e.year,
            subject: e.subject.clone(),
            level: e.level.map_or_else(String::new, |l| l.to_string()),
            entered: match e.unit {
                NaeqUnit::Ratio => format!("{}", e.between_school),
                NaeqUnit::Percent => format!("{} %", e.between_school),
            },
            ratio,
            ratio_text: format!("{ratio:.3}"),
            met: ratio < NAEQ_LINE,
            by: e.entered_by.clone(),
            at: crate::views::time(&e.entered_at),
        }
    }
}

/// A NAEQ value as a ratio (0.15), whatever unit it was entered in.
pub(crate) fn ratio(e: &NaeqEntry) -> f64 {
    match e.unit {
        NaeqUnit::Ratio => e.between_school,
        NaeqUnit::Percent => e.between_school / 100.0,
    }
}

/// The NAEQ results as a sheet.
pub(crate) fn naeq_sheet(naeq: &[NaeqRow]) -> junheng_io::export::Table {
    let lang = crate::i18n::Lang::Zh;
    junheng_io::export::Table {
        sheet: "国家监测",
        headers: [
            "exams-col-year",
            "exams-col-subject",
            "exams-naeq-level",
            "exams-naeq-entered",
            "exams-naeq-ratio",
            "exams-naeq-verdict",
            "exams-naeq-by",
            "exams-naeq-at",
        ]
        .iter()
        .map(|k| lang.t(k).to_owned())
        .collect(),
        rows: naeq
            .iter()
            .map(|n| {
                vec![
                    X::Integer(i64::from(n.year)),
                    X::text(n.subject.clone()),
                    X::text(n.level.clone()),
                    X::text(n.entered.clone()),
                    X::Decimal(n.ratio, 3),
                    X::text(lang.t(if n.met {
                        "exams-naeq-met"
                    } else {
                        "exams-naeq-not-met"
                    })),
                    X::text(n.by.clone()),
                    X::text(n.at.clone()),
                ]
            })
            .collect(),
    }
}

/// `POST /exams/naeq`: year, subject, level (optional), value, unit (`ratio` | `percent`), and
/// `confirm` for a percentage below 1 (usually a ratio entered as a percentage).
pub(crate) async fn naeq(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let missing =
        |key: &'static str| AppError::bad_request(crate::msg!("exams-field-missing", v = key));
    let year = crate::students::year_of(Some(field(&form, "year")))?.ok_or(missing("year"))?;
    let subject = field(&form, "subject");
    if subject.is_empty() {
        return Err(missing("subject"));
    }
    let level = match field(&form, "level") {
        "" => None,
        l => Some(
            l.parse::<u8>()
                .ok()
                .filter(|l| (1..=4).contains(l))
                .ok_or(missing("level"))?,
        ),
    };
    let value_text = field(&form, "value").trim_end_matches(['%', '％']).trim();
    let value: f64 = value_text
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| {
            AppError::bad_request(crate::msg!(
                "exams-naeq-bad-value",
                v = crate::views::cut(value_text)
            ))
        })?;
    // The unit is said, never guessed: 0.15 and 15 % are the same value.
    let unit = NaeqUnit::parse(field(&form, "unit")).ok_or(missing("unit"))?;
    if unit == NaeqUnit::Percent && value < 1.0 && field(&form, "confirm").is_empty() {
        return Err(AppError::bad_request(crate::msg!(
            "exams-naeq-percent-small",
            v = value_text
        )));
    }
    let here = state.here(viewer.district()?);
    let who = caller(&viewer);
    if !may_administer(&who) {
        return Err(AppError::Forbidden);
    }
    here.store
        .set_naeq(year, subject, level, value, unit, &who.actor())
        .await?;
    Ok(Redirect::to("/exams#exams-naeq").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_naeq_value_is_a_ratio_whatever_its_unit() {
        let e = |v, unit| NaeqEntry {
            year: 2024,
            subject: "数学".into(),
            level: None,
            between_school: v,
            unit,
            entered_by: "a".into(),
            entered_at: "2025-01-01T00:00:00Z".into(),
        };
        assert!(NaeqRow::of(&e(0.12, NaeqUnit::Ratio)).met);
        assert!(NaeqRow::of(&e(12.0, NaeqUnit::Percent)).met);
        assert!(!NaeqRow::of(&e(15.0, NaeqUnit::Percent)).met);
        assert!(!NaeqRow::of(&e(0.15, NaeqUnit::Ratio)).met);
    }
}
