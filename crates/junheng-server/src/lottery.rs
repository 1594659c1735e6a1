//! The lottery ceremony (随机派位): an administrator stores the frozen applicant list (from
//! `junheng lottery freeze`), the ceremony page shows its published digest full-screen, the
//! witnesses enter their values, the draw runs once and its audit pack is kept; a printable
//! notarial record; parents look up one 报名号. Everything works offline.

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_lottery::{AuditPack, Inputs, Witness, draw, freeze};
use junheng_store::Lottery;
use serde::Deserialize;

use crate::access::require_admin;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::views::{Layout, render};

/// The witnesses a ceremony asks for, in order.
const ROLES: [&str; 3] = ["人大代表", "公证员", "家长代表"];

pub(crate) struct Row {
    pub id: i64,
    pub title: String,
    pub digest: String,
    pub created_at: String,
    pub drawn: bool,
}

#[derive(Template)]
#[template(path = "lotteries.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    message: String,
}

async fn list_page(
    state: &AppState,
    viewer: &Viewer,
    message: String,
) -> Result<Response, AppError> {
    let rows = state
        .store
        .lotteries()
        .await?
        .into_iter()
        .map(|l| Row {
            id: l.id,
            title: l.title,
            digest: l.digest,
            created_at: l.created_at,
            drawn: l.drawn_at.is_some(),
        })
        .collect();
    Ok(render(&ListPage {
        layout: Layout::new("随机派位", viewer),
        rows,
        message,
    }))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    list_page(&state, &viewer, String::new()).await
}

/// Stores an uploaded frozen list (or any inputs JSON, which is frozen here).
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    multipart: Multipart,
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    let upload = crate::upload::read_checked(multipart, &viewer).await?;
    let Some((_, bytes)) = upload.file else {
        return list_page(
            &state,
            &viewer,
            "请选择 junheng lottery freeze 生成的名单文件（JSON）".into(),
        )
        .await;
    };
    let text = String::from_utf8_lossy(&bytes);
    let inputs = match Inputs::from_json(&text) {
        Ok(inputs) => inputs,
        Err(e) => return list_page(&state, &viewer, format!("名单文件无法读取：{e}")).await,
    };
    let frozen = match freeze(&inputs) {
        Ok(f) => f,
        Err(e) => return list_page(&state, &viewer, format!("名单有误：{e}")).await,
    };
    let title = if inputs.title.trim().is_empty() {
        "随机派位".to_owned()
    } else {
        inputs.title.clone()
    };
    let canonical =
        String::from_utf8(frozen.canonical).map_err(|e| AppError::Internal(e.to_string()))?;
    let id = state
        .store
        .create_lottery(&title, &canonical, &frozen.digest, None, &viewer.actor())
        .await?;
    Ok(Redirect::to(&format!("/lottery/{id}")).into_response())
}

async fn load(state: &AppState, id: i64) -> Result<(Lottery, Option<AuditPack>), AppError> {
    let lottery = state
        .store
        .lottery(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("没有编号为 {id} 的派位")))?;
    let pack = match &lottery.pack {
        Some(json) => {
            Some(AuditPack::from_json(json).map_err(|e| AppError::Internal(e.to_string()))?)
        }
        None => None,
    };
    Ok((lottery, pack))
}

pub(crate) struct SchoolRow {
    pub id: String,
    pub name: String,
    pub capacity: u32,
    pub admitted: Vec<String>,
    pub waitlist: usize,
}

