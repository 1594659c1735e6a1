//! What a drawn lottery publishes: the printable notarial record and the audit pack (公示编号
//! only; for a lottery stored before version 2, counts for the public and the rest for
//! administrators).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_io::lottery::mode_label;
use junheng_lottery::{AuditPack, Witness, ZoneMechanism};

use super::{SchoolRow, drawn, load_public, school_rows};
use crate::access::{MaybeViewer, Policy, Viewer};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Path;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

#[derive(Template)]
#[template(path = "lottery_record.html")]
struct RecordPage {
    layout: Layout,
    title: String,
    digest: String,
    algorithm: String,
    mechanisms: Vec<String>,
    witnesses: Vec<Witness>,
    seed: String,
    results_digest: String,
    drawn_at: String,
    drawn_by: String,
    applicants: usize,
    placed: usize,
    /// 公办兜底: the unplaced applicants in order (公示编号; empty when they may not be shown).
    fallback: Vec<String>,
    fallback_count: usize,
    /// Whether the admitted applicants are listed (version 2, or an administrator).
    ids: bool,
    legacy: bool,
    rows: Vec<SchoolRow>,
}

fn is_admin(viewer: Option<&Viewer>, here: &Here) -> bool {
    viewer.is_some_and(|v| {
        Policy::Admin.admits(Some(&v.user)).is_ok()
            && v.district
                .as_ref()
                .is_some_and(|d| d.id == here.district.id)
    })
}

/// A zone and how it was drawn, in Chinese: `第一学区（Z1）：平行志愿（deferred_acceptance/1）`.
fn mechanism(pack: &AuditPack, m: &ZoneMechanism) -> String {
    let zone = pack.inputs.zones.iter().find(|z| z.id == m.zone);
    let name = match zone {
        Some(z) if !z.name.is_empty() => format!("{}（{}）", z.name, z.id),
        _ => m.zone.clone(),
    };
    match zone {
        Some(z) => format!("{name}：{}（{}）", mode_label(z.mode), m.mechanism),
        None => format!("{name}：{}", m.mechanism),
    }
}

/// The printable notarial record (公证记录) of a drawn lottery. Public: it is what is published
/// (for a lottery stored before version 2 the public sees counts only).
pub(crate) async fn record(
    State(state): State<AppState>,
    lang: Lang,
    MaybeViewer(viewer): MaybeViewer,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (here, loaded) = load_public(&state, id).await?;
    let (pack, info) = (drawn(&loaded)?, &loaded.lottery.info);
    let ids = !loaded.legacy() || is_admin(viewer.as_ref(), &here);
    let path = format!("/lottery/{id}/record");
    let page = RecordPage {
        layout: match &viewer {
            Some(v) => Layout::new("派位记录", v),
            None => Layout::anonymous("派位记录", lang, &path),
        },
        title: info.title.clone(),
        digest: pack.inputs_digest.clone(),
        algorithm: pack.algorithm.clone(),
        mechanisms: pack.mechanisms.iter().map(|m| mechanism(pack, m)).collect(),
        witnesses: pack.witnesses.clone(),
        seed: pack.seed.clone(),
        results_digest: pack.results_digest.clone(),
        drawn_at: crate::views::time(info.drawn_at.as_deref().unwrap_or_default()),
        drawn_by: info.drawn_by.clone().unwrap_or_default(),
        applicants: pack.results.applicants.len(),
        placed: pack.results.placed(),
        fallback: if ids {
            pack.results.fallback.clone()
        } else {
            Vec::new()
        },
        fallback_count: pack.results.fallback.len(),
        ids,
        legacy: loaded.legacy(),
        rows: school_rows(pack, ids),
    };
    Ok(render(&page))
}

/// The audit pack, for anyone to verify (`junheng lottery verify`, tools/lottery_verify.py);
/// that of a lottery stored before version 2 for administrators only.
pub(crate) async fn pack(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (here, loaded) = load_public(&state, id).await?;
    if loaded.legacy() && !is_admin(viewer.as_ref(), &here) {
        // Not logged in: to the login page; another role or another district's admin: refused.
        Policy::Admin.admits(viewer.as_ref().map(|v| &v.user))?;
        return Err(AppError::Forbidden);
    }
    drawn(&loaded)?;
    let json = loaded.lottery.pack.expect("drawn");
    Ok(crate::views::download(
        "application/json",
        &format!("派位审计包-{id}.json"),
        json,
    ))
}
