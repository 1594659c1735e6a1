//! `GET /exams/va?from={id}&to={id}[&format=xlsx]`: value added from an earlier exam to a later
//! one of the same cohort (`junheng_app::exams::value_added`), per subject: the visible schools
//! and classes with VA ± z·SE as an error-bar chart and a table (coverage, 样本不足 when too few
//! students are matched, the band), under the four stability caveats. The district's aggregate
//! roles (市级, 省级) are refused: value added is about units.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::exams::value_added::{VaReport, value_added};
use junheng_core::exam::{VaBand, VaUnit};
use junheng_io::export::Cell as X;

use super::charts::{VaPoint, value_added as chart};
use super::{band_key, caller, exam_of, export, num, pct, refusal};
use crate::access::Member;
use crate::error::AppError;
use crate::params::Query;
use crate::state::AppState;
use crate::students::{keys, param};
use crate::views::{Layout, render};

/// One unit's row.
pub(crate) struct VaRowView {
    pub level: &'static str,
    pub name: String,
    pub output: u32,
    pub matched: u32,
    pub coverage: String,
    pub va: String,
    pub interval: String,
    /// The band's key, or `exams-va-insufficient`.
    pub band: &'static str,
    pub class: &'static str,
}

/// One subject.
pub(crate) struct VaSubjectView {
    pub subject: String,
    pub r: String,
    pub rows: Vec<VaRowView>,
    pub chart: String,
}

#[derive(Template)]
#[template(path = "exams_va.html")]
struct Page {
    layout: Layout,
    from: i64,
    to: i64,
    input: String,
    output: String,
    method: &'static str,
    min_coverage: String,
    z: String,
    caveats: [&'static str; 4],
    subjects: Vec<VaSubjectView>,
}

fn band_of(u: &VaUnit) -> (&'static str, &'static str) {
    match (u.sufficient, u.band) {
        (false, _) | (_, None) => ("exams-va-insufficient", ""),
        (true, Some(b)) => (
            band_key(b),
            match b {
                VaBand::Above => "pass",
                VaBand::Below => "fail",
                VaBand::Level => "",
            },
        ),
    }
}

fn row(level: &'static str, name: &str, u: &VaUnit, z: f64) -> VaRowView {
    let (band, class) = band_of(u);
    VaRowView {
        level,
        name: name.to_owned(),
        output: u.output,
        matched: u.matched,
        coverage: pct(u.coverage),
        va: u.va.map_or_else(|| "—".to_owned(), |v| format!("{v:+.3}")),
        interval: match (u.va, u.se) {
            (Some(v), Some(se)) => format!("[{:+.3}, {:+.3}]", v - z * se, v + z * se),
            _ => "—".to_owned(),
        },
        band,
        class,
    }
}

/// The id of `key` in the query, refused when missing or not a number.
fn id_param(pairs: &[(String, String)], key: &'static str) -> Result<i64, AppError> {
    param(pairs, key)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| AppError::bad_request(crate::msg!("exams-field-missing", v = key)))
}