fn school_rows(pack: &AuditPack) -> Vec<SchoolRow> {
    pack.results
        .schools
        .iter()
        .map(|s| SchoolRow {
            name: pack
                .inputs
                .schools
                .iter()
                .find(|x| x.id == s.id)
                .map_or(String::new(), |x| x.name.clone()),
            id: s.id.clone(),
            capacity: s.capacity,
            admitted: s.admitted.clone(),
            waitlist: s.waitlist.len(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "ceremony.html")]
struct CeremonyPage {
    layout: Layout,
    id: i64,
    title: String,
    digest: String,
    applicants: usize,
    schools: usize,
    roles: [&'static str; 3],
    drawn: bool,
    seed: String,
    results_digest: String,
    witnesses: Vec<Witness>,
    rows: Vec<SchoolRow>,
    fallback: usize,
    message: String,
}

async fn ceremony_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    message: String,
) -> Result<Response, AppError> {
    let (lottery, pack) = load(state, id).await?;
    let inputs =
        Inputs::from_json(&lottery.inputs).map_err(|e| AppError::Internal(e.to_string()))?;
    let page = CeremonyPage {
        layout: Layout::new(lottery.info.title.clone(), viewer),
        id,
        title: lottery.info.title.clone(),
        digest: lottery.info.digest.clone(),
        applicants: inputs.applicants.len(),
        schools: inputs.schools.len(),
        roles: ROLES,
        drawn: pack.is_some(),
        seed: pack.as_ref().map_or(String::new(), |p| p.seed.clone()),
        results_digest: pack
            .as_ref()
            .map_or(String::new(), |p| p.results_digest.clone()),
        witnesses: pack.as_ref().map_or(Vec::new(), |p| p.witnesses.clone()),
        fallback: pack.as_ref().map_or(0, |p| p.results.fallback.len()),
        rows: pack.as_ref().map_or(Vec::new(), school_rows),
        message,
    };
    Ok(render(&page))
}

pub(crate) async fn ceremony(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    ceremony_page(&state, &viewer, id, String::new()).await
}

#[derive(Deserialize)]
pub(crate) struct DrawForm {
    csrf: String,
    name0: String,
    value0: String,
    name1: String,
    value1: String,
    name2: String,
    value2: String,
}

/// Runs the draw with the witnesses' values, once.
pub(crate) async fn run(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<DrawForm>,
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    viewer.check_csrf(&form.csrf)?;
    let (lottery, pack) = load(&state, id).await?;
    if pack.is_some() {
        return Err(AppError::Conflict("该派位已经进行过，结果不能重抽".into()));
    }
    let witnesses: Vec<Witness> = [
        (&form.name0, &form.value0),
        (&form.name1, &form.value1),
        (&form.name2, &form.value2),
    ]
    .into_iter()
    .zip(ROLES)
    .map(|((name, value), role)| Witness {
        role: role.to_owned(),
        name: name.trim().to_owned(),
        value: value.clone(),
    })
    .collect();
    let inputs =
        Inputs::from_json(&lottery.inputs).map_err(|e| AppError::Internal(e.to_string()))?;
    let pack = match tokio::task::spawn_blocking(move || draw(&inputs, &witnesses))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    {
        Ok(pack) => pack,
        Err(e) => return ceremony_page(&state, &viewer, id, e.to_string()).await,
    };
    if pack.inputs_digest != lottery.info.digest {
        return Err(AppError::Internal("名单摘要与公布的不一致".into()));
    }
    state
        .store
        .record_draw(id, &pack.to_json_compact(), &viewer.actor())
        .await?;
    Ok(Redirect::to(&format!("/lottery/{id}")).into_response())
}

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
    rows: Vec<SchoolRow>,
}

/// The printable notarial record (公证记录) of a drawn lottery. Public: it is what is published.
pub(crate) async fn record(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (lottery, pack) = load(&state, id).await?;
    let Some(pack) = pack else {
        return Err(AppError::NotFound("该派位尚未进行".into()));
    };
    let page = RecordPage {
        layout: Layout::anonymous("派位记录", lang, &format!("/lottery/{id}/record")),
        title: lottery.info.title.clone(),
        digest: pack.inputs_digest.clone(),
        algorithm: pack.algorithm.clone(),
        mechanisms: pack
            .mechanisms
            .iter()
            .map(|m| format!("{}：{}", m.zone, m.mechanism))
            .collect(),
        witnesses: pack.witnesses.clone(),
        seed: pack.seed.clone(),
        results_digest: pack.results_digest.clone(),
        drawn_at: lottery.info.drawn_at.clone().unwrap_or_default(),
        drawn_by: lottery.info.drawn_by.clone().unwrap_or_default(),
        applicants: pack.results.applicants.len(),
        placed: pack.results.placed(),
        rows: school_rows(&pack),
    };
    Ok(render(&page))
}

/// The audit pack, for anyone to verify (`junheng lottery verify`, tools/lottery_verify.py).
pub(crate) async fn pack(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (lottery, _) = load(&state, id).await?;
    let json = lottery
        .pack
        .ok_or_else(|| AppError::NotFound("该派位尚未进行".into()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"lottery-{id}-pack.json\""),
            ),
        ],
        json,
    )
        .into_response())
}

#[derive(Deserialize)]
pub(crate) struct LookupQuery {
    applicant: Option<String>,
}

#[derive(Template)]
#[template(path = "lottery_lookup.html")]
struct LookupPage {
    layout: Layout,
    id: i64,
    title: String,
    applicant: String,
    asked: bool,
    found: bool,
    outcome: String,
}

/// A parent's lookup: one 报名号's outcome and nothing else.
pub(crate) async fn lookup(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<LookupQuery>,
) -> Result<Response, AppError> {
    let (lottery, pack) = load(&state, id).await?;
    let Some(pack) = pack else {
        return Err(AppError::NotFound("该派位尚未进行".into()));
    };
    let applicant = q
        .applicant
        .unwrap_or_default()
        .trim()
        .chars()
        .take(64)
        .collect::<String>();
    let result = pack.results.applicants.iter().find(|a| a.id == applicant);
    let outcome = match result {
        Some(a) => match &a.school {
            Some(school) => {
                let name = pack
                    .inputs
                    .schools
                    .iter()
                    .find(|s| &s.id == school)
                    .map_or("", |s| s.name.as_str());
                format!("录取：{name}（{school}），随机序号 {}", a.rank)
            }
            None => format!("未派中，转入公办兜底安排；随机序号 {}", a.rank),
        },
        None => String::new(),
    };
    let page = LookupPage {
        layout: Layout::anonymous("派位结果查询", lang, &format!("/lottery/{id}/lookup")),
        id,
        title: lottery.info.title.clone(),
        asked: !applicant.is_empty(),
        found: result.is_some(),
        applicant,
        outcome,
    };
    Ok(render(&page))
}
