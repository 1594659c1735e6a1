//! `GET /exams/bands.xlsx[?exam=…]`: the board's selection (the page's, see [`super`]) as a
//! workbook in Chinese — the schools and the groups, a quality score and a band per exam, then
//! the latest escalation; and the lines' values per exam.

use axum::extract::State;
use axum::response::Response;
use junheng_app::exams::bands::Board;
use junheng_io::export::Cell as X;

use super::{Rows, periods, selection, units};
use crate::access::Member;
use crate::error::AppError;
use crate::exams::export;
use crate::i18n::Lang;
use crate::params::Query;
use crate::state::AppState;

/// `GET /exams/bands.xlsx`: the page's selection as a workbook in Chinese.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let s = selection(&state, &here, &viewer, &pairs).await?;
    let bytes = junheng_io::export::write_xlsx(&sheets(&s.board))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!("质量三线-{}.xlsx", crate::students::today());
    export(
        &here,
        &viewer,
        "exams.bands.xlsx",
        "exams".into(),
        &name,
        bytes,
    )
    .await
}

/// The workbook's sheets: the schools, the groups (a score and a band per period, then the
/// latest escalation) and the lines per period.
fn sheets(board: &Board) -> Vec<junheng_io::export::Table> {
    let lang = Lang::Zh;
    let table = |sheet, first: &[&'static str], rows: Rows| {
        let mut headers: Vec<String> = first.iter().map(|k| lang.t(k).to_owned()).collect();
        for p in &board.periods {
            headers.push(format!("{} {}", p.exam.name, lang.t("exams-bands-score")));
            headers.push(format!("{} {}", p.exam.name, lang.t("exams-bands-band")));
        }
        headers.push(lang.t("exams-bands-escalation").to_owned());
        headers.push(lang.t("exams-bands-runs").to_owned());
        let body = units(board, rows)
            .into_iter()
            .map(|u| {
                let mut row = vec![X::text(u.name)];
                if rows == Rows::Schools {
                    row.push(X::text(u.code));
                }
                for c in u.cells {
                    row.push(c.score.map_or(X::Empty, |v| X::Decimal(v, 1)));
                    row.push(X::text(lang.t(c.band)));
                }
                row.push(if u.level.is_empty() {
                    X::Empty
                } else {
                    X::text(lang.t(u.level))
                });
                row.push(X::Integer(i64::from(u.runs)));
                row
            })
            .collect();
        junheng_io::export::Table {
            sheet,
            headers,
            rows: body,
        }
    };
    let lines = junheng_io::export::Table {
        sheet: "三线数值",
        headers: [
            "exams-col-name",
            "exams-col-date",
            "exams-bands-development",
            "exams-bands-basic",
            "exams-bands-warning",
            "exams-bands-placed",
            "exams-bands-missing",
        ]
        .iter()
        .map(|k| lang.t(k).to_owned())
        .collect(),
        rows: periods(board)
            .into_iter()
            .map(|p| {
                let mut row = vec![X::text(p.name), X::text(p.on_date)];
                row.extend(p.lines.into_iter().map(X::text));
                row.push(X::Integer(p.placed as i64));
                row.push(X::Integer(p.missing as i64));
                row
            })
            .collect(),
    };
    vec![
        table(
            "学校三线",
            &["exams-bands-school", "exams-col-code"],
            Rows::Schools,
        ),
        table("集团三线", &["exams-bands-group"], Rows::Groups),
        lines,
    ]
}