/// `GET /exams/va`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let from = id_param(&pairs, "from")?;
    let to = id_param(&pairs, "to")?;
    let here = state.here(viewer.district()?);
    // An exam the district does not have is refused as one the caller may not see.
    for id in [from, to] {
        exam_of(&here, id)
            .await
            .map_err(|e| match e.status().as_u16() {
                404 => AppError::Forbidden,
                _ => e,
            })?;
    }
    let settings = &state.config.quality;
    let r: VaReport = value_added(
        &here.store,
        &caller(&viewer),
        keys(&here),
        from,
        to,
        settings,
    )
    .await
    .map_err(refusal)?;
    let z = settings.value_added.z;
    if param(&pairs, "format") == Some("xlsx") {
        let bytes = junheng_io::export::write_xlsx(&[sheet(&r, z)])
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let name = format!("增值评价-{}-{}.xlsx", r.input.name, r.output.name);
        return export(
            &here,
            &viewer,
            "exams.va.xlsx",
            "exams".into(),
            &name,
            bytes,
        )
        .await;
    }
    let lang = viewer.lang;
    let subjects = r
        .subjects
        .iter()
        .map(|s| {
            let mut rows = vec![row("exams-level-all", "全体", &s.all, z)];
            rows.extend(
                s.rows
                    .iter()
                    .map(|u| row(super::level_key(u.level), &u.name, &u.unit, z)),
            );
            let points: Vec<VaPoint> = s
                .rows
                .iter()
                .take(60)
                .map(|u| VaPoint {
                    name: u.name.clone(),
                    va: u.unit.va,
                    se: u.unit.se,
                    class: match u.unit.band {
                        Some(VaBand::Above) => "good",
                        Some(VaBand::Below) => "bad",
                        _ => "",
                    },
                    insufficient: !u.unit.sufficient,
                })
                .collect();
            let title = crate::i18n::marks::html(
                lang,
                "exams-va-chart-title",
                &[("subject", crate::i18n::marks::Var::Data(&s.subject))],
            );
            VaSubjectView {
                subject: s.subject.clone(),
                r: num(s.r, 2),
                rows,
                chart: if points.is_empty() {
                    String::new()
                } else {
                    chart(lang, &title, z, &points)
                },
            }
        })
        .collect();
    Ok(render(&Page {
        layout: Layout::new("exams-va-title", &viewer),
        from,
        to,
        input: r.input.name.clone(),
        output: r.output.name.clone(),
        method: match r.method {
            junheng_core::exam::ValueAddedMethod::Residual => "exams-va-method-residual",
            junheng_core::exam::ValueAddedMethod::Gain => "exams-va-method-gain",
        },
        min_coverage: pct(Some(r.min_coverage)),
        z: format!("{z}"),
        caveats: [
            "exams-va-caveat-1",
            "exams-va-caveat-2",
            "exams-va-caveat-3",
            "exams-va-caveat-4",
        ],
        subjects,
    }))
}

/// The workbook's sheet: every subject's rows.
fn sheet(r: &VaReport, z: f64) -> junheng_io::export::Table {
    let lang = crate::i18n::Lang::Zh;
    let n = |v: Option<f64>, d: u8| v.map_or(X::Empty, |v| X::Decimal(v, d));
    let mut rows = Vec::new();
    for s in &r.subjects {
        let all = std::iter::once(("全体", "全体", &s.all));
        for (level, name, u) in all.chain(
            s.rows
                .iter()
                .map(|u| (u.level.label(), u.name.as_str(), &u.unit)),
        ) {
            let (band, _) = band_of(u);
            rows.push(vec![
                X::text(s.subject.clone()),
                X::text(level),
                X::text(name),
                X::Integer(i64::from(u.output)),
                X::Integer(i64::from(u.matched)),
                n(u.coverage.map(|c| c * 100.0), 1),
                n(u.va, 3),
                n(u.se, 3),
                n(u.va.zip(u.se).map(|(v, se)| v - z * se), 3),
                n(u.va.zip(u.se).map(|(v, se)| v + z * se), 3),
                X::text(lang.t(band)),
            ]);
        }
    }
    junheng_io::export::Table {
        sheet: "增值评价",
        headers: [
            "exams-col-subject",
            "exams-col-level",
            "exams-col-unit",
            "exams-va-col-output",
            "exams-va-col-matched",
            "exams-va-col-coverage",
            "exams-va-col-va",
            "exams-va-col-se",
            "exams-va-col-low",
            "exams-va-col-high",
            "exams-va-col-band",
        ]
        .iter()
        .map(|k| lang.t(k).to_owned())
        .collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    /// The caveats shown are the engine's, word for word, in Chinese.
    #[test]
    fn the_caveats_are_the_engines() {
        let zh = crate::i18n::Lang::Zh;
        let keys = [
            "exams-va-caveat-1",
            "exams-va-caveat-2",
            "exams-va-caveat-3",
            "exams-va-caveat-4",
        ];
        for (k, c) in keys.iter().zip(junheng_core::exam::VALUE_ADDED_CAVEATS) {
            assert_eq!(zh.t(k), c);
        }
    }
}
