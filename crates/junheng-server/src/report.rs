//! The printable report (print stylesheet → PDF from the browser) and the XLSX workbook a
//! 督导室 hands in — the same workbook as `junheng evaluate --format xlsx`. Both carry the 城乡
//! split of every indicator; the page adds the ratio 乡村 ÷ 城区 of the years up to the report's.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::school::school_year;
use junheng_store::AuditEntry;

use crate::access::DistrictReader;
use crate::dashboard::{
    FailingRow, SectionView, Selection, failing_rows, require_selection, section_view,
};
use crate::error::AppError;
use crate::i18n::marks::{self, Var};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    layout: Layout,
    /// The year switch.
    years: Vec<crate::dashboard::YearChip>,
    year: i32,
    year_label: String,
    rulebook_id: String,
    /// The rulebook: its name (data), id and version (HTML).
    rulebook: String,
    /// The engine's description of the policies (data).
    policy: String,
    passes: bool,
    sections: Vec<SectionView>,
    failing: Vec<FailingRow>,
    /// The 城乡 split, per section.
    urban: Vec<crate::urban::ReportSection>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<Selection>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let lang = viewer.lang;
    let sel = require_selection(&here, &q).await?;
    let split = crate::urban::split(&here, &sel).await?;
    let trend = crate::urban::trend(&here, &sel.rulebook).await?;
    let e = sel.evaluation()?;
    let failing = failing_rows(e).into_iter().map(|(row, _, _)| row).collect();
    let page = ReportPage {
        layout: Layout::new("report-evaluation-report", &viewer),
        years: crate::dashboard::year_switch(&sel.years, |y| {
            format!("/report?year={y}&rulebook={}", sel.rulebook.id)
        }),
        year: sel.year,
        year_label: school_year(sel.year),
        rulebook_id: e.rulebook.clone(),
        rulebook: marks::html(
            lang,
            "report-rulebook-is",
            &[
                ("name", Var::Data(&e.rulebook_name)),
                ("id", Var::arg(e.rulebook.as_str())),
                ("version", Var::arg(e.rulebook_version.as_str())),
            ],
        ),
        policy: e.policy.describe(),
        passes: e.passes,
        sections: e.sections.iter().map(|s| section_view(lang, s)).collect(),
        failing,
        urban: crate::urban::report(lang, &split, &trend, sel.year),
    };
    Ok(render(&page))
}

pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<Selection>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sel = require_selection(&here, &q).await?;
    let key = format!(
        "report.xlsx:{}:{}:{}",
        sel.year, sel.version, sel.rulebook.id
    );
    let (evaluated, source) = (
        sel.evaluated.clone(),
        format!("{} 学年第 {} 版", school_year(sel.year), sel.version),
    );
    let bytes = here
        .view(key, move || {
            let e = evaluated.evaluation()?;
            let dir = tempfile::tempdir().map_err(|e| AppError::Internal(e.to_string()))?;
            let path = dir.path().join("report.xlsx");
            junheng_io::evaluate::write_workbook(e, &source, &path)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            std::fs::read(&path).map_err(|e| AppError::Internal(e.to_string()))
        })
        .await?;
    let entry = AuditEntry {
        district: None,
        actor: viewer.user.name.clone(),
        action: "report.xlsx",
        target: format!("{}/{}", sel.year, sel.rulebook.id),
        detail: String::new(),
    };
    here.audit(entry).await?;
    let name = format!("评估报告-{}-{}.xlsx", sel.year, sel.rulebook.id);
    Ok(crate::views::download(
        crate::views::XLSX,
        &name,
        bytes.to_vec(),
    ))
}
