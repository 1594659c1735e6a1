//! What a drawn lottery publishes: the printable notarial record and the audit pack (公示编号
//! only; for a lottery stored before version 2, counts for the public and the rest for
//! administrators).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_lottery::{AuditPack, ZoneMechanism, ZoneMode};

use super::{SchoolRow, WitnessRow, drawn, load_public, school_rows, sentence, witness_rows};
use crate::access::{MaybeViewer, Policy, Viewer};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::marks;
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
    /// Each zone and how it was drawn, as HTML (see [`mechanism`]).
    mechanisms: Vec<String>,
    witnesses: Vec<WitnessRow>,
    seed: String,
    results_digest: String,
    /// When (Beijing time) and by whom, as HTML.
    drawn: String,
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

/// The catalogue key of a zone mode's name.
fn mode_key(mode: ZoneMode) -> &'static str {
    match mode {
        ZoneMode::SingleSchool => "lottery-mode-single-school",
        ZoneMode::Sequential => "lottery-mode-sequential",
        ZoneMode::DeferredAcceptance => "lottery-mode-deferred-acceptance",
    }
}

/// A zone and how it was drawn, as HTML (the zone's name is data, marked):
/// `第一学区（Z1）：平行志愿（deferred_acceptance/1）`,
/// `第一学区 (Z1): Parallel choices (deferred_acceptance/1)`.
fn mechanism(lang: Lang, pack: &AuditPack, m: &ZoneMechanism) -> String {
    let mechanism = m.mechanism.as_str();
    let Some(zone) = pack.inputs.zones.iter().find(|z| z.id == m.zone) else {
        let said = crate::msg!(
            "lottery-zone-mechanism-unknown",
            code = &m.zone,
            mechanism = mechanism
        );
        return sentence(lang, said, &[]);
    };
    let mode = lang.t(mode_key(zone.mode));
    if zone.name.is_empty() {
        let said = crate::msg!(
            "lottery-zone-mechanism-code",
            code = &zone.id,
            mode = mode,
            mechanism = mechanism
        );
        return sentence(lang, said, &[]);
    }
    let said = crate::msg!(
        "lottery-zone-mechanism",
        code = &zone.id,
        mode = mode,
        mechanism = mechanism
    );
    sentence(lang, said, &[("zone", marks::zh(lang, &zone.name))])
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
    let drawn_at = crate::views::time(info.drawn_at.as_deref().unwrap_or_default());
    let drawn_by = info.drawn_by.as_deref().unwrap_or_default();
    let path = format!("/lottery/{id}/record");
    let page = RecordPage {
        layout: match &viewer {
            Some(v) => Layout::new("lottery-lottery-record", v),
            None => Layout::anonymous("lottery-lottery-record", lang, &path),
        },
        title: info.title.clone(),
        digest: pack.inputs_digest.clone(),
        algorithm: pack.algorithm.clone(),
        mechanisms: pack
            .mechanisms
            .iter()
            .map(|m| mechanism(lang, pack, m))
            .collect(),
        witnesses: witness_rows(lang, &pack.witnesses),
        seed: pack.seed.clone(),
        results_digest: pack.results_digest.clone(),
        drawn: sentence(
            lang,
            crate::msg!("lottery-drawn-at-by", time = drawn_at),
            &[("by", marks::zh(lang, drawn_by))],
        ),
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
        rows: school_rows(lang, pack, ids),
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
