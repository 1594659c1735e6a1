//! `GET /inspection/items/{item}`: one item — the requirement and its limits, the computation with
//! its figures, failing units and sources, the statements with 撤回, and its documents.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use junheng_app::inspection::evidence_key;
use junheng_core::inspection::{Figure, Outcome, Provenance, Shortfall};
use junheng_core::record::RecordKind;
use junheng_core::school::school_year;

use super::{InspectionQuery, keep, load, status_class};
use crate::access::DistrictReader;
use crate::error::AppError;
use crate::evidence::{Block, record_block};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// A statement as the page lists it.
struct StatementLine {
    id: i64,
    met: bool,
    note: String,
    by: String,
    at: String,
    withdrawn: Option<String>,
}

#[derive(Template)]
#[template(path = "inspection_item.html")]
struct ItemPage {
    layout: Layout,
    year: i32,
    year_label: String,
    keep: String,
    rulebook_id: String,
    id: String,
    label: String,
    name: String,
    requirement: String,
    decision: &'static str,
    tag: &'static str,
    limits: Vec<(String, String, String)>,
    evidence_titles: String,
    status: &'static str,
    class: &'static str,
    basis: &'static str,
    reason: String,
    computed: bool,
    outcome: &'static str,
    note: String,
    figures: Vec<Figure>,
    failing: Vec<Shortfall>,
    provenance: Vec<Provenance>,
    statements: Vec<StatementLine>,
    veto: bool,
    admin: bool,
    done: &'static str,
    evidence: Block,
}

fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "达标",
        Outcome::NotMet => "未达标",
        Outcome::NotConnected => "未接入",
    }
}

/// `GET /inspection/items/{item}?year=&rulebook=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Path(id): Path<String>,
    Query(q): Query<InspectionQuery>,
) -> Result<Response, AppError> {
    let (here, sel, s) = load(&state, &viewer, &q).await?;
    let Some(item) = s.item(&id) else {
        return Err(AppError::not_found(crate::msg!(
            "insp-no-item",
            id = crate::views::cut(&id)
        )));
    };
    let r = s
        .verdict
        .item(&id)
        .ok_or_else(|| AppError::Internal("an item without a result".into()))?;
    let def = &item.def;
    let spec = def.computation.map(|c| c.limits()).unwrap_or_default();
    let limits = def
        .limits
        .iter()
        .map(|(key, value)| {
            let meaning = spec
                .iter()
                .find(|l| l.key == key)
                .map_or("", |l| l.meaning)
                .to_owned();
            let shown = value.map_or_else(|| "未设置".to_owned(), |v| v.to_string());
            (key.clone(), meaning, shown)
        })
        .collect();
    let back = format!("/inspection/items/{id}?{}", keep(s.year, &sel.rulebook));
    let mut evidence = record_block(
        &here,
        &viewer,
        RecordKind::SupervisionItem,
        &evidence_key(s.year, &id),
        &back,
    )
    .await?;
    evidence.titles = def.evidence.clone();
    let computed = item.input.computed.as_ref();
    let page = ItemPage {
        layout: Layout::new("insp-item-title", &viewer),
        year: s.year,
        year_label: school_year(s.year),
        keep: keep(s.year, &sel.rulebook),
        rulebook_id: sel.rulebook.id.clone(),
        id: def.id.clone(),
        label: def.label(),
        name: def.name.clone(),
        requirement: def.requirement.clone(),
        decision: def.decision.label(),
        tag: def.tag.label(),
        limits,
        evidence_titles: def.evidence.join("、"),
        status: r.veto.map_or(r.status.label(), |v| v.label()),
        class: status_class(r.status),
        basis: r.basis.label(),
        reason: r.reason.clone(),
        computed: computed.is_some(),
        outcome: computed.map_or("", |c| outcome_label(c.outcome)),
        note: computed.map_or_else(String::new, |c| c.note.clone()),
        figures: computed.map_or_else(Vec::new, |c| c.figures.clone()),
        failing: computed.map_or_else(Vec::new, |c| c.failing.clone()),
        provenance: computed.map_or_else(Vec::new, |c| c.provenance.clone()),
        statements: item
            .statements
            .iter()
            .map(|st| StatementLine {
                id: st.id,
                met: st.met,
                note: st.note.clone(),
                by: st.made_by.clone(),
                at: crate::views::time(&st.made_at),
                withdrawn: st
                    .withdrawn
                    .as_ref()
                    .map(|(by, at)| format!("{by} {}", crate::views::time(at))),
            })
            .collect(),
        veto: r.veto.is_some(),
        admin: crate::pairings::is_admin(&viewer),
        done: match q.done.as_deref() {
            Some("attested") => "insp-done-attested",
            Some("withdrawn") => "insp-done-withdrawn",
            _ => "",
        },
        evidence,
    };
    Ok(render(&page))
}
