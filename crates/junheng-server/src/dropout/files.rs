//! The files of 控辍保学: `POST /students/dropout/compare` (四查三比对: a list of another
//! department compared with the registry, answered with the workbook of what did not match),
//! `GET /students/dropout/lists/template.xlsx` (the list's template), and the 四个一 reports —
//! `GET /students/dropout/reports/monthly.xlsx?school=&month=` (学校一月一报告, named: for whoever
//! keeps the school's cases) and `GET /students/dropout/reports/quarterly.xlsx?year=&q=` (县区一季度
//! 一复核, no names: for the district's 控辍保学专干). Every download but the template is audited.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use junheng_app::pairings::Caller;
use junheng_app::students::who::{Sight, sight};
use junheng_app::students::{cases, compare, reports};
use junheng_io::student::lists::{ListKind, write_list_template};
use junheng_io::student::report::{write_monthly, write_quarterly};

use super::{Keeps, export, keys, param, refusal, school_names, school_param, today};
use crate::access::Member;
use crate::error::AppError;
use crate::params::{Multipart, Query};
use crate::state::AppState;

/// `POST /students/dropout/compare` (multipart: `kind` hukou|poverty|attendance, `year`,
/// `file`): the comparison's workbook as a download (named: audited, never cached). Only the
/// district's 控辍保学专干 compares (the app's rule); a refused file says every problem.
pub(crate) async fn compare(
    State(state): State<AppState>,
    viewer: Member,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let form = crate::upload::read(multipart).await?;
    let caller = Caller::User(&viewer.user);
    if !matches!(sight(&caller), Sight::Cases | Sight::Everything) {
        return Err(AppError::Forbidden);
    }
    let kind = ListKind::from_id(form.field("kind")).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "dropout-bad-list",
            v = crate::views::cut(form.field("kind"))
        ))
    })?;
    let year = form
        .field("year")
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| {
            AppError::bad_request(crate::msg!(
                "dropout-bad-year",
                v = crate::views::cut(form.field("year"))
            ))
        })?;
    let (name, bytes) = form.spreadsheet()?;
    let today = today();
    let limits = junheng_io::Limits::for_max_input(state.config.max_upload_bytes as u64);
    let result = {
        // Reading the list is the heavy part: one of the bounded parse slots.
        let _slot = state.parse_slot().await?;
        compare::compare(
            &here.store,
            keys(&here),
            &caller,
            kind,
            year,
            &bytes,
            &name,
            &limits,
            &today,
        )
        .await
        .map_err(refusal)?
    };
    let file = format!("四查三比对-{}-{today}.xlsx", kind.label());
    export(
        &here,
        &viewer,
        "dropout.compare.xlsx",
        format!(
            "list:{} listed={} matched={} mismatches={}",
            kind.id(),
            result.listed,
            result.matched,
            result.mismatches.len()
        ),
        &file,
        result.workbook,
    )
    .await
}

/// `GET /students/dropout/lists/template.xlsx`: the template of the lists compared.
pub(crate) async fn template(_viewer: Member) -> Response {
    crate::views::download(
        crate::views::XLSX,
        "四查三比对名单模板.xlsx",
        write_list_template(),
    )
}

/// `GET /students/dropout/reports/monthly.xlsx?school=&month=YYYY-MM`: the school's monthly
/// report, for whoever keeps its cases (a 关爱专干 without `school`: their own).
pub(crate) async fn monthly(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let asked = school_param(&pairs)?;
    let names = school_names(&here).await?;
    // A school the district does not know is said so, whoever asks.
    if let Some(s) = &asked
        && !names.contains_key(s)
        && here.store.student_imports(Some(s)).await?.is_empty()
    {
        return Err(AppError::not_found(crate::msg!("dropout-unknown-school")));
    }
    let keeps = Keeps::of(&viewer.user);
    if !keeps.any() {
        return Err(AppError::Forbidden);
    }
    let school = match (asked, &keeps) {
        (Some(s), _) => s,
        (None, Keeps::School(s)) => s.clone(),
        (None, _) => {
            return Err(AppError::bad_request(crate::msg!("dropout-choose-school")));
        }
    };
    if !keeps.covers(&school) {
        return Err(AppError::Forbidden);
    }
    let today = today();
    let month = param(&pairs, "month").map_or_else(
        || today.get(..7).unwrap_or_default().to_owned(),
        str::to_owned,
    );
    let settings = &state.config.students;
    cases::refresh(&here.store, &today, &settings.dropout)
        .await
        .map_err(refusal)?;
    let school_name = names.get(&school).cloned().unwrap_or_default();
    let report = reports::monthly(
        &here.store,
        keys(&here),
        &Caller::User(&viewer.user),
        &school,
        &school_name,
        &month,
        &today,
        settings,
    )
    .await
    .map_err(refusal)?;
    let file = format!("控辍保学月报-{school}-{month}.xlsx");
    export(
        &here,
        &viewer,
        "dropout.monthly.xlsx",
        format!("{school}/{month}"),
        &file,
        write_monthly(&report),
    )
    .await
}

/// `GET /students/dropout/reports/quarterly.xlsx?year=&q=`: the county's quarterly re-check
/// (no names), for the district's 控辍保学专干.
pub(crate) async fn quarterly(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let caller = Caller::User(&viewer.user);
    if !matches!(sight(&caller), Sight::Cases | Sight::Everything) {
        return Err(AppError::Forbidden);
    }
    let today = today();
    let year = match param(&pairs, "year") {
        Some(v) => v
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| {
                AppError::bad_request(crate::msg!("dropout-bad-year", v = crate::views::cut(v)))
            })?,
        None => today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2000),
    };
    let q = match param(&pairs, "q") {
        Some(v) => v
            .parse::<u8>()
            .ok()
            .filter(|q| (1..=4).contains(q))
            .ok_or_else(|| {
                AppError::bad_request(crate::msg!("dropout-bad-quarter", v = crate::views::cut(v)))
            })?,
        None => today
            .get(5..7)
            .and_then(|m| m.parse::<u8>().ok())
            .map_or(1, |m| m.div_ceil(3)),
    };
    let settings = &state.config.students;
    cases::refresh(&here.store, &today, &settings.dropout)
        .await
        .map_err(refusal)?;
    let names: HashMap<_, _> = school_names(&here).await?.into_iter().collect();
    let report = reports::quarterly(
        &here.store,
        &caller,
        &here.district.name,
        year,
        q,
        &today,
        settings,
        &names,
    )
    .await
    .map_err(refusal)?;
    let file = format!("控辍保学季度复核-{year}年第{q}季度.xlsx");
    export(
        &here,
        &viewer,
        "dropout.quarterly.xlsx",
        format!("{year}Q{q}"),
        &file,
        write_quarterly(&report),
    )
    .await
}
