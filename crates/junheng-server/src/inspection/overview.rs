//! `GET /inspection`, its JSON and its workbook: one status ([`super::load`]) shown three ways.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::inspection::{INPUTS, InputName, Status, overall_id};
use junheng_core::inspection::{GapLine, Overall, PartStatus, VetoStatus};
use junheng_core::rulebook::Dimension;
use junheng_core::school::school_year;
use junheng_io::export::write_xlsx;
use junheng_store::AuditEntry;

use super::{InspectionQuery, keep, load, status_class};
use crate::access::DistrictReader;
use crate::dashboard::YearChip;
use crate::error::AppError;
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// One item's line of the overview.
pub(crate) struct ItemLine {
    pub id: String,
    pub no: u32,
    pub name: String,
    pub decision: &'static str,
    pub status: &'static str,
    pub class: &'static str,
    pub basis: &'static str,
    pub reason: String,
}

/// One part's card.
pub(crate) struct PartCard {
    pub label: &'static str,
    pub status: &'static str,
    pub class: &'static str,
    pub counts: String,
    pub items: Vec<ItemLine>,
}

/// An entered figure.
pub(crate) struct FigureLine {
    pub id: i64,
    pub label: String,
    pub value: String,
    pub source: String,
    pub by: String,
    pub at: String,
    pub withdrawn: bool,
}

#[derive(Template)]
#[template(path = "inspection.html")]
struct OverviewPage {
    layout: Layout,
    years: Vec<YearChip>,
    year: i32,
    year_label: String,
    keep: String,
    rulebook_id: String,
    rulebook: String,
    overall: &'static str,
    overall_class: &'static str,
    reasons: Vec<String>,
    parts: Vec<PartCard>,
    vetoes: Vec<ItemLine>,
    gaps: Vec<GapLine>,
    history: Vec<(String, &'static str, &'static str)>,
    figures: Vec<FigureLine>,
    inputs: &'static [InputName],
    stamp: String,
    self_check: String,
    admin: bool,
    done: &'static str,
}

fn overall_class(o: Overall) -> &'static str {
    match o {
        Overall::Recognisable => "pass",
        Overall::NotRecognisable => "fail",
        Overall::Pending => "muted",
    }
}

fn part_class(s: PartStatus) -> &'static str {
    match s {
        PartStatus::Met => "pass",
        PartStatus::NotMet => "fail",
        PartStatus::Undecided | PartStatus::NotInRulebook => "muted",
    }
}

/// The lines of the items of `dimension`.
pub(crate) fn lines(s: &Status, dimension: Dimension) -> Vec<ItemLine> {
    s.items
        .iter()
        .filter(|i| i.def.dimension == dimension)
        .filter_map(|i| {
            let r = s.verdict.item(&i.def.id)?;
            let (status, class) = match r.veto {
                Some(v) => (
                    v.label(),
                    match v {
                        VetoStatus::Clear => "pass",
                        VetoStatus::Triggered => "fail",
                        VetoStatus::AtRisk => "warn",
                        VetoStatus::Undecided => "muted",
                    },
                ),
                None => (r.status.label(), status_class(r.status)),
            };
            Some(ItemLine {
                id: i.def.id.clone(),
                no: i.def.no,
                name: i.def.name.clone(),
                decision: i.def.decision.label(),
                status,
                class,
                basis: r.basis.label(),
                reason: r.reason.clone(),
            })
        })
        .collect()
}

fn done_key(done: Option<&str>) -> &'static str {
    match done {
        Some("attested") => "insp-done-attested",
        Some("withdrawn") => "insp-done-withdrawn",
        Some("input") => "insp-done-input",
        _ => "",
    }
}

/// `GET /inspection?year=&rulebook=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<InspectionQuery>,
) -> Result<Response, AppError> {
    let (_, sel, s) = load(&state, &viewer, &q).await?;
    let v = &s.verdict;
    let parts = v
        .parts
        .iter()
        .map(|p| PartCard {
            label: p.part.label(),
            status: p.status.label(),
            class: part_class(p.status),
            counts: match p.part.dimension() {
                None => String::new(),
                Some(_) => format!(
                    "达标 {} · 未达标 {} · 待认定 {}",
                    p.met, p.not_met, p.undecided
                ),
            },
            items: p.part.dimension().map_or_else(Vec::new, |d| lines(&s, d)),
        })
        .collect();
    let page = OverviewPage {
        layout: Layout::new("insp-title", &viewer),
        years: crate::dashboard::year_switch(&sel.years, |y| {
            format!("/inspection?year={y}&rulebook={}", sel.rulebook.id)
        }),
        year: s.year,
        year_label: school_year(s.year),
        keep: keep(s.year, &sel.rulebook),
        rulebook_id: sel.rulebook.id.clone(),
        rulebook: format!(
            "{}（{}@{}）",
            sel.rulebook.name, sel.rulebook.id, sel.rulebook.version
        ),
        overall: v.overall.label(),
        overall_class: overall_class(v.overall),
        reasons: v.reasons.clone(),
        parts,
        vetoes: lines(&s, Dimension::Veto),
        gaps: v.gaps.clone(),
        history: s
            .history
            .iter()
            .map(|(y, o)| (school_year(*y), o.label(), overall_class(*o)))
            .collect(),
        figures: s
            .figures
            .iter()
            .map(|f| FigureLine {
                id: f.id,
                label: INPUTS
                    .iter()
                    .find(|i| i.id == f.name)
                    .map_or_else(|| f.name.clone(), |i| i.label.to_owned()),
                value: f.value.to_string(),
                source: f.source.clone(),
                by: f.entered_by.clone(),
                at: crate::views::time(&f.entered_at),
                withdrawn: f.withdrawn.is_some(),
            })
            .collect(),
        inputs: &INPUTS,
        stamp: s.stamp.clone(),
        self_check: junheng_app::inspection::report::self_check_line(&s),
        admin: crate::pairings::is_admin(&viewer),
        done: done_key(q.done.as_deref()),
    };
    Ok(render(&page))
}

/// `GET /api/v1/inspection?year=&rulebook=`: the status as data.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<InspectionQuery>,
) -> Result<Response, AppError> {
    let (_, _, s) = load(&state, &viewer, &q).await?;
    Ok(Json(s).into_response())
}

/// `GET /inspection.xlsx?year=&rulebook=`: the items and the gap list.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<InspectionQuery>,
) -> Result<Response, AppError> {
    let (here, sel, s) = load(&state, &viewer, &q).await?;
    let bytes = write_xlsx(&junheng_app::inspection::report::tables(&s))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    here.audit(AuditEntry {
        district: None,
        actor: viewer.user.name.clone(),
        action: "inspection.xlsx",
        target: format!("{}/{}", s.year, sel.rulebook.id),
        detail: format!("overall={}", overall_id(s.verdict.overall)),
    })
    .await?;
    Ok(crate::views::download(
        crate::views::XLSX,
        &format!("督导评估-{}-{}.xlsx", s.year, sel.rulebook.id),
        bytes,
    ))
}
