//! `GET /exams/{id}/report.xlsx[?school=]`: the report's selection (the page's, see
//! [`super::report`]) as a workbook in Chinese — every paper's rows on one sheet with a 学科
//! column, the 比值赋分 composite, the literacy levels (papers with level cuts), the box plots of
//! the pool and the schools (those two sheets are the use case's, shared with the command line:
//! [`junheng_app::exams::export`]), the local estimates of the 校际差异率 and the official NAEQ
//! values.

use axum::extract::State;
use axum::response::Response;
use junheng_app::exams::report::Report;
use junheng_io::export::{Cell as X, Table};

use super::naeq::{NaeqRow, naeq_sheet};
use super::report::{FIGURES, selection};
use super::{export, level_key};
use crate::access::Member;
use crate::error::AppError;
use crate::params::{Path, Query};
use crate::state::AppState;

/// `GET /exams/{id}/report.xlsx`: the page's selection as a workbook — every paper's rows (one
/// sheet, a 学科 column), the composite, the local estimates and the official values.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (r, _) = selection(&state, &here, &viewer, id, &pairs).await?;
    let bytes = junheng_io::export::write_xlsx(&sheets(&r))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!("{}-分析.xlsx", r.exam.name);
    export(
        &here,
        &viewer,
        "exams.report.xlsx",
        "exams".into(),
        &name,
        bytes,
    )
    .await
}

/// The workbook's sheets, in Chinese.
pub(crate) fn sheets(r: &Report) -> Vec<Table> {
    let lang = crate::i18n::Lang::Zh;
    let heads = |keys: &[&'static str]| keys.iter().map(|k| lang.t(k).to_owned()).collect();
    let n = |v: Option<f64>, d: u8| v.map_or(X::Empty, |v| X::Decimal(v, d));
    let mut rows_head: Vec<&'static str> = vec![
        "exams-col-subject",
        "exams-col-level",
        "exams-col-unit",
        "exams-col-code",
        "exams-col-enrolled",
        "exams-col-sat",
        "exams-col-absent",
        "exams-col-participation",
    ];
    rows_head.extend(FIGURES);
    rows_head.push("exams-col-note");
    let mut rows = Vec::new();
    for p in &r.papers {
        for row in &p.rows {
            let rates = row.rates.map(|x| x.map(Some)).unwrap_or([None; 4]);
            let mut cells = vec![
                X::text(p.subject.clone()),
                X::text(lang.t(level_key(row.level))),
                X::text(row.name.clone()),
                X::text(row.code.clone()),
                X::Integer(i64::from(row.enrolled)),
                X::Integer(i64::from(row.sat)),
                X::Integer(i64::from(row.absent)),
                n(row.participation.map(|v| v * 100.0), 1),
                n(row.mean, 2),
                n(row.sd, 2),
            ];
            cells.extend(rates.iter().map(|v| n(v.map(|v| v * 100.0), 1)));
            cells.extend([
                n(row.score_rate.map(|v| v * 100.0), 1),
                n(row.over_mean.map(|v| v * 100.0), 1),
                n(row.z, 3),
                n(row.t, 1),
                row.rank.map_or(X::Empty, |k| X::Integer(i64::from(k))),
                if row.suppressed {
                    X::text(lang.t("exams-suppressed"))
                } else {
                    X::Empty
                },
            ]);
            rows.push(cells);
        }
    }
    let mut out = vec![Table {
        sheet: "成绩分析",
        headers: heads(&rows_head),
        rows,
    }];
    out.push(Table {
        sheet: "比值赋分",
        headers: heads(&[
            "exams-col-unit",
            "exams-composite-average",
            "exams-composite-excellent",
            "exams-composite-good",
            "exams-composite-pass",
            "exams-composite-score",
            "exams-composite-quality",
            "exams-col-rank",
        ]),
        rows: r
            .composite
            .iter()
            .map(|(name, c)| {
                vec![
                    X::text(name.clone()),
                    X::Decimal(c.rated_average, 2),
                    X::Decimal(c.rated_excellent, 2),
                    X::Decimal(c.rated_good, 2),
                    X::Decimal(c.rated_pass, 2),
                    X::Decimal(c.score, 2),
                    X::Decimal(c.quality, 1),
                    X::Integer(i64::from(c.rank)),
                ]
            })
            .collect(),
    });
    out.extend(junheng_app::exams::export::levels_table(r));
    out.push(junheng_app::exams::export::boxes_table(r));
    let spreads: Vec<_> = r
        .papers
        .iter()
        .filter_map(|p| Some((p, p.spread.as_ref()?)))
        .collect();
    if !spreads.is_empty() {
        out.push(Table {
            sheet: "校际差异率（本地估算）",
            headers: heads(&[
                "exams-col-subject",
                "exams-spread-eta2",
                "exams-spread-icc1",
                "exams-spread-s",
                "exams-col-schools",
                "exams-col-students",
                "exams-col-discrimination",
                "exams-col-note",
            ]),
            rows: spreads
                .iter()
                .map(|(p, s)| {
                    vec![
                        X::text(p.subject.clone()),
                        n(s.all.eta2, 3),
                        n(s.all.icc1, 3),
                        n(s.all.sd_of_means, 3),
                        X::Integer(i64::from(s.all.schools)),
                        X::Integer(s.all.students as i64),
                        n(p.discrimination, 3),
                        X::text(lang.t("exams-local-estimate")),
                    ]
                })
                .collect(),
        });
        let naeq: Vec<NaeqRow> = r.naeq.iter().map(NaeqRow::of).collect();
        out.push(naeq_sheet(&naeq));
    }
    out
}
